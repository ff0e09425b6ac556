"""The wire format alone: every malformed message is refused with a message naming what was
expected and what came; well-formed ones give float32 frames."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from statefulrnn.serve.protocol import (
    ProtocolError,
    check_stream_id,
    encode_binary,
    encode_json,
    parse_binary,
    parse_json,
    parse_open,
)

F = 3

MALFORMED_JSON = [
    ("bad-json", b"{", r"not valid JSON: Expecting property name"),
    ("not-utf8", b"\xff\xfe{", r"not valid JSON"),
    ("deep", b"[" * 100_000, r"not valid JSON: it nests too deeply"),
    ("not-object", b"[[1, 2, 3]]", r'must be a JSON object \{"frames".*Received: a list, \[\[1, 2, 3\]\]'),
    ("no-frames", b'{"frame": [[1, 2, 3]]}', r'must be a JSON object \{"frames".*Received: an object'),
    ("extra-key", b'{"frames": [[1, 2, 3]], "id": "a"}', r"Unknown key 'id' in the message"),
    ("frames-object", b'{"frames": {"a": 1}}', r'"frames" must be a non-empty list.*Received: an object'),
    ("empty", b'{"frames": []}', r'"frames" must be a non-empty list.*Received: a list, \[\]'),
    ("empty-frame", b'{"frames": [[]]}', r"frame_size=3 numbers, but frame 0 holds 0\."),
    ("narrow", b'{"frames": [[1, 2]]}', r"frame_size=3 numbers, but frame 0 holds 2\."),
    ("wide-single", b'{"frames": [1, 2, 3, 4]}', r"frame_size=3 numbers, but frame 0 holds 4\."),
    ("ragged", b'{"frames": [[1, 2, 3], [1, 2]]}', r"frame_size=3 numbers, but frame 1 holds 2\."),
    ("mixed", b'{"frames": [[1, 2, 3], 4]}', r"Frame 1 is not a list of numbers. Received: a number, 4"),
    ("nested", b'{"frames": [[[1], 2, 3]]}', r"Frame 0 holds a list, \[1\]; frames hold numbers only\."),
    ("string", b'{"frames": [[1, "2", 3]]}', r'Frame 0 holds a string, "2"; frames hold numbers only\.'),
    ("boolean", b'{"frames": [[1, true, 3]]}', r"Frame 0 holds a boolean, true"),
    ("null", b'{"frames": [[1, 2, null]]}', r"Frame 0 holds null, null"),
    ("nan", b'{"frames": [[1, 2, 3], [4, NaN, 6]]}', r"finite float32 numbers, but frame 1 feature 1 is nan"),
    ("infinity", b'{"frames": [[-Infinity, 2, 3]]}', r"but frame 0 feature 0 is -inf"),
    ("float32-overflow", b'{"frames": [[1, 2, 1e39]]}', r"but frame 0 feature 2 is inf \(NaN, infinite"),
    ("float64-overflow", b'{"frames": [[1, 2, 1e400]]}', r"but frame 0 feature 2 is inf"),
    ("huge-integer", b'{"frames": [[1, 2, 1' + b"0" * 400 + b"]]}", r"beyond the float32 range"),
]


@pytest.mark.parametrize(
    ("body", "message"), [case[1:] for case in MALFORMED_JSON], ids=[c[0] for c in MALFORMED_JSON]
)
def test_malformed_json_is_refused(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_json(body, F)


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        (b'{"frames": [[1, 2, 3], [4.5, -5e-3, 6]]}', (2, 3)),
        (b'{"frames": [1, 2, 3]}', (3,)),  # one frame: the pool drops the time axis of its outputs
        ('{"frames": [[1, 2, 3]]}', (1, 3)),  # a WebSocket text message is a str
    ],
    ids=["frames", "one-frame", "str"],
)
def test_well_formed_json_gives_float32_frames(body: bytes | str, shape: tuple[int, ...]) -> None:
    frames = parse_json(body, F)
    assert frames.shape == shape and frames.dtype == np.float32
    np.testing.assert_array_equal(frames.reshape(-1, F)[0], [1, 2, 3])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", r"positive multiple of 12 bytes\. Received: 0 bytes\."),
        (np.zeros(5, "<f4").tobytes(), r"positive multiple of 12 bytes\. Received: 20 bytes\."),
        (np.array([1, 2, 3, 4, np.nan, 6], "<f4").tobytes(), r"but frame 1 feature 1 is nan"),
        (np.array([1, 2, np.inf], "<f4").tobytes(), r"but frame 0 feature 2 is inf"),
    ],
    ids=["empty", "length", "nan", "inf"],
)
def test_malformed_binary_is_refused(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_binary(body, F)


def test_binary_is_little_endian_float32_frame_after_frame() -> None:
    frames = parse_binary(struct.pack("<6f", 0, 1, 2, 3, 4, 5), F)
    np.testing.assert_array_equal(frames, [[0, 1, 2], [3, 4, 5]])
    assert frames.dtype == np.float32 and frames.flags.writeable


@pytest.mark.parametrize("value", ["", "a b", "a/b", "x" * 129, 7, None], ids=repr)
def test_bad_stream_ids_are_refused(value: object) -> None:
    with pytest.raises(
        ProtocolError, match=r"1 to 128 characters of letters, digits and '\._~-'\. Received: id="
    ):
        check_stream_id(value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[1]", r"must be empty or a JSON object \{\"id\": \"\.\.\.\"\}\. Received: a list, \[1\]"),
        (b'{"id": 5}', r"Received: id=5"),
        (b'{"name": "a"}', r"Unknown key 'name'"),
        (b"{", r"not valid JSON"),
    ],
    ids=["list", "number-id", "unknown-key", "bad-json"],
)
def test_bad_open_bodies_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_open(body)


@pytest.mark.parametrize(
    ("body", "expected"), [(b"", None), (b" \n", None), (b"{}", None), (b'{"id": "k-1"}', "k-1")]
)
def test_open_bodies(body: bytes, expected: str | None) -> None:
    assert parse_open(body) == expected


def test_replies_round_trip_float32_exactly() -> None:
    outputs = np.random.default_rng(0).normal(size=(4, 2)).astype(np.float32)
    np.testing.assert_array_equal(
        np.asarray(json.loads(encode_json(outputs))["outputs"], np.float32), outputs
    )
    np.testing.assert_array_equal(np.frombuffer(encode_binary(outputs), "<f4").reshape(4, 2), outputs)
    several = [outputs, outputs[:, :1]]  # a model with two outputs
    assert json.loads(encode_json(several))["outputs"] == [outputs.tolist(), outputs[:, :1].tolist()]
    assert encode_binary(several) == encode_binary(outputs) + encode_binary(outputs[:, :1])
