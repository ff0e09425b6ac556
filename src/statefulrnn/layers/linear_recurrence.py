r"""Linear recurrences: cells whose step is ``h_t = a_t * h_{t-1} + b_t``, with ``a_t`` and ``b_t``
computed from the input alone, so a whole chunk can run as a scan over time.

`LinearRecurrenceCell` is the cell kind: a subclass gives ``coefficients(x) -> (a, b)`` and
``output(h, x) -> y``; the class gives the two ways to run them, with the same numbers:

- ``forward(x_t, states)``, one step, the ordinary cell protocol: `RNN` drives it as any cell
  (stateful carry, resets, masks, streaming), and a streaming step costs one step.
- ``run_chunk(x, states, resets, mask)``, a whole chunk ``(N, T, F)`` at once: the coefficients of
  every step in one batched call, then `linear_scan` over time from the carried state.
- ``traced_chunk(x, states)``, what an ONNX export traces: the plain loop over time as
  TorchScript (`sequential_scan`), which the exporter keeps a loop over a dynamic length.

`linear_scan` is a blocked scan: the chunk is cut into blocks of `BLOCK` steps (fewer in a short
chunk); each block's end state from a zero start is computed for all blocks at once (one
vectorised step per step of a block), the blocks are chained by the same scan one level down
(on each block's product of ``a`` and that end state, recursively), and each block is run
again from its true start state. It only multiplies and adds, never divides and never takes a
logarithm, so gates near 0 or 1 over any length give neither NaN nor overflow (a product of
many small ``a`` underflows to 0, which is its value), and its error is a few roundings, as the
sequential step's. Its backward pass is the same scan run backwards (the adjoint recurrence
\(g_t = \partial L/\partial h_t + \bar a_{t+1} g_{t+1}\)), so it stores only ``a``, ``h_0`` and
``h``, and it is itself differentiable (double backward works). Real or complex ``a``, ``b``
(the LRU's diagonal is complex; PyTorch's conjugate convention for complex gradients).

On a CPU, a real or complex scan of tensors that numba can take (`compiled_linear.scan`, which
says when) runs instead as the plain loop over time compiled by numba, forward and backward: one
pass over memory, where the blocked scan makes ``2 block + T / block`` tensor operations per
level and reads the chunk three times (MinGRU(64), N = 32, T = 256: 0.15 ms against 1.2 ms
forward). The blocked scan stays for what that loop cannot serve: other devices, a tracer,
``torch.compile``, functorch transforms, a double backward (its differentiable form), and
``use_compiled_kernels(False)``; the tests run on both.

We chose this over the log-space scan of the minGRU paper (Heinsen's cumulative sum of
``log a`` and ``logcumsumexp``): that one needs ``b > 0`` and ``h_0 > 0`` (a carried or user
state may be negative) and, over long chunks with small ``a``, subtracts cumulative sums of
order ``T |log a|`` from each other, losing float32 digits in proportion.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable
from typing import Any

import torch

from .._checks import positive_int
from .._compat import is_compiling
from . import compiled_linear  # imports no numba: each kernel does, on its first call
from .base import Layer
from .fused import graph_capture

States = tuple[torch.Tensor, ...]

# State elements (batch x steps x state width, complex counted twice) up to which a chunk runs as
# one scan; a longer one runs in pieces of time, each from the state the last one ended with (the
# numbers to a few roundings, the gradients through the carried state). Each of the chunk's
# tensors (preactivations, coefficients, states, outputs and their gradients) then stays a few
# MiB, which glibc's allocator recycles; past 32 MiB it maps fresh pages for every tensor and
# pays a page fault per 4 KiB written. MinGRU(64), T = 8192, N = 32 (64 MiB tensors): 2.9x more
# training steps a second in pieces of 512 steps (2**20) than whole; since the scan writes into
# buffers and MinGRU's coefficients are one node, pieces of 256 steps (2**19) train 5-10% faster
# than 2**20 at T = 1024 and 8192, N = 32, and 2**18 loses to the per-operation cost of small
# scans (1 thread, 2-core AMD EPYC, interleaved).
PIECE_ELEMENTS = 2**19

# Steps per block, at most (`_block_steps`). A scan of T steps runs 2 * block vectorised steps
# per level of blocks, over all blocks at once, and log_block(T) levels (T = 128: 32 steps;
# T = 10**5: about 200).
BLOCK = 32


def _steps(
    a: torch.Tensor, b: torch.Tensor, start: torch.Tensor, order: range, dim: int, out: torch.Tensor
) -> None:
    """The states of ``h_j = a_j h_{j-1} + b_j`` over axis ``dim`` of ``a, b``, taken in ``order``
    from ``start``, written into ``out`` (shaped as ``b``, a view of the caller's buffer)."""
    previous = start
    # unbind: every step's view in one call (a select per step costs a Python dispatch each, most
    # of a short chunk's scan).
    a_steps, b_steps = a.unbind(dim), b.unbind(dim)
    if is_compiling():  # dynamo refuses out= into a strided view: stack the steps, then copy
        states = [start] * len(order)
        for j in order:
            previous = states[j] = torch.addcmul(b_steps[j], a_steps[j], previous)
        out.copy_(torch.stack(states, dim=dim))
        return
    out_steps = out.unbind(dim)
    for j in order:
        previous = torch.addcmul(b_steps[j], a_steps[j], previous, out=out_steps[j])


def _scan(
    a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor, reverse: bool, out: torch.Tensor | None = None
) -> torch.Tensor:
    """``h_t = a_t h_{t-1} + b_t`` over the time axis 1 of ``a, b (N, T, S)`` from ``h0 (N, S)``
    (``reverse``: ``h_t = a_t h_{t+1} + b_t`` from the end); ``h (N, T, S)``, no autograd, written
    into ``out`` where given (any strides: every level writes into views of one buffer, no cat)."""
    batch, steps, size = b.shape
    dtype = torch.promote_types(torch.promote_types(a.dtype, b.dtype), h0.dtype)
    a, b, h0 = a.to(dtype), b.to(dtype), h0.to(dtype)
    if out is None:
        out = torch.empty(batch, steps, size, dtype=dtype, device=b.device)
    if steps <= 2 * BLOCK:
        _steps(a, b, h0, range(steps - 1, -1, -1) if reverse else range(steps), 1, out)
        return out
    block = _block_steps(steps)
    blocks, tail = divmod(steps, block)
    # Whole blocks where the scan starts, the last tail steps (fewer than a block) one by one after.
    first = tail if reverse else 0
    a4, b4, h4 = (t.narrow(1, first, blocks * block).view(batch, blocks, block, size) for t in (a, b, out))
    within = range(block - 1, -1, -1) if reverse else range(block)
    # Pass 1: each block's state at its end when started from zero, all blocks at once.
    a_steps, b_steps = a4.unbind(2), b4.unbind(2)
    ends = b_steps[within[0]].clone()
    for j in within[1:]:
        ends = torch.addcmul(b_steps[j], a_steps[j], ends)
    # The blocks chained: each one's start state, by the same scan over (product of a, end)
    # pairs, written straight into the starts after the first one's (h0).
    prods, starts = torch.prod(a4, dim=2), torch.empty_like(ends)
    if reverse:
        starts[:, -1] = h0
        _scan(prods[:, 1:], ends[:, 1:], h0, reverse, out=starts[:, :-1])
    else:
        starts[:, 0] = h0
        _scan(prods[:, :-1], ends[:, :-1], h0, reverse, out=starts[:, 1:])
    # Pass 2: every step, each block from its true start state.
    _steps(a4, b4, starts, within, 2, h4)
    if tail:
        rest = slice(0, tail) if reverse else slice(steps - tail, steps)
        edge = out[:, tail] if reverse else out[:, steps - tail - 1]
        order = range(tail - 1, -1, -1) if reverse else range(tail)
        _steps(a[:, rest], b[:, rest], edge, order, 1, out[:, rest])
    return out


def _block_steps(steps: int) -> int:
    """Steps per block of a scan of ``steps``: `BLOCK`, or about sqrt(steps / 2) when that is
    fewer, which minimises a short scan's count of vectorised steps (``2 block + steps / block``,
    each one Python call, most of a short chunk's cost)."""
    return max(2, min(BLOCK, math.isqrt(steps // 2)))


def _piece_steps(batch: int, width: int) -> int:
    """Steps per piece of a chunk of ``batch`` rows and a state ``width`` (`PIECE_ELEMENTS`): a
    multiple of `BLOCK`, at least one."""
    return max(BLOCK, PIECE_ELEMENTS // (batch * width) // BLOCK * BLOCK)


def _shifted(a: torch.Tensor, reverse: bool) -> torch.Tensor:
    """The adjoint's coefficients: ``conj(a_{t+1})`` (``conj(a_{t-1})`` for ``reverse``), 0 past
    the edge; conjugated by the copy, not left a lazy conjugate view: each vectorised step of the
    scan would resolve its slice again (a clone per step)."""
    zero = torch.zeros_like(a[:, :1])
    return torch.cat([zero, a[:, :-1].conj()] if reverse else [a[:, 1:].conj(), zero], dim=1)


class _LinearScan(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor, reverse: bool) -> torch.Tensor:
        h = None if reverse else compiled_linear.scan(a, b, h0)
        if h is None:
            h = _scan(a, b, h0, reverse)
        ctx.save_for_backward(a, h0, h)
        ctx.reverse = reverse
        return h

    @staticmethod
    def backward(ctx: Any, grad_h: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        a, h0, h = ctx.saved_tensors
        reverse = ctx.reverse
        if torch.is_grad_enabled():  # a double backward: the adjoint of differentiable operations
            # The adjoint g_t = grad_h_t + conj(a_{t+1}) g_{t+1}: the same scan, the other way in time.
            g = _LinearScan.apply(_shifted(a, reverse), grad_h, torch.zeros_like(h0), not reverse)
            edge = h0[:, None]
            h_before = torch.cat([h[:, 1:], edge], dim=1) if reverse else torch.cat([edge, h[:, :-1]], dim=1)
            first = -1 if reverse else 0  # the step that reads h0
            return g * h_before.conj(), g, g[:, first] * a[:, first].conj(), None
        grads = None if reverse else compiled_linear.scan_backward(a, h0, h, grad_h)
        if grads is None:
            grads = _adjoint(a, h0, h, grad_h, reverse, ctx.needs_input_grad[0])
        return (*grads, None)


def _adjoint(
    a: torch.Tensor, h0: torch.Tensor, h: torch.Tensor, grad_h: torch.Tensor, reverse: bool, need_a: bool
) -> tuple[torch.Tensor | None, torch.Tensor, torch.Tensor]:
    """The gradients for ``a``, ``b`` and ``h0`` of `_LinearScan` (no double backward): the
    adjoint ``g`` by `_scan` over the whole length (the shifted coefficients cost one copy; a scan
    of the ``T - 1`` steps after the edge one would run its ragged last block step by step), and
    ``g_t conj(h_{t-1})`` as two products into one tensor, no shifted copy of ``h``."""
    first, inner, outer = (-1, slice(0, -1), slice(1, None)) if reverse else (0, slice(1, None), slice(0, -1))
    g = _scan(_shifted(a, reverse), grad_h, torch.zeros_like(h0), not reverse)
    grad_a = None
    if need_a:
        grad_a = torch.empty_like(g)
        torch.mul(g[:, first], h0.conj(), out=grad_a[:, first])
        torch.mul(g[:, inner], h[:, outer].conj(), out=grad_a[:, inner])
    return grad_a, g, g[:, first] * a[:, first].conj()


def linear_scan(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
    r"""Every state of the recurrence \(h_t = a_t \odot h_{t-1} + b_t\), from \(h_0\).

    The blocked scan described in the module notes: the numbers of the sequential loop to a
    few roundings, with gradients (and gradients of gradients) for ``a``, ``b`` and ``h0``.

    Args:
        a: coefficients ``(N, T, S)``, real or complex (any values; gates are usually in [0, 1]).
        b: inputs ``(N, T, S)``.
        h0: the state before the first step, ``(N, S)``.

    Returns:
        ``h (N, T, S)``: the state after each step (``h[:, -1]`` is the final state).

    Example:
        >>> a = torch.full((1, 4, 1), 0.5)
        >>> linear_scan(a, torch.ones(1, 4, 1), torch.zeros(1, 1)).flatten().tolist()
        [1.0, 1.5, 1.75, 1.875]
    """
    return _LinearScan.apply(a, b, h0, False)


def sequential_scan(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
    """`linear_scan`'s numbers by the plain loop over time, real ``a, b (N, T, S)``, ``h0 (N, S)``;
    an ONNX export traces it compiled by TorchScript (`scripted`), which keeps it a loop over a
    dynamic number of steps.

    Example:
        >>> a, b = torch.full((1, 3, 1), 0.5), torch.ones(1, 3, 1)
        >>> scripted(sequential_scan)(a, b, torch.zeros(1, 1)).flatten().tolist()
        [1.0, 1.5, 1.75]
    """
    h = h0
    states: list[torch.Tensor] = []
    for t in range(a.size(1)):
        h = a[:, t] * h + b[:, t]
        states.append(h)
    return torch.stack(states, dim=1)


def sequential_pair_scan(
    a_re: torch.Tensor,
    a_im: torch.Tensor,
    b_re: torch.Tensor,
    b_im: torch.Tensor,
    re: torch.Tensor,
    im: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor]:
    """`sequential_scan` of a complex recurrence in real arithmetic: the real and imaginary parts
    ``(N, T, S)`` of the states, from those of ``a, b (N, T, S)`` and ``h0 (N, S)``."""
    real: list[torch.Tensor] = []
    imaginary: list[torch.Tensor] = []
    for t in range(b_re.size(1)):
        re, im = (
            a_re[:, t] * re - a_im[:, t] * im + b_re[:, t],
            a_re[:, t] * im + a_im[:, t] * re + b_im[:, t],
        )
        real.append(re)
        imaginary.append(im)
    return torch.stack(real, dim=1), torch.stack(imaginary, dim=1)


@functools.cache
def scripted(function: Callable) -> Callable:
    """``function`` compiled by TorchScript, once, when an ONNX export first needs it (not on
    import: compiling costs time, and TorchScript warns that it is deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return torch.jit.script(function)


def plain_step_allowed() -> bool:
    """Whether a cell may take its step's shortcuts that autograd, a tracer or ``torch.compile``
    cannot follow (operations in place, weights derived once and kept): no gradient is recorded
    and nothing traces the call.

    Example:
        >>> with torch.no_grad():
        ...     plain_step_allowed()
        True
    """
    return not torch.is_grad_enabled() and not graph_capture()  # fused's rule for its kernels


def _repeat_last_real(y: torch.Tensor, mask: torch.Tensor, resets: torch.Tensor | None) -> torch.Tensor:
    """``y (N, T, o)`` with each masked step's output replaced by the row's last real output of
    this chunk, zeros before any (and after a reset with no real step since): `RNN`'s masking."""
    steps = torch.arange(y.shape[1], device=y.device).expand_as(mask)
    marks = mask if resets is None else mask | resets
    source = torch.where(marks, steps, -1).cummax(dim=1).values  # the last real step or reset
    found = source >= 0
    source = source.clamp(min=0)
    real = found & mask.gather(1, source)
    picked = y.gather(1, source[:, :, None].expand_as(y))
    return torch.where(real[:, :, None], picked, torch.zeros_like(picked))


class LinearRecurrenceCell(Layer):
    r"""Base of the cells whose state follows a linear recurrence with input-driven coefficients:

    \[
    h_t = a_t \odot h_{t-1} + b_t, \qquad (a_t, b_t) = \mathrm{coefficients}(x_t), \qquad
    y_t = \mathrm{output}(h_t, x_t)
    \]

    A subclass creates its weights in ``_build`` and gives ``coefficients(x) -> (a, b)`` (for
    ``x (..., F)``, each ``(..., S)``, real, or complex with ``complex_state = True``) and
    ``output(h, x) -> y (..., o)`` (default: \(y = h\)). It then is a cell that `RNN` drives
    one step at a time (``forward``), and it can run a whole chunk as a scan (``run_chunk``),
    with the same numbers. A complex state is carried as two real states (real part, imaginary
    part), so whatever carries real tensors carries it.

    Args:
        units: size \(S\) of the state (of each of the two parts when complex).

    Shapes:
        ``forward(inputs (N, F), states)`` -> ``(output (N, o), new_states)``, each state
        ``(N, S)``; ``run_chunk(inputs (N, T, F), states)`` -> ``(outputs (N, T, o), new_states)``.

    Example:
        >>> class Decay(LinearRecurrenceCell):
        ...     def coefficients(self, x):
        ...         return torch.full_like(x, 0.5), x
        >>> cell = Decay(1)
        >>> outputs, (h,) = cell.run_chunk(torch.ones(1, 3, 1), (torch.zeros(1, 1),))
        >>> outputs.flatten().tolist(), h.tolist()
        ([1.0, 1.5, 1.75], [[1.75]])
    """

    complex_state = False

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = positive_int("units", units)

    @property
    def state_size(self) -> int | tuple[int, int]:
        return (self.units, self.units) if self.complex_state else self.units

    def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(a, b)``, each ``(..., S)``, for inputs ``x (..., F)``; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} must define coefficients(x) -> (a, b).")

    def output(self, h: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """The output for the states ``h (..., S)`` and inputs ``x (..., F)``: ``h`` itself."""
        return h

    @property
    def output_state_index(self) -> int | None:
        """0 where the output is the (real) state itself, else None (see `RecurrentCell`)."""
        own_output = type(self).output is LinearRecurrenceCell.output
        return 0 if own_output and not self.complex_state else None

    def _state(self, states: States) -> torch.Tensor:
        return torch.complex(states[0], states[1]) if self.complex_state else states[0]

    def _states(self, h: torch.Tensor) -> States:
        # Contiguous copies, not views: a view of a chunk's last step would keep the whole chunk's
        # states alive in a stateful layer, and its strides would recompile a compiled call.
        parts = (h.real, h.imag) if self.complex_state else (h,)
        return tuple(part.contiguous() for part in parts)

    def compiled_step(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States] | None:
        """One step on a compiled kernel of the built cell, for ``inputs (N, F)`` or a one-step
        chunk ``(N, 1, F)`` -> ``(output, new_states)``, the output in the inputs' form
        (``(N, o)`` or ``(N, 1, o)``); or None where no kernel takes this call (the default):
        the step is then ``forward``'s PyTorch operations. A streamed step of `RNN` asks it first."""
        return None

    def forward(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States]:
        """One step: ``inputs (N, F)`` and ``states`` -> ``(output (N, o), new_states)``."""
        if not self.built:
            self.build(tuple(inputs.shape))
        a, b = self.coefficients(inputs)
        h = torch.addcmul(b, a, self._state(states))
        return self.output(h, inputs), self._states(h)

    def traced_chunk(self, inputs: torch.Tensor, states: States) -> tuple[torch.Tensor, States]:
        """``run_chunk`` (without resets or mask) as the tracer of an ONNX export sees it: a
        TorchScript loop over time (`sequential_scan`), no complex tensors. A cell with a complex
        state overrides it (ONNX has no complex numbers)."""
        if self.complex_state:
            raise NotImplementedError(f"{type(self).__name__} must define traced_chunk in real arithmetic.")
        a, b = self.coefficients(inputs)
        h = scripted(sequential_scan)(a, b, states[0])
        return self.output(h, inputs), (h[:, -1],)

    def run_chunk(
        self,
        inputs: torch.Tensor,
        states: States,
        resets: torch.Tensor | None = None,
        mask: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, States]:
        r"""A chunk at once: ``inputs (N, T, F)`` from ``states`` -> ``(outputs (N, T, o), new_states)``.

        The same numbers as ``T`` calls of ``forward``, with `RNN`'s flags: ``resets`` (bool
        ``(N, T)``, True where a row's state is zeroed before that step: \(a_t = 0\)) and
        ``mask`` (bool ``(N, T)``, False on padding: the state is kept, \(a_t = 1, b_t = 0\), and
        the output repeats the row's last real output of the chunk, zeros before any). A chunk
        of more than `PIECE_ELEMENTS` state elements without a mask runs in pieces of time.
        """
        if not self.built:
            self.build((inputs.shape[0], inputs.shape[2]))
        if torch.jit.is_tracing():  # an ONNX export: the loop over time, in real arithmetic
            return self.traced_chunk(inputs, states)
        if inputs.shape[1] == 1 and resets is None and mask is None:  # a streamed step: no scan set-up
            stepped = self.compiled_step(inputs, states)  # on the (N, 1, F) chunk: no select, no unsqueeze
            if stepped is not None:
                return stepped
            output, new_states = self.forward(inputs.select(1, 0), states)  # select: cheaper than [:, 0]
            return output.unsqueeze(1), new_states
        steps = inputs.shape[1]
        piece = _piece_steps(inputs.shape[0], self.units * (2 if self.complex_state else 1))
        if steps <= piece or mask is not None:  # a mask's repeated outputs span the whole chunk
            return self._scan_chunk(inputs, states, resets, mask)
        pieces = []
        for start in range(0, steps, piece):  # each piece from the states the last one ended with
            part = slice(start, start + piece)
            outputs, states = self._scan_chunk(
                inputs[:, part], states, None if resets is None else resets[:, part], None
            )
            pieces.append(outputs)
        # cat, not writes into one tensor: the backward of a write into a slice copies the whole
        # gradient once per piece.
        return torch.cat(pieces, dim=1), states

    def _scan_chunk(
        self, inputs: torch.Tensor, states: States, resets: torch.Tensor | None, mask: torch.Tensor | None
    ) -> tuple[torch.Tensor, States]:
        """`run_chunk` of several steps as one scan."""
        a, b = self.coefficients(inputs)
        if mask is not None:
            padding = ~mask[:, :, None]
            a = a.masked_fill(padding, 1.0)
            b = b.masked_fill(padding, 0.0)
        if resets is not None:  # after the mask: a reset on a padded step still zeroes the state
            a = a.masked_fill(resets[:, :, None], 0.0)
        h = linear_scan(a, b, self._state(states))
        outputs = self.output(h, inputs)
        if mask is not None:
            outputs = _repeat_last_real(outputs, mask, resets)
        return outputs, self._states(h[:, -1])
