"""What the stream pool tests share: models to serve, and each stream's offline truth."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from statefulrnn import Dense, Sequential
from tests.layers.builders import Spec, build

FEATURES = 3


def served_model(kind: str = "gru", return_sequences: bool = True, seed: int = 0) -> nn.Module:
    """A stateful layer of ``kind`` (see tests.layers.builders) built at batch 8, with a
    Dense head: ``(N, T, F) -> (N, T, 2)``, or ``(N, 2)`` without ``return_sequences``."""
    torch.manual_seed(seed)
    recurrent = build(Spec(kind, units=5, features=FEATURES, batch=8, return_sequences=return_sequences))
    layers = list(recurrent.layers) if isinstance(recurrent, Sequential) else [recurrent]
    return Sequential([*layers, Dense(2)])


def offline(model: nn.Module, whole: np.ndarray) -> np.ndarray:
    """The outputs of ``whole (T, F)`` run alone, in one call, from a zero state."""
    single = model.with_batch_size(1)
    single.reset_states()
    with torch.no_grad():
        return single(torch.tensor(whole[None], dtype=torch.float32)).numpy()[0]


def random_chunks(rng: np.random.Generator, total: int, longest: int = 7) -> list[int]:
    """Chunk lengths 1..longest summing to ``total``."""
    lengths = []
    while total:
        lengths.append(int(min(total, rng.integers(1, longest + 1))))
        total -= lengths[-1]
    return lengths
