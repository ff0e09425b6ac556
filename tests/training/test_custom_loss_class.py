"""A loss class of the program's own (``class Pinball(keras.losses.Loss)``, its ``call`` in
``keras.ops``) trains as in Keras 3 (tests/fixtures/custom_loss_class, made by
tools/keras_fixtures/custom_loss_class.py: fit with sample weights and validation, and the loss
called directly with each reduction), and the base class's own rules."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import losses
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("custom_loss_class")
RECORDED = np.load(Path(__file__).resolve().parents[1] / "fixtures" / "custom_loss_class" / "run.npz")


def _numbered(prefix: str) -> list[np.ndarray]:
    count = sum(1 for key in RECORDED.files if key.startswith(prefix) and key[len(prefix) :].isdigit())
    return [RECORDED[f"{prefix}{i}"] for i in range(count)]


def test_fit_with_a_program_s_loss_class_follows_keras() -> None:
    model, history, _ = SCRIPT.program(statefulrnn, _numbered("w"))
    for key, values in json.loads(str(RECORDED["history"])).items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, err_msg=key)
    for ours, keras in zip(model.get_weights(), _numbered("after")):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-6)


def test_fit_with_reduction_sum_trains_on_the_batch_s_sum_as_keras() -> None:
    model, history, _ = SCRIPT.program(statefulrnn, _numbered("w"), reduction="sum")
    for key, values in json.loads(str(RECORDED["history_sum"])).items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, err_msg=key)
    for ours, keras in zip(model.get_weights(), _numbered("after_sum")):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-6)


def test_called_directly_each_reduction_gives_keras_s_numbers() -> None:
    _, _, loss = SCRIPT.program(statefulrnn)
    got = SCRIPT.direct_calls(statefulrnn, loss)
    for key in got:
        np.testing.assert_allclose(np.asarray(got[key]), RECORDED[key], rtol=1e-6, err_msg=key)


class _Fourth(losses.Loss):
    def call(self, y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        return ((y_true - y_pred) ** 4).mean(dim=-1)


def test_the_base_class_names_configures_and_refuses() -> None:
    loss = _Fourth()
    assert loss.name == "_fourth" and loss.get_config() == {
        "name": "_fourth",
        "reduction": "sum_over_batch_size",
    }
    assert type(_Fourth.from_config(loss.get_config())) is _Fourth
    assert float(_Fourth(dtype="float64")(np.zeros((2, 2)), np.ones((2, 2)))) == 1.0
    with pytest.raises(NotImplementedError, match="must define call"):
        losses.Loss()(np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="reduction must be one of"):
        _Fourth(reduction="median")
    model = statefulrnn.Sequential([statefulrnn.Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="fit reduces the losses as Keras's 'sum_over_batch_size'"):
        model.compile(optimizer="sgd", loss=_Fourth(reduction="none"))
