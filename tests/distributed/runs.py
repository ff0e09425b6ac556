"""Training runs for the distributed tests: one function per process, and the shared setup.

The data are ragged on purpose (10 sequences of 17-83 steps packed into 4 rows), so chunks end
with rows of padding, and a rank may hold nothing but padding in a chunk while the other trains.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.callbacks import Callback
from statefulrnn.data import SequenceBatcher
from statefulrnn.distributed import ShardedBatcher, load_checkpoint, save_checkpoint
from statefulrnn.state import named_state_stores

GLOBAL_BATCH, CHUNK = 4, 8


def batcher() -> SequenceBatcher:
    rng = np.random.default_rng(0)
    sequences = [rng.normal(size=(int(rng.integers(17, 84)), 2)).astype(np.float32) for _ in range(10)]
    return SequenceBatcher(sequences, GLOBAL_BATCH, CHUNK, target="next_step")


def model(batch_size: int) -> Sequential:
    torch.manual_seed(0)
    built = Sequential(
        [GRU(8, stateful=True, return_sequences=True, batch_input_shape=(batch_size, None, 2)), Dense(2)]
    )
    built.compile(optimizer="adam", loss="mse")
    return built


def results(trained: Sequential) -> dict[str, np.ndarray]:
    """Weights, and this process's rows of every state."""
    out = {f"weight_{i}": w for i, w in enumerate(trained.get_weights())}
    for layer, (_, store) in enumerate(named_state_stores(trained)):  # by position: names are automatic
        for i, value in enumerate(store.values):
            out[f"state_{layer}_{i}"] = value.numpy()
    return out


def run(
    rank: int, world: int, folder: str, epochs: int, resume: str | None, save: str | None, tag: str
) -> None:
    """One process: (resume or start), fit ``epochs``, (save a checkpoint), write results."""
    torch.set_num_threads(1)
    if world > 1:
        store = Path(folder) / f"rendezvous_{tag}"
        dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=world)
    try:
        mine = ShardedBatcher(batcher(), rank, world)
        trained = load_checkpoint(resume, mine) if resume else model(mine.batch_size)
        history = trained.fit(mine, epochs=epochs, verbose=0)
        if save:
            save_checkpoint(trained, mine, save)
        np.savez(
            os.path.join(folder, f"{tag}_rank{rank}.npz"), loss=history.history["loss"], **results(trained)
        )
    finally:
        if world > 1:
            dist.barrier()  # both ranks done with gloo before either tears it down
            dist.destroy_process_group()


class StopOnRankOne(Callback):
    """Stops training on rank 1 alone, after its third chunk (as TerminateOnNaN would on a NaN
    that only that rank saw)."""

    def __init__(self, rank: int) -> None:
        super().__init__()
        self.rank = rank

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self.rank == 1 and batch == 2:
            self.model.stop_training = True


def run_stopping(rank: int, world: int, folder: str) -> None:
    """Both ranks must stop together when one asks to: otherwise the other waits forever."""
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo", init_method=f"file://{folder}/rendezvous_stop", rank=rank, world_size=world
    )
    try:
        mine = ShardedBatcher(batcher(), rank, world)
        trained = model(mine.batch_size)
        trained.fit(mine, epochs=3, verbose=0, callbacks=[StopOnRankOne(rank)])
        position = mine.state_dict()
        np.savez(
            os.path.join(folder, f"stop_rank{rank}.npz"), chunk=position["chunk"], epoch=position["epoch"]
        )
    finally:
        dist.barrier()
        dist.destroy_process_group()
