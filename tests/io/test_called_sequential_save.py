"""A Sequential that declares no input shape, built by its first call, saves to a ``.keras`` file
as Keras 3 writes it: the call's whole shape, batch size included, as the model's input shape
(recorded by tools/keras_fixtures/called_sequential.py). Keras.io's "Customizing Saving and
Serialization" guide saves such a model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "called_sequential"
SCRIPT = fixture_script("called_sequential")


@pytest.fixture(scope="module")
def record() -> dict[str, np.ndarray]:
    with np.load(FIXTURES / "record.npz") as data:
        return {key: data[key] for key in data.files}


def _called_model(record: dict[str, np.ndarray]) -> keras.Sequential:
    model = SCRIPT.build(keras)
    model(record["x"])
    model.set_weights([record["w_0"], record["w_1"]])
    return model


def test_the_first_call_gives_the_shape_keras_saves(record: dict[str, np.ndarray], tmp_path: Path) -> None:
    model = _called_model(record)
    assert model.declared_input_shape is None and model.first_call_shape == (10, 6)
    model.save(tmp_path / "model.keras")
    assert SCRIPT.saved_shapes(tmp_path / "model.keras") == json.loads(str(record["shapes"]))


def test_the_saved_model_runs_other_batch_sizes(record: dict[str, np.ndarray], tmp_path: Path) -> None:
    _called_model(record).save(tmp_path / "model.keras")
    for path in (tmp_path / "model.keras", FIXTURES / "model.keras"):  # ours, and Keras's
        loaded = keras.models.load_model(path)
        got = loaded.predict(record["x_other"], verbose=0)
        np.testing.assert_allclose(got, record["y_other"], rtol=1e-6, atol=1e-6)


def test_a_declared_shape_is_kept_and_no_call_shape_recorded(tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, name="declared_dense")])
    model(np.zeros((10, 6), "float32"))
    assert model.first_call_shape is None
    model.save(tmp_path / "model.keras")
    assert SCRIPT.saved_shapes(tmp_path / "model.keras")["batch_shape"] == [None, 6]


def test_an_uncalled_model_is_still_refused(tmp_path: Path) -> None:
    model = SCRIPT.build(keras)
    with pytest.raises(ValueError, match="not built"):
        model.save(tmp_path / "model.keras")
