"""Record what Keras logs for metrics that layers hold or add, for the tests of statefulrnn's
(tests/training/test_held_metrics.py, which builds the same models):

- tf_keras.npz (tf-keras 2.21): the keras.io endpoint-layer pattern of the tf-keras era, a
  ``LogisticEndpoint`` that ``add_loss``-es a binary cross-entropy and ``add_metric``-s the
  result of calling the ``BinaryAccuracy`` it holds (logged under the metric's own name), and
  an ``Activity`` layer that ``add_metric``-s the mean of its input under "mean_activation";
- keras3.npz (Keras 3.15): the same endpoint as Keras 3's guide would write it, updating the
  ``BinaryAccuracy`` it holds in its call (Keras 3 has no ``add_metric``), with the same
  ``Activity`` layer holding a ``Mean`` it updates.

Each: a two-input model (inputs (3,), targets (10,)), Dense(10) logits, compiled with SGD(0.1)
and no loss; weights and data fixed draws; fit(epochs=2, batch_size=2, validation_split=0.25,
shuffle=False) histories by key, then evaluate(return_dict=True) by key (``evaluate_<key>``).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/held_metrics.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "held_metrics"


def data() -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(3)
    inputs = {
        "inputs": rng.normal(size=(8, 3)).astype("float32"),
        "targets": (rng.random((8, 10)) > 0.5).astype("float32"),
    }
    weights = [rng.normal(size=(3, 10)).astype("float32"), rng.normal(size=(10,)).astype("float32")]
    return inputs, weights


def endpoint_model(keras: Any, tf_keras: bool) -> Any:
    """The two-input endpoint model (``keras``: tf-keras, Keras 3, or statefulrnn as either),
    compiled; its Dense given this script's weights."""

    class Activity(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if not tf_keras:
                self.mean_activation = keras.metrics.Mean(name="mean_activation")

        def call(self, x):
            if tf_keras:
                self.add_metric(keras.backend.mean(x), name="mean_activation")
            else:
                self.mean_activation.update_state(keras.ops.mean(x))
            return x

    class LogisticEndpoint(keras.layers.Layer):
        def __init__(self, name=None):
            super().__init__(name=name)
            self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
            self.accuracy_fn = keras.metrics.BinaryAccuracy()

        def call(self, targets, logits, sample_weights=None):
            self.add_loss(self.loss_fn(targets, logits, sample_weights))
            if tf_keras:  # logged under the metric's own name, as tf-keras logs it
                acc = self.accuracy_fn(targets, logits, sample_weights)
                self.add_metric(acc, name="accuracy")
            else:
                self.accuracy_fn.update_state(targets, logits, sample_weights)
            return keras.activations.softmax(logits)

    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = Activity(name="activity")(keras.layers.Dense(10, name="dense")(inputs))
    model = keras.Model([inputs, targets], LogisticEndpoint(name="predictions")(targets, logits))
    model.get_layer("dense").set_weights(data()[1])
    model.compile(optimizer=keras.optimizers.SGD(0.1))
    return model


def record(keras: Any, tf_keras: bool) -> None:
    model = endpoint_model(keras, tf_keras)
    x, _ = data()
    history = model.fit(x, epochs=2, batch_size=2, validation_split=0.25, shuffle=False, verbose=0)
    evaluated = model.evaluate(x, return_dict=True, verbose=0)
    arrays = {key: np.array(values) for key, values in history.history.items()}
    arrays.update({f"evaluate_{key}": np.array(value) for key, value in evaluated.items()})
    name = "tf_keras" if tf_keras else "keras3"
    np.savez(OUT / f"{name}.npz", **arrays)
    print(name, keras.__version__, sorted(arrays))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["tf_keras"]:
        import tf_keras

        record(tf_keras, True)
        return
    import keras

    record(keras, False)
    # tf-keras in a process of its own: TensorFlow cannot hold both Keras in one
    subprocess.run(
        [sys.executable, __file__, "tf_keras"], check=True, env={**os.environ, "TF_USE_LEGACY_KERAS": "1"}
    )


if __name__ == "__main__":
    main()
