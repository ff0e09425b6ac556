"""Keras 3's ``keras.saving`` names: `load_model`, `save_model`, and the registration of a
program's own classes and functions, `register_keras_serializable` (with `get_registered_name`,
`get_registered_object`, `get_custom_objects` and `custom_object_scope`).

Registering keeps Keras programs that decorate their custom layers running unchanged, and lets
in-memory round trips find the class by its registered name. Model files never hold such a
class: saving a model with a user-written layer is refused (loading never imports code). A
loader reads the registry for one thing only: a Keras file's compile config that names a
program's own loss or metric function, which `statefulrnn.load_model` takes from the registry
(or its ``custom_objects``, or an open scope), as Keras does: the code is the program's own.

Example:
    >>> from statefulrnn.layers import Layer
    >>> @register_keras_serializable(package="demo")
    ... class Twice(Layer):
    ...     def forward(self, x):
    ...         return 2 * x
    >>> get_registered_name(Twice), get_registered_object("demo>Twice") is Twice
    ('demo>Twice', True)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._lazy import load_name

if TYPE_CHECKING:
    from .io.checkpoint import load_model

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    # `load_model`'s module (safetensors, the config readers) loads on first use: `utils`, which
    # programs import for `to_categorical`, imports this module.
    return load_name(globals(), {"load_model": "statefulrnn.io.checkpoint"}, name)


_REGISTERED: dict[str, Any] = {}
_NAMES: dict[Any, str] = {}


def register_keras_serializable(package: str = "Custom", name: str | None = None) -> Callable[[T], T]:
    """A decorator that registers a class or function under ``"<package>><name>"`` (default
    name: its own), as Keras's; it returns the object unchanged.

    Raises:
        ValueError: the package holds a ``>``, or the name is taken by another object.
    """
    if ">" in package:
        raise ValueError(f"Invalid package name: {package!r}. A package name cannot contain '>'.")

    def decorator(obj: T) -> T:
        registered = f"{package}>{name if name is not None else obj.__name__}"  # type: ignore[attr-defined]
        if _REGISTERED.get(registered, obj) is not obj:
            raise ValueError(f"{registered} has already been registered to {_REGISTERED[registered]}")
        _REGISTERED[registered] = obj
        _NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj: Any) -> str:
    """The name ``obj`` was registered under, else its own name."""
    return _NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(name: str, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The object under ``name`` in an open `custom_object_scope`, the registry (which
    `get_custom_objects` hands out), or ``custom_objects``, in Keras's order; else None."""
    for objects in (*reversed(_scopes.stack), _REGISTERED, custom_objects or {}):
        if name in objects:
            return objects[name]
    return None


def get_custom_objects() -> dict[str, Any]:
    """The registry itself, as Keras's global custom objects: what `register_keras_serializable`
    put there, and what a program adds (``get_custom_objects()["my_loss"] = my_loss``), which
    `statefulrnn.load_model` finds by name.

    Example:
        >>> get_custom_objects()["halved"] = lambda y_true, y_pred: (y_pred - y_true) / 2
        >>> get_registered_object("halved") is get_custom_objects().pop("halved")
        True
    """
    return _REGISTERED


class CustomObjectScope:
    """``with custom_object_scope({"my_loss": my_loss}):``: the objects found by name (as
    `get_registered_object` and `statefulrnn.load_model` look them up) inside the block, as
    Keras's; scopes nest, the innermost first; each thread has its own.

    Example:
        >>> with custom_object_scope({"halved": abs}):
        ...     get_registered_object("halved") is abs
        True
        >>> get_registered_object("halved") is None
        True
    """

    def __init__(self, *objects: dict[str, Any] | None) -> None:
        merged: dict[str, Any] = {}
        for given in objects:
            if given is not None and not isinstance(given, dict):
                raise TypeError(f"custom_object_scope takes dicts of names. Received: {type(given).__name__}")
            merged.update(given or {})
        self.custom_objects = merged

    def __enter__(self) -> CustomObjectScope:
        _scopes.stack = [*_scopes.stack, self.custom_objects]
        return self

    def __exit__(self, *exc_info: object) -> None:
        _scopes.stack = _scopes.stack[:-1]


custom_object_scope = CustomObjectScope  # Keras's two names for one class


class _Scopes(threading.local):
    def __init__(self) -> None:
        self.stack: list[dict[str, Any]] = []  # the open scopes' objects, innermost last


_scopes = _Scopes()


def save_model(model: Any, filepath: str | os.PathLike[str], **kwargs: Any) -> None:
    """``model.save(filepath, **kwargs)``: statefulrnn's model file (see `statefulrnn.io.checkpoint`)."""
    model.save(filepath, **kwargs)


def is_legacy_h5(path: str | os.PathLike[str]) -> bool:
    """Whether a name is one Keras gives its legacy HDF5 files: ``.h5`` or ``.hdf5``, as Keras
    3's ``save_model``, ``load_model`` and ``load_weights`` read it (``save_weights`` writes
    Keras 3's own file for a ``.weights.h5`` name)."""
    return os.fspath(path).endswith((".h5", ".hdf5"))


__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "is_legacy_h5",
    "load_model",
    "register_keras_serializable",
    "save_model",
]
