"""Keras's learning-rate callbacks: `ReduceLROnPlateau` and `LearningRateScheduler`.

Both read and set the learning rate of the model's optimizer: ours (``optimizer.learning_rate``,
as in Keras) or any ``torch.optim`` optimizer (every parameter group's ``"lr"``), and both add
the epoch's ``learning_rate`` to its logs, as Keras 3 does, so that ``History`` records it.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._interactive import print_msg
from .._keras_rules import tf_keras_rules
from .base import Callback, Logs
from .checks import _check_integer, _check_number, _check_patience
from .monitor import _MonitorCallback


def _learning_rate_key() -> str:
    """The key under which the learning-rate callbacks log the rate each epoch: Keras 3's
    ``"learning_rate"``, tf-keras's ``"lr"`` under its rules (`statefulrnn.config.set_keras_rules`)."""
    return "lr" if tf_keras_rules() else "learning_rate"


def _learning_rate(optimizer: Any) -> float:
    """The rate as Keras's callbacks read it: a Keras optimizer's float32 variable read back
    (0.001 reads 0.0010000000474974513, which a schedule gets and the logs show); a torch
    optimizer's as it is."""
    if hasattr(optimizer, "learning_rate"):
        return float(np.float32(optimizer.learning_rate))
    return float(optimizer.param_groups[0]["lr"])


def _set_learning_rate(optimizer: Any, value: float) -> None:
    if hasattr(optimizer, "learning_rate"):
        optimizer.learning_rate = value
    else:
        for group in optimizer.param_groups:
            group["lr"] = value


class ReduceLROnPlateau(_MonitorCallback):
    """Multiply the learning rate by ``factor`` when a monitored value has stopped improving
    (Keras's rules).

    At the end of each epoch: a value that beats the best by more than ``min_delta`` is the
    new best; otherwise, outside a cooldown, the epoch counts, and after ``patience`` such
    epochs the learning rate becomes ``max(learning_rate * factor, min_lr)`` (unless it is at
    ``min_lr`` already), followed by ``cooldown`` epochs that do not count.

    Args:
        monitor: the log value to watch (default ``"val_loss"``).
        factor: the multiplier, below 1.
        patience: epochs without improvement before a reduction.
        verbose: 1 prints each reduction.
        mode: ``"min"``, ``"max"`` or ``"auto"`` (see `EarlyStopping`).
        min_delta: an improvement must beat the best by more than this.
        cooldown: epochs after a reduction in which nothing counts.
        min_lr: the floor of the learning rate.
        epsilon: Keras 2's name for ``min_delta`` (with Keras 2's warning).

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> from statefulrnn.callbacks import CallbackList
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> calls = CallbackList([ReduceLROnPlateau(monitor="loss", patience=1)], model=model)
        >>> calls.on_train_begin()
        >>> for epoch, loss in enumerate([0.5, 0.6]):
        ...     calls.on_epoch_end(epoch, {"loss": loss})
        >>> round(model.optimizer.learning_rate, 6)  # 0.01 x 0.1: one epoch without a new best
        0.001
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        epsilon: float | None = None,
    ) -> None:
        if epsilon is not None:
            warnings.warn(
                "`epsilon` argument is deprecated and will be removed, use `min_delta` instead.", stacklevel=2
            )
            min_delta = epsilon
        super().__init__(monitor, mode, min_delta)
        _check_number("factor", factor)
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}")
        _check_patience(patience)
        _check_integer("verbose", verbose, minimum=0)
        _check_integer("cooldown", cooldown, minimum=0)
        _check_number("min_lr", min_lr)
        self.factor, self.patience, self.verbose = float(factor), patience, verbose
        self.cooldown, self.min_lr = cooldown, float(min_lr)
        self._reset()

    def _reset(self) -> None:
        self.best: float | None = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = {} if logs is None else logs
        optimizer = self.model.optimizer
        logs[_learning_rate_key()] = _learning_rate(optimizer)
        current = self._monitored(logs, "Learning rate reduction")
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.best is None or self._is_improvement(current, self.best):
            self.best, self.wait = current, 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce(optimizer, epoch):
                self.cooldown_counter, self.wait = self.cooldown, 0

    def _reduce(self, optimizer: Any, epoch: int) -> bool:
        old = _learning_rate(optimizer)
        if old <= np.float32(self.min_lr):  # Keras compares in its float32 variable
            return False
        new = max(old * self.factor, self.min_lr)
        _set_learning_rate(optimizer, new)
        if self.verbose:
            print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
        return True


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch to ``schedule(epoch, learning_rate)``
    (or ``schedule(epoch)`` for a function of one argument), epochs counted from 0, as Keras.

    Args:
        schedule: the function; it returns a number.
        verbose: 1 prints each epoch's learning rate.

    Raises:
        ValueError: at an epoch's start, a schedule that returned something else than a number.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> from statefulrnn.callbacks import CallbackList
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> calls = CallbackList([LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))], model=model)
        >>> calls.on_epoch_begin(3)
        >>> model.optimizer.learning_rate
        0.025
    """

    def __init__(self, schedule: Callable[..., float], verbose: int = 0) -> None:
        super().__init__()
        if not callable(schedule):
            raise ValueError(
                f"schedule must be a function of (epoch, learning_rate) or (epoch). Received: {schedule!r}"
            )
        _check_integer("verbose", verbose, minimum=0)
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        optimizer = self.model.optimizer
        value = self._scheduled(epoch, _learning_rate(optimizer))
        if isinstance(value, torch.Tensor) and value.numel() == 1 and value.is_floating_point():
            value = value.item()  # a schedule's float32 tensor (tf-keras takes one; Keras 3 refuses it)
        if not isinstance(value, (int, float, np.floating, np.integer)) or isinstance(value, bool):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {value!r}")
        _set_learning_rate(optimizer, float(value))
        if self.verbose:
            print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {value}.")

    def _scheduled(self, epoch: int, learning_rate: float) -> Any:
        """Keras tries ``schedule(epoch, lr)`` and falls back to ``schedule(epoch)`` on any
        TypeError, one the schedule raised itself included; the signature decides here."""
        try:
            takes_two = len(inspect.signature(self.schedule).bind(epoch, learning_rate).arguments) == 2
        except TypeError:
            takes_two = False
        except ValueError:  # no signature to read (some builtins): Keras's way
            try:
                return self.schedule(epoch, learning_rate)
            except TypeError:
                return self.schedule(epoch)
        return self.schedule(epoch, learning_rate) if takes_two else self.schedule(epoch)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if logs is not None:
            logs[_learning_rate_key()] = _learning_rate(self.model.optimizer)
