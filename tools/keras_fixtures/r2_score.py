"""Record Keras 3's ``R2Score``: used alone over two batches (the second weighted), with each
class aggregation and an adjusted score, and in ``fit``'s logs with validation data.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/r2_score.py
Writes tests/fixtures/r2_score/values.npz: the two batches ``y_true_<i>``, ``y_pred_<i>`` and the
second's ``weights``; a JSON ``cases`` (each case's arguments) and each case's ``result_<case>``;
for the fit, ``fit_x``, ``fit_y``, ``val_x``, ``val_y``, the Dense(3) weights ``fit_w<i>`` and
``fit_history`` (JSON) of ``compile(SGD(0.05), "mse", metrics=[R2Score(), R2Score(
class_aggregation="variance_weighted_average", name="r2_weighted")])`` fitted 3 epochs in
batches of 5.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "r2_score"
CASES = {
    "uniform": {},
    "variance_weighted": {"class_aggregation": "variance_weighted_average"},
    "per_class": {"class_aggregation": None},
    "adjusted": {"num_regressors": 3},
    "named": {"name": "r2", "num_regressors": 1, "class_aggregation": "variance_weighted_average"},
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, object] = {"cases": json.dumps(CASES)}
    batches = []
    for i in range(2):
        y_true = rng.normal(size=(6, 3)).astype(np.float32) * np.array([1.0, 2.0, 0.5], np.float32)
        y_pred = (y_true + rng.normal(size=(6, 3)) * 0.7).astype(np.float32)
        arrays.update({f"y_true_{i}": y_true, f"y_pred_{i}": y_pred})
        batches.append((y_true, y_pred))
    weights = rng.random(6).astype(np.float32)
    arrays["weights"] = weights
    for name, arguments in CASES.items():
        metric = keras.metrics.R2Score(**arguments)
        metric.update_state(*batches[0])
        metric.update_state(*batches[1], sample_weight=weights)
        arrays[f"result_{name}"] = np.asarray(metric.result())
        arrays[f"name_{name}"] = metric.name

    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.05),
        loss="mse",
        metrics=[
            keras.metrics.R2Score(),
            keras.metrics.R2Score(class_aggregation="variance_weighted_average", name="r2_weighted"),
        ],
    )
    x = rng.normal(size=(20, 4)).astype(np.float32)
    y = (x @ rng.normal(size=(4, 3)) + rng.normal(size=(20, 3)) * 0.3).astype(np.float32)
    val_x = rng.normal(size=(7, 4)).astype(np.float32)
    val_y = (val_x @ rng.normal(size=(4, 3))).astype(np.float32)
    start = model.get_weights()
    history = model.fit(
        x, y, batch_size=5, epochs=3, validation_data=(val_x, val_y), shuffle=False, verbose=0
    )
    arrays.update({"fit_x": x, "fit_y": y, "val_x": val_x, "val_y": val_y})
    arrays.update({f"fit_w{i}": w for i, w in enumerate(start)})
    logs = {key: [float(value) for value in values] for key, values in history.history.items()}
    arrays["fit_history"] = json.dumps(logs)
    np.savez_compressed(OUT / "values.npz", **arrays)
    print(f"keras {keras.__version__}: {len(CASES)} cases, history keys {sorted(history.history)}")


if __name__ == "__main__":
    main()
