"""`TerminateOnNaN`: stop training when a batch's loss is NaN or infinite."""

from __future__ import annotations

import math

from .._interactive import print_msg
from .base import Callback, Logs


class TerminateOnNaN(Callback):
    """Stop training when a batch's loss is NaN or infinite.

    Args:
        raise_error: raise a RuntimeError at once instead of setting
            ``model.stop_training`` (as Keras 3).
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = raise_error

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}.")
        print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
