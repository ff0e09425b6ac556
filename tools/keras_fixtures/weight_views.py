"""What Keras 3's ``model.weights`` hand out, one by one: each variable's name, path, shape and
trainable flag, and what ``assign``, ``assign_add`` and ``assign_sub`` on them leave in the
weights and the predictions (the truth for `statefulrnn.layers.weight_view`).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/weight_views.py
Writes tests/fixtures/weight_views.json (`play`'s answer); the test plays the same `play` with
statefulrnn as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "weight_views.json"


def play(keras: Any) -> dict[str, Any]:
    """A GRU, a frozen LSTM and a Dense; their weights set, read and assigned one by one."""
    keras.backend.clear_session()  # the layers' names (and so the weights' paths) start afresh
    model = keras.Sequential(
        [
            keras.Input((None, 3)),
            keras.layers.GRU(2, return_sequences=True),
            keras.layers.LSTM(2),
            keras.layers.Dense(1),
        ]
    )
    model.layers[1].trainable = False
    model.set_weights(
        [
            np.linspace(-1, 1, w.size).reshape(w.shape).astype("float32") / (i + 1)
            for i, w in enumerate(model.get_weights())
        ]
    )
    weights = model.weights
    seen: dict[str, Any] = {
        "weights": [
            {"name": w.name, "path": w.path, "shape": list(w.shape), "trainable": bool(w.trainable)}
            for w in weights
        ],
        "values": [w.numpy().tolist() for w in weights],
    }
    gru_kernel, lstm_bias, dense_kernel = weights[0], weights[5], weights[6]
    gru_kernel.assign(np.full(tuple(gru_kernel.shape), 0.1, "float32"))
    lstm_bias.assign_add(np.full(tuple(lstm_bias.shape), 0.5, "float32"))
    dense_kernel.assign_sub(np.ones(tuple(dense_kernel.shape), "float32"))
    seen["assigned"] = [w.numpy().tolist() for w in (gru_kernel, lstm_bias, dense_kernel)]
    seen["get_weights after"] = [w.tolist() for w in model.get_weights()]
    x = np.linspace(-1, 1, 2 * 4 * 3).reshape(2, 4, 3).astype("float32")
    seen["predict after"] = model.predict(x, verbose=0).tolist()
    return seen


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    OUT.write_text(json.dumps(play(keras), indent=1) + "\n")
    print(f"keras {keras.__version__}: wrote {OUT}")


if __name__ == "__main__":
    main()
