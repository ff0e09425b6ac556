"""Hostile Keras files (`load_keras`, `load_keras_weights`): refused cleanly, cheaply, and without
reading anything outside the file.

Each hostile file is a small valid one with one thing changed: a weight that reads another
file (external storage, an external link, a virtual dataset), a link that leaves the weights
(a soft link) or loops (a group cycle), a config that asks for far more memory than the file
holds, an archive member that inflates to gigabytes, a config nested 100000 deep or with keys
of the wrong type. Memory is measured in a fresh process (`memory.peak_growth`).
"""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.io import _hdf5_safety, load_keras, load_keras_weights, save_keras

from .memory import peak_growth

KERAS2 = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "keras_reference"
    / "keras_models"
    / "k2_stateful_stack.h5"
)
SECRET = 1234.5  # what the outside file holds: no weight may ever come back with it
MIB = 2**20


def _model() -> Sequential:
    return Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g"), Dense(2, name="d")])


def _keras_file(folder: Path) -> Path:
    path = folder / "model.keras"
    save_keras(_model(), path)
    return path


def _members(source: Path | io.BytesIO) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _kernel(h5: h5py.File) -> str:
    """The path of the file's first 2-D dataset (a kernel)."""
    found: list[str] = []
    h5.visititems(lambda name, item: found.append(name) if getattr(item, "ndim", 0) == 2 else None)
    return found[0]


def _hostile(kind: str, folder: Path, change: Callable[[h5py.File, str], None]) -> Path:
    """A copy of a valid ``.h5`` (tf-keras) or ``.keras`` (statefulrnn's exporter) whose HDF5
    part went through ``change(file, kernel path)``."""
    if kind == "h5":
        path = folder / "model.h5"
        shutil.copy(KERAS2, path)
        with h5py.File(path, "r+") as h5:
            change(h5, _kernel(h5))
        return path
    members = _members(_keras_file(folder))
    weights = folder / "weights.h5"
    weights.write_bytes(members["model.weights.h5"])
    with h5py.File(weights, "r+") as h5:
        change(h5, _kernel(h5))
    members["model.weights.h5"] = weights.read_bytes()
    path = folder / "hostile.keras"
    _write_zip(path, members)
    return path


def _secret_file(folder: Path, shape: tuple[int, ...]) -> Path:
    """Another HDF5 file holding the 'right' weight (the kernel's shape), all SECRET."""
    other = folder / "other.h5"
    with h5py.File(other, "w") as h5:
        h5["w"] = np.full(shape, SECRET, dtype=np.float32)
    return other


def _external_storage(folder: Path) -> Callable[[h5py.File, str], None]:
    def change(h5: h5py.File, name: str) -> None:
        shape = h5[name].shape
        secret = folder / "secret.bin"
        secret.write_bytes(np.full(shape, SECRET, dtype=np.float32).tobytes())
        del h5[name]
        h5.create_dataset(name, shape=shape, dtype="f4", external=[(str(secret), 0, 4 * int(np.prod(shape)))])

    return change


def _external_link(folder: Path) -> Callable[[h5py.File, str], None]:
    def change(h5: h5py.File, name: str) -> None:
        other = _secret_file(folder, h5[name].shape)
        del h5[name]
        h5[name] = h5py.ExternalLink(str(other), "/w")

    return change


def _virtual(folder: Path) -> Callable[[h5py.File, str], None]:
    def change(h5: h5py.File, name: str) -> None:
        shape = h5[name].shape
        other = _secret_file(folder, shape)
        layout = h5py.VirtualLayout(shape=shape, dtype="f4")
        layout[...] = h5py.VirtualSource(str(other), "w", shape=shape)
        del h5[name]
        h5.create_virtual_dataset(name, layout)

    return change


def _soft_link(folder: Path) -> Callable[[h5py.File, str], None]:
    def change(h5: h5py.File, name: str) -> None:
        h5["/elsewhere"] = np.full(h5[name].shape, SECRET, dtype=np.float32)
        del h5[name]
        h5[name] = h5py.SoftLink("/elsewhere")

    return change


def _cycle(folder: Path) -> Callable[[h5py.File, str], None]:
    def change(h5: h5py.File, name: str) -> None:
        parent = name.rpartition("/")[0]
        h5[f"{parent}/loop"] = h5[parent.rpartition("/")[0] or "/"]  # a group holding its ancestor

    return change


HOSTILE = {
    "external storage": (_external_storage, r"keeps its data in external file\(s\) '.*secret\.bin'"),
    "external link": (_external_link, r"is an external link to '.*other\.h5' \(object '/w'\)"),
    "virtual dataset": (_virtual, r"is a virtual dataset"),
    "soft link": (_soft_link, r"is a soft link to '/elsewhere'"),
    "group cycle": (_cycle, r"is reached a second time \(a link cycle"),
}


@pytest.mark.parametrize("kind", ["h5", "keras"])
@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_links_and_storage_outside_the_file_are_refused(tmp_path: Path, kind: str, attack: str) -> None:
    make, message = HOSTILE[attack]
    path = _hostile(kind, tmp_path, make(tmp_path))
    with pytest.raises(ValueError, match=message) as caught:
        load_keras(path)
    assert "\n" not in str(caught.value)

    # Into a model that fits the file: refused too, and the model keeps its own weights.
    model = load_keras(KERAS2) if kind == "h5" else _model()
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match=message):
        load_keras_weights(model, path)
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    assert not any((w == SECRET).any() for w in after)


def test_a_cycle_in_a_keras3_weights_file_is_no_recursion_error(tmp_path: Path) -> None:
    members = _members(_keras_file(tmp_path))
    path = tmp_path / "model.weights.h5"
    path.write_bytes(members["model.weights.h5"])
    with h5py.File(path, "r+") as h5:
        h5["layers/gru/cell/back"] = h5["layers/gru"]
    with pytest.raises(ValueError, match=r"'/layers/gru/cell/back' is reached a second time"):
        load_keras_weights(_model(), path)


# ----- bounded cost -------------------------------------------------------------------------


def _keras2_file(path: Path, config: dict | str, weights: dict[str, list[tuple[str, dict]]]) -> None:
    """A tf-keras whole-model ``.h5``: ``weights`` maps a layer to ``(name, create_dataset
    kwargs)`` per weight."""
    with h5py.File(path, "w", libver="latest") as h5:  # "latest": attributes over 64 KB
        h5.attrs["model_config"] = config if isinstance(config, str) else json.dumps(config)
        group = h5.create_group("model_weights")
        group.attrs["layer_names"] = [name.encode() for name in weights]
        for layer, entries in weights.items():
            layer_group = group.create_group(layer)
            layer_group.attrs["weight_names"] = [f"{layer}/{name}".encode() for name, _ in entries]
            for name, kwargs in entries:
                layer_group.create_dataset(f"{layer}/{name}", **kwargs)


def _dense_file(path: Path, features: int, units: int, kernel: dict, bias: int | None = None) -> Path:
    """A Dense layer's file: the config's ``features`` and ``units``, the weights given."""
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "s",
            "layers": [
                {"class_name": "InputLayer", "config": {"batch_input_shape": [None, features], "name": "x"}},
                {"class_name": "Dense", "config": {"units": units, "name": "d"}},
            ],
        },
    }
    biases = {"data": np.zeros(units if bias is None else bias, "f4")}
    _keras2_file(path, config, {"d": [("kernel:0", kernel), ("bias:0", biases)]})
    return path


def _fill_only(shape: tuple[int, ...]) -> dict:
    """A dataset of ``shape`` whose chunks are never written: a few bytes on disk."""
    return {"shape": shape, "dtype": "f4", "chunks": (min(shape[0], 1000), min(shape[1], 1000))}


def _with_config(path: Path, folder: Path, change: Callable[[dict], None]) -> Path:
    """A copy of the ``.keras`` at ``path`` whose config went through ``change``."""
    members = _members(path)
    config = json.loads(members["config.json"])
    change(config)
    members["config.json"] = json.dumps(config).encode()
    out = folder / "changed.keras"
    _write_zip(out, members)
    return out


def _gru_units(units: int) -> Callable[[dict], None]:
    def change(config: dict) -> None:
        config["config"]["layers"][1]["config"]["units"] = units  # the GRU, after the InputLayer

    return change


def _huge_batch(config: dict) -> None:
    config["config"]["layers"][0]["config"]["batch_shape"] = [10**8, None, 1]


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of already deflated members ``(name, deflated bytes, crc, inflated size)``."""
    body, directory = b"", b""
    for name, data, crc, size in members:
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0)
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0, 0, 0,
            0, 0, len(body),
        ) + name.encode()  # fmt: skip
        body += header + name.encode() + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = packer.compress(data) + packer.flush()
    return out, zlib.crc32(data), len(data)


def _config_bomb(folder: Path) -> Path:
    """A 3 MB ``.keras`` whose config.json inflates to 3 GiB (of spaces, after a valid one)."""
    members = _members(_keras_file(folder))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    # After a full flush the compressor starts afresh: one MiB of spaces deflates to the same
    # block every time, so the 3 GiB member is written without ever being held or compressed.
    block = packer.compress(b" " * MIB) + packer.flush(zlib.Z_FULL_FLUSH)
    bomb = block * 3072 + packer.flush()
    parts = [(name, *_deflated(data)) for name, data in members.items() if name != "config.json"]
    path = folder / "bomb.keras"
    _raw_zip(path, [("config.json", bomb, 0, 3072 * MIB), *parts])
    return path


BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "keras GRU units=20000": (
        lambda folder: _with_config(_keras_file(folder), folder, _gru_units(20000)),
        r"Weight 'layers/dense/#0' in .* has shape \(3, 2\), but the model's d/kernel expects \(20000, 2\)",
    ),
    "keras GRU units=10**9": (
        lambda folder: _with_config(_keras_file(folder), folder, _gru_units(10**9)),
        r"its config asks for a tensor too large to exist",
    ),
    "keras stateful batch 10**8": (
        lambda folder: _with_config(_keras_file(folder), folder, _huge_batch),
        r"its architecture would take 1144 MiB of weights and states, more than a file of \d+ bytes",
    ),
    "keras config.json of 3 GiB": (
        _config_bomb,
        r"config.json inflates to 3221225472 bytes; at most 4194304 are read from this file",
    ),
    "h5 Dense units=3*10**8": (
        lambda folder: _dense_file(folder / "m.h5", 4, 3 * 10**8, {"data": np.zeros((4, 2), "f4")}, bias=2),
        r"Weight 'd/kernel:0' .* has shape \(4, 2\), but the model's d/kernel expects \(4, 300000000\)",
    ),
    "h5 40000x40000 fill values, shape of the config": (
        lambda folder: _dense_file(folder / "m.h5", 40000, 40000, _fill_only((40000, 40000))),
        r"its architecture would take 6104 MiB of weights and states, more than a file of \d+ bytes",
    ),
    "h5 40000x40000 fill values, not the config's shape": (
        lambda folder: _dense_file(folder / "m.h5", 4, 2, _fill_only((40000, 40000))),
        r"Weight 'd/kernel:0' .* has shape \(40000, 40000\), but the model's d/kernel expects \(4, 2\)",
    ),
    "h5 4000x4000 fill values, under the allowance": (
        lambda folder: _dense_file(folder / "m.h5", 4000, 4000, _fill_only((4000, 4000))),
        r"weight 'd/kernel:0' declares shape \(4000, 4000\) \(64000000 bytes\) but stores 0 bytes",
    ),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_small_files_that_ask_for_gigabytes_are_refused_cheaply(tmp_path: Path, bomb: str) -> None:
    make, message = BOMBS[bomb]
    path = make(tmp_path)
    assert path.stat().st_size < 4 * MIB
    growth, error = peak_growth(f"from statefulrnn.io import load_keras\nload_keras({str(path)!r})")
    assert error is not None and error["type"] == "ValueError", error
    assert "\n" not in error["message"]
    assert re.search(message, error["message"]), error["message"]
    assert growth < 200, f"{bomb}: peak memory grew {growth:.0f} MiB"


# ----- malformed configs ------------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("kind", ["h5", "keras"])
def test_a_config_nested_100000_deep_is_one_clean_error(tmp_path: Path, kind: str) -> None:
    if kind == "keras":
        members = _members(_keras_file(tmp_path))
        members["config.json"] = DEEP.encode()
        path = tmp_path / "deep.keras"
        _write_zip(path, members)
    else:
        path = tmp_path / "deep.h5"
        _keras2_file(path, DEEP, {})
    with pytest.raises(ValueError, match=r"is nested deeper than 100 levels; a Keras config nests about 10"):
        load_keras(path)


def _set(*keys: object, value: object) -> Callable[[dict], None]:
    """A change that sets ``config[k1][k2]... = value`` (``value`` DELETE: removes the key)."""

    def change(config: dict) -> None:
        target = config
        for key in keys[:-1]:
            target = target[key]
        if value is DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return change


DELETE = object()
GRU_ENTRY = ("config", "layers", 1)
MALFORMED = {
    "layers not a list": (_set("config", "layers", value={}), r"the model has no 'layers' list"),
    "a layer not an object": (_set(*GRU_ENTRY, value=5), r"layer 1 is not a JSON object. Received: int"),
    "no class_name": (_set(*GRU_ENTRY, "class_name", value=DELETE), r"layer 1 has no 'class_name'"),
    "class_name a number": (
        _set(*GRU_ENTRY, "class_name", value=5),
        r"layer 1's 'class_name' must be str. Received: int",
    ),
    "config a list": (
        _set(*GRU_ENTRY, "config", value=[]),
        r"layer 1's 'config' must be dict or null. Received: list",
    ),
    "name a list": (_set(*GRU_ENTRY, "config", "name", value=["g"]), r"layer 1's name is not a string"),
    "units text": (_set(*GRU_ENTRY, "config", "units", value="3"), r"Cannot import layer 'g' \(GRU\)"),
    "units a float": (_set(*GRU_ENTRY, "config", "units", value=3e8), r"Cannot import layer 'g' \(GRU\)"),
    "batch_shape text": (
        _set("config", "layers", 0, "config", "batch_shape", value="abc"),
        r"Malformed Keras config|batch_shape",
    ),
    "model config null": (_set("config", value=None), r"the model has no 'layers' list"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_mistyped_or_missing_keys_are_one_clean_error(tmp_path: Path, case: str) -> None:
    change, message = MALFORMED[case]
    path = _with_config(_keras_file(tmp_path), tmp_path, change)
    with pytest.raises(ValueError, match=message) as caught:
        load_keras(path)
    assert "\n" not in str(caught.value)


def test_a_functional_keras_history_of_the_wrong_type_is_one_clean_error(tmp_path: Path) -> None:
    def change(config: dict) -> None:
        node = next(e for e in config["config"]["layers"] if e.get("inbound_nodes"))["inbound_nodes"][0]
        node["args"][0]["config"]["keras_history"] = 5

    path = _with_config(FUNCTIONAL, tmp_path, change)
    with pytest.raises(ValueError, match=r"Malformed Keras config: TypeError") as caught:
        load_keras(path)
    assert "\n" not in str(caught.value)


# ----- fuzz: mutated files load exactly or fail with a ValueError ------------------------------

FUNCTIONAL = Path(__file__).resolve().parents[1] / "fixtures" / "keras_files" / "k3_seq2seq.keras"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _with_bytes(content: bytes, changes: dict[int, int]) -> bytes:
    changed = bytearray(content)
    for place, byte in changes.items():
        changed[place] = byte
    return bytes(changed)


def test_a_file_that_crashes_the_hdf5_library_is_refused_and_this_process_lives(tmp_path: Path) -> None:
    """One byte of a Keras 2 file changed (found by the fuzz test below) makes the HDF5 library
    fail with a segmentation fault when h5py reads an attribute, which no except clause
    catches. The loaders read the file in a child process first and refuse it."""
    crash = tmp_path / "crash.h5"
    crash.write_bytes(_with_bytes(KERAS2.read_bytes(), {1009: 8}))
    child = [sys.executable, _hdf5_safety.__file__, str(10**8)]  # the probe's child, run alone
    hazard = subprocess.run(child, input=crash.read_bytes(), capture_output=True, check=False)
    assert hazard.returncode != 0, "h5py reads this byte safely now: take a crash the fuzz test finds"
    for load in (lambda: load_keras(crash), lambda: load_keras_weights(_model(), crash)):
        with pytest.raises(ValueError, match="the HDF5 library crashed reading it"):
            load()


def test_the_probe_reads_on_past_a_python_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """An attribute h5py fails to read (TypeError, as for a damaged string) ends that read only:
    the child still reads the datasets after it, where the HDF5 library could crash later."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.attrs["damaged"] = "x"
        f["w"] = np.ones(3)
    read_attribute = h5py.AttributeManager.__getitem__

    def failing(attributes: h5py.AttributeManager, name: str) -> object:
        if name == "damaged":
            raise TypeError("Unknown string encoding (value 10)")
        return read_attribute(attributes, name)

    datasets: list[str] = []
    monkeypatch.setattr(h5py.AttributeManager, "__getitem__", failing)
    monkeypatch.setattr(_hdf5_safety, "_read_dataset", lambda dataset, limit: datasets.append(dataset.name))
    _hdf5_safety._read_everything(buffer.getvalue(), 10**6)
    assert datasets == ["/w"]


def test_a_damaged_attribute_is_refused_as_a_bad_file(tmp_path: Path) -> None:
    """h5py raises TypeError for a string attribute of an unknown encoding (one byte changed,
    found by fuzzing): the loaders' documented error for a bad file is ValueError."""
    damaged = tmp_path / "damaged.h5"
    damaged.write_bytes(_with_bytes(KERAS2.read_bytes(), {1010: 234}))
    with pytest.raises(ValueError, match="the attribute 'model_config' of '/' is damaged"):
        load_keras(damaged)


def test_a_damaged_superblock_is_read_by_hdf5_not_through_python(tmp_path: Path) -> None:
    """h5py's file-object driver (``h5py.File(io.BytesIO(data))``) raises OverflowError on this
    file, whose superblock's end-of-file address has one byte changed (found by fuzzing): the
    loaders open the bytes with HDF5's own in-memory driver, which reads it."""
    damaged = _with_bytes(KERAS2.read_bytes(), {50: 98})
    with pytest.raises(OverflowError):
        h5py.File(io.BytesIO(damaged), "r")
    path = tmp_path / "damaged.h5"
    path.write_bytes(damaged)
    names = [layer.name for layer in load_keras(path).layers]
    assert names == [layer.name for layer in load_keras(KERAS2).layers]


def test_reading_that_does_not_end_in_time_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_hdf5_safety, "PROBE_SECONDS", 0.01)  # less than the child takes to start
    with pytest.raises(ValueError, match=r"did not end within 0 s"):
        load_keras(KERAS2)


def test_without_a_child_process_the_file_is_read_here_warned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(Path(tempfile.gettempdir()) / "no-such-python"))
    with pytest.warns(RuntimeWarning, match="no child process could read it first"):
        model = load_keras(KERAS2)
    assert model.layers[0].name == "lstm_a"


def _spots(value: object, at: tuple = ()) -> list[tuple]:
    """The key path of every value in a JSON tree."""
    spots = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            spots += _spots(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            spots += _spots(item, (*at, index))
    return spots


@functools.cache
def _originals() -> dict[str, bytes]:
    """The valid files the fuzz test mutates (a cache, not a fixture: hypothesis would print it)."""
    with tempfile.TemporaryDirectory() as folder:
        keras = _keras_file(Path(folder)).read_bytes()
    return {
        "keras": keras,
        "weights.h5": _members(io.BytesIO(keras))["model.weights.h5"],
        "h5": KERAS2.read_bytes(),
        "functional": FUNCTIONAL.read_bytes(),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_mutated_keras_files_load_or_fail_cleanly(tmp_path: Path, data: st.DataObject) -> None:
    originals = _originals()
    kind = data.draw(st.sampled_from([*sorted(originals), "config.json"]), label="kind")
    path = tmp_path / ("fuzz.h5" if kind.endswith("h5") else "fuzz.keras")
    if kind == "config.json":  # one value anywhere in the config replaced by any JSON value
        members = _members(io.BytesIO(originals[data.draw(st.sampled_from(["keras", "functional"]))]))
        config = json.loads(members["config.json"])
        spot = data.draw(st.sampled_from(_spots(config)[1:]), label="spot")
        _set(*spot, value=data.draw(JSON, label="value"))(config)
        members["config.json"] = json.dumps(config).encode()
        _write_zip(path, members)
    else:  # a few bytes replaced, often in the first 4 KB, where the metadata is
        content = bytearray(originals[kind])
        places = st.integers(0, min(len(content), 4096) - 1) | st.integers(0, len(content) - 1)
        changes = st.lists(st.tuples(places, st.integers(0, 255)), min_size=1, max_size=8)
        for place, byte in data.draw(changes, label="changes"):
            content[place] = byte
        path.write_bytes(bytes(content))
    try:
        if kind == "weights.h5":
            load_keras_weights(_model(), path)
        else:
            load_keras(path)
    except ValueError as error:  # the one error the loaders document for a bad file
        assert "\n" not in str(error).strip(), str(error)


def test_a_wrapped_layer_whose_config_is_no_dict_is_refused_cleanly(tmp_path: Path) -> None:
    """What the fuzz test above once drew: a Bidirectional's inner LSTM with ``"config": 1``."""
    members = _members(io.BytesIO(_originals()["functional"]))
    config = json.loads(members["config.json"])
    _set("config", "layers", 2, "config", "layer", "config", value=1)(config)
    members["config.json"] = json.dumps(config).encode()
    path = tmp_path / "wrapped.keras"
    _write_zip(path, members)
    with pytest.raises(ValueError, match="config"):
        load_keras(path)
