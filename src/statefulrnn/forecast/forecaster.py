"""A trained forecaster at run time: scaling, the model stepped through a `StreamPool`, and
the state it carries.

Everything that turns observations into forecasts goes through `Forecaster.push`: the
evaluation at the end of ``forecast fit`` and ``forecast stream`` run the same code on the same
state, so streaming the test part reproduces the evaluation's forecasts exactly.

Example:
    >>> from statefulrnn import GRU, Dense, Sequential
    >>> gru = GRU(3, stateful=True, return_sequences=True, batch_input_shape=(1, None, 1))
    >>> model = Sequential([gru, Dense(1)])
    >>> forecaster = Forecaster(model, Scaler(np.array([10.0]), np.array([2.0])))
    >>> forecaster.push(np.array([[9.0], [11.0]])).shape  # two observations -> two forecasts
    (2,)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from torch import nn

from ..streaming import StreamPool

STREAM = "series"


@dataclass(frozen=True)
class Scaler:
    """Standardisation fitted on the training part: ``(x - mean) / std`` per column (column 0
    is the target)."""

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, values: np.ndarray) -> Scaler:
        std = values.std(axis=0)
        return cls(values.mean(axis=0), np.where(std > 0, std, 1.0))

    def transform(self, values: np.ndarray) -> np.ndarray:
        return ((values - self.mean) / self.std).astype(np.float32)

    def target_back(self, scaled: np.ndarray) -> np.ndarray:
        """Target values in the data's units."""
        return scaled.astype(np.float64) * self.std[0] + self.mean[0]

    def to_json(self) -> dict[str, list[float]]:
        return {"mean": self.mean.tolist(), "std": self.std.tolist()}

    @classmethod
    def from_json(cls, data: dict[str, list[float]]) -> Scaler:
        return cls(np.asarray(data["mean"], float), np.asarray(data["std"], float))


class Forecaster:
    """``model`` (batch 1 or any; stateful; ``(N, T, F) -> (N, T, 1)``) with its scaler,
    carrying the state of one series."""

    def __init__(self, model: nn.Module, scaler: Scaler) -> None:
        self.scaler = scaler
        self.pool = StreamPool(model, max_streams=1)
        self.pool.open(STREAM)

    def push(self, values: np.ndarray) -> np.ndarray:
        """Observations ``(n, F)`` in the data's units -> the ``n`` forecasts they lead to."""
        outputs = self.pool.push(STREAM, self.scaler.transform(values))
        return self.scaler.target_back(outputs[:, 0])

    def save_state(self, path: str | os.PathLike[str]) -> None:
        self.pool.snapshot(path)

    def load_state(self, path: str | os.PathLike[str]) -> None:
        self.pool.close(STREAM)
        self.pool.restore(path)


__all__ = ["Forecaster", "Scaler"]
