"""Callbacks driven by a hand-written fit loop: order, History, early stopping, checkpoints, logs."""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import LSTM, Dense, Sequential, config
from statefulrnn.callbacks import (
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
    ResetStatesCallback,
    TerminateOnNaN,
)
from statefulrnn.io import load_weights
from statefulrnn.training import progress

PLAIN_HOOKS = [
    "on_train_begin",
    "on_train_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
]
EPOCH_HOOKS = ["on_epoch_begin", "on_epoch_end"]
BATCH_HOOKS = [f"on_{run}_batch_{when}" for run in ("train", "test", "predict") for when in ("begin", "end")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _model(seed: int = 0) -> Sequential:
    torch.manual_seed(seed)
    return Sequential([LSTM(4, stateful=True, batch_input_shape=(2, None, 3)), Dense(2)])


def _fill(model: Sequential, value: float) -> None:
    """Give every weight the value ``value``: each epoch's weights are then recognisable."""
    model.set_weights([np.full_like(w, value) for w in model.get_weights()])


def _fit(
    model: Sequential,
    callbacks: Sequence[Callback],
    epoch_logs: Sequence[dict[str, float]],
    steps: int = 0,
    batch: Callable[[int, int], dict[str, float]] | None = None,
    before_epoch_end: Callable[[int], None] | None = None,
    verbose: int = 0,
) -> CallbackList:
    """Call the hooks as fit does: ``epoch_logs[e]`` ends epoch e, ``batch(e, b)`` gives batch
    b's logs; stop when a callback sets ``model.stop_training``."""
    calls = CallbackList(
        callbacks, model=model, add_history=True, add_progbar=True, verbose=verbose, epochs=len(epoch_logs),
        steps=steps,
    )  # fmt: skip
    model.stop_training = False
    calls.on_train_begin()
    logs: dict[str, float] = {}
    for epoch, logs in enumerate(epoch_logs):
        calls.on_epoch_begin(epoch)
        for step in range(steps):
            calls.on_train_batch_begin(step)
            calls.on_train_batch_end(step, batch(epoch, step) if batch else {"loss": 1.0})
            if model.stop_training:
                break
        if before_epoch_end:
            before_epoch_end(epoch)
        calls.on_epoch_end(epoch, dict(logs))
        if model.stop_training:
            break
    calls.on_train_end(logs)
    return calls


def _recorder(name: str, journal: list[tuple]) -> LambdaCallback:
    def hook(hook_name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: journal.append((name, hook_name, args, kwargs))

    return LambdaCallback(**{h: hook(h) for h in PLAIN_HOOKS + EPOCH_HOOKS + BATCH_HOOKS})


# ----- CallbackList ---------------------------------------------------------------------------


def test_callback_list_order_params_and_model() -> None:
    model = _model()
    first, second = Callback(), Callback()
    calls = CallbackList(
        [first, second], model=model, add_history=True, add_progbar=True, verbose=2, epochs=3, steps=7
    )
    assert [type(c) for c in calls.callbacks] == [Callback, Callback, History, ProgbarLogger]
    assert calls.callbacks[:2] == [first, second]
    assert calls.history is calls.callbacks[2] and model.history is calls.history
    for callback in calls.callbacks:
        assert callback.model is model
        assert callback.params == {"verbose": 2, "epochs": 3, "steps": 7}


def test_given_history_and_progbar_are_not_doubled() -> None:
    history, bar = History(), ProgbarLogger()
    calls = CallbackList([bar, history], model=_model(), add_history=True, add_progbar=True)
    assert calls.callbacks == [bar, history] and calls.history is history


def test_no_progbar_when_silent() -> None:
    calls = CallbackList(None, model=_model(), add_history=True, add_progbar=True, verbose=0)
    assert [type(c) for c in calls.callbacks] == [History]


def test_every_hook_reaches_every_callback_in_order() -> None:
    journal: list[tuple] = []
    calls = CallbackList([_recorder("a", journal), _recorder("b", journal)], model=_model())
    for hook in PLAIN_HOOKS:
        getattr(calls, hook)({"loss": 1.0})
    for hook in EPOCH_HOOKS:
        getattr(calls, hook)(3, {"loss": 1.0})
    for hook in BATCH_HOOKS:
        getattr(calls, hook)(5, {"loss": 1.0})
    expected = []
    for hook in PLAIN_HOOKS:
        expected += [(name, hook, ({"loss": 1.0},), {}) for name in "ab"]
    for hook in EPOCH_HOOKS:
        expected += [(name, hook, (3, {"loss": 1.0}), {}) for name in "ab"]
    for hook in BATCH_HOOKS:  # Keras passes a batch hook's logs by keyword
        expected += [(name, hook, (5,), {"logs": {"loss": 1.0}}) for name in "ab"]
    assert journal == expected


def test_logs_reach_callbacks_as_floats() -> None:
    calls = CallbackList([], model=_model(), add_history=True)
    logs = {"loss": torch.tensor(0.5), "mae": np.float32(0.25), "mse": np.array([0.125]), "note": "x"}
    calls.on_epoch_end(0, logs)
    assert calls.history.history == {"loss": [0.5], "mae": [0.25], "mse": [0.125], "note": ["x"]}
    assert all(type(calls.history.history[key][0]) is float for key in ("loss", "mae", "mse"))


def test_a_callback_may_add_to_the_epoch_logs_history_records() -> None:
    add_rate = LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(learning_rate=0.01))
    calls = _fit(_model(), [add_rate], [{"loss": 1.0}])
    assert calls.history.history == {"loss": [1.0], "learning_rate": [0.01]}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"callbacks": ["early"]}, r"Callback instances\. Received at index 0: 'early' of type str"),
        ({"verbose": 3}, r"verbose must be 0, 1 or 2\. Received: verbose=3"),
        ({"epochs": -1}, r"epochs must be an integer >= 0\. Received: epochs=-1"),
        ({"steps": 2.5}, r"steps must be an integer >= 0\. Received: steps=2.5"),
    ],
)
def test_callback_list_bad_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CallbackList(model=_model(), **kwargs)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: EarlyStopping(patients=3), "patients"),
        (lambda: ModelCheckpoint("w.safetensors", save_best=True), "save_best"),
        (lambda: CSVLogger("log.csv", sep=";"), "sep"),
        (lambda: LambdaCallback(on_batch_ending=print), "on_batch_ending"),
        (lambda: ResetStatesCallback(every_n=2), "every_n"),
        (lambda: TerminateOnNaN(patience=1), "patience"),
        (lambda: CallbackList([], model=None, add_progress=True), "add_progress"),
    ],
)
def test_unknown_keywords_are_named(make: Callable[[], Any], name: str) -> None:
    with pytest.raises(TypeError, match=name):
        make()


# ----- History --------------------------------------------------------------------------------


def test_history_records_every_epoch() -> None:
    logs = [{"loss": 1.0, "val_loss": 2.0}, {"loss": 0.5, "val_loss": 1.5}, {"loss": 0.25, "val_loss": 1.0}]
    history = _fit(_model(), [], logs).history
    assert history.epoch == [0, 1, 2]
    assert history.history == {"loss": [1.0, 0.5, 0.25], "val_loss": [2.0, 1.5, 1.0]}


def test_one_history_over_several_fits_keeps_growing() -> None:
    history, model = History(), _model()
    for loss in (3.0, 2.0):
        assert _fit(model, [history], [{"loss": loss}]).history is history
    assert history.epoch == [0, 0] and history.history == {"loss": [3.0, 2.0]}


def _history(records: Sequence[dict[str, float]]) -> History:
    history = History()
    for epoch, logs in enumerate(records):
        history.on_epoch_end(epoch, logs)
    return history


def test_history_plot_draws_each_metric_with_its_validation(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    history = _history(
        [
            {"mae": 0.9, "loss": 1.0, "val_loss": 2.0},
            {"mae": 0.8, "loss": 0.5, "val_loss": 1.5, "val_mae": 0.85},  # validation every 2nd epoch
            {"mae": 0.7, "loss": 0.25, "val_loss": 1.25},
        ]
    )
    figure = history.plot()
    loss_axes, mae_axes = figure.axes
    assert [line.get_label() for line in loss_axes.lines] == ["loss", "val_loss"]
    assert [line.get_label() for line in mae_axes.lines] == ["mae", "val_mae"]
    assert loss_axes.get_ylabel() == "loss" and mae_axes.get_xlabel() == "epoch"
    assert list(loss_axes.lines[1].get_xdata()) == [1, 2, 3]
    assert list(loss_axes.lines[1].get_ydata()) == [2.0, 1.5, 1.25]
    assert list(mae_axes.lines[1].get_xdata()) == [2] and list(mae_axes.lines[1].get_ydata()) == [0.85]
    path = tmp_path / "history.png"
    figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_plot_keys_and_given_axes() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    history = _history([{"loss": 1.0, "mae": 0.5, "val_mae": 0.6}, {"loss": 0.5, "mae": 0.4, "val_mae": 0.7}])
    assert len(history.plot(keys=["mae"]).axes) == 1
    axes = Figure().subplots()
    assert history.plot(ax=axes) is axes.figure
    assert [line.get_label() for line in axes.lines] == ["loss", "mae", "val_mae"]
    with pytest.raises(
        ValueError, match=r"keys must be among \['loss', 'mae', 'val_mae'\]\. Received: keys=\['acc'\]"
    ):
        history.plot(keys=["acc"])
    with pytest.raises(ValueError, match="This History is empty"):
        History().plot()


def test_history_plot_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"History\.plot needs matplotlib: pip install matplotlib"):
        _history([{"loss": 1.0}]).plot()


# ----- EarlyStopping --------------------------------------------------------------------------


def _epochs_run(stop: EarlyStopping, values: Sequence[float], monitor: str = "val_loss") -> int:
    return len(_fit(_model(), [stop], [{monitor: v} for v in values]).history.epoch)


@pytest.mark.parametrize(
    ("patience", "values", "run", "stopped"),
    [
        (0, [1.0, 0.9, 0.95, 0.8], 3, 2),
        (2, [1.0, 0.9, 0.95, 0.96, 0.5], 4, 3),
        (2, [1.0, 0.9, 0.95, 0.8, 0.85, 0.7], 6, 0),  # never two epochs without a new best
    ],
)
def test_early_stopping_patience(patience: int, values: list[float], run: int, stopped: int) -> None:
    stop = EarlyStopping(patience=patience)
    assert _epochs_run(stop, values) == run
    assert stop.stopped_epoch == stopped


def test_early_stopping_min_delta() -> None:
    values = [1.0, 0.95, 0.91, 0.88]  # improving, by less than 0.1 each time
    assert _epochs_run(EarlyStopping(patience=1), values) == 4
    assert _epochs_run(EarlyStopping(patience=1, min_delta=0.1), values) == 2
    assert _epochs_run(EarlyStopping(patience=1, min_delta=-0.1), values) == 2  # its size counts


@pytest.mark.parametrize(
    ("monitor", "mode", "run"),
    [
        ("val_accuracy", "auto", 3),  # 'acc' in the name: higher is better
        ("val_accuracy", "max", 3),
        ("val_accuracy", "min", 2),
        ("val_loss", "auto", 2),
        ("val_auc", "auto", 3),
    ],
)
def test_early_stopping_mode(monitor: str, mode: str, run: int) -> None:
    assert _epochs_run(EarlyStopping(monitor=monitor, mode=mode), [0.5, 0.6, 0.55, 0.7], monitor) == run


def test_early_stopping_baseline() -> None:
    values = [0.9, 0.8, 0.85, 0.7, 0.6]
    assert _epochs_run(EarlyStopping(patience=2), values) == 5
    # improving, but never below the baseline: the epochs still count towards patience
    assert _epochs_run(EarlyStopping(patience=2, baseline=0.5), values) == 3


def test_early_stopping_start_from_epoch() -> None:
    values = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert _epochs_run(EarlyStopping(), values) == 2
    assert _epochs_run(EarlyStopping(start_from_epoch=2), values) == 4


@pytest.mark.parametrize("restore", [True, False])
def test_early_stopping_restores_best_weights(restore: bool, capsys: pytest.CaptureFixture[str]) -> None:
    model = _model()
    stop = EarlyStopping(patience=2, restore_best_weights=restore, verbose=1)
    values = [1.0, 0.5, 0.7, 0.8, 0.1]
    calls = _fit(
        model,
        [stop],
        [{"val_loss": v} for v in values],
        before_epoch_end=lambda epoch: _fill(model, float(epoch)),
    )
    assert calls.history.epoch == [0, 1, 2, 3] and stop.best_epoch == 1 and stop.best == 0.5
    expected = 1.0 if restore else 3.0
    assert all(np.all(w == expected) for w in model.get_weights())
    printed = capsys.readouterr().out
    assert "Epoch 4: early stopping" in printed
    assert ("Restoring model weights from the end of the best epoch: 2." in printed) == restore


def test_early_stopping_serves_two_fits() -> None:
    stop = EarlyStopping(patience=0)
    assert _epochs_run(stop, [0.1, 0.2, 0.05]) == 2
    assert _epochs_run(stop, [0.5, 0.4, 0.45]) == 3  # the best of the first fit is forgotten


def test_early_stopping_missing_monitor_warns() -> None:
    with pytest.warns(
        UserWarning, match=r"metric `val_loss` which is not available\. Available metrics are: loss"
    ):
        run = _epochs_run(EarlyStopping(), [1.0, 2.0, 3.0], monitor="loss")
    assert run == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "lowest"}, r"mode must be 'auto', 'min' or 'max'\. Received: mode='lowest'"),
        ({"patience": -1}, r"patience must be >= 0\. Received: patience=-1"),
        ({"patience": "2"}, r"patience must be a number\. Received: patience='2'"),
        ({"verbose": True, "patience": -1.5}, r"patience must be >= 0\. Received: patience=-1.5"),
        ({"start_from_epoch": -2}, r"start_from_epoch must be an integer >= 0"),
        ({"baseline": "0.5"}, r"baseline must be a number\. Received: baseline='0.5'"),
        ({"monitor": 3}, r"monitor must be the name of a log value"),
    ],
)
def test_early_stopping_bad_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EarlyStopping(**kwargs)


def test_callbacks_take_the_numbers_keras_takes() -> None:
    # tf-keras 2.21 and Keras 3.15 take a bool verbose (DeepMoji's verbose=(verbose >= 2)), numpy
    # integers, and a float patience (compared with the epochs waited).
    made = [
        ModelCheckpoint("w.safetensors", save_best_only=True, verbose=False),
        EarlyStopping(patience=np.int64(3), verbose=True),
        EarlyStopping(patience=2.0),
        ReduceLROnPlateau(patience=np.int64(2), verbose=np.int64(1)),
        LearningRateScheduler(lambda epoch, lr: lr, verbose=False),
    ]
    assert [type(callback).__name__ for callback in made][-1] == "LearningRateScheduler"
    assert _epochs_run(EarlyStopping(patience=1.5, monitor="loss"), [1.0, 2.0, 3.0, 4.0], monitor="loss") == 3
    with pytest.raises(ValueError, match=r"verbose must be an integer >= 0\. Received: verbose=-1"):
        EarlyStopping(verbose=-1)


# ----- ModelCheckpoint ------------------------------------------------------------------------


def _assert_file_holds(path: Path, value: float) -> None:
    probe = _model(seed=1)
    load_weights(probe, path)
    assert all(np.all(w == value) for w in probe.get_weights())


def test_checkpoint_every_epoch_with_formatted_names(tmp_path: Path) -> None:
    model = _model()
    save = ModelCheckpoint(tmp_path / "ckpt" / "w-{epoch:02d}-{val_loss:.2f}.safetensors")
    values = [0.5, 0.25, 0.3]
    _fit(model, [save], [{"val_loss": v} for v in values], before_epoch_end=lambda e: _fill(model, e + 10.0))
    names = sorted(p.name for p in (tmp_path / "ckpt").iterdir())
    assert names == ["w-01-0.50.safetensors", "w-02-0.25.safetensors", "w-03-0.30.safetensors"]
    for epoch, name in enumerate(names):
        _assert_file_holds(tmp_path / "ckpt" / name, epoch + 10.0)


def test_checkpoint_save_best_only(tmp_path: Path) -> None:
    model, path = _model(), tmp_path / "best.safetensors"
    save = ModelCheckpoint(path, save_best_only=True)
    values = [0.5, 0.7, 0.3, 0.4]
    best_so_far = [0.0, 0.0, 2.0, 2.0]

    def check(epoch: int, logs: dict) -> None:
        _assert_file_holds(path, best_so_far[epoch])

    _fit(
        model,
        [save, LambdaCallback(on_epoch_end=check)],
        [{"val_loss": v} for v in values],
        before_epoch_end=lambda e: _fill(model, float(e)),
    )
    assert save.best == 0.3


def test_checkpoint_mode_max_and_initial_threshold(tmp_path: Path) -> None:
    model, path = _model(), tmp_path / "best.safetensors"
    save = ModelCheckpoint(path, monitor="val_accuracy", save_best_only=True, initial_value_threshold=0.65)
    _fit(model, [save], [{"val_accuracy": v} for v in [0.5, 0.6]])
    assert not path.exists()  # neither beat the threshold
    _fit(model, [save], [{"val_accuracy": 0.7}], before_epoch_end=lambda e: _fill(model, 7.0))
    _assert_file_holds(path, 7.0)


def test_checkpoint_every_n_batches(tmp_path: Path) -> None:
    model = _model()
    save = ModelCheckpoint(tmp_path / "b-{epoch}-{batch}.safetensors", save_freq=2)

    def batch(epoch: int, step: int) -> dict[str, float]:
        _fill(model, 10.0 * epoch + step)
        return {"loss": 1.0}

    _fit(model, [save], [{"loss": 1.0}] * 2, steps=5, batch=batch)
    # every 2nd batch, counted across epochs; numbered from 1
    expected = {"b-1-2": 1.0, "b-1-4": 3.0, "b-2-1": 10.0, "b-2-3": 12.0, "b-2-5": 14.0}
    assert sorted(p.stem.removesuffix(".safetensors") for p in tmp_path.iterdir()) == sorted(expected)
    for stem, value in expected.items():
        _assert_file_holds(tmp_path / f"{stem}.safetensors", value)


def test_checkpoint_missing_field_is_named(tmp_path: Path) -> None:
    save = ModelCheckpoint(tmp_path / "{epoch}-{val_acc:.2f}.safetensors")
    with pytest.raises(
        ValueError, match=r"cannot fill in filepath .*KeyError: 'val_acc'.* the log values: loss"
    ):
        _fit(_model(), [save], [{"loss": 1.0}])


@pytest.mark.parametrize(("rules", "saved"), [("keras3", True), ("tf_keras", False)])
def test_checkpoint_of_the_best_without_its_value_saves_as_each_keras(
    tmp_path: Path, rules: str, saved: bool
) -> None:
    """save_best_only monitoring a value never logged (val_acc while only losses are): Keras 3.15
    warns and saves, tf-keras 2.21 warns "... available, skipping." and does not."""
    config.set_keras_rules(rules)
    try:
        save = ModelCheckpoint(tmp_path / "best.safetensors", save_best_only=True, monitor="val_acc")
        with pytest.warns(UserWarning, match="`val_acc` which is not available"):
            _fit(_model(), [save], [{"loss": 1.0}])
    finally:
        config.set_keras_rules("keras3")
    assert (tmp_path / "best.safetensors").exists() == saved


@pytest.mark.parametrize(("rules", "first"), [("keras3", "None"), ("tf_keras", "inf")])
def test_checkpoint_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rules: str, first: str
) -> None:
    config.set_keras_rules(rules)  # Keras 3.15 starts from no best value, tf-keras 2.21 from inf
    try:
        save = ModelCheckpoint(tmp_path / "w.safetensors", save_best_only=True, verbose=1)
        _fit(_model(), [save], [{"val_loss": 0.5}, {"val_loss": 0.6}])
    finally:
        config.set_keras_rules("keras3")
    printed = capsys.readouterr().out
    assert f"Epoch 1: val_loss improved from {first} to 0.50000, saving model to" in printed
    assert "Epoch 2: val_loss did not improve from 0.50000" in printed


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"save_freq": 0},
            r"save_freq must be 'epoch' or a positive number of batches\. Received: save_freq=0",
        ),
        ({"save_freq": "batch"}, r"Received: save_freq='batch'"),
        ({"save_freq": True}, r"Received: save_freq=True"),
        ({"mode": "best"}, r"mode must be 'auto', 'min' or 'max'"),
    ],
)
def test_checkpoint_bad_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelCheckpoint("w.safetensors", **kwargs)


# ----- CSVLogger ------------------------------------------------------------------------------


def test_csv_logger_writes_and_flushes_each_epoch(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    seen: list[bytes] = []
    peek = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(path.read_bytes()))
    logs = [{"val_loss": 2.0, "loss": 1.0, "acc": 0.5}, {"val_loss": 1.5, "loss": 0.5}]
    _fit(_model(), [CSVLogger(path), peek], logs)
    assert seen[0] == b"epoch,acc,loss,val_loss\r\n0,0.5,1.0,2.0\r\n"  # on disk before training ends
    assert path.read_text().splitlines() == ["epoch,acc,loss,val_loss", "0,0.5,1.0,2.0", "1,NA,0.5,1.5"]


def test_csv_logger_append_and_separator(tmp_path: Path) -> None:
    path, model = tmp_path / "log.csv", _model()
    _fit(model, [CSVLogger(path, separator=";")], [{"loss": 1.0}])
    _fit(model, [CSVLogger(path, separator=";", append=True)], [{"loss": 0.5}, {"loss": 0.25}])
    assert path.read_text().splitlines() == ["epoch;loss;val_loss", "0;1.0;NA", "0;0.5;NA", "1;0.25;NA"]
    _fit(model, [CSVLogger(path, separator=";")], [{"loss": 9.0}])  # append=False starts anew
    assert path.read_text().splitlines() == ["epoch;loss;val_loss", "0;9.0;NA"]


def test_csv_logger_append_to_a_new_file_writes_the_header(tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    _fit(_model(), [CSVLogger(path, append=True)], [{"loss": 1.0}])
    assert path.read_text().splitlines() == ["epoch,loss,val_loss", "0,1.0,NA"]


def test_csv_logger_has_validation_columns_before_a_validation_runs(tmp_path: Path) -> None:
    # Keras 3.15 and tf-keras 2.21 write these for fit(validation_freq=2) or no validation at all
    path = tmp_path / "log.csv"
    _fit(_model(), [CSVLogger(path)], [{"loss": 1.0, "mae": 2.0}, {"loss": 0.5, "mae": 1.0, "val_loss": 3.0}])
    assert path.read_text().splitlines() == [
        "epoch,loss,mae,val_loss,val_mae",
        "0,1.0,2.0,NA,NA",
        "1,0.5,1.0,3.0,NA",
    ]


def test_csv_logger_bad_separator() -> None:
    with pytest.raises(
        ValueError, match=r"separator must be one character, such as ','\. Received: separator=', '"
    ):
        CSVLogger("log.csv", separator=", ")


# ----- LambdaCallback -------------------------------------------------------------------------


def test_lambda_callback_gets_keras_arguments() -> None:
    journal: list[tuple] = []
    _fit(_model(), [_recorder("λ", journal)], [{"loss": 1.0}], steps=1)
    assert [(hook, args, kwargs) for _, hook, args, kwargs in journal] == [
        ("on_train_begin", ({},), {}),
        ("on_epoch_begin", (0, {}), {}),
        ("on_train_batch_begin", (0,), {"logs": {}}),
        ("on_train_batch_end", (0,), {"logs": {"loss": 1.0}}),
        ("on_epoch_end", (0, {"loss": 1.0}), {}),
        ("on_train_end", ({"loss": 1.0},), {}),
    ]


def test_lambda_callback_refuses_a_non_function() -> None:
    with pytest.raises(ValueError, match=r"LambdaCallback's on_epoch_end must be a function\. Received: 3"):
        LambdaCallback(on_epoch_end=3)


# ----- ResetStatesCallback --------------------------------------------------------------------


def _state_size(model: Sequential) -> float:
    return sum(float(t.abs().sum()) for states in model.get_states().values() for t in states)


def _states_seen(model: Sequential, callbacks: list[Callback]) -> list[tuple[str, float]]:
    """Run 2 epochs of 5 batches through ``model``; the state size after each hook."""
    seen: list[tuple[str, float]] = []
    probe = LambdaCallback(
        on_epoch_begin=lambda epoch, logs: seen.append(("epoch", _state_size(model))),
        on_train_batch_end=lambda batch, logs: seen.append((f"batch {batch}", _state_size(model))),
    )

    def batch(epoch: int, step: int) -> dict[str, float]:
        with torch.no_grad():
            model(torch.ones(2, 3, 3))
        return {"loss": 1.0}

    _fit(model, [*callbacks, probe], [{"loss": 1.0}] * 2, steps=5, batch=batch)
    return seen


def _zero_at(seen: list[tuple[str, float]]) -> list[str]:
    return [f"{index}: {name}" for index, (name, size) in enumerate(seen) if size == 0.0]


def test_reset_states_every_epoch() -> None:
    model = _model()
    assert _zero_at(_states_seen(model, [])) == ["0: epoch"]  # without it, states carry on
    model.reset_states()
    assert _zero_at(_states_seen(model, [ResetStatesCallback()])) == ["0: epoch", "6: epoch"]


def test_reset_states_every_n_batches() -> None:
    seen = _states_seen(_model(), [ResetStatesCallback(every=2)])
    assert _zero_at(seen) == ["0: epoch", "2: batch 1", "4: batch 3", "6: epoch", "8: batch 1", "10: batch 3"]


@pytest.mark.parametrize("every", [0, -1, "batch", 1.5, True])
def test_reset_states_bad_every(every: Any) -> None:
    with pytest.raises(ValueError, match=r"every must be 'epoch' or a positive number of batches\. Received"):
        ResetStatesCallback(every=every)


def test_reset_states_needs_a_stateful_model() -> None:
    with pytest.raises(ValueError, match=r"needs a model with reset_states\(\); received Linear"):
        ResetStatesCallback().set_model(torch.nn.Linear(2, 2))


# ----- TerminateOnNaN -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_terminate_on_nan(bad: float, capsys: pytest.CaptureFixture[str]) -> None:
    model, batches = _model(), []
    losses = [1.0, bad, 2.0, 3.0]

    def batch(epoch: int, step: int) -> dict[str, float]:
        batches.append(step)
        return {"loss": losses[step]}

    calls = _fit(model, [TerminateOnNaN()], [{"loss": 1.0}] * 3, steps=4, batch=batch)
    assert model.stop_training and batches == [0, 1] and calls.history.epoch == [0]
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out


def test_terminate_on_nan_leaves_finite_losses_alone() -> None:
    model = _model()
    calls = _fit(model, [TerminateOnNaN()], [{"loss": 1.0}] * 2, steps=3)
    assert not model.stop_training and calls.history.epoch == [0, 1]


def test_terminate_on_nan_can_raise() -> None:
    with pytest.raises(RuntimeError, match=r"NaN or Inf loss encountered at batch 0\. Loss value: nan"):
        _fit(
            _model(),
            [TerminateOnNaN(raise_error=True)],
            [{"loss": 1.0}],
            steps=2,
            batch=lambda e, s: {"loss": math.nan},
        )


# ----- ProgbarLogger --------------------------------------------------------------------------


def test_progbar_logger_one_line_per_epoch(capsys: pytest.CaptureFixture[str]) -> None:
    bar = ProgbarLogger()

    def validate(epoch: int) -> None:  # fit's validation calls the test hooks: the bar stays silent
        bar.on_test_begin()
        bar.on_test_batch_end(0, {"loss": 9.0})
        bar.on_test_end({"loss": 9.0})

    logs = [{"loss": 0.5, "val_loss": 0.75}, {"loss": 0.25, "val_loss": 0.5}]
    _fit(_model(), [bar], logs, steps=4, verbose=2, before_epoch_end=validate)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert lines[1].startswith("4/4 - ") and lines[1].endswith("/step - loss: 0.5000 - val_loss: 0.7500")
    assert lines[3].endswith(" - loss: 0.2500 - val_loss: 0.5000")


def test_progbar_logger_shows_the_loops_running_means(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    clock = iter(range(100))  # a second a call: every batch redraws the bar
    monkeypatch.setattr(progress.time, "monotonic", lambda: float(next(clock)))
    running_means = [1.0, 0.5, 0.4]  # the logs are means so far: shown as they are, not averaged again
    _fit(_model(), [], [{"loss": 0.4}], steps=3, verbose=1, batch=lambda e, s: {"loss": running_means[s]})
    draws = terminal.getvalue().split("\r")[1:]
    assert [draw.rstrip().rsplit(" - ", 1)[-1] for draw in draws] == [
        "loss: 1.0000",
        "loss: 0.5000",
        "loss: 0.4000",
        "loss: 0.4000",
    ]
    assert draws[0].startswith("1/3 [=========>....................] - ETA: ")
    assert draws[-1].startswith("3/3 [==============================] - ") and draws[-1].endswith("\n")


def test_progbar_logger_for_evaluate_with_unknown_steps(capsys: pytest.CaptureFixture[str]) -> None:
    calls = CallbackList([], model=_model(), add_progbar=True, verbose=2, steps=None)
    calls.on_test_begin()
    for step in range(3):
        calls.on_test_batch_end(step, {"loss": 0.5})
    calls.on_test_end({"loss": 0.5})
    assert capsys.readouterr().out.startswith("3/3 - ")


def test_model_checkpoint_can_save_the_whole_model(tmp_path: Path) -> None:
    import statefulrnn
    from statefulrnn import GRU, Dense, Sequential

    model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g"), Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    path = tmp_path / "ckpt-{epoch:02d}.safetensors"
    checkpoint = ModelCheckpoint(path, save_weights_only=False)
    model.fit(np.ones((2, 4, 1)), np.ones((2, 1)), epochs=2, verbose=0, callbacks=[checkpoint])
    loaded = statefulrnn.load_model(tmp_path / "ckpt-02.safetensors")
    for saved, current in zip(loaded.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(saved, current)
    assert loaded.optimizer.iterations == model.optimizer.iterations
    torch.testing.assert_close(loaded.get_states()["g"][0], model.get_states()["g"][0])
