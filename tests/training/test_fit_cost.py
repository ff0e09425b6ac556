"""What fit(chunk_length=k) does per chunk is what a hand-written loop does (benchmarks/
bench_training.py times the two): the same numbers, one plain model call, and no per-chunk walk
over the model. Counts, not timings."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import LSTM, Dense, Sequential, optimizers
from statefulrnn.data import SequenceBatcher
from statefulrnn.training import trainer

RNG = np.random.default_rng(0)


def _model(seed: int = 0) -> Sequential:
    torch.manual_seed(seed)
    lstm = LSTM(5, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3))
    model = Sequential([lstm, Dense(1)])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="mse")
    return model


def _series(steps: int) -> tuple[np.ndarray, np.ndarray]:
    x = RNG.normal(size=(2, steps, 3)).astype(np.float32)
    return x, np.cumsum(x, axis=1)[..., :1] / 10


def test_fit_is_bit_for_bit_the_hand_written_loop_with_the_same_optimizer() -> None:
    fitted, looped = _model(), _model()
    x, y = _series(23)
    fitted.fit(x, y, chunk_length=5, verbose=0)
    optimizer = looped.optimizer
    looped.train()
    for t in range(0, 23, 5):  # the loop of benchmarks/bench_training.py, on our model
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(
            looped(torch.from_numpy(x[:, t : t + 5])), torch.from_numpy(y[:, t : t + 5])
        )
        loss.backward()
        optimizer.step()
    for ours, theirs in zip(fitted.parameters(), looped.parameters(), strict=True):
        torch.testing.assert_close(ours, theirs, rtol=0, atol=0)
    torch.testing.assert_close(
        list(fitted.get_states().values()), list(looped.get_states().values()), rtol=0, atol=0
    )


def test_each_chunk_is_one_call_without_flags_unless_the_data_has_them() -> None:
    model = _model()
    calls: list[dict] = []
    model.register_forward_pre_hook(lambda module, args, kwargs: calls.append(dict(kwargs)), with_kwargs=True)
    x, y = _series(12)
    model.fit(x, y, chunk_length=4, verbose=0)
    assert calls == [{}, {}, {}]  # mask=None, resets=None cost time at every level of a call
    calls.clear()
    batcher = SequenceBatcher([x[0], x[1, :7]], batch_size=2, chunk_length=4, targets=[y[0], y[1, :7]])
    model.fit(batcher, verbose=0)
    assert calls and all(set(kwargs) == {"mask", "resets"} for kwargs in calls)


def test_the_model_is_walked_per_fit_not_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    walks = []
    found = trainer.placement
    monkeypatch.setattr(trainer, "placement", lambda model: walks.append(1) or found(model))
    model = _model()
    counts = []
    for steps in (4, 40):
        walks.clear()
        model.fit(*_series(steps), chunk_length=2, verbose=0)
        counts.append(len(walks))
    assert counts[0] == counts[1]  # 2 chunks or 20: the same walks


def test_zero_grad_drops_the_gradients_or_zeroes_them_in_place() -> None:
    weight = torch.nn.Parameter(torch.ones(3))
    optimizer = optimizers.Adam([weight])
    weight.grad = torch.full((3,), 2.0)
    kept = weight.grad
    optimizer.zero_grad(set_to_none=False)
    assert weight.grad is kept and not kept.any()
    optimizer.zero_grad()
    assert weight.grad is None
