"""The wire format of ``statefulrnn serve``: reading frames from messages, writing outputs back.

Nothing here touches the network or the pool, so every rule of the format is checked in one
place and testable alone. Every refusal is a `ProtocolError` whose message says what was
expected and what came; the server sends it back as ``{"error": message}``.

Messages:

- JSON (a WebSocket text message, an HTTP push body): ``{"frames": [[f1, ..., fF], ...]}``, T
  frames of F numbers each, or ``{"frames": [f1, ..., fF]}``, one frame. Numbers only (no
  strings, booleans or nulls), finite after conversion to float32, at least one frame, no keys
  but ``"frames"``. Reply: ``{"outputs": [...]}``, the model's outputs for these frames as
  nested lists, shaped as `StreamPool.push` returns them: (T, out), or (out,) for one frame
  sent as ``[f1, ..., fF]`` or for a model that returns only its last step; for a model with
  several outputs, a list with one such entry per output.
- Binary (a WebSocket binary message, an HTTP push with ``Content-Type:
  application/octet-stream``): T * F little-endian float32 values, frame after frame. Reply: the
  outputs as little-endian float32 values in the order of the JSON reply, several outputs one
  after another.

Stream ids are 1 to 128 characters of ``A-Z a-z 0-9 . _ ~ -``, so that an id is its own URL path
segment.

Example:
    >>> frames = parse_json(b'{"frames": [[1, 2, 3], [4, 5, 6]]}', frame_size=3)
    >>> frames.shape, frames.dtype
    ((2, 3), dtype('float32'))
    >>> parse_json(b'{"frames": [1, 2]}', frame_size=3)
    Traceback (most recent call last):
    ...
    statefulrnn.serve.protocol.ProtocolError: Each frame must hold frame_size=3 numbers, but frame 0 holds 2.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

STREAM_ID = re.compile(r"[A-Za-z0-9._~-]{1,128}")
_NUMBER = (int, float)  # exact types: bool, a subclass of int, is refused


class ProtocolError(ValueError):
    """A message that does not follow the wire format; the server replies with its text."""


def check_stream_id(value: Any) -> str:
    """``value`` if it is a valid stream id, else a `ProtocolError`.

    Example:
        >>> check_stream_id("sensor-7")
        'sensor-7'
    """
    if not isinstance(value, str) or STREAM_ID.fullmatch(value) is None:
        raise ProtocolError(
            f"A stream id is 1 to 128 characters of letters, digits and '._~-'. Received: id={value!r}"
        )
    return value


def load_json(body: bytes | str) -> Any:
    """The JSON value in ``body``, or a `ProtocolError` saying why it is not JSON."""
    try:
        return json.loads(body)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError both are ValueErrors
        raise ProtocolError(f"The message is not valid JSON: {error}.") from None
    except RecursionError:  # json recurses once per nesting level: '[' * 100_000 gets here
        raise ProtocolError("The message is not valid JSON: it nests too deeply.") from None


def parse_open(body: bytes | str) -> str | None:
    """The stream id asked for in an open request's body (empty, or ``{"id": "..."}``); None
    if none is asked for, and the server picks one.

    Example:
        >>> parse_open(b'{"id": "sensor-7"}'), parse_open(b"")
        ('sensor-7', None)
    """
    if not body.strip():
        return None
    message = load_json(body)
    if not isinstance(message, dict):
        raise ProtocolError(
            f'An open request\'s body must be empty or a JSON object {{"id": "..."}}. '
            f"Received: {_describe(message)}"
        )
    check_keys(message, {"id"})
    return check_stream_id(message["id"]) if "id" in message else None


def parse_json(body: bytes | str, frame_size: int) -> np.ndarray:
    """The frames of a JSON message as a (T, F) float32 array, or (F,) for a message of one
    frame ``[f1, ..., fF]``; `ProtocolError` if malformed."""
    message = load_json(body)
    if not isinstance(message, dict) or "frames" not in message:
        raise ProtocolError(
            f'A message must be a JSON object {{"frames": [[f1, ..., fF], ...]}}. '
            f"Received: {_describe(message)}"
        )
    check_keys(message, {"frames"})
    return frames_from_list(message["frames"], frame_size)


def check_keys(message: dict[str, Any], allowed: set[str]) -> None:
    """A `ProtocolError` if ``message`` has a key outside ``allowed`` (a misspelt key would
    otherwise be ignored in silence)."""
    unknown = sorted(set(message) - allowed)
    if unknown:
        raise ProtocolError(f"Unknown key {unknown[0]!r} in the message; it may hold only {sorted(allowed)}.")


def frames_from_list(frames: Any, frame_size: int) -> np.ndarray:
    """``frames`` (a list of frames, or one frame: a list of ``frame_size`` numbers) as a
    (T, F) float32 array, or (F,) for one frame; a `ProtocolError` if it is anything else."""
    if not isinstance(frames, list) or not frames:
        raise ProtocolError(
            f'"frames" must be a non-empty list of frames (each a list of frame_size={frame_size} '
            f"numbers), or one frame. Received: {_describe(frames)}"
        )
    single = not isinstance(frames[0], list)
    rows = [frames] if single else frames
    for index, row in enumerate(rows):
        if not isinstance(row, list):
            raise ProtocolError(f"Frame {index} is not a list of numbers. Received: {_describe(row)}")
        if len(row) != frame_size:
            raise ProtocolError(
                f"Each frame must hold frame_size={frame_size} numbers, but frame {index} holds {len(row)}."
            )
        for value in row:
            if type(value) not in _NUMBER:
                raise ProtocolError(f"Frame {index} holds {_describe(value)}; frames hold numbers only.")
    try:
        array = np.array(rows, dtype=np.float64)
    except OverflowError:  # an integer literal beyond float64, e.g. 1 followed by 400 zeros
        raise ProtocolError("A frame holds a number beyond the float32 range.") from None
    array = _finite_float32(array)
    return array[0] if single else array


def parse_binary(body: bytes, frame_size: int) -> np.ndarray:
    """The frames of a binary message (T * F little-endian float32 values) as a (T, F) array."""
    width = 4 * frame_size
    if not body or len(body) % width:
        raise ProtocolError(
            f"A binary message holds T frames of frame_size={frame_size} little-endian float32 values, "
            f"so its length is a positive multiple of {width} bytes. Received: {len(body)} bytes."
        )
    # (T * F,) -> (T, F); the copy makes the array writable and native-endian.
    return _finite_float32(np.frombuffer(body, dtype="<f4").reshape(-1, frame_size).astype(np.float32))


def encode_json(outputs: np.ndarray | list[np.ndarray]) -> str:
    """The JSON reply ``{"outputs": ...}`` for a push's outputs (a list with one entry per
    output for a model with several).

    Example:
        >>> encode_json(np.array([[0.5, 1.0]], dtype=np.float32))
        '{"outputs": [[0.5, 1.0]]}'
    """
    if isinstance(outputs, list):
        return json.dumps({"outputs": [output.tolist() for output in outputs]})
    return json.dumps({"outputs": outputs.tolist()})


def encode_binary(outputs: np.ndarray | list[np.ndarray]) -> bytes:
    """The binary reply for a push's outputs: little-endian float32, row after row (a model's
    several outputs one after another)."""
    parts = outputs if isinstance(outputs, list) else [outputs]
    return b"".join(np.ascontiguousarray(part, dtype="<f4").tobytes() for part in parts)


def encode_error(message: str) -> str:
    """The JSON error reply ``{"error": message}``."""
    return json.dumps({"error": message})


def _finite_float32(array: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # 1e39 becomes inf in float32, refused just below
        array = array.astype(np.float32)
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        step, feature = bad[0]
        raise ProtocolError(
            f"Frames must hold finite float32 numbers, but frame {step} feature {feature} is "
            f"{array[step, feature]} (NaN, infinite, or beyond the float32 range)."
        )
    return array


def _describe(value: Any) -> str:
    """A short account of a JSON value for an error message: its JSON type and its start."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    kind = kinds.get(type(value), "a number")
    text = json.dumps(value)
    return f"{kind}, {text if len(text) <= 60 else text[:57] + '...'}"
