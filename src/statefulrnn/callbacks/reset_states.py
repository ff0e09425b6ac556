"""`ResetStatesCallback`: zero a stateful model's states every epoch (or every N batches)."""

from __future__ import annotations

from typing import Any

from .base import Callback, Logs
from .checks import _check_frequency


class ResetStatesCallback(Callback):
    """Zero the model's states at the start of every epoch, and optionally every N batches.

    Args:
        every: ``"epoch"``: reset at the start of each epoch. An integer N: also reset after
            every N-th training batch of an epoch (batches N, 2N, ...), for data laid out as
            sequences of N consecutive chunks each.
    """

    def __init__(self, every: str | int = "epoch") -> None:
        super().__init__()
        _check_frequency("every", every)
        self.every = every

    def set_model(self, model: Any) -> None:
        if not callable(getattr(model, "reset_states", None)):
            raise ValueError(
                f"ResetStatesCallback needs a model with reset_states(); received {type(model).__name__}."
            )
        super().set_model(model)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        # With every=N too: a new epoch restarts the data, so no sequence carries over.
        self.model.reset_states()

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.every != "epoch" and (batch + 1) % self.every == 0:
            self.model.reset_states()
