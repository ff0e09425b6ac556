"""`ModelCheckpoint`: save the model (or its weights) during training."""

from __future__ import annotations

import os
import warnings

from .._interactive import print_msg
from .._keras_rules import tf_keras_rules
from ..saving import is_legacy_h5
from .base import Logs
from .checks import _check_frequency, _check_integer, _check_number
from .monitor import _MonitorCallback


class ModelCheckpoint(_MonitorCallback):
    """Save the model, or its weights, during training (Keras's ``ModelCheckpoint``).

    Args:
        filepath: where to save; may hold ``{epoch:02d}`` (numbered from 1, as Keras),
            ``{batch}`` (with an integer ``save_freq``) and any log value, such as
            ``"ckpt/{epoch:02d}-{val_loss:.2f}.weights.safetensors"``. Missing folders are made.
        monitor: the log value ``save_best_only`` compares.
        verbose: 1 prints each save (or why not).
        save_best_only: save only when ``monitor`` beats the best so far (then a filepath
            without fields always holds the best weights).
        save_weights_only: False (default, Keras's): the whole model. A name ending in
            ``.keras`` gets a Keras 3 file (`statefulrnn.io.save_keras`), one in ``.h5``/``.hdf5``
            Keras's legacy HDF5 file (`statefulrnn.io.keras_h5_save.save_keras_h5`): Keras and
            ``statefulrnn.load_model`` read both, which like Keras's keep no states; any other
            name statefulrnn's own model file with its states and optimizer state (where a file
            can hold it: compiled with names and a statefulrnn optimizer; ``model.save``), which
            ``statefulrnn.load_model`` reads, and ``fit`` resumes exactly where it was. True:
            the weights only, as ``model.save_weights`` writes them for that name (``.weights.h5``
            Keras 3's file, another ``.h5`` tf-keras's, else statefulrnn's; load with
            ``model.load_weights``).
        mode: ``"min"``, ``"max"``, or ``"auto"`` (as `EarlyStopping`).
        save_freq: ``"epoch"``, or save after every ``save_freq`` training batches.
        initial_value_threshold: the value the first save must beat (``save_best_only``).
        period: Keras 2's (tf-keras's) deprecated argument: with ``save_freq="epoch"``, save
            only every ``period`` epochs (counted across ``fit`` calls, as tf-keras). It warns
            (UserWarning) as tf-keras does; Keras 3 has no such argument. Ignored with an
            integer ``save_freq``, as in tf-keras.
        options: tf-keras's TensorFlow save options: None (its default, which Kaggle kernels
            write out) is taken; anything else is refused (Keras 3 has no such argument).

    Load a weights checkpoint with ``model.load_weights(path)``, a whole-model one with
    ``statefulrnn.load_model(path)`` (``model.load_weights`` reads its weights too).

    Raises:
        ValueError: at the start of ``fit``, a whole-model checkpoint for a model its file cannot
            describe (a layer Keras does not have, for a ``.keras`` name; a layer class of one's
            own, or a subclassed model), rather than after an epoch's work.
    """

    def __init__(
        self,
        filepath: str | os.PathLike[str],
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
        *,
        period: int | None = None,
        options: None = None,
    ) -> None:
        super().__init__(monitor, mode)
        if options is not None:
            raise ValueError(
                "ModelCheckpoint: options= takes TensorFlow's tf.train.CheckpointOptions or "
                "tf.saved_model.SaveOptions (tf-keras's), which have no meaning here; leave it out or "
                f"give None. Received: options={options!r}"
            )
        if period is not None:
            _check_integer("period", period, minimum=1)
            warnings.warn(
                "ModelCheckpoint: the `period` argument is deprecated (Keras 2's name; Keras 3 has no "
                f"such argument). Saving every {period} epochs, as tf-keras does; save_freq=N saves "
                "every N batches.",
                UserWarning,
                stacklevel=2,
            )
        _check_frequency("save_freq", save_freq)
        _check_integer("verbose", verbose, minimum=0)
        if initial_value_threshold is not None:
            _check_number("initial_value_threshold", initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.period = 1 if period is None else period
        self.epochs_since_last_save = 0  # tf-keras's count for `period`, kept across fits
        # Kept across fit calls, as Keras: a later fit saves only what beats earlier ones.
        self.best = self._worst if initial_value_threshold is None else initial_value_threshold
        self._epoch = 0
        self._batches_since_save = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Refuse, before any training, a whole-model checkpoint its file cannot describe."""
        if self.save_weights_only:
            return
        # the callbacks load with the models, so the writers load when a fit starts
        from ..io.config import serialize_layer
        from ..io.keras_save import model_config

        try:
            (model_config if self._as_keras else serialize_layer)(self.model)
        except (ValueError, NotImplementedError) as error:
            suffix = ".h5" if is_legacy_h5(self.filepath) else ".keras"
            kind = f"a Keras file (a {suffix} name)" if self._as_keras else "statefulrnn's model file"
            other = " Give a .safetensors name for statefulrnn's own model file, or" if self._as_keras else ""
            raise ValueError(
                f"ModelCheckpoint({self.filepath!r}) saves the whole model in {kind}, which cannot "
                f"describe this model ({error}).{other} Pass save_weights_only=True to save its weights."
            ) from None

    @property
    def _as_keras(self) -> bool:
        keras_name = self.filepath.endswith(".keras") or is_legacy_h5(self.filepath)
        return keras_name and not self.save_weights_only

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch" and self.epochs_since_last_save >= self.period:
            self.epochs_since_last_save = 0
            self._save(epoch, None, logs)

    def _save(self, epoch: int, batch: int | None, logs: Logs | None) -> None:
        path = self._path(epoch, batch, logs or {})
        if not self._should_save(epoch, path, logs):
            return
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path)
        elif self._as_keras:
            # models import the callbacks: the writers are imported here, not at import
            from ..io.keras_h5_save import save_keras_h5
            from ..io.keras_save import save_keras

            (save_keras_h5 if is_legacy_h5(path) else save_keras)(self.model, path)
        else:  # with the optimizer where a file can hold it, so that fit resumes exactly
            from ..io.checkpoint import optimizer_refusal

            keeps = optimizer_refusal(self.model) is None
            self.model.save(path, include_states=True, include_optimizer=keeps)

    def _should_save(self, epoch: int, path: str, logs: Logs | None) -> bool:
        if not self.save_best_only:
            self._say(f"Epoch {epoch + 1}: saving model to {path}")
            return True
        current = self._monitored(logs, "ModelCheckpoint(save_best_only=True)")
        if current is None:
            # Keras 3 saves rather than lose the weights; tf-keras skips the epoch ("Can save
            # best model only with val_acc available, skipping.").
            return not tf_keras_rules()
        # Keras 3 starts from no best value and names it "None"; tf-keras from an infinity.
        best = "None" if self.best == self._worst and not tf_keras_rules() else f"{self.best:.5f}"
        if not self._is_improvement(current, self.best):
            self._say(f"Epoch {epoch + 1}: {self.monitor} did not improve from {best}")
            return False
        improved = f"{self.monitor} improved from {best} to {current:.5f}"
        self._say(f"Epoch {epoch + 1}: {improved}, saving model to {path}")
        self.best = current
        return True

    def _path(self, epoch: int, batch: int | None, logs: Logs) -> str:
        fields = {**logs, "epoch": epoch + 1}
        if batch is not None:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format_map(fields)
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(
                f"ModelCheckpoint cannot fill in filepath {self.filepath!r} "
                f"({type(error).__name__}: {error}). "
                f"Its fields may be epoch{', batch' if batch is not None else ''} and the log values: "
                f"{', '.join(logs) or 'none'}."
            ) from None

    def _say(self, message: str) -> None:
        if self.verbose > 0:
            print_msg(message)
