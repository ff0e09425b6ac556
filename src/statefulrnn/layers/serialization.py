"""Keras's ``keras.layers.serialize`` and ``deserialize``: a layer as Keras 3's JSON-ready dict
and back, as a program's own wrapper layer writes its sublayer into its ``get_config`` and
rebuilds it in ``from_config``. The dict is what Keras 3's files hold for the layer
(`statefulrnn.io.save_keras`); reading one builds statefulrnn's layer of that Keras class
(`statefulrnn.io.keras_config`), and never runs code.

Example:
    >>> from statefulrnn.layers import GRU
    >>> entry = serialize(GRU(3, return_sequences=True, name="g"))
    >>> entry["class_name"], entry["config"]["units"]
    ('GRU', 3)
    >>> twin = deserialize(entry)
    >>> type(twin).__name__, twin.name, twin.return_sequences
    ('GRU', 'g', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["deserialize", "serialize"]


def serialize(layer: Any) -> dict[str, Any]:
    """``layer`` as Keras 3 serializes it: ``{"module", "class_name", "config",
    "registered_name"}`` (and ``build_config`` once built).

    Raises:
        ValueError: a layer Keras has no counterpart of (a user's own, MinGRU, ...).
    """
    from ..io.keras_save import keras_entry  # io imports the layers

    return keras_entry(layer)


def deserialize(config: Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The layer of a serialized dict (`serialize`'s, or Keras's).

    Raises:
        ValueError: a class statefulrnn does not have, or one holding code (``Lambda``).
        TypeError: ``custom_objects``: statefulrnn rebuilds its own layers only.
    """
    if custom_objects:
        raise TypeError(
            "layers.deserialize: custom_objects cannot be used; statefulrnn rebuilds only its own layers "
            "(make a program's own layer in code)."
        )
    from ..io.keras_config import build_layer

    return build_layer(dict(config))
