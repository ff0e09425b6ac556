"""Record Keras 3's learning-rate schedules (``keras.optimizers.schedules``) step by step.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/lr_schedules.py
Writes tests/fixtures/lr_schedules/schedules.npz: ``spec`` (JSON: each case's class and
arguments), ``steps`` (0..1199) and one array of rates per case, float32 as Keras computes them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "lr_schedules"

CASES = {
    "exponential": (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.96},
    ),
    "exponential_staircase": (
        "ExponentialDecay",
        {"initial_learning_rate": 0.05, "decay_steps": 70, "decay_rate": 0.5, "staircase": True},
    ),
    "inverse_time": (
        "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 50, "decay_rate": 0.5},
    ),
    "inverse_time_staircase": (
        "InverseTimeDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 50, "decay_rate": 0.5, "staircase": True},
    ),
    "piecewise": ("PiecewiseConstantDecay", {"boundaries": [100, 500, 900], "values": [1.0, 0.5, 0.1, 0.01]}),
    "polynomial": ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 600, "power": 2.0}),
    "polynomial_cycle": (
        "PolynomialDecay",
        {
            "initial_learning_rate": 0.1,
            "decay_steps": 250,
            "end_learning_rate": 0.01,
            "power": 0.5,
            "cycle": True,
        },
    ),
    "cosine": ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 800, "alpha": 0.1}),
    "cosine_warmup": (
        "CosineDecay",
        {"initial_learning_rate": 0.0, "decay_steps": 700, "warmup_target": 0.2, "warmup_steps": 150},
    ),
    "cosine_restarts": ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 100}),
    "cosine_restarts_flat": (
        "CosineDecayRestarts",
        {"initial_learning_rate": 0.1, "first_decay_steps": 130, "t_mul": 1.0, "m_mul": 0.8, "alpha": 0.05},
    ),
    "cosine_restarts_growing": (
        "CosineDecayRestarts",
        {"initial_learning_rate": 0.3, "first_decay_steps": 40, "t_mul": 1.5, "m_mul": 0.9},
    ),
}


def main() -> None:
    import keras

    steps = np.arange(1200)
    rates = {}
    for name, (class_name, arguments) in CASES.items():
        schedule = getattr(keras.optimizers.schedules, class_name)(**arguments)
        rates[name] = np.array([np.asarray(schedule(int(step))) for step in steps], np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "schedules.npz", spec=json.dumps(CASES), steps=steps, **rates)
    print(f"keras {keras.__version__}: {len(CASES)} schedules over {len(steps)} steps")


if __name__ == "__main__":
    main()
