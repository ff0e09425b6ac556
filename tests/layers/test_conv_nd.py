"""Conv2D, Conv3D and the 2-D and 3-D pooling layers: Keras's numbers (tests/fixtures/conv_nd,
made by tools/keras_fixtures/conv_nd.py), shapes, configs, errors, a CNN-LSTM on videos run
whole and in chunks, and keras-io's ConvLSTM2D -> Conv3D next-frame stack."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import (
    LSTM,
    AveragePooling2D,
    AveragePooling3D,
    Conv1D,
    Conv2D,
    Conv3D,
    Dense,
    Flatten,
    GlobalAveragePooling2D,
    GlobalMaxPooling3D,
    MaxPooling2D,
    MaxPooling3D,
    TimeDistributed,
)
from statefulrnn.models import Sequential
from tests.fixture_scripts import fixture_script
from tests.fixtures import (
    assert_config_round_trip,
    assert_whole_and_chunked,
    load_case,
    numbered_weights,
    recorded_layer,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conv_nd"
LAYER_CASES = sorted(p.stem for p in FIXTURES.glob("*.npz") if not p.stem.startswith("model_"))
TOLERANCE = dict(rtol=1e-5, atol=1e-5)
SCRIPT = fixture_script("conv_nd")


# ----- Keras's numbers ------------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert len(LAYER_CASES) == len(SCRIPT.LAYER_CASES) == 28


@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_matches_keras(name: str) -> None:
    layer, case = recorded_layer(name, FIXTURES)
    with torch.no_grad():
        got = layer(case["x"]).numpy()
    np.testing.assert_allclose(got, case["y"], **TOLERANCE)
    assert layer.compute_output_shape(case["x"].shape) == case["y"].shape


@pytest.mark.parametrize("name", LAYER_CASES)
def test_config_round_trip_keeps_the_numbers(name: str) -> None:
    layer, case = recorded_layer(name, FIXTURES)
    assert_config_round_trip(layer, case["x"])


def test_same_average_pooling_divides_by_the_real_inputs_only() -> None:
    # TensorFlow's rule, checked against Keras's output: a 3x3 "same" pool with strides 2 over
    # an 8x7 image pads the rows (0, 1) and the columns (1, 1); the corner windows hold 3x2 and
    # 2x2 real places, and their means are over those alone.
    case = load_case("avgpool2d_same", FIXTURES)
    x, y = case["x"], case["y"]
    np.testing.assert_allclose(y[:, 0, 0], x[:, 0:3, 0:2].mean(axis=(1, 2)), **TOLERANCE)
    np.testing.assert_allclose(y[:, -1, -1], x[:, 6:8, 5:7].mean(axis=(1, 2)), **TOLERANCE)


# ----- models -----------------------------------------------------------------------------


def test_cnn_lstm_on_videos_matches_keras_whole_and_in_chunks() -> None:
    build = functools.partial(SCRIPT.cnn_lstm, statefulrnn)
    assert_whole_and_chunked(build, load_case("model_cnn_lstm", FIXTURES), **TOLERANCE)


def test_cnn_lstm_declared_on_its_first_layer_runs_whole_and_in_chunks() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            TimeDistributed(Conv2D(4, 3, activation="relu"), batch_input_shape=(2, None, 8, 8, 1)),
            TimeDistributed(MaxPooling2D()),
            TimeDistributed(Flatten()),
            LSTM(4, stateful=True),
            Dense(1),
        ]
    )
    x = torch.randn(2, 6, 8, 8, 1)
    assert model.compute_output_shape((2, 6, 8, 8, 1)) == (2, 1)
    with torch.no_grad():
        whole = model(x)
        model.reset_states()
        for start in range(0, 6, 2):
            last = model(x[:, start : start + 2])
    torch.testing.assert_close(last, whole, rtol=1e-5, atol=1e-6)


def test_next_frame_convlstm2d_conv3d_stack_matches_keras() -> None:
    case = load_case("model_next_frame", FIXTURES)
    model = SCRIPT.build_model(statefulrnn, SCRIPT.NEXT_FRAME, case["x"].shape)
    model.set_weights(numbered_weights(case))
    with torch.no_grad():
        np.testing.assert_allclose(model(case["x"]).numpy(), case["y"], **TOLERANCE)


def test_keras_file_round_trip() -> None:
    case = load_case("model_next_frame", FIXTURES)
    model = Sequential(
        [
            Conv3D(2, 2, padding="same", input_shape=case["x"].shape[1:]),
            MaxPooling3D((1, 2, 2), padding="same"),
            AveragePooling3D(2, padding="same"),
            GlobalMaxPooling3D(),
            Dense(1),
        ]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        save_keras(model, path)
        twin = load_keras(path)
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    with torch.no_grad():
        np.testing.assert_array_equal(twin(case["x"]).numpy(), model(case["x"]).numpy())


# ----- shapes, weights, names -------------------------------------------------------------


def test_kernel_layout_and_shapes() -> None:
    conv = Conv2D(6, (3, 2), groups=2, data_format="channels_first")
    assert conv(torch.zeros(1, 4, 7, 5)).shape == (1, 6, 5, 4)
    assert [w.shape for w in conv.get_weights()] == [(3, 2, 2, 6), (6,)]
    assert Conv3D(2, 3, strides=2, padding="same").compute_output_shape((None, 5, 6, 7, 1)) == (
        None, 3, 3, 4, 2,
    )  # fmt: skip
    assert Conv2D(2, 3).compute_output_shape((None, None, 9, 3)) == (None, None, 7, 2)
    assert MaxPooling2D().compute_output_shape((None, 7, 6, 3)) == (None, 3, 3, 3)
    assert AveragePooling2D(3, strides=2, padding="same").compute_output_shape((4, 8, 7, 2)) == (4, 4, 4, 2)
    assert GlobalAveragePooling2D(keepdims=True).compute_output_shape((4, 8, 7, 2)) == (4, 1, 1, 2)
    assert GlobalMaxPooling3D(data_format="channels_first").compute_output_shape((4, 2, 3, 5, 6)) == (4, 2)


def test_keras_short_names_are_the_same_classes() -> None:
    assert layers.Convolution2D is Conv2D and layers.Convolution3D is Conv3D
    assert layers.MaxPool2D is MaxPooling2D and layers.AvgPool3D is AveragePooling3D
    assert layers.GlobalAvgPool2D is GlobalAveragePooling2D and layers.GlobalMaxPool3D is GlobalMaxPooling3D
    assert not isinstance(Conv2D(1, 1), Conv1D)  # each rank its own class, as in Keras


def test_pool_size_defaults_as_keras() -> None:
    assert MaxPooling2D().pool_size == MaxPooling2D().strides == (2, 2)
    assert MaxPooling3D(strides=1).pool_size == (2, 2, 2)
    with pytest.raises(TypeError, match="pool_size"):
        AveragePooling2D()  # no default, as in Keras


# ----- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Conv2D(0, 3), ValueError, r"Expected a strictly positive value. Received filters=0"),
        (lambda: Conv2D(3, (3, 3, 3)), ValueError, r"`kernel_size` argument must be a tuple of 2 integers"),
        (lambda: Conv3D(3, (3, 3)), ValueError, r"`kernel_size` argument must be a tuple of 3 integers"),
        (lambda: Conv2D(2, 3, padding="causal"), ValueError, r"Received: 'causal'"),
        (lambda: Conv2D(2, 3, strides=2, dilation_rate=(1, 2)), ValueError, r"`strides > 1` not supported"),
        (
            lambda: Conv2D(3, 3, groups=2),
            ValueError,
            r"filters must be evenly divisible by the number of groups",
        ),
        (lambda: Conv3D(2, 3, data_format="NHWC"), ValueError, r"`data_format` argument must be one of"),
        (lambda: MaxPooling2D((2, 0)), ValueError, r"do not satisfy `value > 0`"),
        (lambda: AveragePooling3D(2, padding="full"), ValueError, r"`padding` argument must be one of"),
    ],
)
def test_bad_arguments_are_refused(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"expects inputs of rank 4, \(N, H, W, C\)\. Received: shape \(2, 5, 3\)"
    ):
        Conv2D(2, 3)(torch.zeros(2, 5, 3))
    with pytest.raises(ValueError, match=r"expects inputs of rank 5, \(N, C, D, H, W\)"):
        MaxPooling3D(data_format="channels_first")(torch.zeros(2, 5, 3, 4))
    with pytest.raises(ValueError, match=r"input channels must be evenly divisible by the number of groups"):
        Conv2D(2, 1, groups=2)(torch.zeros(1, 3, 3, 3))
    with pytest.raises(ValueError, match=r"Computed output size would be zero or negative"):
        Conv3D(1, (2, 4, 2))(torch.zeros(1, 3, 3, 3, 1))
    with pytest.raises(ValueError, match=r"cannot pool windows of 3 steps over 2 steps"):
        MaxPooling2D(3)(torch.zeros(1, 4, 2, 1))
    conv = Conv2D(2, 1)
    conv(torch.zeros(1, 3, 3, 2))
    with pytest.raises(ValueError, match=r"was built for 2 input channels"):
        conv(torch.zeros(1, 3, 3, 4))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_a_subclass_s_convolution_op_is_what_call_runs_then_bias_and_activation(data_format: str) -> None:
    # keras.io's weight-standardized Conv2D overrides convolution_op(inputs, kernel), which
    # Keras's call runs before adding the bias and applying the activation.
    class Doubled(statefulrnn.layers.Conv2D):
        def convolution_op(self, inputs, kernel):
            return super().convolution_op(inputs, 2.0 * kernel)

    x = torch.randn(2, 5, 4, 3) if data_format == "channels_last" else torch.randn(2, 3, 5, 4)
    options = dict(filters=2, kernel_size=(2, 3), padding="same", activation="relu", data_format=data_format)
    doubled, plain = Doubled(**options), statefulrnn.layers.Conv2D(**options)
    doubled(x), plain(x)
    kernel, bias = doubled.get_weights()
    plain.set_weights([2 * kernel, bias + 0.5])
    doubled.set_weights([kernel, bias + 0.5])
    torch.testing.assert_close(doubled(x), plain(x))
    no_bias = statefulrnn.layers.Conv2D(**{**options, "activation": None, "use_bias": False})
    no_bias(x)
    no_bias.set_weights([2 * kernel])
    torch.testing.assert_close(plain.convolution_op(x, plain.kernel), no_bias(x))
