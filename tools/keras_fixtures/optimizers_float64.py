"""Record Keras's optimizers stepping float64 variables, with ``floatx`` ``float32`` (a model
built with ``dtype="float64"``) and ``float64`` (``set_floatx``): Keras 3 on TensorFlow
(``keras3``), Keras 3 on PyTorch (``keras3_torch``) and tf-keras (``tf_keras``).

The learning rate lives in a variable of floatx's dtype in all three, so under ``float32`` a
float64 step reads it rounded. The backends differ in how other Python float hyperparameters
reach a float64 step: TensorFlow's ``tf.cast(0.9, tf.float64)`` makes a float32 constant
first, so on TensorFlow every hyperparameter Keras casts (Adam's betas, SGD's momentum, ...)
is rounded to float32; on PyTorch they arrive exact, but ``ops.power(step, beta_2_decay)``
(Adafactor) rounds its Python float exponent, and under ``float32`` some scalar arithmetic
with the float32 rate is done in float32 (AdamW's ``1 - weight_decay * lr``, Ftrl's).

Run in the Keras venv (Keras 3.15 with TensorFlow and PyTorch, tf-keras 2.21, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/optimizers_float64.py
(it runs itself again with ``KERAS_BACKEND=torch`` for ``keras3_torch``). Writes
tests/fixtures/optimizers_float64/steps.npz: ``spec`` (JSON: each case's class and arguments),
the starting values ``w0_start``, ``w1_start`` (shapes (3,) and (2, 2)), the gradients ``g0``,
``g1`` (``(steps, *shape)``), and per library, floatx and case the variables after every step,
``<library>/<floatx>/<case>_w<i>``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from _recording import stepped

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "optimizers_float64"
STEPS = 12
FLOATX = ("float32", "float64")

# Learning rates and betas that float32 cannot hold, so that every rounding shows.
CASES = {
    "sgd": ("SGD", {"learning_rate": 0.013, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.013, "rho": 0.93, "momentum": 0.3, "centered": True}),
    "adam": ("Adam", {"learning_rate": 0.013, "beta_1": 0.91, "beta_2": 0.997}),
    "adam_amsgrad": ("Adam", {"learning_rate": 0.013, "amsgrad": True}),
    "adamw": ("AdamW", {"learning_rate": 0.013, "weight_decay": 0.07}),
    "adamax": ("Adamax", {"learning_rate": 0.013, "beta_1": 0.91, "beta_2": 0.997}),
    "nadam": ("Nadam", {"learning_rate": 0.013, "beta_1": 0.91, "beta_2": 0.997}),
    "adagrad": ("Adagrad", {"learning_rate": 0.013, "initial_accumulator_value": 0.3}),
    "adadelta": ("Adadelta", {"learning_rate": 0.7, "rho": 0.93}),
    "ftrl": ("Ftrl", {"learning_rate": 0.13, "l1_regularization_strength": 0.03, "beta": 0.2}),
    "lion": ("Lion", {"learning_rate": 0.013, "beta_1": 0.91, "beta_2": 0.97}),
    "adafactor": ("Adafactor", {"learning_rate": 0.13, "epsilon_2": 0.03, "clip_threshold": 0.7}),
}


def record(library: ModuleType, make_variable: Any, starts: list, grads: list) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for name, (class_name, arguments) in CASES.items():
        variables = [make_variable(w) for w in starts]
        optimizer = getattr(library.optimizers, class_name)(**arguments)
        arrays |= {f"{name}_w{i}": steps for i, steps in enumerate(stepped(optimizer, variables, grads))}
    return arrays


def data() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The starting values and every step's gradients, float64."""
    rng = np.random.default_rng(5)
    starts = [rng.normal(size=(3,)), rng.normal(size=(2, 2))]
    return starts, [rng.normal(size=(STEPS, *w.shape)) for w in starts]


def record_library(name: str) -> dict[str, np.ndarray]:
    """Every case under each floatx, by ``keras3`` (on the backend this process loaded),
    ``keras3_torch`` or ``tf_keras``."""
    import keras

    starts, grads = data()
    if name == "keras3_torch":
        import torch

        library, make_variable, tensor = keras, lambda w: keras.Variable(w, dtype="float64"), torch.tensor
    else:
        import tensorflow as tf

        tensor = tf.constant
        if name == "keras3":
            library, make_variable = keras, lambda w: keras.Variable(w, dtype="float64")
        else:
            import tf_keras

            library, make_variable = tf_keras, lambda w: tf.Variable(w, dtype=tf.float64)
    arrays: dict[str, np.ndarray] = {}
    for floatx in FLOATX:
        library.backend.set_floatx(floatx)
        recorded = record(library, make_variable, starts, [tensor(g) for g in grads])
        arrays |= {f"{name}/{floatx}/{key}": value for key, value in recorded.items()}
    library.backend.set_floatx("float32")
    return arrays


def main() -> None:
    if len(sys.argv) == 2:  # the child that records Keras 3 on PyTorch
        np.savez(sys.argv[1], **record_library("keras3_torch"))
        return
    import keras
    import tf_keras

    starts, grads = data()
    arrays: dict[str, np.ndarray] = {f"w{i}_start": w for i, w in enumerate(starts)}
    arrays |= {f"g{i}": g for i, g in enumerate(grads)}
    arrays |= record_library("keras3") | record_library("tf_keras")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "torch.npz"
        environment = {**os.environ, "KERAS_BACKEND": "torch"}
        subprocess.run([sys.executable, __file__, str(path)], env=environment, check=True)
        with np.load(path) as torch_arrays:
            arrays |= {key: torch_arrays[key] for key in torch_arrays.files}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "steps.npz", spec=json.dumps(CASES), **arrays)
    print(f"keras {keras.__version__}, tf_keras {tf_keras.__version__}: {len(CASES)} cases, {STEPS} steps")


if __name__ == "__main__":
    main()
