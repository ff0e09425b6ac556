"""`Activation`, Keras's: an activation function as a layer."""

from __future__ import annotations

from typing import Any

import torch

from .. import activations
from .base import Layer


class ElementwiseLayer(Layer):
    """What the activation layers share (`Activation` and those of `advanced_activation`): the
    input as a tensor of the layer's dtype, the layer built on the first call; a mask passes
    through (``supports_masking``, as Keras)."""

    supports_masking = True

    def _built_input(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]) if x.ndim else ())
        return x


class Activation(ElementwiseLayer):
    r"""An activation function as a layer, Keras's ``Activation``.

    \[
    y = \phi(x)
    \]

    elementwise for every activation but ``"softmax"``, which normalises over the last
    axis: \(\mathrm{softmax}(x)_j = e^{x_j} / \sum_k e^{x_k}\).

    Args:
        activation: \(\phi\): a Keras name (``"relu"``, ``"tanh"``, ...; see
            `statefulrnn.activations`), any callable tensor -> tensor, or None (the identity).

    Shapes:
        any shape -> the same shape. A mask passes through (``supports_masking``, as Keras).

    Example:
        >>> Activation("relu")(torch.tensor([[-3.0, -1.0, 0.0, 2.0]]))
        tensor([[0., 0., 0., 2.]])
    """

    def __init__(self, activation: str | activations.Activation | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def forward(self, inputs: Any) -> torch.Tensor:
        return activations.fast(self.activation)(self._built_input(inputs))
