"""Record Keras 2's legacy learning-rate ``decay`` (``Adam(lr=1e-3, decay=1e-6)``), as
``tf.keras.optimizers.legacy`` keeps it in tf-keras 2.21, step by step on given gradients.

Each update's rate is ``learning_rate / (1 + decay * t)``, ``t`` the updates made before it.
Recorded for the legacy optimizers whose rules are Keras 3's (`CASES`: SGD with and without
momentum and Nesterov, Adam, AMSGrad, Adamax, Adadelta), and for legacy Nadam, whose momentum
schedule is ``0.96 ** (0.004 t)`` (statefulrnn's `optimizers.legacy.Nadam`; its ``decay`` is
that schedule's, not a rate decay), and legacy Adagrad, which adds epsilon outside the square
root (`optimizers.legacy.Adagrad`); legacy RMSprop is `legacy_rmsprop.py`'s.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/legacy_decay.py
Writes tests/fixtures/legacy_decay/steps.npz: ``spec`` (JSON: each case's class and
arguments), the starting values ``w0_start``, ``w1_start``, the gradients ``g0``, ``g1`` and
per case the variables after every step, ``<case>_w0``, ``<case>_w1``.
"""

from __future__ import annotations

import os
from pathlib import Path

from _recording import record_legacy_steps

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
    # legacy Adagrad (epsilon outside the square root: a large one, from empty sums, to tell)
    "adagrad": (
        "Adagrad",
        {"learning_rate": 0.1, "initial_accumulator_value": 0.0, "epsilon": 0.1, "decay": 0.05},
    ),
    # legacy Nadam: its own momentum schedule (decay= is its schedule_decay, replaced by 0.004)
    "nadam": ("Nadam", {"learning_rate": 0.05}),
    "nadam_schedule": ("Nadam", {"learning_rate": 0.02, "beta_1": 0.8, "schedule_decay": 0.05}),
}


def main() -> None:
    record_legacy_steps(OUT, CASES, STEPS, seed=1, spec=CASES)


if __name__ == "__main__":
    main()
