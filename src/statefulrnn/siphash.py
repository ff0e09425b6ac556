"""SipHash-2-4, the keyed hash of TensorFlow's ``tf.strings.to_hash_bucket_strong``, which
Keras's ``Hashing(salt=...)`` and the lookups' salted OOV buckets use: with the same key each
value lands in Keras's bucket.

Pure Python on 64-bit integers: for preparing data, not a model's inner loop.

Example:
    >>> bucket("hello", 10, (1, 2)) == bucket(b"hello", 10, [1, 2])
    True
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

_MASK = (1 << 64) - 1


def _rotate(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK


def _rounds(v0: int, v1: int, v2: int, v3: int, count: int) -> tuple[int, int, int, int]:
    for _ in range(count):
        v0 = (v0 + v1) & _MASK
        v1 = _rotate(v1, 13) ^ v0
        v0 = _rotate(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotate(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK
        v3 = _rotate(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK
        v1 = _rotate(v1, 17) ^ v2
        v2 = _rotate(v2, 32)
    return v0, v1, v2, v3


def siphash24(key: Sequence[int], data: bytes) -> int:
    """SipHash-2-4 of ``data`` under the 128-bit ``key`` (two unsigned 64-bit integers)."""
    k0, k1 = (int(part) & _MASK for part in key)
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    whole = len(data) - len(data) % 8
    for at in range(0, whole, 8):
        word = struct.unpack_from("<Q", data, at)[0]
        v3 ^= word
        v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 2)
        v0 ^= word
    last = (len(data) & 0xFF) << 56
    for index, byte in enumerate(data[whole:]):
        last |= byte << (8 * index)
    v3 ^= last
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = _rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def bucket(token: str | bytes, buckets: int, key: Sequence[int]) -> int:
    """TensorFlow's ``to_hash_bucket_strong``: ``siphash24(key, token) mod buckets`` (a string as
    UTF-8)."""
    data = token.encode("utf-8") if isinstance(token, str) else token
    return siphash24(key, data) % buckets


def salt_key(salt: int | Sequence[int]) -> tuple[int, int]:
    """Keras's salt as the two key halves: one integer for both, or a pair.

    Raises:
        ValueError: anything else, as Keras says it.
    """
    if isinstance(salt, int) and not isinstance(salt, bool):
        return (salt, salt)
    if isinstance(salt, (tuple, list)) and len(salt) == 2 and all(isinstance(part, int) for part in salt):
        return (salt[0], salt[1])
    raise ValueError(
        "The `salt` argument can only be a tuple of size 2 integers, or a single integer. "
        f"Received: salt={salt}."
    )
