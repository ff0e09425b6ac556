"""Model architectures as JSON-ready dicts, and back: what a model file stores besides arrays.

A layer is ``{"class_name": "GRU", "config": {...}, "build_config": {"input_shape": [...]},
"trainable": bool}`` (``build_config``, Keras 3's key, only for a built layer; files written
before it hold ``"build_input_shape": [...] | None`` there, read alike). Its config is
`Layer.get_config`'s (every argument, defaults included; a layer given as an argument, such as
an ``RNN``'s cell, nested as Keras nests it) and is read back by the class's ``from_config``.
Files written before configs held every argument hold only the arguments given, with nested
layers as ``{"__layer__": {...}}``; they load as before.
A ``Sequential``'s config (its ``get_config``) lists its layers as Keras 3's does: an
``InputLayer`` entry with the declared ``batch_shape`` first, and the model's
``build_input_shape`` (see `statefulrnn.models.sequential`); a functional ``Model``'s
(its ``get_config``) lists its layers, its inputs (indices into the layers) and its calls in
the order they run, each ``{"layer": index, "args": ..., "kwargs": ...}`` where a symbolic
tensor is ``{"__input__": i}`` (the model's i-th input) or ``{"__node__": [call index, output
index]}``.

Rebuilding never imports a module or runs code named in the data: class names are looked up
in `layer_classes` (statefulrnn's own layers and models). A layer class of the program's own (a
`Layer` subclass: a custom layer or cell, as Keras programs write them) is stored as Keras 3
stores one, ``{"class_name", "registered_name", "module", "config", ...}``, its config its
``get_config``'s, with what that holds (a layer, a regularizer...) in Keras 3's serialized
form, which its ``from_config`` gets back as it is, as in Keras; rebuilding finds the class
only among those the loading program hands over (`saving.custom_object_scope`,
``custom_objects`` of `load_model` and ``from_config``, the
`saving.register_keras_serializable` registry), by its registered name, then its class name,
and calls its ``from_config``, as Keras does; the ``module`` it names is never imported, and a
class found nowhere is refused by name. Shapes in a config (``batch_input_shape``,
``build_config``'s ``input_shape``, ...) must hold ints or None; and
`dry_build` builds a config on torch's meta device, so that a reader can compare the shapes it
implies with what a file stores before allocating anything.

Example:
    >>> from statefulrnn import GRU, Dense, Sequential
    >>> model = Sequential([GRU(3, batch_input_shape=(2, None, 1), name="g"), Dense(1, name="d")])
    >>> twin = deserialize_layer(serialize_layer(model))
    >>> [layer.name for layer in twin.layers], twin.count_params() == model.count_params()
    (['g', 'd'], True)
"""

from __future__ import annotations

import functools
import types
from typing import Any

import numpy as np
import torch

from .. import activations, saving
from ..layers._config import layer_classes
from ..layers.base import Layer
from ._cost import on_meta

_LAYER = "__layer__"
# What a file names as a function (a lambda, a def, a method, a builtin), not an object.
_FUNCTIONS = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, functools.partial)
# The classes whose configs hold layer entries (the models' get_config writes them JSON-ready).
MODEL_CLASSES = ("Sequential", "Model")


# ----- layers to dicts ----------------------------------------------------------------------


def serialize_layer(layer: Any) -> dict[str, Any]:
    """``layer`` (a statefulrnn layer or model, or a `Layer` subclass of the program's own) as a
    JSON-ready dict.

    Raises:
        ValueError: a module that is no `Layer` (a torch module), a program's layer whose
            ``get_config`` cannot describe it, or an argument a file cannot hold (a Python
            function): the message names the layer.
    """
    name = getattr(layer, "name", type(layer).__name__)
    own = layer_classes().get(type(layer).__name__) is type(layer)
    if not own:
        config = program_config(layer, name)
    elif type(layer).__name__ in MODEL_CLASSES:  # a model's config is JSON-ready already
        config = layer.get_config()
    else:
        config = {key: encode(value, name, key) for key, value in layer.get_config().items()}
        # What Keras keeps beside the config (a lookup's learnt vocabulary, among a .keras
        # file's assets), which statefulrnn's own files keep in it.
        learnt = getattr(layer, "learnt_config", None)
        config.update(learnt() if callable(learnt) else {})
    built = layer.built and layer.input_shape is not None
    build_config = layer.get_build_config() if built else None
    entry = {
        "class_name": type(layer).__name__,
        "config": config,
        "trainable": bool(layer.trainable),
    }
    if build_config:  # Keras 3's key and place: programs rewrite it to rebuild a layer for another shape
        entry["build_config"] = {key: encode(value, name, key) for key, value in build_config.items()}
    if not own:  # Keras 3's keys for a class of the program's own: found by name when loading
        entry.update(registered_name=saving.get_registered_name(type(layer)), module=type(layer).__module__)
    return entry


def program_config(layer: Any, name: str) -> dict[str, Any]:
    """The JSON-ready ``get_config`` of ``layer``, a class of the program's own.

    Raises:
        ValueError: not a `Layer` (a torch module: its class is code), or a ``get_config`` that
            cannot describe it, named.
    """
    where = f"{type(layer).__module__}.{type(layer).__qualname__}"
    if not isinstance(layer, Layer):
        raise ValueError(
            f"Layer '{name}' is a {where}, a torch module, which a model file cannot describe: only "
            f"statefulrnn's layers and Layer subclasses (with get_config) can be rebuilt from a file. "
            f"Save its weights with save_weights instead, and rebuild the model in code."
        )
    try:
        config = layer.get_config()
    except NotImplementedError as error:
        raise ValueError(
            f"Layer '{name}' ({where}) cannot be described in a model file: {error} Give the class a "
            f"get_config() returning its constructor's arguments, or save only the weights with save_weights."
        ) from None
    return {key: _keras_value(value, name, key) for key, value in config.items()}


def _keras_value(value: Any, layer: str, argument: str) -> Any:
    """``value``, from the ``get_config`` of a layer of the program's own, as Keras 3 writes it:
    what has a config (a layer, regularizer, initializer, constraint) as its ``{"module",
    "class_name", "config", "registered_name"}`` (`saving.serialize_keras_object`), which the
    class's ``from_config`` gets back as it is, to rebuild with ``keras.layers.deserialize`` or
    ``keras.regularizers.get``, as in Keras; the rest as `encode` writes it.

    Raises:
        ValueError: a value a file cannot hold, or an object whose config cannot be written, named.
    """
    if isinstance(value, (list, tuple)):
        return [_keras_value(item, layer, argument) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: _keras_value(item, layer, argument) for key, item in value.items()}
    if not callable(getattr(value, "get_config", None)):
        return encode(value, layer, argument)
    try:
        return saving.serialize_keras_object(value)
    except (NotImplementedError, TypeError, ValueError) as error:
        raise ValueError(
            f"Layer '{layer}': argument {argument}={value!r} cannot be written to a model file: {error}"
        ) from None


def encode(value: Any, layer: str, argument: str) -> Any:
    """``value``, an argument of ``layer``, as JSON-ready data.

    Raises:
        ValueError: a value a file cannot hold (a Python function), named.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [encode(item, layer, argument) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: encode(item, layer, argument) for key, item in value.items()}
    if isinstance(value, Layer):
        return {_LAYER: serialize_layer(value)}
    if isinstance(value, torch.dtype):
        return str(value).removeprefix("torch.")
    if callable(value) and activations.name_of(value) is not None:
        return activations.name_of(value)  # a built-in activation passed as a function
    if callable(value) and saving.named_custom_object(saving.get_registered_name(value)) is value:
        return saving.serialize_keras_object(value)  # found again by its registered name, as in Keras
    if isinstance(value, torch.nn.Module):  # a TorchModuleWrapper's module, say: its class is code
        what = f"a torch module ({type(value).__name__})"
        remedy = "Save the weights with save_weights and load them into the model built in code."
    elif isinstance(value, _FUNCTIONS):
        what = "a Python function that is not registered"
        remedy = (
            "Give it by name (e.g. activation='tanh'), register it with "
            "@statefulrnn.saving.register_keras_serializable(), or save only the weights with save_weights."
        )
    else:
        what = f"a {type(value).__name__}, which has no get_config()"
        remedy = "Give its class a get_config() (Keras's), or save only the weights with save_weights."
    raise ValueError(
        f"Layer '{layer}': argument {argument}={value!r} is {what}, which a model file cannot hold "
        f"(loading never runs code from a file). {remedy}"
    )


def _check_nested_layer(reference: dict[str, Any]) -> None:
    """A sublayer in a config (Keras's nesting, an RNN's cell say) must be a class a file can
    name: statefulrnn's own, or one of the program's own that the loading program hands over
    (`program_class`; its Python module is never imported)."""
    module, class_name = reference["module"], reference["class_name"]
    if class_name == "function" or (module.split(".")[0] == "keras" and module != "keras.layers"):
        return  # a function (found by its name alone), a dtype policy, initializer, regularizer...
    if module in ("keras.layers", "statefulrnn.layers") and class_name in layer_classes():
        return
    program_class(reference)


def program_class(entry: dict[str, Any]) -> type[Layer]:
    """The `Layer` class of the program's own that ``entry`` (a layer entry, or Keras's nested
    form) names: by its ``registered_name``, then its ``class_name``, among the classes an open
    `saving.custom_object_scope` (``custom_objects`` of a load), the registry or
    `saving.get_custom_objects` hold; never imported from the ``module`` it names.

    Raises:
        ValueError: found nowhere, or found but not a `Layer` class: named, with the way to
            hand it over.

    Example:
        >>> class Twice(Layer):
        ...     def call(self, x):
        ...         return 2 * x
        >>> entry = serialize_layer(Twice(name="double"))
        >>> with saving.custom_object_scope({"Twice": Twice}):
        ...     program_class(entry) is Twice
        True
    """
    class_name, registered = entry.get("class_name"), entry.get("registered_name")
    config = entry.get("config")
    label = f"Layer '{config.get('name', '?') if isinstance(config, dict) else '?'}'"
    found = None
    for name in dict.fromkeys(n for n in (registered, class_name) if isinstance(n, str)):
        found = saving.get_registered_object(name)
        if found is not None:
            break
    if found is None:
        raise ValueError(not_handed_over(label, entry))
    if not (isinstance(found, type) and issubclass(found, Layer)):
        raise ValueError(
            f"{label}: the object handed over for {class_name!r} is {found!r}, not a Layer class."
        )
    return found


def not_handed_over(label: str, entry: dict[str, Any]) -> str:
    """The message for ``entry`` (a serialized object of a class of the program's own, by
    ``label``) that the loading program did not hand over."""
    class_name = entry.get("class_name")
    return (
        f"{label} is a {class_name!r} (module {entry.get('module')!r}), a class of the program that "
        f"saved it, and none was handed over: pass it to the load (custom_objects={{{class_name!r}: "
        f"{class_name}}}), open statefulrnn.saving.custom_object_scope, or register it with "
        f"@statefulrnn.saving.register_keras_serializable(). A file never imports code."
    )


def program_classes(model: torch.nn.Module) -> dict[str, type]:
    """The layer classes of the program's own in ``model``, by registered name and class name:
    what a rebuild of its config in the same process needs handed over (`clone_model`).

    Example:
        >>> class Twice(Layer):
        ...     def call(self, x):
        ...         return 2 * x
        >>> program_classes(Twice())
        {'Twice': <class 'statefulrnn.io.config.Twice'>}
    """
    found: dict[str, type] = {}
    for module in model.modules():
        if is_program_layer(module):
            cls = type(module)
            found.update({saving.get_registered_name(cls): cls, cls.__name__: cls})
    return found


def is_program_layer(module: Any) -> bool:
    """Whether ``module`` is a `Layer` of a class of the program's own (not one of statefulrnn's
    classes, a subclass of one included)."""
    return isinstance(module, Layer) and layer_classes().get(type(module).__name__) is not type(module)


# ----- dicts to layers ----------------------------------------------------------------------


def deserialize_layer(entry: Any) -> Any:
    """A new layer (or model) from `serialize_layer`'s dict, built as the saved one was.

    Raises:
        ValueError: an unknown class name, a malformed entry, or arguments the class refuses
            (the message names the layer).
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise ValueError(f"a layer entry must be a dict with a 'class_name'; found {_short(entry)}")
    class_name = entry["class_name"]
    cls = program_class(entry) if "registered_name" in entry else layer_classes().get(class_name)
    if cls is None:
        raise ValueError(
            f"unknown layer class {class_name!r}: a model file may name only "
            f"{', '.join(sorted(layer_classes()))}"
        )
    config = entry.get("config")
    if not isinstance(config, dict):
        raise ValueError(f"the {class_name} entry has no config dict")
    label = f"{class_name} '{config.get('name', '?')}'"
    try:
        for key in _SHAPE_ARGUMENTS.intersection(config):
            _checkas_shape(config[key], key)
        if class_name not in MODEL_CLASSES or "registered_name" in entry:
            config = {key: decode(value) for key, value in config.items()}
        layer = cls.from_config(config)
        shape = built_shape(entry)
        if shape is not None and not layer.built:
            layer.build(as_shape(shape))
        if "trainable" in entry and bool(entry["trainable"]) != layer.trainable:
            layer.trainable = bool(entry["trainable"])
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
        if isinstance(error, _RebuildError):
            raise
        raise _RebuildError(f"{label} cannot be rebuilt: {error}") from None
    return layer


def built_shape(entry: dict[str, Any]) -> Any:
    """The input shape a layer entry was built for: Keras 3's ``build_config``'s
    ``input_shape``, or the ``build_input_shape`` of files written before it; None if unbuilt.

    Example:
        >>> built_shape({"class_name": "Dense", "config": {}, "build_config": {"input_shape": [None, 3]}})
        [None, 3]
    """
    build_config = entry.get("build_config")
    if build_config is None:
        return entry.get("build_input_shape")
    if not isinstance(build_config, dict):
        raise ValueError(f"build_config must be a dict. Received: {_short(build_config)}")
    return build_config.get("input_shape")


class _RebuildError(ValueError):
    """A rebuild error already naming its layer (so outer layers do not wrap it again)."""


def decode(value: Any) -> Any:
    """`encode`'s data back: nested layers rebuilt, the rest as it is."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {_LAYER}:
            return deserialize_layer(value[_LAYER])
        if isinstance(value.get("module"), str) and "class_name" in value:
            _check_nested_layer(value)  # a file names only statefulrnn's own classes
        return {key: decode(item) for key, item in value.items()}
    return value


def dry_build(entry: Any) -> Any:
    """The layer `deserialize_layer` makes of ``entry``, built on torch's meta device: its weights
    and states have their shapes but take no memory. The automatic names it takes are given back,
    so that the real build that follows names its layers as a single build would.

    Raises:
        ValueError: as `deserialize_layer`.

    Example:
        >>> built = {"input_shape": [None, 10**6]}
        >>> entry = {"class_name": "Dense", "config": {"units": 10**6}, "build_config": built}
        >>> dry_build(entry).kernel.shape  # 4 TB in float32, were it allocated
        torch.Size([1000000, 1000000])
    """
    return on_meta(lambda: deserialize_layer(entry))


# Config entries holding a shape (a list of sizes, or of such lists) or one size.
_SHAPE_ARGUMENTS = frozenset(
    {
        "batch_input_shape",
        "input_shape",
        "build_input_shape",
        "batch_shape",
        "batch_size",
        "input_dim",
        "input_length",
    }
)


def _checkas_shape(value: Any, what: str) -> None:
    """Sizes in a shape are ints >= 0 or None (JSON's 3e8 is a float, ``true`` a bool: both
    refused, where torch would fail on them deep inside a build or allocate them)."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _checkas_shape(item, what)
    elif value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{what} must hold sizes that are ints or None. Received: {_short(value)}")
    elif value is not None and value < 0:
        raise ValueError(f"{what} must hold sizes >= 0. Received: {value}")


def as_shape(value: Any) -> Any:
    """JSON lists back to the tuples (or lists of tuples) that shapes are."""
    _checkas_shape(value, "a shape")
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"a shape must be a list of sizes. Received: {_short(value)}")
    if value and isinstance(value[0], (list, tuple)):
        return [tuple(item) for item in value]
    return tuple(value)


def refuse_extra(config: dict[str, Any], known: set[str], owner: str) -> None:
    """TypeError naming the first key of ``config`` that ``owner`` does not take."""
    extra = sorted(set(config) - known)
    if extra:
        raise TypeError(f"{owner} got an unknown argument {extra[0]}=...")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
