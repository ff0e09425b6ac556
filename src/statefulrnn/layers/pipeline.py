"""Keras 3's ``Pipeline``: layers applied one after another, as one layer (not a model): a
preprocessing or augmentation chain, or a small block (``Dense``, ``LayerNormalization``,
an activation) that a model holds as one of its layers.

Example:
    >>> from statefulrnn.layers import Dense, LayerNormalization
    >>> block = Pipeline([Dense(4), LayerNormalization()])
    >>> block(torch.ones(2, 3)).shape, len(block.layers), len(block.weights)
    (torch.Size([2, 4]), 2, 4)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from torch import nn

from .._tree_mark import LayerModules
from . import _config
from .base import Layer


class Pipeline(Layer):
    r"""``layers`` \(f_1, \dots, f_n\) applied in order, Keras 3's ``keras.layers.Pipeline``:
    \(y = f_n(\cdots f_1(x))\), their weights this layer's, in their order.

    As Keras's, ``training`` defaults to True: a Pipeline called on its own, outside ``fit``,
    ``predict`` and any call given a flag, runs its layers as in training (a data augmentation
    pipeline mapped over a dataset augments); inside a model it takes the model's flag. Each
    layer gets ``training=`` where it takes one.

    Args:
        layers: the layers, a list (or tuple) of `Layer`s or torch modules.
        name: the layer's name.

    Shapes:
        what the first layer takes -> what the last gives.

    Raises:
        TypeError: ``layers`` is not a list of layers.

    Example:
        >>> from statefulrnn.layers import Dropout
        >>> Pipeline([Dropout(0.5)])(torch.ones(1, 1000)).eq(0).any().item()  # training: drops
        True
    """

    def __init__(self, layers: Sequence[nn.Module], name: str | None = None) -> None:
        if not isinstance(layers, (list, tuple)) or not all(isinstance(layer, nn.Module) for layer in layers):
            raise TypeError(f"Pipeline takes a list of layers. Received: layers={layers!r}")
        super().__init__(name=name)
        self._pipeline_layers = LayerModules(layers)

    @property
    def layers(self) -> list[nn.Module]:
        """The layers, in the order they run."""
        return list(self._pipeline_layers)

    def forward(self, inputs: Any, training: bool = True) -> Any:
        outputs = inputs
        for layer in self._pipeline_layers:
            outputs = layer(outputs, training=training) if isinstance(layer, Layer) else layer(outputs)
        return outputs

    def _build(self, input_shape: Any) -> None:
        # Each layer for the shape the one before it gives (a model rebuilt from its config
        # holds its weights before the first call); those past a shape unknown build at it.
        shape = input_shape
        for layer in self._pipeline_layers:
            if shape is None:
                return
            if not getattr(layer, "built", True):
                layer.build(shape)
            output_shape = getattr(layer, "compute_output_shape", None)
            shape = output_shape(shape) if output_shape is not None else None

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = input_shape
        for layer in self._pipeline_layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self) -> dict[str, Any]:
        """Keras's: the layers, serialized, and the name."""
        return {"layers": [_config.serialize(layer) for layer in self._pipeline_layers], "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Pipeline:
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(
                "`Pipeline` config must contain a `layers` key mapping to a list of serialized layers. "
                f"Received config with layers={layers}."
            )
        return cls([_config.from_config_value(layer) for layer in layers], name=config.get("name"))


__all__ = ["Pipeline"]
