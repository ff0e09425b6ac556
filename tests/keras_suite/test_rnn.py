"""Port of ``keras/src/layers/rnn/rnn_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

The two user-written cells are translated to our API: a `Layer` creates its weights in
``_build`` (Keras: ``build``) and computes in ``forward`` (Keras: ``call``); ``ops.matmul`` is
``@``. Their numbers do not involve a built-in cell, so these tests have a single compute path.

Every test is ported. Left out of them:
- test_basics: ``expected_num_seed_generators=0`` counts Keras's random-number state objects.
- test_serialization: Keras's ``serialize_keras_object`` registry and ``dir()`` comparison; the
  ``get_config`` / ``from_config`` round trip is ported.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import Model, layers

from .layer_checks import assert_all_close, check_layer


class OneStateRNNCell(layers.Layer):
    def __init__(self, units, state_size=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = state_size if state_size else units

    def _build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="ones",
            name="kernel",
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units),
            initializer="ones",
            name="recurrent_kernel",
        )

    def forward(self, inputs, states):
        prev_output = states[0]
        h = inputs @ self.kernel
        output = h + prev_output @ self.recurrent_kernel
        return output, [output]


class TwoStatesRNNCell(layers.Layer):
    def __init__(self, units, state_size=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = state_size if state_size else [units, units]
        self.output_size = units

    def _build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="ones",
            name="kernel",
        )
        self.recurrent_kernel_1 = self.add_weight(
            shape=(self.units, self.units),
            initializer="ones",
            name="recurrent_kernel_1",
        )
        self.recurrent_kernel_2 = self.add_weight(
            shape=(self.units, self.units),
            initializer="ones",
            name="recurrent_kernel_2",
        )

    def forward(self, inputs, states):
        prev_1 = states[0]
        prev_2 = states[0]  # sic: Keras's cell reads the first state twice
        h = inputs @ self.kernel
        output_1 = h + prev_1 @ self.recurrent_kernel_1
        output_2 = h + prev_2 @ self.recurrent_kernel_2
        output = output_1 + output_2
        return output, [output_1, output_2]


@pytest.mark.parametrize(
    ("init_kwargs", "expected_output_shape", "expected_num_trainable_weights"),
    [
        ({"cell": OneStateRNNCell(5, state_size=5)}, (3, 5), 2),
        ({"cell": OneStateRNNCell(5, state_size=[5])}, (3, 5), 2),
        ({"cell": OneStateRNNCell(5, state_size=(5,))}, (3, 5), 2),
        ({"cell": OneStateRNNCell(5), "return_sequences": True}, (3, 2, 5), 2),
        ({"cell": OneStateRNNCell(5), "go_backwards": True, "unroll": True}, (3, 5), 2),
        ({"cell": TwoStatesRNNCell(5, state_size=[5, 5])}, (3, 5), 3),
        ({"cell": TwoStatesRNNCell(5, state_size=(5, 5))}, (3, 5), 3),
        ({"cell": TwoStatesRNNCell(5), "return_sequences": True}, (3, 2, 5), 3),
    ],
    ids=[
        "one_state_int",
        "one_state_list",
        "one_state_tuple",
        "one_state_sequences",
        "one_state_backwards_unroll",
        "two_states_list",
        "two_states_tuple",
        "two_states_sequences",
    ],
)
def test_basics(init_kwargs, expected_output_shape, expected_num_trainable_weights) -> None:
    check_layer(
        layers.RNN,
        init_kwargs=init_kwargs,
        input_shape=(3, 2, 4),
        expected_output_shape=expected_output_shape,
        expected_num_trainable_weights=expected_num_trainable_weights,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_compute_output_shape_single_state() -> None:
    sequence = np.ones((3, 4, 5))
    layer = layers.RNN(OneStateRNNCell(8), return_sequences=False)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape == (3, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape == (3, 4, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=False, return_state=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape[0] == (3, 8)
    assert output_shape[1] == (3, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=True, return_state=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape[0] == (3, 4, 8)
    assert output_shape[1] == (3, 8)


def test_compute_output_shape_two_states() -> None:
    sequence = np.ones((3, 4, 5))
    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=False)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape == (3, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape == (3, 4, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=False, return_state=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape[0] == (3, 8)
    assert output_shape[1] == (3, 8)
    assert output_shape[2] == (3, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=True, return_state=True)
    output_shape = layer.compute_output_shape(sequence.shape)
    assert output_shape[0] == (3, 4, 8)
    assert output_shape[1] == (3, 8)
    assert output_shape[2] == (3, 8)


def test_dynamic_shapes() -> None:
    sequence_shape = (None, None, 3)
    layer = layers.RNN(OneStateRNNCell(8), return_sequences=False)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape == (None, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape == (None, None, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=False, return_state=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape[0] == (None, 8)
    assert output_shape[1] == (None, 8)

    layer = layers.RNN(OneStateRNNCell(8), return_sequences=True, return_state=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape[0] == (None, None, 8)
    assert output_shape[1] == (None, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=False)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape == (None, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape == (None, None, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=False, return_state=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape[0] == (None, 8)
    assert output_shape[1] == (None, 8)
    assert output_shape[2] == (None, 8)

    layer = layers.RNN(TwoStatesRNNCell(8), return_sequences=True, return_state=True)
    output_shape = layer.compute_output_shape(sequence_shape)
    assert output_shape[0] == (None, None, 8)
    assert output_shape[1] == (None, 8)
    assert output_shape[2] == (None, 8)


def test_forward_pass_single_state() -> None:
    sequence = np.ones((1, 2, 3))
    layer = layers.RNN(OneStateRNNCell(2), return_sequences=False)
    output = layer(sequence)
    assert_all_close(output, np.array([[9.0, 9.0]]))

    layer = layers.RNN(OneStateRNNCell(2), return_sequences=True)
    output = layer(sequence)
    assert_all_close(output, np.array([[[3.0, 3.0], [9.0, 9.0]]]))

    layer = layers.RNN(OneStateRNNCell(2), return_sequences=False, return_state=True)
    output, state = layer(sequence)
    assert_all_close(output, np.array([[9.0, 9.0]]))
    assert_all_close(state, np.array([[9.0, 9.0]]))

    layer = layers.RNN(OneStateRNNCell(2), return_sequences=True, return_state=True)
    output, state = layer(sequence)
    assert_all_close(output, np.array([[[3.0, 3.0], [9.0, 9.0]]]))
    assert_all_close(state, np.array([[9.0, 9.0]]))


def test_forward_pass_two_states() -> None:
    sequence = np.ones((1, 2, 3))
    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=False)
    output = layer(sequence)
    assert_all_close(output, np.array([[18.0, 18.0]]))

    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=True)
    output = layer(sequence)
    assert_all_close(output, np.array([[[6.0, 6.0], [18.0, 18.0]]]))

    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=False, return_state=True)
    output, state1, state2 = layer(sequence)
    assert_all_close(output, np.array([[18.0, 18.0]]))
    assert_all_close(state1, np.array([[9.0, 9.0]]))
    assert_all_close(state2, np.array([[9.0, 9.0]]))

    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=True, return_state=True)
    output, state1, state2 = layer(sequence)
    assert_all_close(output, np.array([[[6.0, 6.0], [18.0, 18.0]]]))
    assert_all_close(state1, np.array([[9.0, 9.0]]))
    assert_all_close(state2, np.array([[9.0, 9.0]]))


def test_passing_initial_state_single_state() -> None:
    sequence = np.ones((2, 3, 2))
    state = np.ones((2, 2))
    layer = layers.RNN(OneStateRNNCell(2), return_sequences=False)
    output = layer(sequence, initial_state=state)
    assert_all_close(output, np.array([[22.0, 22.0], [22.0, 22.0]]))

    layer = layers.RNN(OneStateRNNCell(2), return_sequences=False, return_state=True)
    output, state = layer(sequence, initial_state=state)
    assert_all_close(output, np.array([[22.0, 22.0], [22.0, 22.0]]))
    assert_all_close(state, np.array([[22.0, 22.0], [22.0, 22.0]]))


def test_passing_initial_state_two_states() -> None:
    sequence = np.ones((2, 3, 2))
    state = [np.ones((2, 2)), np.ones((2, 2))]
    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=False)
    output = layer(sequence, initial_state=state)
    assert_all_close(output, np.array([[44.0, 44.0], [44.0, 44.0]]))

    layer = layers.RNN(TwoStatesRNNCell(2), return_sequences=False, return_state=True)
    output, state_1, state_2 = layer(sequence, initial_state=state)
    assert_all_close(output, np.array([[44.0, 44.0], [44.0, 44.0]]))
    assert_all_close(state_1, np.array([[22.0, 22.0], [22.0, 22.0]]))
    assert_all_close(state_2, np.array([[22.0, 22.0], [22.0, 22.0]]))


def test_statefulness_single_state() -> None:
    sequence = np.ones((1, 2, 3))
    layer = layers.RNN(OneStateRNNCell(2), stateful=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(output, np.array([[45.0, 45.0]]))

    layer = layers.RNN(OneStateRNNCell(2), stateful=True, return_state=True)
    layer(sequence)
    output, state = layer(sequence)
    assert_all_close(output, np.array([[45.0, 45.0]]))
    assert_all_close(state, np.array([[45.0, 45.0]]))


def test_statefulness_two_states() -> None:
    sequence = np.ones((1, 2, 3))
    layer = layers.RNN(TwoStatesRNNCell(2), stateful=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(output, np.array([[90.0, 90.0]]))

    layer = layers.RNN(TwoStatesRNNCell(2), stateful=True, return_state=True)
    layer(sequence)
    output, state_1, state_2 = layer(sequence)
    assert_all_close(output, np.array([[90.0, 90.0]]))
    assert_all_close(state_1, np.array([[45.0, 45.0]]))
    assert_all_close(state_2, np.array([[45.0, 45.0]]))


def test_go_backwards() -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    layer = layers.RNN(OneStateRNNCell(2), go_backwards=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(output, np.array([[202.0, 202.0], [538.0, 538.0]]))

    layer = layers.RNN(OneStateRNNCell(2), stateful=True, return_state=True)
    layer(sequence)
    output, state = layer(sequence)
    assert_all_close(output, np.array([[954.0, 954.0], [3978.0, 3978.0]]))
    assert_all_close(state, np.array([[954.0, 954.0], [3978.0, 3978.0]]))


@pytest.mark.parametrize("cell_class", [TwoStatesRNNCell, OneStateRNNCell])
def test_serialization(cell_class: type) -> None:
    layer = layers.RNN(cell_class(2), return_sequences=False)
    config = layer.get_config()
    revived = layers.RNN.from_config(config)
    assert revived.get_config() == config


def test_stateful_batch_size_mismatch_raises() -> None:
    batch_size = 4
    timesteps = 5
    features = 3

    layer = layers.RNN(TwoStatesRNNCell(2), stateful=True)
    inputs = layers.Input(shape=(timesteps, features), batch_size=batch_size)
    model = Model(inputs, layer(inputs))

    # Call once with correct batch size
    x = torch.rand(batch_size, timesteps, features)
    _ = model(x)

    # Expect ValueError when called with incorrect batch size
    with pytest.raises(ValueError, match="batch size"):
        x_bad = torch.rand(1, timesteps, features)
        model(x_bad)


def test_masking() -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, True, False], [True, True, False, False]])

    # Test unroll=False, return_sequences=False
    layer = layers.RNN(OneStateRNNCell(2), unroll=False)
    output = layer(sequence, mask=mask)
    assert_all_close(output, np.array([[57.0, 57.0], [126.0, 126.0]]), atol=1e-5, rtol=1e-5)

    # Test unroll=True, return_sequences=False
    layer = layers.RNN(OneStateRNNCell(2), unroll=True)
    output = layer(sequence, mask=mask)
    assert_all_close(output, np.array([[57.0, 57.0], [126.0, 126.0]]), atol=1e-5, rtol=1e-5)

    # Test unroll=False, return_sequences=True
    layer = layers.RNN(OneStateRNNCell(2), return_sequences=True, unroll=False)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array(
            [
                [[3.0, 3.0], [18.0, 18.0], [57.0, 57.0], [57.0, 57.0]],
                [
                    [39.0, 39.0],
                    [126.0, 126.0],
                    [126.0, 126.0],
                    [126.0, 126.0],
                ],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    # Test unroll=True, return_sequences=True
    layer = layers.RNN(OneStateRNNCell(2), return_sequences=True, unroll=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array(
            [
                [[3.0, 3.0], [18.0, 18.0], [57.0, 57.0], [57.0, 57.0]],
                [
                    [39.0, 39.0],
                    [126.0, 126.0],
                    [126.0, 126.0],
                    [126.0, 126.0],
                ],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )
