"""Record Keras 3's binary crossentropy on the output of a sigmoid, saturated or not.

Keras on TensorFlow keeps the logits of a sigmoid (``output._keras_logits``) and computes the
crossentropy from them, so a saturated output (logit 20) costs 20, not the ``-log(1e-7)`` of
the clipped probability, and its gradient does not vanish.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/sigmoid_logits.py
Writes tests/fixtures/sigmoid_logits/<case>.npz: ``x``, ``y``, the initial ``kernel`` and
``bias`` of a Dense(1) layer, a JSON ``spec`` (the activation as a Dense argument or an
Activation layer after it, the loss), ``eval_loss`` (evaluate), ``train_loss`` (one
train_on_batch with SGD(learning_rate=0.1)) and the weights after it, ``kernel_after`` and
``bias_after``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sigmoid_logits"

CASES = {
    "dense_sigmoid": {"layer": "dense", "loss": "binary_crossentropy"},
    "activation_layer": {"layer": "activation", "loss": "binary_crossentropy"},
    "smoothed": {"layer": "dense", "loss": {"class_name": "BinaryCrossentropy", "label_smoothing": 0.1}},
}


def main() -> None:
    import keras

    x = np.array([[2.0, 0.0], [0.0, 2.0], [0.3, 0.0], [0.0, 3.0]], np.float32)
    y = np.array([[0.0], [1.0], [1.0], [0.0]], np.float32)
    kernel = np.array([[10.0], [-10.0]], np.float32)  # logits 20, -20, 3, -30
    bias = np.zeros(1, np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in CASES.items():
        if spec["layer"] == "dense":
            layers = [keras.layers.Dense(1, activation="sigmoid")]
        else:
            layers = [keras.layers.Dense(1), keras.layers.Activation("sigmoid")]
        model = keras.Sequential([keras.Input((2,)), *layers])
        model.layers[0].set_weights([kernel, bias])
        loss = spec["loss"]
        if isinstance(loss, dict):
            options = {key: value for key, value in loss.items() if key != "class_name"}
            loss = getattr(keras.losses, loss["class_name"])(**options)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss=loss)
        eval_loss = model.evaluate(x, y, batch_size=4, verbose=0)
        train_loss = model.train_on_batch(x, y)
        kernel_after, bias_after = model.layers[0].get_weights()
        np.savez_compressed(
            OUT / f"{name}.npz", spec=json.dumps(spec), x=x, y=y, kernel=kernel, bias=bias,
            eval_loss=np.float64(eval_loss), train_loss=np.float64(train_loss),
            kernel_after=kernel_after, bias_after=bias_after,
        )  # fmt: skip
        print(f"{name}: evaluate {eval_loss:.6f}, train_on_batch {train_loss:.6f}")
    print(f"keras {keras.__version__}")


if __name__ == "__main__":
    main()
