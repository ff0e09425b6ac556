"""Keras 3's math ops (``keras.ops.logsumexp``, ``ops.top_k``, ``ops.segment_sum``,
``ops.extract_sequences``, ``ops.cdist``, ...) and its Fourier transforms (`fourier`:
``ops.rfft``, ``ops.stft``, ...) on PyTorch tensors; the linear algebra is `linalg`'s.

Example:
    >>> from statefulrnn import ops
    >>> ops.extract_sequences(torch.arange(6.0), sequence_length=3, sequence_stride=2)
    tensor([[0., 1., 2.],
            [2., 3., 4.]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from .core import dtype_range
from .fourier import fft, fft2, ifft2, irfft, istft, rfft, stft
from .numpy import _dims, _elementwise, _floating, _keep, _tensor, imag, real

erf = _elementwise("erf", torch.erf, "the error function", floats=True)
erfc = _elementwise("erfc", torch.erfc, "1 - erf(x)", floats=True)
erfinv = _elementwise("erfinv", torch.erfinv, "the inverse error function", floats=True)
rsqrt = _elementwise("rsqrt", torch.rsqrt, "1 / sqrt(x)", floats=True)
for _op in (erf, erfc, erfinv, rsqrt):  # made in numpy's factory, found here (pickle looks)
    _op.__module__ = __name__


def logsumexp(x: Any, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> torch.Tensor:
    """``log(sum(exp(x)))`` over ``axis`` (all axes for None), computed stably."""
    x = _floating(_tensor(x))
    if axis is None:
        return _keep(torch.logsumexp(x.reshape(-1), dim=0), x, keepdims)
    return torch.logsumexp(x, dim=_dims(axis), keepdim=keepdims)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` largest values along the last axis and their indices (int32), largest first."""
    values, indices = torch.topk(_tensor(x), k, dim=-1, largest=True, sorted=True)
    return values, indices.to(torch.int32)


def in_top_k(targets: Any, predictions: Any, k: int) -> torch.Tensor:
    """Whether each row's target class is among its ``k`` largest predictions (a tie at the
    k-th value counts as in, as TensorFlow's).

    Shapes:
        targets ``(N,)``, predictions ``(N, C)`` -> bool ``(N,)``.
    """
    predictions = _tensor(predictions)
    classes = _tensor(targets).to(device=predictions.device, dtype=torch.long)
    target_values = predictions.gather(1, classes[:, None])
    return (predictions > target_values).sum(dim=1) < k


def _segment(reduce: str, data: Any, segment_ids: Any, num_segments: int | None) -> torch.Tensor:
    data = _tensor(data)
    ids = _tensor(segment_ids).to(device=data.device, dtype=torch.long)
    count = int(ids.max()) + 1 if num_segments is None and ids.numel() else (num_segments or 0)
    lowest, highest = dtype_range(data.dtype)
    # An empty segment's value, as TensorFlow's: the sum's 0, the product's 1, the max's lowest
    # value and the min's highest.
    empty = {"sum": 0, "prod": 1, "amax": lowest, "amin": highest}[reduce]
    out = torch.full((count, *data.shape[1:]), empty, dtype=data.dtype, device=data.device)
    index = ids.reshape(-1, *([1] * (data.ndim - 1))).expand_as(data)
    return out.scatter_reduce_(0, index, data, reduce=reduce, include_self=False)


def segment_sum(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    """The sum of the rows of ``data`` in each segment (``segment_ids``: one per row).

    Shapes:
        data ``(N, ...)``, segment_ids ``(N,)`` -> ``(num_segments, ...)``.
    """
    return _segment("sum", data, segment_ids, num_segments)


def segment_max(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    """The largest row values of ``data`` in each segment (the dtype's lowest value for an
    empty one, as Keras on TensorFlow gives)."""
    return _segment("amax", data, segment_ids, num_segments)


def segment_min(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    """The smallest row values of ``data`` in each segment (the dtype's highest value for an
    empty one, as Keras on TensorFlow gives)."""
    return _segment("amin", data, segment_ids, num_segments)


def segment_prod(
    data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False
) -> torch.Tensor:
    """The product of the rows of ``data`` in each segment (1 for an empty one)."""
    return _segment("prod", data, segment_ids, num_segments)


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> torch.Tensor:
    """The windows of ``sequence_length`` values along the last axis, one every
    ``sequence_stride`` steps (those that fit).

    Shapes:
        ``(..., T)`` -> ``(..., 1 + (T - sequence_length) // sequence_stride, sequence_length)``.
    """
    return _tensor(x).unfold(-1, sequence_length, sequence_stride)


def cdist(x: Any, y: Any) -> torch.Tensor:
    """The Euclidean distance between each row of ``x`` and each row of ``y``, batch axes
    broadcast (as Keras's; ``torch.cdist`` does not broadcast them so).

    Shapes:
        x ``(..., P, D)``, y ``(..., R, D)`` -> ``(..., P, R)``.

    Raises:
        ValueError: an input of rank under 2, or feature axes of different lengths.
    """
    x, y = _floating(_tensor(x)), _floating(_tensor(y))
    shapes = f"Received shapes {tuple(x.shape)} and {tuple(y.shape)}"
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(f"`cdist` inputs must have rank >= 2. {shapes}")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(f"Last dimension of inputs to `cdist` must match. {shapes}")
    difference = x.unsqueeze(-2) - y.unsqueeze(-3)
    return torch.sqrt(torch.sum(difference * difference, dim=-1))


def view_as_complex(x: Any) -> torch.Tensor:
    """The complex64 tensor whose real and imaginary parts are ``x``'s last axis, as Keras's.

    Shapes:
        ``(..., 2)`` -> ``(...)``.

    Raises:
        ValueError: a last axis of another size.
    """
    x = _tensor(x)
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(
            f"Last dimension of input must be size 2 (real and imaginary). Received shape: {tuple(x.shape)}"
        )
    return torch.complex(x[..., 0].to(torch.float32), x[..., 1].to(torch.float32))


def view_as_real(x: Any) -> torch.Tensor:
    """``x``'s real and imaginary parts side by side on a new last axis (a real ``x``'s
    imaginary parts are zeros).

    Shapes:
        ``(...)`` -> ``(..., 2)``.
    """
    x = _tensor(x)
    return torch.stack((real(x), imag(x)), dim=-1)


__all__ = [
    "cdist", "erf", "erfc", "erfinv", "extract_sequences", "fft", "fft2", "ifft2", "in_top_k", "irfft",
    "istft", "logsumexp", "rfft", "rsqrt", "segment_max", "segment_min", "segment_prod", "segment_sum",
    "stft", "top_k", "view_as_complex", "view_as_real",
]  # fmt: skip
