"""Where steps go: ragged sequences packed into rows, one long sequence cut into streams, targets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statefulrnn.data import SequenceBatcher
from statefulrnn.data.layout import epoch_order

from .epochs import encoded, placements, reference_packing, run_epoch

PROPERTY_SETTINGS = settings(max_examples=50, deadline=None, derandomize=True, database=None)

LENGTHS = st.lists(st.integers(1, 40), min_size=1, max_size=12)


@PROPERTY_SETTINGS
@given(
    lengths=LENGTHS,
    features=st.integers(1, 3),
    batch_size=st.integers(1, 5),
    chunk_length=st.integers(1, 9),
    shuffle=st.booleans(),
    epoch=st.integers(0, 3),
)
def test_every_sequence_comes_back_whole_in_one_row(
    lengths: list[int], features: int, batch_size: int, chunk_length: int, shuffle: bool, epoch: int
) -> None:
    sequences = encoded(lengths, features)
    batcher = SequenceBatcher(sequences, batch_size, chunk_length, shuffle=shuffle, seed=7)
    batcher.set_epoch(epoch)
    count = len(batcher)
    got = run_epoch(batcher)
    assert len(got.chunks) == count
    assert got.y is None

    where = placements(got, sequences)
    order = epoch_order(len(lengths), shuffle=shuffle, seed=7, epoch=epoch)
    assert where == reference_packing(lengths, order.tolist(), batch_size)
    # Padding only once no sequence is left: each row is real steps then padding, and no row
    # starts padding before the last sequence has been handed out.
    for row in got.mask:
        assert not row[np.argmin(row) :].any() or row.all()
    first_padding = [int(np.argmin(row)) if not row.all() else row.size for row in got.mask]
    assert max(start for _, start in where.values()) <= min(first_padding)
    # No chunk of padding alone: the last chunk holds a real step.
    assert got.chunks[-1].mask.any()


@PROPERTY_SETTINGS
@given(
    lengths=LENGTHS,
    batch_size=st.integers(1, 5),
    chunk_length=st.integers(1, 9),
    target=st.sampled_from([("per_step", 1), ("next_step", 1), ("ahead", 3)]),
    drop_remainder=st.booleans(),
)
def test_rows_continue_across_chunks_unless_reset(
    lengths: list[int], batch_size: int, chunk_length: int, target: tuple[str, int], drop_remainder: bool
) -> None:
    kind, horizon = target
    shift = 0 if kind == "per_step" else horizon
    lengths = [n + shift for n in lengths]  # long enough for one (input, target) pair
    if drop_remainder and len(lengths) < batch_size:
        lengths += [shift + 40] * (batch_size - len(lengths))
    sequences = encoded(lengths, 2)
    batcher = SequenceBatcher(
        sequences, batch_size, chunk_length, target=kind, horizon=horizon, drop_remainder=drop_remainder
    )
    try:
        got = run_epoch(batcher)
    except ValueError as error:  # drop_remainder with a row shorter than one chunk
        assert drop_remainder and "no whole chunk" in str(error)
        return

    previous, current = got.positions[:, :-1], got.positions[:, 1:]
    real, reset = got.mask[:, 1:], got.resets[:, 1:]
    continues = real & ~reset
    assert np.array_equal(current[continues], previous[continues] + 1)
    assert np.array_equal(got.ids[:, 1:][continues], got.ids[:, :-1][continues])
    assert np.all(current[reset] == 0) and np.all(got.positions[:, 0][got.mask[:, 0]] == 0)
    assert got.resets[:, 0][got.mask[:, 0]].all()
    if drop_remainder:
        assert got.mask.all()


def test_packing_fills_a_freed_row_at_the_very_next_step_lowest_row_first() -> None:
    # Rows 0 and 1 both free up after step 2; sequence 2 goes to row 0, sequence 3 to row 1.
    sequences = encoded([2, 2, 3, 1, 1], 1)
    got = run_epoch(SequenceBatcher(sequences, batch_size=2, chunk_length=4))
    assert got.ids.tolist() == [[0, 0, 2, 2, 2, -1, -1, -1], [1, 1, 3, 4, -1, -1, -1, -1]]
    assert got.resets.astype(int).tolist() == [[1, 0, 1, 0, 0, 0, 0, 0], [1, 0, 1, 1, 0, 0, 0, 0]]


def test_fewer_sequences_than_rows_pad_the_spare_rows() -> None:
    got = run_epoch(SequenceBatcher(encoded([3], 1), batch_size=3, chunk_length=2))
    assert got.mask.tolist() == [[True, True, True, False], [False] * 4, [False] * 4]
    assert not got.resets[1:].any()


@pytest.mark.parametrize("steps, batch_size, chunk_length", [(23, 4, 5), (20, 4, 5), (7, 7, 2), (100, 3, 7)])
def test_one_long_sequence_is_cut_into_contiguous_streams(
    steps: int, batch_size: int, chunk_length: int
) -> None:
    series = np.arange(steps, dtype=np.float64)
    batcher = SequenceBatcher(series, batch_size, chunk_length)
    got = run_epoch(batcher)
    values = got.x[..., 0]

    # Stream i is in row i, consecutive steps of the series; the streams follow each other and
    # cover every step (the first steps % batch_size streams take one step more).
    stream_lengths = got.mask.sum(axis=1)
    assert sorted(stream_lengths.tolist(), reverse=True) == stream_lengths.tolist()
    assert stream_lengths.max() - stream_lengths.min() <= 1
    starts = np.cumsum(stream_lengths) - stream_lengths
    for row in range(batch_size):
        real = values[row, got.mask[row]]
        assert np.array_equal(real, starts[row] + np.arange(stream_lengths[row]))
        assert np.all(got.ids[row, got.mask[row]] == row)
    assert got.mask.sum() == steps

    # Chunk k row i continues chunk k-1 row i; resets only at the start of the epoch.
    for before, after in zip(got.chunks, got.chunks[1:]):
        real = after.mask[:, 0].numpy()
        assert np.array_equal(after.x[real, 0, 0].numpy(), before.x[real, -1, 0].numpy() + 1)
        assert not after.resets.any()
    assert got.chunks[0].resets[:, 0].all() and got.resets.sum() == batch_size


def test_one_long_sequence_with_drop_remainder_has_only_whole_real_chunks() -> None:
    batcher = SequenceBatcher(np.arange(23.0), batch_size=4, chunk_length=2, drop_remainder=True)
    got = run_epoch(batcher)
    assert got.mask.all() and len(got.chunks) == 2  # streams of 6 or 5 steps: two whole chunks
    assert got.x[..., 0].tolist() == [[0, 1, 2, 3], [6, 7, 8, 9], [12, 13, 14, 15], [18, 19, 20, 21]]


@pytest.mark.parametrize("target, horizon", [("next_step", 1), ("ahead", 1), ("ahead", 4)])
def test_targets_ahead_are_the_inputs_later_in_the_same_sequence(target: str, horizon: int) -> None:
    lengths = [9, 5, 12, 6, 5]
    sequences = encoded(lengths, 2)
    got = run_epoch(SequenceBatcher(sequences, 2, 4, target=target, horizon=horizon))
    placements(got, sequences, shift=horizon)  # each sequence less its last `horizon` steps as inputs
    rows, steps = np.nonzero(got.mask)
    for row, step in zip(rows, steps):
        s, p = got.ids[row, step], got.positions[row, step]
        np.testing.assert_array_equal(got.y[row, step], sequences[s][p + horizon])
    assert not got.y[~got.mask].any()


def test_targets_ahead_of_one_long_sequence_use_every_pair() -> None:
    series = np.arange(30.0)
    got = run_epoch(SequenceBatcher(series, batch_size=4, chunk_length=5, target="ahead", horizon=3))
    assert got.mask.sum() == 27  # 30 steps give 27 (input, target) pairs
    assert np.array_equal(got.y[got.mask], got.x[got.mask] + 3)
    # Stream boundaries: the last target of stream 0 is the first input of stream 1 plus two.
    assert sorted(got.x[..., 0][got.mask].tolist()) == list(range(27))


def test_per_step_targets_keep_their_alignment_and_kind() -> None:
    lengths = [4, 7, 3]
    sequences = encoded(lengths, 1)
    labels = [np.arange(n) + 10 * s for s, n in enumerate(lengths)]
    got = run_epoch(SequenceBatcher(sequences, 2, 3, targets=labels))
    assert got.y.dtype == np.int64 and got.y.shape == got.mask.shape
    assert np.array_equal(got.y[got.mask], 10 * got.ids[got.mask] + got.positions[got.mask])
    assert not got.y[~got.mask].any()

    floats = [
        np.stack([np.full(n, s), np.arange(n)], axis=1).astype(np.float64) for s, n in enumerate(lengths)
    ]
    got = run_epoch(SequenceBatcher(sequences, 2, 3, targets=floats))
    assert got.y.dtype == np.float32 and got.y.shape == (*got.mask.shape, 2)
    assert np.array_equal(got.y[got.mask], np.stack([got.ids[got.mask], got.positions[got.mask]], axis=1))

    long = run_epoch(SequenceBatcher(np.arange(10.0), 2, 3, targets=np.arange(10.0) * 2))
    assert long.y.shape == (*long.mask.shape, 1)
    assert np.array_equal(long.y[long.mask], long.x[long.mask] * 2)
