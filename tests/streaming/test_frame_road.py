"""`StreamPool.push` of one float32 frame to a model of one recurrent layer: one call of the
one-frame kernel (`compiled.gru_frame`, ...) checks the frame and steps the stream's slot in
place. The same numbers, outputs and errors as the general road; anything it does not take
falls through to that road."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from statefulrnn import Dense, Sequential, use_compiled_kernels
from statefulrnn.layers import Activation, Lambda, compiled
from statefulrnn.streaming import StreamPool
from statefulrnn.streaming.runner import _RecurrentStep
from tests.layers.builders import Spec, build

from .helpers import FEATURES

UNITS = 5
KINDS = ["gru", "lstm", "simple_tanh", "simple_relu"]


def lone_layer(kind: str, return_sequences: bool = True, seed: int = 41) -> torch.nn.Module:
    torch.manual_seed(seed)
    return build(Spec(kind, units=UNITS, features=FEATURES, batch=8, return_sequences=return_sequences))


class FrameRoadCount:
    """Counts the pushes the one-frame kernel ran (`_RecurrentStep.frame` returning outputs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ran = 0
        real = _RecurrentStep.frame

        def counted(step: _RecurrentStep, *args: object) -> np.ndarray | None:
            output = real(step, *args)
            self.ran += output is not None
            return output

        monkeypatch.setattr(_RecurrentStep, "frame", counted)


def pushed(pool: StreamPool, frames: list[np.ndarray]) -> list[np.ndarray]:
    pool.reset("s")
    return [pool.push("s", frame) for frame in frames]


def headed_model(kind: str, return_sequences: bool) -> torch.nn.Module:
    """The layer, then a Dense head and an activation: stateless layers after the recurrent one."""
    return Sequential([lone_layer(kind, return_sequences), Dense(3), Activation("softmax")])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("make", [lone_layer, headed_model], ids=["the layer alone", "with a head"])
def test_one_frame_takes_the_frame_kernel_with_the_general_roads_outputs(
    kind: str, return_sequences: bool, make: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    road = FrameRoadCount(monkeypatch)  # before the pool binds the step's method
    pool = StreamPool(make(kind, return_sequences))
    pool.open("s")
    rng = np.random.default_rng(41)
    # (F,) frames and (1, F) chunks, interleaved: the outputs keep each one's shape
    frames = [
        rng.normal(size=(FEATURES,) if step % 2 else (1, FEATURES)).astype(np.float32) for step in range(6)
    ]
    with use_compiled_kernels(False):
        expected = pushed(pool, frames)
    assert road.ran == 0
    got = pushed(pool, frames)
    assert road.ran == len(frames)
    for mine, theirs in zip(got, expected):
        assert mine.shape == theirs.shape and mine.dtype == np.float32
        np.testing.assert_allclose(mine, theirs, atol=1e-6, rtol=0)
    stats = pool.stats()
    assert (stats["chunks"], stats["steps"], stats["batches"]) == (12, 12, 12)


@pytest.mark.parametrize("kind", KINDS)
def test_a_frame_that_is_not_finite_is_refused_and_changes_nothing(kind: str) -> None:
    pool = StreamPool(lone_layer(kind))
    pool.open("s")
    pool.push("s", np.ones(FEATURES, np.float32))
    states = [state.clone() for state in next(iter(pool._slots.tensors.values()))]
    before = pool.stats()
    for bad in (np.nan, np.inf, -np.inf):
        frame = np.ones(FEATURES, np.float32)
        frame[1] = bad
        with pytest.raises(ValueError, match="Stream 's': frames hold NaN or infinite values"):
            pool.push("s", frame)
    for state, kept in zip(next(iter(pool._slots.tensors.values())), states):
        torch.testing.assert_close(state, kept, rtol=0, atol=0)
    after = pool.stats()
    assert [after[key] for key in ("chunks", "steps", "batches")] == [
        before[key] for key in ("chunks", "steps", "batches")
    ]


def test_weights_changed_between_pushes_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """In place (an optimizer step), by set_weights, or by a replaced tensor (`.data =`)."""
    layer = lone_layer("gru")
    road = FrameRoadCount(monkeypatch)
    pool = StreamPool(layer)
    pool.open("s")
    frames = [np.full(FEATURES, value, np.float32) for value in (0.5, -1.0, 2.0)]
    first = pushed(pool, frames)
    cell = layer.cell
    changes = [
        lambda: cell.weight_hh.mul_(0.5),
        lambda: layer.set_weights([w * 1.5 for w in layer.get_weights()]),
        lambda: setattr(cell.weight_ih, "data", cell.weight_ih.detach() * -1.0),
    ]
    assert_changes_followed(pool, frames, first, changes)
    assert road.ran == len(frames) * (1 + len(changes))  # every push but those under PyTorch's kernels


def assert_changes_followed(
    pool: StreamPool, frames: list[np.ndarray], first: list[np.ndarray], changes: list[Callable[[], object]]
) -> None:
    """After each change of weights (made under no_grad), the pushes of ``frames`` give new
    outputs (``first``: before any change), those of the general road."""
    previous = first
    for change in changes:
        with torch.no_grad():
            change()
        got = pushed(pool, frames)
        with use_compiled_kernels(False):
            expected = pushed(pool, frames)
        for mine, theirs in zip(got, expected, strict=True):
            assert mine.shape == theirs.shape
            np.testing.assert_allclose(mine, theirs, atol=2e-6, rtol=0)
        assert not np.allclose(np.concatenate(got, axis=None), np.concatenate(previous, axis=None))
        previous = got


@pytest.mark.parametrize(
    "frame",
    [
        np.arange(FEATURES, dtype=np.float64),  # another dtype
        np.arange(2 * FEATURES, dtype=np.float32)[::2],  # not contiguous
        list(range(FEATURES)),  # not an array
        np.arange(2 * FEATURES, dtype=np.float32).reshape(2, FEATURES),  # two frames
    ],
    ids=["float64", "strided", "list", "two frames"],
)
def test_other_frames_take_the_general_road_with_the_same_numbers(
    frame: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    road = FrameRoadCount(monkeypatch)
    pool = StreamPool(lone_layer("lstm"))
    pool.open("s")
    got = pool.push("s", frame)
    as_float32 = np.array(frame, dtype=np.float32)
    pool.reset("s")
    expected = pool.push("s", as_float32) if as_float32.ndim == 1 else None
    assert road.ran == (0 if expected is None else 1)
    if expected is not None:
        np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize("shape", [(FEATURES, 1), (1, 1, FEATURES), ()], ids=["(F, 1)", "(1, 1, F)", "()"])
def test_frames_of_another_shape_are_refused_as_before(shape: tuple[int, ...]) -> None:
    pool = StreamPool(lone_layer("gru"))
    pool.open("s")
    frames = np.ones(shape, np.float32)
    with pytest.raises(ValueError, match="frames must have shape"):
        pool.push("s", frames)
    assert pool.stats()["chunks"] == 0


def test_a_push_waits_behind_chunks_queued_for_its_stream() -> None:
    pool = StreamPool(lone_layer("gru"))
    pool.open("s")
    first, second = np.ones(FEATURES, np.float32), np.full(FEATURES, -2.0, np.float32)
    expected = pushed(pool, [first, second])
    pool.reset("s")
    queued = pool.submit("s", first)
    np.testing.assert_allclose(pool.push("s", second), expected[1], atol=1e-6, rtol=0)
    np.testing.assert_allclose(queued.result(), expected[0], atol=1e-6, rtol=0)


def test_an_unknown_stream_is_named() -> None:
    pool = StreamPool(lone_layer("gru"))
    with pytest.raises(KeyError, match="No open stream 'nope'"):
        pool.push("nope", np.ones(FEATURES, np.float32))


def packed_weights(kernel: str, seed: int) -> np.ndarray:
    """The compiled kernels' weights of a random torch module computing ``kernel``."""
    torch.manual_seed(seed)
    if kernel in ("gru", "lstm"):
        module = torch.nn.GRU(FEATURES, UNITS) if kernel == "gru" else torch.nn.LSTM(FEATURES, UNITS)
    else:
        module = torch.nn.RNN(FEATURES, UNITS, nonlinearity=kernel.removeprefix("rnn_"))
    return compiled.pack_weights(list(module.parameters()))


@pytest.mark.parametrize("kernel", ["gru", "lstm", "rnn_tanh", "rnn_relu"])
def test_the_frame_kernel_equals_the_chunk_kernel_and_writes_nothing_it_refuses(kernel: str) -> None:
    states = 2 if kernel == "lstm" else 1
    rng = np.random.default_rng(42)
    weights = packed_weights(kernel, seed=42)
    chunk_kernel = getattr(compiled, kernel)
    frame_kernel = getattr(compiled, f"{kernel}_frame")
    frame = rng.normal(size=FEATURES).astype(np.float32)
    tables = tuple(rng.normal(size=(4, UNITS)).astype(np.float32) for _ in range(states))
    outputs, finals = compiled.call(chunk_kernel, frame[None, None], tuple(t[2:3] for t in tables), weights)
    before = tuple(t.copy() for t in tables)
    output = np.empty(UNITS, np.float32)
    assert frame_kernel(frame, *tables, 2, weights, output)
    np.testing.assert_array_equal(output, outputs[0, 0])
    for table, old, final in zip(tables, before, finals):
        np.testing.assert_array_equal(table[2], final[0])
        np.testing.assert_array_equal(np.delete(table, 2, axis=0), np.delete(old, 2, axis=0))
    stepped = tuple(t.copy() for t in tables)
    frame[0] = np.nan
    assert not frame_kernel(frame, *tables, 2, weights, output)
    frame[0] = 1.0
    with pytest.raises(ValueError, match="compiled kernel needs"):
        frame_kernel(frame, *tables, 4, weights, output)  # no such slot
    for table, kept in zip(tables, stepped):
        np.testing.assert_array_equal(table, kept)


def test_a_read_only_frame_takes_the_general_road(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba would compile the kernel again for a read-only array (seconds, in a push)."""
    road = FrameRoadCount(monkeypatch)
    pool = StreamPool(lone_layer("gru"))
    pool.open("s")
    frame = np.frombuffer(np.ones(FEATURES, np.float32).tobytes(), np.float32)
    assert not frame.flags.writeable
    got = pool.push("s", frame)
    assert road.ran == 0
    np.testing.assert_allclose(got, pushed(pool, [np.ones(FEATURES, np.float32)])[0], atol=1e-6, rtol=0)


def test_a_head_that_fails_leaves_the_state_as_it_was() -> None:
    failing = {"now": False}

    def head(x: torch.Tensor) -> torch.Tensor:
        if failing["now"]:
            raise RuntimeError("the head failed")
        return x * 2

    pool = StreamPool(Sequential([lone_layer("gru"), Dense(3), Lambda(head)]))
    pool.open("s")
    pool.push("s", np.ones(FEATURES, np.float32))
    states = [state.clone() for state in next(iter(pool._slots.tensors.values()))]
    before = pool.stats()
    failing["now"] = True
    with pytest.raises(RuntimeError, match="the head failed"):
        pool.push("s", np.full(FEATURES, 0.5, np.float32))
    for state, kept in zip(next(iter(pool._slots.tensors.values())), states):
        torch.testing.assert_close(state, kept, rtol=0, atol=0)
    assert pool.stats()["chunks"] == before["chunks"]
