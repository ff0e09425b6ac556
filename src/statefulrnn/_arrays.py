"""numpy arrays into tensors of their own (a leaf module: it imports nothing of ours)."""

from __future__ import annotations

import numpy as np
import torch


def tensor_copy(array: np.ndarray) -> torch.Tensor:
    """A tensor holding a copy of ``array``'s numbers, in what `torch.from_numpy` takes: C order
    (no negative strides), writable, in the machine's byte order (it refuses another, as
    big-endian floats read from a file or a network come).

    Example:
        >>> tensor_copy(np.arange(3, dtype=">f4")[::-1])
        tensor([2., 1., 0.])
    """
    return torch.from_numpy(np.array(array, dtype=array.dtype.newbyteorder("="), order="C"))
