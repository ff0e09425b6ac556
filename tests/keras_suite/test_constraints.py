"""Port of ``keras/src/constraints/constraints_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged. ``backend.convert_to_numpy`` is ``.numpy()``; our constraints take numpy
arrays as Keras's do and return tensors.

Every test is ported.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import constraints

from .layer_checks import assert_all_close


def get_example_array() -> np.ndarray:
    np.random.seed(3537)
    example_array = np.random.random((100, 100)) * 100.0 - 50.0
    example_array[0, 0] = 0.0
    return example_array


def test_max_norm() -> None:
    constraint_fn = constraints.MaxNorm(2.0)
    x = np.array([[0, 0, 0], [1.0, 0, 0], [3, 0, 0], [3, 3, 3]]).T
    target = np.array(
        [
            [0, 0, 0],
            [1.0, 0, 0],
            [2.0, 0, 0],
            [2.0 / np.sqrt(3), 2.0 / np.sqrt(3), 2.0 / np.sqrt(3)],
        ]
    ).T
    output = constraint_fn(x)
    assert_all_close(output, target)


def test_non_neg() -> None:
    constraint_fn = constraints.NonNeg()
    output = constraint_fn(get_example_array())
    output = output.numpy()
    assert (np.min(output, axis=1) >= 0.0).all()


def test_unit_norm() -> None:
    constraint_fn = constraints.UnitNorm()
    output = constraint_fn(get_example_array())
    output = output.numpy()
    l2 = np.sqrt(np.sum(np.square(output), axis=0))
    assert_all_close(l2, 1.0)


def test_min_max_norm() -> None:
    constraint_fn = constraints.MinMaxNorm(min_value=0.2, max_value=0.5)
    output = constraint_fn(get_example_array())
    output = output.numpy()
    l2 = np.sqrt(np.sum(np.square(output), axis=0))
    assert np.all(l2 >= 0.2)
    assert np.all(l2 <= 0.5 + 1e-6)


def test_get_method() -> None:
    obj = constraints.get("unit_norm")
    assert isinstance(obj, constraints.UnitNorm)  # Keras: assertTrue(obj, UnitNorm), always true

    obj = constraints.get(None)
    assert obj is None

    with pytest.raises(ValueError):
        constraints.get("typo")


def test_default_constraint_call() -> None:
    constraint_fn = constraints.Constraint()
    x = np.array([1.0, 2.0, 3.0])
    output = constraint_fn(x)
    assert_all_close(x, output)


def test_constraint_get_config() -> None:
    constraint_fn = constraints.Constraint()
    config = constraint_fn.get_config()
    assert config == {}


def test_constraint_from_config() -> None:
    constraint_fn = constraints.Constraint()
    config = constraint_fn.get_config()
    recreated_constraint_fn = constraints.Constraint.from_config(config)
    assert isinstance(recreated_constraint_fn, constraints.Constraint)


def test_max_norm_get_config() -> None:
    constraint_fn = constraints.MaxNorm(max_value=3.0, axis=1)
    config = constraint_fn.get_config()
    expected_config = {"max_value": 3.0, "axis": 1}
    assert config == expected_config
    restored = constraints.MaxNorm.from_config(config)
    assert restored.max_value == constraint_fn.max_value
    assert restored.axis == constraint_fn.axis
    x = get_example_array()
    assert_all_close(constraint_fn(x).numpy(), restored(x).numpy())


def test_unit_norm_get_config() -> None:
    constraint_fn = constraints.UnitNorm(axis=1)
    config = constraint_fn.get_config()
    expected_config = {"axis": 1}
    assert config == expected_config
    restored = constraints.UnitNorm.from_config(config)
    assert restored.axis == constraint_fn.axis
    x = get_example_array()
    assert_all_close(constraint_fn(x).numpy(), restored(x).numpy())


def test_min_max_norm_get_config() -> None:
    constraint_fn = constraints.MinMaxNorm(min_value=0.5, max_value=2.0, rate=0.7, axis=1)
    config = constraint_fn.get_config()
    expected_config = {
        "min_value": 0.5,
        "max_value": 2.0,
        "rate": 0.7,
        "axis": 1,
    }
    assert config == expected_config
    restored = constraints.MinMaxNorm.from_config(config)
    assert restored.min_value == constraint_fn.min_value
    assert restored.max_value == constraint_fn.max_value
    assert restored.rate == constraint_fn.rate
    assert restored.axis == constraint_fn.axis
    x = get_example_array()
    assert_all_close(constraint_fn(x).numpy(), restored(x).numpy())


def test_non_neg_get_config() -> None:
    constraint_fn = constraints.NonNeg()
    config = constraint_fn.get_config()
    assert config == {}


def test_non_neg_from_config() -> None:
    constraint_fn = constraints.NonNeg()
    config = constraint_fn.get_config()
    recreated = constraints.NonNeg.from_config(config)
    assert isinstance(recreated, constraints.NonNeg)


def test_non_neg_serialization_roundtrip() -> None:
    original = constraints.NonNeg()
    config = original.get_config()
    restored = constraints.NonNeg.from_config(config)
    x = get_example_array()
    out_original = original(x).numpy()
    out_restored = restored(x).numpy()
    assert_all_close(out_original, out_restored)


def test_non_neg_zeroes_negatives() -> None:
    constraint_fn = constraints.NonNeg()
    x = np.full((5, 5), -3.0)
    output = constraint_fn(x).numpy()
    assert_all_close(output, np.zeros((5, 5)))


def test_non_neg_preserves_positives() -> None:
    constraint_fn = constraints.NonNeg()
    x = np.full((5, 5), 3.0)
    output = constraint_fn(x).numpy()
    assert_all_close(output, x)


def test_non_neg_all_zeros_input() -> None:
    constraint_fn = constraints.NonNeg()
    x = np.zeros((5, 5))
    output = constraint_fn(x).numpy()
    assert_all_close(output, np.zeros((5, 5)))
