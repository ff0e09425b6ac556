"""Record Keras's masks on a functional model's symbolic tensors (``x._keras_mask``, keras.io's
"Understanding masking & padding" guide) and tf-keras's ``get_shape()``, for
tests/models/test_symbolic_masks.py, which runs the same functions with statefulrnn as ``keras``.

Keras 3 (torch backend): the shape and dtype of the symbolic mask after each kind of layer
(absent where Keras gives none), and the outputs of models that hand the mask on by hand
(``layers.LSTM(2)(x, mask=x._keras_mask)``, a program's layer's ``call(inputs, mask=None)``) or
compute with it (``ops.cast(mask, "float32")`` as an output). tf-keras 2.21: what
``get_shape()`` of a functional tensor gives (``as_list()``, an axis, a slice, ``len``,
equality with a list and a tuple).

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/symbolic_masks.py``.
Writes tests/fixtures/symbolic_masks/recorded.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from _recording import tf_keras_half

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "symbolic_masks" / "recorded.json"
IDS = np.array([[1, 2, 0, 0], [3, 1, 2, 4], [5, 0, 0, 0]])


def _weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Fixed weights of these shapes, small and distinct (no initializer's randomness)."""
    return [np.sin(np.arange(np.prod(shape), dtype=np.float32) + 1.0).reshape(shape) / 2 for shape in shapes]


def _spec(tensor: Any) -> Any:
    """The shape and dtype of ``tensor``'s symbolic mask, None where it has none."""
    mask = getattr(tensor, "_keras_mask", None)
    return None if mask is None else [list(mask.shape), str(mask.dtype)]


def _predicted(keras: ModuleType, model: Any, x: Any) -> Any:
    model.set_weights(_weights([tuple(w.shape) for w in model.get_weights()]))
    outputs = model.predict(x, verbose=0)
    return (
        [np.asarray(o).tolist() for o in outputs]
        if isinstance(outputs, list)
        else np.asarray(outputs).tolist()
    )


def mask_specs(keras: ModuleType) -> dict[str, Any]:
    """The symbolic mask after each kind of layer, from an Embedding(mask_zero=True)."""
    layers = keras.layers
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(10, 4, mask_zero=True)(inputs)
    sequences, state_h, _ = layers.LSTM(3, return_sequences=True, return_state=True)(x)
    return {
        "embedding": _spec(x),
        "dense": _spec(layers.Dense(3)(x)),
        "lstm_sequences": _spec(sequences),
        "lstm_state": _spec(state_h),
        "lstm_last": _spec(layers.LSTM(3)(x)),
        "bidirectional": _spec(layers.Bidirectional(layers.GRU(2, return_sequences=True))(x)),
        "time_distributed": _spec(layers.TimeDistributed(layers.Dense(2))(x)),
        "concatenate": _spec(layers.Concatenate()([x, sequences])),
        "concatenate_time": _spec(layers.Concatenate(axis=1)([x, x])),
        "add": _spec(layers.Add()([x, x])),
        "pooled": _spec(layers.GlobalAveragePooling1D()(x)),
        "flatten": _spec(layers.Flatten()(layers.Embedding(10, 4, mask_zero=True)(keras.Input((5,))))),
        "operator": _spec(x + 1.0),
        "masking": _spec(layers.Masking()(keras.Input((5, 3)))),
        "fixed_length": _spec(layers.Embedding(10, 4, mask_zero=True)(keras.Input((6,)))),
        "batch_shape": _spec(layers.Embedding(10, 4, mask_zero=True)(keras.Input(batch_shape=(2, 6)))),
        "mask_as_float": [list(keras.ops.cast(x._keras_mask, "float32").shape)],
    }


def explicit_lstm(keras: ModuleType) -> dict[str, Any]:
    """The guide's ``layers.LSTM(32)(x, mask=x._keras_mask)``, small: the mask handed on by hand."""
    layers = keras.layers
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(6, 3, mask_zero=True)(inputs)
    outputs = layers.Dense(1)(layers.LSTM(2)(x, mask=x._keras_mask))
    return {"outputs": _predicted(keras, keras.Model(inputs, outputs), IDS)}


def custom_consumer(keras: ModuleType) -> dict[str, Any]:
    """A program's layer that takes ``mask=`` (a masked mean over time), given the mask by hand
    after a Dense, with the mask as a float second output."""
    layers, ops = keras.layers, keras.ops

    class MaskedMean(layers.Layer):
        def call(self, inputs: Any, mask: Any = None) -> Any:
            weights = ops.expand_dims(ops.cast(mask, "float32"), -1)
            return ops.sum(inputs * weights, axis=1) / ops.sum(weights, axis=1)

    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Dense(2)(layers.Embedding(6, 3, mask_zero=True)(inputs))
    outputs = [MaskedMean()(x, mask=x._keras_mask), ops.cast(x._keras_mask, "float32")]
    return {"outputs": _predicted(keras, keras.Model(inputs, outputs), IDS)}


def masked_frames(keras: ModuleType) -> dict[str, Any]:
    """Masking(0.0) on float frames padded with zeros; the mask through a GRU by hand, and as a
    float output."""
    layers, ops = keras.layers, keras.ops
    frames = np.sin(np.arange(3 * 4 * 2, dtype=np.float32)).reshape(3, 4, 2)
    frames[0, 2:] = 0.0
    frames[2, 1:] = 0.0
    inputs = keras.Input(shape=(4, 2))
    x = layers.Masking(0.0)(inputs)
    outputs = [layers.GRU(2)(x, mask=x._keras_mask), ops.cast(x._keras_mask, "float32")]
    return {"outputs": _predicted(keras, keras.Model(inputs, outputs), frames)}


def merged(keras: ModuleType) -> dict[str, Any]:
    """Two masked Embeddings concatenated on features: the joined mask, by hand, into a GRU."""
    layers, ops = keras.layers, keras.ops
    first, second = keras.Input(shape=(None,), dtype="int32"), keras.Input(shape=(None,), dtype="int32")
    joined = layers.Concatenate()(
        [layers.Embedding(6, 2, mask_zero=True)(first), layers.Embedding(6, 3, mask_zero=True)(second)]
    )
    outputs = [layers.GRU(2)(joined, mask=joined._keras_mask), ops.cast(joined._keras_mask, "float32")]
    model = keras.Model([first, second], outputs)
    return {"outputs": _predicted(keras, model, [IDS, IDS[:, ::-1].copy()])}


def get_shape(keras: ModuleType) -> dict[str, Any]:
    """What a tf-keras program reads from a functional tensor's ``get_shape()``."""
    x = keras.layers.Dense(16)(keras.Input(shape=(None, 8)))
    shape = x.get_shape()
    return {
        "as_list": shape.as_list(),
        "last": int(shape[-1]),
        "second": shape[1],
        "tail": list(shape[1:]),
        "length": len(shape),
        "iterated": list(shape),
        "equals_list": shape == [None, None, 16],
        "equals_tuple": shape == (None, None, 16),
        "differs": shape == [None, None, 8],
        "rank": shape.rank,
        "printed": str(shape),
    }


KERAS3_CASES = (mask_specs, explicit_lstm, custom_consumer, masked_frames, merged)


def main() -> None:
    if sys.argv[1:] == ["tf_keras"]:  # a process of its own: tf-keras and Keras 3 apart
        import tf_keras

        print(json.dumps(get_shape(tf_keras)))
        return
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    cases = {case.__name__: case(keras) for case in KERAS3_CASES}
    cases["get_shape"] = tf_keras_half(__file__)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(json.dumps(cases)[:600])


if __name__ == "__main__":
    main()
