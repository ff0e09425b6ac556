"""Keras 3's asset hooks in a ``.keras`` archive: a layer of the program's own that defines
``save_assets(folder)`` writes files into a folder of its own as the model is saved, and one
that defines ``load_assets(folder)`` reads them back as the model is loaded (keras.io's
"Customizing Saving and Serialization": a vocabulary in a text file).

Each layer of the model gets the folder Keras 3 gives it, ``assets/layers/<key>`` (``<key>`` as
for its weights, `keras_archive.keras_keys`), so a file either library writes loads in the
other. Only the model's own layers are asked (Keras also asks the layers they hold, and the
model). ``load_assets`` gets None where the archive holds no file for the layer, as in Keras.

The variables Keras 3 keeps by name in a layer's group of the weights file (a ``tf_idf``
lookup's ``idf_weights``) reach the lookups through the sibling hook ``load_own_variables``
(`read_own_variables`), before their assets, as in Keras.

Loading writes a layer's files to a temporary folder, only for a layer that asks: each member
passes the archive's size checks (`keras_archive.read_member`), and a name that would leave the
folder (``..``, an absolute path) is refused.

Example:
    >>> import os, tempfile, zipfile
    >>> import numpy as np
    >>> from statefulrnn.layers import Dense
    >>> from statefulrnn.models import Sequential
    >>> class Noted(Dense):
    ...     def save_assets(self, folder):
    ...         with open(os.path.join(folder, "note.txt"), "w") as f:
    ...             f.write("hello")
    >>> model = Sequential([Noted(2, name="noted")])
    >>> _ = model(np.zeros((1, 3)))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
    >>> model.save(path)
    >>> [name for name in zipfile.ZipFile(path).namelist() if name.startswith("assets/")]
    ['assets/layers/noted/note.txt']
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from typing import Any

from .keras_archive import NAMED_VARIABLES, read_member
from .keras_save import keras_layer_paths

__all__ = ["held_outside_weights", "read_assets", "read_own_variables", "write_assets"]

_ASSETS = "assets"


def read_own_variables(h5: Any, model: Any, path: str) -> None:
    """Hand each of ``model``'s layers that defines ``load_own_variables`` the variables Keras 3
    keeps by name in its group of the weights file ``h5`` (`keras_archive.NAMED_VARIABLES`: a
    tf_idf lookup's ``idf_weights``), each checked and read as the weights are; before
    `read_assets`, as Keras loads them.

    Raises:
        ValueError: such a variable that is not a dataset of numbers, or whose storage does
            not hold what its shape declares (`_hdf5_safety.check_array`).
    """
    from ._hdf5_safety import check_array, read_array

    for inner, layer in keras_layer_paths(model):
        load = getattr(layer, "load_own_variables", None)
        variables = h5.get(f"{inner}/vars")
        if not callable(load) or not hasattr(variables, "keys"):
            continue
        store = {}
        for name in NAMED_VARIABLES:
            if name in variables:
                check_array(variables[name], path, f"{inner}/vars/{name}")
                store[name] = read_array(variables[name], path, f"{inner}/vars/{name}")
        load(store)


def write_assets(archive: zipfile.ZipFile, model: Any) -> None:
    """Add to ``archive`` the files each layer's ``save_assets`` writes, under its folder."""
    for inner, layer in keras_layer_paths(model):
        save = getattr(layer, "save_assets", None)
        if not callable(save):
            continue
        with tempfile.TemporaryDirectory() as root:
            folder = os.path.join(root, *inner.split("/"))
            os.makedirs(folder)
            save(folder)
            for directory, _, files in sorted(os.walk(folder)):
                for file in sorted(files):
                    full = os.path.join(directory, file)
                    relative = os.path.relpath(full, root).replace(os.sep, "/")
                    archive.write(full, f"{_ASSETS}/{relative}")


def held_outside_weights(model: Any) -> list[str]:
    """The names of ``model``'s layers that would write files (``save_assets``) or variables of
    their own (``save_own_variables``) into a ``.keras`` archive: what a file of weights alone,
    such as Keras's HDF5 one, would lose (an adapted lookup's vocabulary, its IDF weights)."""
    names = []
    for _, layer in keras_layer_paths(model):
        store: dict[str, Any] = {}
        if callable(own := getattr(layer, "save_own_variables", None)):
            own(store)
        files = False
        if callable(save := getattr(layer, "save_assets", None)):
            with tempfile.TemporaryDirectory() as folder:
                save(folder)
                files = any(found for _, _, found in os.walk(folder))
        if store or files:
            names.append(layer.name)
    return names


def read_assets(path: str, model: Any, limit: int) -> None:
    """Hand each of ``model``'s layers that defines ``load_assets`` its folder of the archive
    at ``path`` (written out to a temporary folder), or None where the archive holds none.

    Raises:
        ValueError: a member too large (see `keras_archive.read_member`), or a member whose
            name leaves its folder.
    """
    hooks = [(inner, getattr(layer, "load_assets", None)) for inner, layer in keras_layer_paths(model)]
    hooks = [(inner, load) for inner, load in hooks if callable(load)]
    if not hooks:
        return
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as root:
        names = archive.namelist()
        for inner, load in hooks:
            prefix = f"{_ASSETS}/{inner}/"
            members = [name for name in names if name.startswith(prefix) and not name.endswith("/")]
            if not members:
                load(None)
                continue
            folder = os.path.join(root, *inner.split("/"))
            for name in members:
                parts = name[len(prefix) :].split("/")
                if any(part in ("", ".", "..") or "\\" in part for part in parts):
                    raise ValueError(f"{path}: the asset {name!r} names a place outside its folder.")
                target = os.path.join(folder, *parts)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as file:
                    file.write(read_member(archive, name, limit, path))
            load(folder)
