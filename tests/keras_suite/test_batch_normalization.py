"""Port of ``keras/src/layers/normalization/batch_normalization_test.py`` from keras-team/keras
v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays
and tolerances unchanged. Keras draws some inputs from an unseeded ``np.random``; here the
generator is seeded.

Not ported:
- test_large_value_within_autocast_scope: Keras's float16 ``AutocastScope``; statefulrnn has
  no autocast policy.
- test_renorm_basics, test_renorm_invalid_clipping_keys, test_renorm_stddev_initializer,
  test_renorm_inference, test_renorm_correctness, test_serialization (all of ``renorm=True``):
  batch renormalisation is not implemented; ``renorm=True`` is refused with a message (tested
  in tests/layers/test_conv_pool_norm.py).
- The ``synchronized=True`` case of test_input_fully_masked: Keras runs it on TensorFlow only,
  and statefulrnn refuses ``synchronized=True``.
Changed: a Keras tensor carries its mask from ``layers.Masking()(x)`` into the next call; here
the mask is ``Masking.compute_mask`` and is passed as ``mask=``. test_bachnorm_ignore_masked_values
is parametrised over ``mask_value`` only (``run_eagerly`` has no meaning on PyTorch).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from statefulrnn import layers
from statefulrnn.models import Model

from .layer_checks import assert_all_close, check_layer


def assert_not_all_close(actual, desired, atol: float = 1e-6, rtol: float = 1e-6) -> None:
    """Keras's ``assertNotAllClose``."""
    with pytest.raises(AssertionError):
        assert_all_close(actual, desired, atol=atol, rtol=rtol)


@pytest.mark.parametrize(
    ("init_kwargs", "input_shape", "trainable", "losses"),
    [
        ({"center": True, "scale": True}, (2, 3), 2, 0),
        ({"center": False, "scale": False}, (2, 3), 0, 0),
        (
            {"center": True, "scale": True, "beta_regularizer": "l2", "gamma_regularizer": "l2"},
            (2, 4, 4, 3),
            2,
            2,
        ),
    ],
)
def test_bn_basics(init_kwargs, input_shape, trainable, losses) -> None:
    check_layer(
        layers.BatchNormalization,
        init_kwargs=init_kwargs,
        call_kwargs={"training": True},
        input_shape=input_shape,
        expected_output_shape=input_shape,
        expected_num_trainable_weights=trainable,
        expected_num_non_trainable_weights=2,
        expected_num_losses=losses,
        supports_masking=True,
    )


def _masking(x: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    """``layers.Masking()(x)`` and the mask a Keras tensor would carry from it."""
    masking = layers.Masking()
    return masking(x), masking.compute_mask(torch.from_numpy(x))


@pytest.mark.parametrize(
    ("axis", "input_shape", "moving_mean_initializer", "moving_variance_initializer"),
    list(itertools.product((-1, 1), ((5, 2, 3), (5, 3, 3, 2)), ("zeros", "ones"), ("zeros", "ones"))),
)
def test_correctness(axis, input_shape, moving_mean_initializer, moving_variance_initializer) -> None:
    # Training
    layer = layers.BatchNormalization(
        axis=axis,
        momentum=0,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
    )
    # Random data centered on 5.0, variance 10.0
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=input_shape)
    out = x
    for _ in range(3):
        out = layer(out, training=True)

    # Assert the normalization is correct.
    broadcast_shape = [1] * len(input_shape)
    broadcast_shape[axis] = input_shape[axis]
    out = out.detach().numpy()
    out = out - np.reshape(layer.beta.detach().numpy(), broadcast_shape)
    out = out / np.reshape(layer.gamma.detach().numpy(), broadcast_shape)

    reduction_axes = list(range(len(input_shape)))
    del reduction_axes[axis]
    reduction_axes = tuple(reduction_axes)
    assert_all_close(np.mean(out, axis=reduction_axes), 0.0, atol=1e-3)
    assert_all_close(np.std(out, axis=reduction_axes), 1.0, atol=1e-3)
    assert_all_close(layer.moving_mean, 0.0, atol=1e-3)
    assert_all_close(layer.moving_variance, 1.0, atol=1e-3)

    # Inference done before training shouldn't match.
    inference_out = layer(x, training=False)
    training_out = layer(x, training=True)
    assert_not_all_close(inference_out, training_out)

    # Since momentum is zero, inference after training should match.
    training_out = layer(x, training=True)
    inference_out = layer(x, training=False)
    assert_all_close(inference_out, training_out)

    # Masked result with no training should not differ
    x[:, 1, :] = 0.0
    unmasked_out = layer(x, training=False)
    masked, mask = _masking(x)
    masked_out = layer(masked, training=False, mask=mask)
    assert_all_close(unmasked_out, masked_out)

    # Masked result should differ from unmasked result
    unmasked_out = layer(x, training=False)
    x[:, 1, :] = 0.0
    masked, mask = _masking(x)
    masked_out = layer(masked, training=True, mask=mask)
    assert_not_all_close(unmasked_out, masked_out)


def test_input_fully_masked() -> None:
    norm = layers.BatchNormalization(scale=False, center=False, synchronized=False)
    x = np.zeros((4, 5))
    mask = np.zeros((4,), dtype=np.float32)
    y = norm(x, mask=mask, training=True)
    assert_all_close(y, np.zeros_like(x, dtype=np.float32))


@pytest.mark.parametrize("mask_value", [0.0, 0.1, 1])
def test_bachnorm_ignore_masked_values(mask_value) -> None:
    padded_data = np.array(
        [[[1, 5], [2, 5], [mask_value, mask_value], [mask_value, mask_value]] for _ in range(10)],
        dtype="float32",
    )

    inputs = layers.Input((None, 2))
    masked = layers.Masking(mask_value=mask_value)(inputs)
    normed = layers.BatchNormalization(momentum=0.0)(masked)
    model = Model(inputs, normed)
    model.compile("rmsprop", loss="mse")
    model.fit(x=padded_data, y=padded_data, batch_size=10, epochs=5, verbose=0)
    assert_all_close(model.layers[2].moving_mean, [1.5, 5.0])
    assert_all_close(model.layers[2].moving_variance, [0.25, 0.0])


def test_trainable_behavior() -> None:
    layer = layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=1e-7)
    layer.build((1, 4, 4, 3))
    layer.trainable = False
    assert len(layer.weights) == 4
    assert len(layer.trainable_weights) == 0
    assert len(layer.non_trainable_weights) == 4

    # Random data centered on 5.0, variance 10.0
    x = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(200, 4, 4, 3))

    out = layer(x, training=True)
    assert_all_close(out, x)

    layer.trainable = True
    assert len(layer.weights) == 4
    assert len(layer.trainable_weights) == 2
    assert len(layer.non_trainable_weights) == 2

    for _ in range(10):
        out = layer(x, training=True)

    out = out.detach().numpy()
    out = out - np.reshape(layer.beta.detach().numpy(), (1, 1, 1, 3))
    out = out / np.reshape(layer.gamma.detach().numpy(), (1, 1, 1, 3))

    assert_all_close(np.mean(out, axis=(0, 1, 2)), 0.0, atol=1e-3)
    assert_all_close(np.std(out, axis=(0, 1, 2)), 1.0, atol=1e-3)


def test_masked_broadcast_normalization() -> None:
    input_shape = (1, 2, 3, 4)
    mask_shape = (1, 2, 1)
    x = torch.ones(input_shape)
    mask = torch.ones(mask_shape)

    layer = layers.BatchNormalization(axis=-1, momentum=0.0, epsilon=1e-3)

    y = layer(x, training=True, mask=mask)

    mean_y = y.mean(dim=(0, 1, 2))

    assert_all_close(mean_y, torch.zeros((4,)), atol=1e-6)
    assert_all_close(y, torch.zeros_like(y), atol=1e-6)

    assert_all_close(layer.moving_mean, torch.ones((4,)), atol=1e-6)
    assert_all_close(layer.moving_variance, torch.zeros((4,)), atol=1e-6)
