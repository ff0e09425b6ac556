"""Argument checks the callbacks share."""

from __future__ import annotations

from typing import Any

import numpy as np


def _check_integer(name: str, value: Any, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}. Received: {name}={value!r}")


def _check_frequency(name: str, value: Any) -> None:
    if value != "epoch" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValueError(
            f"{name} must be 'epoch' or a positive number of batches. Received: {name}={value!r}"
        )


def _check_number(name: str, value: Any) -> None:
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        raise ValueError(f"{name} must be a number. Received: {name}={value!r}")
