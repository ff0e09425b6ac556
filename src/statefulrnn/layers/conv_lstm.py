"""Keras's convolutional LSTMs: `ConvLSTM1D`, `ConvLSTM2D`, `ConvLSTM3D`, each an `RNN` over a
`ConvLSTMCell`, whose gates are convolutions over the spatial axes of each step.

A step is an image (``(H, W, C)`` for 2-D, channels_last) and so are the states ``h`` and
``c`` (``(H', W', filters)``); `RNN` runs the time loop, the stateful carry, resets, masks,
``go_backwards`` and ``initial_state`` for them as for any cell, on the per-step path.

Weights, in Keras's layout (as ``get_weights`` gives them): ``kernel`` ``(*kernel_size, C,
4 filters)``, ``recurrent_kernel`` ``(*kernel_size, filters, 4 filters)``, ``bias``
``(4 filters,)``, gate order ``i f c o``. The input convolution takes the layer's strides,
padding and dilation; the recurrent one always pads ``"same"`` with stride 1, so the states
keep their shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch
from torch.nn import functional as F

from .. import activations, initializers
from .._keras_rules import tf_keras_rules
from . import _window
from ._config import given_by_user, to_config_value
from ._seeds import seeded_generator
from .base import Layer, format_shape
from .builtin_rnns import shows_cell_settings
from .cells import DropoutMasks, dropout_mask, set_recurrent_options
from .convolutional import positive_filters
from .recurrent import RNN

States = tuple[torch.Tensor, ...]


class ConvLSTMCell(Layer):
    r"""One step of a convolutional LSTM, Keras's ``ConvLSTMCell`` (the step of `ConvLSTM2D`...).

    From the input \(x\) and the states \(h, c\), with \(*\) the convolution:

    \[
    \begin{aligned}
    i &= \sigma(W_i * x + U_i * h + b_i) \\
    f &= \sigma(W_f * x + U_f * h + b_f) \\
    \tilde c &= \tanh(W_c * x + U_c * h + b_c) \\
    o &= \sigma(W_o * x + U_o * h + b_o) \\
    c' &= f \odot c + i \odot \tilde c \\
    h' &= o \odot \tanh(c')
    \end{aligned}
    \]

    \(W * x\) takes ``strides``, ``padding`` and ``dilation_rate``; \(U * h\) pads ``"same"``
    with stride 1. \(\sigma\) is ``recurrent_activation``, \(\tanh\) is ``activation``.

    Args:
        rank: number of spatial axes (1, 2 or 3).
        filters: channels \(f\) of the output and of each state.
        kernel_size, strides, dilation_rate: an int or a ``rank``-tuple each; strides and
            dilation above 1 exclude each other, as in Keras.
        padding: ``"valid"`` or ``"same"`` (TensorFlow's: the odd step of padding on the right).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        activation, recurrent_activation, use_bias, unit_forget_bias: as `LSTMCell`'s.
        kernel_initializer, recurrent_initializer, bias_initializer: as `RecurrentCell`'s.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: as `RecurrentCell`'s.
        kernel_constraint, recurrent_constraint, bias_constraint: as `RecurrentCell`'s.
        dropout, recurrent_dropout, seed: as `RecurrentCell`'s, but Keras's four masks per call,
            one per gate, each as large as a step's input (or state).

    Shapes:
        ``forward(inputs (N, *spatial, C), (h, c))`` -> ``(h', (h', c'))``, each state
        ``(N, *spatial', f)`` (channels_first: ``(N, C, *spatial)``, ``(N, f, *spatial')``).

    Example:
        >>> cell = ConvLSTMCell(1, filters=2, kernel_size=3)
        >>> cell.build((None, 5, 4))
        >>> cell.state_shapes, [w.shape for w in cell.get_weights()]
        (((3, 2), (3, 2)), [(3, 4, 8), (3, 2, 8), (8,)])
    """

    output_state_index = 0

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if rank not in _window.CONVOLUTIONS:
            raise ValueError(f"Rank {rank} convolutions are not currently implemented. Received: rank={rank}")
        self.rank = rank
        self.filters = positive_filters(filters)
        self.kernel_size = _window.window_int("kernel_size", kernel_size, rank=rank)
        self.strides = _window.window_int("strides", strides, rank=rank)
        self.dilation_rate = _window.window_int("dilation_rate", dilation_rate, rank=rank)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please provide "
                f"`strides=1` or `dilation_rate=1`. Received: strides={self.strides} and "
                f"dilation_rate={self.dilation_rate}"
            )
        self.padding = _window.padding_mode(padding, allow_causal=False)
        self.data_format = _window.data_format(data_format)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.unit_forget_bias = unit_forget_bias
        set_recurrent_options(
            self, dropout, recurrent_dropout, seed, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        self.step_shape: tuple[int, ...] | None = None  # one step of one row, as built
        self.state_shapes: tuple[tuple[int, ...], ...] | None = None

    @property
    def state_size(self) -> tuple[int, int]:
        """The channels of ``h`` and ``c``; their whole shapes are `state_shapes`."""
        return (self.filters, self.filters)

    # ----- shapes -----------------------------------------------------------------------

    def _spatial(self, shape: Sequence[Any]) -> tuple[Any, ...]:
        """The spatial axes of one step's ``shape`` (batch axis excluded)."""
        return tuple(shape[:-1] if self.data_format == "channels_last" else shape[1:])

    def _channels(self, shape: Sequence[Any]) -> Any:
        return shape[-1] if self.data_format == "channels_last" else shape[0]

    def output_step_shape(self, step_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        """The shape of ``h`` for one row's step of ``step_shape`` (batch axis excluded).

        Raises:
            ValueError: a window that does not fit the input, as Keras says it.
        """
        spatial = []
        for length, k, s, d in zip(
            self._spatial(step_shape), self.kernel_size, self.strides, self.dilation_rate
        ):
            size = _window.output_length(length, d * (k - 1) + 1, s, self.padding)
            if size is not None and size <= 0:
                raise ValueError(
                    f"Computed output size would be negative. Received `inputs "
                    f"shape={format_shape(step_shape)}`, `kernel shape={self.kernel_size}`, "
                    f"`dilation_rate={self.dilation_rate}`."
                )
            spatial.append(size)
        if self.data_format == "channels_last":
            return (*spatial, self.filters)
        return (self.filters, *spatial)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        step = tuple(input_shape[1:])
        if len(step) != self.rank + 1:
            raise ValueError(
                f"{self._describe()} expects steps of rank {self.rank + 1} (spatial "
                f"axes and channels). Received: input shape {format_shape(input_shape)}"
            )
        if None in self._spatial(step):
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the spatial dimension. "
                f"Received invalid input shape: input_shape={format_shape(input_shape)}"
            )
        channels = self._channels(step)
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs should be defined. Found None. Full input shape "
                f"received: input_shape={format_shape(input_shape)}"
            )
        state = self.output_step_shape(step)
        self.step_shape, self.state_shapes = step, (state, state)
        width = 4 * self.filters
        self.add_weight("kernel", (*self.kernel_size, channels, width), initializer=self.kernel_initializer)
        self.add_weight(
            "recurrent_kernel",
            (*self.kernel_size, self.filters, width),
            initializer=self.recurrent_initializer,
        )
        if self.use_bias:
            bias = self.add_weight("bias", (width,), initializer=self.bias_initializer)
            if self.unit_forget_bias:  # Keras's rule: the forget gate's bias starts at 1
                with torch.no_grad():
                    bias[self.filters : 2 * self.filters] = 1.0

    # ----- one step ---------------------------------------------------------------------

    def dropout_masks(self, batch_size: int, training: bool) -> DropoutMasks | None:
        """This call's masks, four per rate (one per gate), as Keras draws them: ``inputs``
        ``(4, N, *step)``, ``recurrent`` ``(4, N, *state)``; None outside training or when both
        rates are 0."""
        if not training or (self.dropout == 0.0 and self.recurrent_dropout == 0.0):
            return None
        device = self.kernel.device
        generator = seeded_generator(self, device)
        inputs = (4, batch_size, *self.step_shape)
        recurrent = (4, batch_size, *self.state_shapes[0])
        return DropoutMasks(
            dropout_mask(self.dropout, inputs, self.torch_dtype, device, generator),
            dropout_mask(self.recurrent_dropout, recurrent, self.torch_dtype, device, generator),
        )

    def _torch_layout(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` in the layout torch's convolutions take, ``(N, C, *spatial)``."""
        return x.movedim(-1, 1) if self.data_format == "channels_last" else x

    def _convolve(self, x: torch.Tensor, kernel: torch.Tensor, recurrent: bool) -> torch.Tensor:
        """``x (N, C, *spatial)`` convolved with a Keras-layout ``kernel (*k, C, out)``:
        ``(N, out, *spatial')``, with the input's window (``recurrent``: "same", stride 1)."""
        strides = (1,) * self.rank if recurrent else self.strides
        dilation = (1,) * self.rank if recurrent else self.dilation_rate
        padding = "same" if recurrent else self.padding
        extents = [d * (k - 1) + 1 for k, d in zip(self.kernel_size, dilation)]
        pads = _window.spatial_pads(x.shape[2:], extents, strides, padding)
        weight = _window.torch_kernel(kernel)  # (out, C, *k)
        return _window.CONVOLUTIONS[self.rank](F.pad(x, pads), weight, None, strides, 0, dilation)

    def _gate_inputs(self, x: torch.Tensor, h: torch.Tensor, masks: DropoutMasks | None) -> torch.Tensor:
        """The four gates' pre-activations ``(N, 4 f, *spatial')``, gate order ``i f c o``."""
        kernel, recurrent_kernel = self.kernel, self.recurrent_kernel
        if masks is None:
            z = self._convolve(self._torch_layout(x), kernel, False)
            z = z + self._convolve(self._torch_layout(h), recurrent_kernel, True)
        else:  # each gate sees its own masked copy of the input and of h
            f = self.filters
            gates = []
            for gate in range(4):
                x_gate = x if masks.inputs is None else x * masks.inputs[gate]
                h_gate = h if masks.recurrent is None else h * masks.recurrent[gate]
                block = slice(gate * f, (gate + 1) * f)
                gates.append(
                    self._convolve(self._torch_layout(x_gate), kernel[..., block], False)
                    + self._convolve(self._torch_layout(h_gate), recurrent_kernel[..., block], True)
                )
            z = torch.cat(gates, dim=1)
        if self.use_bias:
            z = z + self.bias.view(-1, *[1] * self.rank)
        return z

    def forward(
        self,
        inputs: torch.Tensor,
        states: States,
        dropout_masks: DropoutMasks | None = None,
        training: bool | None = None,
    ):
        h_prev, c_prev = states
        if dropout_masks is None and training:  # stepped by hand in training: this step's masks
            dropout_masks = self.dropout_masks(inputs.shape[0], True)
        i, f, c, o = self._gate_inputs(inputs, h_prev, dropout_masks).chunk(4, dim=1)
        if self.data_format == "channels_last":
            i, f, c, o = (gate.movedim(1, -1) for gate in (i, f, c, o))
        act, gate = activations.fast(self.activation), activations.fast(self.recurrent_activation)
        i, f, o = gate(i), gate(f), gate(o)
        c = f * c_prev + i * act(c)
        h = o * act(c)
        return h, (h, c)


_CELL_SETTINGS = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
    "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)  # fmt: skip


@shows_cell_settings(*_CELL_SETTINGS)
class ConvLSTM(RNN):
    r"""A convolutional LSTM over a sequence of ``rank``-D steps, Keras's ``ConvLSTM`` base of
    `ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D` (cell: `ConvLSTMCell`, where the formulas are).

    Args:
        rank: number of spatial axes of a step.
        filters, kernel_size, strides, padding, data_format, dilation_rate: see `ConvLSTMCell`.
        activation, recurrent_activation, use_bias, unit_forget_bias: see `ConvLSTMCell`.
        kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        dropout, recurrent_dropout, seed: see `ConvLSTMCell`.
        return_sequences, return_state, go_backwards, stateful: see `RNN`.
        activity_regularizer and the other `Layer` arguments: by keyword.

    Shapes:
        inputs ``(N, T, *spatial, C)`` -> outputs ``(N, T, *spatial', filters)`` with
        ``return_sequences``, else ``(N, *spatial', filters)``; states ``[h, c]``, each
        ``(N, *spatial', filters)`` (channels_first: ``(N, T, C, *spatial)``, ``(N, filters,
        *spatial')``). The spatial sizes must be known when the layer is built, as in Keras.
    """

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ) -> None:
        if tf_keras_rules() and not given_by_user(self, "recurrent_activation"):
            recurrent_activation = "hard_sigmoid"  # tf-keras's default (Keras 3's is sigmoid)
        cell = ConvLSTMCell(
            rank,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            dtype=kwargs.get("dtype"),
            name="conv_lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )

    def get_config(self) -> dict[str, Any]:
        """`RNN.get_config`, with the gate activation the cell computes with: under tf-keras's
        rules (`statefulrnn.config.set_keras_rules`) the default is not the signature's."""
        config = super().get_config()
        gate = self.cell.recurrent_activation
        config["recurrent_activation"] = to_config_value("recurrent_activation", gate)
        return config

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        rank = self.cell.rank
        if len(input_shape) != rank + 3:
            raise ValueError(
                f"{self._describe()} expects inputs of rank {rank + 3} (batch, time, {rank} spatial axes, "
                f"channels). Received: input shape {format_shape(input_shape)}"
            )
        self.cell.build((input_shape[0], *input_shape[2:]))
        self.state_shapes = self.cell.state_shapes
        self._keep_states(input_shape, self.state_shapes)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> Any:
        batch, steps = input_shape[0], input_shape[1]
        if self.state_store is not None:
            batch = self.state_store.batch_size
        state = (batch, *self.cell.output_step_shape(input_shape[2:]))
        output = (batch, steps, *state[1:]) if self.return_sequences else state
        return [output, state, state] if self.return_state else output

    def _check_rank(self, x: torch.Tensor) -> None:
        rank = self.cell.rank + 3
        if x.ndim != rank:
            raise ValueError(
                f"{self._describe()} expects inputs of rank {rank} (batch, time, spatial axes, channels), "
                f"but received shape {tuple(x.shape)} (rank {x.ndim})."
            )

    def _check_step_shape(self, x: torch.Tensor) -> None:
        if tuple(x.shape[2:]) != self.cell.step_shape:
            raise ValueError(
                f"{self._describe()} was built for steps of shape {self.cell.step_shape}, but received "
                f"inputs of shape {tuple(x.shape)}."
            )


class _OfRank(ConvLSTM):
    """A `ConvLSTM` of the class's ``_rank`` spatial axes: Keras's arguments of
    ``ConvLSTM1D`` / ``2D`` / ``3D``, in Keras's order."""

    _rank: ClassVar[int]

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            self._rank, filters, kernel_size, strides, padding, data_format, dilation_rate, **kwargs
        )


class ConvLSTM2D(_OfRank):
    r"""2-D convolutional LSTM, Keras's ``ConvLSTM2D``: an LSTM whose step is an image and whose
    gates are 2-D convolutions \(*\) over the step \(x_t\) and the last output \(h_{t-1}\):

    \[
    c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_c * x_t + U_c * h_{t-1} + b_c), \qquad
    h_t = o_t \odot \tanh(c_t)
    \]

    with each gate \(g_t = \sigma(W_g * x_t + U_g * h_{t-1} + b_g)\), \(g \in \{i, f, o\}\)
    (the full step: `ConvLSTMCell`).

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate: Keras's, in
            Keras's order (see `ConvLSTMCell`).
        activation, recurrent_activation, use_bias, the initializers, unit_forget_bias, the
            regularizers and constraints, dropout, recurrent_dropout, seed, return_sequences,
            return_state, go_backwards, stateful: by keyword (see `ConvLSTM`).

    Shapes:
        inputs ``(N, T, H, W, C)`` -> ``(N, T, H', W', filters)`` with ``return_sequences``,
        else ``(N, H', W', filters)``; states ``[h, c]``, each ``(N, H', W', filters)``.

    Example:
        >>> layer = ConvLSTM2D(filters=8, kernel_size=(1, 2), activation="relu", input_shape=(2, 1, 3, 1))
        >>> layer.compute_output_shape((None, 2, 1, 3, 1)), layer.count_params()
        ((None, 1, 2, 8), 608)
    """

    _rank = 2


class ConvLSTM1D(_OfRank):
    r"""1-D convolutional LSTM, Keras's ``ConvLSTM1D``: `ConvLSTM2D`'s step, \(c_t = f_t \odot
    c_{t-1} + i_t \odot \tanh(W_c * x_t + U_c * h_{t-1} + b_c)\), \(h_t = o_t \odot
    \tanh(c_t)\), with 1-D convolutions \(*\) over steps that are sequences of their own.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate: Keras's, in
            Keras's order (see `ConvLSTMCell`).
        activation, recurrent_activation, use_bias, the initializers, unit_forget_bias, the
            regularizers and constraints, dropout, recurrent_dropout, seed, return_sequences,
            return_state, go_backwards, stateful: by keyword (see `ConvLSTM`).

    Shapes:
        inputs ``(N, T, L, C)`` -> ``(N, T, L', filters)`` with ``return_sequences``, else
        ``(N, L', filters)``; states ``[h, c]``, each ``(N, L', filters)``.

    Example:
        >>> layer = ConvLSTM1D(4, 3, padding="same", return_sequences=True)
        >>> layer(torch.zeros(2, 5, 6, 3)).shape
        torch.Size([2, 5, 6, 4])
    """

    _rank = 1


class ConvLSTM3D(_OfRank):
    r"""3-D convolutional LSTM, Keras's ``ConvLSTM3D``: `ConvLSTM2D`'s step, \(c_t = f_t \odot
    c_{t-1} + i_t \odot \tanh(W_c * x_t + U_c * h_{t-1} + b_c)\), \(h_t = o_t \odot
    \tanh(c_t)\), with 3-D convolutions \(*\) over steps that are volumes.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate: Keras's, in
            Keras's order (see `ConvLSTMCell`).
        activation, recurrent_activation, use_bias, the initializers, unit_forget_bias, the
            regularizers and constraints, dropout, recurrent_dropout, seed, return_sequences,
            return_state, go_backwards, stateful: by keyword (see `ConvLSTM`).

    Shapes:
        inputs ``(N, T, D, H, W, C)`` -> ``(N, T, D', H', W', filters)`` with
        ``return_sequences``, else ``(N, D', H', W', filters)``; states ``[h, c]``, each
        ``(N, D', H', W', filters)``.

    Example:
        >>> ConvLSTM3D(2, 3, padding="same")(torch.zeros(1, 2, 3, 4, 5, 1)).shape
        torch.Size([1, 3, 4, 5, 2])
    """

    _rank = 3
