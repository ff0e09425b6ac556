"""SequenceBatcher's position (resume, epochs, shuffling), the inputs it takes, and its errors."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import torch

from statefulrnn.data import SequenceBatcher

from .epochs import assert_chunks_equal, encoded, placements, run_epoch

LENGTHS = [7, 3, 12, 5, 9, 2, 4, 8, 2, 6]


def _ragged(**settings) -> SequenceBatcher:
    return SequenceBatcher(encoded(LENGTHS, 2), batch_size=3, chunk_length=4, **settings)


def _saved(batcher: SequenceBatcher) -> dict:
    return json.loads(json.dumps(batcher.state_dict()))  # what a checkpoint file gives back


# --- resuming ---------------------------------------------------------------------------------------------


MAKERS = {
    "ragged": lambda: _ragged(),
    "ragged shuffled": lambda: _ragged(shuffle=True, seed=3),
    "ragged next_step": lambda: _ragged(target="next_step"),
    "one long sequence": lambda: SequenceBatcher(
        np.arange(101.0), batch_size=4, chunk_length=3, target="ahead", horizon=2
    ),
}


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS.keys())
@pytest.mark.parametrize("consumed", [0, 1, 3])
def test_a_fresh_batcher_resumes_with_the_remaining_chunks(make, consumed: int) -> None:
    batcher = make()
    chunks = iter(batcher)
    head = list(itertools.islice(chunks, consumed))
    assert len(head) == consumed
    state = _saved(batcher)
    assert (state["epoch"], state["chunk"]) == (0, consumed)

    resumed = make()
    resumed.load_state_dict(state)
    assert_chunks_equal(list(resumed), list(chunks))
    assert resumed.state_dict() == batcher.state_dict() == {**state, "epoch": 1, "chunk": 0}


def test_resuming_across_an_epoch_boundary_keeps_each_epochs_shuffle() -> None:
    batcher = _ragged(shuffle=True, seed=11)
    run_epoch(batcher)  # epoch 0
    chunks = iter(batcher)  # epoch 1
    list(itertools.islice(chunks, 2))
    state = _saved(batcher)
    assert (state["epoch"], state["chunk"]) == (1, 2)

    resumed = _ragged(shuffle=True, seed=11)
    resumed.load_state_dict(state)
    assert_chunks_equal(list(resumed), list(chunks))  # rest of epoch 1
    assert_chunks_equal(list(resumed), list(batcher))  # all of epoch 2


def test_a_state_saved_after_the_last_chunk_starts_the_next_epoch() -> None:
    batcher = _ragged(shuffle=True)
    *_, last = iter(batcher)
    assert last.mask.any()
    state = _saved(batcher)
    assert (state["epoch"], state["chunk"]) == (1, 0)
    resumed = _ragged(shuffle=True)
    resumed.load_state_dict(state)
    expected = _ragged(shuffle=True)
    expected.set_epoch(1)
    assert_chunks_equal(list(resumed), list(expected))


@pytest.mark.parametrize(
    "other, difference",
    [
        (lambda: _ragged(seed=1, shuffle=True), "seed: saved 0, here 1"),
        (
            lambda: SequenceBatcher(encoded(LENGTHS, 2), batch_size=2, chunk_length=4),
            "batch_size: saved 3, here 2",
        ),
        (
            lambda: SequenceBatcher(encoded(LENGTHS, 2), batch_size=3, chunk_length=5),
            "chunk_length: saved 4, here 5",
        ),
        (
            lambda: SequenceBatcher(encoded([*LENGTHS, 3], 2), batch_size=3, chunk_length=4),
            "sequences: saved 10, here 11",
        ),
        (lambda: SequenceBatcher(encoded(LENGTHS[::-1], 2), batch_size=3, chunk_length=4), "lengths_sha256"),
        (lambda: _ragged(target="next_step"), "target: saved 'per_step', here 'next_step'"),
    ],
)
def test_a_state_from_another_layout_is_refused_naming_the_difference(other, difference: str) -> None:
    batcher = _ragged(shuffle=True)
    next(iter(batcher))
    target = other()
    with pytest.raises(ValueError, match="another layout") as error:
        target.load_state_dict(_saved(batcher))
    assert difference in str(error.value)
    assert target.state_dict()["chunk"] == 0  # the position did not move


def test_a_state_that_is_not_a_batchers_is_refused() -> None:
    batcher = _ragged()
    with pytest.raises(ValueError, match=r"lacks \['format', 'layout'\]"):
        batcher.load_state_dict({"epoch": 0, "chunk": 1})
    with pytest.raises(ValueError, match="chunk 99 is past the end of epoch 0, which has"):
        batcher.load_state_dict({**batcher.state_dict(), "chunk": 99})
    with pytest.raises(ValueError, match="epoch must be a non-negative integer"):
        batcher.load_state_dict({**batcher.state_dict(), "epoch": -1})


OTHER_DATA = {
    "other inputs": lambda: SequenceBatcher(
        [s + 0.5 for s in encoded(LENGTHS, 2)], batch_size=3, chunk_length=4, shuffle=True
    ),
    "one value changed": lambda: SequenceBatcher(
        [*encoded(LENGTHS, 2)[:-1], encoded(LENGTHS, 2)[-1] * 2], batch_size=3, chunk_length=4, shuffle=True
    ),
    "other targets": lambda: SequenceBatcher(
        encoded(LENGTHS, 2), batch_size=3, chunk_length=4, shuffle=True, targets=[np.ones(n) for n in LENGTHS]
    ),
}


@pytest.mark.parametrize("other", OTHER_DATA.values(), ids=OTHER_DATA.keys())
def test_a_state_saved_for_other_data_of_the_same_lengths_is_refused(other) -> None:
    batcher = _ragged(shuffle=True)
    next(iter(batcher))
    target = other()
    with pytest.raises(ValueError, match=r"over other data .* make the batcher with the data the state"):
        target.load_state_dict(_saved(batcher))
    assert target.state_dict()["chunk"] == 0  # the position did not move


def test_a_state_saved_before_the_data_digest_still_loads_and_a_new_one_needs_it() -> None:
    batcher = _ragged()
    list(itertools.islice(iter(batcher), 2))
    old = {key: value for key, value in _saved(batcher).items() if key != "data_sha256"}
    resumed = _ragged()
    resumed.load_state_dict({**old, "format": 1})  # as format 1 saved it: no digest to check
    assert (resumed.state_dict()["epoch"], resumed.state_dict()["chunk"]) == (0, 2)
    assert_chunks_equal(list(resumed), list(batcher))
    with pytest.raises(ValueError, match=r"lacks \['data_sha256'\]"):
        _ragged().load_state_dict(old)  # format 2 without its digest: tampered, not old


def test_set_epoch_keeps_the_position_within_the_current_epoch_only() -> None:
    batcher = _ragged(shuffle=True)
    batcher.load_state_dict({**batcher.state_dict(), "epoch": 2, "chunk": 3})
    batcher.set_epoch(2)  # a training loop's set_epoch at the top of the resumed epoch
    assert (batcher.state_dict()["epoch"], batcher.state_dict()["chunk"]) == (2, 3)
    batcher.set_epoch(4)
    assert (batcher.state_dict()["epoch"], batcher.state_dict()["chunk"]) == (4, 0)


def test_an_iterator_stops_when_the_position_is_moved_under_it() -> None:
    batcher = _ragged()
    chunks = iter(batcher)
    next(chunks)
    batcher.set_epoch(5)
    with pytest.raises(RuntimeError, match="position moved to \\(epoch 5, chunk 0\\)"):
        next(chunks)


def test_a_broken_off_iteration_continues_where_it_stopped() -> None:
    whole = list(_ragged())
    batcher = _ragged()
    first = list(itertools.islice(iter(batcher), 2))
    assert_chunks_equal(first + list(batcher), whole)


# --- shuffling --------------------------------------------------------------------------------------------


def _first_steps(epoch) -> list[int]:
    """Sequence ids in the order they start (by step, then row)."""
    steps, rows = np.nonzero(epoch.resets.T)
    return epoch.ids[rows, steps].tolist()


def test_shuffle_changes_the_order_of_whole_sequences_between_epochs() -> None:
    sequences = encoded(LENGTHS, 2)
    batcher = _ragged(shuffle=True, seed=5)
    epochs = [run_epoch(batcher) for _ in range(3)]
    orders = [_first_steps(e) for e in epochs]
    assert len({tuple(o) for o in orders}) == 3
    for epoch in epochs:
        placements(epoch, sequences)  # never split, never reordered inside

    again = _ragged(shuffle=True, seed=5)
    again.set_epoch(2)
    assert _first_steps(run_epoch(again)) == orders[2]  # (seed, epoch) alone decide
    other_seed = _ragged(shuffle=True, seed=6)
    other_seed.set_epoch(2)
    assert _first_steps(run_epoch(other_seed)) != orders[2]


def test_without_shuffle_every_epoch_is_the_same() -> None:
    batcher = _ragged()
    first, second = run_epoch(batcher), run_epoch(batcher)
    assert_chunks_equal(first.chunks, second.chunks)
    assert _first_steps(first) == list(range(len(LENGTHS)))


def test_len_is_the_chunk_count_of_the_current_epoch() -> None:
    batcher = _ragged(shuffle=True, seed=2)
    for _ in range(4):
        count = len(batcher)
        assert len(list(batcher)) == count


# --- what it takes ----------------------------------------------------------------------------------------


def test_tensors_lists_and_3d_arrays_give_the_same_chunks() -> None:
    arrays = encoded([5, 5, 5], 2)
    expected = list(SequenceBatcher(arrays, 2, 3))
    as_tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    assert_chunks_equal(list(SequenceBatcher(as_tensors, 2, 3)), expected)
    assert_chunks_equal(list(SequenceBatcher([a.tolist() for a in arrays], 2, 3)), expected)
    assert_chunks_equal(list(SequenceBatcher(tuple(arrays), 2, 3)), expected)
    assert_chunks_equal(list(SequenceBatcher(np.stack(arrays), 2, 3)), expected)
    as_bfloat16 = [torch.tensor(a, dtype=torch.bfloat16) for a in arrays]  # which numpy cannot hold
    rounded = [t.float().numpy() for t in as_bfloat16]
    assert_chunks_equal(list(SequenceBatcher(as_bfloat16, 2, 3)), list(SequenceBatcher(rounded, 2, 3)))


def test_integers_become_float32_and_chunks_are_copies() -> None:
    series = np.arange(12)
    batcher = SequenceBatcher(series, 2, 3)
    first = next(iter(batcher))
    assert first.x.dtype == torch.float32
    first.x.add_(100)  # a consumer changing a chunk in place changes nothing else
    series[:] = -1  # nor does changing the array after the batcher was made
    batcher.set_epoch(1)
    assert next(iter(batcher)).x[..., 0].tolist() == [[0, 1, 2], [6, 7, 8]]


def test_pandas_objects_are_read_by_duck_typing() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": np.arange(10.0), "b": np.arange(10.0) * 2})
    got = run_epoch(SequenceBatcher(frame, 2, 5, targets=pd.Series(np.arange(10))))
    assert got.x.shape == (2, 5, 2) and got.y.dtype == np.int64
    series = [pd.Series(np.arange(4.0)), pd.Series(np.arange(3.0))]
    assert run_epoch(SequenceBatcher(series, 2, 4)).mask.sum() == 7


def test_a_large_series_is_laid_out_without_a_step_loop() -> None:
    series = np.random.default_rng(0).normal(size=(2_000_000, 1)).astype(np.float32)
    batcher = SequenceBatcher(series, batch_size=8, chunk_length=1000)
    assert len(batcher) == 250
    chunk = next(iter(batcher))
    assert np.array_equal(chunk.x[3].numpy(), series[750_000:751_000])


# --- what it refuses --------------------------------------------------------------------------------------


SEQS = encoded([4, 3], 2)

ERRORS = [
    (
        dict(sequences=SEQS, batch_size=0),
        ValueError,
        r"batch_size must be a positive integer. Received: batch_size=0",
    ),
    (dict(sequences=SEQS, batch_size=2.5), ValueError, r"batch_size must be a positive integer"),
    (dict(sequences=SEQS, batch_size=True), ValueError, r"batch_size must be a positive integer"),
    (
        dict(sequences=SEQS, chunk_length=-3),
        ValueError,
        r"chunk_length must be a positive integer. Received: chunk_length=-3",
    ),
    (
        dict(sequences=[np.ones((4, 2)), np.ones((5, 3))]),
        ValueError,
        r"sequence 0 has shape \(4, 2\) \(2 features\) but sequence 1 has shape \(5, 3\)",
    ),
    (
        dict(sequences=SEQS, targets=[np.ones(4), np.ones(2)]),
        ValueError,
        r"not aligned.*sequence 1 has 3 steps but its targets have 2",
    ),
    (
        dict(sequences=SEQS, targets=[np.ones(4)]),
        ValueError,
        r"one array per sequence: 2 sequences, 1 targets",
    ),
    (
        dict(sequences=SEQS, targets=[np.ones(4, int), np.ones(3)]),
        ValueError,
        r"mix integer class labels \(targets of sequence 0",
    ),
    (dict(sequences=[np.array(["a", "b"])]), TypeError, r"sequence 0 must hold numbers.*dtype <U1"),
    (dict(sequences=[[1.0, None, 2.0]]), TypeError, r"sequence 0 must hold numbers.*dtype object"),
    (
        dict(sequences=SEQS, targets=[np.array(["x"] * 4), np.ones(3)]),
        TypeError,
        r"targets of sequence 0 must hold numbers",
    ),
    (
        dict(sequences=[SEQS[0], np.array([[0.0, 1.0], [np.nan, 0.0]])]),
        ValueError,
        r"sequence 1 has a non-finite value \(nan\) at step 1, feature 0",
    ),
    (
        dict(sequences=np.array([0.0, 1.0, np.inf, 3.0])),
        ValueError,
        r"the sequence has a non-finite value \(inf\) at step 2",
    ),
    (
        dict(sequences=[np.array([1.0, 1e39])]),
        ValueError,
        r"sequence 0 has a non-finite value \(inf\) at step 1.*3.4e38",
    ),
    (
        dict(sequences=SEQS, targets=[np.ones(4), np.array([1.0, np.nan, 0.0])]),
        ValueError,
        r"targets of sequence 1 has a non-finite",
    ),
    (
        dict(sequences=np.arange(3.0), batch_size=4),
        ValueError,
        r"batch_size=4 parallel streams.*\(3 steps\): it needs at least 4",
    ),
    (
        dict(sequences=np.arange(4.0), batch_size=4, target="next_step"),
        ValueError,
        r"\(4 steps, 3 \(input, target\) pairs\)",
    ),
    (
        dict(sequences=np.arange(50.0), shuffle=True),
        ValueError,
        r"shuffle=True cannot apply to one long sequence",
    ),
    (
        dict(sequences=[np.ones(5), np.ones(1), np.ones(3)], target="next_step"),
        ValueError,
        r"sequence 1 has 1 steps, too short.*at least 2",
    ),
    (
        dict(sequences=[np.ones(5), np.ones(3)], target="ahead", horizon=3),
        ValueError,
        r"sequence 1 has 3 steps.*3 step\(s\) ahead: it needs at least 4",
    ),
    (dict(sequences=SEQS, target="ahead", horizon=0), ValueError, r"horizon must be a positive integer"),
    (dict(sequences=SEQS, horizon=2), ValueError, r"horizon applies to target='ahead' only"),
    (
        dict(sequences=SEQS, target="next"),
        ValueError,
        r"target must be one of \('per_step', 'next_step', 'ahead'\)",
    ),
    (
        dict(sequences=SEQS, target="next_step", targets=SEQS),
        ValueError,
        r"takes its targets from the inputs",
    ),
    (dict(sequences=[]), ValueError, r"sequences is empty"),
    (dict(sequences=iter(SEQS)), TypeError, r"not an iterator; pass list"),
    (dict(sequences=[1.0, 2.0, 3.0]), ValueError, r"sequence 0 is a single number.*not as a list of numbers"),
    (dict(sequences=[np.ones(3), np.ones(0)]), ValueError, r"sequence 1 has no steps"),
    (
        dict(sequences=[np.ones((3, 2, 2))]),
        ValueError,
        r"sequence 0 must be \(T,\) or \(T, F\). Received: shape \(3, 2, 2\)",
    ),
    (dict(sequences=[[[1.0], [2.0, 3.0]]]), ValueError, r"sequence 0 is not a rectangular array"),
    (dict(sequences=[np.ones((3, 0))]), ValueError, r"sequence 0 has 0 features"),
    (
        dict(sequences=SEQS, batch_size=3, drop_remainder=True),
        ValueError,
        r"2 sequence\(s\) cannot fill batch_size=3 rows",
    ),
    (dict(sequences=SEQS, seed=-1), ValueError, r"seed must be a non-negative integer"),
]


@pytest.mark.parametrize("arguments, kind, message", ERRORS, ids=[m[:40] for _, _, m in ERRORS])
def test_bad_input_is_refused_with_what_was_expected(arguments: dict, kind: type, message: str) -> None:
    arguments = {"batch_size": 2, "chunk_length": 3, **arguments}
    with pytest.raises(kind, match=message):
        SequenceBatcher(arguments.pop("sequences"), **arguments)


def test_drop_remainder_with_no_whole_chunk_is_refused_when_the_epoch_is_laid_out() -> None:
    batcher = SequenceBatcher([np.ones(3), np.ones(2)], batch_size=2, chunk_length=3, drop_remainder=True)
    with pytest.raises(ValueError, match="leaves no whole chunk in epoch 0"):
        len(batcher)
