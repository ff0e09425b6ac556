r"""minGRU and minLSTM (Feng et al. 2024, "Were RNNs All We Needed?"): a GRU and an LSTM whose
gates read only the input, so that their state follows a linear recurrence (see
`linear_recurrence`) and a chunk can train as a scan over time, and still stream one step at a
time with a state of ``units``.

The formulas are the paper's (section 3 and appendix B), including its activation
\(g(x) = x + \tfrac12\) for \(x \ge 0\), \(\sigma(x)\) below, which keeps the candidate state
positive. minLSTM's normalised gates are computed as in the paper's log-space code, never
dividing by \(f + i\): \(i' = \sigma(d)\), \(f' = 1 - i'\) with
\(d = \mathrm{softplus}(-k_f) - \mathrm{softplus}(-k_i) = \log i - \log f\). Our scan needs no
logarithms (see `linear_recurrence`), so the coefficients stay in linear space.
"""

from __future__ import annotations

from typing import Any

import torch
from torch.nn import functional as F

from .. import initializers
from .._compat import own_parameters
from . import compiled_linear  # imports no numba: each kernel does, on its first call
from .fused import graph_capture
from .linear_recurrence import LinearRecurrenceCell, States, plain_step_allowed
from .recurrent import RNN


def g(x: torch.Tensor) -> torch.Tensor:
    r"""The paper's candidate activation: \(x + \tfrac12\) for \(x \ge 0\), else \(\sigma(x)\).

    Computed as \(\max(x, 0) + \sigma(\min(x, 0))\): the same numbers, exactly, and about
    three times faster forward and backward than a ``torch.where`` of the two branches on a CPU.

    Example:
        >>> [round(v, 4) for v in g(torch.tensor([-2.0, 0.0, 2.0])).tolist()]
        [0.1192, 0.5, 2.5]
    """
    positive = torch.relu(x)
    return positive + torch.sigmoid(x - positive)  # x - relu(x) = min(x, 0), exactly


def _update_gate(blocks: tuple[torch.Tensor, ...]) -> torch.Tensor:
    r"""A min cell's update gate \(z\) from its preactivation blocks: MinGRU's ``(k_z, k_h)``
    (\(z = \sigma(k_z)\)) or MinLSTM's ``(k_f, k_i, k_h)`` (its normalised input gate,
    \(\sigma(\mathrm{softplus}(-k_f) - \mathrm{softplus}(-k_i))\), i.e. \(\sigma(\log i - \log f)\))."""
    if len(blocks) == 3:
        return torch.sigmoid(F.softplus(-blocks[0]) - F.softplus(-blocks[1]))
    return torch.sigmoid(blocks[0])


def _gate_and_candidate(pre: torch.Tensor, units: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``(z, g(k_h))`` from a min cell's preactivations ``pre (..., ku)``, as PyTorch's operations
    (autograd records each one)."""
    blocks = pre.split(units, dim=-1)
    return _update_gate(blocks), g(blocks[-1])


def _min_coefficients(pre: torch.Tensor, units: int) -> tuple[torch.Tensor, torch.Tensor]:
    """A min cell's ``(a, b) = (1 - z, z g(k_h))`` from its preactivations, as PyTorch's
    operations: what `_MinCoefficients` computes as one node."""
    z, candidate = _gate_and_candidate(pre, units)
    return 1 - z, z * candidate


# torch's softplus switches to the identity above this (its default), in both directions.
_SOFTPLUS_THRESHOLD = 20.0


class _MinCoefficients(torch.autograd.Function):
    """`_min_coefficients` as one autograd node: a chunk's training pass records one node, not
    nine (MinGRU) or fourteen (MinLSTM), and the backward writes the preactivations' gradient
    into one tensor (no cat of the blocks' gradients), with the numbers of the recorded
    operations' backward (the same aten backward functions, in the same order)."""

    @staticmethod
    def forward(ctx: Any, pre: torch.Tensor, units: int) -> tuple[torch.Tensor, torch.Tensor]:
        blocks = pre.split(units, dim=-1)
        k_h, z = blocks[-1], _update_gate(blocks)
        positive = torch.relu(k_h)
        candidate = torch.clamp(k_h, max=0.0).sigmoid_().add_(positive)  # g(k_h), exactly
        # g's slope is 1 above 0 and sigma's at and below: the backward picks it by this step
        # function of k_h in a lerp (a bool mask's where and > are 10x slower on a CPU).
        ctx.save_for_backward(pre, z, candidate, positive.sign_())
        ctx.units = units
        return 1 - z, z * candidate

    @staticmethod
    def backward(ctx: Any, grad_a: torch.Tensor, grad_b: torch.Tensor) -> tuple[torch.Tensor | None, None]:
        pre, z, candidate, above = ctx.saved_tensors
        units = ctx.units
        if torch.is_grad_enabled():  # a double backward: differentiate the recorded operations
            a, b = _min_coefficients(pre, units)
            return torch.autograd.grad((a, b), pre, (grad_a, grad_b), create_graph=True)[0], None
        grad_pre = torch.empty_like(pre)
        grads = grad_pre.split(units, dim=-1)
        grad_h = grads[-1]
        # d/dz: grad_b g - grad_a; then through the sigmoid: times z (1 - z)
        grad_z = grads[0] if len(grads) == 2 else torch.empty_like(z)
        torch.mul(grad_b, candidate, out=grad_z).sub_(grad_a)
        torch.ops.aten.sigmoid_backward.grad_input(grad_z, z, grad_input=grad_z)
        if len(grads) == 3:  # through d: -softplus'(-k_f) for k_f, +softplus'(-k_i) for k_i
            k_f, k_i = pre.split(units, dim=-1)[:2]
            softplus_backward = torch.ops.aten.softplus_backward.grad_input
            softplus_backward(grad_z, -k_f, 1.0, _SOFTPLUS_THRESHOLD, grad_input=grads[0]).neg_()
            softplus_backward(grad_z, -k_i, 1.0, _SOFTPLUS_THRESHOLD, grad_input=grads[1])
        # d/dk_h: grad_b z g'(k_h), g' = 1 above 0, else sigma's slope (where g = sigma)
        torch.mul(grad_b, z, out=grad_h)
        below = torch.ops.aten.sigmoid_backward(grad_h, candidate)
        torch.lerp(below, grad_h, above, out=grad_h)
        return grad_pre, None


class _GatedLinearCell(LinearRecurrenceCell):
    """A min cell's weights: one ``kernel (F, k*u)`` and ``bias (k*u,)``, ``k`` blocks of ``units``."""

    blocks = 1

    def __init__(
        self,
        units: int,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        **kwargs: Any,
    ) -> None:
        super().__init__(units, **kwargs)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        width = self.blocks * self.units
        self.add_weight("kernel", (input_shape[-1], width), initializer=self.kernel_initializer)
        if self.use_bias:
            self.add_weight("bias", (width,), initializer=self.bias_initializer)

    def _preactivations(self, x: torch.Tensor) -> torch.Tensor:
        """``x W + b`` for ``x (..., F)``: ``(..., k*u)``, the blocks side by side."""
        return F.linear(x, self.kernel.t(), self.bias if self.use_bias else None)

    def gate_and_candidate(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        r"""The update gate \(z\) and the candidate \(\tilde h\), each ``(..., u)``, for ``x (..., F)``:
        \(h' = (1 - z) \odot h + z \odot \tilde h\)."""
        return _gate_and_candidate(self._preactivations(x), self.units)

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if torch.is_grad_enabled() and not graph_capture():  # training a chunk: one autograd node
            return _MinCoefficients.apply(self._preactivations(x), self.units)
        z, candidate = self.gate_and_candidate(x)
        return 1 - z, z * candidate

    def forward(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States]:
        r"""One step, as one interpolation \(h + z (\tilde h - h)\): a streamed step's cost is its
        count of tensor operations, and this one has five or six (MinGRU) or about a dozen (MinLSTM);
        without autograd or tracing, on float32 CPU tensors, one call of a compiled kernel
        (`compiled_step`)."""
        if not self.built:
            self.build(tuple(inputs.shape))
        stepped = self.compiled_step(inputs, states)
        if stepped is not None:
            return stepped
        z, candidate = self.gate_and_candidate(inputs)
        h = torch.lerp(states[0], candidate, z)
        return h, (h,)

    def compiled_step(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States] | None:
        """The step on `compiled_linear`'s kernel where it applies (see `compiled_linear.chosen`;
        a cell with a bias, numba installed), else None."""
        if not (self.use_bias and compiled_linear.chosen(inputs)):
            return None
        arrays = self._kernel_arrays()
        if arrays is None:
            return None
        output, h = compiled_linear.min_rnn_step(inputs, states[0], arrays)
        return output, (h,)

    def _kernel_arrays(self) -> tuple[Any, ...] | None:
        """`compiled_linear.weight_arrays` of (kernel, bias), kept until one is replaced or moved."""
        params = own_parameters(self)  # a dict read: self.kernel costs half a microsecond
        kernel, bias = params["kernel"], params["bias"]
        pointers = (kernel.data_ptr(), bias.data_ptr())
        kept = self.__dict__.get("_kept_arrays")
        if kept is None or not (kept[0] is kernel and kept[1] is bias and kept[2] == pointers):
            kept = self.__dict__["_kept_arrays"] = (
                kernel,
                bias,
                pointers,
                compiled_linear.weight_arrays(kernel, bias),
            )
        return kept[3]

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_kept_arrays", None)  # views of this cell's weights, not of a copy's
        return state


class MinGRUCell(_GatedLinearCell):
    r"""One step of a minGRU (the step of `MinGRU`); from the input \(x\) and the state \(h\):

    \[
    \begin{aligned}
    z &= \sigma(x W_z + b_z), \qquad \tilde h = g(x W_h + b_h) \\
    h' &= (1 - z) \odot h + z \odot \tilde h
    \end{aligned}
    \]

    with \(g(x) = x + \tfrac12\) for \(x \ge 0\), else \(\sigma(x)\); ``kernel``
    \([W_z\, W_h]\) ``(F, 2u)``, ``bias`` \([b_z\, b_h]\) ``(2u,)``. As a linear recurrence:
    \(a = 1 - z\), \(b = z \odot \tilde h\), output \(h'\).

    Args:
        units: size \(u\) of the output and of the state.
        use_bias: whether there is a ``bias`` (default True).
        kernel_initializer, bias_initializer: Keras initialisers (default ``"glorot_uniform"``,
            ``"zeros"``).

    Shapes:
        ``forward(inputs (N, F), (h,))`` -> ``(h', (h',))``, \(h\) and \(h'\) ``(N, u)``.

    Example:
        >>> cell = MinGRUCell(3)
        >>> out, (h,) = cell(torch.zeros(2, 4), (torch.zeros(2, 3),))
        >>> out.shape, cell.count_params()
        (torch.Size([2, 3]), 30)
    """

    blocks = 2

    def gate_and_candidate(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if not plain_step_allowed():
            return super().gate_and_candidate(x)
        # No autograd: g's operations in place on the fresh preactivations, one sigmoid for both
        # blocks (of k_z and of min(k_h, 0)), the same numbers with four operations fewer.
        pre = self._preactivations(x)
        k_h = pre[..., self.units :]
        positive = torch.relu(k_h)
        k_h.clamp_(max=0.0)  # min(k_h, 0), which g's x - relu(x) is exactly
        pre.sigmoid_()
        return pre[..., : self.units], k_h.add_(positive)


class MinLSTMCell(_GatedLinearCell):
    r"""One step of a minLSTM (the step of `MinLSTM`); from the input \(x\) and the state \(h\):

    \[
    \begin{aligned}
    f &= \sigma(x W_f + b_f), \qquad i = \sigma(x W_i + b_i), \qquad
    \tilde h = g(x W_h + b_h) \\
    h' &= \frac{f}{f + i} \odot h + \frac{i}{f + i} \odot \tilde h
    \end{aligned}
    \]

    with \(g\) as in `MinGRUCell`; ``kernel`` \([W_f\, W_i\, W_h]\) ``(F, 3u)``, ``bias``
    ``(3u,)``. The normalised gates are computed as \(\sigma(\mp d)\),
    \(d = \mathrm{softplus}(-k_f) - \mathrm{softplus}(-k_i)\) (no division).

    Args:
        units: size \(u\) of the output and of the state.
        use_bias: whether there is a ``bias`` (default True).
        kernel_initializer, bias_initializer: Keras initialisers (default ``"glorot_uniform"``,
            ``"zeros"``).

    Shapes:
        ``forward(inputs (N, F), (h,))`` -> ``(h', (h',))``, \(h\) and \(h'\) ``(N, u)``.

    Example:
        >>> cell = MinLSTMCell(3)
        >>> out, (h,) = cell(torch.zeros(2, 4), (torch.zeros(2, 3),))
        >>> out.shape, cell.count_params()
        (torch.Size([2, 3]), 45)
    """

    blocks = 3


class _MinRNN(RNN):
    """`RNN` over a min cell built from the layer's arguments."""

    cell_class: type[_GatedLinearCell]

    def __init__(
        self,
        units: int,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ) -> None:
        cell = self.cell_class(
            units,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            dtype=kwargs.get("dtype"),
            name=f"{self.cell_class.__name__[:-4].lower()}_cell",
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )


class MinGRU(_MinRNN):
    r"""minGRU over a sequence (cell: `MinGRUCell`): a GRU whose gates read only the input.

    For each step \(t\):

    \[
    \begin{aligned}
    z_t &= \sigma(x_t W_z + b_z), \qquad \tilde h_t = g(x_t W_h + b_h) \\
    h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t
    \end{aligned}
    \]

    with \(g(x) = x + \tfrac12\) for \(x \ge 0\), else \(\sigma(x)\) (Feng et al. 2024). \(h_0\)
    is zeros, or the state a stateful layer kept from its last call. Since \(h_t\) is linear in
    \(h_{t-1}\), a chunk of several steps runs as a parallel scan over time (the cell's
    ``run_chunk``) and a streamed step as one step, with the same numbers.

    Args:
        units: size \(u\) of the output and of the state.
        use_bias, kernel_initializer, bias_initializer: see `MinGRUCell`.
        return_sequences, return_state, go_backwards, stateful: see `RNN`.

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, u)`` with ``return_sequences``, else ``(N, u)``;
        state ``[h]``, ``(N, u)``.

    Example:
        >>> layer = MinGRU(4, stateful=True, batch_input_shape=(2, None, 3))
        >>> layer(torch.zeros(2, 5, 3)).shape, layer.count_params()
        (torch.Size([2, 4]), 32)
    """

    cell_class = MinGRUCell


class MinLSTM(_MinRNN):
    r"""minLSTM over a sequence (cell: `MinLSTMCell`): an LSTM whose gates read only the input,
    normalised so that the state is a weighted average of itself and the candidate.

    For each step \(t\):

    \[
    \begin{aligned}
    f_t &= \sigma(x_t W_f + b_f), \qquad i_t = \sigma(x_t W_i + b_i), \qquad
    \tilde h_t = g(x_t W_h + b_h) \\
    h_t &= \frac{f_t}{f_t + i_t} \odot h_{t-1} + \frac{i_t}{f_t + i_t} \odot \tilde h_t
    \end{aligned}
    \]

    with \(g\) as in `MinGRU` (Feng et al. 2024). \(h_0\) is zeros, or the state a stateful
    layer kept from its last call; a chunk of several steps runs as a parallel scan over
    time (the cell's ``run_chunk``), with the numbers of the step.

    Args:
        units: size \(u\) of the output and of the state.
        use_bias, kernel_initializer, bias_initializer: see `MinLSTMCell`.
        return_sequences, return_state, go_backwards, stateful: see `RNN`.

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, u)`` with ``return_sequences``, else ``(N, u)``;
        state ``[h]``, ``(N, u)``.

    Example:
        >>> MinLSTM(4, return_sequences=True)(torch.zeros(2, 5, 3)).shape
        torch.Size([2, 5, 4])
    """

    cell_class = MinLSTMCell
