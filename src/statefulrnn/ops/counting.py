"""Keras 3's ops that compare a tensor's values with each other: its distinct values
(`unique`), how many fall in each bin (`histogram`) and which are the k smallest
(`argpartition`).

Indices and counts are int32, as Keras's. The shape of `unique`'s output depends on the values,
so it runs eagerly only (on a model's symbolic tensors it asks for a layer), unless ``size``
fixes it.

Example:
    >>> from statefulrnn import ops
    >>> ops.unique(torch.tensor([3, 1, 2, 1, 3]), return_counts=True)
    (tensor([1, 2, 3]), tensor([2, 1, 2], dtype=torch.int32))
    >>> ops.histogram(torch.tensor([0.0, 0.5, 1.0, 4.0]), bins=2)[0]
    tensor([3., 1.])
"""

from __future__ import annotations

from typing import Any

import torch

from .numpy import _tensor


def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: int | None = None,
    size: int | None = None,
    fill_value: Any = None,
) -> torch.Tensor | tuple[torch.Tensor, ...]:
    """The distinct values of ``x`` (flattened), or its distinct slices along ``axis``, as
    Keras 3's ``ops.unique`` (NumPy's ``np.unique``).

    Args:
        x: a tensor.
        sorted: ascending (rows along ``axis`` compared lexicographically), else in the order
            of their first occurrence.
        return_index: also the index of each value's first occurrence (int32).
        return_inverse: also, for each element of ``x`` (each slice along ``axis``), the index
            of its value among the outputs (int32; ``x``'s shape when flattened).
        return_counts: also how often each value occurs (int32).
        axis: None to flatten ``x``, else the axis whose slices are the elements.
        size: a fixed number of outputs: the first ``size`` values, or the values padded with
            ``fill_value`` (0 by default), their indices with 1 and their counts with 0, as
            Keras pads them.

    Returns:
        The values, then the indices, inverse and counts asked for (a tuple when more than one).

    Example:
        >>> unique(torch.tensor([[1, 0], [0, 1], [1, 0]]), axis=0)
        tensor([[0, 1],
                [1, 0]])
    """
    x = _tensor(x)
    flat = axis is None
    if not flat:
        axis = _axis(axis, x.ndim)
    data = x.reshape(-1) if flat else x.movedim(axis, 0)
    values, inverse, counts = torch.unique(data, sorted=True, return_inverse=True, return_counts=True, dim=0)
    # first occurrences: the smallest position that maps to each value
    positions = torch.arange(data.shape[0], device=x.device)
    first = torch.full((values.shape[0],), data.shape[0], dtype=positions.dtype, device=x.device)
    first = first.scatter_reduce(0, inverse, positions, "amin")
    if not sorted:  # in order of first occurrence
        order = torch.argsort(first)
        values, first, counts = values[order], first[order], counts[order]
        inverse = torch.argsort(order)[inverse]
    if size is not None:
        values, first, counts = _sized(values, first, counts, size, fill_value)
    if not flat:
        values = values.movedim(0, axis)
    outputs = [values]
    if return_index:
        outputs.append(first.to(torch.int32))
    if return_inverse:
        outputs.append((inverse.reshape(x.shape) if flat else inverse).to(torch.int32))
    if return_counts:
        outputs.append(counts.to(torch.int32))
    return tuple(outputs) if len(outputs) > 1 else values


def _axis(axis: int, ndim: int) -> int:
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for a tensor of rank {ndim}.")
    return axis % max(ndim, 1)


def _sized(
    values: torch.Tensor, first: torch.Tensor, counts: torch.Tensor, size: int, fill_value: Any
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """`unique`'s outputs cut or padded to ``size`` along their first axis."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ValueError(f"size must be a non-negative integer or None. Received: size={size!r}")
    missing = size - values.shape[0]
    if missing <= 0:
        return values[:size], first[:size], counts[:size]
    fill = 0 if fill_value is None else fill_value
    padding = torch.full((missing, *values.shape[1:]), fill, dtype=values.dtype, device=values.device)
    return (
        torch.cat([values, padding]),
        torch.cat([first, first.new_ones(missing)]),
        torch.cat([counts, counts.new_zeros(missing)]),
    )


def histogram(
    x: Any, bins: int = 10, range: tuple[float, float] | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """How many values of ``x`` fall in each of ``bins`` equal bins from ``range`` (``x``'s
    smallest and largest value by default), as Keras 3's ``ops.histogram``: each bin holds
    its lower edge, the last its upper edge too; values outside ``range`` are not counted.

    Returns:
        ``counts (bins,)`` and ``edges (bins + 1,)``, both in ``x``'s dtype (an integer ``x``'s
        edges truncated to integers, as Keras's).

    Example:
        >>> counts, edges = histogram(torch.tensor([1.0, 2.0, 2.5, 4.0]), bins=3)
        >>> counts.tolist(), edges.tolist()
        ([1.0, 2.0, 1.0], [1.0, 2.0, 3.0, 4.0])
    """
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ValueError(f"bins must be a positive integer. Received: bins={bins!r}")
    x = _tensor(x).reshape(-1)
    low, high = (x.min(), x.max()) if range is None else (torch.tensor(v, dtype=torch.float64) for v in range)
    edges = torch.linspace(float(low), float(high), bins + 1, dtype=torch.float64).to(x.dtype)
    inside = x[(x >= low) & (x <= high)]
    index = torch.searchsorted(edges[1:-1].contiguous(), inside, right=True)
    counts = torch.zeros(bins, dtype=x.dtype, device=x.device)
    return counts.index_add_(0, index, torch.ones_like(inside)), edges


def argpartition(x: Any, kth: int, axis: int | None = -1) -> torch.Tensor:
    """Indices that put the ``kth`` smallest value of ``x`` along ``axis`` (None: flattened) in
    its sorted place, the smaller ones before it and the larger after, as Keras 3's
    ``ops.argpartition`` (NumPy's ``np.argpartition``): the ``kth + 1`` smallest in ascending
    order, then the rest in descending order, ties by position, as Keras on TensorFlow
    orders them. Int32.

    Where Keras on TensorFlow differs: it compares the values truncated to integers, and with
    negative values it can repeat an index and leave another out; here the values are compared
    as they are and every index comes once.

    Example:
        >>> argpartition(torch.tensor([5, -3, 2, -8, 0, 1]), 1).tolist()
        [3, 1, 0, 2, 5, 4]
    """
    x = _tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), -1
    axis = _axis(axis, x.ndim)
    moved = x.movedim(axis, -1)
    length = moved.shape[-1]
    kth = min(max(int(kth), 0), length - 1)  # clipped, as Keras clips it
    smallest = torch.argsort(moved, dim=-1, stable=True)[..., : kth + 1]
    largest_first = torch.argsort(moved, dim=-1, descending=True, stable=True)
    taken = torch.zeros_like(moved, dtype=torch.bool).scatter_(-1, smallest, True)
    rest = largest_first[~taken.gather(-1, largest_first)].reshape(*moved.shape[:-1], length - kth - 1)
    return torch.cat([smallest, rest], dim=-1).movedim(-1, axis).to(torch.int32)


__all__ = ["argpartition", "histogram", "unique"]
