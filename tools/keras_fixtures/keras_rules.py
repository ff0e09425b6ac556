"""Record what tf-keras 2.21 and Keras 3.15 compute where their rules differ and
`statefulrnn.config.set_keras_rules` picks one: the gates of a ``ConvLSTM2D`` left to its
default ``recurrent_activation`` (tf-keras's ``hard_sigmoid``, Keras 3's ``sigmoid``) and an
``LSTM`` given ``recurrent_activation="hard_sigmoid"`` (tf-keras's ``clip(0.2 x + 0.5)``, Keras
3's ``relu6(x + 3) / 6``), and an ``LSTM`` given ``initial_state`` after a masking
``Embedding`` (tf-keras hands it the mask; ``<rules>_initial_state_mask.npz``), as it hands a
program's layer called on two tensors the first one's (``<rules>_first_argument_mask.npz``),
and ``binary_crossentropy`` of outputs it clips (tf-keras's ``log(p + eps)``, Keras 3's
``log(p)``; ``<rules>_binary_crossentropy.npz``).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/keras_rules.py
Writes tests/fixtures/keras_rules/<rules>_<case>.npz (rules: "tf_keras" or "keras3") holding the
input ``x``, the starting weights ``w<i>`` (drawn here) and the layer's output ``y``. The test
(tests/test_keras_rules.py) builds the same layers with this script's `CASES`, statefulrnn given
as ``keras``.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keras_rules"


def conv_lstm_default_gates(keras: ModuleType) -> Any:
    return keras.layers.ConvLSTM2D(2, (2, 2), padding="same", return_sequences=True, name="rules_conv_lstm")


def lstm_hard_sigmoid(keras: ModuleType) -> Any:
    return keras.layers.LSTM(3, recurrent_activation="hard_sigmoid", return_sequences=True, name="rules_lstm")


CASES = {
    "conv_lstm_default_gates": (conv_lstm_default_gates, (2, 3, 4, 4, 1)),
    "lstm_hard_sigmoid": (lstm_hard_sigmoid, (2, 5, 3)),
}


def initial_state_mask_model(keras: ModuleType) -> Any:
    """Padded ids through Embedding(mask_zero=True) into an LSTM given initial_state from two
    Inputs (Hands-On ML 3's translation decoder): tf-keras hands the LSTM the ids' mask, Keras 3
    hands a layer given other tensors none."""
    ids = keras.Input(shape=(None,), dtype="int32")
    h, c = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    embedded = keras.layers.Embedding(5, 3, mask_zero=True)(ids)
    return keras.Model([ids, h, c], keras.layers.LSTM(4)(embedded, initial_state=[h, c]))


def initial_state_mask_inputs() -> list[np.ndarray]:
    rng = np.random.default_rng(5)
    ids = np.array([[2, 0, 0], [1, 3, 0], [4, 2, 1]])  # post-padded
    return [ids, rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(3, 4)).astype("float32")]


def record_initial_state_mask(keras: ModuleType, rules: str) -> None:
    model = initial_state_mask_model(keras)
    rng = np.random.default_rng(6)
    weights = [rng.normal(size=w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    y = np.asarray(model.predict(initial_state_mask_inputs(), verbose=0))
    np.savez_compressed(
        OUT / f"{rules}_initial_state_mask.npz", y=y, **{f"w{i}": w for i, w in enumerate(weights)}
    )


def first_argument_mask_model(keras: ModuleType) -> Any:
    """Padded ids through Embedding(mask_zero=True) into a program's layer called on two tensors,
    ``layer(embedded, other)``, whose call reads ``mask`` (keras.io's tf-keras translation
    Transformer's decoder): tf-keras hands it the first argument's mask, Keras 3 none (it fills
    only ``<argument>_mask`` parameters when a call takes several tensors)."""
    ops = getattr(keras, "ops", keras.backend)  # tf-keras has no ops: its backend has the two

    class Gated(keras.layers.Layer):
        def call(self, inputs: Any, other: Any, mask: Any = None) -> Any:
            if mask is None:
                return inputs + other[:, None, :]
            return inputs * ops.expand_dims(ops.cast(mask, "float32"), -1) + other[:, None, :]

    ids, other = keras.Input(shape=(None,), dtype="int32"), keras.Input(shape=(3,))
    embedded = keras.layers.Embedding(5, 3, mask_zero=True)(ids)
    return keras.Model([ids, other], Gated()(embedded, other))


def first_argument_mask_inputs() -> list[np.ndarray]:
    ids = np.array([[2, 0, 0], [1, 3, 0], [4, 2, 1]])  # post-padded
    return [ids, np.random.default_rng(7).normal(size=(3, 3)).astype("float32")]


def record_first_argument_mask(keras: ModuleType, rules: str) -> None:
    model = first_argument_mask_model(keras)
    weights = [np.random.default_rng(8).normal(size=w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    y = np.asarray(model.predict(first_argument_mask_inputs(), verbose=0))
    arrays = {"y": y, **{f"w{i}": w for i, w in enumerate(weights)}}
    np.savez_compressed(OUT / f"{rules}_first_argument_mask.npz", **arrays)


def binary_crossentropy_inputs() -> tuple[np.ndarray, ...]:
    """Targets and outputs for ``binary_crossentropy``, some outputs beyond ``[eps, 1 - eps]``
    (clipped); a linear ``Dense(1)``'s input and targets, whose outputs fall on both sides."""
    targets = np.array([[1, 0, 1, 0], [0, 1, 1, 0]], "float32")
    outputs = np.array([[-0.5, 1.5, 0.3, 0.7], [1e-9, 0.999, 0.5, 2.0]], "float32")
    x = np.random.default_rng(9).normal(size=(6, 3)).astype("float32")
    return targets, outputs, x, np.array([[1], [0], [1], [0], [1], [1]], "float32")


def linear_output_model(keras: ModuleType) -> Any:
    dense = keras.layers.Dense(1, kernel_initializer="ones", name="linear")
    return keras.Sequential([keras.Input((3,)), dense])


def record_binary_crossentropy(keras: ModuleType, rules: str) -> None:
    """tf-keras takes ``log(p + eps)`` of the clipped outputs, Keras 3 ``log(p)``: the loss
    function's values, and ``evaluate`` of a model compiled with it."""
    targets, outputs, x, y = binary_crossentropy_inputs()
    model = linear_output_model(keras)
    model.compile("sgd", "binary_crossentropy")
    arrays = {
        "values": np.asarray(keras.losses.binary_crossentropy(targets, outputs)),
        "evaluated": np.float32(model.evaluate(x, y, verbose=0)),
    }
    np.savez_compressed(OUT / f"{rules}_binary_crossentropy.npz", **arrays)


def record(keras: ModuleType, rules: str) -> None:
    for case, (build, shape) in CASES.items():
        rng = np.random.default_rng(4)
        x = rng.normal(size=shape).astype("float32") * 2.0  # reaches where the two slopes differ
        layer = build(keras)
        layer(x)
        weights = [rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()]
        layer.set_weights(weights)
        y = np.asarray(layer(x))
        arrays = {"x": x, "y": y, **{f"w{i}": w for i, w in enumerate(weights)}}
        np.savez_compressed(OUT / f"{rules}_{case}.npz", **arrays)


def main() -> None:
    import keras
    import tensorflow as tf
    import tf_keras

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    record(tf_keras, "tf_keras")
    record(keras, "keras3")
    record_initial_state_mask(tf_keras, "tf_keras")
    record_initial_state_mask(keras, "keras3")
    record_first_argument_mask(tf_keras, "tf_keras")
    record_first_argument_mask(keras, "keras3")
    record_binary_crossentropy(tf_keras, "tf_keras")
    record_binary_crossentropy(keras, "keras3")
    print(f"wrote {len(list(OUT.glob('*.npz')))} fixture files to {OUT}")


if __name__ == "__main__":
    main()
