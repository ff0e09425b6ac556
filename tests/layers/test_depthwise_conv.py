"""`DepthwiseConv1D` and `SeparableConv1D` against Keras 3 (tests/fixtures/depthwise_conv, made by
tools/keras_fixtures/depthwise_conv.py): outputs for each padding, stride, dilation and depth
multiplier, a model holding both trained by ``fit`` from the fixture script's own builder (its
L2 penalty on the depthwise kernel included), files both ways; causal padding (which Keras 3
refuses here) and channels_first (which TensorFlow's CPU kernel refuses) against the definition."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import DepthwiseConv1D, SeparableConv1D
from statefulrnn.regularizers import L2, weight_settings
from statefulrnn.streaming import StreamPool
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "depthwise_conv"
LAYERS = np.load(FIXTURE / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
TRAINED = np.load(FIXTURE / "model.npz")
PROGRAM = fixture_script("depthwise_conv")


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_keras(case: str) -> None:
    kind, arguments, shape = CASES[case]
    layer = getattr(srnn.layers, kind)(**arguments)
    layer.build((None, *shape[1:]))
    layer.set_weights(weights(f"{case}_w", LAYERS))
    expected = LAYERS[f"{case}_y"]
    assert layer.compute_output_shape(tuple(shape)) == expected.shape
    got = layer(torch.from_numpy(LAYERS[f"{case}_x"]))
    np.testing.assert_allclose(got.detach().numpy(), expected, atol=1e-5, rtol=0)


def _depthwise_by_definition(x: np.ndarray, kernel: np.ndarray, layer: DepthwiseConv1D) -> np.ndarray:
    """The docstring's formula as loops, on ``x`` already padded as the layer pads it."""
    (k,), (s,), (d,) = layer.kernel_size, layer.strides, layer.dilation_rate
    batch, steps, channels = x.shape
    length = (steps - d * (k - 1) - 1) // s + 1
    out = np.zeros((batch, length, channels, kernel.shape[2]))
    for t in range(length):
        for j in range(k):
            out[:, t] += x[:, t * s + j * d, :, None] * kernel[j]
    return out.reshape(batch, length, -1)


@pytest.mark.parametrize("kind", ["DepthwiseConv1D", "SeparableConv1D"])
@pytest.mark.parametrize(
    "arguments",
    [
        {"kernel_size": 3, "padding": "causal", "depth_multiplier": 2},
        {"kernel_size": 2, "padding": "causal", "dilation_rate": 2},
        {"kernel_size": 3, "padding": "same", "strides": 2},
    ],
)
def test_causal_padding_and_channels_first_follow_the_definition(kind: str, arguments: dict) -> None:
    torch.manual_seed(0)
    extra = {"filters": 2} if kind == "SeparableConv1D" else {}
    layer = getattr(srnn.layers, kind)(bias_initializer="random_normal", **extra, **arguments)
    x = torch.randn(2, 7, 3)
    layer.build((None, 7, 3))
    parts = layer.get_weights()
    k, d = layer.kernel_size[0], layer.dilation_rate[0]
    if layer.padding == "causal":
        padded = np.pad(x.numpy(), ((0, 0), (d * (k - 1), 0), (0, 0)))
    else:  # "same", as TensorFlow pads: the odd step on the right
        total = max((-(-7 // layer.strides[0]) - 1) * layer.strides[0] + k - 7, 0)
        padded = np.pad(x.numpy(), ((0, 0), (total // 2, total - total // 2), (0, 0)))
    expected = _depthwise_by_definition(padded, parts[0], layer)
    if kind == "SeparableConv1D":
        expected = expected @ parts[1][0]
    expected = expected + parts[-1]
    got = layer(x)
    assert got.shape == layer.compute_output_shape((2, 7, 3))
    np.testing.assert_allclose(got.detach().numpy(), expected, atol=1e-5, rtol=0)
    first = getattr(srnn.layers, kind)(data_format="channels_first", **extra, **arguments)
    first.build((None, 3, 7))
    first.set_weights(parts)
    np.testing.assert_allclose(first(x.transpose(1, 2)).transpose(1, 2).detach().numpy(), expected, atol=1e-5)


def test_a_model_trains_as_keras() -> None:
    model = PROGRAM.model(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", TRAINED))
    model.compile(optimizer=srnn.optimizers.Adam(learning_rate=0.01), loss="mse")
    history = model.fit(TRAINED["x"], TRAINED["y"], epochs=2, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], TRAINED["loss"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", TRAINED)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_the_regularizer_options_reach_keras_weights() -> None:
    depthwise = DepthwiseConv1D(3, depthwise_regularizer=L2(1.0), bias_regularizer=L2(2.0))
    depthwise.build((None, 5, 2))
    kernel, bias = depthwise.get_weights()
    penalties = [float(loss.detach()) for loss in weight_settings(depthwise).losses()]
    np.testing.assert_allclose(penalties, [(kernel**2).sum(), 2 * (bias**2).sum()], rtol=1e-6)
    separable = SeparableConv1D(2, 3, pointwise_regularizer=L2(1.0), depthwise_constraint="non_neg")
    separable.build((None, 5, 2))
    settings = weight_settings(separable)
    pointwise = separable.get_weights()[1]
    np.testing.assert_allclose([float(loss.detach()) for loss in settings.losses()], [(pointwise**2).sum()])
    assert [weight.name for weight, _ in settings.constrained] == ["depthwise_kernel"]


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    model = load_keras(FIXTURE / "model.keras")
    assert [type(layer).__name__ for layer in model.layers][:2] == ["SeparableConv1D", "DepthwiseConv1D"]
    assert model.layers[1].depthwise_regularizer is not None
    assert_predicts_and_keeps(model, TRAINED["x"], TRAINED["predicted"], tmp_path)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = PROGRAM.model(srnn)
    model.set_weights(weights("after", TRAINED))
    save_keras(model, tmp_path / "model.keras")
    assert keras_prediction_error(tmp_path / "model.keras", FIXTURE / "model.npz", ["x"]) < 1e-5


def test_bad_settings_are_refused_and_the_config_round_trips() -> None:
    with pytest.raises(ValueError, match="depth_multiplier"):
        DepthwiseConv1D(3, depth_multiplier=0)
    with pytest.raises(ValueError, match="filters"):
        SeparableConv1D(0, 3)
    with pytest.raises(TypeError, match="unknown argument filters=2"):
        DepthwiseConv1D(3, filters=2)
    with pytest.raises(ValueError, match="dilation_rate"):
        SeparableConv1D(2, 3, strides=2, dilation_rate=2)
    layer = SeparableConv1D(2, 3, depth_multiplier=2, pointwise_initializer="ones")
    config = layer.get_config()
    assert "groups" not in config and config["depth_multiplier"] == 2
    assert SeparableConv1D.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="was built for 3 input channels"):
        layer(torch.zeros(1, 5, 3)), layer(torch.zeros(1, 5, 4))


def test_a_pool_refuses_them_unless_one_step_wide() -> None:
    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = srnn.layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    with pytest.raises(ValueError, match=r"\(DepthwiseConv1D\) mixes time steps"):
        StreamPool(srnn.Model(inputs, DepthwiseConv1D(3, padding="causal")(h)))
    StreamPool(srnn.Model(inputs, SeparableConv1D(2, 1)(h)))  # a window of one step: per step
