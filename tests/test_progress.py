"""The progress bar: its lines for verbose 1 (terminal or not) and 2, averages, ETA."""

from __future__ import annotations

import io

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.training import progress
from statefulrnn.training.progress import Progbar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A stand-in for time.monotonic that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress.time, "monotonic", fake)
    return fake


def _run(bar: Progbar, clock: Clock, steps: int, seconds_per_step: float, loss: float = 0.2345) -> None:
    for step in range(1, steps + 1):
        clock.now = step * seconds_per_step
        bar.update(step, [("loss", loss)])


def test_verbose_1_to_a_file_writes_only_the_final_line(clock: Clock) -> None:
    out = io.StringIO()
    _run(Progbar(40, file=out), clock, 40, 0.025)
    assert out.getvalue() == "40/40 [==============================] - 1s 25ms/step - loss: 0.2345\n"


def test_verbose_1_on_a_terminal_redraws_with_eta(clock: Clock) -> None:
    out = Terminal()
    bar = Progbar(40, file=out)
    _run(bar, clock, 12, 0.25)
    last = out.getvalue().split("\r")[-1]
    # 12 steps of 0.25 s: 28 left take 7 s; 30 * 12 / 40 = 9 characters of bar.
    assert last == "12/40 [========>.....................] - ETA: 7s - loss: 0.2345"
    assert out.getvalue().count("\r") == 12 and "\n" not in out.getvalue()
    clock.now = 10.0
    bar.update(40, {"loss": 0.2345})
    assert out.getvalue().endswith(
        "\r40/40 [==============================] - 10s 250ms/step - loss: 0.2345\n"
    )


def test_terminal_redraws_wait_for_the_interval(clock: Clock) -> None:
    out = Terminal()
    _run(Progbar(100, file=out, interval=0.05), clock, 99, 0.01)
    # one draw per 0.05 s of the 0.99 s run, not one per step
    assert 15 <= out.getvalue().count("\r") <= 25


def test_a_shorter_redraw_wipes_the_longer_line(clock: Clock) -> None:
    out = Terminal()
    bar = Progbar(10, file=out, interval=0, stateful_metrics=["note"])
    bar.update(1, [("note", "a long remark")])
    bar.update(2, [("note", "x")])
    first, second = out.getvalue().split("\r")[1:]
    assert len(second) == len(first) and second.endswith("note: x" + " " * 12)


@pytest.mark.parametrize(
    ("total", "expected"), [(61, "ETA: 1:00"), (1001, "ETA: 16:40"), (10001, "ETA: 2:46:40")]
)
def test_eta_formats(clock: Clock, total: int, expected: str) -> None:
    out = Terminal()
    _run(Progbar(total, file=out), clock, 1, 1.0)
    assert expected in out.getvalue()


def test_verbose_2_writes_one_line_at_the_end(clock: Clock) -> None:
    out = Terminal()  # even on a terminal: no bar, no carriage return
    bar = Progbar(40, verbose=2, file=out)
    _run(bar, clock, 39, 0.025)
    assert out.getvalue() == ""
    clock.now = 1.0
    bar.update(40, [("loss", 0.2345), ("val_loss", 0.5)])
    assert out.getvalue() == "40/40 - 1s - 25ms/step - loss: 0.2345 - val_loss: 0.5000\n"


def test_values_are_averaged_per_step_unless_stateful(clock: Clock) -> None:
    out = io.StringIO()
    bar = Progbar(4, verbose=2, stateful_metrics=["lr"], file=out)
    bar.update(1, [("loss", 1.0), ("lr", 0.1)])
    bar.update(3, [("loss", 0.0), ("lr", 0.01)])  # counts for steps 2 and 3
    bar.add(1, [("loss", 1.0), ("lr", 0.001)])
    assert out.getvalue().endswith(" - loss: 0.5000 - lr: 1.0000e-03\n")


def test_unknown_target_counts_and_finalizes(clock: Clock) -> None:
    out = Terminal()
    bar = Progbar(None, file=out, interval=0)
    _run(bar, clock, 5, 0.002)
    assert out.getvalue().split("\r")[-1] == "5/Unknown - 0s 2ms/step - loss: 0.2345"
    bar.update(5, finalize=True)
    assert out.getvalue().endswith("\r5/5 [==============================] - 0s 2ms/step - loss: 0.2345\n")


@pytest.mark.parametrize(("seconds", "text"), [(2.0, "2s/step"), (0.0004, "400us/step")])
def test_time_per_step_units(clock: Clock, seconds: float, text: str) -> None:
    out = io.StringIO()
    _run(Progbar(2, verbose=2, file=out), clock, 2, seconds)
    assert f" - {text} - " in out.getvalue()


def test_verbose_0_is_silent(clock: Clock) -> None:
    out = Terminal()
    _run(Progbar(3, verbose=0, file=out), clock, 3, 0.1)
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": -1}, r"target must be an integer >= 0 or None\. Received: target=-1"),
        ({"target": 3, "verbose": 3}, r"verbose must be 0, 1 or 2\. Received: verbose=3"),
        ({"target": 3, "width": 0}, r"width must be an integer >= 1\. Received: width=0"),
        ({"target": 3, "interval": -1}, r"interval must be a number of seconds >= 0"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Progbar(**kwargs)


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="stateless_metrics"):
        Progbar(3, stateless_metrics=["loss"])  # type: ignore[call-arg]


def test_progbar_is_keras_utils_progbar() -> None:
    """A custom training loop's bar (keras.utils.Progbar): Keras's arguments, our training bar."""
    out = io.StringIO()
    bar = keras.utils.Progbar(2, stateful_metrics=["lr"], file=out)
    bar.update(1, [("loss", 1.0), ("lr", 0.1)])
    bar.add(1, [("loss", 3.0), ("lr", 0.2)])
    assert "loss: 2.0000" in out.getvalue() and "lr: 0.2000" in out.getvalue()


def test_with_interactive_logging_off_fit_s_messages_go_to_the_logger(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    model = keras.Sequential([keras.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    keras.config.disable_interactive_logging()
    try:
        with caplog.at_level("INFO", logger="statefulrnn"):
            model.fit(x, y, epochs=2, verbose=1)
    finally:
        keras.utils.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    logged = [record.getMessage() for record in caplog.records if record.name == "statefulrnn"]
    assert logged[0] == "Epoch 1/2" and logged[1].startswith("1/1 ") and "loss:" in logged[1]
    assert keras.config.is_interactive_logging_enabled()
    model.fit(x, y, epochs=2, verbose=1)
    assert capsys.readouterr().out.startswith("Epoch 1/2\n")
