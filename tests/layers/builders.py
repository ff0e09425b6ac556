"""Models of every layer kind for the property and truncated-BPTT tests, with chosen weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from statefulrnn import GRU, LSTM, RNN, Dense, Sequential, SimpleRNN

KINDS = ("simple_tanh", "simple_relu", "gru", "gru_reset_before", "lstm", "user_cell", "stack")


class DecayCell(nn.Module):
    """A user-written cell with two states of different widths.

    ``h`` (units) is a tanh recurrence over the input and both previous states; ``m`` (2) is a
    running average of a projection of ``h``. The output is ``h``.
    """

    def __init__(self, units: int, features: int) -> None:
        super().__init__()
        self.state_size = (units, 2)
        self.input_map = nn.Linear(features, units)
        self.recurrent_map = nn.Linear(units + 2, units, bias=False)
        self.summary = nn.Linear(units, 2)

    def forward(
        self, inputs: torch.Tensor, states: tuple[torch.Tensor, ...]
    ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        h, m = states
        h_new = torch.tanh(self.input_map(inputs) + self.recurrent_map(torch.cat([h, m], dim=1)))
        m_new = 0.8 * m + 0.2 * torch.tanh(self.summary(h_new))
        return h_new, (h_new, m_new)


@dataclass(frozen=True)
class Spec:
    """What to build: a layer kind and its sizes."""

    kind: str
    units: int
    features: int
    batch: int
    return_sequences: bool = True


def build(
    spec: Spec,
    *,
    stateful: bool = True,
    go_backwards: bool = False,
    return_state: bool = False,
    dropout: float = 0.0,
    weights: Sequence[np.ndarray] | None = None,
) -> nn.Module:
    """A built model of ``spec``; with ``weights`` (Keras order) instead of its initial ones.

    ``dropout`` sets both ``dropout`` and ``recurrent_dropout`` of the built-in layers.
    """
    shape = (spec.batch, None, spec.features)
    rates = dict(dropout=dropout, recurrent_dropout=dropout)
    common = dict(
        stateful=stateful,
        return_sequences=spec.return_sequences,
        go_backwards=go_backwards,
        batch_input_shape=shape,
    )
    units = spec.units
    if spec.kind == "stack":
        assert not return_state, "a Sequential layer returns one tensor"
        model: nn.Module = Sequential(
            [
                GRU(
                    units,
                    stateful=stateful,
                    return_sequences=True,
                    go_backwards=go_backwards,
                    batch_input_shape=shape,
                    **rates,
                ),
                LSTM(units + 1, stateful=stateful, return_sequences=spec.return_sequences, **rates),
                Dense(3, activation="tanh"),
            ]
        )
    elif spec.kind == "simple_tanh":
        model = SimpleRNN(units, activation="tanh", return_state=return_state, **rates, **common)
    elif spec.kind == "simple_relu":
        model = SimpleRNN(units, activation="relu", return_state=return_state, **rates, **common)
    elif spec.kind == "gru":
        model = GRU(units, reset_after=True, return_state=return_state, **rates, **common)
    elif spec.kind == "gru_reset_before":
        model = GRU(units, reset_after=False, return_state=return_state, **rates, **common)
    elif spec.kind == "lstm":
        model = LSTM(units, return_state=return_state, **rates, **common)
    elif spec.kind == "user_cell":
        model = RNN(DecayCell(units, spec.features), return_state=return_state, **common)
    else:
        raise AssertionError(f"unknown kind {spec.kind}")
    if weights is not None:
        model.set_weights(weights)
    return model


def build_random(spec: Spec, seed: int, **kwargs: Any) -> nn.Module:
    """A model of ``spec`` whose every weight (biases included) is random, fixed by ``seed``."""
    torch.manual_seed(seed)
    model = build(spec, **kwargs)
    rng = np.random.default_rng(seed)
    model.set_weights([w + 0.3 * rng.standard_normal(w.shape) for w in model.get_weights()])
    return model


def copy_of(model: nn.Module, spec: Spec, **kwargs: Any) -> nn.Module:
    """A freshly constructed model of ``spec`` with ``model``'s weights."""
    return build(spec, weights=model.get_weights(), **kwargs)


def inputs(seed: int, batch: int, steps: int, features: int) -> np.ndarray:
    return np.random.default_rng(seed + 1).standard_normal((batch, steps, features)).astype(np.float32)
