"""A Keras 3 custom training loop on PyTorch: model.trainable_variables, model.compute_loss,
optimizer.apply_gradients / apply (numbers from real Keras 3.15.1, tools/keras_fixtures/keras2_api.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import LSTM, Dense, Sequential, losses, optimizers
from statefulrnn.layers import BatchNormalization

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "keras2_api"


def _loop_case() -> dict[str, Any]:
    with np.load(FIXTURES / "custom_loop.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def _model() -> Sequential:
    return Sequential([LSTM(3, batch_input_shape=(4, 5, 2)), Dense(2)])


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_two_custom_loop_steps_match_keras(name: str, fused: bool) -> None:
    case = _loop_case()
    class_name, config = case["spec"]["optimizers"][name]
    model = _model()
    model.set_weights([case[f"init/{i}"] for i in range(5)])
    optimizer = getattr(optimizers, class_name)(**config)
    loss_fn = getattr(losses, case["spec"]["losses"][name])
    kwargs = {"from_logits": True} if name == "adam" else {}
    x = torch.from_numpy(case["x"])
    y = torch.from_numpy(case["y_label"] if name == "adam" else case["y_value"])
    seen = []
    with statefulrnn.use_fused_kernels(fused):
        for _ in range(2):
            loss = loss_fn(y, model(x), **kwargs).mean()
            grads = torch.autograd.grad(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            seen.append(loss.item())
    np.testing.assert_allclose(seen, case[f"{name}/loss"], rtol=1e-5)
    for ours, keras_weight in zip(model.get_weights(), [case[f"{name}/final/{i}"] for i in range(5)]):
        np.testing.assert_allclose(ours, keras_weight, rtol=1e-5, atol=1e-6)
    assert optimizer.iterations == 2


def test_compute_loss_and_apply_follow_fit() -> None:
    """model.compute_loss + optimizer.apply give what train_on_batch gives."""
    case = _loop_case()
    x, y = case["x"], case["y_value"]
    results = []
    for custom in (True, False):
        model = _model()
        model.set_weights([case[f"init/{i}"] for i in range(5)])
        model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
        if custom:
            model.train()
            loss = model.compute_loss(x, y, model(torch.from_numpy(x)))
            grads = torch.autograd.grad(loss, model.trainable_variables)
            model.optimizer.apply(grads, model.trainable_variables)
            results.append((loss.item(), model.get_weights()))
        else:
            results.append((model.train_on_batch(x, y), model.get_weights()))
    (custom_loss, custom_weights), (fit_loss, fit_weights) = results
    assert custom_loss == pytest.approx(fit_loss, rel=1e-6)
    for a, b in zip(custom_weights, fit_weights):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


# ----- the variables --------------------------------------------------------------------------


def test_trainable_variables_are_the_parameters_in_keras_order() -> None:
    model = _model()
    variables = model.trainable_variables
    cell, dense = model.layers[0].cell, model.layers[1]
    assert [id(v) for v in variables] == [
        id(cell.weight_ih), id(cell.weight_hh), id(cell.bias), id(dense.kernel), id(dense.bias)
    ]  # fmt: skip
    assert {id(p) for p in model.parameters()} == {id(v) for v in variables}
    assert model.trainable_weights == variables and model.variables == variables
    assert model.non_trainable_variables == [] and model.non_trainable_weights == []


def test_frozen_layers_and_buffers_are_non_trainable() -> None:
    model = Sequential([Dense(3, input_shape=(2,)), BatchNormalization(), Dense(1)])
    model.layers[0].trainable = False
    first, norm, last = model.layers
    assert [id(v) for v in model.trainable_variables] == [
        id(norm.gamma),
        id(norm.beta),
        id(last.kernel),
        id(last.bias),
    ]
    assert [id(v) for v in model.non_trainable_variables] == [
        id(first.kernel), id(first.bias), id(norm.moving_mean), id(norm.moving_variance)
    ]  # fmt: skip
    assert len(model.variables) == 8


def test_trainable_set_on_a_model_sets_every_sublayer_as_keras_3_does() -> None:
    # keras.io's transfer-learning guide: `model.trainable = False` freezes the inner model and
    # its layers' flags too (Keras 3.15 on the same model: False, False, 0 weights), so a
    # BatchNormalization inside infers during fit; a weight made non-trainable stays so.
    inner = Sequential([statefulrnn.Input((3,)), Dense(3), BatchNormalization()])
    model = Sequential([statefulrnn.Input((3,)), inner, Dense(1)])
    model.trainable = False
    assert not inner.trainable and not inner.layers[0].trainable and not inner.layers[1].trainable
    assert model.trainable_variables == []
    model.compile("sgd", "mse")
    model.trainable = True
    assert len(model.trainable_variables) == 6 and inner.layers[1].trainable
    inner.trainable = False
    model.compile("sgd", "mse")  # frozen statistics: BatchNormalization infers in fit
    model.fit(np.full((8, 3), 5.0, np.float32), np.zeros((8, 1), np.float32), verbose=0)
    assert inner.layers[1].moving_mean.abs().sum() == 0.0

    class Counting(statefulrnn.layers.Layer):
        def build(self, input_shape):
            self.calls = self.add_weight(name="calls", shape=(), dtype="int32", trainable=False)
            self.fixed = self.add_weight(name="fixed", shape=(2,), trainable=False)
            self.scale = self.add_weight(name="scale", shape=(2,))

        def call(self, x):
            return x * self.scale

    # A node recorded with training=False infers in fit (tf-keras's, and the guide's intent).
    base = Sequential([statefulrnn.Input((3,)), BatchNormalization()])
    inputs = statefulrnn.Input((3,))
    head = statefulrnn.Model(inputs, Dense(1)(base(inputs, training=False)))
    head.compile("sgd", "mse")
    head.fit(np.full((8, 3), 5.0, np.float32), np.zeros((8, 1), np.float32), verbose=0)
    assert base.layers[0].moving_mean.abs().sum() == 0.0

    counting = Counting()
    counting(torch.ones(1, 2))
    counting.trainable = False
    counting.trainable = True  # an int weight took requires_grad before: torch refused
    assert [p.requires_grad for p in (counting.calls, counting.fixed, counting.scale)] == [False, False, True]


# ----- apply and apply_gradients --------------------------------------------------------------


def _grads(model: Sequential) -> tuple[torch.Tensor, ...]:
    loss = model(torch.ones(4, 5, 2)).square().mean()
    return torch.autograd.grad(loss, model.trainable_variables)


def test_apply_without_variables_pairs_with_the_built_ones() -> None:
    model = _model()
    twin = _model()
    twin.set_weights(model.get_weights())
    first = optimizers.Adam(model.trainable_variables, learning_rate=0.1)
    second = optimizers.Adam(twin.trainable_variables, learning_rate=0.1)
    first.apply(_grads(model))
    second.apply_gradients(zip(_grads(twin), twin.trainable_variables))
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_apply_leaves_dot_grad_alone_and_matches_step() -> None:
    model, twin = _model(), _model()
    twin.set_weights(model.get_weights())
    by_apply = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    by_step = optimizers.SGD(twin.trainable_variables, learning_rate=0.1, momentum=0.9)
    for _ in range(2):
        by_apply.apply_gradients(zip(_grads(model), model.trainable_variables))
        by_step.zero_grad()
        twin(torch.ones(4, 5, 2)).square().mean().backward()
        by_step.step()
    assert all(p.grad is None for p in model.parameters())
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_missing_gradient_is_skipped_with_a_warning() -> None:
    model = _model()
    grads = list(_grads(model))
    before = model.get_weights()
    optimizer = optimizers.SGD(learning_rate=0.1)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \[0\]"):
        optimizer.apply([None, *grads[1:]], model.trainable_variables)
    after = model.get_weights()
    np.testing.assert_array_equal(after[0], before[0])  # the kernel had no gradient
    assert not np.array_equal(after[1], before[1])
    assert optimizer.iterations == 1


def test_empty_gradients_do_nothing() -> None:
    optimizer = optimizers.SGD(learning_rate=0.1)
    optimizer.apply([], [])
    assert optimizer.iterations == 0 and not optimizer.built


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda o, m, g: o.apply(g[:-1], m.trainable_variables),
            ValueError,
            "got 4 gradients for 5 variables",
        ),
        (lambda o, m, g: o.apply([None] * 5, m.trainable_variables), ValueError, "no gradients provided"),
        (
            lambda o, m, g: o.apply([g[1], g[0], *g[2:]], m.trainable_variables),
            ValueError,
            r"gradient 0 has shape \(12, 3\), but its variable has shape \(12, 2\)",
        ),
        (
            lambda o, m, g: o.apply(g[:3], [*m.trainable_variables[:2], m.trainable_variables[0]]),
            ValueError,
            "appears more than once",
        ),
        (
            lambda o, m, g: o.apply(g, m.weights),
            ValueError,
            r"variable 0 \(a tensor of shape \(2, 12\)\) is not one this optimizer was built with.*"
            r"not the Keras-layout views in model.weights",
        ),
        (lambda o, m, g: o.apply(g, ["kernel"] * 5), TypeError, "Received at index 0: str"),
    ],
)
def test_bad_apply_calls_change_nothing(call: Any, error: type, match: str) -> None:
    model = _model()
    optimizer = optimizers.Adam(model.trainable_variables, learning_rate=0.1)
    grads = list(_grads(model))
    before = model.get_weights()
    with pytest.raises(error, match=match):
        call(optimizer, model, grads)
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)
    assert optimizer.iterations == 0 and not optimizer.state


def test_apply_without_variables_needs_a_built_optimizer() -> None:
    with pytest.raises(
        ValueError, match=r"must already be built.*optimizer.build\(model.trainable_variables\)"
    ):
        optimizers.SGD().apply([torch.zeros(2)])


def test_an_unbuilt_optimizer_is_built_on_the_first_variables() -> None:
    model = _model()
    optimizer = optimizers.RMSprop(learning_rate=0.01)
    optimizer.apply_gradients(zip(_grads(model), model.trainable_variables))
    assert optimizer.built and optimizer.iterations == 1
    other = _model()
    with pytest.raises(ValueError, match="is not one this optimizer was built with"):
        optimizer.apply_gradients(zip(_grads(other), other.trainable_variables))


# ----- compute_loss ---------------------------------------------------------------------------


def test_compute_loss_weights_samples_as_keras() -> None:
    model = Sequential([Dense(1, input_shape=(2,), kernel_initializer="ones")])
    model.compile(optimizer="sgd", loss="mae")
    x, y = torch.ones(4, 2), torch.zeros(4, 1)  # every sample's loss is 2
    weights = np.array([1.0, 0.0, 2.0, 1.0])
    loss = model.compute_loss(x, y, model(x), sample_weight=weights)
    assert loss.item() == pytest.approx(2.0 * weights.sum() / 4)  # Keras: sum over the batch size


def test_compute_loss_errors() -> None:
    model = Sequential([Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="must be compiled before compute_loss"):
        model.compute_loss(y=torch.zeros(2, 1), y_pred=torch.zeros(2, 1))
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"needs y_pred.*y_pred=model\(x\)"):
        model.compute_loss(torch.zeros(2, 2), torch.zeros(2, 1))
