"""Stateful training on ``torch.distributed``: streams sharded by rank, states kept local.

Each rank builds the same global `SequenceBatcher` (``batch_size`` = all streams) and trains
on its share, ``ShardedBatcher(batcher)``; ``model.fit`` sees the process group, wraps the
model in DistributedDataParallel (without buffer broadcasts: states are per rank) and weights
each rank's loss by its share of the real steps, so the trained weights equal a single process's
on the same global batch. Metrics are reduced over ranks; only rank 0 prints. `save_checkpoint`
gathers every rank's states and the data position into one checkpoint; `load_checkpoint`
resumes it on any number of ranks that divides the global batch, re-sharding the states by
stream. See ``examples/distributed_training.py``.
"""

from .checkpoint import load_checkpoint, save_checkpoint
from .shard import ShardedBatcher

__all__ = ["ShardedBatcher", "load_checkpoint", "save_checkpoint"]
