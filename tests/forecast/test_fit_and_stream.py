"""End to end on the built-in series: the model beats both naive forecasts and is chosen, the
plots are images, and streaming the test part reproduces the fit's forecasts exactly."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib.image
import pytest

from statefulrnn.cli import main
from statefulrnn.forecast.series import DEFAULT_SERIES

DATA = Path(__file__).parents[2] / "src" / "statefulrnn" / "forecast" / "data" / DEFAULT_SERIES


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fit") / "model"
    assert main(["forecast", "fit", "--epochs", "8", "--out", str(folder), "--quiet"]) == 0
    return folder


def rows_of(path: Path, column: str) -> list[str]:
    with open(path, newline="") as file:
        return [row[column] for row in csv.DictReader(file)]


def data_rows(start: int, stop: int | None = None) -> str:
    lines = DATA.read_text().splitlines()
    return "\n".join([lines[0], *lines[1 + start : None if stop is None else 1 + stop]]) + "\n"


def test_the_model_beats_both_naive_forecasts_on_the_test_part_and_is_chosen(trained: Path) -> None:
    info = json.loads((trained / "forecast.json").read_text())
    errors = info["test_errors"]
    for naive in ("last_value", "seasonal_naive"):
        for measure in ("mae", "rmse", "mase", "smape"):
            assert errors["model"][measure] < errors[naive][measure], (naive, measure)
    assert info["choice"] == "model" and info["inputs"]["base"] == "seasonal_naive"
    assert info["period"] == 24 and info["columns"] == ["temperature_f"]
    assert set(errors) == {"model", "last_value", "seasonal_naive"}


def test_the_plots_are_images(trained: Path) -> None:
    for name in ("learning_curves.png", "test_forecast.png"):
        picture = matplotlib.image.imread(trained / name)
        assert picture.ndim == 3 and picture.shape[0] > 300 and picture.shape[1] > 600
        assert picture.std() > 0.05  # something is drawn


def test_streaming_the_test_part_gives_the_fits_forecasts_exactly(trained: Path, tmp_path: Path) -> None:
    validation = json.loads((trained / "forecast.json").read_text())["split"]["validation"]
    process = subprocess.run(
        [sys.executable, "-m", "statefulrnn.cli", "forecast", "stream", str(trained), "--from", "test"],
        input=data_rows(validation),
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp_path / "streamed.csv").write_text(process.stdout)
    assert rows_of(tmp_path / "streamed.csv", "forecast") == rows_of(trained / "forecasts.csv", "forecast")
    assert rows_of(trained / "forecasts.csv", "forecast") == rows_of(trained / "forecasts.csv", "model")
    assert rows_of(tmp_path / "streamed.csv", "for_time") == rows_of(trained / "forecasts.csv", "for_time")


@pytest.fixture
def kept(trained: Path) -> Iterator[Path]:
    """The trained folder, its state and description put back after the test."""
    saved = {name: (trained / name).read_bytes() for name in ("state.safetensors", "forecast.json")}
    yield trained
    for name, data in saved.items():
        (trained / name).write_bytes(data)


def test_saved_state_lets_a_second_stream_continue_the_first(kept: Path, tmp_path: Path, capsys) -> None:
    validation = json.loads((kept / "forecast.json").read_text())["split"]["validation"]
    whole, first, second = (tmp_path / name for name in ("whole.csv", "first.csv", "second.csv"))
    whole.write_text(data_rows(validation, validation + 40))
    first.write_text(data_rows(validation, validation + 15))
    second.write_text(data_rows(validation + 15, validation + 40))
    state = (kept / "state.safetensors").read_bytes()
    assert main(["forecast", "stream", str(kept), "--from", "test", "--input", str(whole)]) == 0
    in_one = capsys.readouterr().out.splitlines()[1:]
    test = ["--from", "test", "--input", str(first), "--save-state"]
    assert main(["forecast", "stream", str(kept), *test]) == 0
    assert main(["forecast", "stream", str(kept), "--input", str(second)]) == 0
    in_two = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("for_time")]
    assert in_two == in_one and len(in_one) == 40
    assert (kept / "state.safetensors").read_bytes() != state
    assert sorted(p.name for p in kept.iterdir() if p.name.startswith(".")) == []  # no temporary files


def test_follow_reads_rows_appended_to_a_growing_file_and_saves_at_ctrl_c(kept: Path, tmp_path: Path) -> None:
    validation = json.loads((kept / "forecast.json").read_text())["split"]["validation"]
    growing = tmp_path / "live.csv"
    growing.write_text(data_rows(validation, validation + 2))
    state = (kept / "state.safetensors").read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "statefulrnn.cli", "forecast", "stream", str(kept), "--input", str(growing),
         "--from", "test", "--follow", "--save-state"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout.readline() == "for_time,forecast\n"
        got = [process.stdout.readline() for _ in range(2)]
        with open(growing, "a") as file:
            file.write(data_rows(validation + 2, validation + 3).splitlines()[1])  # half a line: held back
            file.flush()
            file.write("\n")
        got.append(process.stdout.readline())
        expected = rows_of(kept / "forecasts.csv", "for_time")[:3]
        assert [line.split(",")[0] for line in got] == expected
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert (kept / "state.safetensors").read_bytes() != state
    finally:
        process.kill()
        process.wait(timeout=30)
