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

import os
from pathlib import Path

from _recording import record_legacy_steps

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
    record_legacy_steps(
        OUT, {name: ("RMSprop", arguments) for name, arguments in CASES.items()}, STEPS, seed=2, spec=CASES
    )


if __name__ == "__main__":
    main()
