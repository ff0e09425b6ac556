"""Keras 3's ``ops.rearrange``: axes reordered, split and merged as an einops pattern names
them, ``"b (h p1) (w p2) c -> b (h w) (p1 p2 c)"``.

A pattern names each input axis on the left of ``->`` and the output's axes on the right; a
group in parentheses is several axes in one, split on the left (the lengths given as keywords,
one of them left to be inferred) and merged on the right. The tensor is reshaped to the split
axes, permuted, and reshaped to the merged ones: views where PyTorch can make them.

Example:
    >>> from statefulrnn import ops
    >>> images = torch.zeros(8, 30, 40, 3)
    >>> ops.rearrange(images, "b h w c -> b c h w").shape
    torch.Size([8, 3, 30, 40])
    >>> ops.rearrange(images, "b (h h1) (w w1) c -> b h w (c h1 w1)", h1=2, w1=2).shape
    torch.Size([8, 15, 20, 12])
"""

from __future__ import annotations

import math
import re
from typing import Any

import torch

from .numpy import _tensor

_AXIS = re.compile(r"\s*(?:(\w+)|\(([\w\s]*)\))")


def _groups(side: str, pattern: str) -> list[list[str]]:
    """One side of ``pattern`` as its axes, each a list of the names grouped in it."""
    groups, at = [], 0
    while side[at:].strip():
        match = _AXIS.match(side, at)
        if match is None:
            raise ValueError(
                f"rearrange takes axis names and groups of them in parentheses on each side of '->'; "
                f"{side[at:].strip()!r} is neither. Received: pattern={pattern!r}"
            )
        groups.append([match[1]] if match[1] else match[2].split())
        at = match.end()
    names = [name for group in groups for name in group]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"rearrange: axis {repeated[0]!r} appears twice on one side of {pattern!r}.")
    return groups


def rearrange(tensor: Any, pattern: str, **axes_lengths: int) -> torch.Tensor:
    """``tensor`` with its axes rearranged as ``pattern`` says (einops's notation), the
    lengths of split axes given as keywords (``h1=2``).

    Raises:
        ValueError: a pattern without one ``->``, with names on one side only, an axis named
            twice on a side, as many input axes as the tensor does not have, or lengths that do
            not divide the axis they split.

    Example:
        >>> rearrange(torch.arange(6).reshape(2, 3), "a b -> (b a)").tolist()
        [0, 3, 1, 4, 2, 5]
    """
    x = _tensor(tensor)
    sides = pattern.split("->")
    if len(sides) != 2:
        raise ValueError(
            f"rearrange's pattern needs one '->' between its input and output axes. Received: {pattern!r}"
        )
    inputs, outputs = _groups(sides[0], pattern), _groups(sides[1], pattern)
    input_names = [name for group in inputs for name in group]
    output_names = [name for group in outputs for name in group]
    if set(input_names) != set(output_names):
        missing = sorted(set(input_names) ^ set(output_names))
        raise ValueError(f"rearrange: axis {missing[0]!r} is on one side of {pattern!r} only.")
    if len(inputs) != x.ndim:
        raise ValueError(
            f"rearrange: {pattern!r} names {len(inputs)} input axes; the tensor has {x.ndim}: "
            f"shape {tuple(x.shape)}."
        )
    lengths = _lengths(inputs, x.shape, axes_lengths, pattern)
    split = x.reshape([lengths[name] for name in input_names])
    moved = split.permute([input_names.index(name) for name in output_names])
    return moved.reshape([math.prod(lengths[name] for name in group) for group in outputs])


def _lengths(
    groups: list[list[str]], shape: torch.Size, given: dict[str, int], pattern: str
) -> dict[str, int]:
    """Every input axis name's length: from the tensor's shape, the keywords, and one name per
    group inferred from the rest."""
    lengths = {}
    for group, size in zip(groups, shape):
        unknown = [name for name in group if name not in given]
        if len(group) == 1 and not unknown and given[group[0]] != size:
            raise ValueError(f"rearrange: axis {group[0]!r} has length {size}, not {given[group[0]]}.")
        if len(unknown) > 1 and len(group) > 1:
            raise ValueError(
                f"rearrange: the group ({' '.join(group)}) of {pattern!r} needs the lengths of all its "
                f"axes but one as keywords; {', '.join(unknown)} have none."
            )
        known = math.prod(given[name] for name in group if name in given)
        if (size % known if known else size) or (not unknown and known != size):
            raise ValueError(
                f"rearrange: the group ({' '.join(group)}) cannot split an axis of length {size} "
                f"with lengths {', '.join(f'{n}={given[n]}' for n in group if n in given)}."
            )
        lengths.update({name: given[name] for name in group if name in given})
        lengths.update({name: size // known for name in unknown})
    return lengths


__all__ = ["rearrange"]
