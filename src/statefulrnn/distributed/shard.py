"""Each rank's share of a `SequenceBatcher`'s streams.

Every rank builds the same global batcher (same data, same ``batch_size`` = the global number
of rows) and keeps rows ``[rank * n, (rank + 1) * n)`` of every chunk, ``n = batch_size /
world_size``. A row is a stream: it stays on one rank for the whole run, so its state never
leaves that rank. Every rank walks the same global plan, so every rank runs the same number of
chunks per epoch however ragged the sequences are (a rank whose rows are all padding in a chunk
still takes part in that chunk's gradient exchange, with no weight), and the data position is
the same on every rank: one `state_dict` describes the whole run.

Example:
    >>> from statefulrnn.data import SequenceBatcher
    >>> batcher = SequenceBatcher(np.arange(16.0), batch_size=4, chunk_length=2)
    >>> mine = ShardedBatcher(batcher, rank=1, world_size=2)
    >>> next(iter(mine)).x[..., 0]  # global rows 2 and 3: the third and fourth streams
    tensor([[ 8.,  9.],
            [12., 13.]])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import torch.distributed as dist

from ..data import SequenceBatcher
from ..data.chunk import Chunk


class ShardedBatcher:
    """The rows of ``batcher`` that belong to ``rank`` of ``world_size``.

    Args:
        batcher: the global batcher, built identically on every rank.
        rank, world_size: default: the initialised process group's (0 and 1 without one).

    Raises:
        ValueError: a global batch size that the world size does not divide, or a bad rank.
    """

    def __init__(
        self, batcher: SequenceBatcher, rank: int | None = None, world_size: int | None = None
    ) -> None:
        grouped = dist.is_available() and dist.is_initialized()
        self.rank = rank if rank is not None else (dist.get_rank() if grouped else 0)
        self.world_size = world_size if world_size is not None else (dist.get_world_size() if grouped else 1)
        if not 0 <= self.rank < self.world_size:
            raise ValueError(f"rank must be in [0, {self.world_size}). Received: rank={self.rank}")
        if batcher.batch_size % self.world_size:
            raise ValueError(
                f"The global batch of {batcher.batch_size} streams cannot be shared evenly by "
                f"{self.world_size} ranks; use a batch_size that is a multiple of the world size."
            )
        self.batcher = batcher
        rows = batcher.batch_size // self.world_size
        self.rows = slice(self.rank * rows, (self.rank + 1) * rows)

    @property
    def batch_size(self) -> int:
        """This rank's rows per chunk (the local model's batch size)."""
        return self.rows.stop - self.rows.start

    @property
    def global_batch_size(self) -> int:
        return self.batcher.batch_size

    def __len__(self) -> int:
        return len(self.batcher)

    def __iter__(self) -> Iterator[Chunk]:
        for chunk in self.batcher:
            yield Chunk(
                **{
                    field.name: _rows(getattr(chunk, field.name), self.rows)
                    for field in dataclasses.fields(chunk)
                }
            )

    def state_dict(self) -> dict[str, Any]:
        """The global batcher's position (the same on every rank)."""
        return self.batcher.state_dict()

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.batcher.load_state_dict(state)


def _rows(value: Any, rows: slice) -> Any:
    return None if value is None else value[rows]


__all__ = ["ShardedBatcher"]
