"""Record Keras 2's ``RMSprop`` as ``tf.keras.optimizers.legacy.RMSprop`` computes it in
tf-keras 2.21, step by step on given gradients: without momentum (epsilon added outside the
square root, by the class's own step) and with it (TensorFlow's ApplyRMSProp kernels, epsilon
inside), plain and centered, with Keras 2's ``decay`` and ``epsilon=None``. Epsilon is large in
most cases so that where it is added shows in the numbers.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/legacy_rmsprop.py
Writes tests/fixtures/legacy_rmsprop/steps.npz: ``spec`` (JSON: each case's arguments), the
starting values ``w0_start``, ``w1_start``, the gradients ``g0``, ``g1`` and per case the
variables after every step, ``<case>_w0``, ``<case>_w1``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "legacy_rmsprop"
STEPS = 20

CASES = {
    "plain": {"learning_rate": 0.05, "epsilon": 0.1},
    "centered": {"learning_rate": 0.05, "epsilon": 0.1, "centered": True},
    "momentum": {"learning_rate": 0.05, "epsilon": 0.1, "momentum": 0.8},
    "centered_momentum": {"learning_rate": 0.02, "epsilon": 0.1, "momentum": 0.5, "centered": True},
    "decay_rho": {"learning_rate": 0.05, "rho": 0.7, "epsilon": 0.05, "decay": 0.1},
    "epsilon_none": {"learning_rate": 0.01, "epsilon": None},
}


def main() -> None:
    import tensorflow as tf
    import tf_keras

    rng = np.random.default_rng(2)
    starts = [rng.normal(size=(3,)).astype(np.float32), rng.normal(size=(2, 2)).astype(np.float32)]
    grads = [rng.normal(size=(STEPS, *w.shape)).astype(np.float32) for w in starts]
    arrays = {"w0_start": starts[0], "w1_start": starts[1], "g0": grads[0], "g1": grads[1]}
    for name, arguments in CASES.items():
        variables = [tf.Variable(w) for w in starts]
        optimizer = tf_keras.optimizers.legacy.RMSprop(**arguments)
        history = [[], []]
        for step in range(STEPS):
            optimizer.apply_gradients([(tf.constant(g[step]), v) for g, v in zip(grads, variables)])
            for kept, variable in zip(history, variables):
                kept.append(variable.numpy())
        arrays[f"{name}_w0"], arrays[f"{name}_w1"] = (np.stack(kept) for kept in history)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "steps.npz", spec=json.dumps(CASES), **arrays)
    print(f"tf-keras {tf_keras.__version__}: {len(CASES)} cases, {STEPS} steps")


if __name__ == "__main__":
    main()
