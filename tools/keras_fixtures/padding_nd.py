"""Record what real Keras 3 computes for ZeroPadding2D/3D, Cropping2D/3D and UpSampling2D/3D
(UpSampling2D's "nearest", "bilinear" and "area"), and for two models that use them: a
TimeDistributed CNN (ZeroPadding2D, Conv2D, bilinear UpSampling2D, Cropping2D, Flatten) before
an LSTM, whole and in stateful chunks, and a ConvLSTM2D decoder (UpSampling3D, ZeroPadding3D,
Conv3D, Cropping3D).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/padding_nd.py
Writes tests/fixtures/padding_nd/layers.npz (a JSON ``spec``, name -> [class, constructor
arguments, input shape], with ``x_NAME`` and ``y_NAME`` per case) and model_NAME.npz (``x``,
the weights ``w0, w1, ...`` in Keras's order, and the outputs), all float32.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import record, save_case

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "padding_nd"

# name: (class, constructor arguments, input shape).
LAYER_CASES: dict[str, tuple[str, dict[str, Any], tuple[int, ...]]] = {
    "zero_padding2d_default": ("ZeroPadding2D", {}, (2, 3, 4, 2)),
    "zero_padding2d_int": ("ZeroPadding2D", {"padding": 2}, (1, 2, 3, 2)),
    "zero_padding2d_pair": ("ZeroPadding2D", {"padding": (1, 2)}, (2, 3, 2, 1)),
    "zero_padding2d_pairs": ("ZeroPadding2D", {"padding": ((0, 2), 1)}, (2, 3, 4, 2)),
    "zero_padding2d_channels_first": (
        "ZeroPadding2D",
        {"padding": ((1, 0), (2, 3)), "data_format": "channels_first"},
        (2, 3, 4, 2),
    ),
    "zero_padding3d_default": ("ZeroPadding3D", {}, (1, 2, 3, 2, 2)),
    "zero_padding3d_mixed": ("ZeroPadding3D", {"padding": (0, (2, 1), 1)}, (2, 2, 3, 4, 1)),
    "zero_padding3d_channels_first": (
        "ZeroPadding3D",
        {"padding": 1, "data_format": "channels_first"},
        (1, 2, 2, 3, 2),
    ),
    "cropping2d_default": ("Cropping2D", {}, (2, 3, 4, 2)),
    "cropping2d_int": ("Cropping2D", {"cropping": 1}, (2, 4, 5, 2)),
    "cropping2d_pairs": ("Cropping2D", {"cropping": ((2, 0), (1, 2))}, (2, 5, 6, 3)),
    "cropping2d_channels_first": (
        "Cropping2D",
        {"cropping": (1, (0, 2)), "data_format": "channels_first"},
        (2, 3, 4, 5),
    ),
    "cropping3d_default": ("Cropping3D", {}, (2, 3, 4, 5, 2)),
    "cropping3d_mixed": ("Cropping3D", {"cropping": ((0, 1), 0, (2, 1))}, (1, 3, 2, 6, 2)),
    "cropping3d_channels_first": (
        "Cropping3D",
        {"cropping": (1, 0, 2), "data_format": "channels_first"},
        (1, 2, 4, 3, 6),
    ),
    "up_sampling2d_default": ("UpSampling2D", {}, (2, 3, 4, 2)),
    "up_sampling2d_nearest": ("UpSampling2D", {"size": (2, 3)}, (2, 3, 2, 2)),
    "up_sampling2d_channels_first": (
        "UpSampling2D",
        {"size": (3, 1), "data_format": "channels_first"},
        (2, 2, 3, 4),
    ),
    "up_sampling2d_bilinear": ("UpSampling2D", {"size": (3, 2), "interpolation": "bilinear"}, (2, 4, 5, 3)),
    "up_sampling2d_bilinear_int": ("UpSampling2D", {"size": 4, "interpolation": "Bilinear"}, (1, 3, 2, 2)),
    "up_sampling2d_bilinear_channels_first": (
        "UpSampling2D",
        {"size": (2, 3), "interpolation": "bilinear", "data_format": "channels_first"},
        (2, 3, 4, 3),
    ),
    "up_sampling2d_area": ("UpSampling2D", {"size": (2, 3), "interpolation": "area"}, (2, 3, 4, 2)),
    "up_sampling3d_default": ("UpSampling3D", {}, (1, 2, 3, 2, 2)),
    "up_sampling3d_sizes": ("UpSampling3D", {"size": (1, 2, 3)}, (2, 3, 2, 2, 1)),
    "up_sampling3d_channels_first": (
        "UpSampling3D",
        {"size": (2, 1, 2), "data_format": "channels_first"},
        (1, 2, 2, 3, 2),
    ),
}

CNN_LSTM_BATCH_SHAPE, CNN_LSTM_STEPS, CNN_LSTM_CHUNK = (2, None, 5, 4, 2), 7, 3
DECODER_INPUT = (2, 4, 5, 4, 2)


def cnn_lstm(keras: Any, stateful: bool) -> Any:
    """An LSTM over frames ``(N, T, H, W, C)``, each frame padded, convolved, upsampled
    (bilinear), cropped and flattened in TimeDistributed; also built by the tests with
    statefulrnn as ``keras``."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(batch_shape=CNN_LSTM_BATCH_SHAPE),
            layers.TimeDistributed(layers.ZeroPadding2D(((1, 0), (0, 1)))),
            layers.TimeDistributed(layers.Conv2D(3, 3, activation="relu")),
            layers.TimeDistributed(layers.UpSampling2D((2, 1), interpolation="bilinear")),
            layers.TimeDistributed(layers.Cropping2D(((1, 2), (0, 1)))),
            layers.TimeDistributed(layers.Flatten()),
            layers.LSTM(4, stateful=stateful),
            layers.Dense(1),
        ]
    )


def decoder(keras: Any) -> Any:
    """ConvLSTM2D over frames, then a 3-D decoder over (time, rows, columns): UpSampling3D,
    ZeroPadding3D, Conv3D, Cropping3D; also built by the tests with statefulrnn as ``keras``."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=DECODER_INPUT[1:]),
            layers.ConvLSTM2D(3, (3, 3), padding="same", return_sequences=True),
            layers.UpSampling3D((1, 2, 2)),
            layers.ZeroPadding3D((1, (0, 1), 1)),
            layers.Conv3D(2, 3, activation="tanh"),
            layers.Cropping3D(((0, 1), 1, (2, 0))),
        ]
    )


def record_layers(keras: Any) -> None:
    rng = np.random.default_rng(500)
    arrays = {}
    for name, (cls, config, shape) in LAYER_CASES.items():
        x = rng.normal(size=shape).astype("float32")
        arrays[f"x_{name}"] = x
        arrays[f"y_{name}"] = np.asarray(getattr(keras.layers, cls)(**config)(x))
    save_case(OUT, "layers", LAYER_CASES, arrays)


def _weights(model: Any, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights (half a standard normal) set on ``model``, as ``w0, w1, ...``."""
    weights = [0.5 * rng.normal(size=tuple(w.shape)).astype("float32") for w in model.weights]
    model.set_weights(weights)
    return {f"w{i}": w for i, w in enumerate(weights)}


def record_models(keras: Any) -> None:
    rng = np.random.default_rng(12)
    model = cnn_lstm(keras, stateful=False)
    weights = _weights(model, rng)
    shape = (CNN_LSTM_BATCH_SHAPE[0], CNN_LSTM_STEPS, *CNN_LSTM_BATCH_SHAPE[2:])
    x = rng.normal(size=shape).astype("float32")
    arrays = {"x": x, **weights, "y_full": np.asarray(model(x))}
    chunked = cnn_lstm(keras, stateful=True)
    chunked.set_weights([weights[f"w{i}"] for i in range(len(weights))])
    for i, start in enumerate(range(0, CNN_LSTM_STEPS, CNN_LSTM_CHUNK)):
        arrays[f"y_chunk_{i}"] = np.asarray(chunked(x[:, start : start + CNN_LSTM_CHUNK]))
    save_case(OUT, "model_cnn_lstm", {"chunk": CNN_LSTM_CHUNK}, arrays)

    model = decoder(keras)
    weights = _weights(model, rng)
    x = rng.normal(size=DECODER_INPUT).astype("float32")
    save_case(OUT, "model_decoder", {}, {"x": x, **weights, "y": np.asarray(model(x))})


def main() -> None:
    record(OUT, record_layers, record_models)


if __name__ == "__main__":
    main()
