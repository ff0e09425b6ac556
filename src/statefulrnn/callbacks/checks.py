"""Argument checks the callbacks share."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np


def _check_integer(name: str, value: Any, minimum: int) -> None:
    """An integer (numpy's too, as Keras takes them; not a bool, but a ``verbose`` may be one,
    as Keras's ``verbose=(level >= 2)``) of at least ``minimum``."""
    boolean = isinstance(value, (bool, np.bool_))
    if (boolean and name != "verbose") or not isinstance(value, (Integral, np.bool_)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}. Received: {name}={value!r}")


def _check_frequency(name: str, value: Any) -> None:
    if value != "epoch" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ValueError(
            f"{name} must be 'epoch' or a positive number of batches. Received: {name}={value!r}"
        )


def _check_number(name: str, value: Any) -> None:
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        raise ValueError(f"{name} must be a number. Received: {name}={value!r}")


def _check_patience(value: Any) -> None:
    """A number of epochs to wait, >= 0: an integer, or a float as Keras takes it (only ever
    compared with the epochs waited)."""
    _check_number("patience", value)
    if value < 0:
        raise ValueError(f"patience must be >= 0. Received: patience={value!r}")
