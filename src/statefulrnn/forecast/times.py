"""The time rule ``forecast fit`` and ``forecast stream`` share: each row comes one step after
the row before it.

``fit`` reads the step off its file (the most common difference between consecutive times) and
then holds every row to it; ``stream`` holds each new row to the step and the last time the
model's state has seen. A time from the past, a repeated time, a gap or a jump, and a time with
a UTC offset among times without one (or the reverse) are refused, by line, in one sentence.

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
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence

from .errors import ForecastInputError

TIME_NAMES = ("timestamp", "time", "date", "datetime")


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
    step: dt.timedelta | None,
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
    if step is not None and time - previous != step:
        raise ForecastInputError(
            f"{where}: {time.isoformat()} comes {time - previous} after {previous_is} "
            f"({previous.isoformat()}), but the series steps by {step}: a gap or a jump. Fill or remove "
            f"it first."
        )


def usual_step(times: Sequence[dt.datetime]) -> dt.timedelta | None:
    """The most common positive difference between consecutive ``times`` (counted in one pass;
    of equally common ones, the first; None when there is none). ``times`` must all have a UTC
    offset or all have none."""
    steps = Counter(later - earlier for earlier, later in itertools.pairwise(times))
    return next((step for step, _ in steps.most_common() if step > dt.timedelta(0)), None)


def _has_offset(time: dt.datetime) -> bool:
    return time.utcoffset() is not None


def _offset_text(time: dt.datetime) -> str:
    return "has a UTC offset" if _has_offset(time) else "has no UTC offset"


__all__ = ["TIME_NAMES", "follow", "parse_time", "read_time", "usual_step"]
