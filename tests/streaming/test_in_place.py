"""A pool serving one recurrent layer steps its slot table's rows in place where the compiled
kernel runs (`ModelRunner.run` with ``in_place``): the layer call's numbers, no write-back, and
a failed call that changes nothing."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import Sequential, use_compiled_kernels
from statefulrnn.layers import fused
from statefulrnn.streaming import StreamPool
from statefulrnn.streaming.runner import ModelRunner
from statefulrnn.streaming.slots import SlotTable
from tests.layers.builders import Spec, build

from .helpers import FEATURES, served_model
from .test_kernels import SWITCHES

UNITS = 5


def lone_layer(kind: str, seed: int = 31) -> torch.nn.Module:
    torch.manual_seed(seed)
    return build(Spec(kind, units=UNITS, features=FEATURES, batch=8))


def layer_run(layer: torch.nn.Module, chunks: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """The layer called chunk after chunk at batch k: outputs ``(k, T, u)`` and final states."""
    copy = Sequential([layer]).with_batch_size(chunks[0].shape[0])  # shares the layer's weights
    copy.reset_states()
    with torch.no_grad():
        outputs = np.concatenate([copy(torch.from_numpy(chunk)).numpy() for chunk in chunks], axis=1)
    return outputs, [state.numpy() for state in copy.layers[0].states]


class ScatterCount:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = SlotTable.scatter

        def counted(table: SlotTable, *args: object) -> None:
            self.calls += 1
            real(table, *args)

        monkeypatch.setattr(SlotTable, "scatter", counted)


@pytest.mark.parametrize("kind", ["gru", "lstm", "simple_tanh", "simple_relu"])
@pytest.mark.parametrize("switch", ["automatic", "compiled", "pytorch"])
def test_a_lone_layer_gives_the_layer_calls_numbers_and_writes_back_only_off_the_compiled_kernel(
    kind: str, switch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer = lone_layer(kind)
    rng = np.random.default_rng(31)
    streams, ids = 4, ["a", "b", "c", "d"]
    chunks = [rng.normal(size=(streams, length, FEATURES)).astype(np.float32) for length in (1, 3, 1, 2)]
    pool = StreamPool(layer, max_streams=streams)
    for stream_id in ids:
        pool.open(stream_id)
    scatters = ScatterCount(monkeypatch)
    with SWITCHES[switch]():
        expected, finals = layer_run(layer, [*chunks, chunks[0][:, :1]])
        streamed = [pool.push_many(ids, chunk) for chunk in chunks]  # opened order: the slots are one block
        frames = [pool.push(stream_id, chunks[0][row, 0]) for row, stream_id in enumerate(ids)]
    streamed.append(np.stack(frames)[:, None])
    np.testing.assert_allclose(np.concatenate(streamed, axis=1), expected, atol=1e-6, rtol=0)
    (states,) = pool._slots.tensors.values()
    for state, final in zip(states, finals):
        np.testing.assert_allclose(state[:streams].numpy(), final, atol=1e-6, rtol=0)
    # the automatic rule runs these small calls on the compiled kernel
    assert scatters.calls == (0 if switch != "pytorch" else len(chunks) + streams)


def test_slots_gathered_by_index_are_written_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """An id list in another order than its slots hands over copies, which are written back."""
    layer = lone_layer("gru")
    pool = StreamPool(layer, max_streams=4)
    for stream_id in "abcd":
        pool.open(stream_id)
    scatters = ScatterCount(monkeypatch)
    frames = np.random.default_rng(32).normal(size=(2, 1, FEATURES)).astype(np.float32)
    out = pool.push_many(["d", "a"], frames)
    assert scatters.calls == 1
    expected, _ = layer_run(layer, [frames])
    np.testing.assert_allclose(out, expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_compiled_gates_step_one_frame_in_place_but_not_a_chunk(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled gates run a chunk's steps in a Python loop, which an interrupt could stop
    halfway: only a one-step call steps the slots in place."""
    monkeypatch.setattr(fused, "kernel_choice", lambda *args: "compiled gates")
    layer = lone_layer(kind, seed=33)
    ids = ["a", "b", "c"]
    pool = StreamPool(layer, max_streams=3)
    for stream_id in ids:
        pool.open(stream_id)
    rng = np.random.default_rng(33)
    one, three = (rng.normal(size=(3, steps, FEATURES)).astype(np.float32) for steps in (1, 3))
    scatters = ScatterCount(monkeypatch)
    streamed = np.concatenate([pool.push_many(ids, one), pool.push_many(ids, three)], axis=1)
    assert scatters.calls == 1  # the chunk of three steps only
    np.testing.assert_allclose(streamed, layer_run(layer, [one, three])[0], atol=1e-6, rtol=0)


def test_a_failed_in_place_call_leaves_the_states_as_they_were() -> None:
    """The kernel checks every shape before it writes: rows of the wrong width raise and stay."""
    runner = ModelRunner(lone_layer("gru"))
    frames = np.ones((2, 1, FEATURES), np.float32)
    with use_compiled_kernels(True):
        good = np.full((2, UNITS), 0.5, np.float32)
        _, states = runner.run(frames, None, [(good,)], True)
        assert states is None and not np.allclose(good, 0.5)  # stepped in place
        wrong = np.full((2, UNITS + 1), 0.5, np.float32)
        with pytest.raises(ValueError, match="compiled kernel needs"):
            runner.run(frames, None, [(wrong,)], True)
    np.testing.assert_array_equal(wrong, 0.5)


def test_a_model_with_a_head_never_steps_in_place() -> None:
    """A head after the layer could fail after the step: the states come back to be written."""
    runner = ModelRunner(served_model("gru"))
    rows = np.zeros((1, UNITS), np.float32)
    with use_compiled_kernels(True):
        _, states = runner.run(np.ones((1, 1, FEATURES), np.float32), None, [(rows,)], True)
    assert states is not None and not np.allclose(states[0][0], 0)
    np.testing.assert_array_equal(rows, 0)
