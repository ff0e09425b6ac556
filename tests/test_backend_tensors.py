"""Keras 2's ``keras.backend`` tensor functions (``K.dot``, ``K.batch_dot``, ``K.softmax``,
``K.round``, ``K.clip``, ``K.switch``, ...) against tf-keras 2.21 (``tests/fixtures/backend_tensors``,
from ``tools/keras_fixtures/backend_tensors.py``), on a functional model's symbolic tensors, and
a Keras 2 attention layer and the common hand-written F1 metric written with them."""

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
    got = np.asarray(K.get_value(getattr(K, case["function"])(*args, **kwargs)))
    expected = FIXTURE[f"out_{k}"]
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype  # int64 argmax, bool comparisons, int32 shapes, as tf-keras
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)
    else:
        np.testing.assert_array_equal(got, expected)


def test_batch_dot_refuses_the_batch_axis_and_unequal_sizes() -> None:
    x = torch.ones(2, 3, 4)
    with pytest.raises(ValueError, match="axis 0 is the batch"):
        K.batch_dot(x, x, axes=0)
    with pytest.raises(ValueError, match=r"x.shape\[1\] != y.shape\[2\] \(3 != 4\)"):
        K.batch_dot(x, x, axes=(1, 2))


def test_switch_on_a_scalar_condition_calls_only_the_picked_function() -> None:
    def never() -> torch.Tensor:
        raise AssertionError("the branch not taken was called")

    assert K.switch(torch.tensor(True), lambda: torch.ones(2), never).tolist() == [1.0, 1.0]
    assert K.switch(torch.tensor(0.0), never, torch.zeros(2)).tolist() == [0.0, 0.0]


def test_refusals_name_what_was_expected() -> None:
    with pytest.raises(ValueError, match=r"ndim\(condition\)=2, ndim\(then_expression\)=1"):
        K.switch(torch.ones(2, 3) > 0, torch.ones(3), torch.zeros(3))
    with pytest.raises(ValueError, match=r"one count per axis of x \(2\); got n=3"):
        K.tile(torch.ones(2, 3), 3)
    with pytest.raises(ValueError, match=r"3 values cannot fill shape \(2, 2\)"):
        K.constant([1, 2, 3], shape=(2, 2))
    with pytest.raises(ValueError, match="bias of rank 2; expected 1 or 1"):
        K.bias_add(torch.ones(2, 3), torch.ones(2, 3))
    with pytest.raises(ValueError, match="unknown data_format 'nhwc'"):
        K.bias_add(torch.ones(2, 3), torch.ones(3), data_format="nhwc")
    with pytest.raises(ValueError, match="expected a symbolic tensor or a tensor; got ndarray"):
        K.is_keras_tensor(np.ones(2))


def test_symbolic_tensors_record_nodes_that_compute_as_the_functions() -> None:
    inputs = Input((3, 4))
    rounded = K.round(K.clip(inputs * 2.0, 0.5, -1.0))  # max below min: all 0.5, rounded to 0
    chosen = K.switch(
        K.greater(inputs, 0.0), K.relu(inputs, alpha=0.1, max_value=1.0), K.hard_sigmoid(inputs)
    )
    outputs = [rounded, chosen, K.argmax(inputs), K.l2_normalize(inputs, axis=-1), K.batch_flatten(inputs)]
    assert K.is_keras_tensor(inputs) and not K.is_keras_tensor(torch.ones(1))
    assert [K.int_shape(o) for o in outputs] == [
        (None, 3, 4),
        (None, 3, 4),
        (None, 3),
        (None, 3, 4),
        (None, 12),
    ]
    model = Model(inputs, outputs)
    x = torch.randn(2, 3, 4)
    for got, function in zip(model(x), [
        lambda t: K.round(K.clip(t * 2.0, 0.5, -1.0)),
        lambda t: K.switch(K.greater(t, 0.0), K.relu(t, alpha=0.1, max_value=1.0), K.hard_sigmoid(t)),
        K.argmax, lambda t: K.l2_normalize(t, axis=-1), K.batch_flatten,
    ]):  # fmt: skip
        torch.testing.assert_close(got, function(x))


def test_learning_phase_is_inference_and_variables_change_in_place() -> None:
    assert K.learning_phase() == 0
    weight = K.variable(np.ones((2, 2)))
    K.set_value(weight, np.zeros((2, 2)))
    assert K.eval(weight).tolist() == [[0.0, 0.0], [0.0, 0.0]] and K.dtype(weight) == "float32"


def test_names_not_kept_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'conv2d_transpose'"):
        K.conv2d_transpose  # noqa: B018 - the access is the test


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


@pytest.mark.parametrize("name", ["exp", "sigmoid", "tanh", "softmax", "sqrt", "relu", "cumprod"])
def test_augmented_assignments_on_a_result_leave_its_gradient_as_tensorflow(name: str) -> None:
    """Keras 2 attention layers write ``a = K.exp(e); a *= mask; a /= K.sum(a, ...)``: with
    TensorFlow's immutable tensors each line binds a new one, so the gradient is that of the
    out-of-place expression (torch's in-place ``*=`` on the result autograd kept made backward
    fail)."""
    function = getattr(K, name)
    x = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    mask = torch.tensor([[1.0, 1.0, 0.0, 1.0]] * 3, dtype=torch.float64)
    a = function(x)
    a *= mask
    a /= K.sum(a, axis=1, keepdims=True) + K.epsilon()
    (gradient,) = torch.autograd.grad((a * torch.arange(4.0, dtype=torch.float64)).sum(), x)
    b = function(x) * mask
    b = b / (K.sum(b, axis=1, keepdims=True) + K.epsilon())
    (expected,) = torch.autograd.grad((b * torch.arange(4.0, dtype=torch.float64)).sum(), x)
    torch.testing.assert_close(a, b)
    torch.testing.assert_close(gradient, expected)


def test_the_functions_pickle_to_themselves() -> None:
    """A Keras 2 layer holding ``K.tanh`` as its activation pickles (each function is found as
    the attribute of the module pickle names)."""
    import pickle

    from statefulrnn import ops

    for function in (K.tanh, K.exp, K.relu, K.sum, K.dot, ops.mean, ops.matmul):
        assert pickle.loads(pickle.dumps(function)) is function
