"""The training sizes ``forecast fit`` picks from the data when they are not given.

- ``chunk`` (truncated-BPTT length): two periods, between 16 and 96 rows; 32 without a period.
  The season itself reaches the network as inputs (`Inputs`), so the chunk need not span it.
- ``batch_size`` (parallel streams): 8; up to 64 for long series (a stream of about 256 chunks
  each), fewer for short ones, so that every stream holds at least 4 chunks; a series too short
  for that at batch 1 gets shorter chunks.
- ``units``: 16 under 1,000 training rows, 32 under 20,000, 64 above.
- ``epochs`` (the most; early stopping usually ends sooner): enough for about 1,500 updates,
  between 4 and 60.

Example:
    >>> default_sizes(train_rows=6132, period=24)
    {'chunk': 48, 'batch_size': 8, 'units': 32, 'epochs': 60}
    >>> default_sizes(train_rows=300, period=12)
    {'chunk': 24, 'batch_size': 3, 'units': 16, 'epochs': 60}
    >>> default_sizes(train_rows=700_000, period=None)
    {'chunk': 32, 'batch_size': 64, 'units': 64, 'epochs': 5}
"""

from __future__ import annotations

import math

_CHUNKS_PER_STREAM = 4
_UPDATES = 1500


def default_sizes(train_rows: int, period: int | None) -> dict[str, int]:
    """``chunk``, ``batch_size``, ``units`` and ``epochs`` for ``train_rows`` training rows of a
    series with ``period`` (None: none found)."""
    chunk = min(max(2 * period, 16), 96) if period else 32
    batch_size = min(max(train_rows // (256 * chunk), 8), 64)
    while batch_size > 1 and train_rows < batch_size * chunk * _CHUNKS_PER_STREAM:
        batch_size -= 1
    chunk = max(2, min(chunk, train_rows // _CHUNKS_PER_STREAM))
    units = 16 if train_rows < 1_000 else 32 if train_rows < 20_000 else 64
    updates = math.ceil(train_rows / (batch_size * chunk))
    epochs = min(max(math.ceil(_UPDATES / updates), 4), 60)
    return {"chunk": chunk, "batch_size": batch_size, "units": units, "epochs": epochs}


__all__ = ["default_sizes"]
