"""`Lion`: Keras's rule, a step of the learning rate's size in the sign of an interpolated momentum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate, _slot
from .validation import Validator, _as_float, _unit_closed


def _beta_1(owner: str, name: str, value: Any) -> float:
    """Keras's check: 0 is refused with 1 allowed."""
    number = _as_float(owner, name, value)
    if not 0.0 < number <= 1.0:
        raise ValueError(
            f"{owner}: {name} must be in (0, 1] (at 0 the optimizer degenerates to signSGD). "
            f"Received: {name}={value!r}"
        )
    return number


class Lion(KerasOptimizer):
    """Keras's ``Lion`` (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms").

    Defaults: ``learning_rate=0.001, beta_1=0.9, beta_2=0.99``::

        w = w - lr * sign(beta_1 * m + (1 - beta_1) * g)    # m starts at 0
        m = beta_2 * m + (1 - beta_2) * g

    Every weight moves by exactly the learning rate (or not at all where the sign is 0), so
    Lion's learning rates are typically 3-10x smaller than Adam's.

    Example:
        >>> var = torch.nn.Parameter(torch.tensor([1.0, 1.0]))
        >>> opt = Lion([var], learning_rate=0.1)
        >>> var.grad = torch.tensor([0.5, -0.01])
        >>> opt.step()
        >>> var.tolist()  # each moves by the learning rate, against its gradient's sign
        [0.8999999761581421, 1.100000023841858]
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {"beta_1": _beta_1, "beta_2": _unit_closed}

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
        **common: Any,
    ) -> None:
        super().__init__(params, {"beta_1": beta_1, "beta_2": beta_2}, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("momentum",),)

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        beta_1, beta_2 = group["beta_1"], group["beta_2"]
        for param, grad, state in zip(params, grads, states):
            m = _slot(state, "momentum", param)
            param.sub_(group["lr"] * torch.sign(m * beta_1 + grad * (1.0 - beta_1)))
            m.copy_(m * beta_2 + grad * (1.0 - beta_2))
