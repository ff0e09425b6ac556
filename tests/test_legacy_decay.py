"""Keras 2's learning-rate ``decay`` (``Adam(lr=1e-3, decay=1e-6)``) against tf-keras 2.21's
``tf.keras.optimizers.legacy`` (tests/fixtures/legacy_decay, made by
tools/keras_fixtures/legacy_decay.py), and how it sits with schedules, callbacks and configs."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import optimizers
from statefulrnn.optimizers import legacy

FIXTURE = np.load(Path(__file__).resolve().parent / "fixtures" / "legacy_decay" / "steps.npz")
CASES = json.loads(str(FIXTURE["spec"]))


def _weights() -> list[torch.nn.Parameter]:
    return [torch.nn.Parameter(torch.tensor(FIXTURE[f"w{i}_start"])) for i in range(2)]


@pytest.mark.parametrize(
    ("case", "module"),
    [
        pytest.param(case, module, id=f"{case}-{module.__name__.rsplit('.', 1)[-1]}")
        for case, (name, _) in CASES.items()
        for module in (optimizers, legacy)
        if not (name in ("Adagrad", "Nadam") and module is optimizers)  # legacy rules of their own
    ],
)
def test_each_step_is_tf_keras_legacy_optimizers(case: str, module) -> None:
    class_name, arguments = CASES[case]
    weights = _weights()
    optimizer = getattr(module, class_name)(weights, **arguments)
    for step in range(len(FIXTURE["g0"])):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(FIXTURE[f"g{i}"][step])
        optimizer.step()
        for i, weight in enumerate(weights):
            np.testing.assert_allclose(
                weight.detach().numpy(), FIXTURE[f"{case}_w{i}"][step], rtol=1e-5, atol=1e-6,
                err_msg=f"{case}, step {step}, weight {i}",
            )  # fmt: skip


@pytest.mark.parametrize("case", [case for case, (name, _) in CASES.items() if name == "Adam"])
def test_legacy_adam_rounds_as_tensorflow_s_kernel(case: str) -> None:
    """tf-keras's legacy Adam runs TensorFlow's ResourceApplyAdam (WithAmsgrad) kernel, whose
    float32 coefficients ``1 - beta`` differ from Keras 3's Python ones: equal to the bit here
    (Keras 3's rule, `optimizers.Adam`, is ~3e-6 away on these steps)."""
    weights = _weights()
    optimizer = legacy.Adam(weights, **CASES[case][1])
    for step in range(len(FIXTURE["g0"])):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(FIXTURE[f"g{i}"][step])
        optimizer.step()
        for i, weight in enumerate(weights):
            np.testing.assert_array_equal(weight.detach().numpy(), FIXTURE[f"{case}_w{i}"][step])


def _sgd_steps(steps: int, **arguments) -> tuple[list[float], optimizers.SGD]:
    weight = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = optimizers.SGD([weight], **arguments)
    moves = []
    for _ in range(steps):
        before = weight.item()
        weight.grad = torch.ones(1, dtype=torch.float64)  # each move is minus the step's rate
        optimizer.step()
        moves.append(before - weight.item())
    return moves, optimizer


def test_a_schedule_is_decayed_too_and_the_rate_read_is_the_undecayed_one() -> None:
    moves, optimizer = _sgd_steps(4, learning_rate=lambda t: 0.1 * (t + 1), decay=0.5)
    np.testing.assert_allclose(moves, [0.1 * (t + 1) / (1 + 0.5 * t) for t in range(4)], rtol=1e-6)
    assert optimizer.learning_rate == pytest.approx(0.5)  # the schedule's, at step 4


def test_a_rate_set_between_steps_keeps_decaying_from_the_step_count() -> None:
    moves, optimizer = _sgd_steps(2, learning_rate=0.2, decay=1.0)
    optimizer.learning_rate = 0.6  # as ReduceLROnPlateau or K.set_value(optimizer.lr, ...) do
    weight = optimizer.param_groups[0]["params"][0]
    before = weight.item()
    weight.grad = torch.ones(1, dtype=torch.float64)
    optimizer.step()
    np.testing.assert_allclose([*moves, before - weight.item()], [0.2, 0.1, 0.6 / 3], rtol=1e-6)
    assert float(optimizer.learning_rate) == pytest.approx(0.6)


def test_decay_is_in_the_config_only_where_used_and_survives_a_keras_file(tmp_path: Path) -> None:
    assert "decay" not in optimizers.Adam(decay=0.0).get_config()
    assert "decay" not in optimizers.RMSprop(decay=None).get_config()
    with pytest.warns(UserWarning, match="`lr` argument is deprecated"):
        optimizer = optimizers.Adam(lr=0.01, decay=1e-3)
    assert optimizers.Adam.from_config(optimizer.get_config()).decay == 1e-3
    model = statefulrnn.Sequential([statefulrnn.Dense(1, input_shape=(2,))])
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(np.ones((4, 2)), np.zeros((4, 1)), verbose=0)
    model.save(tmp_path / "model.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = statefulrnn.models.load_model(tmp_path / "model.keras")
    assert loaded.optimizer.decay == 1e-3 and loaded.optimizer.iterations == 1


def test_legacy_nadam_keeps_its_schedule_decay_under_decay_as_tf_keras() -> None:
    weights = _weights()
    optimizer = legacy.Nadam(weights, learning_rate=0.05, decay=0.5)  # tf-keras replaces it: 0.004
    assert optimizer.get_config()["decay"] == 0.004 and optimizer.learning_rate == 0.05
    twin = legacy.Nadam(_weights(), learning_rate=0.05)
    for opt, params in ((optimizer, weights), (twin, twin.param_groups[0]["params"])):
        for i, weight in enumerate(params):
            weight.grad = torch.tensor(FIXTURE[f"g{i}"][0])
        opt.step()
    assert all(torch.equal(a, b) for a, b in zip(weights, twin.param_groups[0]["params"]))


def test_keras_2_epsilon_none_is_the_backend_s_fuzz_factor() -> None:
    for name in ("Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"):
        assert (
            getattr(optimizers, name)(epsilon=None).get_config()["epsilon"] == statefulrnn.backend.epsilon()
        )


def test_bad_decay_and_keras_2_s_nadam_schedule_are_refused() -> None:
    with pytest.raises(ValueError, match=r"decay must be in \[0, inf\)"):
        optimizers.SGD(decay=-0.1)
    with pytest.raises(TypeError, match="decay must be a float"):
        optimizers.SGD(decay="fast")
    with pytest.raises(TypeError, match=r"schedule_decay.*0\.96.*legacy\.Nadam"):
        optimizers.Nadam(schedule_decay=0.004)
