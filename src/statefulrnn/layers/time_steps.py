"""Keras's layers that add, remove or repeat a sequence's steps: `ZeroPadding1D`,
`Cropping1D` and `UpSampling1D`. They pass no mask on (as Keras): their steps are not the
input's. In a stream pool they are refused, since their output depends on where chunks end.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import torch
from torch.nn import functional as F

from . import _window
from .base import Layer, Shape, format_shape


def _pair(name: str, value: Any) -> tuple[int, int]:
    """An int (both ends) or two, each >= 0, as Keras's ``standardize_tuple(allow_zero=True)``."""
    items = (value, value) if isinstance(value, Integral) else value
    message = f"The `{name}` argument must be a tuple of 2 integers. Received {name}={value}"
    if not isinstance(items, (tuple, list)) or len(items) != 2:
        raise ValueError(message)
    if any(isinstance(item, bool) or not isinstance(item, Integral) or item < 0 for item in items):
        raise ValueError(f"{message}: each an integer >= 0")
    return int(items[0]), int(items[1])


class _Steps(Layer):
    """What the three share: a batch of sequences in, built on the first call."""

    supports_masking = False
    data_format = "channels_last"  # ZeroPadding1D takes the other too

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x)
        self.compute_output_shape(tuple(x.shape))  # refuses what cannot be done
        if not self.built:
            self.build((None, *x.shape[1:]))
        return self._steps(x)

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class ZeroPadding1D(_Steps):
    r"""Zero steps before and after each sequence, Keras's ``ZeroPadding1D``: with
    ``padding`` \((a, b)\), \(y = (0_1, \dots, 0_a, x_1, \dots, x_T, 0_1, \dots, 0_b)\).

    Args:
        padding: steps added at both ends (an int) or ``(before, after)``.
        data_format: ``"channels_last"`` (default, ``(N, T, C)``) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, a + T + b, C)``.

    Example:
        >>> ZeroPadding1D((1, 2))(torch.ones(1, 2, 1)).flatten().tolist()
        [0.0, 1.0, 1.0, 0.0, 0.0]
    """

    def __init__(
        self, padding: int | tuple[int, int] = 1, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.padding = _pair("padding", padding)
        self.data_format = _window.data_format(data_format)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape, axis = list(input_shape), _window.time_axis(self.data_format)
        if shape[axis] is not None:
            shape[axis] += sum(self.padding)
        return tuple(shape)

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        # F.pad pads the last axis: time last, as torch lays out (N, C, T)
        padded = F.pad(_window.swap_layout(x, self.data_format), self.padding)
        return _window.swap_layout(padded, self.data_format, back=True)


class Cropping1D(_Steps):
    r"""Drop steps at both ends of each sequence, Keras's ``Cropping1D``: with ``cropping``
    \((a, b)\), \(y = (x_{a+1}, \dots, x_{T-b})\).

    Args:
        cropping: steps dropped at both ends (an int) or ``(before, after)``.

    Shapes:
        ``(N, T, C)`` -> ``(N, T - a - b, C)``.

    Raises:
        ValueError: ``a + b`` not smaller than the sequence's length.

    Example:
        >>> Cropping1D((1, 0))(torch.arange(3.0).reshape(1, 3, 1)).flatten().tolist()
        [1.0, 2.0]
    """

    def __init__(self, cropping: int | tuple[int, int] = (1, 1), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cropping = _pair("cropping", cropping)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        length = input_shape[1]
        if length is not None:
            length -= sum(self.cropping)
            if length <= 0:
                raise ValueError(
                    f"`cropping` parameter of `Cropping1D` layer '{self.name}' must be smaller than the "
                    f"input length. Received: input shape {format_shape(input_shape)}, "
                    f"cropping={self.cropping}"
                )
        return (input_shape[0], length, *input_shape[2:])

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        before, after = self.cropping
        return x[:, before : x.shape[1] - after]


class UpSampling1D(_Steps):
    r"""Repeat each step ``size`` times, Keras's ``UpSampling1D``:
    \(y = (x_1, \dots, x_1, x_2, \dots, x_2, \dots)\), each \(x_t\) ``size`` times.

    Args:
        size: the repetitions, a positive integer (default 2).

    Shapes:
        ``(N, T, C)`` -> ``(N, size T, C)``.

    Example:
        >>> UpSampling1D(2)(torch.tensor([[[1.0], [2.0]]])).flatten().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(size, bool) or not isinstance(size, Integral):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = int(size)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        length = input_shape[1]
        return (input_shape[0], None if length is None else self.size * length, *input_shape[2:])

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        return x.repeat_interleave(self.size, dim=1)
