"""Every Keras fixture reproduces, whole and chunked, on the fused (PyTorch's or compiled) and the
generic path."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from statefulrnn import use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import RNN, StatefulBidirectionalWarning

from .fixtures import KERAS_CASES, build_model, load_case, outputs_of

TOLERANCE = dict(rtol=1e-5, atol=1e-5)


@pytest.fixture(params=["fused", "generic", "compiled"])
def fused(request: pytest.FixtureRequest):
    if request.param == "compiled":
        pytest.importorskip("numba")
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
