"""Parameters that hold one Keras weight between them.

A GRU cell's Keras ``bias`` with ``reset_after=True`` is one ``(2, 3u)`` variable; statefulrnn
keeps its rows as two parameters, ``bias_ih`` and ``bias_hh``, as PyTorch's kernels take them.
Whatever treats a Keras variable as a whole must see the pair as one: an optimizer's
``clipnorm`` clips each variable's gradient by its own norm, so the two rows are clipped by
their joint norm (`statefulrnn.optimizers.clipping.clip_each_by_norm`). The cell says which
parameters go together when it makes them (`join`); the record lives as long as they do.

Example:
    >>> import torch
    >>> rows = [torch.nn.Parameter(torch.zeros(3)), torch.nn.Parameter(torch.zeros(3))]
    >>> join(rows)
    >>> partners(rows[0]) == tuple(rows), partners(torch.zeros(1))
    (True, ())
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

import torch

# By id: a WeakKeyDictionary would compare tensors with == (elementwise) on a hash clash. Each
# entry goes when its parameter does (the weak reference's callback).
_JOINED: dict[int, tuple[weakref.ref[torch.Tensor], ...]] = {}


def join(parameters: Sequence[torch.Tensor]) -> None:
    """Record that ``parameters`` (two or more) hold one Keras weight together."""
    refs = tuple(weakref.ref(p, _forget(id(p))) for p in parameters)
    for parameter in parameters:
        _JOINED[id(parameter)] = refs


def _forget(key: int) -> Callable[[object], None]:
    """The callback that drops ``key``'s entry when its parameter goes."""
    return lambda _: _JOINED.pop(key, None) and None


def partners(parameter: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The parameters holding ``parameter``'s Keras weight with it (itself included, in their
    order), or ``()`` for a parameter that holds one alone."""
    refs = _JOINED.get(id(parameter))
    if refs is None:
        return ()
    alive = tuple(ref() for ref in refs)
    if any(p is None for p in alive) or not any(p is parameter for p in alive):
        return ()
    return alive  # type: ignore[return-value]


def any_joined() -> bool:
    """Whether any parameter alive holds a weight with others (a clip's fast path skips them)."""
    return len(_JOINED) > 0
