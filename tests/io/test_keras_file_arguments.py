"""Keras's arguments of ``save``, ``save_weights``, ``load_weights``, ``summary`` and
``export``, as Keras programs pass them: each does what Keras does with it, or is refused with
the reason (TensorFlow's SavedModel options), never a TypeError for a name Keras has."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.io import load_keras
from tests.fixtures import FIXTURES

K2_FILE = FIXTURES / "keras_models" / "k2_stateful_stack.h5"


def _model(name: str = "m") -> keras.Sequential:
    model = keras.Sequential(
        [keras.layers.Input((5, 3)), keras.layers.LSTM(4, name="lstm"), keras.layers.Dense(1, name="out")],
        name=name,
    )
    model.compile(optimizer="adam", loss="mse")
    return model


def test_save_takes_keras_file_arguments(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path / "a.keras", overwrite=True, zipped=True)
    assert zipfile.is_zipfile(tmp_path / "a.keras")
    model.save(tmp_path / "a.bin", save_format="keras")  # tf-keras's save_format, Keras's file
    assert zipfile.is_zipfile(tmp_path / "a.bin")
    model.save(tmp_path / "b.h5", save_format="h5", save_traces=False)
    assert keras.load_model(tmp_path / "b.h5").get_layer("lstm").units == 4
    before = (tmp_path / "a.keras").read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=False"):
        model.save(tmp_path / "a.keras", overwrite=False)
    assert (tmp_path / "a.keras").read_bytes() == before
    with pytest.raises(ValueError, match="SavedModel"):
        model.save(tmp_path / "c", save_format="tf")
    with pytest.raises(ValueError, match="zipped=False"):
        model.save(tmp_path / "d.keras", zipped=False)
    with pytest.raises(ValueError, match="signatures"):
        model.save(tmp_path / "e.keras", signatures={"serving": None})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "a.keras", "b.h5"]


def test_save_takes_keras_arguments_by_position_in_tf_kerass_order(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path / "m.h5")
    with pytest.raises(FileExistsError, match="overwrite=False"):
        model.save(tmp_path / "m.h5", False)  # overwrite, second in Keras 2 and Keras 3
    # anago's model.save(weights_file, params_file): the second argument is overwrite, true as
    # any non-empty string is in Keras, which saves the model
    model.save(tmp_path / "m.h5", str(tmp_path / "params.json"))
    model.save(tmp_path / "n.h5", True, False, "h5")  # overwrite, include_optimizer, save_format
    assert keras.load_model(tmp_path / "n.h5").get_layer("lstm").units == 4
    with pytest.raises(ValueError, match=r"include_states=True.*\.safetensors"):
        model.save(tmp_path / "s.keras", include_states=True)  # statefulrnn's own, by name


def test_save_weights_takes_keras_file_arguments(tmp_path: Path) -> None:
    model = _model()
    model.save_weights(tmp_path / "w.weights.h5", overwrite=True)
    with pytest.raises(FileExistsError):
        model.save_weights(tmp_path / "w.weights.h5", False)  # tf-keras's positional overwrite
    with pytest.raises(ValueError, match="max_shard_size"):
        model.save_weights(tmp_path / "x.weights.h5", max_shard_size=2)


def test_load_weights_by_name_pairs_layers_by_name_in_our_files(tmp_path: Path) -> None:
    """A tf-keras program's transfer learning: weights saved as ``.h5`` (here our format), loaded
    by name into a model that shares one layer and has a new head."""
    source = _model("source")
    source.save_weights(tmp_path / "w.h5")
    target = keras.Sequential(
        [keras.layers.Input((5, 3)), keras.layers.LSTM(4, name="lstm"), keras.layers.Dense(2, name="new")]
    )
    head = target.get_layer("new").get_weights()
    with pytest.raises(ValueError):
        target.load_weights(tmp_path / "w.h5")  # in order, the heads do not fit
    target.load_weights(tmp_path / "w.h5", by_name=True)
    for a, b in zip(target.get_layer("lstm").get_weights(), source.get_layer("lstm").get_weights()):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(target.get_layer("new").get_weights(), head):
        np.testing.assert_array_equal(a, b)


def test_skip_mismatch_passes_over_layers_that_do_not_fit(tmp_path: Path) -> None:
    source = _model("source")
    source.save_weights(tmp_path / "w.h5")
    target = keras.Sequential(
        [keras.layers.Input((5, 3)), keras.layers.LSTM(4, name="lstm"), keras.layers.Dense(2, name="out")]
    )
    with pytest.raises(ValueError, match="out"):
        target.load_weights(tmp_path / "w.h5", by_name=True)
    with pytest.warns(UserWarning, match="Skipping layer 'out'"):
        target.load_weights(tmp_path / "w.h5", by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(
        target.get_layer("lstm").get_weights()[0], source.get_layer("lstm").get_weights()[0]
    )


def test_load_weights_by_name_from_a_keras_2_file() -> None:
    stored = load_keras(K2_FILE)
    lstm = stored.get_layer("lstm_a")
    target = keras.Sequential(
        [
            keras.layers.Input(batch_shape=(2, None, 3)),
            keras.layers.LSTM.from_config(lstm.get_config()),
            keras.layers.Dense(5, name="other"),
        ]
    )
    other = target.get_layer("other").get_weights()
    target.load_weights(K2_FILE, by_name=True)
    for a, b in zip(target.get_layer("lstm_a").get_weights(), lstm.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(target.get_layer("other").get_weights()[0], other[0])


def test_by_name_is_refused_for_keras_3_files(tmp_path: Path) -> None:
    model = _model()
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="by_name=True is for Keras 2"):
        model.load_weights(tmp_path / "w.weights.h5", by_name=True)


def test_summary_takes_keras_arguments() -> None:
    lines: list[str] = []
    _model().summary(line_length=60, show_trainable=True, print_fn=lines.append)
    assert max(len(line) for line in lines) == 60
    assert "Trainable" in lines[2] and lines[4].rstrip().endswith("Y")
    lines.clear()
    _model().summary(layer_range=["out", "out"], print_fn=lines.append)
    assert [line.split()[0] for line in lines if "(Dense)" in line or "(LSTM)" in line] == ["out"]


def test_export_writes_onnx_and_refuses_a_saved_model(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    model = _model()
    model.export(tmp_path / "m.onnx", format="onnx")
    assert (tmp_path / "m.onnx").stat().st_size > 0
    with pytest.raises(ValueError, match="ONNX only"):
        model.export(tmp_path / "saved")
