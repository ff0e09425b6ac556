"""The hand-written GRU backward (layers/gru_training.py) against PyTorch's GRU kernel, and when
the layers take it."""

from __future__ import annotations

import pytest
import torch

from statefulrnn import GRU, use_fused_kernels
from statefulrnn._compat import GRU as VF_GRU
from statefulrnn.layers import gru_training
from statefulrnn.layers.gru_training import GRUSequence, gru, prefers_hand_bptt

# N, T, F, u
SHAPES = [(1, 1, 1, 1), (1, 9, 3, 4), (3, 7, 2, 5), (4, 5, 6, 33), (2, 40, 5, 16)]


def arguments(batch: int, steps: int, features: int, units: int, bias: bool, dtype=torch.float32, seed=0):
    """Inputs, initial state and weights (biases included), all random and requiring grad."""
    generator = torch.Generator().manual_seed(seed)

    def draw(*shape: int, scale: float = 1.0) -> torch.Tensor:
        return (torch.randn(*shape, generator=generator, dtype=dtype) * scale).requires_grad_()

    weights = [draw(3 * units, features, scale=features**-0.5), draw(3 * units, units, scale=units**-0.5)]
    biases = [draw(3 * units, scale=0.5), draw(3 * units, scale=0.5)] if bias else [None, None]
    return draw(batch, steps, features), draw(batch, units), *weights, *biases


def pytorch_gru(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    weights = [weight_ih, weight_hh] + ([] if bias_ih is None else [bias_ih, bias_hh])
    outputs, final = VF_GRU(x, h0.unsqueeze(0), weights, bias_ih is not None, 1, 0.0, True, False, True)
    return outputs, final[0]


def gradients(function, args, grad_outputs, grad_final) -> list[torch.Tensor]:
    outputs, final = function(*args)
    wanted = [a for a in args if a is not None and a.requires_grad]
    return [*torch.autograd.grad((outputs, final), wanted, (grad_outputs, grad_final)), outputs, final]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("bias", [True, False])
def test_outputs_and_gradients_equal_pytorchs(shape: tuple[int, int, int, int], bias: bool) -> None:
    batch, steps, _, units = shape
    args = arguments(*shape, bias=bias)
    generator = torch.Generator().manual_seed(1)
    grad_outputs = torch.randn(batch, steps, units, generator=generator)
    grad_final = torch.randn(batch, units, generator=generator)
    ours = gradients(GRUSequence.apply, args, grad_outputs, grad_final)
    theirs = gradients(pytorch_gru, args, grad_outputs, grad_final)
    for a, b in zip(ours, theirs, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)


def test_some_inputs_without_gradient() -> None:
    """Only the recurrent weight requires grad: the others get None, that one PyTorch's value."""
    x, h0, weight_ih, weight_hh, bias_ih, bias_hh = arguments(2, 6, 3, 4, bias=True)
    args = (x.detach(), h0.detach(), weight_ih.detach(), weight_hh, bias_ih.detach(), bias_hh.detach())
    ours = gradients(GRUSequence.apply, args, torch.ones(2, 6, 4), torch.zeros(2, 4))
    theirs = gradients(pytorch_gru, args, torch.ones(2, 6, 4), torch.zeros(2, 4))
    torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("bias", [True, False])
def test_gradcheck_and_second_derivatives(bias: bool) -> None:
    args = arguments(2, 4, 3, 3, bias=bias, dtype=torch.float64)
    assert torch.autograd.gradcheck(GRUSequence.apply, args)
    assert torch.autograd.gradgradcheck(GRUSequence.apply, args)


def test_the_rule_takes_small_batches_only() -> None:
    assert prefers_hand_bptt(1, 64, 1) and prefers_hand_bptt(1, 64, 2)
    assert prefers_hand_bptt(32, 32, 1)
    assert not prefers_hand_bptt(256, 64, 1) and not prefers_hand_bptt(32, 512, 1)


def backward_nodes(outputs: torch.Tensor) -> str:
    return type(outputs.grad_fn).__name__


def test_gru_takes_the_hand_written_backward_only_where_a_gradient_may_flow() -> None:
    x, h0, *weights = arguments(1, 5, 3, 4, bias=True)
    call = (x, h0.unsqueeze(0), weights, True, 1, 0.0, True, False, True)
    outputs, final = gru(*call)
    assert backward_nodes(outputs) == "GRUSequenceBackward" and final.shape == (1, 1, 4)
    with torch.no_grad():
        outputs, _ = gru(*call)
    assert outputs.grad_fn is None
    torch.testing.assert_close(outputs, VF_GRU(*call)[0])
    large = (torch.randn(4096, 5, 3), torch.zeros(1, 4096, 4), weights, True, 1, 0.0, True, False, True)
    assert backward_nodes(gru(*large)[0]) != "GRUSequenceBackward"  # PyTorch's graph


def train_layer_chunks(hand_written: bool, monkeypatch: pytest.MonkeyPatch, **call) -> list[torch.Tensor]:
    """Outputs and gradients of a stateful GRU layer over two chunks (the second starts from the
    first's final state, detached by the layer)."""
    limits = gru_training._HAND_BPTT_LIMITS
    monkeypatch.setattr(
        gru_training, "_HAND_BPTT_LIMITS", limits if hand_written else dict.fromkeys(limits, 0)
    )
    torch.manual_seed(0)
    layer = GRU(6, stateful=True, return_sequences=True, batch_input_shape=(3, None, 4))
    generator = torch.Generator().manual_seed(2)
    results = []
    for _ in range(2):
        outputs = layer(torch.randn(3, 7, 4, generator=generator), training=True, **call)
        assert (backward_nodes(outputs) == "GRUSequenceBackward") == (hand_written and not call)
        outputs.square().sum().backward()
        results += [outputs.detach(), *(p.grad.clone() for p in layer.parameters())]
        layer.zero_grad()
    return results


@pytest.mark.parametrize(
    "call",
    [
        {},
        {"mask": torch.tensor([[True] * 5 + [False] * 2, [True] * 7, [False, *[True] * 6]])},
        {"resets": torch.tensor([[False] * 3 + [True] + [False] * 3] * 3)},
    ],
    ids=["plain", "mask", "resets"],
)
def test_a_layer_trains_with_the_same_gradients(call: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    hand = train_layer_chunks(True, monkeypatch, **call)
    pytorch = train_layer_chunks(False, monkeypatch, **call)
    torch.testing.assert_close(hand, pytorch, rtol=1e-5, atol=1e-5)
    with use_fused_kernels(False):  # the per-step loop: the cell's own formula
        loop = train_layer_chunks(False, monkeypatch, **call)
    torch.testing.assert_close(hand, loop, rtol=1e-5, atol=1e-5)


def test_outputs_changed_in_place_leave_the_gradients_alone() -> None:
    """As with PyTorch's kernel, whose outputs are a stack of its steps': the backward reads
    states of its own, not the outputs handed out."""
    for batch in (1, 3):  # at batch 1 a (T, 1, u) buffer and its transpose share one layout
        args = arguments(batch, 4, 3, 5, bias=True)
        expected = gradients(GRUSequence.apply, args, torch.ones(batch, 4, 5), torch.ones(batch, 5))
        outputs, final = GRUSequence.apply(*args)
        with torch.no_grad():
            outputs.zero_(), final.zero_()
        wanted = [a for a in args if a is not None]
        found = torch.autograd.grad((outputs, final), wanted, (torch.ones(batch, 4, 5), torch.ones(batch, 5)))
        torch.testing.assert_close(list(found), expected[:-2])
