"""Sample-steps per second of stateful training on one and on two processes (gloo, CPU).

The same global batch of streams (one long series cut into ``--streams`` contiguous streams,
chunks of 50 steps, LSTM(128) + Dense, Adam) trained for a few epochs: on one process with 1 and
with 2 torch threads, and on two processes with 1 thread each (each owning half the streams,
gradients averaged by DDP over gloo). Each configuration is launched fresh, warmed up for one
epoch, then timed between barriers; the runs alternate configurations, and the table gives the
median of ``--repeats`` runs and the ratio to one process on one thread. On a 2-core machine two
processes cannot beat one process using both cores by much: what they add is a model for more
machines, at the cost of a gradient exchange per chunk.

Run:
    python benchmarks/bench_distributed.py --markdown
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Sequence

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from bench_layers import markdown_table, si, text_table

import statefulrnn
from statefulrnn import LSTM, Dense, Sequential
from statefulrnn.data import SequenceBatcher
from statefulrnn.distributed import ShardedBatcher

CHUNK, UNITS, FEATURES = 50, 128, 8
CONFIGS = ((1, 1), (1, 2), (2, 1))  # (processes, torch threads each)
COLUMNS = ("processes", "threads each", "sample-steps/s", "ratio to 1 process, 1 thread", "spread")


def worker(rank: int, world: int, threads: int, streams: int, steps: int, epochs: int, folder: str) -> None:
    torch.set_num_threads(threads)
    if world > 1:
        dist.init_process_group(
            "gloo", init_method=f"file://{folder}/rendezvous", rank=rank, world_size=world
        )
    try:
        series = np.random.default_rng(0).normal(size=(streams * steps + 1, FEATURES)).astype(np.float32)
        mine = ShardedBatcher(SequenceBatcher(series, streams, CHUNK, target="next_step"), rank, world)
        torch.manual_seed(0)
        shape = (mine.batch_size, None, FEATURES)
        model = Sequential(
            [LSTM(UNITS, stateful=True, return_sequences=True, batch_input_shape=shape), Dense(FEATURES)]
        )
        model.compile(optimizer="adam", loss="mse")
        model.fit(mine, epochs=1, verbose=0)  # warm-up: kernels, allocator, DDP buckets
        if world > 1:
            dist.barrier()
        start = time.perf_counter()
        model.fit(mine, epochs=epochs, verbose=0)
        if world > 1:
            dist.barrier()
        if rank == 0:
            with open(os.path.join(folder, "seconds"), "w") as file:
                file.write(str(time.perf_counter() - start))
    finally:
        if world > 1:
            dist.barrier()
            dist.destroy_process_group()


def timed(world: int, threads: int, streams: int, steps: int, epochs: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        mp.spawn(worker, args=(world, threads, streams, steps, epochs, folder), nprocs=world, join=True)
        with open(os.path.join(folder, "seconds")) as file:
            return float(file.read())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=32, help="global batch (default 32)")
    parser.add_argument("--steps", type=int, default=500, help="steps per stream per epoch (default 500)")
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per run (default 2)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    times: dict[tuple[int, int], list[float]] = {config: [] for config in CONFIGS}
    for _ in range(args.repeats):
        for world, threads in CONFIGS:
            times[(world, threads)].append(timed(world, threads, args.streams, args.steps, args.epochs))
    sample_steps = args.streams * args.steps * args.epochs
    base = statistics.median(times[(1, 1)])
    rows = [
        [str(world), str(threads), si(sample_steps / statistics.median(values)),
         f"{base / statistics.median(values):.2f}", f"{max(values) / min(values):.2f}"]
        for (world, threads), values in times.items()
    ]  # fmt: skip
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, {os.cpu_count()} CPUs, gloo; "
        f"LSTM({UNITS}) + Dense, F={FEATURES}, {args.streams} streams (global batch), chunks of {CHUNK}, "
        f"{args.steps} steps per stream per epoch, median of {args.repeats} runs of {args.epochs} epochs"
    )
    print((markdown_table if args.markdown else text_table)(rows, COLUMNS))


if __name__ == "__main__":
    main()
