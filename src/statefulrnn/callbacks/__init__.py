"""Keras's callbacks: hooks that ``fit``, ``evaluate`` and ``predict`` call as they run.

The names, arguments and defaults are Keras's (``keras.callbacks``), so Keras code ports as it
is; `ResetStatesCallback` is ours, for stateful models. A callback sees the model as
``self.model`` and the run's ``{"verbose", "epochs", "steps"}`` as ``self.params``; it stops
training by setting ``self.model.stop_training = True``.

The logs a hook receives are those of Keras: after a training or test batch, the running means
over the epoch so far (``{"loss": ..., "mae": ...}``); at the end of an epoch, the epoch's means
plus ``val_``-prefixed validation results.

Where things are: `Callback` in ``base``, `CallbackList` in ``callback_list``, then one module
per callback (``history``, ``progbar_logger``, ``early_stopping``, ``model_checkpoint``,
``lambda_callback``, ``csv_logger``, ``reset_states``, ``swap_ema_weights``, ``terminate_on_nan``,
``tensorboard`` with its event files in ``event_file``, ``backup_and_restore``) but the two
learning-rate callbacks, together in ``learning_rate``; what `EarlyStopping`, `ModelCheckpoint`
and `ReduceLROnPlateau` share in ``monitor``, the argument checks in ``checks``.

Example:
    >>> from statefulrnn import Dense, Sequential
    >>> model = Sequential([Dense(1, input_shape=(2,))])
    >>> stop = EarlyStopping(monitor="loss", patience=2)
    >>> calls = CallbackList([stop], model=model, add_history=True, verbose=0, epochs=5)
    >>> model.stop_training = False
    >>> calls.on_train_begin()
    >>> for epoch, loss in enumerate([0.5, 0.4, 0.45, 0.41, 0.3]):
    ...     calls.on_epoch_end(epoch, {"loss": loss})
    ...     if model.stop_training:
    ...         break
    >>> calls.history.history["loss"]  # two epochs without a new best: stopped
    [0.5, 0.4, 0.45, 0.41]
"""

from typing import Any

from .._lazy import load_submodule
from .backup_and_restore import BackupAndRestore
from .base import Callback
from .base import Logs as Logs
from .callback_list import CallbackList
from .csv_logger import CSVLogger
from .early_stopping import EarlyStopping
from .history import History
from .lambda_callback import LambdaCallback
from .learning_rate import LearningRateScheduler, ReduceLROnPlateau
from .model_checkpoint import ModelCheckpoint
from .progbar_logger import ProgbarLogger
from .reset_states import ResetStatesCallback
from .swap_ema_weights import SwapEMAWeights
from .tensorboard import TensorBoard
from .terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "ResetStatesCallback",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]


def __getattr__(name: str) -> Any:
    return load_submodule(globals(), name)  # Keras 2's keras.callbacks.callbacks and the like, as attributes
