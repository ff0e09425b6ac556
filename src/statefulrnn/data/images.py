"""Keras's image helpers of ``keras.preprocessing.image`` (and ``keras.utils``): ``img_to_array``,
``array_to_img``, ``load_img``, ``save_img`` and ``smart_resize``, with tf-keras 2.21's and Keras
3.15's arguments, results and errors, so that a program reading frames or pictures for a
sequence model (a CNN-LSTM video classifier's ``img_to_array(load_img(path, target_size=...))``)
runs as written. Arrays are numpy; PIL (Pillow, which matplotlib brings) is imported only by the
three functions that make or read a PIL image, as in Keras, which raises the same ImportError
without it.

Example:
    >>> from statefulrnn.data.images import img_to_array, smart_resize
    >>> img_to_array(np.arange(4).reshape(2, 2)).shape
    (2, 2, 1)
    >>> smart_resize(np.ones((4, 8, 3), "float32"), (2, 2)).shape
    (2, 2, 3)
"""

from __future__ import annotations

import io
import pathlib
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from .. import backend

# PIL's resampling filters by Keras's names (``load_img``'s ``interpolation``).
_PIL_FILTERS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def _pil_image(function: str) -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(f"Could not import PIL.Image. The use of `{function}` requires PIL.") from None
    return Image


def _data_format(data_format: str | None, error: str) -> str:
    data_format = backend.image_data_format() if data_format is None else data_format
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"{error}: {data_format}")
    return data_format


def img_to_array(img: Any, data_format: str | None = None, dtype: Any = None) -> np.ndarray:
    """A PIL image (or an array) as a numpy array of ``dtype`` (the float type by default):
    ``(H, W, C)``, or ``(C, H, W)`` with ``"channels_first"``; a 2-d image gets one channel.

    Raises:
        ValueError: an unknown ``data_format``, or an image of rank other than 2 or 3.
    """
    data_format = _data_format(data_format, "Unknown data_format")
    x = np.asarray(img, dtype=backend.floatx() if dtype is None else dtype)
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        return x.reshape((1, *x.shape) if data_format == "channels_first" else (*x.shape, 1))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def array_to_img(x: Any, data_format: str | None = None, scale: bool = True, dtype: Any = None) -> Any:
    """A PIL image of the array ``x`` (``(H, W, C)``, or ``(C, H, W)`` with
    ``"channels_first"``; 1, 3 or 4 channels), its values first stretched to 0-255 with
    ``scale``; one channel above 255 makes a 32-bit grayscale image.

    Raises:
        ImportError: no PIL.
        ValueError: not one image of rank 3, an unknown ``data_format``, or another number of
            channels.
    """
    data_format = backend.image_data_format() if data_format is None else data_format
    image = _pil_image("array_to_img")
    x = np.asarray(x, dtype=backend.floatx() if dtype is None else dtype)
    if x.ndim != 3:
        raise ValueError(
            f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}"
        )
    data_format = _data_format(data_format, "Invalid data_format")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    channels = x.shape[2]
    if channels in (3, 4):
        return image.fromarray(x.astype("uint8"), "RGB" if channels == 3 else "RGBA")
    if channels == 1:
        if np.max(x) > 255:  # 32-bit signed integer grayscale, PIL's mode "I"
            return image.fromarray(x[:, :, 0].astype("int32"), "I")
        return image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def save_img(
    path: Any, x: Any, data_format: str | None = None, file_format: str | None = None, scale: bool = True,
    **kwargs: Any,
) -> None:  # fmt: skip
    """Write the array ``x`` as an image file (`array_to_img`, then PIL's ``save`` with
    ``file_format`` and ``kwargs``); an RGBA image saved as JPEG becomes RGB, with a warning.
    PIL writes the file itself, as in Keras."""
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format in ("jpg", "jpeg"):
        warnings.warn("The JPG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def load_img(
    path: Any, grayscale: bool = False, color_mode: str = "rgb", target_size: Sequence[int] | None = None,
    interpolation: str = "nearest", keep_aspect_ratio: bool = False,
) -> Any:  # fmt: skip
    """The image file at ``path`` (a path, or an ``io.BytesIO``) as a PIL image in
    ``color_mode`` (``"grayscale"``, ``"rgb"``, ``"rgba"``), resized to ``target_size``
    (height, width) by PIL's ``interpolation`` filter, first cropped to its aspect ratio (about
    the centre) with ``keep_aspect_ratio``.

    Raises:
        ImportError: no PIL.
        TypeError: ``path`` neither path-like nor ``io.BytesIO``.
        ValueError: an unknown ``color_mode`` or ``interpolation``.
    """
    if grayscale:
        warnings.warn('grayscale is deprecated. Please use color_mode = "grayscale"', stacklevel=2)
        color_mode = "grayscale"
    image = _pil_image("load_img")
    if isinstance(path, io.BytesIO):
        img = image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        with open(pathlib.Path(path).resolve() if isinstance(path, pathlib.Path) else path, "rb") as file:
            img = image.open(io.BytesIO(file.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    modes = {"grayscale": ("L", ("L", "I;16", "I")), "rgba": ("RGBA", ("RGBA",)), "rgb": ("RGB", ("RGB",))}
    if color_mode not in modes:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    mode, kept = modes[color_mode]
    if img.mode not in kept:
        img = img.convert(mode)
    if target_size is None:
        return img
    width_height = (target_size[1], target_size[0])
    if img.size == width_height:
        return img
    if interpolation not in _PIL_FILTERS:
        raise ValueError(
            f"Invalid interpolation method {interpolation} specified. Supported methods are "
            f"{', '.join(_PIL_FILTERS)}"
        )
    resample = getattr(image.Resampling, interpolation.upper())
    if not keep_aspect_ratio:
        return img.resize(width_height, resample)
    width, height = img.size
    crop_height = min(height, (width * width_height[1]) // width_height[0])
    crop_width = min(width, (height * width_height[0]) // width_height[1])
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    return img.resize(width_height, resample, box=[left, top, left + crop_width, top + crop_height])


def smart_resize(x: Any, size: Sequence[int], interpolation: str = "bilinear") -> Any:
    """``x`` (``(H, W, C)`` or ``(N, H, W, C)``) cropped about its centre to ``size``'s aspect
    ratio, then resized to ``size`` (height, width) as ``tf.image.resize`` does (see
    `statefulrnn.ops.image.resize`): a numpy array for a numpy array, else a tensor; float32,
    or the input's dtype with ``"nearest"``.

    Raises:
        ValueError: ``size`` not two sizes, or a rank other than 3 or 4.
    """
    from ..ops.image import resize  # the ops import the layers, which import this package

    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    images = torch.as_tensor(x)
    if images.ndim not in (3, 4):
        raise ValueError(
            "Expected an image array with shape `(height, width, channels)`, or `(batch_size, "
            f"height, width, channels)`, but got input with incorrect rank, of shape {tuple(images.shape)}."
        )
    # tf.image.resize: float32 out, but "nearest" keeps the dtype
    floats = images if interpolation == "nearest" else images.to(torch.float32)
    resized = resize(
        floats, tuple(size), interpolation, crop_to_aspect_ratio=True, data_format="channels_last"
    )
    return resized.numpy() if isinstance(x, np.ndarray) else resized
