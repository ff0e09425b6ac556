"""Keras's ``Precision``, ``Recall``, ``AUC``, ``FBetaScore``, ``F1Score``, the counts
``TruePositives``, ``FalsePositives``, ``TrueNegatives``, ``FalseNegatives``, and the best of one
rate where another reaches a value (``SensitivityAtSpecificity``, ``SpecificityAtSensitivity``,
``PrecisionAtRecall``, ``RecallAtPrecision``): counts of true and false positives (and
negatives) over every value seen, at one or several thresholds, as Keras 3 keeps them.

A value counts as a positive label when its target is not zero, as a positive prediction when
it is above the threshold (0.5 by default); each counts with its sample's weight (one per row,
spread over the row's values). Thresholds spread evenly over [0, 1] (three or more, as AUC's and
the ``...At...`` metrics' are) count as Keras counts them there: each prediction, clipped to [0,
1], falls in the bucket ``ceil(p (n - 1)) - 1`` and is positive at the thresholds up to it,
which differs from ``p > threshold`` where float32 rounds ``p (n - 1)`` up past a whole number
(0.3 against the threshold 0.3 of 101: positive) and for a prediction above 1 at the last
threshold.
``top_k`` keeps only each row's ``k`` largest predictions (the others count as negative, and the
threshold falls to Keras's ``-1e10``); ``class_id`` looks at one column. Results divide with 0
for 0 / 0. They are `statefulrnn.metric_base.Metric` subclasses, so
``compile(metrics=[Precision()])`` feeds them every batch and ``torch.distributed`` adds up the
ranks' counts.

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

import numpy as np
import torch

from ._epsilon import epsilon
from .metric_base import Metric

__all__ = [
    "AUC", "F1Score", "FBetaScore", "FalseNegatives", "FalsePositives", "Precision", "PrecisionAtRecall",
    "Recall", "RecallAtPrecision", "SensitivityAtSpecificity", "SpecificityAtSensitivity", "TrueNegatives",
    "TruePositives",
]  # fmt: skip

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
        self.top_k = _check_index(self, "top_k", top_k, 1)
        self.class_id = _check_index(self, "class_id", class_id, 0)
        self.init_thresholds = thresholds
        self.thresholds = _levels(self, thresholds, 0.5 if top_k is None else NEG_INF)
        self._evenly = _evenly_spread(self.thresholds)
        self.true_positives = self.add_variable((len(self.thresholds),), "zeros", name="true_positives")
        setattr(self, self._OTHER, self.add_variable((len(self.thresholds),), "zeros", name=self._OTHER))

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets and predictions of one shape (a column may be left off)."""
        y_true, y_pred, weight = _counted(self, y_true, y_pred, sample_weight, self.top_k, self.class_id)
        counts = _confusion(y_true, y_pred, weight, self.thresholds, evenly=self._evenly)
        self.true_positives.assign_add(counts["true_positives"])
        getattr(self, self._OTHER).assign_add(counts[self._OTHER])

    def result(self) -> torch.Tensor:
        ratio = _ratio(self.true_positives, self.true_positives + getattr(self, self._OTHER))
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


class _ConditionCount(Metric):
    """Counts one cell of the confusion matrix, ``_COUNTED``, at each of ``thresholds`` (0.5 by
    default): a tensor of one count per threshold, or the count where there is one threshold."""

    _COUNTED: ClassVar[str]

    def __init__(
        self, thresholds: float | Sequence[float] | None = None, name: str | None = None, dtype: Any = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = _levels(self, thresholds, 0.5)
        self._evenly = _evenly_spread(self.thresholds)
        self.accumulator = self.add_variable((len(self.thresholds),), "zeros", name="accumulator")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets and predictions of one shape (a column may be left off)."""
        y_true, y_pred, weight = _counted(self, y_true, y_pred, sample_weight)
        counts = _confusion(y_true, y_pred, weight, self.thresholds, evenly=self._evenly)
        self.accumulator.assign_add(counts[self._COUNTED])

    def result(self) -> torch.Tensor:
        counts = self.accumulator.as_subclass(torch.Tensor).clone()
        return counts[0] if len(self.thresholds) == 1 else counts

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    """Keras's ``TruePositives``: the (weighted) count of positive labels predicted positive.

    Example:
        >>> metric = TruePositives()
        >>> metric.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(metric.result())
        2.0
    """

    _COUNTED = "true_positives"


class FalsePositives(_ConditionCount):
    """Keras's ``FalsePositives``: the (weighted) count of negative labels predicted positive."""

    _COUNTED = "false_positives"


class TrueNegatives(_ConditionCount):
    """Keras's ``TrueNegatives``: the (weighted) count of negative labels predicted negative."""

    _COUNTED = "true_negatives"


class FalseNegatives(_ConditionCount):
    """Keras's ``FalseNegatives``: the (weighted) count of positive labels predicted negative."""

    _COUNTED = "false_negatives"


class _RateAtRate(Metric):
    """The best of one rate (``_BEST``) over the thresholds where another (``_HELD``) is at least
    ``value``, 0 where none is: Keras's ``SensitivitySpecificityBase``. Counts at
    ``num_thresholds`` thresholds evenly spread over [0, 1] (0.5 alone for one); ``class_id``
    looks at one column."""

    _HELD: ClassVar[str]  # the rate held at or above the value, named as the argument that gives it
    _BEST: ClassVar[str]  # the rate maximised

    def __init__(
        self,
        value: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        owner = type(self).__name__
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{owner}: {self._HELD} must be a number in [0, 1]. Received: {value!r}")
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or num_thresholds < 1:
            raise ValueError(f"{owner}: num_thresholds must be an int > 0. Received: {num_thresholds!r}")
        super().__init__(name=name, dtype=dtype)
        self.value, self.num_thresholds = value, num_thresholds
        self.class_id = _check_index(self, "class_id", class_id, 0)
        setattr(self, self._HELD, value)
        inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.thresholds = [0.5] if num_thresholds == 1 else [0.0, *inner, 1.0]
        for count in _COUNTS:
            setattr(self, count, self.add_variable((num_thresholds,), "zeros", name=count))

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets and predictions of one shape (a column may be left off)."""
        y_true, y_pred, weight = _counted(self, y_true, y_pred, sample_weight, class_id=self.class_id)
        counts = _confusion(y_true, y_pred, weight, self.thresholds, evenly=self.num_thresholds > 1)
        for count, value in counts.items():
            getattr(self, count).assign_add(value)

    def result(self) -> torch.Tensor:
        tp, fp, tn, fn = (getattr(self, count).as_subclass(torch.Tensor) for count in _COUNTS)
        rates = {
            "sensitivity": _ratio(tp, tp + fn),
            "recall": _ratio(tp, tp + fn),
            "specificity": _ratio(tn, tn + fp),
            "precision": _ratio(tp, tp + fp),
        }
        held = rates[self._HELD] >= self.value
        return torch.where(held, rates[self._BEST], torch.zeros(())).max()  # 0 where none is held

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._HELD: self.value,
        }


class SensitivityAtSpecificity(_RateAtRate):
    """Keras's ``SensitivityAtSpecificity(specificity, num_thresholds=200, class_id=None)``: the
    best sensitivity (``tp / (tp + fn)``) at a threshold where specificity (``tn / (tn + fp)``)
    is at least ``specificity``."""

    _HELD, _BEST = "specificity", "sensitivity"

    def __init__(
        self,
        specificity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


class SpecificityAtSensitivity(_RateAtRate):
    """Keras's ``SpecificityAtSensitivity(sensitivity, num_thresholds=200, class_id=None)``: the
    best specificity at a threshold where sensitivity is at least ``sensitivity``."""

    _HELD, _BEST = "sensitivity", "specificity"

    def __init__(
        self,
        sensitivity: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)


class PrecisionAtRecall(_RateAtRate):
    """Keras's ``PrecisionAtRecall(recall, num_thresholds=200, class_id=None)``: the best
    precision (``tp / (tp + fp)``) at a threshold where recall is at least ``recall``.

    Example:
        >>> metric = PrecisionAtRecall(0.5)
        >>> metric.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(metric.result())
        0.5
    """

    _HELD, _BEST = "recall", "precision"

    def __init__(
        self,
        recall: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(recall, num_thresholds, class_id, name, dtype)


class RecallAtPrecision(_RateAtRate):
    """Keras's ``RecallAtPrecision(precision, num_thresholds=200, class_id=None)``: the best
    recall at a threshold where precision is at least ``precision`` (0 where none reaches it).

    Example:
        >>> metric = RecallAtPrecision(0.8)
        >>> metric.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(metric.result())
        0.5
    """

    _HELD, _BEST = "precision", "recall"

    def __init__(
        self,
        precision: float,
        num_thresholds: int = 200,
        class_id: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(precision, num_thresholds, class_id, name, dtype)


class AUC(Metric):
    """Keras's ``AUC``: the area under the ROC or precision-recall curve, from counts at
    ``num_thresholds`` thresholds evenly spread over [0, 1] (with one just below 0 and one just
    above 1), or at the ``thresholds`` given; summed by ``summation_method``
    (``"interpolation"``: trapezoids, or Davis and Goadrich's interpolation for ``curve="PR"``;
    ``"minoring"``, ``"majoring"``). ``multi_label`` keeps counts per column and averages the
    columns' areas (weighted by ``label_weights``); ``from_logits`` applies a sigmoid first.
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str | None = None,
        dtype: Any = None,
        thresholds: Sequence[float] | None = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        if str(curve).upper() not in ("ROC", "PR"):
            raise ValueError(f'AUC: curve must be "ROC" or "PR". Received: curve={curve!r}')
        if str(summation_method).lower() not in ("interpolation", "minoring", "majoring"):
            raise ValueError(
                "AUC: summation_method must be 'interpolation', 'minoring' or 'majoring'. "
                f"Received: {summation_method!r}"
            )
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            self._evenly = _evenly_spread([0.0, *inner, 1.0])
        elif isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or num_thresholds <= 1:
            raise ValueError(f"AUC: num_thresholds must be an int > 1. Received: {num_thresholds!r}")
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly = True
        if num_labels and not multi_label:
            raise ValueError("AUC: num_labels is needed only when multi_label is True.")
        self.curve, self.summation_method = str(curve).upper(), str(summation_method).lower()
        self.init_thresholds, self.multi_label, self.num_labels = thresholds, multi_label, num_labels
        self.from_logits = from_logits
        self.label_weights = (
            None if label_weights is None else torch.as_tensor(label_weights, dtype=torch.float32)
        )
        self._thresholds = [0.0 - epsilon(), *inner, 1.0 + epsilon()]
        self.num_thresholds = len(self._thresholds)
        self._columns = num_labels if multi_label else None
        if not multi_label or num_labels:
            self._add_counts()

    @property
    def thresholds(self) -> list[float]:
        return list(self._thresholds)

    def _add_counts(self) -> None:
        shape = (self.num_thresholds,) if self._columns is None else (self.num_thresholds, self._columns)
        for name in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, name, self.add_variable(shape, "zeros", name=name))

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets and predictions of one shape, ``(N, labels)`` with ``multi_label``."""
        y_true, y_pred = _same_shape(self, y_true, y_pred)
        if self.from_logits:
            y_pred = torch.sigmoid(y_pred)
        if self.multi_label and y_pred.ndim != 2:
            raise ValueError(
                f"AUC: multi_label needs (N, labels) predictions. Received: {tuple(y_pred.shape)}"
            )
        if self.multi_label and self._columns is None:
            self._columns = y_pred.shape[1]
            self._add_counts()
        weight = _spread(sample_weight, y_pred)
        if not self.multi_label and self.label_weights is not None:
            labels = self.label_weights.expand_as(y_pred)
            weight = labels if weight is None else weight * labels
        counts = _confusion(y_true, y_pred, weight, self._thresholds, self.multi_label, self._evenly)
        for name, value in counts.items():
            getattr(self, name).assign_add(value)

    def result(self) -> torch.Tensor:
        if not hasattr(self, "true_positives"):  # multi_label before any batch
            return torch.tensor(0.0)
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        if self.curve == "PR" and self.summation_method == "interpolation":
            areas = _interpolated_pr_area(tp, fp, fn)
        else:
            recall = _ratio(tp, tp + fn)
            x, y = (_ratio(fp, fp + tn), recall) if self.curve == "ROC" else (recall, _ratio(tp, tp + fp))
            if self.summation_method == "interpolation":
                heights = (y[:-1] + y[1:]) / 2
            elif self.summation_method == "minoring":
                heights = torch.minimum(y[:-1], y[1:])
            else:
                heights = torch.maximum(y[:-1], y[1:])
            areas = ((x[:-1] - x[1:]) * heights).sum(0)
        if not self.multi_label:
            return areas
        if self.label_weights is None:
            return areas.mean()
        return _ratio((areas * self.label_weights).sum(), self.label_weights.sum())

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
            "from_logits": self.from_logits,
            # as Keras's: only thresholds given (sorted), not the num_thresholds spread
            **({} if self.init_thresholds is None else {"thresholds": self._thresholds[1:-1]}),
        }


class FBetaScore(Metric):
    """Keras's ``FBetaScore``: per class (column) of ``(N, classes)`` targets and predictions,
    ``(1 + beta^2) P R / (beta^2 P + R)``, from the counts of every batch (a prediction is
    positive above ``threshold``, or, without one, where it is its row's largest, and not 0);
    ``average``: None (per class), ``"micro"`` (the counts of all classes together),
    ``"macro"`` (the classes' mean) or ``"weighted"`` (by each class's count of targets).

    Example:
        >>> score = FBetaScore(average="macro", beta=2.0)
        >>> score.update_state([[1, 0], [0, 1], [1, 0]], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7]])
        >>> round(float(score.result()), 4)
        0.25
    """

    def __init__(
        self,
        average: str | None = None,
        beta: float = 1.0,
        threshold: float | None = None,
        name: str = "fbeta_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(name=name, dtype=dtype)
        owner = type(self).__name__
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                f"{owner}: average must be None, 'micro', 'macro' or 'weighted'. Received: {average!r}"
            )
        if not isinstance(beta, float) or beta <= 0.0:
            raise ValueError(f"{owner}: beta must be a float > 0. Received: {beta!r}")
        if threshold is not None and (not isinstance(threshold, float) or not 0.0 < threshold <= 1.0):
            raise ValueError(f"{owner}: threshold must be a float in (0, 1] or None. Received: {threshold!r}")
        self.average, self.beta, self.threshold = average, beta, threshold

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch of ``(N, classes)`` targets and predictions."""
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
        y_true = torch.as_tensor(y_true).detach().to(torch.float32)
        if y_pred.ndim != 2 or y_true.ndim != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs with shape (batch_size, output_dim). Received: "
                f"y_pred.shape={tuple(y_pred.shape)}, y_true.shape={tuple(y_true.shape)}"
            )
        if not hasattr(self, "true_positives"):
            shape = () if self.average == "micro" else (y_pred.shape[-1],)
            for name in ("true_positives", "false_positives", "false_negatives", "intermediate_weights"):
                setattr(self, name, self.add_variable(shape, "zeros", name=name))
        if self.threshold is None:
            top = y_pred.max(dim=-1, keepdim=True).values
            positive = ((y_pred >= top) & (y_pred.abs() > 1e-9)).to(torch.float32)
        else:
            positive = (y_pred > self.threshold).to(torch.float32)
        weight = (
            None if sample_weight is None else torch.as_tensor(sample_weight, dtype=torch.float32)[:, None]
        )

        def total(values: torch.Tensor) -> torch.Tensor:
            values = values if weight is None else values * weight
            return values.sum() if self.average == "micro" else values.sum(0)

        self.true_positives.assign_add(total(positive * y_true))
        self.false_positives.assign_add(total(positive * (1 - y_true)))
        self.false_negatives.assign_add(total((1 - positive) * y_true))
        self.intermediate_weights.assign_add(total(y_true))

    def result(self) -> torch.Tensor:
        if not hasattr(self, "true_positives"):
            return torch.tensor(0.0)
        tp = self.true_positives
        precision = tp / (tp + self.false_positives + epsilon())
        recall = tp / (tp + self.false_negatives + epsilon())
        beta = self.beta**2
        score = precision * recall / (beta * precision + recall + epsilon()) * (1 + beta)
        if self.average == "weighted":
            weights = self.intermediate_weights
            return (score * (weights / (weights.sum() + epsilon()))).sum()
        return score if self.average is None else score.mean()

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """Keras's ``F1Score``: `FBetaScore` with ``beta=1``."""

    def __init__(
        self,
        average: str | None = None,
        threshold: float | None = None,
        name: str = "f1_score",
        dtype: Any = None,
    ) -> None:
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["beta"]
        return config


_COUNTS = ("true_positives", "false_positives", "true_negatives", "false_negatives")


def _check_index(metric: Metric, argument: str, value: int | None, least: int) -> int | None:
    """``value`` of ``argument`` (``top_k``, ``class_id``), checked: None or an int >= ``least``."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < least):
        raise ValueError(
            f"{type(metric).__name__}: {argument} must be an int >= {least} or None, not {value!r}"
        )
    return value


def _levels(metric: Metric, thresholds: Any, default: float) -> list[float]:
    """The thresholds given (a number or a list, each in [0, 1]) as a list, or ``[default]``."""
    levels = [default] if thresholds is None else thresholds
    levels = [levels] if isinstance(levels, (int, float)) else list(levels)
    numbers = all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in levels)
    if not levels or not numbers or (thresholds is not None and not all(0 <= t <= 1 for t in levels)):
        raise ValueError(
            f"{type(metric).__name__}: thresholds must be numbers in [0, 1]. Received: {thresholds!r}"
        )
    return [float(t) for t in levels]


def _evenly_spread(thresholds: Sequence[float]) -> bool:
    """Keras's ``is_evenly_distributed_thresholds``: three or more thresholds, ``i / (n - 1)`` each
    (to float32's epsilon). Keras counts at those by buckets (see the module notes)."""
    count = len(thresholds)
    even = np.arange(count, dtype=np.float32) / max(count - 1, 1)
    return count >= 3 and bool(np.allclose(thresholds, even, atol=epsilon()))


def _counted(
    metric: Metric, y_true: Any, y_pred: Any, sample_weight: Any, top_k: int | None = None,
    class_id: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:  # fmt: skip
    """Targets, predictions (``top_k`` of each row kept) and weights as they are counted: of
    one shape, column ``class_id`` alone where one is given."""
    y_true, y_pred = _same_shape(metric, y_true, y_pred)
    weight = _spread(sample_weight, y_pred)
    if top_k is not None:
        kept = torch.zeros_like(y_pred).scatter_(-1, y_pred.topk(top_k, dim=-1).indices, 1.0)
        y_pred = y_pred * kept + NEG_INF * (1 - kept)
    if class_id is None:
        return y_true, y_pred, weight
    if y_pred.ndim < 2 or class_id >= y_pred.shape[-1]:
        raise ValueError(
            f"{type(metric).__name__} '{metric.name}': class_id={class_id} needs predictions with "
            f"more than {class_id} columns. Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    return y_true[..., class_id], y_pred[..., class_id], None if weight is None else weight[..., class_id]


def _same_shape(metric: Metric, y_true: Any, y_pred: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Targets and predictions as float32 tensors of one shape (a trailing column of 1 dropped)."""
    y_pred = torch.as_tensor(y_pred).detach().to(torch.float32)
    y_true = torch.as_tensor(y_true).detach().to(torch.float32)
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = y_pred[..., 0]
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"{type(metric).__name__} '{metric.name}' needs targets and predictions of one shape. "
            f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
        )
    return y_true, y_pred


def _spread(sample_weight: Any, like: torch.Tensor) -> torch.Tensor | None:
    """Sample weights over the values of their rows (None: all 1)."""
    if sample_weight is None:
        return None
    weight = torch.as_tensor(sample_weight).detach().to(torch.float32)
    while weight.ndim and weight.ndim < like.ndim:
        weight = weight[..., None]
    return weight.expand_as(like)


def _confusion(
    y_true: torch.Tensor,
    y_pred: torch.Tensor,
    weight: torch.Tensor | None,
    thresholds: Sequence[float],
    per_column: bool = False,
    evenly: bool = False,
) -> dict[str, torch.Tensor]:
    """The weighted counts at each threshold (a label: a target not zero; a positive: above
    the threshold, or ``evenly`` by Keras's buckets, see the module notes), ``(thresholds,)``,
    or ``(thresholds, columns)`` ``per_column``."""
    shape = (1, -1, y_pred.shape[-1]) if per_column else (1, -1)
    label = (y_true != 0).reshape(shape)
    at = (-1, *([1] * (len(shape) - 1)))  # one row per threshold
    if evenly:
        bucket = torch.ceil(y_pred.reshape(shape).clamp(0, 1) * (len(thresholds) - 1)) - 1
        if thresholds[0] < 0 or thresholds[-1] > 1:  # AUC's ends at -epsilon and 1 + epsilon
            bucket = bucket.clamp(min=0)
        predicted = bucket >= torch.arange(len(thresholds), dtype=torch.float32).reshape(at)
    else:
        predicted = y_pred.reshape(shape) > torch.tensor(thresholds, dtype=torch.float32).reshape(at)
    weights = torch.ones(()) if weight is None else weight.reshape(shape)
    return {
        name: ((truth & guess) * weights).sum(1)
        for name, truth, guess in (
            ("true_positives", label, predicted),
            ("false_positives", ~label, predicted),
            ("true_negatives", ~label, ~predicted),
            ("false_negatives", label, ~predicted),
        )
    }


def _ratio(numerator: torch.Tensor, denominator: torch.Tensor) -> torch.Tensor:
    """``numerator / denominator``, 0 where the denominator is 0 (Keras's divide_no_nan)."""
    safe = torch.where(denominator == 0, torch.ones(()), denominator)
    return torch.where(denominator == 0, torch.zeros(()), numerator / safe)


def _interpolated_pr_area(tp: torch.Tensor, fp: torch.Tensor, fn: torch.Tensor) -> torch.Tensor:
    """Keras's closed form of Davis and Goadrich's interpolation: precision varies along each
    interval between thresholds as true and predicted positives vary linearly."""
    dtp = tp[:-1] - tp[1:]
    p = tp + fp
    dp = p[:-1] - p[1:]
    slope = _ratio(dtp, dp.clamp(min=0))
    intercept = tp[1:] - slope * p[1:]
    both = (p[:-1] > 0) & (p[1:] > 0)
    p_ratio = torch.where(both, _ratio(p[:-1], p[1:].clamp(min=0)), torch.ones_like(p[1:]))
    return _ratio(slope * (dtp + intercept * torch.log(p_ratio)), (tp[1:] + fn[1:]).clamp(min=0)).sum(0)
