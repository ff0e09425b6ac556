"""Keras 3's ``LossScaleOptimizer``: dynamic loss scaling around another optimizer, for training
in float16 (``"mixed_float16"``, whose ``compile`` wraps the optimizer in one).

A float16 gradient smaller than about 6e-8 is zero. The loss is multiplied by the loss scale
before the backward pass, so that the gradients flowing through the float16 parts are scaled
too; the optimizer divides the gradients of the (float32) weights by it before its update:

- a step with a non-finite gradient (an overflow: the scale is too large) is skipped, weights
  and the inner optimizer's state untouched, and the scale halved;
- after ``dynamic_growth_steps`` finite steps in a row, the scale doubles.

As Keras 3.15's (``keras/src/optimizers/loss_scale_optimizer.py``): ``initial_scale`` 2**15,
``dynamic_growth_steps`` 2000, ``dynamic=False`` refused (set ``loss_scale_factor`` on the inner
optimizer instead), the other optimizer options refused (they belong to the inner one);
``dynamic_scale`` and ``step_counter`` are its state; ``learning_rate`` and ``iterations``
are the inner optimizer's. tf-keras's names answer too: ``loss_scale`` (the scale) and
``dynamic`` (True).

Where we differ from Keras: ``loss_scale_factor`` is the current scale, the factor `fit`
multiplies the loss by (Keras's is None, and its trainer calls ``scale_loss``); the inner
optimizer's parameter groups and state are this one's, as torch's tools (learning-rate
schedulers) read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import torch

from .base import KerasOptimizer

# Keras's base optimizer options, which a LossScaleOptimizer refuses unless at their default.
_INNER_OPTIONS = {
    "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
    "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}  # fmt: skip


class LossScaleOptimizer(KerasOptimizer):
    """An optimizer that scales the loss dynamically, so that float16 gradients do not underflow.

    Args:
        inner_optimizer: the statefulrnn optimizer (`Adam`, `SGD`, ...) that makes the updates.
        initial_scale: the first loss scale, a positive float (2**15).
        dynamic_growth_steps: finite steps in a row after which the scale doubles, an int >= 1.
        name: Keras's name (``"loss_scale_optimizer"``).

    Raises:
        TypeError: ``inner_optimizer`` is not one of statefulrnn's optimizers.
        ValueError: ``dynamic=False``, another option of the inner optimizer, a scale or a
            growth count out of range.

    Example:
        >>> from statefulrnn.optimizers import SGD
        >>> w = torch.nn.Parameter(torch.ones(2))
        >>> opt = LossScaleOptimizer(SGD(0.1), initial_scale=4.0).build([w])
        >>> opt.scale_loss(w.sum()).backward()  # the gradient is 4 (scaled)
        >>> opt.step(); w.detach().tolist(), float(opt.dynamic_scale)  # updated by 0.1 * 1
        ([0.8999999761581421, 0.8999999761581421], 4.0)
        >>> w.grad = torch.tensor([float("inf"), 0.0]); opt.step()  # skipped, the scale halved
        >>> w.detach().tolist(), float(opt.dynamic_scale), opt.iterations
        ([0.8999999761581421, 0.8999999761581421], 2.0, 1)
    """

    def __init__(
        self,
        inner_optimizer: KerasOptimizer,
        initial_scale: float = 2.0**15,
        dynamic_growth_steps: int = 2000,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for key, default in _INNER_OPTIONS.items():
            if key in kwargs and kwargs.pop(key) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{key}`. Instead, set `{key}` on "
                    f"the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs)}`.")
        if not isinstance(inner_optimizer, KerasOptimizer) or isinstance(inner_optimizer, LossScaleOptimizer):
            raise TypeError(
                "LossScaleOptimizer wraps one of statefulrnn's optimizers (Adam, SGD, RMSprop, ...). "
                f"Received: inner_optimizer={inner_optimizer!r} (of type {type(inner_optimizer).__name__})"
            )
        if (
            isinstance(initial_scale, bool)
            or not isinstance(initial_scale, (int, float))
            or not initial_scale > 0
        ):
            raise ValueError(
                f"initial_scale must be a positive float. Received: initial_scale={initial_scale!r}"
            )
        if (
            isinstance(dynamic_growth_steps, bool)
            or not isinstance(dynamic_growth_steps, int)
            or dynamic_growth_steps < 1
        ):
            raise ValueError(
                "dynamic_growth_steps must be an int >= 1. Received: "
                f"dynamic_growth_steps={dynamic_growth_steps!r}"
            )
        self.__dict__["inner_optimizer"] = inner_optimizer
        self.name = name if name is not None else "loss_scale_optimizer"
        self.initial_scale = float(initial_scale)
        self.dynamic_growth_steps = dynamic_growth_steps
        inner_optimizer.loss_scale_factor = None  # as Keras: this one scales
        self._scale = self.initial_scale
        self._counter = 0
        # torch's Optimizer hooks, which its methods (state_dict, add_param_group) look for
        self._optimizer_step_pre_hooks: dict[int, Callable] = {}
        self._optimizer_step_post_hooks: dict[int, Callable] = {}
        self._optimizer_state_dict_pre_hooks: dict[int, Callable] = {}
        self._optimizer_state_dict_post_hooks: dict[int, Callable] = {}
        self._optimizer_load_state_dict_pre_hooks: dict[int, Callable] = {}
        self._optimizer_load_state_dict_post_hooks: dict[int, Callable] = {}

    # ----- the inner optimizer's parameters, state and rate -------------------------------

    inner_optimizer: KerasOptimizer

    @property
    def param_groups(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return self.inner_optimizer.param_groups

    @param_groups.setter
    def param_groups(self, value: list[dict[str, Any]]) -> None:
        self.inner_optimizer.param_groups = value

    @property
    def state(self) -> Any:  # type: ignore[override]
        return self.inner_optimizer.state

    @state.setter
    def state(self, value: Any) -> None:
        self.inner_optimizer.state = value

    @property
    def defaults(self) -> dict[str, Any]:  # type: ignore[override]
        return self.inner_optimizer.defaults

    @property
    def learning_rate(self) -> float:
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self) -> int:
        return self.inner_optimizer.iterations

    @property
    def _iterations(self) -> int:  # type: ignore[override]
        return self.inner_optimizer._iterations

    @property
    def loss_scale_factor(self) -> float:  # type: ignore[override]
        """The current loss scale: what `fit` multiplies the loss by (see the module notes)."""
        return self._scale

    @loss_scale_factor.setter
    def loss_scale_factor(self, value: Any) -> None:
        raise AttributeError(
            "A LossScaleOptimizer's loss scale is dynamic; set `loss_scale_factor` on the inner "
            f"optimizer instead, without a LossScaleOptimizer. Received: loss_scale_factor={value!r}"
        )

    @property
    def dynamic_scale(self) -> torch.Tensor:
        """Keras 3's: the current loss scale, a float32 scalar."""
        return torch.tensor(self._scale, dtype=torch.float32)

    loss_scale = dynamic_scale  # tf-keras's name

    @property
    def step_counter(self) -> torch.Tensor:
        """Keras 3's: the finite steps in a row since the scale last changed."""
        return torch.tensor(self._counter)

    @property
    def dynamic(self) -> bool:
        """tf-keras's: whether the scale is dynamic (always, as Keras 3's)."""
        return True

    def __getattr__(self, name: str) -> Any:
        # Anything else a program reads (beta_1, clipnorm, ...) is the inner optimizer's.
        inner = self.__dict__.get("inner_optimizer")
        if inner is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(inner, name)

    # ----- building and the step ----------------------------------------------------------

    @property
    def built(self) -> bool:
        return self.inner_optimizer.built

    def build(self, params: Iterable[Any]) -> LossScaleOptimizer:  # type: ignore[override]
        self.inner_optimizer.build(params)
        return self

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        self.inner_optimizer.add_param_group(param_group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.inner_optimizer.zero_grad(set_to_none)

    def scale_loss(self, loss: Any) -> Any:
        """``loss`` times the current loss scale."""
        return loss * self._scale

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        """One update from the parameters' scaled ``.grad``: unscaled (in place) and applied by
        the inner optimizer when all are finite, else skipped; then the scale is updated."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        grads = [p.grad for group in self.param_groups for p in group["params"] if p.grad is not None]
        if self._finite(grads):
            for grad in grads:
                grad.div_(self._scale)
            self.inner_optimizer.step()
            self._grow()
        else:
            self._shrink()
        return loss

    @torch.no_grad()
    def apply(self, grads: Sequence[Any], trainable_variables: Sequence[torch.Tensor] | None = None) -> None:
        """Keras 3's ``apply``: the scaled ``grads`` unscaled and applied by the inner optimizer
        when all are finite, else skipped; then the scale is updated."""
        grads = list(grads)
        given = [g for g in grads if g is not None]
        if self._finite(given):
            unscaled = [None if g is None else torch.as_tensor(g) / self._scale for g in grads]
            self.inner_optimizer.apply(unscaled, trainable_variables)
            self._grow()
        else:
            self._shrink()

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, torch.Tensor]]) -> int:
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self.iterations

    @staticmethod
    def _finite(grads: Sequence[Any]) -> bool:
        if not grads:
            return True
        return bool(torch.stack([torch.as_tensor(g).isfinite().all() for g in grads]).all())

    def _grow(self) -> None:
        # Keras's order: the update, then the counter; the scale doubles on the growth_steps-th
        if self._counter == self.dynamic_growth_steps - 1:
            self._counter, self._scale = 0, self._scale * 2.0
        else:
            self._counter += 1

    def _shrink(self) -> None:
        self._counter, self._scale = 0, self._scale * 0.5

    def finalize_variable_values(self, var_list: Any = None) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    # ----- state and config ---------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """The inner optimizer's state dict plus the loss scale and its counter."""
        return {**self.inner_optimizer.state_dict(), "loss_scale": self._scale, "step_counter": self._counter}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        state = dict(state_dict)
        scale, counter = state.pop("loss_scale", self.initial_scale), state.pop("step_counter", 0)
        self.inner_optimizer.load_state_dict(state)
        self._scale, self._counter = float(scale), int(counter)

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def get_config(self) -> dict[str, Any]:
        """Keras 3's: ``name``, ``inner_optimizer`` (serialized), ``initial_scale``,
        ``dynamic_growth_steps``."""
        from .registry import serialize

        inner = {"module": "keras.optimizers", **serialize(self.inner_optimizer), "registered_name": None}
        return {
            "name": self.name,
            "inner_optimizer": inner,
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LossScaleOptimizer:  # type: ignore[override]
        from .registry import get

        config = dict(config)
        return cls(get(config.pop("inner_optimizer")), **config)

    def __repr__(self) -> str:
        return (
            f"LossScaleOptimizer({self.inner_optimizer!r}, loss_scale={self._scale}, "
            f"dynamic_growth_steps={self.dynamic_growth_steps})"
        )

    # Keras's saved optimizer variables: the inner optimizer's (the loss scale is not saved in
    # Keras files here; `state_dict` holds it).
    def keras_variables(self, weights: Sequence[Any]) -> list[Any]:
        return self.inner_optimizer.keras_variables(weights)

    def keras_variable_shapes(self, weights: Sequence[Any]) -> list[tuple[str, tuple[int, ...]]]:
        return self.inner_optimizer.keras_variable_shapes(weights)

    def keras_variables_setter(self, *args: Any, **kwargs: Any) -> Any:
        return self.inner_optimizer.keras_variables_setter(*args, **kwargs)
