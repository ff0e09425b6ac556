"""Files are written whole or not at all (`statefulrnn.io._atomic`), into folders made as Keras
makes them for its HDF5 files, and a write that fails leaves no folder or file of its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import statefulrnn
from statefulrnn.io import _atomic


def _model() -> statefulrnn.Sequential:
    model = statefulrnn.Sequential([statefulrnn.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize("name", ["m.keras", "m.h5", "w.weights.h5", "m.safetensors"])
def test_a_model_saved_into_folders_not_made_yet(tmp_path: Path, name: str) -> None:
    model, path = _model(), tmp_path / "runs" / "first" / name
    (model.save_weights if "weights" in name else model.save)(path)
    assert sorted(p.name for p in path.parent.iterdir()) == [name]
    if "weights" in name:
        again = _model()
        again.load_weights(path)
        for ours, saved in zip(again.get_weights(), model.get_weights()):
            np.testing.assert_array_equal(ours, saved)


def test_a_failed_write_removes_the_folders_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_atomic.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        _atomic.write_atomically(str(tmp_path / "new" / "deeper" / "file.bin"), b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_and_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kept" / "file.bin"
    _atomic.write_atomically(str(target), b"old")
    monkeypatch.setattr(_atomic.os, "replace", lambda *args: (_ for _ in ()).throw(OSError("interrupted")))
    with pytest.raises(OSError, match="interrupted"):
        _atomic.write_atomically(str(target), b"new")
    assert target.read_bytes() == b"old" and [p.name for p in target.parent.iterdir()] == ["file.bin"]
