"""Keras's image layers that compute the same at every call: `Resizing` and `CenterCrop`, and
what every image layer shares (`ImageLayer`: one image or a batch, either layout).

Their numbers are Keras 3's on its TensorFlow backend (and tf-keras's, which resizes with the
same ``tf.image.resize``): see `statefulrnn.layers._image_resize`. Where we differ from Keras:
an integer image comes out as floats of the layer's dtype (Keras 3's ``Resizing`` rounds it back
to its integer dtype); a dict of images, boxes and labels (Keras 3's ``bounding_box_format``)
is not taken.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import torch
from torch.nn import functional as F

from . import _window
from ._image_resize import METHODS, resize
from .base import Layer, Shape


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value!r}")
    return int(value)


def resize_method(value: Any, allowed: tuple[str, ...] = METHODS) -> str:
    """``interpolation`` as Keras takes it (any case), one of ``allowed``.

    Raises:
        ValueError: anything else, in Keras's words.
    """
    method = value.lower() if isinstance(value, str) else value
    if method not in allowed:
        raise ValueError(
            f"Invalid value for argument `interpolation`. Expected of one {allowed}. Received: "
            f"interpolation={value}"
        )
    return method


class ImageLayer(Layer):
    """What Keras's image layers share: inputs of one image ``(H, W, C)`` or a batch
    ``(N, H, W, C)`` (channels first for ``data_format="channels_first"``), as floats of the
    layer's dtype, the layer built at the first call; subclasses compute on the batch."""

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = _window.data_format(data_format)

    def _spatial(self, rank: int) -> tuple[int, int]:
        """The height and width axes of an input of ``rank`` (3 or 4)."""
        return spatial_axes(self.data_format, rank)

    def _batch(self, inputs: Any) -> tuple[torch.Tensor, bool]:
        """``inputs`` as a batch ``(N, ...)`` of the layer's dtype, and whether it was one image.

        Raises:
            ValueError: an input of rank other than 3 or 4.
        """
        x = self._as_input(inputs)
        if x.ndim not in (3, 4):
            raise ValueError(
                f"{self._describe()} expects one image of rank 3 or a batch of rank 4, "
                f"{_window.layout(self.data_format, 2)}. Received: shape {tuple(x.shape)}"
            )
        if not self.built:
            self.build((None, *x.shape[1:]) if x.ndim == 4 else tuple(x.shape))
        return (x, False) if x.ndim == 4 else (x.unsqueeze(0), True)

    def _sized(self, input_shape: Shape, height: int | None, width: int | None) -> Shape:
        """``input_shape`` with its height and width set."""
        shape = list(input_shape)
        rows, columns = self._spatial(len(shape))
        shape[rows], shape[columns] = height, width
        return tuple(shape)


def crop_to_aspect(x: torch.Tensor, size: tuple[int, int], axes: tuple[int, int]) -> torch.Tensor:
    """The largest centred window of the images ``x`` with the aspect ratio of ``size``, as
    Keras's ``smart_resize`` and ``crop_to_aspect_ratio`` take it (rounded down, at least 1)."""
    height, width = x.shape[axes[0]], x.shape[axes[1]]
    crop_height = max(min(height, width * size[0] // size[1]), 1)
    crop_width = max(min(width, height * size[1] // size[0]), 1)
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    return x.narrow(axes[0], top, crop_height).narrow(axes[1], left, crop_width)


def pad_to_aspect(
    x: torch.Tensor, size: tuple[int, int], axes: tuple[int, int], value: float
) -> torch.Tensor:
    """The images ``x`` padded with ``value`` on both sides of their short side towards the
    aspect ratio of ``size``, as Keras 3's ``pad_to_aspect_ratio``: the same number of rows (or
    columns) on each side, half the shortfall rounded down."""
    height, width = x.shape[axes[0]], x.shape[axes[1]]
    rows = (max(height, width * size[0] // size[1]) - height) // 2
    columns = (max(width, height * size[1] // size[0]) - width) // 2
    pads = [0, 0] * (x.ndim - 1 - axes[1]) + [columns, columns, rows, rows]  # F.pad: last axis first
    return F.pad(x, pads, value=value)


class Resizing(ImageLayer):
    r"""Resize images to ``(height, width)``, Keras's ``Resizing``: \(Y = A_h X A_w^\top\)
    for each image \(X\) and channel, with ``tf.image.resize``'s weights \(A\) of the method
    (see `statefulrnn.layers._image_resize`).

    Args:
        height, width: the output's size.
        interpolation: ``"bilinear"`` (default), ``"nearest"``, ``"bicubic"``, ``"area"``,
            ``"lanczos3"`` or ``"lanczos5"``.
        crop_to_aspect_ratio: first take the largest centred window with the output's aspect
            ratio, so the image is not distorted.
        pad_to_aspect_ratio: first pad the short side evenly with ``fill_value`` to the output's
            aspect ratio (not with ``crop_to_aspect_ratio``).
        fill_mode: ``"constant"``, the only one Keras has.
        fill_value: the padding's value.
        antialias: widen the kernel when shrinking (``"bilinear"``, ``"bicubic"``,
            ``"lanczos3"``, ``"lanczos5"``; TensorFlow ignores it for the others).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, height, width, C)``; one image ``(H, W, C)`` ->
        ``(height, width, C)`` (channels second for ``"channels_first"``).

    Raises:
        ValueError: a size not a positive int, an unknown interpolation or fill mode, both
            aspect-ratio options; an input not of rank 3 or 4.

    Example:
        >>> Resizing(1, 4)(torch.tensor([[[0.0], [4.0]]]))[..., 0]
        tensor([[0., 1., 3., 4.]])
    """

    def __init__(
        self, height: int, width: int, interpolation: str = "bilinear", crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False, fill_mode: str = "constant", fill_value: float = 0.0,
        antialias: bool = False, data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(data_format, **kwargs)
        self.height, self.width = _positive_int("height", height), _positive_int("width", width)
        self.interpolation = resize_method(interpolation)
        if fill_mode != "constant":
            raise ValueError(
                f"Invalid value for argument `fill_mode`. Only `'constant'` is supported. Received: "
                f"fill_mode={fill_mode}"
            )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
        self.crop_to_aspect_ratio, self.pad_to_aspect_ratio = (
            bool(crop_to_aspect_ratio),
            bool(pad_to_aspect_ratio),
        )
        self.fill_mode, self.fill_value, self.antialias = fill_mode, fill_value, bool(antialias)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return self._sized(input_shape, self.height, self.width)

    def forward(self, inputs: Any) -> torch.Tensor:
        x, one = self._batch(inputs)
        size, axes = (self.height, self.width), self._spatial(4)
        if self.crop_to_aspect_ratio:
            x = crop_to_aspect(x, size, axes)
        elif self.pad_to_aspect_ratio:
            x = pad_to_aspect(x, size, axes, float(self.fill_value))
        out = resize(x, size, self.interpolation, self.data_format, self.antialias)
        return out[0] if one else out


class CenterCrop(ImageLayer):
    r"""The centred ``(height, width)`` window of each image, Keras's ``CenterCrop``:
    \(y_{i,j} = x_{i + \lfloor (H - h) / 2 \rfloor,\ j + \lfloor (W - w) / 2 \rfloor}\); an image
    smaller than that along either axis is resized to it instead, as Keras's ``smart_resize``
    (the largest centred window of the output's aspect ratio, resized bilinearly).

    Args:
        height, width: the output's size.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, height, width, C)``; one image ``(H, W, C)`` ->
        ``(height, width, C)`` (channels second for ``"channels_first"``).

    Raises:
        ValueError: a size not a positive int; an input not of rank 3 or 4.

    Example:
        >>> CenterCrop(1, 2)(torch.arange(9.0).reshape(3, 3, 1))[..., 0]  # top left at (1, 0)
        tensor([[3., 4.]])
    """

    def __init__(self, height: int, width: int, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self.height, self.width = _positive_int("height", height), _positive_int("width", width)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return self._sized(input_shape, self.height, self.width)

    def forward(self, inputs: Any) -> torch.Tensor:
        x, one = self._batch(inputs)
        out = center_crop(x, (self.height, self.width), self.data_format)
        return out[0] if one else out


def spatial_axes(data_format: str, rank: int = 4) -> tuple[int, int]:
    """The height and width axes of an image (rank 3) or a batch of them (rank 4).

    Example:
        >>> spatial_axes("channels_last"), spatial_axes("channels_first", 3)
        ((1, 2), (1, 2))
    """
    return (rank - 3, rank - 2) if data_format == "channels_last" else (rank - 2, rank - 1)


def center_crop(x: torch.Tensor, size: tuple[int, int], data_format: str) -> torch.Tensor:
    """The centred ``size`` window of a batch ``x``, or, where it is smaller, ``smart_resize``."""
    rows, columns = spatial_axes(data_format)
    height, width = x.shape[rows], x.shape[columns]
    if height >= size[0] and width >= size[1]:
        return x.narrow(rows, (height - size[0]) // 2, size[0]).narrow(
            columns, (width - size[1]) // 2, size[1]
        )
    return smart_resize(x, size, data_format)


def smart_resize(x: torch.Tensor, size: tuple[int, int], data_format: str) -> torch.Tensor:
    """Keras's ``smart_resize`` of a batch: the largest centred window of ``size``'s aspect
    ratio, resized bilinearly to ``size``."""
    return resize(crop_to_aspect(x, size, spatial_axes(data_format)), size, "bilinear", data_format)
