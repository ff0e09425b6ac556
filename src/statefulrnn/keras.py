"""statefulrnn under Keras's name, for programs written against TensorFlow's ``tf.keras``:
with ``import statefulrnn as tf``, ``tf.keras.layers.LSTM``, ``tf.keras.Sequential`` and
``tf.keras.optimizers.Adam`` are statefulrnn's (``tf.losses``, ``tf.metrics`` and
``tf.optimizers`` are already its modules). Every name reads the package's own.

Example:
    >>> import statefulrnn as tf
    >>> tf.keras.layers.LSTM is tf.layers.LSTM, tf.keras.Sequential is tf.Sequential
    (True, True)
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    return getattr(importlib.import_module("statefulrnn"), name)


def __dir__() -> list[str]:
    return dir(importlib.import_module("statefulrnn"))
