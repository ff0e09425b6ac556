"""A plain call of a model takes its short road (no mask bookkeeping, no state journal for one
RNN layer, no call of an Input given a tensor of its dtype), and every call that needs the long
road still takes it."""

from __future__ import annotations

from typing import Any

import pytest
import torch

from statefulrnn import GRU, Dense, Input, Model, Sequential
from statefulrnn._masks import output_mask
from statefulrnn.layers import Embedding, Layer
from statefulrnn.models import base, functional, sequential


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the plain call took the long road")


def _stateful_gru(name: str = "gru") -> GRU:
    return GRU(3, stateful=True, batch_input_shape=(2, None, 4), name=name)


def test_a_plain_call_of_one_rnn_layer_keeps_no_journal_nor_masks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    layer = _stateful_gru()
    model = Sequential([layer])
    x = torch.randn(2, 1, 4)
    expected = model(x)
    model.reset_states()
    monkeypatch.setattr(base, "restore_on_error", _refuse)
    monkeypatch.setattr(sequential, "call_masked", _refuse)
    monkeypatch.setattr(layer, "compute_mask", _refuse)  # an RNN makes no mask from none
    assert torch.equal(model(x), expected)
    assert output_mask(model) is None


def test_flags_and_masks_take_call_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sequential, "call_masked", _refuse)
    model = Sequential([_stateful_gru()])
    with pytest.raises(AssertionError, match="long road"):
        model(torch.randn(2, 2, 4), resets=torch.tensor([[True, False], [False, False]]))
    masked = Sequential([Embedding(5, 4, mask_zero=True, batch_input_shape=(2, None)), GRU(3)])
    with pytest.raises(AssertionError, match="long road"):  # the mask Embedding makes goes on
        masked(torch.tensor([[1, 0], [2, 3]]))


def test_a_hook_failing_after_the_commit_of_a_one_layer_model_leaves_the_state() -> None:
    layer = _stateful_gru()
    model = Sequential([layer])
    model(torch.randn(2, 1, 4))
    before = [state.clone() for state in layer.states]

    def fail(module: Any, inputs: Any, outputs: Any) -> None:
        raise RuntimeError("hook failed")

    layer.register_forward_hook(fail)
    assert not base.commits_last(layer)
    with pytest.raises(RuntimeError, match="hook failed"):
        model(torch.randn(2, 1, 4))
    assert all(torch.equal(a, b) for a, b in zip(layer.states, before))


class _TwoStacked(Layer):
    """A user's layer of two stateful GRUs: the second may refuse after the first committed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first = GRU(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 4))
        self.second = GRU(3, stateful=True, batch_input_shape=(2, None, 3))

    def forward(self, inputs: Any, cut: bool = False) -> torch.Tensor:
        hidden = self.first(inputs)
        return self.second(hidden[..., :2] if cut else hidden)


def test_a_one_layer_model_of_another_kind_still_undoes_a_partial_call() -> None:
    layer = _TwoStacked()
    model = Sequential([layer])
    model(torch.randn(2, 1, 4))
    before = [state.clone() for state in layer.first.states]
    layer.forward = lambda inputs: _TwoStacked.forward(layer, inputs, cut=True)  # type: ignore[method-assign]
    with pytest.raises(ValueError):
        model(torch.randn(2, 1, 4))
    assert all(torch.equal(a, b) for a, b in zip(layer.first.states, before))


def test_commits_last_only_for_an_rnn_running_rnn_forward() -> None:
    assert base.commits_last(GRU(2))
    assert not base.commits_last(Dense(2))
    assert not base.commits_last(GRU(2, activity_regularizer="l2"))


def test_a_layer_compiled_with_module_compile_runs_compiled() -> None:
    # Layer.__call__ enters torch's call one frame down: it must still take module.compile()'s call.
    graphs: list[Any] = []

    def backend(graph_module: torch.fx.GraphModule, example_inputs: Any) -> Any:
        graphs.append(graph_module)
        return graph_module.forward

    layer = Dense(2, input_shape=(3,))
    x = torch.randn(4, 3)
    expected = layer(x)
    torch._dynamo.reset()
    try:
        layer.compile(backend=backend)
        assert torch.allclose(layer(x), expected)
    finally:
        torch._dynamo.reset()
    assert graphs


def test_a_plain_call_of_a_functional_model_takes_the_short_road(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = Input(batch_shape=(2, None, 4))
    model = Model(inputs, _stateful_gru()(inputs))
    x = torch.randn(2, 1, 4)
    expected = model(x)
    model.reset_states()
    monkeypatch.setattr(base, "restore_on_error", _refuse)  # one layer only may commit: no journal
    monkeypatch.setattr(functional, "call_masked", _refuse)
    monkeypatch.setattr(inputs.node.layer, "forward", _refuse)  # a float32 tensor needs no cast
    assert torch.equal(model(x), expected)


def test_an_input_still_casts_and_runs_its_hooks() -> None:
    inputs = Input(shape=(3,))
    model = Model(inputs, Dense(1, kernel_initializer="ones")(inputs))
    assert model(torch.ones(2, 3, dtype=torch.float64)).dtype == torch.float32
    seen: list[Any] = []
    inputs.node.layer.register_forward_hook(lambda module, args, outputs: seen.append(outputs))
    model(torch.ones(2, 3))
    assert len(seen) == 1


class _Fails(Layer):
    """Fails when told to: a layer after a stateful one."""

    fail = False

    def forward(self, inputs: Any) -> torch.Tensor:
        if self.fail:
            raise RuntimeError("later layer failed")
        return inputs


@pytest.mark.parametrize("kind", ["sequential", "functional"])
def test_a_later_layer_failing_puts_the_state_back(kind: str) -> None:
    layer, later = _stateful_gru(), _Fails()
    if kind == "sequential":
        model: Any = Sequential([layer, later])
    else:
        inputs = Input(batch_shape=(2, None, 4))
        model = Model(inputs, later(layer(inputs)))
    model(torch.randn(2, 1, 4))
    before = [state.clone() for state in layer.states]
    later.fail = True
    with pytest.raises(RuntimeError, match="later layer failed"):
        model(torch.randn(2, 1, 4))
    assert all(torch.equal(a, b) for a, b in zip(layer.states, before))
