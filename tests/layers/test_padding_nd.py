"""ZeroPadding2D/3D, Cropping2D/3D and UpSampling2D/3D: Keras's numbers (tests/fixtures/padding_nd,
made by tools/keras_fixtures/padding_nd.py with Keras 3.15.1), shapes, configs, errors, a
TimeDistributed CNN before an LSTM whole and in stateful chunks, and a ConvLSTM2D -> 3-D
decoder."""

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
    Cropping1D,
    Cropping2D,
    Cropping3D,
    Dense,
    Flatten,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from statefulrnn.models import Sequential
from statefulrnn.models.step_flags import mixes_steps
from tests.fixture_scripts import fixture_script
from tests.fixtures import assert_config_round_trip, assert_whole_and_chunked, load_case, numbered_weights

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "padding_nd"
SCRIPT = fixture_script("padding_nd")
TOLERANCE = dict(rtol=1e-6, atol=1e-6)
# Exact where Keras only moves numbers about; bilinear and "area" compute (within TOLERANCE).
COMPUTED = ("bilinear", "area")


LAYERS = load_case("layers", FIXTURES)
CASES = sorted(LAYERS["spec"])


def _layer(name: str) -> tuple[Any, np.ndarray, np.ndarray]:
    cls, config, _ = LAYERS["spec"][name]
    return getattr(layers, cls)(**config), LAYERS[f"x_{name}"], LAYERS[f"y_{name}"]


# ----- Keras's numbers ------------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert CASES == sorted(SCRIPT.LAYER_CASES) and len(CASES) == 25


@pytest.mark.parametrize("name", CASES)
def test_layer_matches_keras(name: str) -> None:
    layer, x, y = _layer(name)
    got = layer(x).numpy()
    if any(word in name for word in COMPUTED):
        np.testing.assert_allclose(got, y, **TOLERANCE)
    else:
        np.testing.assert_array_equal(got, y)
    assert layer.compute_output_shape(x.shape) == y.shape


@pytest.mark.parametrize("name", CASES)
def test_config_round_trip_keeps_the_numbers(name: str) -> None:
    layer, x, _ = _layer(name)
    assert_config_round_trip(layer, x)


def test_bilinear_is_tensorflow_s_half_pixel_rule() -> None:
    # Doubling a row of two: output j samples the input at (j + 1/2) / 2 - 1/2, clamped to
    # [0, 1]: 0, 0.25, 0.75 and 1 of the way from the first to the second.
    got = UpSampling2D((1, 2), interpolation="bilinear")(torch.tensor([[[[0.0], [4.0]]]]))
    assert got.flatten().tolist() == [0.0, 1.0, 3.0, 4.0]
    # Keras's (2, 3) channels_first case: output row 1 samples input row 0.25, column 1 input
    # column (1 + 1/2) / 3 - 1/2 = 0 exactly.
    _, x, y = _layer("up_sampling2d_bilinear_channels_first")
    np.testing.assert_allclose(y[:, :, 1, 1], 0.75 * x[:, :, 0, 0] + 0.25 * x[:, :, 1, 0], **TOLERANCE)


# ----- models -----------------------------------------------------------------------------


def test_cnn_lstm_matches_keras_whole_and_in_stateful_chunks() -> None:
    build = functools.partial(SCRIPT.cnn_lstm, statefulrnn)
    assert_whole_and_chunked(build, load_case("model_cnn_lstm", FIXTURES), rtol=1e-5, atol=1e-6)


def test_convlstm2d_decoder_matches_keras() -> None:
    case = load_case("model_decoder", FIXTURES)
    model = SCRIPT.decoder(statefulrnn)
    model.set_weights(numbered_weights(case))
    with torch.no_grad():
        np.testing.assert_allclose(model(case["x"]).numpy(), case["y"], rtol=1e-5, atol=1e-6)
    assert model.compute_output_shape(case["x"].shape) == case["y"].shape


def test_keras_file_round_trip() -> None:
    model = Sequential(
        [
            ZeroPadding2D(((1, 0), 2), input_shape=(4, 3, 2)),
            UpSampling2D((2, 1), interpolation="bilinear"),
            Cropping2D((1, (0, 2))),
            layers.Reshape((8, 5, 2, 1)),
            UpSampling3D((1, 2, 1), data_format="channels_first"),
            ZeroPadding3D(1),
            Cropping3D(),
            Flatten(),
            Dense(1),
        ]
    )
    x = np.random.default_rng(0).normal(size=(2, 4, 3, 2)).astype("float32")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        save_keras(model, path)
        twin = load_keras(path)
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    configs = [layer.get_config() for layer in model.layers[:-2]]
    configs[0].pop("batch_input_shape")  # the loaded model declares its input in an InputLayer
    assert [layer.get_config() for layer in twin.layers[:-2]] == configs
    with torch.no_grad():
        np.testing.assert_array_equal(twin(x).numpy(), model(x).numpy())


def test_a_stream_pool_counts_them_among_the_layers_that_mix_steps() -> None:
    for layer in (ZeroPadding2D(), Cropping3D(), UpSampling2D(), UpSampling3D()):
        assert mixes_steps(layer)


# ----- shapes, defaults -------------------------------------------------------------------


def test_shapes_and_keras_s_attributes() -> None:
    assert ZeroPadding2D((1, 2)).padding == ((1, 1), (2, 2))
    assert ZeroPadding3D().padding == ((1, 1),) * 3 and Cropping3D().cropping == ((1, 1),) * 3
    assert Cropping2D().cropping == ((0, 0), (0, 0)) and Cropping2D(2).cropping == ((2, 2), (2, 2))
    assert UpSampling2D().size == (2, 2) and UpSampling3D(3).size == (3, 3, 3)
    assert UpSampling2D(interpolation="BILINEAR").interpolation == "bilinear"
    assert ZeroPadding2D(((0, 1), 2)).compute_output_shape((None, None, 4, 3)) == (None, None, 8, 3)
    cropped = Cropping2D(1, data_format="channels_first").compute_output_shape((5, 3, 4, None))
    assert cropped == (5, 3, 2, None)
    assert UpSampling3D((1, 2, 3)).compute_output_shape((2, None, 4, 5, 1)) == (2, None, 8, 15, 1)
    # the 1-D layers keep Keras's flat attributes
    assert ZeroPadding1D(2).padding == (2, 2) and Cropping1D().cropping == (1, 1) and UpSampling1D().size == 2


def test_configs_hold_keras_s_arguments_only() -> None:
    assert set(UpSampling2D().get_config()) >= {"size", "data_format", "interpolation"}
    assert "interpolation" not in UpSampling3D().get_config()
    assert "data_format" not in Cropping1D().get_config() and "data_format" not in UpSampling1D().get_config()
    with pytest.raises(TypeError):
        Cropping1D(data_format="channels_first")  # as Keras: Cropping1D has none


# ----- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: ZeroPadding2D((1, 2, 3)), ValueError, r"`padding` should have 2 elements"),
        (lambda: ZeroPadding3D((1, 2)), ValueError, r"`padding` should have 3 elements"),
        (lambda: ZeroPadding2D(-1), ValueError, r"`padding` cannot be negative\. Received: padding=-1"),
        (
            lambda: ZeroPadding2D(((1, -1), 0)),
            ValueError,
            r"`1st entry of padding` argument must be a tuple of 2 integers.*`value >= 0`",
        ),
        (lambda: ZeroPadding2D("ab"), ValueError, r"`padding` should be either an int"),
        (lambda: Cropping2D(-1), ValueError, r"`cropping` cannot be negative\. Received: cropping=-1"),
        (
            lambda: Cropping3D((0, 0, (1, 2, 3))),
            ValueError,
            r"`3rd entry of cropping` argument must be a tuple of 2 integers",
        ),
        (lambda: UpSampling2D(0), ValueError, r"`size` argument must be a tuple of 2 integers.*`value > 0`"),
        (lambda: UpSampling3D((1.5, 2, 2)), ValueError, r"`size` argument must be a tuple of 3 integers"),
        (lambda: UpSampling2D(interpolation="bicubic"), ValueError, r"does not do interpolation='bicubic'"),
        (lambda: UpSampling2D(interpolation="lanczos5"), ValueError, r"Use one of \('nearest', 'bilinear'"),
        (
            lambda: UpSampling2D(interpolation="cubic"),
            ValueError,
            r"Invalid value for argument `interpolation`",
        ),
        (lambda: ZeroPadding2D(data_format="NCHW"), ValueError, r"`data_format` argument must be one of"),
    ],
)
def test_bad_arguments_are_refused(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"expects inputs of rank 4, \(N, H, W, C\)\. Received: shape \(2, 5, 3\)"
    ):
        ZeroPadding2D()(torch.zeros(2, 5, 3))
    with pytest.raises(ValueError, match=r"expects inputs of rank 5, \(N, C, D, H, W\)"):
        UpSampling3D(data_format="channels_first")(torch.zeros(2, 5, 3, 4))
    with pytest.raises(
        ValueError, match=r"should be smaller than the corresponding spatial dimension of the input"
    ):
        Cropping2D(((3, 0), 0))(torch.zeros(2, 3, 4, 2))
    with pytest.raises(
        ValueError,
        match=r"Values in `cropping` argument should be smaller.*cropping=\(\(1, 1\), \(1, 1\), \(1, 1\)\)",
    ):
        Cropping3D().compute_output_shape((None, 3, 2, 5, 1))
