"""Keras's convolutions: `Conv1D` over time, `Conv2D` and `Conv3D` over images and volumes, one
rank-generic implementation on torch's ``conv1d``/``conv2d``/``conv3d``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch

from .. import activations, initializers
from .._lazy import load_name
from . import _window
from .base import Layer, format_shape, set_weight_options


def positive_filters(filters: Any) -> int:
    """``filters`` checked as Keras checks a convolution's: a strictly positive integer.

    Raises:
        ValueError: anything else, as Keras says it.
    """
    if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
        raise ValueError(
            "Invalid value for argument `filters`. Expected a strictly positive value. "
            f"Received filters={filters}."
        )
    return filters


class _Conv(Layer):
    """Keras's convolution over ``rank`` spatial axes (its ``BaseConv``); the public classes
    set ``rank``."""

    rank: ClassVar[int]  # the number of spatial axes
    supports_masking = False  # as Keras 3: the output steps are not the input steps

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        groups: int = 1,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        positive_filters(filters)
        if isinstance(groups, bool) or not isinstance(groups, int) or groups <= 0:
            raise ValueError(f"The number of groups must be a positive integer. Received: groups={groups}.")
        if filters % groups != 0:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        self.filters = filters
        self.groups = groups
        self._set_window(kernel_size, strides, padding, data_format, dilation_rate, activation, use_bias)
        set_weight_options(
            self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip

    def _set_window(
        self, kernel_size: Any, strides: Any, padding: str, data_format: str | None, dilation_rate: Any,
        activation: Any, use_bias: bool,
    ) -> None:  # fmt: skip
        """The settings every convolution shares, checked as Keras checks them ("causal"
        padding only in 1-D, as in Keras)."""
        self.kernel_size = _window.window_int("kernel_size", kernel_size, rank=self.rank)
        self.strides = _window.window_int("strides", strides, rank=self.rank)
        self.dilation_rate = _window.window_int("dilation_rate", dilation_rate, rank=self.rank)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self.padding = _window.padding_mode(padding, allow_causal=self.rank == 1)
        self.data_format = _window.data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.input_channels: int | None = None

    @property
    def _extents(self) -> tuple[int, ...]:
        """The dilated extent of the kernel along each spatial axis, in input steps."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation_rate))

    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def _input_channels(self, input_shape: tuple[int | None, ...]) -> int:
        """The channels of ``input_shape``, which must be known, the output size checked."""
        rank = len(input_shape) == self.rank + 2
        channels = input_shape[self._channel_axis()] if rank else None
        if not isinstance(channels, int):
            raise ValueError(
                f"{self._describe()} needs inputs of rank {self.rank + 2} with a known "
                f"channel axis, such as {_window.layout(self.data_format, self.rank)}. Received: input "
                f"shape {format_shape(input_shape)}"
            )
        self.compute_output_shape(input_shape)  # refuses a window longer than the input
        return channels

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        channels = self._input_channels(input_shape)
        if channels % self.groups != 0:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of groups. "
                f"Received groups={self.groups}, but the input has {channels} channels (full "
                f"input shape is {format_shape(input_shape)})."
            )
        self.input_channels = channels
        self.add_weight("kernel", self._kernel_shape(channels), initializer=self.kernel_initializer)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), initializer=self.bias_initializer)

    def _kernel_shape(self, channels: int) -> tuple[int, ...]:
        return (*self.kernel_size, channels // self.groups, self.filters)

    def _length(self, length: int | None, axis: int = 0) -> int | None:
        """The output size along spatial ``axis`` for ``length`` inputs (None for None)."""
        return _window.output_length(length, self._extents[axis], self.strides[axis], self.padding)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        axes = _window.spatial_axes(self.data_format, self.rank)
        sizes = [self._length(input_shape[axis], i) for i, axis in enumerate(axes)]
        if any(size is not None and size <= 0 for size in sizes):
            raise ValueError(
                f"Computed output size would be zero or negative. Received `inputs "
                f"shape={format_shape(input_shape)}`, `kernel_size={self.kernel_size}`, "
                f"`dilation_rate={self.dilation_rate}`, `strides={self.strides}`, "
                f"`padding={self.padding}`."
            )
        channels = self._output_channels(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0], *sizes, channels)
        return (input_shape[0], channels, *sizes)

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        """The output's channels for inputs of ``input_shape``."""
        return self.filters

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        if not self.built:
            self.build((None, *x.shape[1:]))
        self.compute_output_shape(tuple(x.shape))
        if x.shape[self._channel_axis()] != self.input_channels:
            raise ValueError(
                f"{self._describe()} was built for {self.input_channels} input channels, "
                f"but received inputs of shape {tuple(x.shape)}."
            )
        if type(self).convolution_op is not _Conv.convolution_op:  # a program's: Keras's call
            y = self.convolution_op(x, self.kernel)
            if self.use_bias:  # along the channels: the last axis, or the second (channels_first)
                channels_first = self._channel_axis() == 1
                y = y + (self.bias.reshape(self.filters, *(1,) * self.rank) if channels_first else self.bias)
            return activations.fast(self.activation)(y)
        y = self._convolve(_window.swap_layout(x, self.data_format))
        return activations.fast(self.activation)(_window.swap_layout(y, self.data_format, back=True))

    def convolution_op(self, inputs: Any, kernel: torch.Tensor) -> torch.Tensor:
        """Keras's ``convolution_op``: ``inputs`` (in the layer's ``data_format``) convolved
        with ``kernel`` (Keras's layout, ``(*kernel_size, C / groups, filters)``) with the
        layer's padding, strides and dilation, no bias or activation. A subclass that overrides
        it (keras.io's weight-standardized ``Conv2D``) has ``call`` run through it, then the
        bias and the activation, as Keras's ``call`` does."""
        x = _window.swap_layout(self._as_input(inputs), self.data_format)
        y = self._windowed(x, _window.torch_kernel(kernel), None, self.groups)
        return _window.swap_layout(y, self.data_format, back=True)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        """The convolution of ``x (N, C, *spatial)``, bias added: ``(N, filters, *spatial')``."""
        return self._windowed(x, _window.torch_kernel(self.kernel), self._bias(), self.groups)

    def _windowed(
        self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, groups: int
    ) -> torch.Tensor:
        """torch's convolution of ``x (N, C, *spatial)`` with the layer's padding, strides and
        dilation."""
        return _window.convolve(x, weight, bias, self.strides, self.padding, self.dilation_rate, groups)

    def _bias(self) -> torch.Tensor | None:
        return self.bias if self.use_bias else None


class Conv1D(_Conv):
    r"""1-D convolution over the time axis, Keras's ``Conv1D`` (arguments, defaults, kernel
    layout and numbers).

    For output step \(t\) and filter \(o\), with \(s\) the stride, \(d\) the dilation rate
    and \(k\) the kernel size:

    \[
    y_{n,t,o} = \phi\Big(b_o + \sum_{j=0}^{k-1} \sum_{c} \tilde x_{n,\, t s + j d,\, c}\, W_{j,c,o}\Big)
    \]

    where \(\tilde x\) is the input with the padding mode's zeros added before and after the
    time axis, \(W\) the ``kernel`` ``(k, C, filters)``, \(b\) the ``bias`` and \(\phi\) the
    ``activation``. With ``groups`` \(g > 1\) the channels split into \(g\) groups of
    \(C / g\): filter \(o\) belongs to group \(\lfloor o g / \text{filters} \rfloor\) and sums
    over that group's channels only (\(W\) is then ``(k, C / g, filters)``).

    Args:
        filters: number of output channels.
        kernel_size: window length \(k\) (an int or a 1-tuple).
        strides: step \(s\) between windows (default 1); cannot exceed 1 together with a
            ``dilation_rate`` above 1, as in Keras.
        padding: ``"valid"`` (default: no padding), ``"same"`` (TensorFlow's: the output
            has \(\lceil T / s \rceil\) steps, the odd step of padding goes on the right) or
            ``"causal"`` (\(d (k - 1)\) zeros on the left, so that step \(t\) sees no later
            input).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        dilation_rate: spacing \(d\) between the taps of the kernel (default 1).
        groups: number of channel groups (default 1); it must divide the input channels and
            ``filters``.
        activation: \(\phi\), a Keras name or a callable (default None: linear).
        use_bias: whether to add \(b\) (default True).
        kernel_initializer: initializer of \(W\) (default ``"glorot_uniform"``).
        bias_initializer: initializer of \(b\) (default ``"zeros"``).
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties on \(W\), \(b\)
            and the output, added to the training loss (default None; see
            `statefulrnn.regularizers`).
        kernel_constraint, bias_constraint: projections after each optimizer update (default
            None; see `statefulrnn.constraints`).

    Shapes:
        ``(N, T, C)`` -> ``(N, T', filters)`` (``(N, C, T)`` -> ``(N, filters, T')`` for
        channels_first), \(T' = \lfloor (T - d (k - 1) - 1) / s \rfloor + 1\) for ``"valid"``,
        \(T' = \lceil T / s \rceil\) for ``"same"`` and ``"causal"``. Weights: kernel
        ``(k, C / groups, filters)``, bias ``(filters,)``.

    A causal convolution carries nothing between calls: like Keras, each call (each chunk
    of a stateful model) starts from zero padding. On an Ampere or newer GPU, torch runs
    float32 convolutions in TF32 unless ``torch.backends.cudnn.allow_tf32 = False`` (as
    TensorFlow does unless told otherwise): about 1e-3 relative, not float32's 1e-6.

    Example:
        >>> conv = Conv1D(4, 3, padding="causal", input_shape=(None, 2))
        >>> [w.shape for w in conv.get_weights()]
        [(3, 2, 4), (4,)]
        >>> conv(torch.zeros(1, 5, 2)).shape
        torch.Size([1, 5, 4])
        >>> pairs = Conv1D(1, 2, kernel_initializer="ones", use_bias=False)  # x[t] + x[t + 1]
        >>> pairs(torch.arange(4.0).reshape(1, 4, 1)).flatten().tolist()
        [1.0, 3.0, 5.0]
    """

    rank = 1


class Conv2D(_Conv):
    r"""2-D convolution over images, Keras's ``Conv2D`` (arguments, defaults, kernel layout and
    numbers).

    For output pixel \((i, j)\) and filter \(o\), with \(s\) the strides, \(d\) the dilation
    rate and \(k\) the kernel size (each per axis):

    \[
    y_{n,i,j,o} = \phi\Big(b_o + \sum_{a=0}^{k_1-1} \sum_{b=0}^{k_2-1} \sum_{c}
        \tilde x_{n,\, i s_1 + a d_1,\, j s_2 + b d_2,\, c}\, W_{a,b,c,o}\Big)
    \]

    where \(\tilde x\) is the input with ``"same"``'s zeros around it (TensorFlow's: on each
    axis the odd one goes at the end), \(W\) the ``kernel`` ``(k1, k2, C, filters)``, \(b\) the
    ``bias`` and \(\phi\) the ``activation``. ``groups`` splits the channels as in `Conv1D`.

    Args:
        filters, groups, activation, use_bias: as `Conv1D`'s.
        kernel_size, strides, dilation_rate: an int (the same on both axes) or a 2-tuple;
            strides and dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` (default) or ``"same"`` (no ``"causal"``, as in Keras).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        kernel_initializer, bias_initializer: as `Conv1D`'s.
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Conv1D`'s.
        kernel_constraint, bias_constraint: as `Conv1D`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', filters)`` (``(N, C, H, W)`` -> ``(N, filters, H',
        W')`` for channels_first), each output size as `Conv1D`'s \(T'\) on its axis. Weights:
        kernel ``(k1, k2, C / groups, filters)``, bias ``(filters,)``.

    Example:
        >>> conv = Conv2D(4, 3, padding="same", input_shape=(5, 7, 2))
        >>> [w.shape for w in conv.get_weights()]
        [(3, 3, 2, 4), (4,)]
        >>> conv(torch.zeros(1, 5, 7, 2)).shape
        torch.Size([1, 5, 7, 4])
        >>> corners = Conv2D(1, 2, kernel_initializer="ones", use_bias=False)  # 2x2 window sums
        >>> corners(torch.arange(9.0).reshape(1, 3, 3, 1)).flatten().tolist()
        [8.0, 12.0, 20.0, 24.0]
    """

    rank = 2


class Conv3D(_Conv):
    r"""3-D convolution over volumes (or frames of video), Keras's ``Conv3D`` (arguments,
    defaults, kernel layout and numbers).

    As `Conv2D` with a third spatial axis: output \((i, j, l)\) of filter \(o\) is
    \(\phi\big(b_o + \sum_{a,b,e,c} \tilde x_{n,\, i s_1 + a d_1,\, j s_2 + b d_2,\,
    l s_3 + e d_3,\, c}\, W_{a,b,e,c,o}\big)\), \(W\) the ``kernel`` ``(k1, k2, k3, C,
    filters)``, ``"same"``'s odd padding at the end of each axis (TensorFlow's).

    Args:
        filters, groups, activation, use_bias: as `Conv1D`'s.
        kernel_size, strides, dilation_rate: an int (the same on every axis) or a 3-tuple;
            strides and dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` (default) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        kernel_initializer, bias_initializer: as `Conv1D`'s.
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Conv1D`'s.
        kernel_constraint, bias_constraint: as `Conv1D`'s.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D', H', W', filters)`` (``(N, C, D, H, W)`` -> ``(N,
        filters, D', H', W')`` for channels_first), each output size as `Conv1D`'s \(T'\) on
        its axis. Weights: kernel ``(k1, k2, k3, C / groups, filters)``, bias ``(filters,)``.

    Example:
        >>> conv = Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same")  # keras-io's last layer
        >>> conv(torch.zeros(2, 4, 6, 6, 8)).shape
        torch.Size([2, 4, 6, 6, 1])
        >>> conv.kernel.shape
        torch.Size([3, 3, 3, 8, 1])
    """

    rank = 3


# Keras's other names for them.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D

# Keras 2's `keras.layers.convolutional` also held these (its transposed, depthwise and separable
# convolutions, under their Keras 2 names too, and its pooling layers imported "for backwards namespace
# compatibility": `from keras.layers.convolutional import MaxPooling1D`); they load from
# `statefulrnn.layers` on first use.
_KERAS2_NAMES = dict.fromkeys(
    (
        "AveragePooling1D AveragePooling2D AveragePooling3D Conv2DTranspose Conv3DTranspose "
        "Convolution2DTranspose Cropping1D Cropping2D Cropping3D Deconvolution2D Deconvolution3D "
        "DepthwiseConv2D InputSpec MaxPooling1D MaxPooling2D MaxPooling3D SeparableConv1D SeparableConv2D "
        "SeparableConvolution1D SeparableConvolution2D UpSampling1D UpSampling2D UpSampling3D "
        "ZeroPadding1D ZeroPadding2D ZeroPadding3D"
    ).split(),
    "statefulrnn.layers",
)


def __getattr__(name: str) -> Any:
    return load_name(globals(), _KERAS2_NAMES, name)
