"""Record Keras 3's ``Conv1DTranspose``: outputs for each padding, stride, dilation, output
padding and layout, and a convolutional autoencoder trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/conv_transpose.py
Writes tests/fixtures/conv_transpose/:
- ``layers.npz``: a JSON ``cases`` (each case's layer arguments and input shape) and per case
  ``<case>_x``, ``<case>_kernel``, ``<case>_bias`` and ``<case>_y`` (the layer's output);
- ``autoencoder.keras`` and ``autoencoder.npz``: `autoencoder` (strided ``Conv1D`` down,
  ``Conv1DTranspose`` back up to the input's length) trained 2 epochs by ``fit(x, x,
  validation_split=0.1, shuffle=False)`` with Adam and mse: its starting weights ``w<i>``, the
  data ``x``, the ``loss`` and ``val_loss`` per epoch, the weights after ``after<i>`` and the
  saved model's outputs ``predicted``. The test builds the same model with `autoencoder` given
  statefulrnn for ``keras``.
No dilated and no channels_first case: TensorFlow's CPU kernel refuses a transposed convolution
with a dilation rate above 1 ("Current CPU implementations do not yet support dilation rates
larger than 1"), and one in the channels_first layout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "conv_transpose"
CASES = {
    "same_k7_s2": ({"filters": 3, "kernel_size": 7, "strides": 2, "padding": "same"}, (2, 9, 4)),
    "valid_k3_s1": ({"filters": 2, "kernel_size": 3, "padding": "valid"}, (2, 6, 3)),
    "same_k4_s2": ({"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same"}, (2, 5, 3)),
    "valid_k2_s3": ({"filters": 2, "kernel_size": 2, "strides": 3, "padding": "valid"}, (2, 4, 3)),
    "same_k2_s3": ({"filters": 2, "kernel_size": 2, "strides": 3, "padding": "same"}, (2, 4, 3)),
    "same_output_padding": (
        {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1},
        (2, 5, 3),
    ),
    "valid_output_padding": (
        {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "valid", "output_padding": 1},
        (2, 5, 3),
    ),
    "relu_bias": (
        {
            "filters": 4,
            "kernel_size": 5,
            "strides": 2,
            "padding": "same",
            "activation": "relu",
            "bias_initializer": "random_normal",
        },
        (2, 7, 2),
    ),
}


def autoencoder(keras: Any, steps: int = 48) -> Any:
    """Strided convolutions down to a quarter of the steps, transposed ones back up (``keras``:
    Keras 3, or statefulrnn imported as keras)."""
    layers = keras.layers
    return keras.Sequential(
        [
            layers.Input(shape=(steps, 1)),
            layers.Conv1D(8, 7, padding="same", strides=2, activation="relu"),
            layers.Conv1D(4, 7, padding="same", strides=2, activation="relu"),
            layers.Conv1DTranspose(4, 7, padding="same", strides=2, activation="relu"),
            layers.Conv1DTranspose(8, 7, padding="same", strides=2, activation="relu"),
            layers.Conv1DTranspose(1, 7, padding="same"),
        ]
    )


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"cases": json.dumps(CASES)}
    for name, (arguments, shape) in CASES.items():
        layer = keras.layers.Conv1DTranspose(**arguments)
        x = rng.normal(size=shape).astype(np.float32)
        y = np.asarray(layer(x))
        kernel, bias = (np.asarray(w) for w in layer.get_weights())
        arrays.update({f"{name}_x": x, f"{name}_kernel": kernel, f"{name}_bias": bias, f"{name}_y": y})
    np.savez_compressed(OUT / "layers.npz", **arrays)

    model = autoencoder(keras)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    start = model.get_weights()
    phase = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    x = np.stack([np.sin(phase * (1 + k % 3) + k) + 0.1 * rng.normal(size=48) for k in range(40)])
    x = x[..., None].astype(np.float32)
    history = model.fit(x, x, epochs=2, batch_size=8, validation_split=0.1, shuffle=False, verbose=0)
    model.save(OUT / "autoencoder.keras")
    np.savez_compressed(
        OUT / "autoencoder.npz", x=x, loss=np.array(history.history["loss"]),
        val_loss=np.array(history.history["val_loss"]), predicted=np.asarray(model.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(start)},
        **{f"after{i}": w for i, w in enumerate(model.get_weights())},
    )  # fmt: skip
    print(f"keras {keras.__version__}: {len(CASES)} layer cases, autoencoder losses {history.history}")


if __name__ == "__main__":
    main()
