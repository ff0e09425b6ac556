"""Keras 2's tensor functions of ``keras.backend`` that hand-written layers call: ``K.dot``,
``K.batch_dot``, ``K.tanh``, ``K.softmax``, ``K.squeeze``, ``K.expand_dims``, ``K.sum``,
``K.permute_dimensions``, ... (`backend` exports them).

The typical Keras 2 attention layer computes its scores with them inside ``call``::

    e = K.squeeze(K.tanh(K.dot(x, self.W) + self.b), axis=-1)   # (batch, steps)
    a = K.expand_dims(K.softmax(e), axis=-1)                     # (batch, steps, 1)
    return K.sum(x * a, axis=1)                                  # (batch, features)

Most are `ops` functions under their tf-keras names (so a functional model's symbolic tensors
record nodes as with ``ops``); these differ from ``ops`` as tf-keras's do: `expand_dims` and
`concatenate` default to the last axis, `sqrt` clips negative inputs to 0 first, `transpose`
reverses every axis, `permute_dimensions` takes the pattern, and `batch_dot` is Keras 2's own
batched product (on real tensors only: tf-keras had it reshape by the batch size).

Example:
    >>> from statefulrnn import backend as K
    >>> x = torch.ones(2, 3, 4)
    >>> K.dot(x, torch.ones(4, 1)).shape, K.batch_dot(x, torch.ones(2, 4), axes=(2, 1)).shape
    (torch.Size([2, 3, 1]), torch.Size([2, 3]))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from . import ops

# The same function as Keras 3's op, under the same name and with the same defaults.
abs = ops.abs
dot = ops.dot  # NumPy's dot, as tf-keras's: x's last axis against y's second-to-last
exp = ops.exp
log = ops.log
max = ops.max
mean = ops.mean
min = ops.min
reshape = ops.reshape
sigmoid = ops.sigmoid
softmax = ops.softmax
square = ops.square
squeeze = ops.squeeze
sum = ops.sum
tanh = ops.tanh


def expand_dims(x: Any, axis: int = -1) -> torch.Tensor:
    """``x`` with a new axis of size 1 at ``axis`` (the last by default, as tf-keras)."""
    return ops.expand_dims(x, axis)


def concatenate(tensors: Sequence[Any], axis: int = -1) -> torch.Tensor:
    """``tensors`` joined along ``axis`` (the last by default, as tf-keras)."""
    return ops.concatenate(tensors, axis=axis)


def permute_dimensions(x: Any, pattern: Sequence[int]) -> torch.Tensor:
    """``x`` with its axes in the order ``pattern`` (``(0, 2, 1)`` swaps the last two)."""
    return ops.transpose(x, pattern)


def transpose(x: Any) -> torch.Tensor:
    """``x`` with its axes reversed (tf-keras's ``K.transpose``, for a matrix its transpose)."""
    return ops.transpose(x)


def sqrt(x: Any) -> torch.Tensor:
    """The square root of ``x`` clipped below at 0, as tf-keras (a negative input gives 0)."""
    return ops.sqrt(ops.maximum(x, 0.0))


def batch_dot(x: Any, y: Any, axes: int | Sequence[int] | None = None) -> torch.Tensor:
    """Keras 2's batched product: for each sample, ``x``'s axis ``axes[0]`` summed against
    ``y``'s axis ``axes[1]``; the result has ``x``'s other axes, then ``y``'s. By default the
    last axis of ``x`` against the last of a 2-D ``y``, else ``y``'s second-to-last. An axis
    added to a 2-D operand is removed again, so two ``(batch, n)`` give ``(batch, 1)``.

    Example: ``x (32, 20, 1)``, ``y (32, 30, 20)``, ``axes=(1, 2)`` give ``(32, 1, 30)``.

    Raises:
        ValueError: an operand of rank below 2, a tuple of axes per operand, axis 0 (the
            batch), or axes of different sizes.
    """
    x, y = torch.as_tensor(x), torch.as_tensor(y)
    x_ndim, y_ndim = x.ndim, y.ndim
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(
            f"batch_dot: both operands need rank 2 or more; got shapes {tuple(x.shape)}, {tuple(y.shape)}."
        )
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2)
    if any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError(f"batch_dot: one axis per operand is supported, as in Keras; got axes={axes}.")
    a0, a1 = axes[0] % x_ndim, axes[1] % y_ndim
    if 0 in (a0, a1):
        raise ValueError(
            "batch_dot: axis 0 is the batch and cannot be summed over; add one with expand_dims(x, 0)."
        )
    if x.shape[a0] != y.shape[a1]:
        raise ValueError(
            f"batch_dot: x.shape[{a0}] != y.shape[{a1}] ({x.shape[a0]} != {y.shape[a1]}) for shapes "
            f"{tuple(x.shape)} and {tuple(y.shape)}."
        )
    # As tf-keras: a 2-D x gains an axis at 1, a 2-D y at 2; the summed axes go last in x and
    # at 1 in y; both are flattened to rank 3 for one batched matmul, then shaped back.
    if x_ndim == 2:
        x, a0 = x.unsqueeze(1), a0 + 1
    if y_ndim == 2:
        y = y.unsqueeze(2)
    x, y = x.movedim(a0, -1), y.movedim(a1, 1)
    batch, x_middle, y_trailing = x.shape[0], x.shape[1:-1], y.shape[2:]
    result = torch.bmm(x.reshape(batch, -1, x.shape[-1]), y.reshape(batch, y.shape[1], -1))
    result = result.reshape(batch, *x_middle, *y_trailing)
    if x_ndim == 2:
        return result.squeeze(1)
    return result.squeeze(-1) if y_ndim == 2 else result
