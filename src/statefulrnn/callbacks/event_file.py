"""TensorBoard's event files, written without TensorFlow or the ``tensorboard`` package.

An event file is a sequence of TFRecords (``length: uint64 LE``, ``masked_crc32c(length)``,
``data``, ``masked_crc32c(data)``), each holding one ``Event`` protocol buffer; the first
names the file version (``brain.Event:2``), the others carry a ``Summary`` of scalars
(``simple_value``), histograms (``HistogramProto``) or a text tensor for a plugin (the Keras
model's config, which TensorBoard draws as the model's graph). The few protobuf fields
involved are encoded here by hand (varints, fixed64 doubles, fixed32 floats, length-delimited
bytes), which spares a dependency on ``protobuf`` (and on ``tensorboard``, whose writer needs
it) for a handful of message types. The files are logs that TensorBoard reads while they grow:
written as events come (flushed by the caller at a point of its own: `TensorBoard` after each
hook that wrote), not written whole and renamed.

Example:
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with EventFileWriter(folder) as writer:
    ...     writer.scalar("epoch_loss", 0.5, step=0)
    >>> name, = os.listdir(folder)
    >>> name.startswith("events.out.tfevents.")
    True
    >>> hex(crc32c(b"123456789"))  # the CRC-32C check value
    '0xe3069283'
"""

from __future__ import annotations

import itertools
import os
import socket
import struct
import time
from typing import Any

import numpy as np


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1  # Castagnoli, reflected
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli) of ``data``, the checksum of TFRecords."""
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """TFRecord's masked CRC: rotated right by 15 bits, plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data: bytes) -> bytes:
    """``data`` framed as one TFRecord."""
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc32c(length)) + data + struct.pack("<I", masked_crc32c(data))


# ----- protocol buffer fields (wire types: 0 varint, 1 fixed64, 2 bytes, 5 fixed32) -------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64s as protobuf writes them: ten bytes
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _bytes_field(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _double_field(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", value)


def event(
    wall_time: float, step: int, *, file_version: str | None = None, summary: bytes | None = None
) -> bytes:
    """An ``Event``: ``wall_time`` (1), ``step`` (2), then ``file_version`` (3) or ``summary`` (5)."""
    out = _double_field(1, wall_time) + _key(2, 0) + _varint(step)
    if file_version is not None:
        out += _bytes_field(3, file_version.encode())
    if summary is not None:
        out += _bytes_field(5, summary)
    return out


def scalar_summary(tag: str, value: float) -> bytes:
    """A ``Summary`` of one ``Value``: ``tag`` (1) and ``simple_value`` (2, a float32)."""
    value_message = _bytes_field(1, tag.encode()) + _key(2, 5) + struct.pack("<f", value)
    return _bytes_field(1, value_message)


def text_tensor_summary(tag: str, text: str, plugin: str) -> bytes:
    """A ``Summary`` of one ``Value``: ``tag`` (1), ``metadata`` (9) naming the TensorBoard
    ``plugin`` that reads it, and ``tensor`` (8), a scalar string ``TensorProto`` (dtype 7)."""
    plugin_data = _bytes_field(1, plugin.encode()) + _bytes_field(2, b"1")
    tensor = _key(1, 0) + _varint(7) + _bytes_field(2, b"") + _bytes_field(8, text.encode())
    value_message = _bytes_field(1, tag.encode()) + _bytes_field(9, _bytes_field(1, plugin_data))
    return _bytes_field(1, value_message + _bytes_field(8, tensor))


def histogram_summary(tag: str, values: np.ndarray, buckets: int = 30) -> bytes:
    """A ``Summary`` of one ``Value``: ``tag`` (1) and ``histo`` (5), a ``HistogramProto`` of
    ``values`` in ``buckets`` equal buckets between their least and greatest (one bucket when
    all are equal), as TensorFlow 2's ``tf.summary.histogram`` counts them."""
    flat = np.asarray(values, dtype=np.float64).ravel()
    low, high = (float(flat.min()), float(flat.max())) if flat.size else (0.0, 0.0)
    counts, edges = np.histogram(
        flat, bins=buckets if high > low else 1, range=(low, high) if high > low else None
    )
    histogram = (
        _double_field(1, low) + _double_field(2, high) + _double_field(3, float(flat.size))
        + _double_field(4, float(flat.sum())) + _double_field(5, float(np.dot(flat, flat)))
        + _bytes_field(6, edges[1:].astype("<f8").tobytes()) + _bytes_field(7, counts.astype("<f8").tobytes())
    )  # fmt: skip
    return _bytes_field(1, _bytes_field(1, tag.encode()) + _bytes_field(5, histogram))


_SERIAL = itertools.count()


class EventFileWriter:
    """One event file in ``folder`` (made if missing), named as TensorFlow names its own
    (``events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2``); `flush` makes what was written so far
    readable (closing flushes too).

    Args:
        folder: where the file goes (TensorBoard reads every event file under its ``--logdir``).
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        os.makedirs(folder, exist_ok=True)
        name = (
            f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}.{os.getpid()}.{next(_SERIAL)}.v2"
        )
        self.path = os.path.join(os.fspath(folder), name)
        self._file: Any = open(self.path, "wb")
        self._write(event(time.time(), 0, file_version="brain.Event:2"))

    def scalar(self, tag: str, value: float, step: int) -> None:
        self._write(event(time.time(), step, summary=scalar_summary(tag, float(value))))

    def text_tensor(self, tag: str, text: str, plugin: str, step: int) -> None:
        self._write(event(time.time(), step, summary=text_tensor_summary(tag, text, plugin)))

    def histogram(self, tag: str, values: np.ndarray, step: int) -> None:
        self._write(event(time.time(), step, summary=histogram_summary(tag, values)))

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> EventFileWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, data: bytes) -> None:
        self._file.write(record(data))
