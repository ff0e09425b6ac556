"""``statefulrnn forecast fit`` and ``statefulrnn forecast stream``.

``fit`` reads one series (a CSV file, or the built-in hourly Seattle temperatures), splits it in
time order (70% train, 15% validation, 15% test), scales it with the training part's statistics,
trains a stateful GRU with truncated BPTT and early stopping (`training`), then reads the whole
series once more at batch 1: through the validation part in one call, and through the test part
one row at a time, as ``stream`` will. It prints the test errors next to the last-value and
seasonal-naive forecasts and writes the model folder (`folder`).

``stream`` continues from the state at the end of the data (or, ``--from test``, from the
start of the test part), reads new rows as CSV (a header, then one row per line, from standard
input or a file, ``--follow`` to wait for a growing file), and writes each forecast as soon as
its row is read. ``--save-state`` stores the state reached, so the next ``stream`` continues
from there. Streaming the test part with ``--from test`` writes exactly the forecasts of
``forecasts.csv``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..io.checkpoint import load_model
from . import baselines, plots
from .errors import ForecastInputError
from .folder import FORECASTS, MODEL, STATE, TEST_START, building, check_writable, read_info, write_info
from .forecaster import Forecaster, Scaler
from .series import TIME_NAMES, Series, default_series, parse_rows, parse_time, read_series
from .training import Settings, Split, train

SPLIT_TEXT = "70% train, 15% validation, 15% test"


def fit(arguments: argparse.Namespace) -> int:
    """Train, evaluate, write the folder; returns the exit status."""
    settings = Settings(
        horizon=arguments.horizon,
        units=arguments.units,
        chunk=arguments.chunk,
        batch_size=arguments.batch_size,
        epochs=arguments.epochs,
        patience=arguments.patience,
        seed=arguments.seed,
    )
    if arguments.data is None:
        series = default_series()
    else:
        if arguments.target is None:
            raise ForecastInputError("forecast fit DATA.csv needs --target COLUMN (the column to forecast).")
        series = read_series(arguments.data, arguments.target, arguments.features, arguments.time_column)
    check_writable(Path(arguments.out), arguments.replace)
    split = Split.of(len(series.values))
    _check_rows(series, split, settings)
    if not arguments.no_plots:
        plots.check_available()
    target = series.target
    period = arguments.period or baselines.detect_period(target[: split.train])
    say = (lambda text: None) if arguments.quiet else print
    say(
        f"{series.source}: {len(target)} rows of {series.columns}; {SPLIT_TEXT}; "
        f"period: {period or 'none found'}"
    )

    scaler = Scaler.fit(series.values[: split.train])
    model, history = train(
        scaler.transform(series.values),
        split,
        settings,
        verbose=0 if arguments.quiet else "auto",
        progress=say,
    )
    with building(Path(arguments.out), arguments.replace) as folder:
        forecaster = Forecaster(model, scaler)
        forecaster.push(series.values[: split.validation])
        forecaster.save_state(folder / TEST_START)
        forecasts = np.array([forecaster.push(row[None])[0] for row in series.values[split.validation :]])
        forecaster.save_state(folder / STATE)
        table = _test_table(series, split, settings.horizon, period, forecasts)
        scores = {
            name: baselines.errors(values, table["truth"])
            for name, values in table.items()
            if name not in ("time", "truth")
        }
        say(_score_lines(scores, series.columns[0]))
        model.save(folder / MODEL)
        _write_forecasts(folder / FORECASTS, table)
        if not arguments.no_plots:
            plots.learning_curves(history, folder / "learning_curves.png")
            plots.test_forecast(
                table["time"], table["truth"], table["model"], table["last_value"], series.columns[0],
                folder / "test_forecast.png", detail=min(len(forecasts), 7 * (period or 24)),
            )  # fmt: skip
        write_info(
            folder,
            {
                "source": series.source,
                "columns": series.columns,
                "time_column": arguments.time_column,
                "horizon": settings.horizon,
                "period": period,
                "scaler": scaler.to_json(),
                "split": {"train": split.train, "validation": split.validation, "rows": split.rows},
                "step_seconds": series.step.total_seconds() if series.step else None,
                "last_time": series.times[-1].isoformat() if series.times else None,
                "settings": vars(settings),
                "epochs_run": len(history["loss"]),
                "test_errors": scores,
            },
        )
    say(f"wrote {arguments.out}/")
    return 0


def stream(arguments: argparse.Namespace) -> int:
    """Forecast row by row from standard input or a file; returns the exit status."""
    folder = Path(arguments.model_dir)
    info = read_info(folder)
    forecaster = Forecaster(load_model(folder / MODEL), Scaler.from_json(info["scaler"]))
    forecaster.load_state(folder / (TEST_START if arguments.start == "test" else STATE))
    step = dt.timedelta(seconds=info["step_seconds"]) * info["horizon"] if info["step_seconds"] else None
    source = "standard input" if arguments.input in (None, "-") else repr(arguments.input)
    out = sys.stdout
    with _open_input(arguments.input) as file:
        rows = csv.reader(_lines(file, arguments.follow))
        header = [name.strip() for name in next(rows, [])]
        missing = [name for name in info["columns"] if name not in header]
        if missing:
            raise ForecastInputError(
                f"{source}: the first line must be a header naming the columns {info['columns']}; "
                f"column {missing[0]!r} is not in {header}."
            )
        time_index = _input_time_column(header, info)
        out.write("for_time,forecast\n")
        try:
            for number, row in enumerate(rows, start=2):
                if not row:
                    continue
                values = parse_rows([row], header, info["columns"], source, number)
                forecast = forecaster.push(values)[0]
                out.write(f"{_for_time(row, time_index, step, source, number)},{float(forecast)!r}\n")
                out.flush()
        except KeyboardInterrupt:  # Ctrl-C ends a --follow stream; the rows so far count
            pass
    if arguments.save_state:
        forecaster.save_state(folder / STATE)
    return 0


def _check_rows(series: Series, split: Split, settings: Settings) -> None:
    needed_train = settings.batch_size * settings.chunk + settings.horizon
    needed = int(np.ceil(max(needed_train / 0.7, (settings.horizon + 1) / 0.15))) + 1
    if (
        split.train < needed_train
        or split.rows - split.validation < settings.horizon + 1
        or split.validation - split.train < settings.horizon + 1
    ):
        raise ForecastInputError(
            f"{series.source} has {split.rows} rows; --batch-size {settings.batch_size}, --chunk "
            f"{settings.chunk} and --horizon {settings.horizon} need at least {needed} ({SPLIT_TEXT}). "
            f"Use a smaller --chunk or --batch-size, or a longer series."
        )


def _test_table(
    series: Series, split: Split, horizon: int, period: int | None, forecasts: np.ndarray
) -> dict[str, Any]:
    """Per test row t: the time forecast (t + horizon), the model's and the baselines'
    forecasts, and the truth (NaN past the end of the data)."""
    target = series.target
    rows = np.arange(split.validation, split.rows)
    ahead = rows + horizon
    truth = np.full(len(rows), np.nan)
    known = ahead < len(target)
    truth[known] = target[ahead[known]]
    table = {
        "time": [_label(series, row) for row in ahead],
        "truth": truth,
        "model": forecasts,
        "last_value": baselines.last_value(target, horizon)[rows],
    }
    if period:
        table["seasonal_naive"] = baselines.seasonal_naive(target, horizon, period)[rows]
    return table


def _label(series: Series, row: int) -> str:
    if series.times is None:
        return str(row)
    return (series.times[0] + series.step * row).isoformat() if series.step else series.times[row].isoformat()


def _score_lines(scores: dict[str, dict[str, float]], target: str) -> str:
    lines = [f"test errors ({target}):", f"  {'forecast':<16}{'MAE':>10}{'RMSE':>10}"]
    lines += [f"  {name:<16}{s['mae']:>10.4f}{s['rmse']:>10.4f}" for name, s in scores.items()]
    return "\n".join(lines)


def _write_forecasts(path: Path, table: dict[str, Any]) -> None:
    names = list(table)
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["for_time" if name == "time" else name for name in names])
        for values in zip(*(table[name] for name in names)):
            writer.writerow(
                [v if isinstance(v, str) else ("" if np.isnan(v) else repr(float(v))) for v in values]
            )


def _input_time_column(header: list[str], info: dict[str, Any]) -> int | None:
    name = info.get("time_column")
    for index, column in enumerate(header):
        if column == name or (name is None and column.lower() in TIME_NAMES):
            return index
    return None


def _for_time(row: list[str], index: int | None, step: dt.timedelta | None, source: str, number: int) -> str:
    if index is None or step is None:
        return ""
    time = parse_time(row[index]) if index < len(row) else None
    if time is None:
        raise ForecastInputError(
            f"{source} line {number}: {row[index] if index < len(row) else ''!r} is not an ISO 8601 time."
        )
    return (time + step).isoformat()


class _open_input:  # noqa: N801 - a context manager
    def __init__(self, path: str | None) -> None:
        self.path = path

    def __enter__(self) -> TextIO:
        if self.path in (None, "-"):
            self.file = None
            return sys.stdin
        if not os.path.isfile(self.path):
            raise ForecastInputError(f"No input file at {self.path!r}.")
        self.file = open(self.path, newline="")
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _lines(file: TextIO, follow: bool) -> Iterator[str]:
    """The file's lines; with ``follow``, then the lines appended to it, until interrupted (a
    line still being written is held back until its newline comes)."""
    pending = ""
    while True:
        pending += file.readline()
        if pending.endswith("\n"):
            yield pending
            pending = ""
        elif not follow:
            if pending:
                yield pending
            return
        else:
            time.sleep(0.2)


__all__ = ["fit", "stream"]
