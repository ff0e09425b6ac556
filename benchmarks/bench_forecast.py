"""How good are ``statefulrnn forecast fit``'s forecasts next to the naive ones and the classics?

Nine real series of different kinds (hourly and half-hourly, daily, weekly, monthly; seasonal,
trended, noisy), read from the packages that ship them (source and licence of each in
``SERIES`` and in the README). Each one is written to a CSV file and given to the command line
with its defaults, exactly as a user would::

    statefulrnn forecast fit FILE --target value [--time-column time] --out DIR --no-plots --quiet

(a time column only where the series steps by a constant time: the monthly series and the
trading days have none). The command splits the rows in time order (70% train, 15% validation,
15% test) and writes, in ``forecasts.csv``, its one-step-ahead forecast for every test row made
from the rows before it; this script reads them, and the split and period, from the folder.

Beside it, on the same test rows, one step ahead:

- last value: the value of the row before;
- seasonal naive: the value one period before (the period the command found or was given;
  "-" where none was found);
- statsforecast's ``AutoETS``, ``AutoARIMA`` and ``AutoTheta`` with ``season_length`` = that
  period (1 where none), their model and parameters chosen and fitted once on every row before
  the test part (train and validation: the rows the command trains and stops on). Then, with no
  refit: ETS and ARIMA run their fitted state-space model over the whole series
  (``forward(y, fitted=True)``) and their in-sample one-step predictions on the test rows are
  the forecasts (each made from the rows before it only: parameters and initial states stay as
  fitted). Theta's ``forward`` re-decomposes the season from the data it is given, so it is run
  on the data up to each test row in turn (``forward(y[:t + 1], h=1)``), never seeing a later row.
  statsforecast's ETS has no seasonal models for periods above 24; ARIMA and Theta take any.
  A classic still running after ``--limit`` seconds on a series is stopped and shown as "-"
  (a seasonal ARIMA with a period of 48 or more can search for hours).

The error is MASE: the mean absolute error on the test rows over the mean absolute error of the
seasonal naive forecast (last value where no period) on the training part, in sample; below 1
beats that naive forecast's training error. The summary is the geometric mean over the series.
Fit time: the command's wall time (a fresh process: imports included, training, the test
forecasts, the folder written); the classics': fit plus the test forecasts. One thread each.

Run (the classics and the series come from a benchmark-only extra; a separate environment keeps
the library's own pins untouched)::

    python -m venv .venv-forecast --system-site-packages
    .venv-forecast/bin/pip install -e ".[bench-forecast]"
    .venv-forecast/bin/python benchmarks/bench_forecast.py --markdown
    .venv-forecast/bin/python benchmarks/bench_forecast.py --series co2_weekly elnino_monthly
    .venv-forecast/bin/python benchmarks/bench_forecast.py --markdown --table a.json b.json  # runs' --json
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import multiprocessing
import os
import platform
import queue
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parent.parent
CLASSICS = ("AutoETS", "AutoARIMA", "AutoTheta")


@dataclass(frozen=True)
class Data:
    values: np.ndarray
    times: list[str] | None  # ISO 8601, one constant step apart; None: no time column


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    origin: str  # where the values come from, and under which licence
    load: Callable[[], Data]


def _seattle_hourly() -> Data:
    path = REPOSITORY / "src/statefulrnn/forecast/data/seattle_hourly_temperature_2010.csv"
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    return Data(np.array([float(row["temperature_f"]) for row in rows]), [row["timestamp"] for row in rows])


def _vega(file: str, column: str, frequency: str) -> Data:
    import pandas as pd
    import vega_datasets

    frame = pd.read_csv(Path(vega_datasets.__file__).parent / "_data" / file)
    values = pd.Series(frame[column].to_numpy(float), index=pd.to_datetime(frame["date"]))
    # sf-temps lacks the hour that daylight saving time skips: filled from its neighbours.
    values = values.asfreq(frequency).interpolate()
    return Data(values.to_numpy(), [stamp.isoformat() for stamp in values.index])


def _taylor() -> Data:
    from pmdarima.datasets import load_taylor

    values = load_taylor()
    start = np.datetime64("2000-06-05T00:00")  # Monday 5 June 2000, half-hourly (R's forecast::taylor)
    stamps = start + np.arange(len(values)) * np.timedelta64(30, "m")
    return Data(values, [str(stamp) for stamp in stamps.astype("datetime64[s]")])


def _msft() -> Data:
    from pmdarima.datasets import load_msft

    return Data(load_msft()["Close"].to_numpy(float), None)  # trading days: no constant step


def _co2() -> Data:
    import statsmodels.api as sm

    data = sm.datasets.co2.load_pandas().data["co2"]
    values = data.interpolate()  # 59 of 2284 weeks are missing: filled linearly
    return Data(values.to_numpy(), [stamp.isoformat() for stamp in values.index])


def _elnino() -> Data:
    import statsmodels.api as sm

    data = sm.datasets.elnino.load_pandas().data
    return Data(data.drop(columns="YEAR").to_numpy(float).ravel(), None)  # months: no constant step


def _sunspots() -> Data:
    from pmdarima.datasets import load_sunspots

    return Data(load_sunspots(), None)


NOAA = "NOAA, public domain, via vega_datasets 0.9.0 (MIT)"
SERIES = [
    Source("seattle_hourly", "hourly temperature (built-in)", NOAA, _seattle_hourly),
    Source("sf_hourly", "hourly temperature", NOAA, lambda: _vega("sf-temps.csv", "temp", "h")),
    Source(
        "taylor_halfhourly",
        "half-hourly electricity demand",
        "J. W. Taylor (2003), R package forecast (GPL-3), via pmdarima (MIT)",
        _taylor,
    ),
    Source(
        "seattle_daily_max",
        "daily maximum temperature",
        NOAA,
        lambda: _vega("seattle-weather.csv", "temp_max", "D"),
    ),
    Source(
        "seattle_daily_wind",
        "daily wind speed, noisy",
        NOAA,
        lambda: _vega("seattle-weather.csv", "wind", "D"),
    ),
    Source(
        "msft_daily",
        "daily stock close, trended",
        "Kaggle 'Huge Stock Market Dataset' (licence not restated by pmdarima), via pmdarima (MIT)",
        _msft,
    ),
    Source(
        "co2_weekly",
        "weekly CO2 at Mauna Loa, trended and seasonal",
        "C. D. Keeling and T. P. Whorf, Scripps (CDIAC), public domain, via statsmodels (BSD-3)",
        _co2,
    ),
    Source(
        "elnino_monthly",
        "monthly sea surface temperature",
        "NOAA ERSST.V3B Nino 1+2, public domain, via statsmodels (BSD-3)",
        _elnino,
    ),
    Source(
        "sunspots_monthly",
        "monthly sunspot numbers, noisy",
        "R datasets::sunspots (GPL-2 | GPL-3), via pmdarima (MIT)",
        _sunspots,
    ),
]


def write_csv(data: Data, path: Path) -> list[str]:
    """The series as CSV; the command-line arguments that name its columns."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        if data.times is None:
            writer.writerow(["value"])
            writer.writerows([repr(float(value))] for value in data.values)
            return ["--target", "value"]
        writer.writerow(["time", "value"])
        writer.writerows([stamp, repr(float(value))] for stamp, value in zip(data.times, data.values))
        return ["--target", "value", "--time-column", "time"]


def run_cli(
    path: Path, columns: list[str], out: Path, source: Path, threads: int
) -> tuple[float, dict, dict]:
    """Fit with the command's defaults; (wall seconds, forecast.json, forecasts.csv by column)."""
    command = [sys.executable, "-m", "statefulrnn.cli", "forecast", "fit", str(path), *columns]
    command += ["--out", str(out), "--no-plots", "--quiet"]
    environment = {**os.environ, "PYTHONPATH": str(source), "OMP_NUM_THREADS": str(threads)}
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"forecast fit failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    info = json.loads((out / "forecast.json").read_text())
    with open(out / "forecasts.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    table = {name: np.array([float(row[name]) if row[name] else np.nan for row in rows]) for name in rows[0]
             if name != "for_time"}  # fmt: skip
    return seconds, info, table


def classic(name: str, y: np.ndarray, fitted_rows: int, period: int) -> tuple[np.ndarray, float]:
    """One-step forecasts of ``y[fitted_rows + 1:]`` by statsforecast's ``name`` fitted on
    ``y[:fitted_rows]`` (see the module's docstring); and the seconds taken."""
    import statsforecast.models

    start = time.perf_counter()
    model = getattr(statsforecast.models, name)(season_length=period).fit(y[:fitted_rows])
    if name == "AutoTheta":
        forecasts = np.array(
            [model.forward(y[: t + 1], h=1)["mean"][0] for t in range(fitted_rows, len(y) - 1)]
        )
    else:
        forecasts = model.forward(y, h=1, fitted=True)["fitted"][fitted_rows + 1 :]
    return forecasts, time.perf_counter() - start


def classic_within(name: str, y: np.ndarray, fitted_rows: int, period: int, limit: float) -> tuple | None:
    """`classic` in a forked process, stopped after ``limit`` seconds (None then): a seasonal
    ARIMA with a long period can search for hours."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    worker = context.Process(target=lambda: results.put(classic(name, y, fitted_rows, period)))
    worker.start()
    try:
        return results.get(timeout=limit)
    except queue.Empty:
        return None
    finally:
        worker.kill()
        worker.join()


def warm_up() -> None:
    """Compile the classics' numba code before any clock runs."""
    y = 10 + np.sin(np.arange(120) * 2 * np.pi / 12) + np.random.default_rng(0).normal(0, 0.1, 120)
    for name in CLASSICS:
        classic(name, y, 100, 12)


def mase(forecasts: np.ndarray, truth: np.ndarray, y_train: np.ndarray, period: int) -> float:
    scale = np.mean(np.abs(y_train[period:] - y_train[:-period]))
    return float(np.mean(np.abs(forecasts - truth)) / scale)


def evaluate(source: Source, folder: Path, cli_source: Path, threads: int, limit: float) -> dict:
    data = source.load()
    y = np.asarray(data.values, dtype=float)
    path = folder / f"{source.name}.csv"
    seconds, info, table = run_cli(path, write_csv(data, path), folder / source.name, cli_source, threads)
    split = info["split"]
    train, fitted_rows, rows = split["train"], split["validation"], split["rows"]
    period = info.get("period") or None
    truth = y[fitted_rows + 1 :]  # the test rows, each forecast from the row before
    if not np.allclose(table["truth"][:-1], truth) or rows != len(y):
        raise RuntimeError(f"{source.name}: forecasts.csv is not one step ahead over the test part")
    scale_period = period or 1
    errors = {"model": mase(table["model"][:-1], truth, y[:train], scale_period)}
    # The forecast `stream` uses, chosen on the validation part, where the command makes a choice.
    chosen = info.get("choice")
    if "forecast" in table:
        errors["chosen"] = mase(table["forecast"][:-1], truth, y[:train], scale_period)
    errors["last_value"] = mase(y[fitted_rows:-1], truth, y[:train], scale_period)
    if period:
        errors["seasonal_naive"] = mase(y[fitted_rows + 1 - period : -period], truth, y[:train], scale_period)
    times: dict[str, float | None] = {"model": seconds}
    for name in CLASSICS:
        done = classic_within(name, y, fitted_rows, scale_period, limit)
        times[name] = None if done is None else done[1]
        if done is not None:
            errors[name] = mase(done[0], truth, y[:train], scale_period)
    return {"series": source.name, "kind": source.kind, "rows": rows, "period": period, "mase": errors,
            "seconds": times, "limit": limit, "chosen": chosen}  # fmt: skip


COLUMNS = ("model", "chosen", "last_value", "seasonal_naive", *CLASSICS)


def table_lines(results: list[dict], markdown: bool) -> list[str]:
    shown = [
        name for name in COLUMNS if name in CLASSICS or any(name in result["mase"] for result in results)
    ]
    header = ["series", "rows", "period", *shown, "fit s: model / ETS / ARIMA / Theta"]
    body = []
    for result in results:
        best = round(min(result["mase"].values()), 3)
        cells = []
        for name in shown:
            value = result["mase"].get(name)
            cell = "-" if value is None else f"{value:.3f}"
            cell = f"**{cell}**" if markdown and value is not None and round(value, 3) == best else cell
            cells.append(f"{cell} ({result['chosen']})" if name == "chosen" else cell)
        seconds = " / ".join(
            f">{result['limit']:.0f}" if result["seconds"][name] is None else f"{result['seconds'][name]:.0f}"
            for name in ("model", *CLASSICS)
        )
        body.append([result["series"], str(result["rows"]), str(result["period"] or "-"), *cells, seconds])
    means = []
    for name in shown:
        values = [result["mase"][name] for result in results if name in result["mase"]]
        complete = len(values) == len(results)
        means.append(f"{math.exp(np.mean(np.log(values))):.3f}" if complete else "-")
    body.append(["geometric mean", "", "", *means, ""])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return lines + ["| " + " | ".join(row) + " |" for row in body]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in [header, *body]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--series", nargs="+", choices=[source.name for source in SERIES], help="(default: all)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for the README)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads of each fit (default 1)")
    parser.add_argument(
        "--source", type=Path, default=REPOSITORY / "src", help="the statefulrnn to run (src)"
    )
    parser.add_argument(
        "--limit", type=float, default=1800, help="seconds a classic may take on one series (default 1800)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--table", type=Path, nargs="+", metavar="JSON", help="only print the table of earlier --json results"
    )
    arguments = parser.parse_args()
    if arguments.table:
        results = [result for path in arguments.table for result in json.loads(path.read_text())]
        print("\n".join(table_lines(results, arguments.markdown)))
        return
    os.environ["OMP_NUM_THREADS"] = str(arguments.threads)  # read by numba's and numpy's pools
    versions = {name: metadata.version(name) for name in ("statsforecast", "numpy", "torch")}
    print(f"python {platform.python_version()}, {versions}, {arguments.threads} thread(s), "
          f"statefulrnn from {arguments.source}", flush=True)  # fmt: skip
    warm_up()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for source in SERIES:
            if arguments.series and source.name not in arguments.series:
                continue
            print(f"{source.name}: {source.kind}; {source.origin}", flush=True)
            result = evaluate(source, Path(folder), arguments.source, arguments.threads, arguments.limit)
            results.append(result)
            print(f"{source.name}: {json.dumps(result['mase'])}", flush=True)
            if arguments.json:  # after each series: a long run stopped early keeps what it did
                arguments.json.write_text(json.dumps(results, indent=1))
    print("\nMASE (test part, one step ahead; scale: in-sample seasonal naive of the training part)")
    print("\n".join(table_lines(results, arguments.markdown)))


if __name__ == "__main__":
    main()
