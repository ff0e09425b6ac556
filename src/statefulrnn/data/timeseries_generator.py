"""Keras 2's ``TimeseriesGenerator`` (``keras.preprocessing.sequence``): batches of windows cut
from one series, each window with the target at the step after it, for ``fit``, ``evaluate``
and ``predict``.

Window ``row`` holds ``data[row - length : row : sampling_rate]`` and its target is
``targets[row]``, for ``row`` from ``start_index + length`` to ``end_index`` (the last step by
default), every ``stride`` steps; batches take ``batch_size`` windows in order (or, with
``shuffle``, ``batch_size`` rows drawn with numpy's global generator, as tf-keras draws them),
``reverse`` turns each window back to front. Batch for batch the same arrays as tf-keras 2.21's
(``tests/fixtures/timeseries_generator``). Keras 3 dropped the class for
``timeseries_dataset_from_array`` (`statefulrnn.data.timeseries_dataset_from_array`), which
programs written since use; the many written before run unchanged here.

Example:
    >>> series = np.arange(10.0)
    >>> batches = TimeseriesGenerator(series, series, length=3, batch_size=2)
    >>> len(batches)
    4
    >>> x, y = batches[0]
    >>> x.tolist(), y.tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]], [3.0, 4.0])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .py_dataset import PyDataset


class TimeseriesGenerator(PyDataset):
    """Windows of ``data`` with their next-step ``targets``, in batches (see the module notes).

    Args:
        data: the series, ``(T, ...)`` (an array or anything indexable by slices).
        targets: one target per step of ``data``, ``(T, ...)``.
        length: the steps each window spans (before ``sampling_rate``).
        sampling_rate: keep every ``sampling_rate``-th step of a window.
        stride: steps between the ends of successive windows.
        start_index, end_index: the first and last steps windows may end before (``end_index``:
            the last step by default).
        shuffle: draw each batch's windows at random (numpy's global generator).
        reverse: each window back to front.
        batch_size: windows per batch.

    Raises:
        ValueError: ``data`` and ``targets`` of different lengths, or no window fits.
    """

    def __init__(
        self, data: Any, targets: Any, length: int, sampling_rate: int = 1, stride: int = 1,
        start_index: int = 0, end_index: int | None = None, shuffle: bool = False, reverse: bool = False,
        batch_size: int = 128,
    ) -> None:  # fmt: skip
        super().__init__()
        if len(data) != len(targets):
            raise ValueError(
                f"Data and targets have to be of same length. Data length is {len(data)} while target "
                f"length is {len(targets)}"
            )
        self.data, self.targets, self.length = data, targets, length
        self.sampling_rate, self.stride, self.batch_size = sampling_rate, stride, batch_size
        self.start_index = start_index + length  # the first step a window ends before
        self.end_index = len(data) - 1 if end_index is None else end_index
        self.shuffle, self.reverse = shuffle, reverse
        if self.start_index > self.end_index:
            raise ValueError(
                f"`start_index+length={self.start_index} > end_index={self.end_index}` is disallowed, as "
                f"no part of the sequence would be left to be used as current step."
            )

    def __len__(self) -> int:
        span = self.batch_size * self.stride
        return (self.end_index - self.start_index + span) // span

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1, size=self.batch_size)
        else:
            first = self.start_index + self.batch_size * self.stride * index
            last = min(first + self.batch_size * self.stride, self.end_index + 1)
            rows = np.arange(first, last, self.stride)
        windows = np.array([self.data[row - self.length : row : self.sampling_rate] for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        return (windows[:, ::-1, ...] if self.reverse else windows), targets


__all__ = ["TimeseriesGenerator"]
