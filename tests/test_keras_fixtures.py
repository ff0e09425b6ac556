"""Every Keras fixture reproduces, whole and chunked, on the fused (PyTorch's, compiled, or
PyTorch's products with compiled gates) and the generic path."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from statefulrnn import use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import RNN, GRUCell, LSTMCell, StatefulBidirectionalWarning, compiled_gates
from statefulrnn.layers import fused as fused_kernels

from .fixtures import KERAS_CASES, build_model, load_case, outputs_of

TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def run_gates_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every GRU and LSTM call on `compiled_gates`, whatever its size (the rule gives it only
    large batches, which no fixture has)."""
    monkeypatch.setattr(fused_kernels, "prefers_compiled", lambda *size: False)
    gated = (GRUCell, LSTMCell)
    monkeypatch.setattr(fused_kernels, "prefers_compiled_gates", lambda cell, *size: cell in gated)


@pytest.fixture(params=["fused", "generic", "compiled", "compiled_gates"])
def fused(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    if request.param.startswith("compiled"):
        pytest.importorskip("numba")
    if request.param == "compiled_gates":
        run_gates_everywhere(monkeypatch)
    with use_fused_kernels(request.param != "generic"), use_compiled_kernels(request.param == "compiled"):
        yield request.param != "generic"


def _as_list(result) -> list[np.ndarray]:
    items = result if isinstance(result, list) else [result]
    return [t.detach().numpy() for t in items]


def _states(model) -> list[np.ndarray]:
    return [s.numpy() for states in model.get_states().values() for s in states]


def test_fixtures_are_present() -> None:
    assert len(KERAS_CASES) == 15


@pytest.mark.parametrize("name", KERAS_CASES)
def test_whole_sequence(name: str, fused: bool) -> None:
    case = load_case(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        model = build_model(case)
    with torch.no_grad():
        got = _as_list(model(case["x"]))
    expected = outputs_of(case, "y_full_")
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, **TOLERANCE)
    expected_states = outputs_of(case, "s_full_")
    if expected_states:
        for g, e in zip(_states(model), expected_states, strict=True):
            np.testing.assert_allclose(g, e, **TOLERANCE)


STATEFUL_CASES = [name for name in KERAS_CASES if "s_chunk_0" in load_case(name)]


@pytest.mark.parametrize("name", STATEFUL_CASES)
def test_chunked_sequence(name: str, fused: bool) -> None:
    case = load_case(name)
    model = build_model(case)
    model.reset_states()
    start = 0
    for index, length in enumerate(case["spec"]["chunks"]):
        with torch.no_grad():
            got = _as_list(model(case["x"][:, start : start + length]))
        start += length
        for j, g in enumerate(got):
            np.testing.assert_allclose(g, case[f"y_chunk_{index}_{j}"], **TOLERANCE)
    for g, e in zip(_states(model), outputs_of(case, "s_chunk_"), strict=True):
        np.testing.assert_allclose(g, e, **TOLERANCE)


def test_the_gates_path_is_really_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard for the "compiled_gates" parameter above: a fixture's GRU runs on it."""
    calls = []
    original = compiled_gates.KERNELS.copy()
    for kernel, ours in original.items():
        monkeypatch.setitem(compiled_gates.KERNELS, kernel, lambda *a, ours=ours: calls.append(1) or ours(*a))
    run_gates_everywhere(monkeypatch)
    model = build_model(load_case("seed_gru_stateful"))
    with torch.no_grad():
        model(np.zeros((2, 3, 1)))
    assert calls == [1]


def test_both_paths_are_really_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard for the parametrisation above: the switch changes which code runs."""
    calls = []
    original = RNN._step_loop
    monkeypatch.setattr(RNN, "_step_loop", lambda self, *a: calls.append(1) or original(self, *a))
    model = build_model(load_case("seed_gru_stateful"))
    with use_fused_kernels(True):
        model(np.zeros((2, 3, 1)))
    assert calls == []
    with use_fused_kernels(False):
        model(np.zeros((2, 3, 1)))
    assert calls == [1]
