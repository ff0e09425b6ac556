"""Keras's ``timeseries_dataset_from_array``: batches of sliding windows over one series.

Each window is ``sequence_length`` steps of ``data``, ``sampling_rate`` steps apart, and windows
start every ``sequence_stride`` steps; window ``i`` (starting at step ``start_index + p``) takes
the target ``targets[start_index + p]``. These are the windows of a stateless model, each row on
its own, as Keras's utility makes them (the same windows, in the same order without shuffling,
tested against Keras); a stateful model reads one long series as consecutive chunks instead
(`SequenceBatcher`).

Keras returns a ``tf.data.Dataset``; this returns a `WindowDataset` holding the series and
reading each batch's windows when iterated (numpy indexing, no copy of the series up front), with
the part of ``tf.data``'s interface that Keras programs use on such a dataset: iteration (each
pass a new epoch), ``len``, ``take(n)`` and ``as_numpy_iterator()``. Batches are numpy arrays
that also answer ``.numpy()`` (`Batch`), as TensorFlow's eager tensors do both (numpy's functions
on them, ``inputs.numpy().shape``), in the data's own dtype as TensorFlow keeps it; ``fit``,
``evaluate`` and ``predict`` take the dataset as they take any iterable of batches, and a model
called on a batch takes it as any array.

Example:
    >>> series = np.arange(10)
    >>> dataset = timeseries_dataset_from_array(series, series * 10, sequence_length=3, batch_size=4)
    >>> len(dataset)
    2
    >>> inputs, targets = next(iter(dataset))
    >>> inputs.tolist(), targets.tolist()
    ([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]], [0, 10, 20, 30])
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch


def timeseries_dataset_from_array(
    data: Any,
    targets: Any,
    sequence_length: int,
    sequence_stride: int = 1,
    sampling_rate: int = 1,
    batch_size: int | None = 128,
    shuffle: bool = False,
    seed: int | None = None,
    start_index: int | None = None,
    end_index: int | None = None,
) -> WindowDataset:
    """Sliding windows over ``data`` (axis 0 is time) in batches, as Keras's function of this name.

    Args:
        data: an array (numpy, a torch tensor, anything ``np.asarray`` reads) of ``(steps, ...)``.
        targets: ``targets[i]`` goes with the window starting at step ``i`` (of ``data``, counted
            from its start), or None for windows alone.
        sequence_length: steps in a window.
        sequence_stride: steps between the starts of two windows.
        sampling_rate: steps between two steps of a window.
        batch_size: windows per batch (the last batch may hold fewer); None yields windows one by
            one, without a batch axis.
        shuffle: windows in a random order, a new one each pass over the dataset.
        seed: the shuffle's seed (drawn from numpy's global generator when None, as Keras does).
        start_index, end_index: windows use only steps ``start_index <= t < end_index`` of ``data``
            (unlike Keras, ``end_index`` may be ``len(data)``: the whole series).

    Shapes:
        Each batch is ``(windows (b, sequence_length, ...), targets (b, ...))``, or the windows
        alone when ``targets`` is None.

    Returns:
        A `WindowDataset`.

    Raises:
        ValueError: Keras's errors for indices, strides and rates out of range; also a
            ``sequence_length`` or ``batch_size`` that is not a positive integer, and ``targets``
            too short for the windows (Keras fails there only when the dataset is read).

    Example:
        >>> windows = timeseries_dataset_from_array(np.arange(99), None, 10,
        ...                                         sampling_rate=2, sequence_stride=3)
        >>> batch = next(iter(windows))
        >>> batch[0].tolist(), batch[-1].tolist()
        ([0, 2, 4, 6, 8, 10, 12, 14, 16, 18], [78, 80, 82, 84, 86, 88, 90, 92, 94, 96])
    """
    series = _as_array(data, "data")
    length = len(series)
    _check_positive(sequence_length, "sequence_length")
    if batch_size is not None:
        _check_positive(batch_size, "batch_size")
    start = _index(start_index, 0, "start_index")
    end = _index(end_index, length, "end_index")
    if not 0 <= start < length:
        raise ValueError(
            "`start_index` must be 0 or greater and lower than the length of the data. "
            f"Received: start_index={start_index}, for data of length {length}"
        )
    if not start < end <= length:
        raise ValueError(
            "`end_index` must be higher than `start_index` and at most the length of the data. "
            f"Received: start_index={start_index}, end_index={end_index}, for data of length {length}"
        )
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        _check_positive(value, name)
        if value >= length:
            raise ValueError(
                f"`{name}` must be lower than the length of the data. Received: {name}={value}, "
                f"for data of length {length}"
            )
    # Keras's count: windows that fit before end_index, and no more than there are targets
    count = end - start - (sequence_length - 1) * sampling_rate
    labels = None
    if targets is not None:
        labels = _as_array(targets, "targets")
        count = min(count, len(labels))
    positions = np.arange(0, max(count, 0), sequence_stride, dtype=np.int64)
    if labels is not None and len(positions) and start + positions[-1] >= len(labels):
        raise ValueError(
            f"`targets` holds {len(labels)} entries, but the window starting at step "
            f"{start + positions[-1]} needs targets[{start + positions[-1]}]: give one target per step "
            "of `data` (from its start)."
        )
    if shuffle:
        if seed is None:
            seed = int(np.random.randint(1e6))  # as Keras: reproducible under np.random.seed
        np.random.RandomState(seed).shuffle(positions)
    return WindowDataset(
        series, labels, positions + start, np.arange(sequence_length) * sampling_rate, batch_size,
        np.random.default_rng(seed) if shuffle else None,
    )  # fmt: skip


class Batch(np.ndarray):
    """A batch as `WindowDataset` hands it out: a numpy array that also answers ``.numpy()``,
    as the TensorFlow tensors a ``tf.data.Dataset`` yields do, since Keras programs do both:
    numpy's functions on a batch (``np.sum(np.abs(preds - targets))``, Deep Learning with
    Python's baseline), which a torch tensor refuses, and ``batch.numpy()``.

    Example:
        >>> batch = np.arange(4.0).reshape(2, 2).view(Batch)
        >>> float(np.sum(np.abs(batch - 1.0))), type(batch.numpy()).__name__
        (4.0, 'ndarray')
    """

    def numpy(self) -> np.ndarray:
        """The batch as a plain numpy array (sharing its data), as a TensorFlow tensor's."""
        return self.view(np.ndarray)


class WindowDataset:
    """Windows of one series in batches: what `timeseries_dataset_from_array` returns.

    Holds the series, the targets, each window's first step and the steps of a window; a pass
    over it reads each batch's windows then (``series[first + offsets]``). With a shuffle, each
    pass visits the windows in a new order drawn from its own generator.
    """

    def __init__(
        self,
        series: np.ndarray,
        targets: np.ndarray | None,
        firsts: np.ndarray,
        offsets: np.ndarray,
        batch_size: int | None,
        shuffler: np.random.Generator | None,
        batches: int | None = None,
    ) -> None:
        self._series, self._targets, self._firsts, self._offsets = series, targets, firsts, offsets
        self._batch_size, self._shuffler = batch_size, shuffler
        whole = len(firsts) if batch_size is None else math.ceil(len(firsts) / batch_size)
        self._batches = whole if batches is None else min(batches, whole)

    def __len__(self) -> int:
        """Batches in a pass (windows, without ``batch_size``), as ``len`` of a ``tf.data.Dataset``."""
        return self._batches

    def __iter__(self) -> Iterator[Any]:
        firsts = self._firsts if self._shuffler is None else self._shuffler.permutation(self._firsts)
        size = self._batch_size
        for index in range(self._batches):
            if size is None:
                yield self._element(firsts[index], self._targets is None)
            else:
                yield self._element(firsts[index * size : (index + 1) * size], self._targets is None)

    def take(self, count: int) -> WindowDataset:
        """The first ``count`` batches of each pass (all of them for ``count=-1``), as
        ``tf.data.Dataset.take``."""
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < -1:
            raise ValueError(f"take needs a count of batches >= 0, or -1 for all. Received: {count!r}")
        return WindowDataset(
            self._series, self._targets, self._firsts, self._offsets, self._batch_size, self._shuffler,
            self._batches if count == -1 else int(count),
        )  # fmt: skip

    def as_numpy_iterator(self) -> Iterator[Any]:
        """The batches as plain numpy arrays, as ``tf.data.Dataset.as_numpy_iterator``."""
        for element in self:
            yield element.numpy() if isinstance(element, Batch) else tuple(t.numpy() for t in element)

    def _element(self, firsts: Any, windows_only: bool) -> Any:
        windows = self._series[np.add.outer(firsts, self._offsets)].view(Batch)
        if windows_only:
            return windows
        return windows, np.array(self._targets[firsts]).view(Batch)

    def __repr__(self) -> str:
        return f"WindowDataset(batches={self._batches}, batch_size={self._batch_size})"


def _as_array(values: Any, name: str) -> np.ndarray:
    """``values`` as a numpy array of numbers in native byte order (as torch shares them)."""
    array = values.detach().cpu().numpy() if isinstance(values, torch.Tensor) else np.asarray(values)
    if array.ndim == 0 or array.dtype.kind not in "biuf":
        raise ValueError(
            f"`{name}` must be an array of numbers whose axis 0 is time. Received: "
            + (f"a scalar {values!r}" if array.ndim == 0 else f"an array of dtype {array.dtype}")
        )
    return array if array.dtype.isnative else array.astype(array.dtype.newbyteorder("="))


def _check_positive(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}")


def _index(value: Any, default: int, name: str) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"`{name}` must be an integer or None. Received: {name}={value!r}")
    return int(value)
