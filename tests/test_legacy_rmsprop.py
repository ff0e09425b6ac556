"""Keras 2's ``RMSprop`` (``statefulrnn.optimizers.legacy.RMSprop``) against tf-keras 2.21's
``tf.keras.optimizers.legacy.RMSprop`` (tests/fixtures/legacy_rmsprop, made by
tools/keras_fixtures/legacy_rmsprop.py): epsilon outside the square root without momentum, inside
with it, plain and centered, with ``decay`` and ``epsilon=None``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import optimizers
from statefulrnn.optimizers import legacy

FIXTURE = np.load(Path(__file__).resolve().parent / "fixtures" / "legacy_rmsprop" / "steps.npz")
CASES = json.loads(str(FIXTURE["spec"]))


def _run(optimizer_class: type, arguments: dict) -> list[list[np.ndarray]]:
    weights = [torch.nn.Parameter(torch.tensor(FIXTURE[f"w{i}_start"])) for i in range(2)]
    optimizer = optimizer_class(weights, **arguments)
    steps = []
    for step in range(len(FIXTURE["g0"])):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(FIXTURE[f"g{i}"][step])
        optimizer.step()
        steps.append([weight.detach().numpy().copy() for weight in weights])
    return steps


@pytest.mark.parametrize("case", list(CASES))
def test_each_step_is_tf_keras_legacy_rmsprop(case: str) -> None:
    for step, weights in enumerate(_run(legacy.RMSprop, CASES[case])):
        for i, weight in enumerate(weights):
            np.testing.assert_allclose(
                weight, FIXTURE[f"{case}_w{i}"][step], rtol=1e-5, atol=1e-6,
                err_msg=f"{case}, step {step}, weight {i}",
            )  # fmt: skip


@pytest.mark.parametrize("case", ["plain", "centered"])
def test_without_momentum_keras_3_s_rule_is_another(case: str) -> None:
    """The fixture tells the two rules apart: Keras 3's RMSprop (epsilon inside the root) misses it."""
    last = _run(optimizers.RMSprop, CASES[case])[-1][0]
    assert np.max(np.abs(last - FIXTURE[f"{case}_w0"][-1])) > 1e-3


def test_with_momentum_it_is_keras_3_s_rule() -> None:
    last = _run(optimizers.RMSprop, CASES["momentum"])[-1][0]
    np.testing.assert_allclose(last, FIXTURE["momentum_w0"][-1], rtol=1e-5, atol=1e-6)


def test_keras_2_s_arguments_are_taken() -> None:
    """LSTNet's ``RMSprop(lr=init.lr, rho=0.9, epsilon=None, decay=0.0)`` (tests/keras_programs)."""
    with pytest.warns(UserWarning, match="lr"):
        optimizer = legacy.RMSprop(lr=0.01, rho=0.8, epsilon=None, decay=0.1)
    config = optimizer.get_config()
    assert type(optimizer).__name__ == "RMSprop"
    assert (config["learning_rate"], config["rho"], config["decay"]) == (0.01, 0.8, 0.1)
    assert config["epsilon"] == statefulrnn.backend.epsilon()


def test_a_saved_legacy_rmsprop_comes_back_legacy(tmp_path: Path) -> None:
    """tf-keras's serialized form names the legacy module (``optimizers.serialize``), which a
    statefulrnn file keeps with the optimizer's state."""
    serialized = optimizers.serialize(legacy.RMSprop(learning_rate=0.01, epsilon=0.1))
    assert serialized["module"] == "keras.optimizers.legacy"
    assert type(optimizers.get(serialized)) is legacy.RMSprop
    assert "module" not in optimizers.serialize(optimizers.RMSprop())
    model = statefulrnn.Sequential([statefulrnn.layers.Dense(1, input_shape=(2,), name="legacy_dense")])
    model.compile(legacy.RMSprop(learning_rate=0.01), "mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)
    model.save(tmp_path / "legacy.safetensors", include_optimizer=True)
    assert type(statefulrnn.load_model(tmp_path / "legacy.safetensors").optimizer) is legacy.RMSprop
