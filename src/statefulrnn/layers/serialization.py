"""Keras's ``keras.layers.serialize`` and ``deserialize``: a layer as Keras 3's JSON-ready dict
and back, as a program's own wrapper layer writes its sublayer into its ``get_config`` and
rebuilds it in ``from_config``. The dict is what Keras 3's files hold for the layer
(`statefulrnn.io.save_keras`); reading one builds statefulrnn's layer of that Keras class
(`statefulrnn.io.keras_config`), or the program's own class handed over by name, and never
runs code from the dict.

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
    """The layer of a serialized dict (`serialize`'s, or Keras's). A class of the program's own
    is found by name in ``custom_objects``, an open `statefulrnn.saving.custom_object_scope` or
    the registry (before statefulrnn's own classes, as Keras looks), and made by its
    ``from_config``.

    Raises:
        ValueError: a class found nowhere, or one holding code (``Lambda``).
        TypeError: ``custom_objects`` not a dict of names.
    """
    from .. import saving
    from ..io.keras_config import build_layer

    if custom_objects is not None and not isinstance(custom_objects, Mapping):
        raise TypeError(f"custom_objects must be a dict of names. Received: {type(custom_objects).__name__}")
    with saving.custom_object_scope(dict(custom_objects or {})):
        return build_layer(dict(config))
