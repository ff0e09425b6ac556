"""The pool's layer road runs the kernels of a layer call: the same numbers on every kernel, by
any order of streams, and PyTorch's one-step cell function where a single frame runs on PyTorch."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import numpy as np
import pytest
import torch

from statefulrnn import use_compiled_kernels, use_fused_kernels
from statefulrnn.streaming import StreamPool

from .helpers import FEATURES, served_model

KINDS = ("gru", "lstm", "simple_tanh", "simple_relu", "stack")
SWITCHES = {
    "automatic": contextlib.nullcontext,
    "compiled": lambda: use_compiled_kernels(True),
    "pytorch": lambda: use_compiled_kernels(False),
    "generic": lambda: use_fused_kernels(False),
}


def layer_outputs(model: torch.nn.Module, chunks: list[np.ndarray]) -> np.ndarray:
    """The served model called as a layer, chunk after chunk at batch k: ``(k, T, out)``."""
    layer = model.with_batch_size(chunks[0].shape[0])
    layer.reset_states()
    with torch.no_grad():
        return np.concatenate([layer(torch.from_numpy(chunk)).numpy() for chunk in chunks], axis=1)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("switch", SWITCHES)
@pytest.mark.parametrize("order", ["opened", "shuffled", "shuffled anew"])
def test_push_many_equals_the_layer_call_on_every_kernel(kind: str, switch: str, order: str) -> None:
    model = served_model(kind, seed=21)
    rng = np.random.default_rng(21)
    streams = 6
    chunks = [rng.normal(size=(streams, length, FEATURES)).astype(np.float32) for length in (1, 1, 3, 1, 2)]
    ids = [f"s{i}" for i in range(streams)]
    # shuffled: one order, whose slots the pool puts in that order at its second call (read in
    # place from then on); shuffled anew: another order each call, gathered by index every time
    orders = [np.arange(streams)] * len(chunks)
    if order == "shuffled":
        orders = [orders[0][::-1]] * len(chunks)
    elif order == "shuffled anew":
        orders = [rng.permutation(streams) for _ in chunks]
    pool = StreamPool(model, max_streams=streams)
    for stream_id in ids:
        pool.open(stream_id)
    streamed = np.empty((streams, 0, 2), np.float32)
    with SWITCHES[switch]():
        expected = layer_outputs(model, chunks)
        for permutation, chunk in zip(orders, chunks):
            pushed = np.empty((streams, chunk.shape[1], 2), np.float32)
            pushed[permutation] = pool.push_many([ids[i] for i in permutation], chunk[permutation])
            streamed = np.concatenate([streamed, pushed], axis=1)
    np.testing.assert_allclose(streamed, expected, atol=1e-6, rtol=0)


@contextlib.contextmanager
def builtin_calls() -> Iterator[list[object]]:
    """The C functions called inside the block (``sys.setprofile`` reports them)."""
    calls: list[object] = []

    def hook(frame: object, event: str, arg: object) -> None:
        if event == "c_call":
            calls.append(arg)

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


@pytest.mark.parametrize(("kind", "function"), [("gru", torch.gru_cell), ("lstm", torch.lstm_cell)])
def test_one_frame_on_pytorch_runs_its_cell_function(kind: str, function: object) -> None:
    pool = StreamPool(served_model(kind))
    pool.open("a")
    pool.open("b")
    frames = np.ones((2, 1, FEATURES), np.float32)
    with use_compiled_kernels(False):
        pool.push_many(["a", "b"], frames)  # made once: the chunk runner and the weights
        with builtin_calls() as calls:
            pool.push_many(["a", "b"], frames)
    assert calls.count(function) == 1


@pytest.mark.parametrize("switch", ["compiled", "pytorch"])
def test_read_only_frames_are_served(switch: str) -> None:
    model = served_model("gru")
    pool = StreamPool(model)
    pool.open("a")
    frame = np.frombuffer(np.ones(FEATURES, np.float32).tobytes(), np.float32)  # as a server decodes one
    assert not frame.flags.writeable
    with SWITCHES[switch]():
        out = pool.push("a", frame)
    np.testing.assert_allclose(out, layer_outputs(model, [frame[None, None].copy()])[0, 0], atol=1e-6, rtol=0)


def test_a_functional_model_takes_the_model_road_with_the_same_numbers() -> None:
    from statefulrnn import GRU, Dense, Input, Model

    torch.manual_seed(22)
    inputs = Input(batch_shape=(4, None, FEATURES))
    model = Model(inputs, Dense(2)(GRU(5, stateful=True, return_sequences=True)(inputs)))
    pool = StreamPool(model)
    assert not pool._runner.direct
    whole = np.random.default_rng(22).normal(size=(3, 6, FEATURES)).astype(np.float32)
    ids = ["a", "b", "c"]
    for stream_id in ids:
        pool.open(stream_id)
    streamed = np.concatenate([pool.push_many(ids, whole[:, :2]), pool.push_many(ids, whole[:, 2:])], axis=1)
    np.testing.assert_allclose(
        streamed, layer_outputs(model, [whole[:, :2], whole[:, 2:]]), atol=1e-6, rtol=0
    )


def test_the_kernel_choice_is_asked_once_per_size_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frame reuses the last answer of `compiled_kernel` (asking costs about a compiled GRU(64)
    step): asked again for a new size or switch setting only."""
    from statefulrnn.streaming import runner

    asked: list[tuple[int, int]] = []
    real = runner.compiled_kernel
    monkeypatch.setattr(
        runner, "compiled_kernel", lambda cell, *size: asked.append(size) or real(cell, *size)
    )
    pool = StreamPool(served_model("gru"))
    pool.open("a")
    pool.open("b")
    frame = np.ones(FEATURES, np.float32)
    for _ in range(5):
        pool.push("a", frame)
    assert asked == [(1, 1)]  # the first answer is kept: the one-frame kernel is loaded when chosen
    pool.push_many(["a", "b"], np.ones((2, 3, FEATURES), np.float32))
    assert asked[1:] == [(2, 3)]
    with use_compiled_kernels(False):
        pool.push("a", frame)
    assert asked[2:] == [(1, 1), (1, 1)]  # the frame's own road, then the general road's call
    pool.push("a", frame)  # back under the automatic choice: asked again, once
    pool.push("a", frame)
    assert asked[4:] == [(1, 1)]


@pytest.mark.parametrize("change", ["set_weights", "load_state_dict", "optimizer", "data"])
@pytest.mark.parametrize("switch", ["automatic", "pytorch"])
def test_weights_changed_after_the_pool_was_made_are_used(change: str, switch: str) -> None:
    """The pool's model shares the served model's parameters (see `runner`): whatever changes
    them in place, or assigns their ``.data``, reaches the kernel the pool keeps choosing and the
    Dense head, whose weights the pool keeps as arrays."""
    model = served_model("gru", seed=23)
    cell, head = model.layers[0].cell, model.layers[-1]
    pool = StreamPool(model)
    pool.open("a")
    whole = np.random.default_rng(23).normal(size=(6, FEATURES)).astype(np.float32)
    with SWITCHES[switch]():
        for frame in whole[:3]:  # the kernel choice and the packed weights are made and kept
            pool.push("a", frame)
        if change == "set_weights":
            model.set_weights([w * 0.5 for w in model.get_weights()])
        elif change == "load_state_dict":
            model.load_state_dict({name: value * 0.5 for name, value in model.state_dict().items()})
        elif change == "optimizer":
            for weight in (cell.weight_hh, head.kernel):
                weight.grad = torch.ones_like(weight)
            torch.optim.SGD([cell.weight_hh, head.kernel], lr=0.5).step()
        else:
            cell.weight_ih.data = cell.weight_ih.data * 0.5
            head.bias.data = head.bias.data + 1
        pool.reset("a")
        streamed = np.stack([pool.push("a", frame) for frame in whole])
    np.testing.assert_allclose(streamed, layer_outputs(model, [whole[None]])[0], atol=1e-6, rtol=0)
