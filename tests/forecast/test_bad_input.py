"""Bad input to the forecast commands: one clear line on stderr, exit status 2, nothing written
or overwritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from statefulrnn.cli import main

from .test_fit_and_stream import DATA, data_rows, trained  # noqa: F401 - the fixture

QUICK = ["--epochs", "1", "--quiet", "--no-plots"]


def fit(tmp_path: Path, *arguments: str) -> int:
    return main(["forecast", "fit", *arguments, "--out", str(tmp_path / "model"), *QUICK])


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text(text)
    return str(path)


def series_text(rows: int = 400, bad_line: int | None = None, bad: str = "") -> str:
    lines = ["time,load,temperature"]
    for row in range(rows):
        lines.append(f"2024-01-01T00:00:00,{row % 24},{row % 7}")
        stamp = f"2024-01-{1 + row // 24:02d}T{row % 24:02d}:00:00"
        lines[-1] = f"{stamp},{row % 24},{row % 7}" if row < 24 * 31 else lines[-1]
    if bad_line is not None:
        fields = lines[bad_line - 1].split(",")
        fields[1] = bad
        lines[bad_line - 1] = ",".join(fields)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "arguments", "message"),
    [
        (
            series_text(),
            ["--target", "price"],
            "no column 'price'; its columns are ['time', 'load', 'temperature']",
        ),
        (series_text(), ["--target", "load", "--features", "wind"], "no column 'wind'"),
        (
            series_text(bad_line=50, bad="high"),
            ["--target", "load"],
            "line 50: column 'load' holds 'high', not a number",
        ),
        (series_text(bad_line=51, bad=""), ["--target", "load"], "line 51: column 'load' is empty"),
        (series_text(bad_line=52, bad="nan"), ["--target", "load"], "line 52: column 'load' is nan"),
        (series_text(bad_line=53, bad="inf"), ["--target", "load"], "line 53: column 'load' is inf"),
        (
            series_text(rows=100),
            ["--target", "load", "--chunk", "48", "--batch-size", "8"],
            "has 100 rows; --batch-size 8, --chunk 48 and --horizon 1 need at least",
        ),
        (
            series_text(rows=10),
            ["--target", "load"],
            "has 10 rows; --batch-size 1, --chunk 2 and --horizon 1",
        ),
        ("time,load\n", ["--target", "load"], "has a header but no rows"),
        (series_text(), [], "needs --target COLUMN"),
    ],
)
def test_bad_data_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, arguments: list[str], message: str
) -> None:
    assert fit(tmp_path, write(tmp_path, text), *arguments) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]  # no model folder, no leftovers


def test_a_gap_in_time_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = series_text().splitlines()
    del lines[30]  # one hour missing
    assert fit(tmp_path, write(tmp_path, "\n".join(lines) + "\n"), "--target", "load") == 2
    assert (
        "line 31: 2024-01-02T06:00:00 comes 2:00:00 after the row before (2024-01-02T04:00:00), but the "
        "series steps by 1:00:00" in (capsys.readouterr().err)
    )


def test_a_missing_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert fit(tmp_path, str(tmp_path / "nope.csv"), "--target", "load") == 2
    assert "No data file at" in capsys.readouterr().err


def test_an_existing_folder_is_not_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    data = write(tmp_path, series_text(rows=24 * 31))
    assert fit(tmp_path, data, "--target", "load") == 2
    assert "exists; pass --replace" in capsys.readouterr().err
    assert fit(tmp_path, data, "--target", "load", "--replace") == 2  # not a model folder: kept
    assert "is not a forecast model folder" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_fit_on_a_csv_with_features_then_replace(tmp_path: Path) -> None:
    data = write(tmp_path, series_text(rows=24 * 31))
    assert fit(tmp_path, data, "--target", "load", "--features", "temperature", "--chunk", "24") == 0
    info = json.loads((tmp_path / "model" / "forecast.json").read_text())
    assert info["columns"] == ["load", "temperature"] and info["period"] == 24
    assert fit(tmp_path, data, "--target", "load", "--chunk", "24", "--replace") == 0
    assert json.loads((tmp_path / "model" / "forecast.json").read_text())["columns"] == ["load"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "model"]


@pytest.fixture
def model_copy(trained: Path, tmp_path: Path) -> Path:  # noqa: F811 - the imported fixture
    folder = tmp_path / "model"
    shutil.copytree(trained, folder)
    return folder


def stream(folder: Path, tmp_path: Path, text: str, *arguments: str) -> int:
    (tmp_path / "rows.csv").write_text(text)
    return main(["forecast", "stream", str(folder), "--input", str(tmp_path / "rows.csv"), *arguments])


def test_a_model_folder_of_another_version_is_refused(model_copy: Path, tmp_path: Path, capsys) -> None:
    info = json.loads((model_copy / "forecast.json").read_text())
    (model_copy / "forecast.json").write_text(json.dumps({**info, "version": 99}))
    assert stream(model_copy, tmp_path, data_rows(0, 3)) == 2
    assert (
        "written by forecast format version 99; this statefulrnn reads version 2" in capsys.readouterr().err
    )


def test_not_a_model_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stream(tmp_path, tmp_path, data_rows(0, 3)) == 2
    assert "is not a forecast model folder (no forecast.json)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timestamp,wind\n2011-01-01T00:00:00,3\n", "column 'temperature_f' is not in ['timestamp', 'wind']"),
        (
            "timestamp,temperature_f\n2011-01-01T00:00:00,40\n2011-01-01T01:00:00,warm\n",
            "line 3: column 'temperature_f' holds 'warm'",
        ),
        (
            "timestamp,temperature_f\n2011-01-01T00:00:00,40\n2011-01-01T01:00:00,\n",
            "line 3: column 'temperature_f' is empty",
        ),
        (
            "timestamp,temperature_f\nyesterday,40\n",
            "line 2: time column 'timestamp' holds 'yesterday', not an ISO 8601 time",
        ),
    ],
)
def test_bad_stream_rows_stop_it_and_save_no_state(
    model_copy: Path, tmp_path: Path, capsys, text: str, message: str
) -> None:
    state = (model_copy / "state.safetensors").read_bytes()
    assert stream(model_copy, tmp_path, text, "--save-state") == 2
    assert message in capsys.readouterr().err
    assert (model_copy / "state.safetensors").read_bytes() == state
