"""models/step_flags.py: a model's mask and resets reach a layer that honours them, pass a layer
that needs none, and are refused by a layer that would ignore them."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn import LSTM, Dense, Input, Model, Sequential
from statefulrnn.layers import (
    Activation,
    Conv1D,
    Flatten,
    GlobalMaxPooling1D,
    LayerNormalization,
    MaxPooling1D,
    TimeDistributed,
)
from statefulrnn.models import base
from statefulrnn.models.step_flags import check_honoured, mixes_steps

RESETS = torch.tensor([[False, False, False, True], [False, False, False, False]])
MASK = torch.tensor([[True, True, True, True], [True, True, False, False]])


@pytest.mark.parametrize(
    "layer",
    [
        Dense(2), Activation("tanh"), LayerNormalization(), TimeDistributed(Dense(2)), nn.Linear(3, 2),
        nn.Sequential(nn.Linear(3, 3), nn.Tanh()),
    ],
    ids=lambda layer: type(layer).__name__,
)  # fmt: skip
def test_a_layer_acting_on_each_step_alone_needs_no_flag(layer: nn.Module) -> None:
    assert not mixes_steps(layer)
    check_honoured(layer, "resets", RESETS)
    check_honoured(layer, "mask", MASK)


@pytest.mark.parametrize(
    "layer",
    [
        Conv1D(2, 2, name="c"), MaxPooling1D(name="c"), Flatten(name="c"), GlobalMaxPooling1D(name="c"),
        LayerNormalization(axis=1, name="c"), nn.Conv1d(3, 3, 2),
        nn.Sequential(nn.Linear(3, 3), nn.GRU(3, 3)),
    ],
    ids=lambda layer: type(layer).__name__,
)  # fmt: skip
def test_a_layer_mixing_steps_refuses_flags_that_ask_something_and_passes_the_rest(layer: nn.Module) -> None:
    assert mixes_steps(layer)
    name = "Layer 'c'" if hasattr(layer, "name") else f"Module {type(layer).__name__}"
    with pytest.raises(
        ValueError, match=rf"{name} .*cannot honour resets=: a new sequence starts at step 3 of row 0"
    ):
        check_honoured(layer, "resets", RESETS)
    with pytest.raises(
        ValueError, match=rf"{name} .*cannot honour mask=: padding \(mask False\) is at step 2 of row 1"
    ):
        check_honoured(layer, "mask", MASK)
    check_honoured(layer, "resets", torch.zeros(2, 4, dtype=torch.bool))  # asks nothing
    check_honoured(layer, "mask", torch.ones(2, 4, dtype=torch.bool))


def test_a_reset_at_step_0_is_no_event_for_a_built_in_layer_that_keeps_nothing_between_calls() -> None:
    first = torch.tensor([[True, False, False]])
    check_honoured(Conv1D(2, 2), "resets", first)
    with pytest.raises(ValueError, match="step 0 of row 0"):  # an unknown module might keep a state
        check_honoured(nn.Conv1d(3, 3, 2), "resets", first)


def test_a_causal_convolution_passes_padding_after_the_last_real_step_only() -> None:
    causal = Conv1D(2, 2, padding="causal", name="causal")
    check_honoured(causal, "mask", MASK)  # trailing padding: no real step reads it
    with pytest.raises(ValueError, match=r"padding .* is at step 1 of row 0"):
        check_honoured(causal, "mask", torch.tensor([[True, False, True]]))
    with pytest.raises(ValueError, match="step 2 of row 1"):
        check_honoured(Conv1D(2, 2, padding="same", name="same"), "mask", MASK)


def test_a_model_hands_flags_to_layers_that_take_them_and_refuses_for_those_that_would_ignore_them() -> None:
    torch.manual_seed(0)
    per_step = Sequential([Dense(3, input_shape=(None, 2)), nn.Linear(3, 3), LSTM(2, return_sequences=True)])
    x = torch.randn(2, 4, 2)
    with torch.no_grad():
        joined = per_step(x, resets=RESETS)
        first, second = per_step(x[:, :3]), per_step(x[:1, 3:])
    torch.testing.assert_close(joined[:, :3], first)
    torch.testing.assert_close(joined[:1, 3:], second)  # row 0's reset is the LSTM's to honour

    inputs = Input(shape=(None, 2))
    mixing = Model(inputs, LSTM(2)(Conv1D(2, 2, padding="same", name="conv")(inputs)))
    with pytest.raises(ValueError, match="Layer 'conv' \\(Conv1D\\) cannot honour resets="):
        mixing(x, resets=RESETS)
    with pytest.raises(ValueError, match="Layer 'conv' \\(Conv1D\\) cannot honour mask="):
        mixing(x, mask=MASK)
    with pytest.warns(UserWarning, match="destroy the mask"):  # Keras's word on a mask asking nothing
        mixing(x, resets=torch.zeros(2, 4, dtype=torch.bool), mask=torch.ones(2, 4, dtype=torch.bool))


def test_a_call_without_mask_or_resets_checks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a call without flags must not be checked")

    monkeypatch.setattr(base, "check_honoured", refuse)
    model = Sequential([Conv1D(2, 2, input_shape=(3, 2)), Flatten(), Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.zeros((4, 3, 2)), np.zeros((4, 1)), verbose=0)
    model.predict(np.zeros((4, 3, 2)), verbose=0)
