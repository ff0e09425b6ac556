"""Argument checks the optimizers share: each normalizes a value or raises a clear error."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

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


def _epsilon(owner: str, name: str, value: Any) -> float:
    """A non-negative float, or None for Keras's fuzz factor (``keras.backend.epsilon()``, read
    now): Keras 2's ``Adam(epsilon=None)``."""
    if value is None:
        from ..backend import epsilon

        return epsilon()
    return _non_negative(owner, name, value)


def _optional_non_negative(owner: str, name: str, value: Any) -> float | None:
    return None if value is None else _non_negative(owner, name, value)


def _optional_count(owner: str, name: str, value: Any, least: int) -> int | None:
    """None, or an int at least ``least``; 0 means None, as Keras reads it (``if value:``)."""
    if value is None or (isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value == 0):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise ValueError(f"{owner}: {name} must be an integer >= {least} or None. Received: {name}={value!r}")
    return int(value)


def _check_learning_rate(owner: str, value: Any) -> float:
    return _non_negative(owner, "learning_rate", value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


_ARGUMENT_HINTS = {
    "alpha": "RMSprop's decay rate is rho= in Keras",
    "eps": "write epsilon= (Keras's spelling)",
    "betas": "write beta_1= and beta_2= (Keras's spelling)",
    "adaptive_epsilon": "tf-keras's Adam(adaptive_epsilon=True) is not supported (Keras 3 lacks it)",
    "schedule_decay": (
        "Keras 2's Nadam scaled its momentum schedule's exponent by it (0.96 ** (t * schedule_decay)); "
        "Nadam since Keras 2.11, as this one, uses 0.96 ** t: drop it, or use Keras 2's, "
        "statefulrnn.optimizers.legacy.Nadam"
    ),
}


def _checked_pairs(
    owner: str, grads: list[Any], variables: list[Any], known: Mapping[int, Any] | None
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """``(gradient, variable)`` for each variable with a gradient (as tensors on its device),
    after the checks `KerasOptimizer.apply` makes before it changes anything; ``known``: the
    ids of the parameters a built optimizer holds (None when unbuilt)."""
    if len(grads) != len(variables):
        raise ValueError(
            f"{owner}.apply: got {len(grads)} gradients for {len(variables)} variables; they pair one to one."
        )
    for index, variable in enumerate(variables):
        if not isinstance(variable, torch.Tensor):
            raise TypeError(
                f"{owner}.apply: variables must be the model's Parameters (model.trainable_variables). "
                f"Received at index {index}: {type(variable).__name__}"
            )
        if known is not None and id(variable) not in known:
            raise ValueError(
                f"{owner}.apply: variable {index} (a tensor of shape {tuple(variable.shape)}) is not one "
                "this optimizer was built with. Pass the model's Parameters (model.trainable_variables, "
                "not the Keras-layout views in model.weights), or make a new optimizer for new variables."
            )
    if len({id(v) for v in variables}) != len(variables):
        raise ValueError(f"{owner}.apply: a variable appears more than once in trainable_variables.")
    pairs = []
    for index, (grad, variable) in enumerate(zip(grads, variables)):
        if grad is None:
            continue
        grad = torch.as_tensor(grad, device=variable.device)
        if grad.shape != variable.shape:
            raise ValueError(
                f"{owner}.apply: gradient {index} has shape {tuple(grad.shape)}, but its variable has shape "
                f"{tuple(variable.shape)}."
            )
        pairs.append((grad, variable))
    if not pairs:
        raise ValueError(f"{owner}.apply: no gradients provided for any variable (all are None).")
    return pairs
