"""Record Keras 3's arithmetic on functional tensors (``x + y``, ``2.0 - x``, ``x ** 2``, ...):
a model built with Python's operators, trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/operations.py
Writes tests/fixtures/operations/:
- ``residual.keras``: ``inputs (5, 3) -> Dense(3) -> GRU(3, return_sequences=True)``, joined back
  by every operator Keras 3 records as an op (add, subtract, multiply, true_divide, power,
  negative, absolute; numbers on either side; one operand broadcast from ``(None, 1, 3)``),
  ``Dense(1)``; trained 3 ``train_on_batch`` calls with SGD(0.1) and mse, then saved by Keras;
- ``residual.npz``: its starting weights ``w<i>``, the data ``x``, ``y``, the losses of the 3
  calls ``losses``, the weights after them ``after<i>``, and the saved model's outputs
  ``predicted`` for ``x``;
- ``indexed.keras`` and ``indexed.npz``: the same for ``GRU(4, return_sequences=True)`` whose
  outputs are indexed (``h[:, -1]``, ``h[..., 0]``, ``h[:, 1:3, ::2][:, 1]``, ``x[:, None][:,
  0, 2]``), concatenated into ``Dense(1)``;
- ``ops_graph.keras`` and ``ops_graph.npz``: the same for `ops_graph_model`, a GRU whose
  outputs go through ``keras.ops`` functions called on the functional tensors (mean, subtract,
  clip, sum, softmax, expand_dims, take, squeeze, max, abs, log1p, concatenate, normalize).
  The test builds the same model with `ops_graph_model` given ``statefulrnn`` for ``keras``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "operations"


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    inputs = keras.Input((5, 3))
    last = keras.Input((1, 3))  # broadcast over the 5 steps
    x = keras.layers.Dense(3, activation="tanh")(inputs)
    h = keras.layers.GRU(3, return_sequences=True)(x)
    joined = (h + inputs) * 0.5 - x / 4.0 + abs(-h) ** 2 + (1.0 - last) + 2.0 / (3.0 + x * x)
    outputs = keras.layers.Dense(1)(joined)
    model = keras.Model([inputs, last], outputs)
    x_data = rng.normal(size=(4, 5, 3)).astype(np.float32)
    last_data = rng.normal(size=(4, 1, 3)).astype(np.float32)
    y = rng.normal(size=(4, 5, 1)).astype(np.float32)
    print(f"keras {keras.__version__}")
    train_and_save(keras, model, "residual", {"x": x_data, "last": last_data}, y)
    indexed(keras, rng)
    ops_graph(keras, rng)


def indexed(keras: object, rng: np.random.Generator) -> None:
    """Indexing a functional tensor: the last step, a window of steps and features, a feature."""
    inputs = keras.Input((5, 3))
    h = keras.layers.GRU(4, return_sequences=True)(inputs)
    window = h[:, 1:3, ::2]  # (None, 2, 2)
    joined = keras.layers.Concatenate()([h[:, -1], h[..., 0], window[:, 1], inputs[:, None][:, 0, 2]])
    model = keras.Model(inputs, keras.layers.Dense(1)(joined))
    x = rng.normal(size=(4, 5, 3)).astype(np.float32)
    y = rng.normal(size=(4, 1)).astype(np.float32)
    train_and_save(keras, model, "indexed", {"x": x}, y)


def ops_graph_model(keras: Any) -> Any:
    """A GRU's outputs through ``keras.ops`` on the functional tensors (``keras``: Keras 3, or
    statefulrnn imported as keras), into ``Dense(1)``."""
    ops = keras.ops
    inputs = keras.Input((5, 3))
    h = keras.layers.GRU(4, return_sequences=True)(keras.layers.Dense(4, activation="tanh")(inputs))
    centered = ops.subtract(h, ops.mean(h, axis=1, keepdims=True))
    scaled = ops.clip(centered * 2.0, -0.8, 0.8)
    weights = ops.softmax(ops.sum(scaled, axis=-1), axis=-1)
    context = ops.sum(h * ops.expand_dims(weights, -1), axis=1)
    last = ops.squeeze(ops.take(h, [4], axis=1), axis=1)
    features = ops.concatenate([context, last, ops.max(h, axis=1), ops.log1p(ops.abs(context))], axis=-1)
    outputs = keras.layers.Dense(1)(ops.normalize(features, axis=-1))
    return keras.Model(inputs, outputs)


def ops_graph(keras: Any, rng: np.random.Generator) -> None:
    """`ops_graph_model` trained and saved."""
    model = ops_graph_model(keras)
    x = rng.normal(size=(4, 5, 3)).astype(np.float32)
    y = rng.normal(size=(4, 1)).astype(np.float32)
    train_and_save(keras, model, "ops_graph", {"x": x}, y)


def train_and_save(keras: Any, model: Any, name: str, inputs: dict[str, np.ndarray], y: np.ndarray) -> None:
    """Train ``model`` by 3 ``train_on_batch`` calls (SGD(0.1), mse) on ``inputs`` (by name)
    and ``y``; write ``<name>.keras`` (Keras's save) and ``<name>.npz``: the inputs, ``y``, the
    starting weights ``w<i>``, the ``losses``, the weights after ``after<i>``, and the saved
    model's outputs ``predicted``."""
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    start = model.get_weights()
    x = list(inputs.values()) if len(inputs) > 1 else next(iter(inputs.values()))
    losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    after = model.get_weights()
    model.save(OUT / f"{name}.keras")
    predicted = np.asarray(model.predict(x, verbose=0))
    np.savez_compressed(
        OUT / f"{name}.npz", **inputs, y=y, losses=np.array(losses), predicted=predicted,
        **{f"w{i}": w for i, w in enumerate(start)}, **{f"after{i}": w for i, w in enumerate(after)},
    )  # fmt: skip
    ops = [layer["class_name"] for layer in model.get_config()["layers"] if "ops" in layer["module"]]
    print(f"{name}: operations {ops}, losses {losses}")


if __name__ == "__main__":
    main()
