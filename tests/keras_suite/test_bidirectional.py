"""Port of ``keras/src/layers/rnn/bidirectional_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

Not ported:
- test_fused_lstm_eligibility: asserts Keras's private ``_can_attempt_fused_lstm`` cuDNN dispatch.
- test_fused_gru_eligibility: asserts Keras's private ``_can_attempt_fused_gru`` cuDNN dispatch.
- test_torch_cudnn_bidirectional_gru_dispatch_fires: spies on Keras's CUDA dispatch (CUDA only).
Changed: test_fused_lstm_matches_unfused and test_fused_gru_matches_unfused compare a layer made
with ``use_cudnn=False`` on the per-step path against one made with ``use_cudnn="auto"`` on the
fused kernels (``use_cudnn`` itself chooses nothing here), the weights copied with set_weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import initializers, layers, use_fused_kernels

from .layer_checks import assert_all_close, check_layer


def _constant(layer_class: type, units: int, **kwargs) -> layers.RNN:
    return layer_class(
        units,
        kernel_initializer=initializers.Constant(0.01),
        recurrent_initializer=initializers.Constant(0.02),
        bias_initializer=initializers.Constant(0.03),
        **kwargs,
    )


def test_basics() -> None:
    check_layer(
        layers.Bidirectional,
        init_kwargs={"layer": layers.SimpleRNN(4)},
        input_shape=(3, 2, 4),
        expected_output_shape=(3, 8),
        expected_num_trainable_weights=6,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
    check_layer(
        layers.Bidirectional,
        init_kwargs={
            "layer": layers.SimpleRNN(4),
            "backward_layer": layers.SimpleRNN(4, go_backwards=True),
            "merge_mode": "sum",
        },
        input_shape=(3, 2, 4),
        expected_output_shape=(3, 4),
        expected_num_trainable_weights=6,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_correctness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 3, 4)).astype("float32")
    forward_layer = _constant(layers.SimpleRNN, 2)
    layer = layers.Bidirectional(
        layer=forward_layer,
    )
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.39687276, 0.39687276, 0.10004295, 0.10004295],
                [0.7237238, 0.7237238, 0.53391594, 0.53391594],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = layers.Bidirectional(layer=forward_layer, merge_mode="ave")
    output = layer(sequence)
    assert_all_close(
        output,
        np.array([[0.24845785, 0.24845785], [0.6288199, 0.6288199]]),
        atol=1e-5,
        rtol=1e-5,
    )

    layer = layers.Bidirectional(layer=forward_layer, merge_mode=None)
    output1, output2 = layer(sequence)
    assert_all_close(
        output1,
        np.array([[0.39687276, 0.39687276], [0.7237238, 0.7237238]]),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        output2,
        np.array([[0.10004295, 0.10004295], [0.53391594, 0.53391594]]),
        atol=1e-5,
        rtol=1e-5,
    )

    backward_layer = layers.SimpleRNN(
        2,
        kernel_initializer=initializers.Constant(0.03),
        recurrent_initializer=initializers.Constant(0.02),
        bias_initializer=initializers.Constant(0.01),
        go_backwards=True,
    )
    layer = layers.Bidirectional(layer=forward_layer, backward_layer=backward_layer, merge_mode="mul")
    output = layer(sequence)
    assert_all_close(
        output,
        np.array([[0.08374989, 0.08374989], [0.6740834, 0.6740834]]),
        atol=1e-5,
        rtol=1e-5,
    )

    forward_layer = _constant(layers.GRU, 2, return_sequences=True)
    layer = layers.Bidirectional(layer=forward_layer, merge_mode="sum")
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [
                    [0.20937867, 0.20937867],
                    [0.34462988, 0.34462988],
                    [0.40290534, 0.40290534],
                ],
                [
                    [0.59829646, 0.59829646],
                    [0.6734641, 0.6734641],
                    [0.6479671, 0.6479671],
                ],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_statefulness(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    forward_layer = _constant(layers.LSTM, 2, stateful=True)
    # statefulrnn warns that a stateful backward half cannot continue a sequence across calls.
    with pytest.warns(layers.StatefulBidirectionalWarning):
        layer = layers.Bidirectional(layer=forward_layer)
    layer(sequence)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.26234663, 0.26234663, 0.16959146, 0.16959146],
                [0.6137073, 0.6137073, 0.5381646, 0.5381646],
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
                [0.26234663, 0.26234663, 0.16959146, 0.16959146],
                [0.6137073, 0.6137073, 0.5381646, 0.5381646],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_pass_initial_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    initial_state = [
        np.arange(4).reshape((2, 2)).astype("float32") * 1,
        np.arange(4).reshape((2, 2)).astype("float32") * 2,
        np.arange(4).reshape((2, 2)).astype("float32") * 3,
        np.arange(4).reshape((2, 2)).astype("float32") * 4,
    ]
    forward_layer = _constant(layers.LSTM, 2)
    layer = layers.Bidirectional(
        layer=forward_layer,
    )
    output = layer(sequence, initial_state=initial_state)
    assert_all_close(
        output,
        np.array(
            [
                [0.20794602, 0.4577124, 0.14046375, 0.48191673],
                [0.6682636, 0.6711909, 0.60943645, 0.60950446],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_masking(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    forward_layer = _constant(layers.GRU, 2)
    layer = layers.Bidirectional(layer=forward_layer)
    mask = np.array([[True, True, False, True], [True, False, False, True]])
    output = layer(sequence, mask=mask)
    assert_all_close(
        output,
        np.array(
            [
                [0.19393763, 0.19393763, 0.11669192, 0.11669192],
                [0.30818558, 0.30818558, 0.28380975, 0.28380975],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )


def test_return_state(compute_path: str) -> None:
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    forward_layer = _constant(layers.LSTM, 2, return_state=True)
    layer = layers.Bidirectional(layer=forward_layer)
    output, h1, c1, h2, c2 = layer(sequence)
    assert_all_close(
        output,
        np.array(
            [
                [0.1990008, 0.1990008, 0.12659755, 0.12659755],
                [0.52335435, 0.52335435, 0.44717982, 0.44717982],
            ]
        ),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        h1,
        np.array([[0.1990008, 0.1990008], [0.52335435, 0.52335435]]),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        c1,
        np.array([[0.35567185, 0.35567185], [1.0492687, 1.0492687]]),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        h2,
        np.array([[0.12659755, 0.12659755], [0.44717982, 0.44717982]]),
        atol=1e-5,
        rtol=1e-5,
    )
    assert_all_close(
        c2,
        np.array([[0.2501858, 0.2501858], [0.941473, 0.941473]]),
        atol=1e-5,
        rtol=1e-5,
    )


def test_output_shape() -> None:
    x = np.array([[[101, 202], [303, 404]]])
    for merge_mode in ["ave", "concat", "mul", "sum", None]:
        sub_layer = layers.LSTM(2, return_state=True)
        layer = layers.Bidirectional(sub_layer, merge_mode=merge_mode)
        output = layer(x)
        output_shape = layer.compute_output_shape(x.shape)
        for out, shape in zip(output, output_shape):
            assert out.shape == shape

    for merge_mode in ["concat", "ave", "mul", "sum"]:
        sub_layer = layers.LSTM(2, return_state=False)
        layer = layers.Bidirectional(sub_layer, merge_mode=merge_mode)
        output = layer(x)
        output_shape = layer.compute_output_shape(x.shape)
        assert output.shape == output_shape

    # return_state=False & merge_mode=None
    sub_layer = layers.LSTM(2, return_state=False)
    layer = layers.Bidirectional(sub_layer, merge_mode=None)
    output = layer(x)
    output_shape = layer.compute_output_shape(x.shape)
    for out, shape in zip(output, output_shape):
        assert out.shape == shape


def test_keeps_use_cudnn() -> None:
    # keep use_cudnn if the layer has it
    for rnn_class in [layers.GRU, layers.LSTM]:
        for use_cudnn in [True, False, "auto"]:
            rnn = rnn_class(1, use_cudnn=use_cudnn)
            bidi = layers.Bidirectional(rnn)
            assert bidi.forward_layer.use_cudnn == use_cudnn
            assert bidi.backward_layer.use_cudnn == use_cudnn

    # otherwise ignore it
    rnn = layers.SimpleRNN(1)
    bidi = layers.Bidirectional(rnn)
    assert not hasattr(bidi.forward_layer, "use_cudnn")
    assert not hasattr(bidi.backward_layer, "use_cudnn")


@pytest.mark.parametrize("rnn_class", [layers.LSTM, layers.GRU])
def test_fused_matches_unfused(rnn_class: type) -> None:
    # Keras's test_fused_lstm_matches_unfused and test_fused_gru_matches_unfused.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 6, 4)).astype("float32")

    def _build(use_cudnn):
        layer = layers.Bidirectional(
            rnn_class(
                5,
                use_cudnn=use_cudnn,
                return_sequences=True,
                kernel_initializer=initializers.GlorotUniform(seed=1),
                recurrent_initializer=initializers.Orthogonal(seed=2),
            )
        )
        layer.build(x.shape)
        return layer

    ref = _build(use_cudnn=False)
    fused = _build(use_cudnn="auto")
    fused.set_weights(ref.get_weights())

    with use_fused_kernels(False):
        expected = ref(x)
    assert_all_close(expected, fused(x), atol=1e-5)
