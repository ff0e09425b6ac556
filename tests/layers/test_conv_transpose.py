"""`Conv1DTranspose` against Keras 3 (tests/fixtures/conv_transpose, made by
tools/keras_fixtures/conv_transpose.py): outputs for each padding, stride and output padding, a
convolutional autoencoder trained by ``fit`` from the fixture script's own builder, files both
ways; dilation and channels_first (which TensorFlow's CPU kernel refuses) against the definition."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import Conv1DTranspose
from statefulrnn.streaming import StreamPool
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "conv_transpose"
LAYERS = np.load(FIXTURE / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
TRAINED = np.load(FIXTURE / "autoencoder.npz")


PROGRAM = fixture_script("conv_transpose")


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_keras(case: str) -> None:
    arguments, shape = CASES[case]
    layer = Conv1DTranspose(**arguments)
    layer.build((None, *shape[1:]))
    layer.set_weights([LAYERS[f"{case}_kernel"], LAYERS[f"{case}_bias"]])
    expected = LAYERS[f"{case}_y"]
    assert layer.compute_output_shape(tuple(shape)) == expected.shape
    got = layer(torch.from_numpy(LAYERS[f"{case}_x"]))
    np.testing.assert_allclose(got.detach().numpy(), expected, atol=1e-5, rtol=0)


def _by_definition(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, layer: Conv1DTranspose) -> np.ndarray:
    """The docstring's formula, written as loops: each input step spreads over the full output,
    which the padding's window then cuts (and pads with zeros past its end)."""
    (k,), (s,), (d,) = layer.kernel_size, layer.strides, layer.dilation_rate
    batch, steps, _ = x.shape
    full = np.zeros((batch, (steps - 1) * s + d * (k - 1) + 1, kernel.shape[1]))
    for t in range(steps):
        for j in range(k):
            full[:, t * s + j * d] += x[:, t] @ kernel[j].T
    length = layer.compute_output_shape((batch, steps, None))[1]
    start = 0 if layer.padding == "valid" else max(full.shape[1] - length, 0) // 2
    window = full[:, start : start + length]
    return np.pad(window, ((0, 0), (0, length - window.shape[1]), (0, 0))) + bias


@pytest.mark.parametrize(
    "arguments",
    [
        {"kernel_size": 3, "dilation_rate": 2, "padding": "same"},
        {"kernel_size": 3, "dilation_rate": 2, "padding": "valid"},
        {"kernel_size": 2, "dilation_rate": 3, "padding": "valid", "output_padding": 2},
        {"kernel_size": 5, "strides": 2, "padding": "same"},
    ],
)
def test_dilation_and_channels_first_follow_the_definition(arguments: dict) -> None:
    torch.manual_seed(0)
    layer = Conv1DTranspose(2, bias_initializer="random_normal", **arguments)
    x = torch.randn(2, 6, 3)
    layer.build((None, 6, 3))
    kernel, bias = layer.get_weights()
    expected = _by_definition(x.numpy(), kernel, bias, layer)
    np.testing.assert_allclose(layer(x).detach().numpy(), expected, atol=1e-5, rtol=0)
    first = Conv1DTranspose(2, data_format="channels_first", **arguments)
    first.build((None, 3, 6))
    first.set_weights([kernel, bias])
    np.testing.assert_allclose(first(x.transpose(1, 2)).transpose(1, 2).detach().numpy(), expected, atol=1e-5)


def test_an_autoencoder_trains_as_keras() -> None:
    model = PROGRAM.autoencoder(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", TRAINED))
    model.compile(optimizer=srnn.optimizers.Adam(learning_rate=0.001), loss="mse")
    x = TRAINED["x"]
    history = model.fit(x, x, epochs=2, batch_size=8, validation_split=0.1, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], TRAINED["loss"], rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"], TRAINED["val_loss"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", TRAINED)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    model = load_keras(FIXTURE / "autoencoder.keras")
    assert sum(isinstance(layer, Conv1DTranspose) for layer in model.layers) == 3
    assert_predicts_and_keeps(model, TRAINED["x"], TRAINED["predicted"], tmp_path)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = PROGRAM.autoencoder(srnn)
    model.set_weights(weights("after", TRAINED))
    save_keras(model, tmp_path / "autoencoder.keras")
    assert keras_prediction_error(tmp_path / "autoencoder.keras", FIXTURE / "autoencoder.npz", ["x"]) < 1e-5


def test_settings_keras_refuses_are_refused_and_the_config_keeps_the_rest() -> None:
    with pytest.raises(ValueError, match="padding"):
        Conv1DTranspose(2, 3, padding="causal")
    with pytest.raises(TypeError, match="unknown argument groups=2"):
        Conv1DTranspose(2, 3, groups=2)
    with pytest.raises(ValueError, match="output_padding must be smaller than the stride"):
        Conv1DTranspose(2, 3, strides=2, output_padding=2)
    layer = Conv1DTranspose(2, 3, strides=2, output_padding=1, padding="same")
    config = layer.get_config()
    assert config["output_padding"] == 1 and "groups" not in config  # as given; Keras has none
    assert Conv1DTranspose.from_config(config).output_padding == (1,)


def test_a_pool_refuses_it_unless_it_is_one_step_wide() -> None:
    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = srnn.layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    with pytest.raises(ValueError, match=r"\(Conv1DTranspose\) mixes time steps"):
        StreamPool(srnn.Model(inputs, Conv1DTranspose(2, 3, strides=2, padding="same")(h)))
    StreamPool(srnn.Model(inputs, Conv1DTranspose(2, 1)(h)))  # a window of one step: per step
