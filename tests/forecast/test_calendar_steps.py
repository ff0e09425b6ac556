"""Series stepping by calendar months (a month, a quarter, a year) are regular series: ``fit``
accepts them, ``stream`` holds new rows to the step and writes the times a step ahead, and the
folder records the step."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from statefulrnn.cli import main
from statefulrnn.forecast.calendar import calendar_kinds
from statefulrnn.forecast.folder import read_info, read_step
from statefulrnn.forecast.series import read_series
from statefulrnn.forecast.times import CalendarStep

from .test_fit_and_stream import rows_of

QUICK = ["--epochs", "2", "--chunk", "6", "--batch-size", "2", "--units", "4", "--quiet", "--no-plots"]


def months(count: int, day: int | None = 1, months_apart: int = 1) -> list[dt.datetime]:
    """``count`` times ``months_apart`` months apart from January 2010, on ``day`` (None: the
    last day of each month)."""
    times = []
    for index in range(count):
        year, month = divmod(index * months_apart, 12)
        last = calendar.monthrange(2010 + year, month + 1)[1]
        times.append(dt.datetime(2010 + year, month + 1, last if day is None else day))
    return times


def series_text(times: list[dt.datetime]) -> str:
    lines = ["date,sales"]
    for index, time in enumerate(times):
        value = 100 + 0.5 * index + 10 * math.sin(2 * math.pi * time.month / 12) + 3 * math.sin(index * 1.7)
        lines.append(f"{time.date().isoformat()},{value:.3f}")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text)
    return path


def fit(path: Path, folder: Path, *arguments: str) -> int:
    named = ["--target", "sales", "--time-column", "date", "--out", str(folder)]
    return main(["forecast", "fit", str(path), *named, *QUICK, *arguments])


def stream(folder: Path, text: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statefulrnn.cli", "forecast", "stream", str(folder), *arguments],
        input=text,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A monthly series on the 1st (12 years), fitted for two steps ahead."""
    directory = tmp_path_factory.mktemp("monthly")
    path = write(directory, series_text(months(144)))
    assert fit(path, directory / "model", "--horizon", "2") == 0
    return path, directory / "model"


def test_a_monthly_series_on_the_first_fits_with_a_month_step_and_month_of_year(
    monthly: tuple[Path, Path],
) -> None:
    path, folder = monthly
    assert read_series(path, "sales", time_column="date").step == CalendarStep(1)
    info = read_info(folder)
    assert info["calendar_step"] == {"months": 1, "month_end": False}
    assert read_step(info) == CalendarStep(1)
    assert info["inputs"]["calendar"] == ["month_of_year"]
    labels = rows_of(folder / "forecasts.csv", "for_time")
    assert all(label.endswith("-01T00:00:00") for label in labels)
    assert labels[-1] == "2022-01-01T00:00:00"  # a month after the last row (2021-12-01)


def test_streaming_a_monthly_test_part_gives_the_fits_forecasts_exactly(
    monthly: tuple[Path, Path], tmp_path: Path
) -> None:
    path, folder = monthly
    validation = read_info(folder)["split"]["validation"]
    lines = path.read_text().splitlines()
    process = stream(folder, "\n".join([lines[0], *lines[1 + validation :]]) + "\n", "--from", "test")
    assert process.returncode == 0, process.stderr
    (tmp_path / "streamed.csv").write_text(process.stdout)
    for column in ("for_time", "forecast_1", "forecast_2"):
        assert rows_of(tmp_path / "streamed.csv", column) == rows_of(folder / "forecasts.csv", column)


def test_stream_holds_new_rows_to_the_month_step(monthly: tuple[Path, Path]) -> None:
    _, folder = monthly
    good = stream(folder, "date,sales\n2022-01-01,150\n2022-02-01,151\n")
    assert good.returncode == 0, good.stderr
    assert rows_of_text(good.stdout) == ["2022-02-01T00:00:00", "2022-03-01T00:00:00"]
    skipped = stream(folder, "date,sales\n2022-01-01,150\n2022-03-01,151\n")
    assert skipped.returncode == 2 and skipped.stdout.count("\n") == 2  # header and one forecast
    assert "line 3: 2022-03-01T00:00:00 comes 59 days, 0:00:00 after the row before" in skipped.stderr
    assert "steps by 1 month (to 2022-02-01T00:00:00)" in skipped.stderr


def rows_of_text(text: str) -> list[str]:
    return [line.split(",")[0] for line in text.splitlines()[1:]]


def test_month_ends_are_a_month_step(tmp_path: Path) -> None:
    path = write(tmp_path, series_text(months(40, day=None)))
    assert read_series(path, "sales", time_column="date").step == CalendarStep(1, month_end=True)


def test_a_quarterly_series_is_a_three_month_step(tmp_path: Path) -> None:
    path = write(tmp_path, series_text(months(40, months_apart=3)))
    assert read_series(path, "sales", time_column="date").step == CalendarStep(3)


def test_a_yearly_series_gets_no_calendar_inputs(tmp_path: Path) -> None:
    path = write(tmp_path, series_text(months(40, months_apart=12)))
    step = read_series(path, "sales", time_column="date").step
    assert step == CalendarStep(12) and calendar_kinds(step, dt.timedelta(days=40 * 366)) == ()


def test_a_skipped_month_is_refused_naming_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    times = months(60)
    del times[30]  # 2012-07-01: line 32 holds 2012-08-01
    assert fit(write(tmp_path, series_text(times)), tmp_path / "model") == 2
    error = capsys.readouterr().err
    assert "line 32: 2012-08-01T00:00:00 comes 61 days, 0:00:00 after the row before" in error
    assert "but the series steps by 1 month (to 2012-07-01T00:00:00)" in error
    assert not (tmp_path / "model").exists()


def test_a_mix_of_the_first_and_the_fifteenth_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    times = months(60)
    times[20] = times[20].replace(day=15)  # line 22
    assert fit(write(tmp_path, series_text(times)), tmp_path / "model") == 2
    error = capsys.readouterr().err
    assert "line 22: 2011-09-15T00:00:00 comes 45 days, 0:00:00 after the row before" in error
    assert "steps by 1 month (to 2011-09-01T00:00:00)" in error


def test_a_series_every_28_days_keeps_its_fixed_step(tmp_path: Path) -> None:
    times = [dt.datetime(2010, 1, 1) + dt.timedelta(days=28) * index for index in range(40)]
    path = write(tmp_path, series_text(times))
    assert read_series(path, "sales", time_column="date").step == dt.timedelta(days=28)


def test_a_damaged_calendar_step_is_refused(monthly: tuple[Path, Path], tmp_path: Path) -> None:
    _, folder = monthly
    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    info = json.loads((copy / "forecast.json").read_text())
    (copy / "forecast.json").write_text(
        json.dumps({**info, "calendar_step": {"months": 0, "month_end": False}})
    )
    process = stream(copy, "date,sales\n2022-01-01,150\n")
    assert process.returncode == 2 and "is damaged: 'calendar_step' is {'months': 0" in process.stderr


def test_a_stray_day_among_month_ends_is_the_row_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    times = months(40, day=None)
    times[25] = times[25].replace(day=15)  # 2012-02-15, line 27
    assert fit(write(tmp_path, series_text(times)), tmp_path / "model") == 2
    assert (
        "line 27: 2012-02-15T00:00:00 comes 15 days, 0:00:00 after the row before" in capsys.readouterr().err
    )
