"""`CallbackList`: the callbacks of one run, in order, called together by the loops."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from .base import Callback, Logs
from .checks import _check_integer
from .history import History
from .progbar_logger import ProgbarLogger


class CallbackList:
    """The callbacks of one ``fit``/``evaluate``/``predict`` run, called in order by one hook.

    Order, as Keras 3: the given callbacks, then `History` (when ``add_history``), then
    `ProgbarLogger` (when ``add_progbar`` and ``verbose > 0``), so the history records and the
    bar shows what earlier callbacks added to the logs. A `History` or `ProgbarLogger` among
    the given callbacks is used instead of adding another.

    Args:
        callbacks: `Callback` instances (or one).
        model: the model; each callback gets it by ``set_model``, and it gets ``model.history``.
        add_history: add a `History` (``fit`` does).
        add_progbar: add a `ProgbarLogger` when ``verbose > 0``.
        verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
        epochs: the number of epochs ``fit`` runs to (1 for ``evaluate``/``predict``).
        steps: batches per epoch, or None when unknown.
    """

    def __init__(
        self,
        callbacks: Callback | Sequence[Callback] | None = None,
        *,
        model: Any,
        add_history: bool = False,
        add_progbar: bool = False,
        verbose: int = 1,
        epochs: int = 1,
        steps: int | None = None,
    ) -> None:
        if verbose not in (0, 1, 2):
            raise ValueError(f"verbose must be 0, 1 or 2. Received: verbose={verbose!r}")
        _check_integer("epochs", epochs, minimum=0)
        if steps is not None:
            _check_integer("steps", steps, minimum=0)
        self.callbacks = _as_callbacks(callbacks)
        self.history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self.history is None and add_history:
            self.history = History()
            self.callbacks.append(self.history)
        if add_progbar and verbose > 0 and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        self.model = model
        self.params = {"verbose": verbose, "epochs": epochs, "steps": steps}
        if self.history is not None:
            model.history = self.history  # as Keras: the last fit's History stays on the model
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(self.params)

    def overrides(self, *hooks: str) -> bool:
        """Whether any callback does something in one of ``hooks`` (or in the Keras 2 alias
        that the hook's default calls): the loops skip building per-batch logs nobody reads
        (a measurable share of a small training step)."""
        hooks += tuple(_KERAS_2_ALIASES[hook] for hook in hooks if hook in _KERAS_2_ALIASES)
        return any(
            getattr(getattr(callback, hook), "__func__", None) is not getattr(Callback, hook)
            for callback in self.callbacks
            for hook in hooks
        )

    def on_train_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        # One dict for all: a callback may add to the logs (as Keras's LR schedulers do), and
        # the History and bar after it record what it added.
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_batch_end(batch, logs=logs)

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Keras 2's name: each callback's ``on_batch_begin`` (Keras 3's `CallbackList` has it)."""
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_batch_begin(batch, logs=logs)

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Keras 2's name: each callback's ``on_batch_end``."""
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_batch_end(batch, logs=logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_begin(logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_end(logs)

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_batch_begin(batch, logs=logs)

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_batch_end(batch, logs=logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_predict_begin(logs)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_predict_end(logs)

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = dict(logs or {})
        for callback in self.callbacks:
            callback.on_predict_batch_begin(batch, logs=logs)

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = dict(logs or {})  # the outputs stay tensors
        for callback in self.callbacks:
            callback.on_predict_batch_end(batch, logs=logs)


# The train-batch hooks whose defaults call Keras 2's names (see `Callback`).
_KERAS_2_ALIASES = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}


def _as_callbacks(callbacks: Callback | Sequence[Callback] | None) -> list[Callback]:
    if callbacks is None:
        return []
    items = [callbacks] if isinstance(callbacks, Callback) else list(callbacks)
    for index, item in enumerate(items):
        if not isinstance(item, Callback):
            raise ValueError(
                f"callbacks must be statefulrnn.callbacks.Callback instances. Received at index {index}: "
                f"{item!r} of type {type(item).__name__}"
            )
    return items


def _scalars(logs: Logs | None) -> Logs:
    """A copy of ``logs`` with one-element tensors and arrays as Python floats, so callbacks
    can compare, format and store them."""
    result = {}
    for key, value in (logs or {}).items():
        if isinstance(value, (np.generic, np.ndarray, torch.Tensor)) and math.prod(value.shape) == 1:
            value = float(value.item())
        result[key] = value
    return result
