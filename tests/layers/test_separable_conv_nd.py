"""DepthwiseConv2D and SeparableConv2D: Keras's numbers (tests/fixtures/separable_conv_nd, made
by tools/keras_fixtures/separable_conv_nd.py) for each padding, stride, dilation, depth
multiplier and layout, a small classifier trained by ``fit`` to Keras's losses and weights,
Keras's ``.keras`` file loaded and ours read by Keras, shapes, names, step flags and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import Conv2D, DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D
from statefulrnn.models.step_flags import check_honoured, mixes_steps
from statefulrnn.regularizers import L2
from tests.fixture_scripts import fixture_script
from tests.fixtures import assert_config_round_trip, recorded_layer
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "separable_conv_nd"
LAYER_CASES = sorted(p.stem for p in FIXTURES.glob("[ds]2d_*.npz"))
TOLERANCE = dict(rtol=1e-5, atol=1e-5)
SCRIPT = fixture_script("separable_conv_nd")


# ----- Keras's numbers ------------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert len(LAYER_CASES) == len(SCRIPT.LAYER_CASES) == 12


@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_matches_keras(name: str) -> None:
    layer, case = recorded_layer(name, FIXTURES)
    with torch.no_grad():
        got = layer(case["x"]).numpy()
    np.testing.assert_allclose(got, case["y"], **TOLERANCE)
    assert layer.compute_output_shape(case["x"].shape) == case["y"].shape
    # Keras's weight names, in Keras's order (kernel, bias; depthwise, pointwise, bias).
    assert [name for name, _ in layer.named_parameters()] == case["spec"]["weights"]


@pytest.mark.parametrize("name", LAYER_CASES)
def test_config_round_trip_keeps_the_numbers(name: str) -> None:
    layer, case = recorded_layer(name, FIXTURES)
    assert_config_round_trip(layer, case["x"])


def test_a_separable_convolution_is_its_depthwise_one_then_a_1x1_convolution() -> None:
    torch.manual_seed(0)
    x = torch.randn(2, 6, 5, 3)
    arguments = {"kernel_size": (3, 2), "strides": 2, "padding": "same", "depth_multiplier": 2}
    separable = SeparableConv2D(4, bias_initializer="random_normal", **arguments)
    separable.build(tuple(x.shape))
    depthwise_kernel, pointwise_kernel, bias = separable.get_weights()
    depthwise = DepthwiseConv2D(use_bias=False, **arguments)
    depthwise.build(tuple(x.shape))
    depthwise.set_weights([depthwise_kernel])
    pointwise = Conv2D(4, 1)
    pointwise.build((None, 3, 3, 6))
    pointwise.set_weights([pointwise_kernel, bias])
    with torch.no_grad():
        torch.testing.assert_close(separable(x), pointwise(depthwise(x)), rtol=1e-5, atol=1e-6)


# ----- a model trained by fit, files ---------------------------------------------------------


def test_a_model_trains_as_keras() -> None:
    data = np.load(FIXTURES / "model_classifier.npz")
    model = SCRIPT.classifier(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", data))
    model.compile(optimizer=srnn.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    history = model.fit(
        data["x"], data["target"], epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0
    )
    np.testing.assert_allclose(history.history["loss"], data["loss"], rtol=1e-5)
    np.testing.assert_allclose(history.history["val_loss"], data["val_loss"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", data), strict=True):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["predicted"], atol=1e-5, rtol=0)


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    data = np.load(FIXTURES / "model_classifier.npz")
    model = load_keras(FIXTURES / "classifier.keras")
    assert [type(layer).__name__ for layer in model.layers][:3] == [
        "SeparableConv2D", "DepthwiseConv2D", "SeparableConv2D",
    ]  # fmt: skip
    assert_predicts_and_keeps(model, data["x"], data["predicted"], tmp_path)


def test_our_keras_file_round_trips(tmp_path: Path) -> None:
    data = np.load(FIXTURES / "model_classifier.npz")
    model = SCRIPT.classifier(srnn)
    model.set_weights(weights("after", data))
    save_keras(model, tmp_path / "classifier.keras")
    twin = load_keras(tmp_path / "classifier.keras")
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    assert [layer.get_config() for layer in twin.layers] == [layer.get_config() for layer in model.layers]
    np.testing.assert_allclose(twin.predict(data["x"], verbose=0), data["predicted"], atol=1e-5, rtol=0)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    data = np.load(FIXTURES / "model_classifier.npz")
    model = SCRIPT.classifier(srnn)
    model.set_weights(weights("after", data))
    save_keras(model, tmp_path / "classifier.keras")
    error = keras_prediction_error(tmp_path / "classifier.keras", FIXTURES / "model_classifier.npz", ["x"])
    assert error < 1e-5


# ----- shapes, weights, options, names, step flags --------------------------------------------


def test_kernel_layouts_and_shapes() -> None:
    depthwise = DepthwiseConv2D((3, 2), strides=(2, 1), depth_multiplier=3, data_format="channels_first")
    assert depthwise(torch.zeros(1, 4, 7, 5)).shape == (1, 12, 3, 4)
    assert [w.shape for w in depthwise.get_weights()] == [(3, 2, 4, 3), (12,)]
    separable = SeparableConv2D(5, 3, padding="same", depth_multiplier=2)
    assert separable.compute_output_shape((None, 7, None, 2)) == (None, 7, None, 5)
    separable.build((None, 7, 6, 2))
    assert [w.shape for w in separable.get_weights()] == [(3, 3, 2, 2), (1, 1, 4, 5), (5,)]


def test_regularizers_and_constraints_reach_their_weights() -> None:
    depthwise = DepthwiseConv2D(2, depthwise_regularizer=L2(1.0), bias_regularizer=L2(2.0))
    depthwise.build((None, 3, 3, 2))
    depthwise.set_weights([np.ones((2, 2, 2, 1), np.float32), np.ones(2, np.float32)])
    assert sorted(float(loss.detach()) for loss in depthwise.losses) == [4.0, 8.0]  # 8 ones, 2 ones x 2
    separable = SeparableConv2D(
        2, 1, pointwise_regularizer=L2(1.0), depthwise_constraint="non_neg", pointwise_constraint="non_neg"
    )
    separable.build((None, 2, 2, 3))
    assert [float(loss.detach()) for loss in separable.losses] == [
        float((separable.pointwise_kernel.detach() ** 2).sum())
    ]
    assert [type(separable.depthwise_constraint).__name__, type(separable.pointwise_constraint).__name__] == [
        "NonNeg", "NonNeg",
    ]  # fmt: skip
    assert separable.get_config()["pointwise_regularizer"]["class_name"] == "L2"


def test_keras_names_and_classes() -> None:
    assert layers.SeparableConvolution2D is SeparableConv2D
    assert layers.SeparableConvolution1D is SeparableConv1D
    assert srnn.layers.convolutional.DepthwiseConv2D is DepthwiseConv2D  # Keras 2's module path
    # Each rank's depthwise convolution is that rank's Conv, as DepthwiseConv1D always was.
    assert isinstance(DepthwiseConv2D(1), Conv2D) and isinstance(SeparableConv2D(1, 1), DepthwiseConv2D)
    assert isinstance(SeparableConv1D(1, 1), DepthwiseConv1D) and not isinstance(
        SeparableConv1D(1, 1), Conv2D
    )
    assert "filters" not in DepthwiseConv2D(1).get_config()


def test_they_mix_steps_and_refuse_resets_inside_a_call() -> None:
    assert mixes_steps(DepthwiseConv2D(1)) and mixes_steps(SeparableConv2D(2, 1))
    with pytest.raises(ValueError, match=r"\(SeparableConv2D\) cannot honour resets="):
        check_honoured(SeparableConv2D(2, 3, name="sep"), "resets", torch.tensor([[False, True]]))


# ----- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: DepthwiseConv2D(3, depth_multiplier=0), r"Received depth_multiplier=0"),
        (lambda: SeparableConv2D(0, 3), r"Expected a strictly positive value. Received filters=0"),
        (lambda: DepthwiseConv2D((3, 3, 3)), r"`kernel_size` argument must be a tuple of 2 integers"),
        (lambda: SeparableConv2D(2, 3, padding="causal"), r"Received: 'causal'"),
        (lambda: DepthwiseConv2D(3, strides=2, dilation_rate=2), r"`strides > 1` not supported"),
        (lambda: SeparableConv2D(2, 3, data_format="NHWC"), r"`data_format` argument must be one of"),
    ],
)
def test_bad_arguments_are_refused(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match=r"expects inputs of rank 4, \(N, H, W, C\)"):
        DepthwiseConv2D(3)(torch.zeros(2, 5, 3))
    separable = SeparableConv2D(2, 1)
    separable(torch.zeros(1, 2, 2, 3))
    with pytest.raises(ValueError, match=r"was built for 3 input channels"):
        separable(torch.zeros(1, 2, 2, 4))
    with pytest.raises(ValueError, match=r"Computed output size would be zero or negative"):
        SeparableConv2D(8, 5, strides=2)(torch.zeros(2, 4, 4, 3))
    with pytest.raises(TypeError, match=r"filters"):
        DepthwiseConv2D(3, filters=2)
