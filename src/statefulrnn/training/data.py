"""Turning ``x``/``y`` arrays into the batches ``fit``, ``evaluate`` and ``predict`` step through.

Rows stay in order: for a stateful model, row i of batch k continues row i of batch k-1, so a
batch size must divide the rows exactly and shuffling is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import torch

from ..state import named_state_stores


def as_tensor(data: Any, what: str) -> torch.Tensor:
    """A numpy array, tensor or nested list as a tensor; floats become float32."""
    if isinstance(data, torch.Tensor):
        tensor = data
    else:
        array = np.asarray(data)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{what} must hold numbers. Received: an array of dtype {array.dtype}")
        tensor = torch.from_numpy(np.array(array, order="C"))
    return tensor.float() if tensor.is_floating_point() or tensor.dtype == torch.bool else tensor


def fixed_batch_size(model: torch.nn.Module) -> int | None:
    """The batch size a stateful model is built for (None when nothing in it is stateful)."""
    sizes = {store.batch_size for _, store in named_state_stores(model)}
    if len(sizes) > 1:
        raise ValueError(f"The stateful layers of this model have different batch sizes {sorted(sizes)}.")
    return sizes.pop() if sizes else None


def resolve_batch_size(model: torch.nn.Module, batch_size: int | None, rows: int, what: str) -> int:
    """Keras's ``batch_size`` (default 32), or the stateful model's own, checked against ``rows``.

    Raises:
        ValueError: a batch size other than a stateful model's, or rows it does not divide.
    """
    fixed = fixed_batch_size(model)
    if fixed is None:
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
            raise ValueError(f"batch_size must be a positive integer. Received: batch_size={batch_size!r}")
        return batch_size or 32
    if batch_size is not None and batch_size != fixed:
        raise ValueError(
            f"{what} got batch_size={batch_size}, but the model is stateful with batch size {fixed}: "
            f"row i of each batch continues row i of the batch before. Pass batch_size={fixed} or leave "
            f"it out."
        )
    if rows % fixed:
        raise ValueError(
            f"{what} got {rows} samples, which batches of {fixed} (the stateful model's batch size) do "
            f"not divide: {rows // fixed} full batches and {rows % fixed} rows left over. A short last "
            f"batch would have no state rows to continue; trim or pad the data to a multiple of {fixed}."
        )
    return fixed


def check_same_rows(x: torch.Tensor, y: torch.Tensor | None, what: str) -> None:
    if y is not None and x.shape[0] != y.shape[0]:
        raise ValueError(f"{what} got x with {x.shape[0]} samples and y with {y.shape[0]}; they must match.")


class Batch(NamedTuple):
    """One step's data: inputs, targets, and the per-step flags of a `SequenceBatcher` chunk."""

    x: Any
    y: Any
    mask: Any = None  # bool (N, T): False on padded steps
    resets: Any = None  # bool (N, T): True where a new sequence starts
    starts: bool = False  # the first chunk of whole sequences: reset every state first
    sequence_ids: Any = None  # int (N, T), -1 on padding: which sequence each step belongs to
    positions: Any = None  # int (N, T): the step's index within its sequence


def batches(
    x: torch.Tensor, y: torch.Tensor | None, batch_size: int, chunk_length: int | None = None
) -> Iterator[Batch]:
    """Batches in order.

    With ``chunk_length``, each batch of rows is further cut along time into chunks of that many
    steps (truncated BPTT over whole sequences); ``starts`` marks the first chunk of a batch of
    rows, where the sequences begin.
    """
    for start in range(0, x.shape[0], batch_size):
        rows = slice(start, start + batch_size)
        if chunk_length is None:
            yield Batch(x[rows], None if y is None else y[rows])
            continue
        for t in range(0, x.shape[1], chunk_length):
            steps = slice(t, t + chunk_length)
            yield Batch(x[rows, steps], None if y is None else y[rows, steps], starts=t == 0)


def as_batch(item: Any) -> Batch:
    """A ready-made batch: an ``(x, y)`` pair, or a chunk with ``x, y, mask, resets`` fields."""
    if all(hasattr(item, field) for field in ("x", "y", "mask", "resets")):
        ids = getattr(item, "sequence_ids", None), getattr(item, "positions", None)
        return Batch(item.x, item.y, item.mask, item.resets, False, *ids)
    if isinstance(item, tuple) and len(item) == 2:
        return Batch(item[0], item[1])
    raise ValueError(
        f"Each batch must be an (x, y) pair or a SequenceBatcher chunk. Received: {type(item).__name__}"
    )


def count_steps(rows: int, batch_size: int, steps: int, chunk_length: int | None) -> int:
    batches_of_rows = -(-rows // batch_size)
    return batches_of_rows * (1 if chunk_length is None else -(-steps // chunk_length))


def is_batch_iterable(x: Any) -> bool:
    """Whether ``x`` gives ready-made batches (a batcher, a list of ``(x, y)`` pairs) rather than
    being one array."""
    return (
        not isinstance(x, (torch.Tensor, np.ndarray))
        and isinstance(x, Iterable)
        and not (isinstance(x, list) and x and not isinstance(x[0], tuple))
    )


@dataclass
class BatchSource:
    """Where an epoch's batches come from: arrays cut in order, or batches given as they are."""

    epoch_batches: Callable[[bool], Iterator[Batch]]
    steps: int | None

    def epoch(self, shuffle: bool) -> Iterator[Batch]:
        return self.epoch_batches(shuffle)

    @classmethod
    def of_arrays(
        cls, x: torch.Tensor, y: torch.Tensor, batch_size: int, chunk_length: int | None
    ) -> BatchSource:
        def epoch(shuffle: bool) -> Iterator[Batch]:
            if shuffle:
                order = torch.randperm(x.shape[0])
                return batches(x[order], y[order], batch_size, chunk_length)
            return batches(x, y, batch_size, chunk_length)

        return cls(epoch, count_steps(x.shape[0], batch_size, x.shape[1], chunk_length))

    @classmethod
    def of_batches(cls, given: Iterable[Any]) -> BatchSource:
        """Batches in the given order. A list serves every epoch; a `SequenceBatcher` gives one
        epoch per iteration and keeps its own position and shuffle order."""

        def epoch(shuffle: bool) -> Iterator[Batch]:
            if shuffle:
                raise ValueError(
                    "fit(shuffle=True) cannot shuffle batches given ready-made: shuffle them first, or "
                    "use SequenceBatcher(shuffle=True), which shuffles whole sequences."
                )
            return (as_batch(item) for item in given)

        return cls(epoch, len(given) if hasattr(given, "__len__") else None)


def to_tensors(
    batch: Batch,
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None, torch.Tensor | None]:
    """A batch's ``x, y, mask, resets`` as tensors (the flags as bool, or None)."""

    def flags(value: Any) -> torch.Tensor | None:
        # Straight to bool: as_tensor would first turn booleans into floats (for targets).
        return (
            None
            if value is None
            else torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value).bool()
        )

    y = None if batch.y is None else as_tensor(batch.y, "a batch's y")
    return as_tensor(batch.x, "a batch's x"), y, flags(batch.mask), flags(batch.resets)


def per_sequence(outputs: list[torch.Tensor], batches_seen: list[Batch]) -> list[np.ndarray]:
    """Per-step outputs ``(N, T, ...)`` of chunks, regrouped as one array per sequence.

    Raises:
        ValueError: when outputs are not per step (a model without return_sequences).
    """
    ids = torch.cat([b.sequence_ids.reshape(-1) for b in batches_seen])
    positions = torch.cat([b.positions.reshape(-1) for b in batches_seen])
    if outputs[0].ndim < 3:
        raise ValueError(
            "predict over a SequenceBatcher returns each sequence's per-step outputs, so the model must "
            f"output one value per step (return_sequences=True). Received: outputs of shape "
            f"{tuple(outputs[0].shape)}"
        )
    values = torch.cat([o.reshape(-1, *o.shape[2:]) for o in outputs])
    real = ids >= 0
    ids, positions, values = ids[real], positions[real], values[real]
    order = torch.argsort(ids * (int(positions.max()) + 1) + positions)  # by sequence, then step
    ids, values = ids[order], values[order]
    counts = torch.bincount(ids).tolist()
    return [part.numpy() for part in torch.split(values, counts) if len(part)]
