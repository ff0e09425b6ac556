"""`BackupAndRestore`: Keras's callback that lets an interrupted ``fit`` resume where it stopped."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from .base import Callback, Logs


class BackupAndRestore(Callback):
    """Back up the training run in ``backup_dir`` at the end of every epoch (or every
    ``save_freq`` batches); a ``fit`` that starts while a backup is there restores it and
    resumes at the epoch it had reached, as Keras 3's callback does. The backup is removed when
    ``fit`` ends normally (``delete_checkpoint``), and kept when it is interrupted.

    A backup is one file, ``backup_dir/latest.training_state.safetensors``
    (`statefulrnn.io.training_state`), written atomically: the weights, the optimizer's state
    and, unlike Keras's backup, the states of the stateful layers, all from the same moment.
    So a stateful model trained with ``state_reset="never"`` (whose states run on from one epoch
    to the next) resumes with the states it had, and the resumed run ends where an
    uninterrupted one would. A backup taken within an epoch (``save_freq`` a number of
    batches) resumes, as Keras's does, at the start of that epoch with the weights of that
    batch; it keeps the states the epoch started from, which is where the data starts again.

    Args:
        backup_dir: the folder of the backup (made if missing; only the callback's own files
            are removed from it, and the folder if that leaves it empty).
        save_freq: ``"epoch"``, or a number of training batches between backups.
        double_checkpoint: keep the previous backup too (``.bkp``), restored when the latest
            one cannot be read (a damaged file).
        delete_checkpoint: remove the backup when training ends normally.

    Raises:
        ValueError: an empty ``backup_dir`` or a ``save_freq`` that is neither; at the start of
            ``fit``, a backup that does not fit the model (another architecture or optimizer), or
            a model trained with a ``torch.optim`` optimizer (its state cannot be kept without
            pickling).

    Example:
        >>> import tempfile
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> folder = tempfile.mkdtemp()
        >>> class Crash(Callback):
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         if epoch == 1:
        ...             raise KeyboardInterrupt
        >>> x, y = np.ones((4, 2)), np.ones((4, 1))
        >>> try:
        ...     _ = model.fit(x, y, epochs=4, verbose=0, callbacks=[BackupAndRestore(folder), Crash()])
        ... except KeyboardInterrupt:
        ...     pass
        >>> history = model.fit(x, y, epochs=4, verbose=0, callbacks=[BackupAndRestore(folder)])
        >>> history.epoch  # epochs 0 and 1 were done before the interruption
        [2, 3]
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike[str],
        save_freq: str | int = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ) -> None:
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool) or save_freq < 1
        ):
            raise ValueError(
                f"Invalid value for argument `save_freq`. Received: save_freq={save_freq!r}. Expected either "
                "'epoch' or a positive integer."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq, self.double_checkpoint, self.delete_checkpoint = (
            save_freq,
            double_checkpoint,
            delete_checkpoint,
        )
        self._path = os.path.join(self.backup_dir, "latest.training_state.safetensors")
        self._previous_path = f"{self._path}.bkp"
        self._epoch = 0  # the epoch a backup taken now resumes at
        self._batches_since_backup = 0
        self._epoch_start_states: dict[str, Any] | None = None

    def on_train_begin(self, logs: Logs | None = None) -> None:
        from ..io.training_state import keepable_optimizer, restore_training_state

        keepable_optimizer(self.model)  # refused now, not after an epoch of training
        self._batches_since_backup = 0
        paths = [path for path in (self._path, self._previous_path) if os.path.exists(path)]
        for path in paths:
            try:
                progress = restore_training_state(self.model, path)
            except ValueError:
                if path == paths[-1] or not self.double_checkpoint:
                    raise
                continue  # the latest backup is damaged: the one before it
            self.model._initial_epoch = _epoch_of(progress, path)
            return

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._epoch = epoch
        if self.save_freq != "epoch":  # where a backup within this epoch resumes the states
            self._epoch_start_states = {
                name: [value.detach().clone() for value in values]
                for name, values in self.model.get_states().items()
            }

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            return
        self._batches_since_backup += 1
        if self._batches_since_backup >= self.save_freq:
            self._batches_since_backup = 0
            self._back_up({"epoch": self._epoch, "batch": batch}, self._epoch_start_states)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            self._back_up({"epoch": epoch + 1, "batch": 0}, None)

    def on_train_end(self, logs: Logs | None = None) -> None:
        if not self.delete_checkpoint:
            return
        for path in (self._path, self._previous_path):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        with contextlib.suppress(OSError):  # not empty: it holds files of someone else's
            os.rmdir(self.backup_dir)

    def _back_up(self, progress: dict[str, int], states: dict[str, Any] | None) -> None:
        from ..io._atomic import write_atomically
        from ..io.training_state import save_training_state

        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._path):
            with open(self._path, "rb") as file:
                write_atomically(self._previous_path, file.read())
        save_training_state(self.model, self._path, progress, states)


def _epoch_of(progress: dict[str, Any], path: str) -> int:
    epoch = progress.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
        raise ValueError(f"{path!r}: its progress has no epoch to resume at: {progress!r}")
    return epoch
