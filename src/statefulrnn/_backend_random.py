"""Keras 2's random functions of ``keras.backend`` (`backend` exports them): ``K.random_normal``,
``K.random_uniform``, ``K.truncated_normal``, ``K.random_bernoulli`` and ``K.dropout``, as the
sampling layer of a variational autoencoder calls them::

    epsilon = K.random_normal(shape=(K.shape(z_mean)[0], latent_dim))
    return z_mean + K.exp(0.5 * z_log_var) * epsilon

They are `statefulrnn.random`'s draws under tf-keras's names and defaults (floatx). The numbers
are torch's, not TensorFlow's: the same distributions, other values. ``seed=None`` draws new
values at each call (from Keras 3's global `SeedGenerator`, which ``utils.set_random_seed``
starts again); an int ``seed`` draws the same values at each call with it (TensorFlow's eager
op seeds go on to new values at each call). The tensors are made on the CPU (``K.dropout``'s on
its input's device).

Example:
    >>> from statefulrnn import backend as K
    >>> K.random_normal((2, 3), seed=1).equal(K.random_normal((2, 3), seed=1))
    True
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import torch

from . import ops, random
from .backend import floatx
from .graph import SymbolicTensor

Shape = int | Sequence[Any]  # ints, or 0-d tensors (K.shape(x)[0])


def random_normal(
    shape: Shape, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: int | None = None
) -> torch.Tensor:
    """Values drawn from a normal distribution of ``mean`` and ``stddev`` (floatx by default).

    Example:
        >>> random_normal((2, 3), mean=5.0, dtype="float64").dtype
        torch.float64
    """
    return random.normal(shape, mean, stddev, dtype or floatx(), seed)


def random_uniform(
    shape: Shape, minval: float = 0.0, maxval: float = 1.0, dtype: Any = None, seed: int | None = None
) -> torch.Tensor:
    """Values drawn evenly from ``[minval, maxval)`` (floatx by default).

    Example:
        >>> drawn = random_uniform((100,), minval=-2.0, maxval=-1.0)
        >>> bool((drawn >= -2.0).all() and (drawn < -1.0).all())
        True
    """
    return random.uniform(shape, minval, maxval, dtype or floatx(), seed)


def truncated_normal(
    shape: Shape, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: int | None = None
) -> torch.Tensor:
    """Values of a normal distribution within two ``stddev`` of ``mean`` (floatx by default).

    Example:
        >>> bool(truncated_normal((1000,), stddev=0.5, seed=1).abs().max() < 1.0)
        True
    """
    return random.truncated_normal(shape, mean, stddev, dtype or floatx(), seed)


def random_bernoulli(
    shape: Shape, p: float = 0.0, dtype: Any = None, seed: int | None = None
) -> torch.Tensor:
    """1 with probability ``p``, else 0 (floatx by default): a uniform draw at most ``p``, as
    tf-keras.

    Example:
        >>> random_bernoulli((4,), p=1.0).tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    dtype = dtype or floatx()
    return ops.cast(ops.less_equal(random.uniform(shape, dtype=dtype, seed=seed), p), dtype)


def random_binomial(shape: Shape, p: float = 0.0, dtype: Any = None, seed: int | None = None) -> torch.Tensor:
    """`random_bernoulli`, under its old name (tf-keras warns that it is deprecated; so do we)."""
    warnings.warn(
        "`K.random_binomial` is deprecated; use `K.random_bernoulli` instead (the same draws).",
        DeprecationWarning,
        stacklevel=2,
    )
    return random_bernoulli(shape, p, dtype, seed)


def dropout(
    x: Any, level: float, noise_shape: Sequence[int | None] | None = None, seed: int | None = None
) -> Any:
    """``x`` with each value zeroed with probability ``level`` and the others scaled by
    ``1 / (1 - level)``, always (it knows no learning phase: wrap it in `in_train_phase`);
    ``noise_shape`` (one size per axis of ``x``, None for ``x``'s) draws one keep-or-drop per
    entry of it, shared along its axes of size 1. On a functional model's symbolic tensor it
    records a `layers.Lambda` node that drops at every call, as tf-keras's.

    Raises:
        ValueError: ``level`` outside ``[0, 1]``, or a ``noise_shape`` of another rank.

    Example:
        >>> dropped = dropout(torch.ones(4, 3), 0.5, noise_shape=(4, 1), seed=1)
        >>> sorted(set(dropped.sum(1).tolist())) in ([0.0, 6.0], [0.0], [6.0])  # whole rows
        True
    """
    if isinstance(x, SymbolicTensor):
        from .layers import Lambda

        return Lambda(lambda values: dropout(values, level, noise_shape, seed), output_shape=x.shape[1:])(x)
    return random.dropout(x, level, noise_shape, seed)
