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

import numpy as np
import torch

from . import ops
from .backend import floatx, get_value, image_data_format, int_shape
from .graph import SymbolicTensor

# The same function as Keras 3's op, under the same name and with the same defaults.
dot = ops.dot  # NumPy's dot, as tf-keras's: x's last axis against y's second-to-last
ndim = ops.ndim
ones_like = ops.ones_like
squeeze = ops.squeeze
stack = ops.stack
zeros_like = ops.zeros_like


def repeat_elements(x: Any, rep: int, axis: int) -> torch.Tensor:
    """Each slice of ``x`` along ``axis`` repeated ``rep`` times in place: tf-keras's
    ``K.repeat_elements(x, rep, axis)``, its arguments by their names (Keras 3's op calls the
    count ``repeats``).

    Example:
        >>> repeat_elements(torch.tensor([[1, 2]]), rep=2, axis=1).tolist()
        [[1, 1, 2, 2]]
    """
    return ops.repeat(x, rep, axis)


def reshape(x: Any, shape: int | Sequence[int]) -> torch.Tensor:
    """``x`` with shape ``shape`` (one entry may be -1): tf-keras's ``K.reshape(x, shape)``,
    whose argument keeps that name (Keras 3's op calls it ``newshape``)."""
    return ops.reshape(x, shape)


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


def cast(x: Any, dtype: Any) -> torch.Tensor:
    """``x`` as ``dtype`` (bools as 0 and 1, floats to ints toward 0, as ``tf.cast``)."""
    return ops.cast(x, dtype)


def cast_to_floatx(x: Any) -> Any:
    """A tensor cast to floatx; anything else (a number, a list, an array) as a numpy array of it."""
    if isinstance(x, torch.Tensor) or isinstance(x, SymbolicTensor):
        return ops.cast(x, floatx())
    return np.asarray(x, dtype=floatx())


def stop_gradient(variables: Any) -> Any:
    """``variables`` (a tensor, or a list of them) cut from the autograd graph."""
    if isinstance(variables, (list, tuple)):
        return [ops.stop_gradient(v) for v in variables]
    return ops.stop_gradient(variables)


def gather(reference: Any, indices: Any) -> torch.Tensor:
    """The rows of ``reference`` at ``indices`` (its first axis, as ``tf.gather``)."""
    return ops.take(reference, indices, axis=0)


def one_hot(indices: Any, num_classes: int) -> torch.Tensor:
    """Integer ``indices (...)`` as floatx one-hot vectors ``(..., num_classes)``; a class outside
    ``[0, num_classes)`` gives zeros."""
    return ops.one_hot(indices, num_classes)


def tile(x: Any, n: int | Sequence[int]) -> torch.Tensor:
    """``x`` repeated ``n[i]`` times along axis ``i`` (an int ``n`` for a 1-D ``x``).

    Raises:
        ValueError: not one count per axis of ``x`` (``tf.tile`` takes no fewer).
    """
    counts = [n] if isinstance(n, int) else list(n)
    if len(counts) != ops.ndim(x):
        raise ValueError(f"tile: n needs one count per axis of x ({ops.ndim(x)}); got n={n!r}.")
    return ops.tile(x, counts)


def flatten(x: Any) -> torch.Tensor:
    """``x`` as one axis."""
    return ops.reshape(x, (-1,))


def batch_flatten(x: Any) -> torch.Tensor:
    """``x (N, ...)`` as ``(N, product of the other sizes)``."""
    return ops.reshape(x, (-1, int(np.prod(x.shape[1:]))))


def reverse(x: Any, axes: int | Sequence[int]) -> torch.Tensor:
    """``x`` reversed along ``axes`` (one axis or several).

    Example:
        >>> reverse(torch.tensor([[1, 2], [3, 4]]), axes=1).tolist()
        [[2, 1], [4, 3]]
    """
    return ops.flip(x, axis=(axes,) if isinstance(axes, int) else tuple(axes))


def repeat(x: Any, n: int) -> torch.Tensor:
    """A 2-D ``x (N, D)`` repeated ``n`` times along a new axis 1, ``(N, n, D)``, as Keras 2's
    ``RepeatVector``.

    Raises:
        ValueError: ``x`` not 2-D (tf-keras asserts it).

    Example:
        >>> repeat(torch.tensor([[1.0, 2.0]]), 3).shape
        torch.Size([1, 3, 2])
    """
    if ops.ndim(x) != 2:
        raise ValueError(f"repeat: x needs rank 2, (batch, features); got shape {int_shape(x)}.")
    return ops.repeat(ops.expand_dims(x, 1), n, axis=1)


def eye(size: int, dtype: Any = None, name: str | None = None) -> torch.Tensor:
    """The ``size x size`` identity matrix, floatx by default.

    Example:
        >>> eye(2, dtype="int32").tolist()
        [[1, 0], [0, 1]]
    """
    return ops.eye(size, dtype=dtype or floatx())


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = "int32") -> torch.Tensor:
    """``start, start + step, ...`` below ``stop`` (from 0 to ``start`` with one bound, empty for a
    negative one), as ``tf.range``: int32 when the bounds are ints, float32 when one is a
    float; another ``dtype`` than the default ``"int32"`` casts to it, as tf-keras.

    Example:
        >>> arange(4).tolist(), arange(0, 3, 1.5).tolist(), arange(3, dtype="float32").dtype
        ([0, 1, 2, 3], [0.0, 1.5], torch.float32)
    """
    if stop is None and start < 0:
        start = 0
    if dtype == "int32":  # tf.range's own dtype, which tf-keras keeps
        bounds = (start, stop, step)
        dtype = "float32" if any(_is_float(bound) for bound in bounds) else "int32"
    return ops.arange(start, stop, step, dtype=dtype)


def _is_float(value: Any) -> bool:
    """Whether ``value`` is a floating number (a Python or numpy float, or a float tensor)."""
    if isinstance(value, (torch.Tensor, np.ndarray)):
        return ops.dtype(value).startswith(("float", "bfloat"))
    return isinstance(value, (float, np.floating))


def zeros(shape: Any, dtype: Any = None, name: str | None = None) -> torch.Tensor:
    """Zeros of ``shape``, floatx by default (tf-keras made a variable of them: `set_value`
    changes a tensor in place too)."""
    return ops.zeros(shape, dtype or floatx())


def ones(shape: Any, dtype: Any = None, name: str | None = None) -> torch.Tensor:
    """Ones of ``shape``, floatx by default."""
    return ops.ones(shape, dtype or floatx())


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str | None = None) -> torch.Tensor:
    """``value`` as a tensor of ``dtype`` (floatx by default); with ``shape``, a single value fills
    it and more values are laid out in it (``tf.constant``'s rule).

    Raises:
        ValueError: as many values as neither 1 nor the shape's size.
    """
    tensor = ops.convert_to_tensor(np.asarray(value), dtype or floatx())
    if shape is None:
        return tensor
    size = int(np.prod(shape))
    if tensor.numel() == 1:
        return tensor.reshape(()).expand(*shape).clone()
    if tensor.numel() != size:
        raise ValueError(
            f"constant: {tensor.numel()} values cannot fill shape {tuple(shape)} ({size} elements)."
        )
    return tensor.reshape(tuple(shape))


def variable(value: Any, dtype: Any = None, name: str | None = None, constraint: Any = None) -> torch.Tensor:
    """``value`` as a new trainable variable of ``dtype`` (floatx by default), as tf-keras's
    ``tf.Variable``: a `Variable` (``keras.Variable``), which `set_value` changes in place,
    `eval` / `get_value` read, and a layer that holds it as an attribute trains and saves as one
    of its weights (Keras 2 layers made theirs so: ``self.W = K.variable(init(shape))`` in
    ``build``, richliao's HAN attention)."""
    from .layers.keras_parameter import Variable

    return Variable(np.asarray(value), dtype=dtype or floatx(), name=name or "Variable")


def eval(x: Any) -> Any:
    """``x``'s values as numpy (`get_value`)."""
    return get_value(x)


def shape(x: Any) -> Any:
    """``x``'s shape as an int32 tensor (``tf.shape``: ``K.shape(x)[0]`` is the batch size); a
    functional model's symbolic tensor's as a tuple, None for the batch."""
    if isinstance(x, SymbolicTensor):
        return ops.shape(x)
    # On the CPU, whatever the default device: a model file's dry build on the "meta" device
    # (`io._cost`) runs a layer's K.arange(K.shape(x)[-1]), which needs the size's value.
    return torch.tensor(ops.shape(x), dtype=torch.int32, device="cpu")


def dtype(x: Any) -> str:
    """``x``'s dtype name (``"float32"``)."""
    return ops.dtype(x)


def count_params(x: Any) -> int:
    """The number of values in ``x`` (a weight)."""
    return int(np.prod(int_shape(x)))


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a functional model's symbolic tensor (an ``Input`` or a layer's output
    on one) rather than a tensor with values.

    Raises:
        ValueError: ``x`` is neither (tf-keras refuses arrays and numbers too).
    """
    if isinstance(x, SymbolicTensor):
        return True
    if isinstance(x, torch.Tensor):
        return False
    raise ValueError(f"is_keras_tensor: expected a symbolic tensor or a tensor; got {type(x).__name__}.")


def bias_add(x: Any, bias: Any, data_format: str | None = None) -> torch.Tensor:
    """``x`` plus ``bias`` on its channels: a 1-D ``bias`` on the last axis (the second for
    ``"channels_first"``), or a ``bias`` of ``x``'s shape without the batch.

    Raises:
        ValueError: an unknown ``data_format``, or a ``bias`` of rank neither 1 nor ``x``'s - 1.
    """
    data_format = data_format or image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            f"bias_add: unknown data_format {data_format!r}; expected channels_first or channels_last."
        )
    bias_shape, rank = int_shape(bias), ops.ndim(x)
    if len(bias_shape) not in (1, rank - 1):
        raise ValueError(
            f"bias_add: bias of rank {len(bias_shape)}; expected 1 or {rank - 1} (x has rank {rank})."
        )
    if data_format == "channels_last":
        return ops.add(x, bias if len(bias_shape) == 1 else ops.expand_dims(bias, 0))
    if len(bias_shape) == 1:  # channels on axis 1
        return ops.add(x, ops.reshape(bias, (1, bias_shape[0]) + (1,) * (rank - 2)))
    return ops.add(x, ops.reshape(bias, (1, bias_shape[-1], *bias_shape[:-1])))
