"""`Masking`: mark the time steps whose features all equal a padding value, Keras's ``Masking``;
and `makes_masks`, which tells the layers that start a mask."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from .. import ops
from ..graph import SymbolicTensor
from .base import Layer
from .embedding import Embedding


class Masking(Layer):
    r"""Skip padded steps: a step whose features all equal ``mask_value`` is masked, Keras's
    ``Masking``.

    With \(v\) the ``mask_value``:

    \[
    m_{n,t} = \bigvee_{f} \left(x_{n,t,f} \ne v\right), \qquad
    y_{n,t,f} = \begin{cases} x_{n,t,f} & m_{n,t} \\ 0 & \text{otherwise} \end{cases}
    \]

    The mask \(m\) goes to the layers after it (a recurrent layer leaves its state alone at
    masked steps, and its output repeats its last real output) and weights the training loss,
    as in Keras.

    Args:
        mask_value: the padding value \(v\) (default 0.0).

    Shapes:
        ``(N, T, F)`` -> ``(N, T, F)``; mask ``(N, T)``.

    Example:
        >>> x = torch.tensor([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]])
        >>> Masking(mask_value=0.0).compute_mask(x)
        tensor([[ True, False,  True]])
    """

    supports_masking = True
    may_start_masks = True  # a mask where its input had none (see Layer.__call__)

    def __init__(self, mask_value: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def compute_mask(self, inputs: Any, mask: Any = None) -> torch.Tensor:
        """The steps with some feature other than ``mask_value`` (the incoming mask is not kept,
        as in Keras)."""
        if isinstance(inputs, SymbolicTensor):  # Keras 3's own ops: nodes of the graph
            return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)
        return self.real_steps(self._as_input(inputs))

    def real_steps(self, x: Any) -> Any:
        r"""The mask \(m\) of ``x (N, T, F)``, a tensor or a numpy array (a stream pool's), as
        ``(N, T)`` booleans of the same kind."""
        return (x != self.mask_value).any(-1)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        return torch.where(self.real_steps(x)[..., None], x, 0.0)


def makes_masks(module: nn.Module) -> bool:
    """Whether ``module`` starts a mask from its inputs: a `Masking` layer, or an `Embedding`
    with ``mask_zero``."""
    return isinstance(module, Masking) or (isinstance(module, Embedding) and module.mask_zero)
