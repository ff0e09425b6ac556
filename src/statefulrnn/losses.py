"""Losses by Keras's names and with Keras's formulas.

Keras's loss functions (``losses.sparse_categorical_crossentropy(y_true, y_pred,
from_logits=...)``, ``mean_squared_error`` / ``mse``, ``huber``, ``kl_divergence``, ...) with
Keras 3's signatures, and its classes (`CategoricalCrossentropy`, ...) that bind a function's
options. Each formula is written once, in its function; a class calls it. `Loss` is Keras 3's
base class for a loss of a program's own (``call(y_true, y_pred)``), which the built-in
classes share.

A loss function maps ``(y_true, y_pred)`` to per-sample losses ``(N, ...)``, reduced over the
last axis as Keras reduces it, with no batch reduction, as Keras's functions; a loss class
called reduces over the batch as Keras's classes do (its ``reduction``), and gives the
per-sample losses by `per_sample`, which ``fit`` reduces with `batch_loss` (Keras's default
``"sum_over_batch_size"``, with sample weights and step masks). Probabilities are clipped to
``[eps, 1 - eps]`` before a logarithm, as Keras does (``eps``: `backend.epsilon`, the fuzz factor
of every loss here, 1e-7 unless ``set_epsilon`` changed it); ``from_logits=True``, or an output of a
softmax activation (which remembers its logits), uses the numerically stable logit forms, as
Keras on TensorFlow does.

Not provided: Keras's ``circle`` and ``categorical_generalized_cross_entropy``; pass them as your
own callable.

Example:
    >>> mse = get("mse")
    >>> float(reduce_mean(mse(torch.zeros(2, 3), torch.ones(2, 3))))
    1.0
"""

from __future__ import annotations

import functools
import math
import re
import types
import warnings
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import torch
from torch.nn import functional as F

from . import saving
from ._arrays import EagerArray
from ._backend_nodes import records_node
from ._epsilon import epsilon
from ._keras_rules import in_compiled_step, tf_keras_rules
from .ctc import ctc_loss
from .graph import SymbolicTensor

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


# ----- helpers ------------------------------------------------------------------------------


def _tensors(y_true: Any, y_pred: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """``y_pred`` as a float tensor (itself if it is one: it may carry ``_keras_logits``) and
    ``y_true`` cast to its dtype, as Keras's functions convert their arguments."""
    if not isinstance(y_pred, torch.Tensor):
        y_pred = torch.as_tensor(np.asarray(y_pred))
    if not y_pred.is_floating_point():
        y_pred = y_pred.to(torch.get_default_dtype())
    if not isinstance(y_true, torch.Tensor):
        y_true = torch.as_tensor(np.asarray(y_true))
    return y_true.to(dtype=y_pred.dtype, device=y_pred.device), y_pred


def _as_tensor(value: Any) -> Any:
    """``value`` as a tensor of its own dtype (a tensor or a model's symbolic tensor as it is)."""
    return (
        torch.as_tensor(np.asarray(value))
        if isinstance(value, (np.ndarray, list, tuple, int, float))
        else value
    )


def same_rank(y_true: torch.Tensor, y_pred: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Keras's ``squeeze_or_expand_to_same_rank``: where the ranks differ by one and the
    longer has a last axis of 1, squeeze it (or expand the other, when that one is 1-D)."""
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        return (y_true, y_pred.unsqueeze(-1)) if y_pred.ndim == 1 else (y_true.squeeze(-1), y_pred)
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        return (y_true.unsqueeze(-1), y_pred) if y_true.ndim == 1 else (y_true, y_pred.squeeze(-1))
    return y_true, y_pred


def _logits_of(y_pred: torch.Tensor, from_logits: bool, function: str) -> tuple[torch.Tensor, bool]:
    """Keras's ``_get_logits``: an output that remembers its logits (a softmax output, see
    `statefulrnn.activations.softmax`) is used through them, as Keras on TensorFlow does."""
    logits = getattr(y_pred, "_keras_logits", None)
    if logits is None:
        return y_pred, from_logits
    if from_logits:
        warnings.warn(
            f"`{function}` received `from_logits=True`, but the `output` argument was produced by an "
            "activation and thus does not represent logits. Was this intended?",
            stacklevel=3,
        )
    return logits, True


def _check_axis(axis: Any) -> None:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"`axis` must be of type `int`. Received: axis={axis!r} of type {type(axis)}")


def keras_function(function: Callable[..., Any]) -> Callable[..., Any]:
    """Keras's loss or metric function ``function``, which handed no tensor (arrays, lists,
    numbers: a program's baseline, ``np.mean(keras.losses.mean_squared_error(y_valid,
    y_pred))``) gives its values as an `EagerArray`, a numpy array with ``.numpy()``, as
    TensorFlow's eager results go into numpy (a torch tensor's ``mean`` takes no ``axis``, which
    numpy's reductions pass); handed a tensor, a tensor (what ``fit`` and autograd use); handed a
    functional model's symbolic tensor, a symbolic tensor (`records_node`)."""

    @functools.wraps(function)
    def computed(y_true: Any, y_pred: Any, *args: Any, **kwargs: Any) -> Any:
        if type(y_true) is SymbolicTensor or type(y_pred) is SymbolicTensor:
            # a functional model's tensors (a Keras 2 VAE's loss for model.add_loss): a node
            # that computes it when the model runs, as tf-keras's ops on Keras tensors do
            return records_node()(computed)(y_true, y_pred, *args, **kwargs)
        values = function(y_true, y_pred, *args, **kwargs)
        if (
            type(values) is not torch.Tensor
            or isinstance(y_true, torch.Tensor)
            or isinstance(y_pred, torch.Tensor)
        ):
            return values
        return values.numpy().view(EagerArray)

    return computed


# ----- the formulas, as Keras's functions ---------------------------------------------------


@keras_function
def mean_squared_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean((y_true - y_pred)^2, axis=-1)``.

    Shapes:
        ``(N, ..., D)`` both -> ``(N, ...)`` (a target ``(N,)`` for a prediction ``(N, 1)`` is
        taken as ``(N, 1)``, as Keras does).

    Example:
        >>> mean_squared_error(torch.tensor([[0.0, 1.0]]), torch.tensor([[1.0, 1.0]]))
        tensor([0.5000])
    """
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    return (y_true - y_pred).square().mean(dim=-1)


@keras_function
def mean_absolute_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(|y_true - y_pred|, axis=-1)``."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    return (y_true - y_pred).abs().mean(dim=-1)


@keras_function
def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``100 * mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|, axis=-1)``."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    return 100.0 * ((y_true - y_pred) / y_true.abs().clamp(min=epsilon())).abs().mean(dim=-1)


@keras_function
def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2, axis=-1)``."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    difference = (y_pred.clamp(min=epsilon()) + 1).log() - (y_true.clamp(min=epsilon()) + 1).log()
    return difference.square().mean(dim=-1)


@keras_function
def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``: -1 for the same direction,
    0 for orthogonal ones or a zero vector (the inverse norm is capped at 1e7, as Keras's)."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))

    def normalize(x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.square().sum(dim=axis, keepdim=True)).clamp(max=1 / epsilon())

    return -(normalize(y_true) * normalize(y_pred)).sum(dim=axis)


@keras_function
def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> torch.Tensor:
    """``0.5 x^2`` where ``|x| <= delta``, else ``delta |x| - 0.5 delta^2``; mean over the last axis."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    error = y_pred - y_true
    linear = delta * error.abs() - 0.5 * delta**2
    return torch.where(error.abs() <= delta, 0.5 * error.square(), linear).mean(dim=-1)


@keras_function
def log_cosh(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed as ``x + softplus(-2x) - log 2``."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    x = y_pred - y_true
    return (x + F.softplus(-2.0 * x) - math.log(2.0)).mean(dim=-1)


def _hinge_labels(y_true: torch.Tensor) -> torch.Tensor:
    """Labels all in {0, 1} become {-1, 1} (Keras's ``convert_binary_labels_to_hinge``)."""
    return 2.0 * y_true - 1.0 if bool(((y_true == 0) | (y_true == 1)).all()) else y_true


@keras_function
def hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(max(1 - y_true * y_pred, 0), axis=-1)``, labels -1/1 (0/1 converted)."""
    y_true, y_pred = _tensors(y_true, y_pred)
    return (1.0 - _hinge_labels(y_true) * y_pred).clamp(min=0).mean(dim=-1)


@keras_function
def squared_hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(max(1 - y_true * y_pred, 0)^2, axis=-1)``, labels -1/1 (0/1 converted)."""
    y_true, y_pred = _tensors(y_true, y_pred)
    return (1.0 - _hinge_labels(y_true) * y_pred).clamp(min=0).square().mean(dim=-1)


@keras_function
def categorical_hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)`` over the last axis."""
    y_true, y_pred = _tensors(y_true, y_pred)
    positive = (y_true * y_pred).sum(dim=-1)
    negative = ((1.0 - y_true) * y_pred).amax(dim=-1)
    return (negative - positive + 1.0).clamp(min=0)


@keras_function
def kl_divergence(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``sum(t * log(t / p), axis=-1)`` with both clipped to ``[1e-7, 1]``."""
    y_true, y_pred = _tensors(y_true, y_pred)
    t, p = y_true.clamp(epsilon(), 1), y_pred.clamp(epsilon(), 1)
    return (t * (t / p).log()).sum(dim=-1)


@keras_function
def poisson(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)``."""
    y_true, y_pred = _tensors(y_true, y_pred)
    return (y_pred - y_true * (y_pred + epsilon()).log()).mean(dim=-1)


@keras_function
def ctc(y_true: Any, y_pred: Any) -> torch.Tensor:
    """Keras 3's CTC loss: for labels ``y_true (N, L)`` (integers, 0 the blank and the padding
    after each sample's labels) and logits ``y_pred (N, T, C)`` (unnormalized), each sample's
    negative log-likelihood over every alignment of its labels to the ``T`` steps
    (`statefulrnn.ctc.ctc_loss`). ``(N,)``.

    Raises:
        ValueError: tensors of other ranks, or a sample whose labels no alignment reaches (more
            labels, plus a blank between repeats, than steps), whose loss is infinite:
            TensorFlow gives a large finite number there (an artifact of its computation),
            which trains on a meaningless gradient.
    """
    labels, logits = _tensors(y_true, y_pred)
    if labels.ndim != 2 or logits.ndim != 3:
        raise ValueError(
            "The CTC loss takes y_true (batch_size, max_length) of integer labels and y_pred "
            f"(batch_size, steps, classes) of logits. Received: y_true.shape={tuple(labels.shape)}, "
            f"y_pred.shape={tuple(logits.shape)}"
        )
    labels = labels.long()
    steps = torch.full((len(labels),), logits.shape[1], dtype=torch.long)
    lengths = (labels != 0).sum(dim=-1)
    loss = ctc_loss(labels, logits, lengths, steps)
    infinite = torch.isinf(loss.detach())
    if bool(infinite.any()):
        row = int(torch.nonzero(infinite)[0])
        kept = labels[row][: int(lengths[row])]
        repeats = int((kept[1:] == kept[:-1]).sum())
        raise ValueError(
            f"CTC: the labels of sample {row} ({kept.tolist()}) need at least {len(kept) + repeats} steps "
            f"(a blank between repeated labels), but y_pred has {logits.shape[1]}: no alignment exists."
        )
    return loss


@keras_function
def dice(y_true: Any, y_pred: Any, axis: int | tuple[int, ...] | None = None) -> torch.Tensor:
    """Keras's Dice loss: ``1 - 2 sum(t p) / (sum(t) + sum(p) + 1e-7)`` over ``axis`` (default
    None: the whole batch, one number), for overlap of masks or multi-label targets.

    Example:
        >>> dice(torch.tensor([[1.0, 0.0, 1.0]]), torch.tensor([[0.9, 0.2, 0.7]]))
        tensor(0.1579)
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    intersection = (y_true * y_pred).sum(dim=axis)
    return 1 - 2.0 * intersection / (y_true.sum(dim=axis) + y_pred.sum(dim=axis) + epsilon())


@keras_function
def tversky(
    y_true: Any, y_pred: Any, alpha: float = 0.5, beta: float = 0.5, axis: int | tuple[int, ...] | None = None
) -> torch.Tensor:
    """Keras's Tversky loss: ``1 - TP / (TP + alpha sum((1 - p) t) + beta sum(p (1 - t)) +
    1e-7)`` over ``axis`` (default None: the whole batch), ``TP = sum(t p)``; Keras's own
    pairing of ``alpha`` and ``beta`` with the two error sums.

    Example:
        >>> tversky(torch.tensor([[1.0, 0.0, 1.0]]), torch.tensor([[0.9, 0.2, 0.7]]), alpha=0.7, beta=0.3)
        tensor(0.1753)
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    intersection = (y_true * y_pred).sum(dim=axis)
    missed = ((1 - y_pred) * y_true).sum(dim=axis)
    extra = (y_pred * (1 - y_true)).sum(dim=axis)
    return 1 - intersection / (intersection + missed * alpha + extra * beta + epsilon())


class _SoftmaxCrossEntropyWithLogits(torch.autograd.Function):
    """TensorFlow's ``softmax_cross_entropy_with_logits``, which Keras on TensorFlow trains with.

    Value ``-sum(t * log_softmax(z))``; gradient ``softmax(z) - t``, as TensorFlow computes it.
    That is the true gradient when each target row sums to 1 (a distribution, the intended
    use); for rows that do not (the notebook's random targets), the true gradient is
    ``softmax(z) * sum(t) - t``, and Keras trains with TensorFlow's. We follow Keras, so that
    a notebook gives the same numbers here.
    """

    @staticmethod
    def forward(ctx: Any, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        log_p = torch.log_softmax(logits, dim=-1)
        ctx.save_for_backward(log_p, targets)
        return -(targets * log_p).sum(dim=-1)

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor, None]:
        log_p, targets = ctx.saved_tensors
        return grad.unsqueeze(-1) * (log_p.exp() - targets), None


@keras_function
def categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """``-sum(y_true * log(p), axis)``, Keras's.

    With ``from_logits=True``, or when ``y_pred`` comes from a softmax activation (which
    keeps its logits), it is computed from the logits as Keras on TensorFlow computes it (see
    `_SoftmaxCrossEntropyWithLogits`); otherwise from ``p`` normalised to sum 1 and clipped
    to ``[1e-7, 1 - 1e-7]``. ``label_smoothing`` s mixes the targets with the uniform
    distribution: ``t * (1 - s) + s / C``.

    Shapes:
        ``(N, ..., C)`` both (one-hot or distribution targets) -> ``(N, ...)``.

    Example:
        >>> y_true = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
        >>> y_pred = torch.tensor([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])
        >>> categorical_crossentropy(y_true, y_pred)
        tensor([0.0513, 2.3026])
    """
    _check_axis(axis)
    y_true, y_pred = _tensors(y_true, y_pred)
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) "
            f"with num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. "
            "Consider using 'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=2,
        )
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    output, from_logits = _logits_of(y_pred, from_logits, "categorical_crossentropy")
    y_true, output = y_true.movedim(axis, -1), output.movedim(axis, -1)
    if from_logits:
        return _SoftmaxCrossEntropyWithLogits.apply(output, y_true)
    probabilities = output / output.sum(dim=-1, keepdim=True)
    return -(y_true * probabilities.clamp(epsilon(), 1 - epsilon()).log()).sum(dim=-1)


@keras_function
def sparse_categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1
) -> torch.Tensor:
    """Categorical crossentropy with integer class targets, Keras's.

    From probabilities (clipped to ``[1e-7, 1 - 1e-7]`` and renormalised) or, with
    ``from_logits=True`` or a softmax output, from the logits. Targets equal to
    ``ignore_class`` give a loss of 0. Only ``axis=-1`` (Keras on TensorFlow has only that).

    Shapes:
        y_true ``(N, ...)`` or ``(N, ..., 1)``, y_pred ``(N, ..., C)`` -> ``(N, ...)``.

    Example:
        >>> sparse_categorical_crossentropy(torch.tensor([1, 2]),
        ...                                 torch.tensor([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]))
        tensor([0.0513, 2.3026])
    """
    _check_axis(axis)
    if not isinstance(y_pred, torch.Tensor):
        y_pred = torch.as_tensor(np.asarray(y_pred), dtype=torch.get_default_dtype())
    if axis not in (-1, y_pred.ndim - 1):
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    classes = torch.as_tensor(y_true, device=y_pred.device)
    if classes.ndim == y_pred.ndim and classes.shape[-1] == 1:
        classes = classes.squeeze(-1)
    if tuple(classes.shape) != tuple(y_pred.shape[:-1]):
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last dimension: "
            f"target.shape={tuple(classes.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    classes = classes.long()
    valid = None if ignore_class is None else classes != ignore_class
    if valid is not None:
        classes = classes.where(valid, 0)
    output, from_logits = _logits_of(y_pred, from_logits, "sparse_categorical_crossentropy")
    if not from_logits:  # TensorFlow: log of the clipped probabilities, taken as logits
        output = output.clamp(epsilon(), 1 - epsilon()).log()
    losses = -torch.log_softmax(output, dim=-1).gather(-1, classes.unsqueeze(-1)).squeeze(-1)
    return losses if valid is None else losses.where(valid, 0.0)


@keras_function
def binary_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1
) -> torch.Tensor:
    """``-mean(t log p + (1 - t) log(1 - p), axis)`` with ``p`` clipped to ``[1e-7, 1 - 1e-7]``
    (Keras 3's form); with ``from_logits=True``, TensorFlow's stable logit form.
    ``label_smoothing`` s moves the targets towards 0.5: ``t * (1 - s) + 0.5 s``.

    Shapes:
        ``(N, ..., D)`` both -> ``(N, ...)``.

    Example:
        >>> binary_crossentropy(torch.tensor([[0.0, 1.0], [0.0, 0.0]]),
        ...                     torch.tensor([[0.6, 0.4], [0.4, 0.6]]))
        tensor([0.9163, 0.7136])
    """
    _check_axis(axis)
    y_true, y_pred = _tensors(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return binary_crossentropy_values(y_true, y_pred, from_logits).mean(dim=axis)


def binary_crossentropy_values(y_true: Any, y_pred: Any, from_logits: bool = False) -> torch.Tensor:
    """`binary_crossentropy` before its mean: one loss per element (Keras's
    ``ops.binary_crossentropy``). Under tf-keras's rules, tf-keras's form: `epsilon` added again
    inside the logs, ``log(p + eps)`` and ``log(1 - p + eps)``, so an output clipped to ``eps``
    (a ``Dense(1)`` without sigmoid) costs ``log 2`` less than in Keras 3; in a built-in step,
    ``log((1 + eps) - p)``, as TensorFlow's graph optimizer folds it there (`in_compiled_step`).

    Shapes:
        ``(N, ...)`` both -> ``(N, ...)``.
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    output, from_logits = _logits_of(y_pred, from_logits, "binary_crossentropy")
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, y_true, reduction="none")
    eps = epsilon()
    p = output.clamp(eps, 1 - eps)
    if tf_keras_rules():
        negative = (1 + eps) - p if in_compiled_step() else 1 - p + eps
        return -(y_true * (p + eps).log() + (1 - y_true) * negative.log())
    return -(y_true * p.log() + (1 - y_true) * (1 - p).log())


@keras_function
def binary_focal_crossentropy(
    y_true: Any, y_pred: Any, apply_class_balancing: bool = False, alpha: float = 0.25, gamma: float = 2.0,
    from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
) -> torch.Tensor:  # fmt: skip
    """Keras's binary focal crossentropy: `binary_crossentropy`'s terms, each times
    ``(1 - p_t)^gamma`` (``p_t = t p + (1 - t)(1 - p)``), so that well-classified entries count
    less; with ``apply_class_balancing`` also times ``t alpha + (1 - t)(1 - alpha)``; averaged
    over ``axis``. ``from_logits`` takes the sigmoid of ``y_pred`` first.

    Shapes:
        ``(N, ..., D)`` both -> ``(N, ...)``.

    Example:
        >>> binary_focal_crossentropy(torch.tensor([[0.0, 1.0]]), torch.tensor([[0.4, 0.9]]))
        tensor([0.0414])
    """
    _check_axis(axis)
    y_true, y_pred = _tensors(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = torch.sigmoid(y_pred)
    bce = binary_crossentropy_values(y_true, y_pred)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal = (1.0 - p_t).pow(gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return focal.mean(dim=axis)


@keras_function
def categorical_focal_crossentropy(
    y_true: Any, y_pred: Any, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
    label_smoothing: float = 0.0, axis: int = -1,
) -> torch.Tensor:  # fmt: skip
    """Keras's categorical focal crossentropy: ``sum(alpha (1 - p)^gamma (-t log p), axis)``
    with ``p`` the predictions normalized to sum 1 and clipped to ``[1e-7, 1 - 1e-7]`` (the
    softmax of ``y_pred`` with ``from_logits``); ``label_smoothing`` s moves the targets
    towards ``1 / classes``.

    Shapes:
        ``(N, ..., C)`` both -> ``(N, ...)``.

    Example:
        >>> categorical_focal_crossentropy(torch.tensor([[0.0, 1.0]]), torch.tensor([[0.4, 0.6]]))
        tensor([0.0204])
    """
    _check_axis(axis)
    y_true, y_pred = _tensors(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        y_pred = torch.softmax(y_pred, dim=axis)
    output = (y_pred / y_pred.sum(dim=axis, keepdim=True)).clamp(epsilon(), 1.0 - epsilon())
    return (alpha * (1.0 - output).pow(gamma) * (-y_true * output.log())).sum(dim=axis)


# ----- Keras's loss classes: the functions with their options bound -------------------------


_REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


class Reduction:
    """tf-keras's ``keras.losses.Reduction`` (its ``ReductionV2``): the names of the reductions
    a loss class takes, as constants (Keras 3 has none: its programs write the strings).

    Example:
        >>> SparseCategoricalCrossentropy(reduction=Reduction.NONE).reduction
        'none'
        >>> Reduction.all()
        ('auto', 'none', 'sum', 'sum_over_batch_size')
    """

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key: str) -> None:
        """Raises ValueError, as tf-keras's, for a ``key`` not among `all`."""
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')


class Loss:
    """Keras 3's base class of a loss of one's own: write ``call(y_true, y_pred)``, giving the
    loss of each sample (or of each element), and Keras's reduction does the rest.

    Called as Keras calls it, ``loss(y_true, y_pred, sample_weight=None)`` gives the loss reduced
    by its ``reduction`` (default ``"sum_over_batch_size"``: the mean of the per-sample losses,
    each times its weight): a scalar to ``backward()`` in a loop of one's own. `per_sample` gives
    ``call``'s values, which ``fit`` reduces (with sample weights and step masks) as Keras's
    default reduction does; compile refuses another reduction rather than train differently.

    Args:
        name: the loss's name in logs and configs (default: the class's name in snake case).
        reduction: ``"sum_over_batch_size"``, ``"sum"``, ``"mean"``, ``"mean_with_sample_weight"``,
            ``"none"`` or None (Keras 2's ``"auto"`` is the first).
        dtype: the dtype ``call`` gets its inputs in (default: as they come).

    Example:
        >>> class MeanFourth(Loss):
        ...     def call(self, y_true, y_pred):
        ...         return ((y_true - y_pred) ** 4).mean(dim=-1)
        >>> loss = MeanFourth()
        >>> loss.name, float(loss(torch.zeros(2, 3), torch.ones(2, 3)))
        ('mean_fourth', 1.0)
    """

    def __init__(
        self, name: str | None = None, reduction: str | None = "sum_over_batch_size", dtype: Any = None
    ) -> None:
        if reduction == "auto":  # Keras 2's name for the default
            reduction = "sum_over_batch_size"
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"{type(self).__name__}: reduction must be one of {list(_REDUCTIONS)}. "
                f"Received: reduction={reduction!r}"
            )
        self.reduction = reduction
        self.name = name if name is not None else _snake_case(type(self).__name__)
        self.dtype = None if dtype is None else _torch_dtype(dtype)

    def call(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        """The loss of each sample (a subclass's formula)."""
        raise NotImplementedError(f"{type(self).__name__} must define call(y_true, y_pred).")

    def per_sample(self, y_true: Any, y_pred: Any) -> torch.Tensor:
        """``call``'s values, its inputs as tensors (in ``dtype``, if one was given)."""
        y_pred = torch.as_tensor(y_pred)
        if self.dtype is not None:
            y_pred = y_pred.to(self.dtype)
        y_true = torch.as_tensor(y_true, device=y_pred.device)
        if y_true.is_floating_point() or self.dtype is not None:
            y_true = y_true.to(y_pred.dtype)
        return self.call(y_true, y_pred)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> torch.Tensor:
        values = self.per_sample(y_true, y_pred)
        weight = None
        if sample_weight is not None:
            weight = expand_weight(
                torch.as_tensor(sample_weight, dtype=values.dtype, device=values.device), values
            )
            values = values * weight
        if self.reduction in ("none", None):
            return values
        if self.reduction == "sum":
            return values.sum()
        if self.reduction == "mean_with_sample_weight" and weight is not None:
            return values.sum() / weight.expand_as(values).sum()
        return values.mean()

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        return cls(**config)


class _LossFunctionWrapper(Loss):
    """A Keras loss class: a loss function with its options bound (Keras's
    ``LossFunctionWrapper``): ``call`` is the function."""

    function: ClassVar[Callable[..., torch.Tensor]]
    default_name: ClassVar[str]

    def __init__(
        self, reduction: str | None = "sum_over_batch_size", name: str | None = None, **options: Any
    ) -> None:
        super().__init__(name if name is not None else self.default_name, reduction)
        self._options = options
        for key, value in options.items():
            setattr(self, key, value)

    def per_sample(self, y_true: Any, y_pred: Any) -> torch.Tensor:
        """The loss of each sample (reduced over the last axis only), as the function gives it
        tensors (arrays made tensors first: the class reduces and weighs them in torch)."""
        return type(self).function(_as_tensor(y_true), _as_tensor(y_pred), **self._options)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), **self._options}

    def __repr__(self) -> str:
        options = ", ".join(f"{key}={value!r}" for key, value in self._options.items())
        return f"{type(self).__name__}({options})"


def _snake_case(name: str) -> str:
    """Keras's automatic name of a class: ``MeanFourth`` -> ``mean_fourth``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _torch_dtype(dtype: Any) -> torch.dtype:
    return dtype if isinstance(dtype, torch.dtype) else getattr(torch, str(dtype))


def expand_weight(weight: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    """Sample weights ``(N,)``, ``(N, 1)`` or ``(N, T)`` given trailing axes of 1 to
    broadcast against per-sample or per-step ``values``."""
    if weight.ndim > values.ndim and weight.shape[-1] == 1:
        weight = weight.squeeze(-1)
    return weight.reshape(*weight.shape, *[1] * (values.ndim - weight.ndim))  # (N,) -> (N, 1, ...)


def targets_shaped_as_outputs(loss: LossFunction) -> bool:
    """Whether ``loss`` compares each target with the output at its place (every loss but CTC,
    whose labels are a shorter sequence, not aligned with the output's steps)."""
    return not (loss is ctc or isinstance(loss, CTC))


def per_sample(loss: LossFunction, y_true: Any, y_pred: Any) -> torch.Tensor:
    """The per-sample losses of one of our losses: a class's `per_sample`, a function's result."""
    method = getattr(loss, "per_sample", None)
    return method(y_true, y_pred) if method is not None else loss(y_true, y_pred)


class Huber(_LossFunctionWrapper):
    """`huber` with its ``delta`` (> 0)."""

    function = staticmethod(huber)
    default_name = "huber_loss"

    def __init__(
        self, delta: float = 1.0, reduction: str | None = "sum_over_batch_size", name: str | None = None
    ) -> None:
        if delta <= 0:
            raise ValueError(f"Huber delta must be positive. Received: delta={delta}")
        super().__init__(reduction, name, delta=float(delta))


class CategoricalCrossentropy(_LossFunctionWrapper):
    """`categorical_crossentropy` with its options."""

    function = staticmethod(categorical_crossentropy)
    default_name = "categorical_crossentropy"

    def __init__(
        self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
        reduction: str | None = "sum_over_batch_size", name: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(reduction, name, from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(_LossFunctionWrapper):
    """`sparse_categorical_crossentropy` with its options: integer class targets ``(N,)`` or
    ``(N, 1)``."""

    function = staticmethod(sparse_categorical_crossentropy)
    default_name = "sparse_categorical_crossentropy"

    def __init__(
        self, from_logits: bool = False, ignore_class: int | None = None, axis: int = -1,
        reduction: str | None = "sum_over_batch_size", name: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(reduction, name, from_logits=from_logits, ignore_class=ignore_class, axis=axis)


class BinaryCrossentropy(_LossFunctionWrapper):
    """`binary_crossentropy` with its options."""

    function = staticmethod(binary_crossentropy)
    default_name = "binary_crossentropy"

    def __init__(
        self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
        reduction: str | None = "sum_over_batch_size", name: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(reduction, name, from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class BinaryFocalCrossentropy(_LossFunctionWrapper):
    """`binary_focal_crossentropy` with its options."""

    function = staticmethod(binary_focal_crossentropy)
    default_name = "binary_focal_crossentropy"

    def __init__(
        self, apply_class_balancing: bool = False, alpha: float = 0.25, gamma: float = 2.0,
        from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
        reduction: str | None = "sum_over_batch_size", name: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            reduction, name, apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
            from_logits=from_logits, label_smoothing=label_smoothing, axis=axis,
        )  # fmt: skip


class CategoricalFocalCrossentropy(_LossFunctionWrapper):
    """`categorical_focal_crossentropy` with its options."""

    function = staticmethod(categorical_focal_crossentropy)
    default_name = "categorical_focal_crossentropy"

    def __init__(
        self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
        label_smoothing: float = 0.0, axis: int = -1, reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(
            reduction, name, alpha=alpha, gamma=gamma, from_logits=from_logits,
            label_smoothing=label_smoothing, axis=axis,
        )  # fmt: skip


def _plain_loss_class(function: LossFunction, class_name: str, keras_name: str) -> type[_LossFunctionWrapper]:
    """Keras's class of a loss function without options of its own (``MeanSquaredError``, ...)."""

    def init(self: Any, reduction: str | None = "sum_over_batch_size", name: str | None = None) -> None:
        _LossFunctionWrapper.__init__(self, reduction, name)

    doc = f"Keras's ``{class_name}``: `{function.__name__}` as a class (``reduction``, ``name``)."
    namespace = {
        "function": staticmethod(function),
        "default_name": keras_name,
        "__init__": init,
        "__doc__": doc,
    }
    return type(class_name, (_LossFunctionWrapper,), {"__module__": __name__, **namespace})


MeanSquaredError = _plain_loss_class(mean_squared_error, "MeanSquaredError", "mean_squared_error")
MeanAbsoluteError = _plain_loss_class(mean_absolute_error, "MeanAbsoluteError", "mean_absolute_error")
MeanAbsolutePercentageError = _plain_loss_class(
    mean_absolute_percentage_error, "MeanAbsolutePercentageError", "mean_absolute_percentage_error"
)
MeanSquaredLogarithmicError = _plain_loss_class(
    mean_squared_logarithmic_error, "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error"
)
LogCosh = _plain_loss_class(log_cosh, "LogCosh", "log_cosh")
Hinge = _plain_loss_class(hinge, "Hinge", "hinge")
SquaredHinge = _plain_loss_class(squared_hinge, "SquaredHinge", "squared_hinge")
CategoricalHinge = _plain_loss_class(categorical_hinge, "CategoricalHinge", "categorical_hinge")
KLDivergence = _plain_loss_class(kl_divergence, "KLDivergence", "kl_divergence")
Poisson = _plain_loss_class(poisson, "Poisson", "poisson")
CTC = _plain_loss_class(ctc, "CTC", "ctc")


class Dice(_LossFunctionWrapper):
    """`dice` with its ``axis``."""

    function = staticmethod(dice)
    default_name = "dice"

    def __init__(
        self, reduction: str | None = "sum_over_batch_size", name: str | None = None, axis: Any = None
    ) -> None:
        super().__init__(reduction, name, axis=axis)


class Tversky(_LossFunctionWrapper):
    """`tversky` with its ``alpha``, ``beta`` and ``axis``."""

    function = staticmethod(tversky)
    default_name = "tversky"

    def __init__(
        self, alpha: float = 0.5, beta: float = 0.5, reduction: str | None = "sum_over_batch_size",
        name: str | None = None, axis: Any = None,
    ) -> None:  # fmt: skip
        super().__init__(reduction, name, alpha=alpha, beta=beta, axis=axis)


class CosineSimilarity(_LossFunctionWrapper):
    """`cosine_similarity` with its ``axis``."""

    function = staticmethod(cosine_similarity)
    default_name = "cosine_similarity"

    def __init__(
        self, axis: int = -1, reduction: str | None = "sum_over_batch_size", name: str | None = None
    ) -> None:
        super().__init__(reduction, name, axis=axis)


# Keras's short names for its functions (Keras 3 keeps them as keras._legacy.losses.*).
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh


class _TorchLoss:
    """A ``torch.nn`` loss module called in Keras's argument order ``(y_true, y_pred)``."""

    def __init__(self, module: torch.nn.Module) -> None:
        self.module = module
        self.__name__ = type(module).__name__

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        return self.module(y_pred, y_true)


_FUNCTIONS: list[LossFunction] = [
    mean_squared_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_logarithmic_error,
    cosine_similarity,
    log_cosh,
    hinge,
    squared_hinge,
    categorical_hinge,
    kl_divergence,
    poisson,
    ctc,
    dice,
    tversky,
]
# The functions that have a class: by name or as the function, the loss is the class with its
# defaults (the same numbers), so the loops can tell its kind (integer targets for the sparse one).
_CLASSES: dict[LossFunction, type[_LossFunctionWrapper]] = {
    huber: Huber,
    categorical_crossentropy: CategoricalCrossentropy,
    sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
    binary_crossentropy: BinaryCrossentropy,
    binary_focal_crossentropy: BinaryFocalCrossentropy,
    categorical_focal_crossentropy: CategoricalFocalCrossentropy,
}
_BY_NAME: dict[str, Callable[[], LossFunction]] = {
    **{fn.__name__: (lambda fn=fn: fn) for fn in _FUNCTIONS},
    **{fn.__name__: cls for fn, cls in _CLASSES.items()},
}
_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
    "huber_loss": "huber",
    "bce": "binary_crossentropy",
}


def get(identifier: str | dict[str, Any] | LossFunction) -> LossFunction:
    """The loss named ``identifier`` (Keras names and aliases, any case), the one Keras's
    serialized form ``{"class_name", "config", ...}`` describes (a program's own class or
    function first, as in Keras), or a callable as it is; Keras's crossentropy and Huber
    functions (``losses.sparse_categorical_crossentropy``) give their classes with the default
    options, which compute the same numbers (called, a class reduces over the batch; its
    `per_sample` gives what the function gives).

    Raises:
        ValueError: an unknown name or class (the known names are listed).
        TypeError: neither a name, a serialized dict nor a callable.

    Example:
        >>> get(sparse_categorical_crossentropy)
        SparseCategoricalCrossentropy(from_logits=False, ignore_class=None, axis=-1)
        >>> get({"class_name": "Huber", "config": {"delta": 2.0}}).delta
        2.0
    """
    if isinstance(identifier, dict):
        return get(_serialized(identifier))
    if isinstance(identifier, torch.nn.modules.loss._Loss):
        # torch's losses take (input, target), Keras's (y_true, y_pred): swap for the user.
        return _TorchLoss(identifier)
    # Keras 3's "mean" is its default under another name (the sum over the number of values);
    # "sum" trains on the batch's sum, as Keras's compile does
    if isinstance(identifier, Loss) and identifier.reduction not in ("sum_over_batch_size", "mean", "sum"):
        raise ValueError(
            f"{type(identifier).__name__}(reduction={identifier.reduction!r}): fit reduces the losses as "
            "Keras's 'sum_over_batch_size' (or 'mean') or 'sum' do; give the loss one of those, or call "
            "it in a training loop of your own."
        )
    if callable(identifier):
        cls = _CLASSES.get(identifier) if isinstance(identifier, types.FunctionType) else None
        return cls() if cls is not None else identifier
    if not isinstance(identifier, str):
        raise TypeError(f"loss must be a name such as 'mse' or a callable. Received: {identifier!r}")
    name = _ALIASES.get(identifier.lower(), identifier.lower())
    if name not in _BY_NAME:
        known = sorted([*_BY_NAME, *_ALIASES])
        raise ValueError(f"Unknown loss {identifier!r}. Known names: {', '.join(known)}; or pass a callable.")
    return _BY_NAME[name]()


def _serialized(identifier: dict[str, Any]) -> str | LossFunction:
    """The loss (or the name of the loss) a serialized dict describes."""
    found = saving.make_custom_object(identifier)
    name, config = identifier.get("class_name"), identifier.get("config")
    if found is None and name == "function" and isinstance(config, str):
        found = config  # one of ours, by its name
    elif found is None:  # a class of ours, with or without Keras 3's module key
        found = saving.keras_loss_or_metric({**identifier, "module": "keras.losses"})
    if found is None:
        raise ValueError(
            f"Unknown loss {name!r} in {identifier!r:.200}: not a statefulrnn loss class, and not in "
            "custom_objects or the registry (register_keras_serializable)."
        )
    return found


def serialize(loss: LossFunction | None) -> dict[str, Any] | None:
    """Keras's ``losses.serialize``: a loss class as ``{"module", "class_name", "config",
    "registered_name"}``, a function as ``{"class_name": "function", "config": name, ...}``
    (`saving.serialize_setting`), which `get` and `deserialize` read back.

    Example:
        >>> serialize(mean_squared_error)["config"], serialize(Huber(delta=2.0))["class_name"]
        ('mean_squared_error', 'Huber')
    """
    return saving.serialize_setting(loss)


def deserialize(config: dict[str, Any] | str, custom_objects: dict[str, Any] | None = None) -> LossFunction:
    """Keras's ``losses.deserialize``: `get` of ``config``, a program's class or function found
    in ``custom_objects`` first.

    Example:
        >>> deserialize({"class_name": "MeanSquaredError", "config": {}})
        MeanSquaredError()
    """
    return saving.deserialize_setting(get, config, custom_objects)


def name_of(loss: Any) -> str:
    """A short name for messages: the function's or class's name."""
    return getattr(loss, "__name__", type(loss).__name__)


def reduce_mean(per_sample: torch.Tensor) -> torch.Tensor:
    """Keras's ``sum_over_batch_size``: the mean over every remaining axis."""
    return per_sample.mean()


# Losses whose batch mean has a fused torch form: one op and one backward node instead of
# four or five (a tenth of a small training step). Every row has the same size, so the mean of
# per-sample means is the mean of all elements: the same value up to float32 rounding.
_FUSED_BATCH_MEAN: dict[Any, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    mean_squared_error: lambda y_true, y_pred: F.mse_loss(y_pred, y_true),
    mean_absolute_error: lambda y_true, y_pred: F.l1_loss(y_pred, y_true),
}


def batch_loss(loss: LossFunction, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """The scalar a training step minimises: ``reduce_mean(loss(y_true, y_pred))``.

    Example:
        >>> float(batch_loss(get("mae"), torch.zeros(2, 2), torch.ones(2, 2)))
        1.0
    """
    fused = _FUSED_BATCH_MEAN.get(getattr(loss, "function", loss))
    if fused is None or y_true.shape != y_pred.shape:  # torch's warns on a target it broadcasts
        return reduce_mean(per_sample(loss, y_true, y_pred))
    return fused(y_true, y_pred)
