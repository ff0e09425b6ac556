"""The cheap road of a recurrent layer call: input checks cached per input key, a default
``training`` passed by position, and a state commit without copies. Each saving must keep every
guarantee: bad input refused after a good call cached its key, and a failed call changes nothing.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Sequential, SimpleRNN, use_fused_kernels
from statefulrnn.layers.base import CHECKED_INPUTS, Layer
from statefulrnn.layers.recurrent import RNN


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The input shapes that `RNN._check_input` looked at, in order."""
    seen: list[tuple[int, ...]] = []
    original = RNN._check_input

    def counting(self: RNN, x: torch.Tensor) -> None:
        seen.append(tuple(x.shape))
        original(self, x)

    monkeypatch.setattr(RNN, "_check_input", counting)
    return seen


def stateful_gru() -> GRU:
    torch.manual_seed(0)
    return GRU(3, stateful=True, batch_input_shape=(2, None, 4), name="g")


def states_of(layer: RNN) -> list[torch.Tensor]:
    return [s.clone() for s in layer.states]


def test_checks_run_once_per_input_key(checks: list[tuple[int, ...]]) -> None:
    layer = stateful_gru()
    x = torch.randn(2, 5, 4)
    layer(x)
    layer(x + 1)
    assert checks == [(2, 5, 4)]
    layer(torch.randn(2, 6, 4))  # a new length: a new key
    layer(torch.randn(2, 5, 4))
    assert checks == [(2, 5, 4), (2, 6, 4)]


def test_an_input_that_needs_converting_is_checked_every_time(checks: list[tuple[int, ...]]) -> None:
    layer = stateful_gru()
    x = np.random.default_rng(0).standard_normal((2, 5, 4))  # float64 numpy: converted each call
    first = layer(x)
    layer(torch.from_numpy(x))
    assert len(checks) == 2
    assert first.dtype == torch.float32


BAD_INPUTS = [
    (torch.zeros(2, 5, 7), None, r"GRU 'g' was built for 4 input features, but received inputs of shape"),
    (torch.zeros(3, 5, 4), None, r"GRU 'g' is stateful with batch size 2, but received a batch of 3"),
    (torch.zeros(2, 0, 4), None, r"GRU 'g' needs at least one time step"),
    (torch.zeros(2, 4), None, r"GRU 'g' expects inputs of rank 3 \(batch, time, features\)"),
    (torch.zeros(2, 5, 4), torch.ones(2, 4, dtype=torch.bool), r"mask must have shape \(batch, time\)"),
]

BAD_IDS = ["features", "batch", "steps", "rank", "mask"]


@pytest.mark.parametrize(("bad", "mask", "message"), BAD_INPUTS, ids=BAD_IDS)
def test_bad_input_is_refused_after_a_good_call_cached_its_key(
    bad: torch.Tensor, mask: torch.Tensor | None, message: str
) -> None:
    layer = stateful_gru()
    layer(torch.randn(2, 5, 4))
    layer(torch.randn(2, 5, 4))  # the key of a good input is cached now
    before = states_of(layer)
    with pytest.raises(ValueError, match=message):
        layer(bad, mask=mask)
    for kept, now in zip(before, layer.states):
        assert torch.equal(kept, now)


def test_a_model_at_another_batch_size_checks_its_own() -> None:
    model = Sequential([GRU(3, stateful=True, batch_input_shape=(8, None, 1)), Dense(1)])
    model(torch.randn(8, 4, 1))
    single = model.with_batch_size(1)
    assert CHECKED_INPUTS not in single.layers[0].__dict__  # a copy starts with no cache
    with pytest.raises(ValueError, match=r"stateful with batch size 1, but received a batch of 8"):
        single(torch.randn(8, 4, 1))
    assert single(torch.randn(1, 4, 1)).shape == (1, 1)


def test_a_resized_state_changes_the_key() -> None:
    layer = stateful_gru()
    layer(torch.randn(2, 5, 4))
    layer.state_store.resize(3)
    with pytest.raises(ValueError, match=r"stateful with batch size 3, but received a batch of 2"):
        layer(torch.randn(2, 5, 4))
    assert layer(torch.randn(3, 5, 4)).shape == (3, 3)


def test_moving_the_layer_to_another_dtype_drops_the_cache() -> None:
    layer = stateful_gru()
    x = torch.randn(2, 5, 4)
    layer(x)
    layer.reset_states()
    layer.double()
    got = layer(x)  # float32 input again: converted to the layer's new dtype, not taken as it is
    assert got.dtype == torch.float64
    twin = GRU(3, batch_input_shape=(2, None, 4), dtype="float64")
    twin.set_weights(layer.get_weights())
    torch.testing.assert_close(got, twin(x.double()))


def test_switches_and_mode_are_read_on_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    torch.manual_seed(1)
    layer = LSTM(4, dropout=0.5, batch_input_shape=(2, None, 3))
    x = torch.randn(2, 6, 3)
    inferred = layer(x)
    loops: list[int] = []
    original = RNN._step_loop
    monkeypatch.setattr(RNN, "_step_loop", lambda self, *a: loops.append(1) or original(self, *a))
    with use_fused_kernels(False):
        torch.testing.assert_close(layer(x), inferred)
    assert loops == [1]
    layer.train()
    assert not torch.allclose(layer(x), inferred)  # dropout now


def test_the_cache_is_neither_pickled_nor_copied() -> None:
    layer = stateful_gru()
    layer(torch.randn(2, 5, 4))
    assert CHECKED_INPUTS in layer.__dict__
    for twin in (copy.deepcopy(layer), pickle.loads(pickle.dumps(layer))):
        assert CHECKED_INPUTS not in twin.__dict__
        with pytest.raises(ValueError, match="received a batch of 3"):
            twin(torch.randn(3, 5, 4))


def test_the_cache_stays_small_over_many_lengths() -> None:
    layer = SimpleRNN(2, batch_input_shape=(1, None, 1))
    for steps in range(1, 200):
        layer(torch.zeros(1, steps, 1))
    assert len(layer.__dict__[CHECKED_INPUTS]) <= 64


def test_a_stored_state_carries_no_graph() -> None:
    layer = stateful_gru()
    layer.train()
    layer(torch.randn(2, 5, 4)).sum().backward()
    assert all(s.grad_fn is None and not s.requires_grad for s in layer.states)
    with torch.no_grad():
        layer(torch.randn(2, 5, 4))
    assert all(s.grad_fn is None and not s.requires_grad for s in layer.states)


class _Recording(Layer):
    """Records what its forward receives."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: list[tuple[Any, Any]] = []

    def forward(self, x: torch.Tensor, extra: int = 5, training: bool | None = None) -> torch.Tensor:
        self.seen.append((extra, training))
        return x


def test_a_direct_call_infers_whichever_way_its_arguments_come() -> None:
    layer, x = _Recording(), torch.zeros(1)
    layer(x)  # training by position, after extra's default
    layer(x, 7)
    layer(x, extra=7)  # a keyword: training by keyword too
    layer(x, 7, True)
    layer.eval()
    layer(x)  # the mode decides from now on, handed over as the flag
    layer.train()
    layer(x)
    assert layer.seen == [(5, False), (7, False), (7, False), (7, True), (5, False), (5, True)]
