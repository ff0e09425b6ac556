"""Save small Keras files of models that hold models as layers, and what Keras computes.

Three models, each built by `build` from the same code for Keras 3, tf-keras and statefulrnn,
every layer named (so the files' names match whichever library built it), weights drawn:

- ``siamese``: a ``Sequential`` encoder (``Embedding`` -> ``LSTM`` -> ``Dense``: layers whose
  Keras 3 keys do not sort in their order) shared by two int inputs, ``Subtract``ed.
- ``gan``: a GAN's combined model, ``Sequential([generator, discriminator])``: a functional
  generator and a ``Sequential`` discriminator holding a ``Sequential`` (two deep).
- ``han``: a hierarchical attention network's shape, a functional word encoder (``Embedding``
  -> ``GRU``) wrapped in ``TimeDistributed`` over the sentences, then ``LSTM`` -> ``Dense``.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/nested_models.py
Writes tests/fixtures/nested_models/: for each NAME, Keras 3's ``k3_NAME.keras``
(``model.save``) and ``k3_NAME.weights.h5`` (``save_weights``) with ``k3_NAME.npz``, and
tf-keras's ``k2_NAME.h5`` (``model.save``) with ``k2_NAME.npz``; each ``.npz`` holds the inputs
``x_0, x_1, ...`` and Keras's predictions ``y``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "nested_models"
NAMES = ("siamese", "gan", "han")


def build(keras: Any, name: str) -> Any:
    """The model ``name`` (``keras``: Keras 3, tf_keras, or statefulrnn imported as keras)."""
    layers = keras.layers
    if name == "siamese":
        encoder = keras.Sequential(
            [
                layers.Input((5,), name="tokens"),
                layers.Embedding(10, 4, name="embedding"),
                layers.LSTM(3, name="lstm"),
                layers.Dense(2, name="dense"),
            ],
            name="encoder",
        )
        left = layers.Input((5,), dtype="int32", name="left")
        right = layers.Input((5,), dtype="int32", name="right")
        distance = layers.Subtract(name="subtract")([encoder(left), encoder(right)])
        return keras.Model([left, right], distance, name="siamese")
    if name == "gan":
        noise = layers.Input((3,), name="noise")
        generator = keras.Model(
            noise, layers.Dense(4, activation="tanh", name="g_dense")(noise), name="generator"
        )
        features = keras.Sequential(
            [layers.Input((4,), name="sample"), layers.Dense(5, activation="relu", name="d_hidden")],
            name="features",
        )
        discriminator = keras.Sequential(
            [layers.Input((4,), name="image"), features, layers.Dense(1, activation="sigmoid", name="d_out")],
            name="discriminator",
        )
        return keras.Sequential([layers.Input((3,), name="z"), generator, discriminator], name="gan")
    words = layers.Input((4,), dtype="int32", name="words")
    embedded = layers.Embedding(12, 3, name="word_embedding")(words)
    word_encoder = keras.Model(words, layers.GRU(2, name="word_gru")(embedded), name="word_encoder")
    sentences = layers.Input((3, 4), dtype="int32", name="sentences")
    encoded = layers.TimeDistributed(word_encoder, name="per_sentence")(sentences)
    summary = layers.LSTM(2, name="sentence_lstm")(encoded)
    return keras.Model(sentences, layers.Dense(1, name="score")(summary), name="han")


def inputs(name: str) -> list[np.ndarray]:
    """The inputs the predictions are recorded for."""
    rng = np.random.default_rng(7)
    if name == "siamese":
        return [rng.integers(0, 10, size=(3, 5)).astype(np.int32) for _ in range(2)]
    if name == "gan":
        return [rng.normal(size=(3, 3)).astype(np.float32)]
    return [rng.integers(0, 12, size=(2, 3, 4)).astype(np.int32)]


def drawn_weights(model: Any, seed: int) -> list[np.ndarray]:
    """Weights for ``model`` drawn from N(0, 0.5²) (Keras's initial biases are zeros)."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=w.shape) * 0.5).astype(np.float32) for w in model.get_weights()]


def record(keras: Any, name: str, prefix: str) -> None:
    model = build(keras, name)
    model.set_weights(drawn_weights(model, seed=len(name)))
    x = inputs(name)
    y = np.asarray(model.predict(x if len(x) > 1 else x[0], verbose=0))
    np.savez_compressed(OUT / f"{prefix}_{name}.npz", y=y, **{f"x_{i}": value for i, value in enumerate(x)})
    if prefix == "k3":
        model.save(OUT / f"k3_{name}.keras")
        model.save_weights(OUT / f"k3_{name}.weights.h5")
    else:
        model.save(OUT / f"k2_{name}.h5")
    print("wrote", prefix, name, keras.__version__)


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        record(keras, name, "k3")
        record(tf_keras, name, "k2")


if __name__ == "__main__":
    main()
