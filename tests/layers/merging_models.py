"""Two functional models with stateful recurrent layers joined by merge and reshaping layers,
written once for both libraries: ``tools/keras_fixtures/merging.py`` builds them with Keras's
``layers`` and ``Model``, ``tests/layers/test_merging.py`` and ``test_reshaping.py`` with
statefulrnn's. Only the module passed in changes, as in a Keras program moved to statefulrnn.
"""

from __future__ import annotations

from typing import Any

BATCH = 2


def two_branch(layers: Any, model_class: Any) -> Any:
    """Two sequences, each through its own stateful RNN, joined by ``concatenate``."""
    in_a = layers.Input(batch_shape=(BATCH, None, 3), name="in_a")
    in_b = layers.Input(batch_shape=(BATCH, None, 2), name="in_b")
    a = layers.LSTM(4, stateful=True, return_sequences=True, name="lstm_a")(in_a)
    b = layers.GRU(3, stateful=True, return_sequences=True, name="gru_b")(in_b)
    merged = layers.concatenate([a, b], name="merged")
    hidden = layers.Dense(3, name="dense")(merged)
    outputs = layers.Activation("softmax", name="probabilities")(hidden)
    return model_class([in_a, in_b], outputs)


def encoder_decoder(layers: Any, model_class: Any) -> Any:
    """The classic sequence-to-sequence autoencoder: an LSTM encoder's last output repeated
    by ``RepeatVector`` as the decoder's input sequence."""
    inputs = layers.Input(batch_shape=(BATCH, None, 3), name="source")
    encoded = layers.LSTM(6, stateful=True, name="encoder")(inputs)
    repeated = layers.RepeatVector(4, name="repeat")(encoded)
    decoded = layers.LSTM(5, stateful=True, return_sequences=True, name="decoder")(repeated)
    outputs = layers.TimeDistributed(layers.Dense(2), name="readout")(decoded)
    return model_class(inputs, outputs)


def masked_merge(layers: Any, model_class: Any) -> Any:
    """Padded steps (all-zero features) masked by ``Masking``; the mask flows through two
    branches into ``maximum`` and ``multiply`` (which use it), ``concatenate`` (which joins
    it) and a stateful GRU (which skips the masked steps)."""
    inputs = layers.Input(batch_shape=(BATCH, None, 3), name="padded")
    masked = layers.Masking(0.0, name="masking")(inputs)
    a = layers.LSTM(4, stateful=True, return_sequences=True, name="lstm")(masked)
    b = layers.Dense(4, name="projection")(masked)
    peak = layers.maximum([a, b], name="peak")
    product = layers.multiply([a, b], name="product")
    joined = layers.concatenate([peak, product], name="joined")
    outputs = layers.GRU(3, stateful=True, return_sequences=True, name="gru")(joined)
    return model_class(inputs, outputs)


MODELS = {"two_branch": two_branch, "encoder_decoder": encoder_decoder, "masked_merge": masked_merge}
# Steps (row, time) of the models' inputs set to zero: padding, for the model with Masking.
PADDED_STEPS = {"masked_merge": [(0, 2), (1, 4), (1, 5)]}
