"""Keras 3's ``SeedGenerator`` and the seeds `statefulrnn.random` draws with, as Keras's torch
backend makes them, so that the same seed gives Keras's numbers.

A draw turns its ``seed`` into a pair ``[seed, counter]`` (int32) and seeds a fresh torch
generator with ``(seed + counter) mod 2**32``:

- an int ``n``: ``[n, 0]``, the same values at every call;
- a `SeedGenerator`: its ``state``, whose counter then moves on by 1, so each call draws anew
  (``SeedGenerator(1337)`` draws with 1337, then 1338, ...);
- None: Keras's global `SeedGenerator`, made at its first use with a seed from Python's
  ``random`` (so ``utils.set_random_seed``, which drops it and seeds ``random``, repeats its
  draws); its state moves on by Keras's unordered step, ``(entry + 1) * 5387 % 933199``.

Example:
    >>> generator = SeedGenerator(1337)
    >>> generator_for(generator).initial_seed(), generator_for(generator).initial_seed()
    (1337, 1338)
    >>> generator.state.tolist()
    [1337, 2]
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import torch

from .layers._seeds import check_seed, make_default_seed
from .layers.base import unique_name

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_GLOBAL: list[SeedGenerator | None] = [None]  # Keras's global generator, made at its first use


class SeedGenerator:
    """Keras's ``keras.random.SeedGenerator``: a seed that moves on at each draw made with it.

    Its ``state`` is ``[seed, counter]`` (an int32 tensor); each draw that takes it seeds a
    fresh torch generator with ``seed + counter`` and adds 1 to the counter, as Keras does on
    torch, so its draws are Keras's, call after call. Copies and pickles keep the state.

    Args:
        seed: the starting seed, within int32's range; None (the default) takes one from
            Python's ``random`` (``random.randint(1, 10**9)``, as Keras does).
        name: its name (default ``seed_generator``, ``seed_generator_1``, ... as Keras names
            them).

    Raises:
        TypeError: a seed that is not an integer or None.
        ValueError: a seed outside int32's range (Keras keeps the state as int32).

    Example:
        >>> from statefulrnn import random
        >>> generator = random.SeedGenerator(1337)
        >>> first = random.normal((2,), seed=generator)
        >>> first.equal(torch.normal(0.0, 1.0, (2,), generator=torch.Generator().manual_seed(1337)))
        True
        >>> generator.state.tolist()
        [1337, 1]
    """

    def __init__(self, seed: int | None = None, name: str | None = None) -> None:
        self._initial_seed = check_seed(seed)
        start = make_default_seed() if self._initial_seed is None else self._initial_seed
        if not _INT32_MIN <= start <= _INT32_MAX:
            raise ValueError(
                f"A SeedGenerator's seed must fit in int32 ({_INT32_MIN} to {_INT32_MAX}), as "
                f"Keras keeps it. Received: seed={seed}"
            )
        self.name = unique_name("seed_generator") if name is None else name
        self.state = torch.tensor([start, 0], dtype=torch.int32)

    def next(self, ordered: bool = True) -> torch.Tensor:
        """The state a draw uses now, ``[seed, counter]``; the state then moves on, in place:
        the counter by 1 (``ordered``), else each entry to ``(entry + 1) * 5387 % 933199``
        (Keras's unordered step, in int32 arithmetic, which its global generator takes)."""
        current = self.state.clone()
        if ordered:
            self.state.add_(torch.tensor([0, 1], dtype=torch.int32))
        else:
            self.state.copy_((self.state + 1) * 5387 % 933199)
        return current

    def get_config(self) -> dict[str, Any]:
        """The starting seed as given (None stays None: a copy draws a seed of its own) and the name."""
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeedGenerator:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name!r} state={self.state.tolist()}>"


def global_seed_generator() -> SeedGenerator:
    """Keras's global `SeedGenerator`, which draws with ``seed=None`` use (made at first use)."""
    if _GLOBAL[0] is None:
        _GLOBAL[0] = SeedGenerator()
    return _GLOBAL[0]


def made_global_seed_generator() -> SeedGenerator | None:
    """Keras's global `SeedGenerator` if a draw has made it, else None (and none is made)."""
    return _GLOBAL[0]


def reset_global_seed_generator(seed: int | None = None) -> None:
    """Drop the global generator (Keras's ``set_random_seed`` and ``clear_session`` do), so its
    next use makes a new one from Python's ``random``; with ``seed``, start it at ``seed`` now."""
    _GLOBAL[0] = None if seed is None else SeedGenerator(seed)


def draw_seed(seed: Any) -> torch.Tensor:
    """The ``[seed, counter]`` pair (int32) a draw with ``seed`` uses, moving a generator on.

    Raises:
        TypeError: a seed that is not None, an integer or a `SeedGenerator`.
    """
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        return global_seed_generator().next(ordered=False)
    if isinstance(seed, Integral) and not isinstance(seed, bool):
        # Keras reads an int seed's low 32 bits as an int32
        return torch.tensor([(int(seed) & 0xFFFFFFFF ^ 0x80000000) - 0x80000000, 0], dtype=torch.int32)
    raise TypeError(f"seed must be None, an integer or a random.SeedGenerator. Received: seed={seed!r}")


def torch_seed(seed: Any) -> int:
    """The seed torch's generator takes for a draw with ``seed``: ``seed + counter`` (int32
    arithmetic, wrapping) read as unsigned."""
    first, second = draw_seed(seed)
    return int(first + second) & 0xFFFFFFFF


def generator_for(seed: Any, device: torch.device | str = "cpu") -> torch.Generator:
    """A fresh torch generator on ``device`` for one draw with ``seed``."""
    return torch.Generator(device=device).manual_seed(torch_seed(seed))
