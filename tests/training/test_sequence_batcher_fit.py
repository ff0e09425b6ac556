"""fit, evaluate and predict take a SequenceBatcher and honour its resets and masks."""

from __future__ import annotations

import numpy as np
import torch

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.data import SequenceBatcher


def _model(batch: int) -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            GRU(5, stateful=True, return_sequences=True, batch_input_shape=(batch, None, 2), name="gru"),
            Dense(1, name="head"),
        ]
    )
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model


def _ragged(seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(int(n), 2)).astype(np.float32) for n in rng.integers(3, 30, size=9)]


def test_predict_over_a_batcher_equals_each_sequence_alone() -> None:
    sequences = _ragged()
    model = _model(batch=3)
    predictions = model.predict(SequenceBatcher(sequences, batch_size=3, chunk_length=4), verbose=0)
    single = model.with_batch_size(1)
    assert len(predictions) == len(sequences)
    for sequence, predicted in zip(sequences, predictions, strict=True):
        single.reset_states()
        np.testing.assert_allclose(
            predicted, single.predict(sequence[None], verbose=0)[0], rtol=1e-5, atol=1e-6
        )


def test_fit_over_a_batcher_learns_and_skips_padding() -> None:
    sequences = _ragged()
    targets = [np.cumsum(s[:, :1], axis=0) / 5 for s in sequences]
    batcher = SequenceBatcher(sequences, batch_size=3, chunk_length=5, targets=targets)
    model = _model(batch=3)
    history = model.fit(batcher, epochs=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    # The epoch's loss is the mean over real steps only: evaluate agrees with a hand computation.
    loss, mae = model.evaluate(batcher, verbose=0)
    total, count = 0.0, 0
    predictions = model.predict(batcher, verbose=0)
    for predicted, target in zip(predictions, targets, strict=True):
        total += float(((predicted - target) ** 2).sum())
        count += target.size
    assert abs(loss - total / count) < 1e-5
    assert mae > 0


def test_training_resumes_mid_epoch_exactly() -> None:
    """Stop after 5 chunks, carry weights, optimizer, states and batcher position to a fresh
    model and batcher: the rest of training gives the uninterrupted run's weights."""
    from statefulrnn import callbacks

    sequences = _ragged()
    targets = [np.cumsum(s[:, :1], axis=0) / 5 for s in sequences]

    def batcher() -> SequenceBatcher:
        return SequenceBatcher(sequences, batch_size=3, chunk_length=4, targets=targets, shuffle=True, seed=3)

    straight = _model(batch=3)
    straight.fit(batcher(), epochs=2, verbose=0)

    first, first_batches = _model(batch=3), batcher()
    stop = callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: setattr(first, "stop_training", batch == 4)
    )
    first.fit(first_batches, epochs=1, verbose=0, callbacks=[stop])
    second, second_batches = _model(batch=3), batcher()
    second.set_weights(first.get_weights())
    second.optimizer.load_state_dict(first.optimizer.state_dict())
    second.set_states(first.get_states())
    second_batches.load_state_dict(first_batches.state_dict())
    second.fit(second_batches, epochs=1, verbose=0)  # the rest of epoch 0
    second.fit(second_batches, epochs=1, verbose=0)  # epoch 1
    for resumed, uninterrupted in zip(second.get_weights(), straight.get_weights(), strict=True):
        np.testing.assert_allclose(resumed, uninterrupted, rtol=1e-6, atol=1e-7)


def test_a_batcher_serves_as_validation_data() -> None:
    sequences = _ragged()
    targets = [np.cumsum(s[:, :1], axis=0) / 5 for s in sequences]
    train = SequenceBatcher(sequences[:6], batch_size=3, chunk_length=5, targets=targets[:6])
    held_out = SequenceBatcher(sequences[6:], batch_size=3, chunk_length=5, targets=targets[6:])
    model = _model(batch=3)
    history = model.fit(train, validation_data=held_out, epochs=2, verbose=0)
    assert len(history.history["val_loss"]) == 2
    assert history.history["val_loss"][-1] == model.evaluate(held_out, verbose=0, return_dict=True)["loss"]
