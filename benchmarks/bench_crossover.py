"""Where is the compiled (numba) kernel faster than PyTorch's, and does the kernel rule pick it?

Kernel against kernel, as `statefulrnn.layers.fused` runs them: one call of a cell's fused runner
on a chunk ``(batch, steps, features)`` with states ``(batch, units)``, made inside
``use_compiled_kernels(True)`` (the compiled kernel) and inside ``use_compiled_kernels(False)``
(PyTorch's ``_VF`` kernel), under ``torch.no_grad()``. The switch is read at call time, so the
calls are made inside the blocks (a runner made inside a block and called outside it would run
the automatic choice). Each timing repeats the call for about 2 ms; the two kernels alternate,
and the table gives medians.

For every grid point (cell x units x batch x steps x input features x torch threads) it prints
both times, which is faster, what the rule (`fused.prefers_compiled`) picks, and the rule's
regret: the time of the kernel it picks over the faster one's (1.00: it picked the faster).
Then the largest and the geometric-mean regret, and the rows of largest regret. Where the two
are within 10%, PyTorch's kernel counts as the better pick (the ``better`` column): it scales
with threads and needs no weight packing.

Refitting the rule on another machine: run the grid with ``--save grid.json``, edit the table in
`statefulrnn/layers/fused.py` (``_COMPILED_LIMITS``), and re-evaluate it on the saved times
without measuring again: ``--load grid.json``.

Run:
    python benchmarks/bench_crossover.py --save grid.json      # the full grid, ~10-20 min
    python benchmarks/bench_crossover.py --load grid.json      # the current rule on saved times
    python benchmarks/bench_crossover.py --cells GRU --units 64 --threads 1 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import torch
from bench_layers import markdown_table, text_table

import statefulrnn
from statefulrnn import GRUCell, LSTMCell, SimpleRNNCell, use_compiled_kernels
from statefulrnn.layers import RecurrentCell, compiled
from statefulrnn.layers.fused import fused_runner, prefers_compiled

CELLS: dict[str, type[RecurrentCell]] = {"GRU": GRUCell, "LSTM": LSTMCell, "SimpleRNN": SimpleRNNCell}
UNITS = (32, 64, 128, 256, 512)
BATCHES = (1, 4, 16, 32, 64, 256)
STEPS = (1, 10, 100)
FEATURES = (16, 32)
THREADS = (1, 2)
CLOSE = 1.1  # compiled must be this much faster to count as the better pick
SECONDS_PER_TIMING = 2e-3
COLUMNS = (
    "cell",
    "threads",
    "F",
    "units",
    "batch",
    "steps",
    "compiled us",
    "pytorch us",
    "better",
    "rule",
    "regret",
)


@dataclass(frozen=True)
class Point:
    cell: str
    threads: int
    features: int
    units: int
    batch: int
    steps: int
    compiled_s: float  # seconds of one call, the fastest of the timings
    pytorch_s: float

    @property
    def better(self) -> str:
        return "compiled" if self.compiled_s * CLOSE < self.pytorch_s else "pytorch"

    def regret(self, picks_compiled: bool) -> float:
        chosen = self.compiled_s if picks_compiled else self.pytorch_s
        return chosen / min(self.compiled_s, self.pytorch_s)


def make_cell(name: str, units: int, features: int) -> RecurrentCell:
    torch.manual_seed(0)
    cell = CELLS[name](units)
    cell.build((None, features))
    return cell


def timings(
    cell: RecurrentCell, compiled_on: bool, x: torch.Tensor, states: tuple, calls: int, repeats: int
) -> list[float]:
    """Seconds per call, ``repeats`` times; the runner is made and called inside the switch's block."""
    with use_compiled_kernels(compiled_on):
        run = fused_runner(cell, training=False)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(calls):
                run(x, states)
            times.append((time.perf_counter() - start) / calls)
    return times


def measure(name: str, units: int, features: int, batch: int, steps: int, repeats: int) -> Point:
    """Both kernels on one chunk, interleaved."""
    cell = make_cell(name, units, features)
    x = torch.randn(batch, steps, features)
    states = tuple(torch.zeros(batch, units) for _ in range(2 if name == "LSTM" else 1))
    times: dict[bool, list[float]] = {True: [], False: []}
    with torch.no_grad():
        warm = {on: timings(cell, on, x, states, 1, 2)[-1] for on in (True, False)}  # numba compiles once
        calls = max(1, int(SECONDS_PER_TIMING / max(warm.values())))
        for _ in range(repeats):  # alternate, so that noise hits both alike
            for compiled_on in (True, False):
                times[compiled_on] += timings(cell, compiled_on, x, states, calls, 1)
    return Point(
        name,
        torch.get_num_threads(),
        features,
        units,
        batch,
        steps,
        min(times[True]),
        min(times[False]),
    )


def rule_picks(point: Point) -> bool:
    return prefers_compiled(
        CELLS[point.cell], torch.float32, point.units, point.batch, point.steps, point.features, point.threads
    )


def row(point: Point) -> list[str]:
    picks = rule_picks(point)
    regret = point.regret(picks)
    return [
        point.cell,
        str(point.threads),
        str(point.features),
        str(point.units),
        str(point.batch),
        str(point.steps),
        f"{point.compiled_s * 1e6:.1f}",
        f"{point.pytorch_s * 1e6:.1f}",
        point.better,
        "compiled" if picks else "pytorch",
        f"{regret:.2f}" + (" *" if regret > CLOSE else ""),
    ]


def summary(points: Sequence[Point], worst: int) -> str:
    regrets = [p.regret(rule_picks(p)) for p in points]
    geomean = math.exp(sum(map(math.log, regrets)) / len(regrets))
    agree = sum((p.better == "compiled") == rule_picks(p) for p in points)
    lines = [
        f"{len(points)} points: rule's regret max {max(regrets):.2f}, geometric mean {geomean:.3f}; "
        f"it picks the better kernel (PyTorch's when within {CLOSE}x) at {agree}/{len(points)}; "
        f"regret > {CLOSE} at {sum(r > CLOSE for r in regrets)}",
        f"Largest regrets (of {len(points)}):",
    ]
    ranked = sorted(zip(regrets, points), key=lambda pair: -pair[0])[:worst]
    lines += [text_table([row(p) for _, p in ranked], COLUMNS)]
    return "\n".join(lines)


def header(repeats: int) -> str:
    import numba

    return (
        f"torch {torch.__version__}, numba {numba.__version__}, statefulrnn {statefulrnn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, float32, no grad, "
        f"fastest of {repeats} interleaved timings of ~{SECONDS_PER_TIMING * 1e3:.0f} ms "
        f"(the compiled kernel runs on one thread whatever torch's count)"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])

    def ints(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split(","))

    parser.add_argument("--cells", type=lambda s: tuple(s.split(",")), default=tuple(CELLS))
    parser.add_argument("--units", type=ints, default=UNITS)
    parser.add_argument("--batches", type=ints, default=BATCHES)
    parser.add_argument("--steps", type=ints, default=STEPS)
    parser.add_argument("--features", type=ints, default=FEATURES)
    parser.add_argument("--threads", type=ints, default=THREADS, help="torch intra-op threads")
    parser.add_argument("--repeats", type=int, default=7, help="timings per kernel and point (default 7)")
    parser.add_argument("--worst", type=int, default=15, help="rows of largest regret listed (default 15)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--save", help="write the measured times to this JSON file")
    parser.add_argument("--load", help="re-evaluate the rule on times saved by --save (no measuring)")
    args = parser.parse_args(argv)
    unknown = set(args.cells) - set(CELLS)
    if unknown:
        parser.error(f"--cells takes {', '.join(CELLS)}. Received: {','.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.load:
        with open(args.load) as file:
            points = [Point(**fields) for fields in json.load(file)["points"]]
        print(f"times loaded from {args.load}")
    else:
        if not compiled.AVAILABLE:
            sys.exit("numba is not installed: pip install 'statefulrnn[fast]'")
        print(header(args.repeats), flush=True)
        grid = [
            (threads, name, features, units, steps, batch)
            for threads in args.threads
            for name in args.cells
            for features in args.features
            for units in args.units
            for steps in args.steps
            for batch in args.batches
        ]
        points = []
        for index, (threads, name, features, units, steps, batch) in enumerate(grid, 1):
            torch.set_num_threads(threads)
            points.append(measure(name, units, features, batch, steps, args.repeats))
            print(f"[{index}/{len(grid)}] " + " ".join(row(points[-1])), file=sys.stderr, flush=True)
        if args.save:
            with open(args.save, "w") as file:
                json.dump({"header": header(args.repeats), "points": [asdict(p) for p in points]}, file)
    rows = [row(p) for p in points]
    print(markdown_table(rows, COLUMNS) if args.markdown else text_table(rows, COLUMNS))
    print(summary(points, args.worst))


if __name__ == "__main__":
    main()
