"""Record Keras 3's ``EinsumDense``: outputs for each equation form (no ellipsis, left and right
ellipsis, a contracted axis, heads), its bias shapes, and a model holding it trained by ``fit``.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/einsum_dense.py
Writes tests/fixtures/einsum_dense/values.npz: a JSON ``cases`` (arguments and input shape) and
per case ``<case>_x``, ``<case>_w<i>`` (its weights) and ``<case>_y``; ``x``, ``y``, ``w<i>``,
``after<i>`` and ``history`` of `model` trained 2 epochs by ``fit`` (SGD 0.1, mse, batch 4) and
``predicted`` after it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "einsum_dense"
CASES = {
    "matrix": ({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}, (3, 5)),
    "steps": ({"equation": "abc,cd->abd", "output_shape": (None, 6), "bias_axes": "d"}, (2, 7, 5)),
    "heads": ({"equation": "abc,cde->abde", "output_shape": (None, 2, 3), "bias_axes": "de"}, (2, 4, 5)),
    "heads_last_bias": (
        {"equation": "abc,cde->abde", "output_shape": (None, 2, 3), "bias_axes": "e"},
        (2, 4, 5),
    ),
    "left_ellipsis": (
        {"equation": "...b,bc->...c", "output_shape": 4, "bias_axes": "c", "activation": "relu"},
        (2, 3, 5),
    ),
    "right_ellipsis": ({"equation": "ab...,bc->ac...", "output_shape": 4, "bias_axes": "c"}, (2, 5, 3)),
    "contracted": ({"equation": "abc,cd->ad", "output_shape": 6}, (2, 4, 5)),
}


def model(keras: Any) -> Any:
    """LSTM -> EinsumDense over each step (``keras``: Keras 3, or statefulrnn imported as keras)."""
    return keras.Sequential(
        [
            keras.layers.Input((6, 3)),
            keras.layers.LSTM(4, return_sequences=True),
            keras.layers.EinsumDense("abc,cd->abd", output_shape=(None, 2), bias_axes="d"),
        ]
    )


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    arrays: dict[str, Any] = {"cases": json.dumps(CASES)}
    for name, (arguments, shape) in CASES.items():
        layer = keras.layers.EinsumDense(**arguments, bias_initializer="random_normal")
        x = rng.normal(size=shape).astype(np.float32)
        arrays.update({f"{name}_x": x, f"{name}_y": np.asarray(layer(x))})
        arrays.update({f"{name}_w{i}": np.asarray(w) for i, w in enumerate(layer.get_weights())})
    network = model(keras)
    network.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    x = rng.normal(size=(12, 6, 3)).astype(np.float32)
    y = rng.normal(size=(12, 6, 2)).astype(np.float32)
    arrays.update({"x": x, "y": y, **{f"w{i}": w for i, w in enumerate(network.get_weights())}})
    history = network.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    arrays["history"] = np.array(history.history["loss"])
    arrays["predicted"] = np.asarray(network.predict(x, verbose=0))
    arrays.update({f"after{i}": w for i, w in enumerate(network.get_weights())})
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **arrays)
    network.save(OUT / "model.keras")
    print(f"keras {keras.__version__}: {len(CASES)} cases, history {arrays['history']}")


if __name__ == "__main__":
    main()
