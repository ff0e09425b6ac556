"""Keras 2's ``CuDNNGRU`` and ``CuDNNLSTM`` (``keras.layers.cudnn_recurrent``; tf-keras's
``tf.compat.v1.keras.layers``), which Keras runs only on a GPU with cuDNN; here on any device,
on the same kernels as `GRU` and `LSTM`.

Each is a GRU or LSTM with tanh and sigmoid (no activation arguments), no dropout, no masking,
and two biases, input and recurrent, shown as Keras 2 shows them: one ``bias``, ``(6u,)`` or
``(8u,)``, input bias first. The GRU is Keras's ``reset_after=True`` formula (cuDNN's). The
LSTM's two biases add up in the step, but they are two weights: an optimizer moves each by its
own state, so it trains as Keras 2's does, not as an `LSTM` with their sum.

Example:
    >>> layer = CuDNNLSTM(4, return_sequences=True)
    >>> layer(torch.zeros(2, 5, 3)).shape
    torch.Size([2, 5, 4])
    >>> [tuple(w.shape) for w in layer.get_weights()]
    [(3, 16), (4, 16), (32,)]
"""

from __future__ import annotations

from typing import Any

from .. import initializers
from .builtin_rnns import shows_cell_settings
from .cells import CuDNNGRUCell, CuDNNLSTMCell
from .recurrent import RNN

_SHOWN = (
    "units", "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint",
)  # fmt: skip


class _CuDNNRNN(RNN):
    """What the two layers share: their `RNN` arguments, tf-keras's ``time_major`` (False only)
    and Keras's refusal of a mask."""

    supports_masking = False

    def __init__(
        self,
        cell: CuDNNGRUCell | CuDNNLSTMCell,
        return_sequences: bool,
        return_state: bool,
        go_backwards: bool,
        stateful: bool,
        time_major: bool,
        activity_regularizer: Any,
        **kwargs: Any,
    ) -> None:
        if time_major:
            raise ValueError(
                f"{type(self).__name__} takes batch-major inputs (N, T, F) only. Received: time_major=True; "
                f"transpose the inputs to (N, T, F) instead."
            )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.time_major = False

    def forward(
        self,
        inputs: Any,
        initial_state: Any = None,
        training: bool | None = None,
        mask: Any = None,
        resets: Any = None,
    ) -> Any:
        """`RNN`'s call; a mask is refused, in Keras's words (cuDNN's kernels take none)."""
        if mask is not None:
            raise ValueError("Masking is not supported for CuDNN RNNs.")
        return super().forward(inputs, initial_state, training, None, resets)


@shows_cell_settings(*_SHOWN)
class CuDNNGRU(_CuDNNRNN):
    r"""Keras 2's ``CuDNNGRU``: a `GRU` with ``reset_after=True`` (cell: `CuDNNGRUCell`).

    For each step \(t\), with \(b\) the input bias and \(b'\) the recurrent one:

    \[
    \begin{aligned}
    z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z) \\
    r_t &= \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r) \\
    \tilde h_t &= \tanh(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)) \\
    h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t
    \end{aligned}
    \]

    Keras 2's layout, as ``get_weights`` gives it: ``kernel`` ``(F, 3u)``, ``recurrent_kernel``
    ``(u, 3u)`` (gates ``z r h``), ``bias`` ``(6u,)``: \([b_z\, b_r\, b_h\, b'_z\, b'_r\, b'_h]\).

    Args:
        units: size \(u\) of the output and of the state.
        kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        activity_regularizer: a penalty on the outputs, added to the training loss.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        return_sequences, return_state, go_backwards, stateful: see `RNN`.
        time_major: tf-keras's argument; only False (inputs ``(N, T, F)``).

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, u)`` with ``return_sequences``, else ``(N, u)``;
        state ``[h]``, ``(N, u)``.

    Raises:
        ValueError: ``time_major=True``, or a call given a mask (as Keras).

    Example:
        >>> layer = CuDNNGRU(3)
        >>> layer(torch.zeros(2, 4, 5)).shape, [tuple(w.shape) for w in layer.get_weights()]
        (torch.Size([2, 3]), [(5, 9), (3, 9), (18,)])
    """

    def __init__(
        self,
        units: int,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        time_major: bool = False,
        **kwargs: Any,
    ) -> None:
        cell = CuDNNGRUCell(
            units,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dtype=kwargs.get("dtype"),
            name="cudnn_gru_cell",
        )
        options = (return_sequences, return_state, go_backwards, stateful, time_major)
        super().__init__(cell, *options, activity_regularizer, **kwargs)


@shows_cell_settings(*_SHOWN, "unit_forget_bias")
class CuDNNLSTM(_CuDNNRNN):
    r"""Keras 2's ``CuDNNLSTM``: an `LSTM` with an input and a recurrent bias (cell:
    `CuDNNLSTMCell`).

    For each step \(t\), with \(b\) the input bias and \(b'\) the recurrent one:

    \[
    \begin{aligned}
    i_t &= \sigma(x_t W_i + b_i + h_{t-1} U_i + b'_i) \\
    f_t &= \sigma(x_t W_f + b_f + h_{t-1} U_f + b'_f) \\
    \tilde c_t &= \tanh(x_t W_c + b_c + h_{t-1} U_c + b'_c) \\
    o_t &= \sigma(x_t W_o + b_o + h_{t-1} U_o + b'_o) \\
    c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t \\
    h_t &= o_t \odot \tanh(c_t)
    \end{aligned}
    \]

    Keras 2's layout, as ``get_weights`` gives it: ``kernel`` ``(F, 4u)``, ``recurrent_kernel``
    ``(u, 4u)`` (gates ``i f c o``), ``bias`` ``(8u,)``: \([b_i\, b_f\, b_c\, b_o\, b'_i\, b'_f\,
    b'_c\, b'_o]\).

    Args:
        units: size \(u\) of the output and of each state.
        kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        unit_forget_bias: if True (default), \(b'_f\) starts at 1 (Keras 2's rule).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        activity_regularizer: a penalty on the outputs, added to the training loss.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        return_sequences, return_state, go_backwards, stateful: see `RNN`.
        time_major: tf-keras's argument; only False (inputs ``(N, T, F)``).

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, u)`` with ``return_sequences``, else ``(N, u)``;
        states ``[h, c]``, each ``(N, u)``.

    Raises:
        ValueError: ``time_major=True``, or a call given a mask (as Keras).

    Example:
        >>> CuDNNLSTM(32, input_shape=(10, 16)).count_params()  # LSTM(32)'s 6272 + 128
        6400
    """

    def __init__(
        self,
        units: int,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        time_major: bool = False,
        **kwargs: Any,
    ) -> None:
        cell = CuDNNLSTMCell(
            units,
            unit_forget_bias=unit_forget_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dtype=kwargs.get("dtype"),
            name="cudnn_lstm_cell",
        )
        options = (return_sequences, return_state, go_backwards, stateful, time_major)
        super().__init__(cell, *options, activity_regularizer, **kwargs)


__all__ = ["CuDNNGRU", "CuDNNLSTM"]
