"""A training run's state in one file, put back into the same model: what `BackupAndRestore`
keeps so that an interrupted ``fit`` resumes where it stopped.

The file (safetensors, format ``statefulrnn.training_state``) holds the model's weights (as a
model file does, under ``weights/``), the states of its stateful layers (``state/``, with their
order in the metadata: they are matched in order, as weights are), the
optimizer's state (``optimizer/``, with its record in the metadata, as a model file records
it) and a small JSON ``progress`` the caller chooses (`BackupAndRestore`: the epoch to resume
at). Unlike a model file it holds no architecture nor compile settings: it is read back into
the model that wrote it (or its twin), so any loss or metric, a user's function included, is
fine. The one file is written atomically, so weights, states, optimizer and progress always
come from the same moment.

Everything is checked against the model before anything is set: a file that does not fit
(another architecture, another optimizer) raises ValueError and leaves the model as it was.

Example:
    >>> import os, tempfile
    >>> from statefulrnn import GRU, Sequential
    >>> model = Sequential([GRU(2, stateful=True, batch_input_shape=(1, None, 1))])
    >>> model.compile(optimizer="adam", loss="mse")
    >>> _ = model.fit(np.ones((1, 3, 1)), np.ones((1, 2)), verbose=0)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "state.safetensors")
    ...     save_training_state(model, path, {"epoch": 1})
    ...     twin = Sequential([GRU(2, stateful=True, batch_input_shape=(1, None, 1))])
    ...     twin.compile(optimizer="adam", loss="mse")
    ...     progress = restore_training_state(twin, path)
    >>> ((state,),), ((twin_state,),) = model.get_states().values(), twin.get_states().values()
    >>> progress, twin.optimizer.iterations, torch.equal(twin_state, state)
    ({'epoch': 1}, 1, True)
"""

from __future__ import annotations

import json
import os
from typing import Any

from ._atomic import write_atomically
from ._container import pack, read_json, unpack
from .checkpoint import (
    _OPTIMIZER,
    _STATE,
    _WEIGHTS,
    _stored_weights,
    _weight_shapes,
    optimizer_record,
    optimizer_state,
    state_tensors,
    stored_states,
)
from .weights import _check_fit, weight_tensors

FORMAT = "statefulrnn.training_state"


def save_training_state(
    model: Any, path: str | os.PathLike[str], progress: dict[str, Any], states: dict[str, Any] | None = None
) -> None:
    """Write ``model``'s weights, states (``states`` in place of its current ones, if given) and
    optimizer state, with ``progress`` (JSON), to ``path``, atomically.

    Raises:
        ValueError: the model is not compiled with one of statefulrnn's optimizers (a
            ``torch.optim`` optimizer's state cannot be kept without pickling it), or the
            optimizer's settings cannot be written (a learning-rate schedule given as a function).
    """
    optimizer = keepable_optimizer(model)
    tensors = weight_tensors(model, prefix=_WEIGHTS)
    states = model.get_states() if states is None else states
    tensors.update(state_tensors(states))
    # the layers in the model's order: a twin built in the same process names them otherwise
    metadata = {"progress": json.dumps(progress), "states": json.dumps(list(states))}
    if optimizer is not None:
        metadata["optimizer"], optimizer_tensors = optimizer_record(optimizer, model.name)
        tensors.update(optimizer_tensors)
    write_atomically(os.fspath(path), pack(tensors, FORMAT, metadata))


def keepable_optimizer(model: Any) -> Any:
    """``model``'s optimizer (None when it is not compiled), one whose state a file can keep.

    Raises:
        ValueError: a ``torch.optim`` optimizer: its state could only be kept by pickling it.
    """
    from ..optimizers import KerasOptimizer

    optimizer = getattr(model, "optimizer", None) if model.__dict__.get("_compile_spec") else None
    if optimizer is not None and not isinstance(optimizer, KerasOptimizer):
        raise ValueError(
            f"Model '{model.name}' trains with a {type(optimizer).__name__}; a training state can keep "
            "only statefulrnn's optimizers (statefulrnn.optimizers): their state is tensors and JSON, "
            "where a torch.optim optimizer's would need pickling."
        )
    return optimizer


def restore_training_state(model: Any, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Put the weights, states and optimizer state of ``path`` into ``model``; returns the
    file's progress.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: not a training state file, damaged, or one that does not fit ``model`` (the
            message names the file and what differs); the model is then left as it was.
    """
    path = os.fspath(path)
    metadata, arrays = unpack(path, FORMAT, "statefulrnn training state")
    try:
        unknown = [key for key in arrays if not key.startswith((_WEIGHTS, _STATE, _OPTIMIZER))]
        if unknown:
            raise ValueError(f"unexpected tensor {unknown[0]!r}")
        progress = read_json(metadata, "progress")
        if not isinstance(progress, dict):
            raise ValueError(f"its progress is a {type(progress).__name__}, not a JSON object")
        stored = _stored_weights(arrays, path)
        _check_fit(model, _weight_shapes(model), stored, path)
        states = _matched_states(model, stored_states(arrays), read_json(metadata, "states"))
        optimizer = keepable_optimizer(model)
        if ("optimizer" in metadata) != (optimizer is not None):
            raise ValueError(
                "it holds an optimizer's state but the model is not compiled"
                if optimizer is None
                else "the model is compiled but the file holds no optimizer state"
            )
        optimizer_dict = None
        if optimizer is not None:
            record = read_json(metadata, "optimizer")
            if not isinstance(record, dict) or record.get("class_name") != type(optimizer).__name__:
                found = record.get("class_name") if isinstance(record, dict) else record
                raise ValueError(
                    f"it holds the state of a {found!r} optimizer; the model trains with "
                    f"{type(optimizer).__name__}"
                )
            optimizer_dict = optimizer_state(optimizer, record, arrays)
    except (ValueError, TypeError, KeyError, IndexError, json.JSONDecodeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        raise ValueError(f"{path!r} cannot be restored into model '{model.name}': {message}") from None
    model.set_weights([array for _, array in stored])
    model.set_states(states)
    if optimizer_dict is not None:
        optimizer.load_state_dict(optimizer_dict)
    return progress


def _matched_states(model: Any, stored: dict[str, Any], order: Any) -> dict[str, Any]:
    """The file's states under the model's layer names, matched in order as the weights are,
    checked (counts and shapes)."""
    current = model.get_states()
    if not isinstance(order, list) or sorted(order) != sorted(stored):
        raise ValueError("its list of stateful layers does not match its states")
    if len(order) != len(current):
        raise ValueError(
            f"it holds the states of {len(order)} layers; the model has {len(current)} stateful layers"
        )
    matched = {}
    for (name, values), stored_name in zip(current.items(), order):
        shapes = [tuple(value.shape) for value in stored[stored_name]]
        expected = [tuple(value.shape) for value in values]
        if shapes != expected:
            raise ValueError(
                f"the states of layer {stored_name!r} have shapes {shapes}; the model's layer {name!r} "
                f"has {expected}"
            )
        matched[name] = stored[stored_name]
    return matched
