"""Record Keras 3 saving a model with layers of the program's own (keras.io's "Working with RNNs"
custom cell in a stateful ``RNN``, registered; a ``Scale`` layer with a weight of its own, not
registered), and tf-keras 2 saving a stateful LSTM with that ``Scale`` as a legacy ``.h5``, for
tests/io/test_program_layers.py, which runs the same functions with statefulrnn as ``keras`` and
loads the files with ``custom_objects``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/program_layers.py``.
Writes tests/fixtures/program_layers/: ``keras_made.keras`` (saved by Keras 3),
``attention_made.keras`` (Keras 3: a program's attention layer holding Dense layers, after a
stateful LSTM), ``tf_keras_made.h5`` (saved by tf-keras) and ``recorded.json`` (Keras's outputs
for two chunks of each, states carried).
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
    layers = keras.layers

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
            ops = keras.ops  # Keras 3's (tf-keras, which has none, never calls the cell)
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

    class Attention(layers.Layer):
        """Additive attention over a sequence, from its last step: layers held as attributes,
        assigned in an order their names do not sort in (Keras's file lists them by name)."""

        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units
            self.query_weights = layers.Dense(units)
            self.key_weights = layers.Dense(units)
            self.score = layers.Dense(1)

        def call(self, sequence: Any) -> Any:
            ops = keras.ops
            query, keys = self.query_weights(sequence[:, -1:, :]), self.key_weights(sequence)
            scores = self.score(ops.tanh(query + keys))
            return ops.sum(ops.softmax(scores, axis=1) * sequence, axis=1)

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "units": self.units}

    return {"MinimalRNNCell": MinimalRNNCell, "Scale": Scale, "Attention": Attention}


def model(keras: ModuleType) -> Any:
    """A stateful RNN of the program's cell, a Dense, then the program's Scale."""
    made = classes(keras)
    inputs = keras.Input((STEPS, FEATURES), batch_size=BATCH)
    x = keras.layers.RNN(made["MinimalRNNCell"](4), stateful=True, return_sequences=True)(inputs)
    x = keras.layers.Dense(2)(x)
    return keras.Model(inputs, made["Scale"](3.0)(x))


def attention_model(keras: ModuleType) -> Any:
    """A stateful LSTM's sequence, the program's attention over it (units as the LSTM's), then a Dense."""
    inputs = keras.Input((STEPS, FEATURES), batch_size=BATCH)
    sequence = keras.layers.LSTM(4, stateful=True, return_sequences=True)(inputs)
    return keras.Model(inputs, keras.layers.Dense(1)(classes(keras)["Attention"](4)(sequence)))


def keras2_model(keras: ModuleType) -> Any:
    """A stateful LSTM then the program's Scale, as a tf-keras program writes it."""
    scale = classes(keras)["Scale"]
    lstm = keras.layers.LSTM(
        3, stateful=True, return_sequences=True, batch_input_shape=(BATCH, None, FEATURES)
    )
    return keras.Sequential([lstm, scale(3.0)])


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
    attending = attention_model(keras)
    attending.save(FOLDER / "attention_made.keras")
    attention_outputs = [attending.predict(x, verbose=0).tolist() for x in chunks()]
    import tf_keras

    tf_keras.utils.set_random_seed(2)
    legacy = keras2_model(tf_keras)
    legacy.save(FOLDER / "tf_keras_made.h5")
    legacy_outputs = [legacy.predict(x, verbose=0).tolist() for x in chunks()]
    recorded = {
        "keras": keras.__version__, "outputs": outputs, "attention_outputs": attention_outputs,
        "tf_keras_outputs": legacy_outputs,
    }  # fmt: skip
    (FOLDER / "recorded.json").write_text(json.dumps(recorded) + "\n")
    print(json.dumps({"keras": keras.__version__, "first": outputs[0][0][0]}))


if __name__ == "__main__":
    main()
