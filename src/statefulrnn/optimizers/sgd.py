"""`SGD`: Keras's gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .._compat import foreach
from .base import KerasOptimizer, LearningRate, _slot
from .validation import Validator, _boolean, _unit_closed


class SGD(KerasOptimizer):
    """Keras's ``SGD``: gradient descent, with optional (Nesterov) momentum.

    Defaults: ``learning_rate=0.01, momentum=0.0, nesterov=False``. With ``lr`` the learning
    rate and ``g`` the gradient::

        momentum == 0:  w = w - lr * g
        otherwise:      m = momentum * m - lr * g                 # m starts at 0
                        w = w + m                                  # nesterov=False
                        w = w + momentum * m - lr * g              # nesterov=True

    For a constant learning rate this is ``torch.optim.SGD`` with the same momentum (torch
    keeps ``b = momentum*b + g`` and steps ``lr*b``); when the rate changes they differ.
    ``momentum`` must be in [0, 1].

    Example:
        >>> w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
        >>> opt = SGD([w], learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     w.grad = torch.tensor([1.0, -1.0])
        ...     opt.step()
        >>> w.detach()   # steps 0.1, then 0.9 * 0.1 + 0.1
        tensor([0.7100, 2.2900])
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {"momentum": _unit_closed, "nesterov": _boolean}

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        **common: Any,
    ) -> None:
        super().__init__(
            params, {"momentum": momentum, "nesterov": nesterov}, learning_rate=learning_rate, **common
        )

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return () if group["momentum"] == 0 else (("momentum",),)

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        # In-place fused forms of Keras's expressions (fewer passes over memory; the same
        # arithmetic up to float32 rounding).
        lr, momentum = group["lr"], group["momentum"]
        if momentum == 0:
            foreach.add_(params, grads, alpha=-lr)
            return
        ms = [_slot(state, "momentum", p) for state, p in zip(states, params)]
        foreach.mul_(ms, momentum)
        foreach.add_(ms, grads, alpha=-lr)
        if group["nesterov"]:
            foreach.add_(params, ms, alpha=momentum)
            foreach.add_(params, grads, alpha=-lr)
        else:
            foreach.add_(params, ms)
