"""Reading an untrusted HDF5 file: only what is inside it, at a cost bounded by its size.

HDF5 can make a file read other files: an ``ExternalLink`` opens another HDF5 file, a dataset
with external raw storage reads its bytes from any file on disk, and a virtual dataset maps
other files' datasets. A soft link is a path resolved when it is followed, through whatever
links that path crosses. Keras writes none of these, so `check_contained` refuses them all,
before anything in the file is followed or read, together with hard links that reach a group a
second time (a group that is its own ancestor would make a walk endless) and groups nested
deeper than `MAX_DEPTH` (Keras nests about 6: readers may then recurse safely).

A dataset's shape is only a claim: a few bytes on disk can declare a 40000 x 40000 array of
fill values. `read_array` reads a dataset that its caller has already checked against the
shape it expects, and refuses one whose raw storage holds fewer bytes than its shape declares
when it is not compressed (chunks never written, so a fill value stands in for the data).

The HDF5 library itself can crash on a damaged file: one byte changed in a Keras 2 file made
reading an attribute a segmentation fault (found by the fuzz tests), which no exception
handler catches and which would take the user's process with it. So `probe` first reads the
file's bytes, as far as a loader could, in a child process: a crash there costs only the child,
and the loader then refuses the file; when the child comes through, the loader reads the same
bytes itself. This file runs as that child (it imports nothing of statefulrnn, whose package
would import torch).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import h5py
import numpy as np

__all__ = ["MAX_DEPTH", "check_array", "check_contained", "open_image", "probe", "read_array"]

MAX_DEPTH = 64
# The child's time: a start (~0.3 s) and reading at no less than 4 MB/s; past it, a file whose
# reading does not end (a damaged structure can loop) is refused.
PROBE_SECONDS, PROBE_BYTES_PER_SECOND = 60.0, 4e6
# Run in the child: the parent's import path (to find the same h5py), then this file as __main__.
_CHILD = (
    "import json, runpy, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "runpy.run_path(sys.argv[2], run_name='__main__')"
)


def open_image(data: bytes) -> h5py.File:
    """The HDF5 file whose bytes are ``data``, open read-only in memory by HDF5's own core
    driver. h5py's file-object driver (``h5py.File(io.BytesIO(data))``) calls back into Python
    for every read, where a damaged superblock's offsets raise OverflowError and the like
    (found by fuzzing) rather than HDF5's errors, which h5py raises as OSError. Each image is
    opened under a name of its own: HDF5 takes two in-memory files of one name for one file.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> with h5py.File(buffer, "w") as f:
        ...     f["w"] = np.arange(3.0)
        >>> with open_image(buffer.getvalue()) as f:
        ...     f["w"][()]
        array([0., 1., 2.])
    """
    access = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    access.set_fapl_core(backing_store=False)
    access.set_file_image(data)
    name = f"statefulrnn-image-{next(_IMAGE_NUMBERS)}".encode()
    return h5py.File(h5py.h5f.open(name, h5py.h5f.ACC_RDONLY, fapl=access))


_IMAGE_NUMBERS = itertools.count()


def probe(data: bytes, path: str, limit: int) -> None:
    """Open ``data`` (the bytes of the HDF5 file from ``path``) and read everything in it that a
    loader could read, in a child process, before the loader reads it here: every link and
    attribute, and every numeric dataset that `check_array` passes and that declares at most
    ``limit`` bytes, one at a time. What the child finds wrong is left for the loader to report;
    only how it ends counts here.

    Raises:
        ValueError: the child crashed (the HDF5 library failed on the file) or ran past
            ``PROBE_SECONDS`` plus its size at ``PROBE_BYTES_PER_SECOND``.
    """
    seconds = PROBE_SECONDS + len(data) / PROBE_BYTES_PER_SECOND
    command = [sys.executable, "-c", _CHILD, json.dumps(sys.path), __file__, str(limit)]
    try:
        ended = subprocess.run(command, input=data, capture_output=True, timeout=seconds, check=False)
    except OSError as error:  # no interpreter to start (an embedding application): read it here
        warnings.warn(
            f"{path}: no child process could read it first ({error}); reading it in this process, "
            f"where a damaged file could crash the HDF5 library.",
            RuntimeWarning,
            stacklevel=3,
        )
        return
    except subprocess.TimeoutExpired:
        raise ValueError(
            f"{path}: reading its HDF5 structure did not end within {seconds:.0f} s (a damaged "
            f"file?); nothing was loaded."
        ) from None
    if ended.returncode != 0:
        raise ValueError(
            f"{path}: the HDF5 library crashed reading it (exit status {ended.returncode}: a damaged "
            f"or hostile file); nothing was loaded, and this process was not touched."
        )


def _read_everything(data: bytes, limit: int) -> None:
    """What `probe`'s child does. A Python error in reading one attribute or dataset ends only
    that read (the loader reports it where it reads the same), so the rest is still read; a file
    that `check_contained` refuses is read no further (the loader refuses it first thing)."""
    with open_image(data) as root:
        check_contained(root, "the file")  # before following anything: no other file is opened
        pending: list[Any] = [root]
        while pending:  # hard links only and no group twice, as check_contained found
            item = pending.pop()
            _quietly(_read_attributes, item)
            if isinstance(item, h5py.Group):
                pending.extend(item[name] for name in item)
            else:
                _quietly(_read_dataset, item, limit)


def _read_attributes(item: h5py.HLObject) -> None:
    for name in list(item.attrs):
        _quietly(item.attrs.__getitem__, name)


def _read_dataset(dataset: h5py.Dataset, limit: int) -> None:
    if dataset.dtype.kind in "biuf" and dataset.size * dataset.dtype.itemsize <= limit:
        check_array(dataset, "the file", dataset.name)
        dataset[()]


def _quietly(read: Callable[..., object], *args: Any) -> None:
    with contextlib.suppress(Exception):
        read(*args)


def _refuse(path: str, where: str, what: str) -> ValueError:
    return ValueError(f"{path}: {where} {what}; only data stored inside the file itself is read.")


def check_contained(root: h5py.Group, path: str) -> None:
    """Refuse ``root``'s file unless everything under ``root`` is stored inside it.

    Walks every link without following any but hard links (iteratively: a deep file cannot
    exhaust the stack), and refuses external and soft links, links of other kinds, datasets with
    external or virtual storage, a group reached twice (a cycle, or a group shared by two
    paths, which Keras never writes), and groups nested deeper than `MAX_DEPTH`.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> with h5py.File(buffer, "w") as f:
        ...     f["w"] = np.zeros(3, dtype="f4")
        ...     f["link"] = h5py.ExternalLink("secret.h5", "/data")
        >>> with h5py.File(buffer, "r") as f:
        ...     check_contained(f, "m.h5")
        Traceback (most recent call last):
        ...
        ValueError: m.h5: '/link' is an external link to 'secret.h5' (object '/data'); only data ...
    """
    seen = {_identity(root, path)}
    pending = [(root, root.name.rstrip("/"), 0)]
    while pending:
        group, prefix, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ValueError(
                f"{path}: {prefix!r} is nested deeper than {MAX_DEPTH} groups; Keras nests about 6."
            )
        for name in group:
            where = f"{prefix}/{name}"
            link = group.get(name, getlink=True)
            if isinstance(link, h5py.ExternalLink):
                raise _refuse(
                    path, repr(where), f"is an external link to {link.filename!r} (object {link.path!r})"
                )
            if isinstance(link, h5py.SoftLink):
                raise _refuse(path, repr(where), f"is a soft link to {link.path!r}")
            if not isinstance(link, h5py.HardLink):
                raise _refuse(path, repr(where), f"is a link of an unknown kind ({type(link).__name__})")
            item = group[name]
            if isinstance(item, h5py.Dataset):
                _check_storage(item, path, where)
            elif isinstance(item, h5py.Group):
                identity = _identity(item, path)
                if identity in seen:
                    raise ValueError(
                        f"{path}: the HDF5 group {where!r} is reached a second time (a link cycle or a "
                        f"group linked twice), which a Keras file never holds."
                    )
                seen.add(identity)
                pending.append((item, where, depth + 1))


def _identity(item: h5py.HLObject, path: str) -> Any:
    """The object's identity (equal for two links to one object); h5py cannot tell it for an
    object whose header is damaged."""
    try:
        hash(item.id)
    except TypeError:
        raise ValueError(
            f"{path}: the HDF5 object {item.name!r} is damaged (truncated or corrupted?)."
        ) from None
    return item.id


def _check_storage(dataset: h5py.Dataset, path: str, where: str) -> None:
    if dataset.is_virtual:
        raise _refuse(path, f"the dataset {where!r}", "is a virtual dataset (it maps other files' data)")
    if dataset.external:
        files = ", ".join(repr(_text(entry[0])) for entry in dataset.external)
        raise _refuse(path, f"the dataset {where!r}", f"keeps its data in external file(s) {files}")


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def read_array(dataset: Any, path: str, name: str) -> np.ndarray:
    """The float32 values of a ``dataset`` that `check_array` passes (in a file that
    `check_contained` passed), whose shape the caller has checked against what it expects.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> with h5py.File(buffer, "w") as f:
        ...     f["w"] = np.arange(3, dtype="f8")
        ...     _ = f.create_dataset("bomb", shape=(40000, 40000), dtype="f4", chunks=(1000, 1000))
        >>> f = h5py.File(buffer, "r")
        >>> read_array(f["w"], "m.h5", "w")
        array([0., 1., 2.], dtype=float32)
        >>> read_array(f["bomb"], "m.h5", "bomb")
        Traceback (most recent call last):
        ...
        ValueError: m.h5: weight 'bomb' declares shape (40000, 40000) (6400000000 bytes) but stores 0 ...
        >>> f.close()
    """
    check_array(dataset, path, name)
    return np.asarray(dataset[()], dtype=np.float32)


def check_array(dataset: Any, path: str, name: str) -> None:
    """Refuse ``dataset`` (weight ``name``) unless it is numeric and, when no filter compresses
    it, its storage holds every byte its shape declares: reading it then costs no more than its
    share of the file (or, compressed, than the shape the caller checked)."""
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"{path}: weight {name!r} is an HDF5 {type(dataset).__name__}, not a dataset.")
    if dataset.dtype.kind not in "biuf":
        raise ValueError(f"{path}: weight {name!r} holds {dataset.dtype} values, not numbers.")
    declared = dataset.size * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if stored < declared and not _filtered(dataset):
        raise ValueError(
            f"{path}: weight {name!r} declares shape {dataset.shape} ({declared} bytes) but stores "
            f"{stored} bytes of data; the rest would be fill values that are not in the file."
        )


def _filtered(dataset: h5py.Dataset) -> bool:
    """Whether the dataset passes through any HDF5 filter (its stored size may then be smaller
    than its shape's, legitimately; the caller's shape check bounds what it inflates to)."""
    return dataset.id.get_create_plist().get_nfilters() > 0


if __name__ == "__main__":  # `probe`'s child: the file's bytes on stdin, the limit as last argument
    _quietly(_read_everything, sys.stdin.buffer.read(), int(sys.argv[-1]))  # errors: the loader's
