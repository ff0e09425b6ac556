"""What the network reads, and what it learns: a correction to a naive forecast, from inputs
that carry no level.

The forecast made at row t for t + h (h = 1 ... H) is ``base[t, h] + error_scale[h] * c[t, h]``,
where ``base`` is the last value or the seasonal naive forecast (whichever errs less on the
training part) and ``c`` the network's output. The network's last layer starts at zero, so an
untrained network gives the base; the validation part later decides whether the trained one
does better (`commands`).

Its inputs at row t are changes, never levels: ``y[t] - y[t-1]``; with a period P, also
``y[t] - y[t-P]`` and, for each step h, the seasonal naive forecast's change from the last
value (``y[t+h-P] - y[t]`` for h <= P: the lagged seasonal values). Each is divided by its
root mean square over the training part, so the inputs are scale-free too: a series whose test
part lies above anything seen in training reads like the training part did. Further columns
(``--features``) come standardised with the training part's mean and deviation, and calendar
cycles (`calendar`) as sines and cosines.

A row's inputs need the ``back`` rows before it (the lag buffer `Forecaster` carries in its
state). Every function takes the series with that history in front (``e``) and the index
``start`` of the first row to compute.

Example:
    >>> y = 100 + np.arange(400.0) + 5 * np.sin(np.arange(400) * 2 * np.pi / 12)
    >>> inputs = Inputs.fit(y, np.zeros((400, 0)), None, None, horizon=2, period=12)
    >>> inputs.base, inputs.size, inputs.back
    ('last_value', 4, 12)
    >>> columns = inputs.columns(y, np.zeros((388, 0)), None, start=12)
    >>> columns.shape, bool((inputs.columns(y + 1000, np.zeros((388, 0)), None, 12) == columns).all())
    ((388, 4), True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from .baselines import NAIVE, ahead, naive_forecasts
from .calendar import CYCLES, calendar_columns, calendar_kinds


@dataclass(frozen=True)
class Inputs:
    """How rows become the network's inputs and its outputs become forecasts (fitted on the
    training part by `Inputs.fit`)."""

    horizon: int
    period: int | None
    base: str  # the naive forecast the network corrects: "last_value" or "seasonal_naive"
    change_scales: tuple[float, ...]  # root mean square of each change column, training part
    error_scales: tuple[float, ...]  # root mean square of the base's error at each step
    feature_mean: tuple[float, ...]
    feature_std: tuple[float, ...]
    calendar: tuple[str, ...]

    @property
    def back(self) -> int:
        """Rows before a row that its inputs read."""
        return self.period or 1

    @property
    def size(self) -> int:
        """Input columns per row."""
        return len(self.change_scales) + len(self.feature_mean) + 2 * len(self.calendar)

    @classmethod
    def fit(
        cls,
        target: np.ndarray,
        features: np.ndarray,
        times: Sequence[dt.datetime] | None,
        step: dt.timedelta | None,
        horizon: int,
        period: int | None,
    ) -> Inputs:
        """Scales, base and calendar from the training part: ``target (T,)``, ``features
        (T, F)`` and ``times`` (T times or None) stepping by ``step``."""
        back = period or 1
        naive = naive_forecasts(target, horizon, period)
        truth = ahead(target, horizon)
        rows = slice(back, len(target) - horizon)  # every value known
        mae = {name: float(np.abs(naive[name][rows] - truth[rows]).mean()) for name in naive}
        base = min(naive, key=mae.__getitem__)  # the last value on a tie (it comes first)
        std = features.std(axis=0)
        span = times[-1] - times[0] if times else dt.timedelta(0)
        return cls(
            horizon,
            period,
            base,
            _rms(_changes(target, back, horizon, period)),
            _rms(truth[rows] - naive[base][rows]),
            tuple(features.mean(axis=0).tolist()),
            tuple(np.where(std > 0, std, 1.0).tolist()),
            calendar_kinds(step, span),
        )

    def columns(
        self, e: np.ndarray, features: np.ndarray, times: Sequence[dt.datetime] | None, start: int
    ) -> np.ndarray:
        """The inputs of rows ``start:`` of target ``e (T,)`` (``start >= back``), with those
        rows' ``features (T - start, F)`` and ``times``: ``(T - start, size)`` float32."""
        changes = _changes(e, start, self.horizon, self.period) / self.change_scales
        scaled = (features - self.feature_mean) / self.feature_std
        calendar = calendar_columns(times, self.calendar) if self.calendar else np.zeros((len(changes), 0))
        return np.hstack([changes, scaled, calendar]).astype(np.float32)

    def naive(self, e: np.ndarray, start: int) -> dict[str, np.ndarray]:
        """The naive forecasts made at rows ``start:`` of ``e``, ``(T - start, H)`` each."""
        return {
            name: values[start:] for name, values in naive_forecasts(e, self.horizon, self.period).items()
        }

    def targets(self, e: np.ndarray, start: int) -> np.ndarray:
        """What the network should output at rows ``start:`` of ``e``: ``(T - start, H)``
        (NaN where the truth lies past the end)."""
        return (ahead(e, self.horizon)[start:] - self.naive(e, start)[self.base]) / self.error_scales

    def forecasts(self, naive: dict[str, np.ndarray], outputs: np.ndarray) -> np.ndarray:
        """The model's forecasts ``(n, H)`` from its ``outputs (n, H)`` and `naive`'s forecasts."""
        return naive[self.base] + outputs.astype(np.float64) * self.error_scales

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Inputs:
        """The `to_json` record, checked.

        Raises:
            ValueError: it is not one (the message names what is wrong).
        """
        if not isinstance(data, dict) or set(data) != {field for field in cls.__dataclass_fields__}:
            raise ValueError(f"'inputs' is {str(data)[:80]}, not a record of the model's inputs")
        horizon, period = data["horizon"], data["period"]
        numbers = ("change_scales", "error_scales", "feature_mean", "feature_std")
        if not (
            _whole(horizon)
            and (period is None or _whole(period))
            and data["base"] in NAIVE
            and (data["base"] == "last_value" or period)
            and all(_finite_list(data[key]) for key in numbers)
            and len(data["error_scales"]) == horizon
            and len(data["change_scales"]) == (2 + horizon if period else 1)
            and len(data["feature_mean"]) == len(data["feature_std"])
            and isinstance(data["calendar"], list)
            and all(kind in CYCLES for kind in data["calendar"])
        ):
            raise ValueError(f"'inputs' is damaged: {str(data)[:200]}")
        return cls(**{key: tuple(value) if isinstance(value, list) else value for key, value in data.items()})


def _changes(e: np.ndarray, start: int, horizon: int, period: int | None) -> np.ndarray:
    """The unscaled change columns of rows ``start:`` of ``e``: 1, or 2 + ``horizon`` with a period."""
    last = e[start:, None]
    columns = [last - e[start - 1 : -1, None]]
    if period:
        columns.append(last - e[start - period : len(e) - period, None])
        columns.append(naive_forecasts(e, horizon, period)["seasonal_naive"][start:] - last)
    return np.hstack(columns)


def _rms(columns: np.ndarray) -> tuple[float, ...]:
    rms = np.sqrt(np.mean(columns**2, axis=0))
    return tuple(np.where(rms > 0, rms, 1.0).tolist())


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _finite_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)
        and bool(np.isfinite(np.asarray(value, float)).all())
    )


__all__ = ["Inputs"]
