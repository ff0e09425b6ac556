"""Keras 3's ``keras.random``: random tensors for a program's own layers and losses (noise,
masks, sampling), on torch's generators.

``seed`` is what Keras takes: None draws from torch's global generator (which
``utils.set_random_seed`` and ``torch.manual_seed`` set); an int draws the same values at every
call with it; a `SeedGenerator` (a layer keeps one, ``self.seed_generator =
random.SeedGenerator(1337)``) draws the next values at each call, the same sequence for the same
starting seed. The values are torch's, not TensorFlow's: the same seed gives other numbers than
Keras on TensorFlow (as it does on Keras's own torch backend), with the same distributions.

Example:
    >>> from statefulrnn import random
    >>> random.normal((2, 3), seed=1).equal(random.normal((2, 3), seed=1))
    True
    >>> generator = random.SeedGenerator(7)
    >>> random.uniform((2,), seed=generator).equal(random.uniform((2,), seed=generator))
    False
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any

import torch

from .layers._seeds import check_seed
from .ops.core import convert_to_tensor, standardize_dtype


class SeedGenerator:
    """Keras's ``SeedGenerator``: a generator that draws on from where its last draw ended.

    Args:
        seed: its starting seed (default None: one drawn from torch's global generator).

    Raises:
        TypeError: a seed that is not an integer or None.
    """

    def __init__(self, seed: int | None = None) -> None:
        seed = check_seed(seed)
        self.seed = int(torch.randint(0, 2**31 - 1, ())) if seed is None else seed
        self.generator = torch.Generator().manual_seed(self.seed)

    # torch's generator does not pickle: a copy keeps where the draws stand
    def __getstate__(self) -> dict[str, Any]:
        return {"seed": self.seed, "state": self.generator.get_state()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.seed = state["seed"]
        self.generator = torch.Generator()
        self.generator.set_state(state["state"])


def _generator(seed: Any) -> torch.Generator | None:
    """The generator a draw with ``seed`` uses (None: torch's global one).

    Raises:
        TypeError: a seed that is not None, an integer or a `SeedGenerator`.
    """
    if seed is None:
        return None
    if isinstance(seed, SeedGenerator):
        return seed.generator
    if isinstance(seed, Integral) and not isinstance(seed, bool):
        return torch.Generator().manual_seed(int(seed))
    raise TypeError(f"seed must be None, an integer or a random.SeedGenerator. Received: seed={seed!r}")


def _shape(shape: int | Sequence[int]) -> tuple[int, ...]:
    return (shape,) if isinstance(shape, Integral) else tuple(int(size) for size in shape)


def _float(dtype: Any) -> torch.dtype:
    wanted = standardize_dtype(dtype) or standardize_dtype(float)
    if not wanted.is_floating_point:
        raise ValueError(f"A floating dtype is needed here. Received: dtype={dtype!r}")
    return wanted


def normal(
    shape: int | Sequence[int], mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values from a normal distribution of ``mean`` and ``stddev`` (floatx by default)."""
    values = torch.randn(_shape(shape), generator=_generator(seed), dtype=torch.float64)
    return (values * stddev + mean).to(_float(dtype))


def truncated_normal(
    shape: int | Sequence[int], mean: float = 0.0, stddev: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """A normal distribution's values within two ``stddev`` of ``mean`` (others drawn again)."""
    values = torch.empty(_shape(shape), dtype=torch.float64)
    torch.nn.init.trunc_normal_(values, 0.0, 1.0, -2.0, 2.0, generator=_generator(seed))
    return (values * stddev + mean).to(_float(dtype))


def uniform(
    shape: int | Sequence[int], minval: float = 0.0, maxval: float = 1.0, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values drawn evenly from ``[minval, maxval)`` (floatx by default)."""
    values = torch.rand(_shape(shape), generator=_generator(seed), dtype=torch.float64)
    return (minval + values * (maxval - minval)).to(_float(dtype))


def randint(
    shape: int | Sequence[int], minval: int, maxval: int, dtype: Any = "int32", seed: Any = None
) -> torch.Tensor:
    """Integers drawn evenly from ``[minval, maxval)``.

    Raises:
        ValueError: ``maxval`` not above ``minval``.
    """
    if maxval <= minval:
        raise ValueError(f"randint needs maxval > minval. Received: minval={minval}, maxval={maxval}")
    values = torch.randint(int(minval), int(maxval), _shape(shape), generator=_generator(seed))
    return values.to(standardize_dtype(dtype))


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
    probabilities = torch.softmax(logits.to(torch.float64), dim=-1)
    drawn = torch.multinomial(probabilities, num_samples, replacement=True, generator=_generator(seed))
    return drawn.to(standardize_dtype(dtype))


def dropout(
    inputs: Any, rate: float, noise_shape: Sequence[int | None] | None = None, seed: Any = None
) -> torch.Tensor:
    """``inputs`` with each value zeroed with probability ``rate`` and the others scaled by
    ``1 / (1 - rate)``; ``noise_shape`` (None entries take the input's size) shares one draw
    along the axes of size 1.

    Raises:
        ValueError: ``rate`` outside ``[0, 1)``.
    """
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout rate must be in [0, 1). Received: rate={rate}")
    inputs = convert_to_tensor(inputs)
    shape = inputs.shape if noise_shape is None else [
        size if size is not None else inputs.shape[axis] for axis, size in enumerate(noise_shape)
    ]  # fmt: skip
    keep = uniform(shape, dtype="float64", seed=seed) >= rate
    return torch.where(keep.to(inputs.device), inputs / (1.0 - rate), torch.zeros((), dtype=inputs.dtype))


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> torch.Tensor:
    """``x`` with its slices along ``axis`` in a random order."""
    x = convert_to_tensor(x)
    order = torch.randperm(x.shape[axis], generator=_generator(seed))
    return x.index_select(axis, order.to(x.device))


def gamma(shape: int | Sequence[int], alpha: float, dtype: Any = None, seed: Any = None) -> torch.Tensor:
    """Values from a gamma distribution of concentration ``alpha`` (rate 1)."""
    generator = _generator(seed)
    concentration = torch.full(_shape(shape), float(alpha), dtype=torch.float64)
    # torch's sampler takes no generator: draw it under a fork of the given one
    with torch.random.fork_rng(devices=[]):
        if generator is not None:
            torch.manual_seed(int(torch.randint(0, 2**62, (), generator=generator)))
        values = torch._standard_gamma(concentration)
    return values.to(_float(dtype))


def beta(
    shape: int | Sequence[int], alpha: float, beta: float, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """Values from a beta distribution: ``X / (X + Y)`` of two gamma draws."""
    generator = (
        seed if isinstance(seed, SeedGenerator) else SeedGenerator(None if seed is None else int(seed))
    )
    x = gamma(shape, alpha, "float64", generator)
    y = gamma(shape, beta, "float64", generator)
    return (x / (x + y)).to(_float(dtype))


def binomial(
    shape: int | Sequence[int], counts: float, probabilities: float, dtype: Any = None, seed: Any = None
) -> torch.Tensor:
    """How many of ``counts`` trials, each a success with ``probabilities``, succeed."""
    trials = uniform((*_shape(shape), int(counts)), dtype="float64", seed=seed)
    return (trials < probabilities).sum(dim=-1).to(_float(dtype))


def set_seed(seed: int) -> None:
    """TensorFlow's ``tf.random.set_seed`` (for ``import statefulrnn as tf``): seed torch's
    global generator, which weight initialisation, dropout and these functions draw from.
    Python's and numpy's generators are left alone, as TensorFlow leaves them
    (`statefulrnn.utils.set_random_seed` seeds all three, as Keras's does).

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


__all__ = [
    "SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal", "randint",
    "set_seed", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip
