"""Keras 2's control-flow functions of ``keras.backend`` (`backend` exports them): the learning
phase's choice (``K.in_train_phase``, ``K.in_test_phase``) and the loops over a tensor's first
axis (``K.map_fn``, ``K.foldl``, ``K.foldr``), which hand-written layers call in ``call``::

    dropped = K.in_train_phase(K.dropout(x, 0.5), x, training=training)
    per_sample = K.map_fn(lambda row: K.dot(row, self.kernel), x)

The loops run eagerly, one slice at a time (TensorFlow built a graph loop); given a functional
model's symbolic tensor, each records a `layers.Lambda` node that runs the loop when the model
is called. Where tf-keras reads its layer call's ``training`` flag, ``in_train_phase`` reads
`backend.learning_phase` (0 unless ``set_learning_phase`` set it): a layer passes its own
``training`` on.

Example:
    >>> from statefulrnn import backend as K
    >>> K.foldl(lambda total, row: total + row, torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor([4., 6.])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from . import ops
from ._backend_math import switch
from ._backend_nodes import records_node
from .backend import learning_phase


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` when training, else ``alt`` (either may be a function of no arguments, and only the
    one picked is called). ``training`` is a bool, 0 or 1, or a scalar tensor; None takes
    `learning_phase` (0, so ``alt``, unless ``set_learning_phase(1)``; tf-keras would read the
    enclosing layer call's ``training``: pass it on).

    Example:
        >>> in_train_phase(lambda: "dropped", "kept", training=True), in_train_phase("dropped", "kept")
        ('dropped', 'kept')
    """
    if training is None:
        training = learning_phase()
    return switch(training, x, alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` when not training, else ``alt``: `in_train_phase` with the two swapped.

    Example:
        >>> in_test_phase("kept", "dropped"), in_test_phase("kept", "dropped", training=1)
        ('kept', 'dropped')
    """
    return in_train_phase(alt, x, training=training)


@records_node()
def map_fn(fn: Callable[[Any], Any], elems: Any, name: str | None = None, dtype: Any = None) -> Any:
    """``fn`` of each slice of ``elems`` along its first axis, the results stacked (``elems`` a
    tensor, or a tuple or list of them sliced together; ``fn`` may return a tuple or list of
    tensors, stacked each); ``dtype``, where given, is the results' dtype.

    Shapes:
        ``elems (T, ...)`` -> ``(T, ...)`` of what ``fn`` returns.

    Example:
        >>> map_fn(lambda row: row.sum(), torch.ones(3, 2))
        tensor([2., 2., 2.])
    """
    stacked = ops.map(fn, _sliceable(elems))
    if dtype is None:
        return stacked
    if isinstance(stacked, (list, tuple)):
        return type(stacked)(ops.cast(part, dtype) for part in stacked)
    return ops.cast(stacked, dtype)


def foldl(fn: Callable[[Any, Any], Any], elems: Any, initializer: Any = None, name: str | None = None) -> Any:
    """``fn(accumulator, slice)`` over the slices of ``elems`` along its first axis, first to
    last, starting from ``initializer`` (``elems[0]`` for None, then from the second slice).

    Example:
        >>> foldl(lambda total, row: total * row, torch.tensor([1.0, 2.0, 3.0]), torch.tensor(10.0))
        tensor(60.)
    """
    return _fold(fn, elems, initializer, name, reverse=False)


def foldr(fn: Callable[[Any, Any], Any], elems: Any, initializer: Any = None, name: str | None = None) -> Any:
    """``fn(accumulator, slice)`` over the slices of ``elems`` along its first axis, last to
    first, starting from ``initializer`` (``elems[-1]`` for None, then from the one before).

    Example:
        >>> foldr(lambda text, row: text + str(int(row)), torch.tensor([1, 2, 3]), initializer="")
        '321'
    """
    return _fold(fn, elems, initializer, name, reverse=True)


@records_node()
def _fold(
    fn: Callable[[Any, Any], Any], elems: Any, initializer: Any, name: str | None, reverse: bool
) -> Any:
    slices = list(_sliceable(elems))
    if reverse:
        slices.reverse()
    if initializer is None:
        if not slices:
            raise ValueError(
                f"{'foldr' if reverse else 'foldl'}: elems has no slices and no initializer was given; "
                "give initializer= to fold an empty tensor."
            )
        initializer, slices = slices[0], slices[1:]
    accumulator = initializer
    for piece in slices:
        accumulator = fn(accumulator, piece)
    return accumulator


def _sliceable(elems: Any) -> Any:
    """``elems`` as tensors to slice along the first axis: a tuple or list of them as the tuple
    or list of their slices at each index (tf's nested ``elems``)."""
    if isinstance(elems, (list, tuple)):
        parts = [ops.convert_to_tensor(part) for part in elems]
        return [type(elems)(row) for row in zip(*parts)]
    return elems if isinstance(elems, torch.Tensor) else ops.convert_to_tensor(elems)
