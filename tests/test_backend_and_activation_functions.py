"""Keras's activation functions called with their options, against Keras 3.15.1
(tests/fixtures/activations/options.npz, made by tools/keras_fixtures/activation_options.py),
and the ``keras.backend`` / ``keras.config`` functions programs call."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.layers.fused import _kernel_for

RECORDED = np.load(Path(__file__).parent / "fixtures" / "activations" / "options.npz")
CASES = json.loads(str(RECORDED["cases"]))


@pytest.mark.parametrize("case", sorted(CASES))
def test_activation_functions_with_options_equal_keras(case: str) -> None:
    function, arguments = CASES[case]
    got = getattr(keras.activations, function)(torch.from_numpy(RECORDED["x"]), **arguments)
    np.testing.assert_allclose(got.numpy(), RECORDED[case], rtol=1e-5, atol=1e-6)


def test_a_keras_function_as_an_activation_runs_the_fast_kernels() -> None:
    layer = keras.layers.SimpleRNN(3, activation=keras.activations.relu)
    assert layer.cell.activation is keras.activations.relu  # Keras's own function, as in Keras
    assert _kernel_for(layer.cell) is not None  # which the fused kernel recognises (torch.relu's twin)
    assert keras.layers.Dense(2, activation=keras.activations.swish).get_config()["activation"] == "swish"


def test_clear_session_restarts_the_names() -> None:
    keras.backend.clear_session()
    first = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    keras.utils.clear_session()  # Keras 3's other place for it
    second = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    assert (
        first.name == second.name == "sequential" and first.layers[0].name == second.layers[0].name == "dense"
    )


def test_floatx() -> None:
    assert keras.backend.floatx() == keras.config.floatx() == "float32"
    keras.backend.set_floatx("float64")
    try:
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        assert model.layers[0].get_weights()[0].dtype == np.float64
        assert model.predict(np.ones((1, 2)), verbose=0).dtype == np.float64
    finally:
        keras.backend.set_floatx("float32")
    assert keras.layers.Dense(1).dtype == "float32"
    with pytest.raises(ValueError, match=r"Unknown floatx type: 'int32'"):
        keras.config.set_floatx("int32")
    assert keras.backend.epsilon() == 1e-7 and keras.backend.backend() == "torch"


def test_image_data_format() -> None:
    """Keras's global layout: layers made without a ``data_format`` take the one set, layers made
    before keep theirs, and configs name it, so a layer rebuilt under the other keeps it."""
    assert keras.backend.image_data_format() == keras.config.image_data_format() == "channels_last"
    before = keras.layers.Conv1D(2, 3)
    keras.config.set_image_data_format("Channels_First")
    try:
        assert keras.backend.image_data_format() == "channels_first"
        conv = keras.layers.Conv1D(2, 3, kernel_initializer="ones")
        made = [conv, keras.layers.MaxPooling1D(), keras.layers.Flatten(), keras.layers.ZeroPadding2D(1),
                keras.layers.GlobalAveragePooling1D(), keras.layers.UpSampling2D()]  # fmt: skip
        assert [layer.data_format for layer in made] == ["channels_first"] * len(made)
        assert conv(torch.ones(4, 5, 7)).shape == (4, 2, 5)  # (N, C, T): channels on axis 1
        bias = torch.tensor([1.0, 2.0])
        np.testing.assert_array_equal(keras.backend.bias_add(torch.zeros(1, 2, 3), bias)[0, :, 0], [1.0, 2.0])
        config = conv.get_config()
    finally:
        keras.backend.set_image_data_format("channels_last")
    assert before.data_format == "channels_last" and before.get_config()["data_format"] == "channels_last"
    assert config["data_format"] == "channels_first"
    assert keras.layers.Conv1D.from_config(config).data_format == "channels_first"
    assert keras.layers.Conv1D(2, 3).data_format == "channels_last"
    for wrong in ("channels_middle", None):
        with pytest.raises(ValueError, match=r"must be one of \{'channels_first', 'channels_last'\}"):
            keras.backend.set_image_data_format(wrong)
    assert keras.config.image_data_format() == "channels_last"


def test_the_relu_layer_is_the_relu_function() -> None:
    layer = keras.layers.ReLU(negative_slope=0.1, max_value=2.0)
    x = torch.from_numpy(RECORDED["x"])
    np.testing.assert_allclose(layer(x).numpy(), RECORDED["relu_slope_cap"], rtol=1e-5, atol=1e-6)
