"""Record Keras 3 training a model written by subclassing ``keras.Model``: layers set as
attributes (one list of them), a ``call`` with ``keras.ops`` and indexing, compiled, fit with a
validation split, evaluated, predicted.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/subclassed_model.py
Writes tests/fixtures/subclassed_model/values.npz: the data ``x``, ``y``; the weights after the
first call ``w<i>``; a JSON ``history`` (2 epochs, batches of 8, ``validation_split=0.25``, no
shuffling) and ``evaluated`` (``return_dict=True``); ``predicted``; the weights after
``after<i>``. Then the trained model as Keras 3 saves it: ``model.keras`` (``model.save``) and
``model.weights.h5`` (``save_weights``), its optimizer's state in both. The test builds the same
model with `program` given statefulrnn for ``keras``, and loads those files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "subclassed_model"


def program(keras: Any) -> Any:
    """A subclassed forecaster, compiled (``keras``: Keras 3, or statefulrnn imported as keras)."""
    ops = keras.ops

    class Forecaster(keras.Model):
        def __init__(self, units: int = 6, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.encoder = keras.layers.LSTM(units, return_sequences=True)
            self.blocks = [keras.layers.Dense(4, activation="relu") for _ in range(2)]
            self.head = keras.layers.Dense(1)

        def call(self, inputs: Any, training: bool = False) -> Any:
            h = self.encoder(inputs)
            for block in self.blocks:
                h = block(h)
            pooled = ops.mean(h, axis=1)
            return self.head(ops.concatenate([pooled, h[:, -1]], axis=-1))

    model = Forecaster(name="forecaster")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    return model


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    x = rng.normal(size=(32, 5, 3)).astype(np.float32)
    y = x[:, :, :1].sum(axis=1) * 0.5
    model = program(keras)
    model(x[:1])  # built by its first call, as Keras builds a subclassed model
    start = model.get_weights()
    history = model.fit(x, y, epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0)
    evaluated = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    np.savez_compressed(
        OUT / "values.npz", x=x, y=y, history=json.dumps(history.history), evaluated=json.dumps(evaluated),
        predicted=np.asarray(model.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(start)},
        **{f"after{i}": w for i, w in enumerate(model.get_weights())},
    )  # fmt: skip
    model.save(OUT / "model.keras")
    model.save_weights(OUT / "model.weights.h5")
    print(f"keras {keras.__version__}: {[w.shape for w in start]}, {history.history}")


if __name__ == "__main__":
    main()
