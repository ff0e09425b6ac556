"""Keras 3's step methods and model-level metrics on our models: ``train_step``, ``test_step``
and ``predict_step`` (the built-in steps, for a program's own step to override or to call
through ``super()``), ``metrics``, ``compute_metrics``, ``get_metrics_result`` and
``reset_metrics``. How ``fit`` and the other loops run a model's own step is in
`statefulrnn.training.custom_steps`.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import torch

from .. import tree
from ..training.custom_steps import CompiledMetricsContainer, defines_loss_hooks, held_metrics
from ..training.data import Batch, placement, unpack_x_y_sample_weight


class KerasSteps:
    """Mixed into `BaseModel`: see the module notes.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,), kernel_initializer="ones")])
        >>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        >>> [metric.name for metric in model.metrics]
        ['loss', 'compile_metrics']
        >>> logs = model.test_step((torch.ones(4, 2), torch.zeros(4, 1)))
        >>> {name: float(value) for name, value in logs.items()}
        {'loss': 4.0, 'mae': 2.0}
    """

    @property
    def metrics(self) -> list[Any]:
        """Keras 3's ``model.metrics``: the loss tracker, ``compile_metrics`` (when compile was
        given metrics), each output's loss tracker (several outputs), then the metrics the model
        and its layers hold as attributes (`held_metrics`). A ``fit`` or ``evaluate`` leaves its
        last epoch's values in them."""
        trainer = self.__dict__.get("_trainer")
        listed = [] if trainer is None else trainer.step_metrics.listed()
        return listed + held_metrics(self)

    @property
    def compiled_metrics(self) -> CompiledMetricsContainer | None:
        """tf-keras's container of compile's metrics (`CompiledMetricsContainer`); None before
        ``compile``, as there."""
        trainer = self.__dict__.get("_trainer")
        return None if trainer is None else CompiledMetricsContainer(trainer)

    def reset_metrics(self) -> None:
        """Every metric of `metrics` back to its start; and the metrics that ``train_on_batch``/
        ``test_on_batch`` calls with ``reset_metrics=False`` (tf-keras's) go on from start afresh."""
        trainer = self.__dict__.get("_trainer")
        if trainer is not None:
            trainer.batch_trackers = None
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self) -> dict[str, Any]:
        """Each metric's ``result()`` by name (a ``compile_metrics`` dict's entries at the top
        level), as Keras's."""
        results: dict[str, Any] = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                results.update(result)
            else:
                results[metric.name] = result
        return results

    def compute_metrics(self, x: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> dict[str, Any]:
        """Keras's ``compute_metrics``: add a batch to compile's metrics (``x`` is not used, as
        in Keras's default), then `get_metrics_result`."""
        compiled = self._compiled("compute_metrics").step_metrics.compile_metrics
        if compiled is not None:
            compiled.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def train_step(self, data: Any) -> dict[str, Any]:
        """The built-in training step on one batch, ``data`` as Keras gives it (``(x, y)``,
        ``(x, y, sample_weight)``): one update of compile's loss, the batch added to
        `metrics`; returns `get_metrics_result`. On an error, nothing has changed. A model
        whose class defines ``compute_loss`` or ``compute_metrics`` steps through them
        (`step_through_hooks`), as Keras 3's built-in step does."""
        trainer = self._compiled("train_step")
        if defines_loss_hooks(self):
            return step_through_hooks(self, data, training=True)
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        trainer.train_batch(
            Batch(x, y, sample_weight=sample_weight), trainer.step_metrics.trackers(), placement(self)
        )
        return self.get_metrics_result()

    def test_step(self, data: Any) -> dict[str, Any]:
        """The built-in test step on one batch (compile's loss and metrics, without gradients),
        added to `metrics`; returns `get_metrics_result`."""
        trainer = self._compiled("test_step")
        if defines_loss_hooks(self):
            return step_through_hooks(self, data, training=False)
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with torch.no_grad():
            trainer.test_batch(
                Batch(x, y, sample_weight=sample_weight), trainer.step_metrics.trackers(), placement(self)
            )
        return self.get_metrics_result()

    def predict_step(self, data: Any) -> Any:
        """The built-in predict step: the model's outputs for ``data``'s ``x``."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x)


def step_through_hooks(model: Any, data: Any, training: bool) -> dict[str, Any]:
    """Keras 3's built-in train or test step as its torch backend writes it, for a model whose
    class defines its own ``compute_loss`` (keras.io's knowledge distiller) or
    ``compute_metrics``: the outputs, ``compute_loss(x, y, y_pred, sample_weight[, training])``
    added to the loss tracker weighted by the batch's rows, in training one update from its
    gradients, then ``compute_metrics(x, y, y_pred, sample_weight)``'s logs."""
    trainer = model._compiled("train_step" if training else "test_step")
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    y_pred = model(x, training=training)
    if training:
        model.zero_grad()
    arguments = {"training": training} if _takes_training(type(model).compute_loss) else {}
    loss = model.compute_loss(x, y, y_pred, sample_weight, **arguments)
    rows = next(leaf for leaf in tree.flatten(x) if leaf is not None).shape[0]
    trainer.step_metrics.loss.update_state(loss.detach(), sample_weight=rows)
    if training:
        weights = model.trainable_weights
        if weights:
            model.optimizer.scale_loss(loss).backward()
            model.optimizer.apply([weight.value.grad for weight in weights], weights)
        else:
            warnings.warn("The model does not have any trainable weights.", UserWarning, stacklevel=2)
    return model.compute_metrics(x, y, y_pred, sample_weight)


def _takes_training(compute_loss: Any) -> bool:
    """Whether a ``compute_loss`` names a ``training`` argument (Keras passes it only then)."""
    return "training" in inspect.signature(compute_loss).parameters
