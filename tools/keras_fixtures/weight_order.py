"""Record the order in which Keras 3 and tf-keras list the weights of layers that hold layers:
tf-keras's Layer lists its (and its sublayers') trainable weights first, then the
non-trainable ones; its Model, and Keras 3 everywhere, go sublayer by sublayer.

Run in the Keras venv (Keras 3.15 on TensorFlow and tf-keras 2.21, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/weight_order.py
Writes tests/fixtures/weight_order/<keras3|tf_keras>.npz: for each case of `CASES` (built by
`build`, which the test runs with statefulrnn as ``keras``), ``<case>/shapes`` (one row of
the padded shape per weight of ``model.get_weights()``) and ``<case>/names`` (each weight's own
name: the last part of its path, without tf-keras's ``:0``).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "weight_order"
CASES = ("block", "time_distributed_model", "own_weights", "frozen_wrapper")


def build(keras: ModuleType, case: str) -> Any:
    """``block``: a program's Layer holding BatchNormalization then Dense (a residual block's
    shape); ``time_distributed_model``: TimeDistributed over a Sequential whose Embedding is
    frozen (a hierarchical attention network's word encoder); ``own_weights``: a Layer that
    adds a non-trainable weight before a trainable one; ``frozen_wrapper``: a Bidirectional
    LSTM made untrainable."""
    layers = keras.layers

    class Block(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.norm = layers.BatchNormalization()
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(self.norm(x))

    class Counted(layers.Layer):
        def build(self, input_shape):
            self.count = self.add_weight(name="count", shape=(1,), initializer="zeros", trainable=False)
            self.scale = self.add_weight(name="scale", shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.scale + self.count

    if case == "block":
        inputs = layers.Input(shape=(3,))
        return keras.Model(inputs, Block()(inputs))
    if case == "time_distributed_model":
        frozen = layers.Embedding(10, 3, trainable=False)
        words = keras.Sequential([layers.Input(shape=(4,)), frozen, layers.Flatten(), layers.Dense(2)])
        inputs = layers.Input(shape=(5, 4))
        return keras.Model(inputs, layers.TimeDistributed(words)(inputs))
    if case == "own_weights":
        inputs = layers.Input(shape=(3,))
        return keras.Model(inputs, layers.Dense(2)(Counted()(inputs)))
    inputs = layers.Input(shape=(4, 3))
    wrapper = layers.Bidirectional(layers.LSTM(2))
    wrapper.trainable = False
    return keras.Model(inputs, layers.Dense(1)(wrapper(inputs)))


def describe(model: Any) -> dict[str, np.ndarray]:
    shapes = [tuple(w.shape) for w in model.get_weights()]
    padded = np.zeros((len(shapes), 3), dtype=np.int64)
    for row, shape in zip(padded, shapes):
        row[: len(shape)] = shape
    names = [w.name.split("/")[-1].split(":")[0] for w in model.weights]
    return {"shapes": padded, "names": np.asarray(names)}


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    for name, library in (("keras3", keras), ("tf_keras", tf_keras)):
        described = {case: describe(build(library, case)) for case in CASES}
        arrays = {f"{case}/{key}": value for case, found in described.items() for key, value in found.items()}
        np.savez(OUT / f"{name}.npz", **arrays)
        print(name, library.__version__, {case: list(arrays[f"{case}/names"]) for case in CASES})


if __name__ == "__main__":
    main()
