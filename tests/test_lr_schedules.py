"""Keras's learning-rate schedules give Keras's rates step by step (tests/fixtures/lr_schedules,
made by tools/keras_fixtures/lr_schedules.py with Keras 3.15.1) and drive an optimizer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import optimizers
from statefulrnn.optimizers import schedules

with np.load(Path(__file__).parent / "fixtures" / "lr_schedules" / "schedules.npz") as _data:
    RECORDED = {key: _data[key] for key in _data.files}
CASES = json.loads(str(RECORDED["spec"]))


def _schedule(name: str) -> schedules.LearningRateSchedule:
    class_name, arguments = CASES[name]
    return getattr(schedules, class_name)(**arguments)


@pytest.mark.parametrize("name", sorted(CASES))
def test_schedule_matches_keras_step_by_step(name: str) -> None:
    schedule = _schedule(name)
    ours = np.array([schedule(int(step)) for step in RECORDED["steps"]], np.float32)
    np.testing.assert_allclose(ours, RECORDED[name], rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_schedule_called_on_many_steps_gives_keras_rates_as_float32_tensors(name: str) -> None:
    schedule = _schedule(name)
    steps = RECORDED["steps"]
    for given in (steps, torch.from_numpy(np.asarray(steps))):  # plotted over steps, as Keras allows
        rates = schedule(given)
        assert rates.dtype == torch.float32 and rates.shape == (len(steps),)
        np.testing.assert_allclose(rates.numpy(), RECORDED[name], rtol=1e-6, atol=1e-8, err_msg=name)
    one = schedule(int(steps[3]))
    assert one.shape == () and float(one) == rates[3].item()  # one step: a 0-d tensor, as Keras's


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_round_trip_and_keras_serialized_form(name: str) -> None:
    schedule = _schedule(name)
    again = type(schedule).from_config(schedule.get_config())
    serialized = {
        "module": "keras.optimizers.schedules",
        "class_name": CASES[name][0],
        "config": CASES[name][1],
    }
    for other in (again, schedules.deserialize(serialized)):
        assert [other(step) for step in (0, 77, 640)] == [schedule(step) for step in (0, 77, 640)]


def test_an_optimizer_steps_with_the_schedules_rate() -> None:
    weight = torch.nn.Parameter(torch.zeros(1))
    schedule = schedules.PiecewiseConstantDecay([1], [0.5, 0.1])
    optimizer = optimizers.SGD([weight], learning_rate=schedule)
    for expected in (-0.5, -1.0, -1.1):  # steps 0 and 1 at 0.5, then 0.1, on a gradient of 1
        weight.grad = torch.ones(1)
        optimizer.step()
        assert weight.item() == pytest.approx(expected)
    keras_config = {"learning_rate": {"class_name": "ExponentialDecay", "config": CASES["exponential"][1]}}
    loaded = optimizers.get({"class_name": "SGD", "config": keras_config})
    assert loaded.learning_rate == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: schedules.ExponentialDecay(0.1, 0, 0.5),
            r"Argument `decay_steps` must be > 0\. Received: decay_steps=0",
        ),
        (lambda: schedules.CosineDecayRestarts(0.1, -1), r"`first_decay_steps` must be > 0"),
        (
            lambda: schedules.PiecewiseConstantDecay([1, 2], [0.1]),
            r"boundaries should be 1 less than the length of values",
        ),
        (
            lambda: schedules.deserialize({"class_name": "Cyclic", "config": {}}),
            r"Unknown learning-rate schedule 'Cyclic'",
        ),
        (lambda: schedules.deserialize("ExponentialDecay"), r"A serialized learning-rate schedule is"),
    ],
)
def test_bad_schedules_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


class _WarmUp(schedules.LearningRateSchedule):
    """A program's own schedule that keeps no config (keras.io's transformer CustomSchedule)."""

    def __init__(self, peak: float = 0.4) -> None:
        super().__init__()
        self.peak = peak

    def __call__(self, step: int) -> float:
        return min(self.peak, 0.2 * (float(step) + 1))


def test_a_program_s_schedule_without_a_config_drives_an_optimizer_and_says_what_it_lacks() -> None:
    weight = torch.nn.Parameter(torch.zeros(1))
    optimizer = optimizers.SGD([weight], learning_rate=_WarmUp())
    for expected in (-0.2, -0.6, -1.0):  # rates 0.2, 0.4, 0.4 on a gradient of 1
        weight.grad = torch.ones(1)
        optimizer.step()
        assert weight.item() == pytest.approx(expected)
    assert repr(_WarmUp()) == "<_WarmUp>"
    with pytest.raises(NotImplementedError, match="schedule '_WarmUp' must override `get_config"):
        _WarmUp().get_config()  # Keras 3's message: such a schedule cannot be saved
