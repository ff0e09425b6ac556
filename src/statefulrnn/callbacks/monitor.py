"""What `EarlyStopping` and `ModelCheckpoint` share: a monitored log value and Keras's
``mode`` rules for whether it improved."""

from __future__ import annotations

import math
import warnings

from .base import Callback, Logs
from .checks import _check_number


class _MonitorCallback(Callback):
    """What `EarlyStopping` and `ModelCheckpoint` share: a monitored log value and whether a
    new value is better than a reference."""

    def __init__(self, monitor: str, mode: str, min_delta: float = 0.0) -> None:
        super().__init__()
        if not isinstance(monitor, str):
            raise ValueError(
                f"monitor must be the name of a log value, such as 'val_loss'. Received: {monitor!r}"
            )
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"mode must be 'auto', 'min' or 'max'. Received: mode={mode!r}")
        _check_number("min_delta", min_delta)
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(min_delta)
        self.maximize = mode == "max" or (mode == "auto" and _higher_is_better(monitor))

    @property
    def _worst(self) -> float:
        return -math.inf if self.maximize else math.inf

    def _is_improvement(self, value: float, reference: float) -> bool:
        """Better than ``reference`` by more than ``min_delta``."""
        if self.maximize:
            return value - self.min_delta > reference
        return value + self.min_delta < reference

    def _monitored(self, logs: Logs | None, what: str) -> float | None:
        value = (logs or {}).get(self.monitor)
        if value is None:
            warnings.warn(
                f"{what} conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(logs or {})}",
                stacklevel=3,
            )
        return value


def _higher_is_better(monitor: str) -> bool:
    """Keras 2's rule for mode='auto': accuracies and AUCs grow, everything else shrinks; and
    an R^2 (``r2_score``, or another name starting ``r2``), which grows (Keras 3 reads that
    from the `R2Score` object; a name not starting ``r2`` needs ``mode="max"`` here)."""
    name = monitor.removeprefix("val_")
    return "acc" in name or "auc" in name or name.startswith("r2")
