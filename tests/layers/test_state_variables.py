"""``layer.states[i]`` as Keras hands it out, a variable: ``assign`` (Keras 3's
``layer.states[0].assign(h)``), ``K.set_value`` (Keras 2's), ``assign_add``/``assign_sub`` and
``value``, without touching tensors handed out before."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Bidirectional, Input, Model, Sequential
from statefulrnn import backend as K
from statefulrnn.state import StateVariable

RNG = np.random.default_rng(7)


def _twins(cls: type = LSTM) -> tuple[Sequential, Sequential]:
    first = Sequential([cls(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 2))])
    second = Sequential([cls(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 2))])
    second.set_weights(first.get_weights())
    return first, second


@pytest.mark.parametrize("cls", [GRU, LSTM])
def test_assign_sets_what_the_next_call_continues_from(cls: type) -> None:
    by_assign, by_reset = _twins(cls)
    x = RNG.normal(size=(2, 4, 2)).astype(np.float32)
    values = [RNG.normal(size=(2, 3)).astype(np.float32) for _ in by_assign.layers[0].states]
    for variable, value in zip(by_assign.layers[0].states, values):
        variable.assign(value)
    by_reset.layers[0].reset_states(values)
    np.testing.assert_array_equal(by_assign.predict(x, verbose=0), by_reset.predict(x, verbose=0))
    for ours, theirs in zip(by_assign.layers[0].states, by_reset.layers[0].states):
        torch.testing.assert_close(ours, theirs, rtol=0, atol=0)


def test_the_variable_holds_the_new_state_and_earlier_outputs_keep_theirs() -> None:
    layer = LSTM(3, stateful=True, return_state=True, batch_input_shape=(2, None, 2))
    with torch.no_grad():
        _, h, c = layer(torch.ones(2, 4, 2))
    returned_h, returned_c = h.clone(), c.clone()
    variable = layer.states[0]
    assert isinstance(variable, StateVariable)
    variable.assign(np.full((2, 3), 0.5))
    K.set_value(layer.states[1], np.full((2, 3), -0.5))  # Keras 2's way: the same assign
    assert torch.equal(variable, torch.full((2, 3), 0.5))
    assert torch.equal(variable.value, torch.full((2, 3), 0.5))
    assert torch.equal(layer.states[1], torch.full((2, 3), -0.5))
    # Keras's returned states are tensors of their own; ours alias the layer's state until the
    # next call, so assign replaces the state rather than writing into it.
    assert torch.equal(h, returned_h) and torch.equal(c, returned_c)


def test_a_value_of_another_shape_is_refused_and_changes_nothing() -> None:
    layer = GRU(3, stateful=True, batch_input_shape=(2, None, 2))
    layer.states[0].assign(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"has shape \(2, 3\), but received a value of shape \(2, 4\)"):
        layer.states[0].assign(np.zeros((2, 4)))
    assert torch.equal(layer.states[0], torch.ones(2, 3))


def test_assign_add_and_sub_start_from_the_layers_state_now() -> None:
    layer = GRU(2, stateful=True, batch_input_shape=(1, None, 2))
    variable = layer.states[0]
    layer.reset_states([np.array([[1.0, 2.0]])])  # after the variable was read
    variable.assign_add([[1.0, 1.0]])
    assert torch.equal(layer.states[0], torch.tensor([[2.0, 3.0]]))
    layer.states[0].assign_sub(0.5)
    assert torch.equal(layer.states[0], torch.tensor([[1.5, 2.5]]))


def test_computing_copying_or_pickling_a_state_gives_plain_tensors() -> None:
    layer = GRU(2, stateful=True, batch_input_shape=(1, None, 2))
    variable = layer.states[0]
    for made in (variable * 2, variable[0], variable.clone(), copy.deepcopy(variable)):
        assert type(made) is torch.Tensor
    unpickled = pickle.loads(pickle.dumps(variable))
    assert type(unpickled) is torch.Tensor and torch.equal(unpickled, variable)
    assert repr(variable) == repr(torch.zeros(1, 2))  # printed as the tensor, as before


def test_a_bidirectional_layers_halves_hand_out_variables() -> None:
    with pytest.warns(UserWarning, match="backward half"):
        layer = Bidirectional(GRU(2, stateful=True), batch_input_shape=(1, None, 3))
    forward, backward = layer.states
    backward.assign([[0.25, 0.75]])
    assert torch.equal(layer.backward_layer.states[0], torch.tensor([[0.25, 0.75]]))
    assert torch.equal(forward, torch.zeros(1, 2))


def test_a_program_that_sets_its_states_through_its_own_reset_states() -> None:
    # as public Keras 3 programs write a model holding a stateful layer
    class Stepper(Model):
        def __init__(self) -> None:
            super().__init__()
            self.recurrent_layer = GRU(4, return_sequences=True, stateful=True)

        def call(self, inputs: torch.Tensor) -> torch.Tensor:
            return self.recurrent_layer(inputs)

        def reset_states(self, states: object = None) -> None:
            self.recurrent_layer.states[0].assign(np.zeros((1, 4)))

    model = Stepper()
    x = RNG.normal(size=(1, 5, 3)).astype(np.float32)
    first = model.predict(x, verbose=0)
    assert not np.allclose(model.predict(x, verbose=0), first)  # the state carried on
    model.reset_states()
    np.testing.assert_array_equal(model.predict(x, verbose=0), first)


def test_a_layer_that_is_not_stateful_has_no_variables() -> None:
    inputs = Input((None, 2))
    model = Model(inputs, GRU(2)(inputs))
    assert model.layers[-1].states == [None]
