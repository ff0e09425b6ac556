"""The user's sequences read into one array, checked, and gathered chunk by chunk.

Every sequence is converted and checked once, when the batcher is made, and copied back to back
into one float32 array: a chunk is then a single fancy-indexing gather from it, whatever the
number of sequences. pandas objects are read through ``.to_numpy()`` (duck typing: pandas is not
a dependency).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from .chunk import Chunk
from .layout import PADDING

NUMERIC_KINDS = "biuf"  # bool, signed and unsigned integers, floats


@dataclass(frozen=True, eq=False)
class Source:
    """All inputs (and per-step targets) back to back, and where each sequence sits in them.

    Attributes:
        x: ``(S, F)`` float32, every sequence's steps back to back.
        y: ``(S, C)`` float32 or ``(S,)`` int64 per-step targets aligned with ``x``; None otherwise.
        shift: with ``target="next_step"``/``"ahead"``, the target of step ``i`` is ``x[i + shift]``;
            0 when targets are given or absent.
        starts: ``(n,)`` int64, the index in ``x`` of each sequence's first step (increasing).
        lengths: ``(n,)`` int64, the input steps of each sequence after target alignment.
        one_long: whether the sequences are the streams of one long sequence.
    """

    x: np.ndarray
    y: np.ndarray | None
    shift: int
    starts: np.ndarray
    lengths: np.ndarray
    one_long: bool

    def gather(self, index: np.ndarray) -> Chunk:
        """The chunk whose ``(N, T)`` plan block is ``index`` (data indices, -1 for padding)."""
        mask = index != PADDING
        safe = np.where(mask, index, 0)  # any valid row; padded steps are zeroed after the gather
        sequence = np.searchsorted(self.starts, safe, side="right") - 1
        positions = np.where(mask, safe - self.starts[sequence], PADDING)
        x = self.x[safe]
        x[~mask] = 0
        y = None
        if self.y is not None:
            y = self.y[safe]
            y[~mask] = 0
        elif self.shift:
            y = self.x[np.where(mask, index + self.shift, 0)]
            y[~mask] = 0
        return Chunk(
            x=torch.from_numpy(x),
            y=None if y is None else torch.from_numpy(y),
            resets=torch.from_numpy(positions == 0),
            mask=torch.from_numpy(mask),
            sequence_ids=torch.from_numpy(np.where(mask, sequence, PADDING)),
            positions=torch.from_numpy(positions),
        )


def read_source(sequences: Any, targets: Any, *, shift: int, batch_size: int) -> Source:
    """Check and convert the batcher's ``sequences`` and ``targets`` (see ``SequenceBatcher``)."""
    arrays, one_long = _split_sequences(sequences)
    raw_lengths = np.array([len(a) for a in arrays], dtype=np.int64)
    x = _concatenate_inputs(arrays, one_long)
    raw_starts = np.cumsum(raw_lengths) - raw_lengths
    _check_finite(x, raw_starts, one_long)
    y = None if targets is None else _read_targets(targets, raw_lengths, one_long, raw_starts)
    _check_long_enough(raw_lengths, shift, one_long)
    lengths = raw_lengths - shift
    starts = raw_starts
    if one_long:
        starts, lengths = _streams(int(lengths[0]), batch_size, shift)
    return Source(x=x, y=y, shift=shift, starts=starts, lengths=lengths, one_long=one_long)


def _name(index: int, one_long: bool) -> str:
    return "the sequence" if one_long else f"sequence {index}"


def as_numeric_array(data: Any, what: str) -> np.ndarray:
    """``data`` (numpy, torch, pandas, nested lists) as a numpy array of numbers, not yet copied."""
    if isinstance(data, torch.Tensor):
        data = data.detach().cpu()
        data = (data.float() if data.dtype == torch.bfloat16 else data).numpy()  # numpy has no bfloat16
    elif hasattr(data, "to_numpy"):  # pandas Series / DataFrame
        data = data.to_numpy()
    try:
        array = np.asarray(data)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{what} is not a rectangular array of numbers: {error}") from None
    if array.dtype.kind not in NUMERIC_KINDS:
        raise TypeError(
            f"{what} must hold numbers (bool, int or float). Received: an array of dtype {array.dtype}"
            + (", which usually means mixed or missing values" if array.dtype == object else "")
        )
    return array


def _split_sequences(sequences: Any) -> tuple[list[np.ndarray], bool]:
    """The sequences as a list of arrays, and whether they are one long sequence.

    A list or tuple holds many sequences; a 3-D array ``(n, T, F)`` is n sequences of equal
    length; any other array (numpy, torch, pandas) is one long sequence.
    """
    if isinstance(sequences, Iterator):  # read once, it could not serve a second epoch
        raise TypeError("sequences must be an array or a list of arrays, not an iterator; pass list(...).")
    if isinstance(sequences, (list, tuple)):
        if not sequences:
            raise ValueError("sequences is empty: give one array, or a list of at least one sequence.")
        return [_sequence_array(item, f"sequence {i}") for i, item in enumerate(sequences)], False
    array = as_numeric_array(sequences, "sequences")
    if array.ndim == 3:
        return [_sequence_array(item, f"sequence {i}") for i, item in enumerate(array)], False
    return [_sequence_array(array, "the sequence")], True


def _sequence_array(data: Any, what: str) -> np.ndarray:
    array = as_numeric_array(data, what)
    if array.ndim == 0:
        raise ValueError(
            f"{what} is a single number; each sequence must be an array of steps, (T,) or (T, F). "
            "One long sequence is passed as one array (e.g. np.asarray(values)), not as a list of numbers."
        )
    if array.ndim > 2:
        raise ValueError(f"{what} must be (T,) or (T, F). Received: shape {tuple(array.shape)}")
    if len(array) == 0:
        raise ValueError(
            f"{what} has no steps (shape {tuple(array.shape)}); every sequence needs at least 1."
        )
    return array


def _concatenate_inputs(arrays: Sequence[np.ndarray], one_long: bool) -> np.ndarray:
    """``(S, F)`` float32, all sequences back to back (one copy)."""
    features = [1 if a.ndim == 1 else a.shape[1] for a in arrays]
    if features[0] == 0:
        raise ValueError(f"{_name(0, one_long)} has 0 features (shape {tuple(arrays[0].shape)}).")
    for index, count in enumerate(features):
        if count != features[0]:
            raise ValueError(
                f"Every sequence needs the same number of features: sequence 0 has shape "
                f"{tuple(arrays[0].shape)} ({features[0]} features) but sequence {index} has shape "
                f"{tuple(arrays[index].shape)} ({count} features)."
            )
    # Values beyond float32's range become inf here; the finiteness check then names them.
    with np.errstate(over="ignore"):
        return np.concatenate([a.reshape(len(a), -1) for a in arrays], axis=0, dtype=np.float32)


def _check_finite(data: np.ndarray, raw_starts: np.ndarray, one_long: bool, what: str = "") -> None:
    """Refuse NaN and inf in ``(S, F)`` data: one poisons a row's state for the rest of its sequence."""
    finite = np.isfinite(data)
    if finite.all():
        return
    flat = int(np.argmin(finite.all(axis=1)))
    feature = int(np.argmin(finite[flat]))
    sequence = int(np.searchsorted(raw_starts, flat, side="right") - 1)
    raise ValueError(
        f"{what}{_name(sequence, one_long)} has a non-finite value ({data[flat, feature]}) at step "
        f"{flat - int(raw_starts[sequence])}, feature {feature}. Values must be finite float32 numbers "
        f"(beyond ±3.4e38 they become inf): clean, impute or rescale the data before batching."
    )


def _read_targets(
    targets: Any, raw_lengths: np.ndarray, one_long: bool, raw_starts: np.ndarray
) -> np.ndarray:
    """Per-step targets: ``(S,)`` int64 class labels, or ``(S, C)`` float32."""
    if one_long:
        if isinstance(targets, (list, tuple)):
            targets = as_numeric_array(targets, "targets")  # a plain list of values for the one sequence
        arrays = [_sequence_array(targets, "targets")]
    else:
        if not isinstance(targets, (list, tuple)):
            targets = list(as_numeric_array(targets, "targets"))  # (n, T) or (n, T, C): n sequences
        if len(targets) != len(raw_lengths):
            raise ValueError(
                f"targets must hold one array per sequence: {len(raw_lengths)} sequences, "
                f"{len(targets)} targets."
            )
        arrays = [_sequence_array(t, f"targets of sequence {i}") for i, t in enumerate(targets)]
    for index, (array, length) in enumerate(zip(arrays, raw_lengths.tolist())):
        if len(array) != length:
            raise ValueError(
                f"targets are not aligned with the inputs: {_name(index, one_long)} has {length} steps but "
                f"its targets have {len(array)} (shape {tuple(array.shape)}); with target='per_step' "
                f"each step needs one target."
            )
    labels = [a.ndim == 1 and a.dtype.kind in "iu" for a in arrays]
    if any(labels) and not all(labels):
        plain, other = labels.index(True), labels.index(False)
        raise ValueError(
            f"targets mix integer class labels (targets of sequence {plain}, shape "
            f"{tuple(arrays[plain].shape)}) and other targets (targets of sequence {other}, shape "
            f"{tuple(arrays[other].shape)}, dtype {arrays[other].dtype}); use one kind for all."
        )
    if all(labels):
        return np.concatenate(arrays, dtype=np.int64)
    y = _concatenate_inputs(arrays, one_long)  # same shape rules as inputs: (T,) means C=1
    _check_finite(y, raw_starts, one_long, "the targets of ")
    return y


def _check_long_enough(raw_lengths: np.ndarray, shift: int, one_long: bool) -> None:
    """With targets taken ``shift`` steps ahead, a sequence of ``shift`` steps or fewer has no
    (input, target) pair at all: refused by name rather than silently dropped."""
    short = np.flatnonzero(raw_lengths <= shift)
    if len(short):
        index = int(short[0])
        others = f" ({len(short) - 1} more too short)" if len(short) > 1 else ""
        raise ValueError(
            f"{_name(index, one_long)} has {int(raw_lengths[index])} steps, too short to give one "
            f"(input, target) pair with targets {shift} step(s) ahead: it needs at least {shift + 1}"
            f"{others}. Drop or merge short sequences before batching."
        )


def _streams(steps: int, batch_size: int, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and length of each of ``batch_size`` contiguous streams cut from one long sequence.

    Every (input, target) step is kept: the first ``steps % batch_size`` streams are one step
    longer than the others (whose rows are padded for that one step at the end).
    """
    if steps < batch_size:
        pairs = f" ({steps + shift} steps, {steps} (input, target) pairs)" if shift else f" ({steps} steps)"
        raise ValueError(
            f"One long sequence is cut into batch_size={batch_size} parallel streams, but it is too "
            f"short for that{pairs}: it needs at least {batch_size}. Use a smaller batch_size."
        )
    base, extra = divmod(steps, batch_size)
    lengths = np.full(batch_size, base, dtype=np.int64)
    lengths[:extra] += 1
    return np.cumsum(lengths) - lengths, lengths
