"""Targets whose shape broadcasts against the output's, as Keras's losses and metrics take them
(1-column labels for a 3-column output, one-step targets for a sequence output), against Keras
3 and tf-keras (tools/keras_fixtures/target_broadcast.py); and the target numpy would broadcast
across samples, still refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.config import set_keras_rules
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "target_broadcast"
SCRIPT = fixture_script("target_broadcast")


@pytest.mark.parametrize("library", ["keras3", "tf_keras"])
@pytest.mark.parametrize("case", SCRIPT.CASES)
def test_a_target_that_broadcasts_trains_and_evaluates_as_keras(library: str, case: str) -> None:
    recorded = np.load(FIXTURES / f"{library}.npz")
    set_keras_rules(library)
    try:
        model = SCRIPT.build(keras, case)
        model.set_weights([recorded[f"{case}/w{i}"] for i in range(len(model.get_weights()))])
        SCRIPT.compile_model(keras, model)
        x, y = recorded[f"{case}/x"], recorded[f"{case}/y"]
        assert y.shape != model.output_shape[1:] and y.shape[1:] != model.output_shape[1:]
        history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
        evaluated = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    finally:
        set_keras_rules("keras3")
    for key in recorded.files:
        if key.startswith(f"{case}/history/"):
            name = key.rsplit("/", 1)[1]
            np.testing.assert_allclose(history[name], recorded[key], rtol=1e-5, atol=1e-6, err_msg=name)
        elif key.startswith(f"{case}/evaluate/"):
            name = key.rsplit("/", 1)[1]
            np.testing.assert_allclose(evaluated[name], recorded[key], rtol=1e-5, atol=1e-6, err_msg=name)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, recorded[f"{case}/after{i}"], rtol=1e-5, atol=1e-6)


def test_a_target_numpy_would_pair_with_other_samples_is_refused() -> None:
    """``y (N,)`` for an output ``(N, T, 1)``: numpy's rule lines the batch axis up with the
    output's last, ``(N, T, N)``, comparing each sample with every other's target (Keras trains
    on that); refused, naming both shapes, and nothing trains."""
    model = SCRIPT.build(keras, "steps")
    SCRIPT.compile_model(keras, model)
    before = model.get_weights()
    x = np.zeros((4, 6, 2), np.float32)
    refusal = r"output of shape \(4, 6, 1\), so y must have shape \(4, 6, 1\) \(or one of its rank"
    with pytest.raises(ValueError, match=refusal) as refused:
        model.fit(x, np.zeros((4,), np.float32), verbose=0)
    assert "Keras would broadcast the two to (4, 6, 4), comparing every sample's output" in str(refused.value)
    with pytest.raises(ValueError, match=r"Received: y of shape \(4, 5, 1\)$"):
        model.evaluate(x, np.zeros((4, 5, 1), np.float32), verbose=0)  # 5 steps against 6: no broadcast
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)
