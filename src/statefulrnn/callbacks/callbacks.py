"""Keras 2.3's ``keras.callbacks.callbacks``: the callbacks of `statefulrnn.callbacks` that it
held (Keras 2's ``BaseLogger`` and ``RemoteMonitor`` have no counterpart), for
``from keras.callbacks.callbacks import EarlyStopping``.

Example:
    >>> from statefulrnn import callbacks
    >>> from statefulrnn.callbacks.callbacks import EarlyStopping
    >>> EarlyStopping is callbacks.EarlyStopping
    True
"""

from . import (
    Callback,
    CallbackList,
    CSVLogger,
    EarlyStopping,
    History,
    LambdaCallback,
    LearningRateScheduler,
    ModelCheckpoint,
    ProgbarLogger,
    ReduceLROnPlateau,
    TerminateOnNaN,
)

__all__ = [
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
    "TerminateOnNaN",
]
