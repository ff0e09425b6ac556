"""Record Keras 3 training a GRU classifier with metrics written by subclassing
``keras.metrics.Metric`` (variables, ``update_state`` with ``keras.ops``, ``result``, sample
weights, a ``reset_state`` of its own), and the ``Mean`` and ``Sum`` trackers on their own.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/custom_metric.py
Writes tests/fixtures/custom_metric/values.npz: the data ``x``, ``y``, ``sample_weight``,
``x_test``, ``y_test``; the model's starting weights ``w<i>``; a JSON ``history`` (``fit`` with
``validation_data``, 2 epochs, batches of 8, no shuffling), a JSON ``evaluated`` (``evaluate``
with ``return_dict=True``); the weights after ``after<i>``; and ``trackers``: `trackers`'
results. The test builds the same model and metrics with `program` given statefulrnn for
``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_metric"


def program(keras: Any, snapshot: bool = True) -> Any:
    """A GRU classifier compiled with two metrics of its own, and one of them weighted by the
    sample weights (``keras``: Keras 3, or statefulrnn imported as keras).

    ``snapshot``: `TruePositives.result` returns a new tensor of its variable's value.
    Returning the variable itself (as Keras's own guide writes it) makes Keras 3.15's ``fit``
    log the variable, which validation then resets and refills: the training log shows the
    validation count. statefulrnn reads each result when it logs it.
    """
    ops = keras.ops

    class TruePositives(keras.metrics.Metric):
        """Weighted count of predictions over 0.45 whose target is 1."""

        def __init__(self, name: str = "true_positives", **kwargs: Any) -> None:
            super().__init__(name=name, **kwargs)
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

        def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
            hits = ops.logical_and(ops.cast(y_true, "bool"), ops.greater(y_pred, 0.45))
            values = ops.cast(hits, self.dtype)
            if sample_weight is not None:
                weight = ops.reshape(ops.cast(sample_weight, self.dtype), (-1, 1))
                values = ops.multiply(values, ops.broadcast_to(weight, ops.shape(values)))
            self.count.assign_add(ops.sum(values))

        def result(self) -> Any:
            return ops.add(self.count, 0.0) if snapshot else self.count

    class WorstError(keras.metrics.Metric):
        """The largest absolute error seen, and the mean one: a two-variable metric that
        starts from its own values (a reset_state of its own)."""

        def __init__(self, name: str = "worst_error", **kwargs: Any) -> None:
            super().__init__(name=name, **kwargs)
            self.worst = self.add_weight(name="worst", shape=(), initializer="zeros")
            self.total = self.add_variable(shape=(2,), initializer="zeros", name="total")

        def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
            error = ops.abs(ops.subtract(ops.cast(y_true, self.dtype), y_pred))
            self.worst.assign(ops.maximum(self.worst, ops.max(error)))
            self.total.assign_add(ops.stack([ops.sum(error), ops.cast(ops.size(error), self.dtype)]))

        def result(self) -> Any:
            return self.worst + self.total[0] / ops.maximum(self.total[1], 1.0)

        def reset_state(self) -> None:
            self.worst.assign(0.0)
            self.total.assign(ops.zeros((2,)))

    model = keras.Sequential(
        [keras.Input((6, 2)), keras.layers.GRU(4), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.5),
        loss="binary_crossentropy",
        metrics=[TruePositives(), WorstError()],
        weighted_metrics=[TruePositives(name="weighted_true_positives")],
    )
    return model


def trackers(keras: Any) -> list[float]:
    """``Mean`` and ``Sum`` on their own: weighted, called, reset."""
    mean, total = keras.metrics.Mean(name="loss"), keras.metrics.Sum()
    mean.update_state([1.0, 3.0])
    mean.update_state(5.0, sample_weight=2.0)
    total.update_state([1.0, 2.0], sample_weight=[3.0, 0.5])
    called = float(total(4.0))
    first = [float(mean.result()), float(total.result()), called]
    mean.reset_state()
    mean.update_state([7.0])
    return [*first, float(mean.result())]


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    model = program(keras)
    start = model.get_weights()
    x = rng.normal(size=(32, 6, 2)).astype(np.float32)
    y = (x[:, :, 0].mean(axis=1, keepdims=True) > 0).astype(np.float32)
    weight = rng.uniform(0.5, 2.0, size=32).astype(np.float32)
    x_test = rng.normal(size=(16, 6, 2)).astype(np.float32)
    y_test = (x_test[:, :, 0].mean(axis=1, keepdims=True) > 0).astype(np.float32)
    history = model.fit(
        x, y, sample_weight=weight, epochs=2, batch_size=8, shuffle=False, verbose=0,
        validation_data=(x_test, y_test),
    )  # fmt: skip
    evaluated = model.evaluate(x_test, y_test, batch_size=8, verbose=0, return_dict=True)
    np.savez_compressed(
        OUT / "values.npz", x=x, y=y, sample_weight=weight, x_test=x_test, y_test=y_test,
        history=json.dumps(history.history), evaluated=json.dumps(evaluated),
        trackers=np.array(trackers(keras)),
        **{f"w{i}": w for i, w in enumerate(start)},
        **{f"after{i}": w for i, w in enumerate(model.get_weights())},
    )  # fmt: skip
    print(f"keras {keras.__version__}: {history.history}, {evaluated}")


if __name__ == "__main__":
    main()
