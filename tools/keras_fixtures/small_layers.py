"""Keras 3's ``UnitNormalization``, ``RMSNormalization``, ``GroupNormalization`` and
``ActivityRegularization``: what they compute, the penalty the last adds to the training loss,
and a ``.keras`` file holding the first and last.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/small_layers.py
Writes tests/fixtures/small_layers/values.npz (``x``; ``unit_last`` and ``unit_steps``, the
outputs for axis -1 and [1, 2]; ``rms_last`` and ``rms_steps`` likewise, with ``rms_scale_last``
and ``rms_scale_steps`` the scales they ran with, and ``rms_epsilon`` the output of axis -1 with
epsilon 0.1; ``group_x`` and, for each of GROUP_CASES, GroupNormalization's output
``group_<case>`` with the weights ``group_<case>_weight_<i>`` it ran with; ``y``,
``weights_<i>`` the `build` model's initial weights, ``loss`` of its first ``train_on_batch``
and ``penalty``, its ``losses`` for ``x``, and ``predicted``) and model.keras (that model,
saved after the step).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "small_layers"
# GroupNormalization's cases on ``group_x`` (3, 5, 4), random weights ``group_<case>_weight_<i>``.
GROUP_CASES = {
    "two": {"groups": 2},
    "instance": {"groups": -1, "epsilon": 0.1},
    "steps_axis": {"groups": 5, "axis": 1, "center": False},
}


def build(api: Any) -> Any:
    """LSTM -> UnitNormalization -> ActivityRegularization -> Dense, from keras or statefulrnn."""
    model = api.Sequential(
        [
            api.layers.Input((5, 3)),
            api.layers.LSTM(4, return_sequences=True),
            api.layers.UnitNormalization(axis=[1, 2]),
            api.layers.ActivityRegularization(l1=0.01, l2=0.1),
            api.layers.GlobalAveragePooling1D(),
            api.layers.Dense(1),
        ]
    )
    model.compile(optimizer=api.optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(6, 5, 3)).astype(np.float32), rng.normal(size=(6, 1)).astype(np.float32)
    arrays = {
        "x": x,
        "y": y,
        "unit_last": np.asarray(keras.layers.UnitNormalization()(x)),
        "unit_steps": np.asarray(keras.layers.UnitNormalization(axis=[1, 2])(x)),
    }
    scales = np.random.default_rng(1)
    for key, axis in (("last", -1), ("steps", [1, 2])):
        layer = keras.layers.RMSNormalization(axis=axis)
        layer.build(x.shape)
        scale = scales.normal(size=tuple(layer.scale.shape)).astype(np.float32)
        layer.scale.assign(scale)
        arrays[f"rms_{key}"], arrays[f"rms_scale_{key}"] = np.asarray(layer(x)), scale
    arrays["rms_epsilon"] = np.asarray(keras.layers.RMSNormalization(epsilon=0.1)(x))
    grouped = np.random.default_rng(2)
    arrays["group_x"] = x4 = grouped.normal(size=(3, 5, 4)).astype(np.float32)
    for key, arguments in GROUP_CASES.items():
        layer = keras.layers.GroupNormalization(**arguments)
        layer.build(x4.shape)
        weights = [grouped.normal(size=tuple(w.shape)).astype(np.float32) for w in layer.weights]
        layer.set_weights(weights)
        arrays[f"group_{key}"] = np.asarray(layer(x4))
        arrays.update({f"group_{key}_weight_{i}": w for i, w in enumerate(weights)})
    model = build(keras)
    arrays.update({f"weights_{i}": w for i, w in enumerate(model.get_weights())})
    arrays["loss"] = np.asarray(model.train_on_batch(x, y))
    model(x)
    arrays["penalty"] = np.asarray(sum(model.losses))
    arrays["predicted"] = model.predict(x, verbose=0)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "model.keras")
    np.savez(OUT / "values.npz", **arrays)
    print("loss", arrays["loss"], "penalty", arrays["penalty"])


if __name__ == "__main__":
    main()
