"""Seeds of the layers that draw random masks or noise (dropout, Gaussian noise): a layer given
an integer ``seed`` draws from its own generator, so two layers made with the same seed draw
the same values call after call, whatever else uses torch's global generator, as Keras's seeded
layers do; without one, torch's global generator (``torch.manual_seed``) decides."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import torch


def check_seed(seed: Any) -> int | None:
    """``seed`` as an int, or None.

    Raises:
        TypeError: anything but an integer or None.
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        raise TypeError(f"seed must be an integer or None. Received: seed={seed!r}")
    return None if seed is None else int(seed)


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
