"""Record how tf-keras 2.21 applies a flat ``metrics`` list to a model of several outputs: each
metric to every output, each output with a copy of a metric object (its own state), logged as
``<output>_<metric>`` (Keras 3 reads such a list as one entry per output instead).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/broadcast_metrics.py
Writes tests/fixtures/broadcast_metrics/tf_keras.npz: the data ``x``, ``ya``, ``yb``, the starting
weights ``w<i>`` (drawn here), each fit history entry ``history/<key>`` (two epochs of SGD, two
batches each) and each entry of the evaluate dict ``evaluate/<key>``. The test
(tests/training/test_broadcast_metrics.py) builds the model with this script's `build` and
`compile_model`, statefulrnn given as ``keras`` under tf-keras's rules.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "broadcast_metrics"


def build(keras: ModuleType) -> Any:
    """Two outputs of a GRU over (4, 3) sequences: (2,) and (1,)."""
    inputs = keras.layers.Input(shape=(4, 3))
    hidden = keras.layers.GRU(5)(inputs)
    a = keras.layers.Dense(2, name="a")(hidden)
    b = keras.layers.Dense(1, name="b")(hidden)
    return keras.models.Model(inputs, [a, b])


def compile_model(keras: ModuleType, model: Any) -> None:
    """A flat list of a metric name, a metric object and a stateful metric object (R2Score,
    whose sums each output must keep apart), for both outputs."""
    metrics = ["mae", keras.metrics.RootMeanSquaredError(name="rmse"), keras.metrics.R2Score(name="r2")]
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=["mse", "mse"], metrics=metrics)


def data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {
        "x": rng.normal(size=(8, 4, 3)).astype("float32"),
        "ya": rng.normal(size=(8, 2)).astype("float32"),
        "yb": rng.normal(size=(8, 1)).astype("float32"),
    }


def main() -> None:
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    arrays = data()
    model = build(tf_keras)
    rng = np.random.default_rng(8)
    weights = [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    compile_model(tf_keras, model)
    targets = [arrays["ya"], arrays["yb"]]
    history = model.fit(arrays["x"], targets, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    evaluated = model.evaluate(arrays["x"], targets, batch_size=4, verbose=0, return_dict=True)
    record = dict(arrays)
    record.update({f"w{i}": w for i, w in enumerate(weights)})
    record.update({f"history/{key}": np.asarray(values) for key, values in history.items()})
    record.update({f"evaluate/{key}": np.asarray(value) for key, value in evaluated.items()})
    np.savez_compressed(OUT / "tf_keras.npz", **record)
    print(f"tf-keras {tf_keras.__version__}: {sorted(history)}")


if __name__ == "__main__":
    main()
