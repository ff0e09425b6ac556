"""A layer call under a mixed dtype policy (``"mixed_float16"``, ``"mixed_bfloat16"``), as
Keras 3's ``Layer.__call__`` and its ``AutocastScope`` make it.

For the length of the call, the layer is the 16-bit layer it would be with 16-bit weights:

1. its floating inputs (tensors and arrays, nested in lists, tuples and dicts, positional or by
   keyword) are cast to the compute dtype; integer and boolean ones (token ids, masks) are not;
2. each floating weight of the layer, and of the sublayers it holds that compute in the same
   dtype (an RNN reads its cell's weights directly), is replaced by its cast,
   ``weight.to(compute_dtype)``: a differentiable copy, so the gradients reach the float32
   weights; the layer's ``torch_dtype`` says the compute dtype, so what the call makes from it
   (dropout masks, zero states, ``_as_input``) is in that dtype too;
3. so are its floating buffers: a stateful layer's carried states, kept in float32 as Keras
   keeps state variables in the variable dtype, are read in the compute dtype and the new ones
   stored back in float32.

Everything is put back when the call ends, however it ends. A weight made during the call (a
layer built by its first call) is made in float32 and takes part from then on. The weights are
swapped on the layer itself, so one mixed layer is not called from two threads at once (a
float32 one may be).

A model's own call is not cast: its layers cast what each takes, as in Keras, whose functional
models do not convert their inputs (a first layer of float32 takes them as they come).

Keras's layers that keep float32 inside (``BatchNormalization`` and ``LayerNormalization``:
their weights are made with ``autocast=False``) set ``_autocast_weights = False``: their weights
are never cast, they compute in float32 (BatchNormalization on inputs rounded to the compute
dtype first, as Keras autocasts its inputs; LayerNormalization on the inputs as they come, as
its ``autocast`` is off) and their floating outputs are cast to the compute dtype, as Keras's
``ops.cast(outputs, self.compute_dtype)``.

Example:
    >>> from statefulrnn.layers import Dense
    >>> layer = Dense(2, dtype="mixed_float16")
    >>> y = layer(torch.ones(1, 3))
    >>> y.dtype, layer.kernel.dtype, layer.compute_dtype
    (torch.float16, torch.float32, 'float16')
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn

# One entry per mixed call under way in this thread, innermost last: what to put back when it
# ends. A build inside the call adds its new weights to the innermost one.
_CALLS = threading.local()


def _undo_stack() -> list[list[tuple[Any, ...]]]:
    stack = _CALLS.__dict__.get("stack")
    if stack is None:
        stack = _CALLS.stack = []
    return stack


# Where Keras keeps a tensor's mask (see `base.KERAS_MASK`): a cast input keeps it.
_KERAS_MASK = "_keras_mask"


def mixed_call(layer: Any, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call`` (the layer's torch call) run as the layer's mixed policy says (see the module
    notes)."""

    if not layer._autocast_call:
        return call

    def in_compute_dtype(*args: Any, **kwargs: Any) -> Any:
        compute = layer._mixed
        if not layer._autocast_weights:
            return _in_float32(layer, call, compute, args, kwargs)
        args, kwargs = cast_floats(args, compute), cast_floats(kwargs, compute)
        undo: list[tuple[Any, ...]] = []
        calls = _undo_stack()
        calls.append(undo)
        try:
            swap_in(layer, compute, undo)
            return call(*args, **kwargs)
        finally:
            calls.pop()
            put_back(undo)

    return in_compute_dtype


def _in_float32(layer: Any, call: Callable[..., Any], compute: torch.dtype, args: tuple, kwargs: dict) -> Any:
    """A layer that keeps float32 inside (see the module notes): float32 in, compute dtype out."""
    if layer._autocast_inputs:  # rounded to the compute dtype, as Keras's autocast of inputs
        args, kwargs = cast_floats(args, compute), cast_floats(kwargs, compute)
    return cast_floats(call(*cast_floats(args, torch.float32), **cast_floats(kwargs, torch.float32)), compute)


def cast_floats(value: Any, dtype: torch.dtype) -> Any:
    """``value`` with each floating tensor or array in it (lists, tuples and dicts nested) cast
    to ``dtype``; anything else as it is. A cast tensor keeps its Keras mask.

    Example:
        >>> x, ids = torch.ones(2), torch.tensor([1, 2])
        >>> [t.dtype for t in cast_floats([x, ids], torch.float16)]
        [torch.float16, torch.int64]
    """
    if isinstance(value, torch.Tensor):
        if not value.is_floating_point() or value.dtype == dtype:
            return value
        cast = value.to(dtype)
        mask = getattr(value, _KERAS_MASK, None)
        if mask is not None:
            setattr(cast, _KERAS_MASK, mask)
        return cast
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value).to(dtype) if value.dtype.kind == "f" else value
    if type(value) in (list, tuple):
        return type(value)(cast_floats(item, dtype) for item in value)
    if type(value) is dict:
        return {key: cast_floats(item, dtype) for key, item in value.items()}
    return value


def swap_in(layer: nn.Module, compute: torch.dtype, undo: list[tuple[Any, ...]]) -> None:
    """Put the compute-dtype casts of ``layer``'s floating weights and buffers (constants, a
    stateful layer's carried states) in their places, and those of its sublayers that compute
    in ``compute`` too; set their ``torch_dtype`` to it; record in ``undo`` how to put each back."""
    stack = [layer]
    while stack:
        module = stack.pop()
        if module is not layer and not _computes_in(module, compute):
            continue  # a sublayer of another policy: its own call casts what it reads
        torch_dtype = module.__dict__.get("torch_dtype")
        if torch_dtype is not None and torch_dtype != compute:
            undo.append((_dtype_back, module, torch_dtype))
            module.__dict__["torch_dtype"] = compute
        parameters = module._parameters
        for name, weight in parameters.items():
            if weight is not None and weight.is_floating_point() and weight.dtype != compute:
                undo.append((_weight_back, parameters, name, weight))
                parameters[name] = weight.to(compute)
        buffers = module._buffers
        for name, value in buffers.items():
            if value is not None and value.is_floating_point() and value.dtype != compute:
                cast = value.to(compute)
                undo.append((_buffer_back, buffers, name, value, cast, cast._version))
                buffers[name] = cast
        stack.extend(module._modules.values())


def _computes_in(module: nn.Module, compute: torch.dtype) -> bool:
    """Whether the sublayer ``module`` computes in ``compute`` with its weights cast to it: one
    of the same mixed policy, or a torch module (Keras has none: it follows its owner)."""
    mixed = getattr(module, "_mixed", False)
    if mixed is False:  # not a statefulrnn layer
        return True
    return mixed == compute and module._autocast_weights


def put_back(undo: list[tuple[Any, ...]]) -> None:
    """Undo what `swap_in` (and builds during the call) recorded, last first."""
    for entry in reversed(undo):
        entry[0](*entry[1:])


def _weight_back(parameters: dict[str, Any], name: str, weight: torch.Tensor) -> None:
    parameters[name] = weight


def _dtype_back(module: nn.Module, dtype: torch.dtype) -> None:
    module.__dict__["torch_dtype"] = dtype


def _buffer_back(
    buffers: dict[str, Any], name: str, kept: torch.Tensor, cast: torch.Tensor, version: int
) -> None:
    """The buffer as the call left it, in its own dtype: the kept one where the call did not
    touch its cast; what the call stored in its place (a stateful layer's new states), or wrote
    into the cast in place, cast back."""
    current = buffers[name]
    if current is not cast:
        buffers[name] = current.to(kept.dtype)
    elif cast._version != version:
        with torch.no_grad():
            kept.copy_(cast)
        buffers[name] = kept
    else:
        buffers[name] = kept


def build_in_variable_dtype(layer: Any, build: Callable[[], None]) -> None:
    """Run ``build`` (the layer's weights' making) with the layer's ``torch_dtype`` its variable
    dtype, float32, even inside a mixed call; the weights it made then join that call's casts."""
    kept = layer.__dict__.get("torch_dtype")
    layer.__dict__["torch_dtype"] = torch.float32
    try:
        build()
    finally:
        layer.__dict__["torch_dtype"] = kept
    calls = _undo_stack()
    if calls and kept != torch.float32 and layer._autocast_weights:
        swap_in(layer, layer._mixed, calls[-1])
