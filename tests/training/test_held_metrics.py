"""Metrics that layers hold (updated in their call) or add (tf-keras's ``add_metric``) are in
``model.metrics`` and the logs of ``fit`` and ``evaluate``, reset each epoch, as Keras logs
them (tests/fixtures/held_metrics, made by tools/keras_fixtures/held_metrics.py, whose models
these are)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "held_metrics"
SCRIPT = fixture_script("held_metrics")


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_held_and_added_metrics_are_logged_as_keras_logs_them(name: str) -> None:
    recorded = np.load(FIXTURES / f"{name}.npz")
    x, _ = SCRIPT.data()
    model = SCRIPT.endpoint_model(keras, name == "tf_keras")
    history = model.fit(x, epochs=2, batch_size=2, validation_split=0.25, shuffle=False, verbose=0)
    evaluated = model.evaluate(x, return_dict=True, verbose=0)
    got = {key: np.array(values) for key, values in history.history.items()}
    got.update({f"evaluate_{key}": np.array(value) for key, value in evaluated.items()})
    assert sorted(got) == sorted(recorded.files)
    for key in recorded.files:
        np.testing.assert_allclose(got[key], recorded[key], rtol=1e-5, atol=1e-6, err_msg=key)
    assert [metric.name for metric in model.metrics] == ["loss", "mean_activation", "binary_accuracy"]


def test_add_metric_refuses_what_tf_keras_refuses() -> None:
    layer = keras.layers.Layer()
    with pytest.raises(ValueError, match="Please provide a name for your metric"):
        layer.add_metric(torch.tensor(1.0))
    with pytest.raises(TypeError, match="Expected `aggregation`"):
        layer.add_metric(torch.tensor(1.0), name="x", reduction="sum")
    with pytest.raises(NotImplementedError, match="a functional model's add_metric takes one"):
        layer.add_metric(keras.Input(shape=(2,)), name="x")
