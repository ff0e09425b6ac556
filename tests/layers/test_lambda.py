"""`Lambda`: the output shapes it finds, Keras's arguments (``output_shape``, ``mask``,
``arguments``, a function taking ``mask``/``training``), models and streams through it, and
Keras files holding one (tests/fixtures/lambda_layer, made by tools/keras_fixtures/lambda_layer.py:
refused, their weights loadable into the model built in code)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import LSTM, Dense, Input, Model, Sequential
from statefulrnn.io import load_keras, load_keras_weights
from statefulrnn.layers import Lambda, Masking

from .stream_checks import assert_streams_like_whole

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lambda_layer"


@pytest.mark.parametrize(
    ("function", "input_shape", "expected"),
    [
        (lambda x: x * 100.0, (None, None, 3), (None, None, 3)),
        (lambda x: x[:, -1], (None, 5, 3), (None, 3)),
        (lambda x: x.unsqueeze(-1), (None, None), (None, None, 1)),
        (lambda x: x.reshape(x.shape[0], -1), (None, 4, 3), (None, 12)),
        (lambda x: torch.cat([x, x], dim=1), (None, None, 2), (None, None, 2)),
        (lambda x: x.mean(dim=1, keepdim=True), (None, 7, 2), (None, 1, 2)),
    ],
)
def test_the_output_shape_is_found_by_a_call(function, input_shape, expected) -> None:
    assert Lambda(function).compute_output_shape(input_shape) == expected


def test_several_inputs_and_outputs_in_a_functional_model() -> None:
    a, b = Input((3,)), Input((3,))
    total, difference = Lambda(lambda xs: (xs[0] + xs[1], xs[0] - xs[1]))([a, b])
    assert total.shape == (None, 3) and difference.shape == (None, 3)
    model = Model([a, b], [total, difference])
    x, y = torch.ones(2, 3), torch.full((2, 3), 2.0)
    outputs = model([x, y])
    assert outputs[0].tolist() == [[3.0] * 3] * 2 and outputs[1].tolist() == [[-1.0] * 3] * 2


def test_keras_arguments() -> None:
    given = Lambda(lambda x: x[:, :2], output_shape=(2,))
    assert given.compute_output_shape((None, 5)) == (None, 2)
    by_function = Lambda(lambda x: x, output_shape=lambda shape: (shape[0], 9))
    assert by_function.compute_output_shape((4, 9)) == (4, 9)
    scaled = Lambda(lambda x, factor: x * factor, arguments={"factor": 3.0})
    assert scaled(torch.ones(1, 2)).tolist() == [[3.0, 3.0]]
    seen = {}

    def record(x, mask=None, training=None):
        seen.update(mask=mask, training=training)
        return x

    Lambda(record)(torch.ones(1, 2, 1), mask=torch.tensor([[True, False]]), training=True)
    assert seen["training"] is True and seen["mask"].tolist() == [[True, False]]


def test_masks() -> None:
    x = torch.tensor([[[1.0], [0.0]]])
    passes = Lambda(lambda x: x * 2, mask=lambda inputs, mask: mask)
    assert passes.supports_masking
    assert passes.compute_mask(x, torch.tensor([[True, False]])).tolist() == [[True, False]]
    assert Lambda(lambda x: x).compute_mask(x, torch.tensor([[True, False]])) is None  # no mask: dropped
    model = Sequential([Input((2, 1)), Masking(0.0), Lambda(lambda x: x, mask=lambda inputs, mask: mask)])
    assert model.layers[-1].compute_mask(x, torch.tensor([[True, False]])) is not None


def test_a_stream_through_it_in_chunks_and_in_a_pool() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            Input(batch_shape=(1, None, 3)),
            LSTM(4, stateful=True, return_sequences=True),
            Lambda(lambda x: x * 100.0),
            Dense(1),
        ]
    )
    x = np.random.default_rng(0).normal(size=(1, 9, 3)).astype(np.float32)
    assert_streams_like_whole(model, x, chunk=3)


def test_errors() -> None:
    with pytest.raises(TypeError, match=r"Lambda needs a callable function. Received: dict"):
        Lambda({"class_name": "__lambda__"})
    with pytest.raises(NotImplementedError, match=r"output shape could not be found .*Give output_shape="):
        Lambda(lambda x: x.numpy()).compute_output_shape((None, 3))  # no data to read on the meta device


@pytest.mark.parametrize("name", ["lambda.keras", "lambda_tf_keras.h5"])
def test_a_keras_file_with_a_lambda_is_refused_and_its_weights_load(name: str) -> None:
    with pytest.raises(ValueError, match=r"\(Lambda\) from the Keras file: its function is Python code"):
        load_keras(FIXTURES / name)
    model = Sequential([Input((4, 3)), LSTM(2, return_sequences=True), Lambda(lambda x: x * 100.0)])
    load_keras_weights(model, FIXTURES / name)
    recorded = np.load(FIXTURES / "outputs.npz")
    np.testing.assert_allclose(model.predict(recorded["x"], verbose=0), recorded[name], rtol=1e-5, atol=1e-5)
