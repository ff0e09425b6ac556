"""Keras's ``keras.datasets.mnist``: 70,000 handwritten digits, 28 x 28 grey levels.

Recurrent programs read each image as 28 steps of 28 features. The same file and arrays as
Keras 3.15's ``load_data``, with tf-keras's ``cache_dir``.

Example:
    >>> from statefulrnn.datasets import mnist
    >>> (x_train, y_train), (x_test, y_test) = mnist.load_data()  # doctest: +SKIP
    >>> x_train.shape, x_train.dtype, y_train[:3]  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'), array([5, 0, 4], dtype=uint8))
"""

from __future__ import annotations

import numpy as np

from .files import fetch

__all__ = ["load_data"]


def load_data(
    path: str = "mnist.npz", cache_dir: str | None = None
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x_train, y_train), (x_test, y_test)``.

    Shapes:
        ``x_*`` ``(N, 28, 28)`` uint8 (0-255), ``y_*`` ``(N,)`` uint8 digits; N = 60,000 and 10,000.
    """
    with np.load(fetch("mnist.npz", path, cache_dir), allow_pickle=False) as file:
        return (file["x_train"], file["y_train"]), (file["x_test"], file["y_test"])
