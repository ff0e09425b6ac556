"""Keras model configs (the JSON inside a Keras file) -> statefulrnn layers and models.

Shared by the Keras 2 HDF5 reader (`keras_h5`) and the Keras 3 archive reader
(`keras_archive`). The config is plain JSON and is only ever *read*: a class name picks one
of statefulrnn's own classes from a fixed table, and nothing from the file is imported,
evaluated or unmarshalled (a ``Lambda`` layer's stored bytecode is refused, never touched).

What is kept: layer names, ``units``, activations (by name), ``use_bias``,
``unit_forget_bias``, ``reset_after``, ``return_sequences``/``return_state``,
``go_backwards``, ``stateful``, fixed batch sizes, dropout rates, ``merge_mode``, and the
functional graph (several inputs/outputs, ``initial_state=`` wiring, shared layers).

What is ignored because it cannot change what the model computes at inference:
initializers (the file supplies every weight), ``trainable``, ``unroll``,
``implementation``, ``use_cudnn``, ``zero_output_for_mask``, dropout ``seed``s, Keras 3's
``build_config``/``compile_config``/``shared_object_id``. Regularizers and constraints act
only while training with Keras: a non-null one is dropped with a warning that says so.

What is refused (`ValueError` naming the layer and the feature): any class we do not have
(``Lambda``, ``Masking``, ``TimeDistributed``, ``Embedding``, ...), a custom
``registered_name`` or non-Keras ``module``, ``time_major=True``, ragged/sparse inputs,
non-float dtype policies (``mixed_float16``), stacked cells in ``RNN``, Dropout with a
``noise_shape``, and any option we do not know that has a non-null value.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from .. import activations, layers, models

__all__ = ["KerasImportWarning", "build_layer", "build_model", "layer_entries"]

Config = dict[str, Any]

# Keys that never change inference results (the file supplies the weights; the rest are
# training-time or speed settings). Any value is accepted and dropped.
_IGNORED = {
    "trainable",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "unroll",
    "implementation",
    "use_cudnn",
    "zero_output_for_mask",
    "seed",
    "time_major",  # checked separately: only False is accepted
}
# Training-only extras: harmless for inference, dropped with a warning when not null.
_TRAINING_ONLY = {
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
}

# Constructor arguments each class takes straight from the config (same names in Keras).
_CELL_ARGS = ("units", "activation", "use_bias", "dropout", "recurrent_dropout")
_RNN_ARGS = ("return_sequences", "return_state", "go_backwards", "stateful")
_ARGS: dict[str, tuple[str, ...]] = {
    "SimpleRNNCell": _CELL_ARGS,
    "GRUCell": (*_CELL_ARGS, "recurrent_activation", "reset_after"),
    "LSTMCell": (*_CELL_ARGS, "recurrent_activation", "unit_forget_bias"),
    "Dense": ("units", "activation", "use_bias"),
    "Dropout": ("rate",),
}
_ARGS["SimpleRNN"] = _ARGS["SimpleRNNCell"] + _RNN_ARGS
_ARGS["GRU"] = _ARGS["GRUCell"] + _RNN_ARGS
_ARGS["LSTM"] = _ARGS["LSTMCell"] + _RNN_ARGS
_ARGS["RNN"] = _RNN_ARGS

_CLASSES: dict[str, Callable[..., Any]] = {
    "SimpleRNN": layers.SimpleRNN,
    "GRU": layers.GRU,
    "LSTM": layers.LSTM,
    "RNN": layers.RNN,
    "SimpleRNNCell": layers.SimpleRNNCell,
    "GRUCell": layers.GRUCell,
    "LSTMCell": layers.LSTMCell,
    "Dense": layers.Dense,
    "Dropout": layers.Dropout,
    "Bidirectional": layers.Bidirectional,
}
_MODEL_CLASSES = {"Sequential", "Functional", "Model"}


class KerasImportWarning(UserWarning):
    """A Keras setting was dropped on import that matters only when training with Keras."""


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
    if module is not None and not (module == "keras" or str(module).startswith(("keras.", "tf_keras."))):
        raise _refuse(f"{where} ({name})", f"a class from module {module!r}")
    config = entry.get("config") or {}
    if not isinstance(config, dict):
        raise ValueError(f"Malformed Keras config for {where} ({name}): 'config' is not an object.")
    return name, config


def _dtype(value: Any, where: str) -> str | None:
    """A Keras 2 dtype string or Keras 3 ``DTypePolicy`` -> ``"float32"``/``"float64"``."""
    if value is None:
        return None
    if isinstance(value, dict):  # Keras 3: {"class_name": "DTypePolicy", "config": {"name": ...}}
        value = (value.get("config") or {}).get("name")
    if value in ("float32", "float64"):
        return value
    raise _refuse(where, f"the dtype policy {value!r}")


def _activation(value: Any, where: str) -> str:
    if value is None:
        return "linear"
    if isinstance(value, str):
        try:
            activations.get(value)
        except (ValueError, KeyError, TypeError):
            raise _refuse(where, f"the activation {value!r}") from None
        return value
    raise _refuse(where, f"a custom activation object {value!r}")


def _take(class_name: str, config: Config, where: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """Constructor kwargs for ``class_name`` from ``config``; refuses what we cannot honour."""
    known = set(_ARGS.get(class_name, ())) | set(extra) | {"name", "dtype", "batch_input_shape"}
    kwargs: dict[str, Any] = {}
    for key, value in config.items():
        if key in known:
            if key == "dtype":
                dtype = _dtype(value, where)
                if dtype is not None:
                    kwargs["dtype"] = dtype
            elif key in ("activation", "recurrent_activation"):
                kwargs[key] = _activation(value, f"{where}, {key}")
            elif key == "batch_input_shape":
                if value is not None:
                    kwargs[key] = tuple(value)
            elif key not in extra:
                kwargs[key] = value
        elif key == "time_major" and value:
            raise _refuse(where, "time_major=True")
        elif key in _IGNORED:
            continue
        elif key in _TRAINING_ONLY:
            if value is not None:
                warnings.warn(
                    f"{where}: {key} is dropped on import (it acts only while training with Keras; "
                    f"outputs are unchanged).",
                    KerasImportWarning,
                    stacklevel=4,
                )
        elif value is not None:
            # An option we do not know: refusing is safer than guessing it has no effect.
            raise _refuse(where, f"the option {key}={value!r}")
    return kwargs


def build_layer(entry: Any, where: str | None = None) -> Any:
    """A statefulrnn layer (or cell) from one serialized Keras layer ``entry``.

    Example:
        >>> layer = build_layer({"class_name": "GRU", "config": {"name": "g", "units": 3, "stateful": True}})
        >>> type(layer).__name__, layer.name, layer.stateful
        ('GRU', 'g', True)
        >>> build_layer({"class_name": "Lambda", "config": {"name": "f", "function": "..."}})
        Traceback (most recent call last):
        ...
        ValueError: Cannot import layer 'f' (Lambda) from the Keras file: the layer class Lambda ...
    """
    name = entry.get("config", {}).get("name") if isinstance(entry, dict) else None
    where = where or f"layer {name!r}"
    class_name, config = check_class(entry, where)
    if class_name not in _CLASSES:
        raise _refuse(f"{where} ({class_name})", f"the layer class {class_name}")
    where = f"{where} ({class_name})" if class_name not in where else where
    if class_name == "Bidirectional":
        kwargs = _take(class_name, config, where, extra=("layer", "backward_layer", "merge_mode", "weights"))
        if config.get("weights") is not None:
            raise _refuse(where, "initial 'weights' in the config")
        inner = build_layer(config.get("layer"), f"{where}, wrapped layer")
        backward = config.get("backward_layer")
        if backward is not None:
            kwargs["backward_layer"] = build_layer(backward, f"{where}, backward layer")
        with warnings.catch_warnings():
            # A stateful Bidirectional is what the file holds; the layer's own warning about
            # chunking would only repeat what the user already chose in Keras.
            warnings.simplefilter("ignore")
            return layers.Bidirectional(inner, merge_mode=config.get("merge_mode", "concat"), **kwargs)
    if class_name == "RNN":
        kwargs = _take(class_name, config, where, extra=("cell",))
        cell = config.get("cell")
        if isinstance(cell, list) or (isinstance(cell, dict) and cell.get("class_name") == "StackedRNNCells"):
            raise _refuse(where, "a stack of cells (StackedRNNCells)")
        return layers.RNN(build_layer(cell, f"{where}, cell"), **kwargs)
    if class_name == "Dropout" and config.get("noise_shape") is not None:
        raise _refuse(where, f"Dropout noise_shape={config['noise_shape']!r}")
    kwargs = _take(class_name, config, where, extra=("noise_shape",))
    return _CLASSES[class_name](**kwargs)


def _input(config: Config, where: str) -> Any:
    """``layers.Input`` from a Keras InputLayer config (Keras 2 ``batch_input_shape``,
    Keras 3 ``batch_shape``)."""
    for flag in ("sparse", "ragged"):
        if config.get(flag):
            raise _refuse(where, f"{flag} inputs")
    shape = config.get("batch_shape", config.get("batch_input_shape"))
    if shape is None:
        raise ValueError(f"Malformed Keras config for {where}: no batch_shape.")
    return layers.Input(
        batch_shape=tuple(shape), name=config.get("name"), dtype=_dtype(config.get("dtype"), where)
    )


def layer_entries(model_config: Any) -> list[Config]:
    """The serialized layers of a Sequential/Functional config (checked to be one)."""
    class_name, config = check_class(model_config, "the model")
    if class_name not in _MODEL_CLASSES:
        raise _refuse(f"the model ({class_name})", f"the model class {class_name}")
    entries = config.get("layers")
    if not isinstance(entries, list):
        raise ValueError("Malformed Keras config: the model has no 'layers' list.")
    return entries


def build_model(model_config: Any) -> Any:
    """A statefulrnn `Sequential` or `Model` from a Keras model config (Keras 2 or 3).

    Example:
        >>> config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        ...     {"class_name": "InputLayer", "config": {"batch_input_shape": [2, None, 1], "name": "x"}},
        ...     {"class_name": "GRU", "config": {"name": "g", "units": 3, "stateful": True}}]}}
        >>> model = build_model(config)
        >>> model.get_layer("g").states[0].shape
        torch.Size([2, 3])
    """
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
            stack.insert(0, layers.Input(batch_shape=tuple(config["build_input_shape"])))
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


def _build_functional(entries: list[Config], config: Config, name: str | None) -> Any:
    built: dict[str, Any] = {}  # layer name -> statefulrnn layer
    outputs: dict[str, list[Any]] = {}  # layer name -> output of each node, in node order
    inputs_by_name: dict[str, Any] = {}

    def tensor(layer_name: str, node_index: int, tensor_index: int) -> Any:
        nodes = outputs.get(layer_name, [])
        if node_index >= len(nodes):
            raise _PendingError
        out = nodes[node_index]
        if isinstance(out, (list, tuple)):
            return out[tensor_index]
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
            return tensor(*value[:3])
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        return value

    todo: list[tuple[str, Config, int, Any]] = []
    for entry in entries:
        layer_name = entry.get("name") or (entry.get("config") or {}).get("name")
        where = f"layer {layer_name!r}"
        if entry.get("class_name") == "InputLayer":
            check_class(entry, where)
            inputs_by_name[layer_name] = outputs[layer_name] = [_input(entry["config"], where)]
            continue
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
                args, kwargs = _node_call(node, resolve, layer_name, recurrent)
            except _PendingError:
                waiting.append((layer_name, entry, index, node))
                continue
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
        resolved = [resolve(ref) for ref in refs or []]
        return resolved[0] if len(resolved) == 1 else resolved

    try:
        return models.Model(endpoints("input_layers"), endpoints("output_layers"), name=name)
    except _PendingError:
        raise ValueError(
            "Malformed Keras config: a model output comes from a node that is not in the model."
        ) from None


def _node_call(
    node: Any, resolve: Callable[[Any], Any], layer_name: str, recurrent: bool
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
        if key == "training" or (key == "mask" and value is None):
            continue  # inference: statefulrnn decides training mode from model.train()/eval()
        if key == "initial_state":
            call_kwargs[key] = resolve(value)  # resolved already when folded from Keras 2 inputs
            continue
        raise _refuse(where, f"the call argument {key}={value!r}")
    return args, call_kwargs
