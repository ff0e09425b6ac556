"""Record tf-keras 2.21's and Keras 3.15's image helpers of ``keras.preprocessing.image``:
``img_to_array``, ``array_to_img`` (as the mode and pixels of the PIL image it makes), ``save_img``
then ``load_img`` (PNG files, every color mode, target sizes, filters, ``keep_aspect_ratio``) and
``smart_resize``, on fixed seeded arrays.

Run in the Keras venv, with Pillow installed there (``$STATEFULRNN_KERAS_PYTHON -m pip install
pillow``: the helpers that make or read PIL images need it, in Keras as here):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/image_helpers.py
Writes tests/fixtures/image_helpers/values.npz: the inputs (``input__<name>``) and, per Keras
(``tf_keras``, ``keras3``) and case, ``<keras>__<case>`` (an array) or ``<keras>__<case>__mode``
(a PIL image's mode, as a string array).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "image_helpers"


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        "gray2d": rng.integers(0, 256, (5, 7)).astype("uint8"),
        "rgb": rng.integers(0, 256, (6, 9, 3)).astype("uint8"),
        "rgba": rng.integers(0, 256, (4, 5, 4)).astype("uint8"),
        "floats": rng.normal(size=(6, 9, 3)).astype("float32"),
        "gray_wide": (rng.random((5, 6, 1)) * 1000).astype("float32"),  # above 255: mode "I"
        "batch": rng.random((2, 8, 5, 2)).astype("float32"),
    }


def cases(image: object) -> dict[str, object]:
    """Every case as a function of the helpers module ``image`` (``keras.preprocessing.image``
    of either Keras) and the inputs; each gives an array or a PIL image."""
    given = inputs()

    def round_trip(name: str, **load: object) -> object:
        buffer = io.BytesIO()
        image.save_img(buffer, given[name], file_format="png", scale=False)
        buffer.seek(0)
        return image.load_img(buffer, **load)

    return {
        "to_array_gray2d": lambda: image.img_to_array(given["gray2d"]),
        "to_array_gray2d_first": lambda: image.img_to_array(given["gray2d"], data_format="channels_first"),
        "to_array_rgb_first_int": lambda: image.img_to_array(given["rgb"], "channels_first", dtype="int32"),
        "to_img_rgb": lambda: image.array_to_img(given["rgb"]),
        "to_img_floats_unscaled": lambda: image.array_to_img(
            np.clip(given["floats"], 0, 1) * 200, scale=False
        ),
        "to_img_floats_scaled": lambda: image.array_to_img(given["floats"]),
        "to_img_rgba": lambda: image.array_to_img(given["rgba"]),
        "to_img_first": lambda: image.array_to_img(
            given["rgb"].transpose(2, 0, 1), data_format="channels_first"
        ),
        "to_img_gray_wide": lambda: image.array_to_img(given["gray_wide"], scale=False),
        "to_img_gray_scaled": lambda: image.array_to_img(given["gray_wide"]),
        "load_rgb": lambda: round_trip("rgb"),
        "load_rgb_as_gray": lambda: round_trip("rgb", color_mode="grayscale"),
        "load_rgb_as_rgba": lambda: round_trip("rgb", color_mode="rgba"),
        "load_rgba_as_rgb": lambda: round_trip("rgba"),
        "load_resized_nearest": lambda: round_trip("rgb", target_size=(4, 4)),
        "load_resized_bilinear": lambda: round_trip("rgb", target_size=(3, 5), interpolation="bilinear"),
        "load_resized_bicubic_kept_ratio": lambda: round_trip(
            "rgb", target_size=(4, 4), interpolation="bicubic", keep_aspect_ratio=True
        ),
        "load_resized_box_kept_ratio_tall": lambda: round_trip(
            "rgb", target_size=(5, 2), interpolation="box", keep_aspect_ratio=True
        ),
        "smart_floats": lambda: image.smart_resize(given["floats"], (4, 4)),
        "smart_floats_wide": lambda: image.smart_resize(given["floats"], (2, 6)),
        "smart_uint8_nearest": lambda: image.smart_resize(given["rgb"], (3, 3), interpolation="nearest"),
        "smart_batch_bicubic": lambda: image.smart_resize(given["batch"], (5, 5), interpolation="bicubic"),
        "smart_upscale": lambda: image.smart_resize(given["gray_wide"], (7, 9)),
    }


def recorded(image: object, prefix: str) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, case in cases(image).items():
        result = case()
        if isinstance(result, np.ndarray):
            out[f"{prefix}__{name}"] = result
        else:  # a PIL image: its mode and pixels
            out[f"{prefix}__{name}__mode"] = np.asarray(result.mode)
            out[f"{prefix}__{name}"] = np.asarray(result)
    return out


def main() -> None:
    import keras
    import tf_keras

    out = {f"input__{name}": value for name, value in inputs().items()}
    out.update(recorded(tf_keras.preprocessing.image, "tf_keras"))
    out.update(recorded(keras.preprocessing.image, "keras3"))
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "values.npz", **out)
    print(len(out), "arrays")


if __name__ == "__main__":
    main()
