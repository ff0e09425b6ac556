"""Keras 3's ``keras.saving`` names: `load_model`, `save_model`, and the registration of a
program's own classes, `register_keras_serializable` (with `get_registered_name` and
`get_registered_object`).

Registering keeps Keras programs that decorate their custom layers running unchanged, and lets
in-memory round trips find the class by its registered name. Model files never hold such a
class: saving a model with a user-written layer is refused (loading never imports code), so the
registry is never read by a loader.

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
from collections.abc import Callable
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


def get_registered_object(name: str, custom_objects: dict[str, Any] | None = None) -> Any:
    """The object registered (or given in ``custom_objects``) under ``name``, else None."""
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    return _REGISTERED.get(name)


def save_model(model: Any, filepath: str | os.PathLike[str], **kwargs: Any) -> None:
    """``model.save(filepath, **kwargs)``: statefulrnn's model file (see `statefulrnn.io.checkpoint`)."""
    model.save(filepath, **kwargs)


__all__ = [
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "register_keras_serializable",
    "save_model",
]
