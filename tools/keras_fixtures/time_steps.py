"""Record Keras 3's layers that move or count a sequence's steps: ZeroPadding1D, Cropping1D,
UpSampling1D and Permute.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/time_steps.py
Writes tests/fixtures/time_steps/layers.npz: ``spec`` (JSON: each case's class and arguments),
``x (2, 5, 3)`` and one output per case.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "time_steps"

CASES = {
    "zero_padding": ("ZeroPadding1D", {}),
    "zero_padding_pair": ("ZeroPadding1D", {"padding": [2, 0]}),
    "zero_padding_channels_first": ("ZeroPadding1D", {"padding": 1, "data_format": "channels_first"}),
    "cropping": ("Cropping1D", {}),
    "cropping_pair": ("Cropping1D", {"cropping": [0, 3]}),
    "up_sampling": ("UpSampling1D", {}),
    "up_sampling_3": ("UpSampling1D", {"size": 3}),
    "permute": ("Permute", {"dims": [2, 1]}),
}


def main() -> None:
    import keras

    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)
    outputs = {name: np.asarray(getattr(keras.layers, cls)(**args)(x)) for name, (cls, args) in CASES.items()}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "layers.npz", spec=json.dumps(CASES), x=x, **outputs)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
