"""Port of ``keras/src/layers/core/embedding_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged, translated to our API (``layer.embeddings.assign(v)`` ->
``set_weights([v])``; ``layer.embeddings.constraint`` -> ``layer.embeddings_constraint``).

Not ported:
- test_embedding_quantize_config, test_quantize_*, test_int4_*, test_legacy_load_own_variables,
  test_embedding_int8_custom_quantizer: Keras's int8/int4 quantization (not in statefulrnn).
- test_enable_lora*, test_lora_rank_argument: LoRA (not in statefulrnn).
- test_sparse, test_ragged, test_correctness_sparse: sparse and ragged tensors (TensorFlow/JAX).
Changed: in test_invalid_input_dim/test_invalid_output_dim, ``from_config`` with a bad value
raises the constructor's ValueError: Keras wraps it in a TypeError while deserializing, we do
not. Our message writes ``input_dim`` without Keras's backquotes.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import constraints, layers

from .layer_checks import assert_all_close, check_layer


def test_embedding_basics() -> None:
    check_layer(
        layers.Embedding,
        {"input_dim": 4, "output_dim": 3},
        input_shape=(2,),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )
    check_layer(
        layers.Embedding,
        {"input_dim": 5, "output_dim": 4, "mask_zero": True},
        input_shape=(2, 3),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=True,
    )


def test_correctness() -> None:
    layer = layers.Embedding(input_dim=3, output_dim=2)
    layer.build((3,))
    layer.set_weights([np.array([[0.0, 0.0], [2.0, 2.0], [3.0, 3.0]])])
    out = layer(np.array([2, 1, 0]))
    assert_all_close(out, np.array([[3.0, 3.0], [2.0, 2.0], [0.0, 0.0]]))


def test_masking() -> None:
    layer = layers.Embedding(input_dim=3, output_dim=2, mask_zero=True)
    layer.build((3,))
    out = layer.compute_mask(np.array([2, 1, 0]))
    assert_all_close(out, np.array([True, True, False]))


def test_compute_mask_no_masking() -> None:
    layer = layers.Embedding(input_dim=3, output_dim=2, mask_zero=False)
    input_data = np.array([2, 1, 0])
    mask = layer.compute_mask(input_data)
    assert mask is None


def test_embedding_constraints() -> None:
    layer = layers.Embedding(3, 2, embeddings_constraint="non_neg")
    layer.build((None, 2))
    assert isinstance(layer.embeddings_constraint, constraints.NonNeg)


@pytest.mark.parametrize("argument", ["input_dim", "output_dim"])
def test_invalid_dims(argument: str) -> None:
    # test_invalid_input_dim and test_invalid_output_dim, one parametrised test
    valid = {"input_dim": 10, "output_dim": 8}
    for bad_value in (3.7, 4.0, "3", None, True, False, -1, 0):
        with pytest.raises(ValueError, match=f"{argument} must be a positive integer"):
            layers.Embedding(**{**valid, argument: bad_value})
    with pytest.raises(ValueError, match=f"{argument} must be a positive integer"):
        layers.Embedding.from_config({**valid, argument: 3.7})


def test_weights_constructor_arg() -> None:
    layer = layers.Embedding(3, 4, weights=np.ones((3, 4)))
    assert_all_close(layer.embeddings, np.ones((3, 4)))
    layer = layers.Embedding(3, 4, weights=[np.ones((3, 4))])
    assert_all_close(layer.embeddings, np.ones((3, 4)))
