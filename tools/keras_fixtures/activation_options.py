"""Record Keras 3's activation functions called with their options (``keras.activations.relu(x,
negative_slope=0.1, max_value=2.0)``, ...), as programs pass them.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/activation_options.py
Writes tests/fixtures/activations/options.npz: ``x (4, 6)``, a JSON ``cases`` (each case's
function and keyword arguments) and each case's output ``<case>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "activations"

CASES = {
    "relu_slope_cap": ("relu", {"negative_slope": 0.1, "max_value": 2.0}),
    "relu_threshold": ("relu", {"threshold": 0.5}),
    "relu_all": ("relu", {"negative_slope": 0.2, "max_value": 1.5, "threshold": -0.5}),
    "elu_alpha": ("elu", {"alpha": 0.5}),
    "gelu_approximate": ("gelu", {"approximate": True}),
    "gelu_exact": ("gelu", {"approximate": False}),
    "celu_alpha": ("celu", {"alpha": 2.0}),
    "leaky_relu_slope": ("leaky_relu", {"negative_slope": 0.05}),
    "soft_shrink": ("soft_shrink", {"threshold": 0.3}),
    "hard_shrink": ("hard_shrink", {"threshold": 0.3}),
    "squareplus_b": ("squareplus", {"b": 1.0}),
    "log_softmax_axis0": ("log_softmax", {"axis": 0}),
    "softmax_axis0": ("softmax", {"axis": 0}),
    "glu_axis0": ("glu", {"axis": 0}),
    "threshold": ("threshold", {"threshold": 0.2, "default_value": -1.0}),
    "swish": ("swish", {}),
    "selu": ("selu", {}),
    "exponential": ("exponential", {}),
    "hard_tanh": ("hard_tanh", {}),
    "log_sigmoid": ("log_sigmoid", {}),
}


def main() -> None:
    import keras

    x = np.concatenate([np.linspace(-3, 3, 16), np.random.default_rng(0).normal(size=8)]).reshape(4, 6)
    x = x.astype(np.float32)
    arrays = {"x": x, "cases": json.dumps(CASES)}
    for name, (function, arguments) in CASES.items():
        arrays[name] = np.asarray(getattr(keras.activations, function)(x, **arguments))
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "options.npz", **arrays)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
