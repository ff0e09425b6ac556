"""Keras model files in: `load_keras` and `load_keras_weights` against files saved by real Keras.

The fixtures in ``tests/fixtures/keras_reference/keras_models`` were saved by tf-keras 2.21 (``.h5``) and
Keras 3.15 (``.keras``); each ``.npz`` beside them holds what Keras computed. They are read in
place, never copied (except into ``tmp_path`` to damage a copy).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest

from statefulrnn import layers, models
from statefulrnn.io import load_keras, load_keras_weights
from statefulrnn.io.keras_config import KerasImportWarning, build_layer

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "keras_reference" / "keras_models"
FILES = {
    "k2_stateful_stack": "k2_stateful_stack.h5",
    "k2_bidir_functional": "k2_bidir_functional.h5",
    "k3_stateful_gru_rnn": "k3_stateful_gru_rnn.keras",
}
# What each file must come back with: (layer name, stateful, batch size of its states).
STATEFUL = {
    "k2_stateful_stack": [("lstm_a", True, 2), ("gru_b", True, 2)],
    "k2_bidir_functional": [],
    "k3_stateful_gru_rnn": [("gru_a", True, 3), ("rnn_b", True, 3)],
}


def _out(model, x) -> np.ndarray:
    return model(x).detach().numpy()


@pytest.mark.parametrize("name", sorted(FILES))
def test_fixture_reproduces_keras_whole_and_chunked(name: str) -> None:
    model = load_keras(FOLDER / FILES[name])
    data = np.load(FOLDER / f"{name}.npz")
    model.reset_states()
    np.testing.assert_allclose(_out(model, data["x"]), data["y"], atol=1e-5, rtol=0)
    if "chunks" in data:
        model.reset_states()
        start = 0
        for index, length in enumerate(json.loads(str(data["chunks"]))):
            chunk_out = _out(model, data["x"][:, start : start + length])
            np.testing.assert_allclose(chunk_out, data[f"y_chunk_{index}"], atol=1e-5, rtol=0)
            start += length
        assert start == data["x"].shape[1]


@pytest.mark.parametrize("name", sorted(FILES))
def test_stateful_flags_and_batch_sizes_kept(name: str) -> None:
    model = load_keras(FOLDER / FILES[name])
    for layer_name, stateful, batch in STATEFUL[name]:
        layer = model.get_layer(layer_name)
        assert layer.stateful is stateful
        assert all(state.shape[0] == batch for state in layer.states)
    if name == "k2_bidir_functional":
        bidi = model.get_layer("bidi")
        assert bidi.merge_mode == "concat" and not bidi.forward_layer.stateful
        assert model.input_shape == (2, None, 1)


def test_a_tf_keras_file_loads_compiled_as_its_training_config_says() -> None:
    """tf-keras 2.21 names its RMSprop "Custom>RMSprop" in the file and keeps keys Keras 3 has
    no use for (jit_compile, an ema_overwrite_frequency without EMA): compiled all the same,
    with no warning; a file saved uncompiled loads uncompiled."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", KerasImportWarning)
        model = load_keras(FOLDER / "k2_stateful_stack.h5")
    config = model.optimizer.get_config()
    assert type(model.optimizer).__name__ == "RMSprop"
    assert (config["learning_rate"], config["rho"], config["centered"]) == (pytest.approx(1e-3), 0.9, False)
    assert not hasattr(load_keras(FOLDER / "k2_bidir_functional.h5"), "_compile_spec")


def test_loading_needs_neither_tensorflow_nor_keras() -> None:
    # Block both before statefulrnn is imported: an import of either would raise ImportError.
    code = (
        "import sys\n"
        "sys.modules['tensorflow'] = None; sys.modules['keras'] = None; sys.modules['tf_keras'] = None\n"
        "from statefulrnn.io import load_keras\n"
        f"for name in {sorted(FILES.values())!r}:\n"
        f"    load_keras({str(FOLDER)!r} + '/' + name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _k2_file(path: Path, layer_entries: list[dict], class_name: str = "Sequential") -> Path:
    config = {"class_name": class_name, "config": {"name": "m", "layers": layer_entries}}
    with h5py.File(path, "w") as h5:
        h5.attrs["model_config"] = json.dumps(config)
        h5.attrs["keras_version"] = "2.21.0"
        h5.attrs["backend"] = "tensorflow"
        group = h5.create_group("model_weights")
        group.attrs["layer_names"] = np.array([], dtype="S1")
    return path


def _k2_input(shape=(2, None, 1)) -> dict:
    return {"class_name": "InputLayer", "config": {"batch_input_shape": list(shape), "name": "x"}}


def test_lambda_layer_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    payload = f"open({str(marker)!r}, 'w').write('ran')"  # what eval/exec of the "code" would do
    lambda_entry = {
        "class_name": "Lambda",
        "config": {
            "name": "evil",
            "trainable": True,
            "dtype": "float32",
            # tf-keras stores (base64 marshalled bytecode, defaults, closure)
            "function": [
                "4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHIC",
                payload,
                None,
            ],
            "function_type": "lambda",
            "module": "__main__",
            "output_shape": None,
            "output_shape_type": "raw",
            "arguments": {},
        },
    }
    path = _k2_file(tmp_path / "lambda.h5", [_k2_input(), lambda_entry])
    with pytest.raises(ValueError, match=r"'evil' \(Lambda\).*its function is Python bytecode \(a lambda\)"):
        load_keras(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("entry", "feature"),
    [
        ({"class_name": "Conv2D", "config": {"name": "m", "filters": 2}}, "Conv2D"),
        ({"class_name": "TimeDistributed", "config": {"name": "t", "layer": {}}}, "TimeDistributed"),
        ({"class_name": "GRU", "config": {"name": "g", "units": 2, "time_major": True}}, "time_major=True"),
        (
            {"class_name": "GRU", "config": {"name": "g", "units": 2, "dtype": "mixed_int8"}},
            "mixed_int8",
        ),
        ({"class_name": "GRU", "config": {"name": "g", "units": 2, "activation": "mystery"}}, "mystery"),
        ({"class_name": "Dense", "config": {"name": "d", "units": 2, "lora_rank": 4}}, "lora_rank"),
    ],
)
def test_unsupported_features_are_refused_by_name(tmp_path: Path, entry: dict, feature: str) -> None:
    path = _k2_file(tmp_path / "model.h5", [_k2_input(), entry])
    with pytest.raises(ValueError, match=feature) as error:
        load_keras(path)
    assert repr(entry["config"]["name"]) in str(error.value)


def test_a_mixed_policy_is_read_as_written() -> None:
    policy = {"class_name": "Policy", "config": {"name": "mixed_float16"}}  # tf-keras's
    for dtype in ("mixed_float16", policy):
        layer = build_layer({"class_name": "GRU", "config": {"name": "g", "units": 2, "dtype": dtype}})
        assert (layer.compute_dtype, layer.dtype) == ("float16", "float32")


def test_regularizer_is_kept_where_the_layer_takes_it() -> None:
    regularizer = {"class_name": "L2", "config": {"l2": 0.01}}
    entry = {"class_name": "Dense", "config": {"name": "d", "units": 2, "kernel_regularizer": regularizer}}
    with warnings.catch_warnings():
        warnings.simplefilter("error", KerasImportWarning)
        layer = build_layer(entry)
    assert layer.kernel_regularizer.get_config() == {"l2": 0.01}
    # A class that takes no such argument drops it, with a warning (outputs cannot change).
    entry = {"class_name": "Dropout", "config": {"name": "o", "rate": 0.1, "kernel_regularizer": regularizer}}
    with pytest.warns(KerasImportWarning, match="kernel_regularizer is dropped"):
        build_layer(entry)


def test_keras3_custom_registered_class_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(FOLDER / FILES["k3_stateful_gru_rnn"]) as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    config["config"]["layers"][1]["registered_name"] = "MyPackage>FancyGRU"
    path = tmp_path / "custom.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights)
    with pytest.raises(ValueError, match=r"'gru_a'.*custom registered class 'MyPackage>FancyGRU'"):
        load_keras(path)


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("keep", [0.0, 0.3, 0.9])
def test_truncated_files_are_refused_clearly(tmp_path: Path, name: str, keep: float) -> None:
    source = FOLDER / FILES[name]
    damaged = tmp_path / FILES[name]
    shutil.copyfile(source, damaged)
    with open(damaged, "r+b") as file:
        file.truncate(int(source.stat().st_size * keep))
    with pytest.raises(ValueError, match=r"truncated or corrupted|not a readable|neither"):
        load_keras(damaged)


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_keras(tmp_path / "nothing.h5")


def _stack_model(lstm_units: int = 16):
    return models.Sequential(
        [
            layers.Input(batch_shape=(2, None, 3)),
            layers.LSTM(lstm_units, stateful=True, return_sequences=True),
            layers.GRU(8, stateful=True),
            layers.Dense(4, activation="softmax"),
        ]
    )


def test_keras2_weights_only_file_into_a_matching_model(tmp_path: Path) -> None:
    # What tf-keras's save_weights("w.h5") writes: the model_weights group at the root.
    path = tmp_path / "stack.weights.h5"
    with h5py.File(FOLDER / FILES["k2_stateful_stack"], "r") as source, h5py.File(path, "w") as target:
        for key in source["model_weights"]:
            source.copy(source["model_weights"][key], target, name=key)
        for key, value in source["model_weights"].attrs.items():
            target.attrs[key] = value
    model = _stack_model()
    load_keras_weights(model, path)
    data = np.load(FOLDER / "k2_stateful_stack.npz")
    np.testing.assert_allclose(_out(model, data["x"]), data["y"], atol=1e-5, rtol=0)


def test_keras3_weights_file_into_a_matching_model(tmp_path: Path) -> None:
    # A Keras 3 save_weights("m.weights.h5") file is the archive's model.weights.h5.
    path = tmp_path / "m.weights.h5"
    with zipfile.ZipFile(FOLDER / FILES["k3_stateful_gru_rnn"]) as archive:
        path.write_bytes(archive.read("model.weights.h5"))
    model = models.Sequential(
        [
            layers.Input(batch_shape=(3, None, 2)),
            layers.GRU(12, stateful=True, return_sequences=True),
            layers.SimpleRNN(6, stateful=True),
            layers.Dense(2),
        ]
    )
    load_keras_weights(model, path)
    data = np.load(FOLDER / "k3_stateful_gru_rnn.npz")
    np.testing.assert_allclose(_out(model, data["x"]), data["y"], atol=1e-5, rtol=0)


def test_whole_model_file_weights_into_a_matching_model() -> None:
    model = _stack_model()
    load_keras_weights(model, FOLDER / FILES["k2_stateful_stack"])
    data = np.load(FOLDER / "k2_stateful_stack.npz")
    np.testing.assert_allclose(_out(model, data["x"]), data["y"], atol=1e-5, rtol=0)


def test_mismatching_model_is_refused_naming_the_weight_and_keeps_its_weights() -> None:
    model = _stack_model(lstm_units=10)
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"lstm_a/lstm_cell/kernel:0.*\(3, 64\).*\(3, 40\)"):
        load_keras_weights(model, FOLDER / FILES["k2_stateful_stack"])
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_keras3_weights_with_a_missing_layer_are_refused() -> None:
    model = models.Sequential([layers.Input(batch_shape=(3, None, 2)), layers.LSTM(12, stateful=True)])
    with pytest.raises(ValueError, match="no weights for layer"):
        load_keras_weights(model, FOLDER / FILES["k3_stateful_gru_rnn"])


def test_archive_without_weights_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bare.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
    with pytest.raises(ValueError, match=r"no model\.weights\.h5"):
        load_keras(path)
