"""Keras's callbacks: hooks that ``fit``, ``evaluate`` and ``predict`` call as they run.

The names, arguments and defaults are Keras's (``keras.callbacks``), so Keras code ports as it
is; `ResetStatesCallback` is ours, for stateful models. A callback sees the model as
``self.model`` and the run's ``{"verbose", "epochs", "steps"}`` as ``self.params``; it stops
training by setting ``self.model.stop_training = True``.

The logs a hook receives are those of Keras: after a training or test batch, the running means
over the epoch so far (``{"loss": ..., "mae": ...}``); at the end of an epoch, the epoch's means
plus ``val_``-prefixed validation results.

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

from __future__ import annotations

import csv
import math
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import torch

from .io.weights import save_weights
from .training.progress import Progbar

Logs = dict[str, Any]


class Callback:
    """Base class: every hook does nothing; override the ones you need.

    Attributes:
        model: the model being trained, evaluated or run (set by `set_model`).
        params: ``{"verbose": int, "epochs": int, "steps": int | None}`` of the run.
    """

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: Logs | None = None) -> None:
        """Called once when ``fit`` starts."""

    def on_train_end(self, logs: Logs | None = None) -> None:
        """Called once when ``fit`` ends, with the last epoch's logs."""

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the start of epoch ``epoch`` (counted from 0)."""

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        """Called at the end of an epoch with its means (and ``val_`` results)."""

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before training batch ``batch`` (counted from 0 in each epoch)."""

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after a training batch with the epoch's running means."""

    def on_test_begin(self, logs: Logs | None = None) -> None:
        """Called when ``evaluate`` (or validation inside ``fit``) starts."""

    def on_test_end(self, logs: Logs | None = None) -> None:
        """Called when ``evaluate`` (or validation) ends, with its results."""

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before an evaluation batch."""

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after an evaluation batch with the running means."""

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        """Called when ``predict`` starts."""

    def on_predict_end(self, logs: Logs | None = None) -> None:
        """Called when ``predict`` ends."""

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        """Called before a prediction batch."""

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        """Called after a prediction batch; ``logs["outputs"]`` holds its outputs."""


# ----- the list the loops call ----------------------------------------------------------------


class CallbackList:
    """The callbacks of one ``fit``/``evaluate``/``predict`` run, called in order by one hook.

    Order, as Keras 3: the given callbacks, then `History` (when ``add_history``), then
    `ProgbarLogger` (when ``add_progbar`` and ``verbose > 0``), so the history records and the
    bar shows what earlier callbacks added to the logs. A `History` or `ProgbarLogger` among
    the given callbacks is used instead of adding another.

    Args:
        callbacks: `Callback` instances (or one).
        model: the model; each callback gets it by ``set_model``, and it gets ``model.history``.
        add_history: add a `History` (``fit`` does).
        add_progbar: add a `ProgbarLogger` when ``verbose > 0``.
        verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
        epochs: the number of epochs ``fit`` runs to (1 for ``evaluate``/``predict``).
        steps: batches per epoch, or None when unknown.
    """

    def __init__(
        self,
        callbacks: Callback | Sequence[Callback] | None = None,
        *,
        model: Any,
        add_history: bool = False,
        add_progbar: bool = False,
        verbose: int = 1,
        epochs: int = 1,
        steps: int | None = None,
    ) -> None:
        if verbose not in (0, 1, 2):
            raise ValueError(f"verbose must be 0, 1 or 2. Received: verbose={verbose!r}")
        _check_integer("epochs", epochs, minimum=0)
        if steps is not None:
            _check_integer("steps", steps, minimum=0)
        self.callbacks = _as_callbacks(callbacks)
        self.history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self.history is None and add_history:
            self.history = History()
            self.callbacks.append(self.history)
        if add_progbar and verbose > 0 and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        self.model = model
        self.params = {"verbose": verbose, "epochs": epochs, "steps": steps}
        if self.history is not None:
            model.history = self.history  # as Keras: the last fit's History stays on the model
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(self.params)

    def on_train_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def on_train_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        # One dict for all: a callback may add to the logs (as Keras's LR schedulers do), and
        # the History and bar after it record what it added.
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_train_batch_end(batch, logs=logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_begin(logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_end(logs)

    def on_test_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_batch_begin(batch, logs=logs)

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_test_batch_end(batch, logs=logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_predict_begin(logs)

    def on_predict_end(self, logs: Logs | None = None) -> None:
        logs = _scalars(logs)
        for callback in self.callbacks:
            callback.on_predict_end(logs)

    def on_predict_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        logs = dict(logs or {})
        for callback in self.callbacks:
            callback.on_predict_batch_begin(batch, logs=logs)

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        logs = dict(logs or {})  # the outputs stay tensors
        for callback in self.callbacks:
            callback.on_predict_batch_end(batch, logs=logs)


def _as_callbacks(callbacks: Callback | Sequence[Callback] | None) -> list[Callback]:
    if callbacks is None:
        return []
    items = [callbacks] if isinstance(callbacks, Callback) else list(callbacks)
    for index, item in enumerate(items):
        if not isinstance(item, Callback):
            raise ValueError(
                f"callbacks must be statefulrnn.callbacks.Callback instances. Received at index {index}: "
                f"{item!r} of type {type(item).__name__}"
            )
    return items


def _scalars(logs: Logs | None) -> Logs:
    """A copy of ``logs`` with one-element tensors and arrays as Python floats, so callbacks
    can compare, format and store them."""
    result = {}
    for key, value in (logs or {}).items():
        if isinstance(value, (np.generic, np.ndarray, torch.Tensor)) and math.prod(value.shape) == 1:
            value = float(value.item())
        result[key] = value
    return result


# ----- History and the progress bar ---------------------------------------------------------


class History(Callback):
    """Records the logs of every epoch; ``fit`` returns it.

    Attributes:
        history: ``{name: [value per epoch]}``, e.g. ``{"loss": [...], "val_loss": [...]}``.
        epoch: the epoch number (from 0) of each recorded epoch.

    One History given to several ``fit`` calls keeps growing: it records them all, in order.
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self._rows: dict[str, list[int]] = {}  # name -> which recorded epochs have a value

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        row = len(self.epoch)
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
            self._rows.setdefault(name, []).append(row)

    def plot(self, keys: Iterable[str] | None = None, ax: Any = None) -> Any:
        """Plot each metric and its ``val_`` counterpart against the epoch; return the Figure.

        Args:
            keys: metric names to plot (default: ``loss``, then every other metric); each gets
                one subplot with its training and ``val_`` curves.
            ax: a matplotlib Axes to draw every curve on, instead of a new Figure.

        Uses no pyplot and no display: save the Figure with ``figure.savefig("history.png")``.
        Needs matplotlib (``pip install matplotlib``).
        """
        try:
            from matplotlib.figure import Figure
            from matplotlib.ticker import MaxNLocator
        except ImportError as error:
            raise ImportError("History.plot needs matplotlib: pip install matplotlib") from error
        names = self._plot_names(keys)
        if ax is None:
            figure = Figure(figsize=(6.4, 2.6 * len(names)), layout="constrained")
            axes = list(figure.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0])
        else:
            figure, axes = ax.figure, [ax] * len(names)
        epochs = self._plot_epochs()
        for name, axis in zip(names, axes):
            for key in (name, f"val_{name}"):
                if key in self.history:
                    axis.plot(
                        [epochs[row] for row in self._rows[key]], self.history[key], marker=".", label=key
                    )
            axis.set_ylabel(name)
            axis.legend()
            axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes[-1].set_xlabel("epoch")
        return figure

    def _plot_names(self, keys: Iterable[str] | None) -> list[str]:
        if not self.history:
            raise ValueError("This History is empty: it fills in as fit runs epochs, then it can plot.")
        if keys is None:
            own = [name for name in self.history if not name.startswith("val_")]
            lone = [name[4:] for name in self.history if name.startswith("val_") and name[4:] not in own]
            return sorted(own, key=lambda name: name != "loss") + lone
        names = [keys] if isinstance(keys, str) else list(keys)
        unknown = [name for name in names if name not in self.history and f"val_{name}" not in self.history]
        if unknown or not names:
            raise ValueError(
                f"History.plot keys must be among {list(self.history)}. Received: keys={names!r}"
            )
        return names

    def _plot_epochs(self) -> list[int]:
        """The x of each recorded epoch: its number from 1, or its position when the epochs
        repeat (one History over several ``fit(epochs=1)`` calls)."""
        increasing = all(a < b for a, b in zip(self.epoch, self.epoch[1:]))
        return [e + 1 for e in self.epoch] if increasing else list(range(1, len(self.epoch) + 1))


class ProgbarLogger(Callback):
    """Prints progress: a bar per epoch (``verbose=1``) or one line per epoch (``verbose=2``).

    Added by ``fit``, ``evaluate`` and ``predict`` when ``verbose > 0``. Inside ``fit``,
    validation runs silently and its results appear on the epoch's line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.progbar: Progbar | None = None
        self._seen = 0
        self._in_fit = False

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._in_fit = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        self._in_fit = False

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._start_bar()
        if self.params.get("verbose", 1) > 0 and self.params.get("epochs", 1) > 1:
            print(f"Epoch {epoch + 1}/{self.params['epochs']}", flush=True)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._step(batch, logs)

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        self._finish(logs)

    def on_test_begin(self, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._start_bar()

    def on_test_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._step(batch, logs)

    def on_test_end(self, logs: Logs | None = None) -> None:
        if not self._in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs: Logs | None = None) -> None:
        self._start_bar()

    def on_predict_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self._step(batch, None)  # the outputs are no metric

    def on_predict_end(self, logs: Logs | None = None) -> None:
        self._finish(None)

    def _start_bar(self) -> None:
        self._seen = 0
        self.progbar = Progbar(self.params.get("steps"), verbose=self.params.get("verbose", 1))

    def _step(self, batch: int, logs: Logs | None) -> None:
        self._seen = batch + 1
        if self.progbar is None or self.progbar.verbose != 1:
            return
        logs = logs or {}
        # The loops' logs are running means over the epoch already: show them as they are.
        self.progbar.stateful_metrics.update(logs)
        self.progbar.update(self._seen, logs, finalize=False)

    def _finish(self, logs: Logs | None) -> None:
        if self.progbar is None:
            return
        logs = logs or {}
        if self.progbar.target is None:  # steps were unknown: now they are
            self.progbar.target = self._seen
        self.progbar.update(self.progbar.target, logs, finalize=True)
        self.progbar = None


# ----- monitoring a metric ------------------------------------------------------------------


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
    """Keras 2's rule for mode='auto': accuracies and AUCs grow, everything else shrinks."""
    name = monitor.removeprefix("val_")
    return "acc" in name or "auc" in name


class EarlyStopping(_MonitorCallback):
    """Stop training when a monitored value has stopped improving (Keras's rules).

    Args:
        monitor: the log value to watch, e.g. ``"val_loss"`` or ``"loss"``.
        min_delta: an improvement must beat the best so far by more than this.
        patience: epochs without improvement after which training stops.
        verbose: 1 prints when it stops and when it restores weights.
        mode: ``"min"``, ``"max"``, or ``"auto"``: ``"max"`` when the name contains ``acc``
            (or ``auc``), else ``"min"``.
        baseline: the value to beat; epochs that improve on the best so far but not on the
            baseline still count towards ``patience``.
        restore_best_weights: when training ends, set the weights of the best epoch (whether
            training stopped early or not, as Keras 3).
        start_from_epoch: epochs of warm-up in which nothing is monitored.

    Attributes:
        stopped_epoch: the epoch (from 0) training stopped after, or 0.
        best, best_epoch: the best value so far and its epoch.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ) -> None:
        super().__init__(monitor, mode, min_delta)
        _check_integer("patience", patience, minimum=0)
        _check_integer("verbose", verbose, minimum=0)
        _check_integer("start_from_epoch", start_from_epoch, minimum=0)
        if baseline is not None:
            _check_number("baseline", baseline)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self._reset()

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._reset()  # so one instance serves several fit calls

    def _reset(self) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self._worst
        self.best_epoch = 0
        self.best_weights: list[np.ndarray] | None = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        current = self._monitored(logs, "Early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # until a better epoch, this one is best
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Patience restarts only when the epoch also beats the baseline.
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: Logs | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)


class ModelCheckpoint(_MonitorCallback):
    """Save the model's weights during training (with `statefulrnn.io.save_weights`).

    Args:
        filepath: where to save; may hold ``{epoch:02d}`` (numbered from 1, as Keras),
            ``{batch}`` (with an integer ``save_freq``) and any log value, such as
            ``"ckpt/{epoch:02d}-{val_loss:.2f}.weights.safetensors"``. Missing folders are made.
        monitor: the log value ``save_best_only`` compares.
        verbose: 1 prints each save (or why not).
        save_best_only: save only when ``monitor`` beats the best so far (then a filepath
            without fields always holds the best weights).
        save_weights_only: must be True: whole-model saving comes with the checkpoint issue (#6).
        mode: ``"min"``, ``"max"``, or ``"auto"`` (as `EarlyStopping`).
        save_freq: ``"epoch"``, or save after every ``save_freq`` training batches.
        initial_value_threshold: the value the first save must beat (``save_best_only``).

    Load a checkpoint with ``statefulrnn.io.load_weights(model, path)``.
    """

    def __init__(
        self,
        filepath: str | os.PathLike[str],
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = True,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
    ) -> None:
        super().__init__(monitor, mode)
        if not save_weights_only:
            raise ValueError(
                "ModelCheckpoint(save_weights_only=False) would save the whole model, which statefulrnn "
                "cannot do yet: whole-model saving comes with the checkpoint issue (#6). Use "
                "save_weights_only=True (the default) and rebuild the model in code before loading."
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
        # Kept across fit calls, as Keras: a later fit saves only what beats earlier ones.
        self.best = self._worst if initial_value_threshold is None else initial_value_threshold
        self._epoch = 0
        self._batches_since_save = 0

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
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch: int, batch: int | None, logs: Logs | None) -> None:
        path = self._path(epoch, batch, logs or {})
        if not self._should_save(epoch, path, logs):
            return
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        save_weights(self.model, path)

    def _should_save(self, epoch: int, path: str, logs: Logs | None) -> bool:
        if not self.save_best_only:
            self._say(f"Epoch {epoch + 1}: saving model to {path}")
            return True
        current = self._monitored(logs, "ModelCheckpoint(save_best_only=True)")
        if current is None:
            return True  # as Keras: without the value, save rather than lose the weights
        if not self._is_improvement(current, self.best):
            self._say(f"Epoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
            return False
        improved = f"{self.monitor} improved from {self.best:.5f} to {current:.5f}"
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
            print(message)


# ----- small callbacks ----------------------------------------------------------------------


class LambdaCallback(Callback):
    """A callback made of functions, as Keras's.

    ``on_epoch_begin``/``on_epoch_end`` get ``(epoch, logs)``; ``on_train_begin``/``on_train_end``
    (and test/predict begin/end) get ``(logs)``; batch hooks get ``(batch, logs=logs)``.

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
        }
        for name, function in hooks.items():
            if function is None:
                continue
            if not callable(function):
                raise ValueError(f"LambdaCallback's {name} must be a function. Received: {function!r}")
            setattr(self, name, function)  # an instance attribute: called without self


class CSVLogger(Callback):
    """Stream each epoch's logs to a CSV file: header ``epoch,<sorted log names>``.

    The columns are fixed by the first epoch's logs (a later missing value reads ``NA``); the
    file is flushed after every epoch. ``epoch`` counts from 0, as Keras's.

    Args:
        filename: the CSV file.
        separator: one character between fields.
        append: add to an existing file (without a second header) instead of replacing it.
    """

    def __init__(self, filename: str | os.PathLike[str], separator: str = ",", append: bool = False) -> None:
        super().__init__()
        if not isinstance(separator, str) or len(separator) != 1:
            raise ValueError(
                f"separator must be one character, such as ','. Received: separator={separator!r}"
            )
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self._file: Any = None
        self._writer: Any = None
        self._header_due = False

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._close()
        header_written = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._file = open(self.filename, "a" if self.append else "w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file, delimiter=self.sep)
        self._header_due = not header_written
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        if self._header_due:
            self._writer.writerow(["epoch", *self.keys])
            self._header_due = False
        self._writer.writerow([epoch, *(logs.get(key, "NA") for key in self.keys)])
        self._file.flush()

    def on_train_end(self, logs: Logs | None = None) -> None:
        self._close()

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class ResetStatesCallback(Callback):
    """Zero the model's states at the start of every epoch, and optionally every N batches.

    Args:
        every: ``"epoch"``: reset at the start of each epoch. An integer N: also reset after
            every N-th training batch of an epoch (batches N, 2N, ...), for data laid out as
            sequences of N consecutive chunks each.
    """

    def __init__(self, every: str | int = "epoch") -> None:
        super().__init__()
        _check_frequency("every", every)
        self.every = every

    def set_model(self, model: Any) -> None:
        if not callable(getattr(model, "reset_states", None)):
            raise ValueError(
                f"ResetStatesCallback needs a model with reset_states(); received {type(model).__name__}."
            )
        super().set_model(model)

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        # With every=N too: a new epoch restarts the data, so no sequence carries over.
        self.model.reset_states()

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        if self.every != "epoch" and (batch + 1) % self.every == 0:
            self.model.reset_states()


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
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True


# ----- argument checks ----------------------------------------------------------------------


def _check_integer(name: str, value: Any, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}. Received: {name}={value!r}")


def _check_frequency(name: str, value: Any) -> None:
    if value != "epoch" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValueError(
            f"{name} must be 'epoch' or a positive number of batches. Received: {name}={value!r}"
        )


def _check_number(name: str, value: Any) -> None:
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        raise ValueError(f"{name} must be a number. Received: {name}={value!r}")
