"""Record Keras 3's loss classes (each reduction, with and without sample weights), its metric
classes (used alone over two batches, the second weighted), and fit with metric objects.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/loss_metric_classes.py
Writes tests/fixtures/loss_metric_classes/values.npz: the data of each kind of target
(``<kind>_y_true``, ``<kind>_y_pred``, ``weights``), a JSON ``losses`` and ``metrics`` (each
case's class, arguments and kind of data), ``loss_<case>_<reduction>[_weighted]``,
``metric_<case>`` (the result), ``metric_<case>_name`` and ``metric_<case>_config`` (its
``get_config()``, JSON); and for the fit, ``fit_x``, ``fit_y``,
the Dense(2) weights ``fit_w<i>``, ``fit_history`` (JSON) of ``compile(SGD(0.1),
losses.MeanSquaredError(), metrics=[RootMeanSquaredError(), MeanAbsoluteError(),
metrics.MeanSquaredError(name="mse_object")])`` fitted 2 epochs in batches of 4 with
validation data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "loss_metric_classes"
REDUCTIONS = ("sum_over_batch_size", "sum", "none", "mean_with_sample_weight")
LOSSES = {
    "mse": ("MeanSquaredError", {}, "regression"),
    "mae": ("MeanAbsoluteError", {}, "regression"),
    "mape": ("MeanAbsolutePercentageError", {}, "regression"),
    "msle": ("MeanSquaredLogarithmicError", {}, "positive"),
    "log_cosh": ("LogCosh", {}, "regression"),
    "huber": ("Huber", {"delta": 0.5}, "regression"),
    "cosine": ("CosineSimilarity", {"axis": -1}, "regression"),
    "hinge": ("Hinge", {}, "binary"),
    "squared_hinge": ("SquaredHinge", {}, "binary"),
    "categorical_hinge": ("CategoricalHinge", {}, "categorical"),
    "kld": ("KLDivergence", {}, "categorical"),
    "poisson": ("Poisson", {}, "positive"),
    "bce": ("BinaryCrossentropy", {"label_smoothing": 0.1}, "binary"),
    "cce": ("CategoricalCrossentropy", {"from_logits": True}, "categorical"),
    "binary_focal": ("BinaryFocalCrossentropy", {"gamma": 1.5}, "binary"),
    "binary_focal_balanced": (
        "BinaryFocalCrossentropy",
        {"apply_class_balancing": True, "alpha": 0.3, "label_smoothing": 0.1},
        "binary",
    ),
    "binary_focal_logits": ("BinaryFocalCrossentropy", {"from_logits": True}, "binary"),
    "dice": ("Dice", {}, "binary"),
    "dice_per_sample": ("Dice", {"axis": -1}, "binary"),
    "tversky": ("Tversky", {"alpha": 0.7, "beta": 0.3}, "binary"),
    "categorical_focal": ("CategoricalFocalCrossentropy", {"gamma": 1.0, "alpha": 0.5}, "categorical"),
    "categorical_focal_logits": (
        "CategoricalFocalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        "categorical",
    ),
}
METRICS = {
    "rmse": ("RootMeanSquaredError", {}, "regression"),
    "mse": ("MeanSquaredError", {}, "regression"),
    "mae": ("MeanAbsoluteError", {}, "regression"),
    "mape": ("MeanAbsolutePercentageError", {}, "regression"),
    "msle": ("MeanSquaredLogarithmicError", {}, "positive"),
    "log_cosh": ("LogCoshError", {}, "regression"),
    "cosine": ("CosineSimilarity", {}, "regression"),
    "kld": ("KLDivergence", {}, "categorical"),
    "poisson": ("Poisson", {}, "positive"),
    "hinge": ("Hinge", {}, "binary"),
    "squared_hinge": ("SquaredHinge", {}, "binary"),
    "categorical_hinge": ("CategoricalHinge", {}, "categorical"),
    "bce": ("BinaryCrossentropy", {"label_smoothing": 0.1}, "binary"),
    "cce": ("CategoricalCrossentropy", {}, "categorical"),
    "scce": ("SparseCategoricalCrossentropy", {}, "sparse"),
    "scce_ignore_class": ("SparseCategoricalCrossentropy", {"ignore_class": 2}, "sparse"),
    "accuracy": ("Accuracy", {}, "rounded"),
    "binary_accuracy": ("BinaryAccuracy", {"threshold": 0.6}, "binary"),
    "categorical_accuracy": ("CategoricalAccuracy", {}, "categorical"),
    "sparse_categorical_accuracy": ("SparseCategoricalAccuracy", {}, "sparse"),
    "top_k": ("TopKCategoricalAccuracy", {"k": 2}, "categorical"),
    "sparse_top_k": ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
    "named": ("MeanAbsoluteError", {"name": "my_mae"}, "regression"),
    "precision": ("Precision", {}, "binary"),
    "recall": ("Recall", {}, "binary"),
    "precision_thresholds": ("Precision", {"thresholds": [0.2, 0.5, 0.9]}, "binary"),
    "recall_class_id": ("Recall", {"class_id": 2, "thresholds": 0.6}, "binary"),
    "precision_top_k": ("Precision", {"top_k": 2}, "categorical"),
    "recall_top_k_class": ("Recall", {"top_k": 2, "class_id": 1}, "categorical"),
    "auc": ("AUC", {}, "binary"),
    "auc_pr": ("AUC", {"curve": "PR", "num_thresholds": 50}, "binary"),
    "auc_minoring": ("AUC", {"summation_method": "minoring", "thresholds": [0.1, 0.4, 0.6, 0.8]}, "binary"),
    "auc_pr_majoring": ("AUC", {"curve": "PR", "summation_method": "majoring"}, "binary"),
    "auc_multi_label": ("AUC", {"multi_label": True, "label_weights": [1.0, 2.0, 0.5, 1.0]}, "binary"),
    "auc_logits": ("AUC", {"from_logits": True}, "regression_binary"),
    "f1": ("F1Score", {}, "categorical"),
    "f1_macro_threshold": ("F1Score", {"average": "macro", "threshold": 0.3}, "binary"),
    "f1_weighted": ("F1Score", {"average": "weighted"}, "categorical"),
    "fbeta_micro": ("FBetaScore", {"average": "micro", "beta": 2.0, "threshold": 0.5}, "binary"),
    # Predictions on some thresholds of 101 ("grid"): evenly spread thresholds are counted by
    # Keras's buckets there, not by "above the threshold".
    "true_positives": ("TruePositives", {}, "binary"),
    "false_positives_thresholds": ("FalsePositives", {"thresholds": [0.15, 0.5, 0.85]}, "binary"),
    "true_negatives_grid": ("TrueNegatives", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]}, "grid"),
    "false_negatives_grid": ("FalseNegatives", {"thresholds": 0.3}, "grid"),
    "true_positives_even": ("TruePositives", {"thresholds": [i / 100 for i in range(101)]}, "grid"),
    "precision_even": ("Precision", {"thresholds": [i / 100 for i in range(101)]}, "grid"),
    "auc_grid": ("AUC", {"num_thresholds": 101}, "grid"),
    "sensitivity_at_specificity": ("SensitivityAtSpecificity", {"specificity": 0.5}, "binary"),
    "specificity_at_sensitivity_grid": (
        "SpecificityAtSensitivity", {"sensitivity": 0.6, "num_thresholds": 101}, "grid",
    ),
    "precision_at_recall_one_threshold": (
        "PrecisionAtRecall", {"recall": 0.2, "num_thresholds": 1}, "binary",
    ),
    "precision_at_recall_class_id": ("PrecisionAtRecall", {"recall": 0.5, "class_id": 1}, "categorical"),
    "recall_at_precision_grid": ("RecallAtPrecision", {"precision": 0.5, "num_thresholds": 101}, "grid"),
    "recall_at_precision_unreached": ("RecallAtPrecision", {"precision": 1.0}, "regression_binary"),
    "pearson": ("PearsonCorrelation", {}, "regression"),
    "concordance": ("ConcordanceCorrelation", {}, "regression"),
    # int64 matrices by default: the second batch's weights 2.0, 1.0, 0.25 count 2, 1 and 0
    "mean_iou": ("MeanIoU", {"num_classes": 4, "sparse_y_pred": False}, "sparse"),
    "iou_ignore": (
        "IoU",
        {"num_classes": 4, "target_class_ids": [0, 1, 3], "sparse_y_true": False, "sparse_y_pred": False,
         "ignore_class": 2},
        "categorical",
    ),
    "one_hot_iou": ("OneHotIoU", {"num_classes": 4, "target_class_ids": [1, 3]}, "categorical"),
    "one_hot_mean_iou_float": ("OneHotMeanIoU", {"num_classes": 4, "dtype": "float32"}, "categorical"),
    # one value a sample: Keras's IoU takes a weight for each value
    "binary_iou": ("BinaryIoU", {"threshold": 0.4}, "binary_column"),
    "binary_iou_one_class": ("BinaryIoU", {"target_class_ids": [1]}, "binary_column"),
}  # fmt: skip


def data() -> dict[str, np.ndarray]:
    """Targets and predictions of each kind, 6 samples of 4 values."""
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(4), size=6).astype(np.float32)
    classes = rng.integers(0, 4, size=6)
    arrays = {
        "regression_y_true": rng.normal(size=(6, 4)),
        "regression_y_pred": rng.normal(size=(6, 4)),
        "positive_y_true": rng.uniform(0.1, 3, size=(6, 4)),
        "positive_y_pred": rng.uniform(0.1, 3, size=(6, 4)),
        "binary_y_true": rng.integers(0, 2, size=(6, 4)),
        "binary_y_pred": rng.uniform(size=(6, 4)),
        "categorical_y_true": np.eye(4)[classes],
        "categorical_y_pred": probabilities,
        "sparse_y_true": classes[:, None],
        "sparse_y_pred": probabilities,
        "rounded_y_true": rng.integers(0, 3, size=(6, 4)),
        "rounded_y_pred": rng.integers(0, 3, size=(6, 4)),
        "weights": np.array([1.0, 0.5, 0.0, 2.0, 1.0, 0.25]),
    }
    arrays["regression_binary_y_true"] = arrays["binary_y_true"]  # logits against 0/1 targets
    arrays["regression_binary_y_pred"] = arrays["regression_y_pred"]
    arrays["binary_column_y_true"] = arrays["binary_y_true"][:, :1]  # one value a sample
    arrays["binary_column_y_pred"] = arrays["binary_y_pred"][:, :1]
    grid = np.random.default_rng(2)  # its own generator: the arrays above stay as they were
    arrays["grid_y_true"] = grid.integers(0, 2, size=(6, 4))
    # 0.15, 0.27, 0.3, 0.54 and 0.6 fall in the bucket of their own threshold of 101 (float32
    # rounds p * 100 up): positive there by Keras's buckets, not by p > threshold
    levels = [0.0, 0.15, 0.27, 0.3, 0.5, 0.54, 0.6, 0.75, 1.0]
    arrays["grid_y_pred"] = grid.choice(levels, size=(6, 4)).astype(np.float32)
    return {
        key: value.astype(np.float32) if value.dtype.kind == "f" else value for key, value in arrays.items()
    }


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)  # the fit's Dense starts where it did the last time
    arrays = data()
    recorded = {**arrays, "losses": json.dumps(LOSSES), "metrics": json.dumps(METRICS)}
    weights = arrays["weights"]
    for case, (class_name, arguments, kind) in LOSSES.items():
        y_true, y_pred = arrays[f"{kind}_y_true"], arrays[f"{kind}_y_pred"]
        for reduction in REDUCTIONS:
            loss = getattr(keras.losses, class_name)(reduction=reduction, **arguments)
            recorded[f"loss_{case}_{reduction}"] = np.asarray(loss(y_true, y_pred))
            recorded[f"loss_{case}_{reduction}_weighted"] = np.asarray(
                loss(y_true, y_pred, sample_weight=weights)
            )
    for case, (class_name, arguments, kind) in METRICS.items():
        y_true, y_pred = arrays[f"{kind}_y_true"], arrays[f"{kind}_y_pred"]
        metric = getattr(keras.metrics, class_name)(**arguments)
        metric.update_state(y_true[:3], y_pred[:3])
        metric.update_state(y_true[3:], y_pred[3:], sample_weight=weights[3:])
        recorded[f"metric_{case}"] = np.asarray(metric.result())
        recorded[f"metric_{case}_name"] = metric.name
        recorded[f"metric_{case}_config"] = json.dumps(
            metric.get_config(), default=lambda t: np.asarray(t).tolist()
        )

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(10, 3)).astype(np.float32), rng.normal(size=(10, 2)).astype(np.float32)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    metrics = [
        keras.metrics.RootMeanSquaredError(),
        keras.metrics.MeanAbsoluteError(),
        keras.metrics.MeanSquaredError(name="mse_object"),
    ]
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.1),
        loss=keras.losses.MeanSquaredError(),
        metrics=metrics,
    )
    recorded.update({"fit_x": x, "fit_y": y, **{f"fit_w{i}": w for i, w in enumerate(model.get_weights())}})
    history = model.fit(
        x, y, epochs=2, batch_size=4, shuffle=False, verbose=0, validation_data=(x[:6], y[:6])
    )
    recorded["fit_history"] = json.dumps(history.history)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **recorded)
    print(f"keras {keras.__version__}: {len(LOSSES)} losses, {len(METRICS)} metrics; {history.history}")


if __name__ == "__main__":
    main()
