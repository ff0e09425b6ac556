"""Model files of models compiled with a program's own loss and metric functions: Keras's (made
by tools/keras_fixtures/compile_functions.py) load compiled when ``custom_objects`` holds the
functions, and evaluate as Keras does after loading; ours name the functions as Keras does, so
Keras and statefulrnn load them the same way. Without the functions, the model loads uncompiled
with a warning naming what was missing (a file holds no code)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import backend as K
from statefulrnn.io.keras_config import KerasImportWarning

from ..fixture_scripts import SCRIPTS, fixture_script
from ..keras_python import needs_keras, run_in_keras

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "compile_functions"
SCRIPT = fixture_script("compile_functions")
RECORDED = json.loads((FOLDER / "recorded.json").read_text())
FILES = {"tf_keras": "tf_keras.h5", "keras3": "keras3.keras"}


@pytest.mark.parametrize("maker", sorted(FILES))
def test_keras_files_compile_with_the_programs_functions(maker: str) -> None:
    model = keras.models.load_model(FOLDER / FILES[maker], custom_objects=SCRIPT.functions(K))
    np.testing.assert_allclose(model.evaluate(*SCRIPT.data(), verbose=0), RECORDED[maker], rtol=1e-5)


@pytest.mark.parametrize("maker", sorted(FILES))
def test_without_the_functions_the_model_loads_uncompiled_and_says_which(maker: str) -> None:
    with pytest.warns(
        KerasImportWarning, match=r"loaded uncompiled \(compile's .*'(my_loss|r2_keras)'.* custom_objects"
    ):
        model = keras.models.load_model(FOLDER / FILES[maker])
    with pytest.raises(RuntimeError, match="must be compiled before evaluate"):
        model.evaluate(*SCRIPT.data(), verbose=0)


@pytest.mark.parametrize("suffix", [".keras", ".h5", ".safetensors"])
def test_our_files_name_the_functions_as_keras_does(tmp_path: Path, suffix: str) -> None:
    model = SCRIPT.trained(keras, K)
    path = tmp_path / f"model{suffix}"
    if suffix == ".safetensors":
        model.save(path, include_optimizer=True)
    else:
        model.save(path)
    if suffix == ".keras":
        compiled = json.loads(zipfile.ZipFile(path).read("config.json"))["compile_config"]
        assert compiled["loss"] == {
            "module": "builtins", "class_name": "function", "config": "my_loss", "registered_name": "function"
        }  # fmt: skip
    if suffix == ".h5":
        with h5py.File(path) as h5:
            training = json.loads(h5.attrs["training_config"])
        assert (
            training["loss"] == "my_loss" and training["metrics"][-1] == "r2_keras"
        )  # as tf-keras names them
    loaded = keras.models.load_model(path, custom_objects=SCRIPT.functions(K))
    np.testing.assert_allclose(
        loaded.evaluate(*SCRIPT.data(), verbose=0), model.evaluate(*SCRIPT.data(), verbose=0), rtol=1e-6
    )


def test_a_lambda_has_no_name_to_be_found_by(tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(loss=lambda y_true, y_pred: K.mean(K.square(y_true - y_pred)), optimizer="adam")
    with pytest.raises(ValueError, match=r"which has no name to be found by"):
        model.save(tmp_path / "model.safetensors", include_optimizer=True)


_KERAS_EVALUATES = """
import importlib.util, json, sys, keras
spec = importlib.util.spec_from_file_location("compile_functions", sys.argv[1])
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
model = keras.models.load_model(sys.argv[2], custom_objects=script.functions(keras.ops))
print("EVALUATE", json.dumps([float(v) for v in model.evaluate(*script.data(), verbose=0)]))
"""


@needs_keras
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_compiles_our_files_with_the_programs_functions(tmp_path: Path, suffix: str) -> None:
    model = SCRIPT.trained(keras, K)
    path = tmp_path / f"model{suffix}"
    model.save(path)
    output = run_in_keras(tmp_path, _KERAS_EVALUATES, str(SCRIPTS / "compile_functions.py"), str(path))
    expected = model.evaluate(*SCRIPT.data(), verbose=0)
    np.testing.assert_allclose(json.loads(output.split("EVALUATE")[-1]), expected, rtol=1e-5)
