"""`EarlyStopping`: stop training when a monitored value has stopped improving."""

from __future__ import annotations

import numpy as np

from .._interactive import print_msg
from .base import Logs
from .checks import _check_integer, _check_number, _check_patience
from .monitor import _MonitorCallback


class EarlyStopping(_MonitorCallback):
    """Stop training when a monitored value has stopped improving (Keras's rules).

    Args:
        monitor: the log value to watch, e.g. ``"val_loss"`` or ``"loss"``.
        min_delta: an improvement must beat the best so far by more than this.
        patience: epochs without improvement after which training stops.
        verbose: 1 prints when it stops and when it restores weights.
        mode: ``"min"``, ``"max"``, or ``"auto"``: ``"max"`` when the name contains ``acc``
            (or ``auc``), else ``"min"``.
        baseline: the value to beat; epochs that improve on the best so far but not on the
            baseline still count towards ``patience``.
        restore_best_weights: when training ends, set the weights of the best epoch (whether
            training stopped early or not, as Keras 3).
        start_from_epoch: epochs of warm-up in which nothing is monitored.

    Attributes:
        stopped_epoch: the epoch (from 0) training stopped after, or 0.
        best, best_epoch: the best value so far and its epoch.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, min_delta)
        _check_patience(patience)
        _check_integer("verbose", verbose, minimum=0)
        _check_integer("start_from_epoch", start_from_epoch, minimum=0)
        if baseline is not None:
            _check_number("baseline", baseline)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self._reset()

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()  # so one instance serves several fit calls

    def _reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._worst
        self.best_epoch = 0
        self.best_weights: list[np.ndarray] | None = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        current = self._monitored(logs, "Early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # until a better epoch, this one is best
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Patience restarts only when the epoch also beats the baseline.
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
