"""Keras's channel-by-channel convolutions, `DepthwiseConv1D`/`DepthwiseConv2D` and
`SeparableConv1D`/`SeparableConv2D` (Keras's ``BaseDepthwiseConv`` and ``BaseSeparableConv``):
one rank-generic implementation on torch's grouped ``conv1d``/``conv2d`` (one group per input
channel), the public classes setting ``rank``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch

from .. import activations, initializers
from . import _window
from .base import Layer, set_weight_options
from .convolutional import Conv1D, Conv2D, _Conv, positive_filters


def _depth_multiplier(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            "Invalid value for argument `depth_multiplier`. Expected a strictly positive value. "
            f"Received depth_multiplier={value!r}."
        )
    return value


class _DepthwiseConv(_Conv):
    """Keras's depthwise convolution over ``rank`` spatial axes; `DepthwiseConv1D`'s docstring
    gives the arithmetic of each axis."""

    # The options that hold a weight's regularizer and constraint, where their names are not
    # the weight's (see `regularizers.weight_attribute`): Keras's kernel is "depthwise_".
    weight_options: ClassVar[dict[str, str]] = {"kernel": "depthwise"}

    def __init__(
        self,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        depthwise_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        # Layer's constructor, not _Conv's: its arguments (filters, groups) are not this
        # layer's, and its config must not list them.
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        self.depth_multiplier = _depth_multiplier(depth_multiplier)
        self._set_window(kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias)
        set_weight_options(
            self, depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        channels = input_shape[self._channel_axis()]
        return None if channels is None else channels * self.depth_multiplier

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        channels = self._input_channels(input_shape)
        self.input_channels = channels
        self.add_weight("kernel", self._depthwise_shape(channels), initializer=self.depthwise_initializer)
        if self.use_bias:
            self.add_weight("bias", (channels * self.depth_multiplier,), initializer=self.bias_initializer)

    def _depthwise_shape(self, channels: int) -> tuple[int, ...]:
        return (*self.kernel_size, channels, self.depth_multiplier)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        return self._depthwise(x, self.kernel, self._bias())

    def _depthwise(self, x: torch.Tensor, kernel: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        """``x (N, C, *spatial)`` convolved channel by channel with Keras's ``kernel (*k, C, M)``:
        ``(N, C M, *spatial')``, output channel ``c M + m`` from channel ``c`` (Keras's order, and
        that of torch's groups)."""
        *window, channels, multiplier = kernel.shape
        # (*k, C, M) -> torch's (C M, 1, *k): one group of M filters per input channel.
        weight = kernel.permute(self.rank, self.rank + 1, *range(self.rank))
        return self._windowed(x, weight.reshape(channels * multiplier, 1, *window), bias, channels)


class _SeparableConv(_DepthwiseConv):
    """Keras's separable convolution over ``rank`` spatial axes: the depthwise one without its
    bias, then a pointwise one; `SeparableConv1D`'s docstring gives the arithmetic."""

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        depth_multiplier: int = 1,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        depthwise_initializer: str | initializers.Initializer = "glorot_uniform",
        pointwise_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        filters = positive_filters(filters)
        Layer.__init__(self, activity_regularizer=activity_regularizer, **kwargs)
        self.filters = filters
        self.depth_multiplier = _depth_multiplier(depth_multiplier)
        self._set_window(kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias)
        set_weight_options(
            self, depthwise_initializer=depthwise_initializer, pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
            depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
        )  # fmt: skip

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        return self.filters

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        channels = self._input_channels(input_shape)
        self.input_channels = channels
        pointwise = (*(1,) * self.rank, channels * self.depth_multiplier, self.filters)
        self.add_weight(
            "depthwise_kernel", self._depthwise_shape(channels), initializer=self.depthwise_initializer
        )
        self.add_weight("pointwise_kernel", pointwise, initializer=self.pointwise_initializer)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), initializer=self.bias_initializer)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        depthwise = self._depthwise(x, self.depthwise_kernel, None)
        # The pointwise kernel (1, ..., 1, C M, filters) is torch's weight (filters, C M, 1, ..., 1)
        # with its axes reversed.
        weight = _window.torch_kernel(self.pointwise_kernel)
        return _window.CONVOLUTIONS[self.rank](depthwise, weight, self._bias())


# Each rank's depthwise convolution is that rank's `_Conv` (as DepthwiseConv1D was a Conv1D
# before the 2-D classes came), and each separable one that rank's depthwise one.


class DepthwiseConv1D(_DepthwiseConv, Conv1D):
    r"""Keras's ``DepthwiseConv1D`` (arguments, defaults, kernel layout and numbers): each input
    channel convolved over time with ``depth_multiplier`` filters of its own, no sum across
    channels.

    For output step \(t\), input channel \(c\) and multiplier index \(m\) (output channel
    \(c M + m\), \(M\) the ``depth_multiplier``):

    \[
    y_{n,t,cM+m} = \phi\Big(b_{cM+m} + \sum_{j=0}^{k-1} \tilde x_{n,\, t s + j d,\, c}\, W_{j,c,m}\Big)
    \]

    with \(\tilde x\) padded as `Conv1D` pads it (``"valid"``, ``"same"``, and also
    ``"causal"``, which Keras 3 refuses here and tf-keras 2 took), \(W\) the ``kernel``
    ``(k, C, M)`` and \(b\) the ``bias`` ``(C M,)``.

    Args:
        kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias: as
            `Conv1D`'s.
        depth_multiplier: filters per input channel \(M\) (default 1).
        depthwise_initializer: initializer of \(W\) (default ``"glorot_uniform"``).
        bias_initializer: initializer of \(b\) (default ``"zeros"``).
        depthwise_regularizer, bias_regularizer, activity_regularizer: penalties on \(W\), \(b\)
            and the output (default None).
        depthwise_constraint, bias_constraint: projections of \(W\) and \(b\) after each
            optimizer update (default None).

    Shapes:
        ``(N, T, C)`` -> ``(N, T', C M)`` (channels_first: ``(N, C, T)`` -> ``(N, C M, T')``),
        \(T'\) as for `Conv1D`. Weights: kernel ``(k, C, M)``, bias ``(C M,)``.

    Example:
        >>> conv = DepthwiseConv1D(2, depth_multiplier=2, depthwise_initializer="ones", use_bias=False)
        >>> conv(torch.tensor([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]]))[0].tolist()
        [[3.0, 3.0, 30.0, 30.0], [5.0, 5.0, 50.0, 50.0]]
    """

    rank = 1


class DepthwiseConv2D(_DepthwiseConv, Conv2D):
    r"""Keras's ``DepthwiseConv2D`` (arguments, defaults, kernel layout and numbers): each input
    channel convolved over the image with ``depth_multiplier`` filters of its own, no sum across
    channels (the first half of a `SeparableConv2D`, MobileNet's building block).

    For output pixel \((i, j)\), input channel \(c\) and multiplier index \(m\) (output channel
    \(c M + m\)):

    \[
    y_{n,i,j,cM+m} = \phi\Big(b_{cM+m} + \sum_{a=0}^{k_1-1} \sum_{e=0}^{k_2-1}
        \tilde x_{n,\, i s_1 + a d_1,\, j s_2 + e d_2,\, c}\, W_{a,e,c,m}\Big)
    \]

    with \(\tilde x\) padded as `Conv2D` pads it, \(W\) the ``kernel`` ``(k1, k2, C, M)`` and
    \(b\) the ``bias`` ``(C M,)``.

    Args:
        kernel_size, strides, dilation_rate: an int (the same on both axes) or a 2-tuple;
            strides and dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` (default) or ``"same"``.
        depth_multiplier: filters per input channel \(M\) (default 1).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        activation, use_bias: as `Conv2D`'s.
        depthwise_initializer, bias_initializer: as `DepthwiseConv1D`'s.
        depthwise_regularizer, bias_regularizer, activity_regularizer: as `DepthwiseConv1D`'s.
        depthwise_constraint, bias_constraint: as `DepthwiseConv1D`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', C M)`` (channels_first: ``(N, C, H, W)`` -> ``(N, C M,
        H', W')``), \(H'\), \(W'\) as for `Conv2D`. Weights: kernel ``(k1, k2, C, M)``, bias
        ``(C M,)``.

    Example:
        >>> conv = DepthwiseConv2D(2, depth_multiplier=2, depthwise_initializer="ones", use_bias=False)
        >>> x = torch.stack([torch.arange(9.0).reshape(3, 3), torch.ones(3, 3)], -1)[None]
        >>> conv(x)[0, :, :, 0].tolist(), conv(x)[0, 0, 0].tolist()  # 2x2 sums of each channel
        ([[8.0, 12.0], [20.0, 24.0]], [8.0, 8.0, 4.0, 4.0])
        >>> [w.shape for w in conv.get_weights()]
        [(2, 2, 2, 2)]
    """

    rank = 2


class SeparableConv1D(_SeparableConv, DepthwiseConv1D):
    r"""Keras's ``SeparableConv1D`` (arguments, defaults, kernel layouts and numbers): a
    `DepthwiseConv1D` without its bias, then a pointwise convolution (a `Dense` on each step's
    ``C M`` channels) into ``filters`` channels, then the bias and the activation:

    \[
    y_{n,t,o} = \phi\Big(b_o + \sum_{c,m} z_{n,t,cM+m}\, P_{0,cM+m,o}\Big)
    \]

    with \(z\) the depthwise output (its kernel \(W\) ``(k, C, M)``, padding, strides and
    dilation as `DepthwiseConv1D`'s), \(P\) the ``pointwise_kernel`` ``(1, C M, filters)``.

    Args:
        filters: output channels.
        kernel_size, strides, padding, data_format, dilation_rate: as `DepthwiseConv1D`'s.
        depth_multiplier, activation, use_bias: as `DepthwiseConv1D`'s.
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers of \(W\),
            \(P\), \(b\) (defaults ``"glorot_uniform"``, ``"glorot_uniform"``, ``"zeros"``).
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: penalties on \(W\),
            \(P\), \(b\) (default None).
        activity_regularizer: penalty on the output (default None).
        depthwise_constraint, pointwise_constraint, bias_constraint: projections of \(W\),
            \(P\), \(b\) after each optimizer update (default None).

    Shapes:
        ``(N, T, C)`` -> ``(N, T', filters)``. Weights: depthwise_kernel ``(k, C, M)``,
        pointwise_kernel ``(1, C M, filters)``, bias ``(filters,)``.

    Example:
        >>> conv = SeparableConv1D(3, 2, depthwise_initializer="ones", pointwise_initializer="ones")
        >>> conv(torch.ones(1, 4, 2)).shape, conv(torch.ones(1, 4, 2))[0, 0].tolist()
        (torch.Size([1, 3, 3]), [4.0, 4.0, 4.0])
    """

    rank = 1


class SeparableConv2D(_SeparableConv, DepthwiseConv2D):
    r"""Keras's ``SeparableConv2D`` (arguments, defaults, kernel layouts and numbers): a
    `DepthwiseConv2D` without its bias, then a pointwise convolution (a `Dense` on each pixel's
    ``C M`` channels) into ``filters`` channels, then the bias and the activation:

    \[
    y_{n,i,j,o} = \phi\Big(b_o + \sum_{c,m} z_{n,i,j,cM+m}\, P_{0,0,cM+m,o}\Big)
    \]

    with \(z\) the depthwise output (its kernel \(W\) ``(k1, k2, C, M)``, padding, strides and
    dilation as `DepthwiseConv2D`'s), \(P\) the ``pointwise_kernel`` ``(1, 1, C M, filters)``.

    Args:
        filters: output channels.
        kernel_size, strides, padding, data_format, dilation_rate: as `DepthwiseConv2D`'s.
        depth_multiplier, activation, use_bias: as `DepthwiseConv2D`'s.
        depthwise_initializer, pointwise_initializer, bias_initializer: as `SeparableConv1D`'s.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: as `SeparableConv1D`'s.
        activity_regularizer: as `SeparableConv1D`'s.
        depthwise_constraint, pointwise_constraint, bias_constraint: as `SeparableConv1D`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', filters)`` (channels_first: ``(N, C, H, W)`` -> ``(N,
        filters, H', W')``). Weights: depthwise_kernel ``(k1, k2, C, M)``, pointwise_kernel
        ``(1, 1, C M, filters)``, bias ``(filters,)``.

    Example:
        >>> conv = SeparableConv2D(4, 3, strides=2, padding="same", depth_multiplier=2)
        >>> conv(torch.zeros(1, 7, 6, 3)).shape
        torch.Size([1, 4, 3, 4])
        >>> [w.shape for w in conv.get_weights()]
        [(3, 3, 3, 2), (1, 1, 6, 4), (4,)]
    """

    rank = 2


# Keras's other names for them.
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
