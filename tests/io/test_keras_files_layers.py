"""Keras model files with the layers beyond the recurrent ones: `load_keras` against real Keras.

The files in ``tests/fixtures/keras_files`` were saved by Keras 3.15 (``k3_*.keras``) and
tf-keras 2.21 (``k2_*.h5``) from the same model code, by ``tools/keras_fixtures/keras_files.py``;
each ``.npz`` beside a file holds the inputs and what Keras computed (see that script):

- ``char``: Embedding(mask_zero) -> stateful LSTM -> TimeDistributed(Dense), padded ids.
- ``cnn_lstm``: Conv1D, BatchNormalization, MaxPooling1D, LSTM, LayerNormalization,
  GlobalAveragePooling1D, Dense.
- ``seq2seq``: two inputs, Bidirectional(LSTM), add, concatenate, RepeatVector, LSTM,
  TimeDistributed(Dense).
- ``regularized``: stateful LSTM and Dense with regularizers and constraints of every kind.
- ``stacked``: Masking, stateful RNN([LSTMCell, GRUCell]), Activation, Dense, the merge layers,
  Dot, Reshape, Flatten.
- ``masked``: functional; Embedding(mask_zero) -> stateful Bidirectional(GRU) ->
  TimeDistributed(Dense), concatenate, stateful LSTM. The Keras 3 file records the propagated
  mask as operation nodes (NotEqual, ..., a ``Concatenate`` op among them), which are skipped.
"""

from __future__ import annotations

import json
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import constraints, layers, regularizers
from statefulrnn.io import load_keras, load_keras_weights, save_keras

from ..keras_python import needs_keras, run_in_keras

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "keras_files"
NAMES = ("char", "cnn_lstm", "seq2seq", "regularized", "stacked", "masked")
FILES = {f"k3_{name}": f"k3_{name}.keras" for name in NAMES}
FILES.update({f"k2_{name}": f"k2_{name}.h5" for name in NAMES})


def _data(key: str) -> tuple[dict[str, np.ndarray], dict]:
    with np.load(FOLDER / f"{key}.npz") as npz:
        data = {name: npz[name] for name in npz.files}
    return data, json.loads(str(data.pop("spec")))


def _inputs(data: dict[str, np.ndarray]) -> np.ndarray | list[np.ndarray]:
    return [data["x_0"], data["x_1"]] if "x_0" in data else data["x"]


def _out(model, x) -> np.ndarray:
    return model(x).detach().numpy()


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("key", sorted(FILES))
def test_file_gives_keras_outputs_whole_and_chunked(key: str, fused: bool) -> None:
    data, spec = _data(key)
    with statefulrnn.use_fused_kernels(fused):
        model = load_keras(FOLDER / FILES[key])
        np.testing.assert_allclose(_out(model, _inputs(data)), data["y"], atol=1e-5, rtol=0)
        if spec["chunks"]:
            model.reset_states()
            start = 0
            for index, length in enumerate(spec["chunks"]):
                chunk = _out(model, data["x"][:, start : start + length])
                np.testing.assert_allclose(chunk, data[f"y_chunk_{index}"], atol=1e-5, rtol=0)
                start += length


@pytest.mark.parametrize("prefix", ["k3", "k2"])
def test_char_model_keeps_its_mask_and_stateful_batch(prefix: str) -> None:
    model = load_keras(FOLDER / FILES[f"{prefix}_char"])
    embed, lstm, head = model.get_layer("embed"), model.get_layer("lstm"), model.get_layer("td")
    assert isinstance(embed, layers.Embedding) and embed.mask_zero
    assert lstm.stateful and lstm.states[0].shape == (2, 6)
    assert isinstance(head, layers.TimeDistributed) and isinstance(head.layer, layers.Dense)


@pytest.mark.parametrize("prefix", ["k3", "k2"])
def test_cnn_lstm_layers_and_moving_statistics(prefix: str) -> None:
    model = load_keras(FOLDER / FILES[f"{prefix}_cnn_lstm"])
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == [
        "Conv1D",
        "BatchNormalization",
        "MaxPooling1D",
        "LSTM",
        "LayerNormalization",
        "GlobalAveragePooling1D",
        "Dense",
    ]
    mean, variance = model.get_layer("bn").get_weights()[2:]
    assert not np.allclose(mean, 0.0) and not np.allclose(variance, 1.0)  # the file's, not fresh ones


@pytest.mark.parametrize("prefix", ["k3", "k2"])
def test_regularizers_and_constraints_are_kept_with_keras_numbers(prefix: str) -> None:
    data, _ = _data(f"{prefix}_regularized")
    model = load_keras(FOLDER / FILES[f"{prefix}_regularized"])
    lstm = model.get_layer("lstm")
    assert isinstance(lstm.activity_regularizer, regularizers.L2)
    assert isinstance(lstm.cell.recurrent_constraint, constraints.UnitNorm)
    # Before any call there is no activity penalty: the weight penalties alone, as Keras's.
    penalty = sum(loss.item() for loss in regularizers.losses(model))
    np.testing.assert_allclose(penalty, data["penalty"], rtol=1e-5)
    constraints.apply_constraints(model)
    for index, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, data[f"constrained_{index}"], atol=1e-6, rtol=0)


@pytest.mark.parametrize("prefix", ["k3", "k2"])
def test_stacked_cells_load_in_stack_order(prefix: str) -> None:
    model = load_keras(FOLDER / FILES[f"{prefix}_stacked"])
    stack = model.get_layer("stack")
    assert isinstance(stack.cell, layers.StackedRNNCells)
    assert [cell.name for cell in stack.cell.cells] == ["c_lstm", "c_gru"]
    assert [tuple(state.shape) for state in stack.states] == [(2, 4), (2, 4), (2, 4)]


@pytest.mark.parametrize("key", ["k3_stacked", "k3_char", "k2_seq2seq", "k3_masked"])
def test_weights_file_into_a_model_with_these_layers(key: str) -> None:
    data, _ = _data(key)
    model = load_keras(FOLDER / FILES[key])
    model.set_weights([np.zeros_like(weight) for weight in model.get_weights()])
    load_keras_weights(model, FOLDER / FILES[key])
    model.reset_states()
    np.testing.assert_allclose(_out(model, _inputs(data)), data["y"], atol=1e-5, rtol=0)


# ----- back out: save_keras --------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(FILES))
def test_saved_again_it_loads_with_the_same_numbers(tmp_path: Path, key: str) -> None:
    data, _ = _data(key)
    model = load_keras(FOLDER / FILES[key])
    save_keras(model, tmp_path / "again.keras")
    twin = load_keras(tmp_path / "again.keras")
    np.testing.assert_allclose(_out(twin, _inputs(data)), data["y"], atol=1e-5, rtol=0)
    described = [(type(layer).__name__, layer.name) for layer in model.layers]
    assert [(type(layer).__name__, layer.name) for layer in twin.layers] == described
    if "regularized" in key:  # regularizers and constraints go out to the file too
        assert twin.get_layer("lstm").get_config() == model.get_layer("lstm").get_config()
        assert twin.get_layer("out").get_config() == model.get_layer("out").get_config()


_KERAS_CHECK = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np, keras
    worst = 0.0
    for archive, data in zip(sys.argv[1::2], sys.argv[2::2]):
        data = np.load(data)
        model = keras.saving.load_model(archive)
        x = [data["x_0"], data["x_1"]] if "x_0" in data else data["x"]
        worst = max(worst, float(np.max(np.abs(np.asarray(model(x, training=False)) - data["y"]))))
    print("MAXDIFF", worst)
    """
)


@needs_keras
def test_keras3_loads_what_save_keras_writes(tmp_path: Path) -> None:
    arguments = []
    for key in sorted(FILES):
        model = load_keras(FOLDER / FILES[key])
        save_keras(model, tmp_path / f"{key}.keras")
        arguments += [str(tmp_path / f"{key}.keras"), str(FOLDER / f"{key}.npz")]
    output = run_in_keras(tmp_path, _KERAS_CHECK, *arguments, timeout=600)
    assert float(output.split("MAXDIFF")[-1]) <= 1e-5


# ----- what is still refused ------------------------------------------------------------------


def _edited_archive(tmp_path: Path, edit) -> Path:
    with zipfile.ZipFile(FOLDER / FILES["k3_stacked"]) as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    edit(config["config"])
    path = tmp_path / "edited.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights)
    return path


def _entry(config: dict, name: str) -> dict:
    return next(entry for entry in config["layers"] if entry["name"] == name)


def test_an_output_of_an_operation_statefulrnn_has_not_is_refused(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        _entry(config, "any")["class_name"] = "Geomspace"  # a class no graph of statefulrnn records
        config["output_layers"] = [["any", 0, 0]]

    with pytest.raises(ValueError, match=r"the model.*the Keras operation Geomspace \('any'\)"):
        load_keras(_edited_archive(tmp_path, edit))


def test_a_mask_from_a_layer_is_refused(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        mask = _entry(config, "stack")["inbound_nodes"][0]["kwargs"]["mask"]
        mask["config"]["keras_history"] = ["mask", 0, 0]

    with pytest.raises(ValueError, match=r"'stack'.*the call argument mask="):
        load_keras(_edited_archive(tmp_path, edit))


def test_a_custom_regularizer_is_refused_by_name(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        custom = {"module": None, "class_name": "Mine", "config": {}, "registered_name": "Pkg>Mine"}
        _entry(config, "proj")["config"]["kernel_regularizer"] = custom

    with pytest.raises(ValueError, match=r"'proj'.*kernel_regularizer is a 'Mine' .*none was handed over"):
        load_keras(_edited_archive(tmp_path, edit))


def test_a_layer_argument_the_layer_refuses_names_the_layer(tmp_path: Path) -> None:
    def edit(config: dict) -> None:
        _entry(config, "cat")["config"]["axis"] = "last"

    with pytest.raises(ValueError, match=r"layer 'cat' \(Concatenate\) from the Keras file.*axis='last'"):
        load_keras(_edited_archive(tmp_path, edit))


@pytest.mark.parametrize(
    ("class_name", "config", "feature"),
    [
        ("RandAugment", {"value_range": [0, 255]}, "the layer class RandAugment"),
        ("Embedding", {"input_dim": 3, "output_dim": 2, "lora_rank": 2}, "lora_rank"),
    ],
)
def test_unsupported_layers_and_options_are_still_refused(
    tmp_path: Path, class_name: str, config: dict, feature: str
) -> None:
    def edit(model_config: dict) -> None:
        entry = _entry(model_config, "act")
        entry["class_name"] = class_name
        entry["config"] = {"name": "act", **config}

    with pytest.raises(ValueError, match=rf"'act'.*{feature}"):
        load_keras(_edited_archive(tmp_path, edit))


def test_dropout_takes_its_noise_shape_and_seed_from_the_file_and_writes_them_back(tmp_path: Path) -> None:
    def edit(model_config: dict) -> None:
        entry = _entry(model_config, "act")
        entry["class_name"] = "Dropout"
        entry["config"] = {"name": "act", "rate": 0.5, "noise_shape": [None, 1, None], "seed": 5}

    model = load_keras(_edited_archive(tmp_path, edit))
    dropout = model.get_layer("act")
    assert (type(dropout), dropout.noise_shape, dropout.seed) == (layers.Dropout, (None, 1, None), 5)
    save_keras(model, tmp_path / "again.keras")
    again = load_keras(tmp_path / "again.keras").get_layer("act")
    assert (again.rate, again.noise_shape, again.seed) == (0.5, (None, 1, None), 5)


def test_loading_runs_without_gradients_leaking_state() -> None:
    # A loaded stateful model starts from zero states, as Keras's does after loading.
    model = load_keras(FOLDER / FILES["k3_regularized"])
    assert all(torch.count_nonzero(state) == 0 for state in model.get_layer("lstm").states)


def test_save_keras_refuses_a_function_as_regularizer(tmp_path: Path) -> None:
    model = statefulrnn.Sequential(
        [layers.Embedding(5, 2, input_shape=(None,)), layers.Dense(2, kernel_regularizer=torch.sum, name="d")]
    )
    with pytest.raises(ValueError, match=r"'d' \(Dense\).*kernel_regularizer is a Python object"):
        save_keras(model, tmp_path / "m.keras")
    assert not (tmp_path / "m.keras").exists()
