"""Our safetensors files: a format tag, a version, and a checksum over the whole content.

safetensors checks its header, not the tensor bytes: a flipped byte inside the data would load
as a silently wrong weight. Files we write therefore carry a SHA-256, and reading refuses a file
that no longer matches it.

Versions:

- ``"2"`` (written now): the checksum covers every metadata entry (the architecture, the
  optimizer's settings, a snapshot's stream ids, ...) and every tensor (names, dtypes, shapes and
  bytes), so a flipped bit anywhere in a file is refused.
- ``"1"`` (read still): the checksum covers the tensors only; the metadata of such a file is not
  covered, and loading relies on the structural checks of each reader alone.

The checksum detects damage (a disk, a copy, a truncated write), not tampering: anyone can
recompute it. What a file says is therefore checked as untrusted input by its reader, and
`read_json` parses its JSON entries with a bound on their nesting.

Example:
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.safetensors")
    ...     with open(path, "wb") as file:
    ...         _ = file.write(pack({"a": np.zeros(2, np.float32)}, "demo", {"note": "hi"}))
    ...     metadata, tensors = unpack(path, "demo", "demo file")
    >>> metadata["note"], metadata["version"], tensors["a"].shape
    ('hi', '2', (2,))
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import safetensors.numpy
from safetensors import SafetensorError, safe_open

VERSION = "2"
_READABLE = (VERSION, "1")  # "1": the checksum covers the tensors only
# Deeper JSON than any file of ours holds (a model's config nests about 20 levels); bounding it
# keeps json's and the config readers' recursion far from Python's limit.
MAX_JSON_DEPTH = 100


def digest(tensors: Mapping[str, np.ndarray], metadata: Mapping[str, str] | None = None) -> str:
    """SHA-256 of the tensors' names, dtypes, shapes and bytes, in sorted name order, and of
    ``metadata`` (all entries but ``sha256``) when given (version 2; version 1 gives None)."""
    hasher = hashlib.sha256()
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        hasher.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        hasher.update(array.tobytes())
    if metadata is not None:
        entries = {key: value for key, value in metadata.items() if key != "sha256"}
        hasher.update(b"metadata|" + json.dumps(entries, sort_keys=True).encode())
    return hasher.hexdigest()


def pack(tensors: Mapping[str, np.ndarray], kind: str, metadata: Mapping[str, str] = {}) -> bytes:
    """The bytes of a safetensors file of ``kind`` (format tag), version 2, with its checksum."""
    header = {"format": kind, "version": VERSION, **metadata}
    header["sha256"] = digest(tensors, header)
    return safetensors.numpy.save(dict(tensors), metadata=header)


_KERAS_MAGIC = {b"PK\x03\x04": "zip", b"\x89HDF\r\n\x1a\n": "hdf5"}  # .keras archives, .h5 files


def keras_file_kind(path: str) -> str | None:
    """``"zip"`` (Keras 3's ``.keras``) or ``"hdf5"`` (Keras 2's ``.h5``) by the file's first
    bytes, None for anything else (statefulrnn's own files are safetensors)."""
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as file:
        head = file.read(8)
    return next((kind for magic, kind in _KERAS_MAGIC.items() if head.startswith(magic)), None)


def unpack(
    path: str, kind: str | tuple[str, ...], what: str, hints: Mapping[str, str] = {}
) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """The metadata and tensors of the ``kind`` file (or one of the ``kind`` tuple's: the
    metadata's ``format`` says which) at ``path``, checked whole.

    Reading costs about the file's size: safetensors checks that the header's tensor offsets
    lie within the file before any tensor is read.

    Args:
        what: how messages call the file, e.g. ``"statefulrnn model"``.
        hints: for another format tag found, a hint to add (e.g. which function reads it).

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: not a complete safetensors file, another format or version, or content
            that does not match the checksum written with it.
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No {what} file at {path!r}.")
    try:
        with safe_open(path, framework="numpy") as file:
            metadata = file.metadata() or {}
            found = metadata.get("format")
            kinds = kind if isinstance(kind, tuple) else (kind,)
            if found not in kinds:
                expected = " or ".join(map(repr, kinds))
                raise ValueError(
                    f"{path!r} is not a {what} file: its format tag is {found!r}, expected {expected}"
                    f"{hints.get(str(found), '')}."
                )
            version = metadata.get("version")
            if version not in _READABLE:
                raise ValueError(
                    f"{path!r} is {what} format version {version!r}; this version of statefulrnn "
                    f"reads versions {' and '.join(map(repr, sorted(_READABLE)))}."
                )
            tensors = {key: _tensor(file, key, path, what) for key in file.keys()}
    except SafetensorError as error:
        raise ValueError(
            f"{path!r} is not a {what} file: it is not a complete safetensors file ({error})."
        ) from None
    if "sha256" not in metadata:
        raise ValueError(f"{path!r} is not a complete {what} file: it carries no checksum.")
    if metadata["sha256"] != digest(tensors, metadata if version != "1" else None):
        raise ValueError(
            f"{path!r} is damaged: it does not match the checksum written with it (bytes were "
            f"changed or lost after it was saved)."
        )
    return metadata, tensors


def read_json(metadata: Mapping[str, str], key: str) -> Any:
    """The JSON value of metadata entry ``key``, parsed with its nesting bounded.

    Raises:
        ValueError: no such entry, not JSON, or nested deeper than `MAX_JSON_DEPTH` levels
            (the message names the entry; the caller adds the file).

    Example:
        >>> read_json({"ids": "[1, 2]"}, "ids")
        [1, 2]
        >>> read_json({"ids": "[" * 5000}, "ids")
        Traceback (most recent call last):
        ...
        ValueError: its 'ids' entry nests deeper than 100 levels
    """
    if key not in metadata:
        raise ValueError(f"it has no {key!r} entry")
    try:
        value = json.loads(metadata[key])
    except RecursionError:
        raise ValueError(f"its {key!r} entry nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as error:  # JSONDecodeError, and ints past Python's digit limit
        raise ValueError(f"its {key!r} entry is not valid JSON ({error})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise ValueError(f"its {key!r} entry nests deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth(value: Any) -> int:
    """The nesting depth of parsed JSON, walked without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            pending.extend(
                (child, level + 1) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


# The dtypes our files hold; anything else (bfloat16, float8, ...) was written by something else,
# and numpy may or may not read it depending on what other packages registered.
_OUR_DTYPES = frozenset({"F32", "F64", "I64", "I32", "BOOL"})


def _tensor(file: Any, key: str, path: str, what: str) -> np.ndarray:
    dtype = file.get_slice(key).get_dtype()
    if dtype not in _OUR_DTYPES:
        raise ValueError(f"{path!r} is not a {what} file: tensor {key!r} is {dtype}.")
    return file.get_tensor(key)
