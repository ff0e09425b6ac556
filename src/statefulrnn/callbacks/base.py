"""`Callback`, the base class: one hook per event of ``fit``, ``evaluate`` and ``predict``."""

from __future__ import annotations

from typing import Any

Logs = dict[str, Any]


class Callback:
    """Base class: every hook does nothing; override the ones you need.

    Attributes:
        model: the model being trained, evaluated or run (set by `set_model`).
        params: ``{"verbose": int, "epochs": int, "steps": int | None}`` of the run.
    """

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Called once when ``fit`` starts."""

    def on_train_end(self, logs: Logs | None = None) -> None:
        """Called once when ``fit`` ends, with the last epoch's logs."""

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the start of epoch ``epoch`` (counted from 0)."""

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the end of an epoch with its means (and ``val_`` results)."""

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before training batch ``batch`` (counted from 0 in each epoch).

        By default it calls `on_batch_begin` (Keras 2's name), as Keras 3 does, so an old
        callback that defines only that is called; one that overrides this hook replaces it.
        """
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after a training batch with the epoch's running means.

        By default it calls `on_batch_end` (Keras 2's name), as Keras 3 does.
        """
        self.on_batch_end(batch, logs=logs)

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Keras 2's name for `on_train_batch_begin` (called from its default)."""

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Keras 2's name for `on_train_batch_end` (called from its default)."""

    def on_test_begin(self, logs: Logs | None = None) -> None:
        """Called when ``evaluate`` (or validation inside ``fit``) starts."""

    def on_test_end(self, logs: Logs | None = None) -> None:
        """Called when ``evaluate`` (or validation) ends, with its results."""

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before an evaluation batch."""

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after an evaluation batch with the running means."""

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        """Called when ``predict`` starts."""

    def on_predict_end(self, logs: Logs | None = None) -> None:
        """Called when ``predict`` ends."""

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before a prediction batch."""

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after a prediction batch; ``logs["outputs"]`` holds its outputs."""
