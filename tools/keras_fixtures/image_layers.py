"""Keras 3's image preprocessing layers (and tf-keras's, where they differ or only it has them):
what each computes on a batch of images, and a ``.keras`` file of a model holding several.

The random layers are run where their draw is fixed (a factor range of one value, an image
smaller than ``RandomCrop``'s window) or in inference, so their numbers are Keras's own.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/image_layers.py
Writes tests/fixtures/image_layers/values.npz (``x``, images (2, 7, 9, 3) in [0, 1); for each of
CASES and TF_KERAS_CASES its output ``<case>``; ``predicted``, the `build` model's predictions
for ``x``) and model.keras (that model).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "image_layers"

# name: (class, arguments, training), run by Keras 3 on x (channels first: x moved so).
CASES: dict[str, tuple[str, dict[str, Any], bool]] = {
    **{
        f"resize_{method}_{size[0]}x{size[1]}{'_aa' if aa else ''}": (
            "Resizing",
            {"height": size[0], "width": size[1], "interpolation": method, "antialias": aa},
            False,
        )
        for method in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5")
        for size in ((4, 5), (12, 16), (7, 20))
        for aa in (False, True)
    },
    "resize_crop": ("Resizing", {"height": 5, "width": 5, "crop_to_aspect_ratio": True}, False),
    "resize_crop_tall": ("Resizing", {"height": 8, "width": 3, "crop_to_aspect_ratio": True}, False),
    "resize_pad": (
        "Resizing",
        {"height": 6, "width": 6, "pad_to_aspect_ratio": True, "fill_value": 0.5},
        False,
    ),
    "resize_pad_wide": ("Resizing", {"height": 3, "width": 8, "pad_to_aspect_ratio": True}, False),
    "resize_first": ("Resizing", {"height": 4, "width": 11, "data_format": "channels_first"}, False),
    "center_crop": ("CenterCrop", {"height": 4, "width": 6}, False),
    "center_crop_up": ("CenterCrop", {"height": 9, "width": 8}, False),
    "center_crop_first": ("CenterCrop", {"height": 3, "width": 10, "data_format": "channels_first"}, False),
    **{
        f"rotation_{fill}_{interpolation}": (
            "RandomRotation",
            {"factor": (0.1, 0.1), "fill_mode": fill, "interpolation": interpolation, "fill_value": 0.5},
            True,
        )
        for fill in ("reflect", "wrap", "constant", "nearest")
        for interpolation in ("bilinear", "nearest")
    },
    "rotation_first": ("RandomRotation", {"factor": (-0.3, -0.3), "data_format": "channels_first"}, True),
    "zoom": ("RandomZoom", {"height_factor": (-0.3, -0.3), "width_factor": (0.2, 0.2)}, True),
    "zoom_same": ("RandomZoom", {"height_factor": (0.4, 0.4), "fill_mode": "wrap"}, True),
    "translation": ("RandomTranslation", {"height_factor": (0.2, 0.2), "width_factor": (-0.1, -0.1)}, True),
    "translation_constant": (
        "RandomTranslation",
        {
            "height_factor": (-0.3, -0.3),
            "width_factor": (0.25, 0.25),
            "fill_mode": "constant",
            "interpolation": "nearest",
            "data_format": "channels_first",
        },
        True,
    ),
    "brightness": ("RandomBrightness", {"factor": (0.1, 0.1), "value_range": (0, 1)}, True),
    "crop_small": ("RandomCrop", {"height": 9, "width": 8}, True),
    "crop_small_first": ("RandomCrop", {"height": 4, "width": 9, "data_format": "channels_first"}, True),
    "crop_infer": ("RandomCrop", {"height": 4, "width": 4}, False),
    **{
        f"{name.lower()}_infer": (name, arguments, False)
        for name, arguments in (
            ("RandomFlip", {}),
            ("RandomRotation", {"factor": 0.2}),
            ("RandomZoom", {"height_factor": 0.2}),
            ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.2}),
            ("RandomContrast", {"factor": 0.5}),
            ("RandomBrightness", {"factor": 0.5}),
        )
    },
}

# name: (class, arguments, training), run by tf-keras on x (channels last).
TF_KERAS_CASES: dict[str, tuple[str, dict[str, Any], bool]] = {
    "tf_height": ("RandomHeight", {"factor": (0.5, 0.5)}, True),
    "tf_width": ("RandomWidth", {"factor": (-0.4, -0.4), "interpolation": "nearest"}, True),
    "tf_crop_infer": ("RandomCrop", {"height": 4, "width": 4}, False),
    "tf_resize_crop": ("Resizing", {"height": 5, "width": 5, "crop_to_aspect_ratio": True}, False),
    "tf_rotation": ("RandomRotation", {"factor": (0.1, 0.1), "fill_mode": "reflect"}, True),
    "tf_center_crop_up": ("CenterCrop", {"height": 9, "width": 8}, False),
}


def call(api: Any, case: tuple[str, dict[str, Any], bool], x: np.ndarray) -> Any:
    """``case``'s layer (from ``api.layers``) called on ``x`` (channels last; moved for
    ``channels_first``), its output moved back to channels last."""
    name, arguments, training = case
    first = arguments.get("data_format") == "channels_first"
    out = getattr(api.layers, name)(**arguments)(np.moveaxis(x, -1, 1) if first else x, training=training)
    out = np.asarray(out)
    return np.moveaxis(out, 1, -1) if first else out


def build(api: Any) -> Any:
    """Resizing, CenterCrop and random layers (inference: identities) before a Dense."""
    return api.Sequential(
        [
            api.layers.Input((7, 9, 3)),
            api.layers.RandomFlip(seed=1),
            api.layers.RandomRotation(0.1, fill_mode="nearest"),
            api.layers.Resizing(10, 12, interpolation="bicubic", crop_to_aspect_ratio=True),
            api.layers.CenterCrop(6, 8),
            api.layers.RandomZoom(0.2, 0.1),
            api.layers.RandomTranslation(0.1, 0.2),
            api.layers.RandomContrast(0.2),
            api.layers.RandomBrightness(0.1, value_range=(0, 1)),
            api.layers.Dense(2, kernel_initializer="ones"),
        ]
    )


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    import tf_keras

    x = np.random.default_rng(0).uniform(size=(2, 7, 9, 3)).astype(np.float32)
    arrays = {"x": x}
    arrays.update({name: call(keras, case, x) for name, case in CASES.items()})
    arrays.update({name: call(tf_keras, case, x) for name, case in TF_KERAS_CASES.items()})
    model = build(keras)
    arrays["predicted"] = model.predict(x, verbose=0)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "model.keras")
    np.savez(OUT / "values.npz", **arrays)
    print(len(arrays), "arrays")


if __name__ == "__main__":
    main()
