"""Losses by Keras's names and with Keras's formulas.

A loss is a callable ``(y_true, y_pred) -> per-sample losses (N, ...)``, reduced over the last
axis as Keras reduces it; `reduce_mean` then averages over the batch (Keras's default
``"sum_over_batch_size"`` reduction). Probabilities are clipped to ``[1e-7, 1 - 1e-7]`` before a
logarithm, as Keras does; ``from_logits=True`` uses the numerically stable logit forms.

Example:
    >>> mse = get("mse")
    >>> float(reduce_mean(mse(torch.zeros(2, 3), torch.ones(2, 3))))
    1.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch.nn import functional as F

LossFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
EPSILON = 1e-7  # Keras's backend epsilon


def mean_squared_error(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """``mean((y_true - y_pred)^2, axis=-1)``."""
    return (y_true - y_pred).square().mean(dim=-1)


def mean_absolute_error(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """``mean(|y_true - y_pred|, axis=-1)``."""
    return (y_true - y_pred).abs().mean(dim=-1)


class Huber:
    """``0.5 x^2`` for ``|x| <= delta``, else ``delta (|x| - 0.5 delta)``; mean over the last axis."""

    def __init__(self, delta: float = 1.0) -> None:
        if delta <= 0:
            raise ValueError(f"Huber delta must be positive. Received: delta={delta}")
        self.delta = float(delta)

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        error = (y_true - y_pred).abs()
        quadratic = error.clamp(max=self.delta)
        return (0.5 * quadratic.square() + self.delta * (error - quadratic)).mean(dim=-1)


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


class CategoricalCrossentropy:
    """``-sum(y_true * log(p), axis=-1)``, Keras's.

    With ``from_logits=True``, or when ``y_pred`` comes from a softmax activation (which
    keeps its logits), it is computed from the logits as Keras on TensorFlow computes it (see
    `_SoftmaxCrossEntropyWithLogits`); otherwise from ``p`` normalised to sum 1 and clipped.
    """

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = from_logits

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        logits = y_pred if self.from_logits else getattr(y_pred, "_keras_logits", None)
        if logits is not None:
            return _SoftmaxCrossEntropyWithLogits.apply(logits, y_true)
        probabilities = y_pred / y_pred.sum(dim=-1, keepdim=True)
        return -(y_true * probabilities.clamp(EPSILON, 1 - EPSILON).log()).sum(dim=-1)


class SparseCategoricalCrossentropy:
    """Categorical crossentropy with integer class targets ``(N,)`` or ``(N, 1)``."""

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = from_logits

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        classes = y_true.reshape(y_pred.shape[:-1]).long()
        if self.from_logits:
            log_p = torch.log_softmax(y_pred, dim=-1)
        else:
            probabilities = y_pred / y_pred.sum(dim=-1, keepdim=True)
            log_p = probabilities.clamp(EPSILON, 1 - EPSILON).log()
        return -log_p.gather(-1, classes.unsqueeze(-1)).squeeze(-1)


class BinaryCrossentropy:
    """``-mean(t log p + (1 - t) log(1 - p), axis=-1)`` with ``p`` clipped (Keras 3's form)."""

    def __init__(self, from_logits: bool = False) -> None:
        self.from_logits = from_logits

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        if self.from_logits:
            return F.binary_cross_entropy_with_logits(y_pred, y_true, reduction="none").mean(dim=-1)
        p = y_pred.clamp(EPSILON, 1 - EPSILON)
        return -(y_true * p.log() + (1 - y_true) * (1 - p).log()).mean(dim=-1)


class _TorchLoss:
    """A ``torch.nn`` loss module called in Keras's argument order ``(y_true, y_pred)``."""

    def __init__(self, module: torch.nn.Module) -> None:
        self.module = module
        self.__name__ = type(module).__name__

    def __call__(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        return self.module(y_pred, y_true)


_BY_NAME: dict[str, Callable[[], LossFunction]] = {
    "mean_squared_error": lambda: mean_squared_error,
    "mean_absolute_error": lambda: mean_absolute_error,
    "huber": Huber,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "binary_crossentropy": BinaryCrossentropy,
}
_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "huber_loss": "huber"}


def get(identifier: str | LossFunction) -> LossFunction:
    """The loss named ``identifier`` (Keras names and aliases), or a callable as it is.

    Raises:
        ValueError: an unknown name (the known ones are listed).
        TypeError: neither a name nor a callable.
    """
    if isinstance(identifier, torch.nn.modules.loss._Loss):
        # torch's losses take (input, target), Keras's (y_true, y_pred): swap for the user.
        return _TorchLoss(identifier)
    if callable(identifier):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(f"loss must be a name such as 'mse' or a callable. Received: {identifier!r}")
    name = _ALIASES.get(identifier.lower(), identifier.lower())
    if name not in _BY_NAME:
        known = sorted([*_BY_NAME, *_ALIASES])
        raise ValueError(f"Unknown loss {identifier!r}. Known names: {', '.join(known)}; or pass a callable.")
    return _BY_NAME[name]()


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
    fused = _FUSED_BATCH_MEAN.get(loss)
    return fused(y_true, y_pred) if fused is not None else reduce_mean(loss(y_true, y_pred))
