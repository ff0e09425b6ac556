r"""TensorFlow's ``tf.image.resize`` (what Keras 3's ``Resizing`` runs on the TensorFlow backend,
and tf-keras's), as one weight matrix per spatial axis: an image ``X`` (``H x W``) becomes
\(A_h X A_w^\top\), where row \(o\) of \(A\) holds the weights output place \(o\) gives the
input places along that axis. The weights are TensorFlow's kernels' own, their sampling
positions computed in float32 as TensorFlow computes them (so ``"nearest"`` picks the same
pixels and the bicubic table the same entries):

- ``"bilinear"``, ``"nearest"``: half-pixel centres, \(u = (o + 1/2)\,s - 1/2\) with
  \(s = \text{in} / \text{out}\) (``"nearest"``: \(\lfloor (o + 1/2)\,s \rfloor\));
- ``"bicubic"``: Keys' cubic (\(a = -1/2\)) read from TensorFlow's 1024-entry table, taps
  outside the image dropped and the rest renormalised;
- ``"area"``: each output place the average of the input it covers, by overlap;
- ``"lanczos3"``, ``"lanczos5"``, and ``antialias=True`` (``"bilinear"``: a triangle,
  ``"bicubic"``: Keys' cubic): TensorFlow's ``scale_and_translate``, the kernel widened by the
  downscaling factor when antialiasing.

Example:
    >>> resize(torch.tensor([[[[0.0], [4.0]]]]), (1, 4), "bilinear", "channels_last")[0, 0, :, 0]
    tensor([0., 1., 3., 4.])
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch

METHODS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")

_F32 = np.float32
_TABLE_SIZE = 1024  # TensorFlow's bicubic coefficient table


def resize(
    x: torch.Tensor, size: tuple[int, int], method: str, data_format: str, antialias: bool = False
) -> torch.Tensor:
    """A batch of images ``x`` resized to ``size`` (height, width) as ``tf.image.resize``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, *size, C)`` (``(N, C, H, W)`` -> ``(N, C, *size)`` for
        ``"channels_first"``).
    """
    channels_last = data_format == "channels_last"
    images = x.movedim(-1, 1) if channels_last else x  # (N, C, H, W)
    height, width = images.shape[-2:]
    rows = resize_weights(height, size[0], method, antialias).to(images)
    columns = resize_weights(width, size[1], method, antialias).to(images)
    resized = rows @ images @ columns.T  # (out_h, H) @ (N, C, H, W) @ (W, out_w)
    return resized.movedim(1, -1) if channels_last else resized


def resize_weights(length: int, out: int, method: str, antialias: bool = False) -> torch.Tensor:
    """The ``(out, length)`` float64 weights of one axis resized from ``length`` to ``out``
    places by ``method``.

    Example:
        >>> resize_weights(2, 4, "nearest").tolist()
        [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]
    """
    if method in ("lanczos3", "lanczos5") or (antialias and method in ("bilinear", "bicubic")):
        kernel, radius = KERNELS["triangle" if method == "bilinear" else method]
        weights = _scale_and_translate(length, out, kernel, radius, antialias)
    else:
        weights = _DIRECT[method](length, out)
    return torch.from_numpy(weights)


def _scale(length: int, out: int) -> np.float32:
    return _F32(length) / _F32(out)


def _bilinear(length: int, out: int) -> np.ndarray:
    position = (np.arange(out, dtype=_F32) + _F32(0.5)) * _scale(length, out) - _F32(0.5)
    floor = np.floor(position)
    lerp = (position - floor).astype(np.float64)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(position), length - 1).astype(np.int64)
    weights = np.zeros((out, length))
    rows = np.arange(out)
    np.add.at(weights, (rows, lower), 1 - lerp)
    np.add.at(weights, (rows, upper), lerp)
    return weights


def _nearest(length: int, out: int) -> np.ndarray:
    position = (np.arange(out, dtype=_F32) + _F32(0.5)) * _scale(length, out)
    index = np.clip(np.floor(position).astype(np.int64), 0, length - 1)
    return np.eye(length)[index]


def _cubic_table() -> np.ndarray:
    """TensorFlow's table of Keys' cubic with a = -1/2: entry i holds the weights at distance
    i / 1024 (column 0) and 1 + i / 1024 (column 1)."""
    a = -0.5
    x = np.arange(_TABLE_SIZE + 1, dtype=np.float64) / _TABLE_SIZE
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
    return np.stack([near, far], axis=1).astype(_F32).astype(np.float64)


def _bicubic(length: int, out: int) -> np.ndarray:
    table = _cubic_table()
    position = (np.arange(out, dtype=_F32) + _F32(0.5)) * _scale(length, out) - _F32(0.5)
    start = np.floor(position).astype(np.int64)
    offset = np.rint((position - start) * _F32(_TABLE_SIZE)).astype(np.int64)
    taps = (
        table[offset, 1],
        table[offset, 0],
        table[_TABLE_SIZE - offset, 0],
        table[_TABLE_SIZE - offset, 1],
    )
    weights = np.zeros((out, length))
    rows = np.arange(out)
    for shift, tap in zip((-1, 0, 1, 2), taps):
        index = start + shift
        inside = (index >= 0) & (index < length)  # taps outside the image are dropped
        np.add.at(weights, (rows[inside], index[inside]), tap[inside])
    total = weights.sum(axis=1, keepdims=True)
    return weights / np.where(np.abs(total) > 0, total, 1)


def _area(length: int, out: int) -> np.ndarray:
    scale = _scale(length, out)
    weights = np.zeros((out, length))
    for o in range(out):
        start, end = float(_F32(o) * scale), float(_F32(o + 1) * scale)
        for i in range(math.floor(start), math.ceil(end)):
            weights[o, min(i, length - 1)] += min(i + 1, end) - max(i, start)
    return weights / float(scale)


def _lanczos(radius: int) -> Callable[[np.ndarray], np.ndarray]:
    def kernel(x: np.ndarray) -> np.ndarray:
        x = np.abs(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius) / (np.pi**2 * x**2)
        return np.where(x > radius, 0.0, np.where(x <= 1e-3, 1.0, value))

    return kernel


def _triangle(x: np.ndarray) -> np.ndarray:
    return np.maximum(1 - np.abs(x), 0.0)


def _keys_cubic(x: np.ndarray) -> np.ndarray:
    x = np.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1
    far = ((-0.5 * x + 2.5) * x - 4) * x + 2
    return np.where(x >= 2, 0.0, np.where(x >= 1, far, near))


KERNELS = {
    "lanczos3": (_lanczos(3), 3),
    "lanczos5": (_lanczos(5), 5),
    "triangle": (_triangle, 1),
    "bicubic": (_keys_cubic, 2),
}


def _scale_and_translate(length: int, out: int, kernel: Callable, radius: int, antialias: bool) -> np.ndarray:
    """TensorFlow's ``ScaleAndTranslate`` weights (no translation): output place o samples the
    input at (o + 1/2) / s, s = out / length, through ``kernel`` widened by 1/s when
    antialiasing a downscale; the weights of each output place sum to one."""
    inverse = 1 / float(_F32(out) / _F32(length))
    width = max(inverse, 1.0) if antialias else 1.0
    weights = np.zeros((out, length))
    for o in range(out):
        sample = (o + 0.5) * inverse
        if sample < 0 or sample > length:
            continue
        first = min(max(math.ceil(sample - radius * width - 0.5), 0), length - 1)
        last = min(max(math.floor(sample + radius * width - 0.5), 0), length - 1)
        places = np.arange(first, last + 1)
        row = kernel((places + 0.5 - sample) / width)
        total = row.sum()
        weights[o, places] = row / total if abs(total) > 0 else row
    return weights


_DIRECT = {"bilinear": _bilinear, "nearest": _nearest, "bicubic": _bicubic, "area": _area}
