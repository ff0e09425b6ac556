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
"""

from __future__ import annotations

from typing import Any

import h5py
import numpy as np

__all__ = ["MAX_DEPTH", "check_array", "check_contained", "read_array"]

MAX_DEPTH = 64


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
