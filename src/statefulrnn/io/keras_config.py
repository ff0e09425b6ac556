"""Keras model configs (the JSON inside a Keras file) -> statefulrnn layers and models.

Shared by the Keras 2 HDF5 reader (`keras_h5`) and the Keras 3 archive reader
(`keras_archive`). The config is plain JSON and is only ever *read*: a class name picks one
of statefulrnn's own classes from a fixed table, and nothing from the file is imported,
evaluated or unmarshalled (a ``Lambda`` layer's stored bytecode is only compared, as text, with
the loading program's own functions: `statefulrnn.layers.lambda_code`).

Which classes: every public layer of `statefulrnn.layers` that Keras has under the same name
(recurrent layers and cells, ``StackedRNNCells``, ``Bidirectional``, ``TimeDistributed``,
``Dense``, ``Dropout``, ``Embedding``, ``Masking``, ``Conv1D``/``2D``/``3D`` and their transposes,
``DepthwiseConv1D``/``2D``, ``SeparableConv1D``/``2D``,
``ConvLSTM1D``/``2D``/``3D``, the 1D/2D/3D pooling layers, ``LayerNormalization``,
``BatchNormalization``, the merge layers,
``Dot``, ``RepeatVector``, ``Flatten``, ``Reshape``, ``Activation``); they take Keras's
arguments under Keras's names, so each option in the config goes to the argument of that
name. Wrapped layers and cells are built from their own entries. The functional graph is
rebuilt with several inputs and outputs, merge layers (several inbound tensors),
``initial_state=`` wiring and shared layers.

What is kept: every option the class takes, regularizers and constraints included (Keras's
``{"class_name", "config"}`` objects or names), initializers statefulrnn knows (another is
dropped: the file supplies every weight). Keras 3 records a mask it propagated (from
``Masking`` or ``Embedding(mask_zero=True)``) as operation nodes (``NotEqual``, ``Any``) feeding
the next layer's ``mask=``: those are skipped, as statefulrnn's models propagate the same mask.

What is ignored when the class does not take it: ``trainable``, ``unroll``,
``implementation``, ``use_cudnn``, ``seed``, null options; a regularizer or constraint (with a
warning: it acts only while training). Keras 3's ``build_config``/``compile_config``/
``shared_object_id`` are never read (but a subclassed model's ``build_config``, below).

A layer of the program's own class (Keras 3 writes a ``registered_name`` for one, Keras 2 only
its class name) is made by that class's ``from_config`` where the loading program hands the
class over (``custom_objects``, a scope or the registry: `statefulrnn.io.config.program_class`),
as Keras loads it; the ``module`` it names is never imported. A model of the program's own class
(a subclassed model) is made so too, then built from its ``build_config``. As in Keras, the program's objects
are looked up first: a Keras 2 class name, a regularizer, constraint, initializer or activation
the loading program hands over under that name is the program's, even where Keras has one of
that name (Keras 3 names its own classes with a null ``registered_name``: never replaced).

What is refused (`ValueError` naming the layer and the feature): any Keras class we do not
have (``AdaptiveAveragePooling2D``, a nested model, ...), a ``Lambda`` whose function the
loading program does not have, a program's class not
handed over, a custom ``registered_name`` or non-Keras ``module`` for regularizers and
constraints, ``time_major=True``,
ragged/sparse inputs, dtype policies other than float32, float64 and the mixed ones, initial ``weights`` in a
config, an option we do not know with a non-null value (``lora_rank``, ...),
a value the layer itself refuses, a ``mask=`` that comes from a layer or an input, and a Keras
operation node whose output is used as data.

The JSON text is untrusted: `parse_config` refuses a config over `MAX_CONFIG_BYTES` or nested
deeper than `MAX_CONFIG_DEPTH` (Keras writes about 10 levels), and a config whose structure is
not what Keras writes (a missing key, a list where an object belongs) is a one-line
``ValueError``, never a ``KeyError``, ``TypeError`` or ``RecursionError`` from deep inside.
"""

from __future__ import annotations

import functools
import inspect
import json
import warnings
from collections.abc import Callable
from typing import Any

from .. import activations, constraints, initializers, layers, models, regularizers, saving
from ..graph import flatten_sorted
from ..layers import lambda_code
from ..layers._config import layer_classes, overrides
from ..layers.core import is_bool_dtype, is_integer_dtype
from ..layers.operations import KERAS_MODULE as OPERATIONS_MODULE
from ..layers.operations import OPERATORS
from ..ops.keras_classes import KERAS_CLASSES as KERAS_OP_CLASSES
from ..ops.symbolic import record_call, signature_of
from .config import not_handed_over, program_class

__all__ = [
    "MAX_CONFIG_BYTES",
    "MAX_CONFIG_DEPTH",
    "KerasImportWarning",
    "build_layer",
    "build_model",
    "layer_entries",
    "names_program_model",
    "parse_config",
    "stacked_cells",
    "weighted_entries",
]

Config = dict[str, Any]

# Keras writes 1-2 KB of config per layer and nests about 10 levels deep. Parsing costs up to
# about 20 times the text's size (``[{},{},...]``), so the cap bounds that cost too.
MAX_CONFIG_BYTES = 4 * 2**20
MAX_CONFIG_DEPTH = 100

# Keys a Keras config may hold that change nothing at inference when the statefulrnn class
# does not take them itself (the file supplies the weights; the rest are speed settings).
_IGNORED = {
    "trainable",
    "unroll",
    "implementation",
    "use_cudnn",
    "seed",
    "time_major",  # checked separately: only False is accepted
}
# Training-only extras (``kernel_regularizer``, ``gamma_constraint``, ...): kept where the class
# takes them; otherwise dropped with a warning when not null (they cannot change outputs).
_TRAINING_ONLY = ("_regularizer", "_constraint")
# Arguments that hold sublayers, built from their own serialized entries.
_SUBLAYERS = ("layer", "backward_layer", "cell", "cells", "layers")  # "layers": a Pipeline's
# Public statefulrnn classes that are no layer a Keras file holds as such.
# (Operation: Keras files name each operation by its own class, see `_operation`)
_NOT_KERAS_LAYERS = {"Layer", "RecurrentCell", "InputLayer", "Sequential", "Model", "Operation"}
_MODEL_CLASSES = {"Sequential", "Functional", "Model"}


class KerasImportWarning(UserWarning):
    """A Keras setting was dropped on import that matters only when training with Keras."""


def parse_config(text: bytes | str, where: str) -> Config:
    """The JSON object in ``text`` (a Keras model config), refusing what Keras never writes.

    ``where`` names the text in messages (``"m.keras: config.json"``).

    Example:
        >>> parse_config('{"class_name": "Sequential"}', "config.json")
        {'class_name': 'Sequential'}
        >>> parse_config("[" * 100_000 + "]" * 100_000, "config.json")
        Traceback (most recent call last):
        ...
        ValueError: config.json is nested deeper than 100 levels; a Keras config nests about 10.
    """
    if len(text) > MAX_CONFIG_BYTES:
        raise ValueError(
            f"{where} is {len(text)} bytes; a Keras config over {MAX_CONFIG_BYTES} bytes is refused."
        )
    too_deep = f"{where} is nested deeper than {MAX_CONFIG_DEPTH} levels; a Keras config nests about 10."
    try:
        config = json.loads(text)
    except RecursionError:  # json's own recursion ran out: deeper than the limit we allow
        raise ValueError(too_deep) from None
    except ValueError as error:  # bad JSON or UTF-8, or an integer with too many digits
        raise ValueError(f"{where} is not valid JSON ({error}).") from None
    if not _shallow(config):
        raise ValueError(too_deep)
    if not isinstance(config, dict):
        raise ValueError(f"{where} is not a JSON object. Received: a {type(config).__name__}")
    return config


def _shallow(value: Any) -> bool:
    """Whether ``value`` nests at most `MAX_CONFIG_DEPTH` levels (walked without recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_CONFIG_DEPTH:
                    return False
                pending.append((child, depth + 1))
    return True


def _refuse(where: str, feature: str) -> ValueError:
    return ValueError(
        f"Cannot import {where} from the Keras file: {feature} is not supported by statefulrnn."
    )


def check_class(entry: Any, where: str) -> tuple[str, Config]:
    """``(class_name, config)`` of a serialized Keras object, refusing anything custom.

    Keras 2 writes ``{"class_name", "config"}``; Keras 3 adds ``"module"`` and
    ``"registered_name"``, which is null for Keras's own classes and names the registered
    class (e.g. ``"MyPackage>MyLayer"``) for a custom one.
    """
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        raise ValueError(f"Malformed Keras config for {where}: expected a {{'class_name', 'config'}} object.")
    name = entry["class_name"]
    registered = entry.get("registered_name")
    if registered not in (None, name):
        raise _refuse(f"{where} ({name})", f"the custom registered class {registered!r}")
    module = entry.get("module")
    if module is not None and not _is_keras_module(str(module)):
        raise _refuse(f"{where} ({name})", f"a class from module {module!r}")
    config = entry.get("config") or {}
    if not isinstance(config, dict):
        raise ValueError(f"Malformed Keras config for {where} ({name}): 'config' is not an object.")
    return name, config


def _dtype(value: Any, where: str) -> str | None:
    """A Keras 2 dtype string, a Keras 3 ``DTypePolicy`` or tf-keras's ``Policy`` ->
    ``"float32"``/``"float64"``, or the mixed policy ``"mixed_float16"``/``"mixed_bfloat16"``."""
    if value is None:
        return None
    if isinstance(value, dict):  # Keras 3: {"class_name": "DTypePolicy", "config": {"name": ...}}
        value = (value.get("config") or {}).get("name")
    if value in ("float32", "float64", "mixed_float16", "mixed_bfloat16"):
        return value
    raise _refuse(where, f"the dtype policy {value!r}")


def use_keras2_activations(config: Any) -> None:
    """Rename, in place, every ``"hard_sigmoid"`` activation of a config written by Keras 2 or
    tf-keras to ours of Keras 2 (``"hard_sigmoid_keras2"``: Keras 3 changed the slope); the
    config's nesting is bounded by `parse_config`."""
    if isinstance(config, list):
        for item in config:
            use_keras2_activations(item)
    elif isinstance(config, dict):
        for key, value in config.items():
            if key in ("activation", "recurrent_activation") and value == "hard_sigmoid":
                config[key] = "hard_sigmoid_keras2"
            else:
                use_keras2_activations(value)


def _activation(value: Any, where: str) -> Any:
    """A layer's activation: the program's own function where the loading program hands one
    over under the name (as Keras looks those up first; tf-keras writes a registered one's
    name, Keras 3 ``{"class_name": "function", "config": "package>name"}``), else statefulrnn's
    of that name."""
    if value is None:
        return "linear"
    custom = saving.make_custom_object(value)
    if custom is not None:
        return custom
    if isinstance(value, dict) and value.get("class_name") == "function":
        try:
            return saving.deserialize_keras_object(value)  # Keras 3's form of a built-in
        except ValueError as error:
            raise ValueError(f"Cannot import {where} from the Keras file: {error}") from None
    if isinstance(value, str):
        try:
            activations.get(value)
        except (ValueError, KeyError, TypeError):
            raise _refuse(where, f"the activation {value!r}") from None
        return value
    raise _refuse(where, f"a custom activation object {value!r}")


def _classes() -> dict[str, type]:
    """The Keras layer classes statefulrnn has, by Keras's class name: its public layers,
    which take Keras's arguments under Keras's names."""
    return {name: cls for name, cls in layer_classes().items() if name not in _NOT_KERAS_LAYERS}


@functools.cache
def _parameters(cls: type) -> frozenset[str]:
    """The keyword arguments ``cls`` takes: its constructor's, and each parent's that the one
    below passes ``**kwargs`` on to (what a Keras config of that class may set)."""
    names: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        parameters = list(inspect.signature(init).parameters.values())[1:]
        names.update(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
        if not any(p.kind is p.VAR_KEYWORD for p in parameters):
            break
    return frozenset(names)


def _initializer(value: Any) -> Any:
    """An initializer statefulrnn knows, or None when it does not: the file supplies every
    weight, so an initializer only matters if the model is rebuilt later (then the default)."""
    custom = saving.make_custom_object(value)
    if custom is not None:
        return custom
    if isinstance(value, dict) and value.get("registered_name") not in (None, value.get("class_name")):
        return None
    try:
        return initializers.get(value)
    except (ValueError, TypeError):
        return None


def _penalty_or_constraint(key: str, value: Any, where: str) -> Any:
    """A regularizer or constraint from its Keras form (a name or a serialized object): the
    program's own where one is handed over under its name, as Keras looks those up first."""
    custom = saving.make_custom_object(value)
    if custom is not None:
        return custom
    if isinstance(value, dict):
        module, registered = value.get("module"), value.get("registered_name")
        foreign = module is not None and not _is_keras_module(str(module))
        if foreign or registered not in (None, value.get("class_name")):  # a class of the program's own
            raise ValueError(not_handed_over(f"{where}: its {key}", value))
        check_class(value, f"{where}, {key}")
    module = regularizers if key.endswith("_regularizer") else constraints
    try:
        return module.get(value)
    except (ValueError, TypeError):
        name = value.get("class_name") if isinstance(value, dict) else value
        raise _refuse(where, f"the {key} {name!r}") from None


def _sublayers(key: str, value: Any, where: str) -> Any:
    """A sublayer argument (a wrapped layer, a cell, a list of cells) built from its entries."""
    label = f"{where}, {key.replace('_', ' ')}"
    if isinstance(value, list):
        return [build_layer(item, f"{label} {index}") for index, item in enumerate(value)]
    return build_layer(value, label)


_DEFAULT = object()  # leave the argument at the class's default


def _argument(key: str, value: Any, where: str) -> Any:
    """One config value as the statefulrnn argument of the same name (or `_DEFAULT`)."""
    if key in ("activation", "recurrent_activation"):
        return _activation(value, f"{where}, {key}")
    if key.endswith("_initializer"):
        initializer = _initializer(value)
        return _DEFAULT if initializer is None else initializer
    if value is None:
        # Keras's None means what the argument's None means here, except where it says "not given".
        return _DEFAULT if key in ("dtype", "batch_input_shape") else None
    if key == "dtype":
        # tf-keras names a text layer's input dtype (a TextVectorization's "string"); Keras 3
        # writes the float policy such a layer computes under, statefulrnn's default
        return _DEFAULT if value == "string" else _dtype(value, where)
    if key.endswith(_TRAINING_ONLY):
        return _penalty_or_constraint(key, value, where)
    if key in _SUBLAYERS:
        return _sublayers(key, value, where)
    return _shape(value, where, key) if key == "batch_input_shape" else value


def _kwargs(cls: type, config: Config, where: str) -> dict[str, Any]:
    """Constructor kwargs for ``cls`` from a Keras ``config``; refuses what we cannot honour."""
    takes = _parameters(cls)
    kwargs: dict[str, Any] = {}
    for key, value in config.items():
        if key == "weights" and value is not None:
            raise _refuse(where, "initial 'weights' in the config")
        if key == "time_major" and value:
            raise _refuse(where, "time_major=True")
        if key == "axis" and cls is layers.BatchNormalization and isinstance(value, list) and len(value) == 1:
            value = value[0]  # tf-keras writes BatchNormalization's one axis as a list
        if key in takes:
            value = _argument(key, value, where)
            if value is not _DEFAULT:
                kwargs[key] = value
        elif key in _IGNORED or key.endswith("_initializer") or value is None:
            continue
        elif key.endswith(_TRAINING_ONLY):
            warnings.warn(
                f"{where}: {key} is dropped on import (it acts only while training with Keras; "
                f"outputs are unchanged).",
                KerasImportWarning,
                stacklevel=4,
            )
        else:
            # An option we do not know: refusing is safer than guessing it has no effect.
            raise _refuse(where, f"the option {key}={value!r}")
    return kwargs


def build_layer(entry: Any, where: str | None = None) -> Any:
    """A statefulrnn layer (or cell) from one serialized Keras layer ``entry``.

    Wrapped layers and cells (``TimeDistributed``'s and ``Bidirectional``'s ``layer``, an
    ``RNN``'s ``cell``, ``StackedRNNCells``' ``cells``) are built from their own entries.

    Example:
        >>> layer = build_layer({"class_name": "GRU", "config": {"name": "g", "units": 3, "stateful": True}})
        >>> type(layer).__name__, layer.name, layer.stateful
        ('GRU', 'g', True)
        >>> code = {"code": "4wEAAAA=", "defaults": None, "closure": None}
        >>> function = {"class_name": "__lambda__", "config": code}
        >>> build_layer({"class_name": "Lambda", "config": {"name": "f", "function": function}})
        Traceback (most recent call last):
        ...
        ValueError: Cannot import layer 'f' (Lambda) from the Keras file: its function is Python bytecode ...
    """
    name = entry.get("config", {}).get("name") if isinstance(entry, dict) else None
    where = where or f"layer {name!r}"
    if names_keras_model(entry):  # a model used as a layer: built from its own config
        return _build_model(entry)
    if _names_program_class(entry):
        return _program_layer(entry, where)
    class_name, config = check_class(entry, where)
    classes = _classes()
    if class_name not in classes:
        raise _refuse(f"{where} ({class_name})", f"the layer class {class_name}")
    where = f"{where} ({class_name})" if class_name not in where else where
    if classes[class_name] is layers.Lambda:  # its functions: the program's own, never the file's code
        config = lambda_code.resolved_config(config, f"Cannot import {where} from the Keras file")
    kwargs = _kwargs(classes[class_name], config, where)
    try:
        with warnings.catch_warnings():
            # A stateful Bidirectional is what the file holds; the layer's own warning about
            # chunking would only repeat what the user already chose in Keras.
            warnings.simplefilter("ignore", layers.StatefulBidirectionalWarning)
            cls = classes[class_name]
            # A class whose config its constructor does not take as it is (Discretization's
            # learnt boundaries beside num_bins) reads it in its own from_config, as in Keras.
            return cls.from_config(kwargs) if "from_config" in vars(cls) else cls(**kwargs)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Cannot import {where} from the Keras file: {error}") from None


def _names_program_class(entry: Any) -> bool:
    """Whether ``entry`` names a class of the program's own: one the loading program hands over
    under its name (`saving.named_custom_object`: a Keras 2 ``Attention`` of the program's is not
    Keras's), or as Keras writes one, Keras 3 with a module outside Keras, or none and a
    ``registered_name``; Keras 2 (no module) with a class name that is not in statefulrnn's
    table."""
    if not isinstance(entry, dict) or not isinstance(entry.get("class_name"), str):
        return False
    if saving.named_custom_object(entry) is not None:
        return True  # handed over under that name: Keras looks there before its own classes
    module, registered = entry.get("module"), entry.get("registered_name")
    if isinstance(module, str) and _is_keras_module(module):
        return False  # Keras's own (a nested "Functional" names itself too): refused by name if we lack it
    if isinstance(module, str) or isinstance(registered, str):
        return True
    return entry["class_name"] not in _classes()


def names_keras_model(entry: Any) -> bool:
    """Whether a layer ``entry`` is a Keras Sequential or functional model used as a layer (a
    shared encoder, a GAN's generator, the model a ``TimeDistributed`` wraps): Keras 3 writes
    one as the model's own config (``"module": "keras"`` or ``"keras.src.models.functional"``),
    tf-keras with no module at all. A class of that name the loading program hands over stays
    the program's.

    Example:
        >>> names_keras_model({"class_name": "Sequential", "config": {"layers": []}})
        True
        >>> names_keras_model({"module": "my_package", "class_name": "Sequential", "config": {}})
        False
    """
    if not isinstance(entry, dict) or entry.get("class_name") not in _MODEL_CLASSES:
        return False
    module = entry.get("module")
    keras_module = module is None or (isinstance(module, str) and _is_keras_module(module))
    return keras_module and saving.named_custom_object(entry) is None


def _is_keras_module(module: str) -> bool:
    return module == "keras" or module.startswith(("keras.", "tf_keras."))


def _program_layer(entry: dict[str, Any], where: str) -> Any:
    """A layer of the program's own class (handed over by the loading program, see
    `statefulrnn.io.config.program_class`), made by its ``from_config`` from the file's config,
    whose dtype policy object becomes its name as statefulrnn's layers take it."""
    try:
        cls = program_class(entry)
    except ValueError as error:
        raise ValueError(f"Cannot import {where} from the Keras file: {error}") from None
    config = dict(entry.get("config") or {})
    if "dtype" in config:
        config["dtype"] = _dtype(config["dtype"], where)
    try:
        layer = cls.from_config(config)
        if entry.get("build_config") and overrides(cls, "build_from_config"):
            # Keras builds the layer by the class's own hook before loading its weights (a
            # build taking more than the shape); the model builds any other for its input.
            layer.build_from_config(entry["build_config"])
        return layer
    except (TypeError, ValueError) as error:
        label = f"{where} ({entry['class_name']})"
        raise ValueError(f"Cannot import {label} from the Keras file: {error}") from None


def names_program_model(model_config: Any) -> bool:
    """Whether a model config names a class of the program's own (a subclassed model, which
    its class rebuilds from its config) rather than Keras's Sequential or Functional (which
    tf-keras writes without a module)."""
    return _names_program_class(model_config) and model_config["class_name"] not in _MODEL_CLASSES


def _program_model(entry: dict[str, Any]) -> Any:
    """A subclassed model of the program's own class, from its config (``cls(**config)``, or
    its own ``from_config``), built from its ``build_config`` as Keras 3's ``load_model``
    builds it before its weights load."""
    model = _program_layer(entry, "the model")
    if not isinstance(model, models.Model):
        raise ValueError(
            f"Cannot import the model from the Keras file: its class {entry['class_name']!r} makes a "
            f"{type(model).__name__}, not a Model."
        )
    if not model.built:
        build_config = entry.get("build_config")
        if not (isinstance(build_config, dict) and build_config.get("input_shape") is not None):
            raise ValueError(
                f"Cannot import the model ({entry['class_name']}) from the Keras file: it has no "
                f"build_config with an input_shape to build it for before its weights load."
            )
        model.build_from_config(build_config)
    return model


def _input(config: Config, where: str) -> Any:
    """``layers.Input`` from a Keras InputLayer config (Keras 2 ``batch_input_shape``,
    Keras 3 ``batch_shape``)."""
    for flag in ("sparse", "ragged"):
        if config.get(flag):
            raise _refuse(where, f"{flag} inputs")
    shape = config.get("batch_shape", config.get("batch_input_shape"))
    if shape is None:
        raise ValueError(f"Malformed Keras config for {where}: no batch_shape.")
    dtype = config.get("dtype")
    if is_integer_dtype(dtype):  # symbol ids: Input takes them as floats, see there
        dtype = None
    elif not (is_bool_dtype(dtype) or dtype == "string"):
        # a bool Input (a mask given with the data) and a string one (text) are Input's own
        dtype = _dtype(dtype, where)
    return layers.Input(batch_shape=_shape(shape, where, "batch_shape"), name=config.get("name"), dtype=dtype)


def _shape(value: Any, where: str, key: str) -> tuple[int | None, ...]:
    """A shape from the config: a list of sizes, each an int >= 0 or null (not ``true``)."""
    sizes = value if isinstance(value, (list, tuple)) else [-1]
    if not all(size is None or (type(size) is int and size >= 0) for size in sizes):
        raise ValueError(
            f"Malformed Keras config for {where}: {key} must be a list of sizes (ints or null). "
            f"Received: {value!r:.80}"
        )
    return tuple(value)


def layer_entries(model_config: Any) -> list[Config]:
    """The serialized layers of a Sequential/Functional config (checked to be one), Keras 3's
    operation nodes included (see `weighted_entries`)."""
    class_name, config = check_class(model_config, "the model")
    if class_name not in _MODEL_CLASSES:
        raise _refuse(f"the model ({class_name})", f"the model class {class_name}")
    entries = config.get("layers")
    if not isinstance(entries, list):
        raise ValueError("Malformed Keras config: the model has no 'layers' list.")
    for index, entry in enumerate(entries):
        _check_entry(entry, index)
    return entries


# The types of the keys every layer entry is read for (None: the key may be absent or null).
_ENTRY_KEYS = {
    "class_name": (str,),
    "config": (dict, type(None)),
    "name": (str, type(None)),
    "module": (str, type(None)),
    "inbound_nodes": (list, type(None)),
}


def _check_entry(entry: Any, index: int) -> None:
    """A layer entry has the keys the builders read, of the types Keras writes."""
    if not isinstance(entry, dict):
        raise ValueError(
            f"Malformed Keras config: layer {index} is not a JSON object. Received: {type(entry).__name__}"
        )
    if "class_name" not in entry:
        raise ValueError(f"Malformed Keras config: layer {index} has no 'class_name'.")
    for key, types in _ENTRY_KEYS.items():
        value = entry.get(key)
        if not isinstance(value, types):
            raise ValueError(
                f"Malformed Keras config: layer {index}'s {key!r} must be "
                f"{' or '.join('null' if t is type(None) else t.__name__ for t in types)}. "
                f"Received: {type(value).__name__}"
            )
    name = (entry.get("config") or {}).get("name")
    if not isinstance(name, (str, type(None))):
        raise ValueError(f"Malformed Keras config: layer {index}'s name is not a string. Received: {name!r}")


def weighted_entries(model_config: Any) -> list[Config]:
    """The entries of the layers Keras keeps weights groups for (``model.layers``): all but
    Keras 3's operation nodes."""
    return [entry for entry in layer_entries(model_config) if not _is_operation(entry)]


def stacked_cells(entry: Any) -> list[str]:
    """The class names of the cells of a ``StackedRNNCells`` in a layer's entry (an ``RNN``'s
    cell, or the layer a wrapper wraps), in order; ``[]`` when it has none."""
    if not isinstance(entry, dict) or not isinstance(entry.get("config") or {}, dict):
        return []  # a malformed entry: the layer's own reading names it
    config = entry.get("config") or {}
    if entry.get("class_name") == "StackedRNNCells" and isinstance(config.get("cells"), list):
        return [str(cell.get("class_name")) for cell in config["cells"] if isinstance(cell, dict)]
    for key in _SUBLAYERS:
        found = stacked_cells(config.get(key))
        if found:
            return found
    return []


def build_model(model_config: Any) -> Any:
    """A statefulrnn `Sequential` or `Model` from a Keras model config (Keras 2 or 3).

    Example:
        >>> config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        ...     {"class_name": "InputLayer", "config": {"batch_input_shape": [2, None, 1], "name": "x"}},
        ...     {"class_name": "GRU", "config": {"name": "g", "units": 3, "stateful": True}}]}}
        >>> model = build_model(config)
        >>> model.get_layer("g").states[0].shape
        torch.Size([2, 3])

    Raises:
        ValueError: the config is malformed, or holds a class or setting statefulrnn refuses.
    """
    try:
        return _build_model(model_config)
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        # A value deep in the config of a type Keras never writes there (a keras_history that
        # is a number, a shape that is text): the file's fault, told in one line.
        message = f"Malformed Keras config: {type(error).__name__}: {error}".splitlines()[0]
        raise ValueError(message) from None


def _build_model(model_config: Any) -> Any:
    if names_program_model(model_config):  # a subclassed model: its class rebuilds it
        return _program_model(model_config)
    entries = layer_entries(model_config)
    class_name, config = check_class(model_config, "the model")
    name = config.get("name")
    if class_name == "Sequential":
        stack: list[Any] = []
        for index, entry in enumerate(entries):
            where = f"layer {(entry.get('config') or {}).get('name')!r}"
            if entry.get("class_name") == "InputLayer":
                check_class(entry, where)
                if index != 0:
                    raise ValueError(f"Malformed Keras config: {where} (InputLayer) is not first.")
                stack.append(_input(entry["config"], where))
            else:
                stack.append(build_layer(entry, where))
        if entries and entries[0].get("class_name") != "InputLayer" and config.get("build_input_shape"):
            # Keras 3 without an InputLayer entry: the shape the model was built with.
            shape = _shape(config["build_input_shape"], "the model", "build_input_shape")
            stack.insert(0, layers.Input(batch_shape=shape))
        return models.Sequential(stack, name=name)
    return _build_functional(entries, config, name)


def _is_ref(value: Any) -> bool:
    """A Keras 2 tensor reference ``[layer_name, node_index, tensor_index]``."""
    return (
        isinstance(value, list)
        and len(value) in (3, 4)
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], int)
    )


class _PendingError(Exception):
    """A node's inputs come from a node not built yet (built on a later pass)."""


class _OperationOutputError(Exception):
    """A node's input is the output of a Keras 3 operation node (``keras.ops`` recorded in the
    graph, such as the ``NotEqual``/``Any`` that compute a propagated mask)."""


def _is_operation(entry: Config) -> bool:
    return str(entry.get("module") or "").startswith("keras.src.ops.")


def _operation(entry: Config, name: str) -> Any:
    """What rebuilds a Keras 3 op entry of a functional graph: the `layers.Operation` of an
    operator (``x + y``), the `layers.GetItem` of an index (``x[:, -1]``), a `_KerasOperation`
    for another op that `statefulrnn.ops` has; None for an op it has not."""
    class_name, module = str(entry.get("class_name")), entry.get("module")
    if module == OPERATIONS_MODULE and class_name == "GetItem":
        return layers.GetItem(name=name)
    operation = _OPS_BY_KERAS_CLASS.get((module, class_name))
    if operation is None:
        return None
    if operation in OPERATORS:  # as ``x + y`` records it
        return layers.Operation(operation, name=name)
    config = {key: value for key, value in (entry.get("config") or {}).items() if key != "name"}
    return _KerasOperation(operation, config, name)


def _takes_the_call(op: str, called: tuple[str, ...]) -> bool:
    """Whether ``ops.<op>`` takes its class's call arguments by their names (``extract_patches``
    takes ExtractPatches's ``images``; ``extract_patches_3d`` names them ``volumes``)."""
    return tuple(signature_of(op).parameters)[: len(called)] == called


# (module, class) of each Keras 3 operation -> the statefulrnn.ops function it records; where
# two share a class (``abs`` and ``absolute``: Absolute), the operator's name, else the one that
# takes the class's call arguments
_OPS_BY_KERAS_CLASS = {
    (module, keras_class): op
    for op, (module, keras_class, _, _) in sorted(
        KERAS_OP_CLASSES.items(),
        key=lambda item: (item[0] in OPERATORS, _takes_the_call(item[0], item[1][3])),
    )
}


class _KerasOperation:
    """A Keras 3 operation entry (``{"class_name": "Mean", "config": {"axis": 1}}``), called on
    its node's arguments: the `statefulrnn.ops` call it stands for, recorded in the graph."""

    def __init__(self, operation: str, config: Config, name: str) -> None:
        _, keras_class, constructed, self.called = KERAS_OP_CLASSES[operation]
        unknown = sorted(set(config) - set(constructed))
        if unknown:
            raise ValueError(
                f"Malformed Keras config: operation {name!r} ({keras_class}) takes no {unknown[0]!r}."
            )
        self.operation, self.config, self.name = operation, config, name

    def __call__(self, *args: Any) -> Any:
        if len(args) > len(self.called):
            raise ValueError(
                f"Malformed Keras config: operation {self.name!r} takes {len(self.called)} call "
                f"argument(s), its node gives {len(args)}."
            )
        return record_call(self.operation, dict(zip(self.called, args)) | self.config, name=self.name)


def _build_functional(entries: list[Config], config: Config, name: str | None) -> Any:
    built: dict[str, Any] = {}  # layer name -> statefulrnn layer
    outputs: dict[str, list[Any]] = {}  # layer name -> output of each node, in node order
    inputs_by_name: dict[str, Any] = {}
    operations: dict[str, str] = {}  # operation node name -> its class, e.g. "NotEqual"
    skipped = _keras2_skipped_nodes(entries)

    def tensor(layer_name: str, node_index: int, tensor_index: int, keras2: bool = False) -> Any:
        if layer_name in operations:
            raise _OperationOutputError(f"the Keras operation {operations[layer_name]} ({layer_name!r})")
        if keras2:
            node_index -= skipped.get(layer_name, 0)
        nodes = outputs.get(layer_name, [])
        if node_index >= len(nodes):
            raise _PendingError
        out = nodes[node_index]
        if isinstance(out, (list, tuple, dict)):
            return flatten_sorted(out)[tensor_index]  # Keras counts a node's outputs flat
        if tensor_index != 0:
            raise ValueError(
                f"Malformed Keras config: layer {layer_name!r} has one output, not {tensor_index + 1}."
            )
        return out

    def resolve(value: Any) -> Any:
        # Keras 3 history entry: {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            return tensor(*value["config"]["keras_history"][:3])
        if _is_ref(value):  # Keras 2
            return tensor(*value[:3], keras2=True)
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        return value

    def from_operation(value: Any) -> bool:
        """Whether ``value`` refers to an output of an operation entry (a propagated mask)."""
        value = _history(value)
        return _is_ref(value) and value[0] in operation_names

    operation_names = {entry.get("name") for entry in entries if _is_operation(entry)}
    todo: list[tuple[str, Config, int, Any]] = []
    for entry in entries:
        layer_name = entry.get("name") or (entry.get("config") or {}).get("name")
        where = f"layer {layer_name!r}"
        if entry.get("class_name") == "InputLayer":
            check_class(entry, where)
            inputs_by_name[layer_name] = outputs[layer_name] = [_input(entry["config"], where)]
            continue
        if _is_operation(entry):
            operation = _operation(entry, layer_name)
            if operation is None:
                # Not built: only a propagated mask may come from one (see _node_call).
                operations[layer_name] = str(entry.get("class_name"))
                continue
            built[layer_name] = operation
        else:
            built[layer_name] = build_layer(entry, where)
        for index, node in enumerate(entry.get("inbound_nodes") or []):
            todo.append((layer_name, entry, index, node))

    while todo:
        waiting = []
        for layer_name, entry, index, node in todo:
            if len(outputs.get(layer_name, [])) != index:
                waiting.append((layer_name, entry, index, node))
                continue
            try:
                layer = built[layer_name]
                recurrent = isinstance(layer, (layers.RNN, layers.Bidirectional))
                args, kwargs = _node_call(node, resolve, layer_name, recurrent, from_operation)
            except _PendingError:
                waiting.append((layer_name, entry, index, node))
                continue
            except _OperationOutputError as error:
                raise _refuse(f"layer {layer_name!r}", f"an input computed by {error}") from None
            outputs.setdefault(layer_name, []).append(layer(*args, **kwargs))
        if len(waiting) == len(todo):
            raise ValueError(
                f"Malformed Keras config: the inputs of layer {waiting[0][0]!r} never become available."
            )
        todo = waiting

    def endpoints(key: str) -> Any:
        refs = config.get(key)
        if _is_ref(refs):  # a single [name, node, tensor]
            return resolve(refs)
        if isinstance(refs, dict):  # Keras 3's dict of inputs or outputs by key
            return {key: resolve(ref) for key, ref in refs.items()}
        resolved = [resolve(ref) for ref in refs or []]
        return resolved[0] if len(resolved) == 1 else resolved

    try:
        return models.Model(endpoints("input_layers"), endpoints("output_layers"), name=name)
    except _PendingError:
        raise ValueError(
            "Malformed Keras config: a model output comes from a node that is not in the model."
        ) from None
    except _OperationOutputError as error:
        raise _refuse("the model", f"an output computed by {error}") from None


def _keras2_skipped_nodes(entries: list[Config]) -> dict[str, int]:
    """``{layer name: 1}`` for each model used as a layer in a Keras 2 (tf-keras) functional
    config whose own config starts with an InputLayer: Keras 2 counts the node that links such
    a model's input to its output (made when the model was built) as its node 0, and leaves it
    out of the config, so the first call in the outer model is its node 1 (tf-keras's
    ``_should_skip_first_node``). Keras 3 counts the outer calls alone. Empty for a Keras 3
    config (inbound nodes as ``{"args", "kwargs"}``)."""
    keras2 = any(isinstance(node, list) for entry in entries for node in entry.get("inbound_nodes") or [])
    if not keras2:
        return {}
    skipped = {}
    for entry in entries:
        inner = (entry.get("config") or {}).get("layers")
        first = inner[0] if isinstance(inner, list) and inner else None
        if names_keras_model(entry) and isinstance(first, dict) and first.get("class_name") == "InputLayer":
            skipped[str(entry.get("name") or entry["config"].get("name"))] = 1
    return skipped


def _node_call(
    node: Any,
    resolve: Callable[[Any], Any],
    layer_name: str,
    recurrent: bool,
    from_operation: Callable[[Any], bool],
) -> tuple[list[Any], dict[str, Any]]:
    """The ``(args, kwargs)`` of one inbound node, in Keras 2 or Keras 3 form."""
    where = f"layer {layer_name!r}"
    if isinstance(node, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        args = resolve(list(node.get("args") or []))
        kwargs = dict(node.get("kwargs") or {})
    elif isinstance(node, list) and node:  # Keras 2: [[name, node, tensor, kwargs], ...]
        refs = [ref for ref in node if _is_ref(ref)]
        if len(refs) != len(node):
            raise ValueError(f"Malformed Keras config: an inbound node of {where} is not a list of tensors.")
        tensors = [resolve(ref[:3]) for ref in refs]
        kwargs = dict(refs[0][3]) if len(refs[0]) == 4 and refs[0][3] else {}
        if len(tensors) > 1 and recurrent:
            # tf-keras folds `rnn(x, initial_state=[h, c])` into the node's inputs: [x, h, c].
            args, kwargs = [tensors[0]], {**kwargs, "initial_state": tensors[1:]}
        else:
            args = [tensors[0] if len(tensors) == 1 else tensors]
    else:
        raise ValueError(f"Malformed Keras config: an inbound node of {where} is empty.")
    call_kwargs: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key == "training":
            continue  # inference: statefulrnn decides training mode from model.train()/eval()
        if key == "mask" and _is_propagated_mask(value, from_operation):
            continue
        if key == "mask" and _is_ref(_history(value)):
            mask = resolve(value)
            if getattr(mask, "dtype", None) == "bool":  # a bool Input: GRU(...)(x, mask=mask_input)
                call_kwargs[key] = mask
                continue
        if key == "initial_state":
            call_kwargs[key] = resolve(value)  # resolved already when folded from Keras 2 inputs
            continue
        if plain_constant(value):  # return_attention_scores=True: the layer's call takes it or says so
            call_kwargs[key] = value
            continue
        raise _refuse(where, f"the call argument {key}={value!r}")
    return args, call_kwargs


def plain_constant(value: Any) -> bool:
    """Whether a call argument is a constant a Keras file keeps as it is in a node's kwargs
    (``return_attention_scores=True``, ``use_causal_mask=False``): written and read back."""
    return value is None or isinstance(value, (bool, int, float, str))


def _history(value: Any) -> Any:
    """A Keras 3 ``__keras_tensor__``'s ``keras_history``; anything else as it is."""
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        return (value.get("config") or {}).get("keras_history")
    return value


def _is_propagated_mask(value: Any, from_operation: Callable[[Any], bool]) -> bool:
    """Whether a node's ``mask=`` is none, or only the mask Keras propagated itself.

    Keras 3 records a mask it propagated (from ``Masking`` or ``Embedding(mask_zero=True)``)
    as operation nodes (``NotEqual``, ``Any``) feeding the next layer's ``mask=``; statefulrnn's
    models propagate that same mask themselves. A mask from a layer or an input is refused.
    """
    if value is None:
        return True
    if isinstance(value, list) and not _is_ref(value):
        return all(_is_propagated_mask(item, from_operation) for item in value)
    return from_operation(value)
