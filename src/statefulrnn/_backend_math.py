"""Keras 2's arithmetic ``keras.backend`` functions: elementwise math, comparisons,
reductions, activations and crossentropies (`backend` exports them). Hand-written metrics and
losses are made of them::

    def recall_m(y_true, y_pred):
        true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
        possible_positives = K.sum(K.round(K.clip(y_true, 0, 1)))
        return true_positives / (possible_positives + K.epsilon())

Most are `ops` functions under their tf-keras names (so a functional model's symbolic tensors
record nodes as with ``ops``); where tf-keras differs from Keras 3's ``ops``, these follow
tf-keras: `round` rounds halves to even (TensorFlow's ``tf.round``), `clip` raises a number
``max_value`` below ``min_value`` to it and takes None as no bound, `argmax` / `argmin` default
to the last axis and give int64, `cumsum` runs along axis 0, `sqrt` clips negative inputs to 0,
`hard_sigmoid` is ``clip(0.2 x + 0.5, 0, 1)``, `relu` takes ``alpha``, ``max_value`` and
``threshold``, `switch` lines a condition of rank 2 or more up with the leading axes, and
`binary_crossentropy` adds `epsilon` inside its logarithms.

The functions whose result autograd keeps to differentiate them (`exp`, `sigmoid`, `tanh`,
`softmax`, `sqrt`, `relu`, `cumprod`) return a copy of it while gradients flow (`_copy_kept`):
Keras 2 layers write ``a = K.exp(e); a *= mask; a /= K.sum(a, axis=1, keepdims=True)``, where
TensorFlow's immutable tensors make ``*=`` bind a new tensor and torch's change the tensor in
place, here the very one autograd kept, so that ``backward`` failed.

Example:
    >>> from statefulrnn import backend as K
    >>> K.round(torch.tensor([0.5, 1.5, 2.5, -0.5])), K.argmax(torch.tensor([[1.0, 3.0, 3.0]]))
    (tensor([0., 2., 2., -0.]), tensor([1]))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from . import ops
from ._backend_nodes import records_node
from ._epsilon import epsilon
from ._keras_rules import in_compiled_step
from .activations import own_result
from .backend import floatx
from .graph import SymbolicTensor


def _copy_kept(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, whose result, when gradients flow through it, is a copy of the tensor
    autograd keeps to differentiate it, so that ``result *= mask`` changes the copy (see the
    module notes; `activations.own_result`, as Keras's activation functions); a symbolic or
    gradient-free result is returned as it is."""
    return own_result(function, function.__name__, __name__)


# The same function as Keras 3's op, under the same name and with the same defaults.
abs = ops.abs
all = ops.all
any = ops.any
cos = ops.cos
equal = ops.equal
exp = _copy_kept(ops.exp)
greater = ops.greater
greater_equal = ops.greater_equal
less = ops.less
less_equal = ops.less_equal
log = ops.log
max = ops.max
maximum = ops.maximum
mean = ops.mean
min = ops.min
minimum = ops.minimum
not_equal = ops.not_equal
pow = ops.power
prod = ops.prod
round = ops.round  # halves to even, as tf.round
sigmoid = _copy_kept(ops.sigmoid)
sign = ops.sign
sin = ops.sin
softmax = _copy_kept(ops.softmax)
softplus = ops.softplus
softsign = ops.softsign
# integer classes (N, ...) or (N, ..., 1) against (N, ..., C): one loss per row, tf-keras's form
sparse_categorical_crossentropy = ops.sparse_categorical_crossentropy
square = ops.square
std = ops.std  # the population's, as tf.math.reduce_std
sum = ops.sum
tanh = _copy_kept(ops.tanh)
var = ops.var


@_copy_kept
def sqrt(x: Any) -> torch.Tensor:
    """The square root of ``x`` clipped below at 0, as tf-keras (a negative input gives 0)."""
    return ops.sqrt(ops.maximum(x, 0.0))


def clip(x: Any, min_value: Any, max_value: Any) -> torch.Tensor:
    """``x`` limited to ``[min_value, max_value]``; as tf-keras, a number ``max_value`` below a
    number ``min_value`` is raised to it, and None is no bound on that side.

    Example:
        >>> clip(torch.tensor([-1.0, 0.5, 2.0]), 1.0, 0.0)  # max below min: everything is 1
        tensor([1., 1., 1.])
    """
    numbers = isinstance(min_value, (int, float)) and isinstance(max_value, (int, float))
    if numbers and max_value < min_value:
        max_value = min_value
    if min_value is None and max_value is None:  # torch.clamp needs a bound; tf-keras's are infinite
        min_value = -float("inf")
    return ops.clip(x, min_value, max_value)


def argmax(x: Any, axis: int = -1) -> torch.Tensor:
    """The index of the largest value along ``axis`` (the last by default), as int64 (the first on
    a tie)."""
    return ops.cast(ops.argmax(x, axis), "int64")


def argmin(x: Any, axis: int = -1) -> torch.Tensor:
    """The index of the smallest value along ``axis`` (the last by default), as int64 (the first
    on a tie)."""
    return ops.cast(ops.argmin(x, axis), "int64")


@records_node()
def in_top_k(predictions: Any, targets: Any, k: int) -> torch.Tensor:
    """Whether each row's target class is among its ``k`` largest ``predictions``, as
    ``tf.math.in_top_k``: a tie with the k-th largest counts as in, and a target outside the
    classes (or a row with a non-finite prediction) as out. Keras 3's ``ops.in_top_k`` takes
    the targets first.

    Shapes:
        predictions ``(N, C)``, targets ``(N,)`` ints -> bool ``(N,)``.

    Example:
        >>> in_top_k(torch.tensor([[0.1, 0.5, 0.5], [0.3, 0.2, 0.1]]), torch.tensor([2, 1]), 1)
        tensor([ True, False])
    """
    predictions = ops.convert_to_tensor(predictions)
    targets = ops.convert_to_tensor(targets).to(predictions.device)
    classes = predictions.shape[-1]
    inside = (targets >= 0) & (targets < classes)
    found = ops.in_top_k(ops.where(inside, targets, 0), predictions, k)
    return found & inside & torch.isfinite(predictions).all(dim=-1)


def cumsum(x: Any, axis: int = 0) -> torch.Tensor:
    """The running sum along ``axis`` (the first by default, as tf-keras)."""
    return ops.cumsum(x, axis)


@_copy_kept
def cumprod(x: Any, axis: int = 0) -> torch.Tensor:
    """The running product along ``axis`` (the first by default, as tf-keras)."""
    return ops.cumprod(x, axis)


def l2_normalize(x: Any, axis: int | None = None) -> torch.Tensor:
    """``x / sqrt(max(sum(x^2, axis), 1e-12))`` (TensorFlow's ``l2_normalize``; every axis for
    None)."""
    squares = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return ops.multiply(x, ops.rsqrt(ops.maximum(squares, 1e-12)))


def switch(condition: Any, then_expression: Any, else_expression: Any) -> Any:
    """``then_expression`` where ``condition`` holds, else ``else_expression`` (either may be a
    function of no arguments giving it). A scalar condition picks one whole expression (only
    the picked function is called); a condition of rank 1 broadcasts as NumPy's (against the
    last axis); one of rank 2 or more lines up with the leading axes (``(N, T)`` against
    ``(N, T, F)``), as tf-keras.

    Raises:
        ValueError: ``condition`` of higher rank than ``then_expression``.
    """
    condition = ops.cast(condition, "bool") if not isinstance(condition, SymbolicTensor) else condition
    rank = ops.ndim(condition)
    if rank == 0 and not isinstance(condition, SymbolicTensor):
        picked = then_expression if bool(condition) else else_expression
        return picked() if callable(picked) else picked
    then_expression = then_expression() if callable(then_expression) else then_expression
    else_expression = else_expression() if callable(else_expression) else else_expression
    expression_rank = ops.ndim(then_expression)
    if rank > expression_rank:
        raise ValueError(
            "switch: the rank of `condition` should be at most that of `then_expression` and "
            f"`else_expression`; ndim(condition)={rank}, ndim(then_expression)={expression_rank}."
        )
    if rank > 1:
        for _ in range(expression_rank - rank):
            condition = ops.expand_dims(condition, -1)
    return ops.where(condition, then_expression, else_expression)


@_copy_kept
def relu(x: Any, alpha: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> torch.Tensor:
    """tf-keras's rectifier: ``x`` above ``threshold`` (else 0), capped at ``max_value``, plus
    ``alpha * (x - threshold)`` below ``threshold``.

    Example:
        >>> relu(torch.tensor([-2.0, 1.0, 8.0]), alpha=0.5, max_value=6.0)
        tensor([-1.,  1.,  6.])
    """
    if alpha != 0.0 and max_value is None and threshold == 0:
        return ops.leaky_relu(x, alpha)
    negative_part = ops.relu(ops.negative(x) + threshold) if alpha != 0.0 else None
    if threshold != 0:
        out = ops.multiply(x, ops.cast(ops.greater(x, threshold), _dtype(x)))
    else:
        out = ops.relu(x)
    if max_value is not None:
        out = ops.clip(out, 0.0, max_value)
    return out if negative_part is None else ops.subtract(out, ops.multiply(alpha, negative_part))


def elu(x: Any, alpha: float = 1.0) -> torch.Tensor:
    """``x`` where positive, else ``alpha * (exp(x) - 1)``."""
    return ops.elu(x, alpha)


def hard_sigmoid(x: Any) -> torch.Tensor:
    """tf-keras's ``clip(0.2 x + 0.5, 0, 1)`` (Keras 3's ``ops.hard_sigmoid`` has slope 1/6)."""
    return ops.clip(ops.add(ops.multiply(x, 0.2), 0.5), 0.0, 1.0)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> torch.Tensor:
    """Elementwise ``-(t log(p + eps) + (1 - t) log(1 - p + eps))``, ``p`` the output clipped to
    ``[eps, 1 - eps]`` (tf-keras adds `epsilon` again inside the logs); from logits with
    ``from_logits`` or a sigmoid output (which keeps its logits, as tf-keras's)."""
    if from_logits or getattr(output, "_keras_logits", None) is not None:
        return ops.binary_crossentropy(target, output, from_logits)
    p = ops.clip(output, epsilon(), 1.0 - epsilon())
    positive = ops.multiply(target, ops.log(ops.add(p, epsilon())))
    # In fit's step TensorFlow's graph optimizer folds 1 - p + eps into (1 + eps) - p.
    folded = in_compiled_step()
    other = ops.subtract(1.0 + epsilon(), p) if folded else ops.add(ops.subtract(1.0, p), epsilon())
    negative = ops.multiply(ops.subtract(1.0, target), ops.log(other))
    return ops.negative(ops.add(positive, negative))


def batch_normalization(
    x: Any, mean: Any, var: Any, beta: Any, gamma: Any, axis: int = -1, epsilon: float = 1e-3
) -> torch.Tensor:
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta`` (``beta`` or ``gamma`` may be None),
    as tf-keras's ``batch_normalization`` with given statistics (``tf.nn.batch_normalization``:
    ``x * inv + (beta - mean * inv)``, ``inv = gamma / sqrt(var + epsilon)``); ``mean`` and the
    others broadcast against ``x`` (a 4-D ``x`` takes them along ``axis``, as its fused kernel).

    Example:
        >>> batch_normalization(torch.tensor([3.0]), 1.0, 4.0, 0.5, 2.0, epsilon=0.0).tolist()
        [2.5]
    """
    x = ops.convert_to_tensor(x)
    given = (mean, var, beta, gamma)
    stats = [None if value is None else ops.convert_to_tensor(value, dtype=x.dtype) for value in given]
    if x.ndim == 4:  # the fused kernel's 1-D statistics, along the channels
        shape = [1] * 4
        shape[axis] = -1
        stats = [None if value is None else value.reshape(shape) for value in stats]
    mean, var, beta, gamma = stats
    inv = torch.rsqrt(var + epsilon)
    if gamma is not None:
        inv = inv * gamma
    return x * inv + ((-mean * inv) if beta is None else (beta - mean * inv))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> torch.Tensor:
    """``-sum(t log(p), axis)``, ``p`` the output normalised to sum 1 and clipped (or from
    logits): one loss per row, as Keras 3's op."""
    return ops.categorical_crossentropy(target, output, from_logits, axis)


def _dtype(x: Any) -> str:
    """``x``'s dtype name (floatx for a symbolic tensor or a number)."""
    return floatx() if isinstance(x, SymbolicTensor) or not hasattr(x, "dtype") else ops.dtype(x)
