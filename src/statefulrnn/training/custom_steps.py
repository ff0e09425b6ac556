"""A model's own steps, Keras 3's way on its torch backend: a model class that defines
``train_step``, ``test_step`` or ``predict_step`` has ``fit``, ``evaluate``, ``predict`` and the
``*_on_batch`` methods call it on each batch, with the model-level metrics it reads and writes
(``model.metrics``, ``compute_metrics``, ``get_metrics_result``, ``reset_metrics``).

What a step gets and gives is Keras's (keras.io's "Customizing what happens in fit() with
PyTorch" runs as written): ``data`` is ``(x, y)``, ``(x, y, sample_weight)`` or ``x`` alone (with
no ``y``), tensors on the model's device (``x`` a list for several inputs, ``y`` for several
outputs); ``train_on_batch`` and ``test_on_batch`` give ``(x, y, sample_weight)`` with None for
what is absent, and ``predict_on_batch`` ``(x,)``, as Keras's do. A training or test step returns
a dict of logs (a value may be a dict of them, as ``compile_metrics``'s result is: flattened);
a predict step returns the batch's outputs. Each epoch and each ``evaluate`` first resets
``model.metrics``; the epoch's logs are ``get_metrics_result()`` when its keys are the last
step's, else the last step's logs, as Keras's ``_get_metrics_result_or_logs``.

The state contract holds around the step: a step that raises leaves every layer state as it
was before it (the step runs in a state journal); weights the step has already updated when it
raises stay updated (the step is the program's own code). Stateful models keep their rows in
order and their states carry from batch to batch, as in the built-in loop; a chunk with padding
or resets (a ragged `SequenceBatcher`) has no place in Keras's ``data`` and is refused, as is a
fit under ``torch.distributed`` (the built-in step exchanges gradients; a program's own step
would have to).

Example:
    >>> from statefulrnn import Dense, Input, Model
    >>> class Halved(Model):
    ...     def train_step(self, data):
    ...         x, y = data
    ...         self.zero_grad()
    ...         loss = self.compute_loss(y=y, y_pred=self(x, training=True)) / 2
    ...         loss.backward()
    ...         self.optimizer.apply([v.value.grad for v in self.trainable_weights], self.trainable_weights)
    ...         self.metrics[0].update_state(loss)
    ...         return {m.name: m.result() for m in self.metrics}
    >>> inputs = Input(shape=(2,))
    >>> model = Halved(inputs, Dense(1, kernel_initializer="zeros")(inputs))
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> model.fit(np.ones((4, 2)), np.ones((4, 1)), batch_size=4, verbose=0).history
    {'loss': [0.5]}
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

import torch

from .._keras_rules import taping, tf_keras_rules
from ..metric_base import Mean
from ..state import restore_on_error
from .data import Batch, EpochSteps, as_called, pack_x_y_sample_weight, placement
from .outputs import predictions

if TYPE_CHECKING:
    from .trainer import Trainer

STEPS = ("train_step", "test_step", "predict_step")


def overridden(model: torch.nn.Module, step: str) -> bool:
    """Whether ``model``'s class defines its own ``step`` (one of `STEPS`), found once per class:
    a one-step ``predict`` pays a dict lookup."""
    found = _OVERRIDDEN.get(type(model))
    if found is None:
        from ..models.keras_steps import KerasSteps

        found = {name for name in STEPS if getattr(type(model), name, None) is not getattr(KerasSteps, name)}
        if defines_loss_hooks(model):  # the built-in train and test steps call them, as Keras 3's
            found |= {"train_step", "test_step"}
        found = _OVERRIDDEN[type(model)] = frozenset(found)
    return step in found


_OVERRIDDEN: dict[type, frozenset[str]] = {}


def defines_loss_hooks(model: torch.nn.Module) -> bool:
    """Whether ``model``'s class defines its own ``compute_loss`` or ``compute_metrics``, which
    Keras 3's built-in steps call (`statefulrnn.models.keras_steps.step_through_hooks`)."""
    from ..models.base import BaseModel

    return any(getattr(type(model), name, None) is not getattr(BaseModel, name) for name in LOSS_HOOKS)


LOSS_HOOKS = ("compute_loss", "compute_metrics")


def has_own_fit_step(model: torch.nn.Module) -> bool:
    """Whether ``model``'s class defines its own ``train_step`` or ``test_step``."""
    return overridden(model, "train_step") or overridden(model, "test_step")


class CompileMetrics:
    """Keras's ``compile_metrics``: one entry of ``model.metrics`` standing for every metric that
    ``compile`` was given. ``update_state(y, y_pred, sample_weight)`` adds a batch to each,
    ``result()`` is a dict by log name (``mae``, ``<output>_<metric>``...).

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(loss="mse", metrics=["mae"])
        >>> compiled = model.metrics[1]
        >>> compiled.update_state(torch.ones(2, 1), torch.zeros(2, 1))
        >>> compiled.name, compiled.result(), compiled.metrics
        ('compile_metrics', {'mae': tensor(1.)}, [<CompiledMetric name=mae>])
    """

    name = "compile_metrics"

    def __init__(self, trainer: Trainer) -> None:
        self._trainer = trainer
        self.trackers = trainer.metric_trackers()

    @property
    def metric_names(self) -> list[str]:
        """The log names of the metrics it holds, in compile's order."""
        return list(self.trackers)

    @property
    def metrics(self) -> list[CompiledMetric]:
        """Keras 3's list of the metrics it holds, in compile's order: each with its log
        ``name`` and ``result()``."""
        return [CompiledMetric(name, tracker) for name, tracker in self.trackers.items()]

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        trainer = self._trainer
        preds = predictions(y_pred, trainer.outputs.names)
        ys, weights = trainer.targets_and_weights(y_true, sample_weight, "compute_metrics")
        result = trainer.outputs.compute(ys, preds, weights or [None] * len(preds), None, with_losses=False)
        trainer.track_metrics(self.trackers, result)

    def result(self) -> dict[str, torch.Tensor]:
        return {metric.name: metric.result() for metric in self.metrics}

    def reset_state(self) -> None:
        self.trackers = self._trainer.metric_trackers()


class CompiledMetricsContainer:
    """tf-keras's ``model.compiled_metrics``: compile's metrics as a tf-keras step reads them
    (``update_state(y, y_pred, sample_weight)``, ``metrics``, ``reset_state()``, and the
    ``_user_metrics`` compile was given, which the unit tests of Coursera's notebooks check),
    over the same metrics as `CompileMetrics`.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(loss="mse", metrics=["mae"])
        >>> model.compiled_metrics.update_state(torch.ones(2, 1), torch.zeros(2, 1))
        >>> model.compiled_metrics._user_metrics, [m.name for m in model.compiled_metrics.metrics]
        (['mae'], ['mae'])
    """

    def __init__(self, trainer: Trainer) -> None:
        self._trainer = trainer
        self._user_metrics = trainer.metric_spec

    @property
    def metrics(self) -> list[CompiledMetric]:
        compiled = self._trainer.step_metrics.compile_metrics
        return [] if compiled is None else compiled.metrics

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        compiled = self._trainer.step_metrics.compile_metrics
        if compiled is not None:
            compiled.update_state(y_true, y_pred, sample_weight)

    def reset_state(self) -> None:
        compiled = self._trainer.step_metrics.compile_metrics
        if compiled is not None:
            compiled.reset_state()


class CompiledMetric:
    """One metric of `CompileMetrics.metrics`: its log name and its running result (a metric
    that has seen nothing reads 0, as Keras's variables start)."""

    def __init__(self, name: str, tracker: Any) -> None:
        self.name, self._tracker = name, tracker
        self.metrics: list[Any] = []  # tf-keras's metric (a Layer) holds none, as listed there

    def result(self) -> torch.Tensor:
        tracker = self._tracker
        return torch.as_tensor(tracker.result() if tracker_count(tracker) else 0.0, dtype=torch.float32)

    def reset_state(self) -> None:
        """Back to a metric that has seen nothing (``model.reset_metrics()`` under tf-keras's
        rules, which lists these in ``model.metrics``)."""
        tracker = self._tracker
        if hasattr(tracker, "reset_state"):
            tracker.reset_state()
        else:  # a running mean (`metrics.MeanMetric`)
            tracker.total, tracker.count = 0.0, 0

    def __repr__(self) -> str:
        return f"<CompiledMetric name={self.name}>"


def tracker_count(tracker: Any) -> float:
    """How much a tracker has seen (a stateful metric: 1, it answers for itself)."""
    return getattr(tracker, "count", 1)


class StepMetrics:
    """What ``model.metrics`` lists for a compiled model, in Keras's order: the loss tracker
    (a `Mean` named ``loss``), `CompileMetrics` (when compile was given metrics) and one `Mean`
    per output's loss (when several outputs have one). The built-in steps' trackers, by log
    name, are `trackers`; a ``fit`` of the built-in loop leaves its last epoch's values here."""

    def __init__(self, trainer: Trainer) -> None:
        self.loss = Mean(name="loss")
        outputs = trainer.outputs
        several = len(outputs.with_loss) > 1
        self.output_losses = [Mean(name=f"{o.name}_loss") for o in outputs.with_loss] if several else []
        self.compile_metrics = CompileMetrics(trainer) if outputs.metric_names() else None
        # compile's metric objects by log name, which the built-in loop keeps copies of: each
        # pass's result is written back into them (`take`), as Keras's objects hold the last one
        self.compiled_objects = {
            name: identifier
            for output in outputs.outputs
            for name, identifier in zip(output.metric_names, output.metric_ids)
            if hasattr(identifier, "reset_state")
        }

    def listed(self) -> list[Any]:
        """Keras 3's order: the loss tracker, `CompileMetrics`, the outputs' loss trackers;
        under tf-keras's rules compile's metrics themselves after the loss trackers, each the
        object compile got where it got one (a program's ``HuberMetric``, whose attributes a
        program reads from ``model.metrics[-1]``), as tf-keras lists them."""
        if self.compile_metrics is None:
            return [self.loss, *self.output_losses]
        if not tf_keras_rules():
            return [self.loss, self.compile_metrics, *self.output_losses]
        metrics = [self.compiled_objects.get(m.name, m) for m in self.compile_metrics.metrics]
        return [self.loss, *self.output_losses, *metrics]

    def trackers(self) -> dict[str, Any]:
        """By log name, as the built-in steps update them (`Trainer.track`)."""
        found = {self.loss.name: self.loss, **{mean.name: mean for mean in self.output_losses}}
        return found if self.compile_metrics is None else {**found, **self.compile_metrics.trackers}

    def take(self, trackers: dict[str, Any]) -> None:
        """Hold an epoch's trackers' values (the built-in loop's, which average in float64), and
        give them to compile's own metric objects too (`_hold_result`)."""
        for mean in (self.loss, *self.output_losses):
            kept = trackers[mean.name]
            mean.total.assign(kept.total)
            mean.count.assign(kept.count)
        if self.compile_metrics is not None:
            self.compile_metrics.trackers = {name: trackers[name] for name in self.compile_metrics.trackers}
        for name, compiled in self.compiled_objects.items():
            _hold_result(compiled, trackers[name])


def _hold_result(compiled: Any, tracker: Any) -> None:
    """Give ``compiled`` (a metric object compile got) ``tracker``'s state: a copy's variables,
    or a running mean's total and count (a `MeanMetricWrapper`'s)."""
    if tracker is compiled:
        return
    if hasattr(tracker, "variables") and hasattr(compiled, "variables"):
        for held, kept in zip(compiled.variables, tracker.variables, strict=True):
            held.assign(kept)
    elif hasattr(compiled, "_total") and hasattr(tracker, "total"):
        compiled._total, compiled._count = tracker.total, tracker.count


def attribute_metrics(model: torch.nn.Module) -> list[Any]:
    """The metrics a model holds as attributes (``self.loss_tracker = metrics.Mean(...)``), or in
    lists or tuples it holds (those of a layer's ``add_metric`` among them), in the order they
    were set: Keras tracks them into ``model.metrics``."""
    found = []
    for value in vars(model).values():
        if isinstance(value, (list, tuple)):
            found += [item for item in value if is_metric(item)]
        elif is_metric(value):
            found.append(value)
    return found


def held_metrics(model: torch.nn.Module) -> list[Any]:
    """The metrics the model and each of its layers hold as attributes, the model's first, then
    its layers' in order (keras.io's ``LogisticEndpoint`` updates the ``BinaryAccuracy`` it
    holds in its call): Keras 3 and tf-keras track them all into ``model.metrics``, log them
    after compile's and reset them with the others. A metric held twice counts once. Only
    the program's own classes are read (a subclassed model, its layers): one set as an
    attribute of a statefulrnn Sequential or functional Model object is not found."""
    from .prediction import ModuleWalk  # it imports the training modules

    # A functional model's model.add_metric of its graph's tensors (tf-keras's) keeps them here.
    graph = model.__dict__.get("_added_metrics", [])
    walk = ModuleWalk.of(model)  # kept between calls while the model's tree stays as it is
    if walk.own_classes:
        # statefulrnn's own classes hold no other metrics: nothing to read (a walk of every
        # module's attributes cost ~25-100 us a train_on_batch)
        return list(graph)
    found: dict[int, Any] = {id(metric): metric for metric in graph}
    for module in walk.modules():
        if type(module).__module__.startswith("statefulrnn."):
            continue
        for metric in attribute_metrics(module):
            found.setdefault(id(metric), metric)
    return list(found.values())


def is_metric(value: Any) -> bool:
    """Whether ``value`` is a metric object: its class has Keras's ``update_state``, ``result``
    and ``reset_state`` (read on the class: cheap, and no object's ``__getattr__`` runs)."""
    cls = type(value)
    return (
        not issubclass(cls, (type, torch.nn.Module))
        and callable(getattr(cls, "update_state", None))
        and callable(getattr(cls, "result", None))
        and callable(getattr(cls, "reset_state", None))
    )


# ----- logs --------------------------------------------------------------------------------


def step_logs(model: torch.nn.Module, step: str, logs: Any) -> dict[str, Any]:
    """What a training or test step returned, as its logs: a dict (None: no logs, as Keras
    reads it).

    Raises:
        TypeError: anything else (a loss tensor returned alone, say), naming the step.
    """
    if logs is None:
        return {}
    if not isinstance(logs, dict):
        raise TypeError(
            f"{type(model).__name__}.{step} must return a dict of logs, such as {{'loss': loss}} (Keras "
            f"shows them and passes them to the callbacks). Received: {type(logs).__name__}"
        )
    return logs


def pythonify_logs(logs: Any) -> dict[str, Any]:
    """Keras's ``pythonify_logs``: a step's logs flattened (a dict value's items join the top
    level) and sorted by key, each value a float where it converts to one.

    Example:
        >>> pythonify_logs({"loss": torch.tensor(0.5), "compile_metrics": {"mae": torch.tensor(1.0)}})
        {'mae': 1.0, 'loss': 0.5}
    """
    result: dict[str, Any] = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        try:
            value = float(value)
        except (TypeError, ValueError):
            pass
        result[key] = value
    return result


def metrics_result_or_logs(model: Any, logs: Any) -> Any:
    """Keras's ``_get_metrics_result_or_logs``: ``model.get_metrics_result()`` where its keys are
    the last step's logs' (a step that reports what ``model.metrics`` holds), else those logs."""
    results = model.get_metrics_result()
    if isinstance(logs, dict) and set(logs) == set(results):
        return results
    return logs


def flatten_in_order(model: Any, logs: dict[str, Any]) -> Any:
    """Keras's ``_flatten_metrics_in_order``: ``logs`` as a list in the order of
    ``model.metrics`` (compile's metrics by their own names), then the other keys sorted; one
    value alone for a single log."""
    names: list[str] = []
    for metric in model.metrics:
        names += metric.metric_names if isinstance(metric, CompileMetrics) else [metric.name]
    results = [logs[name] for name in names if name in logs]
    results += [logs[key] for key in sorted(logs) if key not in names]
    return results[0] if len(results) == 1 else results


# ----- data --------------------------------------------------------------------------------


def step_data(trainer: Trainer, batch: Batch, placed: tuple[torch.dtype, torch.device], what: str) -> Any:
    """A batch as Keras hands it to a step: ``(x, y)``, ``(x, y, sample_weight)`` or ``x``.

    Raises:
        ValueError: a chunk with padding or resets, which Keras's ``data`` has no place for.
    """
    if batch.mask is not None or batch.resets is not None:
        raise ValueError(
            f"{type(trainer.model).__name__} defines its own {what}, which gets (x, y[, sample_weight]) "
            f"as Keras's does: this chunk's padding or sequence starts (a ragged SequenceBatcher) would "
            f"not reach it. Give equal-length sequences, or drop the override to train on ragged ones."
        )
    x, y, _, _, weights = trainer.standard_batch(batch, placed)
    return pack_x_y_sample_weight(as_called(x), _one_or_all(y), _one_or_all(weights))


def _one_or_all(values: list[Any] | None) -> Any:
    """Targets (or weights) by output as Keras gives them: one output's alone, else the list
    (None where none was given)."""
    if values is None or all(value is None for value in values):
        return None
    return values[0] if len(values) == 1 else values


# ----- loops -------------------------------------------------------------------------------


def train_epoch(trainer: Trainer, epoch_steps: EpochSteps, callback_list: Any) -> dict[str, Any]:
    """One ``fit`` epoch of the model's own ``train_step``; returns the epoch's logs."""
    hooks = callback_list.on_train_batch_begin, callback_list.on_train_batch_end
    return _run_steps(trainer, epoch_steps, "train_step", *hooks, stops=True)


def test_epoch(trainer: Trainer, epoch_steps: EpochSteps, callback_list: Any) -> dict[str, Any]:
    """An ``evaluate`` (or a ``fit``'s validation) of the model's own ``test_step``, in
    inference mode without gradients; returns its logs."""
    from .trainer import ModuleMode

    callback_list.on_test_begin()
    hooks = callback_list.on_test_batch_begin, callback_list.on_test_batch_end
    with ModuleMode(trainer.model, False), torch.no_grad():
        logs = _run_steps(trainer, epoch_steps, "test_step", *hooks, stops=False)
    callback_list.on_test_end(logs)
    return logs


def _run_steps(
    trainer: Trainer, epoch_steps: EpochSteps, step: str, begin: Any, end: Any, stops: bool
) -> dict[str, Any]:
    """The model's own ``step`` on each batch of one pass, after `model.metrics` are reset
    (every state reset where a batch starts new sequences; the callbacks' ``begin`` and ``end``
    hooks around each batch; ``stops``: a ``stop_training`` ends the pass); the pass's logs."""
    model = trainer.model
    model.reset_metrics()
    placed = placement(model)
    run = getattr(model, step)
    logs: Any = {}
    for index, batch in enumerate(epoch_steps.epoch()):
        if batch.starts:
            model.reset_states()
        begin(index)
        data = step_data(trainer, batch, placed, step)
        with restore_on_error(), taping() if step == "train_step" else nullcontext():
            logs = step_logs(model, step, run(data))
        end(index, pythonify_logs(logs))
        if stops and trainer.stopping():
            break
    return pythonify_logs(metrics_result_or_logs(model, logs))


def on_batch(trainer: Trainer, x: Any, y: Any, sample_weight: Any, train: bool, reset_metrics: bool) -> Any:
    """``train_on_batch`` / ``test_on_batch`` of the model's own step: ``(x, y, sample_weight)``
    (tensors, None for what is absent) given to it once; returns its flattened logs."""
    from .trainer import ModuleMode

    model = trainer.model
    if reset_metrics:  # Keras 3's on-batch calls always start afresh; tf-keras's may go on
        model.reset_metrics()
    data = (as_called(x), _one_or_all(y), _one_or_all(sample_weight))
    step = "train_step" if train else "test_step"
    # The program's step trains what it calls with training=True, as in fit (`Trainer.fit`)
    with ModuleMode(model, train, layers=False), torch.set_grad_enabled(train), restore_on_error():
        with taping() if train else nullcontext():
            logs = step_logs(model, step, getattr(model, step)(data))
    return pythonify_logs(logs)


def predicted(model: torch.nn.Module, x: Any, mask: Any, resets: Any) -> Any:
    """The model's own ``predict_step`` on one batch of ``predict``'s, given ``x`` as Keras packs
    it (``x``, or ``(x,)`` for several inputs)."""
    return _predict_step(model, pack_x_y_sample_weight(as_called(x)), mask, resets)


def predicted_on_batch(model: torch.nn.Module, x: Any, mask: Any, resets: Any) -> Any:
    """The model's own ``predict_step`` for ``predict_on_batch``, given ``(x,)`` as Keras's."""
    return _predict_step(model, (as_called(x),), mask, resets)


def _predict_step(model: torch.nn.Module, data: Any, mask: Any, resets: Any) -> Any:
    if mask is not None or resets is not None:
        raise ValueError(
            f"{type(model).__name__} defines its own predict_step, which gets x as Keras's does: this "
            f"chunk's padding or sequence starts (a ragged SequenceBatcher) would not reach it."
        )
    with restore_on_error():
        return model.predict_step(data)


__all__: Sequence[str] = ["CompileMetrics", "StepMetrics", "overridden", "pythonify_logs"]
