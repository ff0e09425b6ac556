"""Port of the ``to_categorical`` tests in ``keras/src/utils/numerical_utils_test.py`` from
keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's cases
and checks unchanged. Keras draws the labels from an unseeded ``np.random``; here the generator
is seeded.

Also ported: test_normalize (``keras.utils.normalize``), on a seeded numpy draw and its torch
tensor. Not ported: test_build_pos_neg_masks, a helper of Keras's contrastive losses, which
statefulrnn.utils does not have.
Changed: test_to_categorical_with_backend_tensor uses a torch tensor (our backend tensor).
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn.utils import normalize, to_categorical

NUM_CLASSES = 5


@pytest.mark.parametrize(
    ("shape", "expected_shape"),
    [
        ((1,), (1, NUM_CLASSES)),
        ((3,), (3, NUM_CLASSES)),
        ((4, 3), (4, 3, NUM_CLASSES)),
        ((5, 4, 3), (5, 4, 3, NUM_CLASSES)),
        ((3, 1), (3, NUM_CLASSES)),
        ((3, 2, 1), (3, 2, NUM_CLASSES)),
    ],
)
def test_to_categorical(shape: tuple[int, ...], expected_shape: tuple[int, ...]) -> None:
    label = np.random.default_rng(0).integers(0, NUM_CLASSES, shape)
    one_hot = to_categorical(label, NUM_CLASSES)
    # Check shape
    assert one_hot.shape == expected_shape
    # Make sure there is only one 1 in a row
    assert np.all(one_hot.sum(axis=-1) == 1)
    # Get original labels back from one hots
    assert np.all(np.argmax(one_hot, -1).reshape(label.shape) == label)


def test_to_categorical_without_num_classes() -> None:
    label = [0, 2, 5]
    one_hot = to_categorical(label)
    assert one_hot.shape == (3, 5 + 1)


def test_to_categorical_with_backend_tensor() -> None:
    label = torch.from_numpy(np.array([0, 2, 1, 3, 4]))
    expected = torch.from_numpy(
        np.array(
            [
                [1, 0, 0, 0, 0],
                [0, 0, 1, 0, 0],
                [0, 1, 0, 0, 0],
                [0, 0, 0, 1, 0],
                [0, 0, 0, 0, 1],
            ]
        )
    )
    one_hot = to_categorical(label, NUM_CLASSES)
    assert isinstance(one_hot, torch.Tensor)
    np.testing.assert_allclose(one_hot.numpy(), expected.numpy())


@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize(order: int) -> None:
    xnp = np.random.default_rng(1337).uniform(size=(3, 3)).astype(np.float32)

    # Expected result
    l2 = np.atleast_1d(np.linalg.norm(xnp, order, axis=-1))
    l2[l2 == 0] = 1
    expected = xnp / np.expand_dims(l2, axis=-1)

    # Test NumPy
    out = normalize(xnp, axis=-1, order=order)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-6)

    # Test backend
    out = normalize(torch.from_numpy(xnp), axis=-1, order=order)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6, atol=1e-6)
