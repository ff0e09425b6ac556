"""The forecaster's model: it corrects a naive forecast from level-free inputs, so a trend that
leaves the training range is no obstacle; the validation part chooses honestly; H steps come
at once, with calendar inputs, and ``stream`` reproduces ``fit`` exactly; old folders are
refused; ``fit`` is deterministic for a seed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from statefulrnn.cli import main
from statefulrnn.forecast.evaluation import choose, column_names
from statefulrnn.forecast.forecaster import Forecaster
from statefulrnn.forecast.inputs import Inputs
from statefulrnn.forecast.training import Settings, build_model

START = dt.datetime(2024, 1, 1)


def trended(rows: int, seed: int = 0) -> np.ndarray:
    """A strong trend, a daily season and autocorrelated noise: the test part (its last 15%)
    lies above every value of the training part."""
    rng = np.random.default_rng(seed)
    noise = np.zeros(rows)
    for row in range(1, rows):
        noise[row] = 0.8 * noise[row - 1] + rng.normal(0, 0.3)
    t = np.arange(rows)
    return 0.05 * t + 5 * np.sin(2 * np.pi * t / 24) + noise


def write_series(path: Path, values: np.ndarray, times: bool = True) -> Path:
    lines = ["time,load" if times else "load"]
    for row, value in enumerate(values):
        stamp = (START + dt.timedelta(hours=row)).isoformat()
        lines.append(f"{stamp},{float(value)!r}" if times else repr(float(value)))
    path.write_text("\n".join(lines) + "\n")
    return path


def table(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def test_on_a_trend_past_the_training_range_the_chosen_forecast_beats_both_naive_ones(tmp_path: Path) -> None:
    values = trended(1500)
    assert values[int(1500 * 0.85) :].min() > values[: int(1500 * 0.7)].max()  # outside the range
    data = write_series(tmp_path / "data.csv", values, times=False)
    out = tmp_path / "model"
    assert (
        main(["forecast", "fit", str(data), "--target", "load", "--out", str(out), "--quiet", "--no-plots"])
        == 0
    )
    info = json.loads((out / "forecast.json").read_text())
    errors, chosen = info["test_errors"], info["choice"]
    assert info["period"] == 24 and chosen == "model"
    for naive in ("last_value", "seasonal_naive"):
        assert errors[chosen]["mase"] < 0.8 * errors[naive]["mase"], (naive, errors)


def test_an_untrained_network_gives_the_naive_base() -> None:
    values = trended(400)
    inputs = Inputs.fit(values[:300], np.zeros((300, 0)), None, None, horizon=3, period=24)
    settings = Settings(horizon=3, units=4)
    forecaster = Forecaster(build_model(inputs.size, settings, 1), inputs, values[:24])
    forecasts = forecaster.push(values[24:, None])
    assert inputs.base == "seasonal_naive"
    np.testing.assert_array_equal(forecasts["model"], forecasts["seasonal_naive"])


def test_a_naive_forecast_wins_a_tie_with_the_model() -> None:
    truth = np.arange(6.0).reshape(3, 2)
    same = truth + 1
    assert choose({"model": same, "last_value": same}, truth)[0] == "last_value"
    assert choose({"model": same - 0.5, "last_value": same}, truth)[0] == "model"


@pytest.fixture(scope="module")
def fanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model of 6 steps at once on an hourly series long enough for calendar inputs."""
    top = tmp_path_factory.mktemp("fanned")
    data = write_series(top / "data.csv", 20 + trended(24 * 7 * 5) / 10)
    arguments = ["--target", "load", "--time", "time", "--horizon", "6", "--epochs", "2", "--quiet"]
    assert main(["forecast", "fit", str(data), *arguments, "--out", str(top / "model")]) == 0
    return top / "model"


def data_rows(folder: Path, first: int, stop: int) -> str:
    """Rows ``first:stop`` of the data ``folder`` was fitted on, with the header."""
    lines = (folder.parent / "data.csv").read_text().splitlines()
    return "\n".join([lines[0], *lines[1 + first : 1 + stop]]) + "\n"


def test_stream_prints_all_h_forecasts_exactly_as_fit_made_them_with_calendar_inputs(
    fanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info = json.loads((fanned / "forecast.json").read_text())
    assert info["inputs"]["calendar"] == ["hour_of_day", "day_of_week"] and info["horizon"] == 6
    split = info["split"]
    (tmp_path / "test.csv").write_text(data_rows(fanned, split["validation"], split["rows"]))
    capsys.readouterr()
    assert (
        main(["forecast", "stream", str(fanned), "--from", "test", "--input", str(tmp_path / "test.csv")])
        == 0
    )
    (tmp_path / "streamed.csv").write_text(capsys.readouterr().out)
    streamed, fitted = table(tmp_path / "streamed.csv"), table(fanned / "forecasts.csv")
    columns = ["for_time", *column_names("forecast", 6)]
    assert list(streamed[0]) == columns and len(streamed) == split["rows"] - split["validation"]
    assert [[row[c] for c in columns] for row in streamed] == [[row[c] for c in columns] for row in fitted]
    assert [row[c] for row in fitted for c in columns[1:]] == [
        row[c] for row in fitted for c in column_names(info["choice"], 6)
    ]
    first = dt.datetime.fromisoformat(fitted[0]["for_time"])
    assert first == START + dt.timedelta(hours=split["validation"] + 1)  # the time of step 1
    truth = [float(fitted[5]["truth_1"]), float(fitted[0]["truth_6"])]
    assert truth[0] == truth[1]  # row t's step 6 is row t + 5's step 1


def test_a_saved_state_with_its_lag_buffer_continues_exactly(
    fanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(shutil.copytree(fanned, tmp_path / "model"))
    first = json.loads((folder / "forecast.json").read_text())["split"]["validation"]
    for name, (start, stop) in {"whole": (0, 60), "one": (0, 25), "two": (25, 60)}.items():
        (tmp_path / f"{name}.csv").write_text(data_rows(fanned, first + start, first + stop))
    capsys.readouterr()
    assert (
        main(["forecast", "stream", str(folder), "--from", "test", "--input", str(tmp_path / "whole.csv")])
        == 0
    )
    whole = capsys.readouterr().out.splitlines()[1:]
    test = ["--from", "test", "--save-state"]
    assert main(["forecast", "stream", str(folder), *test, "--input", str(tmp_path / "one.csv")]) == 0
    assert main(["forecast", "stream", str(folder), "--input", str(tmp_path / "two.csv")]) == 0
    parts = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("for_time")]
    assert parts == whole and len(whole) == 60


def test_a_folder_of_the_previous_format_version_is_refused_with_a_refit_hint(
    fanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    info = json.loads((fanned / "forecast.json").read_text())
    version_1 = {key: value for key, value in info.items() if key not in ("inputs", "choice")}
    (folder / "forecast.json").write_text(json.dumps({**version_1, "version": 1, "scaler": {}}))
    (tmp_path / "rows.csv").write_text(data_rows(fanned, 0, 3))
    assert main(["forecast", "stream", str(folder), "--input", str(tmp_path / "rows.csv")]) == 2
    error = capsys.readouterr().err
    assert (
        "was written by forecast format version 1; this statefulrnn reads version 2. Train it again with "
        "this version's forecast fit." in error
    ) and error.count("\n") == 1


def test_fit_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    data = write_series(tmp_path / "data.csv", trended(24 * 30))
    made = []
    for name in ("a", "b"):
        quick = ["--epochs", "2", "--quiet", "--no-plots", "--horizon", "2", "--seed", "3"]
        assert (
            main(["forecast", "fit", str(data), "--target", "load", *quick, "--out", str(tmp_path / name)])
            == 0
        )
        made.append((tmp_path / name / "forecasts.csv").read_text())
    assert made[0] == made[1]  # the weights too: the forecasts hold every digit


def test_sizes_not_given_come_from_the_data(tmp_path: Path) -> None:
    data = write_series(tmp_path / "data.csv", 10 + np.sin(np.arange(300) * 2 * math.pi / 12))
    out = tmp_path / "model"
    assert main(["forecast", "fit", str(data), "--target", "load", "--epochs", "1", "--quiet", "--no-plots",
                 "--out", str(out)]) == 0  # fmt: skip
    settings = json.loads((out / "forecast.json").read_text())["settings"]
    assert {key: settings[key] for key in ("chunk", "batch_size", "units")} == {
        "chunk": 24,
        "batch_size": 2,
        "units": 16,
    }


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("inputs", {}, "does not load: 'inputs' is {}, not a record of the model's inputs"),
        ("choice", "arima", "does not load: the chosen forecast 'arima' is not one this model makes"),
    ],
)
def test_a_damaged_choice_or_inputs_record_is_one_line(
    fanned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: object, message: str
) -> None:
    folder = Path(shutil.copytree(fanned, tmp_path / "model"))
    info = json.loads((folder / "forecast.json").read_text())
    (folder / "forecast.json").write_text(json.dumps({**info, key: value}))
    (tmp_path / "rows.csv").write_text(data_rows(fanned, 0, 3))
    assert main(["forecast", "stream", str(folder), "--input", str(tmp_path / "rows.csv")]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
