"""`ProgbarLogger`: the progress bar or per-epoch lines printed when ``verbose > 0``."""

from __future__ import annotations

from .._interactive import print_msg
from ..training.progress import Progbar
from .base import Callback, Logs


class ProgbarLogger(Callback):
    """Prints progress: a bar per epoch (``verbose=1``) or one line per epoch (``verbose=2``).

    Added by ``fit``, ``evaluate`` and ``predict`` when ``verbose > 0``. Inside ``fit``,
    validation runs silently and its results appear on the epoch's line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.progbar: Progbar | None = None
        self._seen = 0
        self._in_fit = False

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._in_fit = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        self._in_fit = False

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._start_bar()
        if self.params.get("verbose", 1) > 0 and self.params.get("epochs", 1) > 1:
            print_msg(f"Epoch {epoch + 1}/{self.params['epochs']}")

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._step(batch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self._finish(logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._start_bar()

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._step(batch, logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._start_bar()

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._step(batch, None)  # the outputs are no metric

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._finish(None)

    def _start_bar(self) -> None:
        self._seen = 0
        self.progbar = Progbar(self.params.get("steps"), verbose=self.params.get("verbose", 1))

    def _step(self, batch: int, logs: Logs | None) -> None:
        self._seen = batch + 1
        if self.progbar is None or self.progbar.verbose != 1:
            return
        logs = logs or {}
        # The loops' logs are running means over the epoch already: show them as they are.
        self.progbar.stateful_metrics.update(logs)
        self.progbar.update(self._seen, logs, finalize=False)

    def _finish(self, logs: Logs | None) -> None:
        if self.progbar is None:
            return
        logs = logs or {}
        if self.progbar.target is None:  # steps were unknown: now they are
            self.progbar.target = self._seen
        self.progbar.update(self.progbar.target, logs, finalize=True)
        self.progbar = None
