"""StreamPool: every stream's outputs equal its offline run, however streams interleave."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import use_fused_kernels
from statefulrnn.streaming import PendingChunk, StreamPool, UnknownStreamError

from .helpers import FEATURES, offline, random_chunks, served_model

KINDS = ("gru", "lstm", "simple_relu", "gru_reset_before", "user_cell", "stack")


def joined(pieces: list) -> np.ndarray:
    """One stream's outputs: pushed results and futures, in the order its chunks came."""
    arrays = [piece.result() if isinstance(piece, PendingChunk) else piece for piece in pieces]
    return np.concatenate([array.reshape(-1, array.shape[-1]) for array in arrays])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("seed", [0, 1])
def test_random_interleavings_match_offline_runs(kind: str, fused: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = served_model(kind, seed=seed)
    pool = StreamPool(model, max_streams=64, max_batch=int(rng.integers(1, 8)))
    streams = {
        f"s{i}": rng.normal(size=(int(rng.integers(5, 30)), FEATURES)).astype(np.float32) for i in range(9)
    }
    plans = {name: random_chunks(rng, len(whole)) for name, whole in streams.items()}
    pieces: dict[str, list] = {name: [] for name in streams}
    position = dict.fromkeys(streams, 0)
    with use_fused_kernels(fused):
        while any(plans.values()):
            name = str(rng.choice([n for n, plan in plans.items() if plan]))
            if not position[name]:
                pool.open(name)
            length = plans[name].pop(0)
            frames = streams[name][position[name] : position[name] + length]
            position[name] += length
            action = rng.integers(3)
            if action == 0:  # run now (after the stream's queued chunks), one frame given bare
                pieces[name].append(pool.push(name, frames[0] if length == 1 else frames))
            else:  # queued: run by a later step or push, or by the final drain
                pieces[name].append(pool.submit(name, frames))
                if action == 2:
                    pool.step()
        while pool.step():
            pass
    for name, whole in streams.items():
        np.testing.assert_allclose(joined(pieces[name]), offline(model, whole), atol=1e-5, err_msg=name)
    stats = pool.stats()
    assert stats["steps"] == sum(len(whole) for whole in streams.values())
    assert stats["open_streams"] == 9 and stats["pending_chunks"] == 0


def test_a_model_returning_its_last_step_gives_each_chunks_last_output() -> None:
    model = served_model("gru", return_sequences=False)
    sequences = served_model("gru", return_sequences=True)  # same seed: same weights
    whole = np.random.default_rng(3).normal(size=(12, FEATURES)).astype(np.float32)
    pool = StreamPool(model)
    pool.open("a")
    pool.open("b")
    pool.submit("b", whole[:2])  # a shorter chunk in the same call pads "a"'s batch row
    first = pool.submit("a", whole[:7])
    assert pool.step() == 2
    truth = offline(sequences, whole)
    np.testing.assert_allclose(first.result(), truth[6], atol=1e-6)
    np.testing.assert_allclose(pool.push("a", whole[7:]), truth[11], atol=1e-6)


@pytest.mark.parametrize("kinds", [("frame", "frame"), ("chunk", "chunk"), ("frame", "chunk")])
def test_one_frame_gives_one_row_and_a_chunk_of_one_keeps_its_time_axis_in_a_step(kinds: tuple) -> None:
    model = served_model("gru")
    whole = np.random.default_rng(4).normal(size=(2, 1, FEATURES)).astype(np.float32)
    pool = StreamPool(model)
    chunks = []
    for name, kind, frames in zip("ab", kinds, whole):
        pool.open(name)
        chunks.append(pool.submit(name, frames[0] if kind == "frame" else frames))
    assert pool.step() == 2
    for chunk, kind, frames in zip(chunks, kinds, whole):
        expected = offline(model, frames)
        np.testing.assert_allclose(chunk.result(), expected[0] if kind == "frame" else expected, atol=1e-6)
        assert chunk.result().shape == ((2,) if kind == "frame" else (1, 2))


@pytest.mark.parametrize("kind", KINDS)
def test_read_only_frames_decoded_from_bytes_queue_and_push_as_any_others(kind: str) -> None:
    """A frame decoded from bytes is read-only: queued as it is (the step joins its bytes) and
    copied by a push that runs it alone; a bare frame (F,) padded beside a longer chunk."""
    model = served_model(kind)
    whole = np.random.default_rng(5).normal(size=(2, 6, FEATURES)).astype(np.float32)

    def read_only(frames: np.ndarray) -> np.ndarray:
        decoded = np.frombuffer(frames.tobytes(), np.float32).reshape(frames.shape)
        assert not decoded.flags.writeable
        return decoded

    pool = StreamPool(model)
    for name in "ab":
        pool.open(name)
    first = [pool.submit("a", read_only(whole[0, 0])), pool.submit("b", read_only(whole[1, :3]))]
    assert pool.step() == 2
    later = [pool.push("a", read_only(whole[0, 1:])), pool.push("b", read_only(whole[1, 3]))]
    assert first[0].result().shape == later[1].shape == (model.output_shape[-1],)
    a = np.concatenate([first[0].result()[None], later[0]])  # 1 + 5 steps
    b = np.concatenate([first[1].result(), later[1][None]])  # 3 + 1 steps
    np.testing.assert_allclose(a, offline(model, whole[0]), atol=1e-5)
    np.testing.assert_allclose(b, offline(model, whole[1, :4]), atol=1e-5)


def test_one_call_never_takes_two_chunks_of_one_stream() -> None:
    pool = StreamPool(served_model(), max_batch=10)
    for name in "ab":
        pool.open(name)
    frames = np.ones((2, FEATURES), np.float32)
    futures = [pool.submit("a", frames) for _ in range(3)] + [pool.submit("b", frames)]
    assert [pool.step() for _ in range(4)] == [2, 1, 1, 0]
    assert all(future.done() for future in futures)
    assert pool.stats()["batches"] == 3


def test_max_batch_bounds_a_call_and_waiting_streams_go_first() -> None:
    pool = StreamPool(served_model(), max_batch=2)
    for name in "abc":
        pool.open(name)
    frames = np.ones((1, FEATURES), np.float32)
    a1, b1, c1, a2 = (pool.submit(name, frames) for name in "abca")
    assert pool.step() == 2 and a1.done() and b1.done() and not c1.done()
    assert pool.step() == 2 and c1.done() and a2.done()


def test_pool_batch_size_is_independent_of_the_training_batch_size() -> None:
    model = served_model("lstm")  # built at batch 8
    pool = StreamPool(model, max_streams=40)
    rng = np.random.default_rng(5)
    wholes = rng.normal(size=(20, 6, FEATURES)).astype(np.float32)
    ids = [f"s{i}" for i in range(20)]
    for stream_id in ids:
        pool.open(stream_id)
    first = pool.push_many(ids, wholes[:, :4])
    second = pool.push_many(ids, wholes[:, 4:])
    for row, whole in enumerate(wholes):
        np.testing.assert_allclose(
            np.concatenate([first[row], second[row]]), offline(model, whole), atol=1e-5
        )
    assert model.layers[0].states[0].shape[0] == 8  # the served model's own states are untouched
    assert float(model.layers[0].states[0].abs().sum()) == 0.0


def test_push_many_runs_queued_chunks_first() -> None:
    model = served_model()
    pool = StreamPool(model)
    whole = np.random.default_rng(6).normal(size=(2, 5, FEATURES)).astype(np.float32)
    pool.open("a")
    pool.open("b")
    queued = pool.submit("a", whole[0, :3])
    rest = pool.push_many(["b", "a"], np.stack([whole[1, :2], whole[0, 3:]]))
    np.testing.assert_allclose(
        np.concatenate([queued.result(), rest[1]]), offline(model, whole[0]), atol=1e-6
    )


def test_reset_starts_the_stream_anew_after_its_queued_chunks() -> None:
    model = served_model()
    pool = StreamPool(model)
    pool.open("a")
    whole = np.random.default_rng(7).normal(size=(6, FEATURES)).astype(np.float32)
    queued = pool.submit("a", whole[:3])
    pool.reset("a")
    assert queued.done()
    np.testing.assert_allclose(queued.result(), offline(model, whole[:3]), atol=1e-6)
    np.testing.assert_allclose(pool.push("a", whole[3:]), offline(model, whole[3:]), atol=1e-6)


def test_a_closed_streams_slot_is_reused_from_a_zero_state() -> None:
    model = served_model()
    pool = StreamPool(model, max_streams=1)
    whole = np.random.default_rng(8).normal(size=(4, FEATURES)).astype(np.float32)
    pool.open("a")
    pool.push("a", whole)
    pool.close("a")
    pool.open("b")
    np.testing.assert_allclose(pool.push("b", whole), offline(model, whole), atol=1e-6)


def test_the_pool_serves_a_model_on_its_device_and_dtype() -> None:
    model = served_model().double()
    pool = StreamPool(model)
    pool.open("a")
    whole = np.random.default_rng(9).normal(size=(5, FEATURES))
    single = model.with_batch_size(1)
    with torch.no_grad():
        truth = single(torch.tensor(whole[None])).numpy()[0]
    out = pool.push("a", whole)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, truth, atol=1e-6)
    for name in "bc":  # the queued road joins the chunks' float64 bytes into one batch
        pool.open(name)
    queued = [pool.submit(name, whole) for name in "bc"]
    assert pool.step() == 2
    for chunk in queued:
        assert chunk.result().dtype == np.float64
        np.testing.assert_allclose(chunk.result(), truth, atol=1e-6)


def test_a_pending_chunks_result_runs_the_steps_it_waits_for() -> None:
    model = served_model()
    pool = StreamPool(model)
    pool.open("a")
    whole = np.random.default_rng(10).normal(size=(5, FEATURES)).astype(np.float32)
    first, second = pool.submit("a", whole[:2]), pool.submit("a", whole[2:])
    assert not first.done() and not second.done()
    np.testing.assert_allclose(
        np.concatenate([second.result(), first.result()][::-1]), offline(model, whole), atol=1e-6
    )
    assert pool.stats()["batches"] == 2


def test_a_failed_call_reports_to_its_chunks_and_keeps_every_state(monkeypatch: pytest.MonkeyPatch) -> None:
    model = served_model()
    pool = StreamPool(model)
    whole = np.random.default_rng(11).normal(size=(2, 6, FEATURES)).astype(np.float32)
    for name in "ab":
        pool.open(name)
    pool.push_many(["a", "b"], whole[:, :3])
    dense = pool._runner.model.layers[-1]  # fails after the recurrent layer has computed its new states

    def out_of_memory(*args: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(dense, "activation", out_of_memory)
    doomed = [pool.submit(name, whole[row, 3:]) for row, name in enumerate("ab")]
    assert pool.step() == 2
    for chunk in doomed:
        with pytest.raises(MemoryError, match="out of memory"):
            chunk.result()
    monkeypatch.undo()
    rest = pool.push_many(["a", "b"], whole[:, 3:])
    np.testing.assert_allclose(rest[1], offline(model, whole[1])[3:], atol=1e-6)


@pytest.mark.parametrize("bad_value", [np.nan, np.inf])
def test_queued_frames_that_are_not_finite_fail_their_chunk_alone(bad_value: float) -> None:
    """`submit` leaves the values to the step, which checks its batch at once: a chunk holding
    NaN or an infinity ends with the ValueError, its stream keeps its state and its next chunk
    runs; the other chunks of that step (a longer one among them, padded) run as if it had never
    come."""
    model = served_model("gru")
    pool = StreamPool(model)
    rng = np.random.default_rng(14)
    whole = {name: rng.normal(size=(6, FEATURES)).astype(np.float32) for name in "abc"}
    for name in "abc":
        pool.open(name)
    poisoned = whole["b"][:2].copy()
    poisoned[1, 0] = bad_value
    first = [pool.submit("a", whole["a"][:2]), pool.submit("b", poisoned), pool.submit("c", whole["c"][:4])]
    later = [pool.submit(name, whole[name][start:]) for name, start in (("b", 0), ("a", 2), ("c", 4))]
    assert pool.step() == 3
    with pytest.raises(ValueError, match="Stream 'b': frames hold NaN or infinite values"):
        first[1].result()
    assert pool.stats()["chunks"] == 2
    while pool.step():
        pass
    np.testing.assert_allclose(joined([first[0], later[1]]), offline(model, whole["a"]), atol=1e-6)
    np.testing.assert_allclose(joined([first[2], later[2]]), offline(model, whole["c"]), atol=1e-6)
    np.testing.assert_allclose(later[0].result(), offline(model, whole["b"]), atol=1e-6)
    alone = pool.submit("a", poisoned)  # a step of nothing but bad chunks runs no model call
    batches = pool.stats()["batches"]
    assert pool.step() == 1 and pool.stats()["batches"] == batches
    with pytest.raises(ValueError, match="Stream 'a'"):
        alone.result()
    with pytest.raises(ValueError, match="Stream 'c'"):
        pool.push("c", poisoned)  # push, on its own road, checks before running


def test_push_many_on_the_same_ids_sees_streams_closed_and_reopened_between_calls() -> None:
    model = served_model()
    pool = StreamPool(model)
    ids = ["a", "b", "c"]
    for stream_id in ids:
        pool.open(stream_id)
    whole = np.random.default_rng(12).normal(size=(3, 4, FEATURES)).astype(np.float32)
    pool.push_many(ids, whole[:, :2])
    pool.close("a")
    pool.close("b")
    pool.open("b")  # takes the lowest free slot: "a"'s old one
    pool.open("a")
    again = pool.push_many(ids, whole[:, 2:])
    for row in range(2):  # both started anew
        np.testing.assert_allclose(again[row], offline(model, whole[row, 2:]), atol=1e-6)
    np.testing.assert_allclose(again[2], offline(model, whole[2])[2:], atol=1e-6)
    pool.close("c")
    with pytest.raises(UnknownStreamError, match="'c'"):
        pool.push_many(ids, whole[:, 2:])


def test_both_roads_give_the_offline_outputs_with_a_dense_activation() -> None:
    from statefulrnn import GRU, Dense, Dropout, Sequential, use_compiled_kernels

    torch.manual_seed(13)
    model = Sequential(
        [
            GRU(6, stateful=True, return_sequences=True, batch_input_shape=(2, None, FEATURES)),
            Dropout(0.3),
            Dense(3, activation="tanh"),
        ]
    )
    whole = np.random.default_rng(13).normal(size=(9, FEATURES)).astype(np.float32)
    for compiled in (True, False):
        with use_compiled_kernels(compiled):
            pool = StreamPool(model)
            pool.open("a")
            streamed = np.concatenate([pool.push("a", whole[:4]), pool.push("a", whole[4:])])
        np.testing.assert_allclose(streamed, offline(model, whole), atol=1e-6, err_msg=f"compiled={compiled}")


@pytest.mark.parametrize("head", ["time_distributed", "activation", "reshape"])
def test_heads_after_the_layer_give_the_offline_outputs_one_stream_and_many(head: str) -> None:
    """The layer road runs a `TimeDistributed(Dense)` as the `Dense` it wraps, and other layers
    without weights (`Activation`, `Reshape`) by their own forward: the offline numbers either
    way, for one stream and for several in one call."""
    from statefulrnn import GRU, Dense, Sequential
    from statefulrnn.layers import Activation, Reshape, TimeDistributed

    torch.manual_seed(14)
    heads = {
        "time_distributed": [TimeDistributed(Dense(3, activation="tanh"))],
        "activation": [Dense(4), Activation("softmax")],
        "reshape": [Reshape((-1, 2, 3)), TimeDistributed(Dense(2))],
    }
    recurrent = GRU(6, stateful=True, return_sequences=True, batch_input_shape=(2, None, FEATURES))
    model = Sequential([recurrent, *heads[head]])
    whole = np.random.default_rng(14).normal(size=(3, 7, FEATURES)).astype(np.float32)
    pool = StreamPool(model)
    assert pool._runner.direct  # the layer road, not the model road
    for name in "abc":
        pool.open(name)
    single = np.concatenate([pool.push("a", whole[0, :3]), pool.push("a", whole[0, 3:])])
    np.testing.assert_allclose(single, offline(model, whole[0]), atol=1e-6)
    together = np.concatenate(
        [pool.push_many(["b", "c"], whole[1:, :4]), pool.push_many(["b", "c"], whole[1:, 4:])], axis=1
    )
    for row, name in enumerate("bc", start=1):
        np.testing.assert_allclose(together[row - 1], offline(model, whole[row]), atol=1e-6, err_msg=name)


def test_a_repeated_id_list_is_put_in_its_order_and_streams_carry_on() -> None:
    """The same ids in another order than opened, call after call: from the second call the
    pool has moved their slots into the list's order (states read in place, as in opening
    order), and every stream keeps its own state, idle clock and slot for what follows."""
    from .test_lifecycle import FakeClock

    clock = FakeClock()
    model = served_model("lstm")
    pool = StreamPool(model, idle_timeout=10, clock=clock)
    opened = ["a", "b", "c", "d", "e"]
    for stream_id in opened:
        pool.open(stream_id)
    order = ["d", "b", "e", "a", "c"]
    wholes = np.random.default_rng(14).normal(size=(5, 7, FEATURES)).astype(np.float32)
    rows = {stream_id: row for row, stream_id in enumerate(opened)}
    in_order = wholes[[rows[stream_id] for stream_id in order]]
    outputs = [pool.push_many(order, in_order[:, :1])]
    assert isinstance(pool._resolved[3], np.ndarray)  # first call: gathered by index
    outputs += [pool.push_many(order, in_order[:, step : step + 1]) for step in (1, 2)]
    assert pool._resolved[3] == slice(0, 5)  # put in the list's order: read in place
    clock.now = 5.0
    outputs.append(pool.push_many(order, in_order[:, 3:5]))
    for row, stream_id in enumerate(order):  # each stream's state moved with it
        pushed = np.concatenate([output[row] for output in outputs])
        np.testing.assert_allclose(pushed, offline(model, in_order[row, :5]), atol=1e-6, err_msg=stream_id)
    clock.now = 16.0
    outputs.append(pool.push("d", wholes[3, 5:]))  # "d" moved from slot 3 to slot 0
    assert pool.evict_idle() == ["a", "b", "c", "e"]  # idle since 5.0; "d" pushed at 16.0
    pushed_d = np.concatenate([*(output[order.index("d")] for output in outputs[:4]), outputs[4]])
    np.testing.assert_allclose(pushed_d, offline(model, wholes[3]), atol=1e-6)
    for stream_id in "abce":
        pool.open(stream_id)  # start anew in the freed slots
    streamed = pool.push_many(order, in_order)
    for row, stream_id in enumerate(order):
        expected = offline(model, in_order[row])
        if stream_id == "d":  # carried on from its seven frames
            expected = offline(model, np.concatenate([wholes[3], in_order[row]]))[7:]
        np.testing.assert_allclose(streamed[row], expected, atol=1e-6)


def test_a_repeated_id_list_over_scattered_slots_stays_gathered_by_index() -> None:
    model = served_model()
    pool = StreamPool(model)
    for stream_id in "abcd":
        pool.open(stream_id)
    pool.close("b")  # slots 0, 2, 3 left: not one block
    order = ["d", "a", "c"]
    wholes = np.random.default_rng(15).normal(size=(3, 4, FEATURES)).astype(np.float32)
    first = pool.push_many(order, wholes[:, :2])
    second = pool.push_many(order, wholes[:, 2:])
    assert isinstance(pool._resolved[3], np.ndarray)
    for row in range(3):
        streamed = np.concatenate([first[row], second[row]])
        np.testing.assert_allclose(streamed, offline(model, wholes[row]), atol=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_push_many_in_repeated_and_new_orders_among_opens_and_closes_matches_offline(seed: int) -> None:
    """Random rounds: a push_many of a few open streams in a list kept from round to round (which
    the pool puts in its slots' order) or a new one, single pushes, and streams closed and opened
    anew in the freed slots; every stream's outputs equal its offline run."""
    rng = np.random.default_rng(seed)
    model = served_model("gru", seed=seed)
    pool = StreamPool(model, max_streams=12)
    wholes: dict[str, np.ndarray] = {}  # frames each open stream has been given so far
    outputs: dict[str, list[np.ndarray]] = {}
    finished: list[tuple[np.ndarray, list[np.ndarray]]] = []
    names = iter(f"s{i}" for i in range(1000))

    def open_one() -> None:
        name = next(names)
        pool.open(name)
        wholes[name], outputs[name] = np.empty((0, FEATURES), np.float32), []

    def give(name: str, frames: np.ndarray, pushed: np.ndarray) -> None:
        wholes[name] = np.concatenate([wholes[name], frames])
        outputs[name].append(pushed)

    for _ in range(8):
        open_one()
    kept = [str(name) for name in rng.permutation(list(wholes)[:5])]
    for _ in range(80):
        action = rng.choice(5, p=[0.4, 0.15, 0.15, 0.15, 0.15])
        if action <= 1:  # the kept list (after a close it names a new stream in its place)
            ids = kept if action == 0 else [str(name) for name in rng.permutation(list(wholes))[:6]]
            frames = rng.normal(size=(len(ids), int(rng.integers(1, 3)), FEATURES)).astype(np.float32)
            for name, row, pushed in zip(ids, frames, pool.push_many(ids, frames)):
                give(name, row, pushed)
        elif action == 2:
            name = str(rng.choice(list(wholes)))
            frames = rng.normal(size=(1, FEATURES)).astype(np.float32)
            give(name, frames, pool.push(name, frames))
        elif action == 3 and len(wholes) > 2:
            name = str(rng.choice(list(wholes)))
            pool.close(name)
            finished.append((wholes.pop(name), outputs.pop(name)))
            if name in kept:  # another open stream takes its place in the list, if there is one
                spare = [other for other in wholes if other not in kept]
                kept = [spare[0] if other == name else other for other in kept if spare or other != name]
        elif len(wholes) < pool.max_streams:
            open_one()
            if len(wholes) > len(kept) and rng.integers(2):
                kept = [*kept, list(wholes)[-1]][-6:]
    finished += [(wholes[name], outputs[name]) for name in wholes]
    for whole, pushed in finished:
        if len(whole):
            np.testing.assert_allclose(np.concatenate(pushed), offline(model, whole), atol=1e-5)
