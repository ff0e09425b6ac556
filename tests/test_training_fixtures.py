"""The Keras training fixtures (tests/fixtures/keras_reference/keras_train) reproduce: losses, metrics,
predictions and final weights, following the notebook's procedure."""

from __future__ import annotations

import json

import numpy as np
import pytest

from statefulrnn import GRU, LSTM, Dense, Sequential, optimizers, use_fused_kernels

from .fixtures import FIXTURES

CASES = sorted(p.stem for p in (FIXTURES / "keras_train").glob("*.npz"))
# The issue allows RMSprop and Adam to be looser than SGD; with Keras's exact update rules all
# three hold to 1e-5 relative.
TOLERANCE = dict(rtol=1e-5, atol=1e-6)


def _load(name: str) -> dict:
    with np.load(FIXTURES / "keras_train" / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def _train_like_keras(case: dict) -> tuple[Sequential, list[float], list[float], object, np.ndarray]:
    spec = case["spec"]
    cell = {"GRU": GRU, "LSTM": LSTM}[spec["cell"]]
    activation = "softmax" if "crossentropy" in spec["loss"] else None
    model = Sequential(
        [
            cell(spec["units"], stateful=True, batch_input_shape=tuple(spec["batch_input_shape"])),
            Dense(spec["dense_units"], activation=activation),
        ]
    )
    model.set_weights([case[f"w_init_{i}"] for i in range(5)])
    optimizer = getattr(optimizers, spec["optimizer"])(**spec["optimizer_config"])
    model.compile(loss=spec["loss"], optimizer=optimizer, metrics=spec["metrics"])
    losses, val_losses = [], []
    for _ in range(spec["epochs"]):  # the notebook's loop
        history = model.fit(
            case["x_train"], case["y_train"], batch_size=spec["batch_size"], epochs=1,
            validation_data=(case["x_val"], case["y_val"]), shuffle=False, verbose=0,
        )  # fmt: skip
        model.reset_states()
        losses += history.history["loss"]
        val_losses += history.history["val_loss"]
    evaluation = model.evaluate(case["x_val"], case["y_val"], batch_size=spec["batch_size"], verbose=0)
    prediction = model.predict(case["x_val"], batch_size=spec["batch_size"], verbose=0)
    return model, losses, val_losses, evaluation, prediction


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("name", CASES)
def test_training_reproduces_keras(name: str, fused: bool) -> None:
    case = _load(name)
    tolerance = TOLERANCE
    with use_fused_kernels(fused):
        model, losses, val_losses, (eval_loss, eval_acc), prediction = _train_like_keras(case)
    np.testing.assert_allclose(losses, case["loss"], **tolerance)
    np.testing.assert_allclose(val_losses, case["val_loss"], **tolerance)
    np.testing.assert_allclose(eval_loss, case["eval_loss"], **tolerance)
    np.testing.assert_allclose(eval_acc, case["eval_acc"], **tolerance)
    np.testing.assert_allclose(prediction, case["pred"], **tolerance)
    for index, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, case[f"w_final_{index}"], err_msg=f"weight {index}", **tolerance)


def test_all_training_fixtures_are_found() -> None:
    assert len(CASES) == 4
