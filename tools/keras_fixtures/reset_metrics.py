"""Record tf-keras 2.21's ``train_on_batch`` / ``test_on_batch`` with ``reset_metrics``: which
calls' batches the returned loss and metrics average over (``reset_metrics=False`` goes on from
the calls before, training and testing calls sharing the metrics; ``True`` starts afresh before
the batch; ``model.reset_metrics()`` starts afresh).

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/reset_metrics.py
Writes tests/fixtures/reset_metrics/calls.npz: ``calls`` (JSON: `CALLS`, each ``[method, target,
reset_metrics]`` or ``["reset_metrics"]``) and ``results`` (each call's ``[loss, mae]``, NaN for
``reset_metrics()``). `program` is the model and its calls, shared with the test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reset_metrics"

CALLS = [
    ["train", 1.0, False], ["train", 3.0, False], ["train", 2.0, True], ["train", 1.0, True],
    ["test", 3.0, False], ["test", 1.0, True], ["test", 2.0, True], ["train", 1.0, False],
    ["reset_metrics"], ["train", 2.0, False], ["test", 0.5, False], ["train", 4.0, True],
]  # fmt: skip


def program(keras) -> list[list[float]]:
    """`CALLS` on a one-weight regression whose kernel starts at zero: each call's results."""
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,), kernel_initializer="zeros")])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x = np.array([[1.0, 0.5], [0.2, 1.0]], dtype=np.float32)
    results = []
    for call in CALLS:
        if call[0] == "reset_metrics":
            model.reset_metrics()
            results.append([float("nan")] * 2)
            continue
        method, target, reset = call
        run = model.train_on_batch if method == "train" else model.test_on_batch
        logs = run(x, np.full((2, 1), target, np.float32), reset_metrics=reset, return_dict=True)
        results.append([float(logs["loss"]), float(logs["mae"])])
    return results


def main() -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "calls.npz", calls=json.dumps(CALLS), results=np.array(program(tf_keras)))
    print(f"tf-keras {tf_keras.__version__}: {len(CALLS)} calls")


if __name__ == "__main__":
    main()
