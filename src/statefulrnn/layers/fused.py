"""PyTorch's fused recurrent kernels for the built-in cells, in Keras's weight layout.

`RNN` asks `fused_runner(cell, training)` for a kernel; None means the generic per-step path.
A configuration qualifies when PyTorch's kernel computes exactly the cell's formula:

- `SimpleRNNCell` with tanh or relu (``rnn_tanh`` / ``rnn_relu``);
- `GRUCell` with tanh, sigmoid and ``reset_after=True`` (PyTorch's GRU *is* that formula);
- `LSTMCell` with tanh and sigmoid (PyTorch's gate order ``i f g o`` is Keras's ``i f c o``);

and, while training, no recurrent dropout (input dropout is applied to the whole chunk first).

Conversion (Keras ``(F, k*u)`` kernels to PyTorch ``(k*u, F)`` weights, GRU gates ``z r h`` to
``r z n``) is differentiable, so training goes through the kernel too. Without autograd the
converted weights are cached until a weight changes (``Tensor._version`` counts in-place
updates, as optimizers and ``set_weights`` make them).

``use_fused_kernels(False)`` forces the generic path, e.g. to test both paths against the
same fixtures:

    >>> with use_fused_kernels(False):
    ...     pass  # every RNN call in here runs the per-step loop
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch

from .. import activations
from .cells import GRUCell, LSTMCell, RecurrentCell, SimpleRNNCell

# (inputs (N, T, F), states tuple of (N, u)) -> (outputs (N, T, u), new states)
FusedRunner = Callable[
    [torch.Tensor, tuple[torch.Tensor, ...]], tuple[torch.Tensor, tuple[torch.Tensor, ...]]
]

_enabled = True


@contextlib.contextmanager
def use_fused_kernels(enabled: bool) -> Iterator[None]:
    """Within the block, use (True) or never use (False) the fused kernels."""
    global _enabled
    previous, _enabled = _enabled, enabled
    try:
        yield
    finally:
        _enabled = previous


def fused_kernels_enabled() -> bool:
    return _enabled


def fused_runner(cell: object, training: bool) -> FusedRunner | None:
    """A kernel computing ``cell`` over a whole chunk, or None when none matches exactly."""
    if not _enabled or not isinstance(cell, RecurrentCell):
        return None
    if training and cell.recurrent_dropout > 0:
        return None
    act = cell.activation
    gate = getattr(cell, "recurrent_activation", activations.get("sigmoid"))
    if type(cell) is SimpleRNNCell and act in (torch.tanh, torch.relu):
        kernel = torch._VF.rnn_tanh if act is torch.tanh else torch._VF.rnn_relu
        return _runner(kernel, cell, _simple_weights)
    if type(cell) is LSTMCell and act is torch.tanh and gate is torch.sigmoid:
        return _runner(torch._VF.lstm, cell, _lstm_weights)
    if type(cell) is GRUCell and act is torch.tanh and gate is torch.sigmoid and cell.reset_after:
        return _runner(torch._VF.gru, cell, _gru_weights)
    return None


def _runner(kernel: Callable, cell: RecurrentCell, convert: Callable) -> FusedRunner:
    def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        weights = _converted_weights(cell, convert)
        hx = tuple(s.unsqueeze(0) for s in states)  # (1, N, u): one layer, one direction
        # Signature shared by _VF.lstm/gru/rnn_*: (input, hx, params, has_biases, num_layers,
        # dropout, train, bidirectional, batch_first).
        result = kernel(
            inputs, hx if len(hx) > 1 else hx[0], weights, cell.use_bias, 1, 0.0, False, False, True
        )
        outputs, *final = result
        return outputs, tuple(s.squeeze(0) for s in final)

    return run


def _converted_weights(cell: RecurrentCell, convert: Callable) -> list[torch.Tensor]:
    params = cell.weights
    if torch.is_grad_enabled() and any(p.requires_grad for p in params):
        return convert(cell)
    key = tuple((id(p), p.data_ptr(), p._version, p.dtype, p.device) for p in params)
    cached = cell.__dict__.get("_fused_cache")
    if cached is None or cached[0] != key:
        with torch.no_grad():
            cached = (key, convert(cell))
        cell.__dict__["_fused_cache"] = cached
    return cached[1]


def _simple_weights(cell: SimpleRNNCell) -> list[torch.Tensor]:
    weights = [cell.kernel.t().contiguous(), cell.recurrent_kernel.t().contiguous()]
    if cell.use_bias:
        # Keras has one bias where PyTorch adds two; the second is zero.
        weights += [cell.bias, torch.zeros_like(cell.bias)]
    return weights


_lstm_weights = _simple_weights  # same layout: gate order i f c o == i f g o


def _gru_weights(cell: GRUCell) -> list[torch.Tensor]:
    u = cell.units

    def to_torch_gates(w: torch.Tensor) -> torch.Tensor:  # last axis z r h -> r z n
        return torch.cat([w[..., u : 2 * u], w[..., :u], w[..., 2 * u :]], dim=-1)

    weights = [
        to_torch_gates(cell.kernel).t().contiguous(),
        to_torch_gates(cell.recurrent_kernel).t().contiguous(),
    ]
    if cell.use_bias:
        bias = to_torch_gates(cell.bias)  # (2, 3u): input row, recurrent row
        weights += [bias[0], bias[1]]
    return weights
