"""tf-keras ``.h5`` model files saved mid-training with their optimizer's state (tf-keras 2.11+
optimizers: ``iteration:0``, then each slot per weight, Keras 3's order less the learning rate),
and the weights tf-keras reaches when it trains on from them.

For each optimizer of `OPTIMIZERS`, a Sequential (Input, LSTM, Dense) with fixed weights trains
`STEPS_BEFORE` steps (``train_on_batch``) on `data`, is saved as ``NAME.h5``, then trains
`STEPS_AFTER` more; ``NAME.npz`` holds the weights then (``after_0, ...``).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/tf_keras_optimizer_h5.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tf_keras_optimizer_h5"
STEPS_BEFORE, STEPS_AFTER = 3, 2
OPTIMIZERS = {
    "adam": lambda api: api.optimizers.Adam(learning_rate=0.01),
    "rmsprop": lambda api: api.optimizers.RMSprop(learning_rate=0.01),
    "sgd_momentum": lambda api: api.optimizers.SGD(learning_rate=0.05, momentum=0.9),
}


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(8)
    return rng.normal(size=(8, 5, 3)).astype(np.float32), rng.normal(size=(8, 1)).astype(np.float32)


def train(model: Any, steps: int) -> None:
    x, y = data()
    for _ in range(steps):
        model.train_on_batch(x, y)


def main() -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    for name, optimizer in OPTIMIZERS.items():
        model = tf_keras.Sequential(
            [tf_keras.Input((5, 3)), tf_keras.layers.LSTM(4), tf_keras.layers.Dense(1)]
        )
        rng = np.random.default_rng(12)
        model.set_weights([rng.normal(0.0, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
        model.compile(optimizer=optimizer(tf_keras), loss="mse")
        train(model, STEPS_BEFORE)
        model.save(OUT / f"{name}.h5")
        train(model, STEPS_AFTER)
        np.savez_compressed(
            OUT / f"{name}.npz", **{f"after_{i}": w for i, w in enumerate(model.get_weights())}
        )
        print("wrote", name, "tf_keras", tf_keras.__version__)


if __name__ == "__main__":
    main()
