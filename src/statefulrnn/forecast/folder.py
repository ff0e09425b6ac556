"""The model folder ``forecast fit`` writes and ``forecast stream`` reads.

::

    forecast.json          format tag and version, columns, horizon, period, scaler, split,
                           time step and last time, settings, test errors
    model.safetensors      the trained model at batch 1 (statefulrnn.load_model reads it)
    state.safetensors      the series' state after the last row of the data (a StreamPool
                           snapshot); `stream --save-state` moves it on
    test_start.safetensors the state before the first test row, to replay the test part
    forecasts.csv          the test part: forecasts, truth, baselines
    learning_curves.png, test_forecast.png

The folder is built under a temporary name beside the target and renamed into place at the
end, so a failed fit leaves no folder and an existing one is never half-overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..io._atomic import write_atomically
from .errors import ForecastInputError

FORMAT, VERSION = "statefulrnn.forecast", 1
INFO, MODEL, STATE, TEST_START, FORECASTS = (
    "forecast.json",
    "model.safetensors",
    "state.safetensors",
    "test_start.safetensors",
    "forecasts.csv",
)


@contextlib.contextmanager
def building(target: Path, replace: bool) -> Iterator[Path]:
    """A temporary folder to fill; renamed to ``target`` when the block ends without error.

    Raises:
        ForecastInputError: ``target`` exists and ``replace`` is False, or is not a folder.
    """
    check_writable(target, replace)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    temporary.mkdir(parents=True)
    try:
        yield temporary
        if target.exists():
            old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
            target.rename(old)
            temporary.rename(target)
            shutil.rmtree(old)
        else:
            temporary.rename(target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def check_writable(target: Path, replace: bool) -> None:
    """Refuse a ``target`` that exists (unless ``replace``) or that is not a model folder.

    Raises:
        ForecastInputError: naming the folder and what to do.
    """
    if target.exists() and not replace:
        raise ForecastInputError(f"{os.fspath(target)!r} exists; pass --replace to write over it.")
    if target.exists() and not (target / INFO).is_file():
        raise ForecastInputError(
            f"{os.fspath(target)!r} exists and is not a forecast model folder; it is left as it is."
        )


def write_info(folder: Path, info: dict[str, Any]) -> None:
    write_atomically(
        os.fspath(folder / INFO),
        json.dumps({"format": FORMAT, "version": VERSION, **info}, indent=2).encode(),
    )


def read_info(folder: Path) -> dict[str, Any]:
    """The folder's ``forecast.json``, checked.

    Raises:
        ForecastInputError: no such folder, not a model folder, or another format version.
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
    return info


__all__ = [
    "FORECASTS",
    "INFO",
    "MODEL",
    "STATE",
    "TEST_START",
    "building",
    "check_writable",
    "read_info",
    "write_info",
]
