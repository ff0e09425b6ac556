"""Keras's masks between a model and its training loop: joining a given ``mask=`` with the mask
the layers made, and reading the mask a model's latest call left on its outputs.

A leaf module, so that both `models.base` (which runs the layers) and `training.trainer` (which
weighs the loss by the outputs' mask) import it without importing each other.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ._checks import as_mask


def combine_masks(first: Any, second: torch.Tensor | None) -> Any:
    """``first & second``; either alone when the other is None.

    Raises:
        ValueError: the two masks have different shapes.
    """
    if first is None or second is None:
        return second if first is None else first
    first = as_mask(first)
    if first.shape != second.shape:
        raise ValueError(
            f"The mask= given has shape {tuple(first.shape)}, but the mask the layers made (an "
            f"Embedding with mask_zero=True, or Masking) has shape {tuple(second.shape)}; both "
            f"mark (batch, time) steps and must agree."
        )
    return second & first.to(device=second.device, dtype=torch.bool)


def output_mask(model: nn.Module) -> Any:
    """The mask of ``model``'s outputs in its latest call: made by an `Embedding` with
    ``mask_zero``, a `Masking` layer or a ``mask=`` given to the call, and passed on to the
    outputs as Keras does (a recurrent layer with ``return_sequences`` keeps it). None when
    the outputs carry none; a list, one per output, for several outputs.

    Keras weights the training loss by it, so that padded steps count for nothing.

    Example:
        >>> from statefulrnn import GRU, Sequential
        >>> from statefulrnn.layers import Embedding
        >>> model = Sequential([Embedding(10, 3, mask_zero=True), GRU(2, return_sequences=True)])
        >>> _ = model(np.array([[4, 2, 0]]))
        >>> output_mask(model)
        tensor([[ True,  True, False]])
    """
    return model.__dict__.get("_output_mask")
