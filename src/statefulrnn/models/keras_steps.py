"""Keras 3's step methods and model-level metrics on our models: ``train_step``, ``test_step``
and ``predict_step`` (the built-in steps, for a program's own step to override or to call
through ``super()``), ``metrics``, ``compute_metrics``, ``get_metrics_result`` and
``reset_metrics``. How ``fit`` and the other loops run a model's own step is in
`statefulrnn.training.custom_steps`.
"""

from __future__ import annotations

from typing import Any

import torch

from ..training.custom_steps import CompiledMetricsContainer, held_metrics
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
        `metrics`; returns `get_metrics_result`. On an error, nothing has changed."""
        trainer = self._compiled("train_step")
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        trainer.train_batch(
            Batch(x, y, sample_weight=sample_weight), trainer.step_metrics.trackers(), placement(self)
        )
        return self.get_metrics_result()

    def test_step(self, data: Any) -> dict[str, Any]:
        """The built-in test step on one batch (compile's loss and metrics, without gradients),
        added to `metrics`; returns `get_metrics_result`."""
        trainer = self._compiled("test_step")
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
