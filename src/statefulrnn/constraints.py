"""Projections applied to weights after each optimizer update, Keras's ``keras.constraints``.

A constraint is a callable ``c(w) -> w'`` of the same shape: `MaxNorm`, `NonNeg`, `UnitNorm`,
`MinMaxNorm`, or any function of one tensor. Layers take them as ``kernel_constraint=``,
``recurrent_constraint=`` and ``bias_constraint=``; ``fit`` and ``train_on_batch`` call
`apply_constraints` after every optimizer step, as Keras's optimizer does. A constraint sees the
weight in Keras's layout (a GRU kernel ``(F, 3u)`` with gates ``z r h``), whatever layout the
parameters behind it use, so ``axis=0`` means what it means in Keras.

The norms use Keras's formulas to the letter, fuzz factor included (`backend.epsilon`, 1e-7
unless ``set_epsilon`` changed it): ``w * clip(norm, lo, hi) / (1e-7 + norm)``.

Example:
    >>> MaxNorm(2.0)(torch.tensor([[3.0], [4.0]])).flatten()
    tensor([1.2000, 1.6000])
    >>> get("non_neg")(torch.tensor([-1.0, 1.0]))
    tensor([0., 1.])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from . import saving
from ._epsilon import epsilon
from .regularizers import resolve, weight_settings

__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "apply_constraints",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]

Axis = int | Sequence[int]


def _as_tensor(w: Any) -> torch.Tensor:
    """Tensors as they are; numpy arrays and lists too, as Keras's constraints take them."""
    return w if isinstance(w, torch.Tensor) else torch.as_tensor(w)


def _norms(w: torch.Tensor, axis: Axis) -> torch.Tensor:
    dims = axis if isinstance(axis, int) else tuple(axis)
    return w.square().sum(dim=dims, keepdim=True).sqrt()


class Constraint:
    """Base class: ``c(w)`` returns the projected weight; the base returns ``w`` unchanged."""

    def __call__(self, w: torch.Tensor) -> torch.Tensor:
        return w

    def get_config(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Constraint:
        return cls(**config)

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


class MaxNorm(Constraint):
    """Scale down each slice along ``axis`` whose L2 norm exceeds ``max_value``.

    Args:
        max_value: the largest norm allowed.
        axis: the axis (or axes) the norm is taken over: 0 for a Dense or recurrent kernel
            ``(inputs, units)`` bounds each unit's incoming weights.
    """

    def __init__(self, max_value: float = 2, axis: Axis = 0) -> None:
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: torch.Tensor) -> torch.Tensor:
        w = _as_tensor(w)
        norms = _norms(w, self.axis)
        desired = torch.clamp(norms, 0, self.max_value)
        return w * (desired / (epsilon() + norms))

    def get_config(self) -> dict[str, Any]:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Replace negative weights by 0."""

    def __call__(self, w: torch.Tensor) -> torch.Tensor:
        return torch.clamp(_as_tensor(w), min=0)


class UnitNorm(Constraint):
    """Scale each slice along ``axis`` to an L2 norm of 1 (``w / (1e-7 + norm)``).

    Args:
        axis: the axis (or axes) the norm is taken over.
    """

    def __init__(self, axis: Axis = 0) -> None:
        self.axis = axis

    def __call__(self, w: torch.Tensor) -> torch.Tensor:
        w = _as_tensor(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self) -> dict[str, Any]:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Move each slice's L2 norm into ``[min_value, max_value]``, by a fraction ``rate`` of
    the way per application: ``norm' = rate * clip(norm, min_value, max_value) + (1 - rate) * norm``.

    Args:
        min_value, max_value: the bounds of the norm.
        rate: 1 enforces the bounds at once; less moves towards them at each update.
        axis: the axis (or axes) the norm is taken over.
    """

    def __init__(
        self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: Axis = 0
    ) -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: torch.Tensor) -> torch.Tensor:
        w = _as_tensor(w)
        norms = _norms(w, self.axis)
        desired = self.rate * torch.clamp(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return w * (desired / (epsilon() + norms))

    def get_config(self) -> dict[str, Any]:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


# Keras's lowercase aliases.
max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

_BY_NAME: dict[str, Callable[[], Any]] = {
    **{cls.__name__: cls for cls in (Constraint, MaxNorm, NonNeg, UnitNorm, MinMaxNorm)},
    "constraint": Constraint,
    "max_norm": MaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
    "min_max_norm": MinMaxNorm,
}


def get(identifier: Any) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """The constraint an argument names: None, ``"max_norm"``, ``"non_neg"``, ``"unit_norm"``,
    ``"min_max_norm"`` (or a class name; Keras's defaults), Keras's ``{"class_name", "config"}``
    dict, a `Constraint`, or any function of one tensor.

    Raises:
        ValueError: an unknown name. TypeError: something that is neither of the above.

    Example:
        >>> get({"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}})
        MaxNorm(max_value=3, axis=1)
    """
    return resolve(identifier, _BY_NAME, "constraint")


def serialize(constraint: Constraint | None) -> dict[str, Any] | None:
    """Keras's ``constraints.serialize``: ``{"module", "class_name", "config",
    "registered_name"}`` (a program's own class by its name), which `get` and `deserialize`
    read back; None for None (`saving.serialize_setting`).

    Example:
        >>> serialize(NonNeg())
        {'module': 'keras.constraints', 'class_name': 'NonNeg', 'config': {}, 'registered_name': None}
    """
    return saving.serialize_setting(constraint)


def deserialize(
    config: dict[str, Any] | str, custom_objects: dict[str, Any] | None = None
) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """Keras's ``constraints.deserialize``: `get` of ``config``, a program's class found in
    ``custom_objects`` first.

    Example:
        >>> deserialize({"class_name": "MaxNorm", "config": {"max_value": 2.0}})
        MaxNorm(max_value=2.0, axis=0)
    """
    return saving.deserialize_setting(get, config, custom_objects)


def apply_constraints(model: nn.Module) -> None:
    """Project every constrained, trainable weight of ``model`` in place (in Keras's layout),
    as Keras's optimizer does after each update.

    Example:
        >>> from statefulrnn import Dense
        >>> layer = Dense(1, kernel_initializer="ones", kernel_constraint=MaxNorm(1.0), input_shape=(4,))
        >>> apply_constraints(layer)
        >>> layer.get_weights()[0].ravel()
        array([0.5, 0.5, 0.5, 0.5], dtype=float32)
    """
    weight_settings(model).apply_constraints()
