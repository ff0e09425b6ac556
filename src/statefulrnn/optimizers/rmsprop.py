"""`RMSprop`: Keras's rule, the gradient divided by a running root mean square."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import torch

from .._compat import foreach
from .base import KerasOptimizer, LearningRate, _slot
from .validation import Validator, _boolean, _epsilon, _unit_closed, _unit_open


class RMSprop(KerasOptimizer):
    """Keras's ``RMSprop``: divide the gradient by a running root mean square.

    Defaults: ``learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False``::

        v = rho * v + (1 - rho) * g**2                             # v starts at 0
        centered:  a = rho * a + (1 - rho) * g;  d = v - a**2 + epsilon
        otherwise: d = v + epsilon
        increment = lr * g / sqrt(d)
        momentum > 0:  m = momentum * m + increment;  w = w - m
        otherwise:     w = w - increment

    Unlike ``torch.optim.RMSprop`` (``alpha=0.99``, ``eps=1e-8`` added *after* the square
    root), epsilon is inside the square root and ``rho`` defaults to 0.9. ``rho`` must be in
    [0, 1), ``momentum`` in [0, 1], ``epsilon`` >= 0.

    Example (Keras's docstring example, same result):
        >>> var = torch.nn.Parameter(torch.tensor(10.0))
        >>> opt = RMSprop([var], learning_rate=0.1)
        >>> (var**2 / 2).backward()   # d(loss)/d(var) = var
        >>> opt.step()
        >>> round(var.item(), 6)
        9.683772
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "rho": _unit_open,
        "momentum": _unit_closed,
        "epsilon": _epsilon,
        "centered": _boolean,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        **common: Any,
    ) -> None:
        options = {"rho": rho, "momentum": momentum, "epsilon": epsilon, "centered": centered}
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        momentum = (("momentum",),) if group["momentum"] > 0 else ()
        return (("velocity",), *momentum, *((("average_gradient",),) if group["centered"] else ()))

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        lr = group["lr"]
        roots = rms_roots(params, grads, states, group)
        if group["momentum"] > 0:
            ms = [_slot(state, "momentum", p) for state, p in zip(states, params)]
            foreach.mul_(ms, group["momentum"])
            foreach.addcdiv_(ms, grads, roots, value=lr)
            foreach.sub_(params, ms)
        else:
            foreach.addcdiv_(params, grads, roots, value=-lr)


def rms_roots(
    params: list[torch.Tensor],
    grads: list[torch.Tensor],
    states: list[dict[str, Any]],
    group: dict[str, Any],
    epsilon_inside: bool = True,
) -> list[torch.Tensor]:
    """RMSprop's step denominators, one per parameter, the ``velocity`` (and, centered,
    ``average_gradient``) slots updated in place: ``sqrt(v + epsilon)``, Keras 3's (torch adds
    epsilon outside), or with ``epsilon_inside=False`` ``sqrt(v) + epsilon``, tf-keras's legacy
    class at momentum 0 (`statefulrnn.optimizers.legacy_rmsprop`); ``v`` the decayed mean
    square of the gradients, minus the square of their decayed mean when centered. In-place
    fused forms of Keras's expressions (fewer passes over memory; the same arithmetic up to
    float32 rounding)."""
    rho, epsilon = group["rho"], group["epsilon"]
    velocities = [_slot(state, "velocity", p) for state, p in zip(states, params)]
    foreach.mul_(velocities, rho)
    foreach.addcmul_(velocities, grads, grads, value=1 - rho)
    if group["centered"]:
        averages = [_slot(state, "average_gradient", p) for state, p in zip(states, params)]
        foreach.mul_(averages, rho)
        foreach.add_(averages, grads, alpha=1 - rho)
        roots = foreach.addcmul(velocities, averages, averages, value=-1)
        if epsilon_inside:
            foreach.add_(roots, epsilon)
    elif epsilon_inside:
        roots = foreach.add(velocities, epsilon)
    else:
        roots = [velocity.clone() for velocity in velocities]
    foreach.sqrt_(roots)
    if not epsilon_inside:
        foreach.add_(roots, epsilon)
    return roots
