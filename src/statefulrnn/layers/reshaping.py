"""Reshaping layers, Keras's: `RepeatVector`, `Flatten`, `Reshape` and `Permute`.

None of them passes a mask on (``supports_masking`` False, as in Keras): their outputs no
longer have the input's steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral
from typing import Any

import numpy as np
import torch

from ..backend import image_data_format
from .base import Layer, Shape, format_shape


def _is_int(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


class _Reshaping(Layer):
    """What the three share: build on the first call, from the input's shape."""

    supports_masking = False

    def _input(self, inputs: Any) -> tuple[torch.Tensor, Shape]:
        """``inputs`` as a tensor, and the shape of the output it makes."""
        x = self._as_input(inputs)
        if x.ndim == 0:
            raise ValueError(
                f"{self._describe()} expects inputs with a batch axis (rank 1 or more). Received: a scalar"
            )
        output_shape = self.compute_output_shape(tuple(x.shape))  # refuses a wrong shape
        if not self.built:
            self.build((None, *x.shape[1:]))
        return x, output_shape


class RepeatVector(_Reshaping):
    r"""Repeat each sample ``n`` times along a new time axis, Keras's ``RepeatVector``: the
    bridge from an encoder's last output to a decoder's input sequence.

    \[
    y_{i,t,f} = x_{i,f}, \qquad t = 0, \dots, n - 1
    \]

    Args:
        n: the number of repetitions (steps of the output); no default, as in Keras.

    Shapes:
        ``(N, F)`` -> ``(N, n, F)``.

    Example:
        >>> RepeatVector(3)(torch.tensor([[1.0, 2.0]]))
        tensor([[[1., 2.],
                 [1., 2.],
                 [1., 2.]]])
    """

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not _is_int(n):
            raise TypeError(f"Expected an integer value for `n` of RepeatVector. Received: n={n!r}")
        if n <= 0:
            raise ValueError(f"Argument `n` of RepeatVector should be a positive integer. Received: n={n}")
        self.n = int(n)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """``(N, F)`` -> ``(N, n, F)``.

        Raises:
            ValueError: an input of another rank than 2.
        """
        if len(input_shape) != 2:
            raise ValueError(
                f"RepeatVector '{self.name}' expects inputs of rank 2, (N, F): expected ndim=2, "
                f"found ndim={len(input_shape)}. Received: input shape {format_shape(input_shape)}"
            )
        return (input_shape[0], self.n, input_shape[1])

    def forward(self, inputs: Any) -> torch.Tensor:
        x, _ = self._input(inputs)
        return x.unsqueeze(1).repeat(1, self.n, 1)  # (N, F) -> (N, 1, F) -> (N, n, F)


class Flatten(_Reshaping):
    r"""Each sample as one vector, Keras's ``Flatten``; the batch axis stays.

    In row-major (C) order, the last axis varying fastest:

    \[
    y_{i,\; j_1 d_2 \cdots d_k + \dots + j_{k-1} d_k + j_k} = x_{i, j_1, \dots, j_k}
    \]

    Args:
        data_format: ``"channels_last"`` or ``"channels_first"``, which moves axis 1 last
            before flattening; ``None`` (default) means `backend.image_data_format`, as in Keras.

    Shapes:
        ``(N, d1, ..., dk)`` -> ``(N, d1 * ... * dk)``; ``(N,)`` -> ``(N, 1)``.

    Example:
        >>> Flatten()(torch.zeros(2, 3, 4)).shape
        torch.Size([2, 12])
        >>> Flatten()(torch.tensor([[[1.0, 2.0], [3.0, 4.0]]]))
        tensor([[1., 2., 3., 4.]])
        >>> Flatten(data_format="channels_first")(torch.tensor([[[1.0, 2.0], [3.0, 4.0]]]))
        tensor([[1., 3., 2., 4.]])
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        data_format = image_data_format() if data_format is None else data_format
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"The `data_format` argument must be one of 'channels_first' or 'channels_last'. "
                f"Received: data_format={data_format!r}"
            )
        self.data_format = data_format

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """``(N, d1, ..., dk)`` -> ``(N, d1 * ... * dk)``, None when any ``d`` is unknown."""
        sizes = input_shape[1:]
        return (input_shape[0], None if None in sizes else math.prod(sizes))

    def forward(self, inputs: Any) -> torch.Tensor:
        x, output_shape = self._input(inputs)
        if self.data_format == "channels_first" and x.ndim > 1:
            x = x.movedim(1, -1)  # (N, C, d1, ...) -> (N, d1, ..., C)
        return x.reshape(output_shape)


class Reshape(_Reshaping):
    r"""Each sample reshaped to ``target_shape``, Keras's ``Reshape``.

    With \(\operatorname{vec}\) the row-major (C order) flattening, as ``torch.reshape`` and
    Keras read and write the entries:

    \[
    \operatorname{vec}(y_i) = \operatorname{vec}(x_i), \qquad \operatorname{shape}(y_i) =
    \texttt{target\_shape}
    \]

    Args:
        target_shape: the shape of one sample (without the batch axis; no default); one entry
            may be -1, to be inferred from the input's size.

    Shapes:
        ``(N, ...)`` -> ``(N, *target_shape)``.

    Example:
        >>> Reshape((-1, 2))(torch.zeros(3, 4, 2)).shape
        torch.Size([3, 4, 2])
        >>> Reshape((3, 2))(torch.arange(6.0).reshape(1, 2, 3))
        tensor([[[0., 1.],
                 [2., 3.],
                 [4., 5.]]])
    """

    def __init__(self, target_shape: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        dims = tuple(target_shape) if isinstance(target_shape, (Sequence, np.ndarray)) else None
        if dims is None or isinstance(target_shape, str) or not all(_is_int(d) for d in dims):
            raise TypeError(
                f"target_shape must be a tuple of integers, such as (8, -1). "
                f"Received: target_shape={target_shape!r}"
            )
        target_shape = tuple(int(d) for d in dims)
        if any(d < -1 for d in target_shape):
            raise ValueError(
                f"Each dimension in `target_shape` must be a non-negative integer, or `-1` for a "
                f"single unknown dimension. Received: target_shape={target_shape}."
            )
        if target_shape.count(-1) > 1:
            raise ValueError(
                f"There must be at most one unknown dimension (-1) in `target_shape`. "
                f"Received: target_shape={target_shape}."
            )
        self.target_shape = target_shape

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """``(N, *target_shape)``, the -1 resolved when the input's sizes are known.

        Raises:
            ValueError: an input whose size does not fit ``target_shape``.
        """
        sizes, target = tuple(input_shape[1:]), self.target_shape
        if None in sizes:
            return (input_shape[0], *(None if d == -1 else d for d in target))
        size, known = math.prod(sizes), math.prod(d for d in target if d != -1)
        if -1 not in target and size == known:
            return (input_shape[0], *target)
        if -1 in target and known != 0 and size % known == 0:
            return (input_shape[0], *(size // known if d == -1 else d for d in target))
        raise ValueError(
            f"Reshape '{self.name}' cannot reshape samples of {size} values to target_shape="
            f"{target}: the total size of the tensor must be unchanged. Received: input shape "
            f"{format_shape(input_shape)}"
        )

    def forward(self, inputs: Any) -> torch.Tensor:
        x, output_shape = self._input(inputs)
        return x.reshape(output_shape)


class Permute(_Reshaping):
    r"""Reorder the axes of each sample, Keras's ``Permute``: output axis \(i\) is input axis
    ``dims[i - 1]`` (axes counted from 1, the batch axis staying first):
    \(y_{n, j_{d_1}, \dots, j_{d_k}} = x_{n, j_1, \dots, j_k}\).

    Args:
        dims: a permutation of ``1..k`` (``(2, 1)`` swaps the time and feature axes).

    Shapes:
        ``(N, d_1, ..., d_k)`` -> ``(N, d_{dims[0]}, ..., d_{dims[k-1]})``.

    Example:
        >>> Permute((2, 1))(torch.zeros(4, 10, 3)).shape
        torch.Size([4, 3, 10])
    """

    def __init__(self, dims: Sequence[int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        dims = tuple(dims) if isinstance(dims, (Sequence, np.ndarray)) and not isinstance(dims, str) else None
        if dims is None or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                f"Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` "
                f"must be consecutive and start from 1. Received dims={dims}"
            )
        self.dims = tuple(int(d) for d in dims)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        """Raises: ValueError: an input whose rank is not ``len(dims) + 1``."""
        if len(input_shape) != len(self.dims) + 1:
            raise ValueError(
                f"Permute '{self.name}' expects inputs of rank {len(self.dims) + 1}. Received: input "
                f"shape {format_shape(input_shape)}"
            )
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def forward(self, inputs: Any) -> torch.Tensor:
        x, _ = self._input(inputs)
        return x.permute(0, *self.dims)
