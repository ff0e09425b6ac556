"""What Keras's dataset loaders share: the files (where Keras fetches them, their hashes), reading
an ``.npz`` file without unpickling, the shuffled train/test split and the word-index rules of
imdb and reuters.

The hashes are Keras 3.15's; a file in the cache that does not match is fetched again, as Keras
does (see `statefulrnn.utils.get_file`).
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..data.download import get_file
from .object_arrays import read_object_array

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# Each file's sha256 (md5 for the word indexes), as Keras checks it; None: not checked (Keras's).
KERAS_FILES: dict[str, str | None] = {
    "mnist.npz": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    "imdb.npz": "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    "imdb_word_index.json": "bfafd718b763782e994055a2d397834f",
    "reuters.npz": "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
    "reuters_word_index.json": "4d44cc38712099c9e383dc6e5f11a921",
    "boston_housing.npz": "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
    "california_housing.npz": "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f",
    "train-labels-idx1-ubyte.gz": None,
    "train-images-idx3-ubyte.gz": None,
    "t10k-labels-idx1-ubyte.gz": None,
    "t10k-images-idx3-ubyte.gz": None,
}


def fetch(
    file: str, path: str | None = None, cache_dir: str | None = None, cache_subdir: str = "datasets"
) -> str:
    """The local path of Keras's dataset ``file``, cached as ``path`` (default its own name),
    downloaded and checked as Keras does."""
    return get_file(
        path or file, origin=ORIGIN + file, file_hash=KERAS_FILES[file], cache_dir=cache_dir,
        cache_subdir=cache_subdir,
    )  # fmt: skip


def word_index(file: str, path: str) -> dict[str, int]:
    """Keras's word index ``file`` (imdb's or reuters's JSON), cached as ``path``: each word's
    rank by frequency, 1 for the most frequent."""
    with open(fetch(file, path), encoding="utf-8") as index:
        return json.load(index)


def load_npz(path: str) -> dict[str, np.ndarray]:
    """The arrays of the ``.npz`` file at ``path``, by name: numeric arrays as numpy reads them
    with pickles refused, object arrays of integer lists through `read_object_array`.

    Raises:
        ValueError: a member that is neither (see `read_object_array`).
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                arrays[member[: -len(".npy")]] = _read_npy(archive.read(member), f"{path}:{member}")
    return arrays


def _read_npy(content: bytes, what: str) -> np.ndarray:
    file = io.BytesIO(content)
    version = np.lib.format.read_magic(file)
    # The 3.0 header differs from 2.0 only in being UTF-8 rather than latin-1 text.
    header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, _, dtype = header(file)
    if not dtype.hasobject:
        file.seek(0)
        return np.lib.format.read_array(file, allow_pickle=False)
    array = read_object_array(content[file.tell() :], what)
    if array.shape != shape:
        raise ValueError(f"{what}: its header gives shape {shape}, its data {array.shape}")
    return array


def shuffled_split(
    x: np.ndarray, y: np.ndarray, test_split: float, seed: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x, y)`` in the order of Keras's shuffle (numpy's ``RandomState(seed)``), cut into
    ``(train, test)`` at ``1 - test_split``, as boston_housing and california_housing do."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))


def check_test_split(test_split: float) -> None:
    """Keras's check, made before any download.

    Raises:
        ValueError: ``test_split`` outside [0, 1).
    """
    if not 0 <= test_split < 1:
        raise ValueError(
            f"Invalid `test_split` argument: {test_split}. It must be between 0 and 1 (exclusive of 1)."
        )


def word_arguments(num_words: int | None, kwargs: dict[str, Any], loader: str) -> int | None:
    """``num_words``, or Keras 1's ``nb_words`` among ``kwargs`` with tf-keras's warning; any
    other keyword is refused (Keras 3 would ignore it silently)."""
    if "nb_words" in kwargs:
        warnings.warn(
            "The `nb_words` argument in `load_data` has been renamed `num_words`.", UserWarning, stacklevel=3
        )
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"{loader}.load_data got unrecognized keyword arguments: {kwargs}.")
    return num_words


def indexed(sequences: Any, start_char: int | None, index_from: int) -> list[list[int]]:
    """Each sequence's word indexes moved up by ``index_from``, after ``start_char`` (if any)."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in sequences]
    return [[w + index_from for w in x] for x in sequences]


def remove_long_seq(maxlen: int, sequences: Sequence[Any], labels: Sequence[Any]) -> tuple[list, list]:
    """The sequences shorter than ``maxlen`` and their labels (Keras's rule: one of exactly
    ``maxlen`` goes too)."""
    kept = [(x, y) for x, y in zip(sequences, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def in_vocabulary(
    sequences: list[list[int]], num_words: int | None, skip_top: int, oov_char: int | None
) -> list[list[int]]:
    """Indexes in ``[skip_top, num_words)`` kept, the others ``oov_char`` (dropped when None);
    ``num_words`` None or 0: up to the largest index there."""
    if not num_words:
        num_words = max(max(x) for x in sequences)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in sequences]
    return [[w for w in x if skip_top <= w < num_words] for x in sequences]
