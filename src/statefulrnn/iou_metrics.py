"""Keras's intersection-over-union metrics: ``IoU``, ``MeanIoU``, ``BinaryIoU``, ``OneHotIoU``
and ``OneHotMeanIoU``, over a confusion matrix of class ids kept across batches, as Keras 3
keeps it.

Each value of the targets and predictions (class ids; with ``sparse_y_true=False`` or
``sparse_y_pred=False``, one-hot or scores whose ``argmax`` along ``axis`` is the id) adds its
sample's weight to the matrix at ``(true id, predicted id)``. Ids outside ``[0, num_classes)``,
and targets equal to ``ignore_class``, count nowhere. A class's IoU is ``true positives / (true
positives + false positives + false negatives)``; the result is the mean over the
``target_class_ids`` whose denominator is not zero (0 where none is).

The matrix is an int64 variable by default, as Keras's: weights and float ids are truncated to
integers (a float weight of 0.5 counts 0; a warning says so). Pass ``dtype="float32"`` for
fractional weights.

Example:
    >>> metric = MeanIoU(num_classes=2)
    >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(metric.result()), 4)  # each class: 1 / (1 + 1 + 1)
    0.3333
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from ._epsilon import epsilon
from .metric_base import Metric

__all__ = ["BinaryIoU", "IoU", "MeanIoU", "OneHotIoU", "OneHotMeanIoU"]


class IoU(Metric):
    """Keras's ``IoU(num_classes, target_class_ids, ignore_class=None, sparse_y_true=True,
    sparse_y_pred=True, axis=-1)``: the mean IoU of the classes ``target_class_ids``; see the
    module notes.

    Raises:
        ValueError: ``num_classes`` not a positive int, or a target class id outside
            ``[0, num_classes)``.
    """

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Sequence[int],
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        owner = type(self).__name__
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"{owner}: num_classes must be an int >= 1. Received: {num_classes!r}")
        ids = list(target_class_ids)
        if not ids or any(not 0 <= i < num_classes for i in ids):
            raise ValueError(
                f"{owner}: target_class_ids must be class ids in [0, {num_classes}). Received: {ids!r}"
            )
        super().__init__(name=name, dtype="int64" if dtype is None else dtype)
        self.num_classes, self.target_class_ids, self.ignore_class = num_classes, ids, ignore_class
        self.sparse_y_true, self.sparse_y_pred, self.axis = sparse_y_true, sparse_y_pred, axis
        self.total_cm = self.add_variable((num_classes, num_classes), "zeros", name="total_confusion_matrix")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: class ids of one shape (or one-hot/scores, see the module notes)."""
        y_true, y_pred = _tensor(y_true), _tensor(y_pred)
        if not self.sparse_y_true:
            y_true = y_true.argmax(self.axis)
        if not self.sparse_y_pred:
            y_pred = y_pred.argmax(self.axis)
        dtype, classes = self.total_cm.dtype, self.num_classes
        y_true, y_pred = y_true.to(dtype).reshape(-1), y_pred.to(dtype).reshape(-1)
        if len(y_true) != len(y_pred):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' compares {len(y_true)} target ids with {len(y_pred)} "
                f"predicted (sparse_y_true={self.sparse_y_true}, sparse_y_pred={self.sparse_y_pred}): one "
                f"of each for every value."
            )
        if sample_weight is None:
            weight = torch.ones((), dtype=dtype)
        else:
            weight = _tensor(sample_weight)
            if weight.is_floating_point() and not dtype.is_floating_point:
                warnings.warn(
                    f"{type(self).__name__} '{self.name}' counts in {self.dtype}: float sample weights are "
                    f"truncated to integers (as Keras's). Pass dtype='float32' to count fractional weights.",
                    stacklevel=2,
                )
            weight = weight.to(dtype).reshape(-1) if weight.ndim > 1 else weight.to(dtype)
            if weight.numel() not in (1, len(y_true)):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}' weighs each value of the batch: sample_weight "
                    f"needs one weight, or one for each of its {len(y_true)} values. Received: sample_weight "
                    f"of shape {tuple(_tensor(sample_weight).shape)}"
                )
        weight = weight.broadcast_to(y_true.shape)
        counted = (y_true >= 0) & (y_true < classes) & (y_pred >= 0) & (y_pred < classes)
        if self.ignore_class is not None:
            counted &= y_true != self.ignore_class
        cells = torch.where(counted, y_true * classes + y_pred, 0).long()
        matrix = torch.zeros(classes * classes, dtype=dtype).index_add_(
            0, cells, torch.where(counted, weight, 0)
        )
        self.total_cm.assign_add(matrix.reshape(classes, classes))

    def result(self) -> torch.Tensor:
        matrix = self.total_cm.as_subclass(torch.Tensor)
        true_positives = matrix.diagonal()
        denominator = matrix.sum(0) + matrix.sum(1) - true_positives
        ids = torch.tensor(self.target_class_ids)
        true_positives, denominator = true_positives[ids].float(), denominator[ids].float()
        valid = denominator > 1e-9
        iou = torch.where(valid, true_positives / (denominator + epsilon()), 0.0)
        return iou.sum() / (valid.sum().float() + epsilon())

    def get_config(self) -> dict[str, Any]:
        """Keras's config: the arguments the class takes (one that a subclass fixes is left out)."""
        config = {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
        taken = inspect.signature(type(self)).parameters
        return {key: value for key, value in config.items() if key in taken}


class MeanIoU(IoU):
    """Keras's ``MeanIoU(num_classes, ignore_class=None, sparse_y_true=True, sparse_y_pred=True,
    axis=-1)``: the mean IoU over every class."""

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        every = range(num_classes) if isinstance(num_classes, int) else ()  # IoU checks num_classes first
        super().__init__(num_classes, every, name, dtype, ignore_class, sparse_y_true, sparse_y_pred, axis)


class BinaryIoU(IoU):
    """Keras's ``BinaryIoU(target_class_ids=(0, 1), threshold=0.5)``: IoU of two classes, a
    prediction at or above ``threshold`` counting as class 1.

    Example:
        >>> metric = BinaryIoU(target_class_ids=[1], threshold=0.3)
        >>> metric.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
        >>> round(float(metric.result()), 4)  # class 1: 1 / (1 + 1 + 1)
        0.3333
    """

    def __init__(
        self,
        target_class_ids: Sequence[int] = (0, 1),
        threshold: float = 0.5,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(2, target_class_ids, name, dtype)
        self.threshold = threshold

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Count a batch: targets 0 or 1, predictions thresholded at ``threshold``."""
        super().update_state(y_true, _tensor(y_pred).float() >= self.threshold, sample_weight)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "threshold": self.threshold}


class OneHotIoU(IoU):
    """Keras's ``OneHotIoU(num_classes, target_class_ids, ignore_class=None, sparse_y_pred=False,
    axis=-1)``: `IoU` of one-hot targets (and, by default, class scores)."""

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Sequence[int],
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(num_classes, target_class_ids, name, dtype, ignore_class, False, sparse_y_pred, axis)


class OneHotMeanIoU(MeanIoU):
    """Keras's ``OneHotMeanIoU(num_classes, ignore_class=None, sparse_y_pred=False, axis=-1)``:
    `MeanIoU` of one-hot targets (and, by default, class scores)."""

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(num_classes, name, dtype, ignore_class, False, sparse_y_pred, axis)


def _tensor(values: Any) -> torch.Tensor:
    return values.detach() if isinstance(values, torch.Tensor) else torch.as_tensor(np.asarray(values))
