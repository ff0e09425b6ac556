"""`Ftrl`: Keras's rule, "follow the regularized leader" with per-weight learning rates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate
from .validation import Validator, _as_float, _non_negative


def _not_positive(owner: str, name: str, value: Any) -> float:
    number = _as_float(owner, name, value)
    if number > 0.0:
        raise ValueError(f"{owner}: {name} must be negative or zero. Received: {name}={value!r}")
    return number


class Ftrl(KerasOptimizer):
    """Keras's ``Ftrl`` (McMahan et al., 2013, "Ad Click Prediction: a View from the Trenches").

    Defaults: ``learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
    l1_regularization_strength=0, l2_regularization_strength=0,
    l2_shrinkage_regularization_strength=0, beta=0``. With ``p = -learning_rate_power``,
    ``l1``, ``l2``, ``l2_shrinkage`` the strengths, each step::

        l2 = l2 + beta / (2 * lr)
        n_new = n + g**2                                 # n starts at initial_accumulator_value
        z = z + g + 2 * l2_shrinkage * w - (n_new**p - n**p) / lr * w          # z starts at 0
        w = (clip(z, -l1, l1) - z) / (n_new**p / lr + 2 * l2)
        n = n_new

    The weight is set, not moved: where ``|z| <= l1`` it is exactly 0, which is how FTRL
    keeps sparse models.

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Ftrl([var], learning_rate=0.1)
        >>> var.grad = torch.tensor(0.5)
        >>> opt.step()
        >>> round(var.item(), 5)  # z = 0.5 - (sqrt(0.35) - sqrt(0.1)) / 0.1; w = -z / (sqrt(0.35) / 0.1)
        0.38096
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "learning_rate_power": _not_positive,
        "initial_accumulator_value": _non_negative,
        "l1_regularization_strength": _non_negative,
        "l2_regularization_strength": _non_negative,
        "l2_shrinkage_regularization_strength": _non_negative,
        "beta": _non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
        **common: Any,
    ) -> None:
        options = {
            "learning_rate_power": learning_rate_power,
            "initial_accumulator_value": initial_accumulator_value,
            "l1_regularization_strength": l1_regularization_strength,
            "l2_regularization_strength": l2_regularization_strength,
            "l2_shrinkage_regularization_strength": l2_shrinkage_regularization_strength,
            "beta": beta,
        }
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("accumulator", "linear"),)

    def _keras_slot_start(self, slot: str, group: Mapping[str, Any]) -> float:
        return group["initial_accumulator_value"] if slot == "accumulator" else 0.0

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        lr, power = group["lr"], -group["learning_rate_power"]
        l1 = group["l1_regularization_strength"]
        l2 = group["l2_regularization_strength"] + group["beta"] / (2.0 * lr)
        shrinkage = group["l2_shrinkage_regularization_strength"]
        for param, grad, state in zip(params, grads, states):
            if "accumulator" not in state:
                state["accumulator"] = torch.full_like(param, group["initial_accumulator_value"])
                state["linear"] = torch.zeros_like(param)
            accumulator, linear = state["accumulator"], state["linear"]
            new_accumulator = accumulator + grad * grad
            shrunk_grad = grad + 2 * shrinkage * param
            linear.add_(shrunk_grad - (new_accumulator**power - accumulator**power) / lr * param)
            quadratic = new_accumulator**power / lr + 2 * l2
            param.copy_((torch.clamp(linear, -l1, l1) - linear) / quadratic)
            accumulator.copy_(new_accumulator)
