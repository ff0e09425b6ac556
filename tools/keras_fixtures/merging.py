"""Record what real Keras 3 computes for the merge layers (Add, Subtract, Multiply, Average,
Maximum, Minimum, Concatenate, Dot), RepeatVector, Flatten, Reshape and Activation, and for two
functional models with stateful recurrent layers (tests/layers/merging_models.py), run whole and
in chunks (one with padded steps masked by Masking).

Run in the Keras venv:
    $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/merging.py
Writes tests/fixtures/merging/NAME.npz, each with a JSON ``spec`` and plain arrays.
A layer case: spec ``{"class", "config", "list"}`` (``list``: the layer takes a list of
inputs), ``x0, x1, ...`` (float32 inputs), ``m0, m1, ...`` (bool masks, set on the inputs with
Keras's ``set_keras_mask``; absent for an unmasked input), ``y`` (the output) and ``y_mask``
(the output's mask, where Keras gives one). A model case: spec ``{"model", "inputs",
"chunks"}``, ``x0, x1, ...`` (the model's inputs, whole), ``w__LAYER__I`` (weight I of LAYER,
set with set_weights), ``y_full`` and ``y_chunk_0, y_chunk_1, ...`` (the stateful model
called on consecutive chunks of the time axis after ``reset_state``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "merging"
sys.path.insert(0, str(ROOT / "tests" / "layers"))

import merging_models  # noqa: E402

S3 = (2, 4, 3)
# name: (class, constructor arguments, input shapes, which inputs carry a mask)
LAYER_CASES: dict[str, tuple[str, dict[str, Any], list[tuple[int, ...]], list[bool]]] = {
    "add": ("Add", {}, [S3, S3], []),
    "add_three": ("Add", {}, [S3, S3, S3], []),
    "add_broadcast": ("Add", {}, [S3, (2, 1, 3)], []),
    "add_lower_rank": ("Add", {}, [S3, (2, 3)], []),
    "subtract": ("Subtract", {}, [S3, S3], []),
    "multiply": ("Multiply", {}, [S3, S3, S3], []),
    "average": ("Average", {}, [S3, S3, S3], []),
    "maximum": ("Maximum", {}, [S3, S3, S3], []),
    "minimum": ("Minimum", {}, [S3, S3], []),
    "concatenate": ("Concatenate", {}, [S3, (2, 4, 2)], []),
    "concatenate_axis1": ("Concatenate", {"axis": 1}, [S3, (2, 2, 3)], []),
    "dot_2d": ("Dot", {"axes": -1}, [(2, 4), (2, 4)], []),
    "dot_3d": ("Dot", {"axes": -1}, [S3, (2, 5, 3)], []),
    "dot_axes_pair": ("Dot", {"axes": (1, 2)}, [S3, (2, 3, 4)], []),
    "dot_normalize": ("Dot", {"axes": 2, "normalize": True}, [S3, (2, 5, 3)], []),
    "dot_higher_rank": ("Dot", {"axes": (-2, -1)}, [(1, 3, 2), (1, 1, 2, 3)], []),
    "add_masked": ("Add", {}, [S3, S3], [True, True]),
    "add_one_mask": ("Add", {}, [S3, S3], [True, False]),
    "subtract_masked": ("Subtract", {}, [S3, S3], [True, True]),
    "average_masked": ("Average", {}, [S3, S3], [True, True]),
    "multiply_masked": ("Multiply", {}, [S3, S3, S3], [True, True, True]),
    "multiply_one_mask": ("Multiply", {}, [S3, S3], [False, True]),
    "maximum_masked": ("Maximum", {}, [S3, S3, S3], [True, True, True]),
    "maximum_one_mask": ("Maximum", {}, [S3, S3], [True, False]),
    "minimum_masked": ("Minimum", {}, [S3, S3], [True, True]),
    "minimum_second_mask": ("Minimum", {}, [S3, S3, S3], [False, True, True]),
    "concatenate_masked": ("Concatenate", {}, [S3, (2, 4, 2)], [True, False]),
    "concatenate_axis1_masked": ("Concatenate", {"axis": 1}, [S3, (2, 2, 3)], [False, True]),
    "repeat_vector": ("RepeatVector", {"n": 3}, [(2, 5)], []),
    "flatten": ("Flatten", {}, [(2, 3, 2, 2)], []),
    "flatten_channels_first": ("Flatten", {"data_format": "channels_first"}, [(2, 3, 2, 2)], []),
    "reshape": ("Reshape", {"target_shape": (-1, 2)}, [(2, 3, 4)], []),
    "activation_softmax": ("Activation", {"activation": "softmax"}, [S3], []),
    "activation_gelu": ("Activation", {"activation": "gelu"}, [S3], []),
    "activation_tanh_masked": ("Activation", {"activation": "tanh"}, [S3], [True]),
}
MERGES = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"}

# name: (input sizes of the model, chunk lengths along time)
MODEL_CASES = {
    "two_branch": ([3, 2], [2, 3, 1]),
    "encoder_decoder": ([3], [3, 1, 2]),
    "masked_merge": ([3], [2, 3, 1]),
}
STEPS = 6


def layer_case(name: str, rng: np.random.Generator) -> dict[str, Any]:
    import keras
    import tensorflow as tf
    from keras.src import backend

    cls, config, shapes, masked = LAYER_CASES[name]
    arrays: dict[str, Any] = {}
    inputs = []
    for i, shape in enumerate(shapes):
        x = rng.uniform(-1.0, 1.0, size=shape).astype("float32")
        arrays[f"x{i}"] = x
        tensor = tf.constant(x)
        if i < len(masked) and masked[i]:
            mask = rng.uniform(size=shape[:2]) < 0.6
            arrays[f"m{i}"] = mask
            backend.set_keras_mask(tensor, tf.constant(mask))
        inputs.append(tensor)
    layer = getattr(keras.layers, cls)(**config)
    y = layer(inputs if cls in MERGES else inputs[0])
    arrays["y"] = np.asarray(y)
    y_mask = backend.get_keras_mask(y)
    if y_mask is not None:
        arrays["y_mask"] = np.asarray(y_mask)
    arrays["spec"] = json.dumps({"class": cls, "config": config, "list": cls in MERGES})
    return arrays


def model_case(name: str, rng: np.random.Generator) -> dict[str, Any]:
    import keras

    sizes, chunks = MODEL_CASES[name]
    model = merging_models.MODELS[name](keras.layers, keras.Model)
    arrays: dict[str, Any] = {}
    for layer in model.layers:
        weights = [rng.uniform(-0.5, 0.5, size=w.shape).astype("float32") for w in layer.get_weights()]
        layer.set_weights(weights)
        arrays.update({f"w__{layer.name}__{i}": w for i, w in enumerate(weights)})
    xs = [rng.uniform(-1.0, 1.0, size=(merging_models.BATCH, STEPS, f)).astype("float32") for f in sizes]
    for row, step in merging_models.PADDED_STEPS.get(name, []):
        for x in xs:
            x[row, step] = 0.0
    arrays.update({f"x{i}": x for i, x in enumerate(xs)})

    def reset() -> None:
        for layer in model.layers:
            if getattr(layer, "stateful", False):
                layer.reset_state()

    def call(parts: list[np.ndarray]) -> np.ndarray:
        return np.asarray(model(parts if len(parts) > 1 else parts[0]))

    arrays["y_full"] = call(xs)
    reset()
    start = 0
    for k, length in enumerate(chunks):
        arrays[f"y_chunk_{k}"] = call([x[:, start : start + length] for x in xs])
        start += length
    arrays["spec"] = json.dumps({"model": name, "inputs": len(xs), "chunks": chunks})
    return arrays


def main() -> None:
    import keras
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate([*LAYER_CASES, *MODEL_CASES]):
        rng = np.random.default_rng(index)
        arrays = layer_case(name, rng) if name in LAYER_CASES else model_case(name, rng)
        np.savez_compressed(OUT / f"{name}.npz", **arrays)
    print(f"{len(LAYER_CASES) + len(MODEL_CASES)} cases on Keras {keras.__version__} -> {OUT}")


if __name__ == "__main__":
    main()
