"""Keras 3 files: the ``.keras`` zip archive and the ``.weights.h5`` weights file.

A ``.keras`` file is a zip holding ``config.json`` (the model config: nested
``{"module", "class_name", "config", "registered_name"}`` objects), ``metadata.json``
(``keras_version``) and ``model.weights.h5``. In the weights file every layer of the model is
a group ``layers/<key>``, where ``<key>`` is Keras's snake_case class name made unique with a
counter (``gru``, ``gru_1``, ...) in the order of ``model.layers``; the group's weights are
``vars/0``, ``vars/1``, ... and a wrapped layer's own are in sub-groups (``cell/vars`` for an
RNN layer; ``forward_layer/cell/vars`` then ``backward_layer/cell/vars`` for
Bidirectional; ``layer/vars`` for TimeDistributed; ``cell/cells/<key>/vars`` for each cell of
a ``StackedRNNCells``, keyed like layers). Keras 3.15 also stores the layer's name as the
``name`` attribute of its ``vars`` group, which is what this reader matches on when it can.

Only JSON text and arrays are read; the archive is never extracted to disk. A member is read
only if its declared size is within the caller's limit and it does not inflate more than
`MAX_RATIO` times its compressed size (Keras's members are JSON of a few KB and weights that
barely compress), and never more bytes than declared: a zip bomb costs nothing to refuse. The
weights come back as HDF5 datasets, read by the caller once their shapes are known to fit.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..layers.base import snake_case
from .keras_config import MAX_CONFIG_BYTES, parse_config
from .keras_h5 import attribute

__all__ = ["keras_keys", "layer_arrays", "open_archive", "read_member", "weights_by_key"]

# Sub-groups that hold a layer's wrapped layers' weights, in Keras's weight order (then
# MultiHeadAttention's projections, under its attributes' public names, and GroupQueryAttention's,
# under the private ones).
_CHILD_ORDER = (
    "cell", "layer", "forward_layer", "backward_layer",
    "query_dense", "key_dense", "gate_dense", "value_dense", "output_dense",
    "_query_dense", "_key_dense", "_gate_dense", "_value_dense", "_output_dense",
)  # fmt: skip


# How much more than its compressed size a member larger than `_RATIO_FROM` may inflate to.
# Deflated float weights shrink by a few percent and a Keras config by about 10 times.
MAX_RATIO = 100
_RATIO_FROM = 2**20


def open_archive(path: str, limit: int) -> tuple[dict[str, Any], bytes]:
    """``(config, weights_h5_bytes)`` of a ``.keras`` archive whose members inflate to at
    most ``limit`` bytes each (``config.json``: at most `MAX_CONFIG_BYTES`).

    Raises:
        ValueError: not a readable archive, a member missing, or a member too large.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            config_text = read_member(archive, "config.json", min(limit, MAX_CONFIG_BYTES), path)
            weights = read_member(archive, "model.weights.h5", limit, path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
        raise ValueError(
            f"{path} is not a readable Keras .keras archive (truncated or corrupted?): {error}"
        ) from None
    return parse_config(config_text, f"{path}: config.json"), weights


def read_member(archive: zipfile.ZipFile, name: str, limit: int, path: str) -> bytes:
    """One member's bytes, refused before inflating when its declared size is too large."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ValueError(f"{path} is not a Keras 3 .keras archive: it has no {name}.") from None
    if info.file_size > limit:
        raise ValueError(
            f"{path}: {name} inflates to {info.file_size} bytes; at most {limit} are read from this file."
        )
    if info.file_size > max(_RATIO_FROM, MAX_RATIO * info.compress_size):
        raise ValueError(
            f"{path}: {name} inflates {info.file_size} bytes from {info.compress_size}, more than "
            f"{MAX_RATIO} times; a Keras archive's members do not compress that well (a zip bomb?)."
        )
    with archive.open(info) as member:
        data = member.read(limit + 1)  # zipfile stops at the declared size; checked all the same
    if len(data) > limit:
        raise ValueError(f"{path}: {name} inflates past the {limit} bytes this file may ask for.")
    return data


def _natural(key: str) -> tuple[str, int]:
    """``lstm_cell_10`` after ``lstm_cell_2``: Keras's counter as a number."""
    stem, _, number = key.rpartition("_")
    return (stem, int(number)) if number.isdigit() and stem else (key, -1)


# The variables Keras 3 keeps by name in a layer's group, which the layer reads itself.
NAMED_VARIABLES = ("idf_weights",)


def layer_arrays(group: Any, cells: Sequence[str] = ()) -> list[Any]:
    """All weights of one layer group in Keras order: its own ``vars``, then its wrapped
    layers' (``cell``; ``layer``; ``forward_layer`` then ``backward_layer``; then any other
    sub-group by name).

    ``cells`` are the classes of a ``StackedRNNCells``' cells, in order: their groups under
    ``cells`` are keyed by class (``lstm_cell``, ``gru_cell``, ``lstm_cell_1``), which the
    file lists by name, not in the stack's order.
    """
    if not hasattr(group, "keys"):
        raise ValueError(f"{group.name!r} is a dataset where a group of weights belongs")
    arrays = []
    if "vars" in group:
        variables = group["vars"]
        # A lookup's variables by name (a tf_idf layer's idf_weights) are its own to read
        # (`keras_assets.read_own_variables`), not weights in order.
        keys = list(variables) if hasattr(variables, "keys") else None
        numbered = [key for key in keys or () if key not in NAMED_VARIABLES]
        if keys is None or not all(key.isascii() and key.isdigit() for key in numbered):
            raise ValueError(f"{variables.name!r} is not a group of weights named 0, 1, ...")
        for key in sorted(numbered, key=int):
            if not hasattr(variables[key], "shape"):
                raise ValueError(f"{variables.name}/{key} is not a dataset")
            arrays.append(variables[key])
    children = [key for key in _CHILD_ORDER if key in group]
    children += sorted(
        (key for key in group if key not in children and key != "vars" and hasattr(group[key], "keys")),
        key=_natural,
    )
    if group.name.rpartition("/")[2] == "cells" and cells:
        keys = keras_keys(list(cells))
        children = keys + [key for key in children if key not in keys]
    for key in children:
        if key not in group:
            raise ValueError(f"no weights for the cell {key!r} of {group.name!r}")
        arrays += layer_arrays(group[key], cells)
    return arrays


def weights_by_key(
    h5: Any, path: str, stacks: Mapping[str, Sequence[str]] | None = None
) -> dict[str, tuple[str | None, list[Any]]]:
    """``{key: (stored layer name or None, datasets)}`` for each group under ``layers/``;
    ``stacks`` gives the cell classes of a layer whose cell is a ``StackedRNNCells``, by key."""
    if not hasattr(h5.get("layers"), "keys"):
        raise ValueError(f"{path}: no 'layers' group; not a Keras 3 weights file.")
    result = {}
    for key in h5["layers"]:
        group = h5["layers"][key]
        if not hasattr(group, "keys"):
            raise ValueError(f"{path}: 'layers/{key}' is not a group of weights.")
        name = attribute(group["vars"], "name", path) if hasattr(group.get("vars"), "attrs") else None
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if not isinstance(name, (str, type(None))):
            raise ValueError(
                f"{path}: the name of 'layers/{key}' is not text. Received: {type(name).__name__}"
            )
        try:
            arrays = layer_arrays(group, (stacks or {}).get(key, ()))
        except ValueError as error:
            raise ValueError(f"{path}: {error}.") from None
        result[key] = (name, arrays)
    return result


def keras_keys(class_names: list[str]) -> list[str]:
    """Keras 3's group keys for layers of these classes, in order (``dense``, ``dense_1``): the
    snake_case of Keras's Python class, which for ``GroupQueryAttention`` is
    ``GroupedQueryAttention``."""
    used: dict[str, int] = {}
    keys = []
    for class_name in class_names:
        key = snake_case(_PYTHON_CLASSES.get(class_name, class_name))
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        keys.append(key)
    return keys


# Keras exports these classes under another name than their Python class's, which names groups
# (a functional model used as a layer is Keras 3's ``Functional``, whatever it was made as).
_PYTHON_CLASSES = {"GroupQueryAttention": "GroupedQueryAttention", "Model": "Functional"}
