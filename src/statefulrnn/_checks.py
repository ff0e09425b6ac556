"""Argument checks shared across the package (a leaf module: it imports nothing of ours)."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import torch


def positive_int(name: str, value: Any) -> int:
    """``value`` as an int if it is a positive integer (numpy's too, or a tensor of one integer,
    as tf-keras's ``int(units)`` takes ``Dense(tf.reduce_prod(shape))``; not a bool), else a
    ValueError naming ``name``.

    Example:
        >>> positive_int("units", np.int64(4)), positive_int("units", torch.tensor(6))
        (4, 6)
    """
    if isinstance(value, torch.Tensor) and value.ndim == 0 and not value.is_floating_point():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer. Received: {name}={value!r}")
    return int(value)


def as_mask(mask: Any) -> torch.Tensor:
    """A Keras mask (a tensor, array or nested list of booleans or 0/1; True on real steps) as
    a bool tensor.

    Raises:
        TypeError: values that are not booleans (or 0/1).

    Example:
        >>> as_mask([[1, 0]])
        tensor([[ True, False]])
    """
    tensor = mask if isinstance(mask, torch.Tensor) else torch.from_numpy(np.asarray(mask))
    if tensor.dtype != torch.bool:
        if tensor.is_floating_point() or not bool(((tensor == 0) | (tensor == 1)).all()):
            raise TypeError(
                f"A mask must be booleans of shape (batch, time) (or of an input's leading axes). "
                f"Received: dtype {tensor.dtype}"
            )
        tensor = tensor.bool()
    return tensor
