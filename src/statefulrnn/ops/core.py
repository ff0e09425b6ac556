"""Keras 3's core ops on PyTorch tensors: conversion, dtypes, shapes, slices and scatters, and
the control flow (``cond``, ``scan``, loops) a custom layer writes with them.

Values follow Keras's conventions where they differ from PyTorch's: Python ints become int32
tensors and Python floats the floatx dtype (float32 unless `backend.set_floatx` says), numpy
arrays keep their dtype, and indices come back as int32. Control flow runs eagerly, as Keras's
PyTorch backend runs it.

Example:
    >>> from statefulrnn import ops
    >>> ops.convert_to_tensor([1, 2]).dtype, ops.convert_to_tensor([1.0]).dtype
    (torch.int32, torch.float32)
    >>> ops.scan(lambda carry, x: (carry + x, carry * x), 0.0, torch.tensor([1.0, 2.0, 3.0]))
    (tensor(6.), tensor([0., 2., 9.]))
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from .._arrays import tensor_copy
from .._text import is_text, strings, text_of_list
from ..graph import SymbolicTensor, flatten, map_structure
from ..layers.base import default_dtype

# Keras's dtype names and the torch dtypes they stand for.
_DTYPES = {
    name: getattr(torch, name)
    for name in (
        "bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
        "bfloat16", "float16", "float32", "float64", "complex64", "complex128",
    )
}  # fmt: skip
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}


def standardize_dtype(dtype: Any) -> torch.dtype | None:
    """A dtype as Keras names it (``"float32"``), a torch or numpy dtype, or a Python type, as
    a torch dtype; None stays None.

    Raises:
        ValueError: a name that is not a dtype.

    Example:
        >>> standardize_dtype("int32"), standardize_dtype(np.float64), standardize_dtype(float)
        (torch.int32, torch.float64, torch.float32)
    """
    if dtype is None or isinstance(dtype, torch.dtype):
        return dtype
    if dtype is float:
        return default_dtype[0]
    if dtype is int or (type(dtype) is str and dtype == "int"):  # Keras 3's name of Python's int
        return torch.int32
    if dtype is bool:
        return torch.bool
    name = getattr(dtype, "name", dtype)  # a numpy dtype or scalar type
    if not isinstance(name, str):
        name = np.dtype(dtype).name
    if name not in _DTYPES:
        raise ValueError(f"Invalid dtype: {dtype!r}. Expected one of {sorted(_DTYPES)}.")
    return _DTYPES[name]


def dtype(x: Any) -> str:
    """The dtype of ``x`` as Keras names it.

    Example:
        >>> dtype(torch.zeros(2, dtype=torch.float64))
        'float64'
    """
    return _NAMES[convert_to_tensor(x).dtype]


def is_tensor(x: Any) -> bool:
    """Whether ``x`` is a tensor (a torch tensor: arrays are not)."""
    return isinstance(x, torch.Tensor)


def convert_to_tensor(
    x: Any, dtype: Any = None, sparse: bool | None = None, ragged: bool | None = None
) -> torch.Tensor | np.ndarray:
    """``x`` (a tensor, a numpy array, a Python number or nested list) as a tensor: Python ints
    as int32, Python floats as floatx, numpy arrays in their own dtype, cast to ``dtype`` if
    given. A tensor is returned as it is when it has that dtype already. Text (strings, or
    ``dtype="string"``) comes back as a numpy object array of strings, torch having none.

    Raises:
        ValueError: ``sparse=True`` or ``ragged=True`` (dense tensors only here).

    Example:
        >>> convert_to_tensor(np.array([1.5, 2.0]), dtype="float32")
        tensor([1.5000, 2.0000])
    """
    if sparse or ragged:
        raise ValueError(
            "statefulrnn.ops works on dense tensors: sparse=True and ragged=True are not supported."
        )
    if not isinstance(x, torch.Tensor) and (dtype == "string" or (dtype is None and _is_text(x))):
        # torch has no strings: text stays a numpy object array (statefulrnn._text), which a
        # model's call, predict and a TextVectorization take, as Keras's string tensors
        return strings(x, "utf-8", "convert_to_tensor")
    wanted = standardize_dtype(dtype)
    if not isinstance(x, torch.Tensor):
        if isinstance(x, SymbolicTensor):
            raise TypeError(
                f"A functional model's symbolic tensor ({x!r}) has no values to convert: ops given "
                f"one record a node of the model's graph instead; this one needs a layer (a Layer "
                f"subclass whose call() uses ops, or layers.Lambda)."
            )
        array = np.asarray(x)
        if array.dtype.kind == "O" and isinstance(x, (list, tuple)):  # a list of tensors
            x = torch.stack([convert_to_tensor(item) for item in x])
        elif array.dtype.kind not in "biufc":
            raise TypeError(
                f"Expected numbers (a tensor, array or Python number). Received: {type(x).__name__}"
            )
        elif isinstance(x, np.ndarray) or isinstance(x, np.generic):
            x = tensor_copy(array)
        else:  # Python numbers: Keras's int32 and floatx
            default = {"b": torch.bool, "i": torch.int32, "u": torch.int32, "f": default_dtype[0]}
            x = torch.from_numpy(np.array(array)).to(default.get(array.dtype.kind, torch.complex64))
    return x if wanted is None or x.dtype == wanted else x.to(wanted)


def _is_text(x: Any) -> bool:
    """Whether ``x`` is text: a string, bytes, a numpy array of them or a list of them (checked
    without converting a list of tensors)."""
    if isinstance(x, (str, bytes)):
        return True
    if isinstance(x, np.ndarray):
        return is_text(x)
    return text_of_list(x) is not None


def convert_to_numpy(x: Any) -> np.ndarray:
    """``x`` as a numpy array of its own (from any device; a tensor that needs grad is detached)."""
    if isinstance(x, torch.Tensor):
        return np.array(x.numpy(force=True))
    return np.asarray(x)


def cast(x: Any, dtype: Any) -> torch.Tensor:
    """``x`` as a tensor of ``dtype`` (``"float32"``, a torch dtype, ...)."""
    return convert_to_tensor(x, dtype)


def saturate_cast(x: Any, dtype: Any) -> torch.Tensor:
    """``x`` cast to ``dtype`` with its values first clipped to what ``dtype`` holds (255 for a
    value of 300 cast to uint8, where a plain cast wraps around), as Keras's: the limits taken
    in ``x``'s dtype, nudged toward zero where that dtype rounds them past ``dtype``'s range
    (float32 holds int32's largest value only as 2**31, so 3e9 becomes 2147483520; Keras 3.15
    misses that nudge and wraps it to -2**31).

    Example:
        >>> saturate_cast(torch.tensor([-5.0, 300.0, float("inf")]), "uint8")
        tensor([  0, 255, 255], dtype=torch.uint8)
    """
    x, target = convert_to_tensor(x), standardize_dtype(dtype)
    low, high = dtype_range(x.dtype), dtype_range(target)
    bounds = []
    for given, limit, toward in ((low[0], high[0], max), (low[1], high[1], min)):
        bound = torch.tensor(toward(given, limit), dtype=x.dtype, device=x.device)
        # compared exactly (Python numbers): Keras compares in x's dtype, where float32's
        # 2**31 equals int32's 2**31 - 1, and so casts 3e9 to int32's lowest value
        if bound.item() < limit if toward is max else bound.item() > limit:
            bound = torch.nextafter(bound, torch.zeros_like(bound))
        bounds.append(bound)
    return convert_to_tensor(torch.clamp(x, bounds[0], bounds[1]), target)


def dtype_range(dtype: torch.dtype) -> tuple[float | int, float | int]:
    """The lowest and highest values ``dtype`` holds (0 and 1 for bool)."""
    if dtype == torch.bool:
        return 0, 1
    info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
    return info.min, info.max


def shape(x: Any) -> tuple[int, ...]:
    """The shape of ``x`` as a tuple of ints."""
    return tuple(x.shape) if hasattr(x, "shape") else tuple(np.shape(x))


def stop_gradient(variable: Any) -> torch.Tensor:
    """``variable`` cut from the autograd graph: no gradient flows back through it."""
    return convert_to_tensor(variable).detach()


def slice(inputs: Any, start_indices: Sequence[int], shape: Sequence[int]) -> torch.Tensor:
    """The block of ``inputs`` of size ``shape`` starting at ``start_indices`` (one per axis).

    Example:
        >>> slice(torch.arange(12).reshape(3, 4), (1, 1), (2, 2))
        tensor([[ 5,  6],
                [ 9, 10]])
    """
    inputs = convert_to_tensor(inputs)
    starts, sizes = _ints(start_indices, "start_indices"), _ints(shape, "shape")
    _check_block(inputs, starts, sizes, "slice")
    return inputs[tuple(builtins.slice(s, s + n) for s, n in zip(starts, sizes))]


def slice_update(inputs: Any, start_indices: Sequence[int], updates: Any) -> torch.Tensor:
    """A copy of ``inputs`` with the block at ``start_indices`` replaced by ``updates``."""
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    starts = _ints(start_indices, "start_indices")
    _check_block(inputs, starts, tuple(updates.shape), "slice_update")
    out = inputs.clone()
    out[tuple(builtins.slice(s, s + n) for s, n in zip(starts, updates.shape))] = updates
    return out


def scatter(indices: Any, values: Any, shape: Sequence[int]) -> torch.Tensor:
    """A zero tensor of ``shape`` with ``values`` added at ``indices`` ``(k, depth)`` (a repeated
    index adds up, as in Keras).

    Example:
        >>> scatter([[0, 1], [0, 1], [2, 0]], torch.tensor([1.0, 2.0, 5.0]), (3, 2))
        tensor([[0., 3.],
                [0., 0.],
                [5., 0.]])
    """
    values = convert_to_tensor(values)
    out = torch.zeros(tuple(_ints(shape, "shape")), dtype=values.dtype, device=values.device)
    return out.index_put_(_index_tuple(indices, out), values, accumulate=True)


def scatter_update(inputs: Any, indices: Any, updates: Any) -> torch.Tensor:
    """A copy of ``inputs`` with the entries (or slices) at ``indices`` ``(k, depth)`` set to
    ``updates``."""
    inputs = convert_to_tensor(inputs)
    out = inputs.clone()
    return out.index_put_(_index_tuple(indices, out), convert_to_tensor(updates, inputs.dtype))


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[torch.Tensor]:
    """The slices of ``x`` along ``axis``, as a list.

    Raises:
        ValueError: ``num`` given and not the size of that axis.
    """
    x = convert_to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(
            f"unstack: num={num}, but axis {axis} of shape {tuple(x.shape)} has {x.shape[axis]}."
        )
    return list(x.unbind(axis))


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    """``true_fn()`` if ``pred`` holds, else ``false_fn()`` (run eagerly)."""
    return true_fn() if bool(pred) else false_fn()


def switch(index: Any, branches: Sequence[Callable[..., Any]], *operands: Any) -> Any:
    """``branches[index](*operands)``, the index clamped to the branches, as Keras clamps it."""
    chosen = min(max(int(index), 0), len(branches) - 1)
    return branches[chosen](*operands)


def while_loop(
    cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    """Apply ``body`` to ``loop_vars`` while ``cond(*loop_vars)`` holds (at most
    ``maximum_iterations`` times); a tuple or list of variables is unpacked into the calls."""
    several = isinstance(loop_vars, (list, tuple))
    values = tuple(loop_vars) if several else (loop_vars,)
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and bool(cond(*values)):
        result = body(*values)
        values = tuple(result) if several else (result,)
        count += 1
    return values if several else values[0]


def fori_loop(lower: int, upper: int, body_fun: Callable[[int, Any], Any], init_val: Any) -> Any:
    """``init_val`` passed through ``body_fun(i, value)`` for ``i`` from ``lower`` to ``upper - 1``."""
    value = init_val
    for index in range(int(lower), int(upper)):
        value = body_fun(index, value)
    return value


def scan(
    f: Callable[[Any, Any], tuple[Any, Any]], init: Any, xs: Any = None, length: int | None = None,
    reverse: bool = False, unroll: int | bool = 1,
) -> tuple[Any, Any]:  # fmt: skip
    """Keras's (and JAX's) ``scan``: ``carry, y = f(carry, x)`` for each ``x`` along the first
    axis of ``xs`` (or ``length`` times with ``x = None``), returning the last carry and the
    ``y``s stacked (a tuple or list of them stacked each). ``unroll`` is accepted and changes
    nothing (the loop runs eagerly).

    Shapes:
        ``xs`` ``(T, ...)`` -> ``(carry, ys (T, ...))``.
    """
    if xs is None and length is None:
        raise ValueError("scan needs xs, or length when xs is None.")
    steps = length if xs is None else len(xs if not isinstance(xs, (list, tuple)) else xs[0])
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    carry, ys = init, []
    for t in order:
        x = (
            None
            if xs is None
            else (type(xs)(part[t] for part in xs) if isinstance(xs, (list, tuple)) else xs[t])
        )
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    return carry, _stacked(ys)


def associative_scan(f: Callable[[Any, Any], Any], elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    """Keras's (and JAX's) ``associative_scan``: the inclusive scan of ``elems`` (a tensor, or
    a list, tuple or dict of them of one length along ``axis``) under ``f``, which must be
    associative (``f(f(a, b), c) == f(a, f(b, c))``): element ``t`` of the result is ``f``
    folded over elements ``0..t`` (``t..T-1`` with ``reverse``). Computed as JAX does it, in
    about ``2 log2 T`` calls of ``f`` on whole slices (elements paired, the scan of the pairs,
    then the rest filled in), so ``f`` must work on stacks of elements along ``axis``.

    Example:
        >>> associative_scan(lambda a, b: a + b, torch.arange(1.0, 6.0))
        tensor([ 1.,  3.,  6., 10., 15.])
    """
    if not callable(f):
        raise TypeError(f"associative_scan needs a callable f. Received: {f!r}")
    leaves = [convert_to_tensor(leaf) for leaf in flatten(elems)]
    lengths = {leaf.shape[axis] for leaf in leaves}
    if len(lengths) != 1:
        raise ValueError(
            f"associative_scan's elems must have one length along axis {axis}. Received: {lengths}"
        )

    def cut(x: torch.Tensor, start: int | None, stop: int | None, step: int | None = None) -> torch.Tensor:
        return x[(builtins.slice(None),) * (axis % x.ndim) + (builtins.slice(start, stop, step),)]

    def combine(a: list[torch.Tensor], b: list[torch.Tensor]) -> list[torch.Tensor]:
        return [convert_to_tensor(c) for c in flatten(f(_rebuilt(elems, a), _rebuilt(elems, b)))]

    def scanned(parts: list[torch.Tensor]) -> list[torch.Tensor]:
        count = parts[0].shape[axis]
        if count < 2:
            return parts
        odd = scanned(combine([cut(p, 0, -1, 2) for p in parts], [cut(p, 1, None, 2) for p in parts]))
        evens = [cut(p, 2, None, 2) for p in parts]
        even = combine([cut(o, 0, -1) for o in odd] if count % 2 == 0 else odd, evens)
        even = [torch.cat([cut(p, 0, 1), e], dim=axis) for p, e in zip(parts, even)]
        return [_interleaved(e, o, axis) for e, o in zip(even, odd)]

    if reverse:
        leaves = [leaf.flip(axis) for leaf in leaves]
    result = scanned(leaves)
    if reverse:
        result = [leaf.flip(axis) for leaf in result]
    return _rebuilt(elems, result)


def _interleaved(even: torch.Tensor, odd: torch.Tensor, axis: int) -> torch.Tensor:
    """``even[0], odd[0], even[1], odd[1], ...`` along ``axis``."""
    axis %= even.ndim
    shape = list(even.shape)
    shape[axis] = even.shape[axis] + odd.shape[axis]
    out = even.new_empty(shape)
    index = (builtins.slice(None),) * axis
    out[(*index, builtins.slice(0, None, 2))] = even
    out[(*index, builtins.slice(1, None, 2))] = odd
    return out


def _rebuilt(structure: Any, leaves: Sequence[Any]) -> Any:
    """``structure`` (a tensor, or nested lists, tuples and dicts of them) with ``leaves`` in
    place of its tensors, in `flatten`'s order."""
    values = iter(leaves)
    return map_structure(lambda _: next(values), structure)


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    """Keras's ``vectorized_map``: ``function`` of each slice of ``elements`` (a tensor, or a
    list or tuple of them) along axis 0, the results stacked; with ``torch.vmap`` where the
    function allows it, else slice by slice (the same values).

    Example:
        >>> vectorized_map(lambda row: row.sum(), torch.ones(3, 2))
        tensor([2., 2., 2.])
    """
    try:
        if isinstance(elements, (list, tuple)):
            return torch.vmap(lambda *parts: function(type(elements)(parts)))(*elements)
        return torch.vmap(function)(convert_to_tensor(elements))
    except (RuntimeError, ValueError, TypeError, NotImplementedError):  # vmap cannot batch it
        if not isinstance(elements, (list, tuple)):
            return _stacked([function(piece) for piece in elements])
        rows = zip(*elements)
        return _stacked([function(type(elements)(row)) for row in rows])


def map(f: Callable[[Any], Any], xs: Any) -> Any:
    """``f`` applied to each slice of ``xs`` along its first axis, the results stacked."""
    return _stacked([f(x) for x in xs])


def _stacked(ys: list[Any]) -> Any:
    if not ys or ys[0] is None:
        return None
    if isinstance(ys[0], (list, tuple)):
        return type(ys[0])(_stacked(list(parts)) for parts in zip(*ys))
    return torch.stack([convert_to_tensor(y) for y in ys])


def _ints(values: Any, what: str) -> tuple[int, ...]:
    if isinstance(values, torch.Tensor):
        values = values.tolist()
    try:
        return tuple(int(v) for v in values)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a sequence of ints. Received: {values!r}") from None


def _check_block(inputs: torch.Tensor, starts: tuple[int, ...], sizes: tuple[int, ...], what: str) -> None:
    if len(starts) != inputs.ndim or len(sizes) != inputs.ndim:
        raise ValueError(
            f"{what}: one start and one size per axis of the input of shape {tuple(inputs.shape)}. "
            f"Received: start_indices={starts}, shape={sizes}"
        )
    for axis, (start, size, length) in enumerate(zip(starts, sizes, inputs.shape)):
        if start < 0 or size < 0 or start + size > length:
            raise ValueError(
                f"{what}: the block starting at {starts} of size {sizes} leaves the input of shape "
                f"{tuple(inputs.shape)} on axis {axis}."
            )


def _index_tuple(indices: Any, target: torch.Tensor) -> tuple[torch.Tensor, ...]:
    index = convert_to_tensor(indices).to(device=target.device, dtype=torch.long)
    if index.ndim == 1:
        index = index[:, None]
    if index.ndim != 2 or index.shape[1] > target.ndim:
        raise ValueError(
            f"indices must be (k, depth) with depth at most {target.ndim}, the rank of the target. "
            f"Received: indices of shape {tuple(index.shape)}"
        )
    return tuple(index.unbind(1))


__all__ = [
    "associative_scan",
    "cast",
    "cond",
    "convert_to_numpy",
    "convert_to_tensor",
    "dtype",
    "fori_loop",
    "is_tensor",
    "map",
    "saturate_cast",
    "scan",
    "scatter",
    "scatter_update",
    "shape",
    "slice",
    "slice_update",
    "standardize_dtype",
    "stop_gradient",
    "switch",
    "unstack",
    "vectorized_map",
    "while_loop",
]
