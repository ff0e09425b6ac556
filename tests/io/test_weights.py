"""Weight files: round trip, layout on disk, refusals that leave the model as it was, atomic writes."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import safetensors.numpy
import safetensors.torch
import torch
from safetensors import safe_open

import statefulrnn
from statefulrnn import LSTM, Dense, Sequential
from statefulrnn.io import load_weights, save_weights
from statefulrnn.io import weights as weights_module
from statefulrnn.io._container import digest


def _model(units: int = 4, dense_name: str | None = None, seed: int = 0) -> Sequential:
    torch.manual_seed(seed)
    return Sequential([LSTM(units, stateful=True, batch_input_shape=(2, None, 3)), Dense(2, name=dense_name)])


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Sequential, Path]:
    model = _model()
    path = tmp_path / "model.weights.safetensors"
    save_weights(model, path)
    return model, path


def _assert_weights_equal(a: list[np.ndarray], b: list[np.ndarray]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_round_trip_into_a_fresh_model(saved: tuple[Sequential, Path]) -> None:
    model, path = saved
    fresh = _model(seed=1)  # other values, and auto-numbered names (sequential_1/lstm_1/...)
    assert not np.array_equal(fresh.get_weights()[0], model.get_weights()[0])
    load_weights(fresh, str(path))
    _assert_weights_equal(fresh.get_weights(), model.get_weights())


def test_file_layout(saved: tuple[Sequential, Path]) -> None:
    model, path = saved
    with safe_open(str(path), framework="numpy") as file:
        metadata = file.metadata()
        keys = sorted(file.keys())
        arrays = [file.get_tensor(key) for key in keys]
    assert metadata == {
        "format": "statefulrnn.weights",
        "version": "2",
        "sha256": digest(dict(zip(keys, arrays)), {"format": "statefulrnn.weights", "version": "2"}),
    }
    names = [name for name, _ in model.named_weights()]
    assert keys == [f"{index:03d}:{name}" for index, name in enumerate(names)]
    assert re.fullmatch(r"000:sequential(_\d+)?/lstm(_\d+)?/lstm_cell/kernel", keys[0])
    assert all(array.dtype == np.float32 and array.flags.c_contiguous for array in arrays)
    _assert_weights_equal(arrays, model.get_weights())


def test_file_has_ordinary_permissions(saved: tuple[Sequential, Path]) -> None:
    _, path = saved
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def _refused(model: Sequential, path: Path, match: str, error: type[Exception] = ValueError) -> None:
    before = model.get_weights()
    with pytest.raises(error, match=match):
        load_weights(model, path)
    _assert_weights_equal(model.get_weights(), before)


def test_wrong_count_is_refused(saved: tuple[Sequential, Path]) -> None:
    _, path = saved
    lstm_only = Sequential([LSTM(4, stateful=True, batch_input_shape=(2, None, 3))])
    _refused(
        lstm_only,
        path,
        r"holds 5 weights, but model '\w+' has 3; only the file has: "
        r"sequential(_\d+)?/dense(_\d+)?/kernel, sequential(_\d+)?/dense(_\d+)?/bias",
    )


def test_wrong_shape_names_the_weight(saved: tuple[Sequential, Path]) -> None:
    _, path = saved
    _refused(
        _model(units=5),
        path,
        r"Weight 0 .* the model expects sequential_\d+/lstm_\d+/lstm_cell/kernel of shape \(3, 20\), "
        r"the file has sequential(_\d+)?/lstm(_\d+)?/lstm_cell/kernel of shape \(3, 16\)",
    )


def test_renamed_layers_load_in_order_as_keras2(saved: tuple[Sequential, Path]) -> None:
    model, path = saved
    renamed = _model(dense_name="head")
    load_weights(renamed, path)
    _assert_weights_equal(renamed.get_weights(), model.get_weights())


def test_other_kind_of_weight_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dense.safetensors"
    save_weights(Sequential([Dense(2, input_shape=(2,))]), path)
    no_bias_then_bias = Sequential([Dense(2, use_bias=False, input_shape=(2,)), Dense(2, use_bias=False)])
    _refused(no_bias_then_bias, path, r"Weight 1 .* expects sequential_\d+/dense_\d+/kernel .* has .*/bias")


def test_truncated_file_is_refused(saved: tuple[Sequential, Path], tmp_path: Path) -> None:
    model, path = saved
    truncated = tmp_path / "truncated.safetensors"
    truncated.write_bytes(path.read_bytes()[:-10])
    _refused(model, truncated, r"truncated.safetensors' is not a statefulrnn weights file")


@pytest.mark.parametrize("content", [b"", b"\x00" * 3, np.random.default_rng(0).bytes(300)])
def test_non_safetensors_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(content)
    _refused(_model(), path, r"is not a statefulrnn weights file")


@pytest.mark.parametrize(
    ("metadata", "match"),
    [
        ({"format": "pytorch"}, r"format tag is 'pytorch', expected 'statefulrnn.weights'"),
        (None, r"format tag is None"),
        ({"format": "statefulrnn.weights", "version": "3"}, r"version '3'; .* reads versions '1' and '2'"),
    ],
)
def test_other_format_tags_are_refused(
    saved: tuple[Sequential, Path], tmp_path: Path, metadata: dict | None, match: str
) -> None:
    model, original = saved
    with safe_open(str(original), framework="numpy") as file:
        tensors = {key: file.get_tensor(key) for key in file.keys()}
    path = tmp_path / "other.safetensors"
    safetensors.numpy.save_file(tensors, str(path), metadata=metadata)
    _refused(model, path, match)


def test_keys_without_index_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "unindexed.safetensors"
    tensors = {"kernel": np.zeros((3, 16), np.float32)}
    metadata = {"format": "statefulrnn.weights", "version": "1", "sha256": digest(tensors)}
    safetensors.numpy.save_file(tensors, str(path), metadata=metadata)
    _refused(_model(), path, r"tensor key 'kernel' has no index")


def test_other_dtypes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bf16.safetensors"
    metadata = {"format": "statefulrnn.weights", "version": "1"}
    safetensors.torch.save_file(
        {"000:dense/kernel": torch.zeros(3, 2, dtype=torch.bfloat16)}, str(path), metadata
    )
    _refused(_model(), path, r"tensor '000:dense/kernel' is BF16")


def test_missing_file(tmp_path: Path) -> None:
    _refused(_model(), tmp_path / "nothing.safetensors", r"No statefulrnn weights file at", FileNotFoundError)


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_keeps_the_old_file(
    saved: tuple[Sequential, Path], monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    _, path = saved
    old = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(weights_module.os, failing, fail)
    with pytest.raises(OSError, match="disk full"):
        save_weights(_model(seed=1), path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary file left


def test_failed_first_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(weights_module.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        save_weights(_model(), tmp_path / "new.safetensors")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_unbuilt_model_cannot_be_saved(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="has no weights yet"):
        save_weights(Sequential([Dense(2)]), tmp_path / "w.safetensors")
    assert list(tmp_path.iterdir()) == []


def test_flipped_data_byte_is_refused(saved: tuple[Sequential, Path], tmp_path: Path) -> None:
    model, path = saved
    damaged = tmp_path / "damaged.safetensors"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x10  # inside the last weight's bytes: safetensors' own header check passes
    damaged.write_bytes(bytes(data))
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"is damaged: it does not match the checksum"):
        load_weights(model, damaged)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_weights_loaded_before_a_subclassed_model_s_build_are_checked_at_the_build(
    saved: tuple[Sequential, Path],
) -> None:
    # tf-keras's checkpoints wait for the variables to exist, and so does a subclassed model
    # here: a file that does not fit it fails at the build, naming the file.
    import statefulrnn as keras

    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.rnn = keras.layers.LSTM(2)

        def call(self, x):
            return self.rnn(x)

    model = Subclassed()
    model.load_weights(saved[1])
    assert not model.built
    with pytest.raises(ValueError, match=re.escape(saved[1].name)):
        model.build((1, 4, 3))


def test_a_folder_given_as_the_path_holds_the_weights_file(saved: tuple[Sequential, Path]) -> None:
    # tf-keras programs save to a checkpoint prefix ending in "/" (a folder of TensorFlow's
    # files); here the folder is made and holds one weights file, which the same path loads.
    model, path = saved
    folder = path.parent / "out" / "weights"
    model.save_weights(f"{folder}/")
    assert [p.name for p in folder.iterdir()] == [weights_module.FOLDER_FILE]
    twin = _model()
    twin.load_weights(f"{folder}/")
    _assert_weights_equal(twin.get_weights(), model.get_weights())
    other = _model()
    other.load_weights(folder)  # the folder without its separator reads the same file
    _assert_weights_equal(other.get_weights(), model.get_weights())


class _CharModel(statefulrnn.models.Model):
    """The TensorFlow char-RNN sampler's shape of model: subclassed, built by build() or a call."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.embedding = statefulrnn.layers.Embedding(7, 3)
        self.rnn = statefulrnn.layers.GRU(4, stateful=True, return_sequences=True)
        self.head = statefulrnn.layers.Dense(7)

    def call(self, x: Any) -> Any:
        return self.head(self.rnn(self.embedding(x)))


@pytest.mark.parametrize("build", ["build", "call"])
def test_a_subclassed_model_takes_weights_loaded_before_its_build(tmp_path: Path, build: str) -> None:
    """tf-keras restores a checkpoint into a subclassed model's weights as they are made: the
    sampler loads the trained weights into a batch-1 copy, then builds it (Packt's and the
    TensorFlow tutorial's char-RNN)."""
    trained = _CharModel()
    trained.build(input_shape=(2, 5))
    trained.save_weights(tmp_path / "ckpt")
    sampler = _CharModel()
    sampler.load_weights(tmp_path / "ckpt")
    x = np.array([[1, 2, 3]])
    if build == "build":
        sampler.build(input_shape=(1, 5))
    else:
        first = sampler(x).detach().numpy()  # the call after the build runs on the loaded weights
        expected = _CharModel()
        expected.build(input_shape=(1, 5))
        expected.set_weights(trained.get_weights())
        np.testing.assert_array_equal(first, expected(x).detach().numpy())
    for ours, theirs in zip(sampler.get_weights(), trained.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_weights_loaded_before_a_build_that_does_not_fit_them_fail_at_the_build(tmp_path: Path) -> None:
    trained = _CharModel()
    trained.build(input_shape=(2, 5))
    trained.save_weights(tmp_path / "ckpt")
    other = statefulrnn.models.Sequential([statefulrnn.layers.Dense(2)])
    with pytest.raises(ValueError, match="has no weights yet"):  # not subclassed: as before
        other.load_weights(tmp_path / "ckpt")
    with pytest.raises(FileNotFoundError):  # the file is read at the call
        _CharModel().load_weights(tmp_path / "missing")


def test_a_scalar_weight_keeps_its_shape_and_an_older_file_s_loads(tmp_path: Path) -> None:
    # A Normalization's count is a scalar; files written before 2026-12-07 held it as (1,)
    def normalized() -> Sequential:
        model = Sequential([statefulrnn.Input((3,)), statefulrnn.layers.Normalization(), Dense(1)])
        model.layers[0].adapt(np.arange(12.0).reshape(4, 3))
        return model

    model, path = normalized(), tmp_path / "m.weights.safetensors"
    save_weights(model, path)
    with safe_open(path, "np") as opened:
        assert [opened.get_slice(key).get_shape() for key in sorted(opened.keys())][2] == []
    again = normalized()
    load_weights(again, path)
    _assert_weights_equal(again.get_weights(), model.get_weights())
    older = {
        key: value.reshape(1) if value.ndim == 0 else value
        for key, value in safetensors.numpy.load_file(path).items()
    }
    with safe_open(path, "np") as opened:
        metadata = opened.metadata()
    safetensors.numpy.save_file(older, tmp_path / "older.safetensors", metadata=metadata)
    load_weights(again, tmp_path / "older.safetensors")
    _assert_weights_equal(again.get_weights(), model.get_weights())
