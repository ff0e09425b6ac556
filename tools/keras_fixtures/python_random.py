"""Record how far Keras 3 moves Python's ``random`` while it makes layers and models: a random
initializer or a ``SeedGenerator`` made without a seed takes one from it (Keras's
``make_default_seed``), so a program's own ``random.shuffle`` after its model is made sees a
stream that the layers moved (Deep Learning with Python's translator splits its sentence
pairs so). tests/test_python_random.py makes the same things with statefulrnn as ``keras``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/python_random.py``.
Writes tests/fixtures/python_random/after.json: per case, ``random.random()`` after
``random.seed(0)`` and the case.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "python_random" / "after.json"


def _model(keras: ModuleType) -> Any:
    layers = keras.layers
    model = keras.Sequential([keras.Input((5, 3)), layers.LSTM(4), layers.Dropout(0.2), layers.Dense(1)])
    model.compile("adam", "mse")
    return model


def _saved_and_loaded(keras: ModuleType) -> Any:
    path = os.path.join(tempfile.mkdtemp(), "m.keras")
    _model(keras).save(path)
    random.seed(0)  # the load alone
    return keras.models.load_model(path)


def _embedding_gru(keras: ModuleType) -> Any:
    ids = keras.Input((None,))
    hidden = keras.layers.GRU(3)(keras.layers.Embedding(10, 4)(ids))
    return keras.Model(ids, keras.layers.Dense(2)(hidden))


CASES: dict[str, Callable[[ModuleType], Any]] = {
    "Dense": lambda k: k.layers.Dense(3),
    "Dense, random bias": lambda k: k.layers.Dense(3, bias_initializer="random_normal"),
    "Embedding": lambda k: k.layers.Embedding(10, 4),
    "GRU": lambda k: k.layers.GRU(4),
    "LSTM with dropout": lambda k: k.layers.LSTM(4, dropout=0.2),
    "SimpleRNN": lambda k: k.layers.SimpleRNN(4),
    "stacked cells": lambda k: k.layers.RNN([k.layers.GRUCell(4), k.layers.LSTMCell(3)]),
    "Bidirectional LSTM": lambda k: k.layers.Bidirectional(k.layers.LSTM(4, return_sequences=True)),
    "ConvLSTM2D": lambda k: k.layers.ConvLSTM2D(2, 3),
    "Conv1D": lambda k: k.layers.Conv1D(4, 3),
    "SeparableConv1D": lambda k: k.layers.SeparableConv1D(2, 3),
    "Dropout 0": lambda k: k.layers.Dropout(0.0),
    "Dropout": lambda k: k.layers.Dropout(0.5),
    "SpatialDropout1D": lambda k: k.layers.SpatialDropout1D(0.2),
    "GaussianNoise": lambda k: k.layers.GaussianNoise(0.1),
    "GaussianDropout": lambda k: k.layers.GaussianDropout(0.2),
    "BatchNormalization": lambda k: k.layers.BatchNormalization(),
    "TimeDistributed Dense": lambda k: k.layers.TimeDistributed(k.layers.Dense(4)),
    "MultiHeadAttention built": lambda k: k.layers.MultiHeadAttention(2, 4, use_gate=True).build(
        (None, 5, 8), (None, 5, 8)
    ),
    "functional Embedding GRU": _embedding_gru,
    "compiled Sequential": _model,
    "loaded": _saved_and_loaded,
    "fit": lambda k: _fitted(k),
}


def _fitted(keras: ModuleType) -> Any:
    import numpy as np

    model = _model(keras)
    random.seed(0)  # the fit alone
    return model.fit(np.ones((8, 5, 3)), np.ones((8, 1)), epochs=2, batch_size=4, verbose=0)


def after(keras: ModuleType, name: str) -> float:
    """``random.random()`` after ``random.seed(0)`` and making case ``name``."""
    random.seed(0)
    CASES[name](keras)
    return random.random()


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    recorded = {"keras": keras.__version__, **{name: after(keras, name) for name in CASES}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(recorded, indent=1) + "\n")
    print(json.dumps(recorded))


if __name__ == "__main__":
    main()
