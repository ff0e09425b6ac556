"""`LambdaCallback`: a callback made of functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .base import Callback


class LambdaCallback(Callback):
    """A callback made of functions, as Keras's.

    ``on_epoch_begin``/``on_epoch_end`` get ``(epoch, logs)``; ``on_train_begin``/``on_train_end``
    (and test/predict begin/end) get ``(logs)``; batch hooks get ``(batch, logs=logs)``.
    ``on_batch_begin``/``on_batch_end`` are Keras 2's names for the training-batch hooks:
    called after each training batch unless ``on_train_batch_*`` is given too (as Keras 3).

    Example:
        >>> losses = []
        >>> record = LambdaCallback(on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
        >>> record.on_epoch_end(0, {"loss": 0.5})
        >>> losses
        [0.5]
    """

    def __init__(
        self,
        on_epoch_begin: Callable[..., Any] | None = None,
        on_epoch_end: Callable[..., Any] | None = None,
        on_train_begin: Callable[..., Any] | None = None,
        on_train_end: Callable[..., Any] | None = None,
        on_train_batch_begin: Callable[..., Any] | None = None,
        on_train_batch_end: Callable[..., Any] | None = None,
        on_test_begin: Callable[..., Any] | None = None,
        on_test_end: Callable[..., Any] | None = None,
        on_test_batch_begin: Callable[..., Any] | None = None,
        on_test_batch_end: Callable[..., Any] | None = None,
        on_predict_begin: Callable[..., Any] | None = None,
        on_predict_end: Callable[..., Any] | None = None,
        on_predict_batch_begin: Callable[..., Any] | None = None,
        on_predict_batch_end: Callable[..., Any] | None = None,
        on_batch_begin: Callable[..., Any] | None = None,
        on_batch_end: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__()
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
            "on_test_begin": on_test_begin,
            "on_test_end": on_test_end,
            "on_test_batch_begin": on_test_batch_begin,
            "on_test_batch_end": on_test_batch_end,
            "on_predict_begin": on_predict_begin,
            "on_predict_end": on_predict_end,
            "on_predict_batch_begin": on_predict_batch_begin,
            "on_predict_batch_end": on_predict_batch_end,
            "on_batch_begin": on_batch_begin,
            "on_batch_end": on_batch_end,
        }
        for name, function in hooks.items():
            if function is None:
                continue
            if not callable(function):
                raise ValueError(f"LambdaCallback's {name} must be a function. Received: {function!r}")
            setattr(self, name, function)  # an instance attribute: called without self
