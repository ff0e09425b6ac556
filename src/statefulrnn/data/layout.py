"""Where each step of each sequence goes: the (row, step) index plan of one epoch.

A plan is an ``(N, W)`` int64 array over the whole epoch (``W`` steps, a multiple of the chunk
length): entry ``[row, t]`` is the index, in the batcher's concatenated data, of the step that row
``row`` holds at time ``t``, or -1 for padding. Chunk k is the column block ``[k*L, (k+1)*L)``, so
the data itself is only gathered chunk by chunk, and an epoch's plan is the one thing kept.
"""

from __future__ import annotations

import heapq

import numpy as np

PADDING = -1


def epoch_order(count: int, *, shuffle: bool, seed: int, epoch: int) -> np.ndarray:
    """The order in which an epoch hands out the ``count`` sequences.

    With ``shuffle`` the order is a permutation drawn from ``(seed, epoch)`` alone, so a fresh
    batcher with the same seed reproduces any epoch (what resuming relies on).

    Example:
        >>> epoch_order(4, shuffle=False, seed=0, epoch=3).tolist()
        [0, 1, 2, 3]
        >>> sorted(epoch_order(4, shuffle=True, seed=0, epoch=3).tolist())
        [0, 1, 2, 3]
    """
    if not shuffle:
        return np.arange(count, dtype=np.int64)
    return np.random.default_rng([seed, epoch]).permutation(count).astype(np.int64)


def pack(lengths: np.ndarray, slots: int) -> tuple[np.ndarray, np.ndarray]:
    """The row and start step of each sequence when ``slots`` rows take sequences in order.

    Row i starts with sequence i; a row whose sequence ends takes the next sequence at the very
    next step; when several rows free up at the same step, the lowest row takes the next sequence
    first. ``lengths`` (all >= 1) are in hand-out order; the results are too.

    Example:
        Both rows free up at step 2, and again at step 3: row 0 is served first each time.

        >>> rows, starts = pack(np.array([2, 2, 1, 1, 3]), slots=2)
        >>> rows.tolist(), starts.tolist()
        ([0, 1, 0, 1, 0], [0, 0, 2, 2, 3])
    """
    count = len(lengths)
    rows = np.empty(count, dtype=np.int64)
    starts = np.empty(count, dtype=np.int64)
    first = min(count, slots)
    rows[:first] = np.arange(first)
    starts[:first] = 0
    # A heap of (step the row frees up, row): its smallest entry is the earliest free row, and on a
    # tie the lowest one, which is exactly the hand-out rule. Lengths >= 1 keep the step a row
    # frees up after its new sequence strictly later, so rows freed at the same step are served
    # in row order before it comes up again.
    free = [(int(length), row) for row, length in enumerate(lengths[:first].tolist())]
    heapq.heapify(free)
    for index, length in enumerate(lengths[first:].tolist(), start=first):
        step, row = free[0]
        rows[index], starts[index] = row, step
        heapq.heapreplace(free, (step + length, row))
    return rows, starts


def row_ends(rows: np.ndarray, starts: np.ndarray, lengths: np.ndarray, slots: int) -> np.ndarray:
    """``(slots,)``: the step after each row's last real step (0 for a row that got nothing)."""
    ends = np.zeros(slots, dtype=np.int64)
    np.maximum.at(ends, rows, starts + lengths)
    return ends


def plan_width(ends: np.ndarray, chunk_length: int, *, drop_remainder: bool) -> int:
    """Steps in the epoch: up to the last real step, rounded up to whole chunks; or, with
    ``drop_remainder``, only the whole chunks before any row runs out (no padding at all)."""
    if drop_remainder:
        return int(ends.min()) // chunk_length * chunk_length
    return -(-int(ends.max()) // chunk_length) * chunk_length


def index_plan(
    lengths: np.ndarray,
    data_starts: np.ndarray,
    order: np.ndarray,
    *,
    slots: int,
    chunk_length: int,
    drop_remainder: bool,
) -> np.ndarray:
    """The ``(slots, W)`` int64 plan of one epoch (see the module docstring).

    Args:
        lengths: ``(n,)`` steps of each sequence, in the order given.
        data_starts: ``(n,)`` index of each sequence's first step in the concatenated data.
        order: ``(n,)`` the epoch's hand-out order (indices into ``lengths``).

    Example:
        >>> index_plan(np.array([3, 1, 2]), np.array([0, 3, 4]), np.array([0, 1, 2]),
        ...            slots=2, chunk_length=2, drop_remainder=False)
        array([[ 0,  1,  2, -1],
               [ 3,  4,  5, -1]])
    """
    ordered = lengths[order]
    rows, starts = pack(ordered, slots)
    width = plan_width(row_ends(rows, starts, ordered, slots), chunk_length, drop_remainder=drop_remainder)
    plan = np.full((slots, width), PADDING, dtype=np.int64)
    # One entry per real step, all sequences at once: which sequence (in hand-out order) and how
    # far into it, then scatter. No Python loop over steps, so millions of steps stay fast.
    sequence = np.repeat(np.arange(len(ordered)), ordered)
    within = np.arange(len(sequence), dtype=np.int64)
    within -= np.repeat(np.cumsum(ordered) - ordered, ordered)
    step = starts[sequence] + within
    value = data_starts[order][sequence] + within
    row = rows[sequence]
    if drop_remainder:
        kept = step < width
        row, step, value = row[kept], step[kept], value[kept]
    plan[row, step] = value
    return plan
