"""Calendar inputs: where each row's time lies in the day, the week and the year, as a sine
and a cosine (so that 23:00 and 00:00 are neighbours).

Which cycles a series gets depends on its time step and on how long its training part is: a
cycle is used when the step is shorter than the cycle and the training part spans it at least
twice (a cycle seen once cannot teach what its next turn brings; a yearly phase from one year
of data would show the test months' phases only in the test). A calendar step (`times.CalendarStep`)
counts at its mean length: a monthly or quarterly series gets the month of the year.

Example:
    >>> step = dt.timedelta(hours=1)
    >>> kinds = calendar_kinds(step, span=dt.timedelta(days=30))
    >>> kinds
    ('hour_of_day', 'day_of_week')
    >>> calendar_columns([dt.datetime(2024, 1, 1, 6)], kinds).round(3).tolist()  # a Monday, 06:00
    [[1.0, 0.0, 0.223, 0.975]]
    >>> calendar_kinds(CalendarStep(1), span=dt.timedelta(days=3 * 365))
    ('month_of_year',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np

from .times import CalendarStep, Step

_DAY = dt.timedelta(days=1)


def _day_fraction(time: dt.datetime) -> float:
    return (time.hour * 3600 + time.minute * 60 + time.second) / 86400


# kind -> (the cycle's length, the phase in [0, 1) of a time)
CYCLES: dict[str, tuple[dt.timedelta, Callable[[dt.datetime], float]]] = {
    "hour_of_day": (_DAY, _day_fraction),
    "day_of_week": (7 * _DAY, lambda time: (time.weekday() + _day_fraction(time)) / 7),
    "month_of_year": (dt.timedelta(days=365.25), lambda time: (time.month - 1) / 12),
    "day_of_year": (
        dt.timedelta(days=365.25),
        lambda time: (time.timetuple().tm_yday - 1 + _day_fraction(time)) / 365.25,
    ),
}
_MONTHLY = dt.timedelta(days=28)  # a step this long or longer counts in months


def calendar_kinds(step: Step | None, span: dt.timedelta) -> tuple[str, ...]:
    """The cycles (keys of `CYCLES`) for a series stepping by ``step`` whose training part
    spans ``span``; none without times."""
    if step is None:
        return ()
    if isinstance(step, CalendarStep):
        step = step.nominal  # a yearly step (365.25 days) is no shorter than the year: no cycle
    year = "month_of_year" if step >= _MONTHLY else "day_of_year"
    return tuple(
        kind
        for kind in ("hour_of_day", "day_of_week", year)
        if step < CYCLES[kind][0] and span >= 2 * CYCLES[kind][0]
    )


def calendar_columns(times: Sequence[dt.datetime], kinds: Sequence[str]) -> np.ndarray:
    """``(len(times), 2 * len(kinds))``: the sine and cosine of each cycle's phase."""
    phases = np.array([[CYCLES[kind][1](time) for kind in kinds] for time in times]).reshape(len(times), -1)
    angles = 2 * np.pi * phases
    return np.stack([np.sin(angles), np.cos(angles)], axis=2).reshape(len(times), -1)


__all__ = ["CYCLES", "calendar_columns", "calendar_kinds"]
