"""Save small Keras model files that use the layers beyond the recurrent ones, and what Keras computes.

For each model below, one Keras 3 ``.keras`` archive (``keras``) and one tf-keras ``.h5`` file
(``tf_keras``, Keras 2's HDF5 format), built by the same code, with random weights:

- ``char``: ``Embedding(mask_zero=True)`` -> stateful ``LSTM(return_sequences=True)`` ->
  ``TimeDistributed(Dense(softmax))``, a padded batch of symbol ids, whole and in chunks.
- ``cnn_lstm``: ``Conv1D`` -> ``BatchNormalization`` (moving statistics not 0/1) ->
  ``MaxPooling1D`` -> ``LSTM`` -> ``LayerNormalization`` -> ``GlobalAveragePooling1D`` -> ``Dense``.
- ``seq2seq``: two inputs; ``Bidirectional(LSTM)`` encoder, ``add`` and ``concatenate`` with the
  second input, ``RepeatVector`` -> ``LSTM`` decoder -> ``TimeDistributed(Dense)``.
- ``regularized``: stateful ``LSTM`` and ``Dense`` with every regularizer and constraint kind,
  whole and in chunks; also the weight penalty Keras's regularizers give and the weights
  Keras's constraints project to.
- ``stacked``: ``Masking`` -> stateful ``RNN([LSTMCell, GRUCell])`` -> ``Activation``/``Dense``,
  ``subtract``/``multiply``/``average``/``maximum``/``minimum``/``Dot``, ``Reshape``,
  ``Flatten``, whole and in chunks.
- ``masked``: functional; ``Embedding(mask_zero=True)`` -> stateful ``Bidirectional(GRU)`` ->
  ``TimeDistributed(Dense)``, ``concatenate`` with the embeddings -> stateful ``LSTM``: the mask
  reaches every layer by Keras's own propagation; whole and in chunks.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/keras_files.py
Writes tests/fixtures/keras_files/{k3_NAME.keras, k2_NAME.h5} and beside each an ``.npz`` with
a JSON ``spec`` and float32/int arrays: ``x`` (or ``x_0, x_1`` for two inputs), ``y`` (the
outputs for the whole ``x``), ``y_chunk_0, ...`` (a stateful model's outputs for consecutive
chunks of ``x``, lengths in ``spec["chunks"]``, after a reset), and for ``regularized``
``penalty`` (sum of the weight regularizers) and ``constrained_0, ...`` (each weight after its
constraint, in the model's weight order).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import tf_keras

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keras_files"
BATCH = 2


def _char(api: Any) -> tuple[Any, dict[str, Any]]:
    model = api.Sequential(
        [
            api.Input(shape=(None,), batch_size=BATCH, dtype="int32"),
            api.layers.Embedding(9, 4, mask_zero=True, name="embed"),
            api.layers.LSTM(6, stateful=True, return_sequences=True, name="lstm"),
            api.layers.TimeDistributed(api.layers.Dense(9, activation="softmax", name="dense"), name="td"),
        ],
        name="char",
    )
    # Padding (0) inside each row, never at a chunk's first step.
    x = np.array([[3, 5, 1, 8, 0, 0], [2, 0, 7, 4, 6, 1]], dtype=np.int32)
    return model, {"x": x, "chunks": [3, 3]}


def _cnn_lstm(api: Any) -> tuple[Any, dict[str, Any]]:
    model = api.Sequential(
        [
            api.Input(shape=(12, 3)),
            api.layers.Conv1D(6, 3, padding="same", activation="relu", name="conv"),
            api.layers.BatchNormalization(name="bn"),
            api.layers.MaxPooling1D(2, name="pool"),
            api.layers.LSTM(5, return_sequences=True, name="lstm"),
            api.layers.LayerNormalization(name="ln"),
            api.layers.GlobalAveragePooling1D(name="gap"),
            api.layers.Dense(2, name="out"),
        ],
        name="cnn_lstm",
    )
    return model, {"x": _uniform((3, 12, 3))}


def _seq2seq(api: Any) -> tuple[Any, dict[str, Any]]:
    kl = api.layers
    encoder_in = api.Input(shape=(5, 3), name="encoder_in")
    aux_in = api.Input(shape=(2,), name="aux_in")
    encoded = kl.Bidirectional(kl.LSTM(3), name="encoder")(encoder_in)
    summed = kl.add([encoded, kl.Dense(6, activation="tanh", name="aux_dense")(aux_in)], name="sum")
    joined = kl.concatenate([summed, aux_in], name="join")
    repeated = kl.RepeatVector(4, name="repeat")(joined)
    decoded = kl.LSTM(5, return_sequences=True, name="decoder")(repeated)
    out = kl.TimeDistributed(kl.Dense(2), name="head")(decoded)
    model = api.Model([encoder_in, aux_in], out, name="seq2seq")
    return model, {"x_0": _uniform((3, 5, 3)), "x_1": _uniform((3, 2))}


def _regularized(api: Any) -> tuple[Any, dict[str, Any]]:
    reg, con = api.regularizers, api.constraints
    lstm = api.layers.LSTM(
        4,
        stateful=True,
        return_sequences=True,
        kernel_regularizer=reg.L2(0.01),
        recurrent_regularizer=reg.L1(0.02),
        bias_regularizer=reg.L1L2(l1=0.01, l2=0.03),
        activity_regularizer=reg.L2(0.001),
        kernel_constraint=con.MaxNorm(0.8),
        recurrent_constraint=con.UnitNorm(),
        bias_constraint=con.NonNeg(),
        name="lstm",
    )
    dense = api.layers.Dense(
        2, kernel_regularizer=reg.L2(0.05), kernel_constraint=con.MinMaxNorm(0.5, 0.9), name="out"
    )
    model = api.Sequential([api.Input(shape=(None, 3), batch_size=BATCH), lstm, dense], name="regularized")
    return model, {"x": _uniform((BATCH, 6, 3)), "chunks": [2, 4]}


def _stacked(api: Any) -> tuple[Any, dict[str, Any]]:
    kl = api.layers
    inputs = api.Input(shape=(None, 3), batch_size=BATCH, name="x")
    masked = kl.Masking(name="mask")(inputs)
    cells = [kl.LSTMCell(4, name="c_lstm"), kl.GRUCell(4, name="c_gru")]
    h = kl.RNN(cells, stateful=True, name="stack")(masked)
    a = kl.Activation("relu", name="act")(h)
    b = kl.Dense(4, name="proj")(h)
    parts = [
        kl.subtract([a, b], name="sub"),
        kl.multiply([a, b], name="mul"),
        kl.average([a, b], name="avg"),
        kl.maximum([a, b], name="max"),
        kl.minimum([a, b], name="min"),
    ]
    flat = kl.Flatten(name="flat")(kl.Reshape((5, 4), name="grid")(kl.concatenate(parts, name="cat")))
    cosine = kl.Dot(axes=1, normalize=True, name="cos")([a, b])
    model = api.Model(inputs, kl.concatenate([flat, cosine], name="out"), name="stacked")
    x = _uniform((BATCH, 5, 3))
    x[1, 1] = 0.0  # masked steps, not at a chunk's first step
    x[0, 4] = 0.0
    return model, {"x": x, "chunks": [3, 2]}


def _masked(api: Any) -> tuple[Any, dict[str, Any]]:
    kl = api.layers
    ids = api.Input(shape=(None,), batch_size=BATCH, dtype="int32", name="ids")
    vectors = kl.Embedding(7, 3, mask_zero=True, name="embed")(ids)
    both = kl.Bidirectional(kl.GRU(3, return_sequences=True, stateful=True), name="bi")(vectors)
    steps = kl.TimeDistributed(kl.Dense(4, activation="tanh"), name="td")(both)
    joined = kl.concatenate([steps, vectors], name="join")
    out = kl.LSTM(2, return_sequences=True, stateful=True, name="lstm")(joined)
    model = api.Model(ids, out, name="masked")
    x = np.array([[1, 4, 6, 0, 2, 3], [5, 0, 0, 2, 6, 1]], dtype=np.int32)
    return model, {"x": x, "chunks": [3, 3]}


MODELS = {
    "char": _char,
    "cnn_lstm": _cnn_lstm,
    "seq2seq": _seq2seq,
    "regularized": _regularized,
    "stacked": _stacked,
    "masked": _masked,
}

_RNG = np.random.default_rng(12)


def _uniform(shape: tuple[int, ...]) -> np.ndarray:
    return _RNG.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def _randomize(model: Any) -> None:
    """Weights not at their initial values (a variance stays positive)."""
    weights = []
    for variable, value in zip(model.weights, model.get_weights()):
        if "variance" in variable.name:
            weights.append(_RNG.uniform(0.5, 1.5, size=value.shape).astype(np.float32))
        else:
            weights.append(_RNG.normal(0.0, 0.5, size=value.shape).astype(np.float32))
    model.set_weights(weights)


def _reset(model: Any) -> None:
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            if isinstance(layer, keras.layers.Layer):
                # Keras 3.15's reset_state fails on a stack of cells (its states nest in lists).
                for variable in keras.tree.flatten(layer.states):
                    variable.assign(np.zeros(variable.shape, dtype=np.float32))
            else:
                layer.reset_states()


def _inputs(data: dict[str, Any], start: int = 0, stop: int | None = None) -> Any:
    if "x" in data:
        return data["x"][:, start:stop]
    return [data["x_0"], data["x_1"]]


def _regularization(model: Any) -> dict[str, np.ndarray]:
    """Keras's weight penalty and its constraints' projections of the weights."""
    lstm, dense = model.get_layer("lstm"), model.get_layer("out")
    cell = lstm.cell
    penalty = (
        cell.kernel_regularizer(cell.kernel)
        + cell.recurrent_regularizer(cell.recurrent_kernel)
        + cell.bias_regularizer(cell.bias)
        + dense.kernel_regularizer(dense.kernel)
    )
    constrained = [
        cell.kernel_constraint(cell.kernel),
        cell.recurrent_constraint(cell.recurrent_kernel),
        cell.bias_constraint(cell.bias),
        dense.kernel_constraint(dense.kernel),
        dense.bias,
    ]
    arrays = {"penalty": np.asarray(penalty, dtype=np.float32)}
    arrays.update({f"constrained_{i}": np.asarray(value) for i, value in enumerate(constrained)})
    return arrays


def record(name: str, api: Any, prefix: str, suffix: str) -> None:
    model, data = MODELS[name](api)
    _randomize(model)
    chunks = data.pop("chunks", None)
    arrays = dict(data)
    arrays["y"] = np.asarray(model(_inputs(data)))
    if chunks:
        _reset(model)
        start = 0
        for index, length in enumerate(chunks):
            arrays[f"y_chunk_{index}"] = np.asarray(model(_inputs(data, start, start + length)))
            start += length
        _reset(model)
    if name == "regularized":
        arrays.update(_regularization(model))
    model.save(OUT / f"{prefix}_{name}{suffix}")
    spec = {"model": name, "chunks": chunks, "keras": api.__version__, "file": f"{prefix}_{name}{suffix}"}
    np.savez_compressed(OUT / f"{prefix}_{name}.npz", spec=json.dumps(spec), **arrays)
    print("wrote", spec["file"])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        record(name, keras, "k3", ".keras")
        record(name, tf_keras, "k2", ".h5")


if __name__ == "__main__":
    main()
