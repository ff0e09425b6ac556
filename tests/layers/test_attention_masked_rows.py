"""``MultiHeadAttention`` with a query whose every key is masked gives Keras's outputs, scores
and gradients under either rules (tests/fixtures/attention_masked_rows, made by
tools/keras_fixtures/attention_masked_rows.py): tf-keras's -1e9 shift lets gradients reach that
row's logits (Deep Learning with Python 2's Transformer encoder trains its embeddings through
the padded queries), Keras 3's masking does not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import config
from statefulrnn._keras_rules import taping
from statefulrnn.layers import MultiHeadAttention

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "attention_masked_rows"


@pytest.fixture
def rules():
    yield
    config.set_keras_rules("keras3")


@pytest.mark.parametrize("road", ["fused", "scores"])
@pytest.mark.parametrize("library", ["keras3", "tf_keras"])
def test_a_fully_masked_row_as_keras(rules: None, library: str, road: str) -> None:
    config.set_keras_rules(library)
    with np.load(RECORDED / f"{library}.npz") as data:
        recorded = {key: data[key] for key in data.files}
    layer = MultiHeadAttention(num_heads=2, key_dim=2)
    x, mask = torch.from_numpy(recorded["x"]), torch.from_numpy(recorded["mask"])
    layer(x, x, attention_mask=mask)
    layer.set_weights([recorded[f"w{i}"] for i in range(len(layer.get_weights()))])
    with taping():
        result = layer(x, x, attention_mask=mask, return_attention_scores=road == "scores")
    y = result[0] if road == "scores" else result
    ramp = torch.arange(12, dtype=torch.float32).reshape(1, 3, 4)
    weights = [w.value for w in layer.trainable_weights]
    gradients = torch.autograd.grad((y * ramp).sum(), weights)
    np.testing.assert_allclose(y.detach().numpy(), recorded[f"{road}/y"], rtol=1e-5, atol=1e-6)
    if road == "scores":
        np.testing.assert_allclose(
            result[1].detach().numpy(), recorded["scores/scores"], rtol=1e-5, atol=1e-6
        )
    for i, gradient in enumerate(gradients):
        np.testing.assert_allclose(
            gradient.numpy(), recorded[f"{road}/g{i}"], rtol=1e-5, atol=1e-5, err_msg=f"g{i}"
        )


def test_tf_keras_gradients_reach_the_masked_row_and_keras_3_do_not() -> None:
    """The fixture itself: the two Kerases differ, so the test above checks both rules."""
    with np.load(RECORDED / "keras3.npz") as keras3, np.load(RECORDED / "tf_keras.npz") as tf_keras:
        assert np.max(np.abs(keras3["fused/g0"] - tf_keras["fused/g0"])) > 1e-2
        np.testing.assert_allclose(keras3["fused/y"], tf_keras["fused/y"], rtol=1e-5, atol=1e-6)
