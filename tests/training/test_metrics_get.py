"""``metrics.get`` against what Keras 3's ``keras.metrics.get`` gave for every name it knows
(tests/fixtures/metrics_get.json, written by tools/keras_fixtures/metrics_get.py, whose own
``answer`` reads both sides)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from statefulrnn import metrics
from tests.fixture_scripts import fixture_script

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "metrics_get.json").read_text())
SCRIPT = fixture_script("metrics_get")
NAMES = sorted(name for name in FIXTURE["answers"] if name not in SCRIPT.CONFIGS and name != "not a metric")


def _unnumbered(name: str) -> str:
    return re.sub(r"_\d+$", "", name)


@pytest.mark.parametrize("name", NAMES)
def test_every_name_keras_knows(name: str) -> None:
    keras_answer, ours = FIXTURE["answers"][name], SCRIPT.answer(metrics.get, name)
    if keras_answer["kind"] == "error":  # a class that needs arguments (MeanMetricWrapper)
        assert ours["kind"] == "error"
    else:
        assert (ours["kind"], ours["class"]) == (keras_answer["kind"], keras_answer["class"])
        # Each further object of a name is numbered (precision_1, ...), here as in Keras.
        assert _unnumbered(ours["name"]) == _unnumbered(keras_answer["name"])


@pytest.mark.parametrize("label", sorted(SCRIPT.CONFIGS))
def test_a_config_dict_makes_the_class_with_its_config(label: str) -> None:
    keras_answer = FIXTURE["answers"][label]
    ours = SCRIPT.answer(metrics.get, SCRIPT.CONFIGS[label])
    assert ours["class"] == keras_answer["class"]
    assert _unnumbered(ours["name"]) == _unnumbered(keras_answer["name"])
    made = metrics.get(SCRIPT.CONFIGS[label])
    assert all(made.get_config()[key] == value for key, value in SCRIPT.CONFIGS[label]["config"].items())


def test_callables_none_and_nonsense() -> None:
    assert metrics.get(None) is None
    assert metrics.get(metrics.mean_squared_error) is metrics.mean_squared_error
    precision = metrics.Precision()
    assert metrics.get(precision) is precision
    assert type(metrics.get(metrics.Recall)).__name__ == "Recall"
    assert FIXTURE["answers"]["not a metric"] == {"kind": "error", "error": "ValueError"}
    for nonsense in ("not_a_metric", 3, {"class_name": "NoSuchMetric"}, {"config": {}}):
        with pytest.raises(ValueError, match="Could not interpret metric identifier"):
            metrics.get(nonsense)


@pytest.mark.parametrize(
    ("short", "function"),
    [
        ("mse", "mean_squared_error"),
        ("MSE", "mean_squared_error"),
        ("mae", "mean_absolute_error"),
        ("MAE", "mean_absolute_error"),
        ("mape", "mean_absolute_percentage_error"),
        ("MAPE", "mean_absolute_percentage_error"),
        ("msle", "mean_squared_logarithmic_error"),
        ("MSLE", "mean_squared_logarithmic_error"),
        ("kld", "kl_divergence"),
        ("KLD", "kl_divergence"),
        ("logcosh", "log_cosh"),
    ],
)
def test_tf_keras_short_names_are_the_metric_functions(short: str, function: str) -> None:
    """tf.keras.metrics.mse(y, y_hat) and its kin (the DeepLearning.AI course's forecast
    scores): tf-keras's metrics module holds the loss functions under these names."""
    assert getattr(metrics, short) is getattr(metrics, function)
