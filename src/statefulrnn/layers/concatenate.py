"""`Concatenate`, Keras's: a list of tensors joined along one axis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from .._checks import as_mask
from .._keras_rules import tf_keras_rules
from .base import Shape
from .merging import Masks, Merge, broadcast_mask, shapes_text


class Concatenate(Merge):
    r"""The inputs joined along ``axis``, Keras's ``Concatenate``.

    \[
    y = [\, x_0 \;\|\; x_1 \;\|\; \cdots \;\|\; x_{K-1} \,]
    \]

    along ``axis``: for the default last axis, with \(F_i\) the features of input \(i\),
    \(y_{\dots,\, F_0 + \dots + F_{i-1} + f} = (x_i)_{\dots,\, f}\).

    Args:
        axis: the axis to join along (default -1: the last, the features).
        **kwargs: `Layer`'s (``name``, ``dtype``, ...).

    Shapes:
        a list of tensors of one rank whose sizes agree except on ``axis`` -> the same
        shape with the sizes on ``axis`` summed.

    Masks: a per-step mask ``(N, T)`` is spread over the input's features and the spread
    masks (all True for an unmasked input) are joined like the inputs; a step of the output
    is real when any of its features is (Keras 3's rule), or, under tf-keras's rules, when all
    are. Joining features (``axis=-1``) gives the OR of the masks (tf-keras: the AND of those
    present, so an unmasked input joined to a masked one keeps its mask); joining steps
    (``axis=1``) joins the masks.

    Example:
        >>> Concatenate()([torch.zeros(2, 3), torch.ones(2, 4)]).shape
        torch.Size([2, 7])
        >>> Concatenate(axis=1)([torch.zeros(2, 3, 5), torch.ones(2, 4, 5)]).shape
        torch.Size([2, 7, 5])
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"Concatenate's axis must be an integer. Received: axis={axis!r}")
        self.axis = axis

    def _merge(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return torch.cat(xs, dim=self.axis)

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        """The joined shape; None on ``axis`` when any input's size there is unknown.

        Raises:
            ValueError: not a list of shapes, ``axis`` outside the inputs' rank, or sizes
                that differ on another axis.
        """
        shapes = self._check_shape_list(input_shape)
        rank = len(shapes[0])
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate '{self.name}' joins along axis={self.axis}, which inputs of rank "
                f"{rank} do not have. Received: input shapes {shapes_text(shapes)}"
            )
        axis = self.axis % rank
        mismatch = any(len(s) != rank for s in shapes) or any(
            len({s[i] for s in shapes} - {None}) > 1 for i in range(rank) if i != axis
        )
        if mismatch:
            raise ValueError(
                f"A `Concatenate` layer requires inputs with matching shapes except for the "
                f"concatenation axis (axis={self.axis}). '{self.name}' received: input shapes "
                f"{shapes_text(shapes)}"
            )
        sizes = [s[axis] for s in shapes]
        output = [next((s[i] for s in shapes if s[i] is not None), None) for i in range(rank)]
        output[axis] = None if None in sizes else sum(sizes)
        return tuple(output)

    def compute_mask(self, inputs: Sequence[Any], mask: Sequence[Any] | None = None) -> torch.Tensor | None:
        """The joined masks (see the class docstring), or None when no input has one.

        Raises:
            ValueError: ``mask`` or ``inputs`` is not a list, or they differ in length.
        """
        masks = self._check_mask_list(inputs, mask)
        if masks is None or all(m is None for m in masks):
            return None
        masks = [None if m is None else as_mask(m) for m in masks]
        device = next(m.device for m in masks if m is not None)
        spread = []
        for x, m in zip(inputs, masks):
            shape = tuple(x.shape)
            if m is None:  # an unmasked input: every step real
                spread.append(torch.ones(shape, dtype=torch.bool, device=device))
            else:
                spread.append(m if m.ndim == len(shape) else broadcast_mask(m, shape))
        joined = torch.cat(spread, dim=self.axis)
        return joined.all(dim=-1) if tf_keras_rules() else joined.any(dim=-1)


def concatenate(inputs: Sequence[Any], axis: int = -1, **kwargs: Any) -> Any:
    """``Concatenate(axis, **kwargs)(inputs)``, Keras's functional ``concatenate``, on real or
    symbolic tensors.

    Example:
        >>> from statefulrnn.layers import Input
        >>> concatenate([Input(shape=(None, 3)), Input(shape=(None, 4))]).shape
        (None, None, 7)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
