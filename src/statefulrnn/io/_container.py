"""Our safetensors files: a format tag, a version, and a checksum over every tensor.

safetensors checks its header, not the tensor bytes: a flipped byte inside the data would load
as a silently wrong weight. Files we write therefore carry a SHA-256 over the tensors (names,
dtypes, shapes and bytes, in sorted name order), and reading refuses a file whose data no longer
match it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Any

import numpy as np
import safetensors.numpy
from safetensors import SafetensorError, safe_open


def digest(tensors: Mapping[str, np.ndarray]) -> str:
    """SHA-256 of the tensors' names, dtypes, shapes and bytes, in sorted name order."""
    hasher = hashlib.sha256()
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        hasher.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        hasher.update(array.tobytes())
    return hasher.hexdigest()


def pack(
    tensors: Mapping[str, np.ndarray], kind: str, version: str, metadata: Mapping[str, str] = {}
) -> bytes:
    """The bytes of a safetensors file of ``kind`` (format tag), with its checksum."""
    header = {"format": kind, "version": version, **metadata, "sha256": digest(tensors)}
    return safetensors.numpy.save(dict(tensors), metadata=header)


def unpack(
    path: str, kind: str, version: str, what: str, hints: Mapping[str, str] = {}
) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """The metadata and tensors of the ``kind`` file at ``path``, checked whole.

    Args:
        what: how messages call the file, e.g. ``"statefulrnn model"``.
        hints: for another format tag found, a hint to add (e.g. which function reads it).

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: not a complete safetensors file, another format or version, or tensor
            data that do not match the checksum written with them.
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No {what} file at {path!r}.")
    try:
        with safe_open(path, framework="numpy") as file:
            metadata = file.metadata() or {}
            found = metadata.get("format")
            if found != kind:
                raise ValueError(
                    f"{path!r} is not a {what} file: its format tag is {found!r}, expected {kind!r}"
                    f"{hints.get(found, '')}."
                )
            if metadata.get("version") != version:
                raise ValueError(
                    f"{path!r} is {what} format version {metadata.get('version')!r}; this version of "
                    f"statefulrnn reads version {version!r}."
                )
            tensors = {key: _tensor(file, key, path, what) for key in file.keys()}
    except SafetensorError as error:
        raise ValueError(
            f"{path!r} is not a {what} file: it is not a complete safetensors file ({error})."
        ) from None
    if "sha256" not in metadata:
        raise ValueError(f"{path!r} is not a complete {what} file: it carries no checksum.")
    if metadata["sha256"] != digest(tensors):
        raise ValueError(
            f"{path!r} is damaged: its tensor data do not match the checksum written with them "
            f"(bytes were changed or lost after it was saved)."
        )
    return metadata, tensors


# The dtypes our files hold; anything else (bfloat16, float8, ...) was written by something else,
# and numpy may or may not read it depending on what other packages registered.
_OUR_DTYPES = frozenset({"F32", "F64", "I64", "I32", "BOOL"})


def _tensor(file: Any, key: str, path: str, what: str) -> np.ndarray:
    dtype = file.get_slice(key).get_dtype()
    if dtype not in _OUR_DTYPES:
        raise ValueError(f"{path!r} is not a {what} file: tensor {key!r} is {dtype}.")
    return file.get_tensor(key)
