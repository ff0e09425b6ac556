"""Port of ``keras/src/layers/reshaping/reshape_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs and expected shapes
unchanged.

Not ported:
- test_reshape's "sparse" case: sparse tensors (TensorFlow's and JAX's), which statefulrnn has
  none of.
Changed:
- test_reshape runs ``check_weightless_layer`` (Keras's ``run_layer_test``: config round trip,
  masking support, symbolic and eager output shapes, no weights, a backward pass).
- test_reshape_with_dynamic_batch_size_and_minus_one and
  test_reshape_with_dynamic_dim_and_minus_one call the layer on ``Input(batch_shape=...)``
  where Keras calls ``backend.compute_output_spec`` on a ``KerasTensor``.
- test_reshape_model_fit_with_varying_input_size_and_minus_one: the fit on Keras's generator is
  left out (``fit`` refuses a model without weights: the optimizer has nothing to train, where
  Keras runs the steps); the inference on varying lengths after it is kept.
"""

from __future__ import annotations

import pytest
import torch

from statefulrnn import layers
from statefulrnn.models import Sequential

from .weightless_checks import check_weightless_layer


@pytest.mark.parametrize(
    ("target_shape", "input_shape", "expected_output_shape"),
    [
        ((8, 1), (3, 2, 4), (3, 8, 1)),
        ((8,), (3, 2, 4), (3, 8)),
        ((2, 4), (3, 8), (3, 2, 4)),
        ((-1, 1), (3, 2, 4), (3, 8, 1)),
        ((1, -1), (3, 2, 4), (3, 1, 8)),
        ((-1,), (3, 2, 4), (3, 8)),
        ((2, -1), (3, 2, 4), (3, 2, 4)),
    ],
)
def test_reshape(target_shape, input_shape, expected_output_shape) -> None:
    check_weightless_layer(
        layers.Reshape,
        init_kwargs={"target_shape": target_shape},
        input_shape=input_shape,
        expected_output_shape=expected_output_shape,
        supports_masking=False,
    )


def test_reshape_with_dynamic_batch_size() -> None:
    input_layer = layers.Input(shape=(2, 4))
    reshaped = layers.Reshape((8,))(input_layer)
    assert reshaped.shape == (None, 8)


def test_reshape_rejects_invalid_target_shape() -> None:
    # Negative values other than -1 are invalid.
    with pytest.raises(ValueError, match=r"non-negative integer.*-1.*target_shape=\(-2, 5\)"):
        layers.Reshape(target_shape=(-2, 5))

    # Existing constraint: at most one -1.
    with pytest.raises(ValueError, match=r"at most one unknown dimension.*target_shape=\(-1, -1, 5\)"):
        layers.Reshape(target_shape=(-1, -1, 5))


def test_reshape_with_dynamic_batch_size_and_minus_one() -> None:
    layer = layers.Reshape((-1, 8))
    reshaped = layer(layers.Input(batch_shape=(None, 6, 4)))
    assert reshaped.shape == (None, 3, 8)


def test_reshape_layer_with_varying_input_size_and_minus_one() -> None:
    layer = layers.Reshape((-1, 8))
    res = layer(torch.ones((1, 6, 4), dtype=torch.float32))
    assert tuple(res.shape) == (1, 3, 8)
    res = layer(torch.ones((1, 10, 4), dtype=torch.float32))
    assert tuple(res.shape) == (1, 5, 8)


def test_reshape_with_dynamic_dim_and_minus_one() -> None:
    layer = layers.Reshape((-1, 3))
    reshaped = layer(layers.Input(batch_shape=(4, 6, None, 3)))
    assert reshaped.shape == (4, None, 3)


def test_reshape_sets_static_shape() -> None:
    input_layer = layers.Input(batch_shape=(2, None))
    reshaped = layers.Reshape((3, 5))(input_layer)
    # Also make sure the batch dim is not lost after reshape.
    assert reshaped.shape == (2, 3, 5)


def test_reshape_model_fit_with_varying_input_size_and_minus_one() -> None:
    layer = layers.Reshape((-1, 8))
    model = Sequential([layer])

    # Also test inference with varying shapes to ensure -1 works dynamically
    # Input: (batch, seq_len, 2), Output: (batch, seq_len*2/8, 8)
    for seq_len, expected_first_dim in [(12, 3), (20, 5), (24, 6)]:
        x_test = torch.randn((1, seq_len, 2))
        output = model(x_test)
        # Verify output shape is correct
        assert output.shape[1] == expected_first_dim
        assert output.shape[2] == 8
