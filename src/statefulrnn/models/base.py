"""What `Sequential` and the functional `Model` share: layer lookup, summary, states."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from .. import state
from ..layers.base import Layer
from .summary import summary_lines


@functools.cache
def _accepts_training(module_type: type) -> bool:
    return "training" in inspect.signature(module_type.forward).parameters


def call_layer(layer: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], training: bool | None) -> Any:
    """Call ``layer``, passing ``training`` only to layers whose forward takes it."""
    if training is not None and _accepts_training(type(layer)):
        kwargs = {**kwargs, "training": training}
    return layer(*args, **kwargs)


class BaseModel(Layer):
    """A layer made of layers. Subclasses define ``layers`` and ``forward``."""

    @property
    def layers(self) -> list[nn.Module]:
        raise NotImplementedError

    def get_layer(self, name: str | None = None, index: int | None = None) -> nn.Module:
        """The layer called ``name`` (or at position ``index`` of ``layers``).

        Raises:
            ValueError: no such layer (the message lists the names there are).
        """
        layers = self.layers
        if (name is None) == (index is None):
            raise ValueError(
                f"get_layer needs exactly one of name= or index=. Received: name={name!r}, index={index!r}"
            )
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"Model '{self.name}' has {len(layers)} layers; index {index} is out of range."
                )
            return layers[index]
        for layer in layers:
            if getattr(layer, "name", None) == name:
                return layer
        names = [getattr(layer, "name", type(layer).__name__) for layer in layers]
        raise ValueError(f"Model '{self.name}' has no layer named {name!r}. Its layers: {names}")

    def summary(self, print_fn: Callable[[str], Any] | None = None) -> None:
        """Print a Keras-style table: layer name and type, output shape, parameter count."""
        self._require_built("summary")
        for line in summary_lines(self):
            (print_fn or print)(line)

    # ----- states of all layers ---------------------------------------------------------

    def reset_states(self, mask: Any = None) -> None:
        """Zero the states of every stateful layer, or only the batch rows ``mask`` selects.

        Args:
            mask: a boolean ``(N,)`` array or a list of row indices; None resets all rows.
        """
        state.reset_states(self, mask)

    def reset_state(self, mask: Any = None) -> None:
        """Keras 3 spelling of `reset_states`."""
        self.reset_states(mask)

    def get_states(self) -> dict[str, list[torch.Tensor]]:
        """Copies of every stateful layer's states, ``{layer path: [tensors]}``.

        Example:
            >>> from statefulrnn.layers import GRU
            >>> from statefulrnn.models import Sequential
            >>> model = Sequential([GRU(5, stateful=True, batch_input_shape=(2, None, 1), name="g")])
            >>> snapshot = model.get_states()
            >>> _ = model(torch.ones(2, 3, 1))
            >>> model.set_states(snapshot)  # back to before the call
            >>> float(model.get_states()["g"][0].abs().sum())
            0.0
        """
        return state.get_states(self)

    def set_states(self, states: dict[str, Any]) -> None:
        """Set states as `get_states` returns them; all are checked before any is set."""
        state.set_states(self, states)
