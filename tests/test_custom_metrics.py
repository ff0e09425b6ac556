"""Metrics a program writes by subclassing ``keras.metrics.Metric``, and the ``Mean`` and ``Sum``
trackers, against Keras 3 (tests/fixtures/custom_metric, made by
tools/keras_fixtures/custom_metric.py, whose `program` builds the same model and metrics here,
given statefulrnn as ``keras``)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import metrics, ops
from tests.fixture_scripts import fixture_script
from tests.layers.test_operations import weights

ROOT = Path(__file__).resolve().parents[1]
DATA = np.load(ROOT / "tests" / "fixtures" / "custom_metric" / "values.npz")


PROGRAM = fixture_script("custom_metric")


@pytest.mark.parametrize("snapshot", [True, False])
def test_fit_and_evaluate_with_metrics_of_ones_own_give_keras_logs(snapshot: bool) -> None:
    """Keras's numbers; with ``snapshot=False`` (a result() that returns the variable itself)
    too, where Keras 3.15 logs the validation's count under the training key."""
    model = PROGRAM.program(srnn, snapshot)  # the Keras program's code, statefulrnn as keras
    model.set_weights(weights("w", DATA))
    history = model.fit(
        DATA["x"], DATA["y"], sample_weight=DATA["sample_weight"], epochs=2, batch_size=8, shuffle=False,
        verbose=0, validation_data=(DATA["x_test"], DATA["y_test"]),
    )  # fmt: skip
    expected = json.loads(str(DATA["history"]))
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    evaluated = model.evaluate(DATA["x_test"], DATA["y_test"], batch_size=8, verbose=0, return_dict=True)
    for key, value in json.loads(str(DATA["evaluated"])).items():
        np.testing.assert_allclose(evaluated[key], value, rtol=1e-5, atol=1e-6, err_msg=key)
    for ours, keras in zip(model.get_weights(), weights("after", DATA)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_mean_and_sum_trackers_give_keras_results() -> None:
    np.testing.assert_allclose(PROGRAM.trackers(srnn), DATA["trackers"], rtol=1e-6)


# Mean's and Sum's (result, [total, count]) / (result, [total]) for one update_state(values,
# sample_weight=...), as tf-keras 2.21 and Keras 3.15 gave them (printed by each from these
# arguments; Keras 3 on its TensorFlow backend). They agree on every result, not on total and count.
_V23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]]
_WEIGHTED = [  # values, sample_weight, tf-keras's Mean, Keras 3's Mean, both's Sum
    ([[1.0], [2.0], [0.0]], [1.0, 1.0, 1.0], (1.0, [3.0, 3.0]), (1.0, [3.0, 3.0]), 3.0),
    ([[1.0], [2.0], [0.0]], [0.5, 0.0, 1.0], (1 / 3, [0.5, 1.5]), (1 / 3, [0.5, 1.5]), 0.5),
    (_V23, [1.0, 3.0], (5.0, [60.0, 12.0]), (5.0, [20.0, 4.0]), 60.0),
    (_V23, None, (4.0, [24.0, 6.0]), (4.0, [8.0, 2.0]), 24.0),
    ([1.0, 3.0], 2.0, (2.0, [8.0, 4.0]), (2.0, [4.0, 2.0]), 8.0),
    (5.0, 2.0, (5.0, [10.0, 2.0]), (5.0, [10.0, 2.0]), 10.0),
    (_V23, [[1.0, 0.0, 2.0], [1.0, 1.0, 0.0]], (3.2, [16.0, 5.0]), (3.2, [16 / 3, 5 / 3]), 16.0),
    (_V23, [[1.0], [3.0]], (5.0, [60.0, 12.0]), (5.0, [20.0, 4.0]), 60.0),
    ([1.0, 3.0], [[1.0], [3.0]], (2.5, [10.0, 4.0]), (2.5, [10.0, 4.0]), 10.0),
    (np.arange(8.0).reshape(2, 2, 2), [1.0, 3.0], (4.5, [18.0, 4.0]), (4.5, [18.0, 4.0]), 72.0),
]


def _state(metric: metrics.Metric) -> tuple[float, list[float]]:
    return float(metric.result()), [float(v) for v in metric.variables]


@pytest.mark.parametrize("rules", ["keras3", "tf_keras"])
@pytest.mark.parametrize(("values", "weight", "tf_keras_mean", "keras3_mean", "total"), _WEIGHTED)
def test_mean_and_sum_weigh_values_as_each_keras(
    rules: str, values: object, weight: object, tf_keras_mean: tuple, keras3_mean: tuple, total: float
) -> None:
    """A weight per sample beside values (n, 1) (the handson-ml2 ch. 12 HuberMetric's, under
    fit(sample_weight=...)) is expanded, not broadcast against the trailing axis."""
    srnn.config.set_keras_rules(rules)
    try:
        mean, summed = metrics.Mean(), metrics.Sum()
        mean.update_state(np.asarray(values, "float32"), sample_weight=weight)
        summed.update_state(np.asarray(values, "float32"), sample_weight=weight)
    finally:
        srnn.config.set_keras_rules("keras3")
    expected = tf_keras_mean if rules == "tf_keras" else keras3_mean
    np.testing.assert_allclose(_state(mean)[0], expected[0], rtol=1e-6)
    np.testing.assert_allclose(_state(mean)[1], expected[1], rtol=1e-6)
    assert _state(summed) == (total, [total])


@pytest.mark.parametrize(
    ("rules", "expected"), [("keras3", (6.0, [12.0, 2.0])), ("tf_keras", (4.0, [16.0, 4.0]))]
)
def test_mean_counts_samples_as_keras3_and_elements_as_tf_keras(rules: str, expected: tuple) -> None:
    """Keras 3 counts a row of values once, tf-keras each value (their numbers)."""
    srnn.config.set_keras_rules(rules)
    try:
        mean = metrics.Mean()
        mean.update_state([[1.0, 2.0, 3.0]])
        mean.update_state([10.0])
    finally:
        srnn.config.set_keras_rules("keras3")
    assert _state(mean) == expected


def test_a_weight_that_fits_no_axis_of_the_values_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"sample_weight of shape \(3,\) does not fit values of shape \(2, 3\)"
    ):
        metrics.Mean().update_state(_V23, sample_weight=[1.0, 0.0, 2.0])


class Peak(metrics.Metric):
    """The largest prediction seen (a variable that does not start at zero)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.peak = self.add_variable(shape=(), initializer=-1.0, name="peak")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.peak.assign(ops.maximum(self.peak, ops.max(y_pred)))

    def result(self):
        return self.peak


def test_a_metric_keeps_its_variables_and_resets_them_to_zero_as_keras() -> None:
    peak = Peak()
    assert peak.name == "peak" and Peak().name == "peak_1"  # Keras's automatic names
    assert float(peak.result()) == -1.0
    y_pred = torch.tensor([0.3, 0.8], requires_grad=True)
    assert float(peak([0, 1], y_pred)) == pytest.approx(0.8)
    assert not peak.peak.requires_grad  # nothing of the batch's graph is kept
    twin = copy.deepcopy(peak)
    peak.reset_state()
    assert float(peak.result()) == 0.0 and float(twin.result()) == pytest.approx(0.8)
    restored = pickle.loads(pickle.dumps(twin))
    assert float(restored.result()) == pytest.approx(0.8) and restored.peak.name == "peak"
    assert [v.name for v in peak.variables] == ["peak"]
    assert Peak.from_config(peak.get_config()).dtype == "float32"


def test_a_metric_without_its_methods_or_with_bad_settings_is_refused() -> None:
    class Half(metrics.Metric):
        pass

    with pytest.raises(NotImplementedError, match="must define update_state"):
        Half().update_state([1.0], [1.0])
    with pytest.raises(ValueError, match="aggregation must be"):
        Half().add_variable(aggregation="max")
    kept = Half()
    kept.add_variable(aggregation="mean", name="avg")
    with pytest.raises(ValueError, match="'avg' is not aggregated by 'sum'"):
        kept.sums()


def test_metric_objects_shared_by_two_models_start_each_run_empty() -> None:
    """README, "Where we differ": the second model's first evaluate counts its own batches only
    (both Kerases add the first model's last epoch there: 75/128 for 39/64 and 36/64)."""
    shared = [srnn.metrics.BinaryAccuracy(name="accuracy")]
    x = np.random.default_rng(0).normal(size=(64, 4)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)

    def make() -> srnn.Sequential:
        layer = srnn.layers.Dense(1, activation="sigmoid", kernel_initializer="ones")
        model = srnn.Sequential([srnn.Input((4,)), layer])
        model.compile(optimizer=srnn.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=shared)
        return model

    make().fit(x, y, batch_size=16, epochs=2, verbose=0)
    evaluated = make().evaluate(x, y, verbose=0, return_dict=True)["accuracy"]  # its first run
    assert evaluated == pytest.approx(((x.sum(axis=1, keepdims=True) > 0) == (y > 0.5)).mean())


def test_compile_s_metric_objects_hold_the_last_pass_result_as_keras_s_do() -> None:
    # A program reading acc.result() after fit or evaluate gets what the last pass logged (the
    # built-in loop counts on copies; their state is written back after each pass).
    accuracy, auc = srnn.metrics.BinaryAccuracy(), srnn.metrics.AUC()
    model = srnn.Sequential([srnn.Input((3,)), srnn.layers.Dense(1, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy", metrics=[accuracy, auc])
    x = np.random.RandomState(0).rand(16, 3).astype("float32")
    y = (x.sum(1, keepdims=True) > 1.5).astype("float32")
    history = model.fit(x, y, epochs=2, verbose=0).history
    assert float(accuracy.result()) == pytest.approx(history["binary_accuracy"][-1])
    assert float(auc.result()) == pytest.approx(history[auc.name][-1])  # auc, or auc_1 after another
    _, evaluated_accuracy, evaluated_auc = model.evaluate(x[:8], y[:8], verbose=0)
    assert float(accuracy.result()) == pytest.approx(evaluated_accuracy)
    assert float(auc.result()) == pytest.approx(evaluated_auc)
    history = model.fit(x, y, validation_data=(x[:8], y[:8]), verbose=0).history
    assert float(accuracy.result()) == pytest.approx(history["val_binary_accuracy"][-1])  # validation last
