"""`InputLayer` as Keras programs make it: the first argument is one sample's shape (Keras 3's
``shape``, tf-keras's ``input_shape``), with Keras 2's ``batch_input_shape`` and Keras 3's
``batch_shape``/``batch_size``, an integer dtype for token ids, its ``.output`` as `Input`'s
tensor, and a `Sequential` that takes its shape from it without listing it, as Keras's does."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.layers import Dense, Embedding, Input, InputLayer, SimpleRNN


@pytest.mark.parametrize(
    ("make", "batch_shape"),
    [
        (lambda: InputLayer([None]), (None, None)),  # positional: one sample's shape
        (lambda: InputLayer(shape=(None, 2), batch_size=4), (4, None, 2)),  # Keras 3
        (lambda: InputLayer(input_shape=(None, 2)), (None, None, 2)),  # tf-keras
        (lambda: InputLayer(batch_shape=(4, 3)), (4, 3)),  # Keras 3
        (lambda: InputLayer(batch_input_shape=(4, 3)), (4, 3)),  # a Keras 2 config
    ],
)
def test_the_shapes_keras_programs_give(make: object, batch_shape: tuple) -> None:
    layer = make()
    assert layer.input_shape == batch_shape
    assert layer.output.shape == batch_shape
    assert layer.get_config()["batch_shape"] == list(batch_shape)


def test_a_sequential_takes_the_shape_and_does_not_list_the_layer() -> None:
    """The hse-aml POS tagger: ``InputLayer([None], dtype='int32')`` then an Embedding."""
    torch.manual_seed(0)
    model = keras.models.Sequential()
    model.add(InputLayer([None], dtype="int32"))
    model.add(Embedding(10, 4))
    model.add(SimpleRNN(3, return_sequences=True))
    assert [type(layer) for layer in model.layers] == [Embedding, SimpleRNN]
    assert model.input_shape == (None, None)
    assert model.output_shape == (None, None, 3)
    twin = keras.models.Sequential(
        [Input(shape=(None,), dtype="int32"), Embedding(10, 4), SimpleRNN(3, return_sequences=True)]
    )
    twin.set_weights(model.get_weights())
    ids = np.array([[1, 2, 3], [4, 0, 9]])
    np.testing.assert_array_equal(model.predict(ids, verbose=0), twin.predict(ids, verbose=0))
    assert _unnamed(model.get_config()) == _unnamed(twin.get_config())


def _unnamed(config: dict) -> list:
    return [{**layer, "config": {**layer["config"], "name": None}} for layer in config["layers"]]


def test_its_output_starts_a_functional_model() -> None:
    layer = InputLayer(shape=(3,), name="features")
    model = keras.Model(layer.output, Dense(2)(layer.output))
    assert model.input_shape == (None, 3)
    assert model.layers[0] is layer
    assert model(torch.ones(5, 3)).shape == (5, 2)


@pytest.mark.parametrize("dtype", ["int32", "bool", "float64"])
def test_the_config_names_the_dtype_given_and_rebuilds_it(dtype: str) -> None:
    config = InputLayer(shape=(None,), dtype=dtype, name="x").get_config()
    assert config == {
        "name": "x",
        "batch_shape": [None, None],
        "dtype": dtype,
        "sparse": False,
        "ragged": False,
        "optional": False,
    }
    twin = InputLayer.from_config(config)
    assert twin.get_config() == config and twin.output.dtype == dtype


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, ValueError, r"InputLayer needs exactly one of shape=\.\.\. or batch_shape=\.\.\."),
        ({"shape": (3,), "batch_shape": (2, 3)}, ValueError, r"needs exactly one of shape"),
        (
            {"shape": (3,), "input_shape": (3,)},
            ValueError,
            r"takes shape= or Keras 2's input_shape=, not both",
        ),
        (
            {"batch_shape": (2, 3), "batch_size": 4},
            ValueError,
            r"batch_size=4 contradicts batch_shape=\(2, 3\)",
        ),
        ({"shape": (3,), "sparse": True}, TypeError, r"InputLayer takes dense tensors only"),
        ({"shape": (3,), "optional": True}, ValueError, r"an optional input is not supported"),
        ({"input_tensor": Input(shape=(3,))}, ValueError, r"an input made from an existing tensor"),
    ],
)
def test_what_it_refuses(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        InputLayer(**kwargs)


def test_a_model_with_one_saves_and_loads(tmp_path: object) -> None:
    torch.manual_seed(0)
    model = keras.models.Sequential([InputLayer(input_shape=(None, 2)), SimpleRNN(3)])
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    x = np.random.default_rng(0).normal(size=(2, 4, 2)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.input_shape == (None, None, 2) and len(loaded.layers) == 1


@pytest.mark.parametrize("kind", ["functional", "sequential"])
def test_an_integer_input_cuts_fractions_off_as_keras_casts(kind: str) -> None:
    """Both Kerases cast a model's inputs to each Input's dtype: floats given to an integer Input
    lose their fractions, toward zero (Keras 3 and tf-keras 2.21 give [[2, -2, 4]] here)."""
    double = keras.layers.Lambda(lambda t: t * 2)
    if kind == "functional":
        inputs = Input((3,), dtype="int32")
        model = keras.Model(inputs, double(inputs))
    else:
        model = keras.Sequential([Input((3,), dtype="int32"), double])
    x = np.array([[1.7, -1.7, 2.0]], np.float32)
    expected = np.array([[2.0, -2.0, 4.0]], np.float32)
    np.testing.assert_array_equal(model(x).numpy(), expected)
    np.testing.assert_array_equal(model(torch.from_numpy(x)).numpy(), expected)
    np.testing.assert_array_equal(model.predict(x, verbose=0), expected)


def test_a_float_input_keeps_its_fractions() -> None:
    inputs = Input((3,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda t: t * 2)(inputs))
    np.testing.assert_allclose(model(np.array([[1.7, -1.7, 2.0]], np.float32)).numpy(), [[3.4, -3.4, 4.0]])
