"""Train a stateful GRU on real, ragged series: ten monthly stock prices of different lengths.

The data is ``Stocks.csv`` from matplotlib's sample data (monthly closing prices, 1990-2022, of
IBM, AAPL, MSFT, XRX, AMZN, DELL, GOOGL, ADBE, the S&P 500 and the Nasdaq; source: Yahoo
Finance, as matplotlib's sample-data README says). The series start at different dates, so
they have different lengths (71 to 391 months): the case `SequenceBatcher` is for. It packs
them into ``batch_size`` rows, each row running its series back to back with a state reset
where a new one starts, and cuts the rows into chunks of ``chunk_length`` months for truncated
BPTT. Monthly returns themselves are close to unpredictable, but their size is not (calm and
turbulent months come in runs), so the model reads each month's log return and predicts the
size of the next one, ``|r[t+1]|``. The last 24 months of every series are held out and
scored against the constant forecast "the average size in training".

Run: ``python examples/ragged_stocks.py`` (``EPOCHS=3`` for a quick run).
"""

from __future__ import annotations

import csv
import os

import numpy as np
from matplotlib import cbook

from statefulrnn import GRU, Dense, Sequential, optimizers
from statefulrnn.data import SequenceBatcher

HELD_OUT = 24  # months at the end of every series, never trained on
BATCH, CHUNK = 4, 12


def monthly_log_returns() -> dict[str, np.ndarray]:
    """Each ticker's monthly log returns ``(T_i, 1)``, from its first listed month on."""
    with open(cbook.get_sample_data("Stocks.csv", asfileobj=False)) as handle:
        rows = list(csv.reader(handle))
    header, data = rows[1], rows[2:]  # the first line is a source comment
    series = {}
    for column, ticker in enumerate(header[1:], start=1):
        prices = np.array([float(row[column]) for row in data if row[column]], dtype=np.float64)
        series[ticker] = np.diff(np.log(prices))[:, None].astype(np.float32)
    return series


def main() -> None:
    series = monthly_log_returns()
    scale = np.concatenate([s[:-HELD_OUT] for s in series.values()]).std()  # training part only
    inputs = {ticker: s[:-1] / scale for ticker, s in series.items()}  # r[t]
    targets = {ticker: np.abs(s[1:]) / scale for ticker, s in series.items()}  # |r[t+1]|
    train = SequenceBatcher(
        [s[:-HELD_OUT] for s in inputs.values()], BATCH, CHUNK,
        targets=[t[:-HELD_OUT] for t in targets.values()], shuffle=True, seed=0,
    )  # fmt: skip
    print(f"{len(series)} series, {sum(len(s) for s in series.values())} months; {train}")

    model = Sequential(
        [
            GRU(16, stateful=True, return_sequences=True, batch_input_shape=(BATCH, None, 1)),
            Dense(1),
        ]
    )
    model.compile(optimizer=optimizers.Adam(learning_rate=3e-3), loss="mse")
    model.fit(train, epochs=int(os.environ.get("EPOCHS", 10)), verbose=2)

    # Predict every series whole (its state carried month to month), score the held-out months.
    predictions = model.predict(SequenceBatcher(list(inputs.values()), BATCH, CHUNK), verbose=0)
    constant = np.concatenate([t[:-HELD_OUT] for t in targets.values()]).mean()
    model_errors, constant_errors = [], []
    for (ticker, truth), predicted in zip(targets.items(), predictions):
        model_errors.append(((predicted[-HELD_OUT:] - truth[-HELD_OUT:]) ** 2).mean())
        constant_errors.append(((constant - truth[-HELD_OUT:]) ** 2).mean())
        print(f"{ticker:>6}: model MSE {model_errors[-1]:.3f}, constant MSE {constant_errors[-1]:.3f}")
    print(f"held-out MSE: model {np.mean(model_errors):.3f}, constant {np.mean(constant_errors):.3f}")


if __name__ == "__main__":
    main()
