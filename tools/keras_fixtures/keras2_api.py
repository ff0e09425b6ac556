"""Record what real Keras 3 computes for the loss and metric functions, the utils and a custom loop.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/keras2_api.py
Writes tests/fixtures/keras2_api/:

- ``functions.npz``: the inputs ``data/<name>`` and, for each case ``<k>``, Keras's result
  ``<k>/out`` of ``keras.losses.<fn>`` or ``keras.metrics.<fn>``; the JSON ``spec`` lists the
  cases (module, function, the names of ``y_true`` and ``y_pred`` among the inputs, keyword
  arguments, and ``"softmax": true`` where ``y_pred`` holds
  logits that go through ``keras.activations.softmax`` first, as a model's output would).
- ``utils.npz``: ``to_categorical`` and ``pad_sequences`` results (``<k>/out``) for the
  arguments in ``spec``.
- ``custom_loop.npz``: a stateless LSTM(3) -> Dense(2) model trained two steps by a Keras 3
  custom loop (``tf.GradientTape``, then ``optimizer.apply_gradients(zip(grads,
  model.trainable_variables))``), per optimizer: the data, the initial weights ``init/<i>``,
  each step's loss ``<case>/loss`` and the final weights ``<case>/final/<i>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
import tensorflow as tf

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keras2_api"
N, C = 4, 3


def _data(rng: np.random.Generator) -> dict[str, np.ndarray]:
    onehot = np.eye(C, dtype=np.float32)[rng.integers(0, C, size=N)]
    probs = rng.dirichlet(np.ones(C), size=N).astype(np.float32)
    probs[0] = [1.0, 0.0, 0.0]  # a saturated row: the clipping matters
    return {
        "reg_t": rng.normal(size=(N, C)).astype(np.float32),
        "reg_p": rng.normal(size=(N, C)).astype(np.float32),
        "pos_t": rng.uniform(0.0, 3.0, size=(N, C)).astype(np.float32),
        "pos_p": rng.uniform(0.01, 3.0, size=(N, C)).astype(np.float32),
        "col_t": rng.normal(size=(N,)).astype(np.float32),
        "col_p": rng.normal(size=(N, 1)).astype(np.float32),
        "onehot": onehot,
        "labels": onehot.argmax(-1).astype(np.int64),
        "labels_col": onehot.argmax(-1)[:, None].astype(np.int64),
        "probs": probs,
        "logits": (rng.normal(size=(N, C)) * 4).astype(np.float32),
        "big_logits": np.array([[30, -30, 0], [0, 40, -40], [1, 2, 3], [-50, 50, 0]], np.float32),
        "bin_t": rng.integers(0, 2, size=(N, C)).astype(np.float32),
        "bin_p": rng.uniform(0.0, 1.0, size=(N, C)).astype(np.float32),
        "pm1_t": (rng.integers(0, 2, size=(N, C)) * 2 - 1).astype(np.float32),
        "seq_onehot": np.eye(C, dtype=np.float32)[rng.integers(0, C, size=(N, 2))].transpose(0, 2, 1),
        "seq_logits": rng.normal(size=(N, C, 2)).astype(np.float32),
        "ignore_labels": np.array([0, 2, -1, 1], np.int64),
    }


def _function_cases() -> list[dict[str, Any]]:
    def case(module: str, fn: str, t: str, p: str, **kwargs: Any) -> dict[str, Any]:
        softmax = kwargs.pop("softmax", False)
        return {"module": module, "fn": fn, "y_true": t, "y_pred": p, "kwargs": kwargs, "softmax": softmax}

    losses = [
        case("losses", "mean_squared_error", "reg_t", "reg_p"),
        case("losses", "mean_squared_error", "col_t", "col_p"),
        case("losses", "mean_absolute_error", "reg_t", "reg_p"),
        case("losses", "mean_absolute_percentage_error", "reg_t", "reg_p"),
        case("losses", "mean_squared_logarithmic_error", "pos_t", "reg_p"),
        case("losses", "cosine_similarity", "reg_t", "reg_p"),
        case("losses", "cosine_similarity", "seq_onehot", "seq_logits", axis=1),
        case("losses", "huber", "reg_t", "reg_p"),
        case("losses", "huber", "reg_t", "reg_p", delta=0.3),
        case("losses", "log_cosh", "reg_t", "reg_p"),
        case("losses", "hinge", "bin_t", "reg_p"),
        case("losses", "hinge", "pm1_t", "reg_p"),
        case("losses", "squared_hinge", "bin_t", "reg_p"),
        case("losses", "categorical_hinge", "onehot", "reg_p"),
        case("losses", "kl_divergence", "probs", "bin_p"),
        case("losses", "poisson", "pos_t", "pos_p"),
        case("losses", "categorical_crossentropy", "onehot", "probs"),
        case("losses", "categorical_crossentropy", "onehot", "logits", from_logits=True),
        case("losses", "categorical_crossentropy", "onehot", "probs", label_smoothing=0.2),
        case("losses", "categorical_crossentropy", "onehot", "big_logits", softmax=True),
        case("losses", "categorical_crossentropy", "seq_onehot", "seq_logits", from_logits=True, axis=1),
        case("losses", "sparse_categorical_crossentropy", "labels", "probs"),
        case("losses", "sparse_categorical_crossentropy", "labels_col", "probs"),
        case("losses", "sparse_categorical_crossentropy", "labels", "logits", from_logits=True),
        case("losses", "sparse_categorical_crossentropy", "labels", "big_logits", softmax=True),
        case(
            "losses",
            "sparse_categorical_crossentropy",
            "ignore_labels",
            "logits",
            from_logits=True,
            ignore_class=-1,
        ),
        case("losses", "binary_crossentropy", "bin_t", "bin_p"),
        case("losses", "binary_crossentropy", "bin_t", "logits", from_logits=True),
        case("losses", "binary_crossentropy", "bin_t", "bin_p", label_smoothing=0.1),
    ]
    metrics = [
        case("metrics", "categorical_accuracy", "onehot", "probs"),
        case("metrics", "sparse_categorical_accuracy", "labels", "probs"),
        case("metrics", "sparse_categorical_accuracy", "labels_col", "logits"),
        case("metrics", "binary_accuracy", "bin_t", "bin_p"),
        case("metrics", "binary_accuracy", "bin_t", "bin_p", threshold=0.7),
        case("metrics", "binary_accuracy", "col_t", "col_p"),
        case("metrics", "top_k_categorical_accuracy", "onehot", "logits", k=2),
        case("metrics", "sparse_top_k_categorical_accuracy", "labels", "logits", k=2),
        case("metrics", "mean_squared_error", "reg_t", "reg_p"),
        case("metrics", "kl_divergence", "probs", "bin_p"),
    ]
    return losses + metrics


def functions() -> None:
    data = _data(np.random.default_rng(12))
    cases = _function_cases()
    arrays = {f"data/{name}": value for name, value in data.items()}
    for index, spec in enumerate(cases):
        fn = getattr(getattr(keras, spec["module"]), spec["fn"])
        y_true, y_pred = data[spec["y_true"]], data[spec["y_pred"]]
        prediction = keras.activations.softmax(tf.constant(y_pred)) if spec["softmax"] else y_pred
        arrays[f"{index}/out"] = np.asarray(fn(y_true, prediction, **spec["kwargs"]))
    np.savez_compressed(OUT / "functions.npz", spec=json.dumps(cases), **arrays)


def utils() -> None:
    cases: list[dict[str, Any]] = [
        {"fn": "to_categorical", "args": [[0, 2, 1, 2]], "kwargs": {}},
        {"fn": "to_categorical", "args": [[[1], [0], [3]]], "kwargs": {"num_classes": 5}},
        {"fn": "to_categorical", "args": [[[0, 1], [2, 2]]], "kwargs": {"num_classes": 3}},
        {"fn": "to_categorical", "args": [[0, -1]], "kwargs": {"num_classes": 3}},
        {"fn": "pad_sequences", "args": [[[1, 2, 3], [4], []]], "kwargs": {}},
        {"fn": "pad_sequences", "args": [[[1, 2, 3], [4], [5, 6]]], "kwargs": {"maxlen": 2}},
        {
            "fn": "pad_sequences",
            "args": [[[1, 2, 3], [4], [5, 6]]],
            "kwargs": {"maxlen": 4, "padding": "post", "truncating": "post", "value": -1},
        },
        {"fn": "pad_sequences", "args": [[[1.5, 2.5], [3.25]]], "kwargs": {"dtype": "float32", "value": 0.5}},
        {"fn": "pad_sequences", "args": [[[[1, 2]], [[3, 4], [5, 6]]]], "kwargs": {"padding": "post"}},
        {"fn": "pad_sequences", "args": [[[1, 2, 3], [4]]], "kwargs": {"maxlen": 2, "truncating": "post"}},
    ]
    arrays = {}
    for index, spec in enumerate(cases):
        arrays[f"{index}/out"] = np.asarray(getattr(keras.utils, spec["fn"])(*spec["args"], **spec["kwargs"]))
    np.savez_compressed(OUT / "utils.npz", spec=json.dumps(cases), **arrays)


LOOP_OPTIMIZERS = {
    "sgd": ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    "adam": ("Adam", {"learning_rate": 0.01}),
}
LOOP_LOSSES = {"sgd": "mean_squared_error", "adam": "sparse_categorical_crossentropy"}


def custom_loop() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 5, 2)).astype(np.float32)
    y_value = rng.normal(size=(4, 2)).astype(np.float32)
    y_label = rng.integers(0, 2, size=(4,)).astype(np.int64)
    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [keras.Input(batch_shape=(4, 5, 2)), keras.layers.LSTM(3), keras.layers.Dense(2)]
    )
    init = [w.copy() for w in model.get_weights()]
    arrays: dict[str, np.ndarray] = {"x": x, "y_value": y_value, "y_label": y_label}
    arrays.update({f"init/{i}": w for i, w in enumerate(init)})
    for case, (class_name, config) in LOOP_OPTIMIZERS.items():
        model.set_weights(init)
        optimizer = getattr(keras.optimizers, class_name)(**config)
        loss_fn = getattr(keras.losses, LOOP_LOSSES[case])
        kwargs = {"from_logits": True} if case == "adam" else {}
        y = y_label if case == "adam" else y_value
        losses = []
        for _ in range(2):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(loss_fn(y, model(x, training=True), **kwargs))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            losses.append(float(loss))
        arrays[f"{case}/loss"] = np.array(losses, np.float32)
        arrays.update({f"{case}/final/{i}": w for i, w in enumerate(model.get_weights())})
    spec = {
        "optimizers": LOOP_OPTIMIZERS,
        "losses": LOOP_LOSSES,
        "model": "LSTM(3) -> Dense(2), batch (4, 5, 2)",
    }
    np.savez_compressed(OUT / "custom_loop.npz", spec=json.dumps(spec), **arrays)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    functions()
    utils()
    custom_loop()
    print(f"wrote {sorted(p.name for p in OUT.glob('*.npz'))}")
