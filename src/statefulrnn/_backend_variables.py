"""Keras 2's ``keras.backend`` functions that write and read variables, or print a tensor
(`backend` exports them): ``K.update``, ``K.update_add``, ``K.update_sub``,
``K.batch_get_value``, ``K.batch_set_value`` and ``K.print_tensor``. Hand-written layers keep
running statistics with them, and callbacks set many weights at once::

    K.update(self.moving_mean, self.moving_mean * 0.9 + K.mean(x, axis=0) * 0.1)
    K.batch_set_value(zip(model.weights, saved_arrays))

A variable is what `variable` makes (a `keras.Variable`), a layer's weight (``layer.kernel``, an entry
of ``model.weights``) or a metric's; it changes in place, outside autograd (as a TensorFlow
assignment, which no gradient goes through).

Example:
    >>> from statefulrnn import backend as K
    >>> counter = K.variable(0.0)
    >>> K.update_add(counter, 1.0) is counter, float(counter)
    (True, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import torch

from ._backend_nodes import records_node
from .backend import get_value, set_value


def update(x: Any, new_x: Any) -> Any:
    """Set the variable ``x`` to ``new_x``, in place; ``x`` itself, as tf-keras's assignment.

    Raises:
        ValueError: ``new_x`` not of ``x``'s shape.
        TypeError: ``x`` is no variable (a number).

    Example:
        >>> weight = torch.zeros(2)
        >>> update(weight, [1.0, 2.0]).tolist()
        [1.0, 2.0]
    """
    set_value(x, new_x)
    return x


def update_add(x: Any, increment: Any) -> Any:
    """Add ``increment`` to the variable ``x``, in place; ``x`` itself.

    Example:
        >>> update_add(torch.ones(2), torch.tensor([1.0, 2.0])).tolist()
        [2.0, 3.0]
    """
    return update(x, _value(x) + _like(increment, x))


def update_sub(x: Any, decrement: Any) -> Any:
    """Subtract ``decrement`` from the variable ``x``, in place; ``x`` itself.

    Example:
        >>> update_sub(torch.ones(2), 0.5).tolist()
        [0.5, 0.5]
    """
    return update(x, _value(x) - _like(decrement, x))


def moving_average_update(x: Any, value: Any, momentum: float) -> Any:
    """``x = x * momentum + value * (1 - momentum)``, in place on the variable ``x`` (tf-keras's
    ``x.assign_sub((x - value) * (1 - momentum))``); ``x`` itself.

    Example:
        >>> moving_average_update(torch.zeros(1), 2.0, 0.9).tolist()
        [0.20000000298023224]
    """
    return update_sub(x, (_value(x) - _like(value, x)) * (1 - momentum))


def batch_get_value(tensors: Iterable[Any]) -> list[np.ndarray]:
    """The values of ``tensors`` (variables, weights, tensors) as numpy arrays, one each.

    Example:
        >>> batch_get_value([torch.ones(1), torch.zeros(2)])
        [array([1.], dtype=float32), array([0., 0.], dtype=float32)]
    """
    return [np.asarray(get_value(tensor)) for tensor in tensors]


def batch_set_value(tuples: Iterable[tuple[Any, Any]]) -> None:
    """Set each variable of ``(variable, value)`` pairs to its value (cast to its dtype), in
    place, as `set_value` one after the other.

    Example:
        >>> first, second = torch.zeros(2), torch.zeros(1, dtype=torch.int32)
        >>> batch_set_value([(first, np.ones(2)), (second, [7])])
        >>> first.tolist(), second.tolist()
        ([1.0, 1.0], [7])
    """
    for x, value in tuples:
        set_value(x, value)


def _value(x: Any) -> torch.Tensor:
    """The variable ``x``'s value now, outside autograd (a weight view's or a metric variable's
    ``value``, which reads the weight itself)."""
    if isinstance(x, torch.Tensor):
        return (x.value if hasattr(x, "assign") else x).detach()
    return torch.as_tensor(np.asarray(get_value(x)))


def _like(value: Any, x: Any) -> torch.Tensor:
    """``value`` as a tensor of ``x``'s dtype and device, outside autograd."""
    target = _value(x)
    if isinstance(value, torch.Tensor):
        return value.detach().to(device=target.device, dtype=target.dtype)
    return torch.as_tensor(np.asarray(value), dtype=target.dtype, device=target.device)


@records_node(output_shape=lambda shape: shape)
def print_tensor(x: Any, message: str = "", summarize: int | None = 3) -> Any:
    """Print ``message`` and ``x``'s values as TensorFlow's ``tf.print`` does (nested brackets,
    floats in as few digits as read back the same, the first and last ``summarize`` entries
    of each axis; -1 prints all, None is 3), and give ``x`` back. On a model's symbolic tensor
    it records a node that prints at each call.

    Example:
        >>> _ = print_tensor(torch.tensor([[1.0, 2.5], [3.0, 4.0]]), message="x =")
        x = [[1 2.5]
         [3 4]]
    """
    values = np.asarray(get_value(x))
    ends = 3 if summarize is None else values.size if summarize < 0 else summarize
    print(message, _tf_text(values, ends))
    return x


def _tf_text(values: np.ndarray, ends: int) -> str:
    """``values`` as ``tf.print`` writes them (TensorFlow's ``SummarizeValue``): brackets per
    axis, entries after a space, rows on new lines indented past their brackets, ``...`` for
    the entries past the first and last ``ends`` of an axis."""
    rank = values.ndim

    def text(index: tuple[int, ...]) -> str:
        axis = len(index)
        if axis == rank:
            return _tf_number(values[index])
        size = values.shape[axis]
        spacing = " " if axis == rank - 1 else "\n" * (rank - axis - 1) + " " * (axis + 1)
        head = [text((*index, i)) for i in range(min(ends, size))]
        tail = [text((*index, i)) for i in range(max(ends, size - ends), size)]
        return "[" + spacing.join(head + (["..."] if size > 2 * ends else []) + tail) + "]"

    return text(())


def _tf_number(value: Any) -> str:
    """One entry as TensorFlow writes it: an int or bool as an int, a float in C's ``%g`` with
    the fewest digits of the two TensorFlow tries (6 then 9 for float32, 15 then 17 for
    float64) that read back as the same float."""
    if isinstance(value, (np.bool_, np.integer)):
        return str(int(value))
    kind = np.float64 if value.dtype == np.float64 else np.float32
    if not math.isfinite(float(value)):
        return "nan" if math.isnan(float(value)) else ("inf" if value > 0 else "-inf")
    short, long = (15, 17) if kind is np.float64 else (6, 9)
    text = f"{float(value):.{short}g}"
    return text if kind(text) == kind(value) else f"{float(value):.{long}g}"
