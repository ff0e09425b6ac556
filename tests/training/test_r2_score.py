"""`metrics.R2Score` against Keras 3 (tests/fixtures/r2_score, made by
tools/keras_fixtures/r2_score.py): used alone with each aggregation, in ``fit``'s logs with
validation data, across ranks' sums, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import metrics

DATA = np.load(Path(__file__).parents[1] / "fixtures" / "r2_score" / "values.npz")
CASES = json.loads(str(DATA["cases"]))


@pytest.mark.parametrize("case", CASES)
def test_r2_score_alone_equals_keras(case: str) -> None:
    metric = metrics.R2Score(**CASES[case])
    metric.update_state(DATA["y_true_0"], DATA["y_pred_0"])
    metric.update_state(DATA["y_true_1"], DATA["y_pred_1"], sample_weight=DATA["weights"])
    np.testing.assert_allclose(metric.result().numpy(), DATA[f"result_{case}"], atol=1e-6, rtol=0)
    assert metric.name == str(DATA[f"name_{case}"])
    metric.reset_state()
    assert float(metric.result()) == 0.0


def test_fit_logs_r2_scores_as_keras() -> None:
    model = srnn.Sequential([srnn.layers.Dense(3, input_shape=(4,))])
    model.set_weights([DATA["fit_w0"], DATA["fit_w1"]])
    weighted = metrics.R2Score(class_aggregation="variance_weighted_average", name="r2_weighted")
    optimizer = srnn.optimizers.SGD(learning_rate=0.05)
    model.compile(optimizer=optimizer, loss="mse", metrics=[metrics.R2Score(), weighted])
    history = model.fit(
        DATA["fit_x"], DATA["fit_y"], batch_size=5, epochs=3, validation_data=(DATA["val_x"], DATA["val_y"]),
        shuffle=False, verbose=0,
    )  # fmt: skip
    expected = json.loads(str(DATA["fit_history"]))
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, atol=1e-5, rtol=0, err_msg=key)
    assert float(weighted.result()) == 0.0  # fit keeps its sums in copies: the object is untouched


def test_ranks_sums_add_up_to_the_whole() -> None:
    """Under torch.distributed each rank's sums are added (`TrainingGroup.reduce_means`)."""
    whole, first, second = (metrics.R2Score(class_aggregation=None) for _ in range(3))
    y_true, y_pred = DATA["y_true_0"], DATA["y_pred_0"]
    whole.update_state(y_true, y_pred)
    first.update_state(y_true[:2], y_pred[:2])
    second.update_state(y_true[2:], y_pred[2:])
    first.set_sums([a + b for a, b in zip(first.sums(), second.sums())])
    torch.testing.assert_close(first.result(), whole.result())


def test_bad_arguments_and_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="class_aggregation must be"):
        metrics.R2Score(class_aggregation="median")
    with pytest.raises(ValueError, match="num_regressors must be an int >= 0"):
        metrics.R2Score(num_regressors=-1)
    metric = metrics.R2Score()
    with pytest.raises(ValueError, match=r"y_true.shape=\(2, 3\), y_pred.shape=\(2, 2\)"):
        metric.update_state(np.zeros((2, 3)), np.zeros((2, 2)))
    metric.update_state(np.ones((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="has seen 3 output columns; this batch has 2"):
        metric.update_state(np.ones((2, 2)), np.zeros((2, 2)))
    adjusted = metrics.R2Score(num_regressors=5)
    adjusted.update_state([[1.0], [2.0], [4.0]], [[1.0], [2.0], [3.0]])
    with pytest.warns(UserWarning, match="More independent predictors than datapoints"):
        assert float(adjusted.result()) == pytest.approx(1 - 1 / (21 - 49 / 3), abs=1e-6)  # the plain score


def test_early_stopping_keeps_the_best_r2_score() -> None:
    """R^2 grows as a model improves: mode='auto' maximizes it, as Keras 3 does."""
    stopper = srnn.callbacks.EarlyStopping(monitor="val_r2_score", patience=1)
    assert stopper.maximize
