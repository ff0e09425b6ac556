"""tf-keras's legacy ``Nadam`` (``tf.keras.optimizers.legacy.Nadam``, Keras 2's): Dozat's
momentum schedule slowed by ``schedule_decay``, its step as TensorFlow computes it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import torch

from .base import LearningRate
from .nadam import Nadam as _KerasNadam
from .nadam import _Schedule


class Nadam(_KerasNadam):
    """Keras 2's ``Nadam``, as ``tf.keras.optimizers.legacy.Nadam`` computes it.

    Keras 3's rule (`statefulrnn.optimizers.Nadam`) but for the schedule's pace: the momentum at
    step t (from 1) is ``u_t = beta_1 * (1 - 0.5 * 0.96**(schedule_decay * t))`` (Keras 3's
    has ``0.96**t``); with ``P_t = u_1 * ... * u_t``::

        m = beta_1 * m + (1 - beta_1) * g;  v = beta_2 * v + (1 - beta_2) * g**2
        m_bar = (1 - u_t) * g / (1 - P_t) + u_{t+1} * m / (1 - P_t * u_{t+1})
        w = w - lr * m_bar / (sqrt(v / (1 - beta_2**t)) + epsilon)

    As tf-keras's, ``decay=`` is not a learning-rate decay here: the class keeps its
    ``schedule_decay`` (0.004) under that name, whatever ``decay`` it is given, and the rate is
    not decayed. Checked against tf-keras 2.21 step by step (tests/test_legacy_decay.py).

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Nadam([var], learning_rate=0.1)
        >>> var.grad = torch.tensor(0.5)
        >>> opt.step()
        >>> round(var.item(), 4)
        0.8944
    """

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        schedule_decay: float = 0.004,
        **common: Any,
    ) -> None:
        common.pop("decay", None)  # tf-keras replaces it with schedule_decay
        self.schedule_decay = float(schedule_decay)
        super().__init__(
            params, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, **common
        )

    def _schedule_factor(self, step: int, real: type[np.floating]) -> np.floating:
        return real(1.0) - real(0.5) * real(0.96) ** (real(self.schedule_decay) * real(step))

    def get_config(self) -> dict[str, Any]:
        """Keras 2's keys: ``decay`` is the schedule's."""
        return {**super().get_config(), "decay": self.schedule_decay}

    def _step(
        self,
        param: torch.Tensor,
        grad: torch.Tensor,
        m: torch.Tensor,
        v: torch.Tensor,
        at: _Schedule,
        group: dict[str, Any],
    ) -> None:
        # TensorFlow's expressions, in its order and float type
        real = at.real
        m.mul_(float(at.beta_1)).add_(grad * float(real(1) - at.beta_1))
        v.mul_(float(at.beta_2)).add_(grad * grad * float(real(1) - at.beta_2))
        m_bar = float(real(1) - at.u_t) * (grad / float(real(1) - at.product)) + float(at.u_next) * (
            m / float(real(1) - at.product * at.u_next)
        )
        v_prime = v / float(real(1) - at.beta_2_power)
        param.sub_(group["lr"] * m_bar / (torch.sqrt(v_prime) + group["epsilon"]))
