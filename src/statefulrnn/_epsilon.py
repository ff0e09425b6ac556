"""Keras's fuzz factor, ``backend.epsilon()``: the small number its losses, metrics,
constraints and normalisations clip to or add to a denominator, 1e-7 unless `set_epsilon`
changed it.

Every such site reads `epsilon()` when it computes, as Keras's do, so a program's
``keras.config.set_epsilon(1e-8)`` (``K.set_epsilon`` in Keras 2) moves all of them at once.
Optimizers keep their own ``epsilon`` argument (1e-7 by default) and layers such as
``BatchNormalization`` theirs, as in Keras. This module imports nothing of statefulrnn, so the
losses and regularizers read it without a cycle; `statefulrnn.backend` and `statefulrnn.config`
export its two functions.

Example:
    >>> epsilon()
    1e-07
    >>> set_epsilon(1e-5); epsilon()
    1e-05
    >>> set_epsilon(1e-7)
"""

from __future__ import annotations

import math
from numbers import Real

_VALUE = [1e-7]


def epsilon() -> float:
    """The fuzz factor: ``1e-7`` unless `set_epsilon` changed it."""
    return _VALUE[0]


def set_epsilon(value: float) -> None:
    """Make every loss, metric, constraint and normalisation that Keras fuzzes with
    ``backend.epsilon()`` use ``value`` from now on, as Keras's ``set_epsilon``.

    Raises:
        TypeError: not a real number.
        ValueError: not finite and above 0 (Keras takes anything; an epsilon of 0 or below
            undoes the clipping it is there for, giving NaN and infinite losses).
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"set_epsilon expects a positive float; received {value!r} ({type(value).__name__}).")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"set_epsilon expects a finite float above 0; received {value!r}.")
    _VALUE[0] = float(value)
