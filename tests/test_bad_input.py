"""Each bad input raises an error naming what was expected and what came, and changes nothing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Bidirectional, Dense, Input, Model, Sequential
from statefulrnn.layers import StatefulBidirectionalWarning


def _stack() -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            LSTM(4, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3), name="lstm"),
            GRU(5, stateful=True, name="gru"),
            Dense(2, name="head"),
        ]
    )
    model(np.random.default_rng(0).normal(size=(2, 4, 3)))  # non-zero states to protect
    return model


def _snapshot(model) -> tuple[dict, list[np.ndarray]]:
    return model.get_states(), model.get_weights()


def _assert_unchanged(model, before: tuple[dict, list[np.ndarray]]) -> None:
    states, weights = before
    after_states = model.get_states()
    assert after_states.keys() == states.keys()
    for name in states:
        for old, new in zip(states[name], after_states[name], strict=True):
            assert torch.equal(old, new), f"state of {name} changed"
    for old, new in zip(weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((3, 4, 3)), r"LSTM 'lstm' is stateful with batch size 2, but received a batch of 3\."),
        (
            np.zeros((2, 4, 5)),
            r"LSTM 'lstm' was built for 3 input features, but received inputs of shape "
            r"\(2, 4, 5\) with 5\.",
        ),
        (
            np.zeros((2, 3)),
            r"expects inputs of rank 3 \(batch, time, features\), but received shape "
            r"\(2, 3\) \(rank 2\)",
        ),
        (np.zeros((2, 0, 3)), r"needs at least one time step"),
        (np.array([["a"]]), r"expects numbers"),
    ],
    ids=["batch", "features", "rank", "no-steps", "strings"],
)
def test_rejected_input_leaves_states_untouched(x: np.ndarray, message: str) -> None:
    model = _stack()
    before = _snapshot(model)
    with pytest.raises((ValueError, TypeError), match=message):
        model(x)
    _assert_unchanged(model, before)


def test_failure_in_a_later_layer_rolls_back_earlier_layers() -> None:
    """The first layer has committed its new state when the second layer fails."""

    class Failing(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            raise RuntimeError("boom")

    model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g"), Failing()])
    model.set_states({"g": [np.ones((2, 3))]})
    with pytest.raises(RuntimeError, match="boom"):
        model(np.full((2, 4, 1), 5.0))
    assert torch.equal(model.get_states()["g"][0], torch.ones(2, 3))


def test_bidirectional_backward_half_failure_rolls_back_forward_half() -> None:
    inputs = Input(batch_shape=(2, None, 1))
    with pytest.warns(StatefulBidirectionalWarning):
        bidir = Bidirectional(GRU(3, stateful=True, name="g"))
    model = Model(inputs, bidir(inputs))
    model(np.ones((2, 3, 1)))
    before = _snapshot(model)
    bidir.backward_layer.state_store.batch_size = 3  # make only the backward half refuse
    try:
        with pytest.raises(ValueError, match="backward_g' is stateful with batch size 3"):
            model(np.ones((2, 3, 1)))
    finally:
        bidir.backward_layer.state_store.batch_size = 2
    _assert_unchanged(model, before)


def test_set_weights_wrong_count_names_every_expected_weight() -> None:
    model = _stack()
    before = _snapshot(model)
    with pytest.raises(
        ValueError,
        match=r"expects 8 weight arrays \(.*lstm/lstm_cell/kernel \(3, 16\).*but "
        r"received 7\.",
    ):
        model.set_weights(model.get_weights()[:-1])
    _assert_unchanged(model, before)


def test_set_weights_wrong_shape_names_the_weight_and_sets_none() -> None:
    model = _stack()
    before = _snapshot(model)
    weights = [w + 1 for w in model.get_weights()]
    weights[4] = np.zeros((5, 5))
    with pytest.raises(
        ValueError,
        match=r"Weight 4 \(.*gru/gru_cell/recurrent_kernel\) expects shape \(5, 15\), "
        r"but received an array of shape \(5, 5\)\.",
    ):
        model.set_weights(weights)
    _assert_unchanged(model, before)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            [np.zeros((2, 4))],
            r"LSTM 'lstm' has 2 state\(s\) of shapes \[\(2, 4\), \(2, 4\)\], but received 1",
        ),
        (
            [np.zeros((2, 4)), np.zeros((3, 4))],
            r"LSTM 'lstm' state 1 has shape \(2, 4\), but received a value "
            r"of shape \(3, 4\)\.",
        ),
    ],
    ids=["count", "shape"],
)
def test_reset_states_with_wrong_values(values: list[np.ndarray], message: str) -> None:
    model = _stack()
    before = _snapshot(model)
    with pytest.raises(ValueError, match=message):
        model.get_layer("lstm").reset_states(values)
    _assert_unchanged(model, before)


@pytest.mark.parametrize(
    ("mask", "error", "message"),
    [
        (
            np.array([True, False, True]),
            ValueError,
            r"has 2 batch rows, so a boolean reset mask must have "
            r"shape \(2,\)\. Received: shape \(3,\)",
        ),
        ([0, 2], ValueError, r"has batch rows 0\.\.1, but the reset mask names rows \[0, 2\]"),
        ([0.5], TypeError, r"A reset mask is a boolean array"),
    ],
    ids=["mask-length", "index-range", "float"],
)
def test_reset_with_bad_mask_changes_nothing(mask, error: type, message: str) -> None:
    model = _stack()
    before = _snapshot(model)
    with pytest.raises(error, match=message):
        model.reset_states(mask=mask)
    _assert_unchanged(model, before)


def test_set_states_checks_everything_before_writing() -> None:
    model = _stack()
    before = _snapshot(model)
    good_lstm = [np.ones((2, 4)), np.ones((2, 4))]
    with pytest.raises(ValueError, match=r"GRU 'gru' state 0 has shape \(2, 5\)"):
        model.set_states({"lstm": good_lstm, "gru": [np.ones((2, 4))]})
    with pytest.raises(KeyError, match=r"No stateful layer named 'grru'"):
        model.set_states({"lstm": good_lstm, "grru": [np.ones((2, 5))]})
    _assert_unchanged(model, before)


def test_stateful_layer_without_batch_size() -> None:
    with pytest.raises(
        ValueError,
        match=r"GRU 'g' is stateful, so it needs a fixed batch size.*Received: "
        r"input shape \(None, None, 1\) with no batch size\. Give batch_input_shape=\(N, None, 1\)",
    ):
        Sequential([GRU(5, stateful=True, input_shape=(None, 1), name="g")])
    inputs = Input(shape=(None, 1))
    with pytest.raises(ValueError, match=r"is stateful, so it needs a fixed batch size"):
        GRU(5, stateful=True)(inputs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"return_sequence": True},
            r"GRU got an unknown argument return_sequence=True\. Did you mean "
            r"return_sequences=\?",
        ),
        ({"hidden_size": 8}, r"unknown argument hidden_size=8\. Hint: write units="),
        ({"batch_first": True}, r"Hint: statefulrnn is always batch-first"),
        ({"batch_shape": (2, None, 1)}, r"Hint: on a layer write batch_input_shape="),
        ({"num_layers": 2}, r"Hint: stack layers instead"),
        ({"time_major": True}, r"unknown argument time_major=True\. Hint: inputs are always \(batch, time"),
        ({"sparse": True}, r"unknown argument sparse=True\. Hint: statefulrnn takes dense tensors only"),
    ],
)
def test_unknown_keyword_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        GRU(4, **kwargs)


def test_keras_arguments_at_the_default_we_keep_are_taken() -> None:
    """Keras code writes time_major=False, sparse=False and ragged=False out: that is what we do."""
    from statefulrnn.layers import Embedding, Input

    layer = GRU(4, time_major=False, sparse=False, ragged=False)
    assert "time_major" not in layer.get_config()
    Embedding(10, 3, sparse=False)
    assert Input(shape=(None, 3), sparse=False, ragged=False).shape == (None, None, 3)
    with pytest.raises(
        TypeError, match=r"Input takes dense tensors only\. Received: sparse=False, ragged=True"
    ):
        Input(shape=(None, 3), ragged=True)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: GRU(0), r"units must be a positive integer\. Received: units=0"),
        (lambda: LSTM(4, dropout=1.5), r"dropout must be in \[0, 1\).*Received: dropout=1\.5"),
        (lambda: GRU(4, activation="tanhh"), r"Unknown activation 'tanhh'\. Known names: "),
        (lambda: GRU(4, kernel_initializer="glorot"), r"Unknown initializer 'glorot'"),
        (lambda: Bidirectional(GRU(3), merge_mode="max"), r"merge_mode must be one of"),
        # batch_input_shape beside input_shape wins, as in Keras 2 (tests/layers/test_base.py)
        (lambda: GRU(4, batch_size=2), r"batch_size=2 needs input_shape too"),
    ],
    ids=["units", "dropout", "activation", "initializer", "merge", "shapes"],
)
def test_bad_constructor_arguments(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
