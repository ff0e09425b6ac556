"""Metrics by Keras's names, and their running means over an epoch.

A metric function maps ``(y_true, y_pred)`` to per-sample values; `MeanMetric` averages them
over all samples seen (Keras's ``MeanMetricWrapper``). ``"accuracy"``/``"acc"`` resolves the
way Keras resolves it, from the shapes: binary when the prediction has one unit, sparse
categorical when the targets have one value per sample and the prediction several, else
categorical.

Example:
    >>> fn = resolve("accuracy", y_true=torch.tensor([[0.0, 1.0]]), y_pred=torch.tensor([[0.2, 0.8]]))
    >>> fn.__name__
    'categorical_accuracy'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from .losses import mean_absolute_error, mean_squared_error

MetricFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def categorical_accuracy(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """1 where ``argmax(y_pred) == argmax(y_true)`` on the last axis."""
    return (y_pred.argmax(dim=-1) == y_true.argmax(dim=-1)).to(y_pred.dtype)


def sparse_categorical_accuracy(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    """1 where ``argmax(y_pred)`` equals the integer target."""
    return (y_pred.argmax(dim=-1) == y_true.reshape(y_pred.shape[:-1]).long()).to(y_pred.dtype)


def binary_accuracy(y_true: torch.Tensor, y_pred: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Mean over the last axis of 1 where ``(y_pred > threshold) == y_true``."""
    return ((y_pred > threshold).to(y_pred.dtype) == y_true).to(y_pred.dtype).mean(dim=-1)


_BY_NAME: dict[str, MetricFunction] = {
    "mae": mean_absolute_error,
    "mean_absolute_error": mean_absolute_error,
    "mse": mean_squared_error,
    "mean_squared_error": mean_squared_error,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "binary_accuracy": binary_accuracy,
}


def resolve(identifier: str | MetricFunction, y_true: torch.Tensor, y_pred: torch.Tensor) -> MetricFunction:
    """The metric function for ``identifier``, given a batch's targets and predictions.

    Raises:
        ValueError: an unknown name (the known ones are listed).
    """
    if callable(identifier):
        return identifier
    name = identifier.lower()
    if name in ("accuracy", "acc"):
        if y_pred.shape[-1] == 1:
            return binary_accuracy
        if y_true.ndim < y_pred.ndim or y_true.shape[-1] == 1:
            return sparse_categorical_accuracy
        return categorical_accuracy
    if name not in _BY_NAME:
        known = sorted([*_BY_NAME, "accuracy", "acc"])
        raise ValueError(
            f"Unknown metric {identifier!r}. Known names: {', '.join(known)}; or pass a callable."
        )
    return _BY_NAME[name]


def display_name(identifier: Any) -> str:
    """The log key Keras uses: the name as given, or a callable's ``__name__``."""
    return (
        identifier
        if isinstance(identifier, str)
        else getattr(identifier, "__name__", type(identifier).__name__)
    )


class MeanMetric:
    """A running mean of per-sample values, weighted by how many samples each batch had."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def update(self, values: torch.Tensor) -> None:
        self.total += float(values.detach().sum())
        self.count += values.numel()

    def update_mean(self, mean: float, count: int) -> None:
        """Add a batch already reduced to its mean (the loss) over ``count`` samples."""
        self.total += mean * count
        self.count += count

    def result(self) -> float:
        return self.total / self.count if self.count else float("nan")
