"""`Adam` (with AMSGrad) and `AdamW`, Adam after decoupled weight decay, as Keras's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import numpy as np
import torch

from .._compat import foreach
from .base import KerasOptimizer, LearningRate, _scalar_type, _slot
from .validation import Validator, _boolean, _epsilon, _unit_open


class Adam(KerasOptimizer):
    """Keras's ``Adam``, with optional AMSGrad.

    Defaults: ``learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False``.
    With ``t = iterations + 1`` (one count for the whole optimizer)::

        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)         # in float32, as Keras
        m = m + (g - m) * (1 - beta_1)                             # m, v start at 0
        v = v + (g**2 - v) * (1 - beta_2)
        amsgrad:  v_hat = max(v_hat, v), used in place of v
        w = w - m * alpha / (sqrt(v) + epsilon)

    ``torch.optim.Adam`` adds its ``eps`` (1e-8) to ``sqrt(v / (1 - beta_2**t))``, after the bias
    correction; Keras adds ``epsilon`` (1e-7) to ``sqrt(v)`` before it, so the two differ
    wherever ``sqrt(v)`` is not much larger than epsilon. ``beta_1`` and ``beta_2`` must be in
    [0, 1), ``epsilon`` >= 0.

    Example:
        >>> w = torch.nn.Parameter(torch.tensor([1.0, -1.0]))
        >>> opt = Adam([w], learning_rate=0.1)
        >>> w.grad = torch.tensor([3.0, -0.5])
        >>> opt.step()   # the first step moves each weight by about learning_rate
        >>> w.detach()
        tensor([ 0.9000, -0.9000])
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "beta_1": _unit_open,
        "beta_2": _unit_open,
        "epsilon": _epsilon,
        "amsgrad": _boolean,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **common: Any,
    ) -> None:
        options = {"beta_1": beta_1, "beta_2": beta_2, "epsilon": epsilon, "amsgrad": amsgrad}
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("momentum", "velocity"), *((("velocity_hat",),) if group["amsgrad"] else ()))

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        beta_1, beta_2 = group["beta_1"], group["beta_2"]
        alpha = self._step_size(params, group)
        ms, vs = moments(params, states)
        # In-place fused forms of Keras's expressions (fewer passes over memory; the same
        # arithmetic up to float32 rounding).
        foreach.lerp_(ms, grads, 1 - beta_1)  # m + (g - m) * (1 - beta_1)
        foreach.mul_(vs, beta_2)  # v + (g^2 - v) * (1 - beta_2)
        foreach.addcmul_(vs, grads, grads, value=1 - beta_2)
        foreach.addcdiv_(params, ms, denominators(params, states, vs, group), value=-alpha)

    def _step_size(self, params: list[torch.Tensor], group: dict[str, Any]) -> float:
        """``lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`` in the parameters' float type."""
        real = _scalar_type(params[0])
        step = real(self.iterations + 1)
        beta_1_power, beta_2_power = real(group["beta_1"]) ** step, real(group["beta_2"]) ** step
        return float(real(group["lr"]) * np.sqrt(real(1) - beta_2_power) / (real(1) - beta_1_power))


def moments(params: list[torch.Tensor], states: list[dict[str, Any]]) -> tuple[list, list]:
    """Each parameter's first and second moments (Keras's ``momentum`` and ``velocity`` slots)."""
    ms = [_slot(state, "momentum", p) for state, p in zip(states, params)]
    return ms, [_slot(state, "velocity", p) for state, p in zip(states, params)]


def denominators(
    params: list[torch.Tensor], states: list[dict[str, Any]], vs: list[torch.Tensor], group: dict[str, Any]
) -> list[torch.Tensor]:
    """``sqrt(v) + epsilon``; with ``amsgrad``, of the largest ``v`` so far (its own slot)."""
    if group["amsgrad"]:
        v_hats = [_slot(state, "velocity_hat", p) for state, p in zip(states, params)]
        foreach.maximum_(v_hats, vs)
        vs = v_hats
    roots = foreach.sqrt(vs)
    foreach.add_(roots, group["epsilon"])
    return roots


class AdamW(Adam):
    """Keras's ``AdamW``: `Adam` after decoupled weight decay.

    Defaults: ``learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
    epsilon=1e-7, amsgrad=False``. Each step first decays the weights,
    ``w = w - w * weight_decay * lr``, then takes Adam's step (as ``torch.optim.AdamW``, whose
    default decay is 0.01 and whose epsilon differs as for Adam). ``weight_decay`` must be a
    float >= 0, not None.

    Example:
        >>> w = torch.nn.Parameter(torch.tensor([2.0]))
        >>> opt = AdamW([w], learning_rate=0.1, weight_decay=0.5)
        >>> w.grad = torch.tensor([1.0])
        >>> opt.step()   # 2 - 2 * 0.5 * 0.1 = 1.9, then Adam's first step of about 0.1
        >>> w.detach()
        tensor([1.8000])
    """

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **common: Any,
    ) -> None:
        if weight_decay is None:
            raise ValueError("AdamW: weight_decay must be a float >= 0. Received: weight_decay=None")
        super().__init__(
            params,
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            **common,
        )
