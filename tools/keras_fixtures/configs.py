"""Record the configs real Keras 3 writes for recurrent layers and Dense.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/configs.py
Writes tests/fixtures/configs/keras_configs.json: ``{case: {"class_name": ..., "config":
layer.get_config()}}``, so that tests check statefulrnn's ``from_config`` reads Keras's configs
and its ``get_config`` writes the same keys and values.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "configs" / "keras_configs.json"


def main() -> None:
    layers, initializers, regularizers = keras.layers, keras.initializers, keras.regularizers
    cases = {
        "lstm": layers.LSTM(
            3,
            return_sequences=True,
            kernel_initializer=initializers.HeNormal(seed=1),
            recurrent_dropout=0.1,
            name="lstm",
        ),
        "gru": layers.GRU(4, reset_after=False, stateful=True, go_backwards=True, name="gru"),
        "simple_rnn": layers.SimpleRNN(2, activation="relu", bias_initializer="ones", name="simple_rnn"),
        "rnn_gru_cell": layers.RNN(layers.GRUCell(2, name="cell"), return_state=True, name="rnn"),
        "bidirectional": layers.Bidirectional(layers.LSTM(2, name="inner"), merge_mode="sum", name="bi"),
        "dense": layers.Dense(
            3,
            activation="softmax",
            kernel_initializer=initializers.RandomUniform(-0.1, 0.1, seed=2),
            kernel_regularizer=regularizers.L2(0.01),
            name="dense",
        ),
    }
    configs = {
        case: {"class_name": type(layer).__name__, "config": layer.get_config()}
        for case, layer in cases.items()
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"keras": keras.__version__, "cases": configs}, indent=1, sort_keys=True) + "\n"
    )
    print("wrote", OUT)


if __name__ == "__main__":
    main()
