"""`DepthwiseConv1D` and `SeparableConv1D`: Keras's channel-by-channel 1-D convolutions over
time, on torch's grouped ``conv1d`` (one group per input channel)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch

from .. import activations, initializers
from .base import Layer, set_weight_options
from .convolutional import Conv1D, positive_filters


def _depth_multiplier(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            "Invalid value for argument `depth_multiplier`. Expected a strictly positive value. "
            f"Received depth_multiplier={value!r}."
        )
    return value


class DepthwiseConv1D(Conv1D):
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
        # Layer's constructor, not Conv1D's: Conv1D's arguments (filters, groups) are not this
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
        shape = (self.kernel_size[0], channels, self.depth_multiplier)
        self.add_weight("kernel", shape, self.depthwise_initializer)
        if self.use_bias:
            self.add_weight("bias", (channels * self.depth_multiplier,), self.bias_initializer)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        return self._depthwise(x, self.kernel, self._bias())

    def _depthwise(self, x: torch.Tensor, kernel: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        """``x (N, C, T)`` convolved channel by channel with Keras's ``kernel (k, C, M)``:
        ``(N, C M, T')``, output channel ``c M + m`` from channel ``c`` (Keras's order, and that of
        torch's groups)."""
        steps, channels, multiplier = kernel.shape
        weight = kernel.permute(1, 2, 0).reshape(channels * multiplier, 1, steps)
        return self._windowed(x, weight, bias, channels)


class SeparableConv1D(DepthwiseConv1D):
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
        depth = channels * self.depth_multiplier
        depthwise = (self.kernel_size[0], channels, self.depth_multiplier)
        self.add_weight("depthwise_kernel", depthwise, self.depthwise_initializer)
        self.add_weight("pointwise_kernel", (1, depth, self.filters), self.pointwise_initializer)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        depthwise = self._depthwise(x, self.depthwise_kernel, None)
        # The pointwise kernel (1, C M, filters) is torch's weight (filters, C M, 1) reversed.
        return torch.nn.functional.conv1d(depthwise, self.pointwise_kernel.permute(2, 1, 0), self._bias())
