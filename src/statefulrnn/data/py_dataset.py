"""Keras's ``PyDataset`` (Keras 2's ``Sequence``): a dataset that gives batch ``i`` on request.

A Keras program subclasses it (``class Batches(keras.utils.Sequence)``) with ``__len__`` (or
the ``num_batches`` property) and ``__getitem__(i)`` returning a batch, ``(x,)``, ``(x, y)`` or
``(x, y, sample_weight)``, and may define ``on_epoch_begin`` / ``on_epoch_end``. ``fit``,
``evaluate`` and ``predict`` read it as Keras 3 does: batches ``0 .. len - 1`` each epoch, in a
new random order for ``fit`` unless ``shuffle=False`` (or the model is stateful: its rows must
stay in order), drawn from Python's ``random`` as Keras draws them (``set_random_seed`` repeats
them), with ``on_epoch_begin()`` before an epoch's batches and ``on_epoch_end()`` after them.

The ``workers``, ``use_multiprocessing`` and ``max_queue_size`` arguments are kept and
reported as Keras's are, but batches are always read in the training thread, one after the
other (Keras's workers prefetch them in threads or processes; the batches are the same).

Example:
    >>> class Squares(PyDataset):
    ...     def __len__(self):
    ...         return 3
    ...     def __getitem__(self, index):
    ...         x = np.full((2, 1), float(index), np.float32)
    ...         return x, x**2
    >>> [float(y[0, 0]) for _, y in Squares()]
    [0.0, 1.0, 4.0]
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from typing import Any


class PyDataset:
    """Batches by index; subclass it and define ``__len__`` (or ``num_batches``) and
    ``__getitem__``.

    Args:
        workers, use_multiprocessing, max_queue_size: Keras's prefetching settings, kept as
            attributes (batches are read in the training thread here).
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10) -> None:
        self.workers, self.use_multiprocessing, self.max_queue_size = (
            workers,
            use_multiprocessing,
            max_queue_size,
        )

    def __getitem__(self, index: int) -> Any:
        """Batch ``index``."""
        raise NotImplementedError(
            f"{type(self).__name__} must define __getitem__(self, index) returning a batch"
        )

    def __iter__(self) -> Iterator[Any]:
        count = self.num_batches
        for index in range(count) if count is not None else itertools.count():
            yield self[index]

    @property
    def num_batches(self) -> int | None:
        """Batches in an epoch (``len(self)``), or None for an endless dataset."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must define __len__ or the num_batches property (None: endless)"
        )

    def on_epoch_begin(self) -> None:
        """Called before each epoch's batches."""

    def on_epoch_end(self) -> None:
        """Called after each epoch's batches (Keras 2 programs shuffle their data here)."""


def epoch_batches(dataset: PyDataset, shuffle: bool, read: Callable[[Any], Any]) -> Iterator[Any]:
    """One epoch of ``dataset`` as Keras 3 reads it: its hooks around the batches, in an order
    from Python's ``random`` when ``shuffle``; each batch passed through ``read`` (a list taken
    as a tuple)."""
    count = dataset.num_batches
    dataset.on_epoch_begin()
    if count is None:
        indices: Any = itertools.count()
    else:
        indices = list(range(count))
        if shuffle:
            random.shuffle(indices)
    for index in indices:
        batch = dataset[index]
        yield read(tuple(batch) if isinstance(batch, list) else batch)
    dataset.on_epoch_end()
