"""Keras 2's ``keras.backend`` tensor functions (``K.dot``, ``K.batch_dot``, ``K.softmax``, ...)
against tf-keras 2.21 (``tests/fixtures/backend_tensors``, from
``tools/keras_fixtures/backend_tensors.py``), and a Keras 2 attention layer written with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import backend as K
from statefulrnn.layers import LSTM, Dense, Input, Layer
from statefulrnn.models import Model

FIXTURE = np.load(Path(__file__).parent / "fixtures" / "backend_tensors" / "values.npz")
CASES = json.loads(str(FIXTURE["cases"]))


def _resolve(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return torch.from_numpy(FIXTURE[f"in_{value[1:]}"])
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [_resolve(v) for v in value]
    return tuple(value) if isinstance(value, list) else value


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c['function']}-{k}" for k, c in enumerate(CASES)])
def test_function_matches_tf_keras(k: int) -> None:
    case = CASES[k]
    args = [_resolve(a) for a in case["args"]]
    kwargs = {key: _resolve(v) for key, v in case["kwargs"].items()}
    got = getattr(K, case["function"])(*args, **kwargs)
    expected = FIXTURE[f"out_{k}"]
    assert tuple(got.shape) == expected.shape
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6, atol=1e-6)


def test_batch_dot_refuses_the_batch_axis_and_unequal_sizes() -> None:
    x = torch.ones(2, 3, 4)
    with pytest.raises(ValueError, match="axis 0 is the batch"):
        K.batch_dot(x, x, axes=0)
    with pytest.raises(ValueError, match=r"x.shape\[1\] != y.shape\[2\] \(3 != 4\)"):
        K.batch_dot(x, x, axes=(1, 2))


def test_names_not_kept_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'conv2d'"):
        K.conv2d  # noqa: B018 - the access is the test


class _Attention(Layer):
    """The common Keras 2 attention layer: a score per step, softmax over steps, weighted sum."""

    def build(self, input_shape: Any) -> None:
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1), initializer="normal")
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1), initializer="zeros")
        super().build(input_shape)

    def call(self, x: torch.Tensor) -> torch.Tensor:
        et = K.squeeze(K.tanh(K.dot(x, self.W) + self.b), axis=-1)
        at = K.expand_dims(K.softmax(et))
        return K.sum(x * at, axis=1)


def test_attention_layer_in_a_functional_model_gives_the_weighted_sum() -> None:
    inputs = Input((5, 3))
    model = Model(inputs, Dense(1)(_Attention()(LSTM(4, return_sequences=True)(inputs))))
    assert model.layers[2].output.shape == (None, 4)
    x = torch.randn(2, 5, 3)
    sequences = model.layers[1](x)
    attention = model.layers[2]
    scores = torch.tanh(sequences @ attention.W + attention.b).squeeze(-1)
    expected = (sequences * torch.softmax(scores, dim=1).unsqueeze(-1)).sum(1)
    torch.testing.assert_close(attention(sequences), expected)
