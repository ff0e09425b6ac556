"""A Keras 3 file compiled with a program's own loss and a registered metric function, and what
Keras's ``evaluate`` gives on it: the truth for ``load_model(path, custom_objects=...)``.

The functions are defined here once (`scaled_mse`, `demo>mean_gap`) with ``ops`` given as an
argument, so the test builds the very same functions on statefulrnn's ops.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/custom_compile.py
Writes tests/fixtures/custom_compile/custom.keras and custom.npz (``x``, ``y``, ``evaluated``:
Keras's [loss, mean_gap] after loading the file with custom_objects).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_compile"


def functions(ops: Any) -> tuple[Any, Any]:
    """The program's loss and metric, written on ``ops`` (keras.ops or statefulrnn.ops)."""

    def scaled_mse(y_true: Any, y_pred: Any) -> Any:
        return 3.0 * ops.mean(ops.square(y_true - y_pred), axis=-1)

    def mean_gap(y_true: Any, y_pred: Any) -> Any:
        return ops.mean(y_pred - y_true, axis=-1)

    return scaled_mse, mean_gap


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    scaled_mse, mean_gap = functions(keras.ops)
    mean_gap = keras.saving.register_keras_serializable(package="demo")(mean_gap)
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(6, 4, 2)).astype(np.float32), rng.normal(size=(6, 1)).astype(np.float32)
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(3), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=scaled_mse, metrics=[mean_gap])
    model.train_on_batch(x, y)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "custom.keras")
    loaded = keras.models.load_model(OUT / "custom.keras", custom_objects={"scaled_mse": scaled_mse})
    evaluated = np.asarray(loaded.evaluate(x, y, verbose=0), np.float64)
    np.savez(OUT / "custom.npz", x=x, y=y, evaluated=evaluated)
    print("wrote custom.keras; evaluate:", evaluated)


if __name__ == "__main__":
    main()
