"""Truncated backpropagation through time: gradients flow within a call, never across calls.

A stateful layer stores its carried state detached, so training chunk after chunk (backward
and an optimizer step after each) works, truncation at a chunk boundary is exact, and nothing
of earlier chunks' graphs stays alive. Every test runs on the fused and the generic path.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn import GRU, LSTM, Sequential, SimpleRNN, use_fused_kernels
from statefulrnn.layers import RNN
from statefulrnn.state import named_state_stores

from .builders import KINDS, Spec, build, build_random, copy_of, inputs

PATHS = pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
GRAD_TOLERANCE = dict(rtol=1e-6, atol=1e-6)
# Built-in layers that run on a fused kernel when nothing forces the generic path.
FUSABLE: dict[str, Callable[..., RNN]] = {
    "simple_tanh": lambda units, **kw: SimpleRNN(units, activation="tanh", **kw),
    "simple_relu": lambda units, **kw: SimpleRNN(units, activation="relu", **kw),
    "gru": lambda units, **kw: GRU(units, reset_after=True, **kw),
    "lstm": lambda units, **kw: LSTM(units, **kw),
}


def spec_of(kind: str) -> Spec:
    return Spec(kind, units=5, features=3, batch=3, return_sequences=True)


def chunk(spec: Spec, index: int, steps: int = 4) -> torch.Tensor:
    """The ``index``-th chunk of a long input sequence (a fixed random chunk per index)."""
    return torch.from_numpy(inputs(1000 + index, spec.batch, steps, spec.features))


def loss_of(y: torch.Tensor) -> torch.Tensor:
    """A loss that depends on every output at every step."""
    target = torch.linspace(-0.5, 0.5, y.shape[-1])
    return (y - target).square().mean()


def live_states(model: nn.Module) -> list[torch.Tensor]:
    """The tensors a model stores as its carried state (not copies)."""
    return [state for _, store in named_state_stores(model) for state in store.values]


def snapshot(model: nn.Module) -> list[torch.Tensor]:
    return [state.clone() for state in live_states(model)]


def restore(model: nn.Module, values: list[torch.Tensor]) -> None:
    """Set the carried states, through the public API: ``reset_states(values)`` on a layer,
    ``set_states`` on a model (matched by position, as a copy's layers have other names)."""
    if isinstance(model, Sequential):
        layout = model.get_states()
        values_iter = iter(values)
        model.set_states({name: [next(values_iter) for _ in states] for name, states in layout.items()})
    else:
        model.reset_states(values)


def graph_size(tensor: torch.Tensor) -> int:
    """The number of autograd nodes reachable from ``tensor``."""
    seen: set[Any] = set()
    stack = [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(next_node for next_node, _ in node.next_functions)
    return len(seen)


def live_tensor_count() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if issubclass(type(obj), torch.Tensor))


def assert_states_detached(model: nn.Module) -> None:
    states = live_states(model)
    assert states
    for state in states:
        assert not state.requires_grad
        assert state.grad_fn is None


# ----- training over many chunks ------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("dropout", [0.0, 0.25], ids=["no_dropout", "dropout"])
@pytest.mark.parametrize("kind", KINDS)
def test_training_over_many_chunks(kind: str, dropout: float, fused: bool) -> None:
    """Backward and an SGD step after each of 50 chunks: no "backward through the graph a second
    time", states always detached, the weights learn."""
    spec = spec_of(kind)
    model = build_random(spec, seed=3, dropout=dropout)
    model.train()
    initial = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    with use_fused_kernels(fused):
        for index in range(50):
            loss = loss_of(model(chunk(spec, index)))
            optimizer.zero_grad()
            loss.backward()
            assert all(p.grad is not None for p in model.parameters())
            optimizer.step()
            assert_states_detached(model)
            losses.append(loss.item())
    assert np.isfinite(losses).all()
    assert all(not torch.equal(p.detach(), p0) for p, p0 in zip(model.parameters(), initial))


# ----- truncation is exact ------------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("kind", KINDS)
def test_gradient_is_truncated_exactly_at_the_chunk_boundary(kind: str, fused: bool) -> None:
    """The gradient of chunk k's loss equals that of a fresh layer (same weights) started from the
    state before chunk k; it differs from the gradient of untruncated BPTT."""
    spec = spec_of(kind)
    model = build_random(spec, seed=5)
    model.train()
    k = 3
    with use_fused_kernels(fused):
        for index in range(k):  # earlier chunks leave graphs behind, which must not be reached
            loss_of(model(chunk(spec, index))).backward()
        before = snapshot(model)
        model.zero_grad()
        x = chunk(spec, k).requires_grad_(True)
        y = model(x)
        loss_of(y).backward()
        got = [p.grad.clone() for p in model.parameters()] + [x.grad.clone()]

        fresh = copy_of(model, spec)
        fresh.train()
        restore(fresh, before)
        x_fresh = chunk(spec, k).requires_grad_(True)
        y_fresh = fresh(x_fresh)
        loss_of(y_fresh).backward()
        expected = [p.grad for p in fresh.parameters()] + [x_fresh.grad]

        # Untruncated: the same loss with the gradient flowing back through chunks 0..k-1.
        full = copy_of(model, spec)
        full.train()
        whole = torch.cat([chunk(spec, index) for index in range(k + 1)], dim=1)
        loss_of(full(whole)[:, -x.shape[1] :]).backward()
        untruncated = [p.grad for p in full.parameters()]

    np.testing.assert_allclose(y.detach().numpy(), y_fresh.detach().numpy(), **GRAD_TOLERANCE)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g.numpy(), e.numpy(), **GRAD_TOLERANCE)
    assert any(g.abs().max() > 0 for g in got)
    assert any(not np.allclose(g.numpy(), u.numpy(), rtol=1e-4, atol=1e-6) for g, u in zip(got, untruncated))


# ----- nothing accumulates ------------------------------------------------------------------


@PATHS
@pytest.mark.parametrize("kind", KINDS)
def test_memory_stays_flat(kind: str, fused: bool) -> None:
    """Over 60 training chunks the graph of each chunk's loss keeps the same size (it ends at the
    stored state) and the number of live tensors does not grow with the chunk count."""
    spec = spec_of(kind)
    model = build_random(spec, seed=7)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    graph_sizes: dict[int, int] = {}
    tensor_counts: dict[int, int] = {}
    with use_fused_kernels(fused):
        for index in range(1, 61):
            loss = loss_of(model(chunk(spec, index)))
            graph_sizes[index] = graph_size(loss)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            del loss
            assert_states_detached(model)
            if index in (10, 60):
                tensor_counts[index] = live_tensor_count()
    assert graph_sizes[1] > 1
    assert set(graph_sizes.values()) == {graph_sizes[1]}
    # A per-chunk leak adds at least 50 tensors between chunks 10 and 60.
    assert tensor_counts[60] <= tensor_counts[10] + 10


@PATHS
@pytest.mark.parametrize("kind", FUSABLE)
def test_fused_weight_cache_follows_optimizer_steps(kind: str, fused: bool) -> None:
    """Inference after each optimizer step uses the updated weights (the fused path caches its
    converted weights without autograd): it matches the generic path on the same weights."""
    spec = spec_of(kind)
    model = build_random(spec, seed=9)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    probe = chunk(spec, 99)
    previous = None
    for index in range(3):
        with use_fused_kernels(fused):
            model.train()
            optimizer.zero_grad()
            loss_of(model(chunk(spec, index))).backward()
            optimizer.step()
            model.eval()
        outputs = {}
        for path in (True, False):
            model.reset_states()
            with use_fused_kernels(path), torch.no_grad():
                outputs[path] = model(probe).numpy()
        np.testing.assert_allclose(outputs[True], outputs[False], rtol=1e-5, atol=1e-5)
        if previous is not None:
            assert not np.allclose(outputs[True], previous)
        previous = outputs[True]


# ----- dropout ------------------------------------------------------------------------------


def dropout_layer(kind: str, dropout: float, recurrent_dropout: float) -> RNN:
    return FUSABLE[kind](
        6,
        dropout=dropout,
        recurrent_dropout=recurrent_dropout,
        stateful=True,
        return_sequences=True,
        batch_input_shape=(4, None, 3),
    )


@PATHS
@pytest.mark.parametrize("kind", [*FUSABLE, "gru_reset_before"])
def test_dropout_is_random_in_training_only(kind: str, fused: bool) -> None:
    """From the same state, two training calls differ (fresh masks each call); two inference
    calls are identical and equal the same weights without dropout."""
    make = FUSABLE.get(kind) or (lambda units, **kw: GRU(units, reset_after=False, **kw))
    torch.manual_seed(1)
    shape = dict(stateful=True, return_sequences=True, batch_input_shape=(4, None, 3))
    layer = make(6, dropout=0.3, recurrent_dropout=0.3, **shape)
    plain = make(6, **shape)
    plain.set_weights(layer.get_weights())
    x = torch.randn(4, 5, 3)
    with use_fused_kernels(fused), torch.no_grad():
        layer(torch.randn(4, 3, 3))  # some nonzero state to start from
        start = snapshot(layer)

        def from_start(training: bool) -> np.ndarray:
            layer.train(training)
            layer.reset_states(start)
            return layer(x).numpy()

        train_1, train_2 = from_start(True), from_start(True)
        eval_1, eval_2 = from_start(False), from_start(False)
        plain.reset_states(start)
        no_dropout = plain(x).numpy()
    assert not np.allclose(train_1, train_2)
    assert not np.allclose(train_1, eval_1)
    np.testing.assert_array_equal(eval_1, eval_2)
    np.testing.assert_allclose(eval_1, no_dropout, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("kind", FUSABLE)
def test_recurrent_dropout_in_training_runs_the_generic_path(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fused kernels cannot drop recurrent connections: with recurrent_dropout > 0 a training
    call runs the per-step loop; inference, and input dropout alone, stay on the kernel."""
    calls: list[str] = []
    original = RNN._step_loop

    def counting_step_loop(self: RNN, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr("statefulrnn.layers.recurrent.RNN._step_loop", counting_step_loop)
    recurrent = dropout_layer(kind, dropout=0.2, recurrent_dropout=0.3)
    input_only = dropout_layer(kind, dropout=0.2, recurrent_dropout=0.0)
    x = torch.randn(4, 5, 3)
    with use_fused_kernels(True):
        recurrent(x)  # inference
        input_only.train()
        input_only(x)
        assert calls == []
        recurrent.train()
        loss_of(recurrent(x)).backward()
        assert calls == [recurrent.name]
        recurrent(x, training=False)
        assert calls == [recurrent.name]


@pytest.mark.parametrize("kind", FUSABLE)
def test_input_dropout_is_the_same_on_both_paths(kind: str) -> None:
    """With input dropout only, a training call on the fused kernel gives the generic path's numbers
    and gradients for the same random seed (the same mask, applied at every step)."""
    layer = dropout_layer(kind, dropout=0.4, recurrent_dropout=0.0)
    layer.train()
    x = torch.randn(4, 6, 3)
    results = {}
    for fused in (True, False):
        layer.reset_states()
        layer.zero_grad()
        torch.manual_seed(123)
        with use_fused_kernels(fused):
            y = layer(x)
        loss_of(y).backward()
        results[fused] = [y.detach().numpy(), *(p.grad.numpy().copy() for p in layer.parameters())]
    for f, g in zip(results[True], results[False], strict=True):
        np.testing.assert_allclose(f, g, rtol=1e-5, atol=1e-6)


def test_copy_of_builder_keeps_weights() -> None:
    """Guard for the helpers above: a copy computes what the original does from the same state."""
    spec = spec_of("stack")
    model = build_random(spec, seed=1)
    other = copy_of(model, spec)
    assert type(other) is type(model) and other is not model
    x = chunk(spec, 0)
    with torch.no_grad():
        np.testing.assert_array_equal(model(x).numpy(), other(x).numpy())
    assert build(spec).get_weights()[0].shape == model.get_weights()[0].shape
