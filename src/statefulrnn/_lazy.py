"""Names a package loads on first use (PEP 562), so that importing it costs nothing up front.

Example:
    >>> namespace = {"__name__": "statefulrnn.io"}
    >>> load_name(namespace, {"save_weights": ".weights"}, "save_weights").__name__
    'save_weights'
    >>> "save_weights" in namespace  # kept: the next access is a plain global
    True
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from ._gc import allocating_for_good


def load_name(namespace: dict[str, Any], names: Mapping[str, str], name: str) -> Any:
    """``name`` from the module ``names[name]`` (relative to the package whose globals are
    ``namespace``), kept in ``namespace``.

    Raises:
        AttributeError: ``name`` is not one of ``names``.
    """
    if name not in names:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    with allocating_for_good():  # modules live as long as the process (see `_gc`)
        value = getattr(importlib.import_module(names[name], namespace["__name__"]), name)
    namespace[name] = value
    return value


class TensorFlowNameError(AttributeError):
    """A name of TensorFlow's own (``tf.zeros``, ``tf.shape``) asked of statefulrnn where a
    program's ``import tensorflow as tf`` became ``import statefulrnn as tf``: statefulrnn
    stands in for Keras, not TensorFlow. Its own class, so that where Keras would only run a
    program's TensorFlow code to get what Keras does anyway (a cell's zero initial states),
    statefulrnn can say so and go on."""


def load_submodule(namespace: dict[str, Any], name: str, absent: str = "") -> ModuleType:
    """The submodule ``name`` of the package whose globals are ``namespace``, imported on first
    use: Keras programs reach modules as attributes once ``keras`` is imported
    (``keras.utils.np_utils.to_categorical``, ``keras.layers.wrappers.Bidirectional``), which
    Python gives only for submodules already imported.

    Raises:
        AttributeError: no such submodule (``absent`` ends the message: why, where known).
    """
    package = namespace["__name__"]
    if name.isidentifier() and not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}"):
        with allocating_for_good():  # modules live as long as the process (see `_gc`)
            return importlib.import_module(f".{name}", package)
    raise AttributeError(f"module {package!r} has no attribute {name!r}{absent}")
