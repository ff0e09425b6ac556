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

The rule is the one this process runs (`statefulrnn.layers.kernel_rule.current`: built in, or
calibrated on this machine by ``statefulrnn calibrate-kernels``); ``--builtin`` scores both
built-in ones (AVX2 and AVX-512, `kernel_rule.BUILT_IN_RULES`). ``--fit`` also fits a rule to the
times (`kernel_rule.fit`, what calibration does) and scores it there, and ``--holdout`` fits on the
16-feature points and scores on the others: a fit's regret on the times it was fitted on flatters
it. ``--load grid.json`` re-evaluates on times saved with ``--save`` without measuring again. Files
saved before the gates kernel was timed load too; where a rule picks compiled gates on such a
point, its regret is scored with PyTorch's time (the summary says how many points lack gates
times). The timing itself is `statefulrnn.layers.calibration.measure`.

Run:
    python benchmarks/bench_crossover.py --save grid.json      # the full grid, ~3-30 min
    python benchmarks/bench_crossover.py --load grid.json --builtin --fit --holdout
    python benchmarks/bench_crossover.py --cells GRU --units 64 --threads 1 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict

import torch
from bench_layers import markdown_table, text_table

import statefulrnn
from statefulrnn.layers import compiled, kernel_rule
from statefulrnn.layers.blas import sgemm_library as compiled_blas
from statefulrnn.layers.calibration import SECONDS_PER_TIMING, measure
from statefulrnn.layers.kernel_rule import CELLS, CLOSE, GATED_CELLS, Point

UNITS = (32, 64, 128, 256, 512)
BATCHES = (1, 4, 16, 32, 64, 256)
STEPS = kernel_rule.STEP_CLASSES
FEATURES = (16, 32)
THREADS = (1, 2)
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


def rule_picks(point: Point, rule: kernel_rule.KernelRule) -> str:
    return rule.choice(point.cell, point.units, point.batch, point.steps, point.features, point.threads)


def better(point: Point) -> str:
    """The kernel to pick: PyTorch's where a compiled one is within `CLOSE` of it (it scales with
    threads and packs nothing), else the faster compiled one."""
    times = point.times()
    ours = min((kernel for kernel in times if kernel != "pytorch"), key=times.__getitem__)
    return ours if times[ours] * CLOSE < point.pytorch_s else "pytorch"


def scored_as(point: Point, choice: str) -> str:
    """The kernel whose time stands for ``choice``: PyTorch's for compiled gates where they were
    not timed (files saved before), as `kernel_rule.regret` scores them."""
    return choice if choice in point.times() else "pytorch"


def microseconds(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1e6:.1f}"


def row(point: Point, rule: kernel_rule.KernelRule) -> list[str]:
    picks = rule_picks(point, rule)
    regret = kernel_rule.regret(rule, point)
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
        better(point),
        picks,
        f"{regret:.2f}" + (" *" if regret > CLOSE else ""),
    ]


def summary(points: Sequence[Point], rule: kernel_rule.KernelRule, worst: int) -> str:
    picks = [rule_picks(p, rule) for p in points]
    regrets = [kernel_rule.regret(rule, p) for p in points]
    agree = sum(better(p) == scored_as(p, pick) for p, pick in zip(points, picks))
    lines = [
        f"Rule ({rule.source}): {kernel_rule.summary(rule, points)}; it picks the better kernel "
        f"(PyTorch's when a compiled one is within {CLOSE}x) at {agree}/{len(points)}",
    ]
    untimed = [pick for p, pick in zip(points, picks) if p.cell in GATED_CELLS and p.gates_s is None]
    if untimed:
        lines.append(
            f"{len(untimed)} GRU/LSTM points lack a compiled-gates time (saved before it was timed); "
            f"the {untimed.count('compiled gates')} of them where the rule picks compiled gates are "
            f"scored with PyTorch's time"
        )
    if worst:
        lines.append(f"Largest regrets (of {len(points)}):")
        ranked = sorted(zip(regrets, points), key=lambda pair: -pair[0])[:worst]
        lines += [text_table([row(p, rule) for _, p in ranked], COLUMNS)]
    return "\n".join(lines)


def header(repeats: int) -> str:
    import numba

    return (
        f"torch {torch.__version__}, numba {numba.__version__}, statefulrnn {statefulrnn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, PyTorch's CPU capability "
        f"{kernel_rule.capability()}, float32, no grad, "
        f"fastest of {repeats} interleaved timings of ~{SECONDS_PER_TIMING * 1e3:.0f} ms "
        f"(the compiled kernel's loops run on one thread, its products on PyTorch's BLAS where it has "
        f"one ({'on' if compiled_blas() else 'off'}); compiled gates' products on torch's threads, called "
        f"directly)"
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
    parser.add_argument("--builtin", action="store_true", help="score the built-in rule too")
    parser.add_argument("--fit", action="store_true", help="fit a rule to the times and score it")
    parser.add_argument(
        "--holdout", action="store_true", help="fit on the 16-feature points, score on the others"
    )
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
        rule = kernel_rule.current()
        for index, (threads, name, features, units, steps, batch) in enumerate(grid, 1):
            torch.set_num_threads(threads)
            points.append(measure(name, units, features, batch, steps, args.repeats))
            print(f"[{index}/{len(grid)}] " + " ".join(row(points[-1], rule)), file=sys.stderr, flush=True)
        if args.save:
            with open(args.save, "w") as file:
                json.dump({"header": header(args.repeats), "points": [asdict(p) for p in points]}, file)
    rule = kernel_rule.current()
    rows = [row(p, rule) for p in points]
    print(markdown_table(rows, COLUMNS) if args.markdown else text_table(rows, COLUMNS))
    print(summary(points, rule, args.worst))
    if args.builtin:  # both tables: a loaded file may come from a machine of the other kind
        for built_in in kernel_rule.BUILT_IN_RULES.values():
            if built_in is not rule:
                print(summary(points, built_in, 0))
    if args.fit:
        print(summary(points, kernel_rule.fit(points, "fitted (on these times)"), 0))
    if args.holdout:
        train = [p for p in points if p.features == 16]
        held = [p for p in points if p.features != 16]
        if not train or not held:
            sys.exit("--holdout needs points with 16 features and points with others")
        print(
            summary(held, kernel_rule.fit(train, "fitted on the 16-feature points"), 0)
            + " (scored on the rest)"
        )


if __name__ == "__main__":
    main()
