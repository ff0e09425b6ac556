"""Weight initialisers by their Keras names, with Keras's fan and scaling rules.

An initialiser is a callable ``(shape, dtype) -> Tensor``. Fans follow Keras: for a 2-D shape
``(fan_in, fan_out)``, computed over the *whole* matrix, so a GRU kernel ``(F, 3u)`` is one
glorot draw with fan_out ``3u``, not three draws of ``u``. Draws use torch's global generator,
so ``torch.manual_seed`` makes them repeatable.

Example:
    >>> import torch
    >>> w = get("glorot_uniform")((4, 12), torch.float32)
    >>> bool(w.abs().max() <= (6 / (4 + 12)) ** 0.5)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch

Initializer = Callable[[Sequence[int], torch.dtype], torch.Tensor]

# Keras draws "normal" variance-scaling weights from a normal truncated at two standard
# deviations and divides by this constant (the std of such a truncated unit normal) so that
# the result has the intended variance.
_TRUNCATION_STD = 0.87962566103423978


def _fans(shape: Sequence[int]) -> tuple[int, int]:
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _variance_scaling(mode: str, distribution: str, scale: float = 1.0) -> Initializer:
    def init(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_avg": (fan_in + fan_out) / 2}[mode]
        variance = scale / max(1.0, fan)
        weights = torch.empty(tuple(shape), dtype=dtype)
        if distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return weights.uniform_(-limit, limit)
        std = math.sqrt(variance) / _TRUNCATION_STD
        return torch.nn.init.trunc_normal_(weights, 0.0, std, -2 * std, 2 * std)

    return init


def _orthogonal(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
    # torch.nn.init.orthogonal_ flattens to (shape[0], rest) exactly as Keras flattens to
    # (prod(shape[:-1]), shape[-1]) for the 2-D recurrent kernels used here.
    return torch.nn.init.orthogonal_(torch.empty(tuple(shape), dtype=dtype))


def _constant(value: float) -> Initializer:
    def init(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
        return torch.full(tuple(shape), value, dtype=dtype)

    return init


def _random_normal(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
    return torch.empty(tuple(shape), dtype=dtype).normal_(0.0, 0.05)


def _random_uniform(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
    return torch.empty(tuple(shape), dtype=dtype).uniform_(-0.05, 0.05)


def _truncated_normal(shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
    return torch.nn.init.trunc_normal_(torch.empty(tuple(shape), dtype=dtype), 0.0, 0.05, -0.1, 0.1)


_BY_NAME: dict[str, Initializer] = {
    "glorot_uniform": _variance_scaling("fan_avg", "uniform"),
    "glorot_normal": _variance_scaling("fan_avg", "normal"),
    "he_uniform": _variance_scaling("fan_in", "uniform", 2.0),
    "he_normal": _variance_scaling("fan_in", "normal", 2.0),
    "lecun_uniform": _variance_scaling("fan_in", "uniform"),
    "lecun_normal": _variance_scaling("fan_in", "normal"),
    "orthogonal": _orthogonal,
    "zeros": _constant(0.0),
    "ones": _constant(1.0),
    "random_normal": _random_normal,
    "random_uniform": _random_uniform,
    "truncated_normal": _truncated_normal,
}


def get(identifier: str | Initializer) -> Initializer:
    """Return the initialiser named ``identifier`` (or ``identifier`` itself if callable).

    Raises:
        ValueError: for an unknown name, listing the known ones.
        TypeError: for anything that is neither a string nor a callable.
    """
    if callable(identifier):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(
            f"An initializer must be a name such as 'glorot_uniform' or a callable "
            f"(shape, dtype) -> Tensor. Received: {identifier!r}"
        )
    try:
        return _BY_NAME[identifier]
    except KeyError:
        raise ValueError(
            f"Unknown initializer {identifier!r}. Known names: {', '.join(sorted(_BY_NAME))}."
        ) from None
