"""Record what tf-keras gives a program's layer that lists its weights itself, by overriding
``trainable_weights`` and ``non_trainable_weights`` (as keras-multi-head's ``MultiHead`` does):
the truth for statefulrnn's `Layer._every_weight`, which follows those lists.

tf-keras's ``layer.weights`` is the sum of the two lists, so the override decides what
``get_weights``/``set_weights``, the optimizer and ``.h5`` files see. Keras 3 reads its own
tracking instead and ignores such overrides; statefulrnn follows tf-keras, the Keras of the
programs that write them (README, "Where we differ from Keras").

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/declared_weights.py
Writes tests/fixtures/declared_weights/<case>.npz for each case of `CASES`: the weights' shapes
and the trainable count, outputs before and after two SGD steps and the weights after them, the
weights starting as `deterministic_weights`. The test (tests/layers/test_declared_weights.py)
builds the same models with this script's builders, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from _recording import deterministic_weights

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "declared_weights"
N, F = 4, 3
LEARNING_RATE = 0.1


@functools.cache
def program_classes(keras: ModuleType) -> dict[str, type]:
    """A program's own layers, written as tf-keras programs write them."""
    layers = keras.layers

    class Copies(layers.Wrapper):
        """``scale * sum(copy(x))`` over ``copies`` layers made from the given layer's config;
        the given layer is built (a template) but listed nowhere, as in keras-multi-head."""

        def __init__(self, layer: Any, copies: int = 2, **kwargs: Any) -> None:
            self.copies = copies
            self.made = []
            super().__init__(layer, **kwargs)

        def build(self, input_shape: Any) -> None:
            self.layer.build(input_shape)
            config = self.layer.get_config()
            for index in range(self.copies):
                copied = {**config, "name": f"{config['name']}_{index}"}
                self.made.append(type(self.layer).from_config(copied))
            for layer in self.made:
                layer.build(input_shape)
            self.scale = self.add_weight(name="scale", shape=(1,), initializer="ones")
            super().build(input_shape)

        def call(self, inputs: Any) -> Any:
            return self.scale * keras.layers.add([layer(inputs) for layer in self.made])

        @property
        def trainable_weights(self) -> list[Any]:
            weights = self._trainable_weights[:]
            for layer in self.made:
                weights += layer.trainable_weights
            return weights

        @property
        def non_trainable_weights(self) -> list[Any]:
            weights = self._non_trainable_weights[:]
            for layer in self.made:
                weights += layer.non_trainable_weights
            return weights

    class HeadFirst(layers.Layer):
        """``head(x) + x @ kernel``, listing its sublayer's weights before its own through
        ``super()``, and its frozen ``offset`` among the non-trainable ones."""

        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.head = layers.Dense(units, name="head")
            self.units = units

        def build(self, input_shape: Any) -> None:
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))
            self.offset = self.add_weight(
                name="offset", shape=(self.units,), initializer="ones", trainable=False
            )
            self.head.build(input_shape)
            super().build(input_shape)

        def call(self, inputs: Any) -> Any:
            return self.head(inputs) + keras.backend.dot(inputs, self.kernel) + self.offset

        @property
        def trainable_weights(self) -> list[Any]:
            return self.head.trainable_weights + super().trainable_weights

    return {"Copies": Copies, "HeadFirst": HeadFirst}


def copies_model(keras: ModuleType) -> Any:
    """Copies of a Dense(2) and of a frozen Dense(2) side by side, then Dense(1)."""
    own = program_classes(keras)
    layers = keras.layers
    inputs = layers.Input((F,))
    trained = own["Copies"](layers.Dense(2, name="inner"), copies=3, name="copies")(inputs)
    frozen = own["Copies"](layers.Dense(2, name="still", trainable=False), copies=2, name="frozen")(inputs)
    return keras.Model(inputs, layers.Dense(1, name="out")(layers.concatenate([trained, frozen])))


def head_first_model(keras: ModuleType) -> Any:
    own = program_classes(keras)
    inputs = keras.layers.Input((F,))
    return keras.Model(inputs, own["HeadFirst"](1, name="head_first")(inputs))


CASES = {"copies": copies_model, "head_first": head_first_model}


def run(keras: ModuleType, case: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """One case on ``keras`` (tf-keras or statefulrnn): what the tests compare."""
    model = CASES[case](keras)
    model.set_weights(deterministic_weights(model))
    x = np.cos(np.arange(N * F, dtype="float64") * 0.3).reshape(N, F).astype("float32")
    y = np.linspace(-1.0, 1.0, N).reshape(N, 1).astype("float32")
    before = model.predict(x, verbose=0)
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="mse")
    model.train_on_batch(x, y)
    model.train_on_batch(x, y)
    spec = {
        "weight_shapes": [list(w.shape) for w in model.get_weights()],
        "trainable": len(model.trainable_weights),
        "non_trainable": len(model.non_trainable_weights),
    }
    arrays = {"before": before, "after": model.predict(x, verbose=0)}
    arrays.update({f"weight_{i}": v for i, v in enumerate(model.get_weights())})
    return spec, arrays


def main() -> None:
    import tensorflow as tf
    import tf_keras

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        spec, arrays = run(tf_keras, case)
        spec["version"] = tf_keras.__version__
        np.savez_compressed(OUT / f"{case}.npz", spec=np.array(json.dumps(spec)), **arrays)
    print(f"wrote {len(list(OUT.glob('*.npz')))} fixture files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
