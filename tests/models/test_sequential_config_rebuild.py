"""``Sequential.get_config`` is laid out as Keras 3's (an ``InputLayer`` entry with the
``batch_shape`` first, each layer's ``build_config`` input shape, the model's
``build_input_shape``), so that a program rebuilding a stateful model for batch 1 by editing
those keys gets Keras's copy (recorded by tools/keras_fixtures/sequential_config_rebuild.py);
configs in the earlier layout still load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "sequential_config_rebuild"
SCRIPT = fixture_script("sequential_config_rebuild")


@pytest.fixture(scope="module")
def recorded() -> dict[str, np.ndarray]:
    with np.load(FOLDER / "keras3.npz") as data:
        return {key: data[key] for key in data.files}


def _trained_model(recorded: dict[str, np.ndarray]):
    model = SCRIPT.build(keras)
    count = len([key for key in recorded if key.startswith("weight_")])
    model.set_weights([recorded[f"weight_{i}"] for i in range(count)])
    return model


def test_the_config_has_keras_3s_layout() -> None:
    model = SCRIPT.build(keras)
    assert SCRIPT.layout(model.get_config()) == json.loads((FOLDER / "layout.json").read_text())


def test_a_copy_rebuilt_for_batch_one_samples_as_in_keras(recorded: dict[str, np.ndarray]) -> None:
    copy = SCRIPT.rebuild(keras, _trained_model(recorded))
    assert list(copy.get_layer("lstm").states[0].shape) == recorded["state_shape"].tolist()
    np.testing.assert_allclose(SCRIPT.sample(copy), recorded["outputs"], rtol=1e-5, atol=1e-6)


def test_an_edited_build_config_builds_the_layer_for_its_shape() -> None:
    """Each layer is built for its entry's ``build_config`` shape, not the original one."""
    config = SCRIPT.build(keras).get_config()
    config["layers"][0]["config"]["batch_shape"] = [2, 6]
    for entry in config["layers"][1:]:
        entry["build_config"]["input_shape"][0] = 2
    copy = keras.Sequential.from_config(config)
    assert copy.declared_input_shape == (2, 6)
    assert tuple(copy.get_layer("lstm").states[0].shape) == (2, 5)


def test_a_config_in_the_earlier_layout_still_loads(recorded: dict[str, np.ndarray]) -> None:
    """A top-level ``input_shape`` and entries' ``build_input_shape``, as files hold them."""
    model = _trained_model(recorded)
    config = model.get_config()
    input_entry, *entries = config["layers"]
    earlier = {"name": config["name"], "input_shape": input_entry["config"]["batch_shape"], "layers": []}
    for entry in entries:
        entry = dict(entry)
        entry["build_input_shape"] = entry.pop("build_config")["input_shape"]
        earlier["layers"].append(entry)
    twin = keras.Sequential.from_config(earlier)
    twin.set_weights(model.get_weights())
    x = np.array([[3, 7, 1, 9, 4, 2]] * SCRIPT.BATCH)
    assert twin.declared_input_shape == (SCRIPT.BATCH, SCRIPT.STEPS)
    np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))


def test_an_input_entry_without_a_shape_is_refused() -> None:
    config = SCRIPT.build(keras).get_config()
    del config["layers"][0]["config"]["batch_shape"]
    with pytest.raises(ValueError, match="declares no batch_shape"):
        keras.Sequential.from_config(config)
