"""`SwapEMAWeights`: evaluate (and optionally checkpoint) on the optimizer's moving averages."""

from __future__ import annotations

from typing import Any

from .base import Callback, Logs


class SwapEMAWeights(Callback):
    """Keras's ``SwapEMAWeights``: for each evaluation and prediction, the model's weights
    are exchanged with the moving averages that an optimizer made with ``use_ema=True``
    keeps, and exchanged back after; with ``swap_on_epoch``, also from each epoch's end to
    the next epoch's start, so that callbacks listed after this one (`ModelCheckpoint`) see
    the averages. The exchange is exact (Keras on TensorFlow swaps by additions, which
    rounds), and a prediction gives the weights back as an evaluation does (Keras's
    ``on_predict_end`` leaves the averages in the model).

    Args:
        swap_on_epoch: exchange at the epochs' ends and starts too (default False).

    Raises:
        ValueError: at the first exchange, when the compiled optimizer has no moving averages
            (``use_ema=False``, or it has not trained the model yet).

    Example:
        >>> import numpy as np
        >>> from statefulrnn import Dense, Sequential, optimizers
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(optimizers.SGD(0.1, use_ema=True), "mse")
        >>> x, y = np.ones((8, 2), np.float32), np.zeros((8, 1), np.float32)
        >>> swap = SwapEMAWeights()
        >>> history = model.fit(x, y, epochs=2, validation_data=(x, y), callbacks=[swap], verbose=0)
        >>> len(history.history["val_loss"])
        2
    """

    def __init__(self, swap_on_epoch: bool = False) -> None:
        super().__init__()
        self.swap_on_epoch = swap_on_epoch

    def _swap(self, into_model: bool) -> None:
        optimizer: Any = self.model.optimizer  # it knows which weights the model holds
        if optimizer.ema_weights_swapped != into_model:
            optimizer.swap_ema_weights()

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        if self.swap_on_epoch:
            self._swap(False)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.swap_on_epoch:  # fit then ends on the averages (finalize_variable_values)
            self._swap(True)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        self._swap(True)

    def on_test_end(self, logs: Logs | None = None) -> None:
        self._swap(False)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._swap(True)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._swap(False)
