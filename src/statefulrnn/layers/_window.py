"""Sliding-window arithmetic shared by the 1-D convolution and pooling layers: Keras's
argument checks (with Keras's messages), its padding modes and its output lengths.

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

from numbers import Integral
from typing import Any

import torch

DATA_FORMATS = ("channels_last", "channels_first")


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


def data_format(value: Any) -> str:
    """Keras's ``data_format``: None means ``"channels_last"`` (Keras's default image format)."""
    if value is None:
        return "channels_last"
    if not isinstance(value, str) or value.lower() not in DATA_FORMATS:
        raise ValueError(
            f"The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. "
            f"Received: data_format={value}"
        )
    return value.lower()


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


def output_length(length: int | None, window: int, stride: int, padding: str) -> int | None:
    """Output steps for ``length`` input steps (None stays None); 0 or less when the window
    does not fit, which the callers refuse."""
    if length is None:
        return None
    if padding == "valid":
        return (length - window) // stride + 1
    return (length - 1) // stride + 1


def time_axis(fmt: str) -> int:
    """The time axis of a batch of sequences in layout ``fmt``: ``(N, T, C)`` or ``(N, C, T)``."""
    return 1 if fmt == "channels_last" else 2


def swap_layout(x: torch.Tensor, fmt: str) -> torch.Tensor:
    """Between Keras's layout ``fmt`` and torch's ``(N, C, T)``: a transpose for channels_last
    (its own inverse), nothing for channels_first."""
    return x.transpose(1, 2) if fmt == "channels_last" else x


def check_rank3(layer: Any, x: torch.Tensor) -> None:
    """Refuse anything but a batch of sequences."""
    if x.ndim != 3:
        layout = "(N, T, C)" if layer.data_format == "channels_last" else "(N, C, T)"
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' expects inputs of rank 3, {layout}. "
            f"Received: shape {tuple(x.shape)}"
        )
