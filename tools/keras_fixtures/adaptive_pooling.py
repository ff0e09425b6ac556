"""Keras 3's ``AdaptiveAveragePooling1D/2D/3D`` and ``AdaptiveMaxPooling1D/2D/3D`` (their bins,
both layouts) and a ``.keras`` file holding them with ``SpatialDropout2D`` and
``SpatialDropout3D``.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/adaptive_pooling.py
Writes tests/fixtures/adaptive_pooling/values.npz (for each of CASES, ``<case>_x`` and the
outputs ``<case>_average`` and ``<case>_max``, but AVERAGE_ONLY's; ``model_x`` and ``model_y``,
the predictions of `build`'s model) and model.keras (that model).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "adaptive_pooling"
# name: (rank, input shape without the batch, output_size, data_format); lengths that the bins
# divide, that they do not (overlapping bins), and shorter than the bins (repeated places).
CASES: dict[str, tuple[int, tuple[int, ...], Any, str]] = {
    "1d_even": (1, (8, 3), 4, "channels_last"),
    "1d_overlap": (1, (10, 2), 3, "channels_last"),
    "1d_repeat": (1, (3, 2), (5,), "channels_last"),
    "1d_first": (1, (2, 7), 3, "channels_first"),
    "1d_one": (1, (5, 2), 1, "channels_last"),
    "2d": (2, (7, 5, 2), (3, 2), "channels_last"),
    "2d_first": (2, (2, 6, 9), (4, 4), "channels_first"),
    "2d_repeat": (2, (3, 4, 1), (5, 3), "channels_last"),
    "3d": (3, (5, 4, 6, 2), (2, 3, 4), "channels_last"),
    "3d_first": (3, (2, 3, 7, 4), 2, "channels_first"),
}
# Keras 3.15's TensorFlow backend kills the process (SIGFPE) pooling these with Max: its larger
# pool is longer than the axis.
AVERAGE_ONLY = {"1d_one"}


def pooled(api: Any, case: str, mode: str) -> Any:
    """The layer of ``case`` (``mode`` ``"Average"`` or ``"Max"``), from Keras or statefulrnn."""
    rank, _, size, data_format = CASES[case]
    return getattr(api.layers, f"Adaptive{mode}Pooling{rank}D")(size, data_format=data_format)


def build(api: Any) -> Any:
    """Frames (5, 6, 4, 2) through SpatialDropout3D, a Conv3D, AdaptiveMaxPooling3D to (5, 3,
    2), SpatialDropout2D after a reshape to an image, AdaptiveAveragePooling2D and a Dense, from
    Keras or statefulrnn."""
    layers = api.layers
    inputs = layers.Input((5, 6, 4, 2))
    x = layers.SpatialDropout3D(0.3, seed=1)(inputs)
    x = layers.Conv3D(3, 2, padding="same")(x)
    x = layers.AdaptiveMaxPooling3D((5, 3, 2))(x)
    x = layers.Reshape((5, 6, 3))(x)
    x = layers.SpatialDropout2D(0.2, data_format="channels_first")(x)
    x = layers.AdaptiveAveragePooling2D((2, 4), data_format="channels_first")(x)
    x = layers.AdaptiveAveragePooling1D(3)(layers.Reshape((8, 5))(x))
    return api.Model(inputs, layers.Dense(2)(x))


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    arrays: dict[str, np.ndarray] = {}
    for case, (_, shape, _, _) in CASES.items():
        arrays[f"{case}_x"] = x = rng.normal(size=(2, *shape)).astype(np.float32)
        for mode in ("Average",) if case in AVERAGE_ONLY else ("Average", "Max"):
            arrays[f"{case}_{mode.lower()}"] = np.asarray(pooled(keras, case, mode)(x))
    model = build(keras)
    arrays["model_x"] = model_x = rng.normal(size=(2, 5, 6, 4, 2)).astype(np.float32)
    arrays["model_y"] = model.predict(model_x, verbose=0)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "model.keras")
    np.savez(OUT / "values.npz", **arrays)
    print(f"wrote {len(arrays)} arrays and model.keras to {OUT} with Keras {keras.__version__}")


if __name__ == "__main__":
    main()
