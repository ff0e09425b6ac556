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

Both commands read UTF-8 (a byte-order mark is dropped) and hold a time column to the same rule
(`times.follow`): ``fit`` within its file, ``stream`` from the last time the state has seen on.
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
from typing import Any, BinaryIO

import numpy as np

from ..io.checkpoint import load_model
from . import baselines, plots
from .errors import ForecastInputError
from .folder import (
    CURVES,
    FORECASTS,
    MODEL,
    STATE,
    STATE_TIMES,
    TEST_PLOT,
    TEST_START,
    digest,
    read_info,
    save_state,
    state_time,
    write_info,
)
from .forecaster import Forecaster, Scaler
from .replace import building, check_target, recover
from .series import Series, csv_rows, default_series, parse_rows, read_series
from .times import TIME_NAMES, follow, read_time
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
    check_target(Path(arguments.out), arguments.replace)
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
            plots.learning_curves(history, folder / CURVES)
            plots.test_forecast(
                table["time"], table["truth"], table["model"], table["last_value"], series.columns[0],
                folder / TEST_PLOT, detail=min(len(forecasts), 7 * (period or 24)),
            )  # fmt: skip
        write_info(
            folder,
            {
                "source": series.source,
                "columns": series.columns,
                "time_column": series.time_column,
                "horizon": settings.horizon,
                "period": period,
                "scaler": scaler.to_json(),
                "split": {"train": split.train, "validation": split.validation, "rows": split.rows},
                "step_seconds": series.step.total_seconds() if series.step else None,
                "last_time": series.times[-1].isoformat() if series.times else None,
                "settings": vars(settings),
                "epochs_run": len(history["loss"]),
                "test_errors": scores,
                STATE_TIMES: {digest(folder / STATE): series.times[-1].isoformat()} if series.times else {},
            },
        )
    say(f"wrote {arguments.out}/")
    return 0


def stream(arguments: argparse.Namespace) -> int:
    """Forecast row by row from standard input or a file; returns the exit status."""
    folder = Path(arguments.model_dir)
    recover(folder)
    info = read_info(folder)
    forecaster = _load(folder, info, TEST_START if arguments.start == "test" else STATE)
    step = dt.timedelta(seconds=info["step_seconds"]) if info["step_seconds"] else None
    last = _start_time(folder, info, arguments.start, step)
    previous_is = "the last time the model's state has seen"
    source = "standard input" if arguments.input in (None, "-") else repr(arguments.input)
    out = sys.stdout
    with _open_input(arguments.input) as file:
        rows = csv_rows(_lines(file, arguments.follow), source)
        header = [name.strip() for name in next(rows, [])]
        time_index = _input_time_column(header, info)
        wanted = list(info["columns"])
        if step is not None:  # a model of a series with times needs each new row's time
            wanted.append(
                header[time_index] if time_index is not None else info.get("time_column") or "timestamp"
            )
        missing = [name for name in wanted if name not in header]
        if missing:
            raise ForecastInputError(
                f"{source}: the first line must be a header naming the columns {wanted}; "
                f"column {missing[0]!r} is not in {header}."
            )
        out.write("for_time,forecast\n")
        try:
            for number, row in enumerate(rows, start=2):
                if not row:
                    continue
                values = parse_rows([row], header, info["columns"], source, number)
                for_time = ""
                if step is not None:
                    where = f"{source} line {number}"
                    text = row[time_index] if time_index < len(row) else ""
                    time = read_time(text, header[time_index], where)
                    follow(last, time, step, where, previous_is)
                    last, previous_is = time, "the row before"
                    for_time = (time + step * info["horizon"]).isoformat()
                forecast = forecaster.push(values)[0]
                out.write(f"{for_time},{float(forecast)!r}\n")
                out.flush()
        except KeyboardInterrupt:  # Ctrl-C ends a --follow stream; the rows so far count
            pass
    if arguments.save_state:
        save_state(folder, info, forecaster.save_state, last.isoformat() if last else None)
    return 0


def _load(folder: Path, info: dict[str, Any], state: str) -> Forecaster:
    """The folder's model and scaler, at ``state``; a folder that does not load is one line."""
    try:
        forecaster = Forecaster(load_model(folder / MODEL), Scaler.from_json(info["scaler"]))
        forecaster.load_state(folder / state)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ForecastInputError(f"{os.fspath(folder)!r} does not load: {error}") from None
    return forecaster


def _start_time(
    folder: Path, info: dict[str, Any], start: str, step: dt.timedelta | None
) -> dt.datetime | None:
    """The last time the state ``stream`` starts from has seen (None for a series without times)."""
    if step is None:
        return None
    if start == "test":
        split = info["split"]
        return dt.datetime.fromisoformat(info["last_time"]) - step * (split["rows"] - split["validation"])
    return dt.datetime.fromisoformat(state_time(folder, info))


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


class _open_input:  # noqa: N801 - a context manager
    def __init__(self, path: str | None) -> None:
        self.path = path

    def __enter__(self) -> BinaryIO:
        if self.path in (None, "-"):
            self.file = None
            return sys.stdin.buffer
        if not os.path.isfile(self.path):
            raise ForecastInputError(f"No input file at {self.path!r}.")
        try:
            self.file = open(self.path, "rb")  # decoded line by line (series.csv_rows)
        except OSError as error:
            raise ForecastInputError(f"Cannot read {self.path!r}: {error.strerror}.") from None
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _lines(file: BinaryIO, follow: bool) -> Iterator[bytes]:
    """The file's lines; with ``follow``, then the lines appended to it, until interrupted (a
    line still being written is held back until its newline comes)."""
    pending = b""
    while True:
        pending += file.readline()
        if pending.endswith(b"\n"):
            yield pending
            pending = b""
        elif not follow:
            if pending:
                yield pending
            return
        else:
            time.sleep(0.2)


__all__ = ["fit", "stream"]
