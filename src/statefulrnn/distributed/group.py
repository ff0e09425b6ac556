"""The process group a `fit` runs in, and the collectives the trainer needs from it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from .shard import ShardedBatcher


@dataclass
class TrainingGroup:
    """This rank's view of a distributed `fit`: who it is, and the model wrapped by DDP.

    DDP is made with ``broadcast_buffers=False``: by default it copies rank 0's buffers to every
    rank before each forward, and a stateful layer's states are buffers, so every rank would
    carry rank 0's streams' states (the bug PyTorch's DataParallel has along the batch axis).
    """

    rank: int
    world_size: int
    forward: nn.Module

    def total(self, value: float) -> float:
        """``value`` summed over the ranks."""
        tensor = torch.tensor([float(value)], dtype=torch.float64)
        dist.all_reduce(tensor)
        return float(tensor[0])

    def reduce_means(self, trackers: dict[str, Any]) -> None:
        """Make each tracker in ``trackers`` hold every rank's samples: a `MeanMetric`'s total and
        count (a count may be a sum of sample weights), a stateful metric's sums (`R2Score`),
        each added up over the ranks."""
        parts = [tracker.sums() for tracker in trackers.values()]
        sums = torch.tensor([value for part in parts for value in part], dtype=torch.float64)
        dist.all_reduce(sums)
        added, at = sums.tolist(), 0
        for tracker, part in zip(trackers.values(), parts):
            tracker.set_sums(added[at : at + len(part)])
            at += len(part)


def training_group(model: nn.Module, data: Any) -> TrainingGroup | None:
    """The group for fitting ``model`` on ``data``: None in a single process (or a group of one).

    Raises:
        ValueError: several processes, but data that is not a `ShardedBatcher` of this rank.
    """
    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return None
    rank, world = dist.get_rank(), dist.get_world_size()
    if not isinstance(data, ShardedBatcher) or (data.rank, data.world_size) != (rank, world):
        raise ValueError(
            f"fit runs in a process group of {world} ranks, so each rank must train on its own streams: "
            f"pass ShardedBatcher(SequenceBatcher(..., batch_size=<global rows>)) (statefulrnn.distributed), "
            f"built the same way on every rank. Received: {type(data).__name__}"
        )
    with warnings.catch_warnings():
        # torch 2.13 deprecates broadcast_buffers for forward_sync_buffers, whose False still
        # copies rank 0's buffers at construction; its own warning says to keep
        # broadcast_buffers=False for rank-local buffers, which states are.
        warnings.filterwarnings("ignore", message="`broadcast_buffers` is deprecated", category=FutureWarning)
        wrapped = DistributedDataParallel(model, broadcast_buffers=False)
    return TrainingGroup(rank, world, wrapped)


__all__ = ["TrainingGroup", "training_group"]
