"""The notebook's facts (shared/seed/stateful_rnns_notebook.txt), asserted."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Bidirectional, Dense, Input, Model, Sequential
from statefulrnn.layers import StatefulBidirectionalWarning

from .fixtures import load_case

SEQUENCE = np.array(
    [[[-4.0], [-3.0], [-2.0], [-1.0], [0.0], [1.0], [2.0], [3.0], [4.0]],
     [[-40.0], [-30.0], [-20.0], [-10.0], [0.0], [10.0], [20.0], [30.0], [40.0]]],
    dtype=np.float32,
)  # fmt: skip


def _stateful_gru() -> Model:
    inputs = Input(batch_shape=(2, None, 1))
    return Model(inputs=inputs, outputs=GRU(5, stateful=True, name="stateful_rnn")(inputs))


def test_parameter_counts() -> None:
    assert Sequential([GRU(5, input_shape=(None, 1), name="rnn")]).count_params() == 120
    model = Sequential(
        [LSTM(32, stateful=True, batch_input_shape=(32, 8, 16)), Dense(10, activation="softmax")]
    )
    assert [layer.count_params() for layer in model.layers] == [6272, 330]
    assert model.count_params() == 6602
    inputs = Input(batch_shape=(2, None, 1))
    with pytest.warns(StatefulBidirectionalWarning, match="backward half"):
        bidirectional = Bidirectional(layer=LSTM(5, stateful=True, name="stateful_rnn"))
    assert Model(inputs=inputs, outputs=bidirectional(inputs)).count_params() == 280


def test_state_shapes_and_none_for_a_plain_layer() -> None:
    model = _stateful_gru()
    states = model.layers[1].states
    assert len(states) == 1 and states[0].shape == (2, 5)
    assert torch.equal(states[0], torch.zeros(2, 5))
    plain = Sequential([GRU(5, input_shape=(None, 1), name="rnn")])
    plain(SEQUENCE)
    assert plain.get_layer("rnn").states == [None]


def test_bidirectional_halves_expose_their_states() -> None:
    inputs = Input(batch_shape=(2, None, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        model = Model(inputs, Bidirectional(layer=LSTM(5, stateful=True, name="stateful_rnn"))(inputs))
    wrapper = model.layers[1]
    assert wrapper.layer.name == "stateful_rnn" and wrapper.layer.states == [None, None]
    assert wrapper.forward_layer.name == "forward_stateful_rnn"
    assert wrapper.backward_layer.name == "backward_stateful_rnn"
    assert [tuple(s.shape) for s in wrapper.backward_layer.states] == [(2, 5), (2, 5)]
    model(SEQUENCE)
    prefix = wrapper.name
    assert set(model.get_states()) == {f"{prefix}/forward_stateful_rnn", f"{prefix}/backward_stateful_rnn"}


def test_state_after_call_then_zeros_after_reset() -> None:
    model = _stateful_gru()
    layer = model.get_layer("stateful_rnn")
    model(SEQUENCE)
    assert layer.states[0].abs().sum() > 0
    layer.reset_states()
    assert torch.equal(layer.states[0], torch.zeros(2, 5))
    model(SEQUENCE)
    layer.reset_state()  # Keras 3 spelling
    assert torch.equal(layer.states[0], torch.zeros(2, 5))


def test_three_chunks_give_the_whole_sequence_state_with_keras_weights() -> None:
    case = load_case("seed_gru_stateful")
    np.testing.assert_array_equal(case["x"], SEQUENCE)  # the fixture is the notebook's data
    model = _stateful_gru()
    model.set_weights([case["w0"], case["w1"], case["w2"]])
    layer = model.get_layer("stateful_rnn")
    model(SEQUENCE)
    whole = layer.states[0].clone()
    layer.reset_states()
    for start in (0, 3, 6):
        model(SEQUENCE[:, start : start + 3])
    np.testing.assert_allclose(layer.states[0].numpy(), whole.numpy(), atol=1e-6)
    np.testing.assert_allclose(whole.numpy(), case["s_full_0"], atol=1e-5)


def test_the_walkthrough_runs_as_the_tour_command() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "statefulrnn.cli", "tour"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Chunked state equals whole-sequence state: True" in result.stdout
    assert "stateful_rnn (GRU)           (2, 5)                    120" in result.stdout
    assert "Total params: 280" in result.stdout
    assert "Epoch 50/50" in result.stdout and "MSE: " in result.stdout  # the training cell ran
    assert "backward half" in result.stderr  # the stateful Bidirectional warned
