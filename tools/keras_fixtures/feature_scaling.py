"""Record Keras 3's ``Normalization`` (adapted on arrays and on batches, given statistics,
inverted, each ``axis``) and ``Rescaling``, and a model file holding an adapted Normalization.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/feature_scaling.py
Writes tests/fixtures/feature_scaling/: ``layers.npz``: ``data (12, 5, 3)``, ``x (2, 5, 3)``, a
JSON ``cases`` (class, arguments, how it is adapted: ``"array"``, ``"batches"`` (data in 3
batches of 4) or none) and per case the output ``<case>_y`` and the weights ``<case>_w<i>``;
``normalized_lstm.keras``: Input((5, 3)), an adapted Normalization, LSTM(2), and
``normalized_lstm.npz``: its outputs ``y`` for ``x``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "feature_scaling"

CASES = {
    "features_array": ("Normalization", {}, "array"),
    "features_batches": ("Normalization", {}, "batches"),
    "everything": ("Normalization", {"axis": None}, "array"),
    "steps_and_features": ("Normalization", {"axis": [1, 2]}, "batches"),
    "given": ("Normalization", {"mean": [1.0, -2.0, 0.5], "variance": [4.0, 0.25, 1e-20]}, None),
    "given_scalar_inverted": ("Normalization", {"mean": 3.0, "variance": 2.0, "invert": True}, None),
    "adapted_inverted": ("Normalization", {"invert": True}, "array"),
    "rescaling": ("Rescaling", {"scale": 1 / 255.0, "offset": -1.0}, None),
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    data = (rng.normal(size=(12, 5, 3)) * [1.0, 10.0, 0.1] + [0.0, 5.0, -2.0]).astype(np.float32)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32) * 3
    arrays = {"data": data, "x": x, "cases": json.dumps(CASES)}
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (class_name, arguments, adapted) in CASES.items():
        layer = getattr(keras.layers, class_name)(**arguments)
        if adapted == "array":
            layer.adapt(data)
        elif adapted == "batches":
            layer.adapt([data[i : i + 4] for i in range(0, 12, 4)])
        arrays[f"{name}_y"] = np.asarray(layer(x))
        for i, weight in enumerate(layer.get_weights()):
            arrays[f"{name}_w{i}"] = np.asarray(weight)
    np.savez_compressed(OUT / "layers.npz", **arrays)

    normalization = keras.layers.Normalization()
    normalization.adapt(data)
    model = keras.Sequential([keras.Input((5, 3)), normalization, keras.layers.LSTM(2)])
    model.save(OUT / "normalized_lstm.keras")
    np.savez_compressed(OUT / "normalized_lstm.npz", y=np.asarray(model.predict(x, verbose=0)))
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
