"""`Lamb`: Keras's rule, Adam's bias-corrected step scaled per variable by a trust ratio."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .base import KerasOptimizer, LearningRate, _scalar_type, _slot
from .validation import Validator, _epsilon, _unit_open


class Lamb(KerasOptimizer):
    """Keras's ``Lamb`` (You et al., 2019, "Large Batch Optimization for Deep Learning").

    Defaults: ``learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7``. With
    ``t = iterations + 1``, per variable (each parameter tensor)::

        m = m + (g - m) * (1 - beta_1)                             # m, v start at 0
        v = v + (g**2 - v) * (1 - beta_2)
        update = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)
        ratio = norm(w) / norm(update), or 1 where either norm is 0   # the trust ratio
        w = w - ratio * lr * update

    ``norm`` is the L2 norm of the whole tensor, taken after weight decay, as Keras does. A
    weight Keras keeps as one variable that a layer here keeps as several parameters (a GRU's
    ``reset_after`` bias, Keras's ``(2, 3 * units)``, ours two rows) gets one ratio per
    parameter, so its steps differ from Keras's there; transposed or gate-reordered kernels
    (the recurrent cells') have the same norms.

    Example:
        >>> w = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
        >>> opt = Lamb([w], learning_rate=0.1)
        >>> w.grad = torch.tensor([1.0, 0.0])
        >>> opt.step()   # the update (1, 0) is scaled by norm(w) / norm(update) = 5
        >>> w.detach()
        tensor([2.5000, 4.0000])
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
        return (("momentum", "velocity"),)

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        beta_1, beta_2 = group["beta_1"], group["beta_2"]
        real = _scalar_type(params[0])
        step = real(self.iterations + 1)
        # Keras computes the powers and their complements in the variable's dtype.
        beta_1_correction = float(real(1) - real(beta_1) ** step)
        beta_2_correction = float(real(1) - real(beta_2) ** step)
        for param, grad, state in zip(params, grads, states):
            m, v = _slot(state, "momentum", param), _slot(state, "velocity", param)
            m.add_((grad - m) * (1 - beta_1))
            v.add_((grad * grad - v) * (1 - beta_2))
            update = (m / beta_1_correction) / (torch.sqrt(v / beta_2_correction) + group["epsilon"])
            w_norm = torch.sqrt((param * param).sum())  # Keras's sqrt(sum(w**2)), not a scaled norm
            update_norm = torch.sqrt((update * update).sum())
            # Keras's where(w_norm > 0, where(g_norm > 0, w_norm / g_norm, 1), 1), on the device
            trusted = (w_norm > 0) & (update_norm > 0)
            ratio = torch.where(trusted, w_norm / torch.where(trusted, update_norm, 1.0), 1.0)
            param.sub_(ratio * group["lr"] * update)
