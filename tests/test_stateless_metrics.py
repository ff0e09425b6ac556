"""Keras 3's stateless metric API (``metric.variables``, ``stateless_update_state``,
``stateless_result``, ``stateless_reset_state``: `metric_base.StatelessMetric`) on the built-in
metrics and on a program's own `Metric`, and the ``total`` / ``count`` variables of the
`MeanMetricWrapper` metrics (Deep Learning with Python, 3rd edition, chapter 7, cell 55).

The numbers were printed by Keras 3.15.1, the same on its torch and TensorFlow backends
(``KERAS_BACKEND=torch`` / ``tensorflow``), from these arguments; the tf-keras ones by tf-keras
2.21 (``variables`` and ``result()`` after ``update_state``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import config, metrics, ops


def _numbers(values: list[Any]) -> list[Any]:
    return [np.asarray(value).tolist() for value in values]


class Positives(metrics.Metric):
    """A program's own metric: a count of positives, and a variable made with ones (which
    ``reset_state`` sets to zeros, as Keras's)."""

    def __init__(self, name: str = "positives", **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")
        self.seen = self.add_variable(shape=(2,), initializer="ones", name="seen")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        self.count.assign_add(ops.sum(ops.cast(ops.greater(y_pred, 0.5), self.dtype)))
        self.seen.assign_add(ops.ones((2,)) * ops.cast(ops.shape(y_pred)[0], self.dtype))

    def result(self) -> Any:
        return self.count / self.seen[0]


_SCA_BOOK = ([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])  # the book's targets and predictions

# metric, the update_state arguments of each stateless update, then Keras 3's variables after
# them and its stateless_result.
_KERAS3 = {
    "sparse_categorical_accuracy": (
        metrics.SparseCategoricalAccuracy,
        [_SCA_BOOK, ([0, 1], [[0.2, 0.8, 0.0], [0.1, 0.9, 0.0]])],
        [4.0, 5.0],
        0.8,
    ),
    "mean_absolute_error": (
        metrics.MeanAbsoluteError,
        [([[0.0, 1.0], [2.0, 3.0]], [[1.0, 1.0], [0.0, 0.0]]), ([[0.0, 1.0]], [[0.5, 0.0]], [3.0])],
        [5.25, 5.0],
        1.05,
    ),
    "accuracy": (metrics.Accuracy, [([[1, 2], [3, 4], [5, 6]], [[1, 0], [3, 4], [0, 0]])], [1.5, 3.0], 0.5),
    "root_mean_squared_error": (
        metrics.RootMeanSquaredError,
        [([[0.0], [0.0]], [[3.0], [4.0]])],
        [25.0, 2.0],
        3.5355339,
    ),
    "mean": (metrics.Mean, [([1.0, 3.0],), (5.0, 2.0)], [14.0, 4.0], 3.5),
    "sum": (metrics.Sum, [([1.0, 3.0],)], [4.0], 4.0),
    "auc": (
        lambda: metrics.AUC(num_thresholds=3),
        [([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])],
        [[2.0, 1.0, 0.0], [2.0, 0.0, 0.0], [0.0, 2.0, 2.0], [0.0, 1.0, 2.0]],
        0.75,
    ),
    "precision": (metrics.Precision, [([0, 1, 1, 1], [1, 0, 1, 1])], [[2.0], [1.0]], 2 / 3),
    "own_metric": (Positives, [([1, 0], [0.9, 0.7])], [2.0, [3.0, 3.0]], 2 / 3),
}


@pytest.mark.parametrize("name", sorted(_KERAS3))
def test_stateless_calls_give_keras_values_and_leave_the_metric_alone(name: str) -> None:
    make, updates, expected, result = _KERAS3[name]
    metric = make()
    before = _numbers(metric.variables)
    state = metric.variables
    for arguments in updates:
        state = metric.stateless_update_state(state, *arguments)
    assert len(state) == len(expected)
    for value, keras_value in zip(state, expected, strict=True):
        np.testing.assert_allclose(np.asarray(value), keras_value, rtol=1e-6)
    assert float(metric.stateless_result(state)) == pytest.approx(result, rel=1e-6)
    assert _numbers(metric.variables) == before  # the metric's own state as it was
    assert float(metric.result()) == 0.0
    # Keras's reset values: zeros, the own metric's ones-initialised variable too
    assert _numbers(metric.stateless_reset_state()) == _numbers([np.zeros_like(v) for v in before])


def test_the_book_cell_prints_keras_numbers() -> None:
    """Deep Learning with Python 3rd ed., chapter 7, cell 55 (Keras 3 prints 1.00 and [0.0, 0.0])."""
    metric = srnn.metrics.SparseCategoricalAccuracy()
    targets, predictions = ops.array([0, 1, 2]), ops.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    metric_variables = metric.variables
    metric_variables = metric.stateless_update_state(metric_variables, targets, predictions)
    assert f"{metric.stateless_result(metric_variables):.2f}" == "1.00"
    assert [float(v) for v in metric.stateless_reset_state()] == [0.0, 0.0]


def test_variables_of_a_built_in_show_its_running_state() -> None:
    """Keras 3 after this update_state: variables [1.5, 3.5], result 0.428571."""
    metric = metrics.SparseCategoricalAccuracy()
    assert [v.name for v in metric.variables] == ["total", "count"]
    assert [v.dtype for v in metric.variables] == [torch.float32, torch.float32]
    metric.update_state([0, 1, 2], [[1, 0, 0], [0, 1, 0], [1, 0, 0]], sample_weight=[0.5, 1.0, 2.0])
    assert _numbers(metric.variables) == [1.5, 3.5]
    assert float(metric.total) / float(metric.count) == pytest.approx(float(metric.result()))
    assert float(metric.result()) == pytest.approx(0.428571, abs=1e-6)
    metric.reset_state()
    assert _numbers(metric.variables) == [0.0, 0.0]


@contextmanager
def _rules(name: str) -> Iterator[None]:
    config.set_keras_rules(name)
    try:
        yield
    finally:
        config.set_keras_rules("keras3")


# tf-keras counts every value, not every sample: tf-keras 2.21's variables after these updates
# (Keras 3's for the same: accuracy [1.5, 3.0], the others as tf-keras's).
_TF_KERAS = [
    (metrics.Accuracy, [([[1, 2], [3, 4], [5, 6]], [[1, 0], [3, 4], [0, 0]])], [3.0, 6.0]),
    (
        metrics.MeanAbsoluteError,
        [([[0.0, 1.0], [2.0, 3.0]], [[1.0, 1.0], [0.0, 0.0]]), ([[0.0, 1.0]], [[0.5, 0.0]], [3.0])],
        [5.25, 5.0],
    ),
    (metrics.RootMeanSquaredError, [([[0.0], [0.0]], [[3.0], [4.0]])], [25.0, 2.0]),
]


@pytest.mark.parametrize(("make", "updates", "expected"), _TF_KERAS)
def test_variables_count_as_tf_keras_under_its_rules(
    make: Any, updates: list[Any], expected: list[float]
) -> None:
    with _rules("tf_keras"):
        metric = make()
        for arguments in updates:
            metric.update_state(*arguments)
        assert _numbers(metric.variables) == pytest.approx(expected)


def test_stateless_result_of_a_result_that_is_a_variable_is_a_copy() -> None:
    class Count(metrics.Metric):
        def __init__(self) -> None:
            super().__init__(name="count")
            self.count = self.add_variable(name="count")

        def update_state(self, values: Any) -> None:
            self.count.assign_add(len(values))

        def result(self) -> Any:
            return self.count  # the variable itself, as the metric_base example's

    metric = Count()
    result = metric.stateless_result([5.0])
    assert float(result) == 5.0 and float(metric.count) == 0.0
    assert type(result) is torch.Tensor


def test_the_metric_keeps_its_state_when_update_state_raises() -> None:
    """Keras 3 refuses this weight too (a RuntimeError on torch) and keeps [3.0, 2.0]."""
    metric = metrics.MeanAbsoluteError()
    metric.update_state([[1.0], [2.0]], [[0.0], [0.0]])
    with pytest.raises(ValueError, match=r"sample_weight of shape \(3,\) does not fit"):
        metric.stateless_update_state([10.0, 10.0], [[1.0, 2.0]], [[0.0, 0.0]], sample_weight=[1.0, 2.0, 3.0])
    assert _numbers(metric.variables) == [3.0, 2.0]
    mean = metrics.Mean()
    with pytest.raises(ValueError):
        mean.stateless_update_state([10.0, 10.0], [[1.0, 2.0]], sample_weight=[1.0, 2.0, 3.0])
    assert _numbers(mean.variables) == [0.0, 0.0]


def test_stateless_calls_go_on_from_the_metrics_running_state() -> None:
    """``metric.variables`` after ordinary updates is where a stateless update starts (Keras 3:
    [6.0, 3.0], stateless_result 2.0, result 1.5)."""
    metric = metrics.MeanAbsoluteError()
    metric.update_state([[1.0], [2.0]], [[0.0], [0.0]])
    state = metric.stateless_update_state(metric.variables, [[3.0]], [[0.0]])
    assert _numbers(state) == [6.0, 3.0] and float(metric.stateless_result(state)) == 2.0
    assert float(metric.result()) == 1.5


@pytest.mark.parametrize("make", [metrics.SparseCategoricalAccuracy, Positives])
def test_a_list_of_the_wrong_length_is_refused_with_keras_message(make: Any) -> None:
    metric = make()
    expected = len(metric.variables)
    message = (
        rf"Argument `metric_variables` must be a list of tensors corresponding 1:1 to "
        rf"{type(metric).__name__}\(\)\.variables\. Received list with length 1, but expected "
        rf"{expected} variables\."
    )
    with pytest.raises(ValueError, match=message):
        metric.stateless_update_state([0.0], [1], [[0.9, 0.1]])
    with pytest.raises(ValueError, match=message):
        metric.stateless_result([0.0])


def test_fit_leaves_compiles_metric_object_with_variables_of_its_result() -> None:
    """The built-in loop averages in trackers of its own and hands their sums to the object."""
    rng = np.random.RandomState(0)
    x, y = rng.rand(10, 3).astype("float32"), rng.rand(10, 1).astype("float32")
    mae = metrics.MeanAbsoluteError()
    model = srnn.Sequential([srnn.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse", metrics=[mae])
    history = model.fit(x, y, epochs=2, batch_size=4, verbose=0, shuffle=False)
    total, count = _numbers(mae.variables)
    assert count == 10.0
    assert total / count == pytest.approx(history.history["mean_absolute_error"][-1], rel=1e-6)
