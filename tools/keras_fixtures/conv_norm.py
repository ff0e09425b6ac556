"""Record what real Keras 3 computes for Conv1D, the 1-D pooling layers, LayerNormalization and
BatchNormalization, and for two CNN-LSTM models (one stateful, run whole and in chunks).

Run in the Keras venv:
    $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/conv_norm.py
Writes tests/fixtures/conv_norm/NAME.npz, each with a JSON ``spec`` (the layer's class and
constructor arguments, or the model's layers; how it was called) and plain float32 arrays:
``x`` (input), ``mask`` (where one is given), ``w0, w1, ...`` (the weights set with
set_weights, Keras's order), ``y`` (the output) and, for a BatchNormalization call in
training, ``moving_mean`` / ``moving_variance`` after the call. The stateful model has
``y_full`` and ``y_chunk_0, y_chunk_1, ...``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import random_weights, record, save_case

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "conv_norm"

# name: (class, constructor arguments, input shape, call arguments, mask?). No channels_first
# Conv1D: TensorFlow's CPU convolution refuses that layout (tests/keras_suite/test_conv1d.py
# checks it against Keras's own numpy reference instead).
LAYER_CASES: dict[str, tuple[str, dict[str, Any], tuple[int, ...], dict[str, Any], bool]] = {
    "conv_valid": ("Conv1D", {"filters": 3, "kernel_size": 3}, (2, 7, 4), {}, False),
    "conv_same_stride2": (
        "Conv1D",
        {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
        (2, 7, 4),
        {},
        False,
    ),
    "conv_same_even_kernel": (
        "Conv1D",
        {"filters": 2, "kernel_size": 4, "padding": "same"},
        (2, 7, 3),
        {},
        False,
    ),
    "conv_causal_dilated": (
        "Conv1D",
        {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
        (2, 8, 2),
        {},
        False,
    ),
    "conv_groups_relu": (
        "Conv1D",
        {"filters": 4, "kernel_size": 2, "padding": "same", "groups": 2, "activation": "relu"},
        (2, 6, 4),
        {},
        False,
    ),
    "conv_no_bias_tanh": (
        "Conv1D",
        {"filters": 2, "kernel_size": 2, "strides": 3, "use_bias": False, "activation": "tanh"},
        (2, 8, 3),
        {},
        False,
    ),
    "maxpool_default": ("MaxPooling1D", {}, (2, 7, 3), {}, False),
    "maxpool_same_stride2": (
        "MaxPooling1D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 8, 3),
        {},
        False,
    ),
    "maxpool_same_stride1": (
        "MaxPooling1D",
        {"pool_size": 4, "strides": 1, "padding": "same"},
        (2, 5, 2),
        {},
        False,
    ),
    "maxpool_channels_first": (
        "MaxPooling1D",
        {"pool_size": 2, "data_format": "channels_first"},
        (2, 3, 6),
        {},
        False,
    ),
    "avgpool_same": (
        "AveragePooling1D",
        {"pool_size": 3, "strides": 2, "padding": "same"},
        (2, 8, 3),
        {},
        False,
    ),
    "avgpool_valid": ("AveragePooling1D", {"pool_size": 2, "strides": 1}, (2, 5, 3), {}, False),
    "gap": ("GlobalAveragePooling1D", {}, (3, 5, 2), {}, False),
    "gap_mask": ("GlobalAveragePooling1D", {}, (3, 5, 2), {}, True),
    "gap_keepdims_mask": ("GlobalAveragePooling1D", {"keepdims": True}, (3, 5, 2), {}, True),
    "gap_channels_first_mask": (
        "GlobalAveragePooling1D",
        {"data_format": "channels_first"},
        (3, 2, 5),
        {},
        True,
    ),
    "gmp_keepdims": ("GlobalMaxPooling1D", {"keepdims": True}, (3, 5, 2), {}, False),
    "ln_default": ("LayerNormalization", {}, (2, 4, 5), {}, False),
    "ln_axes_1_2": ("LayerNormalization", {"axis": [1, 2]}, (2, 4, 3), {}, False),
    "ln_no_center_scale_eps": (
        "LayerNormalization",
        {"center": False, "scale": False, "epsilon": 1e-5},
        (2, 3, 4),
        {},
        False,
    ),
    "ln_rms_scaling": ("LayerNormalization", {"rms_scaling": True}, (2, 3, 4), {}, False),
    "bn_inference": ("BatchNormalization", {}, (3, 4, 5), {"training": False}, False),
    "bn_training": ("BatchNormalization", {"momentum": 0.9}, (3, 4, 5), {"training": True}, False),
    "bn_training_mask": ("BatchNormalization", {"momentum": 0.8}, (3, 5, 2), {"training": True}, True),
    "bn_training_axis1": (
        "BatchNormalization",
        {"axis": 1, "epsilon": 1e-2, "center": False},
        (3, 4, 2),
        {"training": True},
        False,
    ),
    "bn_training_2d_no_scale": ("BatchNormalization", {"scale": False}, (6, 3), {"training": True}, False),
}


def _mask(rng: np.random.Generator, batch: int, steps: int) -> np.ndarray:
    mask = rng.random((batch, steps)) < 0.7
    mask[:, 0] = True  # every row keeps a real step: an empty row gives NaN in Keras too
    return mask


def record_layers(keras: Any) -> None:
    for index, (name, (cls, config, shape, call, has_mask)) in enumerate(LAYER_CASES.items()):
        rng = np.random.default_rng(100 + index)
        layer = getattr(keras.layers, cls)(**config)
        x = rng.normal(size=shape).astype("float32")
        layer.build(shape)
        weights = random_weights(layer.weights, rng)
        layer.set_weights(weights)
        arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}}
        kwargs = dict(call)
        if has_mask:
            time_axis = 2 if config.get("data_format") == "channels_first" else 1
            arrays["mask"] = kwargs["mask"] = _mask(rng, shape[0], shape[time_axis])
        arrays["y"] = np.asarray(layer(x, **kwargs))
        if cls == "BatchNormalization":
            arrays["moving_mean"] = np.asarray(layer.moving_mean)
            arrays["moving_variance"] = np.asarray(layer.moving_variance)
        save_case(OUT, name, {"class": cls, "config": config, "call": call}, arrays)


# The models: (class, constructor arguments) per layer, Keras's spelling.
STATEFUL_CNN_LSTM = [
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "activation": "relu"}),
    ("LSTM", {"units": 5, "stateful": True, "return_sequences": True}),
    ("Dense", {"units": 2}),
]
POOLED_CNN_LSTM = [
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"}),
    ("MaxPooling1D", {"pool_size": 2}),
    ("LSTM", {"units": 5, "return_sequences": True}),
    ("LayerNormalization", {}),
    ("BatchNormalization", {}),
    ("GlobalAveragePooling1D", {}),
    ("Dense", {"units": 2}),
]


def _model(keras: Any, batch_shape: tuple[int | None, ...], entries: list) -> Any:
    layers = [getattr(keras.layers, cls)(**config) for cls, config in entries]
    return keras.Sequential([keras.Input(batch_shape=batch_shape), *layers])


def record_models(keras: Any) -> None:
    rng = np.random.default_rng(7)
    batch_shape, chunk = (2, None, 3), 4
    model = _model(keras, batch_shape, STATEFUL_CNN_LSTM)
    weights = [w * 0.5 for w in random_weights(model.weights, rng)]  # keeps the LSTM out of saturation
    model.set_weights(weights)
    x = rng.normal(size=(2, 12, 3)).astype("float32")
    arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y_full": np.asarray(model(x))}
    chunked = _model(keras, batch_shape, STATEFUL_CNN_LSTM)
    chunked.set_weights(weights)
    for i, start in enumerate(range(0, x.shape[1], chunk)):
        arrays[f"y_chunk_{i}"] = np.asarray(chunked(x[:, start : start + chunk]))
    spec = {"layers": STATEFUL_CNN_LSTM, "batch_shape": batch_shape, "chunk": chunk}
    save_case(OUT, "model_stateful_causal_cnn_lstm", spec, arrays)

    model = _model(keras, (None, 10, 3), POOLED_CNN_LSTM)
    weights = [w * 0.5 for w in random_weights(model.weights, rng)]
    model.set_weights(weights)
    x = rng.normal(size=(3, 10, 3)).astype("float32")
    arrays = {"x": x, **{f"w{i}": w for i, w in enumerate(weights)}, "y": np.asarray(model(x))}
    save_case(OUT, "model_pooled_cnn_lstm", {"layers": POOLED_CNN_LSTM, "batch_shape": (None, 10, 3)}, arrays)


def main() -> None:
    record(OUT, record_layers, record_models)


if __name__ == "__main__":
    main()
