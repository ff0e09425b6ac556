"""A sigmoid output keeps its logits, so binary crossentropy gives Keras's numbers where the
output saturates (tests/fixtures/sigmoid_logits, made by tools/keras_fixtures/sigmoid_logits.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Sequential, activations, losses, optimizers
from statefulrnn.layers import Activation
from statefulrnn.layers.fused import _kernel_for

FIXTURES = Path(__file__).parent / "fixtures" / "sigmoid_logits"
CASES = sorted(path.stem for path in FIXTURES.glob("*.npz"))


def _load(name: str) -> dict:
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


@pytest.mark.parametrize("name", CASES)
def test_binary_crossentropy_of_a_saturated_sigmoid_matches_keras(name: str) -> None:
    case = _load(name)
    spec = case["spec"]
    if spec["layer"] == "dense":
        model = Sequential([Dense(1, activation="sigmoid", input_shape=(2,))])
    else:
        model = Sequential([Dense(1, input_shape=(2,)), Activation("sigmoid")])
    model.layers[0].set_weights([case["kernel"], case["bias"]])
    loss = spec["loss"]
    if isinstance(loss, dict):
        loss = getattr(losses, loss.pop("class_name"))(**loss)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss=loss)
    tolerance = {"rtol": 1e-5, "atol": 1e-6}
    np.testing.assert_allclose(
        model.evaluate(case["x"], case["y"], verbose=0), case["eval_loss"], **tolerance
    )
    np.testing.assert_allclose(model.train_on_batch(case["x"], case["y"]), case["train_loss"], **tolerance)
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_allclose(kernel, case["kernel_after"], **tolerance)  # the gradient did not vanish
    np.testing.assert_allclose(bias, case["bias_after"], **tolerance)


def test_all_sigmoid_fixtures_are_found() -> None:
    assert len(CASES) == 3


def test_sigmoid_keeps_its_logits_and_its_name() -> None:
    logits = torch.tensor([[-30.0, 0.0, 30.0]])
    probabilities = activations.get("sigmoid")(logits)
    torch.testing.assert_close(probabilities, torch.sigmoid(logits))
    assert probabilities._keras_logits is logits
    assert activations.name_of(activations.sigmoid) == activations.name_of(torch.sigmoid) == "sigmoid"
    with pytest.warns(UserWarning, match="received `from_logits=True`, but the `output` argument"):
        losses.binary_crossentropy(torch.ones(1, 3), probabilities, from_logits=True)


@pytest.mark.parametrize("layer", [GRU, LSTM])
@pytest.mark.parametrize("gate", ["sigmoid", torch.sigmoid])
def test_recurrent_gates_keep_the_fused_kernel(layer: type, gate: object) -> None:
    assert _kernel_for(layer(3, recurrent_activation=gate).cell) is not None
