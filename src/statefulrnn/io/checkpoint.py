"""Whole models on disk: architecture, weights, and optionally states and optimizer, in one file.

A model file is a safetensors file. Its metadata (strings) holds ``format:
"statefulrnn.model"``, ``version: "2"`` (version 1 files load too: their checksum covers the
tensors only, see `statefulrnn.io._container`), ``model`` (the architecture as JSON, see
`statefulrnn.io.config`) and, when saved, ``optimizer`` and ``compile`` (JSON). Its tensors:

- ``weights/<index>:<Keras weight path>``: every weight, in its own dtype (float32 unless the
  model is float64 or float16), in Keras order and layout
  (the keys of a weights file, see `statefulrnn.io.weights`, under ``weights/``);
- ``state/<layer path>/<i>`` (``include_states=True``): the i-th state of each stateful layer;
- ``optimizer/<parameter index>/<name>`` (``include_optimizer=True``): the optimizer's
  per-parameter tensors (Adam's ``momentum`` and ``velocity``, ...).

With the optimizer, the file also records compile's ``loss``, ``metrics``, ``loss_weights`` and
``weighted_metrics``, and `load_model` returns the model compiled, ready to resume ``fit`` where
it stopped. Losses and metrics are recorded by name (``loss="mse"``, ``metrics=["accuracy"]``,
in lists and dicts by output; functions by their names, the program's own included), objects by
their class's name and ``get_config()`` (``losses.Huber()``, a program's ``HuberLoss(2.0)``), as
Keras records them; only statefulrnn's optimizers (``"adam"``, ``Adam(...)``) are. Loading
never runs code from a file: a program's function or class is found in its ``custom_objects``
or registry. A ``lambda`` (no name to find it by) or a learning-rate schedule given as a
function makes ``save(include_optimizer=True)`` refuse.

Loading never unpickles nor imports: it reads arrays and JSON and builds statefulrnn classes
named in a fixed list, and layer classes of the program's own only where the loading program
hands them over (``custom_objects``, a scope, the registry: see `statefulrnn.io.config`).
Everything is checked and built before `load_model` returns, so an error gives no model at all,
never a partly loaded one.

A file's cost to load is bounded by its size: the architecture is first built on torch's meta
device (shapes without memory), every weight shape it implies must equal the one stored, and
what it would allocate besides (states of a stateful batch) must stay under
``4 x file size + 64 MiB``; only then is the model built for real.

Example:
    >>> import os, tempfile
    >>> from statefulrnn import GRU, Dense, Sequential, load_model
    >>> model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1)), Dense(1)])
    >>> _ = model(torch.ones(2, 4, 1))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.safetensors")
    ...     model.save(path, include_states=True)
    ...     twin = load_model(path)
    >>> x = torch.ones(2, 2, 1)
    >>> torch.equal(twin(x), model(x))
    True
"""

from __future__ import annotations

import json
import os
import types
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import torch

from .. import saving
from ._atomic import write_atomically
from ._container import keras_file_kind, pack, read_json, unpack
from ._cost import check_cost, limit_for, reads_values, within_budget
from .config import _short, deserialize_layer, dry_build, serialize_layer
from .weights import MODEL_FORMAT, MODEL_WEIGHTS, WEIGHT_DTYPES, _check_fit, _ordered_keys, weight_tensors

FORMAT = MODEL_FORMAT
_WEIGHTS, _STATE, _OPTIMIZER = MODEL_WEIGHTS, "state/", "optimizer/"


def save_model(
    model: Any, path: str | os.PathLike[str], include_states: bool = False, include_optimizer: bool = False
) -> None:
    """Write ``model`` (architecture and weights; states and optimizer if asked) to ``path``,
    atomically: a failure leaves the old file, if any, as it was.

    Args:
        model: a built statefulrnn model or layer.
        path: the file to write, e.g. ``"model.safetensors"``; its folder must exist.
        include_states: also store every stateful layer's current states.
        include_optimizer: also store the compiled optimizer's state and compile's loss and
            metrics, so that the loaded model resumes training exactly.

    Raises:
        ValueError: the model cannot be described by a file (a torch module that is no
            `Layer`, a program's layer whose ``get_config`` cannot describe it, a Python
            function as an argument, loss or metric); nothing is written then. A `Layer`
            subclass of the program's own is saved by name and config (`statefulrnn.io.config`).
    """
    model._require_built("save")
    metadata = {"model": json.dumps(serialize_layer(model))}
    tensors = weight_tensors(model, prefix=_WEIGHTS)
    if include_states:
        tensors.update(state_tensors(model.get_states()))
    if include_optimizer:
        compiled, optimizer_tensors = _optimizer_record(model)
        metadata.update(compiled)
        tensors.update(optimizer_tensors)
    write_atomically(os.fspath(path), pack(tensors, FORMAT, metadata))


def load_model(
    path: str | os.PathLike[str],
    custom_objects: Mapping[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """The model saved at ``path`` by `save_model` (``model.save``), with its weights, and
    its states and compiled optimizer if the file has them; or the model of a Keras file
    (Keras 3's ``.keras``, Keras 2's ``.h5``, told by their first bytes), read by
    `statefulrnn.io.load_keras`, as ``keras.models.load_model`` reads it.

    Args:
        path: the file.
        custom_objects: the program's own classes and functions by name, as Keras takes
            them: layer classes (``{"Attention": Attention}``, `Layer` subclasses, rebuilt
            by their ``from_config``), and a Keras file's own losses and metrics (``{"my_loss":
            my_loss}``), for compiling the model as the file says. Those registered with
            `statefulrnn.saving.register_keras_serializable`, or in an open
            ``custom_object_scope``, are found without it. A file only names them: its
            ``module`` is never imported.
        compile: False loads the model uncompiled, without the file's optimizer state.
        safe_mode: Keras's switch for files that carry code; nothing in a file is ever run
            here (a ``Lambda`` layer's function is the loading program's own, found by its
            code: `statefulrnn.layers.lambda_code`), so either value loads the same.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: not a statefulrnn model file (truncated, damaged, another format or a
            newer version), or one whose content does not fit together (the message names
            the file and the problem).
        TypeError: ``custom_objects`` not a dict, or ``compile`` / ``safe_mode`` not a bool.
    """
    path = os.fspath(path)
    if custom_objects is not None and not isinstance(custom_objects, Mapping):
        raise TypeError(f"custom_objects must be a dict of names. Received: {type(custom_objects).__name__}")
    for name, flag in (("compile", compile), ("safe_mode", safe_mode)):
        if not isinstance(flag, bool):
            raise TypeError(f"load_model: {name} must be True or False. Received: {flag!r}")
    if keras_file_kind(path) is not None:  # a Keras file, as keras.models.load_model reads one
        from .keras_load import load_keras

        return load_keras(path, custom_objects=custom_objects, compile=compile)
    hints = {"statefulrnn.weights": " (a weights file: load it with model.load_weights)"}
    metadata, arrays = unpack(path, FORMAT, "statefulrnn model", hints)
    if not compile:
        metadata = {key: value for key, value in metadata.items() if key not in ("optimizer", "compile")}
        arrays = {key: value for key, value in arrays.items() if not key.startswith(_OPTIMIZER)}
    try:
        with saving.custom_object_scope(dict(custom_objects or {})):
            return _rebuild(metadata, arrays, path, os.path.getsize(path))
    except (ValueError, TypeError, KeyError, IndexError, RuntimeError, json.JSONDecodeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        raise ValueError(f"{path!r} cannot be loaded as a statefulrnn model: {message}") from None


# ----- pieces of saving ---------------------------------------------------------------------


def _array(tensor: torch.Tensor) -> np.ndarray:
    return np.ascontiguousarray(tensor.detach().cpu().numpy())


def state_tensors(states: dict[str, Any]) -> dict[str, np.ndarray]:
    """``model.get_states()`` as files hold it: ``state/<layer path>/<i>``."""
    return {
        f"{_STATE}{layer_path}/{index}": _array(value)
        for layer_path, values in states.items()
        for index, value in enumerate(values)
    }


def _optimizer_record(model: Any) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """Metadata ``optimizer`` and ``compile`` and the optimizer's tensors.

    Raises:
        ValueError: what `optimizer_refusal` says.
    """
    refusal = optimizer_refusal(model)
    if refusal is not None:
        raise ValueError(refusal)
    spec = model.__dict__["_compile_spec"]
    compiled = json.dumps({key: compile_names(spec.get(key), key, model.name) for key in COMPILE_KEYS})
    text, tensors = optimizer_record(model.optimizer, model.name)
    return {"optimizer": text, "compile": compiled}, tensors


def optimizer_refusal(model: Any) -> str | None:
    """Why a model file cannot hold ``model``'s optimizer and compile arguments (not compiled,
    a torch optimizer, a loss or metric that is not a name), or None when it can."""
    from ..optimizers import KerasOptimizer

    spec = model.__dict__.get("_compile_spec")
    if spec is None:
        return (
            f"Model '{model.name}' is not compiled, so it has no optimizer to save: call compile(...) "
            f"first, or save with include_optimizer=False."
        )
    try:
        for key in COMPILE_KEYS:
            compile_names(spec.get(key), key, model.name)
    except ValueError as error:
        return str(error)
    optimizer = model.optimizer
    if not isinstance(optimizer, KerasOptimizer):
        return (
            f"Model '{model.name}' trains with a {type(optimizer).__name__}; a model file can hold only "
            f"statefulrnn's optimizers (statefulrnn.optimizers). Save with include_optimizer=False and "
            f"keep optimizer.state_dict() yourself."
        )
    return None


def optimizer_record(optimizer: Any, owner: str) -> tuple[str, dict[str, np.ndarray]]:
    """One of our optimizers' state as files hold it: JSON (class, config, parameter groups,
    iterations, per-parameter scalars) and the per-parameter tensors, ``optimizer/<index>/<name>``.

    Raises:
        ValueError: settings JSON cannot hold (a learning-rate schedule given as a function).
    """
    state = optimizer.state_dict()
    tensors, scalars = {}, {}
    for index, values in state["state"].items():
        for name, value in values.items():
            if isinstance(value, torch.Tensor):
                tensors[f"{_OPTIMIZER}{index}/{name}"] = _array(value)
            else:
                scalars.setdefault(str(index), {})[name] = value
    from ..optimizers import serialize  # the optimizers import the layers, which import this

    record = {
        **serialize(optimizer),  # class_name and config (and a legacy class's module)
        "param_groups": state["param_groups"],
        "iterations": state["iterations"],
        "scalars": scalars,
    }
    try:
        return json.dumps(record, allow_nan=True), tensors
    except TypeError as error:  # a learning-rate schedule (a function) in the config
        raise ValueError(
            f"Model '{owner}': the optimizer's settings cannot be stored in a file ({error}); a "
            f"learning-rate schedule given as a function cannot. Save with include_optimizer=False."
        ) from None


# compile's arguments a model file records (files before loss_weights and weighted_metrics
# were recorded have only the first two).
COMPILE_KEYS = ("loss", "metrics", "loss_weights", "weighted_metrics")


def compile_names(value: Any, what: str, model_name: str) -> Any:
    """One of compile's arguments as JSON: names, None, and (``loss_weights``) numbers, in
    lists and dicts; one of `statefulrnn.losses`' or `statefulrnn.metrics`' functions by its
    name (``losses.sparse_categorical_crossentropy`` -> ``"sparse_categorical_crossentropy"``);
    an object of one of their classes (``losses.Huber()``, ``metrics.Precision(...)``) as Keras
    serializes it, ``{"module": "keras.losses", "class_name": "Huber", "config": {...}}``,
    which `compile_objects` makes again; a function of the program's own (a hand-written
    ``r2_keras`` metric) by its name, as Keras 3 writes it (``{"class_name": "function",
    "config": "r2_keras", ...}``; its registered name where it has one), and an object of the
    program's own class (a ``keras.losses.Loss`` subclass's ``HuberLoss(2.0)``) by its class's
    name and ``get_config()`` (see `_program_object`), which loading finds only in the
    program's ``custom_objects`` or registry (a file holds no code).

    Raises:
        ValueError: anything else, such as a ``lambda`` (no name to find it by), or a program's
            object whose ``get_config()`` fails.
    """
    from .. import losses, metrics

    if value is None or isinstance(value, str):
        return value
    if what == "loss_weights" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return [compile_names(item, what, model_name) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: compile_names(item, what, model_name) for key, item in value.items()}
    module = losses if what == "loss" else metrics
    name = getattr(value, "__name__", None)
    if isinstance(value, types.FunctionType) and getattr(module, name, None) is value:
        return name
    if getattr(module, type(value).__name__, None) is type(value) and hasattr(value, "get_config"):
        from ..saving import serialize_keras_object  # one of our classes: made again by name

        return serialize_keras_object(value)
    if isinstance(value, types.FunctionType) and what != "loss_weights" and name != "<lambda>":
        from ..saving import serialize_keras_object  # found by name in the loading program

        return serialize_keras_object(value)
    kind = {"loss": "loss", "loss_weights": "loss weight"}.get(what, "metric")
    if what != "loss_weights" and hasattr(value, "get_config") and not isinstance(value, type):
        return _program_object(value, kind, model_name)
    raise ValueError(
        f"Model '{model_name}' was compiled with the {kind} {value!r}, which has no name to be found "
        f"by: a model file records compile's loss and metrics by name (loading never runs code from "
        f"a file; a function of your own is found by its name in load_model's custom_objects). "
        f"Compile with names or named functions, or save with include_optimizer=False."
    )


def _program_object(value: Any, kind: str, model_name: str) -> dict[str, Any]:
    """An object of the program's own loss or metric class (a ``keras.losses.Loss`` subclass's
    ``HuberLoss(2.0)``) as Keras 3 serializes it: ``{"module", "class_name", "config":
    value.get_config(), "registered_name"}`` (the module null for ``__main__``'s, as Keras 3
    writes it), which loading makes again by the class's ``from_config`` where the loading
    program has the class (``custom_objects``, the registry).

    Raises:
        ValueError: a ``get_config`` that fails or gives what JSON cannot hold.
    """
    from ..saving import serialize_keras_object

    try:
        record = serialize_keras_object(value)
        json.dumps(record)
    except (TypeError, ValueError, NotImplementedError) as error:
        raise ValueError(
            f"Model '{model_name}' was compiled with the {kind} {type(value).__name__}, whose "
            f"get_config() cannot be stored in a file ({error}): a model file records a class of "
            f"your own by its name and get_config(). Make get_config() return the arguments of "
            f"__init__, or save with include_optimizer=False."
        ) from None
    if record.get("module") == "__main__":
        record["module"] = None
    return record


def compile_objects(value: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """A compile argument as a file holds it, with each loss or metric object Keras serialized
    (as `compile_names` writes ours) made again where statefulrnn has its class, and each
    function Keras serialized (``{"class_name": "function", "config": "my_loss" or
    "package>my_loss", ...}``) or name that ``custom_objects`` or the registry holds replaced by
    that object; a ``MeanMetricWrapper`` (tf-keras's record of each metric given by name or as
    a function) made with its function found so, under its name; a loss or metric object of a
    class ``custom_objects`` or the registry holds made by its ``from_config`` (see
    `_program_class_object`); what is not found stays as it was (`not_made` lists it).

    Raises:
        TypeError: a program's class whose ``from_config`` does not take the file's config.
    """
    from .. import metrics
    from ..saving import keras_loss_or_metric, named_custom_object, own_function

    if isinstance(value, str):
        return named_custom_object(value, custom_objects) or value
    if isinstance(value, list):
        return [compile_objects(item, custom_objects) for item in value]
    if (
        isinstance(value, dict)
        and value.get("class_name") == "function"
        and isinstance(value.get("config"), str)
    ):
        return named_custom_object(value["config"], custom_objects) or value
    if isinstance(value, dict) and "class_name" not in value:
        return {key: compile_objects(item, custom_objects) for key, item in value.items()}
    if isinstance(value, dict) and value.get("class_name") == "MeanMetricWrapper":
        options = value.get("config")
        function = options.get("fn") if isinstance(options, dict) else None
        if isinstance(function, str):
            function = named_custom_object(function, custom_objects) or own_function(function)
        if not callable(function):
            return value
        return metrics.MeanMetricWrapper(function, name=options.get("name", function.__name__))
    if isinstance(value, dict):  # a program's class first (as Keras looks), then one of ours
        made = _program_class_object(value, custom_objects)
        made = keras_loss_or_metric(value) if made is None else made
        return value if made is None else made
    return value


def _program_class_object(value: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Any:
    """The object of a serialized loss or metric (``{"class_name": "HuberLoss", "config":
    {...}}`` as tf-keras writes it; Keras 3 adds ``registered_name``) whose class the loading
    program has (``custom_objects``, an open scope, the registry: by its registered name, then
    its class name), made by the class's ``from_config(config)`` as Keras makes it; None where
    the program has no such class.

    Raises:
        TypeError: a config that the class's ``from_config`` does not take (named).
    """
    from ..saving import get_registered_object

    names = (value.get("registered_name"), value.get("class_name"))
    found = next(
        (
            found
            for name in dict.fromkeys(name for name in names if isinstance(name, str))
            if isinstance(found := get_registered_object(name, custom_objects), type)
        ),
        None,
    )
    if found is None or not hasattr(found, "from_config"):
        return None
    config = value.get("config")
    try:
        return found.from_config(dict(config) if isinstance(config, Mapping) else {})
    except TypeError as error:
        raise TypeError(f"{found.__name__}.from_config({config!r}) failed: {error}") from None


def not_made(value: Any) -> Iterator[tuple[str, str]]:
    """What a compile argument (after `compile_objects`) still holds as the file wrote it, not
    made into a loss or metric (in lists and dicts by output), as ``(kind, name)``: ``("class",
    "HuberLoss")``, ``("function", "r2_keras")``; names, numbers, None and objects were made."""
    if isinstance(value, list):
        for item in value:
            yield from not_made(item)
    elif isinstance(value, dict) and "class_name" not in value:
        for item in value.values():
            yield from not_made(item)
    elif isinstance(value, dict):
        config, class_name = value.get("config"), value.get("class_name")
        if isinstance(config, str):
            yield "function", config
        elif class_name == "MeanMetricWrapper" and isinstance(config, dict):
            yield "function", str(config.get("fn"))
        else:
            yield "class", str(value.get("registered_name") or class_name)


def not_made_message(kind: str, name: str) -> str:
    """Why compile's ``kind`` ``name`` (a `not_made` entry) was not made, and the fix."""
    short = name.rpartition(">")[2]
    return (
        f"compile's {kind} {name!r} is not one statefulrnn has, nor in custom_objects or the "
        f"registry: pass it to load_model in custom_objects={{{short!r}: {short}}}, or register it "
        f"with keras.saving.register_keras_serializable()"
    )


# ----- pieces of loading --------------------------------------------------------------------


def _rebuild(metadata: dict[str, str], arrays: dict[str, np.ndarray], path: str, size: int) -> Any:
    unknown = [key for key in arrays if not key.startswith((_WEIGHTS, _STATE, _OPTIMIZER))]
    if unknown:
        raise ValueError(f"unexpected tensor {unknown[0]!r}")
    if "model" not in metadata:
        raise ValueError("the file has no architecture ('model' metadata)")
    config = read_json(metadata, "model")
    stored = _stored_weights(arrays, path)
    # The architecture on the meta device first: a config that does not fit the file (GRU
    # units=20000 beside a 3-unit kernel, a batch of 1e8) is refused before any memory is taken.
    # A program's layer that reads weight values as it builds is built for real, within the
    # file's limit, and kept.
    try:
        skeleton, real = dry_build(config), False
    except RuntimeError as error:
        if not reads_values(error):
            raise
        skeleton, real = within_budget(lambda: deserialize_layer(config), limit_for(size)), True
    stored = _in_model_order(stored, [name for name, _ in _weight_shapes(skeleton)])
    _check_fit(skeleton, _weight_shapes(skeleton), stored, path)
    check_cost(skeleton, size)
    model = skeleton if real else deserialize_layer(config)
    model.set_weights([array for _, array in stored])
    states = stored_states(arrays)
    if states:
        model.set_states(states)
    if "optimizer" in metadata:
        _restore_optimizer(model, metadata, arrays)
    return model


def stored_states(arrays: dict[str, np.ndarray]) -> dict[str, list[torch.Tensor]]:
    """The states of `state_tensors`' entries, by layer path (empty when there are none)."""
    states: dict[str, list[tuple[int, np.ndarray]]] = {}
    for key, array in arrays.items():
        if key.startswith(_STATE):
            layer_path, _, index = key[len(_STATE) :].rpartition("/")
            states.setdefault(layer_path, []).append((int(index), array))
    return {name: [torch.from_numpy(a) for _, a in sorted(pairs)] for name, pairs in states.items()}


def _in_model_order(stored: list[tuple[str, np.ndarray]], names: list[str]) -> list[tuple[str, np.ndarray]]:
    """The file's weights in the order of the model's weight paths ``names``, where the file
    holds each of those paths once: a model rebuilt from the file's own config has the file's
    layer names, so a weight goes to its own place even when the model lists its layers in
    another order than the one that saved it (statefulrnn listed a functional model's layers in
    call order before Keras's depth order). Else the saved order, as it was."""
    by_name = dict(stored)
    if len(by_name) != len(stored) or sorted(by_name) != sorted(names):
        return stored
    return [(name, by_name[name]) for name in names]


def _stored_weights(arrays: dict[str, np.ndarray], path: str) -> list[tuple[str, np.ndarray]]:
    """The file's ``(weight path, array)`` pairs, in their saved order."""
    keys = [key[len(_WEIGHTS) :] for key in arrays if key.startswith(_WEIGHTS)]
    stored = [(name, arrays[_WEIGHTS + key]) for key, name in _ordered_keys(keys, path)]
    for name, array in stored:
        if array.dtype not in WEIGHT_DTYPES:
            raise ValueError(f"weight {name!r} is {array.dtype}, not a float16/32/64 weight")
    return stored


def _weight_shapes(model: Any) -> list[tuple[str, tuple[int, ...]]]:
    return [(name, tuple(weight.shape)) for name, weight in model.named_weights()]


def _restore_optimizer(model: Any, metadata: dict[str, str], arrays: dict[str, np.ndarray]) -> None:
    from ..optimizers import get

    if "compile" not in metadata:
        raise ValueError("the file has an optimizer but no 'compile' entry")
    compiled = _entries(read_json(metadata, "compile"), "compile", {})
    record = _entries(read_json(metadata, "optimizer"), "optimizer", _OPTIMIZER_ENTRIES)
    optimizer = get({key: record[key] for key in ("class_name", "config", "module") if key in record})
    arguments = {key: compile_objects(compiled.get(key)) for key in COMPILE_KEYS}
    unknown = next((entry for value in arguments.values() for entry in not_made(value)), None)
    if unknown is not None:
        raise ValueError(not_made_message(*unknown))
    model.compile(optimizer=optimizer, **arguments)
    model.optimizer.load_state_dict(optimizer_state(model.optimizer, record, arrays))


def optimizer_state(optimizer: Any, record: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """The ``state_dict`` that `optimizer_record`'s ``record`` (parsed JSON) and the file's
    ``optimizer/`` tensors make for ``optimizer``, checked against its parameters and groups
    (loading it cannot then fail, nor leave the optimizer half set).

    Raises:
        ValueError: the record or a tensor does not fit (the message names which).
    """
    record = _entries(record, "optimizer", _OPTIMIZER_ENTRIES)
    parameters = [p for group in optimizer.param_groups for p in group["params"]]
    state: dict[int, dict[str, Any]] = {}
    for index, values in record["scalars"].items():
        state.setdefault(_parameter_index(index, parameters), {}).update(_entries(values, "scalars", {}))
    for key, array in arrays.items():
        if key.startswith(_OPTIMIZER):
            text, _, name = key[len(_OPTIMIZER) :].partition("/")
            index = _parameter_index(text, parameters)
            tensor, parameter = torch.from_numpy(array.copy()), parameters[index]
            if tensor.shape != parameter.shape or tensor.dtype != parameter.dtype:
                raise ValueError(
                    f"optimizer tensor {key!r} is {array.dtype} {array.shape}; its parameter is "
                    f"{parameter.dtype} {tuple(parameter.shape)}"
                )
            state.setdefault(index, {})[name] = tensor
    _check_groups(record["param_groups"], optimizer.param_groups)
    return {"state": state, "param_groups": record["param_groups"], "iterations": record["iterations"]}


def _check_groups(saved: list[Any], groups: list[dict[str, Any]]) -> None:
    """The saved parameter groups hold the settings of the optimizer the config made, each of
    the same type (a callback may have changed a learning rate, never its type); torch's
    ``load_state_dict`` would take any value and fail only when training."""
    if len(saved) != len(groups):
        raise ValueError(
            f"the optimizer's state has {len(saved)} parameter groups; the model has {len(groups)}"
        )
    for group, ours in zip(saved, groups):
        if not isinstance(group, dict) or set(group) != set(ours):
            raise ValueError(
                f"a parameter group of the optimizer's state is {_short(group)}; expected keys {sorted(ours)}"
            )
        for key, value in group.items():
            if key == "params":
                fits = isinstance(value, list) and all(type(index) is int for index in value)
            else:
                fits = type(value) is type(ours[key]) or {type(value), type(ours[key])} == {int, float}
            if not fits:
                raise ValueError(
                    f"the optimizer's setting {key!r} is {_short(value)}; the optimizer holds a "
                    f"{type(ours[key]).__name__} there"
                )


_OPTIMIZER_ENTRIES = {
    "class_name": str,
    "config": dict,
    "param_groups": list,
    "iterations": int,
    "scalars": dict,
}


def _entries(value: Any, key: str, types: dict[str, type]) -> dict[str, Any]:
    """``value`` (the JSON of metadata entry ``key``), checked to be an object holding ``types``."""
    if not isinstance(value, dict):
        raise ValueError(f"its {key!r} entry is a {type(value).__name__}, not a JSON object")
    for name, kind in types.items():
        if name not in value:
            raise ValueError(f"its {key!r} entry has no {name!r}")
        if not isinstance(value[name], kind) or isinstance(value[name], bool):
            raise ValueError(
                f"its {key!r} entry's {name!r} is a {type(value[name]).__name__}, not a {kind.__name__}"
            )
    return value


def _parameter_index(text: str, parameters: list[torch.Tensor]) -> int:
    """An optimizer entry's parameter index (a str of digits), checked against the model's."""
    if not (text.isascii() and text.isdigit() and int(text) < len(parameters)):
        raise ValueError(
            f"the optimizer's state names parameter {text!r}; the model has parameters 0 to "
            f"{len(parameters) - 1}"
        )
    return int(text)
