"""Keras files of models that hold models as layers (`tools/keras_fixtures/nested_models.py`):
Keras 3's ``.keras`` / ``.weights.h5`` and tf-keras's ``.h5`` load here and predict as Keras
did; statefulrnn's own files of the same models have Keras's layout and load back."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

import statefulrnn
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "nested_models"
script = fixture_script("nested_models")


def _recorded(prefix: str, name: str) -> tuple[Any, np.ndarray]:
    data = np.load(FIXTURES / f"{prefix}_{name}.npz")
    x = [data[f"x_{i}"] for i in range(sum(key.startswith("x_") for key in data.files))]
    return (x if len(x) > 1 else x[0]), data["y"]


def _predict(model: Any, x: Any) -> np.ndarray:
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("name", script.NAMES)
@pytest.mark.parametrize("file", ["k3_{}.keras", "k2_{}.h5"])
def test_keras_model_files_load_and_predict_as_keras(name: str, file: str) -> None:
    model = statefulrnn.models.load_model(FIXTURES / file.format(name))
    x, y = _recorded(file[:2], name)
    np.testing.assert_allclose(_predict(model, x), y, atol=1e-5, rtol=0)
    nested = [
        type(layer).__name__ for layer in model.layers if isinstance(layer, statefulrnn.models.Sequential)
    ]
    assert nested or name == "han"  # a nested model is rebuilt as a model, not a program's class


@pytest.mark.parametrize("name", script.NAMES)
@pytest.mark.parametrize("file", ["k3_{}.weights.h5", "k3_{}.keras", "k2_{}.h5"])
def test_keras_weights_load_into_the_same_architecture(name: str, file: str) -> None:
    model = script.build(statefulrnn, name)
    model.load_weights(FIXTURES / file.format(name))
    x, y = _recorded(file[:2], name)
    np.testing.assert_allclose(_predict(model, x), y, atol=1e-5, rtol=0)


def _keras3_model(name: str) -> Any:
    model = script.build(statefulrnn, name)
    model.load_weights(FIXTURES / f"k3_{name}.weights.h5")
    return model


def _datasets(h5: h5py.File) -> dict[str, Any]:
    """Each dataset's path and shape, and each ``vars`` group's layer name."""
    found: dict[str, Any] = {}

    def visit(path: str, item: Any) -> None:
        if isinstance(item, h5py.Dataset):
            found[path] = item.shape
        elif path.endswith("vars"):
            found[path] = item.attrs.get("name")

    h5.visititems(visit)
    return found


def _classes(entry: Any) -> Any:
    """The class names of a config, nested as the config nests them."""
    if isinstance(entry, dict):
        inner = {key: _classes(value) for key, value in entry.items() if key in ("config", "layers", "layer")}
        return {"class_name": entry.get("class_name"), **{k: v for k, v in inner.items() if v}}
    if isinstance(entry, list):
        return [_classes(item) for item in entry]
    return None


@pytest.mark.parametrize("name", script.NAMES)
def test_keras_archive_has_keras_layout_and_loads_back(name: str, tmp_path: Path) -> None:
    model = _keras3_model(name)
    model.save(tmp_path / "m.keras")
    model.save_weights(tmp_path / "m.weights.h5")
    with (
        zipfile.ZipFile(tmp_path / "m.keras") as ours,
        zipfile.ZipFile(FIXTURES / f"k3_{name}.keras") as theirs,
    ):
        assert _classes(json.loads(ours.read("config.json"))) == _classes(
            json.loads(theirs.read("config.json"))
        )
        with h5py.File(io.BytesIO(ours.read("model.weights.h5"))) as mine:
            with h5py.File(FIXTURES / f"k3_{name}.weights.h5") as keras_weights:
                assert _datasets(mine) == _datasets(keras_weights)
    with (
        h5py.File(tmp_path / "m.weights.h5") as mine,
        h5py.File(FIXTURES / f"k3_{name}.weights.h5") as keras_weights,
    ):
        assert _datasets(mine) == _datasets(keras_weights)
    x, y = _recorded("k3", name)
    fresh = script.build(statefulrnn, name)
    fresh.load_weights(tmp_path / "m.weights.h5")
    for again in (statefulrnn.models.load_model(tmp_path / "m.keras"), fresh):
        np.testing.assert_allclose(_predict(again, x), y, atol=1e-5, rtol=0)


def _h5_layers(group: h5py.Group) -> list[tuple[str, list[tuple[str, tuple[int, ...]]]]]:
    """``(layer name, [(weight name without tf-keras's ':0', shape), ...])`` in file order."""
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs["layer_names"]]
    layers = []
    for layer in names:
        weights = [w.decode() if isinstance(w, bytes) else str(w) for w in group[layer].attrs["weight_names"]]
        layers.append((layer, [(w.removesuffix(":0"), group[layer][w].shape) for w in weights]))
    return layers


@pytest.mark.parametrize("name", script.NAMES)
def test_h5_file_has_tf_keras_layers_and_shapes_and_loads_back(name: str, tmp_path: Path) -> None:
    model = statefulrnn.models.load_model(FIXTURES / f"k2_{name}.h5")
    model.save(tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5") as mine, h5py.File(FIXTURES / f"k2_{name}.h5") as theirs:
        ours, keras = _h5_layers(mine["model_weights"]), _h5_layers(theirs["model_weights"])
        assert [layer for layer, _ in ours] == [layer for layer, _ in keras]
        for (_, our_weights), (_, keras_weights) in zip(ours, keras):
            assert [shape for _, shape in our_weights] == [shape for _, shape in keras_weights]
            # Keras 3 writes a weight's path (model scope included), tf-keras the path in its layer
            assert all(path.endswith(short) for (path, _), (short, _) in zip(our_weights, keras_weights))
        config = json.loads(mine.attrs["model_config"])
        assert _classes(config) == _classes(json.loads(theirs.attrs["model_config"]))
    x, y = _recorded("k2", name)
    np.testing.assert_allclose(
        _predict(statefulrnn.models.load_model(tmp_path / "m.h5"), x), y, atol=1e-5, rtol=0
    )
