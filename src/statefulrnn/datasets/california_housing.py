"""Keras's ``keras.datasets.california_housing``: 20,640 California districts of the 1990
census, 8 features each, and their median house value (in dollars).

The same file, versions, split and arrays as Keras 3.15's ``load_data``.

Example:
    >>> from statefulrnn.datasets import california_housing
    >>> (x_train, y_train), _ = california_housing.load_data(version="small")  # doctest: +SKIP
    >>> x_train.shape  # doctest: +SKIP
    (480, 8)
"""

from __future__ import annotations

import numpy as np

from .files import check_test_split, fetch, shuffled_split

__all__ = ["load_data"]


def load_data(
    version: str = "large", path: str = "california_housing.npz", test_split: float = 0.2, seed: int = 113
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``(x_train, y_train), (x_test, y_test)``: every district (``version="large"``) or the
    first 600 (``"small"``), shuffled by ``seed``, the last ``test_split`` for testing.

    Shapes:
        ``x_*`` ``(N, 8)`` float32, ``y_*`` ``(N,)`` float32.

    Raises:
        ValueError: ``test_split`` outside [0, 1), or another ``version``.
    """
    check_test_split(test_split)
    with np.load(fetch("california_housing.npz", path), allow_pickle=False) as file:
        x, y = file["x"], file["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    elif version != "large":
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: version={version}")
    return shuffled_split(x, y, test_split, seed)
