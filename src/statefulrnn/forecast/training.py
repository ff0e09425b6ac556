"""Training a stateful forecaster on one series with truncated BPTT, validated in time order.

The network reads the rows' inputs and learns the corrections to the naive base (`Inputs`):
``(N, T, F) -> (N, T, H)``, one output per step ahead (a direct multi-step head). The training
part is laid out by `SequenceBatcher` as ``batch_size`` contiguous streams, over the rows whose
H truths all lie inside it. After each epoch the model, at batch 1 and from a zero state, reads
the series from its start through the validation part, and ``val_loss`` is its mean squared
error on the validation rows whose truths lie inside that part: a continuation of the training
part's state, as the forecasts will be. Early stopping keeps the weights of the best epoch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..callbacks import Callback, EarlyStopping
from ..data import SequenceBatcher
from ..layers import GRU, Dense
from ..models import Sequential
from ..optimizers import Adam


@dataclass(frozen=True)
class Settings:
    """What ``forecast fit`` trains: sizes, horizon, and how long."""

    horizon: int = 1
    units: int = 32
    chunk: int = 48
    batch_size: int = 8
    epochs: int = 30
    patience: int = 4
    learning_rate: float = 0.005
    seed: int = 0


@dataclass(frozen=True)
class Split:
    """Rows ``[0, train)`` train, ``[train, validation)`` validate, ``[validation, rows)`` test."""

    train: int
    validation: int
    rows: int

    @classmethod
    def of(cls, rows: int, train: float = 0.7, validation: float = 0.15) -> Split:
        return cls(int(rows * train), int(rows * (train + validation)), rows)


def build_model(features: int, settings: Settings, batch_size: int) -> Sequential:
    """``GRU(units) -> Dense(horizon)``, stateful: ``(N, T, F) -> (N, T, horizon)``. The output
    layer starts at zero, so the untrained model outputs no correction: the naive base."""
    torch.manual_seed(settings.seed)
    return Sequential(
        [
            GRU(
                settings.units,
                stateful=True,
                return_sequences=True,
                batch_input_shape=(batch_size, None, features),
            ),
            Dense(settings.horizon, kernel_initializer="zeros"),
        ]
    )


class _ValidationLoss(Callback):
    """Adds ``val_loss`` to each epoch's logs (before History and EarlyStopping read them)."""

    def __init__(self, inputs: np.ndarray, targets: np.ndarray, first: int, stop: int) -> None:
        super().__init__()
        self.inputs = torch.from_numpy(inputs[None, :stop])
        self.truth = targets[first:stop]
        self.first = first  # the first row whose forecasts are validated

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        single = self.model.with_batch_size(1)
        with torch.no_grad():
            outputs = single(self.inputs)[0, self.first :].numpy()
        if logs is not None:
            logs["val_loss"] = float(np.mean((outputs - self.truth) ** 2))


def train(
    inputs: np.ndarray,
    targets: np.ndarray,
    split: Split,
    settings: Settings,
    verbose: int | str,
    progress: Callable[[str], Any] = print,
) -> tuple[Sequential, dict[str, list[float]]]:
    """Fit a model on ``inputs (T, F)`` and ``targets (T, H)`` (both from the series' first
    row with inputs; ``split`` counts in these rows) and returns it at batch 1 and its history.
    ``verbose`` as `fit`'s: "auto" draws a progress bar on a terminal, a line per epoch in a log."""
    horizon = settings.horizon
    batcher = SequenceBatcher(
        inputs[: split.train - horizon],
        settings.batch_size,
        settings.chunk,
        targets=targets[: split.train - horizon].astype(np.float32),
    )
    model = build_model(inputs.shape[1], settings, settings.batch_size)
    model.compile(optimizer=Adam(learning_rate=settings.learning_rate), loss="mse")
    stop = EarlyStopping(monitor="val_loss", patience=settings.patience, restore_best_weights=True)
    history = model.fit(
        batcher,
        epochs=settings.epochs,
        verbose=verbose,
        callbacks=[_ValidationLoss(inputs, targets, split.train, split.validation - horizon), stop],
    )
    if verbose:
        progress(
            f"trained {len(history.history['loss'])} epochs; "
            f"best val_loss {min(history.history['val_loss']):.4f}"
        )
    return model.with_batch_size(1), history.history


__all__ = ["Settings", "Split", "build_model", "train"]
