"""Opening, closing, limits, idle eviction, and refusals of models and frames."""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import GRU, Bidirectional, Dense, Sequential
from statefulrnn.layers.bidirectional import StatefulBidirectionalWarning
from statefulrnn.streaming import PoolFullError, StreamExistsError, StreamPool, UnknownStreamError

from .helpers import FEATURES, offline, served_model


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_streams_are_evicted_with_a_callback_and_active_ones_stay() -> None:
    clock, evicted = FakeClock(), []
    pool = StreamPool(served_model(), idle_timeout=10, on_evict=evicted.append, clock=clock)
    frame = np.zeros(FEATURES, np.float32)
    pool.open("quiet")
    pool.open("busy")
    clock.now = 8.0
    pool.push("busy", frame)
    clock.now = 10.5
    assert pool.evict_idle() == ["quiet"] and evicted == ["quiet"]
    assert "quiet" not in pool and "busy" in pool
    with pytest.raises(UnknownStreamError, match="'quiet'"):
        pool.push("quiet", frame)
    clock.now = 18.5  # busy has been idle for 10.5 s: the next open evicts it on the way
    pool.open("new")
    assert evicted == ["quiet", "busy"] and pool.stream_ids() == ["new"]


def test_without_an_idle_timeout_nothing_is_evicted() -> None:
    clock = FakeClock()
    pool = StreamPool(served_model(), clock=clock)
    pool.open("a")
    clock.now = 1e9
    assert pool.evict_idle() == [] and "a" in pool


def test_max_streams_is_a_clear_error_and_closing_makes_room() -> None:
    pool = StreamPool(served_model(), max_streams=3)
    for name in "abc":
        pool.open(name)
    with pytest.raises(PoolFullError, match="maximum of 3 open streams"):
        pool.open("d")
    assert pool.stream_ids() == ["a", "b", "c"]
    pool.close("b")
    pool.open("d")
    assert len(pool) == 3 and pool.stats()["open_streams"] == 3


def test_the_slot_table_grows_as_streams_open() -> None:
    model = served_model()
    pool = StreamPool(model, max_streams=100)
    whole = np.random.default_rng(1).normal(size=(40, 4, FEATURES)).astype(np.float32)
    ids = list(range(40))  # more than the 16 slots made at first
    for stream_id in ids:
        pool.open(stream_id)
    outputs = pool.push_many(ids, whole)
    np.testing.assert_allclose(outputs[37], offline(model, whole[37]), atol=1e-5)


def test_stream_ids_are_opened_once_and_must_be_open() -> None:
    pool = StreamPool(served_model())
    pool.open("a")
    with pytest.raises(StreamExistsError, match="'a' is already open"):
        pool.open("a")
    for call in (pool.close, pool.reset, lambda name: pool.push(name, np.zeros(FEATURES))):
        with pytest.raises(UnknownStreamError, match="No open stream 'zz'"):
            call("zz")


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        (np.zeros((2, FEATURES + 1)), r"shape \(T, 3\) .* Received: shape \(2, 4\)"),
        (np.zeros((1, 2, FEATURES)), r"Received: shape \(1, 2, 3\)"),
        (np.zeros((0, FEATURES)), r"T >= 1"),
        (np.array([[1.0, np.nan, 0.0]]), "NaN or infinite"),
        (np.array([[1.0, np.inf, 0.0]]), "NaN or infinite"),
        ([[1.0, 2.0], [1.0, 2.0, 3.0]], "array of numbers"),
        ([["a", "b", "c"]], "array of numbers"),
    ],
)
def test_bad_frames_are_refused_and_change_nothing(frames: object, message: str) -> None:
    model = served_model()
    pool = StreamPool(model)
    pool.open("a")
    whole = np.random.default_rng(2).normal(size=(6, FEATURES)).astype(np.float32)
    first = pool.push("a", whole[:3])
    with pytest.raises(ValueError, match=message):
        pool.push("a", frames)
    second = pool.push("a", whole[3:])
    np.testing.assert_allclose(np.concatenate([first, second]), offline(model, whole), atol=1e-6)
    assert pool.stats()["chunks"] == 2


def test_push_many_refuses_repeated_ids_and_wrong_shapes() -> None:
    pool = StreamPool(served_model())
    pool.open("a")
    pool.open("b")
    with pytest.raises(ValueError, match="must not repeat"):
        pool.push_many(["a", "a"], np.zeros((2, 1, FEATURES)))
    with pytest.raises(ValueError, match=r"\(2, T, 3\)"):
        pool.push_many(["a", "b"], np.zeros((3, 1, FEATURES)))
    with pytest.raises(UnknownStreamError):
        pool.push_many(["a", "zz"], np.zeros((2, 1, FEATURES)))
    assert pool.stats()["chunks"] == 0


def test_models_that_cannot_stream_are_refused_by_name() -> None:
    stateless = Sequential([GRU(3, batch_input_shape=(2, None, 1), name="plain")])
    backwards = Sequential(
        [GRU(3, stateful=True, go_backwards=True, batch_input_shape=(2, None, 1), name="back")]
    )
    with pytest.warns(StatefulBidirectionalWarning):
        both_ways = Sequential(
            [Bidirectional(GRU(3, stateful=True), batch_input_shape=(2, None, 1), name="bi")]
        )
    no_state = Sequential([Dense(3, input_shape=(None, 1))])
    with pytest.raises(ValueError, match="'plain' is not stateful"):
        StreamPool(stateless)
    with pytest.raises(ValueError, match="'back' reads its input backwards"):
        StreamPool(backwards)
    with pytest.raises(ValueError, match="'bi' is Bidirectional"):
        StreamPool(both_ways)
    with pytest.raises(ValueError, match="at least one built stateful recurrent layer"):
        StreamPool(no_state)


@pytest.mark.parametrize("setting", [{"max_streams": 0}, {"max_batch": -1}, {"idle_timeout": 0}])
def test_limits_must_be_positive(setting: dict) -> None:
    with pytest.raises(ValueError, match=next(iter(setting))):
        StreamPool(served_model(), **setting)
