"""Record what real Keras 3 computes for stacked cells and for regularizers and constraints.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/rnn_args.py
Writes tests/fixtures/rnn_args/<case>.npz, read by tests/layers/test_stacked_cells.py and
tests/test_regularizers_constraints.py:

- ``stacked_stateful``: a stateful ``RNN([GRUCell(3), LSTMCell(2)], return_sequences=True,
  return_state=True)`` on batch 2, given weights ``w0..w5`` (Keras order); ``x``, the outputs
  and final states (flat: ``h0, h1, c1``) of the whole sequence (``y_full``, ``s_full_<i>``),
  then from zero states of the same sequence in chunks of ``spec["chunks"]`` steps
  (``y_chunk``, ``s_chunk_<i>``).
- ``fit_regularized``: a stateful LSTM with L2 kernel and recurrent regularizers, an L1 bias
  regularizer, an L2 activity regularizer, a MaxNorm kernel and a NonNeg recurrent constraint,
  then a Dense with an L1L2 kernel regularizer and a UnitNorm kernel constraint; SGD (0.1),
  ``shuffle=False``, ``spec["epochs"]`` epochs from weights ``w0..w4``: the per-epoch loss
  (``loss``), the final weights (``final_<i>``), then after ``reset_states`` ``evaluate``'s loss
  (``eval_loss``) and the penalty alone at the final weights (``penalty``: Keras's
  ``sum(model.losses)`` after a call on ``x``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from keras import constraints, layers, regularizers

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "rnn_args"


def _weights(model: keras.Model, rng: np.random.Generator, scale: float) -> list[np.ndarray]:
    return [rng.normal(scale=scale, size=w.shape).astype(np.float32) for w in model.get_weights()]


def stacked_stateful(rng: np.random.Generator) -> dict[str, np.ndarray]:
    batch, steps, features, chunks = 2, 7, 4, [3, 1, 3]

    def fresh() -> keras.Model:
        # A new model rather than reset_states(): Keras 3.15.1's reset_state fails on the nested
        # states of stacked cells ('ListWrapper' object has no attribute 'assign').
        layer = layers.RNN(
            [layers.GRUCell(3), layers.LSTMCell(2)], return_sequences=True, return_state=True, stateful=True
        )
        inputs = keras.Input(batch_shape=(batch, None, features))
        return keras.Model(inputs, layer(inputs))

    model = fresh()
    weights = _weights(model, rng, 0.5)
    model.set_weights(weights)
    x = rng.normal(size=(batch, steps, features)).astype(np.float32)

    def run(part: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        output, gru_state, lstm_state = model(part)
        gru = gru_state if isinstance(gru_state, (list, tuple)) else [gru_state]
        states = [*gru, *lstm_state]  # flat: h0, h1, c1
        return np.asarray(output), [np.asarray(s) for s in states]

    y_full, s_full = run(x)
    model = fresh()
    model.set_weights(weights)
    outputs, start = [], 0
    for length in chunks:
        y, s_chunk = run(x[:, start : start + length])
        outputs.append(y)
        start += length
    spec = {"batch_shape": [batch, None, features], "chunks": chunks, "cells": ["GRUCell(3)", "LSTMCell(2)"]}
    case = {"spec": json.dumps(spec), "x": x, "y_full": y_full, "y_chunk": np.concatenate(outputs, axis=1)}
    case.update({f"w{i}": w for i, w in enumerate(weights)})
    case.update({f"s_full_{i}": s for i, s in enumerate(s_full)})
    case.update({f"s_chunk_{i}": s for i, s in enumerate(s_chunk)})
    return case


def fit_regularized(rng: np.random.Generator) -> dict[str, np.ndarray]:
    batch, rows, steps, features, epochs = 4, 8, 5, 3, 2
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(batch, steps, features)),
            layers.LSTM(
                4,
                stateful=True,
                kernel_regularizer=regularizers.L2(0.01),
                recurrent_regularizer=regularizers.L2(0.02),
                bias_regularizer=regularizers.L1(0.01),
                activity_regularizer=regularizers.L2(0.05),
                kernel_constraint=constraints.MaxNorm(0.8),
                recurrent_constraint=constraints.NonNeg(),
            ),
            layers.Dense(
                1,
                kernel_regularizer=regularizers.L1L2(l1=0.01, l2=0.01),
                kernel_constraint=constraints.UnitNorm(),
            ),
        ]
    )
    weights = _weights(model, rng, 0.6)
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    x = rng.normal(size=(rows, steps, features)).astype(np.float32)
    y = rng.normal(size=(rows, 1)).astype(np.float32)
    history = model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, verbose=0)
    final = model.get_weights()
    model.layers[0].reset_states()
    eval_loss = model.evaluate(x, y, batch_size=batch, verbose=0)
    model.layers[0].reset_states()
    model(x[:batch])  # records the activity penalty of this batch
    penalty = float(np.sum([np.asarray(loss) for loss in model.losses]))
    spec = {
        "batch_shape": [batch, steps, features],
        "epochs": epochs,
        "learning_rate": 0.1,
        "note": "penalty: sum(model.losses) after model(x[:batch]) from reset states at the final weights",
    }
    case = {
        "spec": json.dumps(spec),
        "x": x,
        "y": y,
        "loss": np.asarray(history.history["loss"], dtype=np.float64),
        "eval_loss": np.float64(eval_loss),
        "penalty": np.float64(penalty),
    }
    case.update({f"w{i}": w for i, w in enumerate(weights)})
    case.update({f"final_{i}": w for i, w in enumerate(final)})
    return case


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261202)
    for name, make in (("stacked_stateful", stacked_stateful), ("fit_regularized", fit_regularized)):
        np.savez(OUT / f"{name}.npz", **make(rng))
        print(f"wrote {OUT / name}.npz")


if __name__ == "__main__":
    main()
