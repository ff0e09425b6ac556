"""A slot table: the carried states of many streams, one row per slot, gathered and scattered
by index.

Each stateful layer of the model has one tensor per state, ``(capacity, size)``. A stream holds
one slot for its whole life; a batched call gathers the rows of the streams it steps into a
``(k, size)`` batch and scatters the new states back. The table doubles when it runs out of
slots (up to the pool's limit) and reuses the slots of closed streams, lowest first.

Slots are named by int64 numpy arrays, or by a ``slice`` where they are consecutive (one
stream; streams opened together and stepped in that order): there `rows` hands out views, with
no copy, and `scatter` writes back with one block copy. On the CPU the rows move through numpy
views of the tensors: gathered by ``ndarray.take`` (0.4-0.7 of the time of fancy indexing, and
under ``index_select``'s, from 16 to 4096 rows of 64 floats; about equal at 256 floats) and
scattered by fancy assignment (0.4-0.6 of ``index_copy_``'s time).

Example:
    >>> table = SlotTable({"gru": (4,)}, capacity=2)
    >>> first, second = table.allocate(), table.allocate()
    >>> table.scatter(np.array([second]), {"gru": (torch.ones(1, 4),)})
    >>> table.gather(np.array([first, second]))["gru"][0].sum(dim=1)
    tensor([0., 4.])
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

# {layer path: one tensor per state}, each (rows, size): the layout of `get_states`.
LayerStates = dict[str, tuple[torch.Tensor, ...]]
# Which rows: consecutive ones as a slice, any others as an int64 array.
Rows = slice | np.ndarray


class SlotTable:
    """State rows for streams, by slot.

    Args:
        sizes: ``{layer path: state widths}`` (LSTM: ``(u, u)``).
        capacity: slots to allocate at first; the table grows by doubling.
        dtype, device: of the state tensors (the model's).
    """

    def __init__(
        self,
        sizes: Mapping[str, tuple[int, ...]],
        capacity: int = 16,
        dtype: torch.dtype = torch.float32,
        device: torch.device | str = "cpu",
    ) -> None:
        self.sizes = dict(sizes)
        self.capacity = capacity
        self.tensors: LayerStates = {
            path: tuple(torch.zeros(capacity, size, dtype=dtype, device=device) for size in widths)
            for path, widths in self.sizes.items()
        }
        # numpy views of ``tensors``, one tuple per layer in path order (None off the CPU or in
        # a dtype numpy lacks); made again when the table grows.
        self.views = self._numpy_views()
        self._free = list(range(capacity))  # a heap: the lowest free slot first

    def allocate(self) -> int:
        """A free slot with zero states, growing the table when none is left."""
        if not self._free:
            self._grow(2 * self.capacity)
        return heapq.heappop(self._free)

    def release(self, slot: int) -> None:
        """Give ``slot`` back; its rows are zeroed so the next stream starts fresh."""
        self.zero(np.array([slot]))
        heapq.heappush(self._free, slot)

    def zero(self, slots: np.ndarray) -> None:
        """Zero the states of ``slots (k,)``."""
        for tensors in self.tensors.values():
            for tensor in tensors:
                tensor[torch.from_numpy(slots).to(tensor.device)] = 0

    def gather(self, slots: Rows) -> LayerStates:
        """The states of ``slots`` (``k`` of them): ``{path: ((k, size), ...)}``, copies."""
        return {
            path: tuple(_take(tensor, slots) for tensor in tensors) for path, tensors in self.tensors.items()
        }

    def rows(self, slots: Rows) -> list[tuple[np.ndarray, ...]]:
        """The states of ``slots`` as numpy arrays, one tuple per layer in path order: views for a
        slice (which `ModelRunner.run` may step in place), copies for an index array. CPU float
        tables only."""
        if isinstance(slots, slice):
            return [tuple([view[slots] for view in views]) for views in self.views]
        # take: 0.4-0.7 of the time of view[slots] for 16-4096 rows of 64 floats, equal at 256
        return [tuple([view.take(slots, axis=0) for view in views]) for views in self.views]

    def scatter(self, slots: Rows, states: dict[str, tuple[Any, ...]] | list[tuple[Any, ...]]) -> None:
        """Write ``states`` (``(k, size)`` tensors, or arrays on the CPU; by path, or a list in path
        order as `rows` gives) into ``slots``."""
        values = states.values() if isinstance(states, dict) else states
        if self.views is not None:
            for views, layer in zip(self.views, values):
                for view, value in zip(views, layer):
                    view[slots] = value if type(value) is np.ndarray else value.numpy()
            return
        for tensors, layer in zip(self.tensors.values(), values):
            for tensor, value in zip(tensors, layer):
                rows = slots if isinstance(slots, slice) else torch.from_numpy(slots).to(tensor.device)
                tensor[rows] = value.to(tensor.dtype)

    @property
    def device(self) -> torch.device:
        return next(iter(self.tensors.values()))[0].device

    def _numpy_views(self) -> list[tuple[np.ndarray, ...]] | None:
        """numpy views sharing the tensors' memory, in path order, where numpy can hold them."""
        first = next(iter(self.tensors.values()))[0]
        if first.device.type != "cpu" or first.dtype not in (torch.float32, torch.float64):
            return None
        return [tuple(tensor.numpy() for tensor in tensors) for tensors in self.tensors.values()]

    def _grow(self, capacity: int) -> None:
        for path, tensors in self.tensors.items():
            self.tensors[path] = tuple(
                torch.cat([tensor, tensor.new_zeros(capacity - self.capacity, tensor.shape[1])])
                for tensor in tensors
            )
        self.views = self._numpy_views()
        for slot in range(self.capacity, capacity):
            heapq.heappush(self._free, slot)
        self.capacity = capacity


def _take(tensor: torch.Tensor, slots: Rows) -> torch.Tensor:
    if isinstance(slots, slice):
        return tensor[slots].clone()
    return tensor.index_select(0, torch.from_numpy(slots).to(tensor.device))


def rows_of(slots: np.ndarray) -> Rows:
    """``slots`` as a slice where they are consecutive and ascending, else as they are."""
    if (
        len(slots)
        and slots[-1] - slots[0] == len(slots) - 1
        and (len(slots) == 1 or (np.diff(slots) == 1).all())
    ):
        return slice(int(slots[0]), int(slots[-1]) + 1)
    return slots


__all__ = ["LayerStates", "Rows", "SlotTable", "rows_of"]
