"""Results that used to come back silently wrong (issue #13, items 10 and 11): now exact or refused.

Item 10: a model handed a `SequenceBatcher`'s chunks passed ``resets``/``mask`` only to layers
whose forward names them; every other layer ignored them, and per-sequence outputs differed from
running each sequence alone. Each case below must now give each sequence's outputs exactly as
alone, or refuse with an error naming the layer and the flag.

Item 11: a batcher state saved for other data with the same lengths resumed silently.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn import LSTM, Bidirectional, Dense, Sequential
from statefulrnn.data import SequenceBatcher
from statefulrnn.layers import Conv1D, GlobalAveragePooling1D, StatefulBidirectionalWarning

FEATURES = 2


def _sequences(lengths: tuple[int, ...] = (5, 3, 7, 4, 6), seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(n, FEATURES)).astype(np.float32) for n in lengths]


class Smoothing(nn.Module):
    """A plain module that mixes each step with the one before: it knows nothing of resets."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x + torch.cat([x[:, :1], x[:, :-1]], dim=1)) / 2


def _bidirectional(batch: int, stateful: bool = False) -> Sequential:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        layer = Bidirectional(
            LSTM(3, return_sequences=True, stateful=stateful), batch_input_shape=(batch, None, FEATURES)
        )
    return Sequential([layer, Dense(1)])


def _stateful(batch: int, front: nn.Module) -> Sequential:
    torch.manual_seed(0)
    head = LSTM(3, stateful=True, return_sequences=True, batch_input_shape=(batch, None, 3))
    return Sequential([front, head, Dense(1)])


MODELS = {
    "Bidirectional": lambda batch: _bidirectional(batch),
    "stateful Bidirectional": lambda batch: _bidirectional(batch, stateful=True),
    "causal Conv1D": lambda batch: _stateful(
        batch, Conv1D(3, 2, padding="causal", batch_input_shape=(batch, None, FEATURES))
    ),
    "plain module": lambda batch: Sequential(
        [Smoothing(), *_stateful(batch, Dense(3, batch_input_shape=(batch, None, FEATURES))).layers]
    ),
}


def _alone(make, sequence: np.ndarray) -> np.ndarray:
    """The outputs for ``sequence`` run alone, from the start, in a model of batch size 1."""
    return make(1).predict(sequence[None], verbose=0)[0]


@pytest.mark.parametrize("make", MODELS.values(), ids=MODELS.keys())
def test_packed_sequences_give_each_sequences_own_outputs_or_a_clear_error(make) -> None:
    sequences = _sequences()
    model = make(2)
    batcher = SequenceBatcher(sequences, batch_size=2, chunk_length=4)  # sequences start mid-chunk
    try:
        outputs = model.predict(batcher, verbose=0)
    except ValueError as error:
        assert "cannot honour resets=" in str(error)
        assert type(model.layers[0]).__name__ in str(error)  # the layer that cannot is named
        return
    for sequence, output in zip(sequences, outputs, strict=True):
        np.testing.assert_allclose(output, _alone(make, sequence), atol=1e-5)


@pytest.mark.parametrize("stateful", [False, True])
def test_a_bidirectional_honours_one_sequence_per_row_exactly_every_time(stateful: bool) -> None:
    sequences = _sequences()
    model = _bidirectional(len(sequences), stateful)
    batcher = SequenceBatcher(sequences, batch_size=len(sequences), chunk_length=8)  # each alone, padded
    for _ in range(2):  # the second pass must not start from the first's states
        for sequence, output in zip(sequences, model.predict(batcher, verbose=0), strict=True):
            np.testing.assert_allclose(
                output, _alone(lambda b: _bidirectional(b, stateful), sequence), atol=1e-5
            )


def test_a_bidirectional_called_directly_passes_resets_that_ask_nothing_and_refuses_the_rest() -> None:
    layer = _bidirectional(2, stateful=True).layers[0]
    x = torch.randn(2, 4, FEATURES)
    none = torch.zeros(2, 4, dtype=torch.bool)
    with torch.no_grad():
        plain = layer(x)
        layer.reset_states()
        assert torch.equal(layer(x, resets=none), plain)  # all False: nothing to honour
        states = [s.clone() for s in layer.states]
        later = none.clone()
        later[1, 2] = True
        with pytest.raises(ValueError, match="a new sequence starts at step 2 of row 1"):
            layer(x, resets=later)
        assert all(torch.equal(a, b) for a, b in zip(states, layer.states, strict=True))
        first = none.clone()
        first[:, 0] = True
        layer(x)  # carried states that a reset at step 0 must drop, in both halves
        assert torch.equal(layer(x, resets=first), plain)


def test_fit_refusing_a_chunk_changes_no_weight_and_no_state() -> None:
    model = _bidirectional(2, stateful=True)
    model.compile("sgd", "mse")
    model.predict(np.ones((2, 3, FEATURES), np.float32), verbose=0)  # some state to keep
    weights, states = model.get_weights(), [s.clone() for s in model.layers[0].states]
    sequences = _sequences()
    batcher = SequenceBatcher(sequences, 2, 4, targets=[s[:, :1] for s in sequences])
    with pytest.raises(ValueError, match=r"Bidirectional '.*' cannot honour resets= after a chunk's first"):
        model.fit(batcher, verbose=0)
    for before, after in zip(weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)
    for before, after in zip(states, model.layers[0].states, strict=True):
        assert torch.equal(before, after)


def test_padding_a_time_mixing_layer_would_read_is_refused() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            LSTM(3, return_sequences=True, stateful=True, batch_input_shape=(2, None, FEATURES)),
            GlobalAveragePooling1D(),  # takes mask: honours it
            Dense(1),
        ]
    )
    x, mask = torch.ones(2, 4, FEATURES), torch.tensor([[True, True, True, False]] * 2)
    model.reset_states()
    masked = model(x, mask=mask)
    model.reset_states()
    np.testing.assert_allclose(masked.detach(), model(x[:, :3]).detach(), atol=1e-6)
    smoothing = Sequential([Smoothing(), Dense(1)])
    with pytest.raises(
        ValueError, match=r"Module Smoothing cannot honour mask=: padding .* at step 3 of row 0"
    ):
        smoothing(x, mask=mask)


def test_a_batcher_state_saved_for_other_data_of_the_same_lengths_is_refused() -> None:
    saved = SequenceBatcher(_sequences(seed=0), batch_size=2, chunk_length=4)
    next(iter(saved))
    other = SequenceBatcher(_sequences(seed=1), batch_size=2, chunk_length=4)  # same lengths, other values
    with pytest.raises(ValueError, match="over other data"):
        other.load_state_dict(saved.state_dict())
    assert other.state_dict()["chunk"] == 0
