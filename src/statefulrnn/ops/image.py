"""Keras 3's ``keras.ops.image`` on PyTorch tensors: resizing, affine and perspective warps,
colour spaces, blurs, patches, crops and pads, Sobel edges and SSIM, as ``ops.image.resize``.

Each function takes what Keras's does (torch tensors, numpy arrays), with Keras's defaults and
its ``data_format`` (None: `backend.image_data_format`, ``"channels_last"`` unless set):
``(N, H, W, C)`` batches or ``(H, W, C)`` single images (``(N, C, H, W)`` and ``(C, H, W)``
for ``"channels_first"``), and gives Keras 3's values on TensorFlow (``tests/test_ops.py``,
from ``tools/keras_fixtures/ops.py``). ``resize`` and ``affine_transform`` are the
preprocessing layers' own TensorFlow kernels (`layers._image_resize`, `layers._image_affine`).
``elastic_transform`` draws its displacements from torch's generator: the same distribution as
Keras's, other numbers.

On a functional model's symbolic tensors each records one `layers.Operation` node
(``"image.resize"``), as Keras 3 records its ``Resize`` operation.

Example:
    >>> from statefulrnn import ops
    >>> image = torch.tensor([[[[0.0], [4.0]]]])  # one 1 x 2 grey image
    >>> ops.image.resize(image, (1, 4))[0, 0, :, 0]
    tensor([0., 1., 3., 4.])
    >>> ops.image.rgb_to_grayscale(torch.ones(2, 4, 4, 3)).shape
    torch.Size([2, 4, 4, 1])
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from .. import random
from ..backend import standardize_data_format
from ..layers import _image_affine, _image_resize
from .core import convert_to_numpy, saturate_cast
from .nn import conv, depthwise_conv
from .numpy import _floating, _tensor

Size = int | Sequence[int]

MAP_COORDINATES_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
# scale_and_translate's method names, as the kernels of `layers._image_resize` name them
_SCALE_AND_TRANSLATE_KERNELS = {
    "linear": "triangle", "bilinear": "triangle", "trilinear": "triangle", "triangle": "triangle",
    "cubic": "bicubic", "bicubic": "bicubic", "tricubic": "bicubic",
    "lanczos3": "lanczos3", "lanczos5": "lanczos5",
}  # fmt: skip


# ----- shapes and layouts ---------------------------------------------------------------


def _images(images: Any, name: str = "images") -> torch.Tensor:
    """``images`` as a tensor of rank 3 or 4.

    Raises:
        ValueError: another rank, in Keras's words.
    """
    x = _tensor(images)
    if x.ndim not in (3, 4):
        raise ValueError(
            f"Invalid {name} rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received input with shape: {name}.shape={tuple(x.shape)}"
        )
    return x


def _batch_last(x: torch.Tensor, fmt: str) -> torch.Tensor:
    """Images of rank 3 or 4 in layout ``fmt`` as a ``(N, H, W, C)`` batch."""
    x = x if x.ndim == 4 else x.unsqueeze(0)
    return x if fmt == "channels_last" else x.permute(0, 2, 3, 1)


def _unbatch_last(x: torch.Tensor, fmt: str, rank: int) -> torch.Tensor:
    """`_batch_last`'s inverse: ``(N, H, W, C)`` back to layout ``fmt`` and rank ``rank``."""
    x = x if fmt == "channels_last" else x.permute(0, 3, 1, 2)
    return x if rank == 4 else x.squeeze(0)


def _choice(value: str, allowed: Sequence[str], name: str) -> None:
    if value not in allowed:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected one of {tuple(allowed)}. Received: {name}={value}"
        )


def _float_dtype(x: torch.Tensor) -> None:
    if not x.is_floating_point():
        raise ValueError(f"Invalid images dtype: expected float dtype. Received: images.dtype={x.dtype}")


def _back_to(x: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """Values computed in floats, back in the images' ``dtype``: integers rounded (half to even)
    and clipped to what the dtype holds, as Keras's resize returns them."""
    if dtype.is_floating_point:
        return x.to(dtype)
    return saturate_cast(torch.round(x), dtype)


# ----- colour -----------------------------------------------------------------------------


def rgb_to_grayscale(images: Any, data_format: str | None = None) -> torch.Tensor:
    """RGB images as grey ones, ``0.2989 R + 0.5870 G + 0.1140 B`` (``tf.image``'s weights),
    in the images' dtype (integers truncated, as a cast); one channel stays as it is.

    Shapes:
        ``(N, H, W, 3)`` or ``(H, W, 3)`` -> the same with one channel (``(N, 3, H, W)`` ->
        ``(N, 1, H, W)`` for ``"channels_first"``).

    Raises:
        ValueError: a rank other than 3 or 4, or a channel count other than 1 or 3.

    Example:
        >>> rgb_to_grayscale(torch.tensor([[[1.0, 1.0, 1.0]]]))
        tensor([[[0.9999]]])
    """
    x = _images(images)
    axis = -1 if standardize_data_format(data_format) == "channels_last" else -3
    if x.shape[axis] not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (Grayscale). "
            f"Received input with shape: images.shape={tuple(x.shape)}"
        )
    if x.shape[axis] == 1:
        return x
    floats = _floating(x)
    weights = torch.tensor([0.2989, 0.5870, 0.1140], dtype=floats.dtype, device=x.device)
    return torch.tensordot(floats.movedim(axis, -1), weights, dims=1).unsqueeze(axis).to(x.dtype)


def _channels_last_op(images: Any, data_format: str | None, convert: Any) -> torch.Tensor:
    """``convert`` (of ``(..., 3)`` float images, channels last) on ``images`` in their layout."""
    x = _images(images)
    _float_dtype(x)
    if standardize_data_format(data_format) == "channels_last":
        return convert(x)
    return convert(x.movedim(-3, -1)).movedim(-1, -3)


def _rgb_to_hsv(x: torch.Tensor) -> torch.Tensor:
    # TensorFlow's kernel (colorspace_op.h), its operations in its order
    r, g, b = x.unbind(-1)
    value = x.amax(-1)
    spread = value - x.amin(-1)
    zero = torch.zeros_like(value)
    saturation = torch.where(value > 0, spread / value, zero)
    norm = spread.reciprocal() * (1.0 / 6.0)
    hue = torch.where(
        r == value,
        norm * (g - b),
        torch.where(g == value, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0),
    )
    hue = torch.where(spread > 0, hue, zero)
    hue = torch.where(hue < 0, hue + 1, hue)
    return torch.stack([hue, saturation, value], dim=-1)


def _hsv_to_rgb(x: torch.Tensor) -> torch.Tensor:
    # TensorFlow's kernel (colorspace_op.h): each channel a clipped triangle wave of 6 h
    hue, saturation, value = x.unbind(-1)
    dh = hue * 6
    dr = ((dh - 3).abs() - 1).clamp(0, 1)
    dg = (-(dh - 2).abs() + 2).clamp(0, 1)
    db = (-(dh - 4).abs() + 2).clamp(0, 1)
    one_s = -saturation + 1
    return torch.stack([(one_s + saturation * d) * value for d in (dr, dg, db)], dim=-1)


def rgb_to_hsv(images: Any, data_format: str | None = None) -> torch.Tensor:
    """RGB images (floats in ``[0, 1]``) as hue, saturation and value, each in ``[0, 1]``, as
    ``tf.image.rgb_to_hsv`` (a grey pixel has hue and saturation 0).

    Shapes:
        ``(N, H, W, 3)`` or ``(H, W, 3)`` -> the same (``"channels_first"``: ``(N, 3, H, W)``).

    Raises:
        ValueError: a rank other than 3 or 4, or integer images.

    Example:
        >>> rgb_to_hsv(torch.tensor([[[1.0, 0.0, 0.0], [0.0, 0.0, 0.5]]]))
        tensor([[[0.0000, 1.0000, 1.0000],
                 [0.6667, 1.0000, 0.5000]]])
    """
    return _channels_last_op(images, data_format, _rgb_to_hsv)


def hsv_to_rgb(images: Any, data_format: str | None = None) -> torch.Tensor:
    """`rgb_to_hsv`'s inverse, as ``tf.image.hsv_to_rgb``.

    Shapes:
        ``(N, H, W, 3)`` or ``(H, W, 3)`` -> the same (``"channels_first"``: ``(N, 3, H, W)``).

    Example:
        >>> hsv_to_rgb(torch.tensor([[[0.0, 1.0, 1.0]]]))
        tensor([[[1., 0., 0.]]])
    """
    return _channels_last_op(images, data_format, _hsv_to_rgb)


# ----- resizing ---------------------------------------------------------------------------


def _aspect_box(height: int, width: int, size: Sequence[int]) -> tuple[int, int]:
    """The height and width of the target's aspect ratio spanning the image's width and
    height, as Keras computes them (float32 quotients truncated)."""
    box_height = int(np.float32(width * size[0]) / np.float32(size[1]))
    box_width = int(np.float32(height * size[1]) / np.float32(size[0]))
    return box_height, box_width


def _to_aspect_ratio(x: torch.Tensor, size: Sequence[int], crop: bool, fill_value: float) -> torch.Tensor:
    """A ``(N, H, W, C)`` batch cropped to the central box of ``size``'s aspect ratio, or padded
    with ``fill_value`` evenly on the short side (by the same number of rows or columns on
    both sides, as Keras's TensorFlow backend pads)."""
    height, width = x.shape[1:3]
    box_height, box_width = _aspect_box(height, width, size)
    if crop:
        box_height, box_width = max(min(height, box_height), 1), max(min(width, box_width), 1)
        top, left = int((height - box_height) / 2), int((width - box_width) / 2)
        return x[:, top : top + box_height, left : left + box_width]
    top = int((max(height, box_height) - height) / 2)
    left = int((max(width, box_width) - width) / 2)
    return F.pad(x, (0, 0, left, left, top, top), value=fill_value)


def resize(
    images: Any, size: Sequence[int], interpolation: str = "bilinear", antialias: bool = False,
    crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False, fill_mode: str = "constant",
    fill_value: float = 0.0, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Images resized to ``size`` (height, width) as ``tf.image.resize`` (``interpolation``:
    ``"bilinear"``, ``"nearest"``, ``"bicubic"``, ``"area"``, ``"lanczos3"``, ``"lanczos5"``;
    ``antialias`` widens the kernel when shrinking), first cropped to ``size``'s aspect ratio
    or padded to it with ``fill_value`` if asked; integer images rounded back to their dtype.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, *size, C)``, ``(H, W, C)`` -> ``(*size, C)`` (channels_first:
        ``(N, C, H, W)`` -> ``(N, C, *size)``).

    Raises:
        ValueError: ``size`` not two positive ints, a rank other than 3 or 4, an unknown
            ``interpolation``, a ``fill_mode`` other than ``"constant"``, or both aspect options.

    Example:
        >>> resize(torch.arange(4.0).reshape(2, 2, 1), (4, 4), "nearest")[..., 0]
        tensor([[0., 0., 1., 1.],
                [0., 0., 1., 1.],
                [2., 2., 3., 3.],
                [2., 2., 3., 3.]])
    """
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers. Received: size={size}")
    if size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"`size` must have positive height and width. Received: size={size}")
    x = _images(images)
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
    _choice(interpolation, _image_resize.METHODS, "interpolation")
    _choice(fill_mode, ("constant",), "fill_mode")
    fmt = standardize_data_format(data_format)
    batch = _batch_last(x, fmt)
    # TensorFlow resizes in float32 (float64 stays)
    floats = batch if batch.dtype == torch.float64 else batch.to(torch.float32)
    if crop_to_aspect_ratio or pad_to_aspect_ratio:
        floats = _to_aspect_ratio(floats, size, crop_to_aspect_ratio, fill_value)
    resized = _image_resize.resize(floats, tuple(size), interpolation, "channels_last", antialias)
    return _unbatch_last(_back_to(resized, x.dtype), fmt, x.ndim)


def scale_and_translate(
    images: Any, output_shape: Sequence[int], scale: Any, translation: Any, spatial_dims: Sequence[int],
    method: str, antialias: bool = True,
) -> torch.Tensor:  # fmt: skip
    r"""``images`` resampled to ``output_shape``, each of ``spatial_dims`` mapped by its
    ``scale`` and ``translation``: output place \(o\) reads the input around
    \((o + 1/2 - t) / s - 1/2\) (pixel centres at half places) through ``method``'s kernel
    (``"linear"``, ``"cubic"`` (Keys'), ``"lanczos3"``, ``"lanczos5"``; the kernel widened by
    \(1/s\) when shrinking with ``antialias``), each place's weights normalised, a place that
    maps outside the input 0 (Keras's port of ``jax.image.scale_and_translate``). Integer
    images are rounded and clipped to their own range.

    Shapes:
        ``images`` of any rank -> ``output_shape``; ``scale``, ``translation``: ``(K,)`` for the
        ``K`` axes of ``spatial_dims``.

    Raises:
        ValueError: an unknown ``method``.

    Example:
        >>> images = torch.arange(9.0).reshape(3, 3)
        >>> scale = torch.tensor([2.0, 2.0])
        >>> scale_and_translate(images, (5, 5), scale, -(scale / 2 - 0.5), (0, 1), "linear")[0]
        tensor([0.0000, 0.5000, 1.0000, 1.5000, 2.0000])
    """
    _choice(method, tuple(_SCALE_AND_TRANSLATE_KERNELS), "method")
    kernel, _ = _image_resize.KERNELS[_SCALE_AND_TRANSLATE_KERNELS[method]]
    x = _tensor(images)
    # as tensors first: Python floats in floatx, as Keras converts them
    scale, translation = (convert_to_numpy(_tensor(value)) for value in (scale, translation))
    dtype = np.result_type(scale.dtype, translation.dtype, np.float32)  # Keras's: of the two
    out = x.to(torch.float32) if not x.is_floating_point() else x
    for i, axis in enumerate(spatial_dims):
        axis = axis % x.ndim
        weights = _scale_weights(
            x.shape[axis],
            output_shape[axis],
            scale[i].astype(dtype),
            translation[i].astype(dtype),
            kernel,
            antialias,
        )
        weights = torch.from_numpy(weights).to(device=x.device, dtype=out.dtype)
        out = torch.tensordot(out, weights, dims=([axis], [0])).movedim(-1, axis)
    if x.is_floating_point():
        return out
    return torch.clamp(torch.round(out), x.min(), x.max()).to(x.dtype)


def _scale_weights(
    length: int, out: int, scale: np.floating, translation: np.floating, kernel: Any, antialias: bool
) -> np.ndarray:
    """The ``(length, out)`` weights of one axis of `scale_and_translate`, in the dtype of
    ``scale`` (Keras's ``_compute_weight_mat``, its operations in its order)."""
    dtype = scale.dtype.type
    inverse = dtype(1) / scale
    width = max(inverse, dtype(1)) if antialias else dtype(1)
    sample = (np.arange(out, dtype=dtype) + dtype(0.5)) * inverse - translation * inverse - dtype(0.5)
    weights = kernel(np.abs(sample[None, :] - np.arange(length, dtype=dtype)[:, None]) / width).astype(dtype)
    total = weights.sum(axis=0, keepdims=True)
    # a place whose weights (nearly) cancel gets none, as Keras's threshold
    weights = np.where(
        np.abs(total) > 1000 * np.finfo(np.float32).eps, weights / np.where(total != 0, total, 1), 0
    )
    inside = (sample >= -0.5) & (sample <= length - 0.5)
    return np.where(inside[None, :], weights, 0).astype(dtype)


# ----- warps ------------------------------------------------------------------------------


def _projective(
    images: torch.Tensor, transforms: torch.Tensor, interpolation: str, fill_mode: str, fill_value: float,
    fmt: str,
) -> torch.Tensor:  # fmt: skip
    """Images of rank 3 or 4 each read through its projective transform (one row for all, or
    one per image), TensorFlow's ``ImageProjectiveTransformV3``, in the images' dtype."""
    batch = _batch_last(images, fmt)
    rows = transforms.reshape(-1, 8)
    if rows.shape[0] == 1:  # one transform for every image, as TensorFlow broadcasts it
        rows = rows.expand(batch.shape[0], 8)
    warped = _image_affine.affine_transform(
        batch, rows, interpolation, fill_mode, fill_value, "channels_last"
    )
    return _unbatch_last(warped.to(images.dtype), fmt, images.ndim)


def affine_transform(
    images: Any, transform: Any, interpolation: str = "bilinear", fill_mode: str = "constant",
    fill_value: float = 0, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    r"""Images warped by projective transforms: a row \((a_0, a_1, a_2, b_0, b_1, b_2, c_0,
    c_1)\) reads output pixel \((x, y)\) from the input at \(((a_0 x + a_1 y + a_2) / k, (b_0
    x + b_1 y + b_2) / k)\), \(k = c_0 x + c_1 y + 1\), by ``"bilinear"`` or ``"nearest"``
    interpolation; places outside the image by ``fill_mode`` (``"constant"``: ``fill_value``,
    ``"nearest"``, ``"wrap"``, ``"reflect"``), as Keras on TensorFlow (whose ``c_0``, ``c_1``
    its other backends ignore).

    Shapes:
        ``images`` ``(N, H, W, C)`` or ``(H, W, C)`` (channels_first: ``(N, C, H, W)``);
        ``transform`` ``(N, 8)`` or ``(8,)`` (one for all images) -> the images' shape.

    Raises:
        ValueError: an unknown ``interpolation`` or ``fill_mode``, images of rank other than 3
            or 4, transforms of rank other than 1 or 2.

    Example:
        >>> shift = torch.tensor([1.0, 0, -1, 0, 1, 0, 0, 0])  # x' = x - 1: one place right
        >>> affine_transform(torch.arange(4.0).reshape(1, 4, 1), shift)[0, :, 0]
        tensor([0., 0., 1., 2.])
    """
    _choice(interpolation, _image_affine.INTERPOLATIONS, "interpolation")
    _choice(fill_mode, _image_affine.FILL_MODES, "fill_mode")
    x, transform = _images(images), _tensor(transform)
    if transform.ndim not in (1, 2):
        raise ValueError(
            "Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of transforms). "
            f"Received input with shape: transform.shape={tuple(transform.shape)}"
        )
    return _projective(
        x, transform, interpolation, fill_mode, fill_value, standardize_data_format(data_format)
    )


def perspective_transform(
    images: Any, start_points: Any, end_points: Any, interpolation: str = "bilinear", fill_value: float = 0,
    data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Images warped so that the four ``start_points`` (x, y) of the input land on the four
    ``end_points`` of the output: the projective transform solved from the eight equations in
    float32, as Keras on TensorFlow, then read as `affine_transform` reads (outside: ``fill_value``).

    Shapes:
        ``images`` ``(N, H, W, C)`` or ``(H, W, C)``; points ``(N, 4, 2)`` or ``(4, 2)``.

    Raises:
        ValueError: an unknown ``interpolation``, images of rank other than 3 or 4, or points
            not of shape ``(4, 2)`` or ``(N, 4, 2)``, or of different shapes.

    Example:
        >>> corners = [[0, 0], [3, 0], [0, 1], [3, 1]]
        >>> perspective_transform(torch.arange(4.0).reshape(1, 4, 1), corners, corners)[0, :, 0]
        tensor([0., 1., 2., 3.])
    """
    _choice(interpolation, _image_affine.INTERPOLATIONS, "interpolation")
    x = _images(images)
    start, end = (_tensor(points).to(torch.float32) for points in (start_points, end_points))
    for name, points in (("start_points", start), ("end_points", end)):
        if points.ndim not in (2, 3) or tuple(points.shape[-2:]) != (4, 2):
            raise ValueError(
                f"Invalid {name} shape: expected (4,2) for a single image or (N,4,2) for a batch. "
                f"Received shape: {tuple(points.shape)}"
            )
    if start.shape != end.shape:
        raise ValueError(
            "start_points and end_points must have the same shape. Received "
            f"start_points.shape={tuple(start.shape)}, end_points.shape={tuple(end.shape)}"
        )
    transforms = _homography(start.reshape(-1, 4, 2), end.reshape(-1, 4, 2).to(start.device))
    return _projective(
        x, transforms, interpolation, "constant", fill_value, standardize_data_format(data_format)
    )


def _homography(start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
    """The ``(N, 8)`` projective transforms that map each output ``end`` point to its input
    ``start`` point: two linear equations per point pair, solved."""
    ex, ey, sx, sy = end[..., 0], end[..., 1], start[..., 0], start[..., 1]  # (N, 4) each
    ones, zeros = torch.ones_like(ex), torch.zeros_like(ex)
    x_rows = torch.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], dim=-1)
    y_rows = torch.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], dim=-1)
    matrix = torch.stack([x_rows, y_rows], dim=2).reshape(-1, 8, 8)  # rows x1, y1, x2, y2, ...
    target = torch.stack([sx, sy], dim=-1).reshape(-1, 8, 1)
    return torch.linalg.solve(matrix, target).reshape(-1, 8)


def map_coordinates(
    inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: float = 0
) -> torch.Tensor:
    """``inputs`` read at ``coordinates`` (one array of places per axis of ``inputs``), by the
    nearest place (``order=0``, halves to even) or linearly (``order=1``), places outside by
    ``fill_mode``, as Keras on TensorFlow maps them: ``"constant"`` (``fill_value``),
    ``"nearest"``, ``"wrap"``, and ``"mirror"`` and ``"reflect"`` as its TensorFlow backend
    folds them (by the absolute place: below zero both mirror, ``-1`` reads place ``1``, where
    Keras's other backends reflect it to place ``0``). Integer inputs are rounded back.

    Shapes:
        ``inputs`` ``(d_1, ..., d_r)``, ``coordinates`` ``(r, *s)`` -> ``s``.

    Raises:
        ValueError: ``coordinates`` whose first axis is not the rank of ``inputs``, of rank
            under 2, or an unknown ``fill_mode``.
        NotImplementedError: ``order`` above 1 (Keras's too).

    Example:
        >>> map_coordinates(torch.tensor([0.0, 10.0, 20.0]), [[0.5, 1.25, 3.0]], order=1)
        tensor([ 5.0000, 12.5000,  0.0000])
    """
    x, places = _tensor(inputs), _tensor(coordinates)
    if places.shape[0] != x.ndim:
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of `inputs`. Received inputs with "
            f"shape: {tuple(x.shape)} and coordinate leading dim of {places.shape[0]}"
        )
    if places.ndim < 2:
        raise ValueError(
            "Invalid coordinates rank: expected at least rank 2. "
            f"Received input with shape: {tuple(places.shape)}"
        )
    _choice(fill_mode, MAP_COORDINATES_FILL_MODES, "fill_mode")
    if order not in (0, 1):
        raise NotImplementedError("map_coordinates currently requires order<=1")
    places = places.to(x.device)
    if order == 1 and not places.is_floating_point():
        places = places.to(torch.float32)
    fill = torch.tensor(fill_value, dtype=x.dtype, device=x.device)
    axes = []  # per axis: (index, inside, weight) of each node
    for place, size in zip(places.unbind(0), x.shape):
        if order == 0:
            rounded = place if not place.is_floating_point() else torch.round(place)
            nodes = [(rounded.long(), torch.ones((), dtype=place.dtype, device=x.device))]
        else:
            lower = torch.floor(place)
            upper_weight = place - lower
            nodes = [(lower.long(), 1 - upper_weight), (lower.long() + 1, upper_weight)]
        axes.append([(*_folded(index, size, fill_mode), weight) for index, weight in nodes])
    terms = []
    for items in itertools.product(*axes):
        indices, insides, weights = zip(*items)
        gathered = x[indices].to(weights[0].dtype)
        if fill_mode == "constant":
            inside = functools.reduce(operator.and_, insides)
            gathered = torch.where(inside, gathered, fill.to(gathered.dtype))
        terms.append(functools.reduce(operator.mul, weights) * gathered)
    result = functools.reduce(operator.add, terms)
    if not (x.is_floating_point() or x.is_complex()):
        result = torch.round(result)
    return result.to(x.dtype)


def _folded(index: torch.Tensor, size: int, fill_mode: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Integer places along an axis of ``size`` brought into it by ``fill_mode`` (Keras's
    TensorFlow backend's rules), and whether each was inside (all are, but for ``"constant"``)."""
    inside = torch.ones_like(index, dtype=torch.bool)
    if fill_mode == "constant":
        inside = (index >= 0) & (index < size)
    elif fill_mode in ("mirror", "reflect"):
        folded = index.abs() % (2 * size)
        beyond = folded >= size
        index = torch.where(beyond, 2 * size - folded - int(fill_mode == "reflect"), folded)
    elif fill_mode == "wrap":
        index = index % size
    # TensorFlow's "mirror" can fold onto place `size` itself (an error there): the last place
    return index.clamp(0, size - 1), inside


def elastic_transform(
    images: Any, alpha: float = 20.0, sigma: float = 5.0, interpolation: str = "bilinear",
    fill_mode: str = "reflect", fill_value: float = 0.0, seed: Any = None, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Images distorted by a random displacement field, as Keras on TensorFlow draws it: one
    normal field per image times ``sigma``, smoothed by a Gaussian of ``sigma`` (a kernel of
    ``6 int(sigma) | 1`` pixels), times ``alpha``, moving each pixel's read place by it along
    both axes (Keras's TensorFlow backend draws the two fields with one seed, so they are the
    same), read by `map_coordinates` (``"bilinear"`` or ``"nearest"``, places outside by
    ``fill_mode``).

    The numbers differ from Keras's for the same ``seed``: the field comes from torch's
    generator (`random.normal`), not TensorFlow's stateless Philox. ``alpha=0`` gives the
    images back.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` (channels_first: ``(N, C, H, W)``) -> the same.

    Raises:
        ValueError: an unknown ``interpolation`` or ``fill_mode``, or a rank other than 3 or 4.

    Example:
        >>> images = torch.rand(2, 8, 8, 3)
        >>> torch.equal(elastic_transform(images, alpha=0.0, seed=1), images)
        True
    """
    _choice(interpolation, _image_affine.INTERPOLATIONS, "interpolation")
    _choice(fill_mode, _image_affine.FILL_MODES, "fill_mode")
    x = _images(images)
    fmt = standardize_data_format(data_format)
    batch = _batch_last(_floating(x), fmt)
    n, height, width, channels = batch.shape
    dtype = batch.dtype
    sigma_t = torch.tensor(sigma, dtype=dtype)
    kernel = 6 * int(sigma_t) | 1
    noise = random.normal((n, height, width, 1), dtype=dtype, seed=seed).to(x.device) * sigma_t.to(x.device)
    shift = alpha * gaussian_blur(noise, (kernel, kernel), (sigma_t, sigma_t))[..., 0]  # (N, H, W)
    ys, xs = torch.meshgrid(
        torch.arange(height, dtype=dtype, device=x.device),
        torch.arange(width, dtype=dtype, device=x.device),
        indexing="ij",
    )
    order = _image_affine.INTERPOLATIONS.index(interpolation)

    def distorted(b: int, c: int) -> torch.Tensor:
        places = torch.stack([ys + shift[b], xs + shift[b]])
        return map_coordinates(batch[b, ..., c], places, order, fill_mode, fill_value)

    out = torch.stack([torch.stack([distorted(b, c) for c in range(channels)], dim=-1) for b in range(n)])
    return _unbatch_last(out, fmt, x.ndim).to(dtype)


# ----- filters ----------------------------------------------------------------------------


def _gaussian(size: int, sigma: Any, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """The ``size`` taps of a normalised Gaussian of ``sigma`` centred on the middle."""
    place = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2
    taps = torch.exp(-0.5 * (place / torch.as_tensor(sigma, dtype=dtype, device=device)) ** 2)
    return taps / taps.sum()


def gaussian_blur(
    images: Any, kernel_size: Sequence[int] = (3, 3), sigma: Sequence[float] = (1.0, 1.0),
    data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Each channel convolved with a Gaussian kernel of ``kernel_size`` and ``sigma`` (height,
    width), zeros beyond the edges (TensorFlow's ``"same"`` padding). As Keras on TensorFlow
    builds it, a kernel that is not square is the outer product of the width's taps by the
    height's, laid out in ``kernel_size``'s shape.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` (channels_first: ``(N, C, H, W)``) -> the same.

    Raises:
        ValueError: a rank other than 3 or 4.

    Example:
        >>> impulse = torch.zeros(1, 3, 3, 1)
        >>> impulse[0, 1, 1, 0] = 1.0
        >>> gaussian_blur(impulse)[0, :, :, 0]
        tensor([[0.0751, 0.1238, 0.0751],
                [0.1238, 0.2042, 0.1238],
                [0.0751, 0.1238, 0.0751]])
    """
    x = _images(images)
    fmt = standardize_data_format(data_format)
    batch = _batch_last(_floating(x), fmt)
    height, width = (int(k) for k in kernel_size)
    along_y = _gaussian(width, sigma[1], batch.dtype, batch.device)  # Keras's names and order
    along_x = _gaussian(height, sigma[0], batch.dtype, batch.device)
    kernel = torch.outer(along_y, along_x).reshape(height, width, 1, 1).expand(-1, -1, batch.shape[-1], 1)
    blurred = depthwise_conv(batch, kernel, padding="same", data_format="channels_last")
    return _unbatch_last(blurred, fmt, x.ndim)


def sobel_edges(images: Any, data_format: str | None = None) -> torch.Tensor:
    """The Sobel gradients of each channel, ``[dy, dx]`` (3 x 3 kernels, the images reflected
    at their edges), as ``tf.image.sobel_edges``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H, W, C, 2)`` (channels_first: ``(N, C, H, W)`` ->
        ``(N, C, H, W, 2)``).

    Raises:
        ValueError: a rank other than 4.

    Example:
        >>> step = torch.tensor([0.0, 0.0, 1.0, 1.0]).expand(1, 4, 4).unsqueeze(-1)
        >>> sobel_edges(step)[0, 1, :, 0]
        tensor([[0., 0.],
                [0., 4.],
                [0., 4.],
                [0., 0.]])
    """
    x = _tensor(images)
    if x.ndim != 4:
        raise ValueError(
            f"Invalid images rank: expected rank 4 (batch of images). Received: images.shape={tuple(x.shape)}"
        )
    fmt = standardize_data_format(data_format)
    batch = _batch_last(_floating(x), fmt)
    sobel = torch.tensor(
        [[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]],
        dtype=batch.dtype,
        device=batch.device,
    )  # (2, 3, 3): dy, dx
    kernel = sobel.permute(1, 2, 0).unsqueeze(2).expand(-1, -1, batch.shape[-1], -1)  # (3, 3, C, 2)
    padded = F.pad(batch.permute(0, 3, 1, 2), (1, 1, 1, 1), mode="reflect").permute(0, 2, 3, 1)
    edges = depthwise_conv(padded, kernel, data_format="channels_last").unflatten(-1, (-1, 2))
    return edges if fmt == "channels_last" else edges.permute(0, 3, 1, 2, 4)


def ssim(
    image1: Any, image2: Any, max_val: float = 1.0, filter_size: int = 11, filter_sigma: float = 1.5,
    k1: float = 0.01, k2: float = 0.03, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    r"""The structural similarity of two images, as Keras's: means, variances and covariance
    over Gaussian windows of ``filter_size`` and ``filter_sigma`` (whole windows only), the map
    \(\frac{(2 \mu_1 \mu_2 + c_1)(2 \sigma_{12} + c_2)}{(\mu_1^2 + \mu_2^2 + c_1)(\sigma_1^2 +
    \sigma_2^2 + c_2)}\), \(c_i = (k_i \cdot max\_val)^2\), averaged over the places and then
    the channels; 1 for equal images.

    Shapes:
        ``(N, H, W, C)`` -> ``(N,)``; ``(H, W, C)`` -> ``()`` (channels_first: ``(N, C, H, W)``).

    Raises:
        ValueError: either image of rank other than 3 or 4.

    Example:
        >>> image = torch.rand(12, 12, 3)
        >>> float(ssim(image, image))
        1.0
    """
    first, second = _images(image1, "image1"), _images(image2, "image2")
    fmt = standardize_data_format(data_format)
    dtype = first.dtype
    a, b = (_floating(_batch_last(image, fmt)) for image in (first, second))
    taps = _gaussian(filter_size, filter_sigma, a.dtype, a.device)
    kernel = torch.outer(taps, taps).reshape(filter_size, filter_size, 1, 1)
    n, height, width, channels = a.shape
    # each channel as an image of its own: (N C, H, W, 1)
    a, b = (image.permute(0, 3, 1, 2).reshape(-1, height, width, 1) for image in (a, b))

    def window_mean(values: torch.Tensor) -> torch.Tensor:
        return conv(values, kernel, padding="valid", data_format="channels_last")

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = window_mean(a), window_mean(b)
    mu1_sq, mu2_sq, mu1_mu2 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma1_sq = window_mean(a * a) - mu1_sq
    sigma2_sq = window_mean(b * b) - mu2_sq
    sigma12 = window_mean(a * b) - mu1_mu2
    numerator = (2.0 * mu1_mu2 + c1) * (2.0 * sigma12 + c2)
    denominator = (mu1_sq + mu2_sq + c1) * (sigma1_sq + sigma2_sq + c2)
    similarity = (numerator / denominator).mean(dim=(1, 2, 3)).reshape(n, channels).mean(dim=-1)
    return (similarity if first.ndim == 4 else similarity.squeeze(0)).to(dtype)


# ----- patches, crops and pads ------------------------------------------------------------


def extract_patches(
    images: Any, size: Size, strides: Size | None = None, dilation_rate: Size = 1, padding: str = "valid",
    data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """The patches of ``size`` (an int, ``(height, width)``, or ``(depth, height, width)`` for
    volumes, as `extract_patches_3d`) every ``strides`` places (``size`` by default), each
    flattened into the channel axis in (row, column, channel) order, as Keras computes them:
    a convolution by the identity kernel.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', h w C)``, ``(H, W, C)`` -> ``(H', W', h w C)``
        (channels_first: ``(N, h w C, H', W')``).

    Raises:
        TypeError: ``size`` neither an int nor a tuple.
        ValueError: a tuple ``size`` of length other than 2 or 3.

    Example:
        >>> extract_patches(torch.arange(16.0).reshape(4, 4, 1), 2)[0, 0]
        tensor([0., 1., 4., 5.])
    """
    if not isinstance(size, int):
        if not isinstance(size, (tuple, list)):
            raise TypeError(
                "Invalid `size` argument. Expected an int or a tuple. "
                f"Received: size={size} of type {type(size).__name__}"
            )
        if len(size) not in (2, 3):
            raise ValueError(
                "Invalid `size` argument. Expected a tuple of length 2 or 3. "
                f"Received: size={size} with length {len(size)}"
            )
        if len(size) == 3:
            strides = size if strides is None else strides
            strides = (strides,) * 3 if isinstance(strides, int) else tuple(strides)
            if len(strides) != 3:
                raise ValueError(f"Invalid `strides` argument. Got: {strides}")
            return _patches(images, size, strides, dilation_rate, padding, data_format, rank=3)
    return _patches(images, size, strides or size, dilation_rate, padding, data_format, rank=2)


def extract_patches_3d(
    volumes: Any, size: Size, strides: Size | None = None, dilation_rate: Size = 1, padding: str = "valid",
    data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """The patches of ``size`` (an int or ``(depth, height, width)``) of volumes every
    ``strides`` places (``size`` by default), flattened into the channel axis: `extract_patches`
    of a ``size`` of three (on a model's symbolic tensors too, as Keras records both ops as
    one ``ExtractPatches``).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D', H', W', d h w C)``, ``(D, H, W, C)`` -> ``(D', H', W',
        d h w C)`` (channels_first: ``(N, C, D, H, W)`` -> ``(N, d h w C, D', H', W')``).

    Raises:
        ValueError: ``strides`` not one int or three.

    Example:
        >>> extract_patches_3d(torch.ones(2, 4, 4, 4, 1), 2).shape
        torch.Size([2, 2, 2, 2, 8])
    """
    size = (size,) * 3 if isinstance(size, int) else tuple(size)
    return extract_patches(volumes, size, strides, dilation_rate, padding, data_format)


def _patches(
    x: Any, size: Size, strides: Size, dilation_rate: Size, padding: str, data_format: str | None, rank: int
) -> torch.Tensor:
    """`extract_patches` of ``rank`` spatial axes: the identity kernel's convolution, on a
    batch (an unbatched input, of rank ``rank + 1``, given a batch axis of one)."""
    x = _tensor(x)
    window = (size,) * rank if isinstance(size, int) else tuple(size)
    fmt = standardize_data_format(data_format)
    channels = x.shape[-1] if fmt == "channels_last" else x.shape[-rank - 1]
    features = int(np.prod(window)) * channels
    kernel = torch.eye(features, dtype=_floating(x).dtype, device=x.device).reshape(
        *window, channels, features
    )
    unbatched = x.ndim == rank + 1
    patches = conv(x.unsqueeze(0) if unbatched else x, kernel, strides, padding, fmt, dilation_rate)
    return patches.squeeze(0) if unbatched else patches


def _sides(
    before: int | None,
    after: int | None,
    target: int | None,
    length: int,
    names: tuple[str, str, str],
    pad: bool,
) -> tuple[int, int]:
    """The rows (or columns) to pad or crop before and after an axis of ``length``, two of
    ``before``, ``after`` and ``target`` given.

    Raises:
        ValueError: not exactly two given, or a negative one, in Keras's words.
    """
    given = {names[0]: before, names[1]: after, names[2]: target}
    if list(given.values()).count(None) != 1:
        listed = ", ".join(f"{name}={value}" for name, value in given.items())
        raise ValueError(f"Must specify exactly two of {', '.join(names)}. Received: {listed}")
    grown = 1 if pad else -1  # padding grows the axis by before + after, cropping shrinks it
    if before is None:
        before = grown * (target - length) - after
    if after is None:
        after = grown * (target - length) - before
    for name, value in zip(names, (before, after, length + grown * (before + after))):
        if value < 0:
            raise ValueError(f"{name} must be >= 0. Received: {name}={value}")
    return before, after


def pad_images(
    images: Any, top_padding: int | None = None, left_padding: int | None = None,
    bottom_padding: int | None = None, right_padding: int | None = None, target_height: int | None = None,
    target_width: int | None = None, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Images padded with zeros: two of ``top_padding``, ``bottom_padding`` and
    ``target_height`` (and of ``left_padding``, ``right_padding`` and ``target_width``) give
    the rows (columns) added on each side.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, target_height, target_width, C)``; ``(H, W, C)`` likewise.

    Raises:
        ValueError: a rank other than 3 or 4, not exactly two of each three, or a negative one.

    Example:
        >>> pad_images(torch.ones(2, 2, 1), 1, 0, target_height=4, target_width=3)[..., 0]
        tensor([[0., 0., 0.],
                [1., 1., 0.],
                [1., 1., 0.],
                [0., 0., 0.]])
    """
    x = _images(images)
    height_axis = -3 if standardize_data_format(data_format) == "channels_last" else -2
    height, width = x.shape[height_axis], x.shape[height_axis + 1]
    top, bottom = _sides(
        top_padding,
        bottom_padding,
        target_height,
        height,
        ("top_padding", "bottom_padding", "target_height"),
        True,
    )
    left, right = _sides(
        left_padding,
        right_padding,
        target_width,
        width,
        ("left_padding", "right_padding", "target_width"),
        True,
    )
    spatial = (left, right, top, bottom)
    return F.pad(x, (0, 0, *spatial) if height_axis == -3 else spatial)


def crop_images(
    images: Any, top_cropping: int | None = None, left_cropping: int | None = None,
    bottom_cropping: int | None = None, right_cropping: int | None = None, target_height: int | None = None,
    target_width: int | None = None, data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """Images cropped: two of ``top_cropping``, ``bottom_cropping`` and ``target_height`` (and
    of ``left_cropping``, ``right_cropping`` and ``target_width``) give the rows (columns)
    removed on each side.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, target_height, target_width, C)``; ``(H, W, C)`` likewise.

    Raises:
        ValueError: a rank other than 3 or 4, not exactly two of each three, or a negative one.

    Example:
        >>> crop_images(torch.arange(9.0).reshape(3, 3, 1), 0, 0, 1, 1)[..., 0]  # one row, one column off
        tensor([[0., 1.],
                [3., 4.]])
    """
    x = _images(images)
    height_axis = -3 if standardize_data_format(data_format) == "channels_last" else -2
    height, width = x.shape[height_axis], x.shape[height_axis + 1]
    top, bottom = _sides(
        top_cropping, bottom_cropping, target_height, height,
        ("top_cropping", "bottom_cropping", "target_height"), False,
    )  # fmt: skip
    left, right = _sides(
        left_cropping,
        right_cropping,
        target_width,
        width,
        ("left_cropping", "right_cropping", "target_width"),
        False,
    )
    cropped = x.narrow(height_axis, top, height - top - bottom)
    return cropped.narrow(height_axis + 1, left, width - left - right)


__all__ = [
    "affine_transform", "crop_images", "elastic_transform", "extract_patches", "extract_patches_3d",
    "gaussian_blur", "hsv_to_rgb", "map_coordinates", "pad_images", "perspective_transform", "resize",
    "rgb_to_grayscale", "rgb_to_hsv", "scale_and_translate", "sobel_edges", "ssim",
]  # fmt: skip
