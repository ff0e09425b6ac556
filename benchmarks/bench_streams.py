"""How close does a StreamPool come to the bare recurrent cell run batched, and where does the rest go?

Every round steps each of k live streams by one frame. The contenders run the same weights on
the same frames, interleaved so that machine noise hits them alike: each repeat times every
contender once, in a new shuffled order (in a fixed order each would always follow the same
neighbour, and inherit its caches and allocator state):

- bound: PyTorch's cell function (``torch.gru_cell``/``torch.lstm_cell``) on one contiguous
  ``(k, units)`` state tensor: no stream ids, no slot table, no outputs handed back. The ratio
  ``bound / contender`` says what the pool's bookkeeping costs (above 1 where the pool's kernel
  choice, the compiled kernel at small k, beats the cell function).
- push_many: ``pool.push_many(ids, frames)``, the vectorised call for a caller that holds a
  batch (a server stepping all its streams on a clock tick), ids in opening order: the slots
  are consecutive and the states are read in place.
- push_many, shuffled: the same ids in a random order, on a second pool (each road keeps its
  own cached slot lookup, as a server stepping one list of ids does). The frames arrive in that
  order. The first call gathers and scatters the states by index; at the second the pool puts
  the block of slots in the list's order, and from then on reads them in place as push_many
  does (a list whose slots are scattered among other streams', after streams have come and
  gone, stays on the index road: its price is the parts table's "by index" columns).
- queued: ``pool.submit(id, frame)`` per stream then ``pool.step()`` and each chunk's result:
  what threads pushing independently get (the pool batches them by itself).

A second table splits push_many's round (ids in order) into its parts, each timed on its own
in the same rounds: gather (the slot table's rows for the call), kernel (the runner's model
step on them, the kernel named; "in place" where a model of one layer steps the slot table's
rows where they are, see `statefulrnn.streaming.runner`), scatter (the new states written back;
nothing where stepped in place), and bookkeeping (the
rest: frame checks, id lookup, locks, counters); then what a gather and a scatter by index (the
slots in a random order) cost on the same table. The bound's own round stands beside them:
where "kernel" alone exceeds it, the gap is in the model call (the same cell function on
zero-copy tensors of the slot table's rows), not in the pool's bookkeeping. A third splits the
queued road's extra time per stream over push_many: the frame check of each ``submit`` (type
and shape; the values are checked once per step, for its whole batch), the
queueing (a `PendingChunk`, the lock, the stream's queue) with the step's per-chunk work
(padding the batch together, handing each chunk its row), and the ``result()`` call. These are
Python per stream; a GRU(64) stream-step costs about a microsecond in the bound, so they, not
the model, set the queued road's pace on a small model.

Before timing, each configuration checks that the pool's outputs equal the bound's to 1e-5.
Goal (issues #5, #18): each pool road at least 0.9 of the bound from 64 streams up.

Run:
    python benchmarks/bench_streams.py --markdown
    python benchmarks/bench_streams.py --quick
    python benchmarks/bench_streams.py --cells GRU --streams 1024 4096  # some rows only
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np
import torch
from bench_layers import markdown_table, quartiles, si, text_table

import statefulrnn
from statefulrnn import GRU, LSTM, Sequential
from statefulrnn.layers import compiled_gates
from statefulrnn.layers.fused import compiled_kernel
from statefulrnn.streaming import StreamPool

FEATURES = 8
CELLS = (("GRU", 64), ("LSTM", 256))
STREAMS = (1, 64, 1024, 4096)
GOAL, GOAL_FROM = 0.9, 64
ROADS = ("push_many", "push_many, shuffled", "queued")
PARTS = ("gather", "kernel", "scatter")
QUEUED_PARTS = ("frame check", "queue and step", "result")
COLUMNS = (
    "cell",
    "streams",
    "bound stream-steps/s",
    "push_many / bound",
    "shuffled / bound",
    "queued / bound",
)
PART_COLUMNS = (
    "cell",
    "streams",
    "pool kernel",
    "push_many us/round",
    "bound us/round",
    "gather",
    "kernel",
    "scatter",
    "bookkeeping",
    "by index: gather",
    "by index: scatter",
)
QUEUED_COLUMNS = (
    "cell",
    "streams",
    "bound us/stream-step",
    "queued extra us/stream",
    *(f"{part} us/stream" for part in QUEUED_PARTS),
)


def open_pool(model: Sequential, streams: int) -> StreamPool:
    pool = StreamPool(model, max_streams=streams)
    for stream_id in range(streams):
        pool.open(stream_id)
    return pool


def contenders(cell: str, units: int, streams: int) -> tuple[dict[str, Callable[[], object]], str]:
    """The timed calls (roads and their parts), and the name of the pool's kernel."""
    layer_type = GRU if cell == "GRU" else LSTM
    model = Sequential(
        [layer_type(units, stateful=True, return_sequences=True, batch_input_shape=(1, None, FEATURES))]
    )
    pool, shuffled_pool = open_pool(model, streams), open_pool(model, streams)
    ids = list(range(streams))
    shuffled = [int(i) for i in np.random.default_rng(1).permutation(streams)]
    frames = np.random.default_rng(0).normal(size=(streams, 1, FEATURES)).astype(np.float32)
    shuffled_frames = frames[shuffled]
    recurrent = model.layers[0].cell
    weights = [p.detach() for p in (recurrent.weight_ih, recurrent.weight_hh)]
    weights += (
        [p.detach() for p in (recurrent.bias_ih, recurrent.bias_hh)] if cell == "GRU" else [recurrent.bias]
    )
    x = torch.from_numpy(frames[:, 0])
    state = [tuple(torch.zeros(streams, units) for _ in model.layers[0].state_sizes)]

    def bound() -> torch.Tensor:
        with torch.no_grad():
            if cell == "GRU":
                state[0] = (torch.gru_cell(x, state[0][0], *weights),)
            else:
                state[0] = torch.lstm_cell(x, state[0], *weights)
        return state[0][0]

    def submitted() -> list:
        chunks = [pool.submit(stream_id, frames[stream_id]) for stream_id in ids]
        while pool.step():
            pass
        return chunks

    def queued() -> list[np.ndarray]:
        return [chunk.result() for chunk in submitted()]

    # Same outputs first: two rounds of each, the pools' streams then continue where they are.
    expected = [bound().numpy()[:, None] for _ in range(2)]
    np.testing.assert_allclose(pool.push_many(ids, frames), expected[0], atol=1e-5)
    np.testing.assert_allclose(np.stack(queued()), expected[1], atol=1e-5)
    for round_outputs in expected:
        pushed = shuffled_pool.push_many(shuffled, shuffled_frames)
        np.testing.assert_allclose(pushed, round_outputs[shuffled], atol=1e-5)

    # The roads' parts, on the pools' own slot tables and runners.
    table, runner = pool._slots, pool._runner
    _, rows = pool._resolve(ids)
    gathered = table.rows(rows)
    in_place = type(rows) is slice  # as `StreamPool._run` hands them over: views
    _, new_states = runner.run(frames, None, [tuple(map(np.copy, layer)) for layer in gathered])
    _, written = runner.run(frames, None, gathered, in_place)  # None where stepped in place
    by_index = np.asarray(shuffled, dtype=np.int64)  # rows as a call in a new order finds them
    answer = compiled_kernel(recurrent, streams, 1)
    kernel = (
        "torch cell function"
        if answer is None
        else "compiled gates"
        if answer[0] in compiled_gates.KERNELS.values()
        else "compiled"
    )
    calls = {
        "bound": bound,
        "push_many": lambda: pool.push_many(ids, frames),
        "push_many, shuffled": lambda: shuffled_pool.push_many(shuffled, shuffled_frames),
        "queued": queued,
        "gather": lambda: table.rows(rows),
        "kernel": lambda: runner.run(frames, None, gathered, in_place),
        "by index: gather": lambda: table.rows(by_index),
        "by index: scatter": lambda: table.scatter(by_index, new_states),
        "frame check": lambda: [pool._check_frames(stream_id, frames[stream_id]) for stream_id in ids],
        "submitted": submitted,
    }
    if written is not None:  # stepped in place: nothing to write back
        calls["scatter"] = lambda: table.scatter(rows, new_states)
    return calls, kernel + (", in place" if written is None else "")


def measure(
    cell: str, units: int, streams: int, repeats: int, budget_s: float
) -> tuple[dict[str, list[float]], str]:
    """Seconds per round for each contender; rounds grouped so each timing lasts ~budget_s."""
    runs, kernel = contenders(cell, units, streams)
    start = time.perf_counter()
    runs["queued"]()
    rounds = max(1, int(budget_s / max(time.perf_counter() - start, 1e-6)))
    names, order = list(runs), random.Random(0)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):
        order.shuffle(names)  # a fixed order hands each contender the same neighbour's leftovers
        for name in names:
            run = runs[name]
            gc.collect()  # the queued road's garbage is collected on its own time, not the next's
            start = time.perf_counter()
            for _ in range(rounds):
                run()
            times[name].append((time.perf_counter() - start) / rounds)
    return times, kernel


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print README-ready tables")
    parser.add_argument("--quick", action="store_true", help="smoke test: few streams, few repeats")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--cells", nargs="+", choices=[name for name, _ in CELLS], help="default: all")
    parser.add_argument("--streams", nargs="+", type=int, help=f"stream counts (default {STREAMS})")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    counts = args.streams or ((1, 64) if args.quick else STREAMS)
    cells = [(name, units) for name, units in CELLS if args.cells is None or name in args.cells]
    repeats = 3 if args.quick else args.repeats
    rows, parts, queued_parts, misses = [], [], [], []
    for cell, units in cells:
        for count in counts:
            times, kernel = measure(cell, units, count, repeats, budget_s=0.002 if args.quick else 0.02)
            median = {name: statistics.median(values) for name, values in times.items()}
            spread = max(quartiles(times[name])[2] / quartiles(times[name])[0] for name in ("bound", *ROADS))
            ratios = []
            for road in ROADS:
                ratio = median["bound"] / median[road]
                missed = count >= GOAL_FROM and ratio < GOAL
                if missed:
                    misses.append(f"{cell}({units}) x {count} streams, {road}: {ratio:.2f}")
                ratios.append(f"{ratio:.2f}{' *' if missed else ''}")
            if spread > 1.3:
                ratios[-1] += " ~"
            rows.append([f"{cell}({units})", str(count), si(count / median["bound"]), *ratios])
            us = {name: value * 1e6 for name, value in median.items()}
            rest = us["push_many"] - sum(us.get(part, 0.0) for part in PARTS)
            parts.append(
                [f"{cell}({units})", str(count), kernel, f"{us['push_many']:.1f}", f"{us['bound']:.1f}"]
                + [f"{us[part]:.1f}" if part in us else "-" for part in PARTS]
                + [f"{rest:.1f}", f"{us['by index: gather']:.1f}", f"{us['by index: scatter']:.1f}"]
            )
            per_stream = {name: value / count for name, value in us.items()}
            queue_and_step = per_stream["submitted"] - per_stream["frame check"] - per_stream["push_many"]
            queued_parts.append(
                [
                    f"{cell}({units})",
                    str(count),
                    f"{per_stream['bound']:.2f}",
                    f"{per_stream['queued'] - per_stream['push_many']:.2f}",
                    f"{per_stream['frame check']:.2f}",
                    f"{queue_and_step:.2f}",
                    f"{per_stream['queued'] - per_stream['submitted']:.2f}",
                ]
            )
            print(
                f"  {cell}({units}) x {count}: " + ", ".join(f"{r} {v}" for r, v in zip(ROADS, ratios)),
                flush=True,
            )
    table = markdown_table if args.markdown else text_table
    print(
        f"\ntorch {torch.__version__}, statefulrnn {statefulrnn.__version__}, {args.threads} thread(s), "
        f"float32, F={FEATURES}, 1 frame per stream per round, median of {repeats} shuffled repeats "
        f"(~: a spread over 1.3 between quartiles)"
    )
    print(table(rows, COLUMNS))
    print("\nWhere push_many's round goes (us, medians; bookkeeping: the rest), and moves by index")
    print(table(parts, PART_COLUMNS))
    print("\nWhere the queued road's extra time goes (us per stream, medians; queue and step: the rest)")
    print(table(queued_parts, QUEUED_COLUMNS))
    judged = sum(len(ROADS) for (_, count, *_rest) in rows if int(count) >= GOAL_FROM)
    print(f"Goal road / bound >= {GOAL} from {GOAL_FROM} streams: {judged - len(misses)}/{judged} met")
    for miss in misses:
        print(f"  missed (*): {miss}")


if __name__ == "__main__":
    main()
