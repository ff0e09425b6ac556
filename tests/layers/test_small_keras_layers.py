"""Keras 3's ``UnitNormalization`` and ``ActivityRegularization`` against Keras's numbers
(``tests/fixtures/small_layers``, made by ``tools/keras_fixtures/small_layers.py``): outputs,
the penalty added to the training loss, and a Keras file holding both, both ways."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from tests.fixture_scripts import fixture_script
from tests.keras_python import needs_keras, run_in_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small_layers"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("small_layers")


def test_unit_normalization_equals_keras() -> None:
    x = torch.from_numpy(STORED["x"])
    np.testing.assert_allclose(layers.UnitNormalization()(x).numpy(), STORED["unit_last"], rtol=1e-6)
    np.testing.assert_allclose(
        layers.UnitNormalization(axis=[1, 2])(x).numpy(), STORED["unit_steps"], rtol=1e-6
    )
    assert not layers.UnitNormalization()(torch.zeros(1, 3)).isnan().any()  # a zero vector stays zero
    with pytest.raises(TypeError, match="axis must be an int"):
        layers.UnitNormalization(axis="last")
    with pytest.raises(ValueError, match="out of bounds"):
        statefulrnn.Sequential([layers.Input((5,)), layers.UnitNormalization(axis=2)])


def test_activity_regularization_trains_with_keras_s_penalty() -> None:
    model = SCRIPT.build(statefulrnn)
    model.set_weights([STORED[key] for key in sorted(STORED.files) if key.startswith("weights_")])
    loss = model.train_on_batch(STORED["x"], STORED["y"])
    np.testing.assert_allclose(loss, STORED["loss"], rtol=1e-5)
    model(STORED["x"])
    np.testing.assert_allclose(float(sum(model.losses).detach()), STORED["penalty"], rtol=1e-5)


def test_a_keras_file_with_both_loads_and_predicts_as_keras(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    np.testing.assert_allclose(
        model.predict(STORED["x"], verbose=0), STORED["predicted"], rtol=1e-5, atol=1e-6
    )
    assert model.layers[2].l1 == 0.01 and model.layers[2].l2 == 0.1
    model.save(tmp_path / "again.keras")
    again = statefulrnn.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(
        again.predict(STORED["x"], verbose=0), STORED["predicted"], rtol=1e-5, atol=1e-6
    )


@needs_keras
def test_keras_loads_our_file_with_both(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    model.save(tmp_path / "ours.keras")
    script = f"""
import numpy as np, keras
model = keras.models.load_model("{tmp_path}/ours.keras")
stored = np.load("{FIXTURE}/values.npz")
print(float(np.abs(model.predict(stored["x"], verbose=0) - stored["predicted"]).max()))
"""
    assert float(run_in_keras(tmp_path, script).strip().splitlines()[-1]) < 1e-5
