"""A kernel rule calibrated on this machine: fitted to measured times (`kernel_rule.fit`), kept
in a file (`save`, `load`) that later processes run (`current`), measured by `calibration` and
``statefulrnn calibrate-kernels``.

No timing is asserted: the fit is checked on made-up times, the measuring on a tiny grid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from statefulrnn import GRUCell, cli
from statefulrnn.layers import calibration, fused, kernel_rule
from statefulrnn.layers.kernel_rule import KernelRule, Point, built_in

UNITS = (32, 64, 128, 256)
BATCHES = (1, 4, 16, 64, 256, 1024)


def made_up(cell: str, steps: int, threads: int = 1, features: int = 32) -> list[Point]:
    """Times with known crossovers: the compiled kernel fastest up to 20,000 multiply-adds a step
    (per gate), compiled gates from 256 rows for GRU and LSTM, PyTorch's kernel between."""
    points = []
    for units in UNITS:
        for batch in BATCHES:
            size = batch * units * (units + features)
            pytorch = 1e-5 + size * 1e-9
            compiled = pytorch * (0.5 if size <= 20_000 else 2.0)
            gates = None if cell == "SimpleRNN" else pytorch * (0.6 if batch >= 256 else 1.5)
            points.append(Point(cell, threads, features, units, batch, steps, compiled, pytorch, gates))
    return points


@pytest.mark.parametrize("cell", ["GRU", "LSTM", "SimpleRNN"])
def test_a_fit_finds_the_crossovers_of_the_times(cell: str) -> None:
    points = made_up(cell, steps=10)
    rule = kernel_rule.fit(points)
    assert all(kernel_rule.regret(rule, point) == 1.0 for point in points)
    assert rule.choice(cell, 32, 1, 10, 32, 1) == "compiled"
    assert rule.choice(cell, 256, 64, 10, 32, 1) == "pytorch"
    assert rule.choice(cell, 256, 1024, 10, 32, 1) == ("pytorch" if cell == "SimpleRNN" else "compiled gates")
    # The classes without points keep the built-in limits: other chunk lengths, other threads.
    assert rule.compiled[cell][1][0] == built_in().compiled[cell][1][0]
    assert rule.compiled[cell][2] == built_in().compiled[cell][2]
    assert kernel_rule.summary(rule, points).startswith(f"{len(points)} points: regret max 1.00")


def test_a_fit_takes_a_second_rectangle_where_compiled_gates_win_in_two_corners() -> None:
    """As one step of an LSTM on the Xeon: compiled gates win at few rows of the widest layer and
    at many rows of narrower ones, which one rectangle of units by rows cannot hold both."""
    points = []
    for units in (64, 128, 256, 512):
        for batch in (1, 4, 16, 64, 256, 1024):
            corner = (units == 512 and 4 <= batch <= 16) or (units >= 128 and batch >= 256)
            pytorch = 1e-5 * batch * units
            points.append(
                Point(
                    "LSTM", 1, 32, units, batch, 1, 3 * pytorch, pytorch, pytorch * (0.7 if corner else 1.4)
                )
            )
    rule = kernel_rule.fit(points)
    assert set(rule.gates["LSTM"][1][0]) == {(512, 512, 4, 16), (128, 512, 256, None)}
    assert all(kernel_rule.regret(rule, point) == 1.0 for point in points)
    assert rule.choice("LSTM", 256, 4096, 1, 32, 1) == "compiled gates"  # past the most rows timed
    assert rule.choice("LSTM", 256, 16, 1, 32, 1) == rule.choice("LSTM", 512, 64, 1, 32, 1) == "pytorch"


def test_within_ten_percent_the_fit_prefers_pytorchs_kernel() -> None:
    """Close calls go to PyTorch's kernel, which scales with threads and packs no weights."""
    points = [
        Point("GRU", 1, 32, 64, batch, 1, 0.95e-5 * batch, 1e-5 * batch, 0.97e-5 * batch) for batch in (1, 4)
    ]
    rule = kernel_rule.fit(points)
    assert {rule.choice("GRU", 64, batch, 1, 32, 1) for batch in (1, 4)} == {"pytorch"}
    assert kernel_rule.regret(rule, points[0]) == pytest.approx(1 / 0.95)


def test_a_fitted_rule_survives_its_file_and_a_later_process_runs_it(tmp_path: Path) -> None:
    rule = kernel_rule.fit(made_up("LSTM", steps=1) + made_up("GRU", steps=100, threads=2))
    path = kernel_rule.save(rule, made_up("LSTM", steps=1), tmp_path / "rule.json")
    assert kernel_rule.load(path) == KernelRule(rule.compiled, rule.gates, str(path))
    saved = json.loads(path.read_text())
    assert saved["machine"] == kernel_rule.machine() and len(saved["points"]) == len(UNITS) * len(BATCHES)
    # Where this machine's calibration goes, a new process finds it: an LSTM of 128 units at one
    # row, one step, runs on PyTorch's kernel by these times and on the compiled one built in.
    built_ins = kernel_rule.BUILT_IN_RULES.values()
    assert {rule.choice("LSTM", 128, 1, 1, 32, 1) for rule in built_ins} == {"compiled"}
    script = """
        import torch
        from statefulrnn.layers import fused, kernel_rule
        from statefulrnn.layers.cells import LSTMCell
        print(kernel_rule.current().source)
        print(fused.kernel_choice(LSTMCell, torch.float32, 128, 1, 1, 32, 1))
    """
    env = {**os.environ, "STATEFULRNN_CACHE_DIR": str(tmp_path)}
    before = run_python(script, env)
    assert before == [built_in().source, "compiled"]
    target = kernel_rule.rule_file()  # this process's cache dir: the tests' own
    assert target.parent != tmp_path
    kernel_rule.save(rule, path=tmp_path / target.name)
    assert run_python(script, env) == [str(tmp_path / target.name), "pytorch"]


def test_a_damaged_calibration_warns_and_the_built_in_rule_runs(tmp_path: Path) -> None:
    target = tmp_path / kernel_rule.rule_file().name
    target.write_text(
        json.dumps({"format": kernel_rule.FORMAT, "version": kernel_rule.VERSION, "compiled": {}})
    )
    env = {**os.environ, "STATEFULRNN_CACHE_DIR": str(tmp_path)}
    script = """
        import warnings
        warnings.simplefilter("always")
        from statefulrnn.layers import kernel_rule
        with warnings.catch_warnings(record=True) as caught:
            print(kernel_rule.current().source)
        print(caught[0].message)
    """
    source, message = run_python(script, env)
    assert source == built_in().source
    assert "calibrated for this machine was not used" in message and "compiled must hold the cells" in message


def document() -> dict:
    """A valid rule file's contents, made afresh."""
    return {
        "format": kernel_rule.FORMAT,
        "version": kernel_rule.VERSION,
        "compiled": {cell: {"1": [1, 2, 3], "2": [4, 5, 6]} for cell in kernel_rule.CELLS},
        "gates": {
            cell: {"1": [[[0, 0, 1, None]]] * 3, "2": [[[16, 64, 512, 1024], [128, 256, 1, 4]]] * 3}
            for cell in ("GRU", "LSTM")
        },
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="pickle"), "not a kernel rule file of version 3"),
        (lambda d: d.update(version=1), "not a kernel rule file of version 3"),
        (lambda d: d["compiled"].pop("LSTM"), "compiled must hold the cells GRU, LSTM, SimpleRNN"),
        (lambda d: d["compiled"]["GRU"].pop("2"), "compiled of GRU must have thread classes"),
        (lambda d: d["compiled"]["GRU"].update({"1": [1, 2]}), "compiled of GRU on 1 thread.s. must list 3"),
        (
            lambda d: d["compiled"]["GRU"].update({"1": [1, -2, 3]}),
            "expected a count .an int >= 0.. Received: -2",
        ),
        (lambda d: d["compiled"]["GRU"].update({"1": [1, True, 3]}), "Received: True"),
        (
            lambda d: d["gates"]["LSTM"].update({"2": [[[1, 2, 3]]] * 3}),
            "expected .fewest units, most units, fewest rows, most rows or null.",
        ),
        (
            lambda d: d["gates"]["LSTM"].update({"2": [[[1, 2, 3, 4]] * 3] * 3}),
            "expected a list of one or two gates rectangles",
        ),
        (lambda d: d.update(version=2), "not a kernel rule file of version 3"),  # one rectangle each
    ],
)
def test_a_malformed_rule_file_is_refused_naming_what_is_wrong(change, message: str, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document()))
    rule = kernel_rule.load(good)
    assert rule.choice("GRU", 64, 1024, 1, 32, 2) == "compiled gates" and rule.compiled["LSTM"][2] == (
        4,
        5,
        6,
    )
    bad = document()
    change(bad)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(ValueError, match=message):
        kernel_rule.load(path)
    path.write_bytes(b"\x80\x04K\x01.")  # a pickle is no JSON and is never unpickled
    with pytest.raises(ValueError, match="is not a kernel rule file"):
        kernel_rule.load(path)


def test_the_layers_follow_the_rule_this_process_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    everything_pytorch = KernelRule(
        {cell: {1: (0, 0, 0), 2: (0, 0, 0)} for cell in kernel_rule.CELLS},
        {cell: {1: (((0, 0, 1, None),),) * 3, 2: (((0, 0, 1, None),),) * 3} for cell in ("GRU", "LSTM")},
    )
    monkeypatch.setattr(kernel_rule, "current", lambda: everything_pytorch)
    assert fused.kernel_choice(GRUCell, torch.float32, 64, 1, 1, 32, 1) == "pytorch"
    monkeypatch.setattr(kernel_rule, "current", built_in)
    assert fused.kernel_choice(GRUCell, torch.float32, 64, 1, 1, 32, 1) == "compiled"


def test_calibrate_measures_fits_and_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATEFULRNN_CACHE_DIR", str(tmp_path))
    lines: list[str] = []
    rule, points, path = calibration.calibrate(
        threads=[1], cells=["GRU", "SimpleRNN"], units=[8], batches=[1, 2], repeats=1, report=lines.append
    )
    assert [(p.cell, p.units, p.steps, p.batch) for p in points] == [
        (cell, 8, steps, batch) for cell in ("GRU", "SimpleRNN") for steps in (1, 10, 100) for batch in (1, 2)
    ]
    assert all(p.compiled_s > 0 and p.pytorch_s > 0 for p in points)
    assert [p.gates_s is None for p in points] == [p.cell == "SimpleRNN" for p in points]
    assert len(lines) == len(points) and lines[0].startswith("GRU(8) threads 1, 1 rows, 1 steps: compiled ")
    assert (
        path == tmp_path / kernel_rule.rule_file().name and kernel_rule.load(path).compiled == rule.compiled
    )
    assert rule == kernel_rule.fit(points, "calibrated")


def test_a_row_of_batches_ends_once_pytorch_wins_by_a_third_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(name: str, units: int, features: int, batch: int, steps: int, repeats: int) -> Point:
        compiled = 1.0 if batch < 4 else 2.0 if batch != 16 else 1.2  # 1.2: not beaten by a third
        return Point(name, 1, features, units, batch, steps, compiled, 1.0, None)

    monkeypatch.setattr(calibration, "measure", fake)
    batches = [1, 4, 16, 64, 256, 1024, 4096]
    points = calibration._row("SimpleRNN", 32, 1, batches, 1, lambda line: None)
    assert [p.batch for p in points] == [1, 4, 16, 64, 256]


def test_the_command_saves_this_machines_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STATEFULRNN_CACHE_DIR", str(tmp_path))
    asked = {}
    real = calibration.calibrate

    def tiny(**options: object) -> object:
        asked.update(options)
        return real(
            threads=options["threads"], cells=["LSTM"], units=[8], batches=[1], repeats=1, report=print
        )

    monkeypatch.setattr(calibration, "calibrate", tiny)
    assert cli.main(["calibrate-kernels", "--threads", "1", "--quick"]) == 0
    assert asked["threads"] == [1] and asked["units"] == (32, 128, 512)
    out = capsys.readouterr().out
    assert f"{built_in().source} rule on these times: 3 points: regret max" in out
    assert f"saved to {tmp_path / kernel_rule.rule_file().name}" in out
    with pytest.raises(SystemExit):
        cli.main(["calibrate-kernels", "--threads", "0"])


def run_python(script: str, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()
