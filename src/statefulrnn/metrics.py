"""Metrics by Keras's names, and their running means over an epoch; Keras's metric classes
(``metrics.RootMeanSquaredError()``, ...) come from `statefulrnn.metric_classes`.

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
from types import ModuleType
from typing import Any

import torch

from . import saving
from ._epsilon import epsilon
from ._keras_rules import tf_keras_rules
from .losses import (
    KLD,
    MAE,
    MAPE,
    MSE,
    MSLE,
    _tensors,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    hinge,
    huber,
    keras_function,
    kl_divergence,
    kld,
    log_cosh,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
    poisson,
    same_rank,
    sparse_categorical_crossentropy,
    squared_hinge,
)

MetricFunction = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

# Keras's metric functions include its loss functions (keras.metrics.mean_squared_error is
# keras.losses.mean_squared_error): they are re-exported from losses, not written twice; so are
# tf-keras's short names (tf.keras.metrics.mse(y, y_hat): the DeepLearning.AI course scores its
# forecasts so), which Keras 3's metrics module dropped.
__all__ = [
    "KLD",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "binary_accuracy",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "concordance_correlation",
    "deserialize",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "kld",
    "log_cosh",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "pearson_correlation",
    "poisson",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "squared_hinge",
    "top_k_categorical_accuracy",
]


def _matches(equal: torch.Tensor) -> torch.Tensor:
    return equal.to(torch.get_default_dtype())


@keras_function
def categorical_accuracy(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1 where ``argmax(y_pred) == argmax(y_true)`` on the last axis, else 0 (Keras's).

    Shapes:
        ``(N, ..., C)`` both -> ``(N, ...)``.

    Example:
        >>> categorical_accuracy(torch.tensor([[0, 0, 1], [0, 1, 0]]),
        ...                      torch.tensor([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
        tensor([0., 1.])
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    return _matches(y_pred.argmax(dim=-1) == y_true.argmax(dim=-1))


@keras_function
def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1 where ``argmax(y_pred)`` equals the integer target (Keras's).

    Shapes:
        y_true ``(N, ...)`` or ``(N, ..., 1)``, y_pred ``(N, ..., C)`` -> ``(N, ...)``.

    Example:
        >>> sparse_categorical_accuracy(torch.tensor([[2], [1]]),
        ...                             torch.tensor([[0.1, 0.6, 0.3], [0.05, 0.95, 0]]))
        tensor([0., 1.])
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true.squeeze(-1)
    return _matches(y_pred.argmax(dim=-1) == y_true)


@keras_function
def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> torch.Tensor:
    """1 where ``(y_pred > threshold) == y_true``, element by element (Keras 3's: no mean
    over the last axis; a running mean over all elements equals Keras's).

    Example:
        >>> binary_accuracy(torch.tensor([[1.0], [0.0]]), torch.tensor([[0.7], [0.7]]))
        tensor([[1.],
                [0.]])
    """
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    return _matches((y_pred > threshold).to(y_true.dtype) == y_true)


@keras_function
def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> torch.Tensor:
    """1 where the true class (``argmax(y_true)``) is among the ``k`` highest predictions."""
    y_true, y_pred = _tensors(y_true, y_pred)
    return sparse_top_k_categorical_accuracy(y_true.argmax(dim=-1), y_pred, k=k)


@keras_function
def sparse_top_k_categorical_accuracy(
    y_true: Any, y_pred: Any, k: int = 5, from_sorted_ids: bool = False
) -> torch.Tensor:
    """1 where the integer target is among the ``k`` highest predictions (or, with
    ``from_sorted_ids=True``, among the first ``k`` of ``y_pred``'s class ids, best first).

    As TensorFlow's ``in_top_k``, a target tied with the k-th score counts as in the top k.
    """
    y_true, y_pred = _tensors(y_true, y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true.squeeze(-1)
    if from_sorted_ids:
        return _matches((y_pred[..., :k] == y_true.unsqueeze(-1)).any(dim=-1))
    target = y_pred.gather(-1, y_true.long().unsqueeze(-1))
    k_th = y_pred.topk(min(k, y_pred.shape[-1]), dim=-1).values[..., -1:]
    return _matches((target >= k_th).squeeze(-1))


@keras_function
def pearson_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Pearson's correlation of target and prediction along ``axis``, per sample (Keras 3's:
    population standard deviations; NaN where either is constant along the axis).

    Example:
        >>> pearson_correlation(torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([[2.0, 4.0, 7.0]]))
        tensor([0.9934])
    """
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    true, pred = y_true - y_true.mean(axis, keepdim=True), y_pred - y_pred.mean(axis, keepdim=True)
    true = true / true.std(axis, correction=0, keepdim=True)
    pred = pred / pred.std(axis, correction=0, keepdim=True)
    return (true * pred).mean(axis)


@keras_function
def concordance_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Lin's concordance correlation of target and prediction along ``axis``, per sample:
    ``2 cov / (var_true + var_pred + (mean_true - mean_pred)^2)``, written as Keras 3 computes
    it (its 1e-7 added to the denominator)."""
    y_true, y_pred = same_rank(*_tensors(y_true, y_pred))
    true_mean, pred_mean = y_true.mean(axis, keepdim=True), y_pred.mean(axis, keepdim=True)
    true_var = (y_true - true_mean).var(axis, correction=0, keepdim=True)
    pred_var = (y_pred - pred_mean).var(axis, correction=0, keepdim=True)
    # Keras centres the target on the prediction's mean: the same covariance, as the
    # prediction's deviations sum to zero
    covariance = (y_true - pred_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + (true_mean - pred_mean).square()
    return (2 * covariance / (norm + epsilon())).mean(axis)


_BY_NAME: dict[str, MetricFunction] = {
    # the metric functions (tf-keras's short names among them)
    **{name: globals()[name] for name in __all__ if name not in ("get", "serialize", "deserialize")},
}


def resolve(identifier: str | MetricFunction, y_true: torch.Tensor, y_pred: torch.Tensor) -> MetricFunction:
    """The metric function for ``identifier``, given a batch's targets and predictions.

    Raises:
        ValueError: an unknown name (the known ones are listed).
    """
    per_sample = getattr(identifier, "per_sample", None)
    if callable(per_sample):  # a metric class of a function (MeanMetricWrapper): its values
        return per_sample
    if callable(identifier) or getattr(identifier, "stateful", False):  # a function, or R2Score
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


def metric_object(identifier: Any) -> Any:
    """``identifier`` itself, or, for the name of one of Keras's metric classes that is no
    metric function's (``"precision"``, ``"auc"``, ``"AUC"``, ``"f1_score"``,
    ``"RootMeanSquaredError"``), an instance of that class under that name, as Keras 3's
    ``compile`` makes one (its log key is the name as given).

    Example:
        >>> metric = metric_object("precision")
        >>> type(metric).__name__, metric.name, metric_object("mae")
        ('Precision', 'precision', 'mae')
    """
    if not isinstance(identifier, str) or identifier.lower() in (*_BY_NAME, "accuracy", "acc"):
        return identifier
    cls = _metric_class(identifier, with_base=False)
    if cls is None or cls.__name__ == "MeanMetricWrapper":
        return identifier
    return cls() if _named_by_class(identifier, cls) else cls(name=identifier)


def _named_by_class(identifier: str, cls: type) -> bool:
    """Whether a metric given by the name of its class logs under the class's default name:
    under tf-keras's rules (its ``metrics.get`` makes the class's instance, ``"AUC"`` -> ``auc``,
    ``"RootMeanSquaredError"`` -> ``root_mean_squared_error``); Keras 3 logs the name given."""
    return tf_keras_rules() and identifier == cls.__name__


def get(identifier: Any) -> Any:
    """Keras 3's ``keras.metrics.get``: a metric object for ``identifier``.

    A name is one of Keras's metric classes by its class name, its snake_case or Keras's
    aliases (``"mse"``/``"MSE"``, ``"mae"``, ``"mape"``, ``"msle"``, ``"bce"``), and gives a
    new instance with the class's own default name (Keras 3 maps every name to a class,
    ``"categorical_crossentropy"`` and ``"accuracy"`` included); a dict ``{"class_name": ...,
    "config": {...}}`` gives that class made with that config; a class gives an instance; any
    other callable (a function, a metric object) is returned as it is; None gives None.

    Raises:
        ValueError: a name or dict that names no metric class (statefulrnn has every one of
            Keras 3.15's), or something that is neither a name, a dict nor callable.

    Example:
        >>> metric = get("mse")
        >>> type(metric).__name__, metric.name
        ('MeanSquaredError', 'mean_squared_error')
        >>> get({"class_name": "Precision", "config": {"thresholds": 0.3}}).thresholds
        [0.3]
    """
    if identifier is None:
        return None
    found = identifier
    if isinstance(identifier, dict):
        custom = saving.make_custom_object(identifier)  # the program's own first, as in Keras
        if custom is not None:
            return custom
        name, config = identifier.get("class_name"), identifier.get("config") or {}
        if name == "function" and isinstance(config, str):  # a function of ours, by its name
            found = saving.own_function(config)
        else:
            found = _metric_class(name) if isinstance(name, str) and isinstance(config, dict) else None
            if found is not None:
                return found(**config)
    elif isinstance(identifier, str):
        found = _metric_class(identifier)
    if not callable(found):
        raise ValueError(
            f"Could not interpret metric identifier: {identifier!r:.200}. Expected a Keras metric "
            "class's name (its class name or snake_case, or mse/mae/mape/msle/bce), a dict "
            "{'class_name': ..., 'config': {...}}, a metric class or a callable."
        )
    return found() if isinstance(found, type) else found


def serialize(metric: Any) -> dict[str, Any] | None:
    """Keras's ``metrics.serialize``: a metric object as ``{"module", "class_name", "config",
    "registered_name"}``, a function as ``{"class_name": "function", "config": name, ...}``
    (`saving.serialize_setting`), which `get` and `deserialize` read back.

    Example:
        >>> serialize(get("mae"))["class_name"], serialize(mean_absolute_error)["config"]
        ('MeanAbsoluteError', 'mean_absolute_error')
    """
    return saving.serialize_setting(metric)


def deserialize(config: dict[str, Any] | str, custom_objects: dict[str, Any] | None = None) -> Any:
    """Keras's ``metrics.deserialize``: `get` of ``config``, a program's class or function found
    in ``custom_objects`` first.

    Example:
        >>> deserialize({"class_name": "MeanAbsoluteError", "config": {"name": "mae"}}).name
        'mae'
    """
    return saving.deserialize_setting(get, config, custom_objects)


# Keras 3's short names of metric classes (keras.metrics.get("MSE"), ...).
_CLASS_ALIASES = {
    alias: cls
    for short, cls in {
        "mse": "MeanSquaredError",
        "mae": "MeanAbsoluteError",
        "mape": "MeanAbsolutePercentageError",
        "msle": "MeanSquaredLogarithmicError",
        "bce": "BinaryCrossentropy",
    }.items()
    for alias in (short, short.upper())
}


def _metric_class(identifier: str, with_base: bool = True) -> type | None:
    """Keras's metric class that ``identifier`` names (class name, its snake_case, or an alias
    of `_CLASS_ALIASES`), among statefulrnn's metric classes (and, ``with_base``, ``Metric``,
    ``Mean`` and ``Sum``); None where none does."""
    from .layers.base import snake_case

    identifier = _CLASS_ALIASES.get(identifier, identifier)
    modules = _class_modules()
    for module in modules if with_base else modules[:-1]:
        for name in module.__all__:
            cls = getattr(module, name)
            if isinstance(cls, type) and identifier in (name, snake_case(name)):
                return cls
    return None


def display_name(identifier: Any) -> str:
    """The log key Keras uses: the name as given (under tf-keras's rules a metric class's name
    gives the class's default name, `_named_by_class`); for an object, as Keras's
    ``get_object_name``: its ``name`` (a `Loss` instance given as a metric, named ``"smape"``),
    else a function's ``__name__`` (snake-cased under Keras 3's rules), else its class's name
    snake-cased."""
    from .layers.base import snake_case  # the layers import the metrics

    if not isinstance(identifier, str):
        name = getattr(identifier, "name", None)
        if isinstance(name, str):
            return name
        function_name = getattr(identifier, "__name__", None)
        if isinstance(function_name, str):
            return function_name if tf_keras_rules() else snake_case(function_name)
        return snake_case(type(identifier).__name__)
    cls = _metric_class(identifier, with_base=False) if tf_keras_rules() else None
    return cls().name if cls is not None and _named_by_class(identifier, cls) else identifier


class MeanMetric:
    """A running mean of per-sample values, weighted by how many samples each batch had;
    ``finish`` turns the mean into the result (a metric class's, `RootMeanSquaredError`'s root)."""

    def __init__(self, finish: Callable[[float], float] | None = None) -> None:
        self.total = 0.0
        self.count = 0
        self.finish = finish

    def update(self, values: torch.Tensor) -> None:
        self.total += float(values.detach().sum())
        self.count += values.numel()

    def update_mean(self, mean: float, count: int) -> None:
        """Add a batch already reduced to its mean (the loss) over ``count`` samples."""
        self.total += mean * count
        self.count += count

    def result(self) -> float:
        mean = self.total / self.count if self.count else float("nan")
        return mean if self.finish is None else self.finish(mean)

    # The running sums, for adding up ranks' metrics under torch.distributed.
    def sums(self) -> list[float]:
        return [self.total, float(self.count)]

    def set_sums(self, values: list[float]) -> None:
        self.total, self.count = values


def _class_modules() -> tuple[ModuleType, ...]:
    """The modules of Keras's metric classes, the base of a program's own last."""
    from . import confusion_metrics, iou_metrics, metric_base, metric_classes

    return metric_classes, confusion_metrics, iou_metrics, metric_base


def __getattr__(name: str) -> Any:
    """Keras's metric classes (`statefulrnn.metric_classes`, as ``metrics.RootMeanSquaredError``;
    `statefulrnn.confusion_metrics`: ``metrics.Precision``, ``Recall``, ...;
    `statefulrnn.iou_metrics`: ``metrics.MeanIoU``, ...) and the base of a program's own
    (`statefulrnn.metric_base`: ``metrics.Metric``, ``Mean``, ``Sum``): loaded on first use, as
    those modules build on this one."""
    for module in _class_modules():
        if name in module.__all__:
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
