"""Record Keras 3 saving a model with layers of the program's own (keras.io's "Working with RNNs"
custom cell in a stateful ``RNN``, registered; a ``Scale`` layer with a weight of its own, not
registered), for tests/io/test_program_layers.py, which runs the same functions with statefulrnn
as ``keras`` and loads the file with ``custom_objects``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/program_layers.py``.
Writes tests/fixtures/program_layers/: ``keras_made.keras`` (saved by Keras) and
``recorded.json`` (the inputs, two chunks, and Keras's outputs for each, states carried).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "program_layers"
BATCH, STEPS, FEATURES = 2, 5, 3


@functools.cache
def classes(keras: ModuleType) -> dict[str, type]:
    """The program's classes written against ``keras`` (made once: a registered name is taken)."""
    layers, ops = keras.layers, keras.ops

    @keras.saving.register_keras_serializable(package="program_layers")
    class MinimalRNNCell(layers.Layer):
        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape: tuple) -> None:
            self.kernel = self.add_weight(
                shape=(input_shape[-1], self.units), initializer="uniform", name="kernel"
            )
            self.recurrent_kernel = self.add_weight(
                shape=(self.units, self.units), initializer="uniform", name="recurrent_kernel"
            )

        def call(self, inputs: Any, states: list) -> tuple:
            output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
            return output, [output]

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "units": self.units}

    class Scale(layers.Layer):
        def __init__(self, factor: float = 2.0, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape: tuple) -> None:
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="random_normal", name="w")

        def call(self, x: Any) -> Any:
            return x * self.factor * self.w

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "factor": self.factor}

    return {"MinimalRNNCell": MinimalRNNCell, "Scale": Scale}


def model(keras: ModuleType) -> Any:
    """A stateful RNN of the program's cell, a Dense, then the program's Scale."""
    made = classes(keras)
    inputs = keras.Input((STEPS, FEATURES), batch_size=BATCH)
    x = keras.layers.RNN(made["MinimalRNNCell"](4), stateful=True, return_sequences=True)(inputs)
    x = keras.layers.Dense(2)(x)
    return keras.Model(inputs, made["Scale"](3.0)(x))


def chunks() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [rng.normal(size=(BATCH, STEPS, FEATURES)).astype("float32") for _ in range(2)]


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(1)
    made = model(keras)
    FOLDER.mkdir(parents=True, exist_ok=True)
    made.save(FOLDER / "keras_made.keras")  # before any call: the file holds no states
    outputs = [made.predict(x, verbose=0).tolist() for x in chunks()]
    recorded = {"keras": keras.__version__, "outputs": outputs}
    (FOLDER / "recorded.json").write_text(json.dumps(recorded) + "\n")
    print(json.dumps({"keras": keras.__version__, "first": outputs[0][0][0]}))


if __name__ == "__main__":
    main()
