"""`Nadam`: Keras's rule, Adam with Nesterov momentum and Dozat's momentum schedule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

import numpy as np
import torch

from .base import KerasOptimizer, LearningRate, _scalar_type, _slot
from .validation import Validator, _epsilon, _unit_open


class Nadam(KerasOptimizer):
    """Keras's ``Nadam``.

    Defaults: ``learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7``; at step t (from
    1), with ``u_t = beta_1 * (1 - 0.5 * 0.96**t)`` and ``P_t = u_1 * ... * u_t``::

        m = m + (g - m) * (1 - beta_1);  v = v + (g**2 - v) * (1 - beta_2)   # both start at 0
        m_hat = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)
        w = w - m_hat * lr / (sqrt(v / (1 - beta_2**t)) + epsilon)

    ``P_t`` is the product Keras keeps in a variable, multiplied step by step in the weights'
    dtype; here it is kept too, and computed again from the step count when that changes
    otherwise (a ``load_state_dict``).

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Nadam([var], learning_rate=0.1)
        >>> var.grad = torch.tensor(0.5)
        >>> opt.step()
        >>> round(var.item(), 4)  # the first step moves by about learning_rate, as Adam's does
        0.8937
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "beta_1": _unit_open,
        "beta_2": _unit_open,
        "epsilon": _epsilon,
    }
    _OWN_ATTRIBUTES = (*KerasOptimizer._OWN_ATTRIBUTES, "_u_product")

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
        # (step count, dtype) -> the product P of the u's up to that step, as Keras keeps it
        self._u_product: tuple[int, type, np.floating] = (0, np.float32, np.float32(1.0))
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _product(self, step: int, real: type[np.floating], beta_1: float) -> np.floating:
        """``P_step``, multiplied as Keras's variable is (from the kept one when it is the last step's)."""
        done, kept_type, product = self._u_product
        if kept_type is not real or done > step - 1:
            done, product = 0, real(1.0)
        for i in range(done + 1, step + 1):
            product = product * real(beta_1) * self._schedule_factor(i, real)  # in Keras's order
        self._u_product = (step, real, product)
        return product

    def _schedule_factor(self, step: int, real: type[np.floating]) -> np.floating:
        """``u_step / beta_1``: Dozat's schedule at ``step``."""
        return real(1.0) - real(0.5) * real(0.96) ** real(step)

    def _momentum(self, step: int, real: type[np.floating], beta_1: np.floating) -> np.floating:
        """``u_step``, the momentum of Dozat's schedule at ``step``."""
        return beta_1 * self._schedule_factor(step, real)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("momentum", "velocity"),)

    def _keras_extras(self) -> list[np.ndarray]:
        """Keras's ``u_product`` variable: ``P_t`` after the last step (1 before any)."""
        real = self._u_product[1]
        return [np.asarray(self._product(self.iterations, real, self.defaults["beta_1"]), real)]

    def _set_keras_extras(self, values: Sequence[np.ndarray]) -> None:
        """Keep a Keras file's ``u_product`` as the product at this optimizer's step count."""
        value = np.asarray(values[0])
        self._u_product = (self.iterations, value.dtype.type, value.dtype.type(value))

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        real = _scalar_type(params[0])
        beta_1, step = real(group["beta_1"]), self.iterations + 1
        schedule = _Schedule(
            real,
            beta_1,
            real(group["beta_2"]),
            self._momentum(step, real, beta_1),
            self._momentum(step + 1, real, beta_1),
            self._product(step, real, group["beta_1"]),
            real(group["beta_2"]) ** real(step),
        )
        for param, grad, state in zip(params, grads, states):
            m, v = _slot(state, "momentum", param), _slot(state, "velocity", param)
            self._step(param, grad, m, v, schedule, group)

    def _step(
        self,
        param: torch.Tensor,
        grad: torch.Tensor,
        m: torch.Tensor,
        v: torch.Tensor,
        at: _Schedule,
        group: dict[str, Any],
    ) -> None:
        """One weight's update from its moments ``m``, ``v`` (in place) at the schedule ``at``."""
        real = at.real
        # Keras's Nadam casts the betas to the weights' dtype first: 1 - beta in float32
        m.add_((grad - m) * float(real(1) - at.beta_1))
        v.add_((grad * grad - v) * float(real(1) - at.beta_2))
        m_hat = (float(at.u_next) * m) / float(real(1) - at.product * at.u_next) + (
            float(real(1) - at.u_t) * grad
        ) / float(real(1) - at.product)
        v_hat = v / float(real(1) - at.beta_2_power)
        param.sub_(m_hat * group["lr"] / (torch.sqrt(v_hat) + group["epsilon"]))


class _Schedule(NamedTuple):
    """A step's coefficients, in the weights' float type: the betas, the momenta ``u_t`` and
    ``u_{t+1}``, the product ``P_t`` and ``beta_2**t``."""

    real: type[np.floating]
    beta_1: np.floating
    beta_2: np.floating
    u_t: np.floating
    u_next: np.floating
    product: np.floating
    beta_2_power: np.floating
