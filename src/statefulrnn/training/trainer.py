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
    BatchSource,
    as_tensor,
    batches,
    check_same_rows,
    count_steps,
    fixed_batch_size,
    is_batch_iterable,
    resolve_batch_size,
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
        self, y: torch.Tensor, y_pred: torch.Tensor
    ) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """The batch's loss (with its graph) and per-sample metric values (without)."""
        self._check_targets(y, y_pred)
        loss = losses.batch_loss(self.loss, y, y_pred)
        if not self.metric_ids:
            return loss, []
        with torch.no_grad():
            return loss, [fn(y, y_pred.detach()) for fn in self._metric_fns(y, y_pred)]

    @staticmethod
    def _track(
        trackers: dict[str, metrics.MeanMetric], loss: torch.Tensor, values: list[torch.Tensor], rows: int
    ) -> None:
        trackers["loss"].update_mean(loss.item(), rows)
        for tracker, value in zip(list(trackers.values())[1:], values):
            tracker.update(value)

    # ----- one batch -------------------------------------------------------------------

    def train_batch(self, x: torch.Tensor, y: torch.Tensor, trackers: dict[str, metrics.MeanMetric]) -> None:
        """One gradient step. On any error, weights, optimizer and states stay as they were
        (and the epoch's running metrics too: they are updated only once the step is sure)."""
        optimizer = self.optimizer
        with restore_on_error():
            loss, values = self._loss_and_metrics(y, self.model(x))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
        optimizer.step()
        self._track(trackers, loss, values, y.shape[0])

    def test_batch(self, x: torch.Tensor, y: torch.Tensor, trackers: dict[str, metrics.MeanMetric]) -> None:
        with restore_on_error():
            loss, values = self._loss_and_metrics(y, self.model(x))
        self._track(trackers, loss, values, y.shape[0])

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
        if y is None and is_batch_iterable(x):
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
        if shuffle and stateful:
            raise ValueError(
                "fit(shuffle=True) would break a stateful model's sequences: row i of each batch continues "
                "row i of the batch before, so the rows must stay in order. Use shuffle=False (the default "
                "for stateful models), or shuffle whole sequences before laying them out in batches."
            )
        verbose = _verbosity(verbose)
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
                logs = self._train_epoch(source, bool(shuffle), callback_list)
                if validation_data is not None:
                    logs.update(self._validate(validation_data, batch_size, chunk_length, callback_list))
                callback_list.on_epoch_end(epoch, logs)
                if model.stop_training:
                    break
        finally:
            model.train(was_training)
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
                self.train_batch(x, y, trackers)
            else:
                with torch.no_grad():
                    self.test_batch(x, y, trackers)
        finally:
            self.model.train(was_training)
        return _keras_result(_results(trackers), return_dict)

    def _train_epoch(self, source: BatchSource, shuffle: bool, callback_list: Any) -> dict[str, float]:
        self.model.train()
        trackers = self._fresh_trackers()
        batch_hooks = callback_list.overrides("on_train_batch_begin", "on_train_batch_end")
        for step, (xb, yb, starts) in enumerate(source.epoch(shuffle)):
            if starts:
                self.model.reset_states()
            if batch_hooks:
                callback_list.on_train_batch_begin(step)
            self.train_batch(as_tensor(xb, "x batch"), as_tensor(yb, "y batch"), trackers)
            if batch_hooks:
                callback_list.on_train_batch_end(step, _results(trackers))
                if self.model.stop_training:  # e.g. TerminateOnNaN: stop now, not at the epoch's end
                    break
        return _results(trackers)

    def _validate(
        self, validation_data: tuple[Any, Any], batch_size: int, chunk_length: int | None, callback_list: Any
    ) -> dict[str, float]:
        """Evaluate from the training state, then put the training state back."""
        snapshot = self.model.get_states()
        try:
            logs = self._evaluate(
                validation_data[0], validation_data[1], batch_size, chunk_length, callback_list
            )
        finally:
            self.model.set_states(snapshot)
        return {f"val_{name}": value for name, value in logs.items()}

    def _evaluate(
        self, x: Any, y: Any, batch_size: int | None, chunk_length: int | None, callback_list: Any
    ) -> dict[str, float]:
        x, y = as_tensor(x, "evaluate's x"), as_tensor(y, "evaluate's y")
        check_same_rows(x, y, "evaluate")
        batch_size = resolve_batch_size(self.model, batch_size, x.shape[0], "evaluate")
        was_training = self.model.training
        self.model.eval()
        trackers = self._fresh_trackers()
        callback_list.on_test_begin()
        try:
            with torch.no_grad():
                for step, (xb, yb, starts) in enumerate(batches(x, y, batch_size, chunk_length)):
                    if starts:
                        self.model.reset_states()
                    callback_list.on_test_batch_begin(step)
                    self.test_batch(xb, yb, trackers)
                    callback_list.on_test_batch_end(step, _results(trackers))
        finally:
            self.model.train(was_training)
        logs = _results(trackers)
        callback_list.on_test_end(logs)
        return logs

    def evaluate(
        self, x: Any, y: Any, batch_size: int | None = None, verbose: int | str = "auto",
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
    """Run ``model`` over ``x`` in batches, in inference mode; numpy results, as Keras's."""
    verbose = _verbosity(verbose)
    x = as_tensor(x, "predict's x")
    batch_size = resolve_batch_size(model, batch_size, x.shape[0], "predict")
    callback_list = callbacks_module.CallbackList(
        callbacks, model=model, add_progbar=verbose > 0, verbose=verbose, epochs=1,
        steps=count_steps(x.shape[0], batch_size, 0, None),
    )  # fmt: skip
    was_training = model.training
    model.eval()
    outputs: list[Any] = []
    callback_list.on_predict_begin()
    try:
        with torch.no_grad():
            for step, (xb, _, _) in enumerate(batches(x, None, batch_size)):
                callback_list.on_predict_batch_begin(step)
                outputs.append(model(xb))
                callback_list.on_predict_batch_end(step, {"outputs": outputs[-1]})
    finally:
        model.train(was_training)
    callback_list.on_predict_end()
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
