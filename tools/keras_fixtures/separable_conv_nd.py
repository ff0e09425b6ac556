"""Record what real Keras 3 computes for DepthwiseConv2D and SeparableConv2D, and for a small
image classifier trained by ``fit`` (SeparableConv2D, DepthwiseConv2D, GlobalAveragePooling2D,
Dense).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/separable_conv_nd.py
Writes tests/fixtures/separable_conv_nd/:
- NAME.npz per layer case, each with a JSON ``spec`` (the class and constructor arguments) and
  float32 arrays ``x`` (input), ``w<i>`` (the weights in Keras's order, set with set_weights)
  and ``y`` (the output);
- ``model_classifier.npz``: the model's starting weights ``w<i>``, its data ``x`` and
  ``target``, the ``loss`` and ``val_loss`` per epoch of ``fit(x, target, epochs=2,
  batch_size=8, validation_split=0.25, shuffle=False)`` with Adam and sparse categorical
  cross-entropy, the weights after ``after<i>`` and the trained model's outputs ``predicted``;
  the tests build the same model with `classifier` given statefulrnn for ``keras``;
- ``classifier.keras``: the trained classifier, saved by Keras.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import random_weights, record, save_case

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "separable_conv_nd"

# name: (class, constructor arguments, input shape). Odd sizes make "same" pad unevenly.
LAYER_CASES: dict[str, tuple[str, dict[str, Any], tuple[int, ...]]] = {
    "d2d_valid": ("DepthwiseConv2D", {"kernel_size": 3}, (2, 5, 6, 3)),
    "d2d_same_strides_multiplier": (
        "DepthwiseConv2D",
        {"kernel_size": (3, 2), "strides": 2, "padding": "same", "depth_multiplier": 2},
        (2, 5, 4, 3),
    ),
    "d2d_valid_dilated": (
        "DepthwiseConv2D",
        {"kernel_size": 2, "dilation_rate": (2, 1), "depth_multiplier": 3},
        (2, 5, 4, 2),
    ),
    "d2d_same_dilated": (
        "DepthwiseConv2D",
        {"kernel_size": 3, "dilation_rate": 2, "padding": "same"},
        (1, 5, 6, 2),
    ),
    "d2d_channels_first_strides": (
        "DepthwiseConv2D",
        {"kernel_size": (2, 3), "strides": (1, 2), "depth_multiplier": 2, "data_format": "channels_first"},
        (2, 3, 4, 7),
    ),
    "d2d_relu_bias": (
        "DepthwiseConv2D",
        {"kernel_size": 3, "padding": "same", "activation": "relu"},
        (2, 4, 4, 3),
    ),
    "s2d_valid": ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, (2, 5, 6, 3)),
    "s2d_same_strides_multiplier": (
        "SeparableConv2D",
        {"filters": 3, "kernel_size": (2, 3), "strides": (2, 3), "padding": "same", "depth_multiplier": 2},
        (2, 5, 7, 2),
    ),
    "s2d_same_dilated": (
        "SeparableConv2D",
        {"filters": 2, "kernel_size": 2, "dilation_rate": (1, 2), "padding": "same", "depth_multiplier": 3},
        (1, 4, 5, 2),
    ),
    "s2d_channels_first_same": (
        "SeparableConv2D",
        {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"},
        (2, 3, 5, 4),
    ),
    "s2d_tanh_bias": (
        "SeparableConv2D",
        {"filters": 4, "kernel_size": 2, "activation": "tanh", "depth_multiplier": 2},
        (2, 4, 3, 3),
    ),
    "s2d_no_bias": (
        "SeparableConv2D",
        {"filters": 2, "kernel_size": (3, 1), "use_bias": False},
        (2, 4, 3, 2),
    ),
}


def record_layers(keras: Any) -> None:
    for index, (name, (cls, config, shape)) in enumerate(LAYER_CASES.items()):
        rng = np.random.default_rng(700 + index)
        layer = getattr(keras.layers, cls)(**config)
        x = rng.normal(size=shape).astype("float32")
        layer.build(shape)
        weights = random_weights(layer.weights, rng)
        layer.set_weights(weights)
        y = np.asarray(layer(x))
        spec = {"class": cls, "config": config, "weights": [w.path.split("/")[-1] for w in layer.weights]}
        save_case(OUT, name, spec, {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y": y})


def classifier(keras: Any) -> Any:
    """A small MobileNet-style classifier of 8x8 three-channel images into 3 classes
    (``keras``: Keras 3, or statefulrnn imported as keras)."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 3)),
            layers.SeparableConv2D(6, 3, strides=2, padding="same", depth_multiplier=2, activation="relu"),
            layers.DepthwiseConv2D(3, padding="same", activation="relu"),
            layers.SeparableConv2D(8, 2, activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(3, activation="softmax"),
        ]
    )


def record_models(keras: Any) -> None:
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(31)
    model = classifier(keras)
    x = rng.normal(size=(32, 8, 8, 3)).astype("float32")
    # The class is where the image is brightest: a quadrant's mean, a pattern the model can learn.
    target = np.argmax(
        [x[:, :4, :4].mean((1, 2, 3)), x[:, 4:, 4:].mean((1, 2, 3)), x[:, :4, 4:].mean((1, 2, 3))], 0
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    start = model.get_weights()
    history = model.fit(x, target, epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0)
    save_case(
        OUT, "model_classifier", {"epochs": 2, "batch_size": 8, "validation_split": 0.25},
        {
            "x": x, "target": target, "loss": np.array(history.history["loss"]),
            "val_loss": np.array(history.history["val_loss"]),
            "predicted": np.asarray(model.predict(x, verbose=0)),
            **{f"w{i}": w for i, w in enumerate(start)},
            **{f"after{i}": w for i, w in enumerate(model.get_weights())},
        },
    )  # fmt: skip
    print(f"classifier: losses {history.history}")
    model.save(OUT / "classifier.keras")


def main() -> None:
    record(OUT, record_layers, record_models)


if __name__ == "__main__":
    main()
