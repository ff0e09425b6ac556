"""One time series read from a CSV file, checked, and split in time order.

The file is UTF-8 text (a byte-order mark is dropped) with a header row. An optional time
column (named by ``time_column``, or the first column named like a time whose first value is an
ISO 8601 time) orders nothing, since rows are taken in file order, but is held to the rule of
`times`: every row one step after the row before. The other columns used (the target, and
optional feature columns) must hold finite numbers in every row. Every check is one pass over
the rows.

Example:
    >>> series = default_series()
    >>> series.columns, series.values.shape, str(series.step)
    (['temperature_f'], (8760, 1), '1:00:00')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .errors import ForecastInputError
from .times import TIME_NAMES, follow, parse_time, read_time, usual_step

DEFAULT_SERIES = "seattle_hourly_temperature_2010.csv"
DEFAULT_TARGET = "temperature_f"


@dataclass(frozen=True)
class Series:
    """Rows of a series in file order.

    Attributes:
        columns: the numeric columns used, the target first.
        values: ``(T, len(columns))`` float64.
        times: the rows' times (None without a time column).
        step: the constant time step (None without a time column).
        source: where it came from, for messages and the model folder.
        time_column: the time column's name (None without one).
    """

    columns: list[str]
    values: np.ndarray
    times: list[dt.datetime] | None
    step: dt.timedelta | None
    source: str
    time_column: str | None = None

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
        ForecastInputError: no such file, not UTF-8, no header, a missing column, an empty,
            non-numeric or non-finite value, an unreadable time or one that breaks the rule of
            `times`.
    """
    if not os.path.isfile(path):
        raise ForecastInputError(f"No data file at {os.fspath(path)!r}.")
    try:
        with open(path, "rb") as file:
            rows = list(csv_rows(file, _where(path)))
    except OSError as error:
        raise ForecastInputError(f"Cannot read {_where(path)}: {error.strerror}.") from None
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
    if time_index is None:
        return Series(wanted, values, None, None, source or os.fspath(path))
    name = header[time_index]
    times = [
        read_time(row[time_index] if time_index < len(row) else "", name, f"{_where(path)} line {number}")
        for number, row in enumerate(rows, start=2)
    ]
    step = _constant_step(times, path)
    return Series(wanted, values, times, step, source or os.fspath(path), name)


def csv_rows(lines: Iterable[bytes], where: str) -> Iterator[list[str]]:
    """The CSV rows of UTF-8 ``lines`` (each ending in its newline; a byte-order mark at the
    start is dropped).

    Raises:
        ForecastInputError: a line that is not UTF-8, or not CSV, named by its number.

    Example:
        >>> list(csv_rows([codecs.BOM_UTF8 + b"time,load\\r\\n", b"2024-01-01,3\\n"], "'x.csv'"))
        [['time', 'load'], ['2024-01-01', '3']]
        >>> list(csv_rows([b"time,load\\n", b"caf\\xe9,3\\n"], "'x.csv'"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        statefulrnn.forecast.errors.ForecastInputError: 'x.csv' line 2: byte 0xe9 at column 4 is not UTF-8...
    """
    reader = csv.reader(_text_lines(lines, where))
    try:
        yield from reader
    except csv.Error as error:
        raise ForecastInputError(f"{where} line {reader.line_num}: not a CSV row ({error}).") from None


def _text_lines(lines: Iterable[bytes], where: str) -> Iterator[str]:
    # Decoded line by line, not by a text file's chunks, so that an error names its own line.
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ForecastInputError(
                f"{where} line {number}: byte {line[error.start]:#04x} at column {error.start + 1} is not "
                f"UTF-8; save the file as UTF-8 text."
            ) from None


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
        if name.lower() in TIME_NAMES and index < len(rows[0]) and parse_time(rows[0][index]) is not None:
            return index
    return None


def _constant_step(times: list[dt.datetime], path: object) -> dt.timedelta | None:
    where = _where(path)
    for number, (earlier, later) in enumerate(itertools.pairwise(times), start=3):
        follow(earlier, later, None, f"{where} line {number}")  # one kind of time, in order
    step = usual_step(times)
    for number, (earlier, later) in enumerate(itertools.pairwise(times), start=3):
        follow(earlier, later, step, f"{where} line {number}")
    return step


def _where(path: object) -> str:
    return repr(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else str(path)


__all__ = [
    "DEFAULT_TARGET",
    "TIME_NAMES",
    "Series",
    "csv_rows",
    "default_series",
    "parse_rows",
    "parse_time",
    "read_series",
]
