"""Stateful training on torch.distributed: each rank owns whole streams and keeps their states.

One machine, two processes (gloo on the CPU; nccl is picked when every rank has a GPU):

    torchrun --nproc-per-node 2 examples/distributed_training.py

Several machines, the same code: on each machine R of N (HOST is machine 0's address),

    torchrun --nnodes N --node-rank R --nproc-per-node 1 --master-addr HOST --master-port 29500 \\
        examples/distributed_training.py

Every rank builds the same global `SequenceBatcher` (here 64 sine waves of different lengths,
frequencies and phases, 16 streams at a time) and trains on its share of the rows; the weights
come out as one process training on all 16 rows would make them. A checkpoint is written after
every epoch (rank 0 writes; every rank takes part). ``--resume DIR`` continues one, on this or
on another number of processes (any that divides 16): the streams are shared anew, each with
its own state.
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import torch
import torch.distributed as dist

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.data import SequenceBatcher
from statefulrnn.distributed import ShardedBatcher, load_checkpoint, save_checkpoint

STREAMS = 16  # the global batch: rows trained side by side, shared by the ranks


def sine_waves(count: int = 64, seed: int = 0) -> list[np.ndarray]:
    """Noisy sine waves of 100-400 steps; the task is the next value."""
    rng = np.random.default_rng(seed)
    waves = []
    for _ in range(count):
        steps = np.arange(int(rng.integers(100, 401)))
        wave = np.sin(steps * rng.uniform(0.05, 0.3) + rng.uniform(0, 2 * np.pi))
        waves.append((wave + rng.normal(0, 0.05, len(steps))).astype(np.float32)[:, None])
    return waves


def build(rows: int) -> Sequential:
    torch.manual_seed(0)  # the same start on every rank (DDP also copies rank 0's weights)
    model = Sequential(
        [GRU(32, stateful=True, return_sequences=True, batch_input_shape=(rows, None, 1)), Dense(1)]
    )
    model.compile(optimizer="adam", loss="mse")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--checkpoint", default="distributed_checkpoint")
    parser.add_argument("--resume", help="a checkpoint folder to continue from")
    args = parser.parse_args()

    distributed = "WORLD_SIZE" in os.environ  # set by torchrun; a plain `python` run is one process
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    try:
        batcher = SequenceBatcher(sine_waves(), STREAMS, chunk_length=25, target="next_step")
        mine = ShardedBatcher(batcher)  # this rank's rows (all of them in one process)
        model = load_checkpoint(args.resume, mine) if args.resume else build(mine.batch_size)
        for _ in range(args.epochs):
            model.fit(mine, epochs=1, verbose=2)  # prints on rank 0 only; the loss is over all ranks
            save_checkpoint(model, mine, args.checkpoint)
        if mine.rank == 0:
            print(
                f"{mine.world_size} process(es), {mine.batch_size} streams each; "
                f"checkpoint in {args.checkpoint}/"
            )
    finally:
        if distributed:
            dist.barrier()  # no rank tears gloo down while another still uses it
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
