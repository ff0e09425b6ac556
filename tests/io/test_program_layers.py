"""Layers of the program's own (Keras-style `Layer` subclasses, custom cells) in model configs and
files: saved by name and config, rebuilt only from classes the loading program hands over."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import GRU, LSTM, RNN, Dense, Input, Model, Sequential, load_model, ops
from statefulrnn.io.config import deserialize_layer, serialize_layer
from statefulrnn.layers import Layer
from statefulrnn.models import clone_model, model_from_json
from statefulrnn.saving import custom_object_scope, register_keras_serializable

from ..fixture_scripts import SCRIPTS, fixture_script
from ..keras_python import needs_keras, run_in_keras

N, T, F = 2, 5, 3
SCRIPT = fixture_script("program_layers")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "program_layers"


class Scale(Layer):
    """A weight made in build, a constructor argument kept by get_config."""

    def __init__(self, factor: float = 2.0, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape: tuple[int, ...]) -> None:
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="random_normal", name="w")

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.factor * self.w

    def get_config(self) -> dict[str, object]:
        return {**super().get_config(), "factor": self.factor}


class MinimalRNNCell(Layer):
    """keras.io's "Working with RNNs" cell."""

    def __init__(self, units: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape: tuple[int, ...]) -> None:
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer="uniform", name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer="uniform", name="recurrent_kernel"
        )

    def call(self, inputs: torch.Tensor, states: list[torch.Tensor]) -> tuple[torch.Tensor, list]:
        output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
        return output, [output]

    def get_config(self) -> dict[str, object]:
        return {**super().get_config(), "units": self.units}


@register_keras_serializable(package="program_layers_test")
class Offset(Layer):
    """Registered: found by its registered name without custom_objects."""

    def __init__(self, offset: float, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.offset = offset

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.offset


class GRUWithNote(GRU):
    """A program's subclass of a built-in layer: a file must not load it as the built-in."""


def _model() -> Model:
    inputs = Input((T, F), batch_size=N)
    x = RNN(MinimalRNNCell(4), stateful=True, return_sequences=True)(inputs)
    x = LSTM(3, stateful=True)(x)
    return Model(inputs, Offset(0.5)(Scale(3.0)(Dense(2)(x))))


_HANDED = {"Scale": Scale, "MinimalRNNCell": MinimalRNNCell}


def _x(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(N, T, F)).astype(np.float32)


def test_a_model_file_keeps_the_programs_layers_weights_and_states(tmp_path: Path) -> None:
    model = _model()
    model.predict(_x(0), verbose=0)  # states no longer zero
    model.save(tmp_path / "m.safetensors", include_states=True)
    twin = load_model(tmp_path / "m.safetensors", custom_objects=_HANDED)
    assert [type(layer).__name__ for layer in twin.layers][1:] == ["RNN", "LSTM", "Dense", "Scale", "Offset"]
    assert twin.get_layer(index=4).factor == 3.0 and twin.get_layer(index=5).offset == 0.5
    for saved, loaded in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(saved, loaded)
    # The states came back too: the next chunk gives the same numbers.
    np.testing.assert_array_equal(model.predict(_x(1), verbose=0), twin.predict(_x(1), verbose=0))


def test_the_file_names_a_registered_class_by_its_registered_name(tmp_path: Path) -> None:
    model = Sequential([Input((F,)), Offset(1.5, name="shift")])
    entry = serialize_layer(model)["config"]["layers"][1]  # after the InputLayer entry
    assert (entry["class_name"], entry["registered_name"]) == ("Offset", "program_layers_test>Offset")
    model.save(tmp_path / "m.safetensors")
    twin = load_model(tmp_path / "m.safetensors")  # registered: no custom_objects needed
    np.testing.assert_allclose(twin.predict(np.zeros((1, F)), verbose=0), np.full((1, F), 1.5))


def test_a_class_handed_over_by_a_scope(tmp_path: Path) -> None:
    model = Sequential([Input((F,)), Scale(4.0)])
    model.save(tmp_path / "m.safetensors")
    with custom_object_scope({"Scale": Scale}):
        twin = load_model(tmp_path / "m.safetensors")
    x = np.ones((N, F), np.float32)
    np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))


def test_a_class_not_handed_over_is_refused_by_name_and_its_module_never_imported() -> None:
    entry = serialize_layer(Scale(2.0, name="mine"))
    entry["module"] = "statefulrnn_test_never_imported"
    with pytest.raises(ValueError, match=r"Layer 'mine' is a 'Scale'.*custom_objects=\{'Scale': Scale\}"):
        deserialize_layer(entry)
    with custom_object_scope({"Scale": Scale}):
        assert type(deserialize_layer(entry)) is Scale
    assert "statefulrnn_test_never_imported" not in sys.modules


def test_a_cell_of_the_programs_own_inside_a_layer_is_refused_by_name_too(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path / "m.safetensors")
    with pytest.raises(ValueError, match=r"'MinimalRNNCell'.*none was handed over"):
        load_model(tmp_path / "m.safetensors", custom_objects={"Scale": Scale})


def test_what_is_handed_over_must_be_a_layer_class(tmp_path: Path) -> None:
    Sequential([Input((F,)), Scale(2.0)]).save(tmp_path / "m.safetensors")
    with pytest.raises(ValueError, match=r"handed over for 'Scale' is .*not a Layer class"):
        load_model(tmp_path / "m.safetensors", custom_objects={"Scale": abs})


def test_a_subclass_of_a_builtin_layer_is_not_loaded_as_the_builtin(tmp_path: Path) -> None:
    model = Sequential([GRUWithNote(2, input_shape=(T, F), name="g")])
    model.save(tmp_path / "m.safetensors")
    with pytest.raises(ValueError, match=r"'GRUWithNote'.*none was handed over"):
        load_model(tmp_path / "m.safetensors")
    twin = load_model(tmp_path / "m.safetensors", custom_objects={"GRUWithNote": GRUWithNote})
    assert type(twin.layers[0]) is GRUWithNote
    np.testing.assert_array_equal(twin.predict(_x(0), verbose=0), model.predict(_x(0), verbose=0))


def test_from_config_and_model_from_json_take_custom_objects_and_clone_model_needs_none() -> None:
    model = _model()
    config = model.get_config()
    with pytest.raises(ValueError, match="'MinimalRNNCell'"):
        Model.from_config(config)
    rebuilt = Model.from_config(config, custom_objects=_HANDED)
    cloned = clone_model(model)  # the classes are in the model itself
    from_json = model_from_json(
        model.to_json(), custom_objects={**_HANDED}
    )  # Keras's JSON (Offset registered)
    for twin in (rebuilt, cloned, from_json):
        assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
        assert twin.count_params() == model.count_params()
        twin.set_weights(model.get_weights())
        np.testing.assert_allclose(twin.predict(_x(2), verbose=0), model.predict(_x(2), verbose=0), atol=1e-6)
        model.reset_states()
    sequential = Sequential([Input((F,)), Scale(5.0)])
    assert Sequential.from_config(sequential.get_config(), custom_objects=_HANDED).layers[0].factor == 5.0


# ----- Keras 3 files ----------------------------------------------------------------------------


def test_a_keras_file_with_the_programs_layers_loads_given_its_classes() -> None:
    made = SCRIPT.classes(statefulrnn)  # registers the cell, as the program does; Scale is not
    recorded = json.loads((FIXTURES / "recorded.json").read_text())
    with pytest.raises(ValueError, match=r"layer 'scale'.*'Scale'.*none was handed over"):
        load_model(FIXTURES / "keras_made.keras")
    model = load_model(FIXTURES / "keras_made.keras", custom_objects={"Scale": made["Scale"]})
    assert type(model.layers[1].cell) is made["MinimalRNNCell"] and type(model.layers[3]) is made["Scale"]
    for x, expected in zip(SCRIPT.chunks(), recorded["outputs"]):  # Keras's numbers, states carried
        np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=1e-5, rtol=0)


def test_a_keras_file_keeps_a_programs_layer_s_sublayers_by_attribute_name() -> None:
    # The attention layer holds query_weights, key_weights (the same shapes) and score: Keras's file
    # lists them by name, the layer's weights come in the order it assigned them.
    made = SCRIPT.classes(statefulrnn)
    recorded = json.loads((FIXTURES / "recorded.json").read_text())
    model = load_model(FIXTURES / "attention_made.keras", custom_objects={"Attention": made["Attention"]})
    for x, expected in zip(SCRIPT.chunks(), recorded["attention_outputs"]):
        np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=1e-5, rtol=0)
    fresh = SCRIPT.attention_model(statefulrnn)
    fresh.load_weights(FIXTURES / "attention_made.keras")  # the weights alone, into a model built in code
    for x, expected in zip(SCRIPT.chunks(), recorded["attention_outputs"]):
        np.testing.assert_allclose(fresh.predict(x, verbose=0), expected, atol=1e-5, rtol=0)


def test_a_tf_keras_h5_file_with_the_programs_layer_loads_given_its_class() -> None:
    made = SCRIPT.classes(statefulrnn)
    recorded = json.loads((FIXTURES / "recorded.json").read_text())
    with pytest.raises(ValueError, match=r"'Scale' \(module None\).*none was handed over"):
        load_model(FIXTURES / "tf_keras_made.h5")  # Keras 2 names the class alone
    model = load_model(FIXTURES / "tf_keras_made.h5", custom_objects={"Scale": made["Scale"]})
    assert type(model.layers[1]) is made["Scale"] and model.layers[1].factor == 3.0
    for x, expected in zip(SCRIPT.chunks(), recorded["tf_keras_outputs"]):
        np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=1e-5, rtol=0)


def test_our_keras_file_of_the_programs_layers_is_written_as_keras_writes_it(tmp_path: Path) -> None:
    made = SCRIPT.classes(statefulrnn)
    model = SCRIPT.model(statefulrnn)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        config = json.loads(archive.read("config.json"))
        with h5py.File(archive.open("model.weights.h5")) as h5:
            groups = sorted(name for name in _names(h5) if "/vars/" in name)
    rnn, scale = config["config"]["layers"][1], config["config"]["layers"][3]
    cell = rnn["config"]["cell"]
    assert (cell["module"], cell["class_name"], cell["registered_name"]) == (
        None, "MinimalRNNCell", "program_layers>MinimalRNNCell"
    )  # fmt: skip
    assert cell["config"]["units"] == 4
    assert (scale["module"], scale["registered_name"], scale["config"]["factor"]) == (None, "Scale", 3.0)
    assert scale["build_config"] == {"input_shape": [N, T, 2]}
    assert scale["config"]["dtype"]["class_name"] == "DTypePolicy"
    assert groups == [
        "layers/dense/vars/0", "layers/dense/vars/1", "layers/rnn/cell/vars/0", "layers/rnn/cell/vars/1",
        "layers/scale/vars/0",
    ]  # fmt: skip
    twin = load_model(tmp_path / "m.keras", custom_objects={"Scale": made["Scale"]})
    for x in SCRIPT.chunks():
        np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))
    attending = SCRIPT.attention_model(statefulrnn)
    attending.save(tmp_path / "a.keras")
    with zipfile.ZipFile(tmp_path / "a.keras") as archive, h5py.File(archive.open("model.weights.h5")) as h5:
        held = sorted(
            name for name in _names(h5) if name.startswith("layers/attention/") and "/vars/" in name
        )
    assert held == [
        f"layers/attention/{attribute}/vars/{index}"
        for attribute in ("key_weights", "query_weights", "score") for index in (0, 1)
    ]  # fmt: skip
    twin = load_model(tmp_path / "a.keras", custom_objects={"Attention": made["Attention"]})
    for x in SCRIPT.chunks():
        np.testing.assert_array_equal(twin.predict(x, verbose=0), attending.predict(x, verbose=0))


def _names(h5: h5py.File) -> list[str]:
    names: list[str] = []
    h5.visit(names.append)
    return names


class Projected(Layer):
    """A layer holding a torch module with weights, which no Keras file can hold."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.projection = torch.nn.Linear(F, 2)

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return self.projection(x)


def test_a_programs_layer_holding_a_torch_module_with_weights_is_kept_by_our_file_alone(
    tmp_path: Path,
) -> None:
    model = Sequential([Input((F,)), Projected(name="p")])
    with pytest.raises(
        ValueError, match=r"layer 'p' \(Projected\).*torch modules with weights \(projection\)"
    ):
        model.save(tmp_path / "m.keras")
    assert os.listdir(tmp_path) == []
    model.save(tmp_path / "m.safetensors")
    twin = load_model(tmp_path / "m.safetensors", custom_objects={"Projected": Projected})
    x = np.ones((N, F), np.float32)
    np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))


_KERAS_LOADS = """
import importlib.util, sys, numpy as np, keras
spec = importlib.util.spec_from_file_location("program_layers", sys.argv[1])
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
made = script.classes(keras)
objects = {"Scale": made["Scale"], "Attention": made["Attention"]}
model = keras.saving.load_model(sys.argv[2], custom_objects=objects)
data = np.load(sys.argv[3])
errors = [np.abs(model.predict(data[f"x{i}"], verbose=0) - data[f"y{i}"]).max() for i in range(2)]
print("MAXDIFF", float(max(errors)))
"""


@needs_keras
@pytest.mark.parametrize("builder", ["model", "attention_model"])
def test_keras_loads_our_file_of_the_programs_layers_with_the_same_numbers(
    tmp_path: Path, builder: str
) -> None:
    SCRIPT.classes(statefulrnn)
    model = getattr(SCRIPT, builder)(statefulrnn)
    model.save(tmp_path / "m.keras")
    arrays = {}
    for index, x in enumerate(SCRIPT.chunks()):
        arrays |= {f"x{index}": x, f"y{index}": model.predict(x, verbose=0)}
    np.savez(tmp_path / "data.npz", **arrays)
    script = str(SCRIPTS / "program_layers.py")
    output = run_in_keras(
        tmp_path, _KERAS_LOADS, script, str(tmp_path / "m.keras"), str(tmp_path / "data.npz")
    )
    assert float(output.split("MAXDIFF")[-1]) < 1e-5


def test_a_keras_class_we_lack_is_still_refused_as_keras_s_not_asked_of_the_program() -> None:
    from statefulrnn.io.keras_config import build_layer

    lacked = {"module": "keras.layers", "class_name": "Solarization", "config": {"name": "inner"}}
    with pytest.raises(ValueError, match="the layer class Solarization is not supported"):
        build_layer(lacked)
    # A nested Functional names itself too (registered_name): Keras's model, rebuilt as ours
    # from its config (here one without layers, which is malformed).
    nested = {
        "module": "keras",
        "class_name": "Functional",
        "config": {"name": "inner"},
        "registered_name": "Functional",
    }
    with pytest.raises(ValueError, match="the model has no 'layers' list"):
        build_layer(nested)


class _Listed(Layer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.items = [torch.nn.Linear(F, 2)]

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return self.items[0](x)


class _Nesting(Layer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.inner = Projected()

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x)


@pytest.mark.parametrize(("layer", "path"), [(_Listed, "items/linear"), (_Nesting, "inner/projection")])
def test_a_torch_module_in_a_list_or_in_a_held_program_layer_is_refused_too(
    layer: type, path: str, tmp_path: Path
) -> None:
    model = Sequential([Input((F,)), layer(name="outer")])
    with pytest.raises(ValueError, match=rf"layer 'outer'.*torch modules with weights \({path}\)"):
        model.save(tmp_path / "m.keras")
    assert os.listdir(tmp_path) == []


class _ReadsItsWeights(Layer):
    """A layer whose build() reads weight values (keras-multi-head's MultiHead does, for its
    regularizer): a Keras file's architecture, built without memory first to check its sizes,
    cannot build it, so it is built for real under the file's budget (see
    tests/io/test_value_reading_builds.py)."""

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 1), initializer="ones")
        self.total = float(self.get_weights()[0].sum())

    def call(self, x):
        return x @ self.kernel


def test_a_layer_whose_build_reads_values_is_loaded_built_for_real(tmp_path: Path) -> None:
    model = Sequential([Input((3,)), _ReadsItsWeights(name="reads")])
    model.layers[0].kernel.assign(np.full((3, 1), 2.0, np.float32))
    model.save(tmp_path / "reads.h5")
    loaded = load_model(tmp_path / "reads.h5", custom_objects={"_ReadsItsWeights": _ReadsItsWeights})
    assert loaded.layers[0].total == 3.0  # its build() read the initializer's ones
    np.testing.assert_array_equal(loaded.get_weights()[0], np.full((3, 1), 2.0, np.float32))
