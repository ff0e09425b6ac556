"""PyTorch's fused recurrent kernels for the built-in cells.

`RNN` asks `fused_runner(cell, training)` for a kernel; None means the generic per-step path.
A configuration qualifies when PyTorch's kernel computes exactly the cell's formula:

- `SimpleRNNCell` with tanh or relu (``rnn_tanh`` / ``rnn_relu``);
- `GRUCell` with tanh, sigmoid and ``reset_after=True`` (PyTorch's GRU *is* that formula);
- `LSTMCell` with tanh and sigmoid;

and, while training, no recurrent dropout (input dropout is applied to the whole chunk first).
The cells keep their parameters in PyTorch's layout, so the kernel takes them as they are.

``use_fused_kernels(False)`` forces the generic path, e.g. to test both paths against the
same fixtures:

    >>> with use_fused_kernels(False):
    ...     pass  # every RNN call in here runs the per-step loop
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch

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


def fused_runner(cell: object, training: bool) -> FusedRunner | None:
    """A kernel computing ``cell`` over a whole chunk, or None when none matches exactly."""
    if not _enabled or not isinstance(cell, RecurrentCell):
        return None
    if training and cell.recurrent_dropout > 0:
        return None
    kernel = _kernel_for(cell)
    if kernel is None:
        return None

    def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        hx = tuple(s.unsqueeze(0) for s in states)  # (1, N, u): one layer, one direction
        # oneDNN's kernels keep the forward's workspace for backward only when told they train;
        # told otherwise, backward recomputes it, which doubles a training step's kernel time.
        train = training and torch.is_grad_enabled()
        # The signature shared by _VF.lstm/gru/rnn_*.
        outputs, *final = kernel(
            inputs,
            hx if len(hx) > 1 else hx[0],
            _flat_weights(cell),
            cell.use_bias,  # has_biases
            1,  # num_layers
            0.0,  # dropout between layers
            train,
            False,  # bidirectional
            True,  # batch_first
        )
        return outputs, tuple(s.squeeze(0) for s in final)

    return run


def _kernel_for(cell: RecurrentCell) -> Callable | None:
    act = cell.activation
    gate = getattr(cell, "recurrent_activation", None)
    if type(cell) is SimpleRNNCell and act in (torch.tanh, torch.relu):
        return torch._VF.rnn_tanh if act is torch.tanh else torch._VF.rnn_relu
    if type(cell) is LSTMCell and act is torch.tanh and gate is torch.sigmoid:
        return torch._VF.lstm
    if type(cell) is GRUCell and act is torch.tanh and gate is torch.sigmoid and cell.reset_after:
        return torch._VF.gru
    return None


def _flat_weights(cell: RecurrentCell) -> list[torch.Tensor]:
    weights = [cell.weight_ih, cell.weight_hh]
    if not cell.use_bias:
        return weights
    if isinstance(cell, GRUCell):
        return [*weights, cell.bias_ih, cell.bias_hh]
    return [*weights, cell.bias, cell.recurrent_bias_zeros]
