"""A layer of one's own that defines Keras 3's saving hooks saves and loads as in Keras (recorded
by tools/keras_fixtures/custom_saving_hooks.py): ``save_assets`` / ``load_assets`` files in the
archive's ``assets/layers/<key>`` folder (None handed where the file holds none), a ``build``
taking an extra argument with ``get_build_config`` / ``build_from_config``, and
``super().get_config()`` inside a ``get_config`` of one's own holding only the Keras class's
arguments."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "custom_saving_hooks"
SCRIPT = fixture_script("custom_saving_hooks")
RECORD = json.loads((FIXTURES / "record.json").read_text())
FOUND = SCRIPT.classes(keras)
CUSTOM = {cls.__name__: cls for cls in FOUND.values()}


def test_assets_are_written_where_keras_writes_them(tmp_path: Path) -> None:
    model = SCRIPT.assets_model(keras, FOUND)
    model(np.ones((2, 3), "float32"))
    model.save(tmp_path / "assets.keras")
    assert SCRIPT.archive_record(tmp_path / "assets.keras")["assets_members"] == RECORD["assets_members"]
    archive = zipfile.ZipFile(tmp_path / "assets.keras")
    assert archive.read("assets/layers/with_assets/vocabulary.txt") == b"Mary had a <unk> lamb."


@pytest.mark.parametrize("source", ["ours", "keras"])
def test_assets_are_handed_back_at_load(source: str, tmp_path: Path) -> None:
    path = FIXTURES / "assets.keras"
    if source == "ours":
        model = SCRIPT.assets_model(keras, FOUND)
        model(np.ones((2, 3), "float32"))
        path = tmp_path / "assets.keras"
        model.save(path)
    loaded = keras.models.load_model(path, custom_objects=CUSTOM)
    assert loaded.get_layer("va").vocab == RECORD["vocab_loaded"]
    assert loaded.get_layer("quiet").handed is RECORD["silent_loaded"] is None


def test_an_asset_name_leaving_its_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.keras"
    with zipfile.ZipFile(FIXTURES / "assets.keras") as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("assets/layers/with_assets/../../escape.txt", b"x")
    with pytest.raises(ValueError, match="outside its folder"):
        keras.models.load_model(path, custom_objects=CUSTOM)


def _built_model() -> keras.Sequential:
    model = SCRIPT.build_model(keras, FOUND)
    model(np.asarray(RECORD["x"], "float32"))
    model.set_weights([np.asarray(w, "float32") for w in RECORD["weights"]])
    return model


def test_a_build_with_an_extra_argument_saves_its_build_config(tmp_path: Path) -> None:
    model = _built_model()
    np.testing.assert_allclose(model.predict(np.asarray(RECORD["x"]), verbose=0), RECORD["y"], rtol=1e-6)
    model.save(tmp_path / "build.keras")
    saved = SCRIPT.archive_record(tmp_path / "build.keras")
    assert saved["entries"]["wb"]["build_config"] == RECORD["build_entry"]
    # built by hand without the batch axis, the layer tells the model no input shape: the
    # model's is its first call's, as Keras's
    assert saved["build_input_shape"] == RECORD["build_input_shape"]


@pytest.mark.parametrize("source", ["ours", "keras"])
def test_build_from_config_rebuilds_the_layer_at_load(source: str, tmp_path: Path) -> None:
    path = FIXTURES / "build.keras"
    if source == "ours":
        path = tmp_path / "build.keras"
        _built_model().save(path)
    loaded = keras.models.load_model(path, custom_objects=CUSTOM)
    assert loaded.get_layer("wb").layer_init == RECORD["build_entry"]["layer_init"]
    np.testing.assert_allclose(loaded.predict(np.asarray(RECORD["x"]), verbose=0), RECORD["y"], rtol=1e-6)


# Keys of a layer's config statefulrnn writes otherwise (README, "Where we differ from Keras"):
# Layer's activity_regularizer even when None, and not Keras 3.15's Dense quantization_config.
_WRITTEN_OTHERWISE = {"activity_regularizer", "quantization_config"}


@pytest.mark.parametrize("kind", ["dense", "layer"])
def test_super_get_config_in_an_own_get_config_holds_the_keras_class_arguments(kind: str) -> None:
    got = set(SCRIPT.config_keys(keras, FOUND)[kind]) - _WRITTEN_OTHERWISE
    assert got == set(RECORD["super_config"][kind]) - _WRITTEN_OTHERWISE
    assert "tag" not in got and "factor" not in got
