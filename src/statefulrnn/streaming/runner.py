"""Run a model on a batch of streams' chunks, from and to states held outside the model.

The pool keeps every stream's state in its slot table; the model's own state stores only hold
the rows of the streams stepped in the current call. `ModelRunner` owns a private copy of the
model (sharing its parameters, so weights loaded or trained later are used), loads the gathered
rows into the copy's stores at whatever batch size the call has, runs the model, and hands the
new rows back.

A `Sequential` of recurrent layers and stateless layers (Dense, Dropout, ...) takes a shorter
road: each recurrent layer's chunk runner is called directly on the gathered states, skipping
the module calls, input checks and state commits of a model call (the pool has checked the
frames already). On a small batch those cost more than the arithmetic (~40 us a call against
~20 us for a 64-unit GRU step), so the road is what lets a pool come close to the same cell run
batched on a contiguous state tensor. Both roads run the same kernels, so they agree exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from .. import activations
from ..layers.base import Layer
from ..layers.bidirectional import Bidirectional
from ..layers.core import Dense, Dropout
from ..layers.fused import compiled_kernel, switch_settings
from ..layers.recurrent import RNN
from ..layers.segments import run_in_segments
from ..models import BaseModel, Sequential
from ..state import named_state_stores
from .slots import LayerStates


class ModelRunner:
    """Steps ``model`` for any number of streams at once.

    Args:
        model: a statefulrnn model (or one layer) with one input ``(N, T, F)`` whose recurrent layers
            are stateful and read forwards: the only models whose chunk-by-chunk outputs equal
            their whole-sequence outputs.

    Raises:
        ValueError: a recurrent layer that is not stateful, runs backwards, or is bidirectional;
            no stateful layer at all; an unbuilt model or one with several inputs.
    """

    def __init__(self, model: nn.Module) -> None:
        check_streamable(model)
        self.frame_size = _frame_size(model)
        if not isinstance(model, BaseModel):  # a bare layer: a model of one layer
            model = Sequential([model])
        self.model = model.with_batch_size(1).eval()
        self.stores = dict(named_state_stores(self.model))
        first = next(iter(self.stores.values())).values[0]
        self.dtype, self.device = first.dtype, first.device
        self.state_sizes = {path: store.sizes for path, store in self.stores.items()}
        self._direct = _direct_layers(self.model, self.stores)
        # Each recurrent layer's chunk runner, made once per kernel setting (see switch_settings).
        self._runs: list[Any] = []
        self._runs_made_under: tuple[bool, bool | None] | None = None

    def run(
        self, frames: torch.Tensor, mask: torch.Tensor | None, states: LayerStates
    ) -> tuple[torch.Tensor | list[torch.Tensor], LayerStates]:
        """One model call on ``frames (k, T, F)``, starting from ``states`` (``(k, size)`` rows).

        ``mask (k, T)`` marks real steps (False: padding after a short chunk ends; the row's
        state stays as it was). Returns the model's outputs and the new states.
        """
        if self._direct is not None:
            return self._run_direct(frames, mask, states)
        rows = frames.shape[0]
        for path, store in self.stores.items():
            store.batch_size = rows  # the stores take any batch; this copy is private
            store.write(states[path])
        with torch.no_grad():
            outputs = self.model(frames, mask=mask)
        return outputs, {path: store.values for path, store in self.stores.items()}

    def _run_direct(
        self, x: torch.Tensor, mask: torch.Tensor | None, states: LayerStates
    ) -> tuple[torch.Tensor, LayerStates]:
        new_states = {}
        with torch.no_grad():
            if self._runs_made_under != switch_settings():
                self._runs = [
                    None if path is None else layer._chunk_runner(False, None) for layer, path in self._direct
                ]
                self._runs_made_under = switch_settings()
            for (layer, path), run in zip(self._direct, self._runs):
                if path is None:
                    x = layer.forward(x)
                    continue
                if mask is None:
                    outputs, last, new_states[path] = run(x, states[path])
                else:
                    outputs, last, new_states[path] = run_in_segments(
                        run, x, states[path], mask, None, layer.return_sequences
                    )
                x = outputs if layer.return_sequences else last
        return x, new_states

    def run_arrays(
        self, frames: np.ndarray, states: dict[str, tuple[np.ndarray, ...]]
    ) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, ...]]] | None:
        """The direct road on numpy arrays, with the compiled kernels and no tensor in between
        (a third of a one-frame step); None when a layer cannot take it now (the rules of
        `compiled_kernel`, or a layer other than a recurrent one, Dense or Dropout): the caller
        then takes `run`."""
        if self._direct is None:
            return None
        x, new_states = frames, {}
        for layer, path in self._direct:
            if path is not None:
                chosen = compiled_kernel(layer.cell, x.shape[0], x.shape[1])
                if chosen is None:
                    return None
                kernel, weights = chosen
                outputs, *final = kernel(x, *states[path], weights)
                new_states[path] = tuple(final)
                x = outputs if layer.return_sequences else np.ascontiguousarray(outputs[:, -1])
            elif isinstance(layer, Dense):
                x = _dense(layer, x)
            else:
                return None
        return x, new_states


def _direct_layers(model: nn.Module, stores: dict[str, Any]) -> list[tuple[nn.Module, str | None]] | None:
    """``(layer, state path or None)`` for a `Sequential` the direct road can run, else None.

    It can run recurrent layers that own their state store and layers that hold no state; Dropout
    is left out (inference). Anything else (nested models, user modules with states) takes the
    model call.
    """
    if not isinstance(model, Sequential):
        return None
    path_of = {id(store): path for path, store in stores.items()}
    plan: list[tuple[nn.Module, str | None]] = []
    for layer in model.layers:
        if isinstance(layer, Dropout):
            continue
        if isinstance(layer, RNN) and id(layer.state_store) in path_of and not layer.return_state:
            plan.append((layer, path_of[id(layer.state_store)]))
        elif isinstance(layer, Layer) and not any(True for _ in named_state_stores(layer)):
            plan.append((layer, None))
        else:
            return None
    return plan


def _dense(layer: Dense, x: np.ndarray) -> np.ndarray:
    """``Dense`` on an array: the matrix product in numpy, the activation (if any) by the layer's
    own function on a zero-copy tensor, so both roads share one definition of each."""
    y = x @ layer.kernel.detach().numpy()
    if layer.use_bias:
        y += layer.bias.detach().numpy()
    if layer.activation is not activations.linear:
        y = layer.activation(torch.from_numpy(y)).numpy()
    return y


def check_streamable(model: nn.Module) -> None:
    """Refuse models whose chunked outputs would differ from their whole-sequence outputs.

    Raises:
        ValueError: naming the first offending layer and what to change.
    """
    for module in model.modules():
        name = getattr(module, "name", type(module).__name__)
        if isinstance(module, Bidirectional):
            raise ValueError(
                f"Layer '{name}' is Bidirectional: its output at each step depends on steps that "
                f"have not arrived yet, so it cannot serve a live stream."
            )
        if isinstance(module, RNN):
            if module.go_backwards:
                raise ValueError(
                    f"Layer '{name}' reads its input backwards (go_backwards=True), so it cannot "
                    f"serve a live stream."
                )
            if not module.stateful:
                raise ValueError(
                    f"Layer '{name}' is not stateful: it would start every chunk from a zero state. "
                    f"Build the model with stateful=True recurrent layers (weights can be copied "
                    f"with set_weights)."
                )
    if not any(True for _ in named_state_stores(model)):
        raise ValueError("A StreamPool needs a model with at least one built stateful recurrent layer.")


def _frame_size(model: nn.Module) -> int:
    shape = getattr(model, "input_shape", None)
    if isinstance(shape, list) or shape is None or len(shape) != 3 or not isinstance(shape[-1], int):
        raise ValueError(
            f"A StreamPool needs a built model with one input of shape (batch, time, features). "
            f"Received a model with input shape {shape!r}."
        )
    return shape[-1]


def to_numpy(outputs: Any) -> Any:
    """Model outputs as numpy arrays (a list stays a list)."""
    if isinstance(outputs, (list, tuple)):
        return [to_numpy(item) for item in outputs]
    return outputs.detach().cpu().numpy()


__all__ = ["ModelRunner", "check_streamable", "to_numpy"]
