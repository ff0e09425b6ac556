"""Fuzzing statefulrnn's own files: model, weights and stream snapshot files, mutated.

Three kinds of mutation, each file kind:

- damage: random bit flips (half of them in the header) and truncations, the checksum as written:
  the load must be exact (what the intact file gives) or refused;
- JSON: a random node of a metadata entry's JSON (the architecture, the optimizer, the ids...)
  replaced, deleted or repeated, then the checksum recomputed, so that the structural checks
  are what is tested, not the checksum: the load must succeed or be refused;
- tensors: a tensor dropped, renamed, reshaped or retyped, the checksum recomputed.

Refused means the documented error: ValueError (load_model, load_weights; restore also
PoolFullError), never another type (KeyError, TypeError, RecursionError, ...). Memory is checked
outside hypothesis, in a fresh process, for a few header mutations that ask for huge models.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statefulrnn import load_model
from statefulrnn.streaming import PoolFullError, StreamPool

from .memory import peak_growth
from .test_own_files import (
    edit_json,
    model_file,
    read,
    rewrite,
    small_model,
    snapshot_file,
    weights_file,
)

FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ----- the files and how each kind is read back ----------------------------------------------


class Kind:
    """One file kind: its intact bytes, how to load a file, and what a load gave."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name, self.folder = name, folder
        self.model = small_model()
        if name == "model":
            path = model_file(folder, include_states=True, include_optimizer=True)
        elif name == "weights":
            path = weights_file(folder)
        else:
            path = snapshot_file(folder)
        self.original = path.read_bytes()
        self.json_keys = {"model": ["model", "optimizer", "compile"], "snapshot": ["streams", "layers"]}.get(
            name, []
        )
        self.errors: tuple[type[Exception], ...] = (
            (ValueError, PoolFullError) if name == "snapshot" else (ValueError,)
        )
        self.expected = self.outcome(path)

    def outcome(self, path: Path) -> Any:
        """What loading ``path`` gives, as comparable content."""
        if self.name == "model":
            again = self.folder / "again.safetensors"
            load_model(path).save(again, include_states=True, include_optimizer=True)
            metadata, tensors = read(again)
            return metadata, tensors
        if self.name == "weights":
            model = small_model()
            model.load_weights(path)
            return {}, dict(enumerate(model.get_weights()))
        pool = StreamPool(self.model, max_streams=64)
        pool.restore(path)
        again = self.folder / "again.safetensors"
        pool.snapshot(again)
        return read(again)

    def load(self, data: bytes) -> Any:
        """Load ``data``: its content, or None when refused with a documented error."""
        path = self.folder / "mutated.safetensors"
        path.write_bytes(data)
        try:
            return self.outcome(path)
        except self.errors as error:
            assert "\n" not in str(error), str(error)
            return None


def same(a: Any, b: Any) -> bool:
    (meta_a, tensors_a), (meta_b, tensors_b) = a, b
    return (
        meta_a == meta_b
        and tensors_a.keys() == tensors_b.keys()
        and all(np.array_equal(tensors_a[k], tensors_b[k]) for k in tensors_a)
    )


KINDS = ["model", "weights", "snapshot"]


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Kind]:
    return {name: Kind(tmp_path_factory.mktemp(name), name) for name in KINDS}


def _header_end(data: bytes) -> int:
    return 8 + struct.unpack("<Q", data[:8])[0]


# ----- damage: flips and truncations, checksum as written ------------------------------------


@st.composite
def damage(draw: st.DrawFn, data: bytes) -> bytes:
    if draw(st.booleans()):
        return data[: draw(st.integers(0, len(data) - 1))]
    damaged = bytearray(data)
    header = _header_end(data)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.one_of(st.integers(0, header - 1), st.integers(0, len(data) - 1)))
        damaged[where] ^= 1 << draw(st.integers(0, 7))
    return bytes(damaged)


@pytest.mark.parametrize("name", KINDS)
def test_damaged_files_load_exactly_or_are_refused(kinds: dict[str, Kind], name: str) -> None:
    kind = kinds[name]

    @FUZZ
    @given(data=damage(kind.original))
    def check(data: bytes) -> None:
        result = kind.load(data)
        assert result is None or same(result, kind.expected)

    check()


# ----- JSON mutations, checksum recomputed ---------------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, -1, 2, 3, 10**9, 2**31, 3e8, 1e308, math.nan, math.inf, -math.inf, 0.5]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["GRU", "Dense", "Sequential", "Adam", "g", "d", "m", "state/g/0", "float32"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _nodes(value: Any) -> list[tuple[Any, ...]]:
    """Paths to every node of parsed JSON (keys and indices), the root first."""
    paths, pending = [], [((), value)]
    while pending:
        path, item = pending.pop()
        paths.append(path)
        children = (
            item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else []
        )
        pending.extend(((*path, key), child) for key, child in children)
    return paths


@st.composite
def json_mutation(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one node replaced, deleted (from its dict or list) or repeated (in its list)."""
    path = draw(st.sampled_from(_nodes(value)))
    if not path:
        return draw(_VALUES)
    parent = value = json.loads(json.dumps(value))
    for key in path[:-1]:
        parent = parent[key]
    action = draw(st.sampled_from(["replace", "replace", "delete", "repeat"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "repeat" and isinstance(parent, list):
        parent.insert(path[-1], parent[path[-1]])
    else:
        parent[path[-1]] = draw(_VALUES)
    return value


@pytest.mark.parametrize("name", ["model", "snapshot"])
def test_json_mutations_load_or_are_refused(kinds: dict[str, Kind], name: str) -> None:
    kind = kinds[name]
    path = kind.folder / "source.safetensors"
    path.write_bytes(kind.original)
    metadata, _ = read(path)

    @FUZZ
    @given(st.data())
    def check(data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(kind.json_keys))
        mutated = data.draw(json_mutation(json.loads(metadata[key])))
        path.write_bytes(kind.original)
        rewrite(path, edit_json(key, lambda _: mutated))
        kind.load(path.read_bytes())

    check()


# ----- tensor and metadata-entry mutations, checksum recomputed ------------------------------


@st.composite
def tensor_mutation(
    draw: st.DrawFn, keys: list[str]
) -> Callable[[dict[str, str], dict[str, np.ndarray]], None]:
    key = draw(st.sampled_from(keys))
    action = draw(st.sampled_from(["drop", "rename", "flatten", "transpose", "retype", "add", "metadata"]))
    name = draw(
        st.sampled_from(["0", "000:x", "state/g/1", "state/x/0", "optimizer/0/v", "optimizer/9/m", "w"])
    )
    entry = draw(st.sampled_from(["model", "streams", "layers", "version", "format", "optimizer"]))
    text = draw(st.text(max_size=10))

    def edit(metadata: dict[str, str], tensors: dict[str, np.ndarray]) -> None:
        array = tensors.pop(key)
        if action == "rename":
            tensors[key + "x"] = array
        elif action == "flatten":
            tensors[key] = array.reshape(-1)
        elif action == "transpose":
            tensors[key] = np.ascontiguousarray(array.T)
        elif action == "retype":
            tensors[key] = array.astype(np.float64)
        elif action == "add":
            tensors[key], tensors[name] = array, np.zeros((2, 3), np.float32)
        elif action == "metadata":
            tensors[key] = array
            if entry in metadata and not text:
                del metadata[entry]
            else:
                metadata[entry] = text

    return edit


@pytest.mark.parametrize("name", KINDS)
def test_tensor_mutations_load_or_are_refused(kinds: dict[str, Kind], name: str) -> None:
    kind = kinds[name]
    path = kind.folder / "source.safetensors"
    path.write_bytes(kind.original)
    keys = sorted(read(path)[1])

    @FUZZ
    @given(edit=tensor_mutation(keys))
    def check(edit: Callable[[dict[str, str], dict[str, np.ndarray]], None]) -> None:
        path.write_bytes(kind.original)
        rewrite(path, edit)
        kind.load(path.read_bytes())

    check()


# ----- bounded memory for header mutations (measured in a fresh process) ---------------------


def _every_size(size: int) -> Callable[[Any], Any]:
    """Every int >= 2 in a config (units, batch sizes, feature sizes) set to ``size``."""

    def edit(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: edit(item) for key, item in value.items()}
        if isinstance(value, list):
            return [edit(item) for item in value]
        return size if isinstance(value, int) and not isinstance(value, bool) and value >= 2 else value

    return edit


def _header_shape(data: bytes, shape: list[int]) -> bytes:
    """The file with its first tensor's header shape replaced (same header length)."""
    header = json.loads(data[8 : _header_end(data)])
    key = next(k for k in sorted(header) if k != "__metadata__")
    header[key]["shape"] = shape
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data[_header_end(data) :]


def test_header_mutations_asking_for_much_memory_are_refused_cheaply(tmp_path: Path) -> None:
    """Three files in one fresh process (one interpreter start instead of three): every size in
    a model's config set to 10**6; a snapshot naming 10**5 streams; a weights file whose header
    gives a tensor the shape 40000 x 40000."""
    model = model_file(tmp_path, include_states=True, include_optimizer=True)
    rewrite(model, edit_json("model", _every_size(10**6)))
    snapshot = snapshot_file(tmp_path)
    rewrite(snapshot, edit_json("streams", lambda ids: list(range(10**5))))
    intact = tmp_path / "intact.safetensors"
    small_model().save(intact)
    weights = weights_file(tmp_path)
    weights.write_bytes(_header_shape(weights.read_bytes(), [40000, 40000]))
    loads = [
        f"statefulrnn.load_model({str(model)!r})",
        f"StreamPool(statefulrnn.load_model({str(intact)!r})).restore({str(snapshot)!r})",
        f"statefulrnn.load_model({str(weights)!r})",
    ]
    code = "\n".join(
        [
            "import json",
            "from statefulrnn.streaming import StreamPool",
            "refused = []",
            *(
                f"try:\n    {load}\nexcept ValueError as error:\n    refused.append(str(error))"
                for load in loads
            ),
            "raise ValueError(json.dumps(refused))",
        ]
    )
    growth, error = peak_growth(code)
    assert error is not None and error["type"] == "ValueError", error
    refused = json.loads(error["message"])
    assert [str(path) in message for path, message in zip([model, snapshot, weights], refused)] == [True] * 3
    assert growth < 200, f"{growth:.0f} MiB"
