"""Keras 3's ``keras.random``: random tensors for a program's own layers and losses (noise,
masks, sampling), drawing the numbers Keras 3 draws on its torch backend for the same seed.

``seed`` is what Keras takes (`statefulrnn.seed_generator` says how each becomes torch's seed):
an int draws the same values at every call with it; a `SeedGenerator` (a layer keeps one,
``self.seed_generator = random.SeedGenerator(1337)``) draws the next values at each call, the
same sequence as Keras's from the same starting seed; None draws from Keras's global
`SeedGenerator`, which ``utils.set_random_seed`` (and `set_seed`) starts again.

Each function makes the torch calls Keras's torch backend makes, on the CPU, so the values
equal Keras-on-torch's on the CPU (tests/fixtures/random_torch, recorded from Keras 3.15.1).
Keras on a GPU draws from CUDA's generators, and Keras on TensorFlow or JAX from theirs: other
numbers, with the same distributions.

Example:
    >>> from statefulrnn import random
    >>> random.normal((2, 3), seed=1).equal(random.normal((2, 3), seed=1))
    True
    >>> generator = random.SeedGenerator(7)
    >>> random.uniform((2,), seed=generator).equal(random.uniform((2,), seed=generator))
    False
"""

from __future__ import annotations

import random as python_random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from numbers import Integral
from typing import Any

import torch
import torch.nn.functional as F

from .ops.core import convert_to_tensor, standardize_dtype
from .seed_generator import SeedGenerator, generator_for, reset_global_seed_generator, torch_seed


def _shape(shape: int | Sequence[int]) -> tuple[int, ...]:
    return (shape,) if isinstance(shape, Integral) else tuple(int(size) for size in shape)


def _float(dtype: Any) -> torch.dtype:
    wanted = standardize_dtype(dtype) or standardize_dtype(float)
    if not wanted.is_floating_point:
        raise ValueError(f"A floating dtype is needed here. Received: dtype={dtype!r}")
    return wanted


@contextmanager
def _global_generator_seeded(seed: Any) -> Iterator[None]:
    """torch's global CPU generator seeded for one draw with ``seed``, then put back: torch's
    gamma, beta and binomial samplers take no generator (Keras seeds and restores it too)."""
    with torch.random.fork_rng(devices=[]):
        torch.random.default_generator.manual_seed(torch_seed(seed))
        yield


def normal(
    shape: int | Sequence[int], mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values from a normal distribution of ``mean`` and ``stddev`` (floatx by default).

    Example:
        >>> drawn = torch.normal(0.0, 1.0, (2,), generator=torch.Generator().manual_seed(3))
        >>> normal((2,), seed=3).equal(drawn)  # torch's draw, seeded as Keras seeds it
        True
    """
    dtype = _float(dtype)
    return torch.normal(mean, stddev, size=_shape(shape), generator=generator_for(seed), dtype=dtype)


def truncated_normal(
    shape: int | Sequence[int], mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """A normal distribution's values within two ``stddev`` of ``mean``, as Keras-on-torch
    draws them: four normal draws per value, the first within the bounds kept. A value whose
    four draws all fall outside (about 1 in 230,000) keeps its first, outside the bounds.

    Example:
        >>> bool(truncated_normal((1000,), seed=1).abs().max() < 2.0)
        True
    """
    shape, dtype = _shape(shape), _float(dtype)
    drawn = normal((*shape, 4), dtype=dtype, seed=seed)
    inside = (drawn > -2) & (drawn < 2)
    first_inside = inside.max(-1, keepdim=True)[1]  # the first True's index (0 if none)
    return drawn.gather(-1, first_inside).squeeze(-1).mul_(stddev).add_(mean)


def uniform(
    shape: int | Sequence[int], minval: float = 0.0, maxval: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values drawn evenly from ``[minval, maxval)`` (floatx by default)."""
    shape, dtype = _shape(shape), _float(dtype)
    drawn = torch.rand(shape or (1,), generator=generator_for(seed), dtype=dtype)  # Keras draws one for ()
    values = (maxval - minval) * drawn + minval
    return values if shape else values[0]


def randint(
    shape: int | Sequence[int], minval: int, maxval: int, dtype: Any = "int32", seed: Any = None
) -> torch.Tensor:
    """Integers drawn evenly from ``[minval, maxval)``.

    Raises:
        ValueError: ``maxval`` not above ``minval``, or a dtype that is not an integer one.
    """
    wanted = standardize_dtype(dtype)
    if wanted.is_floating_point or wanted.is_complex or wanted == torch.bool:
        raise ValueError(f"randint needs an integer dtype. Received: dtype={dtype!r}")
    if maxval <= minval:
        raise ValueError(f"randint needs maxval > minval. Received: minval={minval}, maxval={maxval}")
    return torch.randint(minval, maxval, _shape(shape), generator=generator_for(seed), dtype=wanted)


def categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> torch.Tensor:
    """``num_samples`` class indices per row of ``logits`` ``(N, C)``, drawn with the
    probabilities their softmax gives.

    Shapes:
        ``(N, C)`` -> ``(N, num_samples)``.
    """
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            f"categorical takes logits of shape (batch, classes). Received: {tuple(logits.shape)}"
        )
    probabilities = torch.softmax(logits, dim=-1)
    generator = generator_for(seed, logits.device)
    drawn = torch.multinomial(probabilities, num_samples, replacement=True, generator=generator)
    return drawn.to(standardize_dtype(dtype))


def dropout(
    inputs: Any, rate: float, noise_shape: Sequence[int | None] | None = None, seed: Any = None
) -> torch.Tensor:
    """``inputs`` with each value zeroed with probability ``rate`` and the others scaled by
    ``1 / (1 - rate)``; ``noise_shape`` (None entries take the input's size) shares one draw
    along the axes of size 1.

    Unseeded (None, or a `SeedGenerator` made without a seed) and without ``noise_shape``, it
    is torch's own dropout on torch's global generator (``torch.manual_seed`` repeats it), as
    in Keras; otherwise a mask drawn with ``seed``.

    Raises:
        ValueError: ``rate`` outside ``[0, 1]``, or a ``noise_shape`` of another rank.
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"dropout rate must be in [0, 1]. Received: rate={rate}")
    inputs = convert_to_tensor(inputs)
    if rate == 1.0:
        return torch.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    unseeded = seed is None or (isinstance(seed, SeedGenerator) and seed._initial_seed is None)
    if unseeded and noise_shape is None:
        return F.dropout(inputs, p=rate, training=True)
    if noise_shape is not None and len(noise_shape) != inputs.ndim:
        raise ValueError(
            f"dropout's noise_shape needs one entry per axis of the inputs {tuple(inputs.shape)}. "
            f"Received: noise_shape={tuple(noise_shape)}"
        )
    shape = inputs.shape if noise_shape is None else [
        size if size is not None else inputs.shape[axis] for axis, size in enumerate(noise_shape)
    ]  # fmt: skip
    keep = 1.0 - rate
    generator = generator_for(seed, inputs.device)
    kept = torch.bernoulli(torch.full(shape, keep, device=inputs.device), generator=generator).bool()
    return torch.where(kept.broadcast_to(inputs.shape), inputs / keep, torch.zeros_like(inputs))


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> torch.Tensor:
    """``x`` with its entries along ``axis`` in a random order: as Keras (on torch and JAX),
    each index of the axes before ``axis`` gets an order of its own; the axes after it move
    whole.

    Example:
        >>> shuffle(torch.arange(6).reshape(3, 2), seed=1)[:, 1].tolist()  # rows move whole
        [3, 5, 1]
    """
    x = convert_to_tensor(x)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"shuffle's axis must be within the input's {x.ndim} axes. Received: axis={axis}")
    axis %= x.ndim
    keys = torch.rand(x.shape[: axis + 1], generator=generator_for(seed, x.device), device=x.device)
    order = keys.argsort(axis)  # (..., size along axis): one order per leading index
    order = order.reshape(*order.shape, *[1] * (x.ndim - axis - 1)).expand(x.shape)
    return x.gather(axis, order)


def gamma(shape: int | Sequence[int], alpha: float, dtype: Any = None, seed: Any = None) -> torch.Tensor:
    """Values from a gamma distribution of concentration ``alpha`` (rate 1)."""
    shape, dtype = _shape(shape), _float(dtype)
    alpha = torch.broadcast_to(convert_to_tensor(alpha), shape)
    with _global_generator_seeded(seed):
        values = torch.distributions.Gamma(alpha, torch.ones(shape)).sample()
    return values.to(dtype)


def beta(
    shape: int | Sequence[int], alpha: float, beta: float, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values from a beta distribution of concentrations ``alpha`` and ``beta``."""
    shape, dtype = _shape(shape), _float(dtype)
    alpha = torch.broadcast_to(convert_to_tensor(alpha), shape)
    beta = torch.broadcast_to(convert_to_tensor(beta), shape)
    with _global_generator_seeded(seed):
        values = torch.distributions.Beta(concentration1=alpha, concentration0=beta).sample()
    return values.to(dtype)


def binomial(
    shape: int | Sequence[int], counts: float, probabilities: float, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """How many of ``counts`` trials, each a success with ``probabilities``, succeed (floatx
    by default)."""
    shape = _shape(shape)
    counts = torch.broadcast_to(convert_to_tensor(counts), shape)
    probabilities = torch.broadcast_to(convert_to_tensor(probabilities), shape)
    with _global_generator_seeded(seed):
        values = torch.distributions.Binomial(total_count=counts, probs=probabilities).sample()
    return values.to(standardize_dtype(dtype) or standardize_dtype(float))


def set_seed(seed: int) -> None:
    """TensorFlow's ``tf.random.set_seed`` (for ``import statefulrnn as tf``): seed torch's
    global generator (weight initialisation, dropout) and start the global `SeedGenerator`
    that these functions use with ``seed=None`` again, as ``utils.set_random_seed(seed)``
    would start it. Python's and numpy's generators are left alone, as TensorFlow leaves them
    (`statefulrnn.utils.set_random_seed` seeds them too, as Keras's does).

    Raises:
        TypeError: ``seed`` is not an integer.

    Example:
        >>> set_seed(3)
        >>> first = normal((2,))
        >>> set_seed(3)
        >>> bool(normal((2,)).equal(first))
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"set_seed needs an integer seed. Received: {seed!r}")
    torch.manual_seed(int(seed))
    # the seed Keras's global generator would take from Python's random after random.seed(seed)
    reset_global_seed_generator(python_random.Random(int(seed)).randint(1, 10**9))


__all__ = [
    "SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal", "randint",
    "set_seed", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip
