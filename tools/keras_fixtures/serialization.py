"""Record Keras 3's ``keras.saving.serialize_keras_object`` of the objects a program's
``get_config`` hands it (plain values, an array, a function, an initializer, a regularizer, a
constraint, a loss, a metric).

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/serialization.py
Writes tests/fixtures/serialization/serialized.json: the serialized form of each of `objects`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "serialization"


def objects(keras: Any) -> dict[str, Any]:
    """The objects, made with ``keras`` (Keras 3, or statefulrnn imported as keras)."""
    return {
        "none": None,
        "number": 3,
        "text": "a",
        "sizes": (1, 2),
        "nested": {"a": (1,), "b": [1, (2, 3)]},
        "array": np.array([1.0, 2.0]),
        "bytes": b"x",
        "relu": keras.activations.relu,
        "glorot": keras.initializers.GlorotUniform(seed=1),
        "l2": keras.regularizers.L2(0.1),
        "non_neg": keras.constraints.NonNeg(),
        "huber": keras.losses.Huber(),
        "mae_metric": keras.metrics.MeanAbsoluteError(),
    }


def main() -> None:
    import keras

    serialized = {name: keras.saving.serialize_keras_object(obj) for name, obj in objects(keras).items()}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "serialized.json").write_text(json.dumps(serialized, indent=1) + "\n")
    print(f"keras {keras.__version__}: {len(serialized)} objects")


if __name__ == "__main__":
    main()
