"""Keras 3's ops over the spatial axes of sequences, images and volumes beyond `nn`'s
convolutions and pooling: pooling to a fixed size (``adaptive_average_pool``,
``adaptive_max_pool``), the transposed convolution (``conv_transpose``), and sliding blocks
taken out of an image and put back (``unfold``, ``fold``: im2col and col2im).

The first three take Keras's layouts (channels_last by default) and compute what Keras's
layers of the same names compute (`layers.AdaptiveAveragePooling2D`, `layers.Conv2DTranspose`,
...: one implementation serves both); ``unfold`` and ``fold`` take ``(N, C, H, W)`` images as
Keras's do, whatever the layout setting.

Example:
    >>> from statefulrnn import ops
    >>> ops.adaptive_average_pool(torch.arange(6.0).reshape(1, 6, 1), 2).flatten().tolist()
    [1.0, 4.0]
    >>> ops.unfold(torch.ones(1, 2, 4, 4), kernel_size=2, stride=2).shape
    torch.Size([1, 8, 4])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F

from ..layers import _window
from ..layers.adaptive_pooling import adaptive_pool, output_size_of
from .nn import _spatial
from .numpy import _floating, _tensor

IntOrPair = int | Sequence[int]


def _adaptive(
    mode: str, inputs: Any, output_size: int | Sequence[int], data_format: str | None
) -> torch.Tensor:
    x, fmt, rank = _spatial(inputs, data_format)
    return _window.swap_layout(adaptive_pool(x, mode, output_size_of(output_size, rank)), fmt, back=True)


def adaptive_average_pool(
    inputs: Any, output_size: int | Sequence[int], data_format: str | None = None
) -> torch.Tensor:
    r"""The mean of each of ``output_size`` bins along each spatial axis of ``inputs``
    (1, 2 or 3 of them), whatever their lengths: along an axis of length \(L\) cut into \(n\)
    bins, bin \(i\) covers \(\lfloor iL/n \rfloor \le \tau < \lceil (i+1)L/n \rceil\).

    Shapes:
        ``(N, *spatial, C)`` (channels_last) -> ``(N, *output_size, C)``.

    Example:
        >>> adaptive_average_pool(torch.ones(2, 10, 12, 3), (5, 4)).shape
        torch.Size([2, 5, 4, 3])
    """
    return _adaptive("avg", inputs, output_size, data_format)


def adaptive_max_pool(
    inputs: Any, output_size: int | Sequence[int], data_format: str | None = None
) -> torch.Tensor:
    """The largest value in each bin of `adaptive_average_pool`'s."""
    return _adaptive("max", inputs, output_size, data_format)


def conv_transpose(
    inputs: Any, kernel: Any, strides: IntOrPair = 1, padding: str = "valid",
    output_padding: IntOrPair | None = None, data_format: str | None = None, dilation_rate: IntOrPair = 1,
) -> torch.Tensor:  # fmt: skip
    """The transposed convolution of ``inputs`` by ``kernel`` ``(*k, filters, C)`` (Keras's
    layout), each spatial axis as long as Keras makes it (``strides`` times the input's with
    ``"same"`` padding and no ``output_padding``), the numbers of Keras's ``Conv*Transpose``
    layers.

    Shapes:
        ``(N, *spatial, C)`` -> ``(N, *spatial', filters)`` (channels_last).

    Raises:
        ValueError: a kernel for another number of channels or spatial axes, or a bad
            ``strides``, ``padding``, ``output_padding`` or ``dilation_rate``.

    Example:
        >>> conv_transpose(torch.ones(1, 2, 1), torch.ones(2, 1, 1), strides=2)[0, :, 0].tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    x, fmt, rank = _spatial(inputs, data_format)
    kernel = _tensor(kernel)
    if kernel.ndim != rank + 2 or kernel.shape[-1] != x.shape[1]:
        raise ValueError(
            f"conv_transpose's kernel must be (*kernel_size, filters, channels) with {rank} spatial "
            f"axes and {x.shape[1]} channels, as the inputs. Received: kernel shape {tuple(kernel.shape)}, "
            f"inputs shape {tuple(_tensor(inputs).shape)}"
        )
    extra = None
    if output_padding is not None:
        extra = _window.window_int("output_padding", output_padding, True, rank=rank)
    out = _window.convolve_transposed(
        x,
        _window.torch_kernel(kernel).to(x.dtype),
        _window.window_int("strides", strides, rank=rank),
        _window.padding_mode(padding, allow_causal=False),
        extra,
        _window.window_int("dilation_rate", dilation_rate, rank=rank),
    )
    return _window.swap_layout(out, fmt, back=True)


def _image_batch(x: Any, rank: int, what: str, shape: str) -> torch.Tensor:
    x = _floating(_tensor(x))
    if x.ndim != rank:
        raise ValueError(f"{what} takes a {rank}-D tensor {shape}. Received: shape {tuple(x.shape)}")
    return x


def unfold(
    x: Any, kernel_size: IntOrPair, dilation: IntOrPair = 1, padding: IntOrPair = 0, stride: IntOrPair = 1
) -> torch.Tensor:
    """The sliding ``kernel_size`` blocks of a batch of images ``(N, C, H, W)``, each flattened
    into a column (im2col, PyTorch's ``F.unfold``): ``(N, C kH kW, L)``, L the number of blocks,
    row by row.

    Example:
        >>> unfold(torch.arange(4.0).reshape(1, 1, 2, 2), 1)[0].tolist()
        [[0.0, 1.0, 2.0, 3.0]]
    """
    images = _image_batch(x, 4, "unfold", "(N, C, H, W)")
    return F.unfold(images, kernel_size, dilation=dilation, padding=padding, stride=stride)


def fold(
    x: Any, output_size: IntOrPair, kernel_size: IntOrPair, dilation: IntOrPair = 1, padding: IntOrPair = 0,
    stride: IntOrPair = 1,
) -> torch.Tensor:  # fmt: skip
    """`unfold`'s columns ``(N, C kH kW, L)`` put back into images ``(N, C, *output_size)``
    (col2im, PyTorch's ``F.fold``), overlapping blocks summed.

    Example:
        >>> fold(torch.ones(1, 4, 4), output_size=3, kernel_size=2)[0, 0].tolist()
        [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    columns = _image_batch(x, 3, "fold", "(N, C * kH * kW, L)")
    return F.fold(columns, output_size, kernel_size, dilation=dilation, padding=padding, stride=stride)


__all__ = ["adaptive_average_pool", "adaptive_max_pool", "conv_transpose", "fold", "unfold"]
