"""Record Keras 3's Adagrad, Adadelta, Adamax, Nadam, Ftrl, Lion, Lamb and Adafactor, step by step on
given gradients,
and the options every Keras optimizer takes (``use_ema``, ``gradient_accumulation_steps``,
``loss_scale_factor``) on some of them.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/optimizers.py
Writes tests/fixtures/optimizers/steps.npz: ``spec`` (JSON: each case's class and arguments),
the variables' starting values ``w0_start``, ... (of shapes (3,), (2, 2), () and (2, 3, 4): ranks
0 to 3, for Adafactor, which factors rank >= 2), the gradients ``g0``, ... (``(steps, *shape)``),
and per case the variables after every step, ``<case>_w0``, ... (with ``use_ema``, the moving
averages after the last step too, ``<case>_average0``, ...).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from _recording import stepped

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "optimizers"
STEPS = 40

CASES = {
    "adagrad": ("Adagrad", {"learning_rate": 0.05}),
    "adagrad_options": ("Adagrad", {"learning_rate": 0.2, "initial_accumulator_value": 0.5, "epsilon": 1e-3}),
    "adadelta": ("Adadelta", {"learning_rate": 1.0}),
    "adadelta_options": ("Adadelta", {"learning_rate": 0.5, "rho": 0.8, "epsilon": 1e-4}),
    "adamax": ("Adamax", {"learning_rate": 0.02}),
    "adamax_options": ("Adamax", {"learning_rate": 0.1, "beta_1": 0.7, "beta_2": 0.9, "epsilon": 1e-3}),
    "nadam": ("Nadam", {"learning_rate": 0.01}),
    "nadam_options": ("Nadam", {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}),
    "ftrl": ("Ftrl", {"learning_rate": 0.1}),
    "ftrl_options": (
        "Ftrl",
        {
            "learning_rate": 0.5,
            "learning_rate_power": -0.7,
            "initial_accumulator_value": 0.3,
            "l1_regularization_strength": 0.05,
            "l2_regularization_strength": 0.1,
            "l2_shrinkage_regularization_strength": 0.02,
            "beta": 0.2,
        },
    ),
    "ftrl_power_zero": (
        "Ftrl",
        {"learning_rate": 0.05, "learning_rate_power": 0.0, "initial_accumulator_value": 0.0},
    ),
    "lion": ("Lion", {"learning_rate": 0.01}),
    "lion_options": ("Lion", {"learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.9, "weight_decay": 0.1}),
    # the base class's options, on any rule
    "adam_ema": ("Adam", {"learning_rate": 0.05, "use_ema": True}),
    "adam_ema_overwrite": (
        "Adam",
        {"learning_rate": 0.05, "use_ema": True, "ema_momentum": 0.8, "ema_overwrite_frequency": 7},
    ),
    "adam_accumulate": ("Adam", {"learning_rate": 0.05, "gradient_accumulation_steps": 3}),
    "nadam_accumulate_ema": (
        "Nadam",
        {
            "learning_rate": 0.05,
            "gradient_accumulation_steps": 2,
            "use_ema": True,
            "ema_momentum": 0.7,
            "ema_overwrite_frequency": 3,
        },
    ),
    "adamax_accumulate_clip_decay": (
        "Adamax",
        {"learning_rate": 0.05, "gradient_accumulation_steps": 4, "clipnorm": 0.5, "weight_decay": 0.05},
    ),
    "sgd_loss_scale": ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "loss_scale_factor": 3.0}),
    "lion_ema": ("Lion", {"learning_rate": 0.01, "use_ema": True, "ema_momentum": 0.5}),
    "lamb": ("Lamb", {"learning_rate": 0.01}),
    "lamb_options": (
        "Lamb",
        {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4, "weight_decay": 0.1},
    ),
    "lamb_clip_accumulate": (
        "Lamb",
        {"learning_rate": 0.02, "clipvalue": 0.5, "gradient_accumulation_steps": 2},
    ),
    "adafactor": ("Adafactor", {}),
    "adafactor_lr": ("Adafactor", {"learning_rate": 0.05}),
    "adafactor_options": (
        "Adafactor",
        {
            "learning_rate": 0.2,
            "beta_2_decay": -0.5,
            "epsilon_1": 1e-3,
            "epsilon_2": 0.05,
            "clip_threshold": 0.5,
            "relative_step": False,
            "weight_decay": 0.05,
        },
    ),
    "adafactor_global_clip_ema": (
        "Adafactor",
        {"learning_rate": 0.1, "global_clipnorm": 1.0, "use_ema": True, "ema_momentum": 0.9},
    ),
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    starts = [rng.normal(size=(3,)).astype(np.float32), rng.normal(size=(2, 2)).astype(np.float32)]
    grads = [rng.normal(size=(STEPS, *w.shape)).astype(np.float32) for w in starts]
    grads[0][5:9] *= 10.0  # a burst, for the maximum and the accumulators
    # ranks 0 and 3, drawn after the others so that those stay as they were recorded first
    more = [rng.normal(size=()).astype(np.float32), rng.normal(size=(2, 3, 4)).astype(np.float32)]
    starts += more
    grads += [rng.normal(size=(STEPS, *w.shape)).astype(np.float32) for w in more]
    grads[3][10:12] = 0.0  # zero gradients: Adafactor's epsilon_1 alone in the second moments
    arrays = {f"w{i}_start": w for i, w in enumerate(starts)} | {f"g{i}": g for i, g in enumerate(grads)}
    for name, (class_name, arguments) in CASES.items():
        variables = [keras.Variable(w) for w in starts]
        optimizer = getattr(keras.optimizers, class_name)(**arguments)
        arrays |= {f"{name}_w{i}": steps for i, steps in enumerate(stepped(optimizer, variables, grads))}
        if arguments.get("use_ema"):
            for i, average in enumerate(optimizer._model_variables_moving_average):
                arrays[f"{name}_average{i}"] = np.asarray(average)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "steps.npz", spec=json.dumps(CASES), **arrays)
    print(f"keras {keras.__version__}: {len(CASES)} cases, {STEPS} steps")


if __name__ == "__main__":
    main()
