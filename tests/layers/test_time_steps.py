"""ZeroPadding1D, Cropping1D, UpSampling1D and Permute give Keras's outputs
(tests/fixtures/time_steps, made by tools/keras_fixtures/time_steps.py with Keras 3.15.1); they
mix steps, so a stream pool refuses them, but a Permute that keeps time first acts per step."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Sequential
from statefulrnn import layers as L
from statefulrnn.models.step_flags import mixes_steps
from statefulrnn.streaming import StreamPool

with np.load(Path(__file__).resolve().parents[1] / "fixtures" / "time_steps" / "layers.npz") as _data:
    RECORDED = {key: _data[key] for key in _data.files}
CASES = json.loads(str(RECORDED["spec"]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_matches_keras(name: str) -> None:
    class_name, arguments = CASES[name]
    layer = getattr(L, class_name)(**arguments)
    np.testing.assert_array_equal(layer(torch.from_numpy(RECORDED["x"])).numpy(), RECORDED[name])
    assert layer.compute_output_shape((2, 5, 3)) == RECORDED[name].shape


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: L.Cropping1D((3, 2))(torch.ones(1, 5, 1)),
            ValueError,
            r"must be smaller than the input length",
        ),
        (lambda: L.UpSampling1D(0), ValueError, r"`size` should be a positive integer\. Received: size=0"),
        (lambda: L.UpSampling1D(1.5), TypeError, r"Expected an integer value for `size`"),
        (lambda: L.ZeroPadding1D((1, -1)), ValueError, r"`padding` argument must be a tuple of 2 integers"),
        (
            lambda: L.Permute((1, 3)),
            ValueError,
            r"must be consecutive and start from 1\. Received dims=\(1, 3\)",
        ),
        (lambda: L.Permute((2, 1))(torch.ones(2, 3)), ValueError, r"Permute '.*' expects inputs of rank 3"),
        (lambda: L.UpSampling1D()(torch.ones(2, 3)), ValueError, r"expects inputs of rank 3"),
    ],
)
def test_what_keras_refuses_is_refused(make, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_a_stream_pool_refuses_them_but_a_permute_that_keeps_time_first() -> None:
    assert mixes_steps(L.Permute((2, 1))) and not mixes_steps(L.Permute((1, 3, 2)))
    for layer in (L.ZeroPadding1D(), L.Cropping1D(), L.UpSampling1D(), L.Permute((2, 1))):
        model = Sequential([L.Input(batch_shape=(1, 6, 4)), layer, GRU(3, stateful=True)])
        with pytest.raises(ValueError, match=rf"\({type(layer).__name__}\) mixes time steps"):
            StreamPool(model)
