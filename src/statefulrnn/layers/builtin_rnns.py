"""Keras's built-in recurrent layers: `SimpleRNN`, `GRU` and `LSTM`, each an `RNN` over its cell
(`cells`) with Keras's arguments, defaults and weight order. Everything about running over time
and carrying state is `RNN`'s; these classes only build the cell from Keras's arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import activations, initializers
from .cells import GRUCell, LSTMCell, SimpleRNNCell
from .recurrent import RNN


def _from_cell(name: str) -> property:
    """A read-only layer attribute that is its cell's setting, as Keras's layers expose them
    (``encoder.units`` is how Keras programs size a decoder)."""
    return property(lambda layer: getattr(layer.cell, name), doc=f"The cell's ``{name}``.")


# The cell settings every built-in layer shows as its own, as Keras's do.
_SHARED = (
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)  # fmt: skip


def shows_cell_settings(*names: str) -> Callable[[type], type]:
    """A class decorator: each of the cell's settings ``names`` as the layer's attribute."""

    def decorate(cls: type) -> type:
        for name in names:
            setattr(cls, name, _from_cell(name))
        return cls

    return decorate


def _shows_cell_settings(*own: str) -> Callable[[type], type]:
    """A class decorator: the shared settings and ``own`` as the layer's attributes."""
    return shows_cell_settings(*_SHARED, *own)


def _check_use_cudnn(use_cudnn: Any) -> Any:
    if use_cudnn not in ("auto", True, False):
        raise ValueError(f"use_cudnn must be 'auto', True or False. Received: use_cudnn={use_cudnn!r}")
    return use_cudnn


@_shows_cell_settings()
class SimpleRNN(RNN):
    r"""Fully connected RNN, Keras's ``SimpleRNN`` (cell: `SimpleRNNCell`).

    For each step \(t\), from the input \(x_t\) and the previous output \(h_{t-1}\):

    \[
    h_t = \tanh(x_t W + b + h_{t-1} U)
    \]

    where \(\tanh\) is ``activation``, \(W\) the ``kernel`` ``(F, u)``, \(U\) the
    ``recurrent_kernel`` ``(u, u)`` and \(b\) the ``bias`` ``(u,)`` (Keras's layout, as
    ``get_weights`` gives them). \(h_0\) is zeros, or the state a stateful layer kept from its
    last call. With ``dropout``/``recurrent_dropout`` in training, \(x_t\) and \(h_{t-1}\) are
    multiplied by a dropout mask drawn once per call, as Keras does.

    Args:
        units: size \(u\) of the output and of the state.
        activation: the activation above (default tanh).
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        dropout, recurrent_dropout, seed: see `RecurrentCell`.
        activity_regularizer: a penalty on the outputs (see `statefulrnn.regularizers`), added
            to the training loss.
        return_sequences, return_state, go_backwards, stateful, unroll: see `RNN`.
        implementation: a tf-keras argument, accepted; no effect.

    Shapes:
        inputs ``(N, T, F)`` (batch, steps, features) -> outputs ``(N, T, u)`` with
        ``return_sequences``, else ``(N, u)``; state ``[h]``, ``(N, u)``.

    Example:
        >>> SimpleRNN(3, return_sequences=True)(torch.zeros(2, 4, 5)).shape
        torch.Size([2, 4, 3])
    """

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        use_bias: bool = True,
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
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        implementation: int = 1,
        **kwargs: Any,
    ) -> None:
        cell = SimpleRNNCell(
            units,
            activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
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
            name="simple_rnn_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )


@_shows_cell_settings("recurrent_activation", "reset_after")
class GRU(RNN):
    r"""Gated recurrent unit over a sequence, Keras's ``GRU`` (cell: `GRUCell`).

    For each step \(t\), from the input \(x_t\) and the previous output \(h_{t-1}\)
    (``reset_after=True``):

    \[
    \begin{aligned}
    z_t &= \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z) \\
    r_t &= \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r) \\
    \tilde h_t &= \tanh(x_t W_h + b_h + r_t \odot (h_{t-1} U_h + b'_h)) \\
    h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t
    \end{aligned}
    \]

    and with ``reset_after=False`` (one bias, tf-keras 1's default)
    \(\tilde h_t = \tanh(x_t W_h + b_h + (r_t \odot h_{t-1}) U_h)\). \(z\) is the update gate,
    \(r\) the reset gate, \(\sigma\) is ``recurrent_activation`` (default sigmoid), \(\tanh\) is
    ``activation`` and \(\odot\) the elementwise product. Keras's layout, as ``get_weights``
    gives it: ``kernel`` \([W_z\, W_r\, W_h]\) ``(F, 3u)``, ``recurrent_kernel``
    \([U_z\, U_r\, U_h]\) ``(u, 3u)``, ``bias`` ``(2, 3u)`` (input row \(b\), recurrent row
    \(b'\); ``(3u,)`` with ``reset_after=False``). \(h_0\) is zeros, or the state a stateful
    layer kept from its last call. With ``dropout``/``recurrent_dropout`` in training, \(x_t\)
    and \(h_{t-1}\) are multiplied by dropout masks drawn once per call, as Keras does.

    Args:
        units: size \(u\) of the output and of the state.
        activation: for the candidate \(\tilde h_t\) (default tanh).
        recurrent_activation: for the gates (default sigmoid).
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        dropout, recurrent_dropout, seed: see `RecurrentCell`.
        activity_regularizer: a penalty on the outputs (see `statefulrnn.regularizers`), added
            to the training loss.
        return_sequences, return_state, go_backwards, stateful, unroll: see `RNN`.
        reset_after: where the reset gate applies (see above).
        use_cudnn, implementation: accepted for Keras compatibility; no effect (see below).

    Shapes:
        inputs ``(N, T, F)`` (batch, steps, features) -> outputs ``(N, T, u)`` with
        ``return_sequences``, else ``(N, u)``; state ``[h]``, ``(N, u)``.

    ``reset_after=True`` (the default, as in Keras 2 and 3) is PyTorch's formula and runs on
    its fused kernel; ``reset_after=False`` runs the per-step path. Takes Keras's arguments in
    Keras 3's order: the cell's (see `RecurrentCell`), ``activity_regularizer`` and the `RNN`
    arguments. Accepted for Keras compatibility, with no effect: ``implementation``, and
    ``use_cudnn`` (``"auto"``, True or False): there is no cuDNN choice to make on our side,
    PyTorch picks its own kernels (cuDNN's on a CUDA device where it applies).

    Example:
        >>> layer = GRU(5, stateful=True, batch_input_shape=(2, None, 1), name="stateful_rnn")
        >>> layer.count_params()
        120
        >>> layer(torch.zeros(2, 3, 1)).shape
        torch.Size([2, 5])
    """

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        use_bias: bool = True,
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
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        reset_after: bool = True,
        use_cudnn: bool | str = "auto",
        implementation: int = 2,
        **kwargs: Any,
    ) -> None:
        use_cudnn = _check_use_cudnn(use_cudnn)
        cell = GRUCell(
            units,
            activation,
            recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            reset_after=reset_after,
            implementation=implementation,
            dtype=kwargs.get("dtype"),
            name="gru_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.use_cudnn = use_cudnn


@_shows_cell_settings("recurrent_activation", "unit_forget_bias")
class LSTM(RNN):
    r"""Long short-term memory over a sequence, Keras's ``LSTM`` (cell: `LSTMCell`).

    For each step \(t\), from the input \(x_t\), the previous output \(h_{t-1}\) and the
    previous cell state \(c_{t-1}\):

    \[
    \begin{aligned}
    i_t &= \sigma(x_t W_i + h_{t-1} U_i + b_i) \\
    f_t &= \sigma(x_t W_f + h_{t-1} U_f + b_f) \\
    \tilde c_t &= \tanh(x_t W_c + h_{t-1} U_c + b_c) \\
    o_t &= \sigma(x_t W_o + h_{t-1} U_o + b_o) \\
    c_t &= f_t \odot c_{t-1} + i_t \odot \tilde c_t \\
    h_t &= o_t \odot \tanh(c_t)
    \end{aligned}
    \]

    \(i, f, o\) are the input, forget and output gates, \(\sigma\) is ``recurrent_activation``
    (default sigmoid), \(\tanh\) is ``activation`` and \(\odot\) the elementwise product.
    Keras's layout, as ``get_weights`` gives it: ``kernel`` \([W_i\, W_f\, W_c\, W_o]\)
    ``(F, 4u)``, ``recurrent_kernel`` ``(u, 4u)``, ``bias`` ``(4u,)``. \(h_0, c_0\) are zeros, or
    the states a stateful layer kept from its last call. With ``dropout``/``recurrent_dropout``
    in training, \(x_t\) and \(h_{t-1}\) are multiplied by dropout masks drawn once per call.

    Args:
        units: size \(u\) of the output and of each state.
        activation: for \(\tilde c_t\) and \(\tanh(c_t)\) (default tanh).
        recurrent_activation: for the gates (default sigmoid).
        unit_forget_bias: if True (default), \(b_f\) starts at 1 whatever ``bias_initializer``
            says (Keras's rule).
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        dropout, recurrent_dropout, seed: see `RecurrentCell`.
        activity_regularizer: a penalty on the outputs (see `statefulrnn.regularizers`), added
            to the training loss.
        return_sequences, return_state, go_backwards, stateful, unroll: see `RNN`.
        use_cudnn, implementation: accepted for Keras compatibility, with no effect:
            there is no cuDNN choice to make on our side, PyTorch picks its own kernels.

    Shapes:
        inputs ``(N, T, F)`` (batch, steps, features) -> outputs ``(N, T, u)`` with
        ``return_sequences``, else ``(N, u)``; states ``[h, c]``, each ``(N, u)``.

    Example:
        >>> LSTM(32, batch_input_shape=(4, 10, 16)).count_params()
        6272
    """

    def __init__(
        self,
        units: int,
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
        activity_regularizer: Any = None,
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
        unroll: bool = False,
        use_cudnn: bool | str = "auto",
        implementation: int = 2,
        **kwargs: Any,
    ) -> None:
        use_cudnn = _check_use_cudnn(use_cudnn)
        cell = LSTMCell(
            units,
            activation,
            recurrent_activation,
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
            implementation=implementation,
            dtype=kwargs.get("dtype"),
            name="lstm_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.use_cudnn = use_cudnn
