"""benchmarks/bench_step.py --crossover times the kernels it names."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from statefulrnn import GRUCell
from statefulrnn.layers import compiled

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_the_crossover_times_the_compiled_kernel_where_the_rule_picks_pytorchs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("onnxruntime")  # bench_step compares with it
    if not compiled.AVAILABLE:
        pytest.skip("the compiled kernels need numba")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench_step

    runs = []
    real_run = compiled.run

    def counted(*args: object) -> object:
        runs.append(args)
        return real_run(*args)

    monkeypatch.setattr(compiled, "run", counted)
    torch.manual_seed(0)
    cell = GRUCell(64)
    cell.build((None, bench_step.FEATURES))
    with torch.no_grad():
        bench_step.crossover_ratio(cell, batch=1024, steps=1, repeats=1)  # the rule: PyTorch's
    assert runs  # the "compiled" timings ran on it, not on the automatic choice
