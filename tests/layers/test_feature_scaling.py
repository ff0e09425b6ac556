"""`Normalization` (adapted on arrays and on batches, given statistics, inverted, each axis),
`Rescaling` and `Identity` against Keras 3.15.1 (tests/fixtures/feature_scaling, made by
tools/keras_fixtures/feature_scaling.py), Keras's file of a normalized model, and streams."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import LSTM, Input, Sequential
from statefulrnn.io import load_keras
from statefulrnn.layers import Identity, Normalization, Rescaling
from statefulrnn.streaming import StreamPool
from statefulrnn.utils import PyDataset

FIXTURES = Path(__file__).parents[1] / "fixtures" / "feature_scaling"
RECORDED = np.load(FIXTURES / "layers.npz")
CASES = json.loads(str(RECORDED["cases"]))
DATA, X = RECORDED["data"], RECORDED["x"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_and_weights_equal_keras(name: str) -> None:
    class_name, arguments, adapted = CASES[name]
    layer = Normalization(**arguments) if class_name == "Normalization" else Rescaling(**arguments)
    if adapted == "array":
        layer.adapt(DATA)
    elif adapted == "batches":
        layer.adapt([DATA[i : i + 4] for i in range(0, 12, 4)])
    np.testing.assert_allclose(
        layer(torch.from_numpy(X)).detach().numpy(), RECORDED[f"{name}_y"], rtol=2e-5, atol=2e-6
    )
    weights = [RECORDED[key] for key in sorted(k for k in RECORDED.files if k.startswith(f"{name}_w"))]
    assert len(layer.get_weights()) == len(weights)
    for ours, theirs in zip(layer.get_weights(), weights):
        np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=1e-6)


def test_adapt_takes_a_py_dataset_and_tensors() -> None:
    class Batches(PyDataset):
        def __len__(self) -> int:
            return 3

        def __getitem__(self, index: int):
            return DATA[4 * index : 4 * index + 4], np.zeros(4)

    expected = RECORDED["features_batches_y"]
    for data in (Batches(), torch.from_numpy(DATA)):
        layer = Normalization()
        layer.adapt(data)
        np.testing.assert_allclose(
            layer(torch.from_numpy(X)).detach().numpy(), expected, rtol=2e-5, atol=2e-6
        )


def test_a_keras_file_loads_and_a_stream_runs_through_it() -> None:
    model = load_keras(FIXTURES / "normalized_lstm.keras")
    expected = np.load(FIXTURES / "normalized_lstm.npz")["y"]
    np.testing.assert_allclose(model.predict(X, verbose=0), expected, rtol=1e-5, atol=1e-6)
    normalization = Normalization()
    normalization.adapt(DATA)
    stateful = Sequential([Input(batch_shape=(1, None, 3)), normalization, LSTM(2, stateful=True)])
    stateful.set_weights(model.get_weights())
    pool = StreamPool(stateful, max_streams=1)
    pool.open("s")
    for step in range(5):
        last = pool.push("s", X[0, step])
    np.testing.assert_allclose(last, expected[0], rtol=1e-5, atol=1e-6)


def test_identity_and_errors() -> None:
    x = torch.randn(2, 3)
    assert Identity()(x) is x
    with pytest.raises(ValueError, match=r"both `mean` and `variance` must be set"):
        Normalization(mean=1.0)
    with pytest.raises(ValueError, match=r"must have the same shape"):
        Normalization(mean=[1.0, 2.0], variance=[1.0])
    given = Normalization(mean=0.0, variance=1.0)
    with pytest.raises(ValueError, match=r"was given its mean and variance: nothing to adapt"):
        given.adapt(DATA)
    layer = Normalization()
    layer.adapt(DATA)
    with pytest.raises(ValueError, match=r"adapt\(\) is being called with data with an incompatible shape"):
        layer.adapt(np.zeros((4, 5, 2)))
    with pytest.raises(ValueError, match=r"every kept axis must have a known size"):
        Sequential([Input((None, 3)), Normalization(axis=1)])
    with pytest.raises(ValueError, match=r"empty iterable"):
        Normalization().adapt([])


def test_normalization_over_every_value_adapts_to_a_one_dimensional_array() -> None:
    """The TF regression tutorial: ``Normalization(input_shape=[1,], axis=None)`` adapted to a
    1-d array of horsepowers (tf-keras 2.21: mean 131.93474, variance 1698.4061 for these)."""
    horsepower = np.random.RandomState(0).uniform(50, 200, size=48)
    layer = Normalization(input_shape=[1], axis=None)
    layer.adapt(horsepower)
    np.testing.assert_allclose(np.asarray(layer.mean), horsepower.mean(), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(layer.variance), horsepower.var(), rtol=1e-6)
    x = horsepower[:3, None].astype(np.float32)
    expected = (x - horsepower.mean()) / np.sqrt(horsepower.var())
    np.testing.assert_allclose(layer(torch.from_numpy(x)).numpy(), expected, rtol=1e-5)
