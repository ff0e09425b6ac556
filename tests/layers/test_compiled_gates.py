"""`compiled_gates` (PyTorch's products, compiled gates) against PyTorch's kernels, and where the
kernel rule (layers/fused.py) runs it: layer calls, ``predict`` and the stream pool."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Sequential, use_compiled_kernels
from statefulrnn.layers import compiled, compiled_gates, fused
from statefulrnn.layers.cells import GRUCell, LSTMCell, SimpleRNNCell
from statefulrnn.layers.fused import compiled_kernel, prefers_compiled, prefers_compiled_gates
from statefulrnn.streaming import StreamPool

from .test_compiled import TOLERANCE, make_layer, random

F32 = torch.float32
TORCH_MODULES = {"gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
KERNELS = {"gru": compiled_gates.gru, "lstm": compiled_gates.lstm}
SHAPES = [(1, 1, 1, 1), (3, 1, 5, 7), (64, 1, 32, 64), (5, 9, 3, 4), (17, 4, 6, 33)]  # N, T, F, u


@pytest.mark.parametrize("use_bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}_T{}_F{}_u{}".format(*s))
@pytest.mark.parametrize("kind", sorted(KERNELS))
def test_equals_pytorch(kind: str, shape: tuple[int, int, int, int], use_bias: bool) -> None:
    """Outputs and final states from random states, against ``torch.nn.GRU``/``LSTM`` on the same
    weights (features and units not multiples of 4 included: the packed weights pad them)."""
    batch, steps, features, units = shape
    torch.manual_seed(sum(shape))
    reference = TORCH_MODULES[kind](features, units, batch_first=True, bias=use_bias)
    states = tuple(random(i, batch, units) for i in range(2 if kind == "lstm" else 1))
    x = random(9, batch, steps, features)
    weights = compiled.pack_weights(list(reference.parameters()))
    outputs, finals = compiled.call(KERNELS[kind], x.numpy(), tuple(s.numpy() for s in states), weights)
    with torch.no_grad():
        hx = states[0][None] if kind == "gru" else tuple(s[None] for s in states)
        expected, expected_finals = reference(x, hx)
    expected_finals = (expected_finals,) if kind == "gru" else expected_finals
    np.testing.assert_allclose(outputs, expected.numpy(), **TOLERANCE)
    for got, want in zip(finals, expected_finals, strict=True):
        np.testing.assert_allclose(got, want[0].numpy(), **TOLERANCE)


@pytest.mark.parametrize("kind", sorted(KERNELS))
def test_steps_a_state_in_place(kind: str) -> None:
    """A final state may be the initial state's array (a stream pool's slots): the same numbers
    as into fresh arrays, and the input states untouched otherwise."""
    layer = make_layer(kind, 6, 3, 4, seed=3)
    weights = compiled.cached_weights(layer.cell, lambda: fused.flat_weights(layer.cell))
    x = random(4, 4, 5, 3).numpy()
    states = tuple(random(5 + i, 4, 6).numpy() for i in range(len(layer.states)))
    kept = tuple(s.copy() for s in states)
    outputs, finals = compiled.call(KERNELS[kind], x, states, weights)
    for state, before in zip(states, kept):
        np.testing.assert_array_equal(state, before)
    in_place = tuple(s.copy() for s in states)
    stepped = np.empty_like(outputs)
    KERNELS[kind](x, *in_place, weights, stepped, *in_place)
    np.testing.assert_array_equal(stepped, outputs)
    for state, final in zip(in_place, finals, strict=True):
        np.testing.assert_array_equal(state, final)


@pytest.mark.usefixtures("avx2_rule")
def test_the_rule() -> None:
    """Points of the built-in AVX2 table's gates regions (fitted on bench_crossover.py's EPYC
    grids), each where `prefers_compiled` says PyTorch's: GRU chunks up to 512 units, one step
    of a GRU or an LSTM from 512 rows on one thread; LSTM chunks of 10 steps of few units and
    rows; never an LSTM of 100 steps, a SimpleRNN, float64, or an LSTM on two threads."""
    assert prefers_compiled_gates(GRUCell, F32, 64, 1024, 1, 32, 1)
    assert not prefers_compiled_gates(GRUCell, F32, 64, 256, 1, 32, 1)  # within 10%: PyTorch's
    assert not prefers_compiled_gates(GRUCell, F32, 64, 1024, 1, 32, 2)
    assert prefers_compiled_gates(GRUCell, F32, 512, 256, 10, 32, 1)
    assert not prefers_compiled_gates(GRUCell, F32, 512, 256, 100, 32, 1)
    assert prefers_compiled_gates(GRUCell, F32, 128, 256, 100, 32, 2)
    assert not prefers_compiled_gates(GRUCell, F32, 128, 1024, 100, 32, 2)
    assert prefers_compiled_gates(LSTMCell, F32, 256, 1024, 1, 32, 1)
    assert not prefers_compiled_gates(LSTMCell, F32, 512, 1024, 1, 32, 1)
    assert prefers_compiled_gates(LSTMCell, F32, 128, 256, 10, 32, 1)
    assert not prefers_compiled_gates(LSTMCell, F32, 128, 1024, 10, 32, 1)
    assert not prefers_compiled_gates(LSTMCell, F32, 64, 256, 100, 32, 1)
    assert not prefers_compiled_gates(LSTMCell, F32, 128, 1024, 1, 32, 2)
    for threads in (1, 2):
        assert not prefers_compiled_gates(SimpleRNNCell, F32, 64, 1024, 1, 32, threads)
        assert not prefers_compiled_gates(GRUCell, torch.float64, 64, 1024, 10, 32, threads)
    # Where the compiled kernel is the faster it keeps the call (the gates' rule is not asked).
    assert fused.kernel_choice(GRUCell, F32, 64, 16, 10, 32, 1) == "compiled"
    assert fused.kernel_choice(GRUCell, F32, 64, 256, 10, 32, 1) == "compiled gates"


@contextlib.contextmanager
def gates_calls() -> Iterator[list[str]]:
    """The names of `compiled_gates`' kernels run within the block."""
    calls: list[str] = []
    kept = dict(compiled_gates.KERNELS)
    for kernel, ours in kept.items():
        compiled_gates.KERNELS[kernel] = lambda *args, ours=ours: calls.append(ours.__name__) or ours(*args)
    try:
        yield calls
    finally:
        compiled_gates.KERNELS.update(kept)


@pytest.mark.usefixtures("avx2_rule")
@pytest.mark.parametrize("kind", sorted(KERNELS))
def test_a_large_batch_call_runs_on_it_and_equals_pytorch(kind: str) -> None:
    """A stateful layer called on a batch past the compiled kernel's crossover, one step then a
    chunk: the GRU on `compiled_gates` both times, the LSTM on the step only; the outputs and
    states those of PyTorch's kernels (``use_compiled_kernels(False)``)."""
    batch, units = 512, 64
    assert not prefers_compiled(GRUCell, F32, units, batch, 1, 8, torch.get_num_threads())
    layer = make_layer(kind, units, 8, batch, seed=11)
    chunks = (random(12, batch, 1, 8), random(13, batch, 6, 8))
    results = {}
    for automatic in (True, False):
        layer.reset_states([random(14 + i, batch, units) for i in range(len(layer.states))])
        switch = contextlib.nullcontext() if automatic else use_compiled_kernels(False)
        with torch.no_grad(), switch, gates_calls() as calls:
            results[automatic] = [t.clone() for x in chunks for t in (layer(x), *layer.states)]
        assert calls == ([kind] * (2 if kind == "gru" else 1) if automatic else [])
    for got, expected in zip(results[True], results[False], strict=True):
        np.testing.assert_allclose(got.numpy(), expected.numpy(), **TOLERANCE)


@pytest.mark.usefixtures("avx2_rule")
def test_the_stream_pool_steps_many_streams_on_it() -> None:
    """1024 streams of GRU(64) + Dense(1) stepped one frame at a time by ``push_many``: on
    `compiled_gates` (as `compiled_kernel` answers the pool), with the numbers of the model
    called on the whole batch on PyTorch's kernels."""
    streams, units, features = 1024, 64, 16
    assert compiled_kernel(make_layer("gru", units, features, streams, seed=1).cell, streams, 1)[0] is (
        compiled_gates.gru
    )
    model = Sequential([make_layer("gru", units, features, streams, seed=21), Dense(1)])
    frames = random(22, streams, 3, features).numpy()
    with use_compiled_kernels(False):
        expected = model.predict(frames, batch_size=streams, verbose=0)
    pool = StreamPool(model)
    ids = [f"s{i}" for i in range(streams)]
    for stream in ids:
        pool.open(stream)
    with gates_calls() as calls:
        got = [pool.push_many(ids, frames[:, t : t + 1]) for t in range(3)]
    assert calls == ["gru"] * 3
    np.testing.assert_allclose(np.concatenate(got, axis=1), expected, **TOLERANCE)


@pytest.mark.parametrize("kind", [GRU, LSTM])
def test_forced_settings_win(kind: type) -> None:
    """``use_compiled_kernels(True)`` runs the compiled kernel at any size, ``False`` neither."""
    cell = make_layer(kind.__name__.lower(), 64, 8, 1024, seed=2).cell
    with use_compiled_kernels(True):
        assert compiled_kernel(cell, 1024, 1)[0] is compiled.KERNELS[fused._kernel_for(cell)]
    with use_compiled_kernels(False):
        assert compiled_kernel(cell, 1024, 1) is None


@pytest.mark.usefixtures("avx2_rule")
@pytest.mark.parametrize("threads, max_batch", [(1, 1024), (2, 4096)])
def test_a_server_warms_up_the_gates_kernel(threads: int, max_batch: int) -> None:
    """``statefulrnn serve``'s warm-up runs every kernel its pool may choose, compiled gates
    included: a GRU(64)'s at 1024 streams on one thread; on two, chunks of 4-31 frames run on
    it only up to 256 rows, under a ``max_batch`` of 4096 that runs on PyTorch's (so 1 and
    ``max_batch`` streams, or chunks of 1 and 2 frames, would miss it)."""
    from statefulrnn.serve.main import warm_up

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        assert fused.kernel_choice(GRUCell, F32, 64, max_batch, 4, 8, threads) == (
            "compiled gates" if threads == 1 else "pytorch"
        )
        model = Sequential([make_layer("gru", 64, 8, 1, seed=5), Dense(1)])
        with gates_calls() as calls:
            warm_up(model, max_batch)
        assert "gru" in calls
    finally:
        torch.set_num_threads(before)


def test_mismatched_arrays_are_refused() -> None:
    """The compiled gates do not check indices: the kernels check the shapes first, as
    `compiled`'s do, and write nothing."""
    weights = compiled.pack_weights([torch.ones(3 * 4, 2), torch.ones(3 * 4, 4)])  # GRU, F=2, u=4
    x, state = np.ones((2, 5, 2), np.float32), np.zeros((2, 4), np.float32)
    outputs = np.zeros((2, 3, 4), np.float32)  # 3 steps where x has 5
    with pytest.raises(ValueError, match="A compiled kernel needs"):
        compiled_gates.gru(x, state, weights, outputs, state)
    assert not outputs.any() and not state.any()
