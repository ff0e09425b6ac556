"""Keras's ``keras.datasets.fashion_mnist``: 70,000 images of clothing in 10 classes, 28 x 28.

The same four files (in the cache's ``datasets/fashion-mnist``) and arrays as Keras 3.15's
``load_data``.

Example:
    >>> from statefulrnn.datasets import fashion_mnist
    >>> (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()  # doctest: +SKIP
    >>> x_train.shape, y_test.shape  # doctest: +SKIP
    ((60000, 28, 28), (10000,))
"""

from __future__ import annotations

import gzip
import os

import numpy as np

from .files import fetch

__all__ = ["load_data"]


def load_data() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x_train, y_train), (x_test, y_test)``: read from the IDX files as Keras reads them
    (labels after an 8-byte header, images after a 16-byte one).

    Shapes:
        ``x_*`` ``(N, 28, 28)`` uint8, ``y_*`` ``(N,)`` uint8 classes; N = 60,000 and 10,000.
    """
    sets = []
    for prefix in ("train", "t10k"):
        labels = _read(f"{prefix}-labels-idx1-ubyte.gz", 8)
        images = _read(f"{prefix}-images-idx3-ubyte.gz", 16).reshape(len(labels), 28, 28)
        sets.append((images, labels))
    return sets[0], sets[1]


def _read(file: str, header: int) -> np.ndarray:
    with gzip.open(fetch(file, cache_subdir=os.path.join("datasets", "fashion-mnist")), "rb") as content:
        return np.frombuffer(content.read(), np.uint8, offset=header)
