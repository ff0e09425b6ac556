"""A trained forecaster at run time: the network at batch 1, how rows become its inputs
(`Inputs`), and the state it carries from row to row.

The state is the network's recurrent state and the lag buffer: the last ``inputs.back`` target
values, which the next row's changes and seasonal values are computed from. Both are saved in
one file (`save_state`), so a later ``stream`` continues exactly where the last one stopped.

Everything that turns observations into forecasts goes through `Forecaster.push`: the
evaluation at the end of ``forecast fit`` and ``forecast stream`` run the same code on the same
state, so streaming the test part reproduces the evaluation's forecasts exactly.

Example:
    >>> from statefulrnn import GRU, Dense, Sequential
    >>> y = 20 + np.sin(np.arange(300) * 2 * np.pi / 12)
    >>> inputs = Inputs.fit(y, np.zeros((300, 0)), None, None, horizon=3, period=12)
    >>> gru = GRU(4, stateful=True, return_sequences=True, batch_input_shape=(1, None, inputs.size))
    >>> forecaster = Forecaster(Sequential([gru, Dense(3)]), inputs, y[:12])
    >>> forecasts = forecaster.push(y[12:14, None])  # two observations -> two rows of 3 forecasts
    >>> sorted(forecasts), forecasts["model"].shape
    (['last_value', 'model', 'seasonal_naive'], (2, 3))
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from ..io._atomic import write_atomically
from ..io._container import pack, unpack
from ..state import get_states, named_state_stores, reset_states, set_states
from .inputs import Inputs

FORMAT = "statefulrnn.forecast.state"
HISTORY = "history"


class Forecaster:
    """``model`` (stateful, batch 1, ``(1, T, inputs.size) -> (1, T, H)``) with its `Inputs`,
    carrying one series' state from the lag buffer ``history`` (the ``inputs.back`` target
    values before the first row to push)."""

    def __init__(self, model: nn.Module, inputs: Inputs, history: np.ndarray) -> None:
        self.model = model.eval()
        self.inputs = inputs
        self.history = np.asarray(history, np.float64)
        reset_states(model)

    def push(self, values: np.ndarray, times: Sequence[dt.datetime] | None = None) -> dict[str, np.ndarray]:
        """Observations ``(n, F)`` in the data's units (the target first; ``times`` their n
        times when the model reads the calendar) -> the forecasts made at each, ``(n, H)`` per
        name: ``model``, ``last_value`` and, with a period, ``seasonal_naive``."""
        e = np.concatenate([self.history, values[:, 0]])
        start = len(self.history)
        columns = self.inputs.columns(e, values[:, 1:], times, start)
        with torch.no_grad():
            outputs = self.model(torch.from_numpy(columns[None]))[0].numpy()
        naive = self.inputs.naive(e, start)
        self.history = e[-self.inputs.back :]
        return {"model": self.inputs.forecasts(naive, outputs), **naive}

    def save_state(self, path: str | os.PathLike[str]) -> None:
        """Write the network's state and the lag buffer to ``path``, atomically."""
        arrays = {
            f"state/{layer}/{index}": value.numpy()
            for layer, values in get_states(self.model).items()
            for index, value in enumerate(values)
        }
        arrays[HISTORY] = self.history
        write_atomically(os.fspath(path), pack(arrays, FORMAT))

    def load_state(self, path: str | os.PathLike[str]) -> None:
        """Continue from the state `save_state` wrote to ``path``.

        Raises:
            FileNotFoundError: no such file.
            ValueError: not a forecast state, damaged, or made for another model.
        """
        name = os.fspath(path)
        _, arrays = unpack(name, FORMAT, "forecast state")
        shapes = {
            f"state/{layer}/{index}": (1, size)
            for layer, store in named_state_stores(self.model)
            for index, size in enumerate(store.sizes)
        }
        shapes[HISTORY] = (self.inputs.back,)
        if {key: array.shape for key, array in arrays.items()} != shapes:
            raise ValueError(f"{name!r} holds the state of another model ({sorted(arrays)}).")
        if not all(array.dtype.kind == "f" and np.isfinite(array).all() for array in arrays.values()):
            raise ValueError(f"{name!r} is damaged: a state that is not finite numbers.")
        states: dict[str, list[torch.Tensor]] = {}
        for key in shapes:  # in the model's order of layers and states
            if key != HISTORY:
                layer = key[len("state/") : key.rindex("/")]
                states.setdefault(layer, []).append(torch.from_numpy(arrays[key]).float())
        set_states(self.model, states)
        self.history = arrays[HISTORY].astype(np.float64)


__all__ = ["Forecaster"]
