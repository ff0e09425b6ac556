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

Only JSON text and arrays are read; the archive is never extracted to disk.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..layers.base import snake_case

__all__ = ["keras_keys", "layer_arrays", "open_archive", "weights_by_key"]

# Sub-groups that hold a layer's wrapped layers' weights, in Keras's weight order.
_CHILD_ORDER = ("cell", "layer", "forward_layer", "backward_layer")


def open_archive(path: str) -> tuple[dict[str, Any], bytes]:
    """``(config, weights_h5_bytes)`` of a ``.keras`` archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for needed in ("config.json", "model.weights.h5"):
                if needed not in names:
                    raise ValueError(f"{path} is not a Keras 3 .keras archive: it has no {needed}.")
            config_text = archive.read("config.json")
            weights = archive.read("model.weights.h5")
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(
            f"{path} is not a readable Keras .keras archive (truncated or corrupted?): {error}"
        ) from None
    try:
        config = json.loads(config_text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: config.json is not valid JSON ({error}).") from None
    if not isinstance(config, dict):
        raise ValueError(f"{path}: config.json is not a JSON object.")
    return config, weights


def as_file(data: bytes) -> io.BytesIO:
    """Bytes of an HDF5 file as a file object h5py can open."""
    return io.BytesIO(data)


def _natural(key: str) -> tuple[str, int]:
    """``lstm_cell_10`` after ``lstm_cell_2``: Keras's counter as a number."""
    stem, _, number = key.rpartition("_")
    return (stem, int(number)) if number.isdigit() and stem else (key, -1)


def layer_arrays(group: Any, cells: Sequence[str] = ()) -> list[np.ndarray]:
    """All weights of one layer group in Keras order: its own ``vars``, then its wrapped
    layers' (``cell``; ``layer``; ``forward_layer`` then ``backward_layer``; then any other
    sub-group by name).

    ``cells`` are the classes of a ``StackedRNNCells``' cells, in order: their groups under
    ``cells`` are keyed by class (``lstm_cell``, ``gru_cell``, ``lstm_cell_1``), which the
    file lists by name, not in the stack's order.
    """
    arrays = []
    if "vars" in group:
        variables = group["vars"]
        arrays += [np.asarray(variables[key][()], dtype=np.float32) for key in sorted(variables, key=int)]
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
) -> dict[str, tuple[str | None, list[np.ndarray]]]:
    """``{key: (stored layer name or None, arrays)}`` for each group under ``layers/``;
    ``stacks`` gives the cell classes of a layer whose cell is a ``StackedRNNCells``, by key."""
    if "layers" not in h5:
        raise ValueError(f"{path}: no 'layers' group; not a Keras 3 weights file.")
    result = {}
    for key in h5["layers"]:
        group = h5["layers"][key]
        name = group["vars"].attrs.get("name") if "vars" in group else None
        if isinstance(name, bytes):
            name = name.decode("utf-8")
        try:
            arrays = layer_arrays(group, (stacks or {}).get(key, ()))
        except ValueError as error:
            raise ValueError(f"{path}: {error}.") from None
        result[key] = (name, arrays)
    return result


def keras_keys(class_names: list[str]) -> list[str]:
    """Keras 3's group keys for layers of these classes, in order (``dense``, ``dense_1``)."""
    used: dict[str, int] = {}
    keys = []
    for class_name in class_names:
        key = snake_case(class_name)
        if key in used:
            used[key] += 1
            key = f"{key}_{used[key]}"
        else:
            used[key] = 0
        keys.append(key)
    return keys
