"""`TensorBoard`: Keras's callback that logs a run for TensorBoard, without TensorFlow."""

from __future__ import annotations

import os
import time
import warnings
from typing import Any

from .base import Callback, Logs
from .checks import _check_frequency, _check_integer
from .event_file import EventFileWriter
from .learning_rate import _learning_rate


class TensorBoard(Callback):
    """Log losses, metrics, the learning rate and weight histograms for TensorBoard, as Keras 3
    does: ``tensorboard --logdir logs`` shows them.

    Writes event files (`event_file`) into ``log_dir/train`` and ``log_dir/validation``:

    - each epoch, ``epoch_<name>`` for every training log and ``epoch_learning_rate`` in
      ``train``, and every ``val_<name>`` log as ``epoch_<name>`` in ``validation`` (step: the
      epoch, from 0);
    - with ``update_freq`` a number of batches (``"batch"``: 1), ``batch_<name>`` of the running
      logs every that many training batches (step: the batch count since training began, from 1);
    - at the end of each evaluation (inside ``fit`` or an ``evaluate`` given the callback),
      ``evaluation_<name>_vs_iterations`` in ``validation`` (step: the optimizer's iterations);
    - with ``histogram_freq`` n, every n epochs, a histogram of each layer's weights in
      ``train``, tagged ``<model>/<layer>/<index of the weight>/histogram`` (Keras tags them
      by the weight's path, ``<model>/<layer>/<cell>/<weight>/histogram``);
    - with ``write_steps_per_second``, ``epoch_steps_per_second`` (and ``batch_steps_per_second``
      with batch logging).

    The values are written as TensorBoard's scalars and histograms (``simple_value`` and
    ``HistogramProto``), which TensorBoard shows as it shows Keras's; with ``write_graph``, the
    model's config as Keras's JSON (tag ``keras``, at the start of training), which TensorBoard's
    graph tab draws as Keras's conceptual graph (there is no TensorFlow op graph). Refused with an
    error: ``write_images``, ``embeddings_freq`` and ``profile_batch`` (Keras's torch backend
    refuses profiling too; use ``torch.profiler``).

    Args:
        log_dir: the folder of the run's logs.
        histogram_freq: epochs between weight histograms (0: none).
        write_graph: write the model's config for the graph tab.
        write_images: must be False.
        write_steps_per_second: also log training steps per second.
        update_freq: ``"epoch"``, ``"batch"`` or a number of batches between batch logs.
        profile_batch: must be 0.
        embeddings_freq: must be 0.
        embeddings_metadata: accepted with ``embeddings_freq=0``.
        **kwargs: Keras 2's ``batch_size`` and ``write_grads``, ignored with Keras 2's warning.

    Example:
        >>> import tempfile
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,))])
        >>> model.compile(optimizer="sgd", loss="mse")
        >>> logs = tempfile.mkdtemp()
        >>> board = TensorBoard(logs)
        >>> _ = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0, callbacks=[board])
        >>> sorted(os.listdir(logs))
        ['train']
    """

    def __init__(
        self,
        log_dir: str | os.PathLike[str] = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: int = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        for name in kwargs:
            if name not in ("batch_size", "write_grads"):
                raise TypeError(f"TensorBoard got an unexpected keyword argument {name!r}")
            warnings.warn(
                f"`{name}` is deprecated in `TensorBoard` Callback and will be ignored.", stacklevel=2
            )
        _check_integer("histogram_freq", histogram_freq, 0)
        update_freq = 1 if update_freq == "batch" else update_freq
        _check_frequency("update_freq", update_freq)
        refused = {
            # Keras draws weight images beside the histograms only: alone, the flag does nothing
            # there either (a Korean study repo's stateful LSTM passes it with histogram_freq=0).
            "write_images": (write_images and histogram_freq, "weight images are not written"),
            "embeddings_freq": (embeddings_freq, "the embedding projector is not written"),
            "profile_batch": (profile_batch, "profile with torch.profiler instead"),
        }
        for name, (value, why) in refused.items():
            if value:
                given = f"write_images={write_images!r}, histogram_freq" if name == "write_images" else name
                raise ValueError(
                    f"TensorBoard({name}=...) is not supported: {why}. Received: {given}={value!r}"
                )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq, self.write_graph = histogram_freq, write_graph
        self.write_images, self.write_steps_per_second = write_images, write_steps_per_second
        self.update_freq, self.embeddings_freq = update_freq, embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers: dict[str, EventFileWriter] = {}
        self._global_train_batch = 0
        self._batch_start = self._epoch_start = 0.0
        self._epoch_iterations = 0

    def on_train_begin(self, logs: Logs | None = None) -> None:
        self._global_train_batch = 0
        if self.write_graph and hasattr(self.model, "to_json"):
            # what Keras writes for TensorBoard's graph tab: the model's config, as Keras's JSON
            self._writer("train").text_tensor("keras", self.model.to_json(), "graph_keras_model", 0)
            self._flush()

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None:
        self._epoch_start, self._epoch_iterations = time.time(), self._iterations()

    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        self._global_train_batch += 1
        self._batch_start = time.time()

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        step = self._global_train_batch
        if self.update_freq == "epoch" or step % self.update_freq:
            return
        writer = self._writer("train")
        if self.write_steps_per_second:
            writer.scalar("batch_steps_per_second", 1.0 / max(time.time() - self._batch_start, 1e-9), step)
        for name, value in (logs or {}).items():
            writer.scalar(f"batch_{name}", value, step)
        self._flush()

    def on_test_end(self, logs: Logs | None = None) -> None:
        optimizer = getattr(self.model, "optimizer", None) if self.model is not None else None
        if optimizer is None or not hasattr(optimizer, "iterations"):
            return
        for name, value in (logs or {}).items():
            self._writer("validation").scalar(
                f"evaluation_{name}_vs_iterations", value, int(optimizer.iterations)
            )
        self._flush()

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        logs = logs or {}
        train = {name: value for name, value in logs.items() if not name.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None:
            train["learning_rate"] = _learning_rate(optimizer)
        if self.write_steps_per_second:
            seconds = max(time.time() - self._epoch_start, 1e-9)
            train["steps_per_second"] = (self._iterations() - self._epoch_iterations) / seconds
        for name, value in train.items():
            self._writer("train").scalar(f"epoch_{name}", value, epoch)
        for name, value in logs.items():
            if name.startswith("val_"):
                self._writer("validation").scalar(f"epoch_{name[4:]}", value, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            for layer in getattr(self.model, "layers", ()):
                for index, weight in enumerate(layer.weights):
                    values = weight.detach().cpu().numpy()
                    tag = f"{self.model.name}/{layer.name}/{index}/histogram"
                    self._writer("train").histogram(tag, values, epoch)
        self._flush()

    def on_train_end(self, logs: Logs | None = None) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _writer(self, run: str) -> EventFileWriter:
        """The run's writer, made at its first value (as Keras's: no empty event files)."""
        if run not in self._writers:
            self._writers[run] = EventFileWriter(os.path.join(self.log_dir, run))
        return self._writers[run]

    def _flush(self) -> None:
        """Make a hook's events readable at once (TensorBoard reads the files as they grow; a run
        killed later keeps them): one flush per hook, not per event."""
        for writer in self._writers.values():
            writer.flush()

    def _iterations(self) -> int:
        return int(getattr(getattr(self.model, "optimizer", None), "iterations", 0))
