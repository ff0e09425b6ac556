"""``torch.compile(fullgraph=True)`` of recurrent layers and models, and the kernel switches.

A compiled call gives the eager numbers and carries the same states; a second call continues
from them without recompiling. Most cases compile with ``aot_eager`` (dynamo and AOTAutograd,
seconds each); one goes through ``inductor``, the default backend (tens of seconds on a CPU).
"""

from __future__ import annotations

import threading

import pytest
import torch
from torch._dynamo.testing import CompileCounterWithBackend

from statefulrnn import GRU, LSTM, Dense, Sequential, SimpleRNN, use_fused_kernels
from statefulrnn.layers import LRU, MinGRU
from statefulrnn.layers.fused import switch_settings
from statefulrnn.state import get_states

BATCH, STEPS, FEATURES = 2, 3, 3


@pytest.fixture(autouse=True)
def _fresh_compiler() -> None:
    # Dynamo caches graphs per code object (Sequential.forward, RNN.forward), across models: past
    # its recompile limit it would stop compiling them.
    torch.compiler.reset()


def _model(layer_type: type, stateful: bool, wrap: str) -> torch.nn.Module:
    torch.manual_seed(0)
    shape = {"batch_input_shape": (BATCH, None, FEATURES)} if stateful else {"input_shape": (None, FEATURES)}
    layer = layer_type(4, stateful=stateful, **shape)
    return layer if wrap == "alone" else Sequential([layer, Dense(2)])


def _run_twice(model: torch.nn.Module, inputs: list[torch.Tensor]) -> list[tuple[torch.Tensor, dict]]:
    """Two calls, each with the states they leave (the second starts from the first's)."""
    with torch.no_grad():
        return [(model(x), get_states(model)) for x in inputs]


def _assert_same(eager: list, compiled: list) -> None:
    for (out, states), (out_c, states_c) in zip(eager, compiled):
        torch.testing.assert_close(out_c, out, rtol=1e-5, atol=1e-6)
        assert len(states_c) == len(states)  # keyed by layer names, which differ between the models
        for values, values_c in zip(states.values(), states_c.values()):
            for value, value_c in zip(values, values_c, strict=True):
                torch.testing.assert_close(value_c, value, rtol=1e-5, atol=1e-6)


CASES = [
    (layer_type, stateful, wrap, "aot_eager")
    for layer_type in (GRU, LSTM, SimpleRNN, MinGRU, LRU)
    for stateful in (True, False)
    for wrap in ("alone", "sequential")
    if (layer_type, stateful, wrap) != (GRU, True, "sequential")
] + [(GRU, True, "sequential", "inductor")]


@pytest.mark.parametrize(("layer_type", "stateful", "wrap", "backend"), CASES)
def test_compiled_matches_eager_and_carries_states(
    layer_type: type, stateful: bool, wrap: str, backend: str
) -> None:
    inputs = [torch.randn(BATCH, STEPS, FEATURES, generator=torch.Generator().manual_seed(i)) for i in (1, 2)]
    eager = _run_twice(_model(layer_type, stateful, wrap), inputs)
    model = _model(layer_type, stateful, wrap)
    counter = CompileCounterWithBackend(backend)
    compiled = _run_twice(torch.compile(model, fullgraph=True, backend=counter), inputs)
    _assert_same(eager, compiled)
    assert counter.frame_count == 1  # one graph, reused by the second call (no recompile)
    if stateful:  # the states moved, so the second call's match shows it started from the first's
        (_, first), (_, second) = compiled
        assert any(not torch.equal(a, b) for name in first for a, b in zip(first[name], second[name]))


@pytest.mark.parametrize("layer_type", [MinGRU, LRU])
def test_compiled_blocked_scan_matches_eager_and_carries_states(layer_type: type) -> None:
    """A chunk longer than two scan blocks (100 steps) takes the blocked scan, in one graph."""
    inputs = [torch.randn(BATCH, 100, FEATURES, generator=torch.Generator().manual_seed(i)) for i in (1, 2)]
    eager = _run_twice(_model(layer_type, True, "alone"), inputs)
    counter = CompileCounterWithBackend("aot_eager")
    compiled = _run_twice(
        torch.compile(_model(layer_type, True, "alone"), fullgraph=True, backend=counter), inputs
    )
    _assert_same(eager, compiled)
    assert counter.frame_count == 1


def test_compiled_call_refused_by_a_check_changes_no_state() -> None:
    """The layers' checks run while dynamo traces, before any graph runs: a refused compiled call
    leaves the states as they were (under fullgraph=True dynamo raises its Unsupported error
    quoting ours; otherwise ours)."""
    model = _model(GRU, True, "sequential")
    compiled = torch.compile(model, fullgraph=True, backend="eager")
    with torch.no_grad():
        compiled(torch.randn(BATCH, STEPS, FEATURES))
        before = get_states(model)
        refusal = f"batch size {BATCH}, but received a batch of {BATCH + 1}"
        with pytest.raises(RuntimeError, match=refusal):  # dynamo's Unsupported, quoting our error
            compiled(torch.randn(BATCH + 1, STEPS, FEATURES))
        with pytest.raises(ValueError, match=refusal):
            torch.compile(model, backend="eager")(torch.randn(BATCH + 1, STEPS, FEATURES))
    after = get_states(model)
    for name in before:
        for value, value_after in zip(before[name], after[name]):
            assert torch.equal(value, value_after)


def test_switch_read_inside_a_compiled_graph_is_guarded() -> None:
    """The kernel switch is read inside the graph as a constant that dynamo guards on: the
    per-step path compiles whole too, and a call under another setting recompiles once."""
    inputs = [torch.randn(BATCH, STEPS, FEATURES, generator=torch.Generator().manual_seed(i)) for i in (1, 2)]
    eager = _run_twice(_model(LSTM, True, "alone"), inputs)
    model = _model(LSTM, True, "alone")
    counter = CompileCounterWithBackend("eager")
    compiled = torch.compile(model, fullgraph=True, backend=counter)
    with use_fused_kernels(False):
        first = _run_twice(compiled, inputs[:1])
    second = _run_twice(compiled, inputs[1:])
    _assert_same(eager, first + second)
    assert counter.frame_count == 2  # one graph per setting


def test_switches_apply_to_the_calling_thread_only() -> None:
    seen: dict[str, tuple] = {}
    inside, checked = threading.Event(), threading.Event()

    def switched() -> None:
        with use_fused_kernels(False):
            seen["switched"] = switch_settings()
            inside.set()
            checked.wait(timeout=60)

    def other() -> None:
        inside.wait(timeout=60)
        seen["other"] = switch_settings()
        checked.set()

    threads = [threading.Thread(target=switched), threading.Thread(target=other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert seen == {"switched": (False, None), "other": (True, None)}
    assert switch_settings() == (True, None)


class _GRUThenSelect(torch.nn.Module):
    """A stateful GRU, then an op that can only fail while the graph runs."""

    def __init__(self) -> None:
        super().__init__()
        self.gru = _model(GRU, True, "alone")

    def forward(self, x: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
        return torch.index_select(self.gru(x), 1, index)


def test_compiled_call_failing_inside_its_graph_changes_no_state() -> None:
    """Dynamo applies a compiled region's state writes after its graph has run."""
    model = _GRUThenSelect()
    compiled = torch.compile(model, fullgraph=True, backend="aot_eager")
    with torch.no_grad():
        compiled(torch.randn(BATCH, STEPS, FEATURES), torch.tensor([1]))
        before = get_states(model)
        with pytest.raises(RuntimeError, match="out of"):  # the GRU ran, then index 10 of 4 failed
            compiled(torch.randn(BATCH, STEPS, FEATURES), torch.tensor([10]))
    after = get_states(model)
    for name in before:
        for value, value_after in zip(before[name], after[name]):
            assert torch.equal(value, value_after)
