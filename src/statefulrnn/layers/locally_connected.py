r"""tf-keras's locally connected layers, `LocallyConnected1D` and `LocallyConnected2D`: a
convolution whose weights are not shared, one kernel for each output position (Keras 3 dropped
them).

Output position \(o\) reads the input places tf-keras connects it to (its
``conv_connected_inputs``): along an axis with window \(k\) and stride \(s\), from
\(c - \lfloor k/2 \rfloor\) to \(c + k - \lfloor k/2 \rfloor\) (exclusive), clipped to the
input, with \(c = os + \lfloor k/2 \rfloor\) for ``"valid"`` and \(c = os\) for ``"same"`` (so
``"same"`` windows of an even \(k\) hang over the start, where TensorFlow's convolutions pad the
end; only the places inside the input count).

The weights keep tf-keras's layout for each ``implementation``, so that a tf-keras ``.h5``
file (``model.save`` or ``save_weights``) loads as it is:

- ``1``: ``kernel (P, K C, F)``, \(P\) output positions, each window's \(K\) places and \(C\)
  channels flattened in the input's layout (``(k..., C)``, or ``(C, k...)`` for
  channels_first); ``"valid"`` padding only, as in tf-keras.
- ``2``: ``kernel (*I, C, *O, F)`` (channels_first ``(C, *I, F, *O)``), a dense map from every
  input place to every output place, masked to the connected ones.
- ``3``: ``kernel (E,)``, the \(E\) connected (output, input) pairs of the flattened layouts in
  sorted order (tf-keras's sparse matrix).

and ``bias (*O, F)``, added to a channels_first output as tf-keras adds it: reshaped (not
transposed) to ``(F, *O)``.

They hold weights for each output position, so they take inputs of the shape they were built
for only: a chunk of a longer sequence is refused (its output could not equal the whole
sequence's), and so is a model holding one in a `StreamPool`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import torch

from .. import activations, initializers
from . import _window
from .base import Layer, format_shape, set_weight_options
from .convolutional import positive_filters


def connections(length: int, window: int, stride: int, padding: str) -> np.ndarray:
    """tf-keras's connectivity along one axis: bool ``(length, outputs)``, True where the
    output place (column) reads the input place (row).

    Example:
        >>> connections(4, 2, 1, "same").astype(int).tolist()  # "same" pads the start
        [[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1]]
    """
    outputs = _window.output_length(length, window, stride, padding)
    left = window // 2
    connected = np.zeros((length, outputs), dtype=bool)
    for place in range(outputs):
        center = place * stride + (left if padding == "valid" else 0)
        connected[max(0, center - left) : min(length, center + window - left), place] = True
    return connected


def spatial_connections(
    sizes: Sequence[int], windows: Sequence[int], strides: Sequence[int], padding: str
) -> np.ndarray:
    """tf-keras's ``conv_kernel_mask``: bool ``(*sizes, *outputs)``, True where an output place
    reads an input place (the product of each axis's `connections`)."""
    axes = [connections(*axis, padding) for axis in zip(sizes, windows, strides)]
    mask = axes[0]
    for axis in axes[1:]:  # (*I, *O) and (i, o) -> (*I, i, *O, o)
        rank = mask.ndim // 2
        widened = np.expand_dims(mask, (rank, 2 * rank + 1))
        mask = widened & axis.reshape(*(1,) * rank, axis.shape[0], *(1,) * rank, axis.shape[1])
    return mask


def connected_pairs(
    mask: np.ndarray, channels: int, filters: int, channels_first: bool
) -> tuple[np.ndarray, ...]:
    """tf-keras's ``conv_kernel_idxs``, sorted: ``(rows, columns)`` of the connected entries of
    the ``(outputs, inputs)`` matrix between the flattened output and input (in the layout of
    ``channels_first``), ``mask`` being `spatial_connections`'s ``(*I, *O)``: every channel of a
    connected input place to every filter of its output place."""
    rank = mask.ndim // 2
    spatial = np.moveaxis(mask, tuple(range(rank)), tuple(range(rank, 2 * rank)))  # (*O, *I)
    inputs, outputs = mask.shape[:rank], mask.shape[rank:]
    if channels_first:  # (F, *O, C, *I)
        full = np.broadcast_to(
            spatial.reshape(1, *outputs, 1, *inputs), (filters, *outputs, channels, *inputs)
        )
    else:  # (*O, F, *I, C)
        full = np.broadcast_to(
            spatial.reshape(*outputs, 1, *inputs, 1), (*outputs, filters, *inputs, channels)
        )
    return np.nonzero(full.reshape(filters * math.prod(outputs), channels * math.prod(inputs)))


class _LocallyConnected(Layer):
    """tf-keras's locally connected layer over ``rank`` spatial axes (the public classes set
    ``rank``); see the module notes for the weights."""

    rank: ClassVar[int]
    supports_masking = False
    # Weights for each output position: chunked calls cannot equal whole ones (step_flags).
    per_position_weights: ClassVar[bool] = True

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        implementation: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = positive_filters(filters)
        self.kernel_size = _window.window_int("kernel_size", kernel_size, rank=self.rank)
        self.strides = _window.window_int("strides", strides, rank=self.rank)
        self.padding = _window.padding_mode(padding, allow_causal=False)
        if implementation not in (1, 2, 3) or isinstance(implementation, bool):
            raise ValueError(f"Unrecognized implementation mode: {implementation!r}. Expected 1, 2 or 3.")
        if self.padding != "valid" and implementation == 1:
            raise ValueError(
                f'Invalid border mode for {type(self).__name__} (only "valid" is supported if '
                f"implementation is 1): {padding}"
            )
        self.implementation = implementation
        self.data_format = _window.data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        set_weight_options(
            self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        self.built_shape: tuple[int, ...] | None = None  # (*spatial, C) or (C, *spatial)

    def _sizes(self, input_shape: Sequence[int | None]) -> tuple[tuple[int, ...], int]:
        """The spatial sizes and channels of ``input_shape``, which must all be known."""
        axes = _window.spatial_axes(self.data_format, self.rank)
        channel_axis = -1 if self.data_format == "channels_last" else 1
        known = len(input_shape) == self.rank + 2 and all(
            isinstance(input_shape[axis], int) for axis in (*axes, channel_axis)
        )
        if not known:
            raise ValueError(
                f"{self._describe()} needs inputs of rank {self.rank + 2} with every "
                f"size but the batch known, such as {_window.layout(self.data_format, self.rank)}: it "
                f"holds weights for each output position. Received: input shape {format_shape(input_shape)}"
            )
        return tuple(input_shape[axis] for axis in axes), input_shape[channel_axis]

    def _outputs(self, sizes: Sequence[int]) -> tuple[int, ...]:
        outputs = tuple(
            _window.output_length(*axis, self.padding) for axis in zip(sizes, self.kernel_size, self.strides)
        )
        if min(outputs) <= 0:
            raise ValueError(
                f"One of the dimensions in the output is <= 0 due to downsampling in {self.name}. "
                f"Consider increasing the input size. Received input shape {tuple(sizes)} (spatial) "
                f"which would produce output shape with a zero or negative value in a dimension."
            )
        return outputs

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        axes = _window.spatial_axes(self.data_format, self.rank)
        sizes = [input_shape[axis] for axis in axes]
        outputs = self._outputs(sizes) if None not in sizes else (None,) * self.rank
        if self.data_format == "channels_last":
            return (input_shape[0], *outputs, self.filters)
        return (input_shape[0], self.filters, *outputs)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        sizes, channels = self._sizes(input_shape)
        outputs = self._outputs(sizes)
        first = self.data_format == "channels_first"
        self.built_shape = tuple(input_shape[1:])
        mask = spatial_connections(sizes, self.kernel_size, self.strides, self.padding)
        if self.implementation == 1:
            shape: tuple[int, ...] = (
                math.prod(outputs),
                math.prod(self.kernel_size) * channels,
                self.filters,
            )
        elif self.implementation == 2:
            if first:
                shape, self._mask = (
                    (channels, *sizes, self.filters, *outputs),
                    mask.reshape(1, *sizes, 1, *outputs),
                )
            else:
                shape, self._mask = (
                    (*sizes, channels, *outputs, self.filters),
                    mask.reshape(*sizes, 1, *outputs, 1),
                )
        else:
            self._pairs = connected_pairs(mask, channels, self.filters, first)
            self._matrix_shape = (self.filters * math.prod(outputs), channels * math.prod(sizes))
            shape = (len(self._pairs[0]),)
        self.add_weight("kernel", shape, initializer=self.kernel_initializer)
        if self.use_bias:
            self.add_weight("bias", (*outputs, self.filters), initializer=self.bias_initializer)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        if not self.built:
            self.build((None, *x.shape[1:]))
        if tuple(x.shape[1:]) != self.built_shape:
            raise ValueError(
                f"{self._describe()} was built for inputs of shape "
                f"{format_shape((None, *self.built_shape))} and holds weights for each output position, "
                f"so it takes that shape only (a chunk of a longer sequence cannot give the whole "
                f"sequence's outputs). Received: shape {tuple(x.shape)}"
            )
        y = self._local(x)  # (N, *O, F), or (N, F, *O) for channels_first
        if self.use_bias:  # tf-keras's bias_add of a bias of rank > 1: reshaped, not transposed
            first = self.data_format == "channels_first"
            y = y + (self.bias.reshape(self.filters, *self.bias.shape[:-1]) if first else self.bias)
        return activations.fast(self.activation)(y)

    def _local(self, x: torch.Tensor) -> torch.Tensor:
        """The unshared convolution of ``x`` (the layer's layout), without the bias."""
        first = self.data_format == "channels_first"
        output_shape = self.compute_output_shape(tuple(x.shape))
        if self.implementation == 1:  # tf-keras's local_conv: one matrix product per position
            patches = _window.swap_layout(x, self.data_format)  # (N, C, *S)
            for axis, (window, stride) in enumerate(zip(self.kernel_size, self.strides)):
                patches = patches.unfold(2 + axis, window, stride)  # (N, C, *O, *K) at the end
            rank = self.rank
            channel_last = (*range(2, 2 + 2 * rank), 1)  # (N, *O, *K, C)
            channel_first = (*range(2, 2 + rank), 1, *range(2 + rank, 2 + 2 * rank))  # (N, *O, C, *K)
            patches = patches.permute(0, *(channel_first if first else channel_last))
            y = torch.einsum("npk,pkf->npf", patches.reshape(len(x), self.kernel.shape[0], -1), self.kernel)
            y = y.reshape(len(x), *output_shape[2:] if first else output_shape[1:-1], self.filters)
            return y.movedim(-1, 1) if first else y
        flat = x.reshape(len(x), -1)
        if self.implementation == 2:  # tf-keras's local_conv_matmul: a dense map, masked
            mask = torch.as_tensor(self._mask, dtype=self.kernel.dtype, device=self.kernel.device)
            y = flat @ (self.kernel * mask).reshape(flat.shape[1], -1)
        else:  # tf-keras's local_conv_sparse_matmul: the connected entries of that map
            rows, columns = (torch.as_tensor(index, device=x.device) for index in self._pairs)
            matrix = self.kernel.new_zeros(self._matrix_shape).index_put((rows, columns), self.kernel)
            y = flat @ matrix.T
        return y.reshape(len(x), *output_shape[1:])


class LocallyConnected1D(_LocallyConnected):
    r"""A 1-D convolution with a kernel of its own at each output step, tf-keras's
    ``LocallyConnected1D``: with \(W_o\) the kernel of output step \(o\) and \(R_o\) the input
    steps it reads (see the module notes),

    \[
    y_{n,o,f} = \phi\Big(b_{o,f} + \sum_{\tau \in R_o} \sum_c x_{n,\tau,c}\, W_{o}[\tau, c, f]\Big)
    \]

    Args:
        filters: output channels \(F\).
        kernel_size: window length \(k\), an int or a tuple of one.
        strides: step between windows (default 1).
        padding: ``"valid"`` (default) or ``"same"`` (implementations 2 and 3 only, as in
            tf-keras).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        activation: \(\phi\) (default None: the identity).
        use_bias: add the bias \(b\) (default True).
        kernel_initializer, bias_initializer: as `Conv1D`'s.
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Conv1D`'s.
        kernel_constraint, bias_constraint: as `Conv1D`'s.
        implementation: 1 (default), 2 or 3: the kernel's layout and how it is applied, as
            tf-keras's (see the module notes); all three give the same function.

    Shapes:
        ``(N, T, C)`` -> ``(N, T', F)`` (channels_first ``(N, C, T)`` -> ``(N, F, T')``), the
        steps \(T\) fixed at build; \(T' = \lfloor (T - k) / s \rfloor + 1\) for ``"valid"``,
        \(\lceil T / s \rceil\) for ``"same"``.

    Raises:
        ValueError: ``"same"`` padding with implementation 1, an unknown implementation, inputs
            of a length or channels other than the built ones (a chunk of a sequence).

    Example:
        >>> layer = LocallyConnected1D(2, 3, kernel_initializer="ones")
        >>> layer(torch.ones(1, 5, 1)).tolist()  # three output steps, each with its own weights
        [[[3.0, 3.0], [3.0, 3.0], [3.0, 3.0]]]
        >>> tuple(layer.kernel.shape)  # (output steps, k * C, F), tf-keras's implementation 1
        (3, 3, 2)
    """

    rank = 1


class LocallyConnected2D(_LocallyConnected):
    r"""A 2-D convolution with a kernel of its own at each output pixel, tf-keras's
    ``LocallyConnected2D``: `LocallyConnected1D` over images.

    Args:
        filters: output channels \(F\).
        kernel_size: window \((k_1, k_2)\), an int for both axes.
        strides: steps between windows (default 1).
        padding: ``"valid"`` (default) or ``"same"`` (implementations 2 and 3 only).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        activation, use_bias, implementation: as `LocallyConnected1D`'s.
        kernel_initializer, bias_initializer, kernel_regularizer: as `LocallyConnected1D`'s.
        bias_regularizer, activity_regularizer: as `LocallyConnected1D`'s.
        kernel_constraint, bias_constraint: as `LocallyConnected1D`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', F)`` (channels_first ``(N, C, H, W)`` -> ``(N, F, H',
        W')``), the input's sizes fixed at build, each output size as `LocallyConnected1D`'s.

    Raises:
        ValueError: as `LocallyConnected1D`.

    Example:
        >>> layer = LocallyConnected2D(3, 2, implementation=2, padding="same")
        >>> layer(torch.ones(1, 4, 4, 2)).shape
        torch.Size([1, 4, 4, 3])
        >>> tuple(layer.kernel.shape)  # (*input sizes, C, *output sizes, F)
        (4, 4, 2, 4, 4, 3)
    """

    rank = 2
