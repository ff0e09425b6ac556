"""Keras 3's ``RNN.inner_loop`` hook: a program's RNN subclass that overrides it is called by
each call, as Keras's ``RNN.call`` calls it, and a cell's own initial states give the states'
shapes (Keras-MatMulLess's LRU: an ``RNN`` subclass whose ``inner_loop`` unnests its states and
calls ``super().inner_loop``; its cell keeps ``(N, 2, s)`` states for ``state_size`` s)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import ops


class PairCell(keras.layers.Layer):
    """A cell whose one state holds a real and an imaginary part, ``(N, 2, s)``, where its
    ``state_size`` says s (as Keras-MatMulLess's LRU cell: Keras never checks)."""

    def __init__(self, units: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units = self.state_size = self.output_size = units

    def build(self, input_shape) -> None:
        self.kernel = self.add_weight(shape=(input_shape[-1], 2 * self.units), name="kernel")

    def call(self, inputs, states, training=False):
        state = states[0] if keras.tree.is_nested(states) else states
        real, imaginary = ops.split(ops.matmul(inputs, self.kernel), 2, axis=-1)
        new_state = 0.5 * state + ops.stack([real, imaginary], axis=1)
        output = new_state[:, 0] - new_state[:, 1]
        return output, [new_state] if keras.tree.is_nested(states) else new_state

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, 2, self.state_size))]


class UnnestingRNN(keras.layers.RNN):
    """Keras-MatMulLess's RNN: its inner_loop hands super() the state, not a list of one."""

    def inner_loop(self, sequences, initial_state, mask, training=False):
        if keras.tree.is_nested(initial_state):
            initial_state = initial_state[0]
        return super().inner_loop(sequences, initial_state, mask=mask, training=training)


class SummingRNN(keras.layers.RNN):
    """An override with a loop of its own: a running sum, whatever the cell."""

    calls = 0

    def inner_loop(self, sequences, initial_state, mask, training=False):
        type(self).calls += 1
        outputs = ops.cumsum(sequences, axis=1) + initial_state[0][:, None, :]
        return outputs[:, -1], outputs, [outputs[:, -1]]


def expected_pair_outputs(kernel: np.ndarray, x: np.ndarray, units: int) -> np.ndarray:
    state = np.zeros((x.shape[0], 2, units), "float32")
    outputs = []
    for t in range(x.shape[1]):
        real, imaginary = np.split(x[:, t] @ kernel, 2, axis=-1)
        state = 0.5 * state + np.stack([real, imaginary], axis=1)
        outputs.append(state[:, 0] - state[:, 1])
    return np.stack(outputs, axis=1)


def test_an_override_that_calls_super_runs_with_the_cells_own_state_shapes() -> None:
    torch.manual_seed(0)
    layer = UnnestingRNN(PairCell(3), return_sequences=True)
    x = np.random.default_rng(0).normal(size=(4, 5, 2)).astype("float32")
    outputs = layer(x).detach().numpy()
    assert layer.state_shapes == ((2, 3),)
    np.testing.assert_allclose(
        outputs, expected_pair_outputs(layer.cell.kernel.detach().numpy(), x, 3), atol=1e-6
    )


def test_a_stateful_override_carries_the_states_it_returns() -> None:
    x = np.random.default_rng(1).normal(size=(2, 6, 2)).astype("float32")
    whole = UnnestingRNN(PairCell(3), return_sequences=True)
    chunked = UnnestingRNN(PairCell(3), return_sequences=True, stateful=True)
    whole.build((2, None, 2))
    chunked.build((2, None, 2))
    chunked.set_weights(whole.get_weights())
    pieces = [chunked(x[:, :4]), chunked(x[:, 4:])]
    assert tuple(chunked.states[0].shape) == (2, 2, 3)
    np.testing.assert_allclose(
        torch.cat(pieces, 1).detach().numpy(), whole(x).detach().numpy(), rtol=1e-6, atol=1e-6
    )


def test_an_override_with_a_loop_of_its_own_is_what_a_call_runs() -> None:
    before = SummingRNN.calls
    layer = SummingRNN(keras.layers.SimpleRNNCell(2), stateful=True, return_sequences=True)
    x = torch.ones(1, 3, 2)
    layer.build((1, None, 2))
    np.testing.assert_array_equal(layer(x).numpy(), [[[1, 1], [2, 2], [3, 3]]])
    np.testing.assert_array_equal(layer(x).numpy()[:, -1], [[6, 6]])  # from the carried sum
    assert SummingRNN.calls == before + 2
    with pytest.raises(ValueError, match=r"overrides inner_loop.*no resets"):
        layer(x, resets=torch.tensor([[False, True, False]]))
    np.testing.assert_array_equal(layer.states[0].numpy(), [[6, 6]])  # the refused call changed nothing


def test_statefulrnns_own_inner_loop_is_a_calls_loop() -> None:
    layer = keras.layers.LSTM(3, return_sequences=True, go_backwards=True)
    x = torch.randn(2, 4, 5)
    mask = torch.tensor([[True, True, True, False], [True, True, False, False]])
    last, outputs, states = layer.inner_loop(x, layer.get_initial_state(2), mask)
    assert torch.equal(outputs, layer(x, mask=mask))
    twin = keras.layers.LSTM(3, go_backwards=True)  # the same layer, giving its last output
    twin.build((2, 4, 5))
    twin.set_weights(layer.get_weights())
    assert torch.equal(last, twin(x, mask=mask))
    assert [tuple(s.shape) for s in states] == [(2, 3), (2, 3)]
