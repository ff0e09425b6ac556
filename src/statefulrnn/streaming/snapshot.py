"""The stream snapshot file: every open stream's id and state, for `StreamPool.snapshot` and
`StreamPool.restore`.

A snapshot is one of our safetensors files (`statefulrnn.io._container`): format
``statefulrnn.streams``, metadata ``streams`` (the ids, a JSON list) and ``layers`` (the stateful
layers, a JSON list of ``[path, [state widths]]``), and a tensor ``state/<path>/<i>`` of shape
``(streams, width)`` per state, rows in the order of the ids. Its checksum covers the ids too, so
a flipped byte in an id is refused rather than handing one stream another's state.

Ids are JSON's strings and integers, and keep their type: ``"1"`` and ``1`` are two streams, in
a file as in a pool. Booleans are refused (Python's ``True == 1``: a pool would take them for one
stream), and so are duplicates, states that are not finite, and anything missing or mistyped,
each with a one-line ValueError naming the file.

Example:
    >>> import os, tempfile
    >>> states = {"gru": (torch.ones(2, 3),)}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "streams.safetensors")
    ...     write_snapshot(path, ["a", 7], states)
    ...     ids, read = read_snapshot(path, {"gru": (3,)}, torch.float32)
    >>> ids, read["gru"][0].shape
    (['a', 7], torch.Size([2, 3]))
"""

from __future__ import annotations

import json
import os
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import torch

from ..io._atomic import write_atomically
from ..io._container import pack, read_json, unpack
from ..io.config import _short

FORMAT = "statefulrnn.streams"


class NonFiniteStateError(ValueError):
    """`StreamPool.snapshot` found states holding NaN or an infinity; ``stream_ids`` lists
    their streams (a caller can close or reset them and snapshot again)."""

    def __init__(self, message: str, stream_ids: list[Hashable]) -> None:
        super().__init__(message)
        self.stream_ids = stream_ids


def check_stream_id(stream_id: Any) -> None:
    """Refuse an id that cannot name one stream for its whole life.

    Raises:
        TypeError: an unhashable id, or a bool (``True == 1``: it would share a stream with 1).
        ValueError: an id not equal to itself (``float('nan')``): no later call could find it.
    """
    try:
        hash(stream_id)
        same = bool(stream_id == stream_id)
    except Exception:  # an unhashable id, or one whose == does not give a truth value
        raise TypeError(f"A stream id must be hashable and comparable. Received: {stream_id!r}") from None
    if isinstance(stream_id, (bool, np.bool_)):
        raise TypeError(
            f"A stream id cannot be a bool: True == 1 in Python, so it would share a stream with the "
            f"int. Received: {stream_id!r}"
        )
    if not same:
        raise ValueError(
            f"A stream id must equal itself, or no later call can find its stream. Received: {stream_id!r}"
        )


def write_snapshot(
    path: str | os.PathLike[str], ids: Sequence[Hashable], states: Mapping[str, Sequence[torch.Tensor]]
) -> None:
    """Write the streams ``ids`` with ``states`` (``{layer path: ((streams, width), ...)}``,
    rows in the order of ``ids``) to ``path``, atomically.

    Raises:
        TypeError: an id that is not a str or an int (ids are stored as JSON).
        NonFiniteStateError: a state holding NaN or an infinity (a ValueError naming the
            streams); nothing is written.
    """
    for stream_id in ids:
        if not isinstance(stream_id, (str, int)) or isinstance(stream_id, bool):
            raise TypeError(
                f"A snapshot stores stream ids as JSON, so they must be str or int. "
                f"Received: stream id {stream_id!r} ({type(stream_id).__name__})"
            )
    arrays = {
        f"state/{layer}/{index}": value.detach().cpu().numpy()
        for layer, values in states.items()
        for index, value in enumerate(values)
    }
    bad = _not_finite(arrays, ids)
    if bad:
        raise NonFiniteStateError(
            f"The state of stream(s) {_listed(bad)} holds NaN or infinite values, so the snapshot "
            f"cannot be saved; reset or close those streams first.",
            bad,
        )
    metadata = {
        "streams": json.dumps(list(ids)),
        "layers": json.dumps(
            [[layer, [value.shape[1] for value in values]] for layer, values in states.items()]
        ),
    }
    write_atomically(os.fspath(path), pack(arrays, FORMAT, metadata))


def read_snapshot(
    path: str | os.PathLike[str], sizes: Mapping[str, tuple[int, ...]], dtype: torch.dtype
) -> tuple[list[Hashable], dict[str, tuple[torch.Tensor, ...]]]:
    """The ids and states of the snapshot at ``path``, checked whole, for a model whose stateful
    layers have ``sizes`` (``{path: state widths}``), as ``dtype`` tensors keyed by its paths.

    Layers match by position and state widths: a model rebuilt in code may carry other
    automatic names (``gru_3`` for ``gru_1``) and still be the same model.

    Raises:
        FileNotFoundError: no such file.
        ValueError: not a snapshot, damaged, malformed (the message says what), or made with a
            model whose stateful layers differ.
    """
    name = os.fspath(path)
    metadata, arrays = unpack(name, FORMAT, "stream snapshot")
    try:
        saved = _layers(read_json(metadata, "layers"))
        ids = _ids(read_json(metadata, "streams"))
    except ValueError as error:
        raise ValueError(f"{name!r} is not a valid stream snapshot: {error}.") from None
    ours = list(sizes.items())
    if [widths for _, widths in saved] != [tuple(widths) for _, widths in ours]:
        raise ValueError(
            f"{name!r} holds states of stateful layers {dict(saved)}, but this pool's model has {dict(ours)}."
        )
    expected = {
        f"state/{layer}/{index}": (len(ids), width)
        for layer, widths in saved
        for index, width in enumerate(widths)
    }
    for key, array in arrays.items():
        if key not in expected:
            raise ValueError(f"{name!r} is not a valid stream snapshot: unexpected tensor {key!r}.")
        if array.dtype.kind != "f" or array.shape != expected[key]:
            raise ValueError(
                f"{name!r} is damaged: tensor {key!r} is {array.dtype} {array.shape}, expected a float "
                f"array of shape {expected[key]} (a row per stream)."
            )
    missing = sorted(set(expected) - set(arrays))
    if missing:
        raise ValueError(f"{name!r} is not a valid stream snapshot: it has no tensor {missing[0]!r}.")
    bad = _not_finite(arrays, ids)
    if bad:
        raise ValueError(
            f"{name!r} is damaged: the state of stream(s) {_listed(bad)} holds NaN or infinite values."
        )
    states = {
        our_layer: tuple(
            torch.from_numpy(arrays[f"state/{layer}/{index}"]).to(dtype) for index in range(len(widths))
        )
        for (layer, widths), (our_layer, _) in zip(saved, ours)
    }
    return ids, states


def _layers(value: Any) -> list[tuple[str, tuple[int, ...]]]:
    """The ``layers`` entry: ``[[path, [width, ...]], ...]``, paths distinct, widths ints > 0."""
    if not isinstance(value, list):
        raise ValueError(f"its 'layers' entry is a {type(value).__name__}, not a list")
    layers = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], str)
            and isinstance(item[1], list)
            and all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in item[1])
        ):
            raise ValueError(f"its 'layers' entry holds {_short(item)}, not [layer path, [state widths]]")
        layers.append((item[0], tuple(item[1])))
    if len({layer for layer, _ in layers}) != len(layers):
        raise ValueError("its 'layers' entry names a layer twice")
    return layers


def _ids(value: Any) -> list[Hashable]:
    """The ``streams`` entry: a list of distinct ids, each a str or an int (not a bool)."""
    if not isinstance(value, list):
        raise ValueError(f"its 'streams' entry is a {type(value).__name__}, not a list")
    for item in value:
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            raise ValueError(f"its 'streams' entry holds the id {_short(item)}; ids are str or int")
    if len(set(value)) != len(value):  # no bools, so no two ids of different types are equal
        seen: set[Hashable] = set()
        twice = next(item for item in value if item in seen or seen.add(item))
        raise ValueError(f"its 'streams' entry names stream {twice!r} twice")
    return value


def _not_finite(arrays: Mapping[str, np.ndarray], ids: Sequence[Hashable]) -> list[Hashable]:
    """The streams whose states (rows of ``arrays``) are not all finite."""
    bad = np.zeros(len(ids), bool)
    for array in arrays.values():
        bad |= ~np.isfinite(array).all(axis=1)
    return [ids[row] for row in np.flatnonzero(bad)]


def _listed(ids: list[Hashable]) -> str:
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    return ", ".join(map(repr, ids[:5])) + more
