"""Port of ``keras/src/layers/rnn/simple_rnn_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

Every test is ported. Left out of them:
- test_basics: ``expected_num_non_trainable_variables=1`` counts Keras's dropout seed-generator
  variable, a Keras internal (our dropout draws from torch's generator).
"""

from __future__ import annotations

import numpy as np

from statefulrnn import initializers, layers

from .layer_checks import assert_all_close, check_layer


def _constant_simple_rnn(units: int, **kwargs) -> layers.SimpleRNN:
    return layers.SimpleRNN(
        units,
        kernel_initializer=initializers.Constant(0.01),
        recurrent_initializer=initializers.Constant(0.02),
        bias_initializer=initializers.Constant(0.03),
        **kwargs,
    )


def test_basics() -> None:
    check_layer(
        layers.SimpleRNN,
        init_kwargs={"units": 3, "dropout": 0.5, "recurrent_dropout": 0.5},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 3),
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.SimpleRNN,
        init_kwargs={
            "units": 3,
            "return_sequences": True,
            "bias_regularizer": "l1",
            "kernel_regularizer": "l2",
            "recurrent_regularizer": "l2",
        },
        input_shape=(3, 2, 4),
        expected_output_shape=(3, 2, 3),
        expected_num_losses=3,
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_correctness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    layer = _constant_simple_rnn(4)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.405432, 0.405432, 0.405432, 0.405432],
                [0.73605347, 0.73605347, 0.73605347, 0.73605347],
            ]
        ),
    )
    layer = _constant_simple_rnn(4, unroll=True)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.405432, 0.405432, 0.405432, 0.405432],
                [0.73605347, 0.73605347, 0.73605347, 0.73605347],
            ]
        ),
    )

    layer = _constant_simple_rnn(4, go_backwards=True)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.11144729, 0.11144729, 0.11144729, 0.11144729],
                [0.5528889, 0.5528889, 0.5528889, 0.5528889],
            ]
        ),
    )
    layer = _constant_simple_rnn(4, go_backwards=True, unroll=True)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.11144729, 0.11144729, 0.11144729, 0.11144729],
                [0.5528889, 0.5528889, 0.5528889, 0.5528889],
            ]
        ),
    )


def test_statefulness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    layer = _constant_simple_rnn(4, stateful=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.40559256, 0.40559256, 0.40559256, 0.40559256],
                [0.7361247, 0.7361247, 0.7361247, 0.7361247],
            ]
        ),
    )
    layer.reset_state()
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.40559256, 0.40559256, 0.40559256, 0.40559256],
                [0.7361247, 0.7361247, 0.7361247, 0.7361247],
            ]
        ),
    )


def test_pass_initial_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    initial_state = np.arange(8).reshape((2, 4)).astype("float32")
    layer = _constant_simple_rnn(4)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(
        output,
        np.array(
            [
                [0.33621645, 0.33621645, 0.33621645, 0.33621645],
                [0.6262637, 0.6262637, 0.6262637, 0.6262637],
            ]
        ),
    )

    layer = _constant_simple_rnn(4, go_backwards=True)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(
        output,
        np.array(
            [
                [0.07344437, 0.07344437, 0.07344437, 0.07344437],
                [0.43043602, 0.43043602, 0.43043602, 0.43043602],
            ]
        ),
    )


def test_masking(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, True], [True, False, False, True]])
    layer = _constant_simple_rnn(4, unroll=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array(
            [
                [0.32951632, 0.32951632, 0.32951632, 0.32951632],
                [0.61799484, 0.61799484, 0.61799484, 0.61799484],
            ]
        ),
    )

    layer = _constant_simple_rnn(2, return_sequences=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.0599281, 0.0599281],
                [0.15122814, 0.15122814],
                [0.15122814, 0.15122814],
                [0.32394567, 0.32394567],
            ]
        ),
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.3969304, 0.3969304],
                [0.3969304, 0.3969304],
                [0.3969304, 0.3969304],
                [0.608085, 0.608085],
            ]
        ),
    )

    layer = _constant_simple_rnn(2, return_sequences=True, zero_output_for_mask=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.0599281, 0.0599281],
                [0.15122814, 0.15122814],
                [0.0, 0.0],
                [0.32394567, 0.32394567],
            ]
        ),
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.3969304, 0.3969304],
                [0.0, 0.0],
                [0.0, 0.0],
                [0.608085, 0.608085],
            ]
        ),
    )

    layer = _constant_simple_rnn(4, go_backwards=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array(
            [
                [0.07376196, 0.07376196, 0.07376196, 0.07376196],
                [0.43645123, 0.43645123, 0.43645123, 0.43645123],
            ]
        ),
    )
