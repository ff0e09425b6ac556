"""Port of ``keras/src/initializers/constant_initializers_test.py`` and
``keras/src/initializers/random_initializers_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43).

Changed: ``run_class_serialization_test`` becomes `_check_serialization` (config round trip,
``get(serialize(...))`` round trip, and pickling); ``backend.convert_to_numpy`` becomes
``.numpy()``; ``utils.set_random_seed`` becomes ``torch.manual_seed``. Keras's tolerances and
expected values are unchanged. Where an error message differs, the test matches the part
Keras's test matches.

Skipped, with why:
- ``test_stft_initializer``: statefulrnn has no ``STFT`` initializer (nor the
  ``STFTSpectrogram`` layer it exists for).
- The ``SeedGenerator`` parts of ``test_random_normal`` and ``test_serialization_with_seed_generator``:
  Keras's ``SeedGenerator`` has no counterpart here; a seed is an int, or None (then
  ``torch.manual_seed`` governs the draws). The int-seed and unseeded behaviours are ported.
- ``test_mha_query_projection_variance``: statefulrnn has no ``MultiHeadAttention``; the fan
  rule it relies on (``input_axes``/``output_axes``) is tested by the two axes tests.
- ``test_get_method_with_tensor``'s backend tensor made by ``keras.random.uniform`` is a torch
  tensor here; the numpy case is ported as it is.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from statefulrnn import initializers
from statefulrnn.initializers import compute_fans


def _check_serialization(initializer: initializers.Initializer) -> None:
    """Keras's ``run_class_serialization_test``: config, revived config, and a pickle."""
    config = initializer.get_config()
    revived = type(initializer).from_config(config)
    assert type(revived) is type(initializer)
    assert revived.get_config() == config
    serialized = initializers.serialize(initializer)
    assert initializers.get(serialized).get_config() == config
    assert pickle.loads(pickle.dumps(initializer)).get_config() == config


# ----- constant_initializers_test.py ----------------------------------------------------------


def test_zeros_initializer() -> None:
    shape = (3, 3)
    initializer = initializers.Zeros()
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(values.numpy(), np.zeros(shape=shape))
    _check_serialization(initializer)


def test_ones_initializer() -> None:
    shape = (3, 3)
    initializer = initializers.Ones()
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(values.numpy(), np.ones(shape=shape))
    _check_serialization(initializer)


def test_constant_initializer() -> None:
    shape = (3, 3)
    constant_value = 6.0
    initializer = initializers.Constant(value=constant_value)
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(values.numpy(), np.full(shape=shape, fill_value=constant_value))
    _check_serialization(initializer)


def test_constant_initializer_array_value() -> None:
    shape = (3, 3)
    constant_value = np.random.default_rng(0).random((3, 3))
    initializer = initializers.Constant(value=constant_value)
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(values.numpy(), np.full(shape=shape, fill_value=constant_value), rtol=1e-6)
    _check_serialization(initializer)


def test_identity_initializer() -> None:
    shape = (3, 3)
    gain = 2
    initializer = initializers.Identity(gain=gain)
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(values.numpy(), np.eye(*shape) * gain)
    _check_serialization(initializer)

    # Test compatible class_name
    initializer = initializers.get("IdentityInitializer")
    assert isinstance(initializer, initializers.Identity)


# ----- random_initializers_test.py ------------------------------------------------------------


def test_random_normal() -> None:
    torch.manual_seed(1337)
    shape = (25, 20)
    mean = 0.0
    stddev = 1.0
    seed = 1234
    initializer = initializers.RandomNormal(mean=mean, stddev=stddev, seed=seed)
    values = initializer(shape=shape)
    assert initializer.mean == mean
    assert initializer.stddev == stddev
    assert initializer.seed == seed
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(np.std(values.numpy()), stddev, atol=1e-1)

    _check_serialization(initializer)

    # Test that a fixed seed yields the same results each call.
    initializer = initializers.RandomNormal(mean=mean, stddev=stddev, seed=1337)
    values = initializer(shape=shape)
    next_values = initializer(shape=shape)
    np.testing.assert_allclose(values, next_values)

    # Test that unseeded generator gets different results after cloning
    initializer = initializers.RandomNormal(mean=mean, stddev=stddev, seed=None)
    values = initializer(shape=shape)
    cloned_initializer = initializers.RandomNormal.from_config(initializer.get_config())
    new_values = cloned_initializer(shape=shape)
    assert not np.allclose(values, new_values)

    # Test that seeded generator gets same results after cloning
    initializer = initializers.RandomNormal(mean=mean, stddev=stddev, seed=1337)
    values = initializer(shape=shape)
    cloned_initializer = initializers.RandomNormal.from_config(initializer.get_config())
    new_values = cloned_initializer(shape=shape)
    np.testing.assert_allclose(values, new_values)


def test_random_uniform() -> None:
    shape = (5, 5)
    minval = -1.0
    maxval = 1.0
    seed = 1234
    initializer = initializers.RandomUniform(minval=minval, maxval=maxval, seed=seed)
    values = initializer(shape=shape)
    assert initializer.minval == minval
    assert initializer.maxval == maxval
    assert initializer.seed == seed
    assert tuple(values.shape) == shape
    values = values.numpy()
    assert np.min(values) >= minval
    assert np.max(values) < maxval

    _check_serialization(initializer)


def test_variance_scaling() -> None:
    torch.manual_seed(1337)
    shape = (25, 20)
    scale = 2.0
    seed = 1234
    initializer = initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_in")
    values = initializer(shape=shape)
    assert initializer.scale == scale
    assert initializer.seed == seed
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(np.std(values.numpy()), np.sqrt(scale / 25), atol=1e-1)
    _check_serialization(initializer)

    initializer = initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_out")
    values = initializer(shape=shape)
    assert initializer.scale == scale
    assert initializer.seed == seed
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(np.std(values.numpy()), np.sqrt(scale / 20), atol=1e-1)
    _check_serialization(initializer)


def test_orthogonal() -> None:
    shape = (5, 5)
    gain = 2.0
    seed = 1234
    initializer = initializers.Orthogonal(gain=gain, seed=seed)
    values = initializer(shape=shape)
    assert initializer.seed == seed
    assert initializer.gain == gain

    assert tuple(values.shape) == shape
    array = values.numpy()
    # Making sure that the columns have gain * unit norm value
    for column in array.T:
        assert np.linalg.norm(column) == pytest.approx(gain * 1.0, abs=1e-6)

    # Making sure that each column is orthonormal to the other column
    for i in range(array.shape[-1]):
        for j in range(i + 1, array.shape[-1]):
            assert np.dot(array[..., i], array[..., j]) == pytest.approx(0.0, abs=1e-6)

    _check_serialization(initializer)

    # Test compatible class_name
    initializer = initializers.get("OrthogonalInitializer")
    assert isinstance(initializer, initializers.Orthogonal)


def test_get_method() -> None:
    obj = initializers.get("glorot_normal")
    assert isinstance(obj, initializers.GlorotNormal)

    obj = initializers.get(None)
    assert obj is None

    with pytest.raises(ValueError):
        initializers.get("typo")


def test_get_method_with_tensor() -> None:
    shape = (5, 5)

    # Test backend tensor
    tensor = torch.rand(shape)
    initializer = initializers.get(tensor)
    values = initializer(shape=shape)
    np.testing.assert_allclose(values, tensor)

    # Test numpy array
    tensor = np.random.default_rng(0).uniform(size=shape).astype("float32")
    initializer = initializers.get(tensor)
    values = initializer(shape=shape)
    np.testing.assert_allclose(values, tensor)

    # Test bad `shape` argument
    with pytest.raises(ValueError, match=r"Expected `shape` to be"):
        initializer(shape=(10, 10))


def test_variance_scaling_invalid_scale() -> None:
    seed = 1234
    with pytest.raises(ValueError, match=r"Argument `scale` must be positive float\."):
        initializers.VarianceScaling(scale=-1.0, seed=seed, mode="fan_in")


def test_variance_scaling_invalid_mode() -> None:
    scale = 2.0
    seed = 1234
    with pytest.raises(ValueError, match="Invalid `mode` argument:"):
        initializers.VarianceScaling(scale=scale, seed=seed, mode="invalid_mode")


def test_variance_scaling_invalid_distribution() -> None:
    scale = 2.0
    seed = 1234
    with pytest.raises(ValueError, match="Invalid `distribution` argument:"):
        initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_in", distribution="invalid_dist")


def test_compute_fans_with_axes() -> None:
    shape = (512, 8, 64)

    # Test with explicit axes (e.g. Query projection)
    fan_in, fan_out = compute_fans(shape, input_axes=[0], output_axes=[1, 2])
    assert fan_in == 512
    assert fan_out == 512

    # Test with another combination (e.g. Output projection)
    fan_in, fan_out = compute_fans(shape, input_axes=[0, 1], output_axes=[2])
    assert fan_in == 512 * 8
    assert fan_out == 64


def test_variance_scaling_with_axes() -> None:
    torch.manual_seed(1337)
    shape = (32, 4, 16)
    scale = 2.0
    seed = 1234

    # Testing standard deviation with given axes
    initializer = initializers.VarianceScaling(
        scale=scale, seed=seed, mode="fan_in", input_axes=[0], output_axes=[1, 2]
    )
    values = initializer(shape=shape)
    assert tuple(values.shape) == shape
    np.testing.assert_allclose(np.std(values.numpy()), np.sqrt(scale / 32), atol=1e-1)

    # Test output standard deviation without axes
    initializer = initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_in")
    values = initializer(shape=shape)
    np.testing.assert_allclose(np.std(values.numpy()), np.sqrt(scale / 128), atol=1e-1)


def test_variance_scaling_serialization_with_axes() -> None:
    initializer = initializers.VarianceScaling(input_axes=[0], output_axes=[1, 2])
    _check_serialization(initializer)
