"""Keras 2's sliding-window and resizing functions of ``keras.backend`` (`backend` exports them):
``K.conv1d``, ``K.conv2d``, ``K.pool2d``, ``K.temporal_padding`` and ``K.resize_images``, which
hand-written layers call in ``call`` on their own kernels::

    x = K.temporal_padding(x, (self.dilation * (self.width - 1), 0))   # causal
    x = K.conv1d(x, self.kernel, dilation_rate=self.dilation)

Kernels are in Keras's layout, ``(*kernel_size, in_channels, filters)``; the data in
``data_format``'s (`backend.image_data_format` for None). They compute as the convolution,
pooling and upsampling layers do (`layers._window.convolve`, `layers.pooling.pool`,
`layers.time_steps.upsample`), with TensorFlow's ``"same"`` padding; on a functional model's
symbolic tensors each records a `layers.Lambda` node (`_backend_nodes`).

Example:
    >>> from statefulrnn import backend as K
    >>> K.conv1d(torch.ones(1, 4, 1), torch.ones(2, 1, 1), padding="causal").flatten().tolist()
    [1.0, 2.0, 2.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional as F

from . import ops
from ._backend_nodes import records_node
from .backend import standardize_data_format

# tf-keras's resize methods (TensorFlow's), and those computed here (see `UpSampling2D`).
_RESIZE_METHODS = (
    "area",
    "bicubic",
    "bilinear",
    "gaussian",
    "lanczos3",
    "lanczos5",
    "mitchellcubic",
    "nearest",
)
_RESIZES_DONE = ("nearest", "bilinear", "area")


@records_node()
def conv1d(
    x: Any, kernel: Any, strides: int = 1, padding: str = "valid", data_format: str | None = None,
    dilation_rate: int = 1,
) -> torch.Tensor:  # fmt: skip
    """The 1-D convolution of sequences ``x`` by ``kernel (width, channels, filters)``, without
    bias; ``padding`` ``"valid"``, ``"same"`` or ``"causal"`` (step t sees none after it).

    Shapes:
        ``(N, T, C)`` -> ``(N, T', filters)`` (``(N, C, T)`` -> ``(N, filters, T')`` for
        ``"channels_first"``).

    Raises:
        ValueError: an unknown ``padding`` or ``data_format``, or shapes that do not fit.

    Example:
        >>> conv1d(torch.ones(1, 5, 2), torch.ones(3, 2, 4), strides=2, padding="same").shape
        torch.Size([1, 3, 4])
    """
    return _convolution(x, kernel, strides, padding, data_format, dilation_rate, rank=1)


@records_node()
def conv2d(
    x: Any, kernel: Any, strides: int | Sequence[int] = (1, 1), padding: str = "valid",
    data_format: str | None = None, dilation_rate: int | Sequence[int] = (1, 1),
) -> torch.Tensor:  # fmt: skip
    """The 2-D convolution of images ``x`` by ``kernel (rows, columns, channels, filters)``,
    without bias; ``padding`` ``"valid"`` or ``"same"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', filters)`` (channels second for
        ``"channels_first"``).

    Raises:
        ValueError: an unknown ``padding`` or ``data_format``, or shapes that do not fit.

    Example:
        >>> conv2d(torch.ones(1, 4, 4, 1), torch.ones(2, 2, 1, 1))[0, :, :, 0].tolist()
        [[4.0, 4.0, 4.0], [4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]
    """
    return _convolution(x, kernel, strides, padding, data_format, dilation_rate, rank=2)


def _convolution(
    x: Any, kernel: Any, strides: Any, padding: str, data_format: str | None, dilation_rate: Any, rank: int
) -> torch.Tensor:
    from .layers import _window  # the layers import the backend

    fmt = standardize_data_format(data_format)
    padding = _window.padding_mode(padding, allow_causal=rank == 1)
    strides = _window.window_int("strides", strides, rank=rank)
    dilation_rate = _window.window_int("dilation_rate", dilation_rate, rank=rank)
    x, kernel = ops.convert_to_tensor(x), ops.convert_to_tensor(kernel)
    name = f"conv{rank}d"
    if x.ndim != rank + 2 or kernel.ndim != rank + 2:
        raise ValueError(
            f"{name}: x needs rank {rank + 2}, {_window.layout(fmt, rank)}, and kernel rank {rank + 2}, "
            f"(*kernel_size, channels, filters); got shapes {tuple(x.shape)} and {tuple(kernel.shape)}."
        )
    channels, per_group = x.shape[1 if fmt == "channels_first" else -1], kernel.shape[-2]
    if channels % per_group:
        raise ValueError(
            f"{name}: x has {channels} channels, which the kernel's {per_group} input channels "
            f"(kernel shape {tuple(kernel.shape)}) do not divide."
        )
    # Keras's kernel (*k, C/g, filters) is torch's weight (filters, C/g, *k).
    weight = _window.torch_kernel(kernel)
    convolved = _window.convolve(
        _window.swap_layout(x, fmt), weight, None, strides, padding, dilation_rate, channels // per_group
    )
    return _window.swap_layout(convolved, fmt, back=True)


@records_node()
def pool2d(
    x: Any, pool_size: Sequence[int], strides: Sequence[int] = (1, 1), padding: str = "valid",
    data_format: str | None = None, pool_mode: str = "max",
) -> torch.Tensor:  # fmt: skip
    """Images ``x`` pooled over windows of ``pool_size (rows, columns)`` every ``strides``
    places: each window's largest value (``pool_mode="max"``) or its mean (``"avg"``, of the
    real places only where ``"same"`` padding reaches past the edge), as TensorFlow's.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', C)`` (channels second for ``"channels_first"``).

    Raises:
        ValueError: an unknown ``padding``, ``data_format`` or ``pool_mode``, or a
            ``pool_size`` or ``strides`` not of 2 ints.

    Example:
        >>> pool2d(torch.arange(16.0).reshape(1, 4, 4, 1), (2, 2), strides=(2, 2))[0, :, :, 0].tolist()
        [[5.0, 7.0], [13.0, 15.0]]
    """
    from .layers import _window, pooling  # the layers import the backend

    fmt = standardize_data_format(data_format)
    padding = _window.padding_mode(padding, allow_causal=False)
    pool_size = _window.window_int("pool_size", pool_size, rank=2)
    strides = _window.window_int("strides", strides, rank=2)
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"pool2d: pool_mode must be 'max' or 'avg'. Received: pool_mode={pool_mode!r}")
    x = ops.convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"pool2d: x needs rank 4, {_window.layout(fmt, 2)}; got shape {tuple(x.shape)}.")
    pooled = pooling.pool(_window.swap_layout(x, fmt), pool_mode, pool_size, strides, padding)
    return _window.swap_layout(pooled, fmt, back=True)


@records_node()
def temporal_padding(x: Any, padding: Sequence[int] = (1, 1)) -> torch.Tensor:
    """Sequences ``x`` with ``padding[0]`` zero steps before and ``padding[1]`` after (axis 1).

    Shapes:
        ``(N, T, C)`` -> ``(N, padding[0] + T + padding[1], C)``.

    Raises:
        ValueError: ``padding`` not two ints, or ``x`` not of rank 3.

    Example:
        >>> temporal_padding(torch.ones(1, 2, 1), (2, 0)).flatten().tolist()
        [0.0, 0.0, 1.0, 1.0]
    """
    if len(padding) != 2:
        raise ValueError(
            f"temporal_padding: padding must be 2 ints (before, after). Received: padding={padding}"
        )
    x = ops.convert_to_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"temporal_padding: x needs rank 3, (N, T, C); got shape {tuple(x.shape)}.")
    return F.pad(x, (0, 0, int(padding[0]), int(padding[1])))


@records_node()
def spatial_2d_padding(
    x: Any, padding: Sequence[Sequence[int]] = ((1, 1), (1, 1)), data_format: str | None = None
) -> torch.Tensor:
    """Images ``x`` with zero rows ``padding[0]`` (before, after) and zero columns
    ``padding[1]`` added, as tf-keras's function (``data_format`` default: the
    `image_data_format`).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H + rows, W + columns, C)`` (channels second for
        ``"channels_first"``).

    Raises:
        ValueError: ``padding`` not two pairs, an unknown ``data_format``, ``x`` not of rank 4.

    Example:
        >>> spatial_2d_padding(torch.ones(1, 1, 1, 1), ((1, 0), (0, 2)))[0, ..., 0].tolist()
        [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """
    from .backend import image_data_format

    data_format = data_format or image_data_format()
    if len(padding) != 2 or any(len(pair) != 2 for pair in padding):
        raise ValueError(
            "spatial_2d_padding: padding must be two pairs ((top, bottom), (left, right)). "
            f"Received: {padding}"
        )
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"spatial_2d_padding: unknown data_format {data_format!r}")
    x = ops.convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"spatial_2d_padding: x needs rank 4, images; got shape {tuple(x.shape)}.")
    (top, bottom), (left, right) = ((int(a), int(b)) for a, b in padding)
    channels = (0, 0) if data_format == "channels_last" else ()  # F.pad counts from the last axis
    return F.pad(x, (*channels, left, right, top, bottom))


@records_node()
def resize_images(
    x: Any, height_factor: int, width_factor: int, data_format: str, interpolation: str = "nearest"
) -> torch.Tensor:
    """Images ``x`` enlarged ``height_factor`` times along the rows and ``width_factor`` along
    the columns: each pixel repeated (``"nearest"``; ``"area"`` is the same on whole factors),
    or TensorFlow's ``"bilinear"`` resize (half-pixel centres, as `UpSampling2D`).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, height_factor H, width_factor W, C)`` (channels second for
        ``"channels_first"``).

    Raises:
        ValueError: an unknown ``data_format`` or ``interpolation``; TensorFlow's
            ``"bicubic"``, ``"gaussian"``, ``"lanczos3"``, ``"lanczos5"`` and
            ``"mitchellcubic"`` are not computed here (torch has none of those kernels).

    Example:
        >>> resize_images(torch.tensor([[[[1.0], [2.0]]]]), 1, 2, "channels_last")[0, ..., 0].tolist()
        [[1.0, 1.0, 2.0, 2.0]]
    """
    from .layers import time_steps  # the layers import the backend

    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "resize_images: data_format must be 'channels_first' or 'channels_last'. "
            f"Received: data_format={data_format!r}"
        )
    if interpolation not in _RESIZE_METHODS:
        raise ValueError(
            f"resize_images: interpolation must be one of {_RESIZE_METHODS}. Received: {interpolation!r}"
        )
    if interpolation not in _RESIZES_DONE:
        raise ValueError(
            f"resize_images: interpolation={interpolation!r} is TensorFlow's own kernel, which statefulrnn "
            f"does not compute; use one of {_RESIZES_DONE}."
        )
    x = ops.convert_to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"resize_images: x needs rank 4, images; got shape {tuple(x.shape)}.")
    return time_steps.upsample(x, (int(height_factor), int(width_factor)), data_format, interpolation)
