"""Sliding-window arithmetic shared by the convolution and pooling layers (1-, 2- and 3-D) and
`ConvLSTMCell`: Keras's argument checks (with Keras's messages), its padding modes, its output
lengths, and the layouts between Keras's and torch's.

TensorFlow's ``"same"`` padding, which Keras follows, pads ``total // 2`` steps on the left
and the rest on the right, so an odd total puts the extra step on the right; ``"causal"``
pads only on the left, so output step t sees inputs up to t and none after.

Example:
    >>> pads(5, window=3, stride=2, padding="same")
    (1, 1)
    >>> output_length(5, window=3, stride=2, padding="valid")
    2
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any

import torch
from torch.nn import functional as F

from ..backend import standardize_data_format

# torch's convolution, and its transposed one, for each number of spatial axes.
CONVOLUTIONS = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TRANSPOSED = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def window_int(name: str, value: Any, allow_zero: bool = False, rank: int = 1) -> tuple[int, ...]:
    """``value`` (an int, or a tuple of ``rank`` ints, as Keras accepts) as a ``rank``-tuple of
    positive ints (or zero, with ``allow_zero``): one per spatial axis, an int repeated.

    Raises:
        ValueError: anything else, in Keras's words.

    Example:
        >>> window_int("kernel_size", 3, rank=2), window_int("strides", (1, 2), rank=2)
        ((3, 3), (1, 2))
    """
    message = f"The `{name}` argument must be a tuple of {rank} integers. Received {name}={value}"
    items = (value,) * rank if isinstance(value, Integral) else value
    if not isinstance(items, (tuple, list)) or len(items) != rank:
        raise ValueError(message)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, Integral):
            raise ValueError(f"{message}, including element {item!r} of type {type(item)}")
    low = [item for item in items if item < (0 if allow_zero else 1)]
    if low:
        condition = "value >= 0" if allow_zero else "value > 0"
        raise ValueError(f"{message}, including values {set(low)} that do not satisfy `{condition}`")
    return tuple(int(item) for item in items)


def padding_mode(value: Any, allow_causal: bool) -> str:
    """``"valid"``, ``"same"`` (or ``"causal"`` where allowed), any case, as Keras accepts."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ValueError(f"The `padding` argument must be one of {set(allowed)}. Received: {value!r}")
    return value.lower()


# Keras's ``data_format`` argument: None means the image data format of the moment.
data_format = standardize_data_format


def pads(length: int, window: int, stride: int, padding: str) -> tuple[int, int]:
    """Steps of padding ``(left, right)`` for a sequence of ``length``; ``window`` is the
    dilated extent ``dilation * (kernel_size - 1) + 1``."""
    if padding == "causal":
        return window - 1, 0
    if padding == "same":
        out = -(-length // stride)
        total = max((out - 1) * stride + window - length, 0)
        return total // 2, total - total // 2
    return 0, 0


def spatial_pads(
    sizes: Sequence[int], windows: Sequence[int], strides: Sequence[int], padding: str
) -> list[int]:
    """`pads` for each spatial axis of ``sizes``, as ``F.pad`` lists them (last axis first).

    Example:
        >>> spatial_pads((5, 4), windows=(3, 2), strides=(2, 1), padding="same")
        [0, 1, 1, 1]
    """
    pairs = [pads(*axis, padding) for axis in zip(sizes, windows, strides)]
    return [step for pair in reversed(pairs) for step in pair]


def convolve(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, strides: Sequence[int],
    padding: str, dilation_rate: Sequence[int], groups: int = 1,
) -> torch.Tensor:  # fmt: skip
    """torch's convolution of ``x (N, C, *spatial)`` by ``weight (filters, C / groups, *kernel)``
    with Keras's ``padding`` (``"valid"``, ``"same"`` or ``"causal"``, padded here as
    TensorFlow pads), ``strides`` and ``dilation_rate`` (one per spatial axis):
    ``(N, filters, *spatial')``.

    Example:
        >>> convolve(torch.ones(1, 1, 5), torch.ones(1, 1, 3), None, (1,), "same", (1,)).tolist()
        [[[2.0, 3.0, 3.0, 3.0, 2.0]]]
    """
    windows = [d * (k - 1) + 1 for k, d in zip(weight.shape[2:], dilation_rate)]
    x = F.pad(x, spatial_pads(x.shape[2:], windows, strides, padding))
    return CONVOLUTIONS[x.ndim - 2](x, weight, bias, tuple(strides), 0, tuple(dilation_rate), groups)


def torch_kernel(kernel: torch.Tensor) -> torch.Tensor:
    """A kernel in Keras's layout, ``(*k, C / groups, filters)`` (a transposed convolution's
    ``(*k, filters, C)``), as torch's weight: ``(filters, C / groups, *k)`` (``(C, filters, *k)``)."""
    rank = kernel.ndim - 2
    return kernel.permute(rank + 1, rank, *range(rank))


def output_length(length: int | None, window: int, stride: int, padding: str) -> int | None:
    """Output steps for ``length`` input steps (None stays None); 0 or less when the window
    does not fit, which the callers refuse."""
    if length is None:
        return None
    if padding == "valid":
        return (length - window) // stride + 1
    return (length - 1) // stride + 1


def transposed_length(
    length: int | None, extent: int, stride: int, padding: str, extra: int | None
) -> int | None:
    """Output steps of a transposed convolution for ``length`` input steps (None stays None), as
    Keras computes them: ``extent`` the dilated kernel's, ``extra`` the ``output_padding`` (None:
    Keras's default, as many as the stride leaves over in ``"valid"``, ``length * stride`` in
    ``"same"``)."""
    if length is None:
        return None
    if padding == "valid":
        return (length - 1) * stride + (max(extent, stride) if extra is None else extent + extra)
    return length * stride if extra is None else (length - 1) * stride + extent % 2 + extra


def convolve_transposed(
    x: torch.Tensor,
    weight: torch.Tensor,
    strides: Sequence[int],
    padding: str,
    output_padding: Sequence[int] | None,
    dilation: Sequence[int],
) -> torch.Tensor:
    """The transposed convolution of ``x (N, C, *spatial)`` by torch's ``weight (C, filters,
    *k)``, no bias, each axis `transposed_length` long: torch's full output cut where
    TensorFlow places the padding's window (and padded with zeros past its end where the window
    is longer), so that the numbers are Keras's on TensorFlow."""
    full = TRANSPOSED[x.ndim - 2](x, weight, None, tuple(strides), dilation=tuple(dilation))
    window, pads = [slice(None), slice(None)], []
    for axis, size in enumerate(x.shape[2:]):
        extent = dilation[axis] * (weight.shape[2 + axis] - 1) + 1
        extra = None if output_padding is None else output_padding[axis]
        steps = transposed_length(size, extent, strides[axis], padding, extra)
        available = full.shape[2 + axis]
        start = 0 if padding == "valid" else max(available - steps, 0) // 2
        window.append(slice(start, start + steps))
        pads = [0, max(steps - (available - start), 0), *pads]  # F.pad lists the last axis first
    return F.pad(full[tuple(window)], pads)


def spatial_axes(fmt: str, rank: int) -> tuple[int, ...]:
    """The ``rank`` spatial axes of a batch in layout ``fmt``: ``(N, *spatial, C)`` or
    ``(N, C, *spatial)``."""
    first = 1 if fmt == "channels_last" else 2
    return tuple(range(first, first + rank))


def swap_layout(x: torch.Tensor, fmt: str, back: bool = False) -> torch.Tensor:
    """From Keras's layout ``fmt`` to torch's ``(N, C, *spatial)`` (``back``: the other way):
    the channel axis moved for channels_last (a transpose for sequences, either way), nothing
    for channels_first."""
    if fmt == "channels_first":
        return x
    return x.movedim(1, -1) if back else x.movedim(-1, 1)


def layout(fmt: str, rank: int = 1) -> str:
    """A batch's layout in words, for messages: ``(N, T, C)``, ``(N, C, H, W)``, ..."""
    spatial = {1: ["T"], 2: ["H", "W"], 3: ["D", "H", "W"]}[rank]
    axes = ["N", *spatial, "C"] if fmt == "channels_last" else ["N", "C", *spatial]
    return f"({', '.join(axes)})"


def check_rank(layer: Any, x: torch.Tensor, rank: int = 1) -> None:
    """Refuse anything but a batch with ``rank`` spatial axes (sequences for 1)."""
    if x.ndim != rank + 2:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' expects inputs of rank {rank + 2}, "
            f"{layout(layer.data_format, rank)}. Received: shape {tuple(x.shape)}"
        )
