"""Hostile and damaged files of statefulrnn's own formats: model, weights and stream snapshots.

Every case is refused with a one-line ValueError (TypeError for a wrong id type) naming what is
wrong, before anything is allocated or changed; files of format version 1 still load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import safetensors.numpy
import torch
from safetensors import safe_open

from statefulrnn import GRU, Dense, Sequential, load_model
from statefulrnn.io._container import digest
from statefulrnn.streaming import StreamPool
from statefulrnn.streaming.snapshot import NonFiniteStateError

from .memory import peak_growth

FEATURES = 2


# ----- making and editing files ----------------------------------------------------------------


def small_model(stateful: bool = True) -> Sequential:
    """GRU(3) and Dense(1) at batch 2, compiled with Adam: a model file of about 3 KB."""
    torch.manual_seed(0)
    model = Sequential(
        [
            GRU(3, stateful=stateful, return_sequences=True, batch_input_shape=(2, None, FEATURES), name="g"),
            Dense(1, name="d"),
        ],
        name="m",
    )
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((2, 4, FEATURES), np.float32), np.zeros((2, 4, 1), np.float32), verbose=0)
    return model


def model_file(folder: Path, **options: bool) -> Path:
    path = folder / "model.safetensors"
    small_model().save(path, **options)
    return path


def weights_file(folder: Path) -> Path:
    path = folder / "model.weights.safetensors"
    small_model().save_weights(path)
    return path


def snapshot_file(folder: Path, ids: tuple[Any, ...] = ("a", 7, "1", 1)) -> Path:
    path = folder / "streams.safetensors"
    pool = StreamPool(small_model())
    for index, stream_id in enumerate(ids):
        pool.open(stream_id)
        pool.push(stream_id, np.full((3, FEATURES), index, np.float32))
    pool.snapshot(path)
    return path


def read(path: Path) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    with safe_open(str(path), framework="numpy") as file:
        return dict(file.metadata()), {key: file.get_tensor(key) for key in file.keys()}


def rewrite(path: Path, edit: Callable[[dict[str, str], dict[str, np.ndarray]], None]) -> None:
    """Edit the file's metadata and tensors, then write it with a valid checksum: a file that is
    consistent but says something else (what a tool or an attacker would write)."""
    metadata, tensors = read(path)
    edit(metadata, tensors)
    metadata["sha256"] = digest(tensors) if metadata.get("version") == "1" else digest(tensors, metadata)
    path.write_bytes(safetensors.numpy.save(tensors, metadata=metadata))


def edit_json(
    key: str, edit: Callable[[Any], Any]
) -> Callable[[dict[str, str], dict[str, np.ndarray]], None]:
    """An edit of metadata entry ``key``'s JSON; ``edit`` returns the new value."""

    def apply(metadata: dict[str, str], tensors: dict[str, np.ndarray]) -> None:
        metadata[key] = json.dumps(edit(json.loads(metadata[key])))

    return apply


def flip_bit(path: Path, before: bytes, after: bytes) -> None:
    """Flip the bits that turn the first ``before`` in the file into ``after``, in place."""
    data = path.read_bytes()
    assert before in data and len(before) == len(after)
    start = data.index(before)
    path.write_bytes(data[:start] + after + data[start + len(before) :])


def pool_outputs(pool: StreamPool) -> dict[Any, np.ndarray]:
    """Each open stream's next outputs for the same chunk (this advances the streams)."""
    return {
        stream_id: pool.push(stream_id, np.ones((2, FEATURES), np.float32)) for stream_id in pool.stream_ids()
    }


def pool_and_twin(folder: Path) -> tuple[StreamPool, StreamPool]:
    """Two pools with the same open streams and states."""
    pools = []
    for _ in range(2):
        pool = StreamPool(small_model(), max_streams=8)
        for stream_id in ("x", 3):
            pool.open(stream_id)
            pool.push(stream_id, np.full((2, FEATURES), 0.5, np.float32))
        pools.append(pool)
    return pools[0], pools[1]


# ----- the checksum covers the metadata -----------------------------------------------------


def test_a_flipped_bit_in_the_optimizer_settings_is_refused(tmp_path: Path) -> None:
    path = model_file(tmp_path, include_optimizer=True)
    flip_bit(path, b'beta_1\\": 0.9', b'beta_1\\": 0.1')  # '9' ^ 0x08 == '1'
    with pytest.raises(ValueError, match=r"is damaged: it does not match the checksum"):
        load_model(path)


def test_a_flipped_bit_in_a_stream_id_is_refused(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path, ("s1", "s2"))
    flip_bit(path, b'\\"s1\\"', b'\\"s3\\"')  # '1' ^ 0x02 == '3'
    pool = StreamPool(small_model())
    with pytest.raises(ValueError, match=r"is damaged: it does not match the checksum"):
        pool.restore(path)
    assert len(pool) == 0


def test_a_flipped_bit_in_a_weight_name_is_refused(tmp_path: Path) -> None:
    path = weights_file(tmp_path)
    flip_bit(path, b"d/kernel", b"d/kernal")  # 'e' ^ 0x04 == 'a'
    model = small_model()
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"is damaged: it does not match the checksum"):
        model.load_weights(path)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_version_1_files_still_load_their_metadata_unchecked(tmp_path: Path) -> None:
    """Version 1's checksum covers the tensors only: an edited metadata entry is not detected
    (documented in statefulrnn.io._container), while the tensors still are."""
    path = model_file(tmp_path, include_optimizer=True)

    def as_version_1(metadata: dict[str, str], tensors: dict[str, np.ndarray]) -> None:
        metadata["version"] = "1"
        metadata["optimizer"] = metadata["optimizer"].replace('"beta_1": 0.9', '"beta_1": 0.1')

    rewrite(path, as_version_1)
    assert load_model(path).optimizer.get_config()["beta_1"] == 0.1

    snapshot = snapshot_file(tmp_path)
    rewrite(snapshot, lambda metadata, tensors: metadata.update(version="1"))
    assert StreamPool(small_model()).restore(snapshot) == ["a", 7, "1", 1]


# ----- bounded cost: the config must fit the stored weights before anything is built ---------


def _set_layer(index: int, key: str, value: Any) -> Callable[[Any], Any]:
    """Set ``key`` in the config of layer ``index`` (0 the GRU, 1 the Dense), the entry after
    it in the config, whose entries start with the InputLayer, as Keras 3's."""

    def edit(model: Any) -> Any:
        model["config"]["layers"][index + 1]["config"][key] = value
        return model

    return edit


def _set_batch(batch: Any) -> Callable[[Any], Any]:
    """Every batch size in the config (the model's input shape, the GRU's declared and built
    shapes) set to ``batch``."""

    def edit(model: Any) -> Any:
        text = json.dumps(model).replace("[2, null, 2]", f"[{json.dumps(batch)}, null, 2]")
        return json.loads(text)

    return edit


BOMBS = {
    "gru_units_20000": (
        _set_layer(0, "units", 20000),
        r"Weight 0 .* expects m/g/gru_cell/kernel of shape \(2, 60000\)",
    ),
    "dense_units_3e8": (
        _set_layer(1, "units", 3 * 10**8),
        r"Weight 3 .* expects m/d/kernel of shape \(3, 300000000\)",
    ),
    "batch_1e8": (
        _set_batch(10**8),
        r"would take \d+ MiB of weights and states, more than a file of \d+ bytes",
    ),
}


@pytest.mark.parametrize("case", sorted(BOMBS))
def test_a_small_file_asking_for_a_huge_model_is_refused_before_allocating(tmp_path: Path, case: str) -> None:
    edit, match = BOMBS[case]
    # no states (a batch size is not checked against stored states), no optimizer: a small file
    path = model_file(tmp_path, include_optimizer=False)
    rewrite(path, edit_json("model", edit))
    assert path.stat().st_size < 4000
    growth, error = peak_growth(f"statefulrnn.load_model({str(path)!r})")
    assert error is not None and error["type"] == "ValueError", error
    assert str(path) in error["message"] and "\n" not in error["message"]
    assert re.search(match, error["message"]), error["message"]
    assert growth < 200, f"{growth:.0f} MiB"


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (_set_layer(0, "units", "20000"), r"units must be a positive integer. Received: units='20000'"),
        (_set_layer(1, "units", 3e8), r"units must be a positive integer. Received: units=300000000.0"),
        (_set_layer(1, "units", True), r"units must be a positive integer. Received: units=True"),
        (_set_batch(1e8), r"input_shape must hold sizes that are ints or None. Received: 100000000.0"),
        (_set_batch(True), r"input_shape must hold sizes that are ints or None. Received: True"),
        (_set_batch(-2), r"input_shape must hold sizes >= 0. Received: -2"),
        (_set_layer(0, "batch_input_shape", "abc"), r"batch_input_shape .* Received: 'abc'"),
    ],
)
def test_sizes_of_the_wrong_type_are_refused(tmp_path: Path, edit: Callable[[Any], Any], match: str) -> None:
    path = model_file(tmp_path)
    rewrite(path, edit_json("model", edit))
    with pytest.raises(ValueError, match=match) as error:
        load_model(path)
    assert "\n" not in str(error.value)


def test_a_file_whose_states_do_not_fit_its_batch_is_refused(tmp_path: Path) -> None:
    path = model_file(tmp_path, include_states=True)
    rewrite(path, lambda metadata, tensors: tensors.update({"state/g/0": np.zeros((5, 3), np.float32)}))
    with pytest.raises(ValueError, match=r"cannot be loaded as a statefulrnn model: .*state"):
        load_model(path)


# ----- malformed JSON: one-line errors, never a RecursionError -------------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [150, 900, 100_000])
def test_deeply_nested_json_is_refused_cleanly(tmp_path: Path, depth: int) -> None:
    model = model_file(tmp_path, include_optimizer=True)
    rewrite(model, edit_json("model", _set_layer(0, "units", json.loads(_nested(min(depth, 900))))))
    if depth > 900:
        rewrite(model, lambda metadata, tensors: metadata.update(model=_nested(depth)))
    with pytest.raises(ValueError, match=r"'model' entry nests deeper than 100 levels"):
        load_model(model)

    snapshot = snapshot_file(tmp_path)
    rewrite(snapshot, lambda metadata, tensors: metadata.update(streams=_nested(depth)))
    with pytest.raises(ValueError, match=r"'streams' entry nests deeper than 100 levels"):
        StreamPool(small_model()).restore(snapshot)


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda m, t: m.pop("optimizer"), None),  # loads, uncompiled
        (lambda m, t: m.update(optimizer='"adam"'), r"'optimizer' entry is a str, not a JSON object"),
        (lambda m, t: m.update(optimizer=m["optimizer"].replace('"iterations"', '"it"')), r"no 'iterations'"),
        (
            lambda m, t: m.update(optimizer=m["optimizer"].replace('"scalars": {}', '"scalars": []')),
            r"'scalars' is a list",
        ),
        (lambda m, t: m.update(compile="[1]"), r"'compile' entry is a list, not a JSON object"),
        (lambda m, t: m.update(model="{not json"), r"'model' entry is not valid JSON"),
        (lambda m, t: m.update(model="1" * 5000), r"'model' entry is not valid JSON"),
        (lambda m, t: t.update({"optimizer/99/momentum": np.zeros(3, np.float32)}), r"parameter '99'"),
        (
            lambda m, t: t.update({"optimizer/0/momentum": np.zeros(7, np.float32)}),
            r"optimizer tensor .* float32",
        ),
    ],
)
def test_missing_or_mistyped_entries_give_one_line_errors(
    tmp_path: Path, edit: Callable, match: str | None
) -> None:
    path = model_file(tmp_path, include_optimizer=True)
    rewrite(path, edit)
    if match is None:
        load_model(path)
        return
    with pytest.raises(ValueError, match=match) as error:
        load_model(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


# ----- snapshots: ids, states and keys --------------------------------------------------------


def test_ids_keep_their_json_type_so_1_and_the_string_1_are_two_streams(tmp_path: Path) -> None:
    pool = StreamPool(small_model())
    assert pool.restore(snapshot_file(tmp_path)) == ["a", 7, "1", 1]
    outputs = pool_outputs(pool)
    assert not np.allclose(outputs["1"], outputs[1])  # pushed other frames before the snapshot


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (edit_json("streams", lambda ids: ["a", "a", "1", 1]), r"names stream 'a' twice"),
        (edit_json("streams", lambda ids: ["a", 7, True, 1]), r"holds the id True; ids are str or int"),
        (edit_json("streams", lambda ids: ["a", 7, 1.0, 1]), r"holds the id 1.0; ids are str or int"),
        (edit_json("streams", lambda ids: ["a", 7, None, 1]), r"holds the id None"),
        (edit_json("streams", lambda ids: "a71"), r"'streams' entry is a str, not a list"),
        (
            edit_json("streams", lambda ids: ids[:3]),
            r"tensor 'state/g/0' is float32 \(4, 3\), expected .* \(3, 3\)",
        ),
        (lambda m, t: m.pop("streams"), r"it has no 'streams' entry"),
        (lambda m, t: m.pop("layers"), r"it has no 'layers' entry"),
        (edit_json("layers", lambda layers: {"g": [3]}), r"'layers' entry is a dict, not a list"),
        (edit_json("layers", lambda layers: [["g", ["3"]]]), r"not \[layer path, \[state widths\]\]"),
        (edit_json("layers", lambda layers: [["g", [3]], ["g", [3]]]), r"names a layer twice"),
        (edit_json("layers", lambda layers: [["g", [4]]]), r"holds states of stateful layers"),
        (lambda m, t: t.pop("state/g/0"), r"it has no tensor 'state/g/0'"),
        (lambda m, t: t.update(other=np.zeros(1, np.float32)), r"unexpected tensor 'other'"),
        (lambda m, t: t.update({"state/g/0": t["state/g/0"].astype(np.int64)}), r"is int64 \(4, 3\)"),
        (lambda m, t: t["state/g/0"].__setitem__((2, 1), np.nan), r"state of stream\(s\) '1' holds NaN"),
        (lambda m, t: t["state/g/0"].__setitem__((1, 0), -np.inf), r"state of stream\(s\) 7 holds NaN"),
        (lambda m, t: m.update(streams=m["streams"] + "x"), r"'streams' entry is not valid JSON"),
    ],
)
def test_a_malformed_snapshot_is_refused_and_the_pool_is_unchanged(
    tmp_path: Path, edit: Callable, match: str
) -> None:
    path = snapshot_file(tmp_path)
    rewrite(path, edit)
    pool, twin = pool_and_twin(tmp_path)
    with pytest.raises(ValueError, match=match) as error:
        pool.restore(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert pool.stream_ids() == twin.stream_ids() == ["x", 3]
    for (stream_id, mine), theirs in zip(pool_outputs(pool).items(), pool_outputs(twin).values()):
        np.testing.assert_array_equal(mine, theirs, err_msg=f"stream {stream_id!r}")


def test_a_snapshot_refuses_states_that_are_not_finite_and_keeps_the_old_file(tmp_path: Path) -> None:
    path = snapshot_file(tmp_path)
    before = path.read_bytes()
    pool = StreamPool(small_model())
    pool.restore(path)
    pool._slots.tensors["g"][0][pool._streams[7].slot, 1] = float("inf")  # a model that overflowed
    with pytest.raises(
        NonFiniteStateError, match=r"state of stream\(s\) 7 holds NaN or infinite values"
    ) as error:
        pool.snapshot(path)
    assert error.value.stream_ids == [7] and isinstance(error.value, ValueError)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["streams.safetensors"]


@pytest.mark.parametrize(
    ("stream_id", "error", "match"),
    [
        (float("nan"), ValueError, r"must equal itself"),
        (np.float64("nan"), ValueError, r"must equal itself"),
        (True, TypeError, r"cannot be a bool: True == 1"),
        (np.bool_(False), TypeError, r"cannot be a bool"),
        ([1, 2], TypeError, r"must be hashable"),
    ],
)
def test_open_refuses_ids_that_cannot_name_one_stream(stream_id: Any, error: type, match: str) -> None:
    pool = StreamPool(small_model())
    pool.open(1)
    with pytest.raises(error, match=match):
        pool.open(stream_id)
    assert pool.stream_ids() == [1]


# ----- a distributed checkpoint's stream states -----------------------------------------------


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda m, t: m.update(global_batch_size='"4"'), r"holds '4' streams"),
        (lambda m, t: m.pop("data_position"), r"it has no 'data_position' entry"),
        (lambda m, t: m.update(data_position="[" * 5000), r"nests deeper than 100 levels"),
        (lambda m, t: t.clear(), r"state 0 of .* is missing"),
        (lambda m, t: t.update({k: v[:2] for k, v in t.items()}), r"is missing, not \(4, 8\)"),
        (lambda m, t: t.update({k: np.full_like(v, np.nan) for k, v in t.items()}), r"or not finite"),
    ],
)
def test_a_malformed_distributed_checkpoint_is_refused(tmp_path: Path, edit: Callable, match: str) -> None:
    from statefulrnn.distributed import ShardedBatcher, load_checkpoint, save_checkpoint
    from tests.distributed.runs import batcher, model

    sharded = ShardedBatcher(batcher(), 0, 1)
    save_checkpoint(model(sharded.batch_size), sharded, tmp_path)
    rewrite(tmp_path / "streams.safetensors", edit)
    with pytest.raises(ValueError, match=match) as error:
        load_checkpoint(tmp_path, ShardedBatcher(batcher(), 0, 1))
    assert "\n" not in str(error.value)
