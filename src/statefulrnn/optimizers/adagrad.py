"""`Adagrad`: Keras's rule, each weight's step scaled by its summed squared gradients."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate
from .validation import Validator, _epsilon, _non_negative


class Adagrad(KerasOptimizer):
    """Keras's ``Adagrad``.

    Defaults: ``learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7``::

        a = a + g**2                                   # a starts at initial_accumulator_value
        w = w - lr * g / sqrt(a + epsilon)

    (``torch.optim.Adagrad`` starts its sum at 0 and adds 1e-10 outside the square root.)

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Adagrad([var], learning_rate=0.1)
        >>> var.grad = torch.tensor(0.3)
        >>> opt.step()
        >>> round(var.item(), 6)  # 1 - 0.1 * 0.3 / sqrt(0.1 + 0.09 + 1e-7)
        0.931175
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "initial_accumulator_value": _non_negative,
        "epsilon": _epsilon,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        **common: Any,
    ) -> None:
        options = {"initial_accumulator_value": initial_accumulator_value, "epsilon": epsilon}
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("accumulator",),)

    def _keras_slot_start(self, slot: str, group: Mapping[str, Any]) -> float:
        return group["initial_accumulator_value"]

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        for param, grad, state in zip(params, grads, states):
            if "accumulator" not in state:
                state["accumulator"] = torch.full_like(param, group["initial_accumulator_value"])
            accumulator = state["accumulator"]
            accumulator.add_(grad * grad)
            param.sub_(grad * group["lr"] / self._denominator(accumulator, group["epsilon"]))

    def _denominator(self, accumulator: torch.Tensor, epsilon: float) -> torch.Tensor:
        """Keras 3's: epsilon inside the square root."""
        return torch.sqrt(accumulator + epsilon)
