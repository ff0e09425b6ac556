"""The kernel rule: which of the three no-grad CPU kernels runs a call, built in or calibrated on
the machine that runs the calls.

A float32 call of a built-in cell that no gradient or tracer needs runs on the compiled kernel
(`compiled`, small calls), on compiled gates (`compiled_gates`: PyTorch's products with each
step's gates in one compiled pass, GRU and LSTM calls of many rows) or on PyTorch's kernel, as
a `KernelRule` says (`fused.kernel_choice` asks it for layer calls, ``predict`` and the stream
pool alike). A rule holds, per cell, torch thread count (1, or 2 and more) and chunk length (1,
10 and 100 steps; a call of another length takes the nearest: under 4, under 32, longer):

- the compiled kernel's limit: the largest batch x units x (units + features), the
  multiply-adds of one step per gate, where it is clearly faster than PyTorch's;
- compiled gates' region, for calls over that limit: one or two rectangles of units by rows,
  each the fewest and most units (most 0: never) and the fewest and most rows (None: any).

The crossovers move from machine to machine (the compiled kernel's gates run on one thread,
PyTorch's kernels on all of torch's; caches and vector units differ). Much of the move follows
the vector instructions PyTorch's products run (`capability`): where they ran AVX-512 code, the
compiled kernel's 256-bit loops lost 2-10x earlier. So there are two built-in rules
(`BUILT_IN_RULES`, chosen by `built_in`): one fitted on a 2-core AMD EPYC (AVX2), and one fitted
on a 2-core Intel Xeon with AVX-512, refitted once the compiled kernels ran their larger
products on PyTorch's own BLAS (`blas`), where the compiled kernel now wins most calls (regret
in geometric mean on one thread 1.02, against the EPYC table's 1.08 and the table before's 1.14;
on two threads 1.02 against the table before's 1.14).
``statefulrnn calibrate-kernels`` (`calibration.calibrate`) times the three kernels on this
machine, fits a rule to the times (`fit`) and saves it (`save`) where every later process on
this machine finds it (`current`), keyed by the CPU, its count, PyTorch's capability, the
versions of torch, numba and statefulrnn and the compiled kernels' revision
(`KERNELS_REVISION`). A rule is read once per process, before its first kernel choice: a
calibration applies to processes started after it.

The fit: per cell, thread count and chunk length, the limits of least summed log regret (the
picked kernel's time over the fastest one's), where a compiled kernel's time counts 10% more
(`CLOSE`): within 10% of each other PyTorch's kernel is the better pick, since it scales with
threads and packs no weights. Ties go to the smaller limits.

Example:
    >>> rule = built_in("AVX2")
    >>> rule.choice("GRU", units=64, batch=1, steps=1, features=32, threads=1)
    'compiled'
    >>> rule.choice("GRU", units=64, batch=1024, steps=1, features=32, threads=1)
    'compiled gates'
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import itertools
import json
import math
import os
import platform
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..io._atomic import write_atomically

CELLS = ("GRU", "LSTM", "SimpleRNN")
GATED_CELLS = frozenset({"GRU", "LSTM"})  # the cells `compiled_gates` has kernels for
KERNELS = ("compiled", "compiled gates", "pytorch")
THREAD_CLASSES = (1, 2)  # torch on one thread; on two or more
STEP_CLASSES = (1, 10, 100)  # the chunk lengths of the limits
CLOSE = 1.1  # a compiled kernel must be this much faster than PyTorch's to be the better pick
# The compiled kernels' code as a calibration timed it, counted up when it changes without a
# version doing so (2: products and sums fused into FMA instructions, 10-30% faster; 3: products
# of 8 rows or 4 steps and more on PyTorch's BLAS, `blas`, 2-4x faster), so that a machine
# calibrated before asks for a new calibration.
KERNELS_REVISION = 3
FORMAT = "statefulrnn kernel rule"
VERSION = 3  # 1: gates regions without their fewest units; 2: one rectangle each

# (fewest units, most units, fewest rows, most rows or None): a rectangle where compiled gates run
GatesRegion = tuple[int, int, int, int | None]
_NEVER: GatesRegion = (0, 0, 1, None)
# Where compiled gates run in one class: the union of one or two rectangles (one step of an LSTM
# on the Xeon: few rows of 512 units, and 1024 rows and more of 64-512 units).
GatesRegions = tuple[GatesRegion, ...]


def step_class(steps: int) -> int:
    """The index in `STEP_CLASSES` of a call of ``steps`` steps: under 4, under 32, longer."""
    return 0 if steps < 4 else 1 if steps < 32 else 2


def thread_class(threads: int) -> int:
    return 1 if threads <= 1 else 2


def step_size(units: int, batch: int, features: int) -> int:
    """What the compiled kernel's limits bound: batch x units x (units + features), the
    multiply-adds of one step per gate."""
    return batch * units * (units + features)


@dataclass(frozen=True)
class KernelRule:
    """Limits by cell name (`CELLS`) and thread class (`THREAD_CLASSES`), one per chunk length
    of `STEP_CLASSES`; see the module docstring.

    Attributes:
        compiled: the compiled kernel's largest batch x units x (units + features).
        gates: compiled gates' rectangles, each (fewest units, most units, fewest rows, most
            rows or None), for calls over it.
        source: "built in (AVX2)" or "built in (AVX-512)", the file it was read from, or what
            `fit` was told.
    """

    compiled: Mapping[str, Mapping[int, tuple[int, int, int]]]
    gates: Mapping[str, Mapping[int, tuple[GatesRegions, GatesRegions, GatesRegions]]]
    source: str = "built in"

    def choice(self, cell: str, units: int, batch: int, steps: int, features: int, threads: int) -> str:
        """``"compiled"``, ``"compiled gates"`` or ``"pytorch"`` for a float32 call of a ``cell``
        cell on inputs ``(batch, steps, features)`` with torch on ``threads`` threads."""
        if self.prefers_compiled(cell, units, batch, steps, features, threads):
            return "compiled"
        return "compiled gates" if self.prefers_gates(cell, units, batch, steps, threads) else "pytorch"

    def prefers_compiled(
        self, cell: str, units: int, batch: int, steps: int, features: int, threads: int
    ) -> bool:
        limits = self.compiled.get(cell)
        if limits is None:
            return False
        return step_size(units, batch, features) <= limits[thread_class(threads)][step_class(steps)]

    def prefers_gates(self, cell: str, units: int, batch: int, steps: int, threads: int) -> bool:
        regions = self.gates.get(cell)
        if regions is None:
            return False
        return any(
            fewest_units <= units <= most_units and batch >= fewest and (most is None or batch <= most)
            for fewest_units, most_units, fewest, most in regions[thread_class(threads)][step_class(steps)]
        )


# Fitted by hand on the grid of benchmarks/bench_crossover.py (units 32-512, batch 1-256, 16 and
# 32 features, 540 points per thread count, plus 512 and 1024 rows at 1 and 10 steps) on a
# 2-core AMD EPYC (32 KiB L1d, 512 KiB L2 a core; torch 2.13, numba 0.68) with nothing else
# running; the times are in benchmarks/results/crossover-epyc-*.json. On 2 threads the compiled
# kernel stays on one thread while PyTorch's products split, so its limits fall (LSTM at 100
# steps: 67k -> 22k). Compiled gates win GRU chunks up to 512 units, one step of a GRU or an LSTM
# from about 512 rows, and short LSTM chunks of few units, on one thread; never a SimpleRNN
# (one product and a tanh: nothing to fuse).
_AVX2 = KernelRule(
    compiled={
        "GRU": {1: (1_150_000, 295_000, 295_000), 2: (350_000, 295_000, 295_000)},
        "LSTM": {1: (1_150_000, 330_000, 67_000), 2: (1_150_000, 110_000, 22_000)},
        "SimpleRNN": {1: (1_250_000, 3_000_000, 1_900_000), 2: (1_150_000, 1_150_000, 1_150_000)},
    },
    gates={
        "GRU": {
            1: (((0, 512, 512, None),), ((0, 512, 1, None),), ((0, 256, 1, None),)),
            2: ((_NEVER,), ((0, 256, 1, 256),), ((0, 128, 1, 256),)),
        },
        "LSTM": {
            1: (((0, 256, 512, None),), ((0, 128, 1, 256),), (_NEVER,)),
            2: ((_NEVER,), (_NEVER,), (_NEVER,)),
        },
    },
    source="built in (AVX2)",
)

# Fitted by `fit` (limits rounded to two figures) on the grids of a 2-core Intel Xeon with
# AVX-512 (48 KiB L1d, 2 MiB L2 a core; torch 2.13, numba 0.68), 624 points per thread count
# (the EPYC's 540, 512 and 1024 rows at 1 and 10 steps, 2048 and 4096 rows of up to 256 units at
# one step), benchmarks/results/crossover-xeon-*.json. The one-thread limits were fitted again
# (2026-12-05, later) once the compiled kernels ran their products of 8 rows or 4 steps and
# more on PyTorch's BLAS (`blas`, 2-4x faster there): on that grid the table before regretted
# 1.138 in geometric mean (max 3.65), this one 1.016 (max 1.52; fitted on the 16-feature points
# alone, 1.025 on the others). The compiled kernel now wins every GRU and SimpleRNN chunk of 10
# and 100 steps on the grid (PyTorch's GRU runs a graph of small operations per step) and an
# LSTM's up to about 64 x 128 at 10 steps; PyTorch's oneDNN LSTM keeps long chunks of many rows,
# and one step of 256 rows and more at 512 units. The two-thread limits were fitted again too
# (2026-12-05, night), on a new 624-point grid of the BLAS kernels: the earlier fits' limits
# (before FMA and BLAS) regretted 1.136 there (max 3.16: SimpleRNN(256) at 16 rows in chunks
# of 100 left to PyTorch's kernel at 3.2x the compiled kernel's time), these 1.020 (max 1.99);
# on a 108-point two-thread grid measured two hours earlier, 1.171 and 1.019. With two
# threads PyTorch's products split and the compiled kernel's loops do not, so its limits
# stay below the one-thread ones (GRU chunks of 10: 1.2M against 570M).
# PyTorch's products run AVX-512 code here and the compiled kernel's loops did not when these
# tables were fitted (LLVM prefers 256-bit vectors on these CPUs; the loops ask for 512-bit
# ones since, `compiled._wide_vectors`, 0.90-0.99 of the time): with PyTorch held to AVX2
# (ATEN_CPU_CAPABILITY=avx2, MKL_ENABLE_INSTRUCTIONS=AVX2, ONEDNN_MAX_CPU_ISA=AVX2) its calls of
# 16-64 rows took 1.29x as long in geometric mean, the compiled kernel's no longer, so every
# crossover comes 2-10x earlier than on the EPYC, whose table regrets 1.13 in geometric mean
# here (this one 1.008; on the EPYC's times this one regrets 1.14). Compiled gates in two
# rectangles where one could not hold both: on one thread, one GRU step of 32-512 units on up
# to 32 rows and of GRU(64) at 2048 rows (a pool); on two, one LSTM step of up to 64 rows and
# of LSTM(128) from 4096.
_AVX512 = KernelRule(
    compiled={
        "GRU": {1: (1_400_000, 570_000_000, 140_000_000), 2: (830_000, 1_200_000, 140_000_000)},
        "LSTM": {1: (9_700_000, 360_000, 19_000), 2: (5_700_000, 310_000, 40_000)},
        "SimpleRNN": {1: (4_600_000, 570_000_000, 140_000_000), 2: (4_600_000, 18_000_000, 140_000_000)},
    },
    gates={
        "GRU": {
            1: (((32, 512, 1, 32), (64, 64, 2048, 2048)), (_NEVER,), (_NEVER,)),
            2: (((32, 512, 16, 32),), ((32, 512, 1, 64), (32, 64, 512, 512)), (_NEVER,)),
        },
        "LSTM": {
            1: (((32, 256, 1024, None),), (_NEVER,), (_NEVER,)),
            2: (((32, 512, 1, 64), (128, 128, 4096, None)), (_NEVER,), (_NEVER,)),
        },
    },
    source="built in (AVX-512)",
)

# The built-in rules by the vector width PyTorch's own kernels run (`capability`); any other
# (no AVX2, or not x86) takes the AVX2 table, as every machine did before the AVX-512 one.
BUILT_IN_RULES: Mapping[str, KernelRule] = {"AVX2": _AVX2, "AVX512": _AVX512}


def capability() -> str:
    """The vector instructions PyTorch's CPU kernels run here, as ``torch.backends.cpu``
    reports them (``"AVX512"``, ``"AVX2"``, ``"DEFAULT"``, ...; ``ATEN_CPU_CAPABILITY`` lowers
    it)."""
    import torch.backends.cpu

    return torch.backends.cpu.get_cpu_capability()


def built_in(capability_name: str | None = None) -> KernelRule:
    """The built-in rule for PyTorch's CPU ``capability_name`` (default: this process's
    `capability`): the AVX-512 table where PyTorch's products run AVX-512 code, the AVX2
    table anywhere else.

    Example:
        >>> built_in("AVX512").choice("GRU", units=256, batch=256, steps=100, features=32, threads=1)
        'compiled'
        >>> built_in("AVX2").choice("GRU", units=256, batch=256, steps=100, features=32, threads=1)
        'compiled gates'
    """
    name = capability() if capability_name is None else capability_name
    return BUILT_IN_RULES["AVX512" if name == "AVX512" else "AVX2"]


# ----- fitting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One call's seconds on each kernel, the fastest of the timings (`calibration.measure`)."""

    cell: str
    threads: int
    features: int
    units: int
    batch: int
    steps: int
    compiled_s: float
    pytorch_s: float
    # Compiled gates; None for SimpleRNN (no such kernel) and in files saved before it was timed.
    gates_s: float | None = None

    def times(self) -> dict[str, float]:
        """Seconds per call by `KERNELS`' names, of the kernels timed here."""
        measured = {"compiled": self.compiled_s, "compiled gates": self.gates_s, "pytorch": self.pytorch_s}
        return {kernel: seconds for kernel, seconds in measured.items() if seconds is not None}


def regret(rule: KernelRule, point: Point) -> float:
    """The time of the kernel ``rule`` picks for ``point`` over the fastest one's (1.0: the
    fastest). A compiled-gates pick on a point without its time scores PyTorch's."""
    times = point.times()
    pick = rule.choice(point.cell, point.units, point.batch, point.steps, point.features, point.threads)
    return times.get(pick, point.pytorch_s) / min(times.values())


def summary(rule: KernelRule, points: Sequence[Point]) -> str:
    """One line: the rule's largest and geometric-mean regret on ``points``, and how often over
    `CLOSE`."""
    regrets = [regret(rule, point) for point in points]
    geomean = math.exp(sum(map(math.log, regrets)) / len(regrets))
    return (
        f"{len(points)} points: regret max {max(regrets):.2f}, geometric mean {geomean:.3f}, "
        f"over {CLOSE} at {sum(r > CLOSE for r in regrets)}"
    )


def fit(points: Iterable[Point], source: str = "fitted") -> KernelRule:
    """The rule of least regret on ``points`` (see the module docstring). Classes without a point
    keep this machine's `built_in` limits; a cell's two thread classes are fitted apart.

    Example:
        >>> points = [Point("SimpleRNN", 1, 32, 64, batch, 1, 1e-6 * batch, 8e-6 + 0.5e-6 * batch)
        ...           for batch in (1, 4, 16, 64)]
        >>> rule = fit(points)
        >>> [rule.choice("SimpleRNN", 64, batch, 1, 32, 1) for batch in (4, 16)]
        ['compiled', 'pytorch']
    """
    classes: dict[tuple[str, int, int], list[Point]] = {}
    for point in points:
        key = (point.cell, thread_class(point.threads), step_class(point.steps))
        classes.setdefault(key, []).append(point)
    base = built_in()
    compiled = {cell: {t: list(base.compiled[cell][t]) for t in THREAD_CLASSES} for cell in CELLS}
    gates = {cell: {t: list(base.gates[cell][t]) for t in THREAD_CLASSES} for cell in GATED_CELLS}
    for (cell, threads, steps), members in classes.items():
        limit, regions = _fit_class(members, cell in GATED_CELLS)
        compiled[cell][threads][steps] = limit
        if cell in GATED_CELLS:
            gates[cell][threads][steps] = regions
    return KernelRule(
        {cell: {t: tuple(limits) for t, limits in by.items()} for cell, by in compiled.items()},
        {cell: {t: tuple(entries) for t, entries in by.items()} for cell, by in gates.items()},
        source,
    )


def _fit_class(points: list[Point], gated: bool) -> tuple[int, GatesRegions]:
    """The compiled limit and gates regions of least summed log regret on one class's points: the
    best limit with one rectangle, then a second rectangle where adding it (the limit chosen
    again) lowers the sum."""
    sizes = np.array([step_size(p.units, p.batch, p.features) for p in points])
    units = np.array([p.units for p in points])
    rows = np.array([p.batch for p in points])
    # Costs in log time over the best, compiled kernels counted CLOSE slower (close calls: PyTorch).
    pytorch = np.log([p.pytorch_s for p in points])
    compiled = np.log([p.compiled_s * CLOSE for p in points])
    timed_gates = [p.gates_s is not None for p in points]
    gates = np.log([p.gates_s * CLOSE if p.gates_s is not None else p.pytorch_s for p in points])
    # The smallest limits first (`argmin` keeps the first of equal costs), each between two
    # measured sizes (their geometric mean), the last past the largest.
    measured = sorted(set(sizes.tolist()))
    limits = [0, *(math.isqrt(a * b) for a, b in itertools.pairwise(measured)), 2 * measured[-1]]
    regions: list[GatesRegion] = [_NEVER]
    if gated and any(timed_gates):
        batches, widths = sorted(set(rows.tolist())), sorted(set(units.tolist()))
        # Up to the most rows measured reads as any number of rows: the same on the points, and
        # a pool of more streams than were timed is more like the most rows than like fewer.
        regions += [
            (fewest_units, most_units, fewest, most)
            for fewest_units in widths
            for most_units in (w for w in widths if w >= fewest_units)
            for fewest in batches
            for most in [*(b for b in batches[:-1] if b >= fewest), None]
        ]
    in_region = np.array(
        [
            (units >= lo_u) & (units <= hi_u) & (rows >= lo) & (True if hi is None else rows <= hi)
            for lo_u, hi_u, lo, hi in regions
        ]
    )  # (regions, points)
    not_compiled = sizes[None, :] > np.array(limits)[:, None]  # (limits, points)

    def costs(covered: np.ndarray) -> np.ndarray:
        """(limits, regions) summed cost, compiled gates where ``covered`` (regions, points)."""
        after_compiled = np.where(covered, gates, pytorch)
        return np.where(not_compiled[:, None, :], after_compiled[None, :, :], compiled).sum(axis=2)

    cost = costs(in_region)
    best_limit, best_region = np.unravel_index(np.argmin(cost), cost.shape)
    chosen: GatesRegions = (regions[best_region],)
    if len(regions) > 2:  # a second rectangle, as a union with the first
        paired = costs(in_region | in_region[best_region])
        limit, second = np.unravel_index(np.argmin(paired), paired.shape)
        if paired[limit, second] < cost[best_limit, best_region]:
            best_limit, chosen = limit, (regions[best_region], regions[second])
    return int(limits[best_limit]), chosen


# ----- this machine's rule on disk --------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What a calibration is valid for: the CPU, its count, the vector instructions PyTorch runs
    there and the versions of the code it timed."""
    import torch

    from .. import __version__

    return {
        "cpu": _cpu_name(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "capability": capability(),
        "torch": torch.__version__,
        "numba": _numba_version(),
        "statefulrnn": __version__,
        "kernels": KERNELS_REVISION,
    }


def _numba_version() -> str | None:
    """numba's version from its installed metadata's folder name, without importing numba (a
    call on PyTorch's kernel never does) or `importlib.metadata` (whose imports, at a first
    call, made CPython run a full collection: ~80 ms with torch loaded)."""
    spec = importlib.util.find_spec("numba")
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.parent.glob("numba-*.dist-info"))
    return found[-1].name.removeprefix("numba-").removesuffix(".dist-info") if found else "unknown"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cache_dir() -> Path:
    """Where calibrations are kept: ``$STATEFULRNN_CACHE_DIR``, else ``$XDG_CACHE_HOME/statefulrnn``
    or ``~/.cache/statefulrnn``."""
    given = os.environ.get("STATEFULRNN_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "statefulrnn"


def rule_file(key: Mapping[str, Any] | None = None) -> Path:
    """This machine's calibration file (for ``key``, default `machine()`)."""
    text = json.dumps(machine() if key is None else dict(key), sort_keys=True)
    return cache_dir() / f"kernel-rule-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"


def save(rule: KernelRule, points: Sequence[Point] = (), path: os.PathLike | str | None = None) -> Path:
    """Write ``rule`` (and the times it was fitted on) for this machine, atomically; returns the path."""
    key = machine()
    target = Path(path) if path is not None else rule_file(key)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "machine": key,
        "compiled": {
            cell: {str(t): list(limits) for t, limits in by.items()} for cell, by in rule.compiled.items()
        },
        "gates": {
            cell: {str(t): [list(map(list, entry)) for entry in entries] for t, entries in by.items()}
            for cell, by in rule.gates.items()
        },
        "points": [dataclasses.asdict(point) for point in points],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(str(target), json.dumps(document, indent=1).encode())
    return target


def load(path: os.PathLike | str) -> KernelRule:
    """The rule in a file `save` wrote.

    Raises:
        ValueError: not such a file, or limits of the wrong kind (named in the message).
        OSError: it cannot be read.
    """
    text = Path(path).read_bytes()
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ValueError(f"{os.fspath(path)!r} is not a kernel rule file: {error}") from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or document.get("version") != VERSION
    ):
        raise ValueError(f"{os.fspath(path)!r} is not a kernel rule file of version {VERSION}.")
    compiled = _table(document.get("compiled"), CELLS, _limit, path, "compiled")
    gates = _table(document.get("gates"), tuple(sorted(GATED_CELLS)), _regions, path, "gates")
    return KernelRule(compiled, gates, os.fspath(path))


def _table(value: object, cells: Sequence[str], entry: Any, path: object, name: str) -> dict:
    """``{cell: {thread class: three entries}}`` from JSON, each entry checked by ``entry``."""

    def refuse(what: str) -> ValueError:
        return ValueError(f"{os.fspath(path)!r}: {name} {what}")

    if not isinstance(value, dict) or set(value) != set(cells):
        raise refuse(f"must hold the cells {', '.join(cells)}. Received: {value!r:.200}")
    table = {}
    for cell in cells:
        by_threads = value[cell]
        if not isinstance(by_threads, dict) or set(by_threads) != {str(t) for t in THREAD_CLASSES}:
            raise refuse(f"of {cell} must have thread classes '1' and '2'. Received: {by_threads!r:.200}")
        table[cell] = {}
        for threads in THREAD_CLASSES:
            entries = by_threads[str(threads)]
            if not isinstance(entries, list) or len(entries) != len(STEP_CLASSES):
                raise refuse(
                    f"of {cell} on {threads} thread(s) must list 3 entries. Received: {entries!r:.200}"
                )
            try:
                table[cell][threads] = tuple(entry(item) for item in entries)
            except (TypeError, ValueError) as error:
                raise refuse(f"of {cell} on {threads} thread(s): {error}") from None
    return table


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"expected a count (an int >= 0). Received: {value!r:.100}")
    return value


def _limit(value: object) -> int:
    return _count(value)


def _regions(value: object) -> GatesRegions:
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        raise ValueError(f"expected a list of one or two gates rectangles. Received: {value!r:.100}")
    return tuple(map(_region, value))


def _region(value: object) -> GatesRegion:
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError(
            f"expected [fewest units, most units, fewest rows, most rows or null]. Received: {value!r:.100}"
        )
    fewest_units, most_units, fewest, most = value
    return _count(fewest_units), _count(most_units), _count(fewest), None if most is None else _count(most)


@functools.cache
def current() -> KernelRule:
    """The rule this process runs: this machine's calibration where one was saved (`save`,
    ``statefulrnn calibrate-kernels``), else the `built_in` rule for PyTorch's CPU capability.
    Read once; a file that cannot be read gives a warning and the built-in rule."""
    path = rule_file()
    if not path.exists():
        return built_in()
    try:
        return load(path)
    except (OSError, ValueError) as error:
        warnings.warn(f"The kernel rule calibrated for this machine was not used: {error}", stacklevel=2)
        return built_in()


__all__ = [
    "BUILT_IN_RULES",
    "CLOSE",
    "KernelRule",
    "Point",
    "built_in",
    "cache_dir",
    "capability",
    "current",
    "fit",
    "load",
    "machine",
    "regret",
    "rule_file",
    "save",
    "summary",
]
