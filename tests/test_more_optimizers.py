"""Adagrad, Adadelta, Adamax, Nadam, Ftrl, Lion, Lamb and Adafactor follow Keras's rules: the weights
(of ranks 0 to 3) after every one of 40 steps on the same gradients equal Keras 3.15.1's
(tests/fixtures/optimizers, made by tools/keras_fixtures/optimizers.py) to float32 round-off."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import optimizers

with np.load(Path(__file__).parent / "fixtures" / "optimizers" / "steps.npz") as _data:
    RECORDED = {key: _data[key] for key in _data.files}
CASES = json.loads(str(RECORDED["spec"]))
VARIABLES = range(sum(key.endswith("_start") for key in RECORDED))


def _run(name: str, steps: range, optimizer=None, weights=None) -> tuple[list, object]:
    class_name, arguments = CASES[name]
    if weights is None:
        weights = [torch.nn.Parameter(torch.tensor(RECORDED[f"w{i}_start"])) for i in VARIABLES]
    optimizer = optimizer or getattr(optimizers, class_name)(weights, **arguments)
    after = []
    for step in steps:
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(RECORDED[f"g{i}"][step])
        optimizer.step()
        after.append([weight.detach().numpy().copy() for weight in weights])
    return after, optimizer


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_step_matches_keras(name: str) -> None:
    after, _ = _run(name, range(40))
    for i in VARIABLES:
        ours = np.stack([weights[i] for weights in after])
        np.testing.assert_allclose(
            ours, RECORDED[f"{name}_w{i}"], rtol=2e-6, atol=2e-7, err_msg=f"{name} w{i}"
        )


@pytest.mark.parametrize("name", ["nadam", "adagrad", "ftrl", "lion", "lamb", "adafactor_options"])
def test_a_state_dict_resumes_the_same_steps(name: str) -> None:
    """Nadam's product of momentum factors is computed again from the step count; Adafactor's
    row and column averages are kept with their own shapes."""
    first, optimizer = _run(name, range(20))
    weights = [torch.nn.Parameter(torch.tensor(w)) for w in first[-1]]
    resumed = getattr(optimizers, CASES[name][0])(weights, **CASES[name][1])
    resumed.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    rest, _ = _run(name, range(20, 40), resumed, weights)
    for i in VARIABLES:
        np.testing.assert_allclose(rest[-1][i], RECORDED[f"{name}_w{i}"][-1], rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize(
    "name", ["adagrad", "adadelta", "adamax", "nadam", "ftrl", "lion", "lamb", "adafactor"]
)
def test_keras_names_and_configs(name: str) -> None:
    optimizer = optimizers.get(name)
    assert type(optimizer).__name__.lower() == name
    again = optimizers.get({"class_name": type(optimizer).__name__, "config": optimizer.get_config()})
    assert again.get_config() == optimizer.get_config()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: optimizers.Lion(beta_1=0.0),
            r"Lion: beta_1 must be in \(0, 1\] \(at 0 the optimizer degenerates",
        ),
        (lambda: optimizers.Lion(beta_1=1.5), r"Lion: beta_1 must be in \(0, 1\].*Received: beta_1=1.5"),
        (lambda: optimizers.Lion(beta_2=-0.1), r"Lion: beta_2 must be in \[0, 1\]. Received: beta_2=-0.1"),
        (
            lambda: optimizers.Ftrl(learning_rate_power=0.5),
            r"Ftrl: learning_rate_power must be negative or zero",
        ),
        (
            lambda: optimizers.Ftrl(initial_accumulator_value=-1),
            r"Ftrl: initial_accumulator_value must be in \[0",
        ),
        (lambda: optimizers.Ftrl(beta=-1.0), r"Ftrl: beta must be in \[0, inf\). Received: beta=-1.0"),
    ],
)
def test_ftrl_and_lion_refuse_what_keras_refuses(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_an_l1_strength_makes_weights_exactly_zero() -> None:
    weight = torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
    optimizer = optimizers.Ftrl([weight], learning_rate=0.1, l1_regularization_strength=10.0)
    weight.grad = torch.tensor([0.1, -0.2, 0.3])
    optimizer.step()
    assert weight.tolist() == [0.0, 0.0, 0.0]  # |z| <= l1 everywhere
