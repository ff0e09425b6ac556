"""Keras 3's ``keras.saving`` names: `load_model`, `save_model`, the registration of a
program's own classes and functions, `register_keras_serializable` (with `get_registered_name`,
`get_registered_object`, `get_custom_objects` and `custom_object_scope`), and
`serialize_keras_object` / `deserialize_keras_object`, which a program's ``get_config`` and
``from_config`` call for what their layer holds.

Registering keeps Keras programs that decorate their custom layers running unchanged, and lets
round trips find the class by its registered name. A model file names a program's own layer
class and holds its config; `statefulrnn.load_model` rebuilds it with the ``from_config`` of
the class found here (or in its ``custom_objects``, or an open scope), as Keras does, and so
finds a program's own loss or metric function that a Keras file's compile config names: the
code is the program's own, and the module a file names is never imported (see
`statefulrnn.io.config`).

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

import inspect
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

    A name registered again goes to the newer object, as in Keras 3 and tf-keras 2 (a script
    run twice in one process, or two programs that each define their own ``TCN``).

    Raises:
        ValueError: the package holds a ``>``, or a class has no ``get_config``.
    """
    if ">" in package:
        raise ValueError(f"Invalid package name: {package!r}. A package name cannot contain '>'.")

    def decorator(obj: T) -> T:
        registered = f"{package}>{name if name is not None else obj.__name__}"  # type: ignore[attr-defined]
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
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


def named_custom_object(identifier: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The object of the program's own (an open scope, the registry, ``custom_objects`` of a
    load) that ``identifier`` names, else None: Keras looks there before its own modules, so a
    program's ``Attention`` or ``"l2"`` wins over the built-in of that name.

    ``identifier`` is a name or a serialized ``{"class_name", "config", ...}`` dict, whose
    name is its ``registered_name`` (Keras 3's; null for Keras's own classes, which nothing
    replaces), else its ``class_name`` (Keras 2 writes no ``registered_name``), and a
    function's (``"class_name": "function"``, or a bare name) the name in its ``config``: its
    registered name (``"package>name"``), then the name after the ``>`` (a program handing the
    function over in ``custom_objects`` without registering it).

    Example:
        >>> with custom_object_scope({"Attention": dict}):
        ...     named_custom_object({"class_name": "Attention", "config": {}}) is dict
        True
    """
    if isinstance(identifier, Mapping) and identifier.get("class_name") != "function":
        name = identifier.get("registered_name", identifier.get("class_name"))
        return get_registered_object(name, custom_objects) if isinstance(name, str) else None
    if isinstance(identifier, Mapping):
        identifier = identifier.get("config")
    if not isinstance(identifier, str):
        return None
    for name in dict.fromkeys((identifier, identifier.rpartition(">")[2])):
        found = get_registered_object(name, custom_objects)
        if found is not None:
            return found
    return None


def make_custom_object(identifier: Any) -> Any:
    """`named_custom_object`'s object as an argument takes it: a class made (by its
    ``from_config`` from a dict's ``config``, else with its defaults), a function as it is;
    None where the program has none of that name."""
    found = named_custom_object(identifier)
    if not isinstance(found, type):
        return found
    if isinstance(identifier, Mapping) and identifier.get("class_name") != "function":
        return found.from_config(dict(identifier.get("config") or {}))
    return found()


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


def serialize_keras_object(obj: Any) -> Any:
    """Keras 3's ``serialize_keras_object``: ``obj`` as JSON-ready data, in Keras's forms, for a
    program's own ``get_config`` (a layer holding a sublayer, an initializer, a function...):
    numbers, strings and None as they are; lists, tuples and dicts of them item by item; an
    array as ``{"class_name": "__numpy__", ...}``; a function by its (registered) name; a layer,
    initializer, regularizer, constraint, loss, metric or optimizer as Keras's ``{"module",
    "class_name", "config", "registered_name"}``, a program's registered class by its
    registered name. `deserialize_keras_object` gives the object back.

    Raises:
        TypeError: an object with no config to describe it.

    Example:
        >>> from statefulrnn import initializers
        >>> serialize_keras_object({"init": initializers.Ones(), "sizes": (2, 3)})["sizes"]
        [2, 3]
        >>> deserialize_keras_object(serialize_keras_object(initializers.Ones()))
        Ones()
    """
    import numpy as np
    import torch

    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return obj.item()
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, (np.ndarray, torch.Tensor)):
        array = obj.detach().cpu().numpy() if isinstance(obj, torch.Tensor) else obj
        return {"class_name": "__numpy__", "config": {"value": array.tolist(), "dtype": str(array.dtype)}}
    if not hasattr(obj, "get_config") and callable(obj):
        name = _NAMES.get(obj, getattr(obj, "__name__", None))
        if name is None or name == "<lambda>":  # no name to find it by again (Keras pickles its code)
            raise TypeError(
                f"Cannot serialize {obj!r}: a callable without a name (a lambda? define and register a "
                "function)."
            )
        return {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r} ({type(obj).__name__}): it has no get_config().")
    registered = _NAMES.get(type(obj))
    module = None if registered is not None else _KERAS_MODULES.get(type(obj).__module__.rsplit(".", 1)[0])
    module = module or _KERAS_MODULES.get(type(obj).__module__)
    if registered is None and module is None:  # a program's own class, unregistered: Keras names
        module, registered = type(obj).__module__, type(obj).__name__  # it by its module and name
    if registered is None and module == "keras.layers":
        from .layers import serialize

        try:
            return serialize(obj)
        except ValueError:  # one of ours that Keras lacks (MinGRU...): named as statefulrnn's
            module = "statefulrnn.layers"
    config = serialize_keras_object(obj.get_config())
    return {
        "module": module,
        "class_name": type(obj).__name__,
        "config": config,
        "registered_name": registered,
    }


def serialize_setting(obj: Any) -> dict[str, Any] | None:
    """What Keras's ``regularizers.serialize``, ``constraints.serialize``,
    ``initializers.serialize``, ``losses.serialize`` and ``metrics.serialize`` give: None for
    None (a layer's unset regularizer, as a program's ``get_config`` passes it), else
    `serialize_keras_object`'s ``{"module", "class_name", "config", "registered_name"}`` (a
    function by its name), the program's own classes included.

    Example:
        >>> from statefulrnn import regularizers
        >>> serialize_setting(regularizers.L2(0.5))["config"], serialize_setting(None)
        ({'l2': 0.5}, None)
    """
    return None if obj is None else serialize_keras_object(obj)


def deserialize_setting(get: Callable[[Any], T], config: Any, custom_objects: Mapping[str, Any] | None) -> T:
    """What Keras's ``<module>.deserialize(config, custom_objects)`` gives: the module's ``get``
    of ``config`` (a serialized dict or a name), with ``custom_objects`` found first.

    Example:
        >>> from statefulrnn import constraints
        >>> deserialize_setting(constraints.get, {"class_name": "NonNeg", "config": {}}, None)
        NonNeg()
    """
    with custom_object_scope(custom_objects):
        return get(config)


def deserialize_keras_object(
    config: Any, custom_objects: Mapping[str, Any] | None = None, safe_mode: bool = True, **kwargs: Any
) -> Any:
    """Keras 3's ``deserialize_keras_object``: the object `serialize_keras_object` (or Keras)
    described. A class or function is found, in Keras's order, in ``custom_objects``, an open
    `custom_object_scope`, the registry (`register_keras_serializable`), then statefulrnn's own
    layers, initializers, regularizers, constraints, losses, metrics, optimizers and
    activations; a class is made by its ``from_config``. ``safe_mode`` is accepted (nothing
    here runs code from data).

    Raises:
        ValueError: a class or function found nowhere, named.
    """
    import numpy as np

    if config is None or isinstance(config, (bool, int, float, str)):
        return config
    if isinstance(config, list):
        return [deserialize_keras_object(item, custom_objects) for item in config]
    if not isinstance(config, dict):
        raise TypeError(f"Cannot deserialize {config!r}: expected a dict, a list or a plain value.")
    if "class_name" not in config:
        return {key: deserialize_keras_object(value, custom_objects) for key, value in config.items()}
    class_name, inner = config["class_name"], config.get("config")
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__tuple__":
        return tuple(deserialize_keras_object(item, custom_objects) for item in inner["value"])
    if class_name == "function":
        found = get_registered_object(inner, custom_objects) or own_function(inner)
        if found is None:
            raise ValueError(
                f"Could not find the function {inner!r}: pass it in custom_objects or register it."
            )
        return found
    registered = config.get("registered_name")
    cls = None
    for name in dict.fromkeys(n for n in (registered, class_name) if isinstance(n, str)):
        cls = get_registered_object(name, custom_objects)
        if cls is not None:
            break
    if cls is not None:
        return cls.from_config(
            deserialize_keras_object(inner, custom_objects) if isinstance(inner, dict) else inner
        )
    return _own_object(config)


# Where statefulrnn's classes live, by the Keras module a serialized object names.
_KERAS_MODULES = {
    "statefulrnn.layers": "keras.layers",
    "statefulrnn.initializers": "keras.initializers",
    "statefulrnn.regularizers": "keras.regularizers",
    "statefulrnn.constraints": "keras.constraints",
    "statefulrnn.losses": "keras.losses",
    "statefulrnn.metric_classes": "keras.metrics",
    "statefulrnn.confusion_metrics": "keras.metrics",
    "statefulrnn.iou_metrics": "keras.metrics",
    "statefulrnn.optimizers": "keras.optimizers",
}


def _own_object(config: dict[str, Any]) -> Any:
    """A statefulrnn object of a Keras module's serialized form.

    Raises:
        ValueError: a module or class statefulrnn does not have.
    """
    from . import constraints, initializers, layers, optimizers, regularizers

    module, class_name = config.get("module"), config["class_name"]
    readers = {
        "keras.layers": layers.deserialize,
        "keras.initializers": initializers.get,
        "keras.regularizers": regularizers.get,
        "keras.constraints": constraints.get,
        "keras.optimizers": optimizers.get,
    }
    if module in readers:
        return readers[module](config)
    if module == "statefulrnn.layers":
        from .layers._config import layer_classes

        own = layer_classes().get(class_name)
        if own is not None:
            return own.from_config(config.get("config") or {})
    made = keras_loss_or_metric(config)
    if made is not None:
        return made
    raise ValueError(
        f"Could not deserialize {class_name!r} (module {module!r}): not a class statefulrnn has, and not "
        f"in custom_objects or the registry (register_keras_serializable)."
    )


def keras_loss_or_metric(config: dict[str, Any]) -> Any:
    """A loss or metric object as Keras serializes it (``{"module": "keras.losses",
    "class_name": "Huber", "config": {...}}``) made again, when statefulrnn has its class; else
    None.

    Raises:
        TypeError: a config the class does not take.
    """
    from . import losses, metrics

    table = {"keras.losses": losses, "keras.metrics": metrics}.get(config.get("module"))
    name = str(config.get("class_name"))
    cls = getattr(table, name, None) if table is not None and not name.startswith("_") else None
    options = config.get("config") or {}
    # Only statefulrnn's own public classes: a file names what is made, so nothing else that
    # those modules happen to import (a torch class, say) may be constructed from it.
    ours = isinstance(cls, type) and cls.__module__.startswith("statefulrnn.")
    if not ours or not isinstance(options, dict):
        return None
    return cls(**options)


def own_function(name: str) -> Any:
    """An activation, loss or metric function of statefulrnn's by its Keras name, else None."""
    from . import activations, losses, metrics

    for module in (activations, losses, metrics):
        found = getattr(module, name, None)
        if callable(found):
            return found
    return None


def is_legacy_h5(path: str | os.PathLike[str]) -> bool:
    """Whether a name is one Keras gives its legacy HDF5 files: ``.h5`` or ``.hdf5``, as Keras
    3's ``save_model``, ``load_model`` and ``load_weights`` read it (``save_weights`` writes
    Keras 3's own file for a ``.weights.h5`` name)."""
    return os.fspath(path).endswith((".h5", ".hdf5"))


__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "deserialize_setting",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "is_legacy_h5",
    "load_model",
    "register_keras_serializable",
    "save_model",
    "serialize_keras_object",
    "serialize_setting",
]
