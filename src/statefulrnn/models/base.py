"""What `Sequential` and the functional `Model` share: layer lookup, summary, states."""

from __future__ import annotations

import copy
import functools
import inspect
import os
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from .. import state
from .._checks import positive_int
from ..layers.base import Layer
from ..training.data import fixed_batch_size
from ..training.trainer import Trainer, predict
from .summary import summary_lines


@functools.cache
def _accepted(module_type: type) -> frozenset[str]:
    return frozenset(inspect.signature(module_type.forward).parameters)


def call_layer(layer: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], **flags: Any) -> Any:
    """Call ``layer``, passing each of ``flags`` (``training``, ``mask``, ``resets``) that is
    not None to the layers whose forward takes it: a model hands its per-step flags to its
    recurrent layers and its training flag to dropout, and nothing to the others."""
    given = {name: value for name, value in flags.items() if value is not None}
    if given:
        accepted = _accepted(type(layer))
        kwargs = {**kwargs, **{name: value for name, value in given.items() if name in accepted}}
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

    # ----- training: a thin face over training.trainer ----------------------------------

    def compile(
        self, optimizer: Any = "rmsprop", loss: Any = None, metrics: Sequence[Any] | None = None
    ) -> None:
        """Keras's ``compile``: Keras names or objects, or any ``torch.optim.Optimizer``,
        loss callable and metric callable.

        Example:
            >>> from statefulrnn import LSTM, Dense, Sequential
            >>> model = Sequential([LSTM(4, batch_input_shape=(2, 3, 1)), Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> history = model.fit(np.zeros((4, 3, 1)), np.zeros((4, 1)), batch_size=2, verbose=0)
            >>> history.history["loss"]
            [0.0]
        """
        self._trainer = Trainer(self, optimizer, loss, metrics)
        # Kept as given: model files record the loss and metrics by name (see io.checkpoint).
        self._compile_spec = {"loss": loss, "metrics": list(metrics or [])}

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """The compiled optimizer, bound to this model's parameters."""
        return self._compiled("optimizer").optimizer

    def fit(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """Train; see `Trainer.fit` for the arguments (Keras's, plus ``state_reset`` and
        ``chunk_length``). Returns a ``History``."""
        return self._compiled("fit").fit(x, y, **kwargs)

    def evaluate(self, x: Any = None, y: Any = None, **kwargs: Any) -> Any:
        """Loss (and metrics) over ``x``, ``y``; see `Trainer.evaluate`."""
        return self._compiled("evaluate").evaluate(x, y, **kwargs)

    def predict(
        self, x: Any, batch_size: int | None = None, verbose: int | str = "auto", callbacks: Any = None
    ) -> Any:
        """Outputs over ``x`` in batches, in inference mode, as numpy arrays (as Keras)."""
        return predict(self, x, batch_size=batch_size, verbose=verbose, callbacks=callbacks)

    def train_on_batch(self, x: Any, y: Any, return_dict: bool = False) -> Any:
        """One gradient step on one batch; its loss (and metrics)."""
        return self._compiled("train_on_batch").on_batch(x, y, train=True, return_dict=return_dict)

    def test_on_batch(self, x: Any, y: Any, return_dict: bool = False) -> Any:
        """Loss (and metrics) of one batch, without training."""
        return self._compiled("test_on_batch").on_batch(x, y, train=False, return_dict=return_dict)

    def predict_on_batch(self, x: Any) -> Any:
        """The outputs for one batch, in inference mode, as numpy arrays."""
        return predict(self, x, batch_size=None if fixed_batch_size(self) else len(x), verbose=0)

    def _compiled(self, what: str) -> Trainer:
        trainer = self.__dict__.get("_trainer")
        if trainer is None:
            raise RuntimeError(
                f"Model '{self.name}' must be compiled before {what}: call "
                f"model.compile(optimizer=..., loss=...) first."
            )
        return trainer

    # ----- files: thin faces over io.checkpoint and io.weights --------------------------

    def save(
        self, path: str | os.PathLike[str], include_states: bool = False, include_optimizer: bool = False
    ) -> None:
        """Write the architecture and weights (and states, optimizer) to one safetensors file,
        which `statefulrnn.load_model` reads; see `statefulrnn.io.checkpoint.save_model`."""
        from ..io.checkpoint import save_model

        save_model(self, path, include_states=include_states, include_optimizer=include_optimizer)

    def save_weights(self, path: str | os.PathLike[str]) -> None:
        """Write the weights, in Keras order, to a safetensors file; see `statefulrnn.io.save_weights`."""
        from ..io.weights import save_weights

        save_weights(self, path)

    def load_weights(self, path: str | os.PathLike[str]) -> None:
        """Set the weights from a `save_weights` file; see `statefulrnn.io.load_weights`."""
        from ..io.weights import load_weights

        load_weights(self, path)

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

    def with_batch_size(self, batch_size: int) -> BaseModel:
        """This model at another batch size, sharing its weights: Keras's "build a second model
        and copy the weights" in one call (train at 32, serve one stream at 1).

        The copy's stateful layers keep ``batch_size`` rows, all zero; its parameters are this
        model's own ``Parameter`` objects, so training either changes both. It is not compiled.

        Example:
            >>> from statefulrnn import GRU, Sequential
            >>> trained = Sequential([GRU(4, stateful=True, batch_input_shape=(8, None, 1))])
            >>> single = trained.with_batch_size(1)
            >>> single.layers[0].states[0].shape
            torch.Size([1, 4])
            >>> single.layers[0].cell.weight_ih is trained.layers[0].cell.weight_ih
            True
        """
        positive_int("batch_size", batch_size)
        old = fixed_batch_size(self)
        shared = {id(p): p for p in self.parameters()}
        shared[id(self.__dict__.get("_trainer"))] = None  # the copy is not compiled
        clone = copy.deepcopy(self, shared)
        clone.__dict__.pop("_trainer", None)
        for module in clone.modules():
            if isinstance(module, state.StateStore):
                module.resize(batch_size)
            elif isinstance(module, Layer) and old is not None:
                for attribute in ("batch_input_shape", "input_shape", "output_shape"):
                    setattr(module, attribute, _rebatched(getattr(module, attribute), old, batch_size))
        return clone

    def get_states(self, rows: Any = None) -> dict[str, list[torch.Tensor]]:
        """Copies of every stateful layer's states, ``{layer path: [tensors]}``; with ``rows``
        (indices or a boolean mask), only those batch rows, to move them elsewhere.

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
        return state.get_states(self, rows)

    def set_states(self, states: dict[str, Any], rows: Any = None) -> None:
        """Set states as `get_states` returns them (only ``rows``, if given); all are checked
        before any is set."""
        state.set_states(self, states, rows)


def _rebatched(shape: Any, old: int, new: int) -> Any:
    """``shape`` with its batch size ``old`` replaced by ``new`` (lists of shapes too)."""
    if isinstance(shape, list):
        return [_rebatched(item, old, new) for item in shape]
    if isinstance(shape, tuple) and shape and shape[0] == old:
        return (new, *shape[1:])
    return shape
