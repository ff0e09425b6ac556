"""A program's own objects in and around its layers, as Keras saves and finds them: a class
handed over under a name Keras's own layers have, a custom layer whose config holds no dtype, a
registered activation function, and layers and regularizers inside a custom layer's config.
Keras's files and configs are recorded by tools/keras_fixtures/program_objects.py."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import statefulrnn
from statefulrnn import Dense, Input, Model, layers, load_model, regularizers
from statefulrnn.saving import custom_object_scope

from ..fixture_scripts import SCRIPTS, fixture_script
from ..keras_python import needs_keras, run_in_keras

SCRIPT = fixture_script("program_objects")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "program_objects"
RECORDED = json.loads((FIXTURES / "recorded.json").read_text())
MADE = SCRIPT.classes(statefulrnn)  # registers CustomLayer and custom_fn, as the program does


def _entries(path: Path) -> dict[str, dict]:
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    return {entry["class_name"]: entry for entry in config["config"]["layers"]}


# ----- a class of the program's under a name Keras's layers have -------------------------------


def test_a_tf_keras_h5_file_of_the_programs_attention_loads_it_not_keras_s() -> None:
    model = load_model(FIXTURES / "tf_keras_attention.h5", custom_objects={"Attention": MADE["Attention"]})
    assert type(model.layers[1]) is MADE["Attention"] and model.layers[1].units == 32
    np.testing.assert_allclose(model.predict(SCRIPT.x(), verbose=0), RECORDED["attention_outputs"], atol=1e-5)


def test_our_h5_file_and_layers_deserialize_find_the_programs_attention_first(tmp_path: Path) -> None:
    model = SCRIPT.attention_model(statefulrnn)
    model.save(tmp_path / "m.h5")
    for handed in ({"custom_objects": {"Attention": MADE["Attention"]}}, {}):
        with custom_object_scope({} if handed else {"Attention": MADE["Attention"]}):
            twin = load_model(tmp_path / "m.h5", **handed)
        assert type(twin.layers[1]) is MADE["Attention"] and twin.layers[1].units == 32
        np.testing.assert_array_equal(
            twin.predict(SCRIPT.x(), verbose=0), model.predict(SCRIPT.x(), verbose=0)
        )
    keras2_entry = {"class_name": "Attention", "config": {"name": "a", "units": 7}}
    layer = layers.deserialize(keras2_entry, custom_objects={"Attention": MADE["Attention"]})
    assert type(layer) is MADE["Attention"] and layer.units == 7
    # Keras 3 names its own classes with a null registered_name: those are never replaced.
    keras3_entry = {
        "module": "keras.layers",
        "class_name": "Dense",
        "config": {"units": 2},
        "registered_name": None,
    }
    assert type(layers.deserialize(keras3_entry, custom_objects={"Dense": MADE["Attention"]})) is Dense


class Halved(regularizers.Regularizer):
    """A program's regularizer that a scope hands over under Keras's name ``L2``."""

    def __init__(self, rate: float = 0.5) -> None:
        self.rate = rate

    def __call__(self, weights: object) -> float:
        return 0.0

    def get_config(self) -> dict[str, float]:
        return {"rate": self.rate}


def test_a_regularizer_handed_over_under_a_keras_name_is_the_programs() -> None:
    entry = {"class_name": "L2", "config": {"rate": 0.25}}
    with custom_object_scope({"L2": Halved}):
        assert regularizers.get(entry).rate == 0.25
        layer = layers.deserialize(
            {"class_name": "Dense", "config": {"units": 2, "kernel_regularizer": entry}}
        )
    assert type(layer.kernel_regularizer) is Halved
    assert repr(regularizers.get({"class_name": "L2", "config": {"l2": 0.25}})) == "L2(l2=0.25)"


# ----- a custom layer's config as Keras writes it ----------------------------------------------


def test_a_custom_layer_s_config_is_written_as_its_get_config_returns_it(tmp_path: Path) -> None:
    model = SCRIPT.model(statefulrnn)
    model.save(tmp_path / "m.keras")
    entries = _entries(tmp_path / "m.keras")
    assert entries["CustomLayer"]["config"] == RECORDED["custom_layer_config"]  # no dtype added
    assert entries["CustomLayer"]["registered_name"] == "MyLayers>CustomLayer"
    twin = load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(twin.predict(SCRIPT.x(), verbose=0), model.predict(SCRIPT.x(), verbose=0))


def test_a_keras_file_with_a_custom_layer_and_a_registered_activation_loads() -> None:
    model = load_model(FIXTURES / "keras_made.keras")
    assert type(model.layers[1]) is MADE["CustomLayer"] and model.layers[2].activation is MADE["custom_fn"]
    np.testing.assert_allclose(model.predict(SCRIPT.x(), verbose=0), RECORDED["outputs"], atol=1e-5)


def test_a_registered_activation_is_written_as_keras_writes_it_and_comes_back(tmp_path: Path) -> None:
    model = SCRIPT.model(statefulrnn)
    model.save(tmp_path / "m.keras")
    assert _entries(tmp_path / "m.keras")["Dense"]["config"]["activation"] == RECORDED["activation"]
    model.save(tmp_path / "m.safetensors")  # our own file names it the same way
    for path in ("m.keras", "m.safetensors"):
        assert load_model(tmp_path / path).layers[2].activation is MADE["custom_fn"]


def test_a_lambda_activation_is_still_refused_by_name(tmp_path: Path) -> None:
    """(A function defined with def is written by its name, registered or not, as Keras 3 does:
    tests/layers/test_program_layer_masks.py.)"""
    inputs = Input((SCRIPT.FEATURES,))
    model = Model(inputs, Dense(1, activation=lambda x: x * 3, name="d")(inputs))
    with pytest.raises(ValueError, match=r"layer 'd' \(Dense\).*activation is a Python function.*registered"):
        model.save(tmp_path / "m.keras")
    assert not (tmp_path / "m.keras").exists()


# ----- objects inside a custom layer's config --------------------------------------------------


def test_a_layer_inside_a_custom_layer_s_config_is_serialized_for_its_from_config() -> None:
    config = SCRIPT.wrap_config(statefulrnn)
    inner = config["layers"][1]["config"]["inner"]
    assert {key: inner[key] for key in ("module", "class_name")} == RECORDED["wrap_inner"]
    twin = Model.from_config(config, custom_objects={"Wrap": MADE["Wrap"]})
    assert type(twin.layers[1].inner) is Dense and twin.layers[1].inner.units == 2


def test_a_regularizer_inside_a_custom_layer_s_config_is_serialized_as_keras_s() -> None:
    entry = SCRIPT.my_dense_entry(statefulrnn)
    assert entry["config"]["kernel_regularizer"] == RECORDED["kernel_regularizer"]


class Opaque:
    """Callable, but neither a function nor an object with a config."""

    def __call__(self, weights: object) -> float:
        return 0.0


def test_what_a_custom_layer_s_config_cannot_hold_is_named_for_what_it_is() -> None:
    layer = MADE["MyDense"](2, kernel_regularizer=Opaque(), name="mine")
    with pytest.raises(
        ValueError, match=r"'mine'.*kernel_regularizer=.* is a Opaque, which has no get_config"
    ):
        layers.serialize(layer)
    with pytest.raises(
        ValueError, match=r"kernel_regularizer=.* is a Python function that is not registered"
    ):
        layers.serialize(MADE["MyDense"](2, kernel_regularizer=abs))


_KERAS_LOADS = """
import importlib.util, sys, numpy as np, keras
spec = importlib.util.spec_from_file_location("program_objects", sys.argv[1])
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
script.classes(keras)  # registers CustomLayer and custom_fn, as the program does
model = keras.saving.load_model(sys.argv[2])
print("MAXDIFF", float(np.abs(model.predict(script.x(), verbose=0) - np.load(sys.argv[3])).max()))
"""


@needs_keras
def test_keras_loads_our_file_with_the_custom_layer_and_the_registered_activation(tmp_path: Path) -> None:
    model = SCRIPT.model(statefulrnn)
    model.save(tmp_path / "m.keras")
    np.save(tmp_path / "y.npy", model.predict(SCRIPT.x(), verbose=0))
    script = str(SCRIPTS / "program_objects.py")
    output = run_in_keras(tmp_path, _KERAS_LOADS, script, str(tmp_path / "m.keras"), str(tmp_path / "y.npy"))
    assert float(output.split("MAXDIFF")[-1]) < 1e-5
