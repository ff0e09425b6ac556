"""Record what real Keras 3 computes for Conv2DTranspose and Conv3DTranspose, and for two small
models trained by ``fit``: a generator (Dense -> Reshape -> two Conv2DTranspose up to an 8x8
image) and a 3-D convolutional autoencoder (Conv3D down, Conv3DTranspose back up).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/conv_transpose_nd.py
Writes tests/fixtures/conv_transpose_nd/:
- NAME.npz per layer case, each with a JSON ``spec`` (the class and constructor arguments) and
  float32 arrays ``x`` (input), ``w0``, ``w1`` (kernel and bias, set with set_weights) and
  ``y`` (the output);
- ``model_generator.npz`` and ``model_autoencoder3d.npz``: the model's starting weights ``w<i>``,
  its data ``x`` and ``target``, the ``loss`` and ``val_loss`` per epoch of ``fit(x, target,
  epochs=2, batch_size=8, validation_split=0.25, shuffle=False)`` with Adam and mse, the weights
  after ``after<i>`` and the trained model's outputs ``predicted``; the tests build the same
  models with `generator` and `autoencoder3d` given statefulrnn for ``keras``;
- ``generator.keras``: the trained generator, saved by Keras.

Dilated and channels_first cases are Keras's own numbers: unlike what
tools/keras_fixtures/conv_transpose.py found for Conv1DTranspose, TensorFlow's CPU kernel
(oneDNN) computes these here. It aborts on one dilated case, a "same" window of even extent
with ``output_padding=0`` ("could not create a primitive descriptor"), so none is recorded; the
tests check dilation by consistency too (a dilated kernel is the undilated one with zeros
between its taps). A channels_first case's spec records how far Keras's output was from its
channels_last twin's (same weights, transposed input), ``channels_last_twin_max_difference``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import random_weights, record, save_case

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "conv_transpose_nd"

# name: (class, constructor arguments, input shape). Odd sizes and kernels make "same" crop
# unevenly; a kernel shorter than its stride leaves gaps (and "valid" zeros at the end).
LAYER_CASES: dict[str, tuple[str, dict[str, Any], tuple[int, ...]]] = {
    "t2d_valid": ("Conv2DTranspose", {"filters": 3, "kernel_size": 3}, (2, 5, 4, 3)),
    "t2d_same_strides": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 4, 5, 3),
    ),
    "t2d_valid_kernel_below_stride": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": (2, 3), "strides": (3, 2)},
        (2, 3, 4, 2),
    ),
    "t2d_same_even_kernel_stride3": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": (2, 4), "strides": 3, "padding": "same"},
        (2, 3, 3, 2),
    ),
    "t2d_same_output_padding": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": (4, 3), "strides": 2, "padding": "same", "output_padding": (1, 0)},
        (2, 4, 3, 2),
    ),
    "t2d_valid_output_padding": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": 3, "strides": (2, 3), "output_padding": (1, 2)},
        (1, 3, 4, 2),
    ),
    "t2d_same_output_padding_past_the_kernel": (
        "Conv2DTranspose",
        {"filters": 1, "kernel_size": 1, "strides": (3, 2), "padding": "same", "output_padding": (2, 1)},
        (2, 3, 4, 2),
    ),
    "t2d_relu_bias": (
        "Conv2DTranspose",
        {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "relu"},
        (2, 4, 4, 3),
    ),
    "t2d_channels_first_same_strides": (
        "Conv2DTranspose",
        {
            "filters": 3,
            "kernel_size": (3, 2),
            "strides": 2,
            "padding": "same",
            "data_format": "channels_first",
        },
        (2, 4, 3, 5),
    ),
    "t2d_valid_dilated": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": 3, "dilation_rate": (2, 1)},
        (2, 4, 5, 3),
    ),
    "t2d_same_dilated_even_extent": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": (2, 3), "dilation_rate": (3, 2), "padding": "same"},
        (2, 5, 4, 2),
    ),
    "t2d_same_dilated_output_padding_0": (
        "Conv2DTranspose",
        {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "padding": "same", "output_padding": 0},
        (2, 5, 4, 2),
    ),
    "t3d_same_dilated": (
        "Conv3DTranspose",
        {"filters": 2, "kernel_size": 2, "dilation_rate": (1, 2, 1), "padding": "same"},
        (1, 3, 4, 3, 2),
    ),
    "t3d_valid": ("Conv3DTranspose", {"filters": 2, "kernel_size": 2}, (2, 3, 4, 3, 2)),
    "t3d_same_strides": (
        "Conv3DTranspose",
        {"filters": 2, "kernel_size": (3, 2, 3), "strides": (2, 1, 2), "padding": "same"},
        (1, 3, 4, 3, 2),
    ),
    "t3d_same_output_padding_tanh": (
        "Conv3DTranspose",
        {
            "filters": 3,
            "kernel_size": 3,
            "strides": 2,
            "padding": "same",
            "output_padding": 1,
            "activation": "tanh",
        },
        (1, 2, 3, 3, 2),
    ),
    "t3d_valid_kernel_below_stride_no_bias": (
        "Conv3DTranspose",
        {"filters": 2, "kernel_size": (1, 2, 1), "strides": 2, "use_bias": False},
        (2, 2, 3, 2, 3),
    ),
    "t3d_channels_first_valid_strides": (
        "Conv3DTranspose",
        {"filters": 2, "kernel_size": (2, 3, 2), "strides": (1, 2, 2), "data_format": "channels_first"},
        (1, 3, 2, 3, 2),
    ),
}


def record_layers(keras: Any) -> None:
    for index, (name, (cls, config, shape)) in enumerate(LAYER_CASES.items()):
        rng = np.random.default_rng(500 + index)
        layer = getattr(keras.layers, cls)(**config)
        x = rng.normal(size=shape).astype("float32")
        layer.build(shape)
        weights = random_weights(layer.weights, rng)
        layer.set_weights(weights)
        y = np.asarray(layer(x))
        spec: dict[str, Any] = {"class": cls, "config": config}
        if config.get("data_format") == "channels_first":
            twin = _channels_last_twin(keras, cls, config, weights, x)
            spec["channels_last_twin_max_difference"] = float(np.abs(y - twin).max())
        save_case(OUT, name, spec, {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y": y})


def _channels_last_twin(keras: Any, cls: str, config: dict, weights: list, x: np.ndarray) -> np.ndarray:
    """The output of the channels_last twin of a channels_first layer (same weights) on ``x``,
    in channels_first layout."""
    layer = getattr(keras.layers, cls)(**{**config, "data_format": "channels_last"})
    last = np.moveaxis(x, 1, -1)
    layer.build(last.shape)
    layer.set_weights(weights)
    return np.moveaxis(np.asarray(layer(last)), -1, 1)


def generator(keras: Any) -> Any:
    """A small DCGAN-style generator: a code of 6 through Dense and Reshape to 2x2x8, then two
    strided Conv2DTranspose up to an 8x8 image (``keras``: Keras 3, or statefulrnn imported as
    keras)."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(6,)),
            layers.Dense(2 * 2 * 8, activation="relu"),
            layers.Reshape((2, 2, 8)),
            layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"),
            layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="sigmoid"),
        ]
    )


def autoencoder3d(keras: Any) -> Any:
    """A 3-D convolutional autoencoder on 5x6x6 volumes: a strided Conv3D down to 3x3x3, a
    Conv3DTranspose back up (its output_padding picks 5x6x6 among the sizes that stride 2
    allows), a last one to one channel."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(5, 6, 6, 1)),
            layers.Conv3D(4, 3, strides=2, padding="same", activation="relu"),
            layers.Conv3DTranspose(
                4, 3, strides=2, padding="same", output_padding=(0, 1, 1), activation="relu"
            ),
            layers.Conv3DTranspose(1, (1, 2, 2), padding="same"),
        ]
    )


def _fit(keras: Any, name: str, model: Any, x: np.ndarray, target: np.ndarray) -> None:
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    start = model.get_weights()
    history = model.fit(x, target, epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0)
    save_case(
        OUT, f"model_{name}", {"epochs": 2, "batch_size": 8, "validation_split": 0.25},
        {
            "x": x, "target": target, "loss": np.array(history.history["loss"]),
            "val_loss": np.array(history.history["val_loss"]),
            "predicted": np.asarray(model.predict(x, verbose=0)),
            **{f"w{i}": w for i, w in enumerate(start)},
            **{f"after{i}": w for i, w in enumerate(model.get_weights())},
        },
    )  # fmt: skip
    print(f"{name}: losses {history.history}")


def record_models(keras: Any) -> None:
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(21)
    model = generator(keras)
    codes = rng.normal(size=(32, 6)).astype("float32")
    rows, cols = np.meshgrid(np.arange(8), np.arange(8), indexing="ij")
    # Blobs placed by the code's first two numbers: images a generator can learn.
    centres = 3.5 + 2 * np.tanh(codes[:, :2])
    images = np.exp(-((rows - centres[:, :1, None]) ** 2 + (cols - centres[:, 1:, None]) ** 2) / 4)
    _fit(keras, "generator", model, codes, images[..., None].astype("float32"))
    model.save(OUT / "generator.keras")

    model = autoencoder3d(keras)
    volumes = rng.random(size=(16, 5, 6, 6, 1)).astype("float32")
    _fit(keras, "autoencoder3d", model, volumes, volumes)


def main() -> None:
    record(OUT, record_layers, record_models)


if __name__ == "__main__":
    main()
