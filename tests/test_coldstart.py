"""What a fresh process pays before its first answer (benchmarks/bench_coldstart.py times it):
nothing heavy is imported before it is used, a compiled kernel is compiled once into numba's
cache and loaded from it by the next process, and ``statefulrnn serve`` loads its kernels
before it listens. Each test runs a fresh interpreter, as a user's process starts."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import torch

import statefulrnn
from statefulrnn.layers import blas, compiled, compiled_linear
from statefulrnn.layers.cells import LSTMCell
from statefulrnn.layers.fused import prefers_compiled, prefers_compiled_gates

from .serve.servers import TIMEOUT_S, make_model

PACKAGE_ROOT = Path(statefulrnn.__file__).parents[1]
# What a kernel's cache files are named after: its name, and the variant on PyTorch's BLAS.
_VARIANT = compiled._VARIANT if blas.sgemm_library() else ""
STARTUP_S = 300  # a fresh process that compiles a kernel on a loaded 2-core runner: tens of seconds

# The packages a model script's import, build and PyTorch-kernel predict must not load.
HEAVY = ["numba", "llvmlite", "scipy", "h5py", "aiohttp", "onnx", "onnxruntime", "matplotlib"]

# A small GRU model and its first predict; prints what the kernels left in numba's cache.
PREDICT = """
import json, sys
import numpy as np
from statefulrnn import GRU, Dense, Input, Sequential
model = Sequential([Input(shape=(5, 3)), GRU(8), Dense(1)])
model.predict(np.ones(({rows}, 5, 3), np.float32), batch_size={rows}, verbose=0)
report = {{"imported": sorted(m for m in {heavy} if m in sys.modules)}}
if "numba" in sys.modules:
    from statefulrnn.layers import compiled
    report["hits"] = sum(compiled.gru.stats.cache_hits.values())
    report["misses"] = sum(compiled.gru.stats.cache_misses.values())
    # Imported only when numba sets up its compiler (with NumPy's BLAS, hence SciPy's linalg).
    report["compiler set up"] = "numba.np.arraymath" in sys.modules
print(json.dumps(report))
"""


def run_fresh(script: str, cache_dir: Path, **env: str) -> dict:
    """The JSON that ``script`` prints last, run in a fresh interpreter with numba's cache in
    ``cache_dir``, and Python's bytecode in a folder beside it: an installed package's modules load from
    bytecode (pip writes it), where compiling them from source (as under
    ``PYTHONDONTWRITEBYTECODE``) leaves garbage enough for a full collection of its own."""
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=STARTUP_S,
        env={
            **inherited,
            "PYTHONPATH": str(PACKAGE_ROOT),
            "NUMBA_CACHE_DIR": str(cache_dir),
            "PYTHONPYCACHEPREFIX": str(cache_dir.with_name(f"{cache_dir.name}-bytecode")),
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return {**json.loads(result.stdout.splitlines()[-1]), "stderr": result.stderr}


def cache_files(cache_dir: Path) -> dict[str, int]:
    """Each file in numba's cache directory and its modification time (ns)."""
    return {path.name: path.stat().st_mtime_ns for path in cache_dir.rglob("*") if path.is_file()}


def test_import_build_and_a_pytorch_kernel_predict_load_nothing_heavy(tmp_path: Path) -> None:
    """A batch of 32768 rows of LSTM(8) over 5 steps runs on PyTorch's kernel (the rule says so,
    checked here; a GRU's would run on `compiled_gates`), so nothing imports numba (its import
    alone costs a fifth of torch's)."""
    size = (LSTMCell, torch.float32, 8, 32768, 5, 3, torch.get_num_threads())
    assert not prefers_compiled(*size) and not prefers_compiled_gates(*size)
    report = run_fresh(PREDICT.replace("GRU", "LSTM").format(rows=32768, heavy=HEAVY), tmp_path)
    assert report["imported"] == []
    assert cache_files(tmp_path) == {}


def test_a_first_predict_compiles_its_kernel_alone_and_the_next_process_loads_it(tmp_path: Path) -> None:
    first = run_fresh(PREDICT.format(rows=4, heavy=HEAVY), tmp_path)
    assert "numba" in first["imported"]  # the compiled kernel ran
    assert (first["hits"], first["misses"]) == (0, 1)
    written = cache_files(tmp_path)
    # The GRU kernel only (index and code), its callees inside it: no LSTM or SimpleRNN kernel.
    assert sorted(re.sub(r"-\d+\.py\d+", "", name) for name in written) == [
        f"compiled.gru{_VARIANT}.1.nbc",
        f"compiled.gru{_VARIANT}.nbi",
    ]
    second = run_fresh(PREDICT.format(rows=4, heavy=HEAVY), tmp_path)
    assert (second["hits"], second["misses"]) == (1, 0)
    assert cache_files(tmp_path) == written  # read, not rewritten
    # Loading machine code needs numba's runtime, not its compiler (0.4 s of 0.6 s when set up).
    assert (first["compiler set up"], second["compiler set up"]) == (True, False)


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A numba cache directory holding the GRU kernel, filled once by a first predict (a compile
    of a few seconds) for the tests that start from a warm cache and write nothing to it."""
    cache = tmp_path_factory.mktemp("warm_numba_cache")
    run_fresh(PREDICT.format(rows=4, heavy=[]), cache)
    return cache


def test_a_kernel_loaded_from_the_cache_leaves_numba_whole_for_the_users_own_code(warm_cache: Path) -> None:
    """The kernel loaded without numba's compiler set-up: the user's own numba code, compiled
    later in the process, gets the full compiler (here NumPy functions from its registries),
    and the kernel still raises its errors and agrees with PyTorch's kernel."""
    script = PREDICT.format(rows=4, heavy=[]) + textwrap.dedent(
        """
        import numba, pytest
        assert not report["compiler set up"] and report["hits"] == 1
        users = numba.njit(lambda a: np.sum(np.sin(a)) + a.size)
        assert users(np.zeros((2, 3))) == 6.0
        from statefulrnn import use_compiled_kernels
        x = np.ones((4, 5, 3), np.float32)
        with use_compiled_kernels(False):
            expected = model.predict(x, batch_size=4, verbose=0)
        np.testing.assert_allclose(model.predict(x, batch_size=4, verbose=0), expected, atol=1e-6)
        h0, weights = np.zeros((4, 8), np.float32), np.zeros((3, 24), np.float32)
        with pytest.raises(ValueError, match="A compiled kernel needs x"):
            compiled.call(compiled.gru, x, (h0,), weights)
        print("{}")
        """
    )
    run_fresh(script, warm_cache)


# Counts the cyclic collector's runs by generation from here on (printed as "collections").
COUNT_COLLECTIONS = """
import gc
collections = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.__setitem__(
    info["generation"], collections[info["generation"]] + 1))
"""


def test_numba_and_a_cached_kernel_load_without_a_full_collection(warm_cache: Path) -> None:
    """numba's import and the kernel's load leave ~40,000 objects for good: counted as new, they
    made CPython run a full collection (80-90 ms with torch loaded, for nothing freed) and
    would again at the next. They are filed as old: no full collection in the first predict,
    nor in the allocations that follow, and the collector is left as it was."""
    script = (
        "import torch\n"
        + COUNT_COLLECTIONS
        + PREDICT.format(rows=4, heavy=[])
        + textwrap.dedent(
            """
        first_predict = list(collections)
        garbage = [[i] for i in range(20_000)]  # a user's allocations after it: a tenth of ours
        report.update(first_predict=first_predict, after=collections,
                      enabled=gc.isenabled(), frozen=gc.get_freeze_count())
        print(json.dumps(report))
        """
        )
    )
    report = run_fresh(script, warm_cache)
    assert report["hits"] == 1 and not report["compiler set up"]
    assert report["first_predict"][2] == 0 and report["after"][2] == 0, report
    assert report["enabled"] and report["frozen"] == 0


def test_a_process_that_froze_its_objects_keeps_them_frozen(warm_cache: Path) -> None:
    """A pre-fork server freezes its objects (``gc.freeze()``) so that its workers share their
    pages: loading a kernel must not unfreeze them (it then runs with the collector as is)."""
    freeze = "import gc, torch\ngc.freeze()\nfrozen = gc.get_freeze_count()\n"
    kept = 'print(json.dumps({**report, "frozen": [frozen, gc.get_freeze_count()]}))'
    script = freeze + PREDICT.format(rows=4, heavy=[]).replace("print(json.dumps(report))", kept)
    report = run_fresh(script, warm_cache)
    before, after = report["frozen"]
    # Objects freed since leave the frozen set too; an unfreeze would empty it.
    assert report["hits"] == 1 and after > 0.99 * before, report


# numba finding no directory to cache in, as on a read-only install without a writable home.
NO_CACHE_DIRECTORY = "import numba.core.caching\nnumba.core.caching.CacheImpl._locator_classes = []\n"


def test_without_a_writable_cache_the_kernels_compile_each_process_with_a_warning(tmp_path: Path) -> None:
    report = run_fresh(NO_CACHE_DIRECTORY + PREDICT.format(rows=4, heavy=HEAVY), tmp_path)
    assert (report["hits"], report["misses"]) == (0, 1)
    assert "compiled kernel gru is compiled anew in each process" in report["stderr"]
    assert "Set NUMBA_CACHE_DIR to a writable directory" in report["stderr"]
    assert cache_files(tmp_path) == {}


def test_without_a_writable_cache_the_linear_recurrences_compile_each_process_too(tmp_path: Path) -> None:
    """The scans and steps of MinGRU, MinLSTM and LRU (`compiled_linear`) raised numba's
    RuntimeError where it found no directory to cache them in (a read-only install without a
    writable home): they now warn and compile, as the cells' kernels do, with the same numbers."""
    script = NO_CACHE_DIRECTORY + textwrap.dedent(
        """
        import json
        import numpy as np, torch
        from statefulrnn import use_compiled_kernels
        from statefulrnn.layers import MinGRU
        layer = MinGRU(8, return_sequences=True)
        x = torch.randn(2, 6, 3)
        with torch.no_grad():
            chunk, step = layer(x), layer(x[:, :1])  # the compiled scan, then the compiled step
            with use_compiled_kernels(False):
                expected = layer(x), layer(x[:, :1])
        np.testing.assert_allclose(chunk, expected[0], atol=1e-5)
        np.testing.assert_allclose(step, expected[1], atol=1e-5)
        print(json.dumps({}))
        """
    )
    stderr = run_fresh(script, tmp_path)["stderr"]
    for kernel in ("_scan_forward", "_min_rnn_step"):
        assert f"compiled kernel {kernel} is compiled anew in each process" in stderr, stderr
    assert cache_files(tmp_path) == {}


def compile_kernels_command(cache_dir: Path, prelude: str = "", **env: str) -> subprocess.CompletedProcess:
    """``statefulrnn compile-kernels`` in a fresh interpreter, after ``prelude``."""
    script = prelude + "import sys\nfrom statefulrnn.cli import main\nsys.exit(main(['compile-kernels']))\n"
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=STARTUP_S,
        env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT), "NUMBA_CACHE_DIR": str(cache_dir), **env},
    )


def test_compile_kernels_fills_numbas_cache_once_for_every_later_process(tmp_path: Path) -> None:
    """Every kernel is compiled into the cache, in one command (a container build's step); run
    again, it reads each from there and writes nothing; a program started after it loads its
    kernel without compiling and without setting up numba's compiler."""
    names = [name for name, _ in compiled.every_kernel() + compiled_linear.every_kernel()]
    assert {"gru float32", "lstm float32", "min_rnn_step float32", "scan_backward complex128"} <= set(names)
    first = compile_kernels_command(tmp_path)
    assert first.returncode == 0, first.stderr
    *lines, summary = first.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == names
    assert all(re.fullmatch(r"[\w ]+: compiled in \d+\.\d\d s", line) for line in lines), lines
    assert summary.startswith(f"{len(names)} kernels in numba's cache at {tmp_path}"), summary
    written = cache_files(tmp_path)
    assert len([name for name in written if name.endswith(".nbc")]) == len(names)  # machine code, each

    second = compile_kernels_command(tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[:-1] == [f"{name}: read from numba's cache" for name in names]
    assert cache_files(tmp_path) == written

    program = run_fresh(PREDICT.format(rows=4, heavy=[]), tmp_path)
    assert (program["hits"], program["misses"], program["compiler set up"]) == (1, 0, False)


def test_compile_kernels_refuses_clearly_where_nothing_would_be_kept(tmp_path: Path) -> None:
    """Without numba there is nothing to compile; without a writable cache nothing compiled
    would outlive the command: each says so and exits 1, the second after one kernel."""
    no_numba = compile_kernels_command(tmp_path, NUMBA_DISABLE_JIT="1")
    assert no_numba.returncode == 1 and no_numba.stdout == ""
    assert "numba cannot be used here" in no_numba.stderr and "statefulrnn[fast]" in no_numba.stderr

    no_cache = compile_kernels_command(tmp_path, NO_CACHE_DIRECTORY)
    assert no_cache.returncode == 1 and no_cache.stdout == "", no_cache.stdout
    assert no_cache.stderr.strip() == (
        "statefulrnn compile-kernels: numba finds no writable directory for its cache here, so the "
        "kernel gru float32 would be compiled again by each process. Set NUMBA_CACHE_DIR to a "
        "writable directory, for this command and for the programs that run the kernels."
    )
    assert cache_files(tmp_path) == {}


def test_serve_loads_its_kernels_before_it_listens(tmp_path: Path) -> None:
    """By the time ``statefulrnn serve`` says it listens, its GRU kernel is in numba's cache:
    the warm-up ran before the port opened, and the line says how long it took."""
    make_model().save(tmp_path / "model.safetensors")
    cache = tmp_path / "cache"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "statefulrnn.cli",
            "serve",
            str(tmp_path / "model.safetensors"),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT), "NUMBA_CACHE_DIR": str(cache)},
    )
    lines: queue.Queue[str] = queue.Queue()  # read on a thread, so that the wait can time out
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        listening = lines.get(timeout=STARTUP_S)
        written = cache_files(cache)
    finally:
        process.kill()
        process.wait(timeout=TIMEOUT_S)
    assert re.search(r"listening on http://127\.0\.0\.1:\d+ \(.*, warmed up in \d+\.\d\d s\)", listening), (
        listening + process.stderr.read()
    )
    index = f"compiled.gru{_VARIANT}-"
    assert any(name.startswith(index) and name.endswith(".nbi") for name in written), written


def test_a_numba_that_cannot_be_imported_leaves_pytorch_kernels_and_one_warning(tmp_path: Path) -> None:
    """numba installed but broken (a NumPy newer than it supports): found, so not ruled out
    up front, and only imported when a compiled kernel is about to run; then PyTorch's runs."""
    broken = tmp_path / "site" / "numba"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text('raise ImportError("Numba needs NumPy 2.2 or less. Got 9.9.")\n')
    script = PREDICT.format(rows=4, heavy=[]) + textwrap.dedent(
        """
        from statefulrnn import use_compiled_kernels
        x = np.ones((4, 5, 3), np.float32)
        with use_compiled_kernels(False):
            expected = model.predict(x, batch_size=4, verbose=0)
        np.testing.assert_array_equal(model.predict(x, batch_size=4, verbose=0), expected)
        print("{}")
        """
    )
    report = run_fresh(script, tmp_path, PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{PACKAGE_ROOT}")
    assert report["stderr"].count("numba is installed but cannot be imported") == 1, report["stderr"]
