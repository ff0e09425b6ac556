"""Big-batch GRU and LSTM chunks without gradient: PyTorch's matrix products, compiled gates.

A step of PyTorch's GRU or LSTM on the CPU is two matrix products and then a dozen elementwise
operators (``sigmoid``, ``tanh``, adds and products), each a pass over a fresh ``(N, gates * u)``
tensor. At large batches the products run at BLAS speed and the elementwise passes take as long:
``torch.gru_cell`` on 1024 rows of GRU(64) spends ~450 us in its two products and ~490 us in the
rest (1 thread, the 2-core AMD EPYC of ``benchmarks/``). The compiled kernels of `compiled`
compute the gates in one vectorised loop, but their hand-written products lose to BLAS from a
few thousand multiply-adds a row (`fused.prefers_compiled`). These kernels take the best of
each: the products by ``torch.addmm`` into buffers made once a call (on torch's threads), the
gates of each step by `compiled.gru_gates` / `compiled.lstm_gates` in one pass that writes the
new state in place and the step's outputs. GRU chunks: 0.3-0.95x ``torch.nn.GRU``'s time
(and faster than the compiled kernel from a few hundred thousand multiply-adds a step); one GRU
or LSTM step: 0.81-0.93x ``torch.gru_cell``/``lstm_cell``'s from 512 rows (within 10% below);
LSTM chunks: only short ones of few units (over long chunks oneDNN's LSTM kernel is faster).
`fused.prefers_compiled_gates` says where each runs (``benchmarks/bench_crossover.py`` times
all three kernels).

They take and fill the arrays of `compiled`'s kernels (`compiled.call` calls both kinds), with
the same packed weights, and agree with PyTorch to rounding (a few 1e-7).

Example:
    >>> from statefulrnn.layers import compiled
    >>> reference = torch.nn.GRU(3, 4, batch_first=True)
    >>> weights = compiled.pack_weights(list(reference.parameters()))
    >>> x, h0 = torch.randn(2, 5, 3), torch.randn(2, 4)
    >>> outputs, (h,) = compiled.call(gru, x.numpy(), (h0.numpy(),), weights)
    >>> expected, _ = reference(x, h0[None])
    >>> bool(np.abs(outputs - expected.detach().numpy()).max() < 1e-6)
    True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from .. import _compat
from . import compiled


def _products(weights: np.ndarray, features: int, units: int) -> tuple[torch.Tensor, ...]:
    """``W_ih^T (F, G)``, ``W_hh^T (u, G)``, ``b_ih``, ``b_hh``: tensors sharing `compiled.pack_weights`'
    array."""
    return tuple(map(torch.from_numpy, compiled.unpacked(weights, features, units)))


def _start(
    x: np.ndarray, states: tuple, weights: np.ndarray, gates: int, outputs: np.ndarray, finals: tuple
) -> None:
    """Checks the shapes as `compiled`'s kernels do (the compiled gates index without bounds
    checks: a mismatched array would be written out of bounds), then copies each start state
    into its final array, which the steps update in place (unless it is the start itself)."""
    compiled._check_shapes(x, states, weights, gates, outputs, finals)
    for final, start in zip(finals, states):
        if final is not start:
            np.copyto(final, start)


def _chunk_products(x: np.ndarray, weights: torch.Tensor, bias: torch.Tensor) -> np.ndarray:
    """``x (N, T, F) W^T + bias`` for every step at once: ``(N, T, G)``."""
    batch, steps, features = x.shape
    out = torch.empty(batch, steps, weights.shape[1])
    rows = torch.from_numpy(x).view(batch * steps, features)
    torch.addmm(bias, rows, weights, out=out.view(batch * steps, -1))
    return out.numpy()


def gru(x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray) -> None:
    """`compiled.gru`'s arguments and results: ``x (N, T, F)``, ``h0 (N, u)`` -> ``outputs (N, T,
    u)``, ``h (N, u)`` (which may be ``h0``: stepped in place)."""
    _start(x, (h0,), weights, 3, outputs, (h,))
    units = h0.shape[1]
    w_ih, w_hh, b_ih, b_hh = _products(weights, x.shape[2], units)
    gi = _chunk_products(x, w_ih, b_ih)
    state, gh = torch.from_numpy(h), torch.empty(len(h), 3 * units)
    gh_array = gh.numpy()
    for t in range(x.shape[1]):
        torch.addmm(b_hh, state, w_hh, out=gh)
        compiled.gru_gates(gi, t, gh_array, h, outputs)


def lstm(
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    weights: np.ndarray,
    outputs: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
) -> None:
    """`compiled.lstm`'s arguments and results: ``x (N, T, F)``, ``h0, c0 (N, u)`` -> ``outputs (N,
    T, u)``, ``h``, ``c`` (which may be ``h0``, ``c0``)."""
    _start(x, (h0, c0), weights, 4, outputs, (h, c))
    units = h0.shape[1]
    w_ih, w_hh, b_ih, b_hh = _products(weights, x.shape[2], units)
    gx = _chunk_products(x, w_ih, b_ih + b_hh)
    state, gates = torch.from_numpy(h), torch.empty(len(h), 4 * units)
    gates_array = gates.numpy()
    for t in range(x.shape[1]):
        torch.mm(state, w_hh, out=gates)
        compiled.lstm_gates(gx, t, gates_array, c, h, outputs)


# The kernel of each of PyTorch's that these compute (same arguments but the weights).
KERNELS: dict[Callable, Callable] = {
    kernel: ours for kernel, ours in ((_compat.GRU, gru), (_compat.LSTM, lstm)) if kernel is not None
}
