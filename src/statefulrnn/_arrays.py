"""numpy arrays into tensors of their own, and back as TensorFlow's eager results (a leaf module:
it imports nothing of ours)."""

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


class EagerArray(np.ndarray):
    """A numpy array with TensorFlow's eager tensor's ``.numpy()``: what Keras's loss and metric
    functions give a program that hands them arrays (`statefulrnn.losses`), so that both
    ``np.mean(keras.losses.mean_squared_error(y, y_pred))`` and ``....numpy()`` work, as on
    TensorFlow (numpy's reductions call a torch tensor's own ``mean(axis=...)``, which takes no
    ``axis``).

    Example:
        >>> values = np.array([0.5, 1.5]).view(EagerArray)
        >>> float(np.mean(values)), values.numpy()
        (1.0, array([0.5, 1.5]))
    """

    def numpy(self) -> np.ndarray:
        return self.view(np.ndarray)
