"""Conv2DTranspose and Conv3DTranspose: Keras's numbers (tests/fixtures/conv_transpose_nd, made by
tools/keras_fixtures/conv_transpose_nd.py) for each padding, stride, output padding, dilation
and layout, a generator and a 3-D autoencoder trained by ``fit`` to Keras's losses and weights,
files both ways, dilation by consistency where TensorFlow's kernel aborts, shapes, names and
errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3DTranspose
from statefulrnn.models.step_flags import check_honoured, mixes_steps
from tests.fixture_scripts import fixture_script
from tests.fixtures import assert_config_round_trip, recorded_layer
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conv_transpose_nd"
LAYER_CASES = sorted(p.stem for p in FIXTURES.glob("t*.npz"))
MODELS = ("generator", "autoencoder3d")
TOLERANCE = dict(rtol=1e-5, atol=1e-5)
SCRIPT = fixture_script("conv_transpose_nd")


# ----- Keras's numbers ------------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert len(LAYER_CASES) == len(SCRIPT.LAYER_CASES) == 18


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


@pytest.mark.parametrize(
    "arguments, shape",
    [
        # TensorFlow's oneDNN kernel aborts on this one, so Keras recorded none like it.
        ({"kernel_size": (2, 3), "dilation_rate": (3, 2), "padding": "same", "output_padding": 0}, (5, 4)),
        ({"kernel_size": 2, "dilation_rate": 3, "output_padding": (0, 0)}, (4, 3)),
        ({"kernel_size": (2, 2, 3), "dilation_rate": (2, 1, 2), "padding": "same"}, (3, 4, 3)),
        ({"kernel_size": 2, "dilation_rate": (1, 3, 1), "data_format": "channels_first"}, (3, 4, 3)),
    ],
)
def test_a_dilated_kernel_is_the_undilated_one_with_zeros_between_its_taps(
    arguments: dict, shape: tuple
) -> None:
    cls = Conv2DTranspose if len(shape) == 2 else Conv3DTranspose
    first = arguments.get("data_format") == "channels_first"
    x = torch.randn(2, 3, *shape) if first else torch.randn(2, *shape, 3)
    torch.manual_seed(0)
    dilated = cls(2, bias_initializer="random_normal", **arguments)
    dilated.build(tuple(x.shape))
    kernel, bias = dilated.get_weights()
    spread = np.zeros((*dilated._extents, *kernel.shape[-2:]), np.float32)
    spread[tuple(slice(None, None, d) for d in dilated.dilation_rate)] = kernel
    plain = cls(2, **{**arguments, "kernel_size": dilated._extents, "dilation_rate": 1})
    plain.build(tuple(x.shape))
    plain.set_weights([spread, bias])
    with torch.no_grad():
        torch.testing.assert_close(dilated(x), plain(x), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "cls, arguments",
    [
        (Conv2DTranspose, {"kernel_size": (3, 2), "strides": (2, 3), "padding": "same", "output_padding": 1}),
        (Conv3DTranspose, {"kernel_size": 2, "strides": (1, 3, 2)}),
    ],
)
def test_channels_first_is_the_channels_last_layer_with_its_axes_moved(cls: type, arguments: dict) -> None:
    torch.manual_seed(0)
    x = torch.randn(2, *(4,) * cls.rank, 3)
    last = cls(2, bias_initializer="random_normal", **arguments)
    first = cls(2, data_format="channels_first", **arguments)
    last.build(tuple(x.shape))
    first.build((None, 3, *x.shape[1:-1]))
    first.set_weights(last.get_weights())
    with torch.no_grad():
        torch.testing.assert_close(first(x.movedim(-1, 1)).movedim(1, -1), last(x), rtol=1e-5, atol=1e-6)


# ----- models trained by fit, files ---------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_a_model_trains_as_keras(name: str) -> None:
    data = np.load(FIXTURES / f"model_{name}.npz")
    model = getattr(SCRIPT, name)(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", data))
    model.compile(optimizer=srnn.optimizers.Adam(learning_rate=0.01), loss="mse")
    history = model.fit(
        data["x"], data["target"], epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0
    )
    np.testing.assert_allclose(history.history["loss"], data["loss"], rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"], data["val_loss"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", data), strict=True):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["predicted"], atol=1e-5, rtol=0)


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    data = np.load(FIXTURES / "model_generator.npz")
    model = load_keras(FIXTURES / "generator.keras")
    assert sum(isinstance(layer, Conv2DTranspose) for layer in model.layers) == 2
    assert_predicts_and_keeps(model, data["x"], data["predicted"], tmp_path)


def test_our_keras_file_round_trips(tmp_path: Path) -> None:
    data = np.load(FIXTURES / "model_autoencoder3d.npz")
    model = SCRIPT.autoencoder3d(srnn)
    model.set_weights(weights("after", data))
    save_keras(model, tmp_path / "autoencoder3d.keras")
    twin = load_keras(tmp_path / "autoencoder3d.keras")
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    assert twin.layers[1].get_config() == model.layers[1].get_config()
    np.testing.assert_allclose(twin.predict(data["x"], verbose=0), data["predicted"], atol=1e-5, rtol=0)


@needs_keras
@pytest.mark.parametrize("name", MODELS)
def test_keras_reads_our_file(tmp_path: Path, name: str) -> None:
    data = np.load(FIXTURES / f"model_{name}.npz")
    model = getattr(SCRIPT, name)(srnn)
    model.set_weights(weights("after", data))
    save_keras(model, tmp_path / f"{name}.keras")
    assert keras_prediction_error(tmp_path / f"{name}.keras", FIXTURES / f"model_{name}.npz", ["x"]) < 1e-5


# ----- shapes, weights, names, step flags ---------------------------------------------------


def test_kernel_layout_and_shapes() -> None:
    up = Conv2DTranspose(6, (3, 2), strides=(2, 1), data_format="channels_first")
    assert up(torch.zeros(1, 4, 5, 7)).shape == (1, 6, 11, 8)
    assert [w.shape for w in up.get_weights()] == [(3, 2, 6, 4), (6,)]  # filters before channels
    assert Conv3DTranspose(2, 3, strides=2, padding="same").compute_output_shape((None, 5, None, 7, 1)) == (
        None, 10, None, 14, 2,
    )  # fmt: skip
    valid = Conv2DTranspose(2, 2, strides=3)  # a kernel shorter than the stride: the stride wins
    assert valid.compute_output_shape((4, 3, 5, 1)) == (4, 9, 15, 2)
    padded = Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=(0, 1))
    assert padded.compute_output_shape((4, 3, 5, 1)) == (4, 5, 10, 2)


def test_keras_names_are_the_same_classes() -> None:
    assert layers.Convolution2DTranspose is layers.Deconvolution2D is Conv2DTranspose
    assert layers.Convolution3DTranspose is layers.Deconvolution3D is Conv3DTranspose
    assert srnn.layers.convolutional.Deconvolution3D is Conv3DTranspose  # Keras 2's module path
    assert not isinstance(Conv2DTranspose(1, 1), Conv2D)  # its own class, as in Keras
    assert not isinstance(Conv1DTranspose(1, 1), layers.Conv1D)


def test_they_mix_steps_and_refuse_resets_inside_a_call() -> None:
    assert mixes_steps(Conv2DTranspose(2, 1)) and mixes_steps(Conv3DTranspose(2, 1))
    assert not mixes_steps(Conv1DTranspose(2, 1))  # one step to one step: a Dense
    with pytest.raises(ValueError, match=r"\(Conv2DTranspose\) cannot honour resets="):
        check_honoured(Conv2DTranspose(2, 3, name="up"), "resets", torch.tensor([[False, True]]))
    check_honoured(Conv3DTranspose(2, 3), "resets", torch.tensor([[True, False]]))  # nothing before


# ----- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, error, message",
    [
        (
            lambda: Conv2DTranspose(0, 3),
            ValueError,
            r"Expected a strictly positive value. Received filters=0",
        ),
        (
            lambda: Conv3DTranspose(2, (3, 3)),
            ValueError,
            r"`kernel_size` argument must be a tuple of 3 integers",
        ),
        (lambda: Conv2DTranspose(2, 3, padding="causal"), ValueError, r"Received: 'causal'"),
        (lambda: Conv2DTranspose(2, 3, groups=2), TypeError, r"unknown argument groups=2"),
        (
            lambda: Conv2DTranspose(2, 3, strides=(2, 3), output_padding=(1, 3)),
            ValueError,
            r"At dimension 1, `output_padding` is 3 but `strides` is 3",
        ),
        (  # Keras's rule: below the stride, whatever the dilation (unlike Conv1DTranspose's)
            lambda: Conv2DTranspose(2, 3, dilation_rate=3, output_padding=1),
            ValueError,
            r"`output_padding` must be strictly less than `strides`",
        ),
        (lambda: Conv3DTranspose(2, 3, output_padding=(0, 0)), ValueError, r"tuple of 3 integers"),
        (
            lambda: Conv2DTranspose(2, 3, strides=2, dilation_rate=2),
            ValueError,
            r"`strides > 1` not supported",
        ),
        (
            lambda: Conv3DTranspose(2, 3, data_format="NDHWC"),
            ValueError,
            r"`data_format` argument must be one of",
        ),
    ],
)
def test_bad_arguments_are_refused(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"expects inputs of rank 4, \(N, H, W, C\)\. Received: shape \(2, 5, 3\)"
    ):
        Conv2DTranspose(2, 3)(torch.zeros(2, 5, 3))
    up = Conv3DTranspose(2, 1)
    up(torch.zeros(1, 2, 2, 2, 3))
    with pytest.raises(ValueError, match=r"was built for 3 input channels"):
        up(torch.zeros(1, 2, 2, 2, 4))
