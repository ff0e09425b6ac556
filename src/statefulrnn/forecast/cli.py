"""The arguments of ``statefulrnn forecast fit`` and ``statefulrnn forecast stream``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .errors import ForecastInputError


def add_forecast(commands: Any) -> None:
    """Add ``forecast fit`` and ``forecast stream`` to the ``statefulrnn`` command."""
    forecast = commands.add_parser("forecast", help="train on one long series; forecast as values arrive")
    actions = forecast.add_subparsers(dest="action", required=True)

    fit = actions.add_parser("fit", help="train a stateful model on a CSV series and measure it")
    fit.add_argument(
        "data", nargs="?", metavar="DATA.csv",
        help="a CSV file with a header (default: built-in hourly Seattle temperatures, 2010, NOAA)",
    )  # fmt: skip
    fit.add_argument("--target", help="the column to forecast (required with DATA)")
    fit.add_argument("--features", nargs="+", default=[], metavar="COLUMN", help="more input columns")
    fit.add_argument(
        "--time-column", "--time", dest="time_column",
        help="the time column (default: a column named timestamp/time/date/datetime)",
    )  # fmt: skip
    fit.add_argument(
        "--horizon", type=_positive, default=1, metavar="H",
        help="forecast every row 1 ... H ahead at once (default 1)",
    )  # fmt: skip
    from_data = " (default: from the data's length and period)"
    fit.add_argument("--units", type=_positive, help="GRU units" + from_data)
    fit.add_argument("--chunk", type=_positive, help="truncated-BPTT chunk length" + from_data)
    fit.add_argument("--batch-size", type=_positive, help="parallel streams in training" + from_data)
    fit.add_argument("--epochs", type=_positive, help="most epochs" + from_data)
    fit.add_argument("--patience", type=_positive, default=4, help="early-stopping patience (default 4)")
    fit.add_argument("--period", type=_positive, help="seasonal period in rows (default: detected)")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--out", default="forecast_model", metavar="MODEL_DIR", help="(default: forecast_model)")
    fit.add_argument(
        "--replace", action="store_true", help="replace a model folder (one holding only a model's own files)"
    )
    fit.add_argument("--no-plots", action="store_true", help="skip the PNGs (no matplotlib needed)")
    fit.add_argument("--quiet", action="store_true", help="print nothing but errors")
    fit.set_defaults(run=_run("fit"))

    stream = actions.add_parser("stream", help="forecast each new row, continuing the model's state")
    stream.add_argument("model_dir", metavar="MODEL_DIR")
    stream.add_argument("--input", metavar="FILE", help="CSV rows with a header (default: standard input)")
    stream.add_argument(
        "--follow", action="store_true", help="keep reading rows appended to FILE until Ctrl-C"
    )
    stream.add_argument(
        "--from", dest="start", choices=("end", "test"), default="end",
        help="continue from the end of the data (default) or replay from the start of the test part",
    )  # fmt: skip
    stream.add_argument(
        "--save-state", action="store_true", help="store the state reached, to continue later"
    )
    stream.set_defaults(run=_run("stream"))


def _run(action: str) -> Any:
    def run(arguments: argparse.Namespace) -> int:
        from . import commands  # torch and the model code load only when a command runs

        try:
            return getattr(commands, action)(arguments)
        except ForecastInputError as error:
            print(f"statefulrnn forecast {action}: {error}", file=sys.stderr)
            return 2

    return run


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, received {text!r}")
    return value


__all__ = ["add_forecast"]
