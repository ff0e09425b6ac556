"""`Adadelta`: Keras's rule, steps scaled by running root mean squares of gradients and steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate, _slot
from .validation import Validator, _epsilon, _unit_open


class Adadelta(KerasOptimizer):
    """Keras's ``Adadelta``.

    Defaults: ``learning_rate=0.001, rho=0.95, epsilon=1e-7``::

        a = rho * a + (1 - rho) * g**2                         # a and d start at 0
        step = -sqrt(d + epsilon) * g / sqrt(a + epsilon)
        d = rho * d + (1 - rho) * step**2
        w = w + lr * step

    (``torch.optim.Adadelta`` defaults to ``lr=1.0, rho=0.9, eps=1e-6``.)

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Adadelta([var], learning_rate=1.0)
        >>> var.grad = torch.tensor(0.5)
        >>> opt.step()
        >>> round(var.item(), 6)  # 1 - sqrt(1e-7) * 0.5 / sqrt(0.05 * 0.25 + 1e-7)
        0.998586
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {"rho": _unit_open, "epsilon": _epsilon}

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        **common: Any,
    ) -> None:
        super().__init__(params, {"rho": rho, "epsilon": epsilon}, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("accumulated_grad", "accumulated_delta_var"),)

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        rho, epsilon = group["rho"], group["epsilon"]
        for param, grad, state in zip(params, grads, states):
            squares = _slot(state, "accumulated_grad", param)
            deltas = _slot(state, "accumulated_delta_var", param)
            squares.copy_(rho * squares + (1 - rho) * (grad * grad))
            step = -(torch.sqrt(deltas + epsilon) * grad / torch.sqrt(squares + epsilon))
            deltas.copy_(rho * deltas + (1 - rho) * (step * step))
            param.add_(group["lr"] * step)
