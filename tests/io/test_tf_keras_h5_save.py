"""A tf-keras program's ``model.save("m.h5")`` writes the file as tf-keras 2.21 writes it.

For every model tf-keras 2.21 saved in the fixtures (``tests/fixtures/keras_files/k2_*.h5``,
``tests/fixtures/keras_reference/keras_models/k2_*.h5``, ``tests/fixtures/tf_keras_optimizer_h5``),
the model is loaded here, saved again under tf-keras's rules, and our ``model_config`` must equal
tf-keras's after `_normalized`, which removes only what legitimately varies:

- the names of the InputLayers a Sequential makes (tf-keras numbers them, ``input_1``,
  ``lstm_a_input``; ours is ``input_layer``) and their dtype (tf-keras keeps ``int32`` for ids;
  ours hands them on as floats, which tf-keras's Embedding casts alike);
- the initializers: our writer leaves out those of recurrent and Dense layers (as its Keras 3
  form does; both Keras's take their defaults, and the weights loaded replace them);
- the ``batch_input_shape`` tf-keras writes into a Sequential's first layer where the program
  declared the input shape there rather than with an ``Input`` (the InputLayer holds it too).

Loading our file back must give the outputs tf-keras computed. That tf-keras itself loads these
files and computes the same was checked by hand in the Keras venv (README: "Saving, loading
and moving models").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from statefulrnn import config
from statefulrnn.io import load_keras
from statefulrnn.io.keras_h5_save import save_keras_h5

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted(
    [
        *(FIXTURES / "keras_files").glob("k2_*.h5"),
        *(FIXTURES / "keras_reference" / "keras_models").glob("k2_*.h5"),
    ]
)
OPTIMIZER_FILES = sorted((FIXTURES / "tf_keras_optimizer_h5").glob("*.h5"))


@pytest.fixture
def tf_keras_rules():
    config.set_keras_rules("tf_keras")
    yield
    config.set_keras_rules("keras3")


def _attrs(path: Path) -> dict[str, Any]:
    with h5py.File(path, "r") as h5:
        return {key: h5.attrs[key] for key in h5.attrs}


def _model_config(path: Path) -> dict[str, Any]:
    return json.loads(_attrs(path)["model_config"])


def _normalized(value: Any) -> Any:
    """A copy of ``value`` (a model_config or part) without what legitimately varies (module
    notes)."""
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: _normalized(item) for key, item in value.items() if not key.endswith("_initializer")}
    if value.get("class_name") == "InputLayer":
        value["config"].pop("dtype")
    if value.get("class_name") == "Sequential":
        first_input, first_layer = value["config"]["layers"][:2]
        first_input["config"].pop("name")
        if first_layer["class_name"] != "Embedding":  # an Embedding writes its own (its input_length)
            first_layer["config"].pop("batch_input_shape", None)
    return value


def _training(path: Path) -> dict[str, Any]:
    """A file's training_config without its optimizer's ``ema_overwrite_frequency``, which
    means nothing without ``use_ema`` (tf-keras's RMSprop writes its default 100 there, the
    others and ours null)."""
    training = json.loads(_attrs(path)["training_config"])
    optimizer = training["optimizer_config"]["config"]
    assert not optimizer["use_ema"]
    optimizer.pop("ema_overwrite_frequency")
    return training


def _text(name: bytes | str) -> str:
    return name.decode() if isinstance(name, bytes) else name


def _inputs(path: Path) -> tuple[Any, dict[str, np.ndarray]]:
    with np.load(path.with_suffix(".npz")) as npz:
        data = {name: npz[name] for name in npz.files}
    return ([data["x_0"], data["x_1"]] if "x_0" in data else data["x"]), data


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_model_config_is_tf_keras_own(path: Path, tmp_path: Path, tf_keras_rules: None) -> None:
    ours = tmp_path / "ours.h5"
    load_keras(path).save(ours)
    assert _normalized(_model_config(ours)) == _normalized(_model_config(path))
    attrs = _attrs(ours)
    assert (attrs["keras_version"], attrs["backend"]) == ("2.21.0", "tensorflow")


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_our_tf_keras_file_gives_tf_keras_outputs(path: Path, tmp_path: Path, tf_keras_rules: None) -> None:
    ours = tmp_path / "ours.h5"
    save_keras_h5(load_keras(path), ours)
    x, data = _inputs(path)
    again = load_keras(ours)
    np.testing.assert_allclose(again(x).detach().numpy(), data["y"], atol=1e-5, rtol=0)


@pytest.mark.parametrize("path", OPTIMIZER_FILES, ids=lambda path: path.stem)
def test_training_state_is_tf_keras_own(path: Path, tmp_path: Path, tf_keras_rules: None) -> None:
    """tf-keras's training_config and its optimizer weights' layout (``iteration:0`` and the
    slots, no learning rate), which it reads by position; training on from our file reaches the
    weights tf-keras reached."""
    ours = tmp_path / "ours.h5"
    load_keras(path).save(ours)
    assert _training(ours) == {**_training(path), "loss": "mean_squared_error"}  # compile's "mse"
    with h5py.File(ours, "r") as written, h5py.File(path, "r") as expected:
        names = [_text(name) for name in written["optimizer_weights"].attrs["weight_names"]]
        shapes = [written["optimizer_weights"][name].shape for name in names]
        expected_names = [_text(name) for name in expected["optimizer_weights"].attrs["weight_names"]]
        assert names[0] == "iteration:0"
        assert shapes == [expected["optimizer_weights"][name].shape for name in expected_names]
    again = load_keras(ours)
    rng = np.random.default_rng(8)  # tools/keras_fixtures/tf_keras_optimizer_h5.py's data
    x, y = rng.normal(size=(8, 5, 3)).astype(np.float32), rng.normal(size=(8, 1)).astype(np.float32)
    for _ in range(2):
        again.train_on_batch(x, y)
    with np.load(path.with_suffix(".npz")) as after:
        for index, weight in enumerate(again.get_weights()):
            np.testing.assert_allclose(weight, after[f"after_{index}"], atol=1e-5, rtol=0)


def test_keras3_rules_keep_keras3_form(tmp_path: Path) -> None:
    ours = tmp_path / "ours.h5"
    load_keras(FILES[0]).save(ours)
    attrs = _attrs(ours)
    assert attrs["keras_version"].startswith("3.") and attrs["backend"] == "torch"
    assert "batch_shape" in json.dumps(_model_config(ours))


def test_keras2_hard_sigmoid_is_written_by_its_keras2_name(tmp_path: Path, tf_keras_rules: None) -> None:
    # tf-keras programs' LSTM(recurrent_activation="hard_sigmoid") (Keras 2's default before
    # 2.3) is Keras 2's function; a tf-keras .h5 names it "hard_sigmoid", which tf-keras and our
    # loader read as that function (a Chinese review classifier's model.save("....h5"))
    from statefulrnn import LSTM, Dense, Input, Sequential, activations

    model = Sequential([Input((3, 2)), LSTM(2, recurrent_activation="hard_sigmoid"), Dense(1)])
    assert model.layers[0].cell.recurrent_activation is activations.hard_sigmoid_keras2
    model.save(tmp_path / "m.h5")
    written = _model_config(tmp_path / "m.h5")["config"]["layers"][1]["config"]
    assert written["recurrent_activation"] == "hard_sigmoid"
    again = load_keras(tmp_path / "m.h5")
    assert again.layers[0].cell.recurrent_activation is activations.hard_sigmoid_keras2
    x = np.random.default_rng(0).normal(size=(2, 3, 2)).astype(np.float32) * 3
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))
    config.set_keras_rules("keras3")  # a Keras 3 file cannot name it: Keras 3 would read its own
    with pytest.raises(ValueError, match="'hard_sigmoid_keras2' has no Keras 3 name"):
        model.save(tmp_path / "m3.h5")
