"""Keras's metric classes (``keras.metrics.RootMeanSquaredError()``, ``MeanAbsoluteError()``,
``BinaryAccuracy(threshold=0.7)``, ...), for ``compile(metrics=[...])`` and for use alone.

Each is a metric function of `statefulrnn.metrics` (or of `statefulrnn.losses`) with its options
bound, under Keras's default name (the log key: ``root_mean_squared_error``,
``val_root_mean_squared_error``), averaged over every sample seen as Keras's ``Mean`` metrics
average (sample weights included); `RootMeanSquaredError` takes the square root of the mean
squared error at the end, as Keras's does (not the mean of per-batch roots). `R2Score` is no
mean of per-sample values: it keeps sums of its own, which ``fit`` feeds whole batches. Alone, they keep
Keras's state API: ``update_state(y_true, y_pred, sample_weight=None)``, ``result()`` (a
tensor: ``.numpy()`` works), ``reset_state()``.

Example:
    >>> rmse = RootMeanSquaredError()
    >>> rmse.update_state([[0.0], [0.0]], [[3.0], [4.0]])
    >>> rmse.name, round(float(rmse.result()), 5)  # sqrt((9 + 16) / 2)
    ('root_mean_squared_error', 3.53553)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import torch

from . import losses, metrics
from .metric_base import StatelessMetric, Variable, named_result, new_variable, weighted_values


class MeanMetricWrapper(StatelessMetric):
    """A metric function with its options, averaged over samples (Keras's ``MeanMetricWrapper``).

    `per_sample` gives each sample's values (what ``fit`` averages, per output); ``finish``
    turns the mean into the result (the identity but for `RootMeanSquaredError`). Called, it is
    Keras's metric object: ``update_state``, then the running ``result()``.

    Its state is Keras's ``Mean``'s, ``total`` and ``count``, counted as the Keras whose rules
    are in force counts them (`metric_base.weighted_values`: Keras 3 one per sample, tf-keras one
    per value), with Keras 3's stateless API (`metric_base.StatelessMetric`). They are kept as
    Python floats, the cheapest to add to at every batch of a custom loop; ``variables``
    (``[total, count]``) and the attributes ``total`` and ``count`` are float32 variables made
    from them at each read, where Keras's are the state itself: read them again after an update,
    and change the state through ``update_state`` / ``reset_state``, not ``assign``. ``fit``
    leaves them alone: it averages `per_sample` in trackers of its own, and writes those
    trackers' sums here when a pass ends.

    Args:
        fn: ``fn(y_true, y_pred, **options)`` -> per-sample values.
        name: the log key (default: the class's Keras name).
        dtype: accepted as Keras's (None or float32: results are float32).

    Example:
        >>> accuracy = SparseCategoricalAccuracy()
        >>> accuracy.update_state([0, 1, 2], [[0.9, 0.1, 0.0], [0.2, 0.8, 0.0], [0.6, 0.4, 0.0]])
        >>> [float(v) for v in accuracy.variables], round(float(accuracy.result()), 4)
        ([2.0, 3.0], 0.6667)
        >>> state = accuracy.stateless_update_state(accuracy.variables, [0], [[0.0, 1.0, 0.0]])
        >>> [float(v) for v in state], [float(v) for v in accuracy.variables]  # its own unchanged
        ([2.0, 4.0], [2.0, 3.0])
    """

    default_name: ClassVar[str] = "mean_metric_wrapper"

    def __init__(
        self, fn: Callable[..., torch.Tensor], name: str | None = None, dtype: Any = None, **options: Any
    ) -> None:
        if dtype not in (None, "float32", torch.float32):
            raise ValueError(
                f"{type(self).__name__}: dtype must be None or float32. Received: dtype={dtype!r}"
            )
        self.fn, self.name, self._options = fn, name if name is not None else self.default_name, options
        self.__name__ = self.name  # the log key, as for a function
        self.reset_state()

    def per_sample(self, y_true: Any, y_pred: Any) -> torch.Tensor:
        """Each sample's values (``fn`` with the metric's options)."""
        return self.fn(*losses._tensors(y_true, y_pred), **self._options)

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> torch.Tensor:
        """Keras's call of a metric object: ``update_state``, then the running ``result()``
        (which names this metric, for a layer's ``add_metric`` of it)."""
        self.update_state(y_true, y_pred, sample_weight)
        return named_result(self)

    def finish(self, mean: float) -> float:
        return mean

    # ----- Keras's state API, for a metric used alone ------------------------------------------

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        total, count = _sums(self.per_sample(y_true, y_pred).detach(), sample_weight)
        self._total += total
        self._count += count

    def result(self) -> torch.Tensor:
        mean = self._total / self._count if self._count else 0.0  # Keras's divide_no_nan
        return torch.tensor(self.finish(mean), dtype=torch.float32)

    def reset_state(self) -> None:
        self._total, self._count = 0.0, 0.0

    @property
    def total(self) -> Variable:
        return new_variable("total", value=self._total)

    @property
    def count(self) -> Variable:
        return new_variable("count", value=self._count)

    @property
    def variables(self) -> list[Variable]:
        """``[total, count]``, as Keras's ``Mean``'s (made at this read: see the class)."""
        return [self.total, self.count]

    # The stateless API's writes of the state (`metric_base.StatelessMetric`): the float sums.
    def _set_state(self, values: Sequence[Any]) -> None:
        self._total, self._count = (float(torch.as_tensor(value)) for value in values)

    def _saved_state(self) -> Sequence[Any]:
        return [self._total, self._count]  # the floats themselves: put back without rounding

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": "float32", **self._options}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> MeanMetricWrapper:
        """The metric `get_config` describes (Keras's ``Metric.from_config``)."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


def _sums(values: torch.Tensor, sample_weight: Any) -> tuple[float, float]:
    """What a batch of per-sample ``values`` adds to a `MeanMetricWrapper`'s total and count
    (Keras's ``Mean``'s, `metric_base.weighted_values`), the common cases first: one value per
    sample, unweighted or with one weight each, which both Kerases count alike."""
    values = values if values.is_floating_point() else values.float()
    if values.ndim <= 1:
        if sample_weight is None:
            return float(values.sum()), values.numel()
        weight = torch.as_tensor(sample_weight, dtype=values.dtype, device=values.device)
        if weight.shape == values.shape:
            return float((values * weight).sum()), float(weight.sum())
    values, count = weighted_values(values, sample_weight, torch.float32, torch.mean)
    return float(values.sum()), float(count)


def _metric_class(class_name: str, fn: Callable[..., torch.Tensor], keras_name: str, **defaults: Any) -> type:
    """Keras's class of a metric function whose options (``defaults``) are keyword arguments."""

    def init(self: Any, name: str | None = None, dtype: Any = None, **options: Any) -> None:
        unknown = sorted(set(options) - set(defaults))
        if unknown:
            takes = ", ".join(["name", "dtype", *defaults])
            raise TypeError(f"{class_name} got an unexpected argument {unknown[0]!r}. It takes: {takes}")
        MeanMetricWrapper.__init__(self, fn, name, dtype, **{**defaults, **options})

    doc = f"Keras's ``{class_name}``: `{fn.__name__}` averaged over samples" + (
        f" (options: {', '.join(f'{k}={v!r}' for k, v in defaults.items())})." if defaults else "."
    )
    namespace = {"default_name": keras_name, "__init__": init, "__doc__": doc, "__module__": __name__}
    return type(class_name, (MeanMetricWrapper,), namespace)


def _equal(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1 where ``y_pred == y_true``, element by element (Keras's ``Accuracy``)."""
    y_true, y_pred = losses.same_rank(*losses._tensors(y_true, y_pred))
    return (y_true == y_pred).to(torch.get_default_dtype())


def _cosine(y_true: Any, y_pred: Any, axis: int) -> torch.Tensor:
    """The cosine of the angle between target and prediction (the loss's negative), Keras's metric."""
    return -losses.cosine_similarity(y_true, y_pred, axis)


def _squared_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    y_true, y_pred = losses.same_rank(*losses._tensors(y_true, y_pred))
    return (y_pred - y_true).square()


class RootMeanSquaredError(MeanMetricWrapper):
    """Keras's ``RootMeanSquaredError``: ``sqrt(mean((y_pred - y_true)^2))`` over every value
    seen (each sample's weight on its values)."""

    default_name = "root_mean_squared_error"

    def __init__(self, name: str | None = None, dtype: Any = None) -> None:
        super().__init__(_squared_error, name, dtype)

    def finish(self, mean: float) -> float:
        return math.sqrt(mean)


MeanSquaredError = _metric_class("MeanSquaredError", losses.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _metric_class("MeanAbsoluteError", losses.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _metric_class(
    "MeanAbsolutePercentageError", losses.mean_absolute_percentage_error, "mean_absolute_percentage_error"
)
MeanSquaredLogarithmicError = _metric_class(
    "MeanSquaredLogarithmicError", losses.mean_squared_logarithmic_error, "mean_squared_logarithmic_error"
)
LogCoshError = _metric_class("LogCoshError", losses.log_cosh, "logcosh")
CosineSimilarity = _metric_class("CosineSimilarity", _cosine, "cosine_similarity", axis=-1)
PearsonCorrelation = _metric_class(
    "PearsonCorrelation", metrics.pearson_correlation, "pearson_correlation", axis=-1
)
ConcordanceCorrelation = _metric_class(
    "ConcordanceCorrelation", metrics.concordance_correlation, "concordance_correlation", axis=-1
)
KLDivergence = _metric_class("KLDivergence", losses.kl_divergence, "kl_divergence")
Poisson = _metric_class("Poisson", losses.poisson, "poisson")
Hinge = _metric_class("Hinge", losses.hinge, "hinge")
SquaredHinge = _metric_class("SquaredHinge", losses.squared_hinge, "squared_hinge")
CategoricalHinge = _metric_class("CategoricalHinge", losses.categorical_hinge, "categorical_hinge")
BinaryCrossentropy = _metric_class(
    "BinaryCrossentropy",
    losses.binary_crossentropy,
    "binary_crossentropy",
    from_logits=False,
    label_smoothing=0.0,
)
CategoricalCrossentropy = _metric_class(
    "CategoricalCrossentropy", losses.categorical_crossentropy, "categorical_crossentropy",
    from_logits=False, label_smoothing=0.0, axis=-1,
)  # fmt: skip
SparseCategoricalCrossentropy = _metric_class(
    "SparseCategoricalCrossentropy",
    losses.sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy",
    from_logits=False,
    ignore_class=None,
    axis=-1,
)
Accuracy = _metric_class("Accuracy", _equal, "accuracy")
BinaryAccuracy = _metric_class("BinaryAccuracy", metrics.binary_accuracy, "binary_accuracy", threshold=0.5)
CategoricalAccuracy = _metric_class(
    "CategoricalAccuracy", metrics.categorical_accuracy, "categorical_accuracy"
)
SparseCategoricalAccuracy = _metric_class(
    "SparseCategoricalAccuracy", metrics.sparse_categorical_accuracy, "sparse_categorical_accuracy"
)
TopKCategoricalAccuracy = _metric_class(
    "TopKCategoricalAccuracy", metrics.top_k_categorical_accuracy, "top_k_categorical_accuracy", k=5
)
SparseTopKCategoricalAccuracy = _metric_class(
    "SparseTopKCategoricalAccuracy",
    metrics.sparse_top_k_categorical_accuracy,
    "sparse_top_k_categorical_accuracy",
    k=5,
)


class R2Score:
    r"""Keras's ``R2Score``: the coefficient of determination of every value seen, per output
    column \(c\), from running sums (each sample's weight \(w\) on its row):

    \[
    R^2_c = 1 - \frac{\sum w (y_c - \hat y_c)^2}{\sum w y_c^2 - (\sum w y_c)^2 / \sum w}
    \]

    then averaged over the columns (``"uniform_average"``), weighted by their variances
    (``"variance_weighted_average"``) or kept per column (None); a column of constant targets
    scores 0 (Keras's). With ``num_regressors`` \(p\) > 0, the adjusted score \(1 - (1 - R^2)
    (n - 1) / (n - p - 1)\), \(n\) counting every target value, as Keras counts them (the
    plain score, with Keras's warning, where \(p \ge n - 1\)).

    Not a mean of per-sample values, so ``fit`` hands it whole batches (``update_state``) and
    reads ``result()`` at each log; sums are kept in float64 (Keras's in float32).

    Args:
        class_aggregation: ``"uniform_average"`` (default), ``"variance_weighted_average"`` or None.
        num_regressors: \(p\) (default 0: the plain score).
        name: the log key (default ``"r2_score"``).
        dtype: None or float32 (the result's).

    Example:
        >>> r2 = R2Score()
        >>> r2.update_state([[1.0], [2.0], [3.0]], [[1.0], [2.0], [4.0]])
        >>> round(float(r2.result()), 4)  # 1 - 1 / 2
        0.5
    """

    stateful = True  # fit feeds it batches rather than averaging per-sample values

    def __init__(
        self,
        class_aggregation: str | None = "uniform_average",
        num_regressors: int = 0,
        name: str = "r2_score",
        dtype: Any = None,
    ) -> None:
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ValueError(
                f"class_aggregation must be 'uniform_average', 'variance_weighted_average' or None. "
                f"Received: class_aggregation={class_aggregation!r}"
            )
        if not isinstance(num_regressors, int) or isinstance(num_regressors, bool) or num_regressors < 0:
            raise ValueError(
                f"num_regressors must be an int >= 0. Received: num_regressors={num_regressors!r}"
            )
        if dtype not in (None, "float32", torch.float32):
            raise ValueError(f"R2Score: dtype must be None or float32. Received: dtype={dtype!r}")
        self.class_aggregation, self.num_regressors = class_aggregation, num_regressors
        self.name = self.__name__ = name
        self.reset_state()

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": "float32", "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}  # fmt: skip

    def reset_state(self) -> None:
        # per column: sum(w y), sum(w y^2), sum(w (y - y_pred)^2), sum(w); then n, the values seen
        self._sums: torch.Tensor | None = None
        self._values = 0

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add a batch of ``(N, C)`` targets and predictions (``(N,)`` read as one column),
        weighted per row by ``sample_weight`` ``(N,)`` (or ``(N, C)``)."""
        y_pred = torch.as_tensor(y_pred).detach().to(torch.float64)
        y_true = torch.as_tensor(y_true).detach().to(torch.float64)
        if y_true.ndim == 1:
            y_true = y_true[:, None]
        if y_pred.ndim == 1:
            y_pred = y_pred[:, None]
        if y_true.ndim != 2 or y_true.shape != y_pred.shape:
            raise ValueError(
                f"R2Score expects targets and predictions of one shape (batch_size, output_dim). "
                f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
            )
        weight = torch.ones(()) if sample_weight is None else torch.as_tensor(sample_weight).detach()
        weight = weight.to(torch.float64)
        weight = (weight[:, None] if weight.ndim == 1 else weight).expand_as(y_true)
        weighted = weight * y_true
        residual = (y_true - y_pred).square() * weight
        batch = torch.stack([weighted.sum(0), (weighted * y_true).sum(0), residual.sum(0), weight.sum(0)])
        if self._sums is not None and self._sums.shape != batch.shape:
            raise ValueError(
                f"R2Score '{self.name}' has seen {self._sums.shape[1]} output columns; this batch has "
                f"{batch.shape[1]}."
            )
        self._sums = batch if self._sums is None else self._sums + batch
        self._values += y_true.numel()

    def result(self) -> torch.Tensor:
        if self._sums is None:
            return torch.tensor(0.0)
        total, squares, residual, count = self._sums
        variance = squares - total * (total / count)
        scores = 1 - residual / variance
        scores = torch.where(scores.isinf(), torch.zeros(()), scores)
        if self.class_aggregation == "uniform_average":
            score = scores.mean()
        elif self.class_aggregation == "variance_weighted_average":
            score = (variance * scores).sum() / variance.sum()
        else:
            score = scores
        n, p = self._values, self.num_regressors
        if p and p >= n - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted R2 score. Falling back to "
                "standard R2 score." if p > n - 1 else
                "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                stacklevel=2,
            )  # fmt: skip
        elif p:
            score = 1 - (1 - score) * (n - 1) / (n - p - 1)
        return score.to(torch.float32)

    # The running sums, for adding up ranks' metrics under torch.distributed.
    def sums(self) -> list[float]:
        return [] if self._sums is None else [*self._sums.flatten().tolist(), float(self._values)]

    def set_sums(self, values: list[float]) -> None:
        if self._sums is not None:
            self._sums = torch.tensor(values[:-1], dtype=torch.float64).reshape(self._sums.shape)
            self._values = int(values[-1])


__all__ = [
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "ConcordanceCorrelation",
    "CosineSimilarity",
    "Hinge",
    "KLDivergence",
    "LogCoshError",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "PearsonCorrelation",
    "Poisson",
    "R2Score",
    "RootMeanSquaredError",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy",
    "SquaredHinge",
    "TopKCategoricalAccuracy",
]
