"""A program's own layer made as Keras programs make them: ``add_weight`` with ``dtype``
(an int32 counter), ``regularizer`` and ``constraint``, weights named as Keras names them,
and a bool ``Input`` carrying a mask: the programs of tools/keras_fixtures/add_weight_options.py
run with statefulrnn as ``keras``, against what they gave on Keras 3.15.1."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import layers
from tests.fixture_scripts import fixture_script
from tests.keras_python import keras_prediction_error, needs_keras

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "add_weight_options"
RECORDED = json.loads((FIXTURES / "recorded.json").read_text())
SCRIPT = fixture_script("add_weight_options")


def test_a_regularized_constrained_kernel_and_a_counter_train_as_in_keras() -> None:
    ours, theirs = SCRIPT.scaled(keras), RECORDED["scaled"]
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=1e-6)
    np.testing.assert_allclose(ours["fit"], theirs["fit"], rtol=1e-5)
    np.testing.assert_allclose(ours["kernel"], theirs["kernel"], rtol=1e-5, atol=1e-6)
    # Building the model traced the layer's call, as Keras's does; neither counts it.
    for key in ("count", "count_dtype", "trainable", "non_trainable"):
        assert ours[key] == theirs[key], key


def test_keras_keywords_that_change_nothing_here_are_taken_and_others_named() -> None:
    layer = layers.Layer()
    weight = layer.add_weight(shape=(2,), initializer="zeros", autocast=False, aggregation="mean")
    assert weight.shape == (2,)
    with pytest.raises(TypeError, match=r"unexpected keyword arguments \['initialiser'\]"):
        layer.add_weight(shape=(2,), initialiser="zeros")
    with pytest.raises(TypeError, match=r"dtype such as 'float32' or 'int32'\. Received: 'float33'"):
        layer.add_weight(shape=(2,), dtype="float33")
    flag = layer.add_weight(shape=(), dtype="bool", trainable=True)  # a flag cannot train
    assert flag.dtype == torch.bool and not flag.requires_grad


def test_a_bool_input_masks_a_gru_as_in_keras_and_round_trips() -> None:
    theirs = RECORDED["masked"]
    ours = SCRIPT.masked(keras, theirs["weights"])
    np.testing.assert_allclose(ours["outputs"], theirs["outputs"], rtol=1e-5, atol=1e-6)
    model = ours["model"]
    twin = keras.Model.from_config(model.get_config())
    twin.set_weights(model.get_weights())
    x, m = np.array(theirs["x"], np.float32), np.array(theirs["mask"], bool)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(twin.predict([x, m], verbose=0), model.predict([x, m], verbose=0))


def test_a_bool_input_mask_travels_in_keras_files(tmp_path: Path) -> None:
    # The GRU's inbound node carries mask= as the bool Input's tensor, as Keras writes it.
    theirs = RECORDED["masked"]
    x, m = np.array(theirs["x"], np.float32), np.array(theirs["mask"], bool)
    from_keras = keras.models.load_model(FIXTURES / "masked.keras")  # written by Keras 3.15.1
    np.testing.assert_allclose(from_keras.predict([x, m], verbose=0), theirs["outputs"], rtol=1e-5, atol=1e-6)
    SCRIPT.masked(keras, theirs["weights"])["model"].save(tmp_path / "masked.keras")
    ours = keras.models.load_model(tmp_path / "masked.keras")
    np.testing.assert_allclose(ours.predict([x, m], verbose=0), theirs["outputs"], rtol=1e-5, atol=1e-6)


@needs_keras
def test_keras_reads_a_bool_input_mask_from_our_keras_file(tmp_path: Path) -> None:
    theirs = RECORDED["masked"]
    SCRIPT.masked(keras, theirs["weights"])["model"].save(tmp_path / "masked.keras")
    x, m = np.array(theirs["x"], np.float32), np.array(theirs["mask"], bool)
    np.savez(tmp_path / "data.npz", x=x, mask=m, predicted=np.array(theirs["outputs"], np.float32))
    assert keras_prediction_error(tmp_path / "masked.keras", tmp_path / "data.npz", ["x", "mask"]) < 1e-5


class _Positional(layers.Layer):
    """A program's layer whose build calls add_weight by position, each Keras's way."""

    def __init__(self, calls, **kwargs) -> None:
        super().__init__(**kwargs)
        self.calls = calls

    def build(self, input_shape) -> None:
        self.made = [self.add_weight(*args, **keywords) for args, keywords in self.calls]


def _made(*calls: tuple) -> list:
    layer = _Positional(list(calls))
    layer.build((None, 2))
    return [(made, view.name) for made, view in zip(layer.made, layer.weights, strict=True)]


def test_add_weight_takes_keras_3_s_and_tf_keras_s_positional_orders() -> None:
    """Keras 3: ``(shape, initializer, dtype)`` (Keras-MatMulLess's RMSNorm:
    ``add_weight(input_shape[1:], initializer=..., name="gain")``); tf-keras: ``(name, shape,
    dtype, initializer, regularizer, trainable, constraint)``, a name first (Keras 3 refuses one
    there; tf-keras programs pass it so)."""
    (gain, gain_name), (counter, _) = _made((((3,), "ones"), {"name": "gain"}), (((), "zeros", "int32"), {}))
    assert tuple(gain.shape) == (3,) and gain.tolist() == [1.0, 1.0, 1.0] and gain_name == "gain"
    assert counter.dtype == torch.int32 and not counter.requires_grad
    ((named, name),) = _made((("w", (2, 2), "float64", "ones", None, False), {}))
    assert name == "w" and named.dtype == torch.float64 and named.tolist() == [[1, 1], [1, 1]]
    assert not named.requires_grad


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        ((((3,), "ones", "float32", True), {}), TypeError, "at most 3 positional arguments but 4"),
        ((("w", (3,)), {"shape": (2,)}), ValueError, "`shape` was passed both positionally and as a keyword"),
        ((((3,), "ones"), {"initializer": "zeros"}), ValueError, "`initializer` was passed both"),
    ],
)
def test_add_weight_refuses_a_positional_argument_twice_or_too_many(call, error, message) -> None:
    with pytest.raises(error, match=message):
        _made(call)
