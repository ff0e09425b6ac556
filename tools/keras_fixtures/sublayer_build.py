"""Record the weights tf-keras makes when a model is built without a real call: a subclassed
``Model`` given ``build(input_shape)``, and a layer of one's own (``Wrap``) that makes a ``Dense``
in its ``build()`` and says its ``compute_output_shape``, added to a Sequential or called on an
``Input``, and an RNN of a cell of one's own whose sublayers its call builds. tf-keras runs
``call()`` on placeholders then, which builds every sublayer; Keras 3
does neither (its ``Model.build`` only marks the model built, and a layer that gives its output
shape is not traced), so its sublayers wait for the first real call.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/sublayer_build.py``.
Writes tests/fixtures/sublayer_build/weights.json: per case, the weights' ``names`` (tf-keras's
``layer/.../weight``, without ``:0``) and ``shapes``, in ``model.weights``' order. The tests build the
same models with this script's builders, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sublayer_build" / "weights.json"
SUBCLASSED_SHAPE = (None, 3, 4)


def subclassed(keras: ModuleType) -> Any:
    """A Model subclass holding an LSTM, a BatchNormalization and a Dense, not built."""
    layers = keras.layers

    class Forecaster(keras.Model):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.rnn = layers.LSTM(5, name="rnn")
            self.norm = layers.BatchNormalization(name="norm")
            self.out = layers.Dense(1, name="out")

        def call(self, inputs: Any) -> Any:
            return self.out(self.norm(self.rnn(inputs)))

    return Forecaster(name="forecaster")


def wrap_class(keras: ModuleType) -> type:
    """A layer that makes its Dense in ``build()`` and gives its own output shape."""

    class Wrap(keras.layers.Layer):
        def build(self, input_shape: Any) -> None:
            self.inner = keras.layers.Dense(3, name="inner")
            super().build(input_shape)

        def call(self, x: Any) -> Any:
            return self.inner(x)

        def compute_output_shape(self, input_shape: Any) -> Any:
            return input_shape[0], 3

    return Wrap


def wrapped_sequential(keras: ModuleType) -> Any:
    layers = keras.layers
    first, last = layers.Dense(4, input_shape=(2,), name="first"), layers.Dense(1, name="last")
    return keras.Sequential([first, wrap_class(keras)(name="wrap"), last])


def wrapped_functional(keras: ModuleType) -> Any:
    layers = keras.layers
    inputs = layers.Input(shape=(2,))
    return keras.Model(inputs, layers.Dense(1, name="last")(wrap_class(keras)(name="wrap")(inputs)))


def rnn_of_own_cell(keras: ModuleType) -> Any:
    """Hands-On ML's (2nd ed., chapter 15) LNSimpleRNNCell: a cell of one's own holding a
    SimpleRNNCell and a LayerNormalization, made in its constructor and built by its call,
    in an RNN of a Sequential given its input shape."""

    class LNSimpleRNNCell(keras.layers.Layer):
        def __init__(self, units: int, activation: str = "tanh", **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.state_size = units
            self.output_size = units
            self.simple_rnn_cell = keras.layers.SimpleRNNCell(units, activation=None)
            self.layer_norm = keras.layers.LayerNormalization()
            self.activation = keras.activations.get(activation)

        def call(self, inputs: Any, states: Any) -> Any:
            outputs, _ = self.simple_rnn_cell(inputs, states)
            norm_outputs = self.activation(self.layer_norm(outputs))
            return norm_outputs, [norm_outputs]

    layers = keras.layers
    return keras.models.Sequential([
        layers.RNN(LNSimpleRNNCell(5), return_sequences=True, input_shape=[None, 1]),
        layers.RNN(LNSimpleRNNCell(5), return_sequences=True),
        layers.Dense(2),
    ])  # fmt: skip


def built(case: str, keras: ModuleType) -> Any:
    """The case's model, built as the case says (``build`` for the subclass)."""
    model = globals()[case](keras)
    if case == "subclassed":
        model.build(SUBCLASSED_SHAPE)
    return model


CASES = ("subclassed", "wrapped_sequential", "wrapped_functional", "rnn_of_own_cell")


def main() -> None:
    import tf_keras

    cases = {}
    for case in CASES:
        weights = built(case, tf_keras).weights
        cases[case] = {
            "names": [w.name.removesuffix(":0") for w in weights],
            "shapes": [list(w.shape) for w in weights],
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"tf_keras {tf_keras.__version__}: {json.dumps(cases)}")


if __name__ == "__main__":
    main()
