"""Time the three no-grad CPU kernels on this machine and fit the kernel rule to the times.

`measure` times one call of a built-in cell on each kernel, kernel against kernel: the compiled
kernel and PyTorch's through the cell's fused runner made and called inside
``use_compiled_kernels(True/False)`` (the switch is read at call time), compiled gates directly on
the weights `fused` packs for them (no switch forces them; the runner's dispatch it skips costs
about a microsecond, which matters only at calls the rule gives the compiled kernel anyway). A
call of one step is timed as a stream pool makes it, its usual caller: the compiled kernels
stepping a slot table's rows in place, PyTorch's cell function's new states copied back into
the table.
Each timing repeats the call for about 2 ms; the kernels alternate within each repeat, so that
noise hits all alike, and the fastest repeat is kept. A kernel that takes twice another's time
and more than 2 ms at its second and third calls is not timed again (no rule would pick it; at
the largest calls its repeats would take most of a calibration).

`calibrate` runs a grid of such points (``statefulrnn calibrate-kernels``), fits a rule to it
(`kernel_rule.fit`) and saves it for this machine, where every later process finds it
(`kernel_rule.current`). Along each row of batches it stops once PyTorch's kernel has won by a
third at two batches in a row (the compiled kernels only fall further behind as rows grow), so
the largest calls, which cost seconds a point, are rarely timed. ``benchmarks/bench_crossover.py``
times the full grid with the same `measure` and prints every point.

Example (a tiny grid; ``statefulrnn calibrate-kernels`` runs the real one):
    >>> point = measure("GRU", units=16, features=8, batch=2, steps=3, repeats=1)
    >>> sorted(point.times())
    ['compiled', 'compiled gates', 'pytorch']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from . import compiled, compiled_gates, fused, kernel_rule
from .cells import RecurrentCell
from .fused import fused_runner, use_compiled_kernels
from .kernel_rule import Point

CELL_TYPES: dict[str, type[RecurrentCell]] = {name: cell for cell, name in fused.RULE_NAMES.items()}
SECONDS_PER_TIMING = 2e-3
# The calibration grid: a few minutes on a 2-core VM per thread count.
UNITS = (32, 64, 128, 256, 512)
BATCHES = (1, 4, 16, 64, 256, 1024)
STEPS = kernel_rule.STEP_CLASSES
FEATURES = 32
BEATEN = 1.33  # PyTorch's kernel this much faster than both compiled ones, twice: the row ends
LOSING = 2.0  # a kernel this much slower than another (and over 2 ms) at its first timing: no more


def make_cell(name: str, units: int, features: int) -> RecurrentCell:
    torch.manual_seed(0)
    cell = CELL_TYPES[name](units)
    cell.build((None, features))
    return cell


def _repeated(call: Callable[[], object], calls: int, repeats: int) -> list[float]:
    """Seconds per call of ``call()``, ``repeats`` times over ``calls`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls)
    return times


def _timer(
    cell: RecurrentCell, kernel: str, x: torch.Tensor, states: tuple
) -> Callable[[int, int], list[float]]:
    """``(calls, repeats) ->`` seconds per call of ``kernel`` (one of `kernel_rule.KERNELS`),
    ``repeats`` times: a layer's call, but for one step, which is timed as a stream pool runs it
    (see `_pool_step`). Made once per point, so a repeat times the call and nothing else."""
    if x.shape[1] == 1:
        step = _pool_step(cell, kernel, x, states)
        return lambda calls, repeats: _repeated(step, calls, repeats)
    if kernel == "compiled gates":
        gates = compiled_gates.KERNELS[fused._kernel_for(cell)]
        weights = compiled.cached_weights(cell, lambda: fused.flat_weights(cell))
        return lambda calls, repeats: _repeated(
            lambda: compiled.run(gates, weights, x, states), calls, repeats
        )

    def timed(calls: int, repeats: int) -> list[float]:
        # The compiled runner reads the switch when called: its calls are made inside the block.
        with use_compiled_kernels(kernel == "compiled"):
            run = fused_runner(cell, training=False)
            return _repeated(lambda: run(x, states), calls, repeats)

    return timed


def _pool_step(cell: RecurrentCell, kernel: str, x: torch.Tensor, states: tuple) -> Callable[[], object]:
    """One step of many rows as a `StreamPool` of the layer runs it, its usual caller: the
    compiled kernels step a slot table's rows in place, PyTorch's cell function writes fresh
    states that are copied back into the table (7% and 5% of an LSTM(256) step of 1024 rows,
    enough to decide close calls). A layer call's step of as many rows allocates instead."""
    table = tuple(state.numpy().copy() for state in states)
    if kernel == "pytorch":
        with use_compiled_kernels(False):  # PyTorch's runner, whatever the switch when called
            run = fused_runner(cell, training=False)
        rows = tuple(map(torch.from_numpy, table))

        def stepped() -> None:
            _, final = run(x, rows)
            for row, new in zip(rows, final):
                row.copy_(new)

        return stepped
    if kernel == "compiled gates":
        chosen = compiled_gates.KERNELS[fused._kernel_for(cell)]
    else:
        chosen = compiled.KERNELS[fused._kernel_for(cell)]
    weights = compiled.cached_weights(cell, lambda: fused.flat_weights(cell))
    frames = x.numpy()
    return lambda: compiled.call(chosen, frames, table, weights, into=table)


def measure(name: str, units: int, features: int, batch: int, steps: int, repeats: int) -> Point:
    """The kernels that compute a ``name`` cell on one chunk ``(batch, steps, features)``, each
    timed ``repeats`` times, interleaved, on torch's current thread count."""
    cell = make_cell(name, units, features)
    x = torch.randn(batch, steps, features)
    states = tuple(torch.zeros(batch, units) for _ in range(2 if name == "LSTM" else 1))
    kernels = [k for k in kernel_rule.KERNELS if k != "compiled gates" or name in kernel_rule.GATED_CELLS]
    times: dict[str, list[float]] = {kernel: [] for kernel in kernels}
    with torch.no_grad():
        # Numba compiles (or loads) each kernel once, and the weights are packed once: the first
        # call is not timed; the faster of the next two stands for the kernel until the repeats.
        timers = {kernel: _timer(cell, kernel, x, states) for kernel in kernels}
        warm = {kernel: min(timers[kernel](1, 3)[1:]) for kernel in kernels}
        # A kernel twice as slow as another there, and slower than a timing's length, is kept at
        # that time: no rule picks it, and at the largest calls its repeats would take most of a
        # calibration.
        quickest = min(warm.values())
        timed = [k for k in kernels if warm[k] <= max(LOSING * quickest, SECONDS_PER_TIMING)]
        for kernel in set(kernels) - set(timed):
            times[kernel].append(warm[kernel])
        calls = max(1, int(SECONDS_PER_TIMING / max(warm[kernel] for kernel in timed)))
        for _ in range(repeats):  # alternate, so that noise hits all alike
            for kernel in timed:
                times[kernel] += timers[kernel](calls, 1)
    fastest = {kernel: min(seconds) for kernel, seconds in times.items()}
    return Point(
        name,
        torch.get_num_threads(),
        features,
        units,
        batch,
        steps,
        fastest["compiled"],
        fastest["pytorch"],
        fastest.get("compiled gates"),
    )


def calibrate(
    threads: Sequence[int] | None = None,
    cells: Sequence[str] = kernel_rule.CELLS,
    units: Sequence[int] = UNITS,
    batches: Sequence[int] = BATCHES,
    repeats: int = 5,
    save: bool = True,
    report: Callable[[str], object] = lambda line: None,
) -> tuple[kernel_rule.KernelRule, list[Point], Path | None]:
    """Time the grid, fit a rule and (with ``save``) keep it for this machine.

    Args:
        threads: torch thread counts to time (default: 1, and torch's current count where it is
            more; a rule has limits for 1 and for 2 or more threads, and the classes not timed
            keep the built-in rule's limits).
        cells, units, batches: the grid (chunks of 1, 10 and 100 steps, 32 features).
        repeats: timings per kernel and point.
        report: called with one line per point as it is timed.

    Returns:
        The fitted rule, the points, and the file it was saved to (None without ``save``).

    Raises:
        RuntimeError: numba is not installed (nothing to calibrate).
    """
    if not compiled.AVAILABLE:
        raise RuntimeError("numba is not installed, so only PyTorch's kernels run: nothing to calibrate.")
    default = torch.get_num_threads()
    counts = list(threads) if threads is not None else sorted({1, default})
    points: list[Point] = []
    try:
        for count in counts:
            torch.set_num_threads(count)
            for name in cells:
                for size in units:
                    for steps in STEPS:
                        points += _row(name, size, steps, batches, repeats, report)
    finally:
        torch.set_num_threads(default)
    rule = kernel_rule.fit(points, source="calibrated")
    path = kernel_rule.save(rule, points) if save else None
    return rule, points, path


def _row(
    name: str, units: int, steps: int, batches: Sequence[int], repeats: int, report: Callable[[str], object]
) -> list[Point]:
    """The points of one row of batches, ended once PyTorch's kernel has won by `BEATEN` twice."""
    points, beaten = [], 0
    for batch in sorted(batches):
        point = measure(name, units, FEATURES, batch, steps, repeats)
        points.append(point)
        times = point.times()
        report(
            f"{name}({units}) threads {point.threads}, {batch} rows, {steps} steps: "
            + ", ".join(f"{kernel} {seconds * 1e6:.1f} us" for kernel, seconds in times.items())
        )
        ours = min(seconds for kernel, seconds in times.items() if kernel != "pytorch")
        beaten = beaten + 1 if ours > BEATEN * point.pytorch_s else 0
        if beaten == 2:
            break
    return points


__all__ = ["calibrate", "measure"]
