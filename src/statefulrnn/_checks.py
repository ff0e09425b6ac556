"""Argument checks shared across the package (a leaf module: it imports nothing of ours)."""

from __future__ import annotations

from numbers import Integral
from typing import Any


def positive_int(name: str, value: Any) -> int:
    """``value`` as an int if it is a positive integer (numpy's too, not a bool), else a
    ValueError naming ``name``.

    Example:
        >>> positive_int("units", np.int64(4))
        4
    """
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer. Received: {name}={value!r}")
    return int(value)
