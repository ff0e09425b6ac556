"""How close does a StreamPool come to the bare recurrent cell run batched?

Every round steps each of k live streams by one frame (or a chunk of ``--chunk`` frames).
Three contenders run the same weights on the same frames, interleaved round by round so that
machine noise hits them alike:

- bound: the cell's kernel (the one statefulrnn's layer picks for that batch) on one contiguous
  ``(k, units)`` state tensor: no stream ids, no slot table, no outputs handed back. No server
  can beat it; the ratio says what the pool's bookkeeping costs.
- push_many: ``pool.push_many(ids, frames)``, the vectorised call for a caller that holds a
  batch (a server stepping all its streams on a clock tick).
- queued: ``pool.submit(id, frame)`` per stream then ``pool.step()``: one future per stream,
  as threads pushing independently get (there the pool batches them by itself).

Before timing, each configuration checks that the pool's outputs equal the bound's to 1e-5.
Goal (issue #5): push_many at least 70% of the bound from 64 streams up.

Run:
    python benchmarks/bench_streams.py --markdown
    python benchmarks/bench_streams.py --quick
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np
import torch
from bench_layers import markdown_table, quartiles, si, text_table

import statefulrnn
from statefulrnn import GRU, LSTM, Sequential
from statefulrnn.layers.fused import fused_runner
from statefulrnn.streaming import StreamPool

FEATURES = 8
CELLS = (("GRU", 64), ("LSTM", 256))
STREAMS = (1, 4, 16, 64, 256, 1024, 4096)
GOAL, GOAL_FROM = 0.7, 64
COLUMNS = (
    "cell",
    "units",
    "streams",
    "bound stream-steps/s",
    "push_many stream-steps/s",
    "push_many / bound",
    "queued stream-steps/s",
    "queued / bound",
)


def contenders(cell: str, units: int, streams: int, chunk: int) -> dict[str, Callable[[], object]]:
    layer_type = GRU if cell == "GRU" else LSTM
    model = Sequential(
        [layer_type(units, stateful=True, return_sequences=True, batch_input_shape=(1, None, FEATURES))]
    )
    pool = StreamPool(model, max_streams=streams)
    ids = list(range(streams))
    for stream_id in ids:
        pool.open(stream_id)
    frames = np.random.default_rng(0).normal(size=(streams, chunk, FEATURES)).astype(np.float32)
    x = torch.from_numpy(frames)
    state = [tuple(torch.zeros(streams, units) for _ in model.layers[0].state_sizes)]
    recurrent = model.layers[0].cell

    def bound() -> torch.Tensor:
        with torch.no_grad():
            outputs, state[0] = fused_runner(recurrent, False)(x, state[0])
        return outputs

    def queued() -> list[np.ndarray]:
        futures = [pool.submit(stream_id, frames[stream_id]) for stream_id in ids]
        while pool.step():
            pass
        return [future.result() for future in futures]

    # Same outputs first: two rounds of each, the pool's streams then continue where they are.
    bound_outputs = [bound().numpy() for _ in range(2)]
    np.testing.assert_allclose(pool.push_many(ids, frames), bound_outputs[0], atol=1e-5)
    np.testing.assert_allclose(np.stack(queued()), bound_outputs[1], atol=1e-5)
    return {"bound": bound, "push_many": lambda: pool.push_many(ids, frames), "queued": queued}


def measure(
    cell: str, units: int, streams: int, chunk: int, repeats: int, budget_s: float
) -> dict[str, list[float]]:
    """Seconds per round for each contender; rounds grouped so each timing lasts ~budget_s."""
    runs = contenders(cell, units, streams, chunk)
    start = time.perf_counter()
    runs["queued"]()
    rounds = max(1, int(budget_s / max(time.perf_counter() - start, 1e-6)))
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            gc.collect()  # the queued contender's garbage is collected on its own time, not the next's
            start = time.perf_counter()
            for _ in range(rounds):
                run()
            times[name].append((time.perf_counter() - start) / rounds)
    return times


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a README-ready table")
    parser.add_argument("--quick", action="store_true", help="smoke test: few streams, few repeats")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--chunk", type=int, default=1, help="frames per stream per round")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    streams = (1, 64) if args.quick else STREAMS
    repeats = 3 if args.quick else args.repeats
    rows, misses = [], []
    for cell, units in CELLS:
        for count in streams:
            times = measure(cell, units, count, args.chunk, repeats, budget_s=0.002 if args.quick else 0.02)
            median = {name: statistics.median(values) for name, values in times.items()}
            rate = {name: count * args.chunk / seconds for name, seconds in median.items()}
            ratio = median["bound"] / median["push_many"]
            flag = " *" if count >= GOAL_FROM and ratio < GOAL else ""
            if flag:
                misses.append(f"{cell}({units}) x {count} streams: {ratio:.2f}")
            spread = max(quartiles(values)[2] / quartiles(values)[0] for values in times.values())
            rows.append(
                [
                    cell,
                    str(units),
                    str(count),
                    si(rate["bound"]),
                    si(rate["push_many"]),
                    f"{ratio:.2f}{flag}",
                    si(rate["queued"]),
                    f"{median['bound'] / median['queued']:.2f}" + (" ~" if spread > 1.3 else ""),
                ]
            )
            print(f"  {cell}({units}) x {count}: push_many / bound {ratio:.2f}", flush=True)
    print(
        f"\ntorch {torch.__version__}, statefulrnn {statefulrnn.__version__}, {args.threads} thread(s), "
        f"float32, F={FEATURES}, {args.chunk} frame(s) per stream per round, "
        f"median of {repeats} interleaved repeats"
    )
    print((markdown_table if args.markdown else text_table)(rows, COLUMNS))
    judged = sum(1 for (_, _, count, *_rest) in rows if int(count) >= GOAL_FROM)
    print(f"Goal push_many / bound >= {GOAL} from {GOAL_FROM} streams: {judged - len(misses)}/{judged} met")
    for miss in misses:
        print(f"  missed (*): {miss}")


if __name__ == "__main__":
    main()
