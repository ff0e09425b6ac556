"""`Adamax`: Keras's rule, Adam with an infinity norm in place of the root mean square."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate, _scalar_type, _slot
from .validation import Validator, _epsilon, _unit_open


class Adamax(KerasOptimizer):
    """Keras's ``Adamax``.

    Defaults: ``learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7``; at step t
    (from 1)::

        m = m + (g - m) * (1 - beta_1)                  # m and u start at 0
        u = max(beta_2 * u, |g|)
        w = w - lr * m / ((1 - beta_1**t) * (u + epsilon))

    (``torch.optim.Adamax`` adds its ``eps`` inside the maximum.)

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Adamax([var], learning_rate=0.1)
        >>> var.grad = torch.tensor(0.5)
        >>> opt.step()
        >>> round(var.item(), 5)  # the first step moves by about learning_rate
        0.9
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "beta_1": _unit_open,
        "beta_2": _unit_open,
        "epsilon": _epsilon,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        **common: Any,
    ) -> None:
        options = {"beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon}
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("momentum", "norm"),)

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        real = _scalar_type(params[0])
        beta_1_power = float(real(group["beta_1"]) ** real(self.iterations + 1))
        for param, grad, state in zip(params, grads, states):
            m, u = _slot(state, "momentum", param), _slot(state, "norm", param)
            m.add_((grad - m) * (1 - group["beta_1"]))
            torch.maximum(group["beta_2"] * u, grad.abs(), out=u)
            param.sub_(group["lr"] * m / ((1 - beta_1_power) * (u + group["epsilon"])))
