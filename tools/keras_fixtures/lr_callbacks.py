"""Record Keras 3 training with the learning-rate callbacks: ReduceLROnPlateau and
LearningRateScheduler (both forms of schedule).

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/lr_callbacks.py
Writes tests/fixtures/lr_callbacks/<case>.npz: the JSON ``spec`` (the callback and its
arguments, the epochs), ``x``, ``y``, the initial Dense weights ``kernel`` and ``bias``, each
history key as ``history_<key>`` (``loss`` and ``learning_rate`` per epoch), and the final
weights ``kernel_after`` and ``bias_after``. One Dense(1) layer, SGD(learning_rate=0.5), MSE,
full batches, no shuffling: a loss that overshoots, so that the plateau rule fires.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "lr_callbacks"

CASES = {
    "plateau": {
        "callback": "ReduceLROnPlateau",
        "arguments": {
            "monitor": "loss",
            "factor": 0.5,
            "patience": 1,
            "min_delta": 1e-3,
            "cooldown": 1,
            "min_lr": 0.02,
        },
        "epochs": 12,
    },
    "scheduler_two_arguments": {
        "callback": "LearningRateScheduler",
        "schedule": "halve_after_2",
        "epochs": 6,
    },
    "scheduler_one_argument": {"callback": "LearningRateScheduler", "schedule": "table", "epochs": 6},
}
SCHEDULES = {
    "halve_after_2": lambda epoch, learning_rate: learning_rate if epoch < 2 else learning_rate * 0.5,
    "table": lambda epoch: [0.3, 0.2, 0.1, 0.05, 0.05, 0.01][epoch],
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 3)).astype(np.float32) * 2.0
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    kernel = rng.normal(size=(3, 1)).astype(np.float32)
    bias = np.zeros(1, np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in CASES.items():
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.layers[0].set_weights([kernel, bias])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
        if spec["callback"] == "ReduceLROnPlateau":
            callback = keras.callbacks.ReduceLROnPlateau(**spec["arguments"])
        else:
            callback = keras.callbacks.LearningRateScheduler(SCHEDULES[spec["schedule"]])
        history = model.fit(
            x, y, batch_size=16, epochs=spec["epochs"], shuffle=False, verbose=0, callbacks=[callback]
        )
        kernel_after, bias_after = model.layers[0].get_weights()
        histories = {
            f"history_{key}": np.asarray(values, np.float64) for key, values in history.history.items()
        }
        np.savez_compressed(
            OUT / f"{name}.npz", spec=json.dumps(spec), x=x, y=y, kernel=kernel, bias=bias,
            kernel_after=kernel_after, bias_after=bias_after, **histories,
        )  # fmt: skip
        print(name, {key: np.round(values, 4).tolist() for key, values in history.history.items()})
    print(f"keras {keras.__version__}")


if __name__ == "__main__":
    main()
