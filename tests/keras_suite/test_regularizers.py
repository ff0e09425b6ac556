"""Port of ``keras/src/regularizers/regularizers_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here). ``backend.Variable(v)``
is ``torch.from_numpy(v)``.

Every test is ported. Differences:
- test_config: Keras's ``run_class_serialization_test`` (its registry and ``dir()``
  comparison) is a ``get_config`` / ``from_config`` round trip here, plus `serialize` / `get`.
- ValidateFloatArgTest: Keras tests its helper ``validate_float_arg``; ours is private, so the
  same values go through the ``L1`` constructor that uses it. A value that is not a number
  (a string, None, a list) is a ``TypeError`` here, as a wrong type is everywhere in
  statefulrnn (Keras: ``ValueError``); same message. ``L1(None)`` means the default, as in
  Keras, so test_validate_float_with_none gives None to ``OrthogonalRegularizer(factor=...)``,
  which checks it as Keras's helper does.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import regularizers

from .layer_checks import assert_all_close


def _variable(value: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(value)


@pytest.mark.parametrize(
    "reg",
    [
        regularizers.L1(0.1),
        regularizers.L2(0.1),
        regularizers.L1L2(l1=0.1, l2=0.2),
        regularizers.OrthogonalRegularizer(factor=0.1, mode="rows"),
    ],
)
def test_config(reg: regularizers.Regularizer) -> None:
    config = reg.get_config()
    revived = type(reg).from_config(config)
    assert revived.get_config() == config
    assert regularizers.get(regularizers.serialize(reg)).get_config() == config


def test_l1() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L1(0.1)(x)
    assert_all_close(y, 0.1 * np.sum(np.abs(value)))


def test_l2() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L2(0.1)(x)
    assert_all_close(y, 0.1 * np.sum(np.square(value)))


def test_l1_l2() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L1L2(l1=0.1, l2=0.2)(x)
    assert_all_close(y, 0.1 * np.sum(np.abs(value)) + 0.2 * np.sum(np.square(value)))


def test_orthogonal_regularizer() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.OrthogonalRegularizer(factor=0.1, mode="rows")(x)

    l2_norm = np.linalg.norm(value, axis=1, keepdims=True)
    inputs = value / l2_norm
    assert_all_close(
        y,
        0.1
        * 0.5
        * np.sum(np.abs(np.dot(inputs, np.transpose(inputs)) * (1.0 - np.eye(4))))
        / (4.0 * (4.0 - 1.0) / 2.0),
    )


def test_get_method() -> None:
    obj = regularizers.get("l1l2")
    assert isinstance(obj, regularizers.L1L2)

    obj = regularizers.get("l1")
    assert isinstance(obj, regularizers.L1)

    obj = regularizers.get("l2")
    assert isinstance(obj, regularizers.L2)

    obj = regularizers.get("orthogonal_regularizer")
    assert isinstance(obj, regularizers.OrthogonalRegularizer)

    obj = regularizers.get(None)
    assert obj is None

    with pytest.raises(ValueError):
        regularizers.get("typo")


def test_l1l2_get_config() -> None:
    l1 = 0.01
    l2 = 0.02
    reg = regularizers.L1L2(l1=l1, l2=l2)
    config = reg.get_config()

    assert_all_close(config["l1"], l1)
    assert_all_close(config["l2"], l2)

    reg_from_config = regularizers.L1L2.from_config(config)
    config_from_config = reg_from_config.get_config()

    assert config == config_from_config
    assert_all_close(reg_from_config.l1, l1)
    assert_all_close(reg_from_config.l2, l2)


def test_orthogonal_regularizer_mode_validation() -> None:
    with pytest.raises(ValueError) as context:
        regularizers.OrthogonalRegularizer(factor=0.01, mode="invalid_mode")

    expected_message = (
        'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. Received: mode=invalid_mode'
    )
    assert str(context.value) == expected_message


def test_orthogonal_regularizer_input_rank_validation() -> None:
    with pytest.raises(ValueError) as context:
        value = np.random.random((4, 4, 4)).astype(np.float32)
        x = _variable(value)
        regularizers.OrthogonalRegularizer(factor=0.1)(x)

    expected_message = f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape={(4, 4, 4)}"
    assert str(context.value) == expected_message


def test_orthogonal_regularizer_get_config() -> None:
    factor = 0.01
    mode = "columns"
    regularizer = regularizers.OrthogonalRegularizer(factor=factor, mode=mode)
    config = regularizer.get_config()

    assert config["factor"] == pytest.approx(factor, abs=1e-7)
    assert config["mode"] == mode

    reg_from_config = regularizers.OrthogonalRegularizer.from_config(config)
    config_from_config = reg_from_config.get_config()

    assert config_from_config["factor"] == pytest.approx(factor, abs=1e-7)
    assert config_from_config["mode"] == mode


def test_l1_with_zero_weights() -> None:
    value = np.zeros((4, 4), dtype=np.float32)
    x = _variable(value)
    y = regularizers.L1(0.1)(x)
    assert_all_close(y, 0.0)


def test_l1_with_negative_weights() -> None:
    pos_value = np.ones((4, 4), dtype=np.float32)
    neg_value = -np.ones((4, 4), dtype=np.float32)
    x_pos = _variable(pos_value)
    x_neg = _variable(neg_value)
    y_pos = regularizers.L1(0.1)(x_pos)
    y_neg = regularizers.L1(0.1)(x_neg)
    assert_all_close(y_pos, y_neg)


def test_l1_zero_coefficient() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L1(0.0)(x)
    assert_all_close(y, 0.0)


def test_l2_with_zero_weights() -> None:
    value = np.zeros((4, 4), dtype=np.float32)
    x = _variable(value)
    y = regularizers.L2(0.1)(x)
    assert_all_close(y, 0.0)


def test_l2_zero_coefficient() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L2(0.0)(x)
    assert_all_close(y, 0.0)


def test_l2_is_larger_than_l1_for_large_weights() -> None:
    value = np.ones((4, 4), dtype=np.float32) * 10.0
    x = _variable(value)
    l1_val = float(regularizers.L1(1.0)(x))
    l2_val = float(regularizers.L2(1.0)(x))
    assert l2_val > l1_val


def test_l2_is_smaller_than_l1_for_small_weights() -> None:
    value = np.ones((4, 4), dtype=np.float32) * 0.1
    x = _variable(value)
    l1_val = float(regularizers.L1(1.0)(x))
    l2_val = float(regularizers.L2(1.0)(x))
    assert l2_val < l1_val


def test_l1l2_zero_coefficients() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y = regularizers.L1L2(l1=0.0, l2=0.0)(x)
    assert_all_close(y, 0.0)


def test_l1l2_only_l1() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y_l1l2 = regularizers.L1L2(l1=0.1, l2=0.0)(x)
    y_l1 = regularizers.L1(0.1)(x)
    assert_all_close(y_l1l2, y_l1)


def test_l1l2_only_l2() -> None:
    value = np.random.random((4, 4)).astype(np.float32)
    x = _variable(value)
    y_l1l2 = regularizers.L1L2(l1=0.0, l2=0.1)(x)
    y_l2 = regularizers.L2(0.1)(x)
    assert_all_close(y_l1l2, y_l2)


def test_l1l2_with_zero_weights() -> None:
    value = np.zeros((4, 4), dtype=np.float32)
    x = _variable(value)
    y = regularizers.L1L2(l1=0.1, l2=0.2)(x)
    assert_all_close(y, 0.0)


# ----- ValidateFloatArgTest, through the constructors that use the check ----------------------


def test_validate_float_with_valid_args() -> None:
    assert regularizers.L1(1).l1 == 1.0
    assert regularizers.L1(1.0).l1 == 1.0


def test_validate_float_with_invalid_types() -> None:
    with pytest.raises(TypeError, match="expected a non-negative float"):
        regularizers.L1("not_a_number")


def test_validate_float_with_nan() -> None:
    with pytest.raises(ValueError, match="expected a non-negative float"):
        regularizers.L1(float("nan"))


def test_validate_float_with_inf() -> None:
    with pytest.raises(ValueError, match="expected a non-negative float"):
        regularizers.L1(float("inf"))
    with pytest.raises(ValueError, match="expected a non-negative float"):
        regularizers.L1(-float("inf"))


def test_validate_float_with_negative_number() -> None:
    with pytest.raises(ValueError, match="expected a non-negative float"):
        regularizers.L1(-1)


def test_validate_float_with_zero() -> None:
    assert regularizers.L1(0).l1 == 0.0
    assert regularizers.L1(0.0).l1 == 0.0


def test_validate_float_with_very_small_positive() -> None:
    assert regularizers.L1(1e-10).l1 == pytest.approx(1e-10)


def test_validate_float_returns_float_type() -> None:
    assert isinstance(regularizers.L1(1).l1, float)
    assert isinstance(regularizers.L1(1.0).l1, float)


def test_validate_float_with_large_positive() -> None:
    assert regularizers.L1(1e6).l1 == pytest.approx(1e6)


def test_validate_float_with_negative_float() -> None:
    with pytest.raises(ValueError, match="expected a non-negative float"):
        regularizers.L1(-0.001)


def test_validate_float_with_none() -> None:
    with pytest.raises(TypeError, match="expected a non-negative float"):
        regularizers.OrthogonalRegularizer(factor=None)


def test_validate_float_with_list() -> None:
    with pytest.raises(TypeError, match="expected a non-negative float"):
        regularizers.L1([0.1])
