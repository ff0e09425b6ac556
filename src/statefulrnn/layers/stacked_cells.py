"""`StackedRNNCells`: several cells run one after another at each step, as one cell.

``RNN([cell_a, cell_b])`` wraps its list in one (Keras's spelling). At each step cell ``i``
reads cell ``i-1``'s output; the stack's output is the last cell's. Through `RNN` a stack gets
everything a cell does (stateful carry, chunking, resets, masks) with no code of its own.

State layout: flat, cell 0's states first, then cell 1's, ... (``[GRUCell(3), LSTMCell(2)]``
carries ``h0 (N, 3), h1 (N, 2), c1 (N, 2)``), as `RNN` keeps every state: ``state_size`` is the
flat tuple ``(3, 2, 2)``. Keras's ``state_size`` is nested per cell (``[3, [2, 2]]``); that
nesting is `cell_state_sizes`, and `nest_states` / `flatten_states` convert between the two:
``RNN(..., return_state=True)`` returns the states nested, ``initial_state`` takes either.
Weights come in Keras's order: cell 0's, then cell 1's, each under its own name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from .._tree_mark import LayerModules
from .base import Layer, forward_parameters
from .cells import DropoutMasks, RecurrentCell, returned_states

States = tuple[torch.Tensor, ...]


def _cell_sizes(cell: Any, index: int) -> tuple[int, ...]:
    """One cell's state sizes as a tuple; TypeError naming the cell when it is no cell."""
    size = getattr(cell, "state_size", None)
    sizes = (size,) if isinstance(size, int) else tuple(size) if isinstance(size, (list, tuple)) else ()
    if not isinstance(cell, nn.Module) or not sizes or not all(isinstance(s, int) and s > 0 for s in sizes):
        raise TypeError(
            f"StackedRNNCells needs cells that are nn.Modules with a state_size (a positive int, or a "
            f"tuple of them) and forward(inputs, states) -> (output, new_states). Received: cells[{index}] "
            f"= {type(cell).__name__} with state_size={size!r}"
        )
    return sizes


class StackedRNNCells(Layer):
    r"""Run ``cells`` one after another at each step, as one cell (Keras's ``StackedRNNCells``).

    At each step, from the input \(x\) and the states \(s^{(0)}, \dots, s^{(L-1)}\) of the
    \(L\) cells \(f_0, \dots, f_{L-1}\):

    \[
    o^{(-1)} = x, \qquad
    \big(o^{(l)}, s'^{(l)}\big) = f_l\big(o^{(l-1)}, s^{(l)}\big), \qquad
    \text{output} = o^{(L-1)}
    \]

    so cell \(l\) reads cell \(l-1\)'s output of the same step.

    Args:
        cells: a non-empty list of cells (`GRUCell`, `LSTMCell`, ... or any ``nn.Module`` with a
            ``state_size`` and ``forward(inputs, states)``).

    Shapes:
        ``forward(inputs (N, F), states)`` -> ``(output (N, o), new_states)``, the output the
        last cell's; ``states`` flat, as below.

    State:
        flat: cell 0's states, then cell 1's, ...; ``state_size`` lists their sizes.

    Example:
        >>> from statefulrnn.layers import GRUCell, LSTMCell, RNN
        >>> stack = StackedRNNCells([GRUCell(3), LSTMCell(2)])
        >>> stack.state_size, stack.cell_state_sizes
        ((3, 2, 2), [3, (2, 2)])
        >>> RNN(stack, return_sequences=True)(torch.zeros(4, 5, 6)).shape
        torch.Size([4, 5, 2])
    """

    def __init__(self, cells: Sequence[nn.Module], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)) or not cells:
            raise TypeError(f"StackedRNNCells needs a non-empty list of cells. Received: cells={cells!r}")
        self._sizes = [_cell_sizes(cell, index) for index, cell in enumerate(cells)]
        self.cells = LayerModules(cells)

    @property
    def state_size(self) -> tuple[int, ...]:
        """Every cell's state sizes, flat, in order."""
        return tuple(size for sizes in self._sizes for size in sizes)

    @property
    def cell_state_sizes(self) -> list[int | tuple[int, ...]]:
        """Keras's nested ``state_size``: one entry per cell, as that cell declares it."""
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> int:
        return _output_size(self.cells[-1], self._sizes[-1])

    @property
    def output_state_index(self) -> int | None:
        """Where the last cell's output state lies among the flat states, or None (see
        `RecurrentCell`)."""
        index = getattr(self.cells[-1], "output_state_index", None)
        return None if index is None else len(self.state_size) - len(self._sizes[-1]) + index

    def nest_states(self, states: Sequence[Any]) -> list[Any]:
        """Flat states -> Keras's nesting: per cell, its state (one-state cells, declared with an
        int ``state_size``) or the list of its states."""
        nested, offset = [], 0
        for cell, sizes in zip(self.cells, self._sizes):
            own = list(states[offset : offset + len(sizes)])
            nested.append(own[0] if isinstance(cell.state_size, int) else own)
            offset += len(sizes)
        return nested

    def flatten_states(self, states: Sequence[Any]) -> list[Any]:
        """Keras's nested per-cell states (or already flat ones) -> flat, in order."""
        flat: list[Any] = []
        for item in states:
            flat.extend(item if isinstance(item, (list, tuple)) else [item])
        return flat

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        batch, features = input_shape[0], input_shape[-1]
        for cell, sizes in zip(self.cells, self._sizes):
            if isinstance(cell, Layer):
                cell.build((batch, features))
            features = _output_size(cell, sizes)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, int]:
        return (input_shape[0], self.output_size)

    def dropout_masks(self, batch_size: int, training: bool) -> tuple[DropoutMasks | None, ...] | None:
        """Each built-in cell's masks for this call (one per cell, None where it has none)."""
        masks = tuple(
            cell.dropout_masks(batch_size, training) if isinstance(cell, RecurrentCell) else None
            for cell in self.cells
        )
        return None if all(m is None for m in masks) else masks

    def forward(
        self,
        inputs: torch.Tensor,
        states: Sequence[torch.Tensor],
        dropout_masks: Sequence[DropoutMasks | None] | None = None,
        training: bool | None = None,
    ) -> tuple[torch.Tensor, States]:
        """One step of every cell: ``(output of the last cell, flat new states)``; ``training=True``
        (Keras's, for cells stepped by hand) goes to each cell that takes it, which draws that
        step's dropout masks."""
        x, new_states, offset = inputs, [], 0
        for index, (cell, sizes) in enumerate(zip(self.cells, self._sizes)):
            own = tuple(states[offset : offset + len(sizes)])
            offset += len(sizes)
            masks = None if dropout_masks is None else dropout_masks[index]
            if masks is not None:
                x, returned = cell(x, own, dropout_masks=masks)
            elif training and "training" in forward_parameters(type(cell)):  # not per inference step
                x, returned = cell(x, own, training=training)
            else:
                x, returned = cell(x, own)
            new_states.extend(returned_states(returned))
        return x, tuple(new_states)

    def extra_repr(self) -> str:
        return f"name={self.name!r}, cells={len(self.cells)}"


def _output_size(cell: Any, sizes: tuple[int, ...]) -> int:
    """A cell's output width: its ``output_size``, else its first state's size (Keras's rule)."""
    size = getattr(cell, "output_size", None)
    return size if size is not None else sizes[0]
