"""Keras's ``Precision`` and ``Recall``: counts of true and false positives (and negatives) over
every value seen, at one or several thresholds, as Keras 3 keeps them.

A value counts as a positive label when its target is not zero, as a positive prediction when
it is above the threshold (0.5 by default); each counts with its sample's weight (one per row,
spread over the row's values). ``top_k`` keeps only each row's ``k`` largest predictions (the
others count as negative, and the threshold falls to Keras's ``-1e10``); ``class_id`` looks at
one column. Results divide with 0 for 0 / 0. They are `statefulrnn.metric_base.Metric`
subclasses, so ``compile(metrics=[Precision()])`` feeds them every batch and
``torch.distributed`` adds up the ranks' counts.

Example:
    >>> precision, recall = Precision(), Recall()
    >>> for metric in (precision, recall):
    ...     metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(precision.result()), round(float(recall.result()), 4)  # 2 of 3, 2 of 3
    (0.6666666865348816, 0.6667)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch

from .metric_base import Metric

__all__ = ["Precision", "Recall"]

NEG_INF = -1e10  # Keras's threshold under top_k: every kept prediction is above it


class _ConfusionMetric(Metric):
    """Counts ``true_positives`` and the other variable of ``_OTHER`` at each threshold."""

    _OTHER: ClassVar[str]

    def __init__(
        self,
        thresholds: float | Sequence[float] | None = None,
        top_k: int | None = None,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        owner = type(self).__name__
        for argument, value, least in (("top_k", top_k, 1), ("class_id", class_id, 0)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < least):
                raise ValueError(f"{owner}: {argument} must be an int >= {least} or None, not {value!r}")
        levels = [0.5 if top_k is None else NEG_INF] if thresholds is None else thresholds
        levels = [levels] if isinstance(levels, (int, float)) else list(levels)
        given = thresholds is not None
        numbers = all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in levels)
        if not levels or not numbers or (given and not all(0 <= t <= 1 for t in levels)):
            raise ValueError(f"{owner}: thresholds must be numbers in [0, 1]. Received: {thresholds!r}")
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        self.thresholds = [float(t) for t in levels]
        self.true_positives = self.add_variable((len(levels),), "zeros", name="true_positives")
        setattr(self, self._OTHER, self.add_variable((len(levels),), "zeros", name=self._OTHER))

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets and predictions of one shape (a column may be left off)."""
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
        y_true = torch.as_tensor(y_true).detach().to(torch.float32)
        if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
            y_true = y_true[..., 0]
        elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
            y_pred = y_pred[..., 0]
        if y_true.shape != y_pred.shape:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' needs targets and predictions of one shape. "
                f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
            )
        weight = None
        if sample_weight is not None:
            weight = torch.as_tensor(sample_weight).detach().to(torch.float32)
            while weight.ndim and weight.ndim < y_pred.ndim:
                weight = weight[..., None]  # a row's weight over its values
            weight = weight.expand_as(y_pred)
        if self.top_k is not None:
            kept = torch.zeros_like(y_pred).scatter_(-1, y_pred.topk(self.top_k, dim=-1).indices, 1.0)
            y_pred = y_pred * kept + NEG_INF * (1 - kept)
        if self.class_id is not None:
            if y_pred.ndim < 2 or self.class_id >= y_pred.shape[-1]:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': class_id={self.class_id} needs predictions with "
                    f"more than {self.class_id} columns. Received: y_pred.shape={tuple(y_pred.shape)}"
                )
            y_true, y_pred = y_true[..., self.class_id], y_pred[..., self.class_id]
            weight = None if weight is None else weight[..., self.class_id]
        label = (y_true != 0).reshape(1, -1)
        predicted = y_pred.reshape(1, -1) > torch.tensor(self.thresholds)[:, None]
        weights = torch.ones(()) if weight is None else weight.reshape(1, -1)
        self.true_positives.assign_add(((label & predicted) * weights).sum(1))
        other = (~label & predicted) if self._OTHER == "false_positives" else (label & ~predicted)
        getattr(self, self._OTHER).assign_add((other * weights).sum(1))

    def result(self) -> torch.Tensor:
        positives = self.true_positives
        total = positives + getattr(self, self._OTHER)
        ratio = torch.where(total == 0, torch.zeros(()), positives / torch.where(total == 0, 1.0, total))
        return ratio[0] if len(self.thresholds) == 1 else ratio

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_ConfusionMetric):
    """Keras's ``Precision``: ``true_positives / (true_positives + false_positives)``; see the
    module notes for ``thresholds``, ``top_k`` and ``class_id``."""

    _OTHER = "false_positives"


class Recall(_ConfusionMetric):
    """Keras's ``Recall``: ``true_positives / (true_positives + false_negatives)``; see the
    module notes for ``thresholds``, ``top_k`` and ``class_id``."""

    _OTHER = "false_negatives"
