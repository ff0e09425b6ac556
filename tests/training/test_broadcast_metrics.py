"""tf-keras's flat ``metrics`` list on a model of several outputs: every metric for every output,
each output counting with its own copy of a metric object, under tf-keras's rules (Keras 3's
reading, one entry per output, stays the default). Against tools/keras_fixtures/broadcast_metrics.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.config import set_keras_rules
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "broadcast_metrics" / "tf_keras.npz"
SCRIPT = fixture_script("broadcast_metrics")


@pytest.fixture
def tf_keras_rules() -> Iterator[None]:
    set_keras_rules("tf_keras")
    try:
        yield
    finally:
        set_keras_rules("keras3")


def test_every_output_gets_every_metric_as_tf_keras(tf_keras_rules: None) -> None:
    recorded = np.load(FIXTURE)
    torch.manual_seed(0)
    model = SCRIPT.build(keras)
    model.set_weights([recorded[f"w{i}"] for i in range(len(model.get_weights()))])
    SCRIPT.compile_model(keras, model)
    x, targets = recorded["x"], [recorded["ya"], recorded["yb"]]
    history = model.fit(x, targets, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    expected = {key.split("/", 1)[1]: recorded[key] for key in recorded.files if key.startswith("history/")}
    assert sorted(history) == sorted(expected)  # a_mae, a_rmse, b_mae, b_rmse, ...
    for key, values in expected.items():
        np.testing.assert_allclose(history[key], values, rtol=1e-5, atol=1e-6, err_msg=key)
    evaluated = model.evaluate(x, targets, batch_size=4, verbose=0, return_dict=True)
    for key in (key for key in recorded.files if key.startswith("evaluate/")):
        name = key.split("/", 1)[1]
        np.testing.assert_allclose(evaluated[name], recorded[key], rtol=1e-5, atol=1e-6, err_msg=name)


def test_keras_3_reads_a_flat_list_as_one_entry_per_output() -> None:
    model = SCRIPT.build(keras)
    with pytest.raises(ValueError, match=r"has 2 outputs \['a', 'b'\], so compile's metrics must be a list"):
        model.compile(optimizer="sgd", loss=["mse", "mse"], metrics=["mae", "mse", "mape"])
    model.compile(optimizer="sgd", loss=["mse", "mse"], metrics=["mae", "mse"])
    x = np.zeros((2, 4, 3), np.float32)
    logs = model.evaluate(
        x, [np.zeros((2, 2), np.float32), np.zeros((2, 1), np.float32)], verbose=0, return_dict=True
    )
    assert {"a_mae", "b_mse"} <= set(logs) and "a_mse" not in logs


class PredictionTotal(keras.metrics.Metric):
    """A stateful metric of the program's own: the sum of the predictions it has seen."""

    def __init__(self, name: str = "total", **kwargs) -> None:
        super().__init__(name=name, **kwargs)
        self.total = self.add_weight(name="total", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self.total.assign_add(keras.ops.sum(y_pred))

    def result(self):
        return self.total


def test_each_output_counts_with_its_own_copy_of_a_metric_object(tf_keras_rules: None) -> None:
    model = SCRIPT.build(keras)
    given = PredictionTotal()
    model.compile(optimizer="sgd", loss=["mse", "mse"], metrics=[given])
    x = np.random.default_rng(0).normal(size=(4, 4, 3)).astype(np.float32)
    logs = model.evaluate(
        x, [np.zeros((4, 2), np.float32), np.zeros((4, 1), np.float32)], verbose=0, return_dict=True
    )
    a, b = model.predict(x, verbose=0)
    assert logs["a_total"] == pytest.approx(float(a.sum()), rel=1e-5)
    assert logs["b_total"] == pytest.approx(float(b.sum()), rel=1e-5)
    assert float(given.result()) == 0.0  # the program's own object is the template, as tf-keras copies it
