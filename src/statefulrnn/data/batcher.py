"""``SequenceBatcher``: continuation-aligned chunks of one long sequence or of many ragged ones."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from numbers import Integral
from typing import Any, Literal

import numpy as np

from .._checks import positive_int
from .chunk import Chunk
from .layout import epoch_order, index_plan
from .resume import FORMAT, check_state, data_digest, layout_fingerprint
from .source import read_source

Target = Literal["per_step", "next_step", "ahead"]
TARGETS = ("per_step", "next_step", "ahead")


class SequenceBatcher:
    """Chunks for a stateful model: row i of chunk k continues row i of chunk k-1.

    **Many sequences** (a list or tuple of ``(T_i, F)`` or ``(T_i,)`` arrays of any lengths, or
    one ``(n, T, F)`` array) are packed into ``batch_size`` rows: row i starts with sequence i
    (in epoch order); when a row's sequence ends, possibly mid-chunk, the row takes the next
    sequence at the very next step, with ``resets`` True there (rows freed at the same step are
    served lowest row first); with no sequence left, the row is padded (``mask`` False) until
    every row is done. The first step of every sequence has ``resets`` True, the start of each
    epoch included.

    **One long sequence** (a single ``(T, F)`` or ``(T,)`` array, tensor, pandas Series or
    DataFrame) is cut into ``batch_size`` contiguous streams, stream i in row i, each its own
    "sequence" (``sequence_ids`` 0..batch_size-1, ``positions`` counted from the stream's start,
    so original step = stream start + position). No step is dropped: with P (input) steps, the
    first ``P % batch_size`` streams are one step longer than the rest, and the others are padded
    for that step. Resets are True only at the first step of the epoch. ``shuffle`` is refused.
    Pass one long sequence as an array, not in a list: ``[x]`` is one sequence in row 0 and
    padding in every other row.

    Every chunk has exactly ``chunk_length`` steps; the last one of an epoch is padded. With
    ``drop_remainder=True`` there is no padding at all: the epoch ends at the last whole chunk
    before any row runs out of data, and the steps after it are dropped (for losses that cannot
    take a mask).

    Targets: ``target="per_step"`` with ``targets`` aligned step by step with ``sequences``
    (``(T_i,)`` integer class labels, giving ``y`` ``(N, T)`` int64, or ``(T_i, C)`` / ``(T_i,)``
    floats, giving ``(N, T, C)`` float32); without ``targets``, ``y`` is None.
    ``target="next_step"``: ``y_t = x_{t+1}`` of the same sequence, inputs ``x[:-1]``;
    ``target="ahead"``, ``horizon=k``: ``y_t = x_{t+k}``, inputs ``x[:-k]``. For one long
    sequence the (input, target) pairs are formed first, then cut into streams, so a stream's
    last targets are the next stream's first inputs. A sequence too short for one pair is refused.

    Position: iterating yields the chunks of the current epoch from the current chunk on, moving
    the position as each chunk is handed out; after the last chunk it moves to (epoch + 1, 0), and
    the next ``iter()`` gives the next epoch (in its own shuffled order). ``state_dict()`` saves the
    position with a fingerprint of the layout and a SHA-256 digest of the data; ``load_state_dict``
    on a batcher made with the same data and settings resumes with exactly the chunks that would
    have come next, and refuses a state saved for another layout or other data. Iterators share
    the one position: changing it (``set_epoch`` to another epoch, ``load_state_dict``, a second
    iterator) stops an iterator in progress with an error.

    The data is checked and copied once into one float32 array (``(n, T)`` integer labels into one
    int64 array), hashed when a position is first saved or loaded (see `statefulrnn.data.resume`);
    an epoch's layout is an int64 index plan of ``(batch_size, steps)``, computed on first use and
    kept for that epoch; each chunk is one gather from the copy.

    Args:
        sequences: one long sequence, or many (see above). Numbers only (bool, int, float), all
            with the same number of features, no NaN or inf.
        batch_size: rows per chunk (the stateful model's batch size).
        chunk_length: steps per chunk (the truncated-BPTT length).
        targets: per-step targets, with ``target="per_step"`` only: one array for one long
            sequence, or one per sequence (a list, or an ``(n, T)``/``(n, T, C)`` array).
        target: ``"per_step"``, ``"next_step"`` or ``"ahead"``.
        horizon: how many steps ahead, with ``target="ahead"`` only.
        shuffle: shuffle the order of whole sequences each epoch (never steps within one), drawn
            from ``(seed, epoch)``. Since packing follows the order, the number of chunks can
            differ between shuffled epochs; ``len()`` is that of the current epoch.
        seed: the shuffling seed (a non-negative integer).
        drop_remainder: only whole chunks with no padding (see above).

    Raises:
        ValueError: a bad size or setting, sequences with different feature counts, targets not
            aligned, NaN or inf, a sequence too short for its targets, one long sequence shorter
            than ``batch_size`` or with ``shuffle``; each message names what came and what was
            expected.
        TypeError: data that is not numbers.

    Example:
        >>> sequences = [np.arange(5.0), np.arange(10.0, 12.0), np.arange(20.0, 23.0)]
        >>> batcher = SequenceBatcher(sequences, batch_size=2, chunk_length=3, target="next_step")
        >>> len(batcher), batcher.features
        (2, 1)
        >>> chunks = list(batcher)
        >>> torch.cat([c.x for c in chunks], dim=1)[..., 0]     # row 1: sequence 1, then 2
        tensor([[ 0.,  1.,  2.,  3.,  0.,  0.],
                [10., 20., 21.,  0.,  0.,  0.]])
        >>> torch.cat([c.y for c in chunks], dim=1)[..., 0]
        tensor([[ 1.,  2.,  3.,  4.,  0.,  0.],
                [11., 21., 22.,  0.,  0.,  0.]])
        >>> torch.cat([c.resets for c in chunks], dim=1).int()
        tensor([[1, 0, 0, 0, 0, 0],
                [1, 1, 0, 0, 0, 0]], dtype=torch.int32)
        >>> batcher.state_dict()["epoch"], batcher.state_dict()["chunk"]
        (1, 0)
    """

    def __init__(
        self,
        sequences: Any,
        batch_size: int,
        chunk_length: int,
        *,
        targets: Any = None,
        target: Target = "per_step",
        horizon: int = 1,
        shuffle: bool = False,
        seed: int = 0,
        drop_remainder: bool = False,
    ) -> None:
        self._batch_size = positive_int("batch_size", batch_size)
        self._chunk_length = positive_int("chunk_length", chunk_length)
        shift = _target_shift(target, horizon, targets)
        if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer. Received: seed={seed!r}")
        self._source = read_source(sequences, targets, shift=shift, batch_size=self._batch_size)
        if shuffle and self._source.one_long:
            raise ValueError(
                "shuffle=True cannot apply to one long sequence: its batch_size streams are consecutive "
                "parts of the same sequence, and row i must carry on from where it stopped. To shuffle, "
                "pass the data as a list of separate sequences."
            )
        count = len(self._source.lengths)
        if drop_remainder and count < self._batch_size:
            raise ValueError(
                f"drop_remainder=True keeps only chunks where every row holds data, but {count} "
                f"sequence(s) cannot fill batch_size={self._batch_size} rows. Use drop_remainder=False "
                f"(padded rows, mask False) or a smaller batch_size."
            )
        self._shuffle, self._seed, self._drop_remainder = bool(shuffle), int(seed), bool(drop_remainder)
        self._layout = layout_fingerprint(
            self._source.lengths,
            kind="one long sequence" if self._source.one_long else "sequences",
            batch_size=self._batch_size,
            chunk_length=self._chunk_length,
            target=target,
            horizon=shift if target == "ahead" else 1,
            shuffle=self._shuffle,
            seed=self._seed,
            drop_remainder=self._drop_remainder,
        )
        self._epoch, self._chunk = 0, 0
        self._plan_epoch: int | None = None
        self._plan = np.empty((0, 0), dtype=np.int64)

    @functools.cached_property
    def _data_sha256(self) -> str:
        # On first need (saving or loading a position), not when built: many batchers never save
        # one, and the copy hashed is the batcher's own, which nothing changes.
        return data_digest(self._source.x, self._source.y)

    @property
    def features(self) -> int:
        """F, the input features of every step."""
        return int(self._source.x.shape[1])

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @property
    def chunk_length(self) -> int:
        return self._chunk_length

    def __len__(self) -> int:
        """Chunks in the current epoch."""
        return self._plan_of(self._epoch).shape[1] // self._chunk_length

    def __iter__(self) -> Iterator[Chunk]:
        epoch, start = self._epoch, self._chunk
        plan = self._plan_of(epoch)
        count = plan.shape[1] // self._chunk_length
        for k in range(start, count):
            if (self._epoch, self._chunk) != (epoch, k):
                raise RuntimeError(
                    f"The batcher's position moved to (epoch {self._epoch}, chunk {self._chunk}) while "
                    f"an iterator was at (epoch {epoch}, chunk {k}) (set_epoch, load_state_dict or "
                    f"another iterator); start a new iteration from the new position."
                )
            chunk = self._source.gather(plan[:, k * self._chunk_length : (k + 1) * self._chunk_length])
            # Moved before the chunk is handed out: a state saved while the consumer holds chunk k
            # resumes at chunk k + 1 (the next epoch's start after the last chunk).
            self._epoch, self._chunk = (epoch, k + 1) if k + 1 < count else (epoch + 1, 0)
            yield chunk

    def set_epoch(self, epoch: int) -> None:
        """Move to the start of ``epoch`` (its shuffle order comes from ``(seed, epoch)``).

        Setting the epoch the batcher is already in keeps its chunk position, so a training loop
        that calls ``set_epoch(e)`` at the top of each epoch still resumes mid-epoch after
        ``load_state_dict``.
        """
        if isinstance(epoch, bool) or not isinstance(epoch, Integral) or epoch < 0:
            raise ValueError(f"epoch must be a non-negative integer. Received: {epoch!r}")
        if int(epoch) != self._epoch:
            self._epoch, self._chunk = int(epoch), 0

    def state_dict(self) -> dict[str, Any]:
        """The position, and the layout and data (as a digest) it belongs to; plain
        JSON-serialisable values."""
        return {
            "format": FORMAT,
            "epoch": self._epoch,
            "chunk": self._chunk,
            "layout": dict(self._layout),
            "data_sha256": self._data_sha256,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Resume at a position saved by ``state_dict()`` of a batcher with the same layout
        over the same data. A state saved before the data digest existed (format 1) still
        loads; its data cannot be checked.

        Raises:
            ValueError: a state from a different layout (each difference named) or other data,
                a malformed state, or a position past the end of its epoch; the position stays.
        """
        epoch, chunk = check_state(state, self._layout, self._data_sha256)
        count = self._plan_of(epoch).shape[1] // self._chunk_length
        if chunk >= count:
            raise ValueError(
                f"The state's chunk {chunk} is past the end of epoch {epoch}, which has {count} chunks."
            )
        self._epoch, self._chunk = epoch, chunk

    def __repr__(self) -> str:
        source = self._source
        what = "one long sequence in" if source.one_long else f"{len(source.lengths)} sequences,"
        return (
            f"SequenceBatcher({what} {int(source.lengths.sum())} steps, batch_size={self._batch_size}, "
            f"chunk_length={self._chunk_length}; at epoch {self._epoch}, chunk {self._chunk})"
        )

    def _plan_of(self, epoch: int) -> np.ndarray:
        """The epoch's index plan, computed once and kept while the batcher stays in that epoch."""
        if self._plan_epoch != epoch:
            source = self._source
            order = epoch_order(len(source.lengths), shuffle=self._shuffle, seed=self._seed, epoch=epoch)
            plan = index_plan(
                source.lengths,
                source.starts,
                order,
                slots=self._batch_size,
                chunk_length=self._chunk_length,
                drop_remainder=self._drop_remainder,
            )
            if plan.shape[1] == 0:
                raise ValueError(
                    f"drop_remainder=True leaves no whole chunk in epoch {epoch}: a row runs out of data "
                    f"before chunk_length={self._chunk_length} steps. Use drop_remainder=False or a "
                    f"shorter chunk_length."
                )
            self._plan_epoch, self._plan = epoch, plan
        return self._plan


def _target_shift(target: Any, horizon: Any, targets: Any) -> int:
    """How many steps ahead targets are taken from the inputs (0: given per step, or none)."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}. Received: target={target!r}")
    if target != "ahead" and horizon != 1:
        raise ValueError(
            f"horizon applies to target='ahead' only (target='next_step' is horizon 1). Received: "
            f"target={target!r}, horizon={horizon!r}"
        )
    if target == "per_step":
        return 0
    if targets is not None:
        raise ValueError(
            f"target={target!r} takes its targets from the inputs themselves; targets= is for "
            f"target='per_step'. Received: targets of type {type(targets).__name__}"
        )
    return 1 if target == "next_step" else positive_int("horizon", horizon)
