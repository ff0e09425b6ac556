"""An optimizer's state in Keras 3 ``.keras`` files: read from Keras's files, written into ours,
so training goes on where it stopped, in Keras or here (``model.save("x.keras")`` then
``load_model`` and ``fit``).

The fixtures (``tools/keras_fixtures/optimizer_files.py``) are Keras files saved after a few
training steps, with the weights Keras reached training on from them."""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn.io import load_keras
from statefulrnn.io.keras_optimizer import optimizer_variables
from tests.fixture_scripts import fixture_script
from tests.keras_python import needs_keras, run_in_keras

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "optimizer_files"
SCRIPT = fixture_script("optimizer_files")
NAMES = list(SCRIPT.OPTIMIZERS)


def _fixture(name: str) -> tuple[Path, dict[str, np.ndarray]]:
    stored = np.load(FIXTURES / f"{name}.npz")
    return FIXTURES / f"{name}.keras", {key: stored[key] for key in stored.files}


def _numbered(arrays: dict[str, np.ndarray], prefix: str) -> list[np.ndarray]:
    count = sum(key.startswith(prefix) for key in arrays)
    return [arrays[f"{prefix}{i}"] for i in range(count)]


# Each id once in the batch: Keras on TensorFlow updates repeated embedding rows otherwise
# (README, "Where we differ from Keras").
IDS = (np.random.default_rng(5).permutation(48) + 1).reshape(8, 6)
IDS[:, 5:] = 0  # padding, masked
TARGETS = np.random.default_rng(6).normal(size=(8, 1)).astype(np.float32)


def _wide_model() -> statefulrnn.Model:
    layers = statefulrnn.layers
    inputs = statefulrnn.Input((6,), dtype="int32")
    h = layers.Embedding(64, 4, mask_zero=True)(inputs)
    h = layers.Bidirectional(layers.GRU(3, return_sequences=True))(h)
    h = layers.LSTM(3)(layers.TimeDistributed(layers.Dense(2))(h))
    frozen = layers.Dense(3, name="frozen")
    model = statefulrnn.Model(inputs, layers.Dense(1)(frozen(h)))
    frozen.trainable = False  # its weights are no trainable variable: no optimizer slots
    model.compile(optimizer=statefulrnn.optimizers.Adam(0.01), loss="mse")
    return model


def test_a_wide_model_s_keras_file_resumes_training_as_if_never_saved(tmp_path: Path) -> None:
    model = _wide_model()
    for _ in range(SCRIPT.STEPS_BEFORE):
        model.train_on_batch(IDS, TARGETS)
    model.save(tmp_path / "wide.keras")
    loaded = statefulrnn.load_model(tmp_path / "wide.keras")
    loaded.train()
    for _ in range(SCRIPT.STEPS_AFTER):
        model.train_on_batch(IDS, TARGETS)
        loaded.train_on_batch(IDS, TARGETS)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def _trained(name: str, steps: int) -> statefulrnn.Model:
    model = SCRIPT.build(statefulrnn, name)
    SCRIPT.train(model, steps)
    return model


@pytest.mark.parametrize("name", NAMES)
def test_a_keras_file_resumes_training_where_keras_does(name: str) -> None:
    path, fixture = _fixture(name)
    model = statefulrnn.load_model(path)
    saved = _numbered(fixture, "saved_")
    # updates made: with gradient_accumulation_steps, one per that many calls (Keras's count)
    assert model.optimizer.iterations == SCRIPT.STEPS_BEFORE // (
        model.optimizer.gradient_accumulation_steps or 1
    )
    for ours, keras in zip(optimizer_variables(model), saved, strict=True):
        np.testing.assert_array_equal(ours, keras)  # read in, and out again, exactly
    model.train()
    SCRIPT.train(model, SCRIPT.STEPS_AFTER)
    for ours, keras in zip(model.get_weights(), _numbered(fixture, "after_"), strict=True):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-5)


def test_the_state_read_is_what_the_fixture_needs() -> None:
    """A fresh optimizer on the same file's weights ends elsewhere: the tests above could fail."""
    path, fixture = _fixture("adam")
    model = statefulrnn.load_model(path)
    model.compile(optimizer=SCRIPT.OPTIMIZERS["adam"](statefulrnn), loss="mse")
    model.train()
    SCRIPT.train(model, SCRIPT.STEPS_AFTER)
    gaps = [np.abs(a - b).max() for a, b in zip(model.get_weights(), _numbered(fixture, "after_"))]
    assert max(gaps) > 1e-3


@pytest.mark.parametrize("file", ["model.keras", "model.h5"], ids=["keras", "legacy h5"])
@pytest.mark.parametrize("name", NAMES)
def test_our_keras_file_resumes_training_as_if_never_saved(name: str, file: str, tmp_path: Path) -> None:
    model = _trained(name, SCRIPT.STEPS_BEFORE)
    model.save(tmp_path / file)
    loaded = statefulrnn.load_model(tmp_path / file)
    loaded.train()
    SCRIPT.train(model, SCRIPT.STEPS_AFTER)
    SCRIPT.train(loaded, SCRIPT.STEPS_AFTER)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_our_file_holds_keras_layout_and_order(tmp_path: Path) -> None:
    """The slots of a GRU are stored in Keras's gate order (z r h), as Keras's own file has them."""
    path, fixture = _fixture("adam")
    model = statefulrnn.load_model(path)
    model.save(tmp_path / "again.keras")
    with zipfile.ZipFile(tmp_path / "again.keras") as archive, archive.open("model.weights.h5") as file:
        with h5py.File(file) as h5:
            group = h5["optimizer/vars"]
            assert group.attrs["name"] == "adam"
            stored = [group[str(i)][()] for i in range(len(group))]
    assert stored[0].dtype == np.int64
    for ours, keras in zip(stored, _numbered(fixture, "saved_"), strict=True):
        np.testing.assert_array_equal(ours, keras)


@needs_keras
def test_keras_resumes_training_from_our_file(tmp_path: Path) -> None:
    names = [
        "adam",
        "nadam",
        "rmsprop_centered",
        "ftrl",
        "adam_ema_accumulate",
        "sgd_loss_scale",
        "lamb",
        "adafactor",
        "adam_schedule",  # last: the weights file below is its model's
    ]
    for name in names:
        model = _trained(name, SCRIPT.STEPS_BEFORE)
        model.save(tmp_path / f"{name}.keras")
        SCRIPT.train(model, SCRIPT.STEPS_AFTER)
        np.savez(tmp_path / f"{name}.npz", *model.get_weights())
    model.save_weights(tmp_path / "adam.weights.h5")  # the last model's, after training on
    functional = _wide_model()  # Embedding (masked), Bidirectional, TimeDistributed, a frozen Dense
    for _ in range(SCRIPT.STEPS_BEFORE):
        functional.train_on_batch(IDS, TARGETS)
    functional.save(tmp_path / "wide.keras")
    for _ in range(SCRIPT.STEPS_AFTER):
        functional.train_on_batch(IDS, TARGETS)
    np.savez(tmp_path / "wide.npz", *functional.get_weights(), ids=IDS, targets=TARGETS)
    script = f"""
import sys, json
import numpy as np
import keras
sys.path.insert(0, {str(SCRIPT.OUT.parents[2] / "tools" / "keras_fixtures")!r})
import optimizer_files as script
gaps = {{}}
for name in {names!r}:
    model = keras.models.load_model(f"{tmp_path}/{{name}}.keras")
    accumulated = model.optimizer.gradient_accumulation_steps or 1
    assert int(model.optimizer.iterations.numpy()) == script.STEPS_BEFORE // accumulated
    script.train(model, script.STEPS_AFTER)
    ours = np.load(f"{tmp_path}/{{name}}.npz")
    gaps[name] = max(float(np.abs(w - ours[f"arr_{{i}}"]).max()) for i, w in enumerate(model.get_weights()))
wide = keras.models.load_model(f"{tmp_path}/wide.keras")
ours = np.load(f"{tmp_path}/wide.npz")
for _ in range(script.STEPS_AFTER):
    wide.train_on_batch(ours["ids"], ours["targets"])
gaps["wide"] = max(float(np.abs(w - ours[f"arr_{{i}}"]).max()) for i, w in enumerate(wide.get_weights()))
twin = script.build(keras, "adam")
twin.load_weights(f"{tmp_path}/adam.weights.h5")
ours = np.load(f"{tmp_path}/adam_schedule.npz")
gaps["weights file"] = max(
    float(np.abs(w - ours[f"arr_{{i}}"]).max()) for i, w in enumerate(twin.get_weights())
)
print(json.dumps(gaps))
"""
    gaps = json.loads(run_in_keras(tmp_path, script).strip().splitlines()[-1])
    assert set(gaps) == {*names, "weights file", "wide"}
    assert max(gaps.values()) < 1e-5, gaps


def test_a_file_of_another_optimizer_size_warns_and_leaves_it_fresh(tmp_path: Path) -> None:
    """Keras skips an optimizer state that does not fit, with a warning; so do we."""
    source = FIXTURES / "adam_amsgrad.keras"  # amsgrad's 32 variables for Adam's 22
    config = json.loads(zipfile.ZipFile(source).read("config.json"))
    config["compile_config"]["optimizer"]["config"]["amsgrad"] = False
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tmp_path / "m.keras", "w") as new:
        for item in old.namelist():
            new.writestr(item, json.dumps(config) if item == "config.json" else old.read(item))
    with pytest.warns(UserWarning, match="32 optimizer variables where Adam on this model keeps 22"):
        model = load_keras(tmp_path / "m.keras")
    assert model.optimizer.iterations == 0 and not model.optimizer.state


def test_a_slot_of_the_wrong_shape_is_refused_by_name(tmp_path: Path) -> None:
    source = FIXTURES / "adam.keras"
    with zipfile.ZipFile(source) as old:
        weights = tmp_path / "w.h5"
        weights.write_bytes(old.read("model.weights.h5"))
        with h5py.File(weights, "a") as h5:
            del h5["optimizer/vars/5"]
            h5["optimizer/vars"].create_dataset("5", data=np.zeros((2, 2), np.float32))
        with zipfile.ZipFile(tmp_path / "m.keras", "w") as new:
            for item in old.namelist():
                new.writestr(item, weights.read_bytes() if item == "model.weights.h5" else old.read(item))
    with pytest.raises(
        ValueError, match=r"optimizer variable 5 \(velocity of .*lstm.*kernel\) has shape \(2, 2\)"
    ):
        load_keras(tmp_path / "m.keras")


def test_save_keras_refuses_states_and_writes_nothing(tmp_path: Path) -> None:
    model = _trained("adam", 1)
    with pytest.raises(ValueError, match="holds no states"):
        model.save(tmp_path / "m.keras", include_states=True)
    assert not list(tmp_path.iterdir())


def test_builtin_schedules_serialize_as_keras_and_save_with_the_optimizer(tmp_path: Path) -> None:
    model = _trained("adam_schedule", 2)
    rate = model.optimizer.get_config()["learning_rate"]
    assert rate["class_name"] == "ExponentialDecay" and rate["module"] == "keras.optimizers.schedules"
    model.save(tmp_path / "m.safetensors", include_optimizer=True)  # refused before: not JSON
    loaded = statefulrnn.load_model(tmp_path / "m.safetensors")
    assert loaded.optimizer.learning_rate == pytest.approx(model.optimizer.learning_rate)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SCRIPT.train(model, 1)
        SCRIPT.train(loaded, 1)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert torch.is_tensor(next(iter(loaded.optimizer.state.values()))["momentum"])


def test_a_learning_rate_changed_in_training_is_kept(tmp_path: Path) -> None:
    """A callback (ReduceLROnPlateau) changes the rate: Keras's file keeps it in its variable."""
    model = _trained("adam", 2)
    model.optimizer.learning_rate = 0.003
    model.save(tmp_path / "m.keras")
    loaded = statefulrnn.load_model(tmp_path / "m.keras")
    assert loaded.optimizer.learning_rate == pytest.approx(0.003, rel=1e-7)


def test_keras_weights_files_hold_the_optimizer_and_load_back(tmp_path: Path) -> None:
    """``save_weights("x.weights.h5")`` writes Keras 3's weights file (HDF5), optimizer included;
    ``load_weights`` into a compiled twin resumes training exactly."""
    model = _trained("nadam", SCRIPT.STEPS_BEFORE)
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5") as h5:
        assert {"layers", "optimizer", "vars"} <= set(h5)
        assert int(h5["optimizer/vars/0"][()]) == SCRIPT.STEPS_BEFORE
    twin = SCRIPT.build(statefulrnn, "nadam")
    twin.load_weights(tmp_path / "m.weights.h5")
    SCRIPT.train(model, SCRIPT.STEPS_AFTER)
    SCRIPT.train(twin, SCRIPT.STEPS_AFTER)
    for a, b in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_refused_optimizer_state_leaves_the_weights_as_they_were(tmp_path: Path) -> None:
    model = _trained("adam", SCRIPT.STEPS_BEFORE)
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5", "a") as h5:
        del h5["optimizer/vars/0"]
        h5["optimizer/vars"].create_dataset("0", data=np.int64(-4))
    twin = SCRIPT.build(statefulrnn, "adam")
    before = twin.get_weights()
    with pytest.raises(ValueError, match="step count is -4"):
        twin.load_weights(tmp_path / "m.weights.h5")
    for a, b in zip(before, twin.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert twin.optimizer.iterations == 0 and not twin.optimizer.state


def test_a_model_keras_cannot_rebuild_is_refused_with_the_way_out(tmp_path: Path) -> None:
    model = statefulrnn.Sequential([statefulrnn.layers.Input((None, 3)), statefulrnn.layers.MinGRU(4)])
    with pytest.raises(ValueError, match=r"MinGRU.*'model.safetensors'"):
        model.save(tmp_path / "m.keras")
    assert not list(tmp_path.iterdir())
    model.save(tmp_path / "m.safetensors")
    assert type(statefulrnn.load_model(tmp_path / "m.safetensors").layers[-1]).__name__ == "MinGRU"


def test_adafactor_refuses_a_factored_state_keras_has_no_form_for(tmp_path: Path) -> None:
    """Recurrent kernels are kept transposed and a GRU's bias as two rows, so their row and
    column averages are not Keras's: refused by name, nothing written."""
    model = SCRIPT.build(statefulrnn, "adam")
    model.compile(optimizer=statefulrnn.optimizers.Adafactor(), loss="mse")
    SCRIPT.train(model, 1)
    with pytest.raises(
        ValueError, match=r"Adafactor: the weight \S*lstm_cell/kernel of shape \(3, 16\) is kept here"
    ):
        model.save(tmp_path / "model.keras")
    assert not (tmp_path / "model.keras").exists()


TF_KERAS_H5 = fixture_script("tf_keras_optimizer_h5")


@pytest.mark.parametrize("name", sorted(TF_KERAS_H5.OPTIMIZERS))
def test_a_tf_keras_h5_file_resumes_training_where_tf_keras_does(name: str) -> None:
    # tf-keras 2.11+ keeps Keras 3's optimizer variables but the learning rate, which its
    # training_config gives: Adam's moments went unread before, and training after load drifted
    folder = FIXTURES.parent / "tf_keras_optimizer_h5"
    model = load_keras(folder / f"{name}.h5")
    TF_KERAS_H5.train(model, TF_KERAS_H5.STEPS_AFTER)
    expected = np.load(folder / f"{name}.npz")
    for index, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, expected[f"after_{index}"], rtol=1e-5, atol=1e-6)
