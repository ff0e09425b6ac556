"""Port of ``keras/src/layers/rnn/stacked_rnn_cells_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

The user-written cells are those of the rnn_test port (Keras imports them from rnn_test too).
Stacks run the per-step path whatever the kernel switches say, so the numeric tests that use
built-in cells run once per compute path only to hold that promise.

Every test is ported. Left out of them:
- test_basics: ``expected_num_seed_generators`` counts Keras's random-number state objects;
  the config round trip of stacks of the user-written cells, which Keras makes through its
  ``custom_objects`` registry (it is checked for the stacks of built-in cells).
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import layers

from .layer_checks import assert_all_close, check_layer
from .test_rnn import OneStateRNNCell, TwoStatesRNNCell


def _basics(cells, expected_output_shape, expected_weights, **kwargs) -> None:
    check_layer(
        layers.RNN,
        init_kwargs={"cell": cells, **kwargs},
        input_shape=(2, 3, 4),
        expected_output_shape=expected_output_shape,
        expected_num_trainable_weights=expected_weights,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def _basics_custom(cells, expected_output_shape, expected_weights, **kwargs) -> None:
    """`check_layer` less the config round trip, which for user-written cells needs Keras's
    ``custom_objects`` registry (``from_config`` cannot name a class of the test's own)."""
    layer = layers.RNN(cells, **kwargs)
    assert layer.supports_masking
    output = layer(np.random.default_rng(0).uniform(size=(2, 3, 4)).astype("float32"))
    assert tuple(output.shape) == expected_output_shape
    assert len([p for p in layer.parameters() if p.requires_grad]) == expected_weights
    output.sum().backward()
    assert all(p.grad is not None for p in layer.parameters())


def test_basics() -> None:
    _basics_custom([OneStateRNNCell(3), OneStateRNNCell(4), OneStateRNNCell(5)], (2, 5), 6)
    _basics_custom(
        [OneStateRNNCell(3), OneStateRNNCell(4), OneStateRNNCell(5)], (2, 3, 5), 6, return_sequences=True
    )
    # Two-state case.
    _basics_custom([TwoStatesRNNCell(3), TwoStatesRNNCell(4), TwoStatesRNNCell(5)], (2, 5), 9)
    _basics_custom(
        [TwoStatesRNNCell(3), TwoStatesRNNCell(4), TwoStatesRNNCell(5)], (2, 3, 5), 9, return_sequences=True
    )


@pytest.mark.parametrize("cell", [layers.SimpleRNNCell, layers.GRUCell, layers.LSTMCell])
def test_basics_builtin_cells(cell: type) -> None:
    cells = [cell(units, dropout=0.1, recurrent_dropout=0.1) for units in (3, 4, 5)]
    _basics(cells, (2, 3, 5), 9, return_sequences=True)


SEQUENCE = np.arange(24).reshape((2, 3, 4)).astype("float32")
SINGLE_LAST = np.array([[786.0, 786.0], [4386.0, 4386.0]])
SINGLE_ALL = np.array(
    [
        [[18.0, 18.0], [156.0, 156.0], [786.0, 786.0]],
        [[162.0, 162.0], [1020.0, 1020.0], [4386.0, 4386.0]],
    ]
)
SINGLE_STATE_1 = np.array([[158.0, 158.0, 158.0], [782.0, 782.0, 782.0]])


def test_correctness_single_state_stack() -> None:
    layer = layers.RNN([OneStateRNNCell(3), OneStateRNNCell(2)])
    output = layer(SEQUENCE)
    assert_all_close(output, SINGLE_LAST)

    layer = layers.RNN([OneStateRNNCell(3), OneStateRNNCell(2)], return_sequences=True)
    output = layer(SEQUENCE)
    assert_all_close(output, SINGLE_ALL)

    layer = layers.RNN([OneStateRNNCell(3), OneStateRNNCell(2)], return_state=True)
    output, state_1, state_2 = layer(SEQUENCE)
    assert_all_close(output, SINGLE_LAST)
    assert_all_close(state_1, SINGLE_STATE_1)
    assert_all_close(state_2, SINGLE_LAST)

    layer = layers.RNN([OneStateRNNCell(3), OneStateRNNCell(2)], return_sequences=True, return_state=True)
    output, state_1, state_2 = layer(SEQUENCE)
    assert_all_close(output, SINGLE_ALL)
    assert_all_close(state_1, SINGLE_STATE_1)
    assert_all_close(state_2, SINGLE_LAST)


TWO_LAST = np.array([[3144.0, 3144.0], [17544.0, 17544.0]])
TWO_ALL = np.array(
    [
        [[72.0, 72.0], [624.0, 624.0], [3144.0, 3144.0]],
        [[648.0, 648.0], [4080.0, 4080.0], [17544.0, 17544.0]],
    ]
)
TWO_STATE_1 = np.array([[158.0, 158.0, 158.0], [782.0, 782.0, 782.0]])
TWO_STATE_2 = np.array([[1572.0, 1572.0], [8772.0, 8772.0]])


def test_correctness_two_states_stack() -> None:
    layer = layers.RNN([TwoStatesRNNCell(3), TwoStatesRNNCell(2)])
    output = layer(SEQUENCE)
    assert_all_close(output, TWO_LAST)

    layer = layers.RNN([TwoStatesRNNCell(3), TwoStatesRNNCell(2)], return_sequences=True)
    output = layer(SEQUENCE)
    assert_all_close(output, TWO_ALL)

    layer = layers.RNN([TwoStatesRNNCell(3), TwoStatesRNNCell(2)], return_state=True)
    output, state_1, state_2 = layer(SEQUENCE)
    assert_all_close(output, TWO_LAST)
    assert_all_close(state_1[0], TWO_STATE_1)
    assert_all_close(state_1[1], TWO_STATE_1)
    assert_all_close(state_2[0], TWO_STATE_2)
    assert_all_close(state_2[1], TWO_STATE_2)


def test_statefullness_single_state_stack() -> None:
    layer = layers.RNN([OneStateRNNCell(3), OneStateRNNCell(2)], stateful=True)
    layer(SEQUENCE)
    output = layer(SEQUENCE)
    assert_all_close(output, np.array([[34092.0, 34092.0], [173196.0, 173196.0]]))


def test_statefullness_two_states_stack() -> None:
    layer = layers.RNN([TwoStatesRNNCell(3), TwoStatesRNNCell(2)], stateful=True)
    layer(SEQUENCE)
    output = layer(SEQUENCE)
    assert_all_close(output, np.array([[136368.0, 136368.0], [692784.0, 692784.0]]))


def test_return_state_stacked_lstm_cell(compute_path: str) -> None:
    layer = layers.RNN([layers.LSTMCell(10), layers.LSTMCell(10)], return_state=True)
    out = layer(np.zeros((2, 3, 5)))
    assert len(out) == 3
    assert out[0].shape == (2, 10)
    assert out[1][0].shape == (2, 10)
    assert out[1][1].shape == (2, 10)
    assert out[2][0].shape == (2, 10)
    assert out[2][1].shape == (2, 10)

    shape = layer.compute_output_shape((2, 3, 5))
    assert len(shape) == 3
    assert shape[0] == (2, 10)
    assert shape[1][0] == (2, 10)
    assert shape[1][1] == (2, 10)
    assert shape[2][0] == (2, 10)
    assert shape[2][1] == (2, 10)


def test_stacked_lstm_cell_mask(compute_path: str) -> None:
    sequence = np.ones((2, 3, 4))
    mask = np.array([[True, True, True], [True, True, False]])
    cell_kwargs = dict(units=1, kernel_initializer="ones", recurrent_initializer="ones")
    rnn_cells = [layers.LSTMCell(**cell_kwargs) for _ in range(2)]
    stacked_rnn = layers.RNN(rnn_cells)
    output = stacked_rnn(sequence, mask=mask)
    assert_all_close(output, np.array([[0.7793], [0.5998]]), atol=1e-4)
