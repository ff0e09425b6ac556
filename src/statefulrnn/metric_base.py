"""Keras 3's ``keras.metrics.Metric``: the base of a metric a program writes itself, with the
variables it keeps between batches; and ``Mean`` and ``Sum``, the trackers of custom loops.

A subclass makes its state in ``__init__`` with `Metric.add_variable` (or Keras 2's
``add_weight``), adds each batch in ``update_state`` (``self.total.assign_add(...)``, with
`statefulrnn.ops` or torch), and computes ``result()`` from it; ``reset_state()`` sets every
variable to zeros, as Keras's does (not to the initializer's value: a metric that starts
elsewhere overrides it). ``compile(metrics=[MyMetric()])`` feeds it every batch of
``fit`` and ``evaluate`` (the real steps of a masked chunk), reads ``result()`` into the logs
under its ``name``, and starts each epoch, each validation and each ``evaluate`` from a fresh copy;
under ``torch.distributed`` the ranks' variables are added up (Keras's ``aggregation="sum"``).
Keras 3's stateless API (`StatelessMetric`) works on every metric that keeps its state in
``variables``: ``stateless_update_state``, ``stateless_result`` and ``stateless_reset_state``.

Example:
    >>> from statefulrnn import ops
    >>> class Positives(Metric):
    ...     def __init__(self, name="positives", **kwargs):
    ...         super().__init__(name=name, **kwargs)
    ...         self.count = self.add_variable(shape=(), initializer="zeros", name="count")
    ...     def update_state(self, y_true, y_pred, sample_weight=None):
    ...         self.count.assign_add(ops.sum(ops.cast(ops.greater(y_pred, 0.5), self.dtype)))
    ...     def result(self):
    ...         return self.count
    >>> metric = Positives()
    >>> metric.update_state([1, 0], [0.9, 0.7])
    >>> float(metric.result()), float(metric([0], [0.2]))  # a call adds a batch, then reads
    (2.0, 2.0)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import torch

from . import initializers
from ._keras_rules import tf_keras_rules
from .losses import same_rank  # Keras's squeeze_or_expand_to_same_rank


class Variable(torch.Tensor):
    """A metric's variable: a tensor (it computes as one) with Keras's ``assign``,
    ``assign_add`` and ``assign_sub``, which write in place and never carry gradients."""

    aggregation: str = "sum"
    _variable_name: str = "variable"

    @property
    def name(self) -> str:  # type: ignore[override] - Keras's variable name, not torch's dimension names
        return self._variable_name

    # Each writes through a plain-tensor alias of the same storage: an op on the subclass goes
    # through torch's subclass dispatch, several times slower, and a metric's update_state runs
    # every batch. A detached value writes no autograd history (no ``no_grad`` needed).
    def assign(self, value: Any) -> Variable:
        plain = self.as_subclass(torch.Tensor)
        plain.copy_(_written(value, plain))
        return self

    def assign_add(self, delta: Any) -> Variable:
        plain = self.as_subclass(torch.Tensor)
        plain.add_(_written(delta, plain))
        return self

    def assign_sub(self, delta: Any) -> Variable:
        plain = self.as_subclass(torch.Tensor)
        plain.sub_(_written(delta, plain))
        return self

    @property
    def value(self) -> torch.Tensor:
        """The value, as a plain tensor (a copy)."""
        return self.detach().clone().as_subclass(torch.Tensor)

    # Copies (a metric's fresh copy for each epoch) and pickles keep the name and aggregation.
    def __deepcopy__(self, memo: dict[int, Any]) -> Variable:
        memo[id(self)] = copy = _variable(self.value, self.aggregation, self.name)
        return copy

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return _variable, (self.value, self.aggregation, self.name)


def _written(value: Any, plain: torch.Tensor) -> Any:
    """``value`` as what an in-place op on ``plain`` takes: a Python number as it is (the
    cheapest), anything else a detached tensor of ``plain``'s dtype and device."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return torch.as_tensor(value, dtype=plain.dtype, device=plain.device).detach()


def _variable(value: torch.Tensor, aggregation: str, name: str) -> Variable:
    variable = value.as_subclass(Variable)
    variable.aggregation, variable._variable_name = aggregation, name
    return variable


def new_variable(name: str, value: Any = 0.0, dtype: torch.dtype = torch.float32) -> Variable:
    """A variable holding ``value`` (a number or an array), summed across ranks: a metric's
    state made outside `Metric.add_variable`.

    Example:
        >>> total = new_variable("total", 2.5)
        >>> total.name, float(total.assign_add(1.0))
        ('total', 3.5)
    """
    return _variable(torch.tensor(value, dtype=dtype), "sum", name)


def named_result(metric: Any) -> Any:
    """``metric.result()``, a tensor naming its metric (``_metric_obj``, as tf-keras's does),
    so that a layer's ``add_metric`` of a metric's call logs that metric under its own name."""
    result = metric.result()
    if isinstance(result, torch.Tensor):
        result._metric_obj = metric
    return result


class StatelessMetric:
    """Keras 3's stateless metric API, for a metric whose state is its ``variables`` (a
    `Metric`, `metric_classes.MeanMetricWrapper`): each method runs the metric's own
    ``update_state``, ``result`` or ``reset_state`` on the values it is given and leaves the
    metric's state as it was (Keras runs them in a ``StatelessScope``; here the values are set
    into the variables for the call, then the metric's own put back).

    A subclass whose ``variables`` are copies of its state made at each read gives `_set_state`
    and `_saved_state` of its own.

    Example:
        >>> mean = Mean()
        >>> state = mean.stateless_update_state(mean.variables, [1.0, 3.0])
        >>> [float(v) for v in state], float(mean.stateless_result(state)), float(mean.result())
        ([4.0, 2.0], 2.0, 0.0)
        >>> [float(v) for v in mean.stateless_reset_state()]
        [0.0, 0.0]
    """

    variables: list[Variable]  # the subclass's state, in a fixed order

    @property
    def metrics(self) -> list[Any]:
        """The metrics this one holds, as tf-keras's (a Layer there) lists them: none, unless a
        subclass sets its own (the TF time-series tutorial prints ``model.metrics[1].metrics``)."""
        return self.__dict__.get("_held_metrics", [])

    @metrics.setter
    def metrics(self, value: list[Any]) -> None:
        self.__dict__["_held_metrics"] = value

    def stateless_update_state(
        self, metric_variables: Sequence[Any], *args: Any, **kwargs: Any
    ) -> list[torch.Tensor]:
        """The variables' values after ``update_state(*args, **kwargs)`` from
        ``metric_variables`` (one value per variable, in the order of ``variables``)."""
        with _state_set(self, metric_variables):
            self.update_state(*args, **kwargs)  # type: ignore[attr-defined] - the subclass's
            return self._state_values()

    def stateless_result(self, metric_variables: Sequence[Any]) -> Any:
        """``result()`` of the state ``metric_variables`` (tensors in it copied: a result that
        is a variable itself must not change when the metric's own values come back)."""
        with _state_set(self, metric_variables):
            return _copied_result(self.result())  # type: ignore[attr-defined] - the subclass's

    def stateless_reset_state(self) -> list[torch.Tensor]:
        """The variables' values after ``reset_state()`` (zeros, but where a subclass's
        ``reset_state`` starts elsewhere)."""
        with _state_set(self, None):
            self.reset_state()  # type: ignore[attr-defined] - the subclass's
            return self._state_values()

    # ----- the state, for the methods above ----------------------------------------------------

    def _state_values(self) -> list[torch.Tensor]:
        """The variables' values, as plain tensors (copies)."""
        return [variable.value for variable in self.variables]

    def _set_state(self, values: Sequence[Any]) -> None:
        for variable, value in zip(self.variables, values, strict=True):
            variable.assign(value)

    def _saved_state(self) -> Sequence[Any]:
        """What `_set_state` puts back exactly (the variables' values)."""
        return self._state_values()


@contextmanager
def _state_set(metric: StatelessMetric, values: Sequence[Any] | None) -> Iterator[None]:
    """``metric`` holding the state ``values`` (None: its own) for the block, then its own state
    again, whatever the block did or raised.

    Raises:
        ValueError: not one value per variable (Keras's message); nothing is changed then.
    """
    expected = len(metric.variables)
    if values is not None and len(values) != expected:
        raise ValueError(
            f"Argument `metric_variables` must be a list of tensors corresponding 1:1 to "
            f"{type(metric).__name__}().variables. Received list with length {len(values)}, but "
            f"expected {expected} variables."
        )
    kept = metric._saved_state()
    try:
        if values is not None:
            metric._set_state(values)
        yield
    finally:
        metric._set_state(kept)


def _copied_result(result: Any) -> Any:
    """``result`` with each tensor in it (a dict's, a list's) a plain copy."""
    if isinstance(result, torch.Tensor):
        return result.detach().as_subclass(torch.Tensor).clone()
    if isinstance(result, dict):
        return {key: _copied_result(value) for key, value in result.items()}
    if isinstance(result, (list, tuple)):
        return type(result)(_copied_result(value) for value in result)
    return result


class Metric(StatelessMetric):
    """Keras's ``Metric``: subclass it, make variables in ``__init__``, write ``update_state``
    and ``result`` (and ``reset_state`` where zeros are not the start).

    Args:
        name: the log key (default: the class name in snake case, as Keras's).
        dtype: the variables' and the result's dtype (default floatx, float32).

    Raises:
        ValueError: ``aggregation`` other than Keras's, or an unknown dtype.
    """

    stateful = True  # fit feeds it batches (`update_state`) and reads `result()`

    def __init__(self, name: str | None = None, dtype: Any = None) -> None:
        from .layers.base import snake_case, unique_name
        from .ops import core

        self.name = self.__name__ = name or unique_name(snake_case(type(self).__name__))
        torch_dtype = core.standardize_dtype(dtype) or core.standardize_dtype(float)
        self.dtype = core._NAMES[torch_dtype]
        self._variables: list[Variable] = []

    def add_variable(
        self, shape: Sequence[int] = (), initializer: Any = "zeros", dtype: Any = None,
        aggregation: str = "sum", name: str | None = None,
    ) -> Variable:  # fmt: skip
        """A new variable of ``shape``, initialised by ``initializer`` (a Keras name, an
        initializer, or a number).

        ``aggregation`` is how ranks combine it under ``torch.distributed``: ``"sum"`` (Keras's
        default for metrics) adds them; ``"mean"``, ``"none"`` and ``"only_first_replica"`` are
        accepted and such a metric is refused in a distributed ``fit``.
        """
        from .ops import core

        if aggregation not in ("sum", "mean", "none", "only_first_replica"):
            raise ValueError(
                f"aggregation must be 'sum', 'mean', 'none' or 'only_first_replica'. "
                f"Received: {aggregation!r}"
            )
        torch_dtype = core.standardize_dtype(dtype) or core.standardize_dtype(self.dtype)
        variable = _variable(
            torch.empty(tuple(shape), dtype=torch_dtype),
            aggregation,
            name or f"variable_{len(self._variables)}",
        )
        _initialize(variable, initializer)
        self._variables.append(variable)
        return variable

    def add_weight(
        self, name: str | None = None, shape: Sequence[int] = (), initializer: Any = "zeros",
        dtype: Any = None, aggregation: str = "sum",
    ) -> Variable:  # fmt: skip
        """Keras 2's spelling of `add_variable` (the name first)."""
        return self.add_variable(shape, initializer, dtype, aggregation, name)

    @property
    def variables(self) -> list[Variable]:
        return list(self._variables)

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            f"{type(self).__name__} must define update_state(y_true, y_pred, sample_weight=None)."
        )

    def result(self) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define result().")

    def reset_state(self) -> None:
        """Every variable to zeros (Keras's)."""
        for variable in self._variables:
            variable.assign(torch.zeros_like(variable))

    def reset_states(self) -> None:
        """Keras 2's spelling of `reset_state`."""
        self.reset_state()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``update_state(*args, **kwargs)``, then ``result()`` (a tensor result names this
        metric, as tf-keras's does, for a layer's ``add_metric`` of it)."""
        self.update_state(*args, **kwargs)
        return named_result(self)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        return cls(**config)

    # The variables as numbers, for adding up ranks' metrics under torch.distributed.
    def sums(self) -> list[float]:
        kept = [v.name for v in self.variables if v.aggregation != "sum"]
        if kept:
            raise ValueError(
                f"Metric '{self.name}' cannot be added up across ranks: its variable {kept[0]!r} is "
                f"not aggregated by 'sum'."
            )
        return [value for v in self.variables for value in v.detach().double().flatten().tolist()]

    def set_sums(self, values: list[float]) -> None:
        at = 0
        for variable in self.variables:
            count = variable.numel()
            variable.assign(
                torch.tensor(values[at : at + count], dtype=torch.float64).reshape(variable.shape)
            )
            at += count


class Mean(Metric):
    """Keras's ``Mean``: the (weighted) mean of every value given to ``update_state``.

    Example:
        >>> mean = Mean(name="loss")
        >>> mean.update_state([1.0, 3.0])
        >>> mean.update_state(5.0, sample_weight=2.0)
        >>> float(mean.result())  # (1 + 3 + 2 * 5) / 4
        3.5
    """

    def __init__(self, name: str = "mean", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(name="total")
        self.count = self.add_variable(name="count")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add ``values``, weighted by ``sample_weight`` (see `weighted_values`, whose count of
        samples goes to ``count``)."""
        values, count = weighted_values(values, sample_weight, self.total.dtype, torch.mean)
        self.total.assign_add(values.sum())
        self.count.assign_add(count)

    def update_mean(self, mean: float, count: int) -> None:
        """Add a batch already reduced to its ``mean`` over ``count`` samples (a training step's
        loss, as Keras's loss tracker takes it: ``update_state(loss, sample_weight=rows)``)."""
        self.update_state(mean, sample_weight=count)

    def result(self) -> torch.Tensor:
        return (self.total / self.count if self.count else torch.zeros(())).as_subclass(torch.Tensor)


class Sum(Metric):
    """Keras's ``Sum``: the (weighted) sum of every value given to ``update_state``."""

    def __init__(self, name: str = "sum", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(name="total")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add the sum of ``values``, weighted by ``sample_weight`` (see `weighted_values`)."""
        values, _ = weighted_values(values, sample_weight, self.total.dtype, torch.sum)
        self.total.assign_add(values.sum())

    def result(self) -> torch.Tensor:
        return self.total.as_subclass(torch.Tensor).clone()


def weighted_values(
    values: Any, sample_weight: Any, dtype: torch.dtype, reduce: Any
) -> tuple[torch.Tensor, torch.Tensor]:
    """``values`` (as ``dtype``) times ``sample_weight``, ready to be summed, and the number of
    samples they count for, as Keras's ``Mean`` and ``Sum`` take them; ``reduce`` (``torch.mean``
    for ``Mean``, ``torch.sum`` for ``Sum``) folds the axes a weight does not cover.

    The two Kerases agree on the result but not on ``total`` and ``count`` (nor, so, on how
    calls of different shapes add up); statefulrnn follows the rules in force
    (`statefulrnn.config.set_keras_rules`):

    - Keras 3 (``reduce_to_samplewise_values``): values and weight brought to one rank
      (``squeeze_or_expand_to_same_rank``: a weight ``(N,)`` beside values ``(N, 1)`` becomes
      ``(N, 1)``), the values' axes past the weight's reduced, then each sample's values reduced
      to one; it counts a sample once, by its weight (the weight's mean over its axes past the
      first), or once each without weights (``N``; 1 for a scalar);
    - tf-keras (``Reduce.update_state``): a weight one rank short is expanded on its last axis
      (one rank over, squeezed), then broadcast to the values where TensorFlow's
      ``broadcast_weights`` allows (a scalar, or the same rank, each axis 1 or equal), else
      the values' axes past the weight's reduced; it counts every element, by its weight.

    Example:
        >>> values, weight = torch.tensor([[1.0], [2.0], [0.0]]), torch.tensor([0.5, 0.0, 1.0])
        >>> total, count = weighted_values(values, weight, torch.float32, torch.mean)
        >>> float(total.sum()), float(count)  # as Keras's Mean: 0.5 / 1.5
        (0.5, 1.5)
    """
    values = torch.as_tensor(values).detach().to(dtype)
    weight = None if sample_weight is None else torch.as_tensor(sample_weight).detach().to(dtype)
    try:
        return (_tf_keras_weighted if tf_keras_rules() else _keras3_weighted)(values, weight, reduce)
    except RuntimeError:  # shapes that do not broadcast, which both Kerases refuse too
        raise ValueError(
            f"sample_weight of shape {tuple(weight.shape)} does not fit values of shape "
            f"{tuple(values.shape)}: give one weight per sample (the values' first axis) or a "
            f"weight of the values' shape."
        ) from None


def _keras3_weighted(
    values: torch.Tensor, weight: torch.Tensor | None, reduce: Any
) -> tuple[torch.Tensor, torch.Tensor]:
    """Keras 3's ``reduce_to_samplewise_values`` and ``Mean``'s count (see `weighted_values`)."""
    if weight is not None:
        values, weight = same_rank(values, weight)
        if values.ndim > weight.ndim:
            values = reduce(values, dim=tuple(range(weight.ndim, values.ndim)))
        weight = torch.broadcast_to(weight, values.shape)
        values = values * weight
        if weight.ndim > 1:
            weight = reduce(weight, dim=tuple(range(1, weight.ndim)))
    if values.ndim > 1:
        values = reduce(values, dim=tuple(range(1, values.ndim)))
    if weight is not None:
        return values, weight.sum()
    return values, torch.tensor(float(values.shape[0]) if values.ndim else 1.0, dtype=values.dtype)


def _tf_keras_weighted(
    values: torch.Tensor, weight: torch.Tensor | None, reduce: Any
) -> tuple[torch.Tensor, torch.Tensor]:
    """tf-keras's ``Reduce.update_state`` (see `weighted_values`)."""
    if weight is None:
        return values, torch.tensor(float(values.numel()), dtype=values.dtype)
    if weight.ndim and weight.ndim == values.ndim + 1 and weight.shape[-1] == 1:
        weight = weight.squeeze(-1)  # losses_utils.squeeze_or_expand_dimensions
    elif weight.ndim and weight.ndim == values.ndim - 1:
        weight = weight.unsqueeze(-1)
    fits = weight.ndim == 0 or (
        weight.ndim == values.ndim and all(w in (1, v) for w, v in zip(weight.shape, values.shape))
    )
    if fits:  # TensorFlow's broadcast_weights
        weight = torch.broadcast_to(weight, values.shape)
    elif values.ndim > weight.ndim:
        values = reduce(values, dim=tuple(range(weight.ndim, values.ndim)))
    return values * weight, weight.sum()


def _initialize(variable: Variable, initializer: Any) -> None:
    if isinstance(initializer, (int, float)) and not isinstance(initializer, bool):
        variable.assign(torch.full(variable.shape, float(initializer)))
    else:
        variable.assign(initializers.get(initializer)(tuple(variable.shape), dtype=variable.dtype))


__all__ = ["Mean", "Metric", "Sum", "Variable"]
