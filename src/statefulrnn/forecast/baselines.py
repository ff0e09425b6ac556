"""Naive forecasts to measure a model against (and to start it from), the errors, and the
seasonal period.

Forecasts are ``(T, H)``: row t holds the forecasts made at t for t + 1 ... t + H.

Example:
    >>> y = np.sin(np.arange(200) * 2 * np.pi / 12)
    >>> detect_period(y)
    12
    >>> naive = naive_forecasts(y, horizon=2, period=12)
    >>> naive["last_value"][1].round(2).tolist(), naive["seasonal_naive"][12].round(2).tolist()
    ([0.5, 0.5], [0.5, 0.87])
"""

from __future__ import annotations

import math

import numpy as np

NAIVE = ("last_value", "seasonal_naive")


def seasonal_back(step: int, period: int) -> int:
    """How many rows before t lies the value the seasonal naive forecast made at t gives for
    t + ``step``: the latest one a whole number of periods before t + ``step``."""
    return period * math.ceil(step / period) - step


def naive_forecasts(target: np.ndarray, horizon: int, period: int | None) -> dict[str, np.ndarray]:
    """The naive forecasts made at every row of ``target (T,)`` for the ``horizon`` rows after
    it, ``(T, horizon)`` each: ``last_value``, and ``seasonal_naive`` when there is a period
    (NaN where the value it needs lies before the first row)."""
    forecasts = {"last_value": np.repeat(target[:, None], horizon, axis=1)}
    if period:
        backs = [seasonal_back(step, period) for step in range(1, horizon + 1)]
        rows = np.arange(len(target))[:, None] - backs
        forecasts["seasonal_naive"] = np.where(rows >= 0, target[np.maximum(rows, 0)], np.nan)
    return forecasts


def ahead(target: np.ndarray, horizon: int) -> np.ndarray:
    """The truth the forecasts of `naive_forecasts` are measured against: row t holds
    ``target[t + 1 : t + 1 + horizon]``, NaN past the end, ``(T, horizon)``."""
    rows = np.arange(len(target))[:, None] + np.arange(1, horizon + 1)
    return np.where(rows < len(target), target[np.minimum(rows, len(target) - 1)], np.nan)


def detect_period(target: np.ndarray, longest: int = 1000) -> int | None:
    """The seasonal period of ``target``: the first peak of the autocorrelation of its
    deviations from a straight line (so that a trend hides no season) after the first trough,
    when that peak is clearly positive (above 0.3); None otherwise."""
    rows = np.arange(len(target))
    centred = target - np.polyval(np.polyfit(rows, target, 1), rows) if len(target) > 1 else target * 0
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


def mase_scale(target: np.ndarray, period: int | None) -> float:
    """The denominator of MASE: the mean absolute error of the one-step seasonal naive forecast
    (the last value without a period) over ``target`` (the training part); 1 if that is 0."""
    lag = period or 1
    scale = float(np.abs(target[lag:] - target[:-lag]).mean()) if len(target) > lag else 0.0
    return scale if scale > 0 else 1.0


def errors(forecasts: np.ndarray, truth: np.ndarray, scale: float) -> dict[str, float]:
    """MAE, RMSE, MASE (the MAE over ``scale``, from `mase_scale`) and sMAPE (in percent) over
    the entries where both are known; any shapes that match.

    Example:
        >>> errors(np.array([1.0, 2.0, np.nan]), np.array([2.0, 2.0, 5.0]), scale=0.5)
        {'mae': 0.5, 'rmse': 0.7071067811865476, 'mase': 1.0, 'smape': 33.33333333333333}
    """
    known = ~(np.isnan(forecasts) | np.isnan(truth))
    forecast, true = forecasts[known], truth[known]
    difference = np.abs(forecast - true)
    size = np.abs(forecast) + np.abs(true)
    ratios = np.divide(2 * difference, size, out=np.zeros_like(difference), where=size > 0)
    mae = float(difference.mean())
    return {
        "mae": mae,
        "rmse": float(np.sqrt((difference**2).mean())),
        "mase": mae / scale,
        "smape": float(100 * ratios.mean()),
    }


__all__ = ["NAIVE", "ahead", "detect_period", "errors", "mase_scale", "naive_forecasts", "seasonal_back"]
