"""What ``compile`` sets up for each model output: its loss, loss weight and metrics, as Keras 3's
``CompileLoss`` and ``CompileMetrics`` do, and how targets and sample weights find their output.

Keras 3's rules, for a model with outputs named after the layers that make them
(``model.output_names``), or by their keys for a model whose outputs are a dict
(``Model(inputs, {"price": ..., "side": ...})``: `compile_names`):

- ``loss``: one loss for every output, a list (one per output, None for none) or a dict by
  output name (every output named, None for none; for a dict of outputs, a key left out has
  none). The loss minimised is ``sum(loss_weight_i * loss_i)``.
- a list for a dict of outputs (``loss``, ``loss_weights``, ``metrics``, ``y``) follows its
  keys sorted, as Keras flattens a dict.
- ``loss_weights``: a list, or a dict by output name (a name left out weighs 1); a number for a
  single output.
- ``metrics``: for one output, a list; for several, a list with one entry per output (a metric
  or a list of them) or a dict by output name (outputs left out get none).
- ``weighted_metrics``: as ``metrics``, but weighted by ``sample_weight`` (or ``class_weight``):
  ``sum(value * weight) / sum(weight)``; plain ``metrics`` are not weighted.
- logs: ``loss``; ``<output>_loss`` (unweighted) when more than one output has a loss
  (listed in the outputs' order; for a dict of outputs, in the order of a ``loss`` dict's keys,
  else of the outputs dict's);
  ``<output>_<metric>`` for several outputs, ``<metric>`` for one; a weighted metric whose name
  a plain one has is logged as ``weighted_<metric>``.

A subclassed model's outputs are what its ``call`` returns, so their number shows at the first
batch, as in Keras (`named_by_compile`, then `named_by_targets`): several are logged by their
losses' and metrics' own names under Keras 3's rules where those are distinct
(`keras3_unnamed`), else as ``output_1``, ``output_2``, ... as tf-keras names them (Keras 3.15.1
logs two ``mse`` losses under one ``mse_loss``, and refuses one loss with a list of
``loss_weights``, which tf-keras gives every output).

Each output's loss is Keras's ``"sum_over_batch_size"``: ``sum(loss * sample_weight) / size``,
``size`` being the number of per-sample (or per-step) loss values, not the sum of the weights;
with a step mask, the sum runs over real steps and ``size`` counts them.

Where Keras 3.15.1 has a quirk we do not copy: a ``loss_weights`` dict given with a ``loss``
list is read by output name (Keras pairs the dict's values, sorted by key, with the list);
``loss_weights`` as a list with one loss for every output weighs each output (Keras refuses);
a per-sample ``sample_weight`` ``(N,)`` for a per-step output weighs all the steps of each
sample (Keras fails on the shapes).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from .. import losses, metrics
from .._keras_rules import tf_keras_rules
from .data import as_tensor


def input_names(model: Any) -> list[str]:
    """The names ``x`` may be keyed by: each ``Input``'s name, in the model's order."""
    inputs = getattr(model, "_inputs", None)
    return [tensor.node.layer.name for tensor in inputs] if inputs else []


def output_names(model: Any) -> list[str]:
    """Keras's ``model.output_names``: the name of the layer that makes each output; under
    tf-keras's rules a name already given is numbered, as tf-keras's ``_set_output_names``
    numbers it (a decoder's ``Dense`` called once per step: ``dense``, ``dense_1``, ...)."""
    outputs = getattr(model, "_outputs", None)
    if not outputs:
        layers = getattr(model, "layers", None)
        return [layers[-1].name] if layers else ["output"]
    names = [tensor.node.layer.name for tensor in outputs]
    if not tf_keras_rules():
        return names
    unique: list[str] = []
    counts: dict[str, int] = {}
    for name in names:
        proposal = name
        while proposal in unique:
            count = counts.get(name, 1)
            proposal, counts[name] = f"{name}_{count}", count + 1
        unique.append(proposal)
    return unique


def named_by_compile(loss: Any, loss_weights: Any, metrics: Any) -> list[str] | None:
    """A subclassed model's outputs as ``compile``'s structures name them before its first
    batch: a ``loss`` or ``loss_weights`` dict's keys, sorted, or one name per entry of a list of
    several (``loss``, ``loss_weights``, or ``metrics`` holding one list per output), tf-keras's
    ``output_1``, ``output_2``, ...; None where they do not tell.

    Example:
        >>> named_by_compile("mse", [0.9, 0.1], None), named_by_compile("mse", None, ["mae"])
        (['output_1', 'output_2'], None)
    """
    for spec in (loss, loss_weights):
        if isinstance(spec, dict) and spec:
            return sorted(spec)
        if isinstance(spec, (list, tuple)) and len(spec) > 1:
            return pseudo_names(len(spec))
    per_output = isinstance(metrics, (list, tuple)) and all(m is None or _is_nested(m) for m in metrics)
    if per_output and len(metrics) > 1:
        return pseudo_names(len(metrics))
    return None


def named_by_targets(y: Any) -> list[str] | None:
    """A subclassed model's outputs as its first targets name them: a dict's keys, sorted, or
    ``output_1``, ``output_2``, ... for a list or tuple of several arrays; None for one."""
    if isinstance(y, dict) and len(y) > 1:
        return sorted(y)
    return pseudo_names(len(y)) if several_arrays(y) else None


def several_arrays(data: Any) -> bool:
    """Whether ``data`` is a list or tuple of several arrays (one per input or output of a
    subclassed model), not one array written as a list."""
    arrays = (np.ndarray, torch.Tensor)
    # exactly a list or tuple: a subclass (`InputsByKey`: a dict's values) keeps its kind
    return type(data) in (list, tuple) and len(data) > 1 and all(isinstance(v, arrays) for v in data)


def keras3_unnamed(count: int, loss: Any, metrics_spec: Any) -> list[str] | None:
    """Keras 3's names for ``count`` outputs that have none (a subclassed model's): each
    output's loss logs under its loss's name (``mean_squared_error_loss``) and its metrics under
    their own (``CompileLoss.build``); None where that names two alike (Keras 3 then logs
    them under one key, one of them lost) or an output has no loss: tf-keras's ``output_1``,
    ``output_2``, ... serve instead.

    Example:
        >>> keras3_unnamed(2, ["mean_squared_error", "sparse_categorical_crossentropy"], None)
        ['mean_squared_error', 'sparse_categorical_crossentropy']
        >>> keras3_unnamed(2, "mse", None) is None  # both "mse"
        True
    """
    specs = list(loss) if isinstance(loss, (list, tuple)) else [loss] * count
    if len(specs) != count or any(spec is None for spec in specs):
        return None
    names = [_loss_name(spec) for spec in specs]
    per_output = (
        metrics_spec if isinstance(metrics_spec, (list, tuple)) and len(metrics_spec) == count else None
    )
    metric_names = [
        metrics.display_name(metric) for entry in per_output or [] for metric in _as_sequence(entry or [])
    ]
    taken = names + metric_names
    return names if len(set(taken)) == len(taken) else None


def _loss_name(spec: Any) -> str:
    """A loss's name as Keras 3 logs it: a name as given, a loss object's ``name``, a function's."""
    name = getattr(spec, "name", None)
    return spec if isinstance(spec, str) else name if isinstance(name, str) else metrics.display_name(spec)


def pseudo_names(count: int) -> list[str]:
    """tf-keras's ``create_pseudo_output_names`` for a model without symbolic outputs."""
    return [f"output_{index}" for index in range(1, count + 1)]


def output_keys(model: Any) -> list[str] | None:
    """The keys of a model's dict of outputs in the dict's order (None for other models)."""
    return getattr(model, "__dict__", {}).get("_output_keys")


def compile_names(model: Any) -> list[str]:
    """The names ``compile``, ``fit``'s ``y`` and the logs give each output: a dict of outputs'
    keys, sorted (the order of `outputs`, as Keras flattens a dict), else `output_names`."""
    keys = output_keys(model)
    return output_names(model) if keys is None else sorted(keys)


def predictions(y_pred: Any, names: Sequence[str]) -> list[Any]:
    """The model's outputs as a list by output: a list or tuple as it is, a dict by ``names``
    (`compile_names`), one tensor as a list of one.

    Raises:
        ValueError: a dict whose keys are not ``names``.
    """
    if isinstance(y_pred, (list, tuple)):
        return list(y_pred)
    if isinstance(y_pred, dict):
        return by_name(y_pred, names, "The model's dict of outputs")
    return [y_pred]


def by_name(
    data: Any, names: Sequence[str], what: str, required: bool = True, extra: bool = False
) -> list[Any]:
    """``data`` given for each of ``names`` (a list or tuple in that order, a dict by name, or
    one array when there is one name) as a list in the order of ``names``; with ``required``
    False, a name a dict leaves out gets None; with ``extra``, keys not in ``names`` are
    ignored (Keras ignores inputs a model does not take).

    Raises:
        ValueError: a wrong count, an unknown key, or a missing one.
    """
    count = len(names)
    if isinstance(data, dict):
        unknown = [key for key in data if key not in names]
        missing = [name for name in names if name not in data]
        if (unknown and not extra) or (missing and required):
            raise ValueError(
                f"{what} is a dict keyed by name, so its keys must be among {list(names)}"
                f"{'' if not required else ' (all of them)'}. Received: keys={list(data)}"
            )
        return [data.get(name) for name in names]
    kind = "inputs" if extra else "outputs"
    if isinstance(data, (list, tuple)) and (count > 1 or _is_one_array_list(data)):
        if len(data) != count:
            raise ValueError(
                f"The model has {count} {kind} {list(names)}, so {what} "
                f"must be a list of {count} arrays (or a dict by name). Received: a list of {len(data)}"
            )
        return list(data)
    if count > 1:
        raise ValueError(
            f"The model has {count} {kind} {list(names)}, so {what} must "
            f"be a list of {count} arrays or a dict by name. Received: one {type(data).__name__}"
        )
    return [data]


def nested_numbers(data: Any) -> bool:
    """Whether ``data`` is a list or tuple of numbers, or of such lists (first items followed
    down, as tf-keras's ``ListsOfScalarsDataAdapter`` tells them): one array written as lists.

    Example:
        >>> nested_numbers([[0, 1, 2], [2, 1, 0]]), nested_numbers([np.zeros(3), np.ones(3)])
        (True, False)
    """
    if type(data) not in (list, tuple) or not data:
        return False
    while type(data) in (list, tuple) and data:
        data = data[0]
    return isinstance(data, (int, float, np.number))


def _is_one_array_list(data: Sequence[Any]) -> bool:
    """``[array]``, the list form of a single input or output (not a nested list of numbers)."""
    return len(data) == 1 and isinstance(data[0], (np.ndarray, torch.Tensor))


def match_rank(y_true: torch.Tensor, y_pred: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Keras's ``squeeze_or_expand_to_same_rank`` for targets: ``(N,)`` for an ``(N, 1)``
    output, ``(N, T)`` for ``(N, T, 1)``.

    Where Keras squeezes the prediction's last axis of 1 (``(N, T)`` against ``(N, T, 1)``), we
    give the target that axis instead: the losses are the same values, kept per step, so
    per-step sample weights and masks apply to them.
    """
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        return y_true.unsqueeze(-1), y_pred
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        return (y_true, y_pred.unsqueeze(-1)) if y_pred.ndim == 1 else (y_true.squeeze(-1), y_pred)
    return y_true, y_pred


def class_weights(y_true: torch.Tensor, y_pred: torch.Tensor, class_weight: dict[int, float]) -> torch.Tensor:
    """Keras's ``class_weight`` as sample weights: each sample's class (its integer target, or
    the argmax of a one-hot target), rounded, weighs ``class_weight[class]`` (1 if absent).

    Integer targets for a per-step output (``(N, T)`` for ``(N, T, C)``) weigh each step; Keras
    would take the argmax over the steps there.

    Example:
        >>> class_weights(torch.tensor([0, 2, 1]), torch.zeros(3, 3), {2: 5.0})
        tensor([1., 5., 1.])
    """
    labels = y_true
    if labels.ndim == y_pred.ndim:  # one-hot, or (N, 1) integers
        labels = labels.squeeze(-1) if labels.shape[-1] == 1 else labels.argmax(dim=-1)
    labels = torch.round(labels.double()).long()
    weights = torch.ones(labels.shape, dtype=y_pred.dtype, device=labels.device)
    for label, weight in class_weight.items():
        weights[labels == label] = float(weight)
    return weights


def weighted_mean(
    values: torch.Tensor, weight: torch.Tensor | None, mask: torch.Tensor | None, total: bool = False
) -> torch.Tensor:
    """Keras's ``"sum_over_batch_size"`` of per-sample (or per-step) ``values``: their sum,
    each times its ``weight``, over their number (over the real steps under a ``mask``); with
    ``total``, the sum alone (a loss's ``reduction="sum"``).

    Example:
        >>> float(weighted_mean(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 0.0]), None))
        0.5
    """
    if weight is not None:
        values = values * losses.expand_weight(weight, values)
    if mask is not None:
        values = values * mask.to(values.dtype)
    if total:
        return values.sum()
    return values.sum() / max(values.numel() if mask is None else int(mask.sum()), 1)


@dataclass
class Output:
    """One output's part of ``compile``: its loss (None: none), weight and metrics."""

    name: str
    loss: Any
    weight: float
    metric_ids: list[Any]  # its metrics, then its weighted_metrics
    metric_names: list[str]  # the log keys of its metrics
    weighted: list[bool] = field(default_factory=list)  # which metrics sample weights weigh
    metric_fns: list[metrics.MetricFunction] | None = field(default=None, repr=False)
    # Whether the loss is one of statefulrnn.losses' own, whose targets we check against the
    # output's shape; a user's callable (or a torch loss) gets y and y_pred as they come.
    ours: bool = True


@dataclass
class BatchResult:
    """One batch's total loss (with its graph; None when not asked for), each output's
    unweighted loss, metric values."""

    loss: torch.Tensor | None
    output_losses: dict[str, float]
    metric_values: dict[str, torch.Tensor]
    metric_weights: dict[str, torch.Tensor] = field(default_factory=dict)  # of weighted metrics
    # A stateful metric's batch (`R2Score`): targets, predictions and sample weights or None.
    metric_batches: dict[str, tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]] = field(
        default_factory=dict
    )


class CompiledOutputs:
    """``compile``'s ``loss``, ``loss_weights``, ``metrics`` and ``weighted_metrics`` resolved
    per output.

    Args:
        names: the model's output names (`compile_names`).
        loss, loss_weights, metric_spec, weighted_spec: as ``compile`` got them
            (``weighted_spec`` is ``weighted_metrics``, in the structure of ``metrics``).
        keys: for a model whose outputs are a dict, its keys in the dict's order (`output_keys`):
            then a ``loss`` dict may leave outputs out, and the outputs' losses are listed in the
            order of its keys (else of ``keys``), as Keras lists them.
        prefixed: whether several outputs' metrics are logged under ``<output>_<metric>``
            (False for Keras 3's outputs without names, `keras3_unnamed`).

    Raises:
        ValueError: a loss, weight or metric structure that does not fit the outputs.

    Example:
        >>> losses_by_output = {"value": "mse", "label": "sparse_categorical_crossentropy"}
        >>> compiled = CompiledOutputs(["value", "label"], losses_by_output, [1.0, 0.5], {"label": "acc"})
        >>> compiled.log_names()
        ['loss', 'value_loss', 'label_loss', 'label_acc']
    """

    def __init__(
        self, names: Sequence[str], loss: Any, loss_weights: Any, metric_spec: Any, weighted_spec: Any = None,
        keys: Sequence[str] | None = None, prefixed: bool = True,
    ) -> None:  # fmt: skip
        self.names = list(names)
        prefixes = [f"{name}_" if len(self.names) > 1 and prefixed else "" for name in self.names]
        # A loss dict that leaves an output out is refused when the losses are first computed,
        # as Keras's CompileLoss.build does (a program may compile so and compile again first);
        # tf-keras trains the outputs it names, the others without a loss.
        self.incomplete_loss = (
            _missing_keys(loss, self.names) if keys is None and not tf_keras_rules() else None
        )
        loss_list = _per_output(loss, self.names, "loss")
        # The order Keras lists the outputs' losses in (logs, evaluate's list).
        self.loss_order = list(self.names) if keys is None else list(loss if isinstance(loss, dict) else keys)
        weights = _loss_weights(loss_weights, self.names)
        metric_lists = _metric_lists(metric_spec, self.names, "metrics")
        weighted_lists = _metric_lists(weighted_spec, self.names, "weighted_metrics")
        # Keras names every output's metrics first; a weighted metric whose name is taken
        # becomes weighted_<name> (e.g. "mae" in both lists: "mae" and "weighted_mae").
        taken: list[str] = []
        for prefix, ids in zip(prefixes, metric_lists):
            for identifier in ids:
                taken.append(_unique(prefix + metrics.display_name(identifier), taken))
        plain_names = iter(taken)
        self.outputs = []
        for name, prefix, spec, weight, ids, weighted_ids in zip(
            self.names, prefixes, loss_list, weights, metric_lists, weighted_lists
        ):
            metric_names = [next(plain_names) for _ in ids]
            for identifier in weighted_ids:
                own = metrics.display_name(identifier)
                candidate = prefix + own if prefix + own not in taken else f"{prefix}weighted_{own}"
                taken.append(_unique(candidate, taken))
                metric_names.append(taken[-1])
            loss_fn = None if spec is None else losses.get(spec)
            self.outputs.append(
                Output(
                    name, loss_fn, weight, ids + weighted_ids, metric_names,
                    weighted=[False] * len(ids) + [True] * len(weighted_ids), ours=is_ours(loss_fn),
                )
            )  # fmt: skip
        if loss is not None and all(output.loss is None for output in self.outputs):
            raise ValueError(f"compile's loss gives no output a loss. Received: loss={loss!r}")
        # Empty when compile got no loss (Keras 3 allows it: a model's own train_step computes
        # its loss itself); the default steps and compute_loss then refuse (`require_loss`).
        self.with_loss = [output for output in self.outputs if output.loss is not None]
        # Each output's loss is logged where several outputs have one (Keras 3's CompileLoss),
        # under tf-keras's rules where the model has several outputs (its LossesContainer).
        self.logs_each_loss = len(self.with_loss) > 1 or (tf_keras_rules() and len(self.names) > 1)
        # The log keys of metric classes whose result is not their running mean, with what turns
        # the mean into it (`RootMeanSquaredError`: the square root).
        self.finishers: dict[str, Callable[[float], float]] = {
            name: identifier.finish
            for output in self.outputs
            for name, identifier in zip(output.metric_names, output.metric_ids)
            if callable(getattr(identifier, "finish", None))
        }
        # The metrics that keep sums of their own (`R2Score`), fed whole batches, by log key.
        self.stateful: dict[str, Any] = {
            name: identifier
            for output in self.outputs
            for name, identifier in zip(output.metric_names, output.metric_ids)
            if getattr(identifier, "stateful", False)
        }

    @property
    def single(self) -> bool:
        return len(self.outputs) == 1

    def log_names(self) -> list[str]:
        """The log keys, in the order of Keras's list results: ``loss``, each output's loss,
        then the metrics (as compiled for one output; sorted by name for several)."""
        names = ["loss"]
        if self.logs_each_loss:
            with_loss = {output.name for output in self.with_loss}
            names += [f"{name}_loss" for name in self.loss_order if name in with_loss]
        metric_names = self.metric_names()
        return names + (metric_names if self.single else sorted(metric_names))

    def metric_names(self) -> list[str]:
        """Keras's order: every output's metrics, then every output's weighted metrics."""
        return [
            name
            for weighted in (False, True)
            for output in self.outputs
            for name, flag in zip(output.metric_names, output.weighted)
            if flag == weighted
        ]

    def result_list(self, logs: dict[str, float]) -> list[float]:
        """``logs`` as Keras's ``evaluate`` and ``train_on_batch`` list them
        (``Model._flatten_metrics_in_order``): ``loss``, then each metric's own name where it is
        a log key (one output's metrics; a name twice, twice), then the outputs' losses, then
        the other keys sorted (several outputs' ``<output>_<metric>``, ``weighted_`` names).

        Example:
            >>> compiled = CompiledOutputs(["out"], "mse", None, ["mae"], ["mae", "mse"])
            >>> compiled.log_names()
            ['loss', 'mae', 'weighted_mae', 'mse']
            >>> compiled.result_list({"loss": 0.0, "mae": 1.0, "weighted_mae": 2.0, "mse": 3.0})
            [0.0, 1.0, 1.0, 3.0, 2.0]
        """
        return [logs[name] for name in self._result_names(logs)]

    def result_names(self) -> list[str]:
        """The names of `result_list`'s values, in its order (Keras's ``model.metrics_names``).

        Example:
            >>> CompiledOutputs(["out"], "mse", None, ["mae"], ["mae", "mse"]).result_names()
            ['loss', 'mae', 'mae', 'mse', 'weighted_mae']
        """
        return self._result_names(self.log_names())

    def _result_names(self, logged: Iterable[str]) -> list[str]:
        own = [
            metrics.display_name(identifier)
            for weighted in (False, True)
            for output in self.outputs
            for identifier, flag in zip(output.metric_ids, output.weighted)
            if flag == weighted
        ]
        ordered = ["loss", *own, *(f"{name}_loss" for name in self.loss_order)]
        present = set(logged)
        return [name for name in ordered if name in present] + sorted(present - set(ordered))

    def needs_target(self, index: int) -> bool:
        output = self.outputs[index]
        return output.loss is not None or bool(output.metric_ids)

    def targets(self, y: Any, what: str) -> list[Any]:
        """``y`` as one entry per output (from a list, a dict by output name, or one array for
        one output, or for the one output of several that has a loss or metrics); None for an
        output a dict leaves out, if it has no loss or metrics.

        Raises:
            ValueError: a structure that does not fit the outputs, or a needed target missing.
        """
        if len(self.names) > 1 and isinstance(y, (np.ndarray, torch.Tensor)):
            needed = [index for index in range(len(self.names)) if self.needs_target(index)]
            if len(needed) == 1:
                # One array for the one output that has a loss (keras.io's miniature GPT compiles
                # loss=[loss, None]): Keras 3 pairs them.
                return [y if index == needed[0] else None for index in range(len(self.names))]
        ys = by_name(y, self.names, what, required=False)
        for index, target in enumerate(ys):
            if target is None and self.needs_target(index):
                received = f"{what} keys {list(y)}" if isinstance(y, dict) else f"{what}={y!r}"
                raise ValueError(
                    f"{what} has no target for output {self.names[index]!r}, which has a loss or "
                    f"metrics. Received: {received}"
                )
        return ys

    def sample_weights(self, sample_weight: Any, what: str) -> list[Any] | None:
        """``sample_weight`` as one entry per output: one array weighs every output (per sample
        when there are several, as Keras); a list or a dict by output name weighs each."""
        if sample_weight is None:
            return None
        names = self.names
        if isinstance(sample_weight, dict) or (
            isinstance(sample_weight, (list, tuple)) and not _is_numbers(sample_weight)
        ):
            return by_name(sample_weight, names, what, required=False)
        weight = as_tensor(sample_weight, what)
        if len(names) > 1 and not (weight.ndim == 1 or (weight.ndim == 2 and weight.shape[1] == 1)):
            raise ValueError(
                f"For a model with several outputs, one {what} array weighs every output, so it needs one "
                f"weight per sample, shape (N,); for other shapes give one array per output (a list or "
                f"a dict by output name). Received: {what} of shape {tuple(weight.shape)}"
            )
        return [weight] * len(names)

    def check_class_weight(self, class_weight: Any, sample_weight: Any) -> None:
        """Keras's rules for ``class_weight``: a dict from class index to weight, for a model
        with one output, and not together with ``sample_weight``.

        Raises:
            TypeError: not such a dict.
            ValueError: with ``sample_weight``, or for several outputs.
        """
        if class_weight is None:
            return
        if not isinstance(class_weight, dict) or not all(
            isinstance(k, (int, np.integer)) and isinstance(v, (int, float, np.number))
            for k, v in class_weight.items()
        ):
            raise TypeError(
                f"class_weight must be a dict from class index to weight. Received: {class_weight!r}"
            )
        if sample_weight is not None:
            raise ValueError("Give class_weight or sample_weight, not both (Keras: one becomes the other).")
        if not self.single:
            raise ValueError(
                f"class_weight is only supported for models with a single output; this one has {self.names}. "
                f"Give sample_weight per output instead."
            )

    def compute(
        self,
        ys: list[torch.Tensor | None],
        preds: list[torch.Tensor],
        weights: list[torch.Tensor | None],
        mask: torch.Tensor | list[torch.Tensor | None] | None,
        with_metrics: bool = True,
        with_losses: bool = True,
    ) -> BatchResult:
        """Each output's loss and metrics, and the weighted total. ``mask`` (bool ``(N, T)``,
        True on real steps) applies to every output, or is a list with one per output. Without
        ``with_losses`` (compile's metrics alone, as a custom step's ``compute_metrics`` asks),
        the result's ``loss`` is None.

        Raises:
            ValueError: a target or sample weight whose shape does not fit its output.
        """
        if self.incomplete_loss is not None and with_losses:
            raise ValueError(self.incomplete_loss)
        total: torch.Tensor | None = None
        output_losses: dict[str, float] = {}
        metric_values: dict[str, torch.Tensor] = {}
        metric_weights: dict[str, torch.Tensor] = {}
        metric_batches: dict[str, tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]] = {}
        masks = mask if isinstance(mask, list) else [mask] * len(self.outputs)
        several = self.logs_each_loss
        for output, y, y_pred, weight, steps in zip(self.outputs, ys, preds, weights, masks):
            if y is None:
                continue
            if y.device != y_pred.device:
                y = y.to(device=y_pred.device)
            if y.ndim == 1 and y_pred.ndim == 2 and tf_keras_rules():
                # tf-keras's match_dtype_and_rank: a program's loss function and metric see (N, 1)
                y = y[:, None]
            y, y_pred = match_rank(y, y_pred)
            if with_losses and output.loss is not None:
                value = self._loss_value(output, y, y_pred, _as_weight(weight, y_pred), steps)
                weighted = value if output.weight == 1.0 else output.weight * value
                total = weighted if total is None else total + weighted
                if several:  # logged per output as Keras's rules say (logs_each_loss)
                    output_losses[f"{output.name}_loss"] = value.item()
            if with_metrics and output.metric_ids:
                if output.metric_fns is None:  # "accuracy" resolves from the first batch's shapes
                    output.metric_fns = [metrics.resolve(m, y, y_pred) for m in output.metric_ids]
                with torch.no_grad():
                    for name, fn, weighted in zip(output.metric_names, output.metric_fns, output.weighted):
                        if name in self.stateful:  # its own sums: the batch, real steps only
                            given = _as_weight(weight, y_pred) if weighted and weight is not None else None
                            metric_batches[name] = _real_steps(y, y_pred.detach(), given, steps)
                            continue
                        values = fn(y, y_pred.detach())
                        metric_values[name] = values if steps is None else values[steps]
                        if weighted and weight is not None:  # Keras: sum(value * weight) / sum(weight)
                            each = losses.expand_weight(_as_weight(weight, values), values).expand_as(values)
                            metric_weights[name] = each if steps is None else each[steps]
        if total is None and with_losses and self.with_loss:
            raise ValueError(
                f"No target was given for any output with a loss: {[o.name for o in self.with_loss]}."
            )
        return BatchResult(total, output_losses, metric_values, metric_weights, metric_batches)

    def _loss_value(
        self,
        output: Output,
        y: torch.Tensor,
        y_pred: torch.Tensor,
        weight: torch.Tensor | None,
        steps: torch.Tensor | None,
    ) -> torch.Tensor:
        """The output's loss: Keras's ``"sum_over_batch_size"`` of its per-sample values, or
        their sum for a loss made with ``reduction="sum"``."""
        total = getattr(output.loss, "reduction", None) == "sum"
        if not output.ours:
            return weighted_mean(self._user_loss(output, y, y_pred, steps), weight, steps, total)
        self._check_target(output, y, y_pred)
        if weight is None and steps is None and not total:
            return losses.batch_loss(output.loss, y, y_pred)
        return weighted_mean(losses.per_sample(output.loss, y, y_pred), weight, steps, total)

    def _user_loss(
        self, output: Output, y: torch.Tensor, y_pred: torch.Tensor, steps: torch.Tensor | None
    ) -> torch.Tensor:
        """A user's loss function called as Keras calls it: no rule on the target's shape (a
        wrong one fails inside the function); what it returns (per-sample or per-step values, or
        their mean) is checked before it is reduced. Integer targets stay integers (Keras casts
        them to float; torch promotes them where they meet a float, and a torch loss such as
        ``CrossEntropyLoss`` needs them as they are).

        Raises:
            TypeError: it returned something other than a float tensor.
            ValueError: values that are not one per sample (or per step, under a step mask).
        """
        # A loss class of the program's own (a `losses.Loss`) gives its call()'s values, unreduced.
        values = losses.per_sample(output.loss, y, y_pred)
        where = "" if self.single else f" for output {output.name!r}"
        name = losses.name_of(output.loss)
        if not isinstance(values, torch.Tensor) or not values.is_floating_point():
            received = (
                f"a tensor of dtype {values.dtype}" if isinstance(values, torch.Tensor) else repr(values)
            )
            raise TypeError(
                f"The loss function {name}{where} must return a float tensor: the loss of each sample "
                f"(or step), or their mean. Received: {received}"
            )
        rows = y_pred.shape[0]
        expected = (rows,) if steps is None else tuple(steps.shape)
        if values.ndim and tuple(values.shape[: len(expected)]) != expected:
            each = "sample" if steps is None else "step (the batch has a step mask)"
            raise ValueError(
                f"The loss function {name}{where} must return a scalar or one loss per {each}: a tensor "
                f"of shape ({', '.join(map(str, expected))}, ...). Received: a tensor of shape "
                f"{tuple(values.shape)}"
            )
        return values

    def _check_target(self, output: Output, y: torch.Tensor, y_pred: torch.Tensor) -> None:
        if not losses.targets_shaped_as_outputs(output.loss):  # CTC's labels: the loss checks them
            return
        sparse = isinstance(output.loss, losses.SparseCategoricalCrossentropy) or (
            output.loss is getattr(losses, "sparse_categorical_crossentropy", None)
        )
        expected = tuple(y_pred.shape[:-1]) if sparse else tuple(y_pred.shape)
        got = tuple(y.shape)
        if got == expected or (sparse and got == (*expected, 1)) or (not sparse and _broadcasts(y, y_pred)):
            return
        target = "y" if self.single else f"y[{output.name!r}]"
        raise ValueError(
            f"The loss {losses.name_of(output.loss)} compares targets with the model's output "
            f"{'' if self.single else repr(output.name) + ' '}of shape {tuple(y_pred.shape)}, so "
            f"{target} must have shape {expected}{'' if sparse else _OR_BROADCAST}. Received: {target} "
            f"of shape {got}{_across_samples(got, expected)}"
        )


_OR_BROADCAST = " (or one of its rank whose axes broadcast against it, as Keras's losses take it)"


def _across_samples(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """Why a target of another rank that numpy would still broadcast is refused (two LSTM
    autoencoder tutorials train on next-step targets ``(N,)`` for outputs ``(N, T, 1)``)."""
    try:
        paired = np.broadcast_shapes(got, expected)
    except ValueError:
        return ""
    return (
        f". Keras would broadcast the two to {paired}, comparing every sample's output with every "
        f"sample's target, which no model learns from: give each sample its own target, of "
        f"shape {expected}"
    )


def _broadcasts(y: torch.Tensor, y_pred: torch.Tensor) -> bool:
    """Whether Keras's losses take target ``y`` for ``y_pred`` by broadcasting: once a rank
    apart by a last axis of 1 is squeezed (`losses.same_rank`), the ranks are equal and each
    axis pair is equal or has a 1 (a book's 1-column labels for a 3-column output, a one-step
    target against every step of a sequence). A rank still apart is refused: numpy's rule would
    put the batch axis of a target ``(N,)`` against the output's last (``(N, T, 1)`` -> ``(N, T,
    N)``), comparing each sample with every other's target."""
    y, y_pred = losses.same_rank(y, y_pred)
    return y.ndim == y_pred.ndim and all(a == b or 1 in (a, b) for a, b in zip(y.shape, y_pred.shape))


def is_ours(loss: Any) -> bool:
    """Whether ``loss`` is one of `statefulrnn.losses`' functions or loss classes (the user's
    own callables, subclasses and torch losses are not).

    Example:
        >>> is_ours(losses.get("mse")), is_ours(lambda y_true, y_pred: (y_true - y_pred) ** 2)
        (True, False)
    """
    kind = loss if isinstance(loss, types.FunctionType) else type(loss)
    return not kind.__name__.startswith("_") and getattr(losses, kind.__name__, None) is kind


def _as_weight(weight: torch.Tensor | None, y_pred: torch.Tensor) -> torch.Tensor | None:
    return None if weight is None else weight.to(device=y_pred.device, dtype=y_pred.dtype)


def _unique(name: str, taken: list[str]) -> str:
    """Keras's rule for a repeated metric name: ``name_1``, ``name_2``..."""
    if name not in taken:
        return name
    index = 1
    while f"{name}_{index}" in taken:
        index += 1
    return f"{name}_{index}"


def _missing_keys(loss: Any, names: list[str]) -> str | None:
    """Why a ``loss`` dict by output name cannot train ``names`` (an output left out), or None."""
    missing = [name for name in names if name not in loss] if isinstance(loss, dict) else []
    if not missing:
        return None
    return (
        f"compile's loss is a dict by output name, so its keys must be the model's outputs {names} "
        f"(use None for an output with none). Received: loss keys {list(loss)}"
    )


def _per_output(spec: Any, names: list[str], what: str) -> list[Any]:
    """A list or dict ``spec`` by output (a dict's missing outputs get None); anything else,
    the same for every output."""
    if isinstance(spec, dict):
        unknown = [key for key in spec if key not in names]
        if unknown:
            raise ValueError(
                f"compile's {what} is a dict by output name, so its keys must be the model's outputs "
                f"{names}. Received: {what} keys {list(spec)}"
            )
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)):
        if len(spec) != len(names):
            raise ValueError(
                f"compile's {what} is a list, so it needs one entry per output: {len(names)} for "
                f"{names}. Received: {len(spec)} ({what}={spec!r})"
            )
        return list(spec)
    return [spec] * len(names)


def _loss_weights(spec: Any, names: list[str]) -> list[float]:
    if spec is None:
        return [1.0] * len(names)
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        if len(names) > 1:
            raise ValueError(
                f"compile's loss_weights is one number, but the model has {len(names)} outputs {names}: "
                f"give a list or a dict by output name. Received: loss_weights={spec!r}"
            )
        return [float(spec)]
    weights = _per_output(spec, names, "loss_weights")
    return [1.0 if w is None else _number(w, "loss_weights") for w in weights]


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"compile's {what} must hold numbers. Received: {value!r}")
    return float(value)


def _real_steps(
    y: torch.Tensor, y_pred: torch.Tensor, weight: torch.Tensor | None, steps: torch.Tensor | None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """A batch's targets, predictions and weights at its real steps (all of them without a mask)."""
    if steps is None:
        return y, y_pred, weight
    return y[steps], y_pred[steps], None if weight is None else weight.expand(steps.shape)[steps]


def _metric_lists(spec: Any, names: list[str], what: str) -> list[list[Any]]:
    """Keras 3's ``metrics`` (or ``weighted_metrics``, ``what``): each output's list of metric
    identifiers. Under tf-keras's rules (`statefulrnn.config.set_keras_rules`) a flat list (or
    one metric) on a model of several outputs is every output's, each output counting with a
    copy of a metric object, as tf-keras broadcasts it (Keras 3 reads a list as one entry per
    output)."""
    if not spec:
        return [[] for _ in names]
    if len(names) == 1:  # every metric is the one output's
        values = list(spec.values()) if isinstance(spec, dict) else spec
        return [_as_list(values)]
    if tf_keras_rules() and not isinstance(spec, dict) and not any(map(_is_nested, _as_sequence(spec))):
        return [_as_list([_copied(metric) for metric in _as_sequence(spec)]) for _ in names]
    if isinstance(spec, dict):
        by_output = _per_output(spec, names, what)
        return [_as_list(item) for item in by_output]
    if isinstance(spec, (list, tuple)) and len(spec) == len(names):
        return [_as_list(item) for item in spec]
    raise ValueError(
        f"The model has {len(names)} outputs {names}, so compile's {what} must be a list with one entry "
        f"per output (a metric or a list of them; None for none) or a dict by output name, as in "
        f"Keras 3: {what}={{{names[0]!r}: ['mae']}}. Received: {what}={spec!r}"
    )


def _as_sequence(spec: Any) -> Sequence[Any]:
    return spec if isinstance(spec, (list, tuple)) else [spec]


def _is_nested(entry: Any) -> bool:
    return isinstance(entry, (list, tuple, dict))


def _copied(metric: Any) -> Any:
    """A metric for one output (tf-keras's copy of a broadcast metric): a stateful metric object
    made again from its config, with a state of its own; anything else (a name, a function, a
    `MeanMetricWrapper`, whose running means the trainer keeps per output) as it is."""
    remade = getattr(type(metric), "from_config", None)
    if remade is not None and callable(getattr(metric, "get_config", None)) and not isinstance(metric, type):
        return remade(metric.get_config())
    return metric


def _as_list(value: Any) -> list[Any]:
    """The metrics of one output, each name of a Keras metric class made an instance of it
    (``"precision"``, ``"AUC"``: `metrics.metric_object`)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [item for entry in value for item in _as_list(entry)]
    return [metrics.metric_object(value)]


def _is_numbers(data: Any) -> bool:
    """Whether a list holds numbers (one weight array written as a list), not arrays."""
    arrays = (np.ndarray, torch.Tensor, list, tuple, dict)
    return all(item is not None and not isinstance(item, arrays) for item in data)
