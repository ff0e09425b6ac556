"""``statefulrnn forecast fit`` and ``statefulrnn forecast stream``.

``fit`` reads one series (a CSV file, or the built-in hourly Seattle temperatures), splits it in
time order (70% train, 15% validation, 15% test), finds its period, picks the training sizes
the options leave open (`sizes`), and trains a stateful GRU with truncated BPTT and early
stopping (`training`) to correct a naive forecast from level-free inputs (`inputs`), for every
step 1 ... ``--horizon`` at once. It then reads the whole series once more at batch 1: through
the validation part in one call, and through the test part one row at a time, as ``stream``
will. The validation part chooses between the model, the last value and the seasonal naive
forecast (`evaluation.choose`); ``fit`` prints all of them on the test part, says which one
``stream`` uses, and writes the model folder (`folder`).

``stream`` continues from the state at the end of the data (or, ``--from test``, from the
start of the test part), reads new rows as CSV (a header, then one row per line, from standard
input or a file, ``--follow`` to wait for a growing file), and writes each forecast as soon as
its row is read. ``--save-state`` stores the state reached, so the next ``stream`` continues
from there. Each output row holds the time of its first step ahead and the chosen forecast for
every step. Streaming the test part with ``--from test`` writes exactly the ``forecast``
columns of ``forecasts.csv``.

Both commands read UTF-8 (a byte-order mark is dropped) and hold a time column to the same rule
(`times.follow`): ``fit`` within its file, ``stream`` from the last time the state has seen on.
"""

from __future__ import annotations

import argparse
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
from .evaluation import choose, column_names, score_lines, scores, within, write_forecasts
from .folder import (
    CURVES,
    FORECASTS,
    INFO,
    MODEL,
    STATE,
    STATE_TIMES,
    TEST_PLOT,
    TEST_START,
    digest,
    read_info,
    read_step,
    save_state,
    state_time,
    step_fields,
    write_info,
)
from .forecaster import Forecaster
from .inputs import Inputs
from .replace import building, check_target, recover
from .series import Series, csv_rows, default_series, parse_rows, read_series
from .sizes import default_sizes
from .times import TIME_NAMES, Step, advance, follow, read_time
from .training import Settings, Split, train

SPLIT_TEXT = "70% train, 15% validation, 15% test"


def fit(arguments: argparse.Namespace) -> int:
    """Train, choose, evaluate, write the folder; returns the exit status."""
    if arguments.data is None:
        series = default_series()
    else:
        if arguments.target is None:
            raise ForecastInputError("forecast fit DATA.csv needs --target COLUMN (the column to forecast).")
        series = read_series(arguments.data, arguments.target, arguments.features, arguments.time_column)
    check_target(Path(arguments.out), arguments.replace)
    split = Split.of(len(series.values))
    if not arguments.no_plots:
        plots.check_available()
    target, horizon = series.target, arguments.horizon
    period = arguments.period or baselines.detect_period(target[: split.train])
    settings = _settings(arguments, split, period)
    _check_rows(series, split, settings, period)
    say = (lambda text: None) if arguments.quiet else print
    say(
        f"{series.source}: {len(target)} rows of {series.columns}; {SPLIT_TEXT}; "
        f"period: {period or 'none found'}; GRU({settings.units}), chunks of {settings.chunk}, "
        f"batch {settings.batch_size}, at most {settings.epochs} epochs"
    )
    times = series.times
    inputs = Inputs.fit(
        target[: split.train],
        series.values[: split.train, 1:],
        times[: split.train] if times else None,
        series.step,
        horizon,
        period,
    )
    back = inputs.back
    model, history = train(
        inputs.columns(target, series.values[back:, 1:], times[back:] if times else None, back),
        inputs.targets(target, back),
        Split(split.train - back, split.validation - back, split.rows - back),
        settings,
        verbose=0 if arguments.quiet else "auto",
        progress=say,
    )
    truth = baselines.ahead(target, horizon)
    with building(Path(arguments.out), arguments.replace) as folder:
        forecaster = Forecaster(model, inputs, target[:back])
        forecaster.push(*_rows(series, back, split.train))
        validation = forecaster.push(*_rows(series, split.train, split.validation))
        chosen, validation_mae = choose(
            validation, within(truth[split.train : split.validation], split.train, split.validation)
        )
        forecaster.save_state(folder / TEST_START)
        pushed = [
            forecaster.push(*_rows(series, row, row + 1)) for row in range(split.validation, split.rows)
        ]
        forecaster.save_state(folder / STATE)
        test = {name: np.concatenate([one[name] for one in pushed]) for name in validation}
        test_truth = truth[split.validation :]
        mase_scale = baselines.mase_scale(target[: split.train], period)
        test_errors = scores(test, test_truth, mase_scale)
        say(score_lines(test_errors, validation_mae, chosen, series.columns[0], horizon))
        model.save(folder / MODEL)
        labels = [_label(series, row + 1) for row in range(split.validation, split.rows)]
        write_forecasts(folder / FORECASTS, labels, {"truth": test_truth, "forecast": test[chosen], **test})
        if not arguments.no_plots:
            plots.learning_curves(history, folder / CURVES)
            plots.test_forecast(
                labels, test_truth, test, chosen, inputs.base, series.columns[0], folder / TEST_PLOT,
                detail=min(len(labels), 7 * (period or 24)),
            )  # fmt: skip
        write_info(
            folder,
            {
                "source": series.source,
                "columns": series.columns,
                "time_column": series.time_column,
                "horizon": horizon,
                "period": period,
                "inputs": inputs.to_json(),
                "choice": chosen,
                "split": {"train": split.train, "validation": split.validation, "rows": split.rows},
                **step_fields(series.step),
                "last_time": times[-1].isoformat() if times else None,
                "settings": vars(settings),
                "epochs_run": len(history["loss"]),
                "validation_mae": validation_mae,
                "mase_scale": mase_scale,
                "test_errors": test_errors,
                STATE_TIMES: {digest(folder / STATE): times[-1].isoformat()} if times else {},
            },
        )
    say(f"wrote {arguments.out}/")
    return 0


def _settings(arguments: argparse.Namespace, split: Split, period: int | None) -> Settings:
    """The sizes given, the others chosen from the data (`default_sizes`)."""
    sizes = default_sizes(split.train - (period or 1) - arguments.horizon, period)
    given = {name: getattr(arguments, name) for name in sizes if getattr(arguments, name) is not None}
    return Settings(
        horizon=arguments.horizon, patience=arguments.patience, seed=arguments.seed, **{**sizes, **given}
    )


def _rows(series: Series, first: int, stop: int) -> tuple[np.ndarray, list[dt.datetime] | None]:
    """Rows ``first:stop`` of ``series`` as `Forecaster.push` takes them."""
    return series.values[first:stop], series.times[first:stop] if series.times else None


def stream(arguments: argparse.Namespace) -> int:
    """Forecast row by row from standard input or a file; returns the exit status."""
    folder = Path(arguments.model_dir)
    recover(folder)
    info = read_info(folder)
    forecaster = _load(folder, info, TEST_START if arguments.start == "test" else STATE)
    step = read_step(info)
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
        out.write(",".join(["for_time", *column_names("forecast", info["horizon"])]) + "\n")
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
                    for_time = advance(time, step).isoformat()
                forecasts = forecaster.push(values, [time] if step is not None else None)[info["choice"]][0]
                out.write(",".join([for_time, *(repr(float(value)) for value in forecasts)]) + "\n")
                out.flush()
        except KeyboardInterrupt:  # Ctrl-C ends a --follow stream; the rows so far count
            pass
    if arguments.save_state:
        save_state(folder, info, forecaster.save_state, last.isoformat() if last else None)
    return 0


def _load(folder: Path, info: dict[str, Any], state: str) -> Forecaster:
    """The folder's model and inputs, at ``state``; a folder that does not load is one line."""
    try:
        inputs = Inputs.from_json(info["inputs"])
        if info["choice"] not in ("model", *baselines.naive_forecasts(np.zeros(1), 1, inputs.period)):
            raise ValueError(f"the chosen forecast {info['choice']!r} is not one this model makes")
        model = load_model(folder / MODEL).with_batch_size(1)
        shape = (getattr(model, "declared_input_shape", None) or (None,))[-1], model.layers[-1].units
        if shape != (inputs.size, inputs.horizon):
            raise ValueError(
                f"{MODEL} maps {shape[0]} inputs to {shape[1]} outputs, but {INFO} describes "
                f"{inputs.size} inputs and {inputs.horizon} steps"
            )
        forecaster = Forecaster(model, inputs, np.zeros(inputs.back))
        forecaster.load_state(folder / state)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ForecastInputError(f"{os.fspath(folder)!r} does not load: {error}") from None
    return forecaster


def _start_time(folder: Path, info: dict[str, Any], start: str, step: Step | None) -> dt.datetime | None:
    """The last time the state ``stream`` starts from has seen (None for a series without times)."""
    if step is None:
        return None
    if start == "test":
        split = info["split"]
        last = dt.datetime.fromisoformat(info["last_time"])
        return advance(last, step, split["validation"] - split["rows"])
    return dt.datetime.fromisoformat(state_time(folder, info))


def _check_rows(series: Series, split: Split, settings: Settings, period: int | None) -> None:
    needed_train = settings.batch_size * settings.chunk + settings.horizon + (period or 1)
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


def _label(series: Series, row: int) -> str:
    if series.times is None:
        return str(row)
    return (
        advance(series.times[0], series.step, row).isoformat()
        if series.step
        else series.times[row].isoformat()
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
