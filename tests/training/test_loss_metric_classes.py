"""Keras's loss classes (every reduction, sample weights) and metric classes (alone, over
weighted batches; and in fit's logs) against Keras 3.15.1 (tests/fixtures/loss_metric_classes,
made by tools/keras_fixtures/loss_metric_classes.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras

RECORDED = np.load(Path(__file__).parents[1] / "fixtures" / "loss_metric_classes" / "values.npz")
LOSSES = json.loads(str(RECORDED["losses"]))
METRICS = json.loads(str(RECORDED["metrics"]))
REDUCTIONS = ("sum_over_batch_size", "sum", "none", "mean_with_sample_weight")


def _data(kind: str) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.from_numpy(RECORDED[f"{kind}_y_true"]), torch.from_numpy(RECORDED[f"{kind}_y_pred"])


@pytest.mark.parametrize("case", sorted(LOSSES))
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_loss_classes_equal_keras(case: str, reduction: str) -> None:
    class_name, arguments, kind = LOSSES[case]
    loss = getattr(keras.losses, class_name)(reduction=reduction, **arguments)
    y_true, y_pred = _data(kind)
    weights = torch.from_numpy(RECORDED["weights"])
    for suffix, value in (
        ("", loss(y_true, y_pred)),
        ("_weighted", loss(y_true, y_pred, sample_weight=weights)),
    ):
        np.testing.assert_allclose(
            value.numpy(),
            RECORDED[f"loss_{case}_{reduction}{suffix}"],
            rtol=2e-5,
            atol=1e-6,
            err_msg=case + suffix,
        )


@pytest.mark.parametrize("case", sorted(METRICS))
def test_metric_classes_equal_keras(case: str) -> None:
    class_name, arguments, kind = METRICS[case]
    metric = getattr(keras.metrics, class_name)(**arguments)
    y_true, y_pred = _data(kind)
    weights = torch.from_numpy(RECORDED["weights"])
    metric.update_state(y_true[:3], y_pred[:3])
    metric.update_state(y_true[3:], y_pred[3:], sample_weight=weights[3:])
    # Keras numbers a class's automatic names in a process (precision, precision_1, ...): the
    # number depends on what ran before, the name before it does not.
    assert _unnumbered(metric.name) == _unnumbered(str(RECORDED[f"metric_{case}_name"]))
    np.testing.assert_allclose(metric.result().numpy(), RECORDED[f"metric_{case}"], rtol=2e-5, atol=1e-6)
    config, keras_config = metric.get_config(), json.loads(str(RECORDED[f"metric_{case}_config"]))
    if class_name == "CosineSimilarity":  # Keras's leaves its axis out, so from_config loses it
        assert config.pop("axis") == arguments.get("axis", -1)
    assert _unnumbered(config.pop("name")) == _unnumbered(keras_config.pop("name"))
    assert config == keras_config
    twin = type(metric).from_config(metric.get_config())  # Keras's Metric.from_config, every class
    assert twin.get_config() == metric.get_config()
    metric.reset_state()
    assert not metric.result().numpy().any()


def _unnumbered(name: str) -> str:
    """A metric's name without the number Keras adds to a second object of one class."""
    return re.sub(r"_\d+$", "", name)


def test_fit_logs_metric_objects_as_keras() -> None:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.set_weights([RECORDED["fit_w0"], RECORDED["fit_w1"]])
    metrics = [
        keras.metrics.RootMeanSquaredError(),
        keras.metrics.MeanAbsoluteError(),
        keras.metrics.MeanSquaredError(name="mse_object"),
    ]
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.MeanSquaredError(), metrics=metrics)
    x, y = RECORDED["fit_x"], RECORDED["fit_y"]
    history = model.fit(
        x, y, epochs=2, batch_size=4, shuffle=False, verbose=0, validation_data=(x[:6], y[:6])
    )
    expected = json.loads(str(RECORDED["fit_history"]))
    assert sorted(history.history) == sorted(expected)
    for key, values in expected.items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, err_msg=key)


def test_keras_3s_mean_reduction_trains_as_its_default() -> None:
    """Keras 3 reduces "mean" as "sum_over_batch_size" (the sum over the number of values)."""
    histories = []
    for loss in (keras.losses.MeanSquaredError(), keras.losses.MeanSquaredError(reduction="mean")):
        torch.manual_seed(0)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        model.compile(optimizer="sgd", loss=loss)
        x, y = np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)
        histories.append(model.fit(x, y, epochs=2, verbose=0).history["loss"])
    assert histories[0] == histories[1] and histories[0][1] < histories[0][0]


def test_errors() -> None:
    with pytest.raises(
        ValueError, match=r"MeanSquaredError: reduction must be one of .* Received: reduction='avg'"
    ):
        keras.losses.MeanSquaredError(reduction="avg")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(
        ValueError, match=r"MeanSquaredError\(reduction='none'\): fit reduces the losses as Keras's"
    ):
        model.compile(optimizer="sgd", loss=keras.losses.MeanSquaredError(reduction="none"))
    with pytest.raises(
        TypeError,
        match=r"BinaryAccuracy got an unexpected argument 'treshold'. It takes: name, dtype, threshold",
    ):
        keras.metrics.BinaryAccuracy(treshold=0.5)
    with pytest.raises(ValueError, match=r"dtype must be None or float32. Received: dtype='float64'"):
        keras.metrics.RootMeanSquaredError(dtype="float64")
    assert (
        keras.losses.MeanSquaredError(reduction="auto").reduction == "sum_over_batch_size"
    )  # Keras 2's name


def test_precision_and_recall_count_whole_batches_in_evaluate() -> None:
    """As Metric subclasses, compile feeds them each batch; their counts span the batches."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 5, 3)).astype("float32"), (rng.random((16, 1)) > 0.5).astype("float32")
    model = keras.Sequential(
        [keras.layers.Input((5, 3)), keras.layers.LSTM(4), keras.layers.Dense(1, activation="sigmoid")]
    )
    precision, recall = keras.metrics.Precision(), keras.metrics.Recall()  # named as Keras numbers them
    model.compile("adam", "binary_crossentropy", metrics=[precision, recall])
    logs = model.evaluate(x, y, batch_size=5, verbose=0, return_dict=True)
    predicted, positive = model.predict(x, verbose=0) > 0.5, y > 0
    hits = (predicted & positive).sum()
    assert logs[precision.name] == pytest.approx(hits / max(predicted.sum(), 1))
    assert logs[recall.name] == pytest.approx(hits / positive.sum())


def test_the_imbalanced_data_tutorials_metrics_count_whole_batches_in_evaluate() -> None:
    """TensorFlow's "Classification on imbalanced data" compiles these: each one's logged value
    is its count (or rate) over all the batches, as the same metric fed the predictions gives."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(24, 5, 3)).astype("float32"), (rng.random((24, 1)) > 0.7).astype("float32")
    model = keras.Sequential(
        [keras.layers.Input((5, 3)), keras.layers.GRU(4), keras.layers.Dense(1, activation="sigmoid")]
    )
    made = [
        lambda: keras.metrics.BinaryCrossentropy(name="cross entropy"),
        lambda: keras.metrics.MeanSquaredError(name="Brier score"),
        lambda: keras.metrics.TruePositives(name="tp"),
        lambda: keras.metrics.FalsePositives(name="fp"),
        lambda: keras.metrics.TrueNegatives(name="tn"),
        lambda: keras.metrics.FalseNegatives(name="fn"),
        lambda: keras.metrics.BinaryAccuracy(name="accuracy"),
        lambda: keras.metrics.Precision(name="precision"),
        lambda: keras.metrics.Recall(name="recall"),
        lambda: keras.metrics.AUC(name="auc"),
        lambda: keras.metrics.AUC(name="prc", curve="PR"),
        lambda: keras.metrics.SensitivityAtSpecificity(0.5, name="sensitivity"),
        lambda: keras.metrics.RecallAtPrecision(0.3, num_thresholds=50, name="recall_at_precision"),
    ]
    model.compile("adam", "binary_crossentropy", metrics=[make() for make in made])
    logs = model.evaluate(x, y, batch_size=5, verbose=0, return_dict=True)
    predicted = model.predict(x, verbose=0)
    for make in made:
        alone = make()
        alone.update_state(y, predicted)
        assert logs[alone.name] == pytest.approx(float(alone.result()), rel=1e-5, abs=1e-6), alone.name
    assert logs["tp"] + logs["fp"] + logs["tn"] + logs["fn"] == len(x)
    assert logs["tp"] + logs["fn"] == y.sum()


@pytest.mark.parametrize(
    "metric",
    [
        keras.metrics.TruePositives(thresholds=[0.2, 0.7], name="hits"),
        keras.metrics.FalseNegatives(),
        keras.metrics.SensitivityAtSpecificity(0.8, num_thresholds=20, class_id=1),
        keras.metrics.SpecificityAtSensitivity(0.4),
        keras.metrics.PrecisionAtRecall(0.25, name="p_at_r"),
        keras.metrics.RecallAtPrecision(0.9, num_thresholds=1),
        keras.metrics.IoU(3, [1, 2], ignore_class=0),
        keras.metrics.MeanIoU(2, name="miou"),
        keras.metrics.BinaryIoU([1], threshold=0.3),
        keras.metrics.OneHotIoU(2, [0], dtype="float32"),
        keras.metrics.OneHotMeanIoU(2),
    ],
    ids=lambda metric: type(metric).__name__,
)
def test_the_new_confusion_metrics_rebuild_from_their_config(metric: object) -> None:
    config = metric.get_config()
    again = type(metric).from_config(config)
    assert again.get_config() == config and again.name == metric.name
    y_true, y_pred = np.array([[0, 1], [1, 1], [1, 0]]), np.array([[0.1, 0.9], [0.6, 0.4], [0.8, 0.05]])
    for each in (metric, again):
        each.reset_state()
        each.update_state(y_true, y_pred)
    np.testing.assert_array_equal(again.result().numpy(), metric.result().numpy())
    metric.reset_state()
    assert not metric.result().numpy().any()


def test_iou_metrics_truncate_float_weights_as_keras_and_say_so() -> None:
    y_true, y_pred, weights = [0, 1, 1, 0], [0, 1, 0, 0], [1.0, 0.5, 2.0, 1.5]
    counted = keras.metrics.MeanIoU(2)
    with pytest.warns(UserWarning, match="float sample weights are truncated to integers"):
        counted.update_state(y_true, y_pred, sample_weight=np.array(weights))
    np.testing.assert_array_equal(counted.total_cm.numpy(), [[2, 0], [2, 0]])  # 0.5 counts 0, 1.5 counts 1
    fractional = keras.metrics.MeanIoU(2, dtype="float32")
    fractional.update_state(y_true, y_pred, sample_weight=np.array(weights))
    np.testing.assert_array_equal(fractional.total_cm.numpy(), [[2.5, 0], [2, 0.5]])
    assert float(fractional.result()) == pytest.approx((2.5 / 4.5 + 0.5 / 2.5) / 2)


def test_confusion_metrics_refuse_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"thresholds must be numbers in \[0, 1\]"):
        keras.metrics.Precision(thresholds=[0.5, 2.0])
    with pytest.raises(ValueError, match=r"TruePositives: thresholds must be numbers in \[0, 1\]"):
        keras.metrics.TruePositives(thresholds=-0.1)
    with pytest.raises(ValueError, match="top_k must be an int >= 1"):
        keras.metrics.Recall(top_k=0)
    with pytest.raises(ValueError, match="class_id=3 needs predictions with more than 3 columns"):
        keras.metrics.Recall(class_id=3).update_state(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(
        ValueError, match=r"SensitivityAtSpecificity: specificity must be a number in \[0, 1\]"
    ):
        keras.metrics.SensitivityAtSpecificity(1.5)
    with pytest.raises(ValueError, match="PrecisionAtRecall: num_thresholds must be an int > 0"):
        keras.metrics.PrecisionAtRecall(0.5, num_thresholds=0)
    with pytest.raises(ValueError, match="class_id=2 needs predictions with more than 2 columns"):
        keras.metrics.RecallAtPrecision(0.5, class_id=2).update_state(np.ones(4), np.ones(4))
    with pytest.raises(ValueError, match=r"IoU: target_class_ids must be class ids in \[0, 3\)"):
        keras.metrics.IoU(3, [0, 3])
    with pytest.raises(ValueError, match="MeanIoU: num_classes must be an int >= 1"):
        keras.metrics.MeanIoU(0)
    with pytest.raises(
        ValueError, match=r"MeanIoU 'mean_io_u(_\d+)?' compares 6 target ids with 3 predicted"
    ):
        keras.metrics.MeanIoU(3, sparse_y_pred=False).update_state(np.ones((3, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="needs one weight, or one for each of its 8 values"):
        keras.metrics.MeanIoU(2).update_state(np.ones((2, 4)), np.ones((2, 4)), sample_weight=[1, 2])


def test_metric_class_names_in_compile_are_instances_as_in_keras_3() -> None:
    """compile(metrics=["precision", "AUC", "f1_score"]): Keras 3 makes each class's instance,
    logged under the name as given."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(12, 3)).astype("float32"), (rng.random((12, 1)) > 0.5).astype("float32")

    def evaluated(metrics: list) -> dict:
        torch.manual_seed(0)
        model = keras.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile("sgd", "binary_crossentropy", metrics=metrics)
        return model.evaluate(x, y, batch_size=5, verbose=0, return_dict=True)

    by_name = evaluated(["precision", "AUC", "root_mean_squared_error"])
    objects = [keras.metrics.Precision(), keras.metrics.AUC(), keras.metrics.RootMeanSquaredError()]
    by_object = evaluated(objects)
    # sorted, as Keras 3's pythonify_logs gives them (Keras 3.15: ['AUC', 'loss', 'precision', ...])
    assert list(by_name) == ["AUC", "loss", "precision", "root_mean_squared_error"]
    same = {"loss": "loss", "precision": objects[0].name, "AUC": objects[1].name}
    same["root_mean_squared_error"] = objects[2].name
    assert by_name == pytest.approx({name: by_object[logged] for name, logged in same.items()})
    with pytest.raises(ValueError, match="Unknown metric 'precisoin'"):
        evaluated(["precisoin"])
