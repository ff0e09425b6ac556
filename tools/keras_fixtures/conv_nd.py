"""Record what real Keras 3 computes for Conv2D, Conv3D and the 2-D and 3-D pooling layers, and
for keras-io's next-frame stack (ConvLSTM2D -> Conv3D(padding="same")).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/conv_nd.py
Writes tests/fixtures/conv_nd/NAME.npz, each with a JSON ``spec`` (the layer's class and
constructor arguments, or the model's layers) and plain float32 arrays: ``x`` (input),
``w0, w1, ...`` (the weights set with set_weights, Keras's order) and ``y`` (the output).

Odd sizes make ``"same"`` pad unevenly (TensorFlow puts the odd place at the end).

channels_first convolutions: Keras 3.15 runs them on TensorFlow's CPU, but with strides above 1
its Conv2D gives numbers that differ from its own channels_last Conv2D on the transposed input
(by up to 2.03 in ``conv2d_channels_first_same_strides``; stride 1 agrees exactly). So ``y`` of
a channels_first convolution is the channels_last layer's output (same weights), transposed,
and the spec records ``tf_channels_first_max_difference``, how far TensorFlow's own
channels_first result was from it. The channels_first pooling cases are Keras's own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import random_weights, record, save_case

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "conv_nd"

# name: (class, constructor arguments, input shape).
LAYER_CASES: dict[str, tuple[str, dict[str, Any], tuple[int, ...]]] = {
    "conv2d_valid": ("Conv2D", {"filters": 3, "kernel_size": 3}, (2, 7, 6, 4)),
    "conv2d_same_odd": ("Conv2D", {"filters": 2, "kernel_size": (4, 3), "padding": "same"}, (2, 7, 5, 3)),
    "conv2d_same_strides": (
        "Conv2D",
        {"filters": 3, "kernel_size": 3, "strides": (2, 3), "padding": "same", "activation": "relu"},
        (2, 9, 8, 2),
    ),
    "conv2d_valid_strides": ("Conv2D", {"filters": 2, "kernel_size": (2, 3), "strides": 2}, (2, 7, 9, 3)),
    "conv2d_dilated_same": (
        "Conv2D",
        {"filters": 2, "kernel_size": 3, "dilation_rate": (2, 1), "padding": "same", "use_bias": False},
        (2, 7, 6, 3),
    ),
    "conv2d_groups_tanh": (
        "Conv2D",
        {"filters": 6, "kernel_size": 2, "groups": 3, "padding": "same", "activation": "tanh"},
        (2, 5, 5, 6),
    ),
    "conv2d_channels_first_same_strides": (
        "Conv2D",
        {
            "filters": 3,
            "kernel_size": (3, 2),
            "strides": 2,
            "padding": "same",
            "data_format": "channels_first",
        },
        (2, 4, 7, 6),
    ),
    "conv3d_channels_first_dilated": (
        "Conv3D",
        {"filters": 2, "kernel_size": 2, "dilation_rate": (1, 2, 1), "data_format": "channels_first"},
        (2, 3, 4, 5, 6),
    ),
    "conv3d_valid": ("Conv3D", {"filters": 2, "kernel_size": 2}, (2, 4, 5, 6, 3)),
    "conv3d_same_sigmoid": (
        "Conv3D",
        {"filters": 1, "kernel_size": (3, 3, 3), "activation": "sigmoid", "padding": "same"},
        (2, 5, 6, 7, 2),
    ),
    "conv3d_same_strides_even_kernel": (
        "Conv3D",
        {"filters": 3, "kernel_size": (2, 4, 3), "strides": 2, "padding": "same"},
        (1, 5, 7, 6, 2),
    ),
    "conv3d_dilated_groups": (
        "Conv3D",
        {"filters": 4, "kernel_size": 2, "dilation_rate": 2, "groups": 2},
        (2, 5, 5, 6, 4),
    ),
    "maxpool2d_default": ("MaxPooling2D", {}, (2, 7, 6, 3)),
    "maxpool2d_same_strides": (
        "MaxPooling2D",
        {"pool_size": 3, "strides": (2, 1), "padding": "same"},
        (2, 7, 6, 2),
    ),
    "maxpool2d_channels_first": (
        "MaxPooling2D",
        {"pool_size": (2, 3), "padding": "same", "data_format": "channels_first"},
        (2, 3, 5, 7),
    ),
    "maxpool3d_default": ("MaxPooling3D", {}, (2, 5, 4, 6, 2)),
    "maxpool3d_same": ("MaxPooling3D", {"pool_size": 3, "strides": 2, "padding": "same"}, (1, 5, 6, 7, 2)),
    "avgpool2d_valid": ("AveragePooling2D", {"pool_size": (2, 3), "strides": 1}, (2, 5, 6, 3)),
    "avgpool2d_same": ("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 7, 2)),
    "avgpool2d_same_stride1": (
        "AveragePooling2D",
        {"pool_size": (4, 2), "strides": 1, "padding": "same"},
        (1, 5, 5, 2),
    ),
    "avgpool2d_channels_first_same": (
        "AveragePooling2D",
        {"pool_size": 2, "padding": "same", "data_format": "channels_first"},
        (2, 3, 5, 7),
    ),
    "avgpool3d_same": ("AveragePooling3D", {"pool_size": (2, 3, 2), "padding": "same"}, (2, 5, 7, 3, 2)),
    "avgpool3d_valid": ("AveragePooling3D", {"pool_size": 2, "strides": 1}, (1, 3, 4, 3, 2)),
    "gap2d": ("GlobalAveragePooling2D", {}, (3, 4, 5, 2)),
    "gap2d_keepdims_channels_first": (
        "GlobalAveragePooling2D",
        {"keepdims": True, "data_format": "channels_first"},
        (3, 2, 4, 5),
    ),
    "gap3d": ("GlobalAveragePooling3D", {}, (2, 3, 4, 5, 2)),
    "gmp2d_keepdims": ("GlobalMaxPooling2D", {"keepdims": True}, (3, 4, 5, 2)),
    "gmp3d_channels_first": ("GlobalMaxPooling3D", {"data_format": "channels_first"}, (2, 2, 3, 4, 5)),
}

# keras-io's next-frame prediction, small: ConvLSTM2D stack ending in Conv3D(padding="same").
NEXT_FRAME = [
    (
        "ConvLSTM2D",
        {
            "filters": 4,
            "kernel_size": (3, 3),
            "padding": "same",
            "return_sequences": True,
            "activation": "relu",
        },
    ),
    ("BatchNormalization", {}),
    (
        "ConvLSTM2D",
        {
            "filters": 3,
            "kernel_size": (1, 1),
            "padding": "same",
            "return_sequences": True,
            "activation": "relu",
        },
    ),
    ("Conv3D", {"filters": 1, "kernel_size": (3, 3, 3), "activation": "sigmoid", "padding": "same"}),
]
NEXT_FRAME_INPUT = (2, 5, 7, 6, 1)


def record_layers(keras: Any) -> None:
    for index, (name, (cls, config, shape)) in enumerate(LAYER_CASES.items()):
        rng = np.random.default_rng(300 + index)
        layer = getattr(keras.layers, cls)(**config)
        x = rng.normal(size=shape).astype("float32")
        layer.build(shape)
        weights = random_weights(layer.weights, rng)
        layer.set_weights(weights)
        arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y": np.asarray(layer(x))}
        spec = {"class": cls, "config": config}
        if cls.startswith("Conv") and config.get("data_format") == "channels_first":
            y = _channels_last_twin(keras, cls, config, weights, x)
            spec["tf_channels_first_max_difference"] = float(np.abs(arrays["y"] - y).max())
            arrays["y"] = y
        save_case(OUT, name, spec, arrays)


def _channels_last_twin(keras: Any, cls: str, config: dict, weights: list, x: np.ndarray) -> np.ndarray:
    """The output of the channels_last twin of a channels_first layer (same weights) on ``x``,
    in channels_first layout."""
    layer = getattr(keras.layers, cls)(**{**config, "data_format": "channels_last"})
    last = np.moveaxis(x, 1, -1)
    layer.build(last.shape)
    layer.set_weights(weights)
    return np.moveaxis(np.asarray(layer(last)), -1, 1)


def build_model(keras: Any, entries: list, shape: tuple[int, ...]) -> Any:
    """The model of ``entries`` ((class, arguments) per layer) for inputs of ``shape``; also
    run by tests/layers/test_conv_nd.py with statefulrnn as ``keras``."""
    layers = [getattr(keras.layers, cls)(**config) for cls, config in entries]
    return keras.Sequential([keras.Input(shape=shape[1:]), *layers])


CNN_LSTM_BATCH_SHAPE, CNN_LSTM_STEPS, CNN_LSTM_CHUNK = (2, None, 6, 5, 2), 7, 3


def cnn_lstm(keras: Any, stateful: bool) -> Any:
    """A CNN-LSTM on short videos ``(N, T, H, W, C)``: each frame through Conv2D, MaxPooling2D
    and Flatten (TimeDistributed), then an LSTM over the frames; also built by the tests with
    statefulrnn as ``keras``."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(batch_shape=CNN_LSTM_BATCH_SHAPE),
            layers.TimeDistributed(layers.Conv2D(3, (3, 2), padding="same", activation="relu")),
            layers.TimeDistributed(layers.MaxPooling2D()),
            layers.TimeDistributed(layers.Flatten()),
            layers.LSTM(4, stateful=stateful),
            layers.Dense(1),
        ]
    )


def record_models(keras: Any) -> None:
    rng = np.random.default_rng(11)
    model = cnn_lstm(keras, stateful=False)
    weights = [w * 0.5 for w in random_weights(model.weights, rng)]
    model.set_weights(weights)
    shape = (CNN_LSTM_BATCH_SHAPE[0], CNN_LSTM_STEPS, *CNN_LSTM_BATCH_SHAPE[2:])
    x = rng.normal(size=shape).astype("float32")
    arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y_full": np.asarray(model(x))}
    chunked = cnn_lstm(keras, stateful=True)
    chunked.set_weights(weights)
    for i, start in enumerate(range(0, CNN_LSTM_STEPS, CNN_LSTM_CHUNK)):
        arrays[f"y_chunk_{i}"] = np.asarray(chunked(x[:, start : start + CNN_LSTM_CHUNK]))
    save_case(OUT, "model_cnn_lstm", {"chunk": CNN_LSTM_CHUNK}, arrays)

    model = build_model(keras, NEXT_FRAME, NEXT_FRAME_INPUT)
    weights = [w * 0.5 for w in random_weights(model.weights, rng)]
    model.set_weights(weights)
    x = rng.random(NEXT_FRAME_INPUT).astype("float32")
    arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y": np.asarray(model(x))}
    save_case(OUT, "model_next_frame", {"layers": NEXT_FRAME}, arrays)


def main() -> None:
    record(OUT, record_layers, record_models)


if __name__ == "__main__":
    main()
