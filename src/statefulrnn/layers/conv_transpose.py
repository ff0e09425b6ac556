"""Keras's transposed convolutions (the upsampling half of a convolutional autoencoder or a
generator): `Conv1DTranspose` over time, `Conv2DTranspose` and `Conv3DTranspose` over images
and volumes, one rank-generic implementation on torch's ``conv_transpose1d``/``2d``/``3d``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from .. import activations, initializers
from . import _window
from .convolutional import _Conv


class _ConvTranspose(_Conv):
    """Keras's transposed convolution over ``rank`` spatial axes (its ``BaseConvTranspose``);
    the public classes set ``rank``. Each spatial axis is computed as `Conv1DTranspose`'s
    docstring says of its one."""

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
        if "groups" in kwargs:  # the convolutions', which Keras's transposed ones do not take
            raise TypeError(f"{type(self).__name__} got an unknown argument groups={kwargs['groups']!r}.")
        super().__init__(
            filters, kernel_size, strides, padding, data_format, dilation_rate, 1, activation=activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )  # fmt: skip
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = _window.window_int("output_padding", output_padding, True, rank=self.rank)
            self._check_output_padding()

    def _check_output_padding(self) -> None:
        """Keras's rule: on each axis, ``output_padding`` below the stride."""
        for axis, (extra, stride) in enumerate(zip(self.output_padding, self.strides)):
            if extra >= stride:
                raise ValueError(
                    f"`output_padding` must be strictly less than `strides` for all dimensions. At "
                    f"dimension {axis}, `output_padding` is {extra} but `strides` is {stride}. Received: "
                    f"output_padding={self.output_padding}, strides={self.strides}"
                )

    def _kernel_shape(self, channels: int) -> tuple[int, ...]:
        return (*self.kernel_size, self.filters, channels)  # Keras's: filters before the channels

    def _length(self, length: int | None, axis: int = 0) -> int | None:
        extra = None if self.output_padding is None else self.output_padding[axis]
        return _window.transposed_length(length, self._extents[axis], self.strides[axis], self.padding, extra)

    def _convolve(self, x: torch.Tensor) -> torch.Tensor:
        # Keras's kernel (*k, filters, C) is torch's weight (C, filters, *k).
        weight = _window.torch_kernel(self.kernel)
        y = _window.convolve_transposed(
            x, weight, self.strides, self.padding, self.output_padding, self.dilation_rate
        )
        return y + self.bias.view(-1, *(1,) * self.rank) if self.use_bias else y


class Conv1DTranspose(_ConvTranspose):
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
        output_padding: steps added at the end (an int below the stride or the dilation rate;
            default None: as the padding says).
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

    Unlike Keras 3.15, which wants ``output_padding`` below the stride, this layer also takes
    one below the dilation rate (torch's rule; `Conv2DTranspose` and `Conv3DTranspose` follow
    Keras's).

    Example:
        >>> up = Conv1DTranspose(1, 2, strides=2, kernel_initializer="ones", use_bias=False)
        >>> up(torch.tensor([[[1.0], [2.0]]])).flatten().tolist()  # each step twice
        [1.0, 1.0, 2.0, 2.0]
        >>> Conv1DTranspose(8, 7, strides=2, padding="same")(torch.zeros(4, 72, 16)).shape
        torch.Size([4, 144, 8])
    """

    rank = 1

    def _check_output_padding(self) -> None:
        # Kept as this layer took it before the 2-D and 3-D ones came: configs written then load.
        if self.output_padding[0] >= max(*self.strides, *self.dilation_rate):
            raise ValueError(
                f"output_padding must be smaller than the stride or the dilation rate. Received: "
                f"output_padding={self.output_padding}, strides={self.strides}, "
                f"dilation_rate={self.dilation_rate}"
            )


class Conv2DTranspose(_ConvTranspose):
    r"""Transposed 2-D convolution over images, Keras's ``Conv2DTranspose`` (arguments,
    defaults, kernel layout and numbers): each input pixel spreads its channels over a window
    of output pixels, \(s_1\) rows and \(s_2\) columns apart, so that strides of 2 double the
    height and the width (a generator's or a decoder's upsampling step).

    As `Conv1DTranspose` on each axis: the full output is
    \(z_{n,\, i s_1 + a d_1,\, j s_2 + b d_2,\, o} \mathrel{+}= \sum_c x_{n,i,j,c}\,
    W_{a,b,o,c}\), cut on each axis as TensorFlow places the padding's window, then
    \(y = \phi(b + z)\), with \(W\) the ``kernel`` ``(k1, k2, filters, C)``.

    Args:
        filters, activation, use_bias: as `Conv1DTranspose`'s.
        kernel_size, strides, dilation_rate: an int (the same on both axes) or a 2-tuple;
            strides and dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` (default) or ``"same"``.
        output_padding: rows and columns added at the end (an int or a 2-tuple, each below its
            axis's stride, as Keras wants; default None: as the padding says).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        kernel_initializer, bias_initializer: as `Conv1DTranspose`'s.
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Conv1DTranspose`'s.
        kernel_constraint, bias_constraint: as `Conv1DTranspose`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', filters)`` (``(N, C, H, W)`` -> ``(N, filters, H',
        W')`` for channels_first), each output size as `Conv1DTranspose`'s \(T'\) on its axis.
        Weights: kernel ``(k1, k2, filters, C)``, bias ``(filters,)``.

    Example:
        >>> up = Conv2DTranspose(1, 2, strides=2, kernel_initializer="ones", use_bias=False)
        >>> up(torch.tensor([[[[1.0], [2.0]]]]))[0, :, :, 0].tolist()  # each pixel as a 2x2 block
        [[1.0, 1.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0]]
        >>> Conv2DTranspose(32, 3, strides=2, padding="same")(torch.zeros(4, 7, 7, 64)).shape
        torch.Size([4, 14, 14, 32])
        >>> [w.shape for w in Conv2DTranspose(3, (2, 4), input_shape=(5, 5, 8)).get_weights()]
        [(2, 4, 3, 8), (3,)]
    """

    rank = 2


class Conv3DTranspose(_ConvTranspose):
    r"""Transposed 3-D convolution over volumes (or frames of video), Keras's
    ``Conv3DTranspose`` (arguments, defaults, kernel layout and numbers).

    As `Conv2DTranspose` with a third spatial axis: the full output is
    \(z_{n,\, i s_1 + a d_1,\, j s_2 + b d_2,\, l s_3 + e d_3,\, o} \mathrel{+}= \sum_c
    x_{n,i,j,l,c}\, W_{a,b,e,o,c}\), cut on each axis as `Conv1DTranspose` cuts its one, with
    \(W\) the ``kernel`` ``(k1, k2, k3, filters, C)``.

    Args:
        filters, activation, use_bias: as `Conv1DTranspose`'s.
        kernel_size, strides, dilation_rate: an int (the same on every axis) or a 3-tuple;
            strides and dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` (default) or ``"same"``.
        output_padding: an int or a 3-tuple, each below its axis's stride (default None).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        kernel_initializer, bias_initializer: as `Conv1DTranspose`'s.
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Conv1DTranspose`'s.
        kernel_constraint, bias_constraint: as `Conv1DTranspose`'s.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D', H', W', filters)`` (``(N, C, D, H, W)`` -> ``(N,
        filters, D', H', W')`` for channels_first), each output size as `Conv1DTranspose`'s
        \(T'\) on its axis. Weights: kernel ``(k1, k2, k3, filters, C)``, bias ``(filters,)``.

    Example:
        >>> up = Conv3DTranspose(2, 3, strides=(1, 2, 2), padding="same")
        >>> up(torch.zeros(1, 4, 5, 6, 8)).shape
        torch.Size([1, 4, 10, 12, 2])
        >>> up.kernel.shape
        torch.Size([3, 3, 3, 2, 8])
    """

    rank = 3


# Keras's other names for them; Deconvolution2D and Deconvolution3D are Keras 2's.
Convolution1DTranspose, Convolution2DTranspose, Convolution3DTranspose = (
    Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
)  # fmt: skip
Deconvolution2D, Deconvolution3D = Conv2DTranspose, Conv3DTranspose
