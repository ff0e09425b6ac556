"""Adagrad, Adadelta, Adamax and Nadam follow Keras's rules: the weights after every one of 40
steps on the same gradients equal Keras 3.15.1's (tests/fixtures/optimizers, made by
tools/keras_fixtures/optimizers.py) to float32 round-off."""

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


def _run(name: str, steps: range, optimizer=None, weights=None) -> tuple[list, object]:
    class_name, arguments = CASES[name]
    if weights is None:
        weights = [torch.nn.Parameter(torch.from_numpy(RECORDED[f"w{i}_start"].copy())) for i in range(2)]
    optimizer = optimizer or getattr(optimizers, class_name)(weights, **arguments)
    after = []
    for step in steps:
        for i, weight in enumerate(weights):
            weight.grad = torch.from_numpy(RECORDED[f"g{i}"][step].copy())
        optimizer.step()
        after.append([weight.detach().numpy().copy() for weight in weights])
    return after, optimizer


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_step_matches_keras(name: str) -> None:
    after, _ = _run(name, range(40))
    for i in range(2):
        ours = np.stack([weights[i] for weights in after])
        np.testing.assert_allclose(
            ours, RECORDED[f"{name}_w{i}"], rtol=2e-6, atol=2e-7, err_msg=f"{name} w{i}"
        )


@pytest.mark.parametrize("name", ["nadam", "adagrad"])
def test_a_state_dict_resumes_the_same_steps(name: str) -> None:
    """Nadam's product of momentum factors is computed again from the step count."""
    first, optimizer = _run(name, range(20))
    weights = [torch.nn.Parameter(torch.from_numpy(w.copy())) for w in first[-1]]
    resumed = getattr(optimizers, CASES[name][0])(weights, **CASES[name][1])
    resumed.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    rest, _ = _run(name, range(20, 40), resumed, weights)
    np.testing.assert_allclose(rest[-1][0], RECORDED[f"{name}_w0"][-1], rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("name", ["adagrad", "adadelta", "adamax", "nadam"])
def test_keras_names_and_configs(name: str) -> None:
    optimizer = optimizers.get(name)
    assert type(optimizer).__name__.lower() == name
    again = optimizers.get({"class_name": type(optimizer).__name__, "config": optimizer.get_config()})
    assert again.get_config() == optimizer.get_config()
