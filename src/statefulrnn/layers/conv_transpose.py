"""`Conv1DTranspose`: Keras's transposed 1-D convolution over time (the upsampling half of a
convolutional autoencoder), on torch's ``conv_transpose1d``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional as F

from .. import activations, initializers
from . import _window
from .convolutional import Conv1D


class Conv1DTranspose(Conv1D):
    r"""Transposed 1-D convolution over the time axis, Keras's ``Conv1DTranspose`` (arguments,
    defaults, kernel layout and numbers): each input step spreads its channels over a window of
    output steps, \(s\) steps apart, so that a stride of \(s\) makes the sequence \(s\) times
    longer.

    For input step \(t\), filter \(o\), stride \(s\), dilation \(d\) and kernel size \(k\), the
    full output (before Keras's padding crops it) is

    \[
    z_{n,\, t s + j d,\, o} \mathrel{+}= \sum_{c} x_{n,t,c}\, W_{j,o,c}, \qquad
    y = \phi\big(b + z[\text{start} : \text{start} + T']\big)
    \]

    with \(W\) the ``kernel`` ``(k, filters, C)`` (Keras's layout: filters before the input
    channels), \(b\) the ``bias``, and the window of \(T'\) steps placed as TensorFlow places
    it: ``"valid"`` from the first step, ``"same"`` after \(\lfloor p / 2 \rfloor\) steps,
    \(p = \max((T - 1) s + d (k - 1) + 1 - T', 0)\); steps past the full output are zeros
    (plus \(b\)).

    Args:
        filters: number of output channels.
        kernel_size: window length \(k\) (an int or a 1-tuple).
        strides: step \(s\) between the windows of successive input steps (default 1);
            cannot exceed 1 together with a ``dilation_rate`` above 1.
        padding: ``"valid"`` (default) or ``"same"`` (\(T' = T s\)).
        output_padding: steps added at the end (an int below the stride; default None: as the
            padding says).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        dilation_rate: spacing \(d\) between the taps of the kernel (default 1).
        activation: \(\phi\), a Keras name or a callable (default None: linear).
        use_bias: whether to add \(b\) (default True).
        kernel_initializer: initializer of \(W\) (default ``"glorot_uniform"``).
        bias_initializer: initializer of \(b\) (default ``"zeros"``).
        kernel_regularizer: penalty on \(W\) (default None; see `statefulrnn.regularizers`).
        bias_regularizer: penalty on \(b\) (default None).
        activity_regularizer: penalty on the output (default None).
        kernel_constraint: projection of \(W\) after each optimizer update (default None; see
            `statefulrnn.constraints`).
        bias_constraint: projection of \(b\) after each update (default None).

    Shapes:
        ``(N, T, C)`` -> ``(N, T', filters)`` (channels_first: ``(N, C, T)`` -> ``(N, filters,
        T')``), with \(k_d = d (k - 1) + 1\): for ``"valid"`` \(T' = (T - 1) s + \max(k_d, s)\),
        or \((T - 1) s + k_d + \text{output\_padding}\); for ``"same"`` \(T' = T s\), or
        \((T - 1) s + (k_d \bmod 2) + \text{output\_padding}\). Weights: kernel ``(k, filters,
        C)``, bias ``(filters,)``.

    Example:
        >>> up = Conv1DTranspose(1, 2, strides=2, kernel_initializer="ones", use_bias=False)
        >>> up(torch.tensor([[[1.0], [2.0]]])).flatten().tolist()  # each step twice
        [1.0, 1.0, 2.0, 2.0]
        >>> Conv1DTranspose(8, 7, strides=2, padding="same")(torch.zeros(4, 72, 16)).shape
        torch.Size([4, 144, 8])
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        output_padding: int | Sequence[int] | None = None,
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
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
        _window.padding_mode(padding, allow_causal=False)  # no "causal", as in Keras
        if "groups" in kwargs:  # Conv1D's, which Keras's Conv1DTranspose does not take
            raise TypeError(f"Conv1DTranspose got an unknown argument groups={kwargs['groups']!r}.")
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, 1, activation=activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
        self.output_padding = (
            None if output_padding is None else _window.window_int("output_padding", output_padding, True)
        )
        if self.output_padding is not None and self.output_padding[0] >= max(
            *self.strides, *self.dilation_rate
        ):
            raise ValueError(
                f"output_padding must be smaller than the stride or the dilation rate. Received: "
                f"output_padding={self.output_padding}, strides={self.strides}, "
                f"dilation_rate={self.dilation_rate}"
            )

    def _kernel_shape(self, channels: int) -> tuple[int, int, int]:
        return (self.kernel_size[0], self.filters, channels)

    def _length(self, length: int | None, axis: int = 0) -> int | None:
        if length is None:
            return None
        extent, stride = self._extents[0], self.strides[0]
        extra = None if self.output_padding is None else self.output_padding[0]
        if self.padding == "valid":
            return (length - 1) * stride + (max(extent, stride) if extra is None else extent + extra)
        return length * stride if extra is None else (length - 1) * stride + extent % 2 + extra

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        # Keras's kernel (k, filters, C) is torch's weight (C, filters, k); the full output is
        # cut (and padded past its end) as TensorFlow places the padding's window.
        weight = self.kernel.permute(2, 1, 0)
        full = F.conv_transpose1d(x, weight, None, self.strides[0], dilation=self.dilation_rate[0])
        steps = self._length(x.shape[2])
        start = 0 if self.padding == "valid" else max(full.shape[2] - steps, 0) // 2
        y = F.pad(full[:, :, start : start + steps], (0, max(steps - (full.shape[2] - start), 0)))
        return y + self.bias[:, None] if self.use_bias else y


Convolution1DTranspose = Conv1DTranspose  # Keras's other name for it
