"""One checkpoint for a distributed run: weights and optimizer, every rank's states, and the
data position; resumable on any number of ranks that divides the global batch.

A checkpoint is a folder:

- ``model.safetensors``: the model with its optimizer (`statefulrnn.load_model` reads it); the
  same on every rank, so rank 0 writes it;
- ``streams.safetensors``: the states of all global rows (streams), gathered from every rank in
  rank order, and the batcher's position (the same on every rank), checksummed.

Both functions are collectives: every rank calls them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
from torch import nn

from ..io._atomic import write_atomically
from ..io._container import pack, read_json, unpack
from ..io.checkpoint import load_model
from ..state import named_state_stores
from .shard import ShardedBatcher

MODEL, STREAMS = "model.safetensors", "streams.safetensors"
_FORMAT = "statefulrnn.distributed_streams"


def save_checkpoint(model: nn.Module, batcher: ShardedBatcher, folder: str | os.PathLike[str]) -> None:
    """Write ``model`` (compiled: with its optimizer) and every rank's states and the data
    position to ``folder``. Call it on every rank, at the same point of training."""
    folder = Path(folder)
    local = {
        path: [v.detach().cpu().numpy() for v in store.values] for path, store in named_state_stores(model)
    }
    shares = [local]
    if _grouped():
        shares = [None] * dist.get_world_size()
        dist.all_gather_object(shares, local)  # rank order = row order (ShardedBatcher)
    if batcher.rank == 0:
        folder.mkdir(parents=True, exist_ok=True)
        model.save(folder / MODEL, include_optimizer=True)
        tensors = {
            f"state/{path}/{index}": np.concatenate([share[path][index] for share in shares])
            for path, values in local.items()
            for index in range(len(values))
        }
        metadata = {
            "global_batch_size": str(batcher.global_batch_size),
            "data_position": json.dumps(batcher.state_dict()),
        }
        write_atomically(os.fspath(folder / STREAMS), pack(tensors, _FORMAT, metadata))
    if _grouped():
        dist.barrier()  # no rank goes on (or loads) before the files exist


def load_checkpoint(folder: str | os.PathLike[str], batcher: ShardedBatcher) -> nn.Module:
    """The model of ``folder`` with this rank's share of the states, and ``batcher`` moved to
    the saved data position. The world size may differ from the saving run's: the streams are
    shared anew by row, so each goes on with its own state.

    Raises:
        ValueError: a checkpoint of another global batch size, or not one of ours.
    """
    folder = Path(folder)
    model = load_model(folder / MODEL)
    name = os.fspath(folder / STREAMS)
    metadata, tensors = unpack(name, _FORMAT, "distributed stream states")
    try:
        saved, position = read_json(metadata, "global_batch_size"), read_json(metadata, "data_position")
    except ValueError as error:
        raise ValueError(f"{name!r} is not a valid checkpoint: {error}.") from None
    if saved != batcher.global_batch_size or type(saved) is not int:
        raise ValueError(
            f"{os.fspath(folder)!r} holds {saved!r} streams, but the batcher lays out "
            f"{batcher.global_batch_size}: resume with the same global batch_size."
        )
    for path, store in named_state_stores(model):
        rows = []
        for index, size in enumerate(store.sizes):
            array = tensors.get(f"state/{path}/{index}")
            if array is None or array.shape != (saved, size) or not np.isfinite(array).all():
                raise ValueError(
                    f"{name!r} is not a valid checkpoint: state {index} of {path!r} is missing, not "
                    f"({saved}, {size}) or not finite."
                )
            rows.append(torch.from_numpy(array[batcher.rows]))
        store.batch_size = batcher.batch_size  # this rank's streams, whatever the saving rank held
        store.write(tuple(row.to(store.values[0]) for row in rows))
    batcher.load_state_dict(position)
    return model


def _grouped() -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1


__all__ = ["load_checkpoint", "save_checkpoint"]
