"""Keras 3's mixed precision ("mixed_float16", "mixed_bfloat16") on its torch backend: two small
models built under each policy, their predictions, a few epochs of fit (losses, final weights,
the loss scale of compile's LossScaleOptimizer) and the dtypes Keras gives layers, weights
and outputs.

The models start from the weights recorded here (``init_<case>_<i>``), so statefulrnn, which
does not draw Keras's random numbers, starts from the same ones. The torch backend computes
float16 with PyTorch's kernels, as statefulrnn does.

Run in the Keras venv:
    KERAS_BACKEND=torch $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/mixed_precision.py
Writes tests/fixtures/mixed_precision/values.npz: for each case of `CASES`, ``init_``,
``final_`` (weights, numbered), ``predict_``, ``losses_``, ``loss_scale_`` (-1 without a
LossScaleOptimizer) and ``facts_`` (a JSON string of the dtypes and the optimizer's class);
``x_<data>``, ``y_<data>`` the data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mixed_precision"

# (case name, model, policy, data): "big" targets overflow float16's scaled gradients at first,
# so compile's LossScaleOptimizer skips steps and halves its scale.
CASES = [
    ("lstm_f16", "lstm", "mixed_float16", "seq"),
    ("lstm_bf16", "lstm", "mixed_bfloat16", "seq"),
    ("conv_f16", "conv", "mixed_float16", "wave"),
    ("conv_bf16", "conv", "mixed_bfloat16", "wave"),
    ("conv_f16_big", "conv", "mixed_float16", "big"),
]
EPOCHS, BATCH, LEARNING_RATE = 3, 4, 0.05


def data() -> dict[str, np.ndarray]:
    """The inputs and targets, seeded."""
    rng = np.random.default_rng(0)
    seq_x = rng.normal(size=(12, 6, 3)).astype("float32")
    seq_y = rng.integers(0, 4, size=(12,)).astype("int32")
    wave_x = rng.normal(size=(12, 10, 3)).astype("float32")
    wave_y = rng.normal(size=(12, 2)).astype("float32")
    return {
        "x_seq": seq_x, "y_seq": seq_y, "x_wave": wave_x, "y_wave": wave_y,
        "x_big": wave_x, "y_big": wave_y * 300.0,
    }  # fmt: skip


def build(keras: Any, model: str, policy: str) -> Any:
    """The model ``model`` under ``policy``, compiled; the global policy is set back to float32."""
    keras.config.set_dtype_policy(policy)
    try:
        layers = keras.layers
        if model == "lstm":
            built = keras.Sequential([
                keras.Input((6, 3)), layers.LSTM(8), layers.Dense(4),
                layers.Activation("softmax", dtype="float32"),
            ])  # fmt: skip
            loss = "sparse_categorical_crossentropy"
        else:
            built = keras.Sequential([
                keras.Input((10, 3)), layers.Conv1D(5, 3, activation="relu"), layers.Flatten(),
                layers.Dense(2), layers.Activation("linear", dtype="float32"),
            ])  # fmt: skip
            loss = "mse"
        built.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss=loss)
    finally:
        keras.config.set_dtype_policy("float32")
    return built


def facts(keras: Any, model: Any, x: np.ndarray) -> dict[str, Any]:
    """The dtypes Keras gives: each layer's compute and variable dtype and policy, the weights',
    the first layer's output on ``x`` (a tensor call), and the optimizer's class."""
    first = model.layers[0](keras.ops.convert_to_tensor(x[:2]))
    return {
        "compute": [layer.compute_dtype for layer in model.layers],
        "variable": [layer.variable_dtype for layer in model.layers],
        "policy": [layer.dtype_policy.name for layer in model.layers],
        "weights": [keras.backend.standardize_dtype(w.dtype) for w in model.weights],
        "first_output": keras.backend.standardize_dtype(first.dtype),
        "predict": str(model.predict(x[:2], verbose=0).dtype),
        "optimizer": type(model.optimizer).__name__,
    }


def main() -> None:
    if os.environ.get("KERAS_BACKEND") != "torch":
        raise SystemExit("Run with KERAS_BACKEND=torch: this fixture is Keras's torch backend's float16.")
    import keras

    arrays = data()
    saved: dict[str, Any] = dict(arrays)
    for case, kind, policy, which in CASES:
        keras.utils.set_random_seed(1)
        x, y = arrays[f"x_{which}"], arrays[f"y_{which}"]
        model = build(keras, kind, policy)
        for i, w in enumerate(model.get_weights()):
            saved[f"init_{case}_{i}"] = w
        saved[f"predict_{case}"] = model.predict(x, verbose=0)
        saved[f"facts_{case}"] = json.dumps(facts(keras, model, x))
        history = model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=False, verbose=0)
        saved[f"losses_{case}"] = np.array(history.history["loss"])
        for i, w in enumerate(model.get_weights()):
            saved[f"final_{case}_{i}"] = w
        scale = getattr(model.optimizer, "dynamic_scale", None)
        saved[f"loss_scale_{case}"] = np.float32(-1.0 if scale is None else keras.ops.convert_to_numpy(scale))
        print(case, saved[f"losses_{case}"], saved[f"loss_scale_{case}"], saved[f"facts_{case}"])
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **saved)
    print(f"keras {keras.__version__} ({keras.backend.backend()}): {len(CASES)} cases")


if __name__ == "__main__":
    main()
