"""Choosing the forecast on the validation part, and reporting every forecast on the test part.

Forecasts are ``{name: (n, H)}`` arrays made at n consecutive rows for the H rows after each;
``truth`` is the same shape (NaN where the truth is not known, or not to be used).

Example:
    >>> truth = np.array([[1.0], [2.0], [3.0]])
    >>> forecasts = {"model": truth + 0.1, "last_value": truth - 1}
    >>> choose(forecasts, truth)
    ('model', {'model': 0.1, 'last_value': 1.0})
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .baselines import errors


def choose(forecasts: dict[str, np.ndarray], truth: np.ndarray) -> tuple[str, dict[str, float]]:
    """The forecast with the lowest mean absolute error against ``truth`` (the validation
    part's), and every forecast's error. A naive forecast wins a tie with the model."""
    mae = {name: round(float(np.nanmean(np.abs(values - truth))), 12) for name, values in forecasts.items()}
    order = sorted(mae, key=lambda name: (mae[name], name == "model"))
    return order[0], mae


def within(truth: np.ndarray, first: int, stop: int) -> np.ndarray:
    """``truth`` of the forecasts made at rows ``first, first + 1, ...`` with the entries for
    rows at or past ``stop`` blanked (NaN): the validation part's forecasts are judged on the
    validation part alone."""
    rows = first + np.arange(truth.shape[0])[:, None] + np.arange(1, truth.shape[1] + 1)
    return np.where(rows < stop, truth, np.nan)


def scores(forecasts: dict[str, np.ndarray], truth: np.ndarray, scale: float) -> dict[str, dict[str, float]]:
    """`errors` of each forecast against ``truth``, with MASE against ``scale``."""
    return {name: errors(values, truth, scale) for name, values in forecasts.items()}


def score_lines(
    test: dict[str, dict[str, float]], validation: dict[str, float], chosen: str, target: str, horizon: int
) -> str:
    """The table ``fit`` prints: test errors of every forecast, the validation MAE that chose."""
    steps = "1 step" if horizon == 1 else f"steps 1-{horizon}"
    lines = [
        f"test errors ({target}, {steps} ahead; MASE against the training part's one-step naive):",
        f"  {'forecast':<16}{'MAE':>10}{'RMSE':>10}{'MASE':>8}{'sMAPE%':>8}{'val MAE':>10}",
    ]
    lines += [
        f"  {name:<16}{s['mae']:>10.4f}{s['rmse']:>10.4f}{s['mase']:>8.3f}{s['smape']:>8.2f}"
        f"{validation[name]:>10.4f}{'  <- chosen' if name == chosen else ''}"
        for name, s in test.items()
    ]
    lines.append(f"chosen on the validation part (lowest val MAE): {chosen}; forecast stream uses it")
    return "\n".join(lines)


def column_names(name: str, horizon: int) -> list[str]:
    """A forecast's columns in ``forecasts.csv`` and ``stream``'s output: ``name``, or
    ``name_1 ... name_H``."""
    return [name] if horizon == 1 else [f"{name}_{step}" for step in range(1, horizon + 1)]


def write_forecasts(path: Path, labels: list[str], table: dict[str, np.ndarray]) -> None:
    """``forecasts.csv``: per test row, the time of its first step ahead (``for_time``), then
    each ``(n, H)`` array of ``table`` as H columns (empty where NaN)."""
    horizon = next(iter(table.values())).shape[1]
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["for_time", *(column for name in table for column in column_names(name, horizon))])
        for row, label in enumerate(labels):
            writer.writerow(
                [
                    label,
                    *(
                        "" if np.isnan(v) else repr(float(v))
                        for values in table.values()
                        for v in values[row]
                    ),
                ]
            )


__all__ = ["choose", "column_names", "score_lines", "scores", "within", "write_forecasts"]
