"""Record how Keras 3 trains a model on losses that layers ``add_loss`` with one value per
sample (keras.io's captcha OCR and handwriting recognition: a CTC "endpoint" layer adds a
``(batch, 1)`` tensor): ``compute_loss`` adds each of ``model.losses`` by its sum
(``Trainer._aggregate_additional_loss``), so the training loss and its gradient are the
per-sample values' sum, not their mean; an integer ``add_loss`` counts in ``floatx``.

tf-keras trains on the same sum (the gradient of its non-scalar total loss), but its loss
tracker averages the total's entries, so it reports the per-sample values' mean: the
``endpoint_tf_keras`` case, recorded with tf-keras 2.21 (`TF_KERAS_CASES`), is the truth for
statefulrnn under ``config.set_keras_rules("tf_keras")``.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU, and tf-keras 2.21):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/added_losses.py
Writes tests/fixtures/added_losses/<case>.npz for each of `CASES` (built by the test with this
script's builders, statefulrnn given as ``keras``): ``x``, ``y``, ``w<i>`` (the starting
weights, drawn here), ``history_<key>`` (``fit``: 2 epochs, batch 4 of 10 rows so the last batch
has 2, SGD 0.05, no shuffling, validation on the last 4 rows: the endpoint model's
as a dict of inputs alone, as the OCR examples pass it), ``evaluate`` and ``after<i>``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "added_losses"


def endpoint_class(keras: Any, functions: Any = None) -> type:
    """keras.io's endpoint pattern: ``call(y_true, y_pred)`` adds a per-sample loss of shape
    ``(batch, 1)`` (a squared error here) and returns the predictions; written with
    ``keras.ops``, or with ``functions`` in its place (tf-keras's ``keras.backend``, as tf-keras
    programs write it: tf-keras has no ``keras.ops``)."""
    ops = functions or keras.ops

    class Endpoint(keras.layers.Layer):
        def call(self, y_true, y_pred):
            self.add_loss(ops.sum(ops.square(y_true - y_pred), axis=-1, keepdims=True))
            return y_pred

    return Endpoint


def counter_class(keras: Any) -> type:
    """A layer adding an integer loss: the count of its positive inputs (no gradient)."""
    ops = keras.ops

    class Counter(keras.layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(ops.cast(x > 0, "int32")))
            return x

    return Counter


def endpoint_model(keras: Any, endpoint: Any = endpoint_class) -> Any:
    """Two inputs (features, targets), a GRU over the features, its Dense output handed to the
    endpoint with the targets; compiled without a loss, as keras.io's OCR models."""
    layers = keras.layers
    features = layers.Input((5, 3), name="features")
    targets = layers.Input((2,), name="targets")
    hidden = layers.GRU(4, name="gru")(features)
    output = layers.Dense(2, name="dense")(hidden)
    output = endpoint(keras)(name="endpoint")(targets, output)
    model = keras.Model([features, targets], output)
    model.compile(optimizer=keras.optimizers.SGD(0.05))
    return model


def tf_keras_endpoint_model(keras: Any) -> Any:
    """`endpoint_model` with the endpoint of tf-keras's backend functions."""
    return endpoint_model(keras, lambda module: endpoint_class(module, module.backend))


def with_compiled_loss(keras: Any) -> Any:
    """A compiled "mse" plus a per-sample added loss (batch, 2) and an integer added loss."""
    layers = keras.layers
    features = layers.Input((3,), name="features")
    hidden = layers.Dense(2, name="dense")(features)
    hidden = counter_class(keras)(name="counter")(hidden)
    ops = keras.ops

    class PerSample(keras.layers.Layer):
        def call(self, x):
            self.add_loss(0.1 * ops.abs(x))
            return x

    output = PerSample(name="per_sample")(hidden)
    model = keras.Model(features, output)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    return model


CASES = {"endpoint": endpoint_model, "compiled_loss": with_compiled_loss}
TF_KERAS_CASES = {"endpoint_tf_keras": tf_keras_endpoint_model}  # recorded with tf-keras


def data(case: str) -> tuple[Any, Any]:
    """The inputs and targets ``fit`` takes for ``case`` (the endpoint model's targets are its
    second input, and ``fit`` gets no y)."""
    rng = np.random.default_rng(0)
    if case.startswith("endpoint"):
        x = {"features": rng.normal(size=(10, 5, 3)), "targets": rng.normal(size=(10, 2))}
        return {k: v.astype("float32") for k, v in x.items()}, None
    return rng.normal(size=(10, 3)).astype("float32"), rng.normal(size=(10, 2)).astype("float32")


def first(x: Any, rows: slice) -> Any:
    return {k: v[rows] for k, v in x.items()} if isinstance(x, dict) else x[rows]


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    cases = [(case, build, keras) for case, build in CASES.items()]
    cases += [(case, build, tf_keras) for case, build in TF_KERAS_CASES.items()]
    for case, build, module in cases:
        model = build(module)
        rng = np.random.default_rng(1)
        start = [(rng.normal(size=w.shape) * 0.5).astype("float32") for w in model.get_weights()]
        model.set_weights(start)
        x, y = data(case)
        validation = first(x, slice(6, None)) if y is None else (x[6:], y[6:])
        history = model.fit(
            x, y, batch_size=4, epochs=2, shuffle=False, validation_data=validation, verbose=0
        )
        arrays: dict[str, Any] = {f"w{i}": w for i, w in enumerate(start)}
        arrays.update({f"history_{k}": np.array(v) for k, v in history.history.items()})
        arrays["evaluate"] = np.array(model.evaluate(x, y, batch_size=4, verbose=0))
        arrays.update({f"after{i}": w for i, w in enumerate(model.get_weights())})
        np.savez(OUT / f"{case}.npz", **arrays)
        print(case, {k: v for k, v in arrays.items() if k.startswith(("history", "evaluate"))})


if __name__ == "__main__":
    main()
