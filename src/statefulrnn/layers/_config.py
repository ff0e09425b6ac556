"""Layer configs as Keras writes them: every constructor argument, defaults included, JSON-ready.

`Layer.get_config` and `Layer.from_config` are built on this. The arguments come from the
constructor calls `Layer` records (the class's own, then each ``super().__init__``), so no
layer repeats its arguments in a ``get_config`` of its own: an argument counts when the user
can give it to the class (the class's own parameters, and its parents' that its ``**kwargs``
pass on), with the value given or the default.

Values are written the way Keras writes them: an initializer, regularizer or constraint as
``{"module", "class_name", "config", "registered_name"}`` (initializer names too, as Keras 3
turns them into objects), a built-in activation function by its name, a dtype by its name, a
sublayer (an ``RNN``'s cell, the layer a wrapper wraps) as ``{"module": "keras.layers",
"class_name", "config", "registered_name"}``, tuples as lists. Anything else (a Python
function of the user's) is left as it is: a model file refuses it (see `statefulrnn.io`).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import numpy as np
import torch

from .. import activations, initializers
from ._seeds import quietly

# The arguments of Layer.__init__ that declare a first layer's input, written as one
# batch_input_shape (tf-keras's key) when the user gave any of them.
INPUT_DECLARATIONS = ("input_shape", "batch_input_shape", "batch_size", "input_dim", "input_length")
_LAYERS_MODULE = "keras.layers"
# Constructor arguments that are data, not configuration: Keras 2's ``weights=[arrays]``
# (initial weights, which travel with the weights, never in a config, as in Keras).
NOT_IN_CONFIG = ("weights",)


@functools.cache
def layer_classes() -> dict[str, type]:
    """Every public layer class of `statefulrnn.layers`, and the two models, by class name:
    the classes a config may name (imported here: the models import the layers)."""
    from .. import layers, models
    from .base import Layer

    classes = {name: getattr(layers, name) for name in layers.__all__}
    classes.update(Sequential=models.Sequential, Model=models.Model)
    return {name: cls for name, cls in classes.items() if isinstance(cls, type) and issubclass(cls, Layer)}


def constructor_arguments(layer: Any, library_only: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(arguments, base)``: the arguments the user can give ``type(layer)`` with their values
    (given or default), and the keyword arguments the user gave that reached `Layer` itself.
    With ``library_only``, the arguments of statefulrnn's classes alone, as the program's class
    handed them to the first of them (what that class's ``get_config`` holds)."""
    arguments: dict[str, Any] = {}
    from_user: set[str] | None = None  # names the user gave that the previous level passed on
    reachable = True  # whether a user could give this level's parameters at all
    passed: dict[str, Any] = {}
    calls = layer.__dict__.get("_init_calls", ())
    if library_only:
        calls = [call for call in calls if call[0].__module__.startswith("statefulrnn.")]
    # A class without an __init__ of its own records nothing: then only Layer's arguments count.
    for cls, args, kwargs in calls:
        signature = inspect.signature(cls.__dict__["__init__"])  # the recording wrapper's: the class's own
        bound = signature.bind(None, *args, **kwargs)
        variadic = None
        for name, parameter in list(signature.parameters.items())[1:]:
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                variadic = name
            elif parameter.kind is inspect.Parameter.VAR_POSITIONAL or name in arguments:
                continue
            elif name in bound.arguments:
                if from_user is None or name in from_user:
                    arguments[name] = bound.arguments[name]
            elif reachable:
                arguments[name] = parameter.default
        passed = bound.arguments.get(variadic, {}) if variadic else {}
        from_user = set(passed) if from_user is None else from_user & set(passed)
        reachable = reachable and variadic is not None
    base = {name: value for name, value in passed.items() if from_user is None or name in from_user}
    return arguments, base


def given_by_user(layer: Any, name: str) -> bool:
    """Whether the user's constructor call of ``layer`` (the outermost, recorded before its
    ``__init__`` runs) gave the argument ``name``, by position or by keyword: during
    ``__init__``, tells a default from the same value given.

    Example:
        >>> from statefulrnn.layers import Dense
        >>> given_by_user(Dense(2, activation=None, name="given_d"), "activation")
        True
    """
    calls = layer.__dict__.get("_init_calls")
    if not calls:
        return False
    cls, args, kwargs = calls[0]
    signature = inspect.signature(cls.__dict__["__init__"])
    bound = signature.bind(None, *args, **kwargs).arguments
    variadic = [p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
    return name in bound or any(name in bound.get(key, {}) for key in variadic)


def get_config(layer: Any) -> dict[str, Any]:
    """Keras's ``get_config``: name, trainable, dtype, every argument, and the declared
    ``batch_input_shape`` of a first layer."""
    from .base import Layer

    # A program's class that writes its own get_config reaches this through super().get_config():
    # Keras's base config then holds no argument of the program's classes (they are the
    # override's to add), only those of the Keras class it extends (a Dense's units).
    arguments, base = constructor_arguments(layer, library_only=overrides(type(layer), "get_config"))
    config: dict[str, Any] = {
        "name": layer.name,
        "trainable": bool(layer.trainable),
        # the policy's name: "mixed_float16" for a mixed layer, else its dtype's
        "dtype": layer.dtype if getattr(layer, "_mixed", None) is None else layer.dtype_policy.name,
    }
    for name, parameter in inspect.signature(Layer.__init__).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and name not in (*INPUT_DECLARATIONS, *config):
            config[name] = base.get(name, parameter.default)
    omitted = (*NOT_IN_CONFIG, *getattr(type(layer), "not_in_config", ()))
    config.update({name: value for name, value in arguments.items() if name not in omitted})
    if config.get("data_format", "") is None and isinstance(getattr(layer, "data_format", None), str):
        # Keras writes the layout None stood for (the image data format when the layer was made)
        config["data_format"] = layer.data_format
    declared = "_init_calls" not in layer.__dict__ or any(name in base for name in INPUT_DECLARATIONS)
    if declared and layer.batch_input_shape is not None:
        config["batch_input_shape"] = layer.batch_input_shape
    return {key: to_config_value(key, value) for key, value in config.items()}


def overrides(cls: type, method: str) -> bool:
    """Whether a program's class (not one of statefulrnn's) in ``cls``'s MRO defines ``method``:
    a Keras hook of the program's own (``get_config``, ``get_build_config``, ...).

    Example:
        >>> from statefulrnn.layers import Dense
        >>> class Kept(Dense):
        ...     def get_build_config(self):
        ...         return {"input_shape": [None, 2], "init": "ones"}
        >>> Kept.__module__ = "__main__"  # a program's class
        >>> overrides(Kept, "get_build_config"), overrides(Dense, "get_build_config")
        (True, False)
    """
    return any(
        method in vars(klass) for klass in cls.__mro__ if not klass.__module__.startswith("statefulrnn.")
    )


# The arguments whose None Keras writes as "linear" (activations.get(None)).
_ACTIVATIONS = frozenset({"activation", "recurrent_activation"})


def to_config_value(key: str, value: Any) -> Any:
    """``value`` as Keras writes it in a config (see the module notes)."""
    from .base import Layer

    if value is None and key in _ACTIVATIONS:  # Keras serializes the activation None stood for
        return "linear"
    if value is None or isinstance(value, (bool, int, float, str)):
        if isinstance(value, str) and key.endswith("_initializer"):
            with quietly():  # made only to be written: Keras takes no seed for it
                return initializers.serialize(initializers.get(value))
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [to_config_value(key, item) for item in value]
    if isinstance(value, dict):
        return {k: to_config_value(k, item) for k, item in value.items()}
    if isinstance(value, torch.dtype):
        return str(value).removeprefix("torch.")
    if isinstance(value, Layer):
        return serialize(value)
    if isinstance(value, initializers.Initializer) and type(value).__module__ == initializers.__name__:
        try:
            return initializers.serialize(value)
        except TypeError:  # an array given as the initializer: kept as it is
            return value
    if callable(getattr(value, "get_config", None)) and type(value).__module__.startswith("statefulrnn."):
        return {
            "module": "keras." + type(value).__module__.split(".")[1],
            "class_name": type(value).__name__,
            "config": value.get_config(),
            "registered_name": None,
        }
    if callable(value) and activations.name_of(value) is not None:
        return activations.name_of(value)
    return value


def serialize(layer: Any) -> dict[str, Any]:
    """A sublayer as Keras nests it in a config; a class of the user's own is named by its
    Python module, as Keras names it. As Keras 3's ``serialize_keras_object``, each object in
    the sublayer's config that has a ``get_config`` of its own (ncps's wiring, held by its cells)
    is written as a config too, so that two configs of equal sublayers compare equal (Keras
    then hands the dict, not the object, to the class's ``from_config``, and so does
    statefulrnn); anything else stays as it is.

    Example:
        >>> from statefulrnn.layers import Layer
        >>> class Plan:
        ...     def get_config(self):
        ...         return {"steps": 2}
        >>> class Planned(Layer):
        ...     def get_config(self):
        ...         return {**super().get_config(), "plan": Plan()}
        >>> serialize(Planned(name="planned"))["config"]["plan"]["config"]
        {'steps': 2}
    """
    cls = type(layer)
    own = layer_classes().get(cls.__name__) is cls
    return {
        "module": _LAYERS_MODULE if own else cls.__module__,
        "class_name": cls.__name__,
        "config": _objects_serialized(layer.get_config()),
        "registered_name": None if own else cls.__name__,
    }


def _objects_serialized(value: Any) -> Any:
    """``value`` (a sublayer's config, or a value in it) with each object that has a
    ``get_config`` (not a class, an array or a tensor) serialized as Keras 3 serializes it."""
    from .base import Layer

    if isinstance(value, dict):
        return {key: _objects_serialized(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(map(_objects_serialized, value))
    if isinstance(value, Layer):
        return serialize(value)
    if not isinstance(value, (type, np.ndarray, torch.Tensor)) and callable(
        getattr(value, "get_config", None)
    ):
        from ..saving import serialize_keras_object

        return serialize_keras_object(value)
    return value


def layer_class(reference: Any) -> type | None:
    """The class a nested layer dict names, or None when ``reference`` is not one.

    statefulrnn's own classes are found by name (``module`` absent or Keras's); a class of the
    user's own only among the classes already defined in this process (its module and name):
    nothing is imported, so a config never runs code (and model files refuse such classes).
    """
    if not (isinstance(reference, dict) and isinstance(reference.get("config"), dict)):
        return None
    name, module = reference.get("class_name"), reference.get("module", _LAYERS_MODULE)
    if module in (_LAYERS_MODULE, "keras.src.layers") or str(module).startswith("keras.layers"):
        return layer_classes().get(name)
    from .base import Layer

    found = [cls for cls in _subclasses(Layer) if cls.__module__ == module and cls.__name__ == name]
    return found[0] if found else None


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]


def from_config_value(value: Any) -> Any:
    """Nested layers back to layers; everything else as it is (initializers, regularizers and
    constraints read their dicts themselves)."""
    cls = layer_class(value)
    if cls is not None:
        return cls.from_config(value["config"])
    if isinstance(value, list):
        return [from_config_value(item) for item in value]
    return value


def from_config(cls: type, config: dict[str, Any], *args: Any) -> Any:
    """``cls(*args, **config)`` with nested layers rebuilt, Keras's ``from_config`` (``args``:
    what a class's ``from_config`` gives first, a `Wrapper`'s rebuilt layer).

    Raises:
        TypeError: ``config`` is not a dict with string keys, or holds an argument ``cls``
            does not take (named, with a suggestion).
    """
    if not isinstance(config, dict) or not all(isinstance(key, str) for key in config):
        raise TypeError(f"{cls.__name__}.from_config needs a dict of arguments. Received: {config!r}")
    arguments = {
        key: from_config_value(value)
        for key, value in config.items()
        if not (key in _KERAS_ONLY and value == _KERAS_ONLY[key])
    }
    dtype = arguments.get("dtype")
    if isinstance(dtype, dict) and dtype.get("class_name") == "DTypePolicy":
        arguments["dtype"] = dtype["config"]["name"]  # Keras 3 writes a dtype policy
    return cls(*args, **arguments)


# Keys Keras 3 writes for features statefulrnn does not have, with the value that means "not
# used": a Keras config holding them so is read; any other value is refused by the layer.
_KERAS_ONLY = {"quantization_config": None, "lora_rank": None, "lora_alpha": None}
