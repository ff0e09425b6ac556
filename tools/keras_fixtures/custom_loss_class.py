"""Record Keras 3 training a stateless LSTM with a loss class of the program's own
(``class Pinball(keras.losses.Loss)`` with ``call`` in ``keras.ops``), per-sample weights and a
validation set (also with ``reduction="sum"``, which compile trains on the batch's sum), and
that loss called directly with each reduction.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/custom_loss_class.py
Writes tests/fixtures/custom_loss_class/run.npz: ``history`` (JSON), the starting weights
``w<i>``, the final ``after<i>``, the data, and the direct calls ``direct_<reduction>``; the run
with ``reduction="sum"``: ``history_sum`` and ``after_sum<i>``.
`program` is shared with the test, which runs it with statefulrnn as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_loss_class"
REDUCTIONS = ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"]


def data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(11)
    return {
        "x": rng.normal(size=(12, 6, 3)).astype("float32"),
        "y": rng.normal(size=(12, 2)).astype("float32"),
        "sample_weight": rng.uniform(0.2, 2.0, size=12).astype("float32"),
        "x_val": rng.normal(size=(4, 6, 3)).astype("float32"),
        "y_val": rng.normal(size=(4, 2)).astype("float32"),
    }


def program(keras, weights: list[np.ndarray] | None = None, reduction: str = "sum_over_batch_size"):
    """The model and loss (made with ``reduction``), trained; returns (model, history, loss object)."""

    class Pinball(keras.losses.Loss):
        """The quantile (pinball) loss at ``tau``, averaged over the outputs."""

        def __init__(self, tau=0.7, name="pinball", **kwargs):
            super().__init__(name=name, **kwargs)
            self.tau = tau

        def call(self, y_true, y_pred):
            error = y_true - y_pred
            return keras.ops.mean(keras.ops.maximum(self.tau * error, (self.tau - 1.0) * error), axis=-1)

    model = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(5), keras.layers.Dense(2)])
    if weights is not None:
        model.set_weights(weights)
    loss = Pinball(tau=0.7, reduction=reduction)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss=loss, metrics=["mae"])
    d = data()
    history = model.fit(
        d["x"], d["y"], sample_weight=d["sample_weight"], batch_size=4, epochs=3, shuffle=False,
        validation_data=(d["x_val"], d["y_val"]), verbose=0,
    )  # fmt: skip
    return model, history, loss


def direct_calls(keras, loss_class_owner) -> dict[str, np.ndarray]:
    """The loss called on fixed arrays with each reduction (and sample weights)."""
    d = data()
    y_true, y_pred, weight = d["y"][:5], d["y"][5:10] * 0.5, d["sample_weight"][:5]
    losses = {reduction: type(loss_class_owner)(tau=0.3, reduction=reduction) for reduction in REDUCTIONS}
    return {
        f"direct_{name}": np.asarray(loss(y_true, y_pred, sample_weight=weight))
        for name, loss in losses.items()
    }


def main() -> None:
    import keras

    rng = np.random.default_rng(5)
    model, _, _ = program(keras)  # built: its weights' shapes
    weights = [rng.normal(scale=0.4, size=w.shape).astype("float32") for w in model.get_weights()]
    model, history, loss = program(keras, weights)
    arrays = {f"w{i}": w for i, w in enumerate(weights)}
    arrays |= {f"after{i}": w for i, w in enumerate(model.get_weights())}
    arrays |= direct_calls(keras, loss)
    summed, history_sum, _ = program(keras, weights, reduction="sum")
    arrays |= {f"after_sum{i}": w for i, w in enumerate(summed.get_weights())}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(
        OUT / "run.npz", history=json.dumps(history.history), history_sum=json.dumps(history_sum.history),
        **arrays,
    )  # fmt: skip
    print(f"keras {keras.__version__}: {history.history}")


if __name__ == "__main__":
    main()
