"""A compiled model's optimizer state as Keras 3's ``.keras`` files hold it.

Keras keeps an optimizer's state as one list, ``optimizer.variables``, stored in the archive's
``model.weights.h5`` as ``optimizer/vars/0``, ``1``, ... (the ``vars`` group's ``name``
attribute is the optimizer's name)::

    iteration      int64 ()      the steps taken
    learning_rate  float32 ()    the current rate; absent when a schedule gives it
    the slots      per trainable weight, in Keras's weight order and layout (Adam: m0 v0 m1 v1 ...)
    extras         Nadam's running product

Our optimizers keep the same slots by the same names, per parameter and in the parameters'
layout (`KerasOptimizer.keras_variables` turns one into the other, through each weight's
`KerasWeight.to_keras`). `optimizer_variables` makes the list for `save_keras`;
`optimizer_setter` sets a model's optimizer from a file's, after `load_keras` compiled the
model from the file's compile config, so training goes on where it stopped, in Keras or here.

Example:
    >>> import numpy as np
    >>> from statefulrnn import Dense, Sequential
    >>> model = Sequential([Dense(2, input_shape=(3,))])
    >>> model.compile(optimizer="adam", loss="mse")
    >>> _ = model.train_on_batch(np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32))
    >>> [a.shape for a in optimizer_variables(model)]  # iteration, rate, m and v of kernel and bias
    [(), (), (3, 2), (3, 2), (2,), (2,)]
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["optimizer_setter", "optimizer_variables"]


def optimizer_variables(model: Any) -> list[np.ndarray] | None:
    """``model``'s optimizer state as Keras 3's ``optimizer.variables``; None when the model is
    not compiled with one of statefulrnn's optimizers (a torch optimizer has no Keras form).

    Raises:
        ValueError: parameter groups whose options keep different slots.
    """
    optimizer = _keras_optimizer(model)
    return None if optimizer is None else optimizer.keras_variables(_trainable(model))


def optimizer_setter(model: Any, stored: Sequence[Any], path: str) -> Callable[[], None]:
    """Check ``stored`` (arrays or HDF5 datasets, in the order of `optimizer_variables`) against
    ``model``'s optimizer and return the function that sets the optimizer from them, which
    cannot fail: a loader checks the weights and this before it changes either. A model not
    compiled with one of our optimizers, or no entries, sets nothing.

    As Keras's loader does, a list of another length leaves the optimizer as it is, with a
    warning: the file's optimizer was never built (Keras then writes its step count and rate
    only) or was another one.

    Raises:
        ValueError: an entry of the wrong shape (named), a negative step count or a learning
            rate the optimizer refuses.
    """
    optimizer = _keras_optimizer(model)
    if optimizer is None or not stored:
        return _nothing
    weights = _trainable(model)
    expected = optimizer.keras_variable_shapes(weights)
    if len(stored) != len(expected):
        warnings.warn(
            f"{path}: the optimizer's state is not loaded: the file holds {len(stored)} optimizer "
            f"variables where {type(optimizer).__name__} on this model keeps {len(expected)} (Keras "
            f"skips it alike); training starts the optimizer afresh.",
            stacklevel=3,
        )
        return _nothing
    for index, ((what, shape), entry) in enumerate(zip(expected, stored)):
        if tuple(entry.shape) != shape:
            raise ValueError(
                f"{path}: optimizer variable {index} ({what}) has shape {tuple(entry.shape)}; this "
                f"model's {type(optimizer).__name__} expects {shape}."
            )
    try:
        return optimizer.keras_variables_setter(weights, [np.asarray(entry[()]) for entry in stored])
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def _nothing() -> None:
    pass


def _keras_optimizer(model: Any) -> Any:
    from ..optimizers import KerasOptimizer

    optimizer = getattr(model.__dict__.get("_trainer"), "optimizer", None)
    return optimizer if isinstance(optimizer, KerasOptimizer) else None


def _trainable(model: Any) -> list[Any]:
    """The trainable weights in Keras's order (Keras's ``model.trainable_variables``), each
    named by its path (``gru/gru_cell/kernel``) for messages."""
    return [weight._replace(name=path) for path, weight in model.named_weights() if weight.trainable]
