"""A call longer than `MAX_PIECE_ELEMENTS` allows runs in pieces, the state carried from one to the
next: the same outputs, states and gradients as one kernel call over the whole input."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import LSTM, use_fused_kernels
from statefulrnn.layers import recurrent
from statefulrnn.layers.recurrent import RNN

from .builders import Spec, build_random, copy_of, inputs

KINDS = ("simple_tanh", "gru", "lstm", "gru_reset_before", "user_cell")
TOLERANCE = dict(rtol=1e-6, atol=1e-6)
STEPS = 10


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of steps of each kernel (or per-step loop) run, in order."""
    seen: list[int] = []
    original = RNN._chunk_runner

    def counting(self: RNN, *args: Any) -> Any:
        run = original(self, *args)

        def counted(x: torch.Tensor, states: Any) -> Any:
            seen.append(x.shape[1])
            return run(x, states)

        return counted

    monkeypatch.setattr(RNN, "_chunk_runner", counting)
    return seen


def piece_bound(layer: RNN, batch: int, steps: int) -> int:
    """The `MAX_PIECE_ELEMENTS` that cuts ``layer``'s calls of ``batch`` rows into ``steps`` steps."""
    cell = layer.cell
    width = max(sum(layer.state_sizes), getattr(cell, "gates", 0) * getattr(cell, "units", 0))
    return steps * batch * width


def pair(kind: str, return_sequences: bool, **kwargs: Any) -> tuple[Any, Any, np.ndarray]:
    """Two layers with the same weights, and an input of `STEPS` steps."""
    spec = Spec(kind, units=3, features=2, batch=2, return_sequences=return_sequences)
    whole = build_random(spec, seed=7, **kwargs)
    return whole, copy_of(whole, spec, **kwargs), inputs(7, 2, STEPS, 2)


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Sets the bound so that calls of ``layer`` run in pieces of ``steps`` steps."""

    def cut(layer: RNN, steps: int) -> None:
        monkeypatch.setattr(recurrent, "MAX_PIECE_ELEMENTS", piece_bound(layer, 2, steps))

    yield cut


def outputs_of(result: torch.Tensor | list[torch.Tensor]) -> list[np.ndarray]:
    return [t.detach().numpy() for t in (result if isinstance(result, list) else [result])]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("return_sequences", [True, False], ids=["sequences", "last"])
@pytest.mark.parametrize("stateful", [True, False], ids=["stateful", "stateless"])
@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
def test_pieces_give_what_one_call_gives(
    kind: str, return_sequences: bool, stateful: bool, fused: bool, small_pieces: Any, runs: list[int]
) -> None:
    whole, pieced, x = pair(kind, return_sequences, stateful=stateful, return_state=True)
    with torch.no_grad(), use_fused_kernels(fused):
        expected = [outputs_of(whole(x)) for _ in range(2)]  # the second call starts from the state
        assert runs == [STEPS, STEPS]
        runs.clear()
        small_pieces(pieced, 3)
        got = [outputs_of(pieced(x)) for _ in range(2)]
    assert runs == [3, 3, 3, 1] * 2
    for got_call, expected_call in zip(got, expected):
        for g, e in zip(got_call, expected_call, strict=True):
            np.testing.assert_allclose(g, e, **TOLERANCE)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("go_backwards", [False, True], ids=["forwards", "backwards"])
def test_pieces_honour_masks_and_resets(kind: str, go_backwards: bool, small_pieces: Any) -> None:
    whole, pieced, x = pair(kind, True, go_backwards=go_backwards)
    mask = np.ones((2, STEPS), dtype=bool)
    mask[0, 2:9] = False  # padding across two piece boundaries
    resets = None if go_backwards else np.zeros((2, STEPS), dtype=bool)
    if resets is not None:
        resets[1, 5] = True
    small_pieces(pieced, 3)
    with torch.no_grad():
        for _ in range(2):
            expected = whole(x, mask=mask, resets=resets)
            np.testing.assert_allclose(pieced(x, mask=mask, resets=resets), expected, **TOLERANCE)


@pytest.mark.parametrize("kind", KINDS)
def test_pieces_give_the_gradients_of_one_call(kind: str, small_pieces: Any, runs: list[int]) -> None:
    whole, pieced, x = pair(kind, True)
    grads = []
    for layer in (whole, pieced):
        if layer is pieced:
            small_pieces(pieced, 4)
        layer.train()
        inputs_ = torch.from_numpy(x).requires_grad_()
        layer(inputs_).pow(2).sum().backward()
        grads.append([inputs_.grad, *[p.grad for p in layer.parameters()]])
    assert runs == [STEPS, 4, 4, 2]
    for g, e in zip(grads[1], grads[0], strict=True):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-5, atol=1e-6)


def test_pieces_share_one_call_of_dropout_masks(small_pieces: Any) -> None:
    whole, pieced, x = pair("lstm", True, dropout=0.3)
    small_pieces(pieced, 3)
    got = []
    for layer in (whole, pieced):
        layer.train()
        torch.manual_seed(3)  # the same masks for both calls
        got.append(layer(x).detach().numpy())
    np.testing.assert_allclose(got[1], got[0], **TOLERANCE)


def test_a_call_above_the_real_bound_runs_in_pieces(runs: list[int]) -> None:
    """LSTM(2), batch 1: the real bound cuts at 2**26 / 8 steps; one call just over it runs in
    two pieces and gives what two calls of a stateful twin give (chunked equals whole)."""
    torch.manual_seed(5)
    layer = LSTM(2, stateful=True, return_sequences=True, batch_input_shape=(1, None, 1))
    twin = LSTM(2, stateful=True, return_sequences=True, batch_input_shape=(1, None, 1))
    twin.set_weights(layer.get_weights())
    piece = recurrent.MAX_PIECE_ELEMENTS // (1 * 4 * 2)
    x = torch.randn(1, piece + 5, 1)
    with torch.no_grad():
        got = layer(x)
        assert runs == [piece, 5]
        split = math.ceil(piece / 3)  # elsewhere than the pieces' boundary
        first, rest = twin(x[:, :split]), twin(x[:, split:])
    torch.testing.assert_close(got[:, :split], first, **TOLERANCE)
    torch.testing.assert_close(got[:, split:], rest, **TOLERANCE)
    for ours, theirs in zip(layer.states, twin.states):
        torch.testing.assert_close(ours, theirs, **TOLERANCE)
