"""Where is each of the three no-grad CPU kernels the fastest, and does the kernel rule pick it?

For a float32 call of a built-in cell without gradient, `statefulrnn.layers.fused` runs one of
three kernels: the compiled (numba) kernel of `compiled`, the "compiled gates" kernel of
`compiled_gates` (PyTorch's matrix products with each step's gates in one compiled pass; GRU and
LSTM only), or PyTorch's ``_VF`` kernel. This times all three, kernel against kernel, on one
chunk ``(batch, steps, features)`` with states ``(batch, units)`` under ``torch.no_grad()``:

- compiled: one call of the cell's fused runner made and called inside
  ``use_compiled_kernels(True)``, which runs every call it may on the compiled kernel;
- PyTorch's: the same inside ``use_compiled_kernels(False)``. The switch is read at call time, so
  the calls are made inside the blocks (a runner made inside a block and called outside it would
  run the automatic choice);
- compiled gates: no switch forces it, so its kernel is called directly, as `fused` calls it:
  ``compiled.run(gates, weights, x, states)``, with ``gates`` from ``compiled_gates.KERNELS`` and
  the weights `fused` packs. That skips the runner's dispatch (about a microsecond), which
  matters only at the smallest calls, which the rule gives the compiled kernel anyway.

Each timing repeats the call for about 2 ms; the kernels alternate within each repeat, so that
noise hits all alike, and the table gives the fastest of the repeats.

For every grid point (cell x units x batch x steps x input features x torch threads) it prints
the three times (the gates column "-" for SimpleRNN, which has no such kernel), which kernel is
the better pick, what the rule (`fused.kernel_choice`) picks, and the rule's regret: the time of
the kernel it picks over the fastest measured one's (1.00: it picked the fastest). Then the
largest and the geometric-mean regret, and the rows of largest regret. A compiled kernel counts
as the better pick (the ``better`` column) only where it is more than 10% faster than PyTorch's,
which scales with threads and needs no weight packing; between the two compiled kernels, the
faster one.

Refitting the rule on another machine: run the grid with ``--save grid.json``, edit the tables in
`statefulrnn/layers/fused.py` (``_COMPILED_LIMITS``, ``_COMPILED_GATES_LIMITS``), and re-evaluate
them on the saved times without measuring again: ``--load grid.json``. Files saved before the
gates kernel was timed load too; where the rule picks compiled gates on such a point, its regret
is scored with PyTorch's time (the summary says how many points lack gates times).

Run:
    python benchmarks/bench_crossover.py --save grid.json      # the full grid, ~15-30 min
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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import torch
from bench_layers import markdown_table, text_table

import statefulrnn
from statefulrnn import GRUCell, LSTMCell, SimpleRNNCell, use_compiled_kernels
from statefulrnn.layers import RecurrentCell, compiled, compiled_gates, fused
from statefulrnn.layers.fused import fused_runner, kernel_choice

CELLS: dict[str, type[RecurrentCell]] = {"GRU": GRUCell, "LSTM": LSTMCell, "SimpleRNN": SimpleRNNCell}
GATED_CELLS = frozenset({"GRU", "LSTM"})  # the cells `compiled_gates` has kernels for
KERNELS = ("compiled", "compiled gates", "pytorch")  # `fused.kernel_choice`'s answers
UNITS = (32, 64, 128, 256, 512)
BATCHES = (1, 4, 16, 32, 64, 256)
STEPS = (1, 10, 100)
FEATURES = (16, 32)
THREADS = (1, 2)
CLOSE = 1.1  # a compiled kernel must be this much faster than PyTorch's to count as the better pick
SECONDS_PER_TIMING = 2e-3
COLUMNS = (
    "cell",
    "threads",
    "F",
    "units",
    "batch",
    "steps",
    "compiled us",
    "gates us",
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
    # Compiled gates; None for SimpleRNN (no such kernel) and in files saved before it was timed.
    # Last, with a default, so that those files still load.
    gates_s: float | None = None

    @property
    def times(self) -> dict[str, float]:
        """Seconds per call of each kernel measured here, by `KERNELS`' names."""
        measured = {"compiled": self.compiled_s, "compiled gates": self.gates_s, "pytorch": self.pytorch_s}
        return {kernel: seconds for kernel, seconds in measured.items() if seconds is not None}

    @property
    def better(self) -> str:
        # Within CLOSE, PyTorch's kernel is the better pick: it scales with threads, packs nothing.
        ours = "compiled" if self.gates_s is None or self.compiled_s <= self.gates_s else "compiled gates"
        return ours if self.times[ours] * CLOSE < self.pytorch_s else "pytorch"

    def scored_as(self, choice: str) -> str:
        """The kernel whose time stands for ``choice``: PyTorch's for compiled gates where they
        were not timed (files saved before), so that such points score the pick the old way."""
        return choice if choice in self.times else "pytorch"

    def regret(self, choice: str) -> float:
        times = self.times
        return times[self.scored_as(choice)] / min(times.values())


def make_cell(name: str, units: int, features: int) -> RecurrentCell:
    torch.manual_seed(0)
    cell = CELLS[name](units)
    cell.build((None, features))
    return cell


def repeated(call: Callable[[], object], calls: int, repeats: int) -> list[float]:
    """Seconds per call of ``call()``, ``repeats`` times over ``calls`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls)
    return times


def timings(
    cell: RecurrentCell, kernel: str, x: torch.Tensor, states: tuple, calls: int, repeats: int
) -> list[float]:
    """Seconds per call of ``kernel`` (one of `KERNELS`), ``repeats`` times."""
    if kernel == "compiled gates":
        # No switch forces it: called directly, on the packed weights `fused` would pass it.
        gates = compiled_gates.KERNELS[fused._kernel_for(cell)]
        weights = compiled.cached_weights(cell, lambda: fused.flat_weights(cell))
        return repeated(lambda: compiled.run(gates, weights, x, states), calls, repeats)
    # The runner is made and called inside the switch's block: the switch is read at call time.
    with use_compiled_kernels(kernel == "compiled"):
        run = fused_runner(cell, training=False)
        return repeated(lambda: run(x, states), calls, repeats)


def measure(name: str, units: int, features: int, batch: int, steps: int, repeats: int) -> Point:
    """The kernels that compute this cell on one chunk, interleaved."""
    cell = make_cell(name, units, features)
    x = torch.randn(batch, steps, features)
    states = tuple(torch.zeros(batch, units) for _ in range(2 if name == "LSTM" else 1))
    kernels = [kernel for kernel in KERNELS if kernel != "compiled gates" or name in GATED_CELLS]
    times: dict[str, list[float]] = {kernel: [] for kernel in kernels}
    with torch.no_grad():
        # Numba compiles (or loads) each kernel once, and the weights are packed once: not timed.
        warm = {kernel: timings(cell, kernel, x, states, 1, 2)[-1] for kernel in kernels}
        calls = max(1, int(SECONDS_PER_TIMING / max(warm.values())))
        for _ in range(repeats):  # alternate, so that noise hits all alike
            for kernel in kernels:
                times[kernel] += timings(cell, kernel, x, states, calls, 1)
    return Point(
        name,
        torch.get_num_threads(),
        features,
        units,
        batch,
        steps,
        min(times["compiled"]),
        min(times["pytorch"]),
        min(times["compiled gates"]) if "compiled gates" in times else None,
    )


def rule_picks(point: Point) -> str:
    return kernel_choice(
        CELLS[point.cell], torch.float32, point.units, point.batch, point.steps, point.features, point.threads
    )


def microseconds(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:.1f}"


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
        microseconds(point.compiled_s),
        microseconds(point.gates_s),
        microseconds(point.pytorch_s),
        point.better,
        picks,
        f"{regret:.2f}" + (" *" if regret > CLOSE else ""),
    ]


def summary(points: Sequence[Point], worst: int) -> str:
    picks = [rule_picks(p) for p in points]
    regrets = [p.regret(pick) for p, pick in zip(points, picks)]
    geomean = math.exp(sum(map(math.log, regrets)) / len(regrets))
    # Scored like the regret: on a point without a gates time, a gates pick counts as PyTorch's.
    agree = sum(p.better == p.scored_as(pick) for p, pick in zip(points, picks))
    lines = [
        f"{len(points)} points: rule's regret max {max(regrets):.2f}, geometric mean {geomean:.3f}; "
        f"it picks the better kernel (PyTorch's when a compiled one is within {CLOSE}x) at "
        f"{agree}/{len(points)}; regret > {CLOSE} at {sum(r > CLOSE for r in regrets)}",
    ]
    untimed = [pick for p, pick in zip(points, picks) if p.cell in GATED_CELLS and p.gates_s is None]
    if untimed:
        lines.append(
            f"{len(untimed)} GRU/LSTM points lack a compiled-gates time (saved before it was timed); "
            f"the {untimed.count('compiled gates')} of them where the rule picks compiled gates are "
            f"scored with PyTorch's time"
        )
    lines.append(f"Largest regrets (of {len(points)}):")
    ranked = sorted(zip(regrets, points), key=lambda pair: -pair[0])[:worst]
    lines += [text_table([row(p) for _, p in ranked], COLUMNS)]
    return "\n".join(lines)


def header(repeats: int) -> str:
    import numba

    return (
        f"torch {torch.__version__}, numba {numba.__version__}, statefulrnn {statefulrnn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, float32, no grad, "
        f"fastest of {repeats} interleaved timings of ~{SECONDS_PER_TIMING * 1e3:.0f} ms "
        f"(the compiled kernel runs on one thread whatever torch's count; compiled gates' products "
        f"on torch's threads, called directly)"
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
