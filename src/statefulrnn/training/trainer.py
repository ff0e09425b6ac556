"""``compile``/``fit``/``evaluate``: Keras's training loop over our models (``predict``:
`statefulrnn.training.prediction`).

A `Trainer` holds what ``compile`` was given and runs the loops; models keep one and delegate
to it (the Keras face is a thin layer over plain PyTorch: ``loss.backward()`` and
``optimizer.step()`` on ``model.parameters()``). Several inputs and outputs (lists, or dicts by
name), losses, ``loss_weights`` and metrics per output, ``sample_weight`` and ``class_weight``
follow Keras 3's rules; see `statefulrnn.training.outputs`. ``steps_per_epoch``,
``validation_steps``, ``validation_freq`` and ``validation_batch_size`` are Keras's too.

Stateful models, as in Keras: rows stay in order and the state carries from batch to batch;
states are never reset by the loop unless asked (``state_reset="epoch"`` or a
`ResetStatesCallback`), so the notebook's ``fit(epochs=1)`` + ``reset_states()`` loop works.
Validation inside ``fit`` runs from the training state and leaves the state where it ended,
as Keras's does (reset between epochs, ``state_reset="epoch"``, to keep the two apart).
Where we go beyond Keras:

- ``shuffle`` defaults to False for a stateful model, and ``shuffle=True`` is refused there;
- a batch that fails (a wrong shape, a loss error) changes no weight, optimizer state or layer
  state; the error says what was expected;
- ``chunk_length=k`` trains on whole long sequences by cutting them into chunks of ``k`` steps:
  gradients stop at chunk boundaries, the state carries across them, memory stays flat.
"""

from __future__ import annotations

import copy
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from .. import callbacks as callbacks_module
from .. import metrics, optimizers, regularizers
from .._keras_rules import compiled_step, taping, tf_keras_rules
from .._masks import combine_masks, output_mask
from .._switches import capped
from .._text import text_of_list
from ..layers.autocast import cast_floats
from ..layers.base import MODE_SET, Layer, TrainingFlag, forward_parameters
from ..optimizers.base import KerasOptimizer
from ..state import restore_on_error
from . import custom_steps
from .custom_steps import StepMetrics, has_own_fit_step, overridden
from .data import (
    Batch,
    BatchSource,
    EpochSteps,
    InputsByKey,
    as_called,
    as_tensor,
    check_chunking,
    check_same_rows,
    check_steps,
    check_validation_freq,
    first_leaf,
    fixed_batch_size,
    is_batch_iterable,
    map_leaves,
    placement,
    resolve_batch_size,
    should_validate,
    split_validation,
    to_device,
    to_tensors,
)
from .outputs import (
    BatchResult,
    CompiledOutputs,
    by_name,
    class_weights,
    compile_names,
    input_names,
    keras3_unnamed,
    named_by_compile,
    named_by_targets,
    nested_numbers,
    output_keys,
    predictions,
    pseudo_names,
    several_arrays,
)


def verbosity(verbose: int | str) -> int:
    """Keras's ``verbose``: 0, 1, 2, or ``"auto"`` (1 on a terminal, else 2).

    Raises:
        ValueError: any other value.
    """
    if verbose == "auto":
        return 1 if sys.stdout.isatty() else 2  # a bar redrawn with \r is unreadable in a log file
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto'. Received: verbose={verbose!r}")
    return int(verbose)


class Trainer:
    """What ``model.compile(optimizer, loss, metrics)`` sets up, and the loops that use it."""

    def __init__(
        self,
        model: torch.nn.Module,
        optimizer: Any,
        loss: Any,
        metrics: Any,
        loss_weights: Any = None,
        weighted_metrics: Any = None,
    ) -> None:
        self.model = model
        # Losses, weights and metrics per output (see training.outputs for Keras's rules). A
        # subclassed model's outputs are what its call returns: where compile does not name them,
        # they are taken for one until the first targets show several (`_settle_outputs`).
        self._output_spec = (loss, loss_weights, metrics, weighted_metrics)
        subclassed = model.__dict__.get("_subclassed", False)
        declared = named_by_compile(loss, loss_weights, metrics) if subclassed else None
        self._outputs_settled = declared is not None or not subclassed
        self.outputs = self._compiled_outputs(declared or compile_names(model), output_keys(model))
        # Trackers made while the outputs are not settled, each with its maker: refilled when they
        # settle, at the first batch, before anything is tracked.
        self._provisional_trackers: list[tuple[dict[str, Any], Callable[[], dict[str, Any]]]] = []
        self.input_names = input_names(model)
        self.metric_spec = metrics  # as compile got it (tf-keras's compiled_metrics shows it)
        self._optimizer_spec = optimizer
        self._optimizer: torch.optim.Optimizer | None = None
        # Set while a fit runs in a process group (statefulrnn.distributed); None otherwise. Not
        # kept after the fit: a DDP wrapper outliving its process group aborts the process when
        # the interpreter exits (its reducer still refers to gloo's work).
        self._group: Any = None
        self._class_weight: dict[int, float] | None = None  # set while a fit with class_weight runs
        # The metrics of train_on_batch / test_on_batch calls with reset_metrics=False (tf-keras's),
        # which the next such call goes on from; None: the next call starts afresh.
        self.batch_trackers: dict[str, Any] | None = None
        self._step_metrics: StepMetrics | None = None
        # Every layer's trainable flag at this compile, outer layers first (`CompiledTrainable`).
        self.compiled_trainable = [(m, m.trainable) for m in model.modules() if isinstance(m, Layer)]

    # ----- pieces ----------------------------------------------------------------------

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """The optimizer, bound to the model's parameters on first use (the model may be
        built lazily by its first batch)."""
        if self._optimizer is None:
            # Every float parameter, trainable now or later (layer.trainable flips requires_grad);
            # an integer or bool weight (a Keras counter, add_weight(dtype="int32")) is never trained.
            trainable = [p for p in self.model.parameters() if p.is_floating_point()]
            self._optimizer = optimizers.bind(self._optimizer_spec, trainable)
            _drop_others_gradients(self._optimizer, trainable)
        return self._optimizer

    def _settle_outputs(self, y: Any) -> None:
        """Name a subclassed model's outputs by its first targets ``y`` (`named_by_targets`),
        where compile did not: several arrays are several outputs."""
        if self._outputs_settled or y is None:
            return
        self._outputs_settled = True
        names = named_by_targets(y)
        if names is None:
            return
        self.outputs = self._compiled_outputs(names)
        for trackers, maker in self._provisional_trackers:
            trackers.clear()
            trackers.update(maker())
        self._provisional_trackers.clear()

    def _compiled_outputs(self, names: list[str], keys: list[str] | None = None) -> CompiledOutputs:
        """Compile's losses and metrics for outputs ``names``. Outputs without names (tf-keras's
        ``output_1``, ``output_2``, ...: a subclassed model's tuple) are logged under Keras 3's
        rules by their losses' and metrics' own names where those are distinct (`keras3_unnamed`)."""
        unnamed = names == pseudo_names(len(names)) and not tf_keras_rules()
        loss, _, metric_spec, _ = self._output_spec
        own = keras3_unnamed(len(names), loss, metric_spec) if unnamed else None
        if own is None:
            return CompiledOutputs(names, *self._output_spec, keys=keys)
        return CompiledOutputs(own, *self._output_spec, prefixed=False)

    def _provisional(self, trackers: dict[str, Any], maker: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if not self._outputs_settled:
            self._provisional_trackers.append((trackers, maker))
        return trackers

    def _fresh_trackers(self) -> dict[str, Any]:
        """A `MeanMetric` per log key, or a fresh copy of a stateful metric (`R2Score`)."""
        losses = [name for name in self.outputs.log_names() if name not in self.outputs.metric_names()]
        made = {**{name: metrics.MeanMetric() for name in losses}, **self._metric_trackers()}
        return self._provisional(made, self._fresh_trackers)

    def _held_metrics(self, reset: bool) -> list[Any]:
        """The metrics the model and its layers hold (`custom_steps.held_metrics`), with
        ``reset`` back to their start, as Keras resets every metric of ``model.metrics`` before
        an epoch, an evaluation or a ``train_on_batch`` that resets."""
        held = custom_steps.held_metrics(self.model)
        if reset:
            for metric in held:
                metric.reset_state()
        return held

    def metric_trackers(self) -> dict[str, Any]:
        """Fresh trackers of compile's metrics alone, by log key (see `_fresh_trackers`)."""
        return self._provisional(self._metric_trackers(), self._metric_trackers)

    def _metric_trackers(self) -> dict[str, Any]:
        finishers, stateful = self.outputs.finishers, self.outputs.stateful
        trackers: dict[str, Any] = {}
        for name in self.outputs.metric_names():
            if name in stateful:
                trackers[name] = copy.deepcopy(stateful[name])
                trackers[name].reset_state()
            else:
                trackers[name] = metrics.MeanMetric(finishers.get(name))
        return trackers

    @property
    def step_metrics(self) -> StepMetrics:
        """The model-level metrics (``model.metrics``), made on first use."""
        if self._step_metrics is None:
            self._step_metrics = StepMetrics(self)
        return self._step_metrics

    def require_loss(self, what: str, loss: torch.Tensor | None) -> None:
        """Check a batch's total ``loss`` (after its forward pass, before any update).

        Raises:
            ValueError: no loss to minimise: compile was given none and the model added none
                (``add_loss``, a regularizer). Keras minimises the added losses alone where
                compile has none, so this can only be told once a batch has run (a model's own
                train_step may do without either)."""
        if self.outputs.with_loss or loss is not None:
            return
        raise ValueError(
            f"No loss to compute. Provide a `loss` argument in `compile()` ({what} runs the built-in "
            f"step, which minimises compile's loss and the losses the model adds with add_loss; a "
            f"model class with its own train_step and test_step computes its loss itself)."
        )

    # ----- data by input and output -------------------------------------------------------

    def inputs(self, x: Any, what: str) -> Any:
        """``x`` for the model: one tensor, or a list in the model's input order (from a list,
        tuple or dict by input name)."""
        return model_inputs(x, self.input_names, what)

    def standard_batch(
        self, batch: Batch, placed: tuple[torch.dtype, torch.device]
    ) -> tuple[Any, list[Any], Any, Any, list[Any] | None]:
        """A batch's ``x, y, mask, resets, sample weights`` as tensors, by input and output, in
        the model's ``placed`` dtype and on its device (`placement`, found once per epoch)."""
        dtype, device = placed
        if batch.standard:
            x, y, mask, resets, weights = batch.x, batch.y, None, None, batch.sample_weight
        else:
            # A model's own step may read its targets from x (keras.io's transformer ASR: dict
            # batches), so a batch without y is not checked for one, as the arrays' road.
            own = batch.y is None and has_own_fit_step(self.model)
            self._settle_outputs(batch.y)
            y = None if own else self.outputs.targets(batch.y, "y")
            standard = batch._replace(x=self.inputs(batch.x, "x"), y=y)
            x, y, mask, resets = to_tensors(standard, dtype)
            weights = self.outputs.sample_weights(batch.sample_weight, "sample_weight")
            if weights is not None:
                weights = [None if w is None else as_tensor(w, "sample_weight", dtype) for w in weights]
        if first_leaf(x).device != device:  # the data stays where it was given; each batch moves
            x, y, mask, resets, weights = to_device(device, x, y, mask, resets, weights)
        return x, y, mask, resets, weights

    def _loss_and_metrics(
        self,
        y: list[Any],
        y_pred: Any,
        mask: torch.Tensor | None,
        weights: list[Any] | None = None,
        class_weight: dict[int, float] | None = None,
    ) -> tuple[torch.Tensor, BatchResult, int, regularizers.WeightSettings]:
        """The batch's loss (with its graph: every output's, weighted, plus the model's
        penalties), each output's loss and the metric values (without), how much the batch
        weighs in the epoch's means (its rows, or its real steps under a chunk's ``mask``),
        and the model's weight settings (whose constraints a training step applies after its
        update). ``class_weight`` (training only, as Keras) weighs the samples by their
        targets' classes."""
        preds = predictions(y_pred, self.outputs.names)
        # Keras's losses and metrics compute in float32: a mixed policy's 16-bit outputs are cast
        preds = [cast_floats(p, torch.float32) if getattr(p, "dtype", None) in _16_BITS else p for p in preds]
        if len(preds) != len(self.outputs.names):
            raise ValueError(
                f"compile set up {len(self.outputs.names)} output(s) {self.outputs.names}, but the model "
                f"returned {len(preds)}."
            )
        if class_weight is not None:
            weights = [class_weights(y[0], preds[0], class_weight)]
        # A chunk's mask marks the steps a long sequence really has, so the epoch's means count
        # those. The mask the layers make (an Embedding's mask_zero) weighs each step's loss
        # within its batch only: Keras's loss tracker weighs each batch's mean by its rows.
        count = int(mask.sum()) if mask is not None else preds[0].shape[0]
        made = output_mask(self.model)  # as Keras, each output's loss is weighed by the mask it carries
        if made is not None:
            masks = [combine_masks(mask, m) for m in (made if isinstance(made, list) else [made])]
            mask = masks[0] if len(masks) == 1 else masks
        with compiled_step():
            result = self.outputs.compute(y, list(preds), weights or [None] * len(preds), mask)
        settings = regularizers.weight_settings(self.model)
        loss = settings.add_penalties(result.loss)  # Keras's loss includes the model's penalties
        self.require_loss("this step", loss)
        return loss, result, count, settings

    @staticmethod
    def _track(trackers: dict[str, Any], loss: float, result: BatchResult, count: int) -> None:
        trackers["loss"].update_mean(loss, count)
        for name, value in result.output_losses.items():
            trackers[name].update_mean(value, count)
        Trainer.track_metrics(trackers, result)

    @staticmethod
    def track_metrics(trackers: dict[str, Any], result: BatchResult) -> None:
        """Add a batch's metric values (`BatchResult`) to the trackers of their log keys."""
        for name, (y, y_pred, weight) in result.metric_batches.items():
            trackers[name].update_state(y, y_pred, weight)
        for name, values in result.metric_values.items():
            weight = result.metric_weights.get(name)
            if weight is None:
                trackers[name].update(values)
            else:  # a weighted metric: sum(value * weight) over sum(weight)
                total = float(weight.sum())
                trackers[name].update_mean(float((values * weight).sum()) / total if total else 0.0, total)

    # ----- one batch -------------------------------------------------------------------

    def train_batch(
        self, batch: Batch, trackers: dict[str, metrics.MeanMetric], placed: tuple[torch.dtype, torch.device]
    ) -> None:
        """One gradient step. On any error, weights, optimizer and states stay as they were
        (and the epoch's running metrics too: they are updated only once the step is sure).
        A chunk with no real step (all padding) changes nothing at all."""
        x, y, mask, resets, weights = self.standard_batch(batch, placed)
        group = self._group
        real = int(mask.sum()) if mask is not None else first_leaf(x).shape[0]
        # Under a process group every rank must take part in every chunk's gradient exchange, so
        # only a chunk that is padding on every rank is skipped (by all of them alike).
        everywhere = group.total(real) if group is not None else real
        if not everywhere:
            return
        # Before the forward pass, as a hand-written loop does: the last step's gradients are
        # freed before this step's activations are made. Holding both can cost a large model
        # ~15% of its step time in fresh pages from the allocator. (Before the first step there
        # are none; the optimizer is bound after it, once a model built by its first call, a
        # subclassed one, say, has its weights: then the model's own gradients are cleared, which
        # a fit under an earlier compile, or a hand-written backward(), may have left behind.)
        if self._optimizer is not None:
            self._optimizer.zero_grad(set_to_none=True)
        else:
            self.model.zero_grad(set_to_none=True)
        # The model's layers train, whatever its call passes on (Keras's self(x, training=True))
        with restore_on_error(), taping(), TrainingFlag(True):
            if group is None:
                y_pred = call_model(self.model, x, mask, resets)
            else:
                y_pred = group.forward(x, mask=mask, resets=resets)
            # A model without weights (a functional model of one add_loss layer) has nothing to
            # bind the optimizer to: Keras's apply of no gradients does nothing, and so does this
            # step. Asked after the call, which builds a model that declared no input shape
            # (its first step trains it, as in Keras).
            weightless = self._optimizer is None and next(self.model.parameters(), None) is None
            loss, result, count, settings = self._loss_and_metrics(
                y, y_pred, mask, weights, self._class_weight
            )
            # DDP averages the ranks' gradients; weighting each rank's mean by its share of the
            # real steps makes that average the gradient of the mean over all of them.
            # Keras's; the step divides it out
            scale = None if weightless else getattr(self.optimizer, "loss_scale_factor", None)
            scaled = loss if scale is None else loss * scale
            if scaled.requires_grad:
                (scaled if group is None else scaled * (count * group.world_size / everywhere)).backward()
            else:  # every weight frozen: the loss is logged and nothing changes, as in Keras
                warnings.warn("The model does not have any trainable weights.", UserWarning, stacklevel=2)
        if not weightless:
            self.optimizer.step()
        settings.apply_constraints()  # as Keras's optimizer, after each update
        self._track(trackers, settings.reported(loss), result, count)

    def test_batch(
        self, batch: Batch, trackers: dict[str, metrics.MeanMetric], placed: tuple[torch.dtype, torch.device]
    ) -> None:
        x, y, mask, resets, weights = self.standard_batch(batch, placed)
        if mask is not None and not bool(mask.any()):
            return
        with restore_on_error():
            y_pred = call_model(self.model, x, mask, resets)
            loss, result, count, settings = self._loss_and_metrics(y, y_pred, mask, weights)
        self._track(trackers, settings.reported(loss), result, count)

    # ----- loops -----------------------------------------------------------------------

    def fit(self, *args: Any, **kwargs: Any) -> callbacks_module.History:
        """See `BaseModel.fit`."""
        with CompiledTrainable(self):
            return self._fit(*args, **kwargs)

    def _fit(
        self,
        x: Any,
        y: Any,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Any] | None = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool | None = None,
        class_weight: dict[int, float] | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: float | None = None,
        validation_steps: float | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int | Sequence[int] = 1,
        state_reset: str = "never",
        chunk_length: int | None = None,
    ) -> callbacks_module.History:
        model = self.model
        fixed = fixed_batch_size(model)  # one walk over the model for all the checks below
        ready_made = y is None and is_batch_iterable(x)
        self.outputs.check_class_weight(class_weight, sample_weight)
        custom = overridden(model, "train_step")
        if custom and class_weight is not None:
            raise ValueError(
                f"{type(model).__name__} defines its own train_step: give its weights as sample_weight "
                f"(it receives them in data), not class_weight."
            )
        if ready_made:
            if sample_weight is not None:
                raise ValueError(
                    "fit's sample_weight goes with arrays x and y; batches given ready-made carry their own "
                    "weights as (x, y, sample_weight) triples."
                )
            source = BatchSource.of_batches(x)
        else:
            x, y, sample_weight = self._arrays(x, y, sample_weight, "fit")
            x, y, sample_weight, validation_data = split_validation(
                x, y, sample_weight, validation_split, validation_data
            )
            batch_size = resolve_batch_size(fixed, batch_size, len(first_leaf(x)), "fit")
            if chunk_length is not None:
                check_chunking(x, y, chunk_length)
            source = BatchSource.of_arrays(x, y, batch_size, chunk_length, sample_weight)
        stateful = fixed is not None
        if state_reset not in ("never", "epoch"):
            raise ValueError(f"state_reset must be 'never' or 'epoch'. Received: state_reset={state_reset!r}")
        check_validation_freq(validation_freq)
        if shuffle is None:  # Keras shuffles by default; rows of a stateful model must stay in order
            shuffle = source.shuffles and not stateful
        if shuffle and stateful:
            raise ValueError(
                "fit(shuffle=True) would break a stateful model's sequences: row i of each batch continues "
                "row i of the batch before, so the rows must stay in order. Use shuffle=False (the default "
                "for stateful models), or shuffle whole sequences before laying them out in batches."
            )
        steps_per_epoch = check_steps(steps_per_epoch, "steps_per_epoch")
        epochs, steps_per_epoch = capped(epochs, steps_per_epoch)  # keras.config's caps, if set
        validation_steps = check_steps(validation_steps, "validation_steps")
        epoch_steps = EpochSteps(source, shuffle, steps_per_epoch)
        validation = None  # checked and converted once
        if validation_data is not None:
            validation_batches = validation_batch_size or batch_size
            validation = self._validation_source(validation_data, validation_batches, chunk_length)
        from ..distributed.group import training_group

        self._group = training_group(model, x if ready_made else None)
        if self._group is not None and has_own_fit_step(model):
            self._group = None
            raise NotImplementedError(
                f"{type(model).__name__} defines its own train_step or test_step, which a fit under "
                f"torch.distributed does not run: the built-in step exchanges the ranks' gradients, a "
                f"program's own would have to. Wrap the model in DistributedDataParallel and write the loop."
            )
        verbose = verbosity(verbose) if self._group is None or self._group.rank == 0 else 0
        callback_list = callbacks_module.CallbackList(
            callbacks, model=model, add_history=True, add_progbar=verbose > 0, verbose=verbose,
            epochs=epochs, steps=epoch_steps.steps_per_epoch,
        )  # fmt: skip
        model.stop_training = False
        self._class_weight = class_weight
        callback_list.on_train_begin()
        # A callback may move the start, as in Keras (BackupAndRestore resuming a run).
        initial_epoch = model.__dict__.pop("_initial_epoch", None) or initial_epoch
        logs: dict[str, float] = {}
        try:
            # Every module trains, then has its own mode back (model.train() would also leave
            # a new model's direct calls on PyTorch's rule instead of Keras's inference default).
            # A program's own train_step trains what it calls with training=True (and what that
            # call calls): a layer it calls without the flag infers, as in Keras 3 and tf-keras
            # (a GAN's self.discriminator(x) in keras.io's train_step runs without dropout).
            with ModuleMode(model, True, layers=not custom):
                for epoch in range(initial_epoch, epochs):
                    if state_reset == "epoch":
                        model.reset_states()
                    callback_list.on_epoch_begin(epoch)
                    if custom:
                        logs = custom_steps.train_epoch(self, epoch_steps, callback_list)
                    else:
                        logs = self._train_epoch(epoch_steps, callback_list)
                    if validation is not None and should_validate(epoch, validation_freq):
                        # Each validation starts from the first batch (validation_steps: the first
                        # that many), as Keras's.
                        validation_steps_run = EpochSteps(validation, False, validation_steps)
                        logs.update(self._validate(validation_steps_run, callback_list))
                    callback_list.on_epoch_end(epoch, logs)
                    if self.stopping():
                        break
            if epochs > 0 and isinstance(self._optimizer, KerasOptimizer):
                self._optimizer.finalize_variable_values()  # use_ema: the weights set to their averages
        finally:
            self._group = None
            self._class_weight = None
        callback_list.on_train_end(logs)
        return callback_list.history

    def targets_and_weights(
        self, y: Any, sample_weight: Any, what: str
    ) -> tuple[list[Any] | None, list[Any] | None]:
        """``y`` and ``sample_weight`` as tensors by output, in the model's dtype (no ``y`` for a
        model with its own step: None)."""
        dtype, _ = placement(self.model)
        self._settle_outputs(y)
        if y is None and has_own_fit_step(self.model):
            ys = None  # a model's own step may train without targets (an autoencoder, a GAN)
        else:
            ys = self.outputs.targets(y, f"{what}'s y")
            ys = map_leaves(lambda v: as_tensor(v, f"{what}'s y", dtype), ys)
        weights = self.outputs.sample_weights(sample_weight, f"{what}'s sample_weight")
        weights = map_leaves(lambda v: as_tensor(v, f"{what}'s sample_weight", dtype), weights)
        return ys, weights

    def _arrays(self, x: Any, y: Any, sample_weight: Any, what: str) -> tuple[Any, list[Any], Any]:
        """``x``, ``y`` and ``sample_weight`` as tensors by input and output, rows checked."""
        dtype, _ = placement(self.model)
        inputs = self.inputs(x, f"{what}'s x")
        x = map_leaves(lambda v: as_tensor(v, f"{what}'s x", dtype, keep_text=True), inputs)
        y, weights = self.targets_and_weights(y, sample_weight, what)
        check_same_rows(x, y, what, weights)
        return x, y, weights

    def _validation_source(self, data: Any, batch_size: int | None, chunk_length: int | None) -> BatchSource:
        """``validation_data``: ``(x, y)``, ``(x, y, sample_weight)``, ``(x,)`` (a model whose
        layers ``add_loss`` its loss; a list alike) or ready-made batches."""
        if isinstance(data, list) and not is_batch_iterable(data):
            # Keras unpacks validation_data with unpack_x_y_sample_weight, which reads a list
            # [x, y] as the tuple (x, y) (keras-tcn's bidirect_tcn passes [x_test, y_test]); a
            # list of (x, y) pairs stays statefulrnn's ready-made batches.
            data = tuple(data)
        if isinstance(data, tuple) and len(data) in (1, 2, 3):  # Keras's unpack_x_y_sample_weight
            x, y, weight = (*data, None, None)[:3]
            return self._source(x, y, weight, batch_size, chunk_length, "validation_data")
        return self._source(data, None, None, batch_size, chunk_length, "validation_data")

    def _source(
        self, x: Any, y: Any, sample_weight: Any, batch_size: int | None, chunk_length: int | None, what: str
    ) -> BatchSource:
        if y is None and is_batch_iterable(x):
            return BatchSource.of_batches(x)
        x, y, sample_weight = self._arrays(x, y, sample_weight, what)
        batch_size = resolve_batch_size(fixed_batch_size(self.model), batch_size, len(first_leaf(x)), what)
        return BatchSource.of_arrays(x, y, batch_size, chunk_length, sample_weight)

    def on_batch(self, x: Any, y: Any, train: bool, *args: Any, **kwargs: Any) -> Any:
        """``train_on_batch`` / ``test_on_batch``: one batch, its loss and metrics; with
        ``reset_metrics=False`` (tf-keras's), the metrics go on from the last such call's
        (training and testing calls share them, as tf-keras's do) until one with
        ``reset_metrics=True`` or ``model.reset_metrics()`` starts them afresh."""
        if not train:
            return self._on_batch(x, y, train, *args, **kwargs)
        with CompiledTrainable(self):
            return self._on_batch(x, y, train, *args, **kwargs)

    def _on_batch(
        self, x: Any, y: Any, train: bool, return_dict: bool, sample_weight: Any = None,
        class_weight: dict[int, float] | None = None, reset_metrics: bool = True,
    ) -> float | list[float] | dict[str, float]:  # fmt: skip
        what = "train_on_batch" if train else "test_on_batch"
        if not isinstance(reset_metrics, (bool, np.bool_)):
            raise TypeError(f"{what}: reset_metrics must be True or False. Received: {reset_metrics!r}")
        self.outputs.check_class_weight(class_weight, sample_weight)
        step = "train_step" if train else "test_step"
        if overridden(self.model, step):
            if class_weight is not None:
                raise ValueError(
                    f"{type(self.model).__name__} defines its own {step}: give its weights as "
                    f"sample_weight (it receives them in data), not class_weight."
                )
            x, y, sample_weight = self._arrays(x, y, sample_weight, what)
            logs = custom_steps.on_batch(self, x, y, sample_weight, train, reset_metrics)
            return self._keras_result(logs, return_dict)
        x, y, sample_weight = self._arrays(x, y, sample_weight, what)
        # Kept trackers are updated in place: a batch changes them only once it has run (`_track`
        # is each step's last), as an epoch's running metrics.
        kept = None if reset_metrics else self.batch_trackers
        trackers = self._fresh_trackers() if kept is None else kept
        held = self._held_metrics(reset=kept is None)
        batch, placed = Batch(x, y, sample_weight=sample_weight, standard=True), placement(self.model)
        self._class_weight = class_weight
        try:
            with ModuleMode(self.model, train):
                if train:
                    self.train_batch(batch, trackers, placed)
                else:
                    with torch.no_grad():
                        self.test_batch(batch, trackers, placed)
        finally:
            self._class_weight = None
        self.batch_trackers = trackers
        return self._keras_result(_logs(trackers, held), return_dict)

    def _train_epoch(self, epoch_steps: EpochSteps, callback_list: Any) -> dict[str, float]:
        trackers, held = self._fresh_trackers(), self._held_metrics(reset=True)
        batch_hooks = callback_list.overrides("on_train_batch_begin", "on_train_batch_end")
        placed = placement(self.model)  # once: a walk over the parameters costs ~5 us
        for step, batch in enumerate(epoch_steps.epoch()):
            if batch.starts:
                self.model.reset_states()
            if batch_hooks:
                callback_list.on_train_batch_begin(step)
            self.train_batch(batch, trackers, placed)
            if batch_hooks:
                callback_list.on_train_batch_end(step, _logs(trackers, held))
            if (batch_hooks or self._group is not None) and self.stopping():
                break  # e.g. TerminateOnNaN: stop now, not at the epoch's end
        if self._group is not None:  # every rank logs (and early-stops on) the same global means
            self._group.reduce_means(trackers)
        self.step_metrics.take(trackers)  # model.metrics reads the epoch's, as after Keras's
        return _logs(trackers, held)

    def stopping(self) -> bool:
        """``model.stop_training``; under a process group, agreed by all ranks (any rank stopping
        stops them all: one rank stopping alone would leave the others waiting in the next
        gradient exchange forever)."""
        stop = bool(self.model.stop_training)
        if self._group is not None:
            stop = self.model.stop_training = self._group.total(stop) > 0
        return stop

    def _validate(self, validation: EpochSteps, callback_list: Any) -> dict[str, float]:
        """Evaluate the validation data from the training state and leave the state where
        validation ended, as Keras's ``fit`` does: the next epoch (unless reset) and a later
        ``evaluate`` or ``predict`` continue from there."""
        logs = self._evaluate(validation, callback_list)
        return {f"val_{name}": value for name, value in logs.items()}

    def _evaluate(self, epoch_steps: EpochSteps, callback_list: Any) -> dict[str, float]:
        if overridden(self.model, "test_step"):
            return custom_steps.test_epoch(self, epoch_steps, callback_list)
        trackers, held = self._fresh_trackers(), self._held_metrics(reset=True)
        callback_list.on_test_begin()
        placed = placement(self.model)
        with ModuleMode(self.model, False), torch.no_grad():
            for step, batch in enumerate(epoch_steps.epoch()):
                if batch.starts:
                    self.model.reset_states()
                callback_list.on_test_batch_begin(step)
                self.test_batch(batch, trackers, placed)
                callback_list.on_test_batch_end(step, _logs(trackers, held))
        if self._group is not None:  # validation inside a distributed fit: over every rank's rows
            self._group.reduce_means(trackers)
        self.step_metrics.take(trackers)
        logs = _logs(trackers, held)
        callback_list.on_test_end(logs)
        return logs

    def evaluate(
        self, x: Any, y: Any = None, batch_size: int | None = None, verbose: int | str = "auto",
        sample_weight: Any = None, steps: float | None = None, callbacks: Sequence[Any] | None = None,
        return_dict: bool = False,
    ) -> float | list[float] | dict[str, float]:  # fmt: skip
        """See `BaseModel.evaluate`."""
        verbose = verbosity(verbose)
        if sample_weight is not None and y is None and is_batch_iterable(x):
            raise ValueError(
                "evaluate's sample_weight goes with arrays x and y; batches given ready-made carry their "
                "own weights as (x, y, sample_weight) triples."
            )
        source = self._source(x, y, sample_weight, batch_size, None, "evaluate")
        epoch_steps = EpochSteps(source, False, steps)
        callback_list = callbacks_module.CallbackList(
            callbacks, model=self.model, add_progbar=verbose > 0, verbose=verbose, epochs=1,
            steps=epoch_steps.steps_per_epoch,
        )  # fmt: skip
        logs = self._evaluate(epoch_steps, callback_list)
        return self._keras_result(logs, return_dict)

    def _keras_result(
        self, logs: dict[str, float], return_dict: bool
    ) -> float | list[float] | dict[str, float]:
        """Keras's return: a dict if asked, the loss alone without metrics, else a list in
        Keras's order (`CompiledOutputs.result_list`; a model's own step's logs in the order
        of ``model.metrics``)."""
        if return_dict:
            return logs
        if has_own_fit_step(self.model):
            return custom_steps.flatten_in_order(self.model, logs)
        values = self.outputs.result_list(logs)
        return values[0] if len(values) == 1 else values


class CompiledTrainable:
    """Under tf-keras's rules, ``fit`` and ``train_on_batch`` train the layers that were
    trainable when the model was compiled, whatever their flags say now, and give the flags
    back after (tf-keras's ``RespectCompiledTrainableState``): a GAN's discriminator, compiled
    and then frozen to build and compile the combined model, still trains in its own
    ``train_on_batch`` (Keras 2's ``mnist_acgan`` and its copies). Keras 3 trains by the flags
    as they are."""

    __slots__ = ("_now", "_trainer")

    def __init__(self, trainer: Trainer) -> None:
        self._trainer, self._now = trainer, None

    def __enter__(self) -> None:
        compiled = self._trainer.compiled_trainable
        if tf_keras_rules() and any(layer.trainable != flag for layer, flag in compiled):
            self._now = [(layer, layer.trainable) for layer, _ in compiled]
            _set_flags(compiled)

    def __exit__(self, *exc_info: object) -> None:
        if self._now is not None:
            _set_flags(self._now)


def _set_flags(flags: list[tuple[Any, bool]]) -> None:
    """Each layer's trainable flag, outer layers first (each sets its sublayers' too)."""
    for layer, flag in flags:
        layer.trainable = flag


# The compute dtypes of the mixed policies, whose outputs losses and metrics take in float32.
_16_BITS = (torch.float16, torch.bfloat16)


def loss_scaled(model: torch.nn.Module, optimizer: Any) -> Any:
    """``optimizer`` for a model compiled under ``"mixed_float16"``: wrapped in a
    `LossScaleOptimizer`, as Keras 3's ``compile`` does (one of torch's own optimizers, which it
    cannot wrap, and one wrapped already are left as they are); otherwise as given."""
    if getattr(model, "_mixed", None) is not torch.float16:
        return optimizer
    resolved = optimizers.get(optimizer)
    if isinstance(resolved, KerasOptimizer) and not isinstance(resolved, optimizers.LossScaleOptimizer):
        return optimizers.LossScaleOptimizer(resolved, name="loss_scale_optimizer")
    return resolved


def _drop_others_gradients(optimizer: torch.optim.Optimizer, params: list[torch.Tensor]) -> None:
    """Clear the gradients of ``optimizer``'s parameters that are not ``params`` (this model's).
    One optimizer compiled into several models (`optimizers.bind`) still holds the last
    gradients another model's training left on its weights when it is bound here, at this
    model's first step, after its backward: its step would apply them once more (Keras updates
    only the model's own variables). Later steps clear every gradient first."""
    own = {id(p) for p in params}
    for group in optimizer.param_groups:
        for param in group["params"]:
            if id(param) not in own:
                param.grad = None


class ModuleMode:
    """Every module of ``model`` in training (or inference) mode for the block, as after
    ``model.train(training)``, then each back to its own mode (and a layer that no ``train()``
    or ``eval()`` has set back to Keras's inference default for direct calls, see `Layer`).
    Unlike ``model.train(mode)`` ... ``model.train(was_training)``, this is one walk that writes
    only what differs, and a sublayer left in another mode than the model keeps it. A class
    rather than a ``@contextmanager`` generator: it costs a third as much to enter and leave,
    which a one-step ``predict`` notices.

    Example:
        >>> model = torch.nn.Sequential(torch.nn.Dropout(0.5))
        >>> with ModuleMode(model, False):
        ...     model[0].training
        False
        >>> model[0].training
        True
    """

    __slots__ = ("_changed", "_layers", "_model", "_training")

    def __init__(self, model: torch.nn.Module, training: bool, layers: bool | None = None) -> None:
        self._model, self._training = model, training
        # The mode of statefulrnn's layers where it differs (a program's own train_step: they
        # train only where a call's flag says so, as in Keras; torch's own modules train)
        self._layers = training if layers is None else layers

    def __enter__(self) -> None:
        changed = []  # (attributes, own mode, whether train()/eval() set it)
        default, layers = self._training, self._layers
        mixed = layers != default
        for module in self._model.modules():
            attributes = module.__dict__  # plain writes: nn.Module.__setattr__'s checks cost ~3 us each
            training = layers if mixed and isinstance(module, Layer) else default
            if attributes["training"] != training or MODE_SET not in attributes:
                changed.append((attributes, attributes["training"], MODE_SET in attributes))
                attributes["training"] = training
                attributes[MODE_SET] = True
        self._changed = changed

    def __exit__(self, *exc_info: object) -> None:
        for attributes, own, was_set in self._changed:
            attributes["training"] = own
            if not was_set:
                attributes.pop(MODE_SET, None)


def call_model(model: torch.nn.Module, x: Any, mask: Any, resets: Any) -> Any:
    """``model(x, mask=mask, resets=resets)``, the flags left out when both are None (most
    batches): each keyword costs time at every level of torch's call chain and ours.

    Raises:
        ValueError: a flag that a model's ``forward`` (a subclass's ``call``) does not take.
    """
    x = as_called(x)
    if mask is None and resets is None:
        return model(x)
    accepted = forward_parameters(type(model))
    if "kwargs" not in accepted:
        for flag, value in (("mask", mask), ("resets", resets)):
            if value is not None and flag not in accepted:
                raise ValueError(
                    f"Model '{getattr(model, 'name', type(model).__name__)}' ({type(model).__name__}) "
                    f"takes no {flag}=, but this chunk has {_FLAG_MEANING[flag]}: give its call() a "
                    f"{flag}=None argument and pass it on to its recurrent layers (layer(x, {flag}={flag}))."
                )
        return model(
            x, **{flag: value for flag, value in (("mask", mask), ("resets", resets)) if flag in accepted}
        )
    return model(x, mask=mask, resets=resets)


_FLAG_MEANING = {"mask": "padding (ragged sequences)", "resets": "steps where a new sequence starts"}


def model_inputs(x: Any, names: list[str], what: str) -> Any:
    """``x`` as the model takes it: one array, or a list in the order of the model's input
    ``names`` (from a list, tuple or dict by input name; keys the model does not take are
    ignored, as Keras does); for a model without named inputs (a subclassed Model), a dict as
    an `InputsByKey`, whose call gets the dict, as Keras hands it over, and a list or tuple of
    several arrays as a list. For a model of one input, nested lists of numbers are one array
    (a Korean course's ``fit([[0, 1, 2], [2, 1, 0]], ...)``: tf-keras reads them so, Keras 3
    refuses them).

    Raises:
        ValueError: keys that name no input.
    """
    if not names and isinstance(x, dict):  # a subclassed Model: its call() gets the dict, as in Keras
        return InputsByKey(x.values(), x.keys())
    if not names and several_arrays(x):  # a subclassed Model's call() gets them together
        return list(x)
    if len(names) < 2:  # for several inputs: one list each
        text = text_of_list(x)
        if text is not None:
            return text
        if nested_numbers(x):  # [[0, 1, 2], [2, 1, 0]]: one array, as tf-keras reads it
            return np.asarray(x)
    xs = by_name(x, names or ["input"], what, extra=True)
    return xs[0] if len(xs) == 1 else xs


def _logs(trackers: dict[str, Any], held: list[Any]) -> dict[str, Any]:
    """The built-in loop's logs: its trackers' results, then those of the metrics the model's
    layers hold (`Trainer._held_metrics`), under their names, as Keras logs ``model.metrics``
    (a held metric named as a log of compile's is left out: compile's name it); sorted by key
    under Keras 3's rules, as its ``pythonify_logs`` sorts them (tf-keras keeps the metrics'
    order, the loss first)."""
    logs = _results(trackers)
    if held:
        logs.update(_results({m.name: m for m in held if m.name not in logs}))
    return logs if tf_keras_rules() else dict(sorted(logs.items()))


def _results(trackers: dict[str, Any]) -> dict[str, Any]:
    """Each tracker's result: a float (a list for a stateful metric's per-class results)."""
    results = {}
    for name, tracker in trackers.items():
        value = tracker.result()
        if isinstance(value, torch.Tensor):
            value = value.item() if value.numel() == 1 else value.tolist()
        results[name] = value
    return results


def compute_loss(trainer: Trainer, y: Any, y_pred: Any, sample_weight: Any = None) -> torch.Tensor:
    """Keras's ``Model.compute_loss``: the compiled loss of ``y_pred`` against ``y`` (one output's
    or each output's, weighted by ``loss_weights``: each sample's loss times its
    ``sample_weight``, then Keras's ``"sum_over_batch_size"``) plus the model's regularization
    penalties, with its graph.

    Raises:
        ValueError: compile was given no loss and the model adds none (``add_loss``).
    """
    preds = predictions(y_pred, trainer.outputs.names)
    ys, weights = trainer.targets_and_weights(y, sample_weight, "compute_loss")
    result = trainer.outputs.compute(ys, preds, weights or [None] * len(preds), None, with_metrics=False)
    loss = regularizers.add_penalties(result.loss, trainer.model)
    trainer.require_loss("compute_loss", loss)
    return loss
