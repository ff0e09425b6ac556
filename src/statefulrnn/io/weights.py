"""Weights on disk: every weight of a model, in Keras order and layout, in one safetensors file.

A file holds one tensor per weight, keyed ``"<index>:<Keras weight path>"`` (``"000:sequential/
lstm/lstm_cell/kernel"``): the zero-padded index keeps Keras's order (safetensors sorts its
keys) and keeps the keys unique. Its metadata says ``format: statefulrnn.weights``,
``version: 2`` (version 1 files load too; see `statefulrnn.io._container`). safetensors holds
plain arrays only, so loading runs no code (no pickle).

Weights load in order, layer by layer, as Keras 2's ``load_weights`` does, so the layers may be
named differently (a second model built in the same process gets ``lstm_1``; a sampling model
may hold ``dense`` where the training model held ``time_distributed/dense``). Each weight's own
name (``kernel``, ``bias``, ...) and shape must agree, and so must the count: any difference is
refused before a weight changes.

Example:
    >>> import os, tempfile
    >>> from statefulrnn import Dense, Sequential
    >>> model = Sequential([Dense(2, input_shape=(3,))])
    >>> twin = Sequential([Dense(2, input_shape=(3,))])  # named sequential_1/dense_1
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.weights.safetensors")
    ...     save_weights(model, path)
    ...     load_weights(twin, path)
    >>> all(np.array_equal(a, b) for a, b in zip(model.get_weights(), twin.get_weights()))
    True
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from ._atomic import write_atomically
from ._container import keras_file_kind, pack, unpack

if TYPE_CHECKING:
    from ..layers.base import Layer

FORMAT = "statefulrnn.weights"
# A model file (`checkpoint`) holds its weights under this prefix, beside states and optimizer.
MODEL_FORMAT, MODEL_WEIGHTS = "statefulrnn.model", "weights/"
_KEY = re.compile(r"([0-9]{1,9}):(.+)")
_COUNTER = re.compile(r"_\d+$")


def save_weights(model: Layer, path: str | os.PathLike[str]) -> None:
    """Write all of ``model``'s weights to the safetensors file ``path``, atomically.

    The file is written under a temporary name in the same folder, synced to disk, then
    renamed over ``path``: a failure at any point leaves the old file (if any) as it was.

    Args:
        model: a built model or layer (anything with ``named_weights`` and ``get_weights``).
        path: the file to write, e.g. ``"model.weights.safetensors"``; its folder must exist.
            A folder (a path ending in ``/``, as tf-keras's checkpoint prefixes, or an existing
            folder) gets the file `FOLDER_FILE` in it (the folder made), which `load_weights`
            of the same path reads.
    """
    write_atomically(_weights_file(os.fspath(path), making=True), pack(weight_tensors(model), FORMAT))


# The file a folder given as a weights path holds (see `_weights_file`).
FOLDER_FILE = "checkpoint.weights.safetensors"


def _weights_file(path: str, making: bool = False) -> str:
    """The file a weights ``path`` means: ``path`` itself, or, where it names a folder (it ends
    in a separator, as a tf-keras checkpoint prefix does: ``save_weights("out/weights/")``, or
    the folder exists), `FOLDER_FILE` in it, the folder made first when ``making``."""
    if not (path.endswith(("/", os.sep)) or os.path.isdir(path)):
        return path
    if making:
        os.makedirs(path, exist_ok=True)
    return os.path.join(path, FOLDER_FILE)


# The dtypes files keep weights in: each weight's own (a float64 model's stay float64).
WEIGHT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def weight_tensors(model: Layer, prefix: str = "") -> dict[str, np.ndarray]:
    """``{prefix + "<index>:<Keras weight path>": array}`` in each weight's own floating dtype,
    as weights files hold them (model files hold the same entries under ``prefix="weights/"``).

    Raises:
        ValueError: ``model`` not built (a file of no weights would load into nothing).
    """
    model._require_built("saving its weights")  # get_weights gives [] for an unbuilt model, as Keras
    arrays = model.get_weights()
    width = max(3, len(str(len(arrays) - 1)))
    return {
        # asarray(order="C"), not ascontiguousarray, which makes a scalar weight (a
        # Normalization's count) one of shape (1,)
        f"{prefix}{index:0{width}d}:{name}": np.asarray(
            array, dtype=array.dtype if array.dtype in WEIGHT_DTYPES else np.float32, order="C"
        )
        for index, ((name, _), array) in enumerate(zip(model.named_weights(), arrays))
    }


def load_weights(
    model: Layer, path: str | os.PathLike[str], *, by_name: bool = False, skip_mismatch: bool = False
) -> None:
    """Set ``model``'s weights from a file `save_weights` wrote, the weights of a model file
    (``model.save``), or a Keras file's (`statefulrnn.io.load_keras_weights`, as Keras's
    ``load_weights`` reads ``.keras`` and ``.h5`` files).

    Weights are matched in order, as Keras 2 does (see the module notes). Every weight is
    checked (count, kind, shape) before any is set, so on an error the model keeps the weights
    it had.

    ``by_name`` pairs a model's layers with the file's by layer name, passing over layers only
    one side has, as Keras 2's ``load_weights(by_name=True)`` does with its HDF5 files (which
    Keras 2 programs name ``.h5``; here such names hold this format). ``skip_mismatch`` passes
    over, with a warning, each layer whose stored weights do not fit it (layers then pair in
    order, or by name).

    Raises:
        ValueError: the file is not a statefulrnn weights file (another format, truncated,
            not safetensors), or its weights do not fit the model (the message names the
            weight: what the model expects and what the file has).
        FileNotFoundError: there is no file at ``path``.
        ValueError: ``model`` not built yet, for a Keras file, ``by_name`` or ``skip_mismatch``.

    A subclassed model not built yet (the TensorFlow char-RNN sampler's ``load_weights`` before
    ``build``) takes the file's weights as its weights are made, as tf-keras restores its
    checkpoints: the file is read and checked now, its weights checked against the model's and
    set right after its build (`apply_pending_weights`); a Keras file (a subclassed model's
    ``.weights.h5``, whose paths follow the attributes its build fills) is read then.
    """
    path = _weights_file(os.fspath(path))
    kind = keras_file_kind(path)
    deferred = not (model.built or by_name or skip_mismatch) and model.__dict__.get("_subclassed")
    if deferred:
        model.__dict__["_pending_weights"] = (_read(path) if kind is None else None, path)
        return
    model._require_built("loading weights into it")
    if kind is not None:  # a Keras file, as Keras's load_weights reads one
        from .keras_load import load_keras_weights

        load_keras_weights(model, path, by_name=by_name, skip_mismatch=skip_mismatch)
        return
    stored = _read(path)
    if by_name or skip_mismatch:
        from .keras_load import assign_by_layer

        assign_by_layer(model, _by_layer(stored), path, by_name=by_name, skip_mismatch=skip_mismatch)
        return
    _assign(model, stored, path)


def apply_pending_weights(model: Layer) -> None:
    """Set the weights a `load_weights` before its build left for ``model``, now built (from
    `Layer.build`); on a mismatch the model keeps the weights its build made, and the error
    names the file."""
    stored, path = model.__dict__.pop("_pending_weights")
    if stored is None:  # a Keras file: its weights lie where Keras walks the model now built
        from .keras_load import load_keras_weights

        load_keras_weights(model, path)
        return
    _assign(model, stored, path)


def _assign(model: Layer, stored: list[tuple[str, np.ndarray]], path: str) -> None:
    expected = [(name, weight.shape) for name, weight in model.named_weights()]
    # Files written before 2026-12-07 hold a scalar weight (a Normalization's count) as (1,).
    scalars = {index for index, (_, shape) in enumerate(expected) if shape == ()}
    stored = [
        (name, array.reshape(()) if index in scalars and array.shape == (1,) else array)
        for index, (name, array) in enumerate(stored)
    ]
    _check_fit(model, expected, stored, path)
    model.set_weights([array for _, array in stored])


# ----- reading ------------------------------------------------------------------------------


def _read(path: str) -> list[tuple[str, np.ndarray]]:
    """The ``(weight path, array)`` pairs of a weights file (or of a model file's weights, as
    Keras's ``load_weights`` reads a ``.keras`` file's), in their saved order."""
    metadata, tensors = unpack(path, (FORMAT, MODEL_FORMAT), "statefulrnn weights")
    if metadata["format"] == MODEL_FORMAT:
        tensors = {
            key[len(MODEL_WEIGHTS) :]: array
            for key, array in tensors.items()
            if key.startswith(MODEL_WEIGHTS)
        }
    for key, array in tensors.items():
        if array.dtype not in WEIGHT_DTYPES:
            raise ValueError(f"{path!r} is not a statefulrnn weights file: tensor {key!r} is {array.dtype}.")
    return [(name, tensors[key]) for key, name in _ordered_keys(list(tensors), path)]


def _by_layer(stored: list[tuple[str, np.ndarray]]) -> list[tuple[str, list[tuple[str, np.ndarray]]]]:
    """The stored weights grouped by the top-level layer holding them (the path's part after
    the model's name: ``sequential/lstm/lstm_cell/kernel`` -> ``lstm``), in order."""
    groups: dict[str, list[tuple[str, np.ndarray]]] = {}
    for name, array in stored:
        parts = name.split("/")
        groups.setdefault(parts[1] if len(parts) > 2 else parts[0], []).append((name, array))
    return list(groups.items())


def _ordered_keys(keys: list[str], path: str) -> list[tuple[str, str]]:
    """``[(key, weight path)]`` sorted by the index each key starts with."""
    indexed = []
    for key in keys:
        match = _KEY.fullmatch(key)
        if match is None:
            raise ValueError(f"{path!r} is not a statefulrnn weights file: tensor key {key!r} has no index.")
        indexed.append((int(match[1]), key, match[2]))
    indexed.sort()
    if [index for index, _, _ in indexed] != list(range(len(indexed))):
        raise ValueError(
            f"{path!r} is not a statefulrnn weights file: its weight indices are not 0, 1, 2, ..."
        )
    return [(key, name) for _, key, name in indexed]


def _check_fit(
    model: Any, expected: list[tuple[str, tuple[int, ...]]], stored: list[tuple[str, np.ndarray]], path: str
) -> None:
    for index, ((name, shape), (found_name, array)) in enumerate(zip(expected, stored)):
        if _same_structure(name, found_name) and tuple(array.shape) == shape:
            continue
        raise ValueError(
            f"Weight {index} of {path!r} does not fit model '{model.name}': the model expects {name} of "
            f"shape {shape}, the file has {found_name} of shape {tuple(array.shape)}."
        )
    if len(expected) != len(stored):
        extra = [name for name, _ in expected[len(stored) :]] or [name for name, _ in stored[len(expected) :]]
        owner = "model" if len(expected) > len(stored) else "file"
        raise ValueError(
            f"{path!r} holds {len(stored)} weights, but model '{model.name}' has {len(expected)}; "
            f"only the {owner} has: {', '.join(extra)}."
        )


def _same_structure(name: str, found: str) -> bool:
    """The same kind of weight (the last part of the path, less the counter Keras adds to
    repeated names); the layers holding it may be named differently, as in Keras 2."""
    return _COUNTER.sub("", name.rsplit("/", 1)[-1]) == _COUNTER.sub("", found.rsplit("/", 1)[-1])
