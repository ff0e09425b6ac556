"""Record a Keras 3 model that takes text (``Input(dtype="string")``), for the tests of
statefulrnn's string inputs: its ``.keras`` file, and what Keras computes with it.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/text_models.py
Writes to tests/fixtures/text_models:

- text_model.keras: inputs ``text`` (shape ``(1,)``), ``doc`` (shape ``()``) and ``tag``
  (strings); ``text`` through an adapted ``TextVectorization`` (ids, 7 a row) ->
  ``Embedding(mask_zero=True)`` -> ``LSTM(3)``, ``doc`` (the same texts) through an adapted
  multi-hot ``TextVectorization`` -> ``Dense(2)``, ``tag`` through a one-hot ``StringLookup``
  of a given vocabulary; all joined -> ``Dense(1, sigmoid)``. Its
  weights are fixed draws, its compile SGD(0.1) with binary cross-entropy and accuracy; saved
  before training (its vocabularies in the file's assets and config);
- record.npz: the data (``texts``, ``tags`` as numpy string arrays, ``labels``), the model's
  predictions as saved (``before``), the history of ``fit(epochs=2, batch_size=3,
  validation_split=0.25, shuffle=False)`` (``loss``, ``accuracy``, ``val_loss``,
  ``val_accuracy``, by epoch), the predictions after it (``after``) and ``evaluate``'s
  ``[loss, accuracy]`` (``evaluated``);
- tf_idf.keras: an adapted ``TextVectorization(output_mode="tf_idf")`` alone, whose IDF
  weights the file keeps as variables named ``idf_weights``, and its outputs for the texts in
  record.npz (``tf_idf``);
- tf_keras_text.keras and tf_keras_text.npz (tf-keras 2.21, in a process of its own): an
  adapted ``TextVectorization(max_tokens=12, output_mode="tf_idf")`` and a ``Dense(1)`` on a
  string ``Input``, as tf-keras writes it (its config names the layer's dtype "string"), and
  the model's outputs for the texts (``predicted``).

SGD, not Adam: Keras 3 on TensorFlow squares an Embedding's gradient per repeated id in Adam's
and RMSprop's second moments (README, "Where we differ from Keras").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "text_models"

TEXTS = [
    "The cat sat on the mat.", "A dog ran far away!", "the dog sat", "Cat ran, cat sat.",
    "my cat is fat", "dogs bark at night", "The mat is red", "a cat and a dog",
    "red dogs, red cats", "night falls on the mat", "the fat dog ran", "is the cat away?",
]  # fmt: skip
TAGS = ["red", "green", "blue", "red", "teal", "green", "blue", "red", "green", "blue", "red", "pink"]
LABELS = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0]


def tf_keras_text() -> None:
    import tf_keras

    texts = np.array(TEXTS, dtype=object)
    vectorize = tf_keras.layers.TextVectorization(max_tokens=12, output_mode="tf_idf")
    vectorize.adapt(texts)
    text = tf_keras.Input(shape=(1,), dtype="string")
    model = tf_keras.Model(text, tf_keras.layers.Dense(1, kernel_initializer="ones")(vectorize(text)))
    model.save(OUT / "tf_keras_text.keras")
    np.savez(OUT / "tf_keras_text.npz", predicted=model.predict(texts, verbose=0))
    print(f"tf_keras {tf_keras.__version__}")


def main() -> None:
    if sys.argv[1:] == ["tf_keras"]:
        tf_keras_text()
        return
    import keras
    from keras import layers

    OUT.mkdir(parents=True, exist_ok=True)
    texts = np.array(TEXTS, dtype=object)  # Keras 3's fit takes object arrays of text
    tags = np.array(TAGS, dtype=object)
    labels = np.array(LABELS, dtype="float32")
    words = layers.TextVectorization(max_tokens=40, output_sequence_length=7, name="words")
    words.adapt(texts)
    bag = layers.TextVectorization(output_mode="multi_hot", name="bag")
    bag.adapt(texts)
    text = keras.Input(shape=(1,), dtype="string", name="text")
    # Its own input of one string a row: Keras 3 gives a multi-hot layer on (None, 1) the
    # symbolic shape (None, 1, V) and the computed (N, V), so a Concatenate could not follow.
    doc = keras.Input(shape=(), dtype="string", name="doc")
    tag = keras.Input(shape=(1,), dtype="string", name="tag")
    embedded = layers.Embedding(40, 4, mask_zero=True, name="embedding")(words(text))
    sequence = layers.LSTM(3, name="lstm")(embedded)
    counted = layers.Dense(2, name="bag_dense")(bag(doc))
    colour = layers.StringLookup(vocabulary=["red", "green", "blue"], output_mode="one_hot", name="colour")(
        tag
    )
    joined = layers.Concatenate(name="joined")([sequence, counted, colour])
    model = keras.Model([text, doc, tag], layers.Dense(1, activation="sigmoid", name="out")(joined))
    rng = np.random.default_rng(7)
    model.set_weights([0.3 * rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    model.compile(keras.optimizers.SGD(0.1), "binary_crossentropy", metrics=["accuracy"])
    model.save(OUT / "text_model.keras")
    x = {"text": texts, "doc": texts, "tag": tags}
    before = model.predict(x, verbose=0)
    history = model.fit(x, labels, epochs=2, batch_size=3, validation_split=0.25, shuffle=False, verbose=0)
    after = model.predict(x, verbose=0)
    evaluated = model.evaluate(x, labels, verbose=0)
    weighted = keras.Sequential(
        [keras.Input(shape=(1,), dtype="string"), layers.TextVectorization(output_mode="tf_idf")]
    )
    weighted.layers[0].adapt(texts)
    weighted.save(OUT / "tf_idf.keras")
    weighted_output = weighted.predict(texts, verbose=0)
    np.savez_compressed(
        OUT / "record.npz",
        texts=np.array(TEXTS),
        tags=np.array(TAGS),
        labels=labels,
        before=before,
        after=after,
        evaluated=np.array(evaluated),
        tf_idf=weighted_output,
        **{key: np.array(values) for key, values in history.history.items()},
    )
    print(f"keras {keras.__version__}: {sorted(history.history)}")
    # tf-keras in a process of its own: TensorFlow cannot hold both Keras in one
    environment = {**os.environ, "TF_USE_LEGACY_KERAS": "1"}
    subprocess.run([sys.executable, __file__, "tf_keras"], check=True, env=environment)


if __name__ == "__main__":
    main()
