"""Keras 2's ``keras.backend`` functions that are no `ops` on a functional model's symbolic
tensors: `records_node` makes such a function, given a symbolic tensor anywhere among its
arguments (``K.rnn(step, inputs, [K.zeros_like(...)])``, ``K.map_fn(fn, inputs)``), record a
`layers.Lambda` node that calls it on the values when the model is called, as tf-keras wrapped
its backend calls on Keras tensors in a layer of their own. The other arguments (a step function,
a kernel tensor, flags) stay as they are, in the node's closure.

Example:
    >>> from statefulrnn import Input, Model
    >>> @records_node()
    ... def halves(x, divisor=2.0):
    ...     return x / divisor, x - x / divisor
    >>> inputs = Input((3,))
    >>> low, high = halves(inputs)
    >>> low.shape, Model(inputs, high)(torch.ones(1, 3)).tolist()
    ((None, 3), [[0.5, 0.5, 0.5]])
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import torch

from .graph import SymbolicTensor, flatten, map_structure


def records_node(output_shape: Any = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The decorator: the function as it is on values, a `layers.Lambda` node on symbolic
    tensors (its output shape ``output_shape``, as `layers.Lambda` takes it, or by default found
    by calling the function on data-less tensors). A function giving a tuple or list gives one
    of symbolic tensors, nested alike."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def recorded(*args: Any, **kwargs: Any) -> Any:
            symbolic = [leaf for leaf in flatten((args, kwargs)) if isinstance(leaf, SymbolicTensor)]
            if not symbolic:
                return function(*args, **kwargs)
            return _node(function, args, kwargs, symbolic, output_shape)

        return recorded

    return decorate


def _node(
    function: Callable[..., Any],
    args: tuple,
    kwargs: dict[str, Any],
    symbolic: list[SymbolicTensor],
    shape: Any,
) -> Any:
    from .layers import Lambda  # the layers import the backend

    structure: list[Any] = [None]  # the result's nesting, learnt when the node finds its shape

    def call(values: Any) -> Any:
        given = iter(values if len(symbolic) > 1 else [values])
        filled = map_structure(
            lambda leaf: next(given) if isinstance(leaf, SymbolicTensor) else leaf, (args, kwargs)
        )
        result = function(*filled[0], **filled[1])
        if isinstance(result, torch.Tensor):
            return result
        structure[0] = result
        return flatten(result)  # a node's outputs are flat; rebuilt below

    outputs = Lambda(call, output_shape=shape)(symbolic if len(symbolic) > 1 else symbolic[0])
    if structure[0] is None:
        return outputs
    flat = iter(outputs)
    return map_structure(lambda _: next(flat), structure[0])
