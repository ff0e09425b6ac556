"""Naive forecasts to measure a model against, the errors, and the seasonal period.

Example:
    >>> y = np.sin(np.arange(200) * 2 * np.pi / 12)
    >>> detect_period(y)
    12
    >>> last_value(y, horizon=1)[:3].round(2).tolist()
    [0.0, 0.5, 0.87]
"""

from __future__ import annotations

import math

import numpy as np


def last_value(target: np.ndarray, horizon: int) -> np.ndarray:
    """The forecast made at each row for ``horizon`` rows later: the row's own value."""
    del horizon  # the same value whatever the distance
    return target.copy()


def seasonal_naive(target: np.ndarray, horizon: int, period: int) -> np.ndarray:
    """The forecast made at each row t for t + horizon: the value one whole number of periods
    before t + horizon, the latest one already seen (NaN where none is)."""
    back = period * math.ceil(horizon / period) - horizon  # rows before t
    forecasts = np.full(len(target), np.nan)
    forecasts[back:] = target[: len(target) - back]
    return forecasts


def detect_period(target: np.ndarray, longest: int = 1000) -> int | None:
    """The seasonal period of ``target``: the first peak of its autocorrelation after the first
    trough, when that peak is clearly positive (above 0.3); None otherwise."""
    centred = target - target.mean()
    variance = float(centred @ centred)
    if variance == 0:
        return None
    lags = range(1, min(longest, len(target) // 3))
    acf = np.array([float(centred[:-lag] @ centred[lag:]) / variance for lag in lags])
    for index in range(1, len(acf) - 1):
        if acf[index] < acf[index - 1] and acf[index] <= acf[index + 1]:  # first trough
            peaks = [i for i in range(index + 1, len(acf) - 1) if acf[i - 1] < acf[i] >= acf[i + 1]]
            if peaks and acf[peaks[0]] > 0.3:
                return peaks[0] + 1
            return None
    return None


def errors(forecasts: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """MAE and RMSE over the rows where both are known."""
    known = ~(np.isnan(forecasts) | np.isnan(truth))
    difference = forecasts[known] - truth[known]
    return {"mae": float(np.abs(difference).mean()), "rmse": float(np.sqrt((difference**2).mean()))}


__all__ = ["detect_period", "errors", "last_value", "seasonal_naive"]
