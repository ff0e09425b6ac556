"""``compile``/``fit``/``evaluate``/``predict``: Keras's training loop over our models.

A `Trainer` holds what ``compile`` was given and runs the loops; models keep one and delegate
to it (the Keras face is a thin layer over plain PyTorch: ``loss.backward()`` and
``optimizer.step()`` on ``model.parameters()``).

Stateful models, as in Keras: rows stay in order and the state carries from batch to batch;
states are never reset by the loop unless asked (``state_reset="epoch"`` or a
`ResetStatesCallback`), so the notebook's ``fit(epochs=1)`` + ``reset_states()`` loop works.
Where we go beyond Keras:

- validation inside ``fit`` runs from the training state, as Keras's does, but the training
  state is saved before and restored after, so validation never disturbs training;
- ``shuffle`` defaults to False for a stateful model, and ``shuffle=True`` is refused there;
- a batch that fails (a wrong shape, a loss error) changes no weight, optimizer state or layer
  state; the error says what was expected;
- ``chunk_length=k`` trains on whole long sequences by cutting them into chunks of ``k`` steps:
  gradients stop at chunk boundaries, the state carries across them, memory stays flat.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from .. import callbacks as callbacks_module
from .. import losses, metrics, optimizers
from ..state import restore_on_error
from .data import (
    Batch,
    BatchSource,
    as_tensor,
    check_same_rows,
    fixed_batch_size,
    is_batch_iterable,
    per_sequence,
    resolve_batch_size,
    to_tensors,
)


def _verbosity(verbose: int | str) -> int:
    if verbose == "auto":
        return 1 if sys.stdout.isatty() else 2  # a bar redrawn with \r is unreadable in a log file
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto'. Received: verbose={verbose!r}")
    return int(verbose)


class Trainer:
    """What ``model.compile(optimizer, loss, metrics)`` sets up, and the loops that use it."""

    def __init__(
        self, model: torch.nn.Module, optimizer: Any, loss: Any, metrics: Sequence[Any] | None
    ) -> None:
        if loss is None:
            raise ValueError("compile needs a loss, such as loss='mse'.")
        self.model = model
        self.loss = losses.get(loss)
        self.metric_ids = list(metrics or [])
        self._optimizer_spec = optimizer
        self._optimizer: torch.optim.Optimizer | None = None
        self._metric_functions: list[metrics.MetricFunction] | None = None
        # Set while a fit runs in a process group (statefulrnn.distributed); None otherwise. Not
        # kept after the fit: a DDP wrapper outliving its process group aborts the process when
        # the interpreter exits (its reducer still refers to gloo's work).
        self._group: Any = None

    # ----- pieces ----------------------------------------------------------------------

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """The optimizer, bound to the model's parameters on first use (the model may be
        built lazily by its first batch)."""
        if self._optimizer is None:
            self._optimizer = optimizers.bind(self._optimizer_spec, self.model.parameters())
        return self._optimizer

    def _metric_fns(self, y: torch.Tensor, y_pred: torch.Tensor) -> list[metrics.MetricFunction]:
        if self._metric_functions is None:  # "accuracy" resolves from the first batch's shapes
            self._metric_functions = [metrics.resolve(m, y, y_pred) for m in self.metric_ids]
        return self._metric_functions

    def _fresh_trackers(self) -> dict[str, metrics.MeanMetric]:
        return {
            "loss": metrics.MeanMetric(),
            **{metrics.display_name(m): metrics.MeanMetric() for m in self.metric_ids},
        }

    def _check_targets(self, y: torch.Tensor, y_pred: torch.Tensor) -> None:
        if not isinstance(y_pred, torch.Tensor):
            raise ValueError("fit/evaluate need a model with one output; this one returns several.")
        sparse = isinstance(self.loss, losses.SparseCategoricalCrossentropy)
        expected = tuple(y_pred.shape[:-1]) if sparse else tuple(y_pred.shape)
        got = tuple(y.shape)
        if got != expected and not (sparse and got == (*expected, 1)):
            raise ValueError(
                f"The loss {losses.name_of(self.loss)} compares targets with the model's output of shape "
                f"{tuple(y_pred.shape)}, so y must have shape {expected}. Received: y of shape {got}"
            )

    def _loss_and_metrics(
        self, y: torch.Tensor, y_pred: torch.Tensor, mask: torch.Tensor | None
    ) -> tuple[torch.Tensor, list[torch.Tensor], int]:
        """The batch's loss (with its graph), per-sample metric values (without), and how many
        samples (rows, or real steps under a ``mask``) they average."""
        self._check_targets(y, y_pred)
        if mask is None:
            loss = losses.batch_loss(self.loss, y, y_pred)
            count = y.shape[0]
        else:  # padded steps count for nothing
            weights = mask.to(y_pred.dtype)
            count = int(mask.sum())
            loss = (self.loss(y, y_pred) * weights).sum() / max(count, 1)
        if not self.metric_ids:
            return loss, [], count
        with torch.no_grad():
            values = [fn(y, y_pred.detach()) for fn in self._metric_fns(y, y_pred)]
        return loss, values if mask is None else [v[mask] for v in values], count

    @staticmethod
    def _track(
        trackers: dict[str, metrics.MeanMetric], loss: torch.Tensor, values: list[torch.Tensor], count: int
    ) -> None:
        trackers["loss"].update_mean(loss.item(), count)
        for tracker, value in zip(list(trackers.values())[1:], values):
            tracker.update(value)

    # ----- one batch -------------------------------------------------------------------

    def train_batch(self, batch: Batch, trackers: dict[str, metrics.MeanMetric]) -> None:
        """One gradient step. On any error, weights, optimizer and states stay as they were
        (and the epoch's running metrics too: they are updated only once the step is sure).
        A chunk with no real step (all padding) changes nothing at all."""
        x, y, mask, resets = to_tensors(batch)
        group = self._group
        real = int(mask.sum()) if mask is not None else y.shape[0]
        # Under a process group every rank must take part in every chunk's gradient exchange, so
        # only a chunk that is padding on every rank is skipped (by all of them alike).
        everywhere = group.total(real) if group is not None else real
        if not everywhere:
            return
        optimizer = self.optimizer
        with restore_on_error():
            y_pred = (group.forward if group is not None else self.model)(x, mask=mask, resets=resets)
            loss, values, count = self._loss_and_metrics(y, y_pred, mask)
            optimizer.zero_grad(set_to_none=True)
            # DDP averages the ranks' gradients; weighting each rank's mean by its share of the
            # real steps makes that average the gradient of the mean over all of them.
            (loss if group is None else loss * (count * group.world_size / everywhere)).backward()
        optimizer.step()
        self._track(trackers, loss, values, count)

    def test_batch(self, batch: Batch, trackers: dict[str, metrics.MeanMetric]) -> None:
        x, y, mask, resets = to_tensors(batch)
        if mask is not None and not bool(mask.any()):
            return
        with restore_on_error():
            y_pred = self.model(x, mask=mask, resets=resets)
            loss, values, count = self._loss_and_metrics(y, y_pred, mask)
        self._track(trackers, loss, values, count)

    # ----- loops -----------------------------------------------------------------------

    def fit(
        self,
        x: Any,
        y: Any,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Any] | None = None,
        validation_split: float = 0.0,
        validation_data: tuple[Any, Any] | None = None,
        shuffle: bool | None = None,
        initial_epoch: int = 0,
        state_reset: str = "never",
        chunk_length: int | None = None,
    ) -> callbacks_module.History:
        model = self.model
        ready_made = y is None and is_batch_iterable(x)
        if ready_made:
            source = BatchSource.of_batches(x)
        else:
            x, y = as_tensor(x, "fit's x"), as_tensor(y, "fit's y")
            check_same_rows(x, y, "fit")
            x, y, validation_data = self._split_validation(x, y, validation_split, validation_data)
            batch_size = resolve_batch_size(model, batch_size, x.shape[0], "fit")
            if chunk_length is not None:
                _check_chunking(x, y, chunk_length)
            source = BatchSource.of_arrays(x, y, batch_size, chunk_length)
        stateful = fixed_batch_size(model) is not None
        if state_reset not in ("never", "epoch"):
            raise ValueError(f"state_reset must be 'never' or 'epoch'. Received: state_reset={state_reset!r}")
        if shuffle is None:  # Keras shuffles by default; rows of a stateful model must stay in order
            shuffle = not (stateful or ready_made)
        if shuffle and stateful:
            raise ValueError(
                "fit(shuffle=True) would break a stateful model's sequences: row i of each batch continues "
                "row i of the batch before, so the rows must stay in order. Use shuffle=False (the default "
                "for stateful models), or shuffle whole sequences before laying them out in batches."
            )
        from ..distributed.group import training_group

        self._group = training_group(model, x if ready_made else None)
        verbose = _verbosity(verbose) if self._group is None or self._group.rank == 0 else 0
        callback_list = callbacks_module.CallbackList(
            callbacks, model=model, add_history=True, add_progbar=verbose > 0, verbose=verbose,
            epochs=epochs, steps=source.steps,
        )  # fmt: skip
        was_training = model.training
        model.stop_training = False
        callback_list.on_train_begin()
        logs: dict[str, float] = {}
        try:
            for epoch in range(initial_epoch, epochs):
                if state_reset == "epoch":
                    model.reset_states()
                callback_list.on_epoch_begin(epoch)
                logs = self._train_epoch(source, shuffle, callback_list)
                if validation_data is not None:
                    logs.update(self._validate(validation_data, batch_size, chunk_length, callback_list))
                callback_list.on_epoch_end(epoch, logs)
                if self._stopping():
                    break
        finally:
            model.train(was_training)
            self._group = None
        callback_list.on_train_end(logs)
        return callback_list.history

    @staticmethod
    def _split_validation(
        x: torch.Tensor, y: torch.Tensor, validation_split: float, validation_data: Any
    ) -> tuple[torch.Tensor, torch.Tensor, Any]:
        """Keras's ``validation_split``: the last fraction of the rows, taken before any shuffle."""
        if not validation_split:
            return x, y, validation_data
        if validation_data is not None:
            raise ValueError("Give validation_data or validation_split, not both.")
        if not 0.0 < validation_split < 1.0:
            raise ValueError(f"validation_split must be in (0, 1). Received: {validation_split!r}")
        split_at = int(x.shape[0] * (1.0 - validation_split))
        return x[:split_at], y[:split_at], (x[split_at:], y[split_at:])

    def on_batch(
        self, x: Any, y: Any, train: bool, return_dict: bool
    ) -> float | list[float] | dict[str, float]:
        """``train_on_batch`` / ``test_on_batch``: one batch, its loss and metrics."""
        x, y = as_tensor(x, "x"), as_tensor(y, "y")
        check_same_rows(x, y, "train_on_batch" if train else "test_on_batch")
        trackers = self._fresh_trackers()
        was_training = self.model.training
        self.model.train(train)
        try:
            if train:
                self.train_batch(Batch(x, y), trackers)
            else:
                with torch.no_grad():
                    self.test_batch(Batch(x, y), trackers)
        finally:
            self.model.train(was_training)
        return _keras_result(_results(trackers), return_dict)

    def _train_epoch(self, source: BatchSource, shuffle: bool, callback_list: Any) -> dict[str, float]:
        self.model.train()
        trackers = self._fresh_trackers()
        batch_hooks = callback_list.overrides("on_train_batch_begin", "on_train_batch_end")
        for step, batch in enumerate(source.epoch(shuffle)):
            if batch.starts:
                self.model.reset_states()
            if batch_hooks:
                callback_list.on_train_batch_begin(step)
            self.train_batch(batch, trackers)
            if batch_hooks:
                callback_list.on_train_batch_end(step, _results(trackers))
            if (batch_hooks or self._group is not None) and self._stopping():
                break  # e.g. TerminateOnNaN: stop now, not at the epoch's end
        if self._group is not None:  # every rank logs (and early-stops on) the same global means
            self._group.reduce_means(trackers)
        return _results(trackers)

    def _stopping(self) -> bool:
        """``model.stop_training``; under a process group, agreed by all ranks (any rank stopping
        stops them all: one rank stopping alone would leave the others waiting in the next
        gradient exchange forever)."""
        stop = bool(self.model.stop_training)
        if self._group is not None:
            stop = self.model.stop_training = self._group.total(stop) > 0
        return stop

    def _validate(
        self, validation_data: Any, batch_size: int | None, chunk_length: int | None, callback_list: Any
    ) -> dict[str, float]:
        """Evaluate ``(x, y)`` or a `SequenceBatcher` from the training state, then put the
        training state back."""
        pair = isinstance(validation_data, tuple) and len(validation_data) == 2
        x, y = validation_data if pair else (validation_data, None)
        snapshot = self.model.get_states()
        try:
            logs = self._evaluate(x, y, batch_size, chunk_length, callback_list)
        finally:
            self.model.set_states(snapshot)
        return {f"val_{name}": value for name, value in logs.items()}

    def _evaluate(
        self, x: Any, y: Any, batch_size: int | None, chunk_length: int | None, callback_list: Any
    ) -> dict[str, float]:
        if y is None and is_batch_iterable(x):
            source = BatchSource.of_batches(x)
        else:
            x, y = as_tensor(x, "evaluate's x"), as_tensor(y, "evaluate's y")
            check_same_rows(x, y, "evaluate")
            batch_size = resolve_batch_size(self.model, batch_size, x.shape[0], "evaluate")
            source = BatchSource.of_arrays(x, y, batch_size, chunk_length)
        was_training = self.model.training
        self.model.eval()
        trackers = self._fresh_trackers()
        callback_list.on_test_begin()
        try:
            with torch.no_grad():
                for step, batch in enumerate(source.epoch(False)):
                    if batch.starts:
                        self.model.reset_states()
                    callback_list.on_test_batch_begin(step)
                    self.test_batch(batch, trackers)
                    callback_list.on_test_batch_end(step, _results(trackers))
        finally:
            self.model.train(was_training)
        if self._group is not None:  # validation inside a distributed fit: over every rank's rows
            self._group.reduce_means(trackers)
        logs = _results(trackers)
        callback_list.on_test_end(logs)
        return logs

    def evaluate(
        self, x: Any, y: Any = None, batch_size: int | None = None, verbose: int | str = "auto",
        callbacks: Sequence[Any] | None = None, return_dict: bool = False,
    ) -> float | list[float] | dict[str, float]:  # fmt: skip
        verbose = _verbosity(verbose)
        callback_list = callbacks_module.CallbackList(
            callbacks, model=self.model, add_progbar=verbose > 0, verbose=verbose, epochs=1,
            steps=None,
        )  # fmt: skip
        logs = self._evaluate(x, y, batch_size, None, callback_list)
        return _keras_result(logs, return_dict)


def predict(
    model: torch.nn.Module, x: Any, batch_size: int | None = None, verbose: int | str = "auto",
    callbacks: Sequence[Any] | None = None,
) -> np.ndarray | list[np.ndarray]:  # fmt: skip
    """Run ``model`` over ``x`` in batches, in inference mode; numpy results, as Keras's.

    Given a `SequenceBatcher` (or its chunks), it honours their resets and masks and returns one
    array of per-step outputs for each sequence, in the order the sequences were given.
    """
    verbose = _verbosity(verbose)
    chunked = is_batch_iterable(x)
    if chunked:
        source = BatchSource.of_batches(x)
    else:
        x = as_tensor(x, "predict's x")
        batch_size = resolve_batch_size(model, batch_size, x.shape[0], "predict")
        source = BatchSource.of_arrays(x, None, batch_size, None)
    callback_list = callbacks_module.CallbackList(
        callbacks, model=model, add_progbar=verbose > 0, verbose=verbose, epochs=1, steps=source.steps
    )
    was_training = model.training
    model.eval()
    outputs: list[Any] = []
    chunks: list[Batch] = []
    callback_list.on_predict_begin()
    try:
        with torch.no_grad():
            for step, batch in enumerate(source.epoch(False)):
                callback_list.on_predict_batch_begin(step)
                xb, _, mask, resets = to_tensors(batch)
                outputs.append(model(xb, mask=mask, resets=resets))
                chunks.append(batch)
                callback_list.on_predict_batch_end(step, {"outputs": outputs[-1]})
    finally:
        model.train(was_training)
    callback_list.on_predict_end()
    if chunked and chunks and chunks[0].sequence_ids is not None:
        return per_sequence(outputs, chunks)
    if isinstance(outputs[0], (list, tuple)):
        return [torch.cat(parts).numpy() for parts in zip(*outputs)]
    return torch.cat(outputs).numpy()


def _results(trackers: dict[str, metrics.MeanMetric]) -> dict[str, float]:
    return {name: tracker.result() for name, tracker in trackers.items()}


def _keras_result(logs: dict[str, float], return_dict: bool) -> float | list[float] | dict[str, float]:
    """Keras's return: a dict if asked, the loss alone without metrics, else a list."""
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _check_chunking(x: torch.Tensor, y: torch.Tensor, chunk_length: int) -> None:
    if not isinstance(chunk_length, int) or chunk_length < 1:
        raise ValueError(f"chunk_length must be a positive number of steps. Received: {chunk_length!r}")
    if y.ndim < 3 or y.shape[1] != x.shape[1]:
        raise ValueError(
            f"fit(chunk_length=...) cuts x and y along time, so y needs one target per step: shape "
            f"({x.shape[0]}, {x.shape[1]}, ...) for x of shape {tuple(x.shape)}, from a model with "
            f"return_sequences=True. Received: y of shape {tuple(y.shape)}"
        )
