"""Record Keras 3's ``keras.datasets`` loaders on small files in Keras's own formats.

Run in the Keras venv (Keras 3 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/datasets.py
Writes tests/fixtures/datasets/sources/: stand-ins for Keras's downloads (``imdb.npz`` and
``reuters.npz`` with their ragged sequences as object arrays, as numpy pickles them;
``mnist.npz``, the housing ``.npz`` files, the four fashion-mnist IDX ``.gz`` files, the word
indexes), made by `write_sources` from a fixed seed; and tests/fixtures/datasets/expected.npz:
what Keras's ``load_data`` returns for each of `CASES`, its ``get_file`` pointed at those files
(the real ones are tens of megabytes and need the network). An object array is kept as
``<case>__<key>__values`` (every list's items, joined), ``__lengths`` and ``__shape``; any
other array as ``<case>__<key>``.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "datasets"
SOURCES = OUT / "sources"

CASES = {
    "imdb_default": ("imdb", {}),
    "imdb_num_words": ("imdb", {"num_words": 100}),
    "imdb_skip_top": ("imdb", {"num_words": 150, "skip_top": 5}),
    "imdb_maxlen": ("imdb", {"maxlen": 15}),
    "imdb_no_start": ("imdb", {"start_char": None, "seed": 7}),
    "imdb_drop_oov": ("imdb", {"num_words": 100, "oov_char": None}),
    "imdb_raw_indexes": ("imdb", {"start_char": None, "index_from": 0}),
    "reuters_default": ("reuters", {}),
    "reuters_num_words": ("reuters", {"num_words": 100, "test_split": 0.5}),
    "reuters_maxlen": ("reuters", {"maxlen": 20, "seed": 1}),
    "reuters_drop_oov": ("reuters", {"skip_top": 3, "oov_char": None, "num_words": 120}),
    "mnist_default": ("mnist", {}),
    "fashion_mnist_default": ("fashion_mnist", {}),
    "boston_housing_default": ("boston_housing", {}),
    "boston_housing_split": ("boston_housing", {"test_split": 0.3, "seed": 5}),
    "california_housing_default": ("california_housing", {}),
    "california_housing_small": ("california_housing", {"version": "small", "test_split": 0.1}),
}

FASHION_FILES = [
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
]


def _ragged(rng: np.random.Generator, count: int, longest: int, words: int) -> np.ndarray:
    """``count`` lists of word ranks (1 = most frequent), as Keras's files hold texts."""
    array = np.empty(count, dtype=object)
    for index in range(count):
        array[index] = [int(w) for w in rng.integers(1, words, size=int(rng.integers(1, longest)))]
    return array


def _idx(path: Path, magic: int, values: np.ndarray) -> None:
    header = struct.pack(">ii", magic, len(values)) + b"".join(struct.pack(">i", n) for n in values.shape[1:])
    with gzip.GzipFile(path, "wb", mtime=0) as file:  # the same bytes each run
        file.write(header + values.astype(np.uint8).tobytes())


def write_sources(folder: Path) -> None:
    """The stand-in files, the same bytes each run (numpy pickles object arrays with protocol 3)."""
    rng = np.random.default_rng(20261205)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(
        folder / "imdb.npz",
        x_train=_ragged(rng, 40, 30, 300), y_train=rng.integers(0, 2, 40),
        x_test=_ragged(rng, 30, 30, 300), y_test=rng.integers(0, 2, 30),
    )  # fmt: skip
    np.savez(folder / "reuters.npz", x=_ragged(rng, 60, 40, 400), y=rng.integers(0, 46, 60))
    sizes = ((256, (12, 28, 28)), (10, 12), (256, (5, 28, 28)), (10, 5))
    digits = [rng.integers(0, high, size).astype(np.uint8) for high, size in sizes]
    np.savez(folder / "mnist.npz", **dict(zip(("x_train", "y_train", "x_test", "y_test"), digits)))
    np.savez(folder / "boston_housing.npz", x=rng.normal(size=(50, 13)), y=rng.normal(20, 5, 50))
    np.savez(
        folder / "california_housing.npz",
        x=rng.normal(size=(700, 8)).astype(np.float32), y=rng.normal(2e5, 5e4, 700).astype(np.float32),
    )  # fmt: skip
    fashion = folder / "fashion-mnist"
    fashion.mkdir(exist_ok=True)
    for prefix, count in (("train", 9), ("t10k", 4)):
        _idx(fashion / f"{prefix}-labels-idx1-ubyte.gz", 2049, rng.integers(0, 10, count))
        _idx(fashion / f"{prefix}-images-idx3-ubyte.gz", 2051, rng.integers(0, 256, (count, 28, 28)))
    for name, words in (("imdb", 300), ("reuters", 400)):
        index = {f"word{rank}": rank for rank in range(1, words)}
        (folder / f"{name}_word_index.json").write_text(json.dumps(index))


def flatten(case: str, outputs: tuple) -> dict[str, np.ndarray]:
    """``load_data``'s outputs by name, object arrays as values, lengths and shape (shared with
    the test, which flattens its own outputs the same way)."""
    (x_train, y_train), (x_test, y_test) = outputs
    arrays = {}
    for key, array in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)):
        if array.dtype == object:
            items = [list(item) for item in array.reshape(-1)]
            arrays[f"{case}__{key}__values"] = np.array([w for item in items for w in item], dtype=np.int64)
            arrays[f"{case}__{key}__lengths"] = np.array([len(item) for item in items], dtype=np.int64)
            arrays[f"{case}__{key}__shape"] = np.array(array.shape, dtype=np.int64)
        else:
            arrays[f"{case}__{key}"] = array
    return arrays


def main() -> None:
    import importlib

    write_sources(SOURCES)

    def local_file(fname, origin=None, cache_subdir="datasets", **_):
        name = os.path.basename(origin)  # Keras's own file, whatever fname the program caches it as
        folder = SOURCES / "fashion-mnist" if "fashion" in str(cache_subdir) else SOURCES
        return str(folder / name)

    expected = {"cases": json.dumps(CASES)}
    for case, (dataset, options) in CASES.items():
        module = importlib.import_module(f"keras.src.datasets.{dataset}")
        module.get_file = local_file
        expected.update(flatten(case, module.load_data(**options)))
    np.savez(OUT / "expected.npz", **expected)
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
