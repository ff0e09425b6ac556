"""Record Keras 3 passing masks between layers called eagerly (a subclassed model's call(),
layers chained by hand): an ``Embedding(mask_zero=True)`` or a ``Masking`` makes a mask that
the next recurrent layer honours without being given it, for tests/layers/test_eager_masks.py,
which runs the same functions with statefulrnn as ``keras``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/eager_masks.py``.
Writes tests/fixtures/eager_masks/recorded.json: each case's outputs and the masks the calls
attached to their outputs (``_keras_mask``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "eager_masks" / "recorded.json"
IDS = np.array([[1, 2, 0, 0], [3, 1, 2, 4], [5, 0, 0, 0]])


def _weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Fixed weights of these shapes, small and distinct (no initializer's randomness)."""
    return [np.sin(np.arange(np.prod(shape), dtype=np.float32) + 1.0).reshape(shape) / 2 for shape in shapes]


def _numpy(tensor: Any) -> list:
    value = tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else np.asarray(tensor)
    return np.asarray(value).tolist()


def subclassed(keras: ModuleType) -> dict[str, Any]:
    """A subclassed model whose call() chains Embedding(mask_zero=True) and an LSTM."""
    layers = keras.layers

    class Classifier(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.embedding = layers.Embedding(6, 3, mask_zero=True)
            self.lstm = layers.LSTM(2)
            self.head = layers.Dense(1)

        def call(self, ids: Any) -> Any:
            return self.head(self.lstm(self.embedding(ids)))

    model = Classifier()
    model.predict(IDS, verbose=0)  # builds
    model.set_weights(_weights([tuple(w.shape) for w in model.get_weights()]))
    return {"outputs": np.asarray(model.predict(IDS, verbose=0)).tolist()}


def chained(keras: ModuleType) -> dict[str, Any]:
    """Embedding -> GRU(return_sequences) -> SimpleRNN called one by one on tensors, and the
    masks their outputs carry."""
    layers = keras.layers
    embedding = layers.Embedding(6, 3, mask_zero=True)
    gru = layers.GRU(2, return_sequences=True)
    rnn = layers.SimpleRNN(2)
    ids = keras.ops.convert_to_tensor(IDS)
    embedded = embedding(ids)
    sequences = gru(embedded)
    last = rnn(sequences)
    for layer in (embedding, gru, rnn):
        layer.set_weights(_weights([tuple(w.shape) for w in layer.get_weights()]))
    embedded = embedding(ids)
    sequences = gru(embedded)
    last = rnn(sequences)
    return {
        "embedded_mask": _numpy(embedded._keras_mask), "sequences_mask": _numpy(sequences._keras_mask),
        "sequences": _numpy(sequences), "last": _numpy(last),
        "last_has_mask": getattr(last, "_keras_mask", None) is not None,
    }  # fmt: skip


def masked_features(keras: ModuleType) -> dict[str, Any]:
    """Masking(0.0) on float frames padded with zeros, then an LSTM, called by hand."""
    layers = keras.layers
    frames = np.sin(np.arange(3 * 4 * 2, dtype=np.float32)).reshape(3, 4, 2)
    frames[0, 2:] = 0.0
    frames[2, 1:] = 0.0
    x = keras.ops.convert_to_tensor(frames)
    masking, lstm = layers.Masking(0.0), layers.LSTM(2)
    lstm(masking(x))
    lstm.set_weights(_weights([tuple(w.shape) for w in lstm.get_weights()]))
    masked = masking(x)
    return {"mask": _numpy(masked._keras_mask), "outputs": _numpy(lstm(masked))}


def merged(keras: ModuleType) -> dict[str, Any]:
    """Two Embedding(mask_zero=True) outputs concatenated on features, then a GRU, by hand:
    the merge layer joins their masks."""
    layers = keras.layers
    first, second = layers.Embedding(6, 2, mask_zero=True), layers.Embedding(6, 3, mask_zero=True)
    joined, gru = layers.Concatenate(), layers.GRU(2)
    a, b = keras.ops.convert_to_tensor(IDS), keras.ops.convert_to_tensor(IDS[:, ::-1].copy())
    gru(joined([first(a), second(b)]))
    for layer in (first, second, gru):
        layer.set_weights(_weights([tuple(w.shape) for w in layer.get_weights()]))
    both = joined([first(a), second(b)])
    return {"joined_mask": _numpy(both._keras_mask), "outputs": _numpy(gru(both))}


def with_states(keras: ModuleType) -> dict[str, Any]:
    """An LSTM returning its sequences and states, called by hand on a masked Embedding: its
    sequence output keeps the mask (the states none) into the next GRU."""
    layers = keras.layers
    embedding = layers.Embedding(6, 3, mask_zero=True)
    lstm = layers.LSTM(2, return_sequences=True, return_state=True)
    gru = layers.GRU(2)
    ids = keras.ops.convert_to_tensor(IDS)
    gru(lstm(embedding(ids))[0])
    for layer in (embedding, lstm, gru):
        layer.set_weights(_weights([tuple(w.shape) for w in layer.get_weights()]))
    sequences, h, c = lstm(embedding(ids))
    return {
        "sequences_mask": _numpy(sequences._keras_mask),
        "states_have_masks": [getattr(t, "_keras_mask", None) is not None for t in (h, c)],
        "outputs": _numpy(gru(sequences)),
    }


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    recorded = (subclassed, chained, masked_features, merged, with_states)
    cases = {case.__name__: case(keras) for case in recorded}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(json.dumps(cases)[:600])


if __name__ == "__main__":
    main()
