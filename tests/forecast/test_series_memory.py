"""Reading a long series costs a fraction of its file's size, and the compact times read back
exactly the times the file wrote."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from statefulrnn.forecast import series as series_module
from statefulrnn.forecast.errors import ForecastInputError
from statefulrnn.forecast.series import read_series
from statefulrnn.forecast.times import parse_time

from ..adversarial.memory import peak_growth


def write_long_series(path: Path, rows: int) -> None:
    """``time,load,temperature,wind``, hourly from 1900 on, written in blocks (the test's own
    memory stays small)."""
    rng = np.random.default_rng(0)
    start = np.datetime64("1900-01-01T00:00:00")
    with open(path, "w") as file:
        file.write("time,load,temperature,wind\n")
        for first in range(0, rows, 100_000):
            count = min(100_000, rows - first)
            stamps = np.datetime_as_string(start + np.arange(first, first + count).astype("m8[h]"), unit="s")
            numbers = rng.normal(size=(count, 3)).round(4)
            file.writelines(f"{t},{a},{b},{c}\n" for t, (a, b, c) in zip(stamps, numbers.tolist()))


def test_a_long_file_is_read_at_a_fraction_of_its_size(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    write_long_series(path, 500_000)
    size_mib = path.stat().st_size / 2**20  # about 21 MiB
    growth, error = peak_growth(
        f"""
        from statefulrnn.forecast.series import read_series
        series = read_series({str(path)!r}, "load", ["temperature", "wind"])
        assert series.values.shape == (500_000, 3) and str(series.step) == "1:00:00"
        """,
        timeout=600,
    )
    assert error is None
    # Held: 3 columns of float64 and one int64 a time, 32 bytes a row (0.7 of the file). Reading
    # the rows into lists first, as before, peaked at about ten times the file's size.
    assert growth < 1.5 * size_mib, f"reading a {size_mib:.0f} MiB file grew the peak by {growth:.0f} MiB"


@pytest.mark.parametrize(
    "stamps",
    [
        ["2024-01-01T00:00:00", "2024-01-01T01:00:00", "2024-01-01T02:00:00"],
        ["1200-03-01 00:00:00.250000", "1200-03-01 00:00:00.750000", "1200-03-01 00:00:01.250000"],
        # A change to summer time: the offsets as written, one hour apart in real time.
        ["2024-03-31T00:00:00+01:00", "2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00"],
        ["2024-01-01T00:00:00Z", "2024-01-01T00:00:30Z", "2024-01-01T00:01:00Z"],
    ],
)
def test_times_read_back_as_written(tmp_path: Path, stamps: list[str]) -> None:
    path = tmp_path / "data.csv"
    path.write_text("time,load\n" + "".join(f"{stamp},{row}\n" for row, stamp in enumerate(stamps)))
    series = read_series(path, "load")
    expected = [parse_time(stamp) for stamp in stamps]
    assert list(series.times) == expected and series.times[-1] == expected[-1]
    assert [time.isoformat() for time in series.times] == [time.isoformat() for time in expected]
    assert [time.utcoffset() for time in series.times] == [time.utcoffset() for time in expected]
    assert series.times[1:] == expected[1:] and series.step == expected[1] - expected[0]
    with pytest.raises(IndexError):
        series.times[len(stamps)]


def test_rows_beyond_the_count_of_lines_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file that grew after its lines were counted: the arrays grow rather than drop rows.
    path = tmp_path / "data.csv"
    write_long_series(path, 1000)
    whole = read_series(path, "load", ["wind"])
    monkeypatch.setattr(series_module, "_count_lines", lambda file: 1)
    grown = read_series(path, "load", ["wind"])
    assert np.array_equal(grown.values, whole.values) and list(grown.times) == list(whole.times)


def test_the_first_bad_row_is_named_whatever_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("time,load\n2024-01-01T00:00,1\n2024-01-01T00:00,2\n2024-01-01T02:00,x\n")
    with pytest.raises(ForecastInputError, match=r"line 3: 2024-01-01T00:00:00 repeats the row before"):
        read_series(path, "load")
    path.write_text("time,load\n2024-01-01T00:00,1\n2024-01-01T01:00,x\n2024-01-01T01:00,2\n")
    with pytest.raises(ForecastInputError, match=r"line 3: column 'load' holds 'x', not a number"):
        read_series(path, "load")
