"""Property tests: a stateful layer fed a sequence in chunks computes what the whole sequence gives.

Hypothesis draws the sizes, the inputs, the weights (by seed) and the split into chunks; every
layer kind (built-in cells in their fused and generic configurations, a user-written cell, a
stateful stack) runs on both the fused-kernel path and the generic per-step path.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from statefulrnn import Sequential, use_fused_kernels

from .builders import KINDS, Spec, build, build_random, copy_of, inputs

TOLERANCE = dict(rtol=1e-5, atol=1e-5)
PROPERTY_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None)

PATHS = pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])


def to_numpy(result: torch.Tensor | list[torch.Tensor]) -> list[np.ndarray]:
    items = result if isinstance(result, list) else [result]
    return [t.detach().numpy().copy() for t in items]


def states_of(model: nn.Module) -> list[np.ndarray]:
    """Every carried state of ``model``, in layer order."""
    if isinstance(model, Sequential):
        return [s.numpy() for states in model.get_states().values() for s in states]
    return [s.detach().numpy().copy() for s in model.states]


def run_chunks(
    model: nn.Module, x: np.ndarray, lengths: Sequence[int], return_sequences: bool
) -> list[np.ndarray]:
    """Feed ``x`` in consecutive chunks of ``lengths``; outputs joined along time (or the last)."""
    outputs = []
    start = 0
    with torch.no_grad():
        for length in lengths:
            outputs.append(to_numpy(model(x[:, start : start + length])))
            start += length
    assert start == x.shape[1]
    if not return_sequences:
        return outputs[-1]
    return [np.concatenate(parts, axis=1) for parts in zip(*outputs)]


def assert_all_close(got: Sequence[np.ndarray], expected: Sequence[np.ndarray], **tolerance: float) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, **(tolerance or TOLERANCE))


@st.composite
def specs(draw: st.DrawFn, kind: str) -> Spec:
    return Spec(
        kind=kind,
        units=draw(st.integers(1, 8)),
        features=draw(st.integers(1, 4)),
        batch=draw(st.integers(1, 4)),
        return_sequences=draw(st.booleans()),
    )


@st.composite
def chunkings(draw: st.DrawFn, max_length: int = 20) -> list[int]:
    """Lengths (each >= 1) of a split of a sequence of 1..max_length steps into chunks."""
    length = draw(st.integers(1, max_length))
    cuts = sorted(draw(st.sets(st.integers(1, length - 1)))) if length > 1 else []
    bounds = [0, *cuts, length]
    return [b - a for a, b in itertools.pairwise(bounds)]


seeds = st.integers(0, 2**31 - 1)


# ----- chunk equivalence --------------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds)
def test_chunks_equal_whole_sequence(kind: str, fused: bool, data: st.DataObject, seed: int) -> None:
    """Any split into consecutive chunks gives the whole sequence's outputs and final states."""
    spec = data.draw(specs(kind))
    lengths = data.draw(chunkings())
    x = inputs(seed, spec.batch, sum(lengths), spec.features)
    with use_fused_kernels(fused):
        model = build_random(spec, seed)
        whole = run_chunks(model, x, [x.shape[1]], spec.return_sequences)
        whole_states = states_of(model)
        model.reset_states()
        chunked = run_chunks(model, x, lengths, spec.return_sequences)
        chunked_states = states_of(model)
    assert_all_close(chunked, whole)
    assert_all_close(chunked_states, whole_states)
    if kind != "simple_relu":  # relu units may all be dead; every other state moves off zero
        assert all(np.abs(s).max() > 0 for s in whole_states)


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds)
def test_fused_and_generic_paths_agree(kind: str, data: st.DataObject, seed: int) -> None:
    """The fused kernels and the per-step loop give the same outputs and states, chunk by chunk."""
    spec = data.draw(specs(kind))
    lengths = data.draw(chunkings(max_length=12))
    x = inputs(seed, spec.batch, sum(lengths), spec.features)
    model = build_random(spec, seed)
    results = {}
    for fused in (True, False):
        model.reset_states()
        with use_fused_kernels(fused):
            results[fused] = (run_chunks(model, x, lengths, spec.return_sequences), states_of(model))
    assert_all_close(results[True][0], results[False][0])
    assert_all_close(results[True][1], results[False][1])


# ----- resets -------------------------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds, steps=st.integers(1, 8), warmup_steps=st.integers(1, 8))
def test_reset_equals_fresh_layer(
    kind: str, fused: bool, data: st.DataObject, seed: int, steps: int, warmup_steps: int
) -> None:
    """After some chunk and reset_states(), a layer computes what a new layer with its weights does."""
    spec = data.draw(specs(kind))
    warmup = inputs(seed + 7, spec.batch, warmup_steps, spec.features)
    x = inputs(seed, spec.batch, steps, spec.features)
    with use_fused_kernels(fused):
        model = build_random(spec, seed)
        run_chunks(model, warmup, [warmup_steps], spec.return_sequences)
        model.reset_states()
        assert all(not s.any() for s in states_of(model))
        got = run_chunks(model, x, [steps], spec.return_sequences)
        got_states = states_of(model)
        fresh = copy_of(model, spec)
        expected = run_chunks(fresh, x, [steps], spec.return_sequences)
        expected_states = states_of(fresh)
    assert_all_close(got, expected, rtol=1e-6, atol=1e-6)
    assert_all_close(got_states, expected_states, rtol=1e-6, atol=1e-6)


@PATHS
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds, steps=st.tuples(st.integers(1, 6), st.integers(1, 6)))
def test_per_row_reset(
    kind: str, fused: bool, data: st.DataObject, seed: int, steps: tuple[int, int]
) -> None:
    """reset_states(mask=rows): those rows continue from zero, every other row as if nothing happened."""
    spec = data.draw(specs(kind))
    rows = data.draw(st.lists(st.booleans(), min_size=spec.batch, max_size=spec.batch))
    # Row indices only when some row is selected: reset_states(mask=[]) raises TypeError
    # (np.asarray([]) is float64, which the mask check refuses), reported as a bug.
    forms = ["bool_array", "bool_tensor", "indices"] if any(rows) else ["bool_array", "bool_tensor"]
    form = data.draw(st.sampled_from(forms))
    mask: Any = {
        "bool_array": np.array(rows),
        "bool_tensor": torch.tensor(rows),
        "indices": [i for i, r in enumerate(rows) if r],
    }[form]
    first = inputs(seed + 3, spec.batch, steps[0], spec.features)
    second = inputs(seed, spec.batch, steps[1], spec.features)
    with use_fused_kernels(fused):
        model = build_random(spec, seed)
        continuing = copy_of(model, spec)
        from_zero = copy_of(model, spec)
        for m in (model, continuing):
            run_chunks(m, first, [steps[0]], spec.return_sequences)
        model.reset_states(mask=mask)
        got = run_chunks(model, second, [steps[1]], spec.return_sequences)
        cont = run_chunks(continuing, second, [steps[1]], spec.return_sequences)
        zero = run_chunks(from_zero, second, [steps[1]], spec.return_sequences)
        got_states, cont_states, zero_states = (states_of(m) for m in (model, continuing, from_zero))
    selected = np.array(rows)
    for g, c, z in zip([*got, *got_states], [*cont, *cont_states], [*zero, *zero_states], strict=True):
        np.testing.assert_allclose(g[selected], z[selected], **TOLERANCE)
        np.testing.assert_allclose(g[~selected], c[~selected], **TOLERANCE)


# ----- batch and time symmetries ------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds)
def test_batch_permutation(kind: str, fused: bool, data: st.DataObject, seed: int) -> None:
    """Permuting the batch rows permutes the outputs and the carried states the same way."""
    spec = data.draw(specs(kind))
    lengths = data.draw(chunkings(max_length=10))
    perm = np.array(data.draw(st.permutations(range(spec.batch))))
    x = inputs(seed, spec.batch, sum(lengths), spec.features)
    with use_fused_kernels(fused):
        model = build_random(spec, seed)
        permuted = copy_of(model, spec)
        got = run_chunks(model, x, lengths, spec.return_sequences)
        got_permuted = run_chunks(permuted, x[perm], lengths, spec.return_sequences)
        states, states_permuted = states_of(model), states_of(permuted)
    assert_all_close(got_permuted, [y[perm] for y in got])
    assert_all_close(states_permuted, [s[perm] for s in states])


@PATHS
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY_SETTINGS
@given(data=st.data(), seed=seeds, steps=st.integers(1, 12))
def test_go_backwards_equals_flipped_input(
    kind: str, fused: bool, data: st.DataObject, seed: int, steps: int
) -> None:
    """go_backwards=True on x equals go_backwards=False on x reversed in time (outputs in
    processing order, final states too)."""
    spec = data.draw(specs(kind))
    x = inputs(seed, spec.batch, steps, spec.features)
    with_state = kind != "stack"
    with use_fused_kernels(fused):
        backwards = build_random(spec, seed, stateful=False, go_backwards=True, return_state=with_state)
        forwards = build(spec, stateful=False, return_state=with_state, weights=backwards.get_weights())
        with torch.no_grad():
            got = to_numpy(backwards(x))
            expected = to_numpy(forwards(x[:, ::-1].copy()))
    assert_all_close(got, expected)
    assert len(got) == (1 + len(backwards.state_sizes) if with_state else 1)
