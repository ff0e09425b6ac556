"""Record Keras 3's seeded dropout layers on its torch backend: what ``Dropout(rate, seed=n)``
(with and without ``noise_shape``) and ``SpatialDropout1D(rate, seed=n)`` give in training,
call after call (each call's mask from a fresh generator seeded by the layer's
``SeedGenerator``: n, n + 1, ...).

Run in the Keras venv (Keras 3.15.1, torch 2.13 on CPU):
    KERAS_BACKEND=torch $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/dropout_torch.py
Writes tests/fixtures/dropout_torch/layers.npz: a JSON ``spec`` (`CASES`: each case's layer
class, arguments and input shape), each case's input ``<case>_x`` and the outputs of its
``CALLS`` training calls, ``<case>_<i>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "dropout_torch"
CALLS = 3
CASES = {
    "dropout": ("Dropout", {"rate": 0.5, "seed": 3}, (4, 6)),
    "dropout_rate_03": ("Dropout", {"rate": 0.3, "seed": 1337}, (3, 5)),
    "dropout_noise_shape": ("Dropout", {"rate": 0.4, "noise_shape": (None, 1, 4), "seed": 7}, (2, 3, 4)),
    "spatial_dropout1d": ("SpatialDropout1D", {"rate": 0.5, "seed": 11}, (2, 5, 3)),
}


def case_input(shape: tuple[int, ...]) -> np.ndarray:
    """1, 2, 3, ... in ``shape``: every kept entry shows where it was."""
    return np.arange(1, int(np.prod(shape)) + 1, dtype="float32").reshape(shape)


def main() -> None:
    if os.environ.get("KERAS_BACKEND") != "torch":
        raise SystemExit("Run with KERAS_BACKEND=torch: the masks recorded are Keras-on-torch's.")
    import keras

    OUT.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, (cls, config, shape) in CASES.items():
        layer = getattr(keras.layers, cls)(**config)
        x = case_input(shape)
        arrays[f"{name}_x"] = x
        for call in range(CALLS):
            arrays[f"{name}_{call}"] = keras.ops.convert_to_numpy(layer(x, training=True))
    np.savez(OUT / "layers.npz", spec=np.array(json.dumps(CASES)), **arrays)
    print(f"wrote {len(CASES)} cases to {OUT} with Keras {keras.__version__} on {keras.backend.backend()}")


if __name__ == "__main__":
    main()
