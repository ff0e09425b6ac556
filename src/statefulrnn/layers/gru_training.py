r"""GRU training on the CPU at small batches: PyTorch's GRU formula with a hand-written backward.

On the CPU, PyTorch's GRU kernel (``torch._VF.gru``, behind ``torch.nn.GRU``) runs its cell as
a graph of small autograd operations per step (the LSTM's kernel, by contrast, runs on oneDNN),
so a training step's backward walks some fifteen autograd nodes per time step: at batch 1 the
GRU trains 10-20x slower than the LSTM of the same size. `gru` takes ``_VF.gru``'s arguments and
computes the same numbers; where a gradient may be needed and `prefers_hand_bptt` says so, it
runs `GRUSequence`, one autograd node for the whole chunk (time-major, ``'`` the next step):

- forward: the input projections of all steps as one matrix product, then per step one product
  with \(W_{hh}\) and five fused elementwise operations; it keeps the gates \(r, z, n\) and
  \(h W_{hn}^T + b_{hn}\);
- backward: the step's map from \(\partial h\) to the gates' gradients is elementwise, so its
  coefficients are computed for all steps at once; per step three operations remain
  (\(\partial h = g + \partial h' \odot z' + \partial a' W_{hh}\), then the gates'
  \(\partial a = A \odot \partial h\)); the weight gradients are one matrix product each over
  all steps.

The gradients equal PyTorch's up to float rounding (the sums run in another order). A backward
that builds a graph itself (``create_graph=True``, a gradient penalty) is computed by PyTorch's
kernel again, so higher derivatives stay PyTorch's.
"""

from __future__ import annotations

from typing import Any

import torch

from .._compat import GRU as _VF_GRU

# Where the hand-written backward is the faster, forward and backward of one chunk against
# PyTorch's kernel: the largest batch x units, by torch's thread count. 1 thread: measured by
# ``benchmarks/bench_training.py --gru-kernels`` (units 32-512, batch 1-128, chunks of 10 and
# 100 steps, F=16) on a 2-core AMD EPYC, torch 2.13: at most this, 1.05-3.2x PyTorch's speed
# (1.8-3.2x at batch 1); at twice this, 0.8-1.3x. 2 threads (the same grid, wall clock, nothing
# else running; benchmarks/results/gru-training-kernels-epyc-2threads.md): at most this, 1.08-3.67x;
# at 8192, 1.00-1.22x (close: PyTorch's kernel kept); at 16384, 0.81-1.26x. The same limit.
# On a 2-core Intel Xeon with AVX-512 (1 thread, benchmarks/results/gru-training-kernels-xeon-1thread.md)
# the limit holds: at most it, 1.04-4.3x; above it, 0.73-1.23x (the 1.1-1.23 at 8192-16384).
_HAND_BPTT_LIMITS = {1: 4096, 2: 4096}


def prefers_hand_bptt(batch: int, units: int, threads: int) -> bool:
    """Whether `GRUSequence` trains a GRU of ``units`` on ``batch`` rows faster than PyTorch's
    kernel with torch on ``threads`` threads, by a margin (see ``_HAND_BPTT_LIMITS``).

    Example:
        >>> prefers_hand_bptt(1, 64, 1), prefers_hand_bptt(256, 512, 1)
        (True, False)
    """
    return batch * units <= _HAND_BPTT_LIMITS[1 if threads <= 1 else 2]


def gru(
    inputs: torch.Tensor,
    hx: torch.Tensor,
    weights: list[torch.Tensor],
    has_biases: bool,
    num_layers: int,
    dropout: float,
    train: bool,
    bidirectional: bool,
    batch_first: bool,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``torch._VF.gru``, on `GRUSequence` where autograd may need the call, it is one
    batch-first layer on the CPU in float32 or float64, and `prefers_hand_bptt`.

    Shapes:
        inputs (N, T, F) (batch first), hx (1, N, u) -> outputs (N, T, u), final state (1, N, u).

    Example:
        >>> cell = torch.nn.GRU(3, 4, batch_first=True)
        >>> x = torch.randn(2, 5, 3)
        >>> out, h = gru(x, torch.zeros(1, 2, 4), list(cell.parameters()), True, 1, 0.0, True, False, True)
        >>> torch.allclose(out, cell(x)[0], atol=1e-6), h.shape
        (True, torch.Size([1, 2, 4]))
    """
    if (
        torch.is_grad_enabled()
        and batch_first
        and num_layers == 1
        and not bidirectional
        and inputs.device.type == "cpu"
        and inputs.dtype in (torch.float32, torch.float64)
        and inputs.dim() == 3
        and (inputs.requires_grad or hx.requires_grad or any(w.requires_grad for w in weights))
        and prefers_hand_bptt(inputs.shape[0], hx.shape[-1], torch.get_num_threads())
    ):
        biases = weights[2:] if has_biases else [None, None]
        out, final = GRUSequence.apply(inputs, hx[0], weights[0], weights[1], *biases)
        return out, final.unsqueeze(0)
    return _VF_GRU(inputs, hx, weights, has_biases, num_layers, dropout, train, bidirectional, batch_first)


class GRUSequence(torch.autograd.Function):
    """PyTorch's GRU (gate order ``r z n``, reset after the recurrent product) over a chunk, with
    the backward described in the module docstring.

    Shapes:
        ``apply(inputs (N, T, F), h0 (N, u), weight_ih (3u, F), weight_hh (3u, u), bias_ih (3u,)
        or None, bias_hh (3u,) or None)`` -> ``outputs (N, T, u)``, ``final state (N, u)``.

    Example:
        >>> w_ih, w_hh = torch.randn(12, 3, requires_grad=True), torch.randn(12, 4)
        >>> out, h = GRUSequence.apply(torch.randn(2, 5, 3), torch.zeros(2, 4), w_ih, w_hh, None, None)
        >>> out.sum().backward()
        >>> out.shape, w_ih.grad.shape
        (torch.Size([2, 5, 4]), torch.Size([12, 3]))
    """

    @staticmethod
    def forward(
        ctx: Any,
        inputs: torch.Tensor,
        h0: torch.Tensor,
        weight_ih: torch.Tensor,
        weight_hh: torch.Tensor,
        bias_ih: torch.Tensor | None,
        bias_hh: torch.Tensor | None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        steps, (batch, u) = inputs.shape[1], h0.shape
        # (T, N, 3u): time-major, so that each step's rows are contiguous.
        from_inputs = torch.nn.functional.linear(inputs.transpose(0, 1), weight_ih, bias_ih)
        gates = torch.empty_like(from_inputs)  # r z n after their activations
        from_state = torch.empty_like(from_inputs)  # h W_hh^T + b_hh, before the reset gate
        hidden = from_inputs.new_empty(steps, batch, u)
        recurrent = weight_hh.t()
        bias = from_inputs.new_zeros(3 * u) if bias_hh is None else bias_hh
        # Each step's views, made in C++ by unbind rather than sliced in Python at every step.
        input_steps, state_steps, gate_steps, hidden_steps = (
            t.unbind(0) for t in (from_inputs, from_state, gates, hidden)
        )
        n_in, n_state = (t.narrow(2, 2 * u, u).unbind(0) for t in (from_inputs, from_state))
        r, z, n = (block.unbind(0) for block in gates.view(steps, batch, 3, u).unbind(2))
        h = h0
        for t in range(steps):
            torch.addmm(bias, h, recurrent, out=state_steps[t])
            # r and z; the sum in n's place is overwritten by n next.
            torch.add(input_steps[t], state_steps[t], out=gate_steps[t]).sigmoid_()
            torch.addcmul(n_in[t], r[t], n_state[t], out=n[t]).tanh_()
            h = torch.lerp(n[t], h, z[t], out=hidden_steps[t])  # (1 - z) n + z h
        ctx.save_for_backward(inputs, h0, weight_ih, weight_hh, bias_ih, bias_hh)
        # Kept apart from the outputs returned (copies), which their user may change in place.
        ctx.hidden, ctx.gates, ctx.from_state_n = hidden, gates, from_state.narrow(2, 2 * u, u)
        return hidden.transpose(0, 1).clone(memory_format=torch.contiguous_format), h.clone()

    @staticmethod
    def backward(
        ctx: Any, grad_outputs: torch.Tensor, grad_final: torch.Tensor
    ) -> tuple[torch.Tensor | None, ...]:
        # Both gradients are given, zeros for an output the loss did not use (autograd's default).
        if torch.is_grad_enabled():  # create_graph: PyTorch's kernel, whose graph differentiates again
            return _differentiable_backward(ctx, grad_outputs, grad_final)
        inputs, h0, weight_ih, weight_hh, _, _ = ctx.saved_tensors
        hidden, gates = ctx.hidden, ctx.gates  # (T, N, u), (T, N, 3u)
        steps, batch, u = hidden.shape
        r, z, n = gates.view(steps, batch, 3, u).unbind(2)
        previous = torch.cat([h0.unsqueeze(0), hidden.narrow(0, 0, steps - 1)])  # each step's h
        # The step's gradients by its pre-activations are A * dh (dh: by its output), elementwise:
        # A = ((1 - z)(1 - n^2) (h W_hn^T + b_hn) r(1 - r), (h - n) z(1 - z), (1 - z)(1 - n^2) r)
        # for r, z and h W_hh^T + b_hh's n block (by the input projection's n block: no factor r).
        one = gates.new_ones(())
        by_candidate = torch.sub(one, z).mul_(torch.addcmul(one, n, n, value=-1))  # (1 - z)(1 - n^2)
        rz = gates.narrow(2, 0, 2 * u)
        slope_r, slope_z = torch.addcmul(rz, rz, rz, value=-1).view(steps, batch, 2, u).unbind(2)
        coefficients = torch.empty_like(gates).view(steps, batch, 3, u)
        for_r, for_z, for_n = coefficients.unbind(2)
        torch.mul(by_candidate, ctx.from_state_n, out=for_r).mul_(slope_r)
        torch.sub(previous, n, out=for_z).mul_(slope_z)
        torch.mul(by_candidate, r, out=for_n)
        grad_h = hidden.new_empty(steps, batch, u)  # by each step's output, through all paths
        grad_gates = torch.empty_like(coefficients)  # by each step's h W_hh^T + b_hh
        coefficient_steps, grad_gate_steps = coefficients.unbind(0), grad_gates.unbind(0)
        grad_gate_rows = grad_gates.view(steps, batch, 3 * u).unbind(0)
        grad_h_steps, grad_h_gates = grad_h.unbind(0), grad_h.unsqueeze(2).unbind(0)
        direct_steps, z_steps = grad_outputs.transpose(0, 1).unbind(0), z.unbind(0)
        t = steps - 1
        torch.add(direct_steps[t], grad_final, out=grad_h_steps[t])
        torch.mul(coefficient_steps[t], grad_h_gates[t], out=grad_gate_steps[t])
        for t in range(steps - 2, -1, -1):
            through_z = torch.addcmul(direct_steps[t], grad_h_steps[t + 1], z_steps[t + 1])
            torch.addmm(through_z, grad_gate_rows[t + 1], weight_hh, out=grad_h_steps[t])
            torch.mul(coefficient_steps[t], grad_h_gates[t], out=grad_gate_steps[t])
        needs = ctx.needs_input_grad
        grad_gates = grad_gates.view(steps * batch, 3 * u)
        grad_h0 = torch.addmm(grad_h[0] * z[0], grad_gate_rows[0], weight_hh) if needs[1] else None
        # By the input projections: as by h W_hh^T + b_hh for r and z; for n, without the factor r.
        grad_projections = grad_gates.clone()
        torch.mul(grad_h, by_candidate, out=grad_projections.view(steps, batch, 3, u).unbind(2)[2])
        flat_inputs = inputs.transpose(0, 1).reshape(steps * batch, -1)
        grad_inputs = torch.mm(grad_projections, weight_ih).view(steps, batch, -1) if needs[0] else None
        return (
            None if grad_inputs is None else grad_inputs.transpose(0, 1),
            grad_h0,
            torch.mm(grad_projections.t(), flat_inputs) if needs[2] else None,
            torch.mm(grad_gates.t(), previous.view(steps * batch, u)) if needs[3] else None,
            grad_projections.sum(0) if needs[4] else None,
            grad_gates.sum(0) if needs[5] else None,
        )


def _differentiable_backward(
    ctx: Any, grad_outputs: torch.Tensor, grad_final: torch.Tensor
) -> tuple[torch.Tensor | None, ...]:
    """The backward as PyTorch's kernel computes it, recorded for a further derivative: the
    forward again on the saved inputs (which carry their own history), differentiated with
    ``create_graph``."""
    inputs, h0, weight_ih, weight_hh, bias_ih, bias_hh = ctx.saved_tensors
    arguments = (inputs, h0, weight_ih, weight_hh, bias_ih, bias_hh)
    wanted = [a for a, needed in zip(arguments, ctx.needs_input_grad) if needed]
    weights = [weight_ih, weight_hh] + ([] if bias_ih is None else [bias_ih, bias_hh])
    outputs, final = _VF_GRU(inputs, h0.unsqueeze(0), weights, bias_ih is not None, 1, 0.0, True, False, True)
    found = iter(
        torch.autograd.grad(
            (outputs, final[0]), wanted, (grad_outputs, grad_final), create_graph=True, allow_unused=True
        )
    )
    return tuple(next(found) if needed else None for needed in ctx.needs_input_grad)
