"""Seeds of the layers that draw random masks or noise (dropout, Gaussian noise): a layer given
an integer ``seed`` draws from its own generator, so two layers made with the same seed draw
the same values call after call, whatever else uses torch's global generator, as Keras's seeded
layers do; without one, torch's global generator (``torch.manual_seed``) decides."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from numbers import Integral
from typing import Any

import torch

from .._keras_rules import tf_keras_rules


def check_seed(seed: Any) -> int | None:
    """``seed`` as an int, or None.

    Raises:
        TypeError: anything but an integer or None.
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        raise TypeError(f"seed must be an integer or None. Received: seed={seed!r}")
    return None if seed is None else int(seed)


def make_default_seed() -> int:
    """Keras 3's ``make_default_seed``: a seed from Python's ``random``."""
    return random.randint(1, int(1e9))


def draw_as_keras_3(seed: int | None) -> None:
    """Where Keras 3 makes a random initializer or a ``SeedGenerator`` without a seed (a layer's
    kernel initializer, a recurrent cell's or a dropout layer's masks), it takes a seed from
    Python's ``random``; under Keras 3's rules the same number is taken here (and not used:
    torch's generators draw), so that a program's own ``random.shuffle`` or ``random.choice``
    after its model is made sees Keras's stream (Deep Learning with Python's translator splits
    its sentence pairs so).

    Example:
        >>> random.seed(0); draw_as_keras_3(None); after = random.random()
        >>> random.seed(0); _ = random.randint(1, int(1e9)); after == random.random()
        True
    """
    if seed is None and not _QUIET[0] and not tf_keras_rules():
        make_default_seed()


_QUIET = [False]  # True while statefulrnn makes an initializer Keras would not (see `quietly`)


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """A block in which the initializers made take nothing from Python's ``random`` (a name
    turned into an initializer to write it in a config, where Keras writes the name's config
    without making one)."""
    was, _QUIET[0] = _QUIET[0], True
    try:
        yield
    finally:
        _QUIET[0] = was


def seeded_generator(layer: Any, device: torch.device) -> torch.Generator | None:
    """``layer``'s own generator on ``device`` when its ``seed`` is set (kept in the layer's
    ``_generator``; seeded again on a new device), else None.

    Example:
        >>> class Noisy:
        ...     seed, _generator = 3, None
        >>> layer = Noisy()
        >>> first = torch.rand(2, generator=seeded_generator(layer, torch.device("cpu")))
        >>> first.equal(torch.rand(2, generator=torch.Generator().manual_seed(3)))
        True
    """
    if layer.seed is None:
        return None
    generator = layer._generator
    if generator is None or generator.device != device:
        generator = layer._generator = torch.Generator(device=device).manual_seed(layer.seed)
    return generator
