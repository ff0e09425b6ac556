"""Argument checks the optimizers share: each normalizes a value or raises a clear error."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Validator = Callable[[str, str, Any], Any]


def _as_float(owner: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{owner}: {name} must be a float. Received: {name}={value!r} ({type(value).__name__})"
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be finite. Received: {name}={value!r}")
    return number


def _interval(low: float, high: float | None, *, closed: bool) -> Validator:
    """A check that a float lies in ``[low, high]`` (``closed``) or ``[low, high)``."""
    shown = f"[{low:g}, {'inf)' if high is None else f'{high:g}' + (']' if closed else ')')}"

    def check(owner: str, name: str, value: Any) -> float:
        number = _as_float(owner, name, value)
        if number < low or (high is not None and (number > high if closed else number >= high)):
            raise ValueError(f"{owner}: {name} must be in {shown}. Received: {name}={value!r}")
        return number

    return check


def _boolean(owner: str, name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be True or False. Received: {name}={value!r}")
    return bool(value)


def _optional_positive(owner: str, name: str, value: Any) -> float | None:
    if value is None:
        return None
    number = _as_float(owner, name, value)
    if number <= 0:
        raise ValueError(f"{owner}: {name} must be a positive float or None. Received: {name}={value!r}")
    return number


_non_negative = _interval(0.0, None, closed=False)
_unit_closed = _interval(0.0, 1.0, closed=True)
_unit_open = _interval(0.0, 1.0, closed=False)


def _optional_non_negative(owner: str, name: str, value: Any) -> float | None:
    return None if value is None else _non_negative(owner, name, value)


def _check_learning_rate(owner: str, value: Any) -> float:
    return _non_negative(owner, "learning_rate", value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


_ARGUMENT_HINTS = {
    "lr": "write learning_rate= (Keras's spelling)",
    "alpha": "RMSprop's decay rate is rho= in Keras",
    "eps": "write epsilon= (Keras's spelling)",
    "betas": "write beta_1= and beta_2= (Keras's spelling)",
    "adaptive_epsilon": "tf-keras's Adam(adaptive_epsilon=True) is not supported (Keras 3 lacks it)",
}
