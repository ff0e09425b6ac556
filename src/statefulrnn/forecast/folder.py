"""The model folder ``forecast fit`` writes and ``forecast stream`` reads.

::

    forecast.json          format tag and version, columns, time column, horizon, period,
                           inputs (`Inputs`), the chosen forecast, split, time step (and a
                           calendar step of months, when the series has one) and last
                           time, settings, validation and test errors, and the time each
                           state file written has seen (by its SHA-256)
    model.safetensors      the trained model at batch 1 (statefulrnn.load_model reads it)
    state.safetensors      the series' state after the last row of the data (the network's
                           state and the lag buffer, `Forecaster.save_state`); `stream
                           --save-state` moves it on
    test_start.safetensors the state before the first test row, to replay the test part
    forecasts.csv          the test part: truth, the chosen forecast, model and baselines
    learning_curves.png, test_forecast.png

`replace` builds the folder beside the target and swaps it into place; `save_state` moves the
state on so that a crash at any point leaves a state whose time is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..io._atomic import write_atomically
from .errors import ForecastInputError
from .times import CalendarStep, Step, parse_time

# Version 2: the model corrects a naive forecast from level-free inputs, H steps at once, and
# its state files hold a lag buffer; version 1 folders (a scaled-level model) are refused.
# "calendar_step" came later within version 2: a folder without it steps by "step_seconds".
FORMAT, VERSION = "statefulrnn.forecast", 2
INFO, MODEL, STATE, TEST_START, FORECASTS, CURVES, TEST_PLOT = (
    "forecast.json",
    "model.safetensors",
    "state.safetensors",
    "test_start.safetensors",
    "forecasts.csv",
    "learning_curves.png",
    "test_forecast.png",
)
FILES = (INFO, MODEL, STATE, TEST_START, FORECASTS, CURVES, TEST_PLOT)
STATE_TIMES = "state_times"  # in forecast.json: {SHA-256 of a state file: the last time it has seen}
CALENDAR_STEP = "calendar_step"  # in forecast.json: {"months": n, "month_end": bool}, or absent
_LONGEST_STEP = 1e10  # seconds (300 years): a longer one is damage, and would overflow a timedelta
# The keys `stream` reads, with their types (`fit` writes more).
_KEYS = {
    "columns": (list, "a list"),
    "horizon": (int, "a whole number"),
    "inputs": (dict, "an object"),
    "choice": (str, "a forecast's name"),
    "split": (dict, "an object"),
    "step_seconds": ((int, float, type(None)), "a number or null"),
    "last_time": ((str, type(None)), "a time or null"),
}


def write_info(folder: Path, info: dict[str, Any]) -> None:
    """Write ``info`` as the folder's ``forecast.json``, with the format tag and version."""
    write_atomically(
        os.fspath(folder / INFO),
        json.dumps({"format": FORMAT, "version": VERSION, **info}, indent=2).encode(),
    )


def read_info(folder: Path) -> dict[str, Any]:
    """The folder's ``forecast.json``, checked.

    Raises:
        ForecastInputError: no such folder, not a model folder, another format version, or a
            key ``stream`` reads missing or of the wrong type.
    """
    path = folder / INFO
    if not path.is_file():
        raise ForecastInputError(f"{os.fspath(folder)!r} is not a forecast model folder (no {INFO}).")
    try:
        info = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise ForecastInputError(f"{os.fspath(path)!r} is not valid JSON: {error}.") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise ForecastInputError(f"{os.fspath(path)!r} is not a statefulrnn forecast description.")
    if info.get("version") != VERSION:
        raise ForecastInputError(
            f"{os.fspath(folder)!r} was written by forecast format version {info.get('version')!r}; this "
            f"statefulrnn reads version {VERSION}. Train it again with this version's forecast fit."
        )
    _check_info(info, os.fspath(path))
    return info


def _check_info(info: dict[str, Any], path: str) -> None:
    """Refuse a description whose keys ``stream`` reads are missing, mistyped or out of range."""
    for key, (kinds, kind) in _KEYS.items():
        if not isinstance(info.get(key), kinds) or isinstance(info.get(key), bool):
            raise ForecastInputError(
                f"{path!r} is damaged: {key!r} is {info.get(key)!r}, not {kind}. Fit again."
            )
    split, step = info["split"], info["step_seconds"]
    if not all(isinstance(split.get(key), int) for key in ("train", "validation", "rows")):
        raise ForecastInputError(f"{path!r} is damaged: 'split' is {split!r}. Fit again.")
    if (step is None) != (info["last_time"] is None) or (step is not None and not 0 < step < _LONGEST_STEP):
        raise ForecastInputError(
            f"{path!r} is damaged: 'step_seconds' is {step!r} and 'last_time' is "
            f"{info['last_time']!r}. Fit again."
        )
    months = info.get(CALENDAR_STEP)
    if months is not None and not (
        isinstance(months, dict)
        and set(months) == {"months", "month_end"}
        and type(months["months"]) is int
        and 0 < months["months"] <= 1200
        and isinstance(months["month_end"], bool)
    ):
        raise ForecastInputError(f"{path!r} is damaged: {CALENDAR_STEP!r} is {months!r}. Fit again.")
    records = info.get(STATE_TIMES, {})
    if not isinstance(records, dict):
        raise ForecastInputError(f"{path!r} is damaged: {STATE_TIMES!r} is not an object. Fit again.")
    for time in [info["last_time"], *records.values()]:
        if time is not None and not (isinstance(time, str) and parse_time(time)):
            raise ForecastInputError(f"{path!r} is damaged: {time!r} is not an ISO 8601 time. Fit again.")


def step_fields(step: Step | None) -> dict[str, Any]:
    """The ``forecast.json`` fields that record ``step``: its length in seconds (a calendar
    step's mean length), and a calendar step's months.

    Example:
        >>> step_fields(CalendarStep(3))
        {'step_seconds': 7889400.0, 'calendar_step': {'months': 3, 'month_end': False}}
        >>> read_step(step_fields(CalendarStep(3))) == CalendarStep(3)
        True
    """
    if isinstance(step, CalendarStep):
        return {
            "step_seconds": step.nominal.total_seconds(),
            CALENDAR_STEP: {"months": step.months, "month_end": step.month_end},
        }
    return {"step_seconds": step.total_seconds() if step else None}


def read_step(info: dict[str, Any]) -> Step | None:
    """The step ``step_fields`` recorded in ``info`` (a checked description)."""
    if info.get(CALENDAR_STEP) is not None:
        return CalendarStep(**info[CALENDAR_STEP])
    return dt.timedelta(seconds=info["step_seconds"]) if info["step_seconds"] else None


def digest(path: Path) -> str:
    """The SHA-256 of the file at ``path``, in hex."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def state_time(folder: Path, info: dict[str, Any]) -> str | None:
    """The last time (ISO 8601) the folder's ``state.safetensors`` has seen; None for a series
    without times.

    Raises:
        ForecastInputError: ``forecast.json`` records no time for that state file.
    """
    records = info.get(STATE_TIMES)
    if records is None:  # written before states' times were recorded: the state fit left
        return info.get("last_time")
    time = records.get(digest(folder / STATE)) if isinstance(records, dict) else None
    if not isinstance(time, str):
        raise ForecastInputError(
            f"{os.fspath(folder / STATE)!r} is not a state {INFO} records a time for (it was replaced "
            f"by another program); stream with --from test, or fit again."
        )
    return time


def save_state(folder: Path, info: dict[str, Any], write: Callable[[Path], None], time: str | None) -> None:
    """Replace the folder's ``state.safetensors`` by what ``write(path)`` writes, which has
    seen up to ``time``.

    The new state is written beside the old one and its time recorded (next to the old
    state's) before it takes the old one's name: killed at any point, the folder holds a state
    whose time ``forecast.json`` records.
    """
    pending = folder / f".{STATE}.new-{os.getpid()}"
    write(pending)
    try:
        if time is not None:
            current = digest(folder / STATE)
            kept = {key: value for key, value in info.get(STATE_TIMES, {}).items() if key == current}
            write_info(folder, {**info, STATE_TIMES: {**kept, digest(pending): time}})
        os.replace(pending, folder / STATE)
    finally:
        if pending.exists():
            pending.unlink()


__all__ = [
    "CALENDAR_STEP",
    "CURVES",
    "FILES",
    "FORECASTS",
    "INFO",
    "MODEL",
    "STATE",
    "STATE_TIMES",
    "TEST_PLOT",
    "TEST_START",
    "digest",
    "read_info",
    "read_step",
    "save_state",
    "state_time",
    "step_fields",
    "write_info",
]
