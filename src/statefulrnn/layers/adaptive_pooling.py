r"""Keras 3's adaptive pooling layers, ``AdaptiveAveragePooling1D/2D/3D`` and
``AdaptiveMaxPooling1D/2D/3D``: each spatial axis cut into ``output_size`` bins whatever its
length, one value a bin.

The bins are PyTorch's (and Keras 3.15's, whose TensorFlow backend gathers them from two
pools): along an axis of length \(L\) cut into \(n\) bins, bin \(i\) covers the places

\[
\lfloor iL/n \rfloor \le \tau < \lceil (i+1)L/n \rceil
\]

so neighbouring bins overlap by a place where \(n\) does not divide \(L\), and repeat places
where \(n > L\). (Keras 3.15's TensorFlow backend kills its process, a floating-point exception,
where the larger of the two pools it gathers from is longer than the axis: `AdaptiveMaxPooling1D`
to one bin, an axis of length 1 to one bin; here those give the bins' values, as Keras's torch
backend does.)

Example:
    >>> AdaptiveAveragePooling1D(2)(torch.tensor([[[1.0], [2.0], [4.0]]])).flatten()  # bins 0-1, 1-2
    tensor([1.5000, 3.0000])
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any, ClassVar

import torch
from torch.nn import functional as F

from . import _window
from .base import Layer

# torch's adaptive pooling for each kind and number of spatial axes.
_POOLS = {
    "avg": {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d},
    "max": {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d},
}
# How Keras names the sizes of each rank in its messages.
_AXES = {1: "tuple of 1 integer", 2: "(height, width) tuple", 3: "(depth, height, width) tuple"}


def output_size_of(value: Any, rank: int) -> tuple[int, ...]:
    """``output_size`` as Keras 3 takes it (an int for every axis, or ``rank`` of them), as a
    tuple of positive ints, with Keras's messages (and a ValueError for sizes below 1, which
    Keras leaves to its backend)."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        value = (value,) * rank
    elif isinstance(value, (tuple, list)) and len(value) != rank and rank == 1:
        raise ValueError(f"For 1D input, `output_size` tuple must have length 1. Received: {value}")
    if not isinstance(value, (tuple, list)) or len(value) != rank:
        raise TypeError(
            f"`output_size` must be an integer or {_AXES[rank]}. Received: {value} of type {type(value)}"
        )
    if not all(isinstance(size, Integral) and not isinstance(size, bool) and size >= 1 for size in value):
        raise ValueError(f"`output_size` must hold integers of at least 1. Received: output_size={value}")
    return tuple(int(size) for size in value)


class _AdaptivePooling(Layer):
    """Keras 3's ``BaseAdaptivePooling``: ``rank`` spatial axes pooled to ``output_size``
    bins by ``pool_mode`` (``"avg"`` or ``"max"``), which the public classes set."""

    rank: ClassVar[int]
    pool_mode: ClassVar[str]
    supports_masking = False  # as Keras 3: the output places are not the input's

    def __init__(
        self, output_size: int | Sequence[int], data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.output_size = output_size_of(output_size, self.rank)
        self.data_format = _window.data_format(data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        for axis, size in zip(_window.spatial_axes(self.data_format, self.rank), self.output_size):
            shape[axis] = size
        return tuple(shape)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        if not self.built:
            self.build((None, *x.shape[1:]))
        pooled = adaptive_pool(_window.swap_layout(x, self.data_format), self.pool_mode, self.output_size)
        return _window.swap_layout(pooled, self.data_format, back=True)


def adaptive_pool(x: torch.Tensor, mode: str, output_size: Sequence[int]) -> torch.Tensor:
    """``x (N, C, *spatial)`` (1, 2 or 3 spatial axes) pooled by ``mode`` (``"avg"`` or
    ``"max"``) into ``output_size`` bins per spatial axis (the module's bins)."""
    return _POOLS[mode][x.ndim - 2](x, tuple(output_size))


class AdaptiveAveragePooling1D(_AdaptivePooling):
    r"""The mean of each of ``output_size`` bins of a sequence, Keras 3's
    ``AdaptiveAveragePooling1D``: with \(L\) steps and \(n\) bins,

    \[
    y_{n,i,c} = \operatorname{mean}\{x_{n,\tau,c} :
        \lfloor iL/n \rfloor \le \tau < \lceil (i+1)L/n \rceil\}
    \]

    (see the module notes).

    Args:
        output_size: the number of bins \(n\), an int or a tuple of one.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, n, C)`` (``(N, C, T)`` -> ``(N, C, n)`` for channels_first).

    Raises:
        ValueError, TypeError: an ``output_size`` of another form (Keras's messages); inputs of
            another rank.

    Example:
        >>> AdaptiveAveragePooling1D(3)(torch.ones(2, 10, 4)).shape
        torch.Size([2, 3, 4])
    """

    rank, pool_mode = 1, "avg"


class AdaptiveMaxPooling1D(_AdaptivePooling):
    r"""The largest value in each of ``output_size`` bins of a sequence, Keras 3's
    ``AdaptiveMaxPooling1D`` (the bins of `AdaptiveAveragePooling1D`).

    Args:
        output_size: the number of bins \(n\), an int or a tuple of one.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, n, C)`` (``(N, C, T)`` -> ``(N, C, n)`` for channels_first).

    Example:
        >>> AdaptiveMaxPooling1D(2)(torch.tensor([[[1.0], [5.0], [2.0]]])).flatten()
        tensor([5., 5.])
    """

    rank, pool_mode = 1, "max"


class AdaptiveAveragePooling2D(_AdaptivePooling):
    r"""The mean of each bin of an image cut into ``output_size`` bins, Keras 3's
    ``AdaptiveAveragePooling2D``: the bins of `AdaptiveAveragePooling1D` along each axis.

    Args:
        output_size: bins \((n_1, n_2)\), an int for both axes.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, n_1, n_2, C)`` (channels_first: ``(N, C, H, W)`` ->
        ``(N, C, n_1, n_2)``).

    Example:
        >>> AdaptiveAveragePooling2D(1)(torch.arange(4.0).reshape(1, 2, 2, 1)).flatten()
        tensor([1.5000])
    """

    rank, pool_mode = 2, "avg"


class AdaptiveMaxPooling2D(_AdaptivePooling):
    r"""The largest value in each bin of an image cut into ``output_size`` bins, Keras 3's
    ``AdaptiveMaxPooling2D`` (the bins of `AdaptiveAveragePooling2D`).

    Args:
        output_size: bins \((n_1, n_2)\), an int for both axes.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, n_1, n_2, C)`` (channels_first: ``(N, C, H, W)`` ->
        ``(N, C, n_1, n_2)``).

    Example:
        >>> AdaptiveMaxPooling2D((1, 2))(torch.arange(4.0).reshape(1, 2, 2, 1)).flatten()
        tensor([2., 3.])
    """

    rank, pool_mode = 2, "max"


class AdaptiveAveragePooling3D(_AdaptivePooling):
    r"""The mean of each bin of a volume cut into ``output_size`` bins, Keras 3's
    ``AdaptiveAveragePooling3D``: `AdaptiveAveragePooling2D` with a third spatial axis.

    Args:
        output_size: bins \((n_1, n_2, n_3)\), an int for every axis.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, n_1, n_2, n_3, C)`` (channels_first: ``(N, C, D, H, W)``
        -> ``(N, C, n_1, n_2, n_3)``).

    Example:
        >>> AdaptiveAveragePooling3D((1, 2, 2))(torch.ones(1, 4, 4, 4, 3)).shape
        torch.Size([1, 1, 2, 2, 3])
    """

    rank, pool_mode = 3, "avg"


class AdaptiveMaxPooling3D(_AdaptivePooling):
    r"""The largest value in each bin of a volume cut into ``output_size`` bins, Keras 3's
    ``AdaptiveMaxPooling3D`` (the bins of `AdaptiveAveragePooling3D`).

    Args:
        output_size: bins \((n_1, n_2, n_3)\), an int for every axis.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, n_1, n_2, n_3, C)`` (channels_first: ``(N, C, D, H, W)``
        -> ``(N, C, n_1, n_2, n_3)``).

    Example:
        >>> AdaptiveMaxPooling3D(1, data_format="channels_first")(torch.arange(8.0).reshape(1, 1, 2, 2, 2))
        tensor([[[[[7.]]]]])
    """

    rank, pool_mode = 3, "max"
