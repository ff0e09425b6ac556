"""`Conv1D`: Keras's 1-D convolution over time, on torch's ``conv1d``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional as F

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


class Conv1D(Layer):
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
        """The settings every 1-D convolution shares, checked as Keras checks them."""
        self.kernel_size = _window.window_int("kernel_size", kernel_size)
        self.strides = _window.window_int("strides", strides)
        self.dilation_rate = _window.window_int("dilation_rate", dilation_rate)
        if self.strides[0] > 1 and self.dilation_rate[0] > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self.padding = _window.padding_mode(padding, allow_causal=True)
        self.data_format = _window.data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.input_channels: int | None = None

    @property
    def _extent(self) -> int:
        """The dilated extent of the kernel, in input steps."""
        return self.dilation_rate[0] * (self.kernel_size[0] - 1) + 1

    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def _input_channels(self, input_shape: tuple[int | None, ...]) -> int:
        """The channels of ``input_shape``, which must be known, the output length checked."""
        channels = input_shape[self._channel_axis()] if len(input_shape) == 3 else None
        if not isinstance(channels, int):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' needs inputs of rank 3 with a known channel axis, "
                f"such as (N, T, C). Received: input shape {format_shape(input_shape)}"
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
        self.add_weight("kernel", self._kernel_shape(channels), self.kernel_initializer)
        if self.use_bias:
            self.add_weight("bias", (self.filters,), self.bias_initializer)

    def _kernel_shape(self, channels: int) -> tuple[int, int, int]:
        return (self.kernel_size[0], channels // self.groups, self.filters)

    def _length(self, length: int | None) -> int | None:
        """The output steps for ``length`` input steps (None for None)."""
        return _window.output_length(length, self._extent, self.strides[0], self.padding)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        steps = self._length(input_shape[_window.time_axis(self.data_format)])
        if steps is not None and steps <= 0:
            raise ValueError(
                f"Computed output size would be zero or negative. Received `inputs "
                f"shape={format_shape(input_shape)}`, `kernel_size={self.kernel_size}`, "
                f"`dilation_rate={self.dilation_rate}`, `strides={self.strides}`, "
                f"`padding={self.padding}`."
            )
        channels = self._output_channels(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0], steps, channels)
        return (input_shape[0], channels, steps)

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        """The output's channels for inputs of ``input_shape``."""
        return self.filters

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank3(self, x)
        if not self.built:
            self.build((None, *x.shape[1:]))
        self.compute_output_shape(tuple(x.shape))
        if x.shape[self._channel_axis()] != self.input_channels:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' was built for {self.input_channels} input channels, "
                f"but received inputs of shape {tuple(x.shape)}."
            )
        y = self._convolve(_window.swap_layout(x, self.data_format))
        return self.activation(_window.swap_layout(y, self.data_format))

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        """The convolution of ``x (N, C, T)``, bias added: ``(N, filters, T')``."""
        # Keras's kernel (k, C/g, filters) is torch's weight (filters, C/g, k) reversed.
        return self._windowed(x, self.kernel.permute(2, 1, 0), self._bias(), self.groups)

    def _windowed(
        self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, groups: int
    ) -> torch.Tensor:
        """torch's ``conv1d`` of ``x (N, C, T)`` with the layer's padding, stride and dilation."""
        x = F.pad(x, _window.pads(x.shape[2], self._extent, self.strides[0], self.padding))
        return F.conv1d(x, weight, bias, self.strides[0], 0, self.dilation_rate[0], groups)

    def _bias(self) -> torch.Tensor | None:
        return self.bias if self.use_bias else None


Convolution1D = Conv1D  # Keras's other name for it

# Keras 2's `keras.layers.convolutional` also held these (its pooling layers imported "for
# backwards namespace compatibility": `from keras.layers.convolutional import MaxPooling1D`);
# they load from `statefulrnn.layers` on first use.
_KERAS2_NAMES = dict.fromkeys(
    "AveragePooling1D Cropping1D InputSpec MaxPooling1D SeparableConv1D UpSampling1D ZeroPadding1D".split(),
    "statefulrnn.layers",
)


def __getattr__(name: str) -> Any:
    return load_name(globals(), _KERAS2_NAMES, name)
