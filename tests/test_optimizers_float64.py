"""Float64 weights: every optimizer's step is Keras's formula with each hyperparameter, the
learning rate included, exact: Keras 3 on PyTorch's steps under ``set_floatx("float64")``, to
float64 round-off.

Keras's backends each round some Python float on its way to a float64 step (see
tools/keras_fixtures/optimizers_float64.py, which made tests/fixtures/optimizers_float64):
TensorFlow every hyperparameter it casts; PyTorch Adafactor's ``beta_2_decay`` exponent, so
Adafactor is checked against TensorFlow. All keep the rate in a variable of floatx's dtype, so
under ``floatx="float32"`` Keras's float64 steps read it rounded to float32: statefulrnn keeps it
exact (a PyTorch user's float64 model steps in float64 throughout), and given the rounded rate
steps as Keras does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import backend, optimizers

with np.load(Path(__file__).parent / "fixtures" / "optimizers_float64" / "steps.npz") as _data:
    RECORDED = {key: _data[key] for key in _data.files}
CASES = json.loads(str(RECORDED["spec"]))
STEPS = len(RECORDED["g0"])
FLOATX = ("float32", "float64")
# Keras on PyTorch rounds ``ops.power(step, beta_2_decay)``'s exponent; on TensorFlow it is exact.
EXACT_ON_TENSORFLOW = {"adafactor"}
# Under float32, Keras on PyTorch computes ``1 - weight_decay * lr`` (AdamW) and Ftrl's terms
# with the rate in float32, and TensorFlow rounds the hyperparameters: no backend is exact.
NO_EXACT_BACKEND = {("float32", "adamw"), ("float32", "ftrl")}


@pytest.fixture
def floatx() -> Iterator[None]:
    yield
    backend.set_floatx("float32")


def _steps(name: str, rate_type: type = float) -> list[np.ndarray]:
    class_name, arguments = CASES[name]
    arguments = {**arguments, "learning_rate": float(rate_type(arguments["learning_rate"]))}
    weights = [torch.nn.Parameter(torch.tensor(RECORDED[f"w{i}_start"])) for i in range(2)]
    optimizer = getattr(optimizers, class_name)(weights, **arguments)
    after: list[list[np.ndarray]] = [[], []]
    for step in range(STEPS):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(RECORDED[f"g{i}"][step])
        optimizer.step()
        for kept, weight in zip(after, weights):
            kept.append(weight.detach().numpy().copy())
    return [np.stack(kept) for kept in after]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dtype", FLOATX)
def test_float64_steps_equal_the_exact_keras_backend(floatx: None, dtype: str, name: str) -> None:
    """Under floatx float32, given the rate rounded as Keras's float32 variable holds it."""
    backend.set_floatx(dtype)
    ours = _steps(name, np.float32 if dtype == "float32" else float)
    library = "keras3" if name in EXACT_ON_TENSORFLOW else "keras3_torch"
    tolerance = 1e-6 if (dtype, name) in NO_EXACT_BACKEND else 1e-13
    for i, weights in enumerate(ours):
        assert weights.dtype == np.float64
        keras = RECORDED[f"{library}/{dtype}/{name}_w{i}"]
        np.testing.assert_allclose(weights, keras, rtol=tolerance, atol=tolerance, err_msg=f"{name} w{i}")


def test_the_rate_stays_exact_under_float32(floatx: None) -> None:
    """Where Keras reads a float64 step's rate from a float32 variable, statefulrnn does not
    round it: the steps differ from Keras's by that rounding alone (the test above)."""
    ours, keras = _steps("sgd")[0], RECORDED["keras3_torch/float32/sgd_w0"]
    assert np.max(np.abs(ours - keras)) > 1e-12
    backend.set_floatx("float64")
    np.testing.assert_allclose(ours, _steps("sgd")[0], rtol=1e-15)


def test_tensorflow_rounds_the_hyperparameters_where_we_do_not() -> None:
    """What the fixture shows about Keras on TensorFlow (so that README's note stays true): its
    float64 Adam differs from the exact steps by more than float64 round-off."""
    exact, tensorflow = RECORDED["keras3_torch/float64/adam_w0"], RECORDED["keras3/float64/adam_w0"]
    assert np.max(np.abs(exact - tensorflow)) > 1e-9
    np.testing.assert_allclose(tensorflow, RECORDED["tf_keras/float64/adam_w0"], rtol=1e-12)
