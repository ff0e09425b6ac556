"""Another batch size for inference, sharing weights; moving state rows between slots."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Sequential


def _trained_at_batch_8() -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            LSTM(6, stateful=True, return_sequences=True, batch_input_shape=(8, None, 3), name="lstm"),
            GRU(4, stateful=True, return_sequences=True, name="gru"),
            Dense(2, name="head"),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 20, 3)), rng.normal(size=(8, 20, 2))
    model.fit(x, y, chunk_length=5, epochs=2, verbose=0)
    return model


def test_batch_8_model_predicts_one_stream_at_batch_1_exactly() -> None:
    model = _trained_at_batch_8()
    single = model.with_batch_size(1)
    x = np.random.default_rng(1).normal(size=(8, 12, 3)).astype(np.float32)
    model.reset_states()
    batched = [model.predict(x[:, t : t + 4], verbose=0) for t in range(0, 12, 4)]
    alone = [single.predict(x[:1, t : t + 4], verbose=0) for t in range(0, 12, 4)]
    for b, a in zip(batched, alone, strict=True):
        np.testing.assert_allclose(a[0], b[0], rtol=1e-5, atol=1e-6)
    assert single.layers[0].states[0].shape == (1, 6)
    assert single.layers[0].output_shape == (1, None, 6)


def test_the_copy_shares_weights_and_is_not_compiled() -> None:
    model = _trained_at_batch_8()
    single = model.with_batch_size(1)
    assert all(a is b for a, b in zip(model.parameters(), single.parameters(), strict=True))
    with pytest.raises(RuntimeError, match="must be compiled before fit"):
        single.fit(np.zeros((1, 2, 3)), np.zeros((1, 2, 2)))
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        model.with_batch_size(0)


def test_a_state_row_moves_to_another_model_and_continues() -> None:
    model = _trained_at_batch_8()
    single = model.with_batch_size(1)
    x = np.random.default_rng(2).normal(size=(8, 6, 3)).astype(np.float32)
    model.reset_states()
    model.predict(x[:, :3], verbose=0)
    single.set_states(model.get_states(rows=[5]))  # row 5's state, into slot 0 of the other
    expected = model.predict(x[:, 3:], verbose=0)[5]
    np.testing.assert_allclose(single.predict(x[5:6, 3:], verbose=0)[0], expected, rtol=1e-5, atol=1e-6)


def test_rows_move_between_slots_of_one_model() -> None:
    model = _trained_at_batch_8()
    model.predict(np.ones((8, 3, 3)), verbose=0)
    before = model.get_states()
    model.set_states(model.get_states(rows=[1, 0]), rows=[0, 1])  # swap slots 0 and 1
    after = model.get_states()
    for name in before:
        for old, new in zip(before[name], after[name], strict=True):
            torch.testing.assert_close(new[0], old[1])
            torch.testing.assert_close(new[1], old[0])
            torch.testing.assert_close(new[2:], old[2:])
    with pytest.raises(
        ValueError, match=r"state 0 has shape \(2, 6\), but received a value of shape \(1, 6\)"
    ):
        model.set_states(model.get_states(rows=[1]), rows=[0, 1])
