"""Record Keras 2's legacy learning-rate ``decay`` (``Adam(lr=1e-3, decay=1e-6)``), as
``tf.keras.optimizers.legacy`` keeps it in tf-keras 2.21, step by step on given gradients.

Each update's rate is ``learning_rate / (1 + decay * t)``, ``t`` the updates made before it.
Recorded for the legacy optimizers whose rules are Keras 3's (`CASES`: SGD with and without
momentum and Nesterov, Adam, AMSGrad, Adamax, Adadelta); the others differ from Keras 3's rules
themselves (legacy Adagrad and RMSprop add epsilon outside the square root, legacy Nadam's
momentum schedule is ``0.96 ** (0.004 t)``), which statefulrnn's optimizers, Keras 3's, do not
follow.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/legacy_decay.py
Writes tests/fixtures/legacy_decay/steps.npz: ``spec`` (JSON: each case's class and
arguments), the starting values ``w0_start``, ``w1_start``, the gradients ``g0``, ``g1`` and
per case the variables after every step, ``<case>_w0``, ``<case>_w1``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "legacy_decay"
STEPS = 30

CASES = {
    "sgd": ("SGD", {"learning_rate": 0.1, "decay": 0.05}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "decay": 0.1}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.05, "momentum": 0.8, "nesterov": True, "decay": 0.02}),
    "adam": ("Adam", {"learning_rate": 0.05, "decay": 0.1}),
    "adam_amsgrad": ("Adam", {"learning_rate": 0.02, "amsgrad": True, "decay": 0.01}),
    "adamax": ("Adamax", {"learning_rate": 0.05, "decay": 0.2}),
    "adadelta": ("Adadelta", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-3, "decay": 0.1}),
}


def main() -> None:
    import tf_keras

    rng = np.random.default_rng(1)
    starts = [rng.normal(size=(3,)).astype(np.float32), rng.normal(size=(2, 2)).astype(np.float32)]
    grads = [rng.normal(size=(STEPS, *w.shape)).astype(np.float32) for w in starts]
    arrays = {"w0_start": starts[0], "w1_start": starts[1], "g0": grads[0], "g1": grads[1]}
    import tensorflow as tf

    for name, (class_name, arguments) in CASES.items():
        variables = [tf.Variable(w) for w in starts]
        optimizer = getattr(tf_keras.optimizers.legacy, class_name)(**arguments)
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
