"""Losses and metrics: Keras's formulas and name resolution."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import activations, losses, metrics


def test_huber_is_quadratic_then_linear() -> None:
    y_true, y_pred = torch.zeros(1, 3), torch.tensor([[0.5, -2.0, 3.0]])
    expected = (0.5 * 0.25 + (2.0 - 0.5) + (3.0 - 0.5)) / 3
    assert float(losses.get("huber")(y_true, y_pred)) == pytest.approx(expected)


def test_crossentropies_agree_with_each_other() -> None:
    torch.manual_seed(0)
    logits = torch.randn(4, 5)
    classes = torch.tensor([0, 3, 1, 4])
    one_hot = torch.nn.functional.one_hot(classes, 5).float()
    probabilities = activations.get("softmax")(logits)
    cce = losses.categorical_crossentropy(one_hot, probabilities)
    torch.testing.assert_close(
        losses.CategoricalCrossentropy(from_logits=True).per_sample(one_hot, logits), cce
    )
    torch.testing.assert_close(
        losses.get("sparse_categorical_crossentropy").per_sample(classes, probabilities), cce
    )
    plain = probabilities.detach().clone()  # no logits attached: the clipped-probability form
    torch.testing.assert_close(losses.categorical_crossentropy(one_hot, plain), cce)
    targets = torch.rand(4, 5).round()
    bce = losses.binary_crossentropy(targets, torch.sigmoid(logits))
    torch.testing.assert_close(losses.BinaryCrossentropy(from_logits=True).per_sample(targets, logits), bce)
    # called, a class reduces as Keras's does: the mean over the batch, each sample weighted
    assert float(losses.BinaryCrossentropy(from_logits=True)(targets, logits)) == pytest.approx(
        float(bce.mean())
    )
    weights = torch.tensor([1.0, 0.0, 2.0, 1.0])
    weighted = losses.CategoricalCrossentropy()(one_hot, probabilities, sample_weight=weights)
    assert float(weighted) == pytest.approx(float((cce * weights).mean()))


def test_softmax_crossentropy_trains_with_tensorflows_gradient() -> None:
    """Gradient softmax - t (TensorFlow's): the true one when rows sum to 1, not otherwise."""
    logits = torch.randn(3, 4, requires_grad=True)
    targets = torch.rand(3, 4)  # rows do not sum to 1, as the notebook's
    losses.categorical_crossentropy(targets, activations.get("softmax")(logits)).sum().backward()
    torch.testing.assert_close(logits.grad, torch.softmax(logits, -1).detach() - targets)
    normalised = targets / targets.sum(-1, keepdim=True)
    logits.grad = None
    losses.categorical_crossentropy(normalised, activations.get("softmax")(logits)).sum().backward()
    (true_gradient,) = torch.autograd.grad(
        -(normalised * torch.log_softmax(logits, -1)).sum(), logits
    )  # fmt: skip
    torch.testing.assert_close(logits.grad, true_gradient)


@pytest.mark.parametrize(
    ("y_true", "y_pred", "name"),
    [
        (torch.tensor([[1.0], [0.0]]), torch.tensor([[0.7], [0.2]]), "binary_accuracy"),
        (
            torch.tensor([2, 0]),
            torch.tensor([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]]),
            "sparse_categorical_accuracy",
        ),
        (
            torch.tensor([[0.0, 1.0], [1.0, 0.0]]),
            torch.tensor([[0.2, 0.8], [0.3, 0.7]]),
            "categorical_accuracy",
        ),
    ],
)
def test_accuracy_resolves_from_shapes_as_keras(
    y_true: torch.Tensor, y_pred: torch.Tensor, name: str
) -> None:
    fn = metrics.resolve("accuracy", y_true, y_pred)
    assert fn.__name__ == name
    assert float(fn(y_true, y_pred).mean()) == pytest.approx(1.0 if name != "categorical_accuracy" else 0.5)


def test_unknown_names_list_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"Unknown loss 'msee'\. Known names: .*mse"):
        losses.get("msee")
    with pytest.raises(ValueError, match=r"Unknown metric 'acuracy'\. Known names: .*accuracy"):
        metrics.resolve("acuracy", torch.zeros(1, 1), torch.zeros(1, 1))


def test_torch_loss_modules_are_called_in_their_own_argument_order() -> None:
    logits, classes = torch.randn(4, 3), torch.tensor([0, 2, 1, 1])
    loss = losses.get(torch.nn.CrossEntropyLoss())
    torch.testing.assert_close(loss(classes, logits), torch.nn.functional.cross_entropy(logits, classes))


def test_fit_with_torch_optimizer_and_loss() -> None:
    from statefulrnn import GRU, Dense, Sequential

    torch.manual_seed(0)
    model = Sequential([GRU(3, input_shape=(None, 2)), Dense(1)])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.compile(optimizer=optimizer, loss=torch.nn.MSELoss())
    x, y = torch.randn(8, 4, 2), torch.randn(8, 1)
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=5, verbose=0)
    assert model.optimizer is optimizer
    assert model.evaluate(x, y, verbose=0) < before


# Keras's functions handed arrays: numpy's reductions and TensorFlow's .numpy() both work on
# what they give (Hands-On ML's baseline, np.mean(keras.losses.mean_squared_error(y, y_pred))).
ARRAY_CASES = [
    (losses.mean_squared_error, lambda t, p: ((t - p) ** 2).mean(axis=-1)),
    (losses.mean_absolute_error, lambda t, p: np.abs(t - p).mean(axis=-1)),
    (metrics.mean_squared_error, lambda t, p: ((t - p) ** 2).mean(axis=-1)),
    (metrics.binary_accuracy, lambda t, p: (t == (p > 0.5)).astype(np.float32)),
]


@pytest.mark.parametrize(("function", "formula"), ARRAY_CASES)
def test_functions_handed_arrays_give_arrays_with_numpy(function: object, formula: object) -> None:
    rng = np.random.default_rng(0)
    y_true, y_pred = (
        rng.integers(0, 2, (4, 3)).astype(np.float32),
        rng.uniform(size=(4, 3)).astype(np.float32),
    )
    values = function(y_true, y_pred)
    assert isinstance(values, np.ndarray) and not isinstance(values, torch.Tensor)
    np.testing.assert_allclose(values.numpy(), formula(y_true, y_pred), rtol=1e-6)
    np.testing.assert_allclose(
        np.mean(function(y_true.tolist(), y_pred)), formula(y_true, y_pred).mean(), rtol=1e-6
    )
    given_a_tensor = function(y_true, torch.from_numpy(y_pred).requires_grad_())
    assert isinstance(given_a_tensor, torch.Tensor)  # fit's road: tensors, for autograd


def test_classes_handed_arrays_still_reduce_and_weigh_in_torch() -> None:
    y_true, y_pred = np.ones((4, 3), np.float32), np.zeros((4, 3), np.float32)
    weighted = losses.MeanSquaredError()(y_true, y_pred, sample_weight=np.array([1.0, 0.0, 1.0, 0.0]))
    assert isinstance(weighted, torch.Tensor) and float(weighted) == 0.5
    metric = metrics.MeanSquaredError()
    metric.update_state(y_true, y_pred)
    assert float(metric.result()) == 1.0


def test_a_metric_object_is_logged_by_its_name_as_keras_get_object_name() -> None:
    # baruch11/WebTraffic gives a Loss subclass named "smape" as a metric and stops early on
    # "val_smape": Keras logs an object's .name, a function's __name__ (snake-cased by Keras 3),
    # else its class's name snake-cased
    from statefulrnn import config

    class SmapeMetric(losses.Loss):
        def call(self, y_true, y_pred):
            return (y_true - y_pred).abs()

    class PlainCallable:
        def __call__(self, y_true, y_pred):
            return (y_true - y_pred).abs()

    def meanError(y_true, y_pred):  # noqa: N802 - a program's camel-cased metric function
        return (y_true - y_pred).abs()

    assert metrics.display_name(SmapeMetric(name="smape")) == "smape"
    assert metrics.display_name(PlainCallable()) == "plain_callable"
    assert metrics.display_name(meanError) == "mean_error"
    config.set_keras_rules("tf_keras")
    try:
        assert metrics.display_name(meanError) == "meanError"  # tf-keras keeps __name__
    finally:
        config.set_keras_rules("keras3")
