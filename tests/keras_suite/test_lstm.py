"""Port of ``keras/src/layers/rnn/lstm_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

Every test is ported (test_masking's ``xfail`` applies only to TensorFlow on a GPU).
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import initializers, layers

from .layer_checks import assert_all_close, check_layer


def _constant_lstm(units: int, **kwargs) -> layers.LSTM:
    return layers.LSTM(
        units,
        kernel_initializer=initializers.Constant(0.01),
        recurrent_initializer=initializers.Constant(0.02),
        bias_initializer=initializers.Constant(0.03),
        **kwargs,
    )


def test_basics() -> None:
    check_layer(
        layers.LSTM,
        init_kwargs={"units": 3, "dropout": 0.5},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 3),
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.LSTM,
        init_kwargs={"units": 3, "dropout": 0.5, "recurrent_dropout": 0.5},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 3),
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.LSTM,
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


@pytest.mark.parametrize("implementation", [1, 2])
def test_correctness(compute_path: str, implementation: int) -> None:
    sequence = np.arange(72).reshape((3, 6, 4)).astype("float32")
    layer = _constant_lstm(3, implementation=implementation)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.6288687, 0.6288687, 0.6288687],
                [0.86899155, 0.86899155, 0.86899155],
                [0.9460773, 0.9460773, 0.9460773],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(3, go_backwards=True, implementation=implementation)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.35622165, 0.35622165, 0.35622165],
                [0.74789524, 0.74789524, 0.74789524],
                [0.8872726, 0.8872726, 0.8872726],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(3, unroll=True, implementation=implementation)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.6288687, 0.6288687, 0.6288687],
                [0.86899155, 0.86899155, 0.86899155],
                [0.9460773, 0.9460773, 0.9460773],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(3, unit_forget_bias=False, implementation=implementation)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.57019705, 0.57019705, 0.57019705],
                [0.8661914, 0.8661914, 0.8661914],
                [0.9459622, 0.9459622, 0.9459622],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(3, use_bias=False, implementation=implementation)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.54986924, 0.54986924, 0.54986924],
                [0.86226785, 0.86226785, 0.86226785],
                [0.9443936, 0.9443936, 0.9443936],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_statefulness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    layer = _constant_lstm(4, stateful=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.3124785, 0.3124785, 0.3124785, 0.3124785],
                [0.6863672, 0.6863672, 0.6863672, 0.6863672],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )
    layer.reset_state()
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.3124785, 0.3124785, 0.3124785, 0.3124785],
                [0.6863672, 0.6863672, 0.6863672, 0.6863672],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_pass_initial_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    initial_state = [
        np.arange(4).reshape((2, 2)).astype("float32"),
        np.arange(4).reshape((2, 2)).astype("float32"),
    ]
    layer = _constant_lstm(2)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(
        output,
        np.array([[0.20574439, 0.3558822], [0.64930826, 0.66276]]),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(2, go_backwards=True)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(
        output,
        np.array([[0.13281618, 0.2790356], [0.5839337, 0.5992567]]),
        atol=1e-5,
        rtol=1e-5,
    )


def test_masking(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, True, False], [True, True, False, False]])
    layer = _constant_lstm(2, unroll=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array([[0.11755939, 0.11755939], [0.28556206, 0.28556206]]),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(2, return_sequences=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.01588910, 0.01588910],
                [0.05552048, 0.05552048],
                [0.11755939, 0.11755939],
                [0.11755939, 0.11755939],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.14185596, 0.14185596],
                [0.28556206, 0.28556206],
                [0.28556206, 0.28556206],
                [0.28556206, 0.28556206],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_lstm(2, return_sequences=True, zero_output_for_mask=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.01588910, 0.01588910],
                [0.05552048, 0.05552048],
                [0.11755939, 0.11755939],
                [0.0, 0.0],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.14185596, 0.14185596],
                [0.28556206, 0.28556206],
                [0.0, 0.0],
                [0.0, 0.0],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    backwards_mask = np.array([[False, True, True, True], [False, False, True, True]])
    layer = _constant_lstm(2, go_backwards=True)
    output = layer(sequence, mask=backwards_mask)
    assert_all_close(
        output,
        np.array([[0.15341201, 0.15341201], [0.3844719, 0.3844719]]),
        atol=1e-5,
        rtol=1e-5,
    )
