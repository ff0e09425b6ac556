"""Model files written before layer configs held every argument still load and compute the same.

The files in ``tests/fixtures/model_files_v1`` were written by statefulrnn at commit 5657136
(format version 1, configs holding only the arguments given, sublayers nested as
``{"__layer__": ...}``), with ``expected.npz`` holding what those models computed then. They
are never regenerated: they stand for the files users already have.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors import safe_open

from statefulrnn import load_model
from statefulrnn.layers.bidirectional import StatefulBidirectionalWarning

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "model_files_v1"


def _load(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        return load_model(FOLDER / f"{name}.safetensors")


@pytest.fixture(scope="module")
def expected() -> dict[str, np.ndarray]:
    with np.load(FOLDER / "expected.npz") as data:
        return {key: data[key] for key in data.files}


def test_the_fixtures_are_in_the_old_format() -> None:
    with safe_open(str(FOLDER / "bidir_stack.safetensors"), framework="numpy") as file:
        text = file.metadata()["model"]
    assert '"__layer__"' in text and "kernel_initializer" not in text


def test_stateful_stack_with_its_states(expected: dict[str, np.ndarray]) -> None:
    model = _load("stateful_stack")
    assert model.layers[0].get_config()["kernel_initializer"]["class_name"] == "HeUniform"
    np.testing.assert_allclose(model(expected["x"]).detach().numpy(), expected["stateful"], rtol=0, atol=1e-6)


def test_bidirectional_and_rnn_of_a_cell(expected: dict[str, np.ndarray]) -> None:
    model = _load("bidir_stack")
    np.testing.assert_allclose(model(expected["x"]).detach().numpy(), expected["stack"], rtol=0, atol=1e-6)


def test_functional_with_shared_layer_and_initial_state(expected: dict[str, np.ndarray]) -> None:
    model = _load("functional")
    outputs = model([torch.from_numpy(expected["x"]), torch.from_numpy(expected["x2"])])
    for index, output in enumerate(outputs):
        np.testing.assert_allclose(
            output.detach().numpy(), expected[f"functional_{index}"], rtol=0, atol=1e-6
        )


@pytest.mark.parametrize("name", ["stateful_stack", "bidir_stack", "functional"])
def test_resaved_in_the_new_format_loads_the_same(
    name: str, expected: dict[str, np.ndarray], tmp_path: Path
) -> None:
    model = _load(name)
    model.save(tmp_path / "again.safetensors", include_states=True)
    with safe_open(str(tmp_path / "again.safetensors"), framework="numpy") as file:
        assert '"__layer__"' not in file.metadata()["model"]
    twin = _load_path(tmp_path / "again.safetensors")
    x = (
        [torch.from_numpy(expected["x"]), torch.from_numpy(expected["x2"])]
        if name == "functional"
        else expected["x"]
    )
    a, b = model(x), twin(x)
    for left, right in zip(a if isinstance(a, list) else [a], b if isinstance(b, list) else [b]):
        torch.testing.assert_close(right, left, rtol=0, atol=0)
    assert json.dumps(twin.get_config()) == json.dumps(model.get_config())


def _load_path(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        return load_model(path)


def test_a_file_naming_a_class_by_its_python_module_is_refused(tmp_path: Path) -> None:
    from statefulrnn import RNN, Sequential, SimpleRNNCell
    from statefulrnn.io.config import deserialize_layer, serialize_layer
    from statefulrnn.saving import custom_object_scope

    entry = serialize_layer(Sequential([RNN(SimpleRNNCell(2), input_shape=(None, 3), name="r")]))
    cell = entry["config"]["layers"][1]["config"]["cell"]  # after the InputLayer entry
    cell.update(module="os", class_name="system", registered_name="system")
    with pytest.raises(
        ValueError,
        match=r"RNN 'r' cannot be rebuilt: Layer '\w+' is a 'system' \(module 'os'\).*never imports",
    ):
        deserialize_layer(entry)
    with custom_object_scope({"system": print}):  # handed over, it still must be a Layer class
        with pytest.raises(ValueError, match="handed over for 'system' is <built-in function print>"):
            deserialize_layer(entry)
