"""Models written the Keras 3 way, by subclassing `Model`: layers made in ``__init__``, the
computation in ``call(self, inputs, training=None)``.

``class Forecaster(Model)`` with ``super().__init__(**kwargs)``, layers set as attributes and a
``call`` runs as Keras runs it: ``compile``, ``fit``, ``evaluate``, ``predict``, the state API
(``reset_states``, stateful layers anywhere in it), ``summary`` once built, ``save_weights`` and
``load_weights``. A call that fails leaves every state as it was (the call runs in a state
journal, as a functional model's does). ``mask=`` and ``resets=`` reach ``call`` when it takes
them (a ragged `SequenceBatcher`'s chunks need them; a ``call`` without them is refused such
chunks, naming the argument). The graph is Python code, so no config describes it: ``save``,
``to_json`` and ``get_config`` say so and point at the weights, as Keras does for a subclass
without a ``get_config`` of its own. ``model.build(input_shape)`` calls the model on stand-in
inputs of that shape (None sizes included), as tf-keras's does, so that every sublayer is
built and ``get_weights`` lists the weights in Keras's order; the call changes no state (see
`shape_trace`), and where it fails a warning names the model and the shape, and the sublayers
are built at the first real call, as Keras 3's ``build`` leaves them.

Example:
    >>> from statefulrnn import Model, layers
    >>> class Forecaster(Model):
    ...     def __init__(self, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.rnn = layers.GRU(4, return_sequences=True)
    ...         self.head = layers.Dense(1)
    ...     def call(self, inputs):
    ...         return self.head(self.rnn(inputs)[:, -1])
    >>> model = Forecaster()
    >>> model(torch.ones(2, 5, 3)).shape, [type(layer).__name__ for layer in model.layers]
    (torch.Size([2, 1]), ['GRU', 'Dense'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from torch import nn

from ..layers.base import BUILDING_FOR_A_CALL, once_per_shape
from ..layers.shape_trace import output_shape_by_call
from ..state import restore_on_error


def journaled(forward: Callable[..., Any]) -> Callable[..., Any]:
    """A subclass's ``forward`` (its ``call``) run in a state journal: a call that fails leaves
    every stateful layer's state as it was."""

    @functools.wraps(forward)
    def run(self: nn.Module, *args: Any, **kwargs: Any) -> Any:
        with restore_on_error():
            return forward(self, *args, **kwargs)

    return run


def output_shape(model: nn.Module, input_shape: Any) -> Any:
    """A subclassed model's ``compute_output_shape``: found by calling it on stand-in inputs of
    ``input_shape``, which builds every sublayer, as tf-keras's ``model.build(input_shape)``
    does (Keras 3's only marks the model built); once per shape (`shape_trace`). None before
    the model is built, and while its first real call builds it (that call builds the rest);
    None too, with a warning, where the call fails on stand-in inputs or a stateful layer
    needs the batch size (see `shape_trace.output_shape_by_call`)."""
    if not model.built or BUILDING_FOR_A_CALL in model.__dict__:
        return None
    return once_per_shape(model, input_shape, output_shape_by_call)


def child_layers(model: nn.Module) -> list[nn.Module]:
    """The layers a subclassed model holds as attributes (each of a list or dict of them), in
    the order they were set: Keras's ``model.layers``."""
    found: list[nn.Module] = []
    for module in model.children():
        if isinstance(module, nn.ModuleList):
            found.extend(module)
        elif isinstance(module, nn.ModuleDict):
            found.extend(module.values())
        else:
            found.append(module)
    return found


def no_config(model: nn.Module, what: str) -> NotImplementedError:
    """The error of ``what`` (``save``, ``get_config``, ...) on a subclassed model."""
    return NotImplementedError(
        f"{what}: model '{model.name}' is a subclass of Model whose call() is Python code, which no "
        f"config describes. Save its weights (model.save_weights(path), or torch.save(model.state_dict())) "
        f"and rebuild it in code, then load_weights; or define the model functionally."
    )


__all__ = ["child_layers", "journaled", "no_config", "output_shape"]
