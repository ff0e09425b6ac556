"""`Adafactor`: Keras's rule, second moments factored into row and column averages for
variables of rank >= 2, a relative step size and update clipping."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import torch

from .base import KerasOptimizer, LearningRate, _scalar_type, _slot
from .validation import Validator, _as_float, _boolean, _non_negative

if TYPE_CHECKING:
    from ..layers.base import KerasWeight

_FACTORS = ("r", "c")  # Keras's names of the row and column averages (its `_r`, `_c`)


class Adafactor(KerasOptimizer):
    """Keras's ``Adafactor`` (Shazeer and Stern, 2018, "Adafactor: Adaptive Learning Rates
    with Sublinear Memory Cost").

    Defaults: ``learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3,
    clip_threshold=1.0, relative_step=True``. With ``t = iterations + 1``, per variable ``w``
    (each parameter tensor) and ``rms(x) = sqrt(mean(x**2))``::

        rho = min(lr, 1 / sqrt(t))
        alpha = max(epsilon_2, rms(w)) * rho
        beta_2_t = 1 - t**beta_2_decay                    # 0 at the first step
        G = g**2 + epsilon_1
        rank >= 2:  r = beta_2_t * r + (1 - beta_2_t) * mean(G, axis=-1)   # r, c, v start at 0
                    c = beta_2_t * c + (1 - beta_2_t) * mean(G, axis=-2)
                    v = (r / mean(r, axis=-1))[..., None] * c[..., None, :]
        rank < 2:   v = beta_2_t * v + (1 - beta_2_t) * G
        u = g / sqrt(v)
        w = w - alpha * u / max(1, rms(u) / clip_threshold)

    so a matrix keeps a row and a column of averages in place of a full second moment (Keras
    keeps ``v`` too). ``relative_step`` is kept in the config and changes nothing: Keras's
    ``rho`` takes the minimum with ``1 / sqrt(t)`` either way. ``clip_threshold`` is the
    update's own clipping, apart from ``clipnorm``/``clipvalue``/``global_clipnorm``.

    The factored axes are the parameter's last two, Keras's those of its variable: the same
    for layers that keep Keras's layout (`Dense`, the convolutions...); for the recurrent
    cells' kernels, kept transposed, the estimate ``v`` is the same product (rows and columns
    swap roles), so the steps agree to rounding. A weight Keras keeps as one variable and a
    layer here as several parameters (a GRU's ``reset_after`` bias) is factored by Keras and
    not here, and its factored state cannot be written to or read from a ``.keras`` file
    (ValueError, naming the weight).

    Example:
        >>> w = torch.nn.Parameter(torch.ones(2, 3))
        >>> opt = Adafactor([w], learning_rate=0.1)
        >>> w.grad = torch.full((2, 3), 2.0)
        >>> opt.step()   # rms(u) = 1: a step of rho * rms(w) = 0.1 against the gradient
        >>> w.detach()
        tensor([[0.9000, 0.9000, 0.9000],
                [0.9000, 0.9000, 0.9000]])
        >>> [tuple(opt.state[w][k].shape) for k in ("r", "c", "velocity")]
        [(2,), (3,), (2, 3)]
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {
        "beta_2_decay": _as_float,
        "epsilon_1": _non_negative,
        "epsilon_2": _non_negative,
        "clip_threshold": _non_negative,
        "relative_step": _boolean,
    }

    def __init__(
        self,
        params: Iterable[Any] | None = None,
        *,
        learning_rate: LearningRate = 0.001,
        beta_2_decay: float = -0.8,
        epsilon_1: float = 1e-30,
        epsilon_2: float = 1e-3,
        clip_threshold: float = 1.0,
        relative_step: bool = True,
        **common: Any,
    ) -> None:
        options = {
            "beta_2_decay": beta_2_decay,
            "epsilon_1": epsilon_1,
            "epsilon_2": epsilon_2,
            "clip_threshold": clip_threshold,
            "relative_step": relative_step,
        }
        super().__init__(params, options, learning_rate=learning_rate, **common)

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return (("r", "c", "velocity"),)  # Keras's order: r0 c0 v0 r1 c1 v1 ...

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        real = _scalar_type(params[0])
        step = real(self.iterations + 1)
        # Keras's scalars, in the variable's dtype
        rho = float(np.minimum(real(group["lr"]), real(1) / np.sqrt(step)))
        beta_2_t = real(1) - step ** real(group["beta_2_decay"])
        keep, take = float(beta_2_t), float(real(1) - beta_2_t)
        epsilon_2, clip = float(real(group["epsilon_2"])), float(real(group["clip_threshold"]))
        for param, grad, state in zip(params, grads, states):
            alpha = torch.clamp(_rms(param), min=epsilon_2) * rho  # from w after weight decay
            regulated = grad * grad + group["epsilon_1"]
            v = _slot(state, "velocity", param)
            if param.dim() >= 2:
                r = _factor(state, "r", param, param.shape[:-1])
                c = _factor(state, "c", param, (*param.shape[:-2], param.shape[-1]))
                r.copy_(r * keep + regulated.mean(dim=-1) * take)
                c.copy_(c * keep + regulated.mean(dim=-2) * take)
                v.copy_((r / r.mean(dim=-1, keepdim=True)).unsqueeze(-1) * c.unsqueeze(-2))
            else:
                v.copy_(v * keep + regulated * take)
            u = grad / torch.sqrt(v)
            u_hat = u / torch.clamp(_rms(u) / clip, min=1.0)
            param.sub_(alpha * u_hat)

    # ----- Keras's variables: r and c have their own shapes, scalars below rank 2 ----------

    def _keras_slot_shape(self, weight: KerasWeight, slot: str) -> tuple[int, ...]:
        if slot not in _FACTORS:
            return super()._keras_slot_shape(weight, slot)
        if len(weight.shape) < 2:
            return ()  # Keras's placeholder, a scalar 0 it never updates
        return _factor_shape(weight.shape, slot)

    def _keras_slot_array(self, weight: KerasWeight, slot: str) -> np.ndarray:
        if slot not in _FACTORS:
            return super()._keras_slot_array(weight, slot)
        if len(weight.shape) < 2:
            return np.zeros((), np.float32)
        parameter = _keras_layout_parameter(weight, type(self).__name__)
        found = self.state.get(parameter, {}).get(slot)
        shape = _factor_shape(weight.shape, slot)
        if found is None:
            return np.zeros(shape, np.float32)
        return found.detach().cpu().numpy().astype(np.float32)

    def _keras_slot_parts(
        self, weight: KerasWeight, slot: str, array: np.ndarray
    ) -> list[tuple[torch.Tensor, torch.Tensor]]:
        if slot not in _FACTORS:
            return super()._keras_slot_parts(weight, slot, array)
        if len(weight.shape) < 2:
            return []  # the placeholder: nothing kept here
        parameter = _keras_layout_parameter(weight, type(self).__name__)
        value = torch.as_tensor(np.array(array)).to(device=parameter.device, dtype=parameter.dtype)
        return [(parameter, value)]


def _rms(x: torch.Tensor) -> torch.Tensor:
    return torch.sqrt((x * x).mean())


def _factor(state: dict[str, Any], key: str, param: torch.Tensor, shape: Iterable[int]) -> torch.Tensor:
    """The row (``r``) or column (``c``) averages of ``param``, zeros at first."""
    buffer = state.get(key)
    if buffer is None:
        buffer = state[key] = param.new_zeros(tuple(shape))
    return buffer


def _factor_shape(shape: tuple[int, ...], slot: str) -> tuple[int, ...]:
    return shape[:-1] if slot == "r" else (*shape[:-2], shape[-1])


def _keras_layout_parameter(weight: KerasWeight, owner: str) -> torch.Tensor:
    """The one parameter behind ``weight`` when it is in Keras's layout; its row and column
    averages are then Keras's ``r`` and ``c``.

    Raises:
        ValueError: a weight kept here in another layout or as several parameters.
    """
    parameters = weight.parameters
    if len(parameters) == 1 and weight.to_keras(parameters) is parameters[0]:
        return parameters[0]
    raise ValueError(
        f"{owner}: the weight {weight.name} of shape {weight.shape} is kept here as "
        f"{len(parameters)} parameter(s) of shape(s) {[tuple(p.shape) for p in parameters]} in "
        "PyTorch's layout, so its factored second moments (Keras's r and c) have no Keras form. "
        "Save this model's weights without the optimizer's state, or use another optimizer."
    )
