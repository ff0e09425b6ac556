"""Record how Keras trains and evaluates with targets whose shape is not the output's but
broadcasts against it (time-series books do it as published): 1-column labels ``(N, T, 1)`` for
a 3-column output ``(N, T, 3)`` (Peixeiro's baselines and autoregressive LSTM), and one-step
targets ``(N, 1)`` for a sequence output ``(N, T, 1)`` (the Time Series Analysis with Python
Cookbook's TimeDistributed recipe). Keras's losses and metrics average the broadcast values.

Run in the Keras venv (Keras 3.15 on TensorFlow and tf-keras 2.21, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/target_broadcast.py
Writes tests/fixtures/target_broadcast/<keras3|tf_keras>.npz: for each case (``columns``,
``steps``) its data ``<case>/x``, ``<case>/y``, the starting weights ``<case>/w<i>`` (drawn
here), each fit history entry ``<case>/history/<key>`` (two epochs of SGD, batches of 4), each
evaluate entry ``<case>/evaluate/<key>`` and the weights after ``<case>/after<i>``. The test
(tests/training/test_target_broadcast.py) builds the models with `build` and `compile_model`,
statefulrnn given as ``keras``, under each library's rules.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "target_broadcast"
CASES = ("columns", "steps")


def build(keras: ModuleType, case: str) -> Any:
    """``columns``: a Dense(3) over (6, 5) steps; ``steps``: an LSTM then TimeDistributed(Dense(1))."""
    if case == "columns":
        return keras.Sequential([keras.layers.Input(shape=(6, 5)), keras.layers.Dense(3)])
    return keras.Sequential(
        [
            keras.layers.Input(shape=(6, 2)),
            keras.layers.LSTM(4, return_sequences=True),
            keras.layers.TimeDistributed(keras.layers.Dense(1)),
        ]
    )


def compile_model(keras: ModuleType, model: Any) -> None:
    model.compile(
        optimizer=keras.optimizers.SGD(0.1),
        loss="mse",
        metrics=["mae", keras.metrics.RootMeanSquaredError(name="rmse")],
    )


def data(case: str) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)``: 8 samples; y one column (``columns``) or one step (``steps``)."""
    rng = np.random.default_rng(11)
    if case == "columns":
        x = rng.normal(size=(8, 6, 5)).astype("float32")
        return x, x[:, :, 2:3] + 0.1 * rng.normal(size=(8, 6, 1)).astype("float32")
    x = rng.normal(size=(8, 6, 2)).astype("float32")
    return x, x[:, -1, :1] * 0.5


def record(keras: ModuleType) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for case in CASES:
        x, y = data(case)
        model = build(keras, case)
        rng = np.random.default_rng(12)
        weights = [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.get_weights()]
        model.set_weights(weights)
        compile_model(keras, model)
        history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
        evaluated = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
        arrays.update({f"{case}/x": x, f"{case}/y": y})
        arrays.update({f"{case}/w{i}": w for i, w in enumerate(weights)})
        arrays.update({f"{case}/history/{key}": np.asarray(values) for key, values in history.items()})
        arrays.update({f"{case}/evaluate/{key}": np.asarray(value) for key, value in evaluated.items()})
        arrays.update({f"{case}/after{i}": w for i, w in enumerate(model.get_weights())})
    return arrays


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    for name, library in (("keras3", keras), ("tf_keras", tf_keras)):
        arrays = record(library)
        np.savez_compressed(OUT / f"{name}.npz", **arrays)
        print(f"{name} {library.__version__}: {sorted(k for k in arrays if '/evaluate/' in k)}")


if __name__ == "__main__":
    main()
