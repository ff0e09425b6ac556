"""Activation functions by their Keras names.

Example:
    >>> import torch
    >>> get("relu")(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.nn import functional as F

Activation = Callable[[torch.Tensor], torch.Tensor]


def linear(x: torch.Tensor) -> torch.Tensor:
    """The identity, Keras's ``"linear"`` (and ``activation=None``)."""
    return x


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """``1 / (1 + exp(-x))``, Keras's ``"sigmoid"``.

    The result remembers its logits (``_keras_logits``), as Keras's does, so that binary
    crossentropy works from the logits the way Keras on TensorFlow does (a saturated output
    with logit 20 costs 20, not the ``-log(1e-7)`` of its clipped probability). A recurrent
    cell's gates (``recurrent_activation="sigmoid"``) get ``torch.sigmoid`` itself (see `get`).

    Example:
        >>> y = sigmoid(torch.tensor([20.0]))
        >>> y, y._keras_logits
        (tensor([1.]), tensor([20.]))
    """
    probabilities = torch.sigmoid(x)
    probabilities._keras_logits = x
    return probabilities


def softmax(x: torch.Tensor) -> torch.Tensor:
    """Softmax over the last axis, as Keras's ``"softmax"``.

    The result remembers its logits (``_keras_logits``), as Keras's does, so that a
    crossentropy loss can work from the logits the way Keras on TensorFlow does.
    """
    probabilities = torch.softmax(x, dim=-1)
    probabilities._keras_logits = x
    return probabilities


_BY_NAME: dict[str, Activation] = {
    "linear": linear,
    "tanh": torch.tanh,
    "sigmoid": sigmoid,
    "relu": torch.relu,
    "softmax": softmax,
    "elu": F.elu,
    "selu": F.selu,
    "gelu": F.gelu,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "swish": F.silu,
    "silu": F.silu,
    "exponential": torch.exp,
}


def get(identifier: str | Activation | None) -> Activation:
    """Return the activation named ``identifier`` (or ``identifier`` itself if callable).

    Raises:
        ValueError: for an unknown name, listing the known ones.
        TypeError: for anything that is neither a string, a callable nor None.
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(f"activation must be a name such as 'tanh' or a callable. Received: {identifier!r}")
    try:
        return _BY_NAME[identifier]
    except KeyError:
        raise ValueError(
            f"Unknown activation {identifier!r}. Known names: {', '.join(sorted(_BY_NAME))}; "
            f"or pass any callable tensor -> tensor."
        ) from None


def name_of(activation: Activation) -> str | None:
    """The Keras name of a built-in activation (``torch.sigmoid`` too), or None for a user
    callable."""
    if activation is torch.sigmoid:  # the same numbers, without the logits
        return "sigmoid"
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    return None
