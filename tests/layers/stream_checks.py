"""One check that new layers share: a stateful model through them gives, chunk by chunk and
frame by frame in a `StreamPool`, what the whole sequence gives."""

from __future__ import annotations

import numpy as np

from statefulrnn import Sequential
from statefulrnn.streaming import StreamPool


def assert_streams_like_whole(model: Sequential, x: np.ndarray, chunk: int) -> None:
    """``model`` (stateful, batch 1) on ``x (1, T, F)``: chunks of ``chunk`` steps, then one
    pool stream fed frame by frame, each equal to the whole call."""
    whole = model.predict(x, verbose=0)
    model.reset_states()
    steps = x.shape[1]
    chunks = np.concatenate(
        [model.predict(x[:, i : i + chunk], verbose=0) for i in range(0, steps, chunk)], axis=1
    )
    np.testing.assert_allclose(chunks, whole, rtol=1e-6, atol=1e-6)
    pool = StreamPool(model, max_streams=1)
    pool.open("s")
    frames = np.stack([pool.push("s", x[0, t]) for t in range(steps)])
    np.testing.assert_allclose(frames, whole[0], rtol=1e-5, atol=1e-5)
