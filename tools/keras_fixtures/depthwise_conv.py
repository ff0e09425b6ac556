"""Record Keras 3's ``DepthwiseConv1D`` and ``SeparableConv1D``: outputs for each padding, stride,
dilation and depth multiplier, and a small sequence model holding both trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/depthwise_conv.py
Writes tests/fixtures/depthwise_conv/:
- ``layers.npz``: a JSON ``cases`` (each case's class, layer arguments and input shape) and per
  case ``<case>_x``, ``<case>_w<i>`` (the layer's weights) and ``<case>_y`` (its output);
- ``model.keras`` and ``model.npz``: `model` trained 2 epochs by ``fit(x, y, batch_size=8,
  shuffle=False)`` with Adam and mse (an L2 penalty on the depthwise kernel, so the loss shows
  which weight it reaches): its starting weights ``w<i>``, the data ``x`` and ``y``, the
  ``loss`` per epoch, the weights after ``after<i>`` and the saved model's outputs
  ``predicted``. The test builds the same model with `model` given statefulrnn for ``keras``.
No channels_first case: TensorFlow's CPU kernels refuse depthwise convolutions in that layout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "depthwise_conv"
CASES = {
    "depthwise_valid_k3": ("DepthwiseConv1D", {"kernel_size": 3}, (2, 7, 3)),
    "depthwise_same_m2": (
        "DepthwiseConv1D",
        {"kernel_size": 4, "padding": "same", "depth_multiplier": 2},
        (2, 6, 3),
    ),
    "depthwise_strided": (
        "DepthwiseConv1D",
        {"kernel_size": 3, "strides": 2, "padding": "same", "bias_initializer": "random_normal"},
        (2, 9, 2),
    ),
    "depthwise_dilated_tanh": (
        "DepthwiseConv1D",
        {"kernel_size": 2, "dilation_rate": 3, "depth_multiplier": 3, "activation": "tanh"},
        (2, 8, 2),
    ),
    "separable_valid": ("SeparableConv1D", {"filters": 4, "kernel_size": 3}, (2, 7, 3)),
    "separable_same_m2": (
        "SeparableConv1D",
        {
            "filters": 2,
            "kernel_size": 5,
            "padding": "same",
            "depth_multiplier": 2,
            "bias_initializer": "ones",
        },
        (2, 6, 3),
    ),
    "separable_strided_relu": (
        "SeparableConv1D",
        {"filters": 3, "kernel_size": 3, "strides": 2, "activation": "relu", "use_bias": False},
        (2, 9, 4),
    ),
    "separable_dilated": (
        "SeparableConv1D",
        {"filters": 2, "kernel_size": 3, "dilation_rate": 2},
        (2, 10, 2),
    ),
}


def model(keras: Any, steps: int = 24) -> Any:
    """SeparableConv1D and DepthwiseConv1D feeding an LSTM (``keras``: Keras 3, or statefulrnn
    imported as keras)."""
    layers = keras.layers
    return keras.Sequential(
        [
            layers.Input(shape=(steps, 2)),
            layers.SeparableConv1D(6, 5, padding="same", depth_multiplier=2, activation="relu"),
            layers.DepthwiseConv1D(3, strides=2, depthwise_regularizer=keras.regularizers.L2(0.01)),
            layers.LSTM(5),
            layers.Dense(1),
        ]
    )


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"cases": json.dumps(CASES)}
    for name, (kind, arguments, shape) in CASES.items():
        layer = getattr(keras.layers, kind)(**arguments)
        x = rng.normal(size=shape).astype(np.float32)
        arrays.update({f"{name}_x": x, f"{name}_y": np.asarray(layer(x))})
        arrays.update({f"{name}_w{i}": np.asarray(w) for i, w in enumerate(layer.get_weights())})
    np.savez_compressed(OUT / "layers.npz", **arrays)

    network = model(keras)
    network.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    start = network.get_weights()
    x = rng.normal(size=(32, 24, 2)).astype(np.float32)
    late, early = x[:, -6:, 0].mean(axis=1, keepdims=True), x[:, :6, 1].mean(axis=1, keepdims=True)
    y = (late - early).astype(np.float32)
    history = network.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    network.save(OUT / "model.keras")
    np.savez_compressed(
        OUT / "model.npz", x=x, y=y, loss=np.array(history.history["loss"]),
        predicted=np.asarray(network.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(start)},
        **{f"after{i}": w for i, w in enumerate(network.get_weights())},
    )  # fmt: skip
    print(f"keras {keras.__version__}: {len(CASES)} layer cases, model losses {history.history}")


if __name__ == "__main__":
    main()
