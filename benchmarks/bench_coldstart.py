"""What does a fresh process pay before its first answer: import, build, first ``predict``?

A command-line tool or a server that restarts pays it every time. Each row runs in fresh
interpreters (``python -c``), timed inside the child from just before its first import:

- ``import torch``, the floor every PyTorch program pays;
- ``import statefulrnn`` alone (its names load on first use), then the names a model script
  takes (``from statefulrnn import Sequential, GRU, ...``) after ``import torch``: the cost of
  our import beyond torch's;
- a first raw torch call: ``torch.nn.GRU`` (LSTM, RNN) and ``Linear`` built and called once
  under ``no_grad``, the floor of a first call;
- ``Sequential([Input, GRU(32), Dense(1)])`` (LSTM, SimpleRNN) built and its first and second
  ``predict`` (batch 4, 10 steps, 8 features, so the compiled numba kernel is the one chosen),
  with numba's cache cold (a fresh empty ``NUMBA_CACHE_DIR``), warm (a directory filled by an
  earlier process), and without numba (``use_compiled_kernels(False)``: PyTorch's kernel).

Every child reads compiled bytecode (``.pyc``), as a program does after ``pip install``, which
writes it: the children run with ``PYTHONPYCACHEPREFIX`` in a scratch folder and without
``PYTHONDONTWRITEBYTECODE``, and each row runs once untimed first. Where that variable is set
(some sandboxes and containers set it), every import compiled statefulrnn's ~100 modules from
source, 0.1-0.3 s that no installed copy pays.

Rows alternate repeat by repeat (so machine load hits them alike); the table gives medians in
ms and the differences and ratios against torch's import and first call. A first GRU predict
with the cache warm is also timed in parts (numba's import, loading the kernel from its cache,
the call itself). Then ``-X importtime`` lists what our import and a first predict pull in
beyond ``import torch``, by package.

Run:
    python benchmarks/bench_coldstart.py                 # 5 repeats, GRU, LSTM and SimpleRNN
    python benchmarks/bench_coldstart.py --quick         # 2 repeats, GRU only
    python benchmarks/bench_coldstart.py --markdown
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

from bench_layers import markdown_table, text_table

# Each child prints {phase: seconds} on its last line; `lap(name)` ends a phase.
_PRELUDE = """
import json, sys, time
_times, _last = {}, time.perf_counter()
def lap(name):
    global _last
    now = time.perf_counter()
    _times[name] = now - _last
    _last = now
"""
_EPILOGUE = """
_times["numba imported"] = float("numba" in sys.modules)
print(json.dumps(_times))
"""

_MODEL = """
from statefulrnn import Dense, Input, Sequential, {layer}, use_compiled_kernels
lap("import")
import contextlib, numpy as np
model = Sequential([Input(shape=(10, 8)), {layer}(32), Dense(1)])
x = np.random.default_rng(0).standard_normal((4, 10, 8)).astype("float32")
switch = use_compiled_kernels(False) if {pytorch} else contextlib.nullcontext()
lap("build")
with switch:
    model.predict(x, verbose=0)
    lap("first call")
    model.predict(x, verbose=0)
    lap("second call")
"""

_TORCH_CALL = """
import torch
lap("import")
recurrent, head = torch.nn.{layer}(8, 32, batch_first=True), torch.nn.Linear(32, 1)
x = torch.randn(4, 10, 8)
lap("build")
with torch.no_grad():
    head(recurrent(x)[0][:, -1])
    lap("first call")
    head(recurrent(x)[0][:, -1])
    lap("second call")
"""

# A first compiled predict in parts: where its time goes.
_PARTS = """
from statefulrnn import GRU, Dense, Input, Sequential
lap("import")
import numpy as np
model = Sequential([Input(shape=(10, 8)), GRU(32), Dense(1)])
x = np.random.default_rng(0).standard_normal((4, 10, 8)).astype("float32")
lap("build")
from statefulrnn.layers import compiled, numba_loader
numba_loader.imported_numba()
lap("import numba")
compiled.gru.load()
lap("load the kernel")
model.predict(x, verbose=0)
lap("first call")
"""
_PARTS_ROW = "GRU: first predict in parts, numba cache warm"

_TORCH_NAME = {"GRU": "GRU", "LSTM": "LSTM", "SimpleRNN": "RNN"}
_NAMES = "Sequential, Input, GRU, LSTM, SimpleRNN, Dense"


def programs(layers: list[str]) -> dict[str, tuple[str, str]]:
    """Row name -> (child program, numba cache: "cold", "warm" or "")."""
    rows = {
        "import torch": ('import torch\nlap("import")', ""),
        "import statefulrnn": ('import statefulrnn\nlap("import")', ""),
        f"import torch; from statefulrnn import {_NAMES}": (
            f'import torch\nlap("torch")\nfrom statefulrnn import {_NAMES}\nlap("import")',
            "",
        ),
    }
    for layer in layers:
        rows[f"torch.nn.{_TORCH_NAME[layer]}: first call"] = (
            _TORCH_CALL.format(layer=_TORCH_NAME[layer]),
            "",
        )
        for cache in ("cold", "warm"):
            rows[f"{layer}: first predict, numba cache {cache}"] = (
                _MODEL.format(layer=layer, pytorch=False),
                cache,
            )
        rows[f"{layer}: first predict, PyTorch kernel"] = (_MODEL.format(layer=layer, pytorch=True), "")
    rows[_PARTS_ROW] = (_PARTS, "warm")
    return rows


def run_child(code: str, cache_dir: str | None, importtime: bool = False) -> dict[str, float] | str:
    """The child's phase times (or, with ``importtime``, its -X importtime report)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    flags = ["-X", "importtime"] if importtime else []
    result = subprocess.run(
        [sys.executable, *flags, "-c", _PRELUDE + code + _EPILOGUE],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"child failed:\n{code}\n{result.stderr}")
    return result.stderr if importtime else json.loads(result.stdout.splitlines()[-1])


def measure(rows: dict[str, tuple[str, str]], repeats: int, workdir: str) -> dict[str, dict[str, float]]:
    """Median of each phase per row, rows interleaved repeat by repeat."""
    warm = os.path.join(workdir, "warm")
    for code, cache in rows.values():
        # Writes the bytecode every row reads; fills the warm cache: the kernels compile once, here.
        run_child(code, warm if cache == "warm" else os.path.join(workdir, "untimed"))
    samples: dict[str, list[dict[str, float]]] = collections.defaultdict(list)
    for repeat in range(repeats):
        for name, (code, cache) in rows.items():
            cache_dir = {"cold": os.path.join(workdir, f"cold{repeat}-{len(samples[name])}"), "warm": warm}
            samples[name].append(run_child(code, cache_dir.get(cache)))
    return {
        name: {phase: statistics.median(s[phase] for s in runs) for phase in runs[0]}
        for name, runs in samples.items()
    }


def table(medians: dict[str, dict[str, float]]) -> list[list[str]]:
    torch_import = medians["import torch"]["import"]
    rows = []
    for name, phases in medians.items():
        if name == _PARTS_ROW:  # printed apart: its phases are not the table's
            continue
        # After a separate "torch" phase, "import" is already what comes beyond torch's.
        beyond = phases["import"] - (0.0 if "torch" in phases else torch_import)
        torch_first = medians.get(f"torch.nn.{_TORCH_NAME.get(name.split(':')[0])}: first call")
        first = phases.get("first call")
        rows.append([
            name,
            f"{phases['import'] * 1e3:.0f}",
            f"{beyond * 1e3:+.0f}",
            f"{phases['build'] * 1e3:.1f}" if "build" in phases else "",
            f"{first * 1e3:.1f}" if first is not None else "",
            f"{first / torch_first['first call']:.0f}x" if first is not None and torch_first else "",
            f"{phases['second call'] * 1e3:.1f}" if "second call" in phases else "",
            f"{sum(v for k, v in phases.items() if k != 'numba imported') * 1e3:.0f}",
            "yes" if phases["numba imported"] else "no",
        ])  # fmt: skip
    return rows


COLUMNS = (
    "row", "import ms", "import - torch's", "build ms", "1st call ms", "1st / torch's 1st",
    "2nd call ms", "total ms", "numba",
)  # fmt: skip


def import_report(code: str, baseline: str, top: int, cache_dir: str | None = None) -> str:
    """Modules ``code`` imports beyond ``baseline`` (from -X importtime), summed by package."""

    def modules(stderr: str) -> dict[str, int]:
        found = {}
        for line in stderr.splitlines():
            if line.startswith("import time:") and "self [us]" not in line:
                own, _, name = line.split(":", 1)[1].split("|")
                found[name.strip()] = int(own)
        return found

    before = modules(run_child(baseline, None, importtime=True))
    after = modules(run_child(code, cache_dir, importtime=True))
    beyond = {name: us for name, us in after.items() if name not in before}
    by_package: dict[str, list[int]] = collections.defaultdict(list)
    for name, us in beyond.items():
        by_package[name.split(".")[0]].append(us)
    ranked = sorted(by_package.items(), key=lambda item: -sum(item[1]))[:top]
    lines = [f"  {sum(us) / 1e3:7.1f} ms  {len(us):4d} modules  {package}" for package, us in ranked]
    total = sum(beyond.values()) / 1e3
    return f"{len(beyond)} modules, {total:.0f} ms of their own import time:\n" + "\n".join(lines)


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 repeats, GRU only")
    parser.add_argument("--top", type=int, default=12, help="packages listed by the import report")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    layers = ["GRU"] if args.quick else ["GRU", "LSTM", "SimpleRNN"]
    repeats = 2 if args.quick else args.repeats
    print(
        f"statefulrnn {version('statefulrnn')}, torch {version('torch')}, numba {version('numba')}, "
        f"Python {platform.python_version()}, {platform.machine()}, 1 thread (OMP_NUM_THREADS=1), "
        f"{os.cpu_count()} cores, median of {repeats} interleaved fresh processes"
    )
    with tempfile.TemporaryDirectory() as workdir:
        # The children's environment (`run_child` copies it): bytecode written and read in a
        # folder of their own, as an installed copy has its .pyc.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(workdir, "bytecode")
        medians = measure(programs(layers), repeats, workdir)
        rows = table(medians)
        print(markdown_table(rows, COLUMNS) if args.markdown else text_table(rows, COLUMNS))
        parts = medians[_PARTS_ROW]
        print(f"\n{_PARTS_ROW} (ms): " + ", ".join(
            f"{part} {parts[part] * 1e3:.0f}" for part in ("import numba", "load the kernel", "first call")
        ))  # fmt: skip
        print("\nfrom statefulrnn import ... beyond import torch:")
        print(import_report(f"import torch\nfrom statefulrnn import {_NAMES}", "import torch", args.top))
        print("\nimport + first GRU predict (cache warm) beyond import torch:")
        code = _MODEL.format(layer="GRU", pytorch=False)
        print(import_report(code, "import torch", args.top, os.path.join(workdir, "warm")))


if __name__ == "__main__":
    main()
