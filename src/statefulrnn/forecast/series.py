"""One time series read from a CSV file, checked, and split in time order.

The file is UTF-8 text (a byte-order mark is dropped) with a header row. An optional time
column (named by ``time_column``, or the first column named like a time whose first value is an
ISO 8601 time) orders nothing, since rows are taken in file order, but is held to the rule of
`times`: every row one step after the row before. The other columns used (the target, and
optional feature columns) must hold finite numbers in every row.

The file is read a row at a time straight into arrays (after a first pass that only counts its
lines): the values used, and the times as integers (`Times`). No copy of the text, of its rows
or of one Python object per time is ever held, so reading costs about the size of those arrays
(16 bytes a row for one column and times without a UTC offset), a fraction of the file's size.

Example:
    >>> series = default_series()
    >>> series.columns, series.values.shape, str(series.step)
    (['temperature_f'], (8760, 1), '1:00:00')
    >>> series.times[-1]
    datetime.datetime(2010, 12, 31, 23, 0)
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
from typing import BinaryIO, overload

import numpy as np

from .errors import ForecastInputError
from .times import TIME_NAMES, Step, follow, parse_time, read_time, usual_step

DEFAULT_SERIES = "seattle_hourly_temperature_2010.csv"
DEFAULT_TARGET = "temperature_f"

_EPOCH = dt.datetime(1970, 1, 1)
_MICROSECOND = dt.timedelta(microseconds=1)


class Times(Sequence[dt.datetime]):
    """The times of a series' rows, held as integers rather than one Python object a row.

    Row i's time is the wall-clock time ``clock[i]`` microseconds after 1970-01-01 (in UTC when
    the times have UTC offsets), with the UTC offset ``offsets[i]`` microseconds (None when the
    times have none). Indexing gives back the `datetime.datetime` the file wrote, offset
    included. 8 bytes a row (16 with offsets), where a list of datetimes takes about 56.

    Example:
        >>> hour = 3_600_000_000  # microseconds
        >>> times = Times(np.array([0, hour]), np.array([hour, 2 * hour]))  # +01:00, then +02:00
        >>> len(times), times[-1].isoformat(), times[1] - times[0]
        (2, '1970-01-01T03:00:00+02:00', datetime.timedelta(seconds=3600))
    """

    def __init__(self, clock: np.ndarray, offsets: np.ndarray | None) -> None:
        self.clock, self.offsets = clock, offsets

    def __len__(self) -> int:
        return len(self.clock)

    @overload
    def __getitem__(self, index: int) -> dt.datetime: ...
    @overload
    def __getitem__(self, index: slice) -> list[dt.datetime]: ...
    def __getitem__(self, index: int | slice) -> dt.datetime | list[dt.datetime]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        wall = _EPOCH + int(self.clock[index]) * _MICROSECOND  # IndexError past either end
        if self.offsets is None:
            return wall
        offset = int(self.offsets[index]) * _MICROSECOND
        return (wall + offset).replace(tzinfo=dt.timezone(offset))

    def __iter__(self) -> Iterator[dt.datetime]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"Times({len(self)} rows{f', {self[0]} to {self[-1]}' if len(self) else ''})"


@dataclass(frozen=True)
class Series:
    """Rows of a series in file order.

    Attributes:
        columns: the numeric columns used, the target first.
        values: ``(T, len(columns))`` float64.
        times: the rows' times, T of them (None without a time column).
        step: the constant time step, fixed or calendar (`times.CalendarStep`; None without a
            time column).
        source: where it came from, for messages and the model folder.
        time_column: the time column's name (None without one).
    """

    columns: list[str]
    values: np.ndarray
    times: Times | None
    step: Step | None
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

    Each row is checked as it is read, so the first bad row in the file is the one named.

    Raises:
        ForecastInputError: no such file, not UTF-8, no header, a missing column, an empty,
            non-numeric or non-finite value, an unreadable time or one that breaks the rule of
            `times`.
    """
    if not os.path.isfile(path):
        raise ForecastInputError(f"No data file at {os.fspath(path)!r}.")
    try:
        with open(path, "rb") as file:
            columns, values, times, name = _read(file, target, features, time_column, path)
    except OSError as error:
        raise ForecastInputError(f"Cannot read {_where(path)}: {error.strerror}.") from None
    if times is None:
        return Series(columns, values, None, None, source or os.fspath(path))
    return Series(columns, values, times, _constant_step(times, path), source or os.fspath(path), name)


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
    ``where``) as a ``(n, len(columns))`` array, checked as `read_series` checks a file.

    Example:
        >>> parse_rows([["1", "2.5"], ["3", "4"]], ["a", "b"], ["b"], "'x.csv'", 2).tolist()
        [[2.5], [4.0]]
    """
    indices = [list(header).index(name) for name in columns]
    values = np.empty((len(lines), len(columns)))
    for row, line in enumerate(lines):
        values[row] = _numbers(line, columns, indices, where, first_line + row)
    return values


def _read(
    file: BinaryIO, target: str, features: Sequence[str], time_column: str | None, path: object
) -> tuple[list[str], np.ndarray, Times | None, str | None]:
    """The columns used, their values, the times (or None) and the time column's name."""
    where = _where(path)
    capacity = _count_lines(file)  # an upper bound on the rows: the arrays are made once
    rows = csv_rows(file, where)
    header = [name.strip() for name in next(rows, [])]
    wanted = [target, *[name for name in features if name != target]]
    missing = [name for name in wanted if name not in header]
    if missing:
        raise ForecastInputError(
            f"{os.fspath(path)!r} has no column {missing[0]!r}; its columns are {header}."
        )
    first = next(rows, None)
    if first is None:
        raise ForecastInputError(f"{os.fspath(path)!r} has a header but no rows.")
    indices = [header.index(name) for name in wanted]
    time_index = _time_column(header, first, time_column, path)
    values = _Growing(np.empty((capacity, len(wanted))))
    times = None if time_index is None else _TimesBuilder(capacity)
    previous = None
    for number, row in enumerate(itertools.chain([first], rows), start=2):
        values.append(_numbers(row, wanted, indices, where, number))
        if times is not None:
            text = row[time_index] if time_index < len(row) else ""
            time = read_time(text, header[time_index], f"{where} line {number}")
            if previous is not None:  # the same kind of time as the row before, and later
                follow(previous, time, None, f"{where} line {number}")
            times.append(time)
            previous = time
    return (
        wanted,
        values.finish(),
        None if times is None else times.finish(),
        None if time_index is None else header[time_index],
    )


def _numbers(
    row: Sequence[str], names: Sequence[str], indices: Sequence[int], where: str, number: int
) -> list[float]:
    values = []
    for name, index in zip(names, indices):
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
        values.append(value)
    return values


class _Growing:
    """Rows written one by one into ``array``, made from a count of the file's lines (an upper
    bound on its rows): it grows, in place, only when the file grew after the count."""

    def __init__(self, array: np.ndarray) -> None:
        self.array, self.count = array, 0

    def append(self, row: object) -> None:
        if self.count == len(self.array):
            self.array.resize((2 * self.count + 1, *self.array.shape[1:]), refcheck=False)
        self.array[self.count] = row
        self.count += 1

    def finish(self) -> np.ndarray:
        # In place, no copy: the array has no views, and pages never written were never held.
        self.array.resize((self.count, *self.array.shape[1:]), refcheck=False)
        return self.array


class _TimesBuilder:
    """`Times` built row by row from times that all have a UTC offset or all have none."""

    def __init__(self, capacity: int) -> None:
        self.capacity, self.clock = capacity, _Growing(np.empty(capacity, np.int64))
        self.offsets: _Growing | None = None

    def append(self, time: dt.datetime) -> None:
        offset = time.utcoffset()
        if offset is None:
            self.clock.append((time - _EPOCH) // _MICROSECOND)
        else:
            if self.offsets is None:
                self.offsets = _Growing(np.empty(self.capacity, np.int64))
            self.clock.append((time.replace(tzinfo=None) - offset - _EPOCH) // _MICROSECOND)
            self.offsets.append(offset // _MICROSECOND)

    def finish(self) -> Times:
        return Times(self.clock.finish(), None if self.offsets is None else self.offsets.finish())


def _count_lines(file: BinaryIO) -> int:
    lines = 1  # the last line may have no newline
    for block in iter(lambda: file.read(1 << 20), b""):
        lines += block.count(b"\n")
    file.seek(0)
    return lines


def _time_column(header: list[str], first: Sequence[str], given: str | None, path: object) -> int | None:
    if given is not None:
        if given not in header:
            raise ForecastInputError(
                f"{_where(path)} has no time column {given!r}; its columns are {header}."
            )
        return header.index(given)
    for index, name in enumerate(header):
        if name.lower() in TIME_NAMES and index < len(first) and parse_time(first[index]) is not None:
            return index
    return None


def _constant_step(times: Times, path: object) -> Step | None:
    # The kind and order of every time were checked as it was read; the step needs them all.
    step = usual_step(times)
    where = _where(path)
    for number, (earlier, later) in enumerate(itertools.pairwise(times), start=3):
        follow(earlier, later, step, f"{where} line {number}")
    return step


def _where(path: object) -> str:
    return repr(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else str(path)


__all__ = [
    "DEFAULT_TARGET",
    "TIME_NAMES",
    "Series",
    "Times",
    "csv_rows",
    "default_series",
    "parse_rows",
    "parse_time",
    "read_series",
]
