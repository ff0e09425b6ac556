"""The `TensorBoard` callback: what it logs against what Keras 3's logs for the same run
(tests/fixtures/tensorboard, made by tools/keras_fixtures/tensorboard_logs.py), the event files
read back by a decoder written here from the formats' specifications, and by TensorFlow itself
where a Keras interpreter is set."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.callbacks import TensorBoard
from statefulrnn.callbacks.event_file import crc32c, masked_crc32c

from .keras_python import needs_keras, run_in_keras

FIXTURE = np.load(Path(__file__).parent / "fixtures" / "tensorboard" / "run.npz")
CASES = {"epoch": {"histogram_freq": 2}, "batch": {"update_freq": "batch", "histogram_freq": 1}}


# ----- a reader of event files, from the TFRecord and protobuf specifications -------------------


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def _fields(data: bytes) -> list[tuple[int, object]]:
    """A protobuf message's ``(field number, value)`` pairs: ints, 8- and 4-byte raw, bytes."""
    at, found = 0, []
    while at < len(data):
        key, at = _varint(data, at)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 1:
            value, at = data[at : at + 8], at + 8
        elif wire == 5:
            value, at = data[at : at + 4], at + 4
        else:
            assert wire == 2, wire
            length, at = _varint(data, at)
            value, at = data[at : at + length], at + length
        found.append((field, value))
    return found


def _records(path: Path) -> list[bytes]:
    data, at, records = path.read_bytes(), 0, []
    while at < len(data):
        header = data[at : at + 8]
        (length,) = struct.unpack("<Q", header)
        assert struct.unpack("<I", data[at + 8 : at + 12])[0] == masked_crc32c(header)
        body = data[at + 12 : at + 12 + length]
        assert struct.unpack("<I", data[at + 12 + length : at + 16 + length])[0] == masked_crc32c(body)
        records.append(body)
        at += 16 + length
    return records


def read_run(folder: Path) -> list[list]:
    """``[tag, step, value]`` rows of a run folder's event files, oldest file first (an
    ``evaluate`` after ``fit`` starts a file of its own); a histogram's value is its count, the
    model's config its class name."""
    rows = []
    for path in sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns):
        assert path.name.startswith("events.out.tfevents.") and path.name.endswith(".v2")
        rows += _read_file(path)
    return rows


def _read_file(path: Path) -> list[list]:
    records = _records(path)
    assert dict(_fields(records[0]))[3] == b"brain.Event:2"
    rows = []
    for record in records[1:]:
        event = dict(_fields(record))
        for field, value in _fields(event[5]):
            assert field == 1
            parts = dict(_fields(value))
            tag = parts[1].decode()
            if 2 in parts:
                rows.append([tag, event[2], struct.unpack("<f", parts[2])[0]])
            elif 5 in parts:
                rows.append([tag, event[2], struct.unpack("<d", dict(_fields(parts[5]))[3])[0]])
            else:
                text = dict(_fields(parts[8]))[8]
                rows.append([tag, event[2], json.loads(text)["class_name"]])
    return rows


def test_the_checksums_are_crc32c() -> None:
    assert crc32c(b"123456789") == 0xE3069283  # the standard check value of CRC-32C
    assert crc32c(b"") == 0


# ----- against Keras ----------------------------------------------------------------------------


def _fit(logs: Path, case: dict) -> keras.Sequential:
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.GRU(3), keras.layers.Dense(1)])
    model.set_weights([FIXTURE[f"weights_{i}"] for i in range(5)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"])
    board = TensorBoard(logs, **case)
    validation = (FIXTURE["x_val"], FIXTURE["y_val"])
    model.fit(
        FIXTURE["x"],
        FIXTURE["y"],
        epochs=3,
        batch_size=4,
        verbose=0,
        shuffle=False,
        validation_data=validation,
        callbacks=[board],
    )
    model.evaluate(*validation, batch_size=4, verbose=0, callbacks=[board])
    return model


def _split(rows: list[list]) -> tuple[list, list, list]:
    """Scalars, histograms (step and count, the tags differing) and the model-config rows."""
    graph = [row for row in rows if row[-3] == "keras"]
    histograms = [[*row[:-3], row[-2], row[-1]] for row in rows if row[-3].endswith("/histogram")]
    scalars = [row for row in rows if row[-3] != "keras" and not row[-3].endswith("/histogram")]
    return scalars, histograms, graph


@pytest.mark.parametrize("case", sorted(CASES))
def test_it_logs_what_keras_logs(tmp_path: Path, case: str) -> None:
    _fit(tmp_path, CASES[case])
    ours = [[run, *row] for run in ("train", "validation") for row in read_run(tmp_path / run)]
    expected = json.loads(str(FIXTURE[f"summaries_{case}"]))
    our_scalars, our_histograms, our_graph = _split(ours)
    scalars, histograms, graph = _split(expected)
    assert [row[:3] for row in our_scalars] == [row[:3] for row in scalars]
    np.testing.assert_allclose([row[3] for row in our_scalars], [row[3] for row in scalars], rtol=1e-5)
    assert our_histograms == histograms  # run, step and count of each weight, in Keras's order
    # Keras writes the model's config at each set_model (fit's and evaluate's); ours at training
    assert our_graph == [["train", "keras", 0, "Sequential"]] and graph[0] == our_graph[0]


def test_a_batch_frequency_keeps_every_epoch(tmp_path: Path) -> None:
    # Keras drops the epoch summaries of an epoch whose last batch count is not a multiple of
    # update_freq (10 rows in batches of 4: 3 batches an epoch); ours keeps them
    _fit(tmp_path, {"update_freq": 2, "write_graph": False})
    rows = read_run(tmp_path / "train")
    assert [step for tag, step, _ in rows if tag == "batch_loss"] == [2, 4, 6, 8]
    assert [step for tag, step, _ in rows if tag == "epoch_loss"] == [0, 1, 2]


def test_nothing_is_written_for_a_run_without_values(tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[TensorBoard(tmp_path)])
    assert sorted(os.listdir(tmp_path)) == ["train"]  # no validation: no validation folder


def test_arguments() -> None:
    for name in ("embeddings_freq", "profile_batch"):
        with pytest.raises(
            ValueError, match=rf"TensorBoard\({name}=...\) is not supported: .*Received: {name}="
        ):
            TensorBoard(**{name: 1})
    # Keras draws weight images with the histograms only: without them the flag does nothing
    assert TensorBoard(write_images=True, histogram_freq=0).write_images
    with pytest.raises(ValueError, match=r"Received: write_images=True, histogram_freq=2"):
        TensorBoard(write_images=True, histogram_freq=2)
    with pytest.raises(ValueError, match=r"update_freq must be 'epoch' or a positive number of batches"):
        TensorBoard(update_freq="often")
    with pytest.raises(
        ValueError, match=r"histogram_freq must be an integer >= 0. Received: histogram_freq=-1"
    ):
        TensorBoard(histogram_freq=-1)
    with pytest.warns(UserWarning, match=r"`write_grads` is deprecated in `TensorBoard` Callback"):
        TensorBoard(write_grads=True)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'log_directory'"):
        TensorBoard(log_directory="x")


_TF_READ = """
import glob, json, sys
import tensorflow as tf
rows = []
for path in sorted(glob.glob(sys.argv[1] + "/*/events.out.tfevents.*")):
    for event in tf.compat.v1.train.summary_iterator(path):
        for value in event.summary.value:
            kind = value.WhichOneof("value")
            if kind == "tensor":
                shown = json.loads(tf.make_ndarray(value.tensor).item())["class_name"]
            else:
                shown = value.simple_value if kind == "simple_value" else value.histo.num
            rows.append([path.split("/")[-2], value.tag, int(event.step), shown])
print("ROWS" + json.dumps(rows))
"""


@needs_keras
def test_tensorflow_reads_the_files(tmp_path: Path) -> None:
    _fit(tmp_path, CASES["batch"])
    read = json.loads(run_in_keras(tmp_path, _TF_READ, str(tmp_path)).split("ROWS")[-1])
    ours = [[run, *row] for run in ("train", "validation") for row in read_run(tmp_path / run)]
    assert [row[:3] for row in read] == [row[:3] for row in ours]
    np.testing.assert_allclose(
        [row[3] for row in read if not isinstance(row[3], str)],
        [row[3] for row in ours if not isinstance(row[3], str)],
    )
