"""`Dot`, Keras's: the dot product of two tensors' samples along an axis of each."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from .._epsilon import epsilon
from .base import Shape
from .merging import Masks, Merge, shapes_text


class Dot(Merge):
    r"""The dot product of each sample of two inputs along ``axes``, Keras's ``Dot``.

    With \(a\) the first input's axis and \(b\) the second's, for each sample \(n\), every
    other index \(\alpha\) of the first input and \(\beta\) of the second:

    \[
    y_{n, \alpha, \beta} = \sum_{k} \hat x_{n, \alpha, k} \, \hat z_{n, \beta, k}
    \]

    where \(k\) runs along axis \(a\) of \(x\) and axis \(b\) of \(z\), and \(\hat x = x\),
    \(\hat z = z\); with ``normalize``, \(\hat x = x / \max(\lVert x \rVert_2, \varepsilon)\)
    along its axis (\(\varepsilon = 10^{-7}\), Keras's), so that \(y\) is the cosine
    similarity. For two ``(N, K)`` inputs that is \(y_n = \sum_k x_{n,k} z_{n,k}\), ``(N, 1)``.

    Args:
        axes: one axis for both inputs, or ``(axis_of_first, axis_of_second)``; never the
            batch axis 0. Negative axes count from the end.
        normalize: if True, L2-normalise both inputs along their axis first, so the result is
            the cosine similarity (default False).
        **kwargs: `Layer`'s (``name``, ``dtype``, ...).

    Shapes:
        ``x (N, *p, K, *q)`` and ``z (N, *r, K, *s)`` -> ``(N, *p, *q, *r, *s)``: the first
        input's other axes, then the second's; ``(N, 1)`` when both are 2-D, as Keras's
        ``batch_dot``.

    Masks: none; the output has no mask (Keras's rule).

    Example:
        >>> Dot(axes=1)([torch.ones(2, 3), torch.full((2, 3), 2.0)])
        tensor([[6.],
                [6.]])
    """

    expected_inputs = 2

    def __init__(self, axes: int | Sequence[int], normalize: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2 or not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
                raise ValueError(
                    f"Dot's axes must be one integer or a pair of integers, one per input. "
                    f"Received: axes={axes}"
                )
        elif isinstance(axes, bool) or not isinstance(axes, int):
            raise TypeError(f"Dot's axes must be an integer or a pair of integers. Received: axes={axes!r}")
        self.axes = axes
        self.normalize = normalize

    def _resolved_axes(self, shapes: Sequence[Shape]) -> tuple[int, int]:
        pair = (self.axes, self.axes) if isinstance(self.axes, int) else tuple(self.axes)
        resolved = []
        for axis, shape in zip(pair, shapes):
            if len(shape) < 2 or not -len(shape) <= axis < len(shape) or axis % len(shape) == 0:
                raise ValueError(
                    f"Dot '{self.name}' needs inputs of rank 2 or more and axes other than the "
                    f"batch axis 0. Received: axes={self.axes}, input shapes {shapes_text(shapes)}"
                )
            resolved.append(axis % len(shape))
        return resolved[0], resolved[1]

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        """The first input's shape without its axis, then the second's without batch and axis.

        Raises:
            ValueError: not two inputs, a batch axis among ``axes``, or sizes that differ on
                the axes.
        """
        x_shape, y_shape = self._check_shape_list(input_shape)
        batch_size = self._check_batch_sizes([x_shape, y_shape])
        x_axis, y_axis = self._resolved_axes((x_shape, y_shape))
        sizes = {x_shape[x_axis], y_shape[y_axis]} - {None}
        if len(sizes) > 1:
            raise ValueError(
                f"Dot '{self.name}' takes the product along axis {x_axis} of the first input and "
                f"axis {y_axis} of the second, which must have one size. Received: input shapes "
                f"{shapes_text((x_shape, y_shape))}"
            )
        rest = [*x_shape[1:x_axis], *x_shape[x_axis + 1 :], *y_shape[1:y_axis], *y_shape[y_axis + 1 :]]
        return (batch_size, *(rest or [1]))

    def _merge(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        x, y = xs
        x_axis, y_axis = self._resolved_axes((x.shape, y.shape))
        if self.normalize:
            x, y = _l2_normalize(x, x_axis), _l2_normalize(y, y_axis)
        x = x.movedim(x_axis, -1)  # (N, *x_rest, K)
        y = y.movedim(y_axis, 1)  # (N, K, *y_rest)
        x_rest, y_rest = x.shape[1:-1], y.shape[2:]
        # One batched matrix product: (N, prod x_rest, K) @ (N, K, prod y_rest).
        product = torch.bmm(
            x.reshape(x.shape[0], math.prod(x_rest), x.shape[-1]),
            y.reshape(y.shape[0], y.shape[1], math.prod(y_rest)),
        )
        return product.reshape(x.shape[0], *(list(x_rest) + list(y_rest) or [1]))

    def compute_mask(self, inputs: Sequence[Any], mask: Sequence[Any] | None = None) -> None:
        """None: a dot product has no steps to mask (Keras's rule)."""
        return None


def _l2_normalize(x: torch.Tensor, axis: int) -> torch.Tensor:
    """``x / ||x||`` along ``axis``, as Keras computes it: ``x * min(rsqrt(sum x^2), 1/eps)``."""
    inverse_norm = torch.rsqrt(x.square().sum(dim=axis, keepdim=True))
    return x * torch.clamp(inverse_norm, max=1.0 / epsilon())


def dot(inputs: Sequence[Any], axes: int | Sequence[int] = -1, **kwargs: Any) -> Any:
    """``Dot(axes, **kwargs)(inputs)``, Keras's functional ``dot`` (default: the last axes).

    Example:
        >>> dot([torch.ones(1, 4, 3), torch.ones(1, 5, 3)]).shape
        torch.Size([1, 4, 5])
    """
    return Dot(axes=axes, **kwargs)(inputs)
