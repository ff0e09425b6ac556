"""`BackupAndRestore` and the training-state file under it: an interrupted ``fit`` resumed in a
new model ends where the uninterrupted run ends (weights, optimizer and stateful layers' states),
and bad backups are refused without touching the model."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.callbacks import BackupAndRestore, Callback
from statefulrnn.io.training_state import restore_training_state, save_training_state

BATCH, STEPS, FEATURES = 2, 6, 3
RNG = np.random.default_rng(0)
X = RNG.normal(size=(BATCH * 3, STEPS, FEATURES)).astype(np.float32)
Y = RNG.normal(size=(BATCH * 3, STEPS, 1)).astype(np.float32)


def _model(seed: int = 0) -> keras.Sequential:
    torch.manual_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(BATCH, None, FEATURES)),
            keras.layers.LSTM(4, stateful=True, return_sequences=True),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse", metrics=["mae"])
    return model


class Interrupt(Callback):
    """Stops the process's fit as a crash would: at the end of epoch ``epoch`` (or at its batch
    ``batch``)."""

    def __init__(self, epoch: int, batch: int | None = None) -> None:
        super().__init__()
        self.epoch, self.batch, self._now = epoch, batch, 0

    def on_epoch_begin(self, epoch, logs=None):
        self._now = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.batch is not None and (self._now, batch) == (self.epoch, self.batch):
            raise KeyboardInterrupt

    def on_epoch_end(self, epoch, logs=None):
        if self.batch is None and epoch == self.epoch:
            raise KeyboardInterrupt


def _fit(model: keras.Sequential, callbacks: list) -> keras.callbacks.History:
    return model.fit(X, Y, batch_size=BATCH, epochs=4, verbose=0, callbacks=callbacks)


def _weights_and_states(model: keras.Sequential) -> list[np.ndarray]:
    states = [value.numpy().copy() for values in model.get_states().values() for value in values]
    return [*model.get_weights(), *states]


def test_an_interrupted_stateful_run_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    uninterrupted = _model()
    history = _fit(uninterrupted, [])
    crashed = _model()
    with pytest.raises(KeyboardInterrupt):
        _fit(crashed, [BackupAndRestore(tmp_path / "backup"), Interrupt(epoch=1)])
    assert os.listdir(tmp_path / "backup") == ["latest.training_state.safetensors"]
    resumed = _model(seed=1)  # a new process: other initial weights, zero states, a new optimizer
    rest = _fit(resumed, [BackupAndRestore(tmp_path / "backup")])
    assert rest.epoch == [2, 3]
    np.testing.assert_allclose(rest.history["loss"], history.history["loss"][2:], rtol=1e-6)
    for ours, expected in zip(_weights_and_states(resumed), _weights_and_states(uninterrupted), strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-7)
    assert resumed.optimizer.iterations == uninterrupted.optimizer.iterations
    assert not (tmp_path / "backup").exists()  # removed at a normal end


def test_a_backup_within_an_epoch_keeps_the_states_the_epoch_started_from(tmp_path: Path) -> None:
    model = _model()
    started = {}

    class Watch(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            started[epoch] = [v.clone() for values in self.model.get_states().values() for v in values]

    backup = BackupAndRestore(tmp_path, save_freq=2)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [Watch(), backup, Interrupt(epoch=2, batch=1)])
    twin = _model(seed=3)
    progress = restore_training_state(twin, tmp_path / "latest.training_state.safetensors")
    assert progress == {"epoch": 2, "batch": 1}
    restored = [v for values in twin.get_states().values() for v in values]
    assert all(torch.equal(a, b) for a, b in zip(restored, started[2], strict=True))
    for ours, theirs in zip(twin.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)  # the weights of the batch backed up
    history = _fit(twin, [BackupAndRestore(tmp_path, save_freq=2)])
    assert history.epoch == [2, 3]  # the epoch starts again, as Keras's


def test_what_is_removed_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    _fit(_model(), [BackupAndRestore(tmp_path)])
    assert os.listdir(tmp_path) == ["notes.txt"]  # only the callback's own file went
    kept = tmp_path / "kept"
    _fit(_model(), [BackupAndRestore(kept, delete_checkpoint=False)])
    assert os.listdir(kept) == ["latest.training_state.safetensors"]


def test_a_damaged_backup_falls_back_to_the_one_before(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        _fit(_model(), [BackupAndRestore(tmp_path, double_checkpoint=True), Interrupt(epoch=2)])
    latest = tmp_path / "latest.training_state.safetensors"
    assert sorted(os.listdir(tmp_path)) == [latest.name, latest.name + ".bkp"]
    latest.write_bytes(latest.read_bytes()[:-10])
    history = _fit(_model(seed=2), [BackupAndRestore(tmp_path, double_checkpoint=True)])
    assert history.epoch == [2, 3]  # the previous backup: after epoch 1
    with pytest.raises(KeyboardInterrupt):
        _fit(_model(), [BackupAndRestore(tmp_path), Interrupt(epoch=0)])
    latest.write_bytes(latest.read_bytes()[:-10])
    with pytest.raises(ValueError, match=r"latest.training_state.safetensors"):
        _fit(_model(), [BackupAndRestore(tmp_path)])  # no double checkpoint: a clear error


def test_a_backup_that_does_not_fit_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.safetensors"
    save_training_state(_model(), path, {"epoch": 1})
    other = keras.Sequential(
        [
            keras.Input(batch_shape=(BATCH, None, FEATURES)),
            keras.layers.LSTM(5, stateful=True, return_sequences=True),
            keras.layers.Dense(1),
        ]
    )
    other.compile(optimizer="adam", loss="mse")
    before = _weights_and_states(other)
    with pytest.raises(ValueError, match=r"cannot be restored into model .*does not fit|expects"):
        restore_training_state(other, path)
    assert all(np.array_equal(a, b) for a, b in zip(_weights_and_states(other), before, strict=True))
    sgd = _model()
    sgd.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"holds the state of a 'Adam' optimizer; the model trains with SGD"):
        restore_training_state(sgd, path)


def test_arguments_and_optimizers_it_refuses(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"Empty `backup_dir` argument passed"):
        BackupAndRestore("")
    with pytest.raises(
        ValueError, match=r"Invalid value for argument `save_freq`. Received: save_freq='batch'"
    ):
        BackupAndRestore(tmp_path, save_freq="batch")
    model = _model()
    model.compile(optimizer=torch.optim.SGD(model.parameters(), lr=0.1), loss="mse")
    with pytest.raises(ValueError, match=r"trains with a SGD; a training state can keep only statefulrnn's"):
        _fit(model, [BackupAndRestore(tmp_path)])
    assert model.optimizer.state_dict()["state"] == {}  # refused before any training
