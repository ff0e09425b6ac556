"""Recurrent cells: the math of one time step, in Keras's weight layout.

A cell holds weights, never state: ``forward(inputs, states)`` maps ``inputs (N, F)`` and a
tuple of states ``(N, s)`` to ``(output (N, units), new_states)``. `RNN` drives a cell over
time and owns the state. Any ``nn.Module`` with a ``state_size`` (an int, or a tuple of ints
for several states) and that ``forward`` is a cell; the built-in ones add Keras's dropout.

Keras layout, for ``k`` gates of ``u`` units on ``F`` features: ``kernel (F, k*u)``,
``recurrent_kernel (u, k*u)``, ``bias (k*u,)`` (GRU with ``reset_after=True``: ``(2, 3u)``,
the input row then the recurrent row). Gate order: LSTM ``i f c o``, GRU ``z r h``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import torch
from torch.nn import functional as F

from .. import activations, initializers
from .base import Layer

States = tuple[torch.Tensor, ...]


class DropoutMasks(NamedTuple):
    """Per-sequence dropout masks (Keras reuses one mask at every step of a call).

    ``inputs (N, F)`` multiplies the step's input; ``recurrent (N, u)`` multiplies the
    previous output where it feeds the recurrent kernel. None means no dropout.
    """

    inputs: torch.Tensor | None
    recurrent: torch.Tensor | None


def _check_rate(name: str, rate: float) -> float:
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"{name} must be in [0, 1): the fraction of units to drop. Received: {name}={rate}")
    return float(rate)


class RecurrentCell(Layer):
    """Shared part of the built-in cells: weights for ``gates`` gates and dropout.

    Args:
        units: size ``u`` of the output and of each state.
        activation: applied to the candidate state (default tanh).
        use_bias: whether the cell has a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: Keras initialisers.
        dropout: fraction of the inputs dropped during training (one mask per call).
        recurrent_dropout: fraction of the recurrent inputs dropped during training.
    """

    gates = 1

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ValueError(f"units must be a positive integer. Received: units={units!r}")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.dropout = _check_rate("dropout", dropout)
        self.recurrent_dropout = _check_rate("recurrent_dropout", recurrent_dropout)

    @property
    def state_size(self) -> int | tuple[int, ...]:
        return self.units

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        features = input_shape[-1]
        width = self.gates * self.units
        self.add_weight("kernel", (features, width), self.kernel_initializer)
        self.add_weight("recurrent_kernel", (self.units, width), self.recurrent_initializer)
        if self.use_bias:
            self.add_weight("bias", self._bias_shape(), self._bias_initial_value)

    def _bias_shape(self) -> tuple[int, ...]:
        return (self.gates * self.units,)

    def _bias_initial_value(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
        return self.bias_initializer(shape, dtype)

    def dropout_masks(self, batch_size: int, training: bool) -> DropoutMasks:
        """Draw this call's masks; no masks outside training or at rate 0."""

        def mask(rate: float, width: int) -> torch.Tensor | None:
            if not training or rate == 0.0:
                return None
            ones = torch.ones(batch_size, width, dtype=self.dtype, device=self.kernel.device)
            return F.dropout(ones, rate, training=True)

        return DropoutMasks(
            mask(self.dropout, self.kernel.shape[0]), mask(self.recurrent_dropout, self.units)
        )

    def _project(self, inputs: torch.Tensor, h: torch.Tensor, masks: DropoutMasks | None):
        """``inputs @ kernel`` and the previous output as the recurrent kernel sees it."""
        if masks is not None and masks.inputs is not None:
            inputs = inputs * masks.inputs
        if masks is not None and masks.recurrent is not None:
            h = h * masks.recurrent
        return inputs @ self.kernel, h


class SimpleRNNCell(RecurrentCell):
    """Fully connected recurrence: ``h = activation(x @ W + b + h_prev @ U)``.

    State: ``(h,)``, each ``(N, units)``; the output is ``h``.

    Example:
        >>> cell = SimpleRNNCell(3)
        >>> cell.build((2, 4))
        >>> out, (h,) = cell(torch.zeros(2, 4), (torch.zeros(2, 3),))
        >>> out.shape
        torch.Size([2, 3])
    """

    def forward(self, inputs: torch.Tensor, states: States, dropout_masks: DropoutMasks | None = None):
        (h_prev,) = states
        x, h_rec = self._project(inputs, h_prev, dropout_masks)
        if self.use_bias:
            x = x + self.bias
        h = self.activation(x + h_rec @ self.recurrent_kernel)
        return h, (h,)


class GRUCell(RecurrentCell):
    """Gated recurrent unit, Keras's formulas (both ``reset_after`` forms).

    With ``z, r`` the update and reset gates and ``U_h`` the candidate's recurrent kernel:
    ``reset_after=True`` (default; PyTorch's formula): ``hh = act(x W_h + b_h + r * (h_prev U_h + b'_h))``;
    ``reset_after=False``: ``hh = act(x W_h + b_h + (r * h_prev) U_h)``;
    then ``h = z * h_prev + (1 - z) * hh``.

    Args:
        recurrent_activation: for the gates (default sigmoid).
        reset_after: where the reset gate applies (see above); True gives a bias ``(2, 3u)``.

    State: ``(h,)``, ``(N, units)``.
    """

    gates = 3

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        reset_after: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after

    def _bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def forward(self, inputs: torch.Tensor, states: States, dropout_masks: DropoutMasks | None = None):
        (h_prev,) = states
        u = self.units
        x, h_rec = self._project(inputs, h_prev, dropout_masks)
        input_bias, recurrent_bias = self._biases()
        if input_bias is not None:
            x = x + input_bias
        if self.reset_after:
            inner = h_rec @ self.recurrent_kernel
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
            z = self.recurrent_activation(x[:, :u] + inner[:, :u])
            r = self.recurrent_activation(x[:, u : 2 * u] + inner[:, u : 2 * u])
            candidate_recurrent = r * inner[:, 2 * u :]
        else:
            gates = h_rec @ self.recurrent_kernel[:, : 2 * u]
            z = self.recurrent_activation(x[:, :u] + gates[:, :u])
            r = self.recurrent_activation(x[:, u : 2 * u] + gates[:, u:])
            candidate_recurrent = (r * h_rec) @ self.recurrent_kernel[:, 2 * u :]
        candidate = self.activation(x[:, 2 * u :] + candidate_recurrent)
        h = z * h_prev + (1 - z) * candidate
        return h, (h,)

    def _biases(self) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        if not self.use_bias:
            return None, None
        if self.reset_after:
            return self.bias[0], self.bias[1]
        return self.bias, None


class LSTMCell(RecurrentCell):
    """Long short-term memory, Keras's formulas (gate order ``i f c o``, as PyTorch's ``i f g o``).

    ``i, f, o = recurrent_activation(...)``, ``c = f * c_prev + i * act(x W_c + h_prev U_c + b_c)``,
    ``h = o * act(c)``.

    Args:
        recurrent_activation: for the gates (default sigmoid).
        unit_forget_bias: if True (default), the forget-gate bias starts at 1 and the other
            gates' bias follows ``bias_initializer`` (Keras's rule).

    State: ``(h, c)``, each ``(N, units)``; the output is ``h``.
    """

    gates = 4

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        unit_forget_bias: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias

    @property
    def state_size(self) -> tuple[int, int]:
        return (self.units, self.units)

    def _bias_initial_value(self, shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
        bias = super()._bias_initial_value(shape, dtype)
        if self.unit_forget_bias:
            bias[self.units : 2 * self.units] = 1.0
        return bias

    def forward(self, inputs: torch.Tensor, states: States, dropout_masks: DropoutMasks | None = None):
        h_prev, c_prev = states
        u = self.units
        x, h_rec = self._project(inputs, h_prev, dropout_masks)
        z = x + h_rec @ self.recurrent_kernel
        if self.use_bias:
            z = z + self.bias
        i = self.recurrent_activation(z[:, :u])
        f = self.recurrent_activation(z[:, u : 2 * u])
        c = f * c_prev + i * self.activation(z[:, 2 * u : 3 * u])
        o = self.recurrent_activation(z[:, 3 * u :])
        h = o * self.activation(c)
        return h, (h, c)
