"""The time rule ``forecast fit`` and ``forecast stream`` share: each row comes one step after
the row before it.

A step is a fixed `datetime.timedelta`, or a `CalendarStep` of whole months (a month, a quarter,
a year), whose length in days varies: each row then has the day of month and time of day of the
row before (or, for month-ends, the last day of its month), that many months on.

``fit`` reads the step off its file (the most common difference between consecutive times, or
the calendar step when more rows keep to it) and then holds every row to it; ``stream`` holds
each new row to the step and the last time the model's state has seen. A time from the past, a
repeated time, a gap or a jump, and a time with a UTC offset among times without one (or the
reverse) are refused, by line, in one sentence.

Example:
    >>> texts = ("2024-01-01T00:00", "2024-01-01T01:00", "2024-01-01T03:00", "2024-01-01T04:00")
    >>> times = [parse_time(text) for text in texts]
    >>> step = usual_step(times)
    >>> str(step)
    '1:00:00'
    >>> follow(times[0], times[1], step, "'data.csv' line 3")
    >>> follow(times[1], times[2], step, "'data.csv' line 4")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    statefulrnn.forecast.errors.ForecastInputError: 'data.csv' line 4: 2024-01-01T03:00:00 comes 2:00:00 ...
    >>> ends = [dt.datetime(2024, month, day) for month, day in ((1, 31), (2, 29), (3, 31))]
    >>> step = usual_step(ends)
    >>> step, str(step), advance(ends[-1], step, 3).date()
    (CalendarStep(months=1, month_end=True), '1 month (month-ends)', datetime.date(2024, 6, 30))
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ForecastInputError

TIME_NAMES = ("timestamp", "time", "date", "datetime")
_SHORTEST_MONTH = dt.timedelta(days=28)  # a usual step this long may be a calendar one


@dataclass(frozen=True)
class CalendarStep:
    """A step of ``months`` calendar months, keeping the day of month and time of day, or
    (``month_end``) keeping to the last day of each month."""

    months: int
    month_end: bool = False

    def __str__(self) -> str:
        name = {1: "1 month", 3: "1 quarter", 12: "1 year"}.get(self.months, f"{self.months} months")
        return f"{name} (month-ends)" if self.month_end else name

    @property
    def nominal(self) -> dt.timedelta:
        """The step's mean length, to compare it with cycles (a year of 365.25 days)."""
        return dt.timedelta(days=365.25 * self.months / 12)


Step = dt.timedelta | CalendarStep


def advance(time: dt.datetime, step: Step, count: int = 1) -> dt.datetime:
    """``time`` moved on by ``count`` steps (back, for a negative ``count``). A calendar step
    keeps the wall-clock time and UTC offset, and lands on the month's last day when it has no
    such day (or always, for month-ends)."""
    if isinstance(step, dt.timedelta):
        return time + step * count
    year, month = divmod(time.year * 12 + time.month - 1 + step.months * count, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return time.replace(year=year, month=month + 1, day=last if step.month_end else min(time.day, last))


def parse_time(text: str) -> dt.datetime | None:
    """``text`` as an ISO 8601 time, or None when it is not one."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def read_time(text: str, name: str, where: str) -> dt.datetime:
    """``text`` (from time column ``name``, at ``where``: a file and line) as a time.

    Raises:
        ForecastInputError: it is not an ISO 8601 time.
    """
    time = parse_time(text)
    if time is None:
        raise ForecastInputError(f"{where}: time column {name!r} holds {text!r}, not an ISO 8601 time.")
    return time


def follow(
    previous: dt.datetime,
    time: dt.datetime,
    step: Step | None,
    where: str,
    previous_is: str = "the row before",
) -> None:
    """Refuse ``time`` unless it has a UTC offset exactly when ``previous`` has one, comes after
    it, and (when ``step`` is given) comes exactly ``step`` after it.

    Args:
        previous, time: consecutive times of the series.
        step: the series' step, or None to check only the kind of time and the order.
        where: the file and line of ``time``, for the message.
        previous_is: what ``previous`` is, for the message.

    Raises:
        ForecastInputError: one line naming ``where``, both times and what was expected.
    """
    if _has_offset(time) != _has_offset(previous):
        raise ForecastInputError(
            f"{where}: {time.isoformat()} {_offset_text(time)}, but {previous_is} "
            f"({previous.isoformat()}) {_offset_text(previous)}; write every time the same way."
        )
    if time <= previous:
        what = "repeats" if time == previous else "comes before"
        raise ForecastInputError(
            f"{where}: {time.isoformat()} {what} {previous_is} ({previous.isoformat()}); times must "
            f"increase{f' by {step}' if step else ''} from row to row."
        )
    if isinstance(step, CalendarStep) and not _keeps_to(previous, time, step):
        raise ForecastInputError(
            f"{where}: {time.isoformat()} comes {time - previous} after {previous_is} "
            f"({previous.isoformat()}), but the series steps by {step} (to "
            f"{advance(previous, step).isoformat()}): a gap, a jump or another day. Fill or remove it first."
        )
    if isinstance(step, dt.timedelta) and time - previous != step:
        raise ForecastInputError(
            f"{where}: {time.isoformat()} comes {time - previous} after {previous_is} "
            f"({previous.isoformat()}), but the series steps by {step}: a gap or a jump. Fill or remove "
            f"it first."
        )


def usual_step(times: Sequence[dt.datetime]) -> Step | None:
    """The most common positive difference between consecutive ``times`` (counted in one pass;
    of equally common ones, the first; None when there is none), or, when that is 28 days or
    more, the most common calendar step if as many consecutive times keep to it. ``times`` must
    all have a UTC offset or all have none."""
    steps = Counter(later - earlier for earlier, later in itertools.pairwise(times))
    fixed = next((step for step, _ in steps.most_common() if step > dt.timedelta(0)), None)
    if fixed is None or fixed < _SHORTEST_MONTH:
        return fixed
    months = Counter(_month(later) - _month(earlier) for earlier, later in itertools.pairwise(times))
    count = next((count for count, _ in months.most_common() if count > 0), None)
    if count is None:
        return fixed
    # Month-ends when most times are one (so that a stray day is the row refused) on more than
    # one day; month-ends all on one day (the 31st) keep their day as well.
    ends = [time.day for time in times if time.day == calendar.monthrange(time.year, time.month)[1]]
    months_step = CalendarStep(count, 2 * len(ends) > len(times) and len(set(ends)) > 1)
    kept = sum(_keeps_to(earlier, later, months_step) for earlier, later in itertools.pairwise(times))
    return months_step if kept >= steps[fixed] else fixed


def _month(time: dt.datetime) -> int:
    return time.year * 12 + time.month


def _keeps_to(previous: dt.datetime, time: dt.datetime, step: CalendarStep) -> bool:
    # Wall-clock times: a monthly series at local midnight keeps to its step across a change
    # of UTC offset (summer time).
    return time.replace(tzinfo=None) == advance(previous, step).replace(tzinfo=None)


def _has_offset(time: dt.datetime) -> bool:
    return time.utcoffset() is not None


def _offset_text(time: dt.datetime) -> str:
    return "has a UTC offset" if _has_offset(time) else "has no UTC offset"


__all__ = ["TIME_NAMES", "CalendarStep", "Step", "advance", "follow", "parse_time", "read_time", "usual_step"]
