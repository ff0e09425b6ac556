"""Port of ``keras/src/layers/rnn/gru_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

Not ported:
- test_stateful_with_symbolic_batch_size: a TensorFlow ``tf.function`` with a symbolic batch size.
- test_torch_cudnn_dispatch_fires: spies on Keras's torch-backend cuDNN dispatch (CUDA only).
Changed: test_correctness is parametrised in Keras over ``implementation`` but never passes it to
the layer; it runs once here.
"""

from __future__ import annotations

import numpy as np

from statefulrnn import initializers, layers

from .layer_checks import assert_all_close, check_layer


def _constant_gru(units: int, **kwargs) -> layers.GRU:
    return layers.GRU(
        units,
        kernel_initializer=initializers.Constant(0.01),
        recurrent_initializer=initializers.Constant(0.02),
        bias_initializer=initializers.Constant(0.03),
        **kwargs,
    )


def test_basics() -> None:
    check_layer(
        layers.GRU,
        init_kwargs={"units": 3, "dropout": 0.5},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 3),
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.GRU,
        init_kwargs={"units": 3, "dropout": 0.5, "recurrent_dropout": 0.5},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 3),
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.GRU,
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
    sequence = np.arange(72).reshape((3, 6, 4)).astype("float32")
    layer = _constant_gru(3)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.5217289, 0.5217289, 0.5217289],
                [0.6371659, 0.6371659, 0.6371659],
                [0.39384964, 0.39384964, 0.3938496],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_gru(3, go_backwards=True)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.24406259, 0.24406259, 0.24406259],
                [0.611516, 0.611516, 0.611516],
                [0.3928808, 0.3928808, 0.3928808],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_gru(3, unroll=True)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.5217289, 0.5217289, 0.5217289],
                [0.6371659, 0.6371659, 0.6371659],
                [0.39384964, 0.39384964, 0.3938496],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_gru(3, reset_after=False)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.51447755, 0.51447755, 0.51447755],
                [0.6426879, 0.6426879, 0.6426879],
                [0.40208298, 0.40208298, 0.40208298],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = _constant_gru(3, use_bias=False)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.49988455, 0.49988455, 0.49988455],
                [0.64701194, 0.64701194, 0.64701194],
                [0.4103359, 0.4103359, 0.4103359],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_statefulness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    layer = _constant_gru(4, stateful=True)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.29542392, 0.29542392, 0.29542392, 0.29542392],
                [0.5885018, 0.5885018, 0.5885018, 0.5885018],
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
                [0.29542392, 0.29542392, 0.29542392, 0.29542392],
                [0.5885018, 0.5885018, 0.5885018, 0.5885018],
            ]
        ),
    )


def test_pass_initial_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    initial_state = np.arange(4).reshape((2, 2)).astype("float32")
    layer = _constant_gru(2)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(output, np.array([[0.23774096, 0.33508456], [0.83659905, 1.0227708]]))

    layer = _constant_gru(2, go_backwards=True)
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(output, np.array([[0.13486053, 0.23261218], [0.78257304, 0.9691353]]))


def test_pass_return_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    initial_state = np.arange(4).reshape((2, 2)).astype("float32")

    # Test with go_backwards=False
    layer = _constant_gru(2, return_state=True)
    output, state = layer(sequence, initial_state=initial_state)
    assert_all_close(output, np.array([[0.23774096, 0.33508456], [0.83659905, 1.0227708]]))
    assert_all_close(output, state)

    # Test with go_backwards=True
    layer = _constant_gru(2, return_state=True, go_backwards=True)
    output, state = layer(sequence, initial_state=initial_state)
    assert_all_close(output, np.array([[0.13486053, 0.23261218], [0.78257304, 0.9691353]]))
    assert_all_close(output, state)


def test_masking(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, True], [True, False, False, True]])
    layer = _constant_gru(2, unroll=True)
    output = layer(sequence, mask=mask)
    assert_all_close(output, np.array([[0.19393763, 0.19393763], [0.30818558, 0.30818558]]))

    layer = _constant_gru(2, return_sequences=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.03606692, 0.03606692],
                [0.09497581, 0.09497581],
                [0.09497581, 0.09497581],
                [0.19393763, 0.19393763],
            ]
        ),
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.16051409, 0.16051409],
                [0.16051409, 0.16051409],
                [0.16051409, 0.16051409],
                [0.30818558, 0.30818558],
            ]
        ),
    )

    layer = _constant_gru(2, return_sequences=True, zero_output_for_mask=True)
    output = layer(sequence, mask=mask)
    assert_all_close(
        output[0],
        np.array(
            [
                [0.03606692, 0.03606692],
                [0.09497581, 0.09497581],
                [0.0, 0.0],
                [0.19393763, 0.19393763],
            ]
        ),
    )
    assert_all_close(
        output[1],
        np.array(
            [
                [0.16051409, 0.16051409],
                [0.0, 0.0],
                [0.0, 0.0],
                [0.30818558, 0.30818558],
            ]
        ),
    )

    layer = _constant_gru(2, go_backwards=True)
    output = layer(sequence, mask=mask)
    assert_all_close(output, np.array([[0.11669192, 0.11669192], [0.28380975, 0.28380975]]))


def test_legacy_implementation_argument(compute_path: str) -> None:
    sequence = np.arange(72).reshape((3, 6, 4)).astype("float32")
    layer = _constant_gru(3)
    config = layer.get_config()
    config["implementation"] = 0  # Add legacy argument
    layer = layers.GRU.from_config(config)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.5217289, 0.5217289, 0.5217289],
                [0.6371659, 0.6371659, 0.6371659],
                [0.39384964, 0.39384964, 0.3938496],
            ]
        ),
    )
