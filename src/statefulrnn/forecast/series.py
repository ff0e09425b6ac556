"""One time series read from a CSV file, checked, and split in time order.

The file has a header row. An optional time column (named by ``time_column``, or found as the
first column whose values are ISO 8601 times) orders nothing, since rows are taken in file
order, but is checked for gaps: the steps between consecutive times must all be equal. The
other columns used (the target, and optional feature columns) must hold finite numbers in
every row.

Example:
    >>> series = default_series()
    >>> series.columns, series.values.shape, str(series.step)
    (['temperature_f'], (8760, 1), '1:00:00')
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .errors import ForecastInputError

DEFAULT_SERIES = "seattle_hourly_temperature_2010.csv"
DEFAULT_TARGET = "temperature_f"
TIME_NAMES = ("timestamp", "time", "date", "datetime")


@dataclass(frozen=True)
class Series:
    """Rows of a series in file order.

    Attributes:
        columns: the numeric columns used, the target first.
        values: ``(T, len(columns))`` float64.
        times: the rows' times (None without a time column).
        step: the constant time step (None without a time column).
        source: where it came from, for messages and the model folder.
    """

    columns: list[str]
    values: np.ndarray
    times: list[dt.datetime] | None
    step: dt.timedelta | None
    source: str

    @property
    def target(self) -> np.ndarray:
        return self.values[:, 0]


def default_series() -> Series:
    """The series the commands use without a file: hourly Seattle temperatures, 2010 (NOAA,
    public domain; see ``forecast/data/README.md``)."""
    path = resources.files("statefulrnn.forecast") / "data" / DEFAULT_SERIES
    with resources.as_file(path) as file:
        return read_series(file, DEFAULT_TARGET, source=f"built-in {DEFAULT_SERIES}")


def read_series(
    path: str | os.PathLike[str],
    target: str,
    features: Sequence[str] = (),
    time_column: str | None = None,
    source: str | None = None,
) -> Series:
    """Read and check ``target`` (and ``features``) from the CSV file at ``path``.

    Raises:
        ForecastInputError: no such file, no header, a missing column, an empty, non-numeric or
            non-finite value, an unreadable or irregular time.
    """
    if not os.path.isfile(path):
        raise ForecastInputError(f"No data file at {os.fspath(path)!r}.")
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    header, rows = (rows[0], rows[1:]) if rows else ([], [])
    header = [name.strip() for name in header]
    wanted = [target, *[name for name in features if name != target]]
    missing = [name for name in wanted if name not in header]
    if missing:
        raise ForecastInputError(
            f"{os.fspath(path)!r} has no column {missing[0]!r}; its columns are {header}."
        )
    if not rows:
        raise ForecastInputError(f"{os.fspath(path)!r} has a header but no rows.")
    values = _numbers(rows, header, wanted, _where(path))
    time_index = _time_column(header, rows, time_column, path)
    times = step = None
    if time_index is not None:
        times = _times(rows, time_index, header[time_index], path)
        step = _constant_step(times, path)
    return Series(wanted, values, times, step, source or os.fspath(path))


def parse_rows(
    lines: Sequence[Sequence[str]], header: Sequence[str], columns: Sequence[str], where: str, first_line: int
) -> np.ndarray:
    """The ``columns`` of CSV ``lines`` (with ``header``; the first is line ``first_line`` of
    ``where``) as a ``(n, len(columns))`` array, checked as `read_series` checks a file."""
    return _numbers(lines, list(header), list(columns), where, first_line)


def _numbers(
    rows: Sequence[Sequence[str]], header: list[str], wanted: list[str], where: str, first_line: int = 2
) -> np.ndarray:
    indices = [header.index(name) for name in wanted]
    values = np.empty((len(rows), len(wanted)))
    for number, row in enumerate(rows, start=first_line):
        for slot, (name, index) in enumerate(zip(wanted, indices)):
            text = row[index].strip() if index < len(row) else ""
            if not text:
                raise ForecastInputError(f"{where} line {number}: column {name!r} is empty (a gap).")
            try:
                value = float(text)
            except ValueError:
                raise ForecastInputError(
                    f"{where} line {number}: column {name!r} holds {text!r}, not a number."
                ) from None
            if not math.isfinite(value):
                raise ForecastInputError(
                    f"{where} line {number}: column {name!r} is {text}; fill or drop missing values first."
                )
            values[number - first_line, slot] = value
    return values


def _time_column(
    header: list[str], rows: Sequence[Sequence[str]], given: str | None, path: object
) -> int | None:
    if given is not None:
        if given not in header:
            raise ForecastInputError(
                f"{_where(path)} has no time column {given!r}; its columns are {header}."
            )
        return header.index(given)
    for index, name in enumerate(header):
        if name.lower() in TIME_NAMES and rows and parse_time(rows[0][index]) is not None:
            return index
    return None


def parse_time(text: str) -> dt.datetime | None:
    """``text`` as an ISO 8601 time, or None when it is not one."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _times(rows: Sequence[Sequence[str]], index: int, name: str, path: object) -> list[dt.datetime]:
    times = []
    for number, row in enumerate(rows, start=2):
        text = row[index] if index < len(row) else ""
        parsed = parse_time(text)
        if parsed is None:
            raise ForecastInputError(
                f"{_where(path)} line {number}: time column {name!r} holds {text!r}, not an ISO 8601 time."
            )
        times.append(parsed)
    return times


def _constant_step(times: list[dt.datetime], path: object) -> dt.timedelta | None:
    if len(times) < 2:
        return None
    steps = [later - earlier for earlier, later in itertools.pairwise(times)]
    usual = max(set(steps), key=steps.count)
    for number, step in enumerate(steps, start=3):
        if step != usual:
            raise ForecastInputError(
                f"{_where(path)} line {number}: {times[number - 2].isoformat()} comes {step} after the row "
                f"before, but the series steps by {usual}: a gap or a repeated row. Fill or remove it first."
            )
    return usual


def _where(path: object) -> str:
    return repr(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else str(path)


__all__ = [
    "DEFAULT_TARGET",
    "TIME_NAMES",
    "Series",
    "default_series",
    "parse_rows",
    "parse_time",
    "read_series",
]
