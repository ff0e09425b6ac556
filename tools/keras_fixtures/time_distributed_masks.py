"""Record the masks tf-keras 2's ``TimeDistributed`` gives: its inner layer's own mask of the
steps taken as one batch, reshaped back (a ``TimeDistributed(Embedding(mask_zero=True))`` over
character ids masks each character, a ``TimeDistributed(LSTM)`` after it each word that has
one), and what a character-level tagger trained through them computes, for
tests/layers/test_time_distributed_masks.py, which runs the same functions with statefulrnn as
``keras``. (Keras 3's ``TimeDistributed`` passes its incoming mask on and asks its layer nothing:
see README, where Keras 2 and Keras 3 disagree.)

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/time_distributed_masks.py``.
Writes tests/fixtures/time_distributed_masks/recorded.json: each case's outputs and masks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "time_distributed_masks" / "recorded.json"
# Three sentences of four words of up to five characters: padded characters, a padded word.
CHAR_IDS = np.array(
    [
        [[1, 2, 3, 0, 0], [4, 1, 0, 0, 0], [5, 6, 7, 2, 1], [0, 0, 0, 0, 0]],
        [[3, 3, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
        [[7, 0, 0, 0, 0], [2, 4, 6, 0, 0], [1, 1, 1, 1, 0], [6, 5, 0, 0, 0]],
    ]
)
WORD_IDS = np.array([[3, 1, 4, 0], [2, 0, 0, 0], [5, 2, 6, 1]])
TAGS = np.array([[1, 2, 1, 0], [3, 0, 0, 0], [2, 2, 3, 1]])


def _weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Fixed weights of these shapes, small and distinct (no initializer's randomness)."""
    return [np.sin(np.arange(np.prod(shape), dtype=np.float32) + 1.0).reshape(shape) / 2 for shape in shapes]


def _numpy(tensor: Any) -> list:
    value = tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else np.asarray(tensor)
    return np.asarray(value).tolist()


def _set_fixed(*layers_: Any) -> None:
    for layer in layers_:
        layer.set_weights(_weights([tuple(w.shape) for w in layer.get_weights()]))


def characters(keras: ModuleType) -> dict[str, Any]:
    """TimeDistributed(Embedding(mask_zero=True)) then TimeDistributed(LSTM) over character
    ids, called by hand: a mask per character, then per word."""
    layers = keras.layers
    embed = layers.TimeDistributed(layers.Embedding(8, 3, mask_zero=True, name="char_emb"), name="td_emb")
    encode = layers.TimeDistributed(layers.LSTM(2, name="char_lstm"), name="td_lstm")
    encode(embed(CHAR_IDS))
    _set_fixed(embed, encode)
    embedded = embed(CHAR_IDS)
    words = encode(embedded)
    return {
        "embedded_mask": _numpy(embedded._keras_mask), "words_mask": _numpy(words._keras_mask),
        "words": _numpy(words),
    }  # fmt: skip


def frames(keras: ModuleType) -> dict[str, Any]:
    """TimeDistributed(Masking) over zero-padded frames, TimeDistributed(GRU(return_sequences))
    keeping the per-frame mask, then TimeDistributed(SimpleRNN) reducing it per step."""
    layers = keras.layers
    x = np.sin(np.arange(3 * 4 * 5 * 2, dtype=np.float32)).reshape(3, 4, 5, 2)
    x[CHAR_IDS == 0] = 0.0
    masking = layers.TimeDistributed(layers.Masking(0.0, name="masking"), name="td_masking")
    gru = layers.TimeDistributed(layers.GRU(2, return_sequences=True, name="gru"), name="td_gru")
    rnn = layers.TimeDistributed(layers.SimpleRNN(2, name="rnn"), name="td_rnn")
    rnn(gru(masking(x)))
    _set_fixed(gru, rnn)
    masked = masking(x)
    sequences = gru(masked)
    last = rnn(sequences)
    return {
        "masked_mask": _numpy(masked._keras_mask), "sequences_mask": _numpy(sequences._keras_mask),
        "sequences": _numpy(sequences), "last_mask": _numpy(last._keras_mask), "last": _numpy(last),
    }  # fmt: skip


def tagger(keras: ModuleType) -> dict[str, Any]:
    """A character-level tagger (word and character embeddings, the characters' LSTM under
    TimeDistributed, concatenated, a Bidirectional LSTM and a TimeDistributed softmax) trained
    two SGD steps: its loss and accuracy count the real words only."""
    layers = keras.layers
    word_in = layers.Input(shape=(4,), name="word_in")
    emb_word = layers.Embedding(8, 3, mask_zero=True, name="word_emb")(word_in)
    char_in = layers.Input(shape=(4, 5), name="char_in")
    char_emb = layers.Embedding(8, 2, mask_zero=True, name="char_emb")
    emb_char = layers.TimeDistributed(char_emb, name="td_emb")(char_in)
    char_enc = layers.TimeDistributed(layers.LSTM(3, name="char_lstm"), name="td_lstm")(emb_char)
    x = layers.concatenate([emb_word, char_enc], name="joined")
    x = layers.Bidirectional(layers.LSTM(2, return_sequences=True, name="main_lstm"), name="bidi")(x)
    out = layers.TimeDistributed(layers.Dense(4, activation="softmax", name="tags"), name="td_tags")(x)
    model = keras.Model([word_in, char_in], out)
    model.set_weights(_weights([tuple(w.shape) for w in model.get_weights()]))
    sgd = keras.optimizers.SGD(0.5)
    model.compile(optimizer=sgd, loss="sparse_categorical_crossentropy", metrics=["acc"])
    targets = TAGS[..., None]
    history = model.fit([WORD_IDS, CHAR_IDS], targets, batch_size=3, epochs=2, shuffle=False, verbose=0)
    return {
        "loss": history.history["loss"], "acc": history.history["acc"],
        "predicted": _numpy(model.predict([WORD_IDS, CHAR_IDS], verbose=0)),
    }  # fmt: skip


def main() -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf
    import tf_keras

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    cases = {case.__name__: case(tf_keras) for case in (characters, frames, tagger)}
    cases["version"] = tf_keras.__version__
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(json.dumps(cases)[:600])


if __name__ == "__main__":
    main()
