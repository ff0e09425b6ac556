"""Keras's ``keras.datasets.boston_housing``: 506 Boston districts of the 1970s, 13 features
each, and their median home value (in thousands of dollars).

The same file, split and arrays as Keras 3.15's ``load_data``.

Example:
    >>> from statefulrnn.datasets import boston_housing
    >>> (x_train, y_train), (x_test, y_test) = boston_housing.load_data()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((404, 13), (102, 13))
"""

from __future__ import annotations

import numpy as np

from .files import check_test_split, fetch, shuffled_split

__all__ = ["load_data"]


def load_data(
    path: str = "boston_housing.npz", test_split: float = 0.2, seed: int = 113
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x_train, y_train), (x_test, y_test)``: the districts shuffled by ``seed``, the last
    ``test_split`` of them for testing.

    Shapes:
        ``x_*`` ``(N, 13)`` float64, ``y_*`` ``(N,)`` float64.

    Raises:
        ValueError: ``test_split`` outside [0, 1).
    """
    check_test_split(test_split)
    with np.load(fetch("boston_housing.npz", path), allow_pickle=False) as file:
        x, y = file["x"], file["y"]
    return shuffled_split(x, y, test_split, seed)
