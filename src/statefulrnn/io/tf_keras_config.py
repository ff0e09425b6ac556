"""A model's Keras 3 config rewritten as tf-keras 2 writes ``model_config`` in a ``.h5`` file,
so that ``tf.keras.models.load_model`` (tf-keras 2.21) reads the files a tf-keras program saves
here (`keras_h5_save.save_keras_h5` under tf-keras's rules, `statefulrnn.config.set_keras_rules`).

The rules below come from the files tf-keras 2.21 itself wrote (``tests/fixtures/keras_files/
k2_*.h5``, ``tests/fixtures/keras_reference/keras_models/k2_*.h5``) and from tf-keras's source
(``tf_keras/engine/{input_layer,node,functional,sequential}.py``, ``layers/rnn/*.py``).
What differs from Keras 3's legacy entries, and why it matters to tf-keras's loader:

- a layer's ``dtype``: tf-keras writes the policy's name (``"float32"``); it reads Keras 3's
  ``{"module": "keras", "class_name": "DTypePolicy", ...}`` as an unknown class and fails;
- the ``InputLayer``: ``batch_input_shape`` where Keras 3 has ``batch_shape`` (tf-keras's
  ``InputLayer.__init__`` refuses the unknown keyword);
- keys Keras 3 added that tf-keras's constructors refuse (``Layer.__init__`` validates its
  keywords): a recurrent layer's or cell's ``seed`` and ``use_cudnn``, ``lora_rank``,
  ``rms_scaling``, an initializer's ``input_axes``/``output_axes``; keys both have but tf-keras
  writes only when set (``zero_output_for_mask``, ``synchronized``, the ``renorm`` options, an
  ``activity_regularizer`` of a layer without one of its own) are left out at their defaults;
- keys tf-keras writes that Keras 3 lacks: a recurrent layer's ``time_major`` and
  ``implementation`` (not SimpleRNN's), an ``Embedding``'s ``batch_input_shape``
  (``[None, input_length]``: tf-keras's Embedding declares its input shape itself), a cell's
  ``build_config`` inside an ``RNN``; a normalization layer's ``axis`` as built, a list of
  positive axes (``-1`` of a rank-3 input is ``[2]``);
- a ``Bidirectional`` holds its forward layer as given (``"gru"``, not ``"forward_gru"``) and
  a ``backward_layer`` only where the program gave one (one that is the forward layer run
  backwards is left out: tf-keras makes it so itself);
- a ``Sequential``'s config is ``{"name", "layers"}`` (its InputLayer makes it a graph network,
  which writes no ``build_input_shape``);
- a functional model's inbound nodes are tf-keras's ``[[layer, node, tensor, kwargs], ...]``
  (one entry per tensor of the call's first argument, the other arguments in ``kwargs`` by
  name, an RNN's ``initial_state`` folded into the tensors: tf-keras's ``Node.serialize`` and
  ``RNN.__call__``), its ``input_layers``/``output_layers`` a list of references even for one.

Not rewritten: Keras 3 operations recorded in a functional graph (``x + y`` of two tensors;
tf-keras writes ``TFOpLambda`` entries there), which tf-keras cannot load from our file.

Example:
    >>> entry = {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
    ...          "config": {"batch_shape": [2, None, 3], "dtype": "float32", "sparse": False,
    ...                     "ragged": False, "name": "x", "optional": False}}
    >>> tf_keras_layer_config(entry)["batch_input_shape"]
    [2, None, 3]
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from .config import is_program_layer
from .keras_config import names_keras_model

__all__ = [
    "TF_KERAS_VERSION",
    "program_call_arguments",
    "tf_keras_layer_config",
    "tf_keras_model_config",
    "tf_keras_optimizer_names",
    "tf_keras_training_config",
]

# The tf-keras version whose files this rewrite imitates (and that loaded them to check).
TF_KERAS_VERSION = "2.21.0"

_RECURRENT = ("SimpleRNN", "GRU", "LSTM")
_RNN_LIKE = (*_RECURRENT, "RNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
# Classes whose tf-keras get_config writes ``activity_regularizer`` (null included).
_OWN_ACTIVITY_REGULARIZER = frozenset(
    {
        *_RECURRENT,
        "Dense",
        "Embedding",
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
        "ConvLSTM1D",
        "ConvLSTM2D",
        "ConvLSTM3D",
        "ActivityRegularization",
    }
)
# Keras 3 keys tf-keras's constructors do not take, dropped at these values (any other value
# is kept, for tf-keras to refuse by name rather than compute something else).
_KERAS3_ONLY = {
    "seed": (None,),  # recurrent layers and cells (tf-keras's Dropout takes one: see _drop)
    "use_cudnn": ("auto", True, False),
    "lora_rank": (None,),
    "lora_alpha": (None,),
    "quantization_config": (None,),
    "rms_scaling": (False,),
}
# Keys both have that tf-keras writes only when set.
_UNSET = {
    "zero_output_for_mask": False,
    "synchronized": False,
    "renorm": False,
    "renorm_clipping": None,
    "renorm_momentum": 0.99,
}
# The names tf-keras's Node.serialize gives a call's positional arguments after the first
# (its call_spec.arg_names[1:]), by class.
_CALL_ARGUMENTS = {
    "MultiHeadAttention": (
        "value",
        "key",
        "attention_mask",
        "return_attention_scores",
        "training",
        "use_causal_mask",
    ),
}
for _name in _RNN_LIKE:  # RNN.__call__(inputs, initial_state, constants)
    _CALL_ARGUMENTS[_name] = ("initial_state", "constants")


def tf_keras_model_config(
    entry: dict[str, Any], call_arguments: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any]:
    """A model's Keras 3 entry (`keras_save.model_config`'s, ``compile_config`` left out) as
    tf-keras's ``model_config``: ``{"class_name": "Sequential" | "Functional", "config": ...}``.
    ``call_arguments``: by layer name, the names of the parameters of its ``call`` after the
    first, for layers of the program's own class (`program_call_arguments`), by which tf-keras
    names their positional arguments.

    Raises:
        ValueError: a call with a positional argument tf-keras has no name for, named.
    """
    return {"class_name": entry["class_name"], "config": _model_config(entry, call_arguments or {})}


def program_call_arguments(model: Any) -> dict[str, tuple[str, ...]]:
    """``{layer name: names of its call's parameters after the first}`` for each layer of the
    program's own class in ``model`` (and the models it holds): tf-keras's ``Node.serialize``
    names the positional arguments after the first by them (``call_spec.arg_names[1:]``), and
    the program's class is the same code under tf-keras.

    Example: a layer whose ``call(self, x, y, mask=None)`` -> ``("y", "mask")``.
    """
    found: dict[str, tuple[str, ...]] = {}
    for layer in getattr(model, "layers", []):
        if is_program_layer(layer):
            parameters = list(inspect.signature(layer.call).parameters.values())[1:]
            found[layer.name] = tuple(p.name for p in parameters if p.kind in _POSITIONAL)
        elif hasattr(layer, "layers"):
            found.update(program_call_arguments(layer))
    return found


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _model_config(entry: dict[str, Any], call_arguments: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A Sequential's ``{"name", "layers"}`` or a functional model's ``{"name", "trainable",
    "layers", "input_layers", "output_layers"}``, each layer as tf-keras writes it."""
    config = entry["config"]
    if entry["class_name"] == "Sequential":
        return {
            "name": config["name"],
            "layers": [_top_entry(layer, call_arguments) for layer in config["layers"]],
        }
    layers = []
    for layer in config["layers"]:
        written = _top_entry(layer, call_arguments)
        written["name"] = layer["name"]
        nodes = layer.get("inbound_nodes") or []
        if _is_operation(layer):  # kept as Keras 3 wrote it, as its entry (module notes)
            written["inbound_nodes"] = nodes
        else:
            written["inbound_nodes"] = [_inbound_node(layer, node, call_arguments) for node in nodes]
        layers.append(written)
    return {
        "name": config["name"],
        "trainable": config.get("trainable", True),
        "layers": layers,
        "input_layers": _endpoints(config["input_layers"]),
        "output_layers": _endpoints(config["output_layers"]),
    }


def _top_entry(entry: dict[str, Any], call_arguments: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A model's layer as tf-keras lists it: ``{"class_name", "config"}``; a class of the
    program's own (``"module": null``) under its registered name (``"package>Name"``), as
    tf-keras names it; a Keras 3 operation (registered under its class name) as it is."""
    if names_keras_model(entry):
        return {"class_name": entry["class_name"], "config": _model_config(entry, call_arguments)}
    if entry.get("module") is None:
        return {
            "class_name": entry.get("registered_name") or entry["class_name"],
            "config": tf_keras_layer_config(entry),
        }
    if _is_operation(entry):  # tf-keras has no such entry
        return {"class_name": entry["class_name"], "config": entry["config"]}
    return {"class_name": entry["class_name"], "config": tf_keras_layer_config(entry)}


def _is_operation(entry: dict[str, Any]) -> bool:
    """A Keras 3 operation recorded in a functional graph (``GetItem``, ``Add`` of ``x + y``):
    a Keras module and registered under its class name (a layer's registered name is null)."""
    return entry.get("module") is not None and entry.get("registered_name") == entry["class_name"]


def tf_keras_layer_config(entry: dict[str, Any]) -> dict[str, Any]:
    """A layer entry's ``config`` as tf-keras writes it (see the module's notes); a layer of the
    program's own class keeps its ``get_config``, its dtype by name.

    Example: ``{"batch_shape": [None, 5], "dtype": "float32", ...}`` of an InputLayer becomes
    ``{"batch_input_shape": [None, 5], "dtype": "float32", ...}``; an LSTM's
    ``{"dtype": {"module": "keras", "class_name": "DTypePolicy", ...}, "seed": None, ...}``
    becomes ``{"dtype": "float32", "time_major": False, "implementation": 2, ...}``.
    """
    class_name = entry["class_name"]
    config = {key: _rewritten(key, value) for key, value in entry["config"].items()}
    if entry.get("module") is None:  # a class of the program's own: its own get_config
        return config
    if class_name == "InputLayer":
        config = {
            ("batch_input_shape" if key == "batch_shape" else key): value for key, value in config.items()
        }
        return config
    _drop(class_name, config)
    input_shape = (entry.get("build_config") or {}).get("input_shape")
    if class_name in _RECURRENT or class_name == "RNN":
        config.setdefault("time_major", False)
    if class_name in ("GRU", "LSTM", "GRUCell", "LSTMCell"):
        config.setdefault("implementation", 2)
    if class_name == "Embedding":
        config.setdefault("batch_input_shape", [None, config.get("input_length")])
    if (
        class_name in ("BatchNormalization", "LayerNormalization")
        and "axis" in config
        and input_shape is not None
    ):
        config["axis"] = _built_axes(config["axis"], len(input_shape))
    if class_name == "Bidirectional":
        _bidirectional(config)
    if class_name == "RNN" and input_shape is not None and isinstance(config.get("cell"), dict):
        config["cell"] = _with_cell_build_configs(config["cell"], [input_shape[0], *input_shape[2:]])
    return config


def _rewritten(key: str, value: Any) -> Any:
    """One config value as tf-keras writes it: a dtype policy by name, a nested layer entry
    (a wrapper's ``layer``, an RNN's ``cell``, a stack's ``cells``) rewritten, an initializer
    without Keras 3's unset axes."""
    if key == "dtype":
        return _dtype(value)
    if key in ("layer", "backward_layer", "cell") and _is_layer_entry(value):
        return _nested_entry(value)
    if key == "cells" and isinstance(value, list):
        return [_nested_entry(item) if _is_layer_entry(item) else item for item in value]
    if key.endswith("_initializer") and isinstance(value, dict) and isinstance(value.get("config"), dict):
        inner = {
            k: v for k, v in value["config"].items() if not (k in ("input_axes", "output_axes") and v is None)
        }
        return {**value, "config": inner}
    return value


def _is_layer_entry(value: Any) -> bool:
    return isinstance(value, dict) and "class_name" in value and isinstance(value.get("config"), dict)


def _nested_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A layer inside another (``{"module", "class_name", "config", "registered_name",
    "build_config"?}``, as tf-keras's ``serialize_keras_object`` writes it), its config
    rewritten; a model's as tf-keras writes a model."""
    if names_keras_model(entry):
        return {**entry, "config": _model_config(entry, {})}
    return {**entry, "config": tf_keras_layer_config(entry)}


def _dtype(value: Any) -> Any:
    """``{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}`` ->
    ``"float32"``; a mixed policy as tf-keras's ``Policy`` object; anything else as it is."""
    if not (isinstance(value, dict) and isinstance(value.get("config"), dict)):
        return value
    name = value["config"].get("name")
    if value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy") and isinstance(name, str):
        if name.startswith("mixed_"):
            return {
                "module": "keras.mixed_precision",
                "class_name": "Policy",
                "config": {"name": name},
                "registered_name": None,
            }
        return name
    return value


def _drop(class_name: str, config: dict[str, Any]) -> None:
    """Remove, in place, the keys tf-keras does not take or writes only when set (module notes)."""
    for key, values in _KERAS3_ONLY.items():
        if key == "seed" and class_name not in (*_RECURRENT, "SimpleRNNCell", "GRUCell", "LSTMCell"):
            continue  # Dropout, the noise layers and the initializers take a seed in tf-keras too
        if key in config and config[key] in values:
            del config[key]
    for key, default in _UNSET.items():
        if key in config and config[key] == default:
            del config[key]
    if class_name not in _OWN_ACTIVITY_REGULARIZER and config.get("activity_regularizer", 0) is None:
        del config["activity_regularizer"]


def _built_axes(axis: Any, rank: int) -> list[int]:
    """A normalization's axis as its tf-keras build leaves it: ``-1`` of rank 3 -> ``[2]``."""
    axes = axis if isinstance(axis, list) else [axis]
    return [int(a) % rank for a in axes]


def _bidirectional(config: dict[str, Any]) -> None:
    """A Bidirectional's layers as tf-keras writes them, in place: the forward layer under the
    name it was given (Keras 3 writes ``"forward_" + name``), without the build config and
    ``zero_output_for_mask`` tf-keras's wrapper sets itself; the backward layer only where it
    is not the forward layer run backwards."""
    forward = config["layer"]["config"]
    forward.pop("zero_output_for_mask", None)
    config["layer"].pop("build_config", None)
    backward = config.get("backward_layer")
    if isinstance(backward, dict):
        mirror = {
            **backward["config"],
            "name": None,
            "go_backwards": not backward["config"].get("go_backwards"),
        }
        mirror.pop("zero_output_for_mask", None)
        if (
            mirror == {**forward, "name": None}
            and backward.get("class_name") == config["layer"]["class_name"]
        ):
            del config["backward_layer"]
        else:
            backward.pop("build_config", None)
    if isinstance(forward.get("name"), str) and forward["name"].startswith("forward_"):
        forward["name"] = forward["name"].removeprefix("forward_")


def _with_cell_build_configs(cell: dict[str, Any], input_shape: list[Any]) -> dict[str, Any]:
    """An RNN's cell entry with the ``build_config`` tf-keras writes for it: the step's input
    shape ``(batch, features)``; in a stack each cell's is the previous cell's output
    (``units`` wide), as tf-keras's ``StackedRNNCells.build`` builds them."""
    cell = {**cell, "build_config": {"input_shape": list(input_shape)}}
    cells = cell["config"].get("cells")
    if isinstance(cells, list):
        built, shape = [], list(input_shape)
        for inner in cells:
            built.append(_with_cell_build_configs(inner, shape) if _is_layer_entry(inner) else inner)
            units = inner.get("config", {}).get("units") if isinstance(inner, dict) else None
            if not isinstance(units, int):  # a cell of the program's own: tf-keras builds the rest
                built += cells[len(built) :]
                break
            shape = [shape[0], units]
        cell["config"] = {**cell["config"], "cells": built}
    return cell


def _endpoints(refs: Any) -> Any:
    """A model's ``input_layers``/``output_layers``: Keras 3's single ``["x", 0, 0]`` as
    tf-keras's ``[["x", 0, 0]]``; a list or a dict by key as it is."""
    if isinstance(refs, list) and refs and isinstance(refs[0], str):
        return [refs]
    return refs


def _history(value: Any) -> Any:
    """Keras 3's ``{"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}`` as
    tf-keras's ``[layer, node, tensor]``, in any nesting; a constant as it is."""
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        return list(value["config"]["keras_history"][:3])
    if isinstance(value, list):
        return [_history(item) for item in value]
    if isinstance(value, dict):
        return {key: _history(item) for key, item in value.items()}
    return value


def _is_tensor(value: Any) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _inbound_node(layer: dict[str, Any], node: Any, call_arguments: Mapping[str, Sequence[str]]) -> Any:
    """One call of a layer in tf-keras's form (its ``Node.serialize``).

    ``{"args": [x], "kwargs": {}}`` -> ``[["x", 0, 0, {}]]``; ``{"args": [[a, b]], ...}`` ->
    ``[["a", 0, 0, {}], ["b", 0, 0, {}]]``; an RNN's ``initial_state=[h, c]`` ->
    ``[[x...], [h...], [c...]]`` (tf-keras's ``RNN.__call__`` makes them the call's inputs).

    Raises:
        ValueError: a positional argument after the first that tf-keras has no name for.
    """
    if not isinstance(node, dict):  # already tf-keras's
        return node
    class_name = layer["class_name"]
    first, *rest = node.get("args") or [None]
    names = call_arguments.get(layer.get("name"), _CALL_ARGUMENTS.get(class_name, ()))
    if len(rest) > len(names):
        raise ValueError(
            f"Cannot write layer {layer.get('name')!r} ({class_name}) as tf-keras's .h5: it is called "
            f"with {len(rest) + 1} positional arguments, and tf-keras's file names each after the first "
            f"by its call's parameter, which is not known here. Pass them by keyword."
        )
    kwargs = {**dict(zip(names, rest, strict=False)), **(node.get("kwargs") or {})}
    if class_name in _RNN_LIKE:
        folded = [kwargs.pop(key) for key in ("initial_state", "constants") if kwargs.get(key) is not None]
        extra = [item for value in folded for item in (value if isinstance(value, list) else [value])]
        if extra:
            first = [first, *extra]
    kwargs = _history(kwargs)

    def reference(value: Any) -> Any:
        if _is_tensor(value):
            return [*_history(value), kwargs]
        if isinstance(value, list):
            return [reference(item) for item in value]
        if isinstance(value, dict):
            return {key: reference(item) for key, item in value.items()}
        return ["_CONSTANT_VALUE", -1, value, kwargs]

    data = reference(first)
    return [data] if _is_tensor(first) else data


# Keras 3 optimizer keys tf-keras 2's optimizers do not take (dropped when unset).
_KERAS3_OPTIMIZER_ONLY = ("loss_scale_factor", "gradient_accumulation_steps")
# Keys of Keras 3's compile config that tf-keras's training_config does not hold.
_KERAS3_COMPILE_ONLY = ("run_eagerly", "steps_per_execution", "jit_compile")


def tf_keras_training_config(training: dict[str, Any]) -> dict[str, Any]:
    """A legacy ``training_config`` (`keras_h5_save`'s, Keras 3's) as tf-keras 2.21 writes it:
    its own optimizers under ``"Custom>Name"`` with ``jit_compile`` and ``is_legacy_optimizer``
    (as in ``tests/fixtures/tf_keras_optimizer_h5/*.h5``), no metrics as null, no Keras-3-only
    keys; tf-keras's
    ``optimizers.deserialize`` refuses Keras 3's (``loss_scale_factor``) and takes a bare
    ``"Adam"`` for its legacy optimizer, which refuses ``weight_decay``.

    Example: ``{"optimizer_config": {"class_name": "Adam", "config": {"loss_scale_factor":
    None, ...}}, "run_eagerly": False, ...}`` -> ``{"optimizer_config": {"class_name":
    "Custom>Adam", "config": {"jit_compile": False, "is_legacy_optimizer": False, ...}}, ...}``.
    """
    written = {key: value for key, value in training.items() if key not in _KERAS3_COMPILE_ONLY}
    for key in ("metrics", "weighted_metrics"):  # compile given none: tf-keras writes null
        if written.get(key) == []:
            written[key] = None
    optimizer = training["optimizer_config"]
    config = {
        key: value
        for key, value in optimizer["config"].items()
        if not (key in _KERAS3_OPTIMIZER_ONLY and value is None)
    }
    config.setdefault("jit_compile", False)
    config.setdefault("is_legacy_optimizer", False)
    written["optimizer_config"] = {"class_name": f"Custom>{optimizer['class_name']}", "config": config}
    return written


def tf_keras_optimizer_names(optimizer_name: str, names: list[str]) -> tuple[list[str], list[int]]:
    """The optimizer weights tf-keras 2.11+ writes, from Keras 3's list: ``iteration:0`` and the
    slots (``Adam/m/<weight>:0``...), the learning rate left out (tf-keras keeps it in the
    ``training_config``); tf-keras's and our loaders read them by position. Returns the names
    and the indices of ``names`` kept.

    Example: ``("Adam", ["iteration", "learning_rate", "dense_kernel_momentum"])`` ->
    ``(["iteration:0", "Adam/dense_kernel_momentum:0"], [0, 2])``.
    """
    kept = [index for index, name in enumerate(names) if name != "learning_rate"]
    written = [
        "iteration:0" if names[index] == "iteration" else f"{optimizer_name}/{names[index]}:0"
        for index in kept
    ]
    return written, kept
