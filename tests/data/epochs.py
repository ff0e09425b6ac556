"""Shared helpers for the data tests: one epoch's chunks joined along time, and checks on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from statefulrnn.data import Chunk, SequenceBatcher


@dataclass
class Epoch:
    """Every chunk of an epoch joined along time: each field ``(N, W, ...)`` as numpy."""

    chunks: list[Chunk]
    x: np.ndarray
    y: np.ndarray | None
    resets: np.ndarray
    mask: np.ndarray
    ids: np.ndarray
    positions: np.ndarray


def run_epoch(batcher: SequenceBatcher) -> Epoch:
    """Iterate ``batcher`` once, checking every chunk's shapes and dtypes on the way."""
    chunks = list(batcher)
    assert chunks, "an epoch yielded no chunk"
    shape = (batcher.batch_size, batcher.chunk_length)
    for chunk in chunks:
        assert chunk.x.shape == (*shape, batcher.features) and chunk.x.dtype == torch.float32
        for field, dtype in [("resets", torch.bool), ("mask", torch.bool), ("sequence_ids", torch.int64)]:
            assert getattr(chunk, field).shape == shape and getattr(chunk, field).dtype == dtype
        assert chunk.positions.shape == shape and chunk.positions.dtype == torch.int64
        if chunk.y is not None:
            assert chunk.y.shape[:2] == shape

    def join(field: str) -> np.ndarray:
        return torch.cat([getattr(c, field) for c in chunks], dim=1).numpy()

    return Epoch(
        chunks=chunks,
        x=join("x"),
        y=None if chunks[0].y is None else join("y"),
        resets=join("resets"),
        mask=join("mask"),
        ids=join("sequence_ids"),
        positions=join("positions"),
    )


def encoded(lengths: Sequence[int], features: int) -> list[np.ndarray]:
    """Sequences whose every value says where it comes from: ``1000*s + t + f/4`` (exact in float32)."""
    return [
        1000.0 * s + np.arange(length)[:, None] + 0.25 * np.arange(features)[None, :]
        for s, length in enumerate(lengths)
    ]


def placements(epoch: Epoch, sequences: Sequence[np.ndarray], shift: int = 0) -> dict[int, tuple[int, int]]:
    """Check that every sequence comes back whole and return where it sits: ``{s: (row, start)}``.

    Each sequence (less its last ``shift`` steps) occupies one row, on consecutive steps, in order,
    with the input values given; resets are True exactly at its first step; every real step
    belongs to a sequence and padding is zero.
    """
    assert np.array_equal(epoch.mask, epoch.ids >= 0)
    assert np.array_equal(epoch.mask, epoch.positions >= 0)
    assert np.array_equal(epoch.resets, epoch.mask & (epoch.positions == 0))
    assert not epoch.x[~epoch.mask].any()
    where = {}
    for s, sequence in enumerate(sequences):
        rows, steps = np.nonzero(epoch.ids == s)
        length = len(sequence) - shift
        assert len(rows) == length, f"sequence {s}: {len(rows)} steps came back, expected {length}"
        assert np.all(rows == rows[0]), f"sequence {s} is split over rows {sorted(set(rows.tolist()))}"
        assert np.array_equal(steps, steps[0] + np.arange(length)), f"sequence {s} is not contiguous"
        assert np.array_equal(epoch.positions[rows, steps], np.arange(length))
        np.testing.assert_array_equal(
            epoch.x[rows, steps], np.asarray(sequence, np.float32).reshape(len(sequence), -1)[:length]
        )
        where[s] = (int(rows[0]), int(steps[0]))
    assert epoch.mask.sum() == sum(len(s) - shift for s in sequences)
    return where


def reference_packing(lengths: Sequence[int], order: Sequence[int], slots: int) -> dict[int, tuple[int, int]]:
    """The packing rule simulated step by step: ``{sequence: (row, start)}``."""
    queue = list(order)
    left = [0] * slots
    where = {}
    step = 0
    while queue or any(left):
        for row in range(slots):  # lowest row first
            if left[row] == 0 and queue:
                s = queue.pop(0)
                where[s] = (row, step)
                left[row] = lengths[s]
        left = [max(n - 1, 0) for n in left]
        step += 1
    return where


def assert_chunks_equal(got: Sequence[Chunk], expected: Sequence[Chunk]) -> None:
    assert len(got) == len(expected)
    for k, (a, b) in enumerate(zip(got, expected)):
        for field in ("x", "resets", "mask", "sequence_ids", "positions"):
            assert torch.equal(getattr(a, field), getattr(b, field)), f"chunk {k}: {field} differs"
        assert (a.y is None) == (b.y is None)
        assert a.y is None or torch.equal(a.y, b.y), f"chunk {k}: y differs"
