"""`PReLU`: Keras 3's outputs, training through it (its regularizer and constraint included),
Keras's file of it, chunked streams, and its errors (tests/fixtures/prelu, made by
tools/keras_fixtures/prelu.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Input, Sequential, constraints, optimizers, regularizers
from statefulrnn.io import load_keras
from statefulrnn.layers import PReLU

from .stream_checks import assert_streams_like_whole

FIXTURES = Path(__file__).parents[1] / "fixtures" / "prelu"
LAYERS = np.load(FIXTURES / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_equal_keras(name: str) -> None:
    layer = PReLU(**CASES[name]["arguments"])
    x = torch.from_numpy(LAYERS[f"{name}_x"])
    layer(x)
    layer.set_weights([LAYERS[f"{name}_alpha"]])
    assert tuple(layer.alpha.shape) == LAYERS[f"{name}_alpha"].shape
    np.testing.assert_allclose(layer(x).detach().numpy(), LAYERS[f"{name}_y"], rtol=1e-6, atol=1e-7)


def _model() -> Sequential:
    return Sequential(
        [
            Input((5, 3)),
            Dense(4),
            PReLU(
                shared_axes=[1],
                alpha_regularizer=regularizers.L2(0.1),
                alpha_constraint=constraints.NonNeg(),
                alpha_initializer="ones",
            ),
            GRU(2),
            Dense(1),
        ]
    )


def test_training_through_it_equals_keras() -> None:
    recorded = np.load(FIXTURES / "training.npz")
    model = _model()
    model.set_weights([recorded[f"w{i}"] for i in range(len(model.get_weights()))])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="mse")
    losses = [float(model.train_on_batch(recorded["x"], recorded["y"])) for _ in range(3)]
    np.testing.assert_allclose(losses, recorded["losses"], rtol=1e-5)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, recorded[f"after{i}"], rtol=1e-5, atol=1e-6)
    assert model.layers[1].alpha.min() >= 0  # the constraint held where a step pushed below 0


def test_keras_file_loads() -> None:
    model = load_keras(FIXTURES / "prelu.keras")
    recorded = np.load(FIXTURES / "training.npz")
    assert isinstance(model.layers[1], PReLU) and model.layers[1].shared_axes == [1]
    expected = np.load(FIXTURES / "prelu_keras.npz")["y"]
    np.testing.assert_allclose(model.predict(recorded["x"], verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_a_stateful_stream_in_chunks_equals_the_whole_and_a_pool_serves_it() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            Input(batch_shape=(1, None, 3)),
            GRU(4, stateful=True, return_sequences=True),
            PReLU(shared_axes=[1], alpha_initializer="random_uniform"),
        ]
    )
    x = np.random.default_rng(0).normal(size=(1, 12, 3)).astype(np.float32)
    assert_streams_like_whole(model, x, chunk=4)


def test_errors() -> None:
    with pytest.raises(
        ValueError, match=r"shared_axes must be axes after the batch axis .* Received: shared_axes=\[0\]"
    ):
        PReLU(shared_axes=[0])
    with pytest.raises(ValueError, match=r"shared axis 3 is outside inputs of shape \(None, 5, 3\)"):
        PReLU(shared_axes=[3])(torch.zeros(2, 5, 3))
    with pytest.raises(
        ValueError, match=r"every axis must have a known size or be shared.*pass shared_axes=\[1\]"
    ):
        Sequential([Input((None, 3)), PReLU()])
    layer = PReLU()
    layer(torch.zeros(2, 5, 3))
    with pytest.raises(
        ValueError, match=r"built with slopes of shape \(5, 3\) .*do not fit inputs of shape \(2, 4, 3\)"
    ):
        layer(torch.zeros(2, 4, 3))
    narrow = PReLU()
    narrow(torch.zeros(2, 1, 3))  # a slope of size 1 serves every step, as in Keras
    assert narrow(torch.zeros(2, 7, 3)).shape == (2, 7, 3)
