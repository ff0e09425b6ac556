"""The named windows of the signal transforms (`ops.stft`, `layers.STFTSpectrogram`), apart
from `ops` so that the layers import them while `ops` itself is being imported.

Example:
    >>> window_values("hann", 4, True, torch.float32, "example")
    tensor([0.0000, 0.5000, 1.0000, 0.5000])
"""

from __future__ import annotations

from typing import Any

import torch

# The named windows (scipy's and TensorFlow's names), as torch makes them: symmetric, or periodic
# (the symmetric window one point longer, its last point dropped).
WINDOWS = {
    "hann": torch.hann_window,
    "hamming": torch.hamming_window,
    "blackman": torch.blackman_window,
    "bartlett": torch.bartlett_window,
}


def window_values(window: Any, length: int, periodic: bool, dtype: torch.dtype, what: str) -> torch.Tensor:
    """The window of ``length`` points: a name of `WINDOWS` (computed in float64, as scipy
    computes it) or the values given; in ``dtype``.

    Raises:
        ValueError: an unknown name, or values that are not ``length`` numbers in a row.
    """
    if isinstance(window, str):
        if window not in WINDOWS:
            raise ValueError(
                f"{what}: window must be one of {', '.join(map(repr, WINDOWS))}, an array of "
                f"{length} values, or None. Received: window={window!r}"
            )
        return WINDOWS[window](length, periodic=periodic, dtype=torch.float64).to(dtype)
    values = torch.as_tensor(window.detach() if isinstance(window, torch.Tensor) else window)
    if values.ndim != 1 or values.shape[0] != length:
        raise ValueError(
            f"{what}: the shape of `window` must be equal to [{length}]. Received: window shape "
            f"{list(values.shape)}"
        )
    return values.to(dtype)


__all__ = ["WINDOWS", "window_values"]
