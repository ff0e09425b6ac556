"""Record what Keras 3 does with a functional model whose outputs are a dict,
``Model(x, {"side": Dense(2, softmax)(h), "price": Dense(1)(h)})`` (keys that are not the
layers' names, given out of sorted order): a call and ``predict`` (a dict by key, in the dict's
order), ``output_names`` (the layers' names, by the keys sorted), ``fit`` with dict ``loss``,
``loss_weights``, ``metrics`` and ``weighted_metrics`` and ``validation_data``, ``evaluate``
(list and dict), ``train_on_batch`` with ``y`` as a list (read by the keys sorted), and a second
``compile`` whose ``loss`` is a list (its outputs' losses then listed in the dict's order).

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/dict_outputs.py
Writes tests/fixtures/dict_outputs/:
- ``run.npz``: ``results`` (JSON: what `program` returns, numbers as lists) and the trained
  model's predictions ``predicted_<key>`` for `data`'s ``x``;
- ``dict_outputs.keras``: the trained model, saved by Keras;
- ``dict_inputs.keras``: `dict_inputs`, a model of dict inputs and outputs, and in ``run.npz``
  its predictions ``dict_inputs_<key>`` for `dict_inputs_x`.
`program` is the model and its calls, shared with the test (tests/models/test_dict_outputs.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "dict_outputs"

# The layers whose weights `program` sets, in this order, from one seeded generator.
LAYERS = ["trunk", "p", "s"]


def data() -> dict[str, np.ndarray]:
    """Sequences (N, T, F) and the two targets: a price (N, 1) and a side (class 0 or 1)."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(12, 4, 3)).astype("float32")
    return {
        "x": x[:8],
        "price": rng.normal(size=(8, 1)).astype("float32"),
        "side": rng.integers(0, 2, size=8).astype("int32"),
        "x_val": x[8:],
        "price_val": rng.normal(size=(4, 1)).astype("float32"),
        "side_val": rng.integers(0, 2, size=4).astype("int32"),
    }


def build(keras) -> Any:
    """The model: a GRU trunk and two heads, returned as a dict whose keys are not sorted."""
    inputs = keras.Input((4, 3), name="x")
    trunk = keras.layers.GRU(5, name="trunk")(inputs)
    outputs = {
        "side": keras.layers.Dense(2, activation="softmax", name="s")(trunk),
        "price": keras.layers.Dense(1, name="p")(trunk),
    }
    model = keras.Model(inputs, outputs)
    rng = np.random.default_rng(17)
    for name in LAYERS:
        layer = model.get_layer(name)
        layer.set_weights(
            [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in layer.get_weights()]
        )
    return model


def dict_inputs(keras) -> Any:
    """A model of dict inputs (keys out of sorted order) and outputs, whose file Keras writes
    with ``input_layers`` and ``output_layers`` as dicts."""
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    joined = keras.layers.Concatenate(name="joined")([a, b])
    outputs = {
        "sum": keras.layers.Dense(1, name="total")(joined),
        "each": keras.layers.Dense(2, name="each")(b),
    }
    model = keras.Model({"b": b, "a": a}, outputs)
    rng = np.random.default_rng(23)
    for name in ("total", "each"):
        layer = model.get_layer(name)
        layer.set_weights([rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()])
    return model


def dict_inputs_x() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(29)
    return {"a": rng.normal(size=(3, 3)).astype("float32"), "b": rng.normal(size=(3, 2)).astype("float32")}


def _arrays(outputs: dict[str, Any], keras) -> dict[str, list[Any]]:
    """A dict of output tensors or arrays as lists of numbers, in the dict's order."""
    return {key: np.asarray(keras.ops.convert_to_numpy(value)).tolist() for key, value in outputs.items()}


def program(keras) -> tuple[Any, dict[str, Any]]:
    """The model, trained, and what each step gave (JSON-ready)."""
    model = build(keras)
    d = data()
    x, y = d["x"], {"price": d["price"], "side": d["side"]}
    results: dict[str, Any] = {"output_names": list(model.output_names)}
    called = model(x)
    results["call_keys"] = list(called)
    results["call"] = _arrays(called, keras)
    predicted = model.predict(x, verbose=0)
    results["predict_keys"] = list(predicted)
    results["predict"] = _arrays(predicted, keras)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.05),
        loss={"price": "mse", "side": "sparse_categorical_crossentropy"},
        loss_weights={"side": 0.5, "price": 2.0},
        metrics={"side": ["accuracy"], "price": ["mae"]},
        weighted_metrics={"price": ["mae"]},
    )
    history = model.fit(
        x, y, batch_size=4, epochs=3, shuffle=False, verbose=0,
        validation_data=(d["x_val"], {"price": d["price_val"], "side": d["side_val"]}),
    )  # fmt: skip
    results["history"] = {key: [float(v) for v in values] for key, values in history.history.items()}
    results["evaluate"] = [float(v) for v in model.evaluate(x, y, verbose=0)]
    results["evaluate_dict"] = {
        k: float(v) for k, v in model.evaluate(x, y, verbose=0, return_dict=True).items()
    }
    # y as a list: one target per output, by the keys sorted (price, side)
    results["train_on_batch"] = [
        float(v) for v in model.train_on_batch(x[:4], [d["price"][:4], d["side"][:4]])
    ]
    results["weights"] = {name: [w.tolist() for w in model.get_layer(name).get_weights()] for name in LAYERS}
    results["predict_trained"] = _arrays(model.predict(x, verbose=0), keras)
    # On a fresh model (Keras 3.15.1's evaluate after a second compile kept the first's metrics):
    # a loss list (by the keys sorted) and no loss dict, so the outputs' losses are listed in the
    # model's dict order (side, then price).
    fresh = build(keras)
    fresh.compile(optimizer="sgd", loss=["mse", "categorical_crossentropy"], loss_weights=[1.0, 0.3])
    one_hot = np.eye(2, dtype="float32")[d["side"]]
    evaluated = fresh.evaluate(x, {"price": d["price"], "side": one_hot}, verbose=0)
    results["evaluate_loss_list"] = [float(v) for v in evaluated]
    return model, results


def main() -> None:
    import keras
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    model, results = program(keras)
    predicted = model.predict(data()["x"], verbose=0)
    model.save(OUT / "dict_outputs.keras")
    both = dict_inputs(keras)
    both.save(OUT / "dict_inputs.keras")
    both_predicted = both.predict(dict_inputs_x(), verbose=0)
    np.savez(
        OUT / "run.npz", results=json.dumps(results),
        **{f"predicted_{k}": v for k, v in predicted.items()},
        **{f"dict_inputs_{k}": v for k, v in both_predicted.items()},
    )  # fmt: skip
    print(f"Keras {keras.__version__}: {sorted(results)}")


if __name__ == "__main__":
    main()
