"""`Sequential`: a plain stack of layers, each feeding the next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from ..graph import SymbolicTensor
from ..layers.core import InputLayer
from ..state import restore_on_error
from .base import BaseModel, call_layer


class Sequential(BaseModel):
    """A stack of layers, Keras's ``Sequential`` (a list, or ``.add()`` one at a time).

    The model is built as soon as its input shape is known: from the first layer's
    ``input_shape``/``batch_input_shape``, from an ``Input(...)`` added first, or at the first
    call. Layers must have one output each (use the functional `Model` for ``return_state``).

    Shapes:
        whatever the stack maps: e.g. ``(N, T, F)`` -> ``(N, u)`` for ``[GRU(u)]``.

    Example:
        >>> from statefulrnn.layers import GRU
        >>> model = Sequential([GRU(5, input_shape=(None, 1), name="rnn")])
        >>> model.count_params()
        120
        >>> model(np.zeros((2, 9, 1))).shape
        torch.Size([2, 5])
    """

    def __init__(self, layers: Sequence[Any] | None = None, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self._layers = nn.ModuleList()
        self._input_shape: tuple[int | None, ...] | None = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list[nn.Module]:
        """The layers in order (an ``Input`` is not listed, as in Keras)."""
        return list(self._layers)

    def add(self, layer: Any) -> None:
        """Append ``layer`` (or, first, an ``Input(...)`` fixing the input shape).

        Raises:
            TypeError: not a layer.
            ValueError: a layer with several outputs, or an Input after the first layer.
        """
        if isinstance(layer, SymbolicTensor) and isinstance(layer.node.layer, InputLayer):
            if self._layers:
                raise ValueError("An Input(...) can only be the first entry of a Sequential model.")
            self._input_shape = layer.shape
            return
        if not isinstance(layer, nn.Module):
            raise TypeError(f"Sequential.add takes a layer (an nn.Module). Received: {type(layer).__name__}")
        if getattr(layer, "return_state", False) or getattr(layer, "merge_mode", "concat") is None:
            raise ValueError(
                f"Layer '{getattr(layer, 'name', '?')}' returns several tensors, but every layer "
                f"of a Sequential model must return one. Use the functional Model(inputs, outputs)."
            )
        if not self._layers and self._input_shape is None:
            declared = getattr(layer, "batch_input_shape", None)
            self._input_shape = declared or (layer.input_shape if getattr(layer, "built", False) else None)
        self._layers.append(layer)
        if self._input_shape is not None:
            self._build_layers(self._input_shape)

    def _build_layers(self, input_shape: tuple[int | None, ...]) -> None:
        shape = input_shape
        for layer in self._layers:
            if hasattr(layer, "build"):
                layer.build(shape)
                shape = layer.output_shape
        self.input_shape, self.output_shape, self.built = input_shape, shape, True

    def _build(self, input_shape: Any) -> None:
        self._input_shape = input_shape
        self._build_layers(input_shape)

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = input_shape
        for layer in self._layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def forward(
        self, inputs: Any, training: bool | None = None, mask: Any = None, resets: Any = None
    ) -> torch.Tensor:
        """Run the stack; ``mask`` and ``resets`` (bool ``(N, T)``, see `RNN`) go to every layer
        that takes them."""
        if not self._layers:
            raise ValueError(f"Sequential '{self.name}' has no layers yet; add some with .add(layer).")
        x = inputs
        with restore_on_error():
            for layer in self._layers:
                x = call_layer(layer, (x,), {}, training=training, mask=mask, resets=resets)
        if not self.built:
            self.input_shape, self.output_shape, self.built = None, None, True
        return x
