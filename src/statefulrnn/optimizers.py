"""Keras's optimizers with Keras's update rules and defaults, as ``torch.optim.Optimizer`` s.

`SGD`, `RMSprop`, `Adam` and `AdamW` follow the rules of Keras's optimizers (Keras 3, and
tf-keras >= 2.11's ``tf.keras.optimizers``; both have the same rules): the same defaults
(``epsilon=1e-7`` where torch uses 1e-8, RMSprop's ``rho=0.9`` where torch's ``alpha`` is
0.99), epsilon in the same place (inside the square root for RMSprop, outside it for Adam,
where torch puts it after Adam's bias correction), the same iteration count and the same
order of operations, in the parameter's dtype (float32 for our models), so a model trained
here ends with Keras's weights to float32 round-off (run side by side with Keras 3.15 and
tf-keras 2.21 on the same gradients, the weights agree within 3 float32 ulps, most often bit
for bit). Each step, as Keras's ``apply``:

1. keep the parameters that have a gradient (``p.grad is None``: skipped, as Keras skips a
   missing gradient); if none has one, the step does nothing and is not counted (torch's
   convention; Keras raises "No gradients provided for any variable");
2. clip the gradients (``clipnorm``, ``clipvalue`` or ``global_clipnorm``; copies: ``p.grad``
   is left as it was);
3. decoupled weight decay, if ``weight_decay`` is set (on every optimizer, as in Keras):
   ``w -= w * weight_decay * learning_rate``;
4. the optimizer's own rule (in each class's docstring), in place on the parameter, under
   ``torch.no_grad()``, so the model's Parameters stay the same objects;
5. ``iterations += 1``.

Every class uses this own step, even SGD, whose rule is torch's for a constant learning rate:
one code path gives one set of semantics (weight decay, clipping, the iteration count,
``state_dict``) for all four, and Keras's velocity ``m = momentum*m - lr*g`` keeps the learning
rate inside it, so a learning rate that changes mid-run gives Keras's numbers, not torch's.

API (what ``compile`` relies on):

- **Bound at once** (torch style): ``Adam(model.parameters(), learning_rate=1e-3)``. The first
  argument is anything ``torch.optim`` takes: tensors, ``(name, tensor)`` pairs
  (``model.named_parameters()``) or parameter-group dicts.
- **Unbound** (Keras style): ``opt = Adam(learning_rate=1e-3)``, then
  ``opt.build(model.parameters())`` binds it and returns it. Until then ``opt.built`` is
  False, ``opt.param_groups`` is empty, ``zero_grad()`` does nothing, ``step()`` raises
  RuntimeError. Building again on the same tensors does nothing; on others raises RuntimeError.
- ``bind(identifier, params)``: ``get(identifier)``, then builds it on ``params`` if it is an
  unbuilt one of ours. An optimizer that already holds parameters (ours or any
  ``torch.optim.Optimizer``) is returned as it is if it holds at least one of ``params``;
  ValueError if it holds none of them (it was made for another model).
- ``get(identifier)``: a Keras name, case-insensitive (``'sgd'``, ``'rmsprop'``, ``'adam'``,
  ``'adamw'``; a new optimizer with Keras's defaults), Keras's serialized dict
  ``{"class_name": "Adam", "config": {...}}``, or an optimizer instance (ours or any
  ``torch.optim.Optimizer``), returned as it is.
- ``get_config()`` / ``from_config(config)`` / ``serialize(optimizer)``: Keras's config keys.
- ``state_dict()`` / ``load_state_dict()``: torch's, plus ``"iterations"`` (Keras counts steps
  once for the whole optimizer, not per parameter). Per-parameter state keeps Keras's names:
  ``"momentum"``, ``"velocity"``, ``"average_gradient"``, ``"velocity_hat"``.
- ``learning_rate`` (read and set, as Keras's callbacks do), ``iterations`` (read only).

Learning rates: a number, or a schedule: any callable ``schedule(step) -> float``, called with
``iterations`` (0 for the first update) before each step, as Keras calls a
``LearningRateSchedule`` (Keras 3 also takes a callable of no arguments; we do not). The
learning rate lives in each parameter group under torch's key ``"lr"``, so torch's
``lr_scheduler`` classes work too; a schedule given here overwrites ``"lr"`` at every step.

Parameter groups may override ``learning_rate`` (or ``lr``), ``weight_decay`` and the class's
own options, as in torch: ``AdamW([{"params": kernels}, {"params": biases, "weight_decay":
None}])`` is how to keep weight decay off some parameters (Keras's
``exclude_from_weight_decay``). Clipping is for the whole optimizer, as in Keras.

Not supported (refused with an error, never ignored): ``use_ema=True`` (and the EMA
options), ``loss_scale_factor``, ``gradient_accumulation_steps``, sparse gradients, Keras's
legacy ``lr=``/``decay=`` arguments, and the Keras optimizers not listed here.

Example:
    >>> model = torch.nn.Linear(3, 1)
    >>> opt = get("adam")                     # Keras style: no parameters yet
    >>> opt.built
    False
    >>> opt = bind(opt, model.parameters())   # what compile does
    >>> model(torch.ones(2, 3)).sum().backward()
    >>> opt.step()
    >>> opt.iterations, opt.get_config()["epsilon"]
    (1, 1e-07)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

import numpy as np
import torch

__all__ = [
    "SGD",
    "Adam",
    "AdamW",
    "KerasOptimizer",
    "RMSprop",
    "bind",
    "get",
    "serialize",
]

LearningRate = float | Callable[[int], float]
"""A learning rate: a number, or a schedule ``schedule(iterations) -> float``."""

Validator = Callable[[str, str, Any], Any]
_O = TypeVar("_O", bound="KerasOptimizer")

# ----- argument checks ---------------------------------------------------------------------


def _as_float(owner: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{owner}: {name} must be a float. Received: {name}={value!r} ({type(value).__name__})"
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be finite. Received: {name}={value!r}")
    return number


def _interval(low: float, high: float | None, *, closed: bool) -> Validator:
    """A check that a float lies in ``[low, high]`` (``closed``) or ``[low, high)``."""
    shown = f"[{low:g}, {'inf)' if high is None else f'{high:g}' + (']' if closed else ')')}"

    def check(owner: str, name: str, value: Any) -> float:
        number = _as_float(owner, name, value)
        if number < low or (high is not None and (number > high if closed else number >= high)):
            raise ValueError(f"{owner}: {name} must be in {shown}. Received: {name}={value!r}")
        return number

    return check


def _boolean(owner: str, name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be True or False. Received: {name}={value!r}")
    return bool(value)


def _optional_positive(owner: str, name: str, value: Any) -> float | None:
    if value is None:
        return None
    number = _as_float(owner, name, value)
    if number <= 0:
        raise ValueError(f"{owner}: {name} must be a positive float or None. Received: {name}={value!r}")
    return number


_non_negative = _interval(0.0, None, closed=False)
_unit_closed = _interval(0.0, 1.0, closed=True)
_unit_open = _interval(0.0, 1.0, closed=False)


def _optional_non_negative(owner: str, name: str, value: Any) -> float | None:
    return None if value is None else _non_negative(owner, name, value)


def _check_learning_rate(owner: str, value: Any) -> float:
    return _non_negative(owner, "learning_rate", value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


_ARGUMENT_HINTS = {
    "lr": "write learning_rate= (Keras's spelling)",
    "alpha": "RMSprop's decay rate is rho= in Keras",
    "eps": "write epsilon= (Keras's spelling)",
    "betas": "write beta_1= and beta_2= (Keras's spelling)",
    "adaptive_epsilon": "tf-keras's Adam(adaptive_epsilon=True) is not supported (Keras 3 lacks it)",
}

# ----- the base class ----------------------------------------------------------------------


class KerasOptimizer(torch.optim.Optimizer):
    """A ``torch.optim.Optimizer`` with Keras's common options; subclasses give the rule.

    Not made directly: use `SGD`, `RMSprop`, `Adam` or `AdamW`. Their keyword arguments all
    include Keras's common ones:

    - ``weight_decay`` (float or None): decoupled decay before the rule,
      ``w -= w * weight_decay * learning_rate``;
    - ``clipnorm`` (float or None): each gradient scaled to L2 norm at most ``clipnorm``:
      ``g * clipnorm / max(norm(g), clipnorm)``;
    - ``clipvalue`` (float or None): each gradient clamped to ``[-clipvalue, clipvalue]``;
    - ``global_clipnorm`` (float or None): all gradients of the step scaled together so that
      their joint L2 norm is at most ``global_clipnorm`` (at most one of the three clips);
    - ``name`` (str or None): Keras's name, kept in the config;
    - ``use_ema=False``, ``ema_momentum=0.99``, ``ema_overwrite_frequency=None``,
      ``loss_scale_factor=None``, ``gradient_accumulation_steps=None``: accepted at these
      values only (so Keras's configs load); anything else is refused (not supported yet).

    A subclass sets ``_OPTIONS`` (its own options, each with its check) and ``_update``.
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {}
    _OWN_ATTRIBUTES = ("name", "clipnorm", "clipvalue", "global_clipnorm", "_schedule", "_iterations")

    def __init__(
        self,
        params: Iterable[Any] | None,
        options: Mapping[str, Any],
        *,
        learning_rate: LearningRate,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        owner = type(self).__name__
        self._refuse_unknown(kwargs)
        self._refuse_unsupported(
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
        )
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{owner}: name must be a string or None. Received: name={name!r}")
        self.name: str = name if name is not None else owner.lower()
        self.clipnorm = _optional_positive(owner, "clipnorm", clipnorm)
        self.clipvalue = _optional_positive(owner, "clipvalue", clipvalue)
        self.global_clipnorm = _optional_positive(owner, "global_clipnorm", global_clipnorm)
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        if sum(value is not None for value in clips.values()) > 1:
            given = ", ".join(f"{key}={value!r}" for key, value in clips.items() if value is not None)
            raise ValueError(
                f"{owner}: give at most one of clipnorm, clipvalue and global_clipnorm. Received: {given}"
            )
        self._iterations = 0
        self._schedule: Callable[[int], float] | None = None
        if callable(learning_rate) and not _is_number(learning_rate):
            self._schedule = learning_rate
            lr = self._scheduled_learning_rate(0)
        else:
            lr = _check_learning_rate(owner, learning_rate)
        defaults = {"lr": lr, "weight_decay": _optional_non_negative(owner, "weight_decay", weight_decay)}
        defaults.update(self._check_options(owner, options))
        # torch.optim.Optimizer.__init__ refuses an empty parameter list, so an unbound optimizer
        # is set up the way torch restores a pickled one (__setstate__ creates the hooks and
        # patches step) with no parameter groups; build() then adds them as torch's __init__ would.
        super().__setstate__({"defaults": defaults, "state": defaultdict(dict), "param_groups": []})
        self.defaults.pop("differentiable", None)  # torch's flag for a pickled optimizer; not an option here
        if params is not None:
            if _is_number(params):
                raise TypeError(
                    f"{owner}({params!r}): the first positional argument is the parameters (torch style). "
                    f"Write {owner}(learning_rate={params!r}) (Keras style, built later by compile) or "
                    f"{owner}(model.parameters(), learning_rate={params!r})."
                )
            self.build(params)

    # ----- checks --------------------------------------------------------------------------

    def _refuse_unknown(self, kwargs: dict[str, Any]) -> None:
        owner = type(self).__name__
        if "decay" in kwargs:
            raise ValueError(
                f"{owner}: decay= is Keras's legacy learning-rate decay, which Keras >= 2.11 optimizers no "
                "longer have. Give learning_rate a schedule instead: a callable step -> learning rate."
            )
        for key in kwargs:
            if key in _ARGUMENT_HINTS:
                raise TypeError(
                    f"{owner} got an unexpected keyword argument {key!r}: {_ARGUMENT_HINTS[key]}."
                )
        if kwargs:
            accepted = ["params", "learning_rate", *self._OPTIONS, "weight_decay", "clipnorm", "clipvalue"]
            accepted += ["global_clipnorm", "name"]
            raise TypeError(
                f"{owner} got unexpected keyword argument(s) {sorted(kwargs)}. "
                f"Accepted: {', '.join(accepted)}."
            )

    def _refuse_unsupported(self, **given: Any) -> None:
        owner = type(self).__name__
        supported = {
            "use_ema": False,
            "ema_momentum": 0.99,
            "ema_overwrite_frequency": None,
            "loss_scale_factor": None,
            "gradient_accumulation_steps": None,
        }
        for key, value in given.items():
            if value != supported[key] or isinstance(value, bool) != isinstance(supported[key], bool):
                raise ValueError(
                    f"{owner}: {key}={value!r} is not supported by statefulrnn's optimizers yet "
                    f"(only {key}={supported[key]!r}, Keras's default)."
                )

    @classmethod
    def _check_options(cls, owner: str, options: Mapping[str, Any]) -> dict[str, Any]:
        """Check the class's own options (any subset of ``_OPTIONS``), normalized."""
        return {key: cls._OPTIONS[key](owner, key, value) for key, value in options.items()}

    def _check_group(self, group: dict[str, Any]) -> dict[str, Any]:
        owner = f"{type(self).__name__} parameter group"
        group = dict(group)
        if "learning_rate" in group:
            if "lr" in group:
                raise ValueError(f"{owner}: give learning_rate or lr, not both.")
            group["lr"] = group.pop("learning_rate")
        known = {"params", "param_names", "initial_lr", *self.defaults}
        unknown = sorted(set(group) - known)
        if unknown:
            accepted = ["params", "learning_rate", "weight_decay", *self._OPTIONS]
            raise ValueError(f"{owner}: unknown option(s) {unknown}. Accepted: {', '.join(accepted)}.")
        if "lr" in group:
            group["lr"] = _check_learning_rate(owner, group["lr"])
        if "weight_decay" in group:
            group["weight_decay"] = _optional_non_negative(owner, "weight_decay", group["weight_decay"])
        own = {key: group[key] for key in self._OPTIONS if key in group}
        group.update(self._check_options(owner, own))
        return group

    # ----- building ------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        """Whether the optimizer holds its parameters (Keras's ``built``)."""
        return bool(self.param_groups)

    def build(self: _O, params: Iterable[Any]) -> _O:
        """Bind an unbuilt optimizer to ``params`` and return it.

        ``params`` is what ``torch.optim`` takes: tensors, ``(name, tensor)`` pairs or group
        dicts. Building again on the same tensors does nothing.

        Raises:
            RuntimeError: if it is already built on other tensors.
            TypeError, ValueError: for parameters torch refuses, non-float tensors, an empty
                list or a group with bad options.
        """
        owner = type(self).__name__
        if isinstance(params, torch.Tensor) or not isinstance(params, Iterable) or isinstance(params, str):
            raise TypeError(
                f"{owner}: params must be an iterable of tensors (e.g. model.parameters()), of "
                f"(name, tensor) pairs or of parameter-group dicts. Received: {type(params).__name__}"
            )
        groups = list(params)
        if not groups:
            raise ValueError(f"{owner}: got an empty parameter list; the model has no parameters to train.")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        if self.built:
            held = [p for group in self.param_groups for p in group["params"]]
            given = [_tensor_of(p) for group in groups for p in _as_list(group.get("params", []))]
            if {id(p) for p in given} == {id(p) for p in held}:
                return self
            raise RuntimeError(
                f"{owner} is already built on {len(held)} other tensors. A Keras optimizer serves one set of "
                "parameters: make a new one for these."
            )
        try:
            for group in groups:
                self.add_param_group(group)
        except BaseException:
            self.param_groups.clear()  # all or nothing
            raise
        return self

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """torch's ``add_param_group``, checking the group's options and that tensors are float."""
        if not isinstance(param_group, dict):
            raise TypeError(f"A parameter group must be a dict. Received: {type(param_group).__name__}")
        super().add_param_group(self._check_group(param_group))
        for p in self.param_groups[-1]["params"]:
            if not p.is_floating_point():
                self.param_groups.pop()
                raise TypeError(
                    f"{type(self).__name__} trains floating-point tensors only. Received a tensor of dtype "
                    f"{p.dtype} and shape {tuple(p.shape)}."
                )

    def exclude_from_weight_decay(self, var_list: Any = None, var_names: Any = None) -> None:
        """Not supported: give the excluded parameters a group with ``weight_decay=None``."""
        raise NotImplementedError(
            "exclude_from_weight_decay is not supported. Put those parameters in their own group "
            f'instead: {type(self).__name__}([{{"params": decayed}}, '
            '{"params": excluded, "weight_decay": None}], ...).'
        )

    # ----- learning rate and iterations ----------------------------------------------------

    @property
    def iterations(self) -> int:
        """How many updates this optimizer has made (Keras's ``optimizer.iterations``)."""
        return self._iterations

    @property
    def learning_rate(self) -> float:
        """The learning rate the next step uses (the first group's, when groups differ)."""
        if self._schedule is not None:
            return self._scheduled_learning_rate(self._iterations)
        return float((self.param_groups or [self.defaults])[0]["lr"])

    @learning_rate.setter
    def learning_rate(self, value: LearningRate) -> None:
        owner = type(self).__name__
        if callable(value) and not _is_number(value):
            previous, self._schedule = self._schedule, value
            try:
                lr = self._scheduled_learning_rate(self._iterations)
            except BaseException:
                self._schedule = previous
                raise
        else:
            if self._schedule is not None:
                raise TypeError(
                    f"{owner} was given a learning-rate schedule, so its learning rate cannot be set to a "
                    f"number (as in Keras). Received: {value!r}"
                )
            lr = _check_learning_rate(owner, value)
        self.defaults["lr"] = lr
        for group in self.param_groups:
            group["lr"] = lr

    def _scheduled_learning_rate(self, step: int) -> float:
        assert self._schedule is not None
        value = self._schedule(step)
        if isinstance(value, torch.Tensor) and value.numel() == 1:
            value = value.item()
        elif hasattr(value, "numpy"):  # a TensorFlow scalar from a Keras schedule
            value = np.asarray(value.numpy()).item()
        owner = f"{type(self).__name__}: the learning-rate schedule {self._schedule!r} at step {step}"
        if not _is_number(value):
            raise TypeError(f"{owner} must return a float. Received: {value!r}")
        return _check_learning_rate(owner, value)

    # ----- the step ------------------------------------------------------------------------

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        """Apply one update from the parameters' ``.grad`` (Keras's ``apply_gradients``).

        ``closure``, if given, recomputes and returns the loss (torch's convention); the loss
        is returned.
        """
        if not self.built:
            raise RuntimeError(
                f"{type(self).__name__}.step(): the optimizer is not built yet. Call "
                "optimizer.build(model.parameters()) first (compile does it for you)."
            )
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        work = [(p, group) for group in self.param_groups for p in group["params"] if p.grad is not None]
        if not work:
            return loss
        for p, _ in work:
            if p.grad.is_sparse:
                raise TypeError(
                    f"{type(self).__name__} does not support sparse gradients (got one for a parameter of "
                    f"shape {tuple(p.shape)}); use dense gradients, e.g. torch.nn.Embedding(sparse=False)."
                )
        if self._schedule is not None:
            lr = self._scheduled_learning_rate(self._iterations)
            for group in self.param_groups:
                group["lr"] = lr
        grads = self._clip([p.grad for p, _ in work])
        for (p, group), grad in zip(work, grads):
            grad = grad.to(p.dtype)
            if group["weight_decay"] is not None:
                p.sub_(p * group["weight_decay"] * group["lr"])
            self._update(p, grad, self.state[p], group)
        self._iterations += 1
        return loss

    def _clip(self, grads: list[torch.Tensor]) -> list[torch.Tensor]:
        """Keras's clipping (tf.clip_by_norm, tf.clip_by_global_norm, clip by value)."""
        if self.clipnorm is not None:
            return [_clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            return _clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue is not None:
            return [g.clamp(-self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _update(
        self, param: torch.Tensor, grad: torch.Tensor, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        """Update ``param`` in place from ``grad`` (clipped, in ``param``'s dtype), its
        ``state`` (Keras's slot variables) and ``group`` (its options, learning rate ``"lr"``)."""
        raise NotImplementedError

    # ----- state and config ----------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """torch's state dict plus ``"iterations"``."""
        state = super().state_dict()
        state["iterations"] = self._iterations
        return state

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Load a `state_dict` of the same optimizer class on the same parameter layout."""
        owner = type(self).__name__
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"{owner}.load_state_dict needs a dict. Received: {type(state_dict).__name__}")
        if "iterations" not in state_dict:
            raise ValueError(
                f"{owner}.load_state_dict: the state dict has no 'iterations' entry, so it was not saved by "
                "a statefulrnn optimizer (Keras counts steps for the whole optimizer; torch's do not)."
            )
        iterations = state_dict["iterations"]
        if isinstance(iterations, torch.Tensor):
            iterations = iterations.item()
        if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)) or iterations < 0:
            raise ValueError(
                f"{owner}.load_state_dict: 'iterations' must be an int >= 0. Received: {iterations!r}"
            )
        if not self.built and state_dict.get("param_groups"):
            raise RuntimeError(
                f"{owner}.load_state_dict: build the optimizer on the model's parameters first."
            )
        needed = set(self.defaults) - {"differentiable"}
        for group in state_dict.get("param_groups", []):
            missing = sorted(needed - set(group))
            if missing:
                raise ValueError(
                    f"{owner}.load_state_dict: a saved parameter group lacks {missing}, so the state dict is "
                    "another optimizer's."
                )
        super().load_state_dict({key: value for key, value in state_dict.items() if key != "iterations"})
        self._iterations = int(iterations)

    def __getstate__(self) -> dict[str, Any]:
        # torch pickles only defaults, state and param_groups; keep the Keras attributes too.
        state = super().__getstate__()
        state.update({key: self.__dict__[key] for key in self._OWN_ATTRIBUTES})
        return state

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, with Keras's keys (``learning_rate``: the current one,
        or the schedule itself; the other options: the optimizer-wide defaults)."""
        config: dict[str, Any] = {
            "name": self.name,
            "learning_rate": self._schedule if self._schedule is not None else self.learning_rate,
            "weight_decay": self.defaults["weight_decay"],
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": False,
            "ema_momentum": 0.99,
            "ema_overwrite_frequency": None,
            "loss_scale_factor": None,
            "gradient_accumulation_steps": None,
        }
        config.update({key: self.defaults[key] for key in self._OPTIONS})
        return config

    @classmethod
    def from_config(cls: type[_O], config: Mapping[str, Any]) -> _O:
        """A new unbuilt optimizer from `get_config`'s dict, Keras 3's or tf-keras's."""
        if not isinstance(config, Mapping):
            raise TypeError(f"{cls.__name__}.from_config needs a dict. Received: {type(config).__name__}")
        config = dict(config)
        config.pop("jit_compile", None)  # tf-keras: whether XLA runs the step; no bearing on the numbers
        if config.pop("is_legacy_optimizer", False):
            raise ValueError(
                f"{cls.__name__}.from_config: this is the config of a legacy tf.keras optimizer "
                "(tf.keras.optimizers.legacy), whose rules differ; only Keras >= 2.11's are supported."
            )
        if isinstance(config.get("learning_rate"), Mapping):
            raise TypeError(
                f"{cls.__name__}.from_config: a serialized Keras learning-rate schedule is not supported. "
                f"Received: learning_rate={config['learning_rate']!r}; pass a callable step -> learning rate."
            )
        return cls(**config)

    def __repr__(self) -> str:
        if self.built:
            return super().__repr__()
        options = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items() if key != "name")
        return f"{type(self).__name__}({options}) [not built: call .build(params)]"


def _tensor_of(item: Any) -> Any:
    return item[1] if isinstance(item, tuple) and len(item) == 2 else item


def _as_list(params: Any) -> list[Any]:
    return [params] if isinstance(params, torch.Tensor) else list(params)


def _slot(state: dict[str, Any], key: str, param: torch.Tensor) -> torch.Tensor:
    """The slot variable ``key`` of ``param`` (Keras's optimizer variable), zeros at first."""
    buffer = state.get(key)
    if buffer is None:
        buffer = state[key] = torch.zeros_like(param, memory_format=torch.preserve_format)
    return buffer


def _clip_by_norm(grad: torch.Tensor, clipnorm: float) -> torch.Tensor:
    norm = grad.square().sum().sqrt()
    return (grad * clipnorm) / norm.clamp_min(clipnorm)


def _clip_by_global_norm(grads: list[torch.Tensor], clipnorm: float) -> list[torch.Tensor]:
    device = grads[0].device
    dtype = torch.float64 if any(g.dtype == torch.float64 for g in grads) else torch.float32
    norm = torch.stack([g.square().sum().to(device=device, dtype=dtype) for g in grads]).sum().sqrt()
    clip = norm.new_tensor(clipnorm)
    scale = clip * torch.minimum(1.0 / norm, 1.0 / clip)
    scale = scale + (norm - norm)  # as TensorFlow: a NaN or inf norm makes every gradient NaN
    return [g * scale.to(device=g.device, dtype=g.dtype) for g in grads]


def _scalar_type(param: torch.Tensor) -> type[np.floating]:
    """The numpy type in which Keras computes a step's scalars: the variable's dtype."""
    return np.float64 if param.dtype == torch.float64 else np.float32


# ----- the optimizers ----------------------------------------------------------------------


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

    def _update(
        self, param: torch.Tensor, grad: torch.Tensor, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        lr, momentum = group["lr"], group["momentum"]
        if momentum == 0:
            param.sub_(grad * lr)
            return
        m = _slot(state, "momentum", param)
        m.copy_(m * momentum - grad * lr)
        if group["nesterov"]:
            param.add_(m * momentum - grad * lr)
        else:
            param.add_(m)


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
        "epsilon": _non_negative,
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

    def _update(
        self, param: torch.Tensor, grad: torch.Tensor, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        lr, rho, epsilon = group["lr"], group["rho"], group["epsilon"]
        velocity = _slot(state, "velocity", param)
        velocity.copy_(rho * velocity + (1 - rho) * grad.square())
        if group["centered"]:
            average = _slot(state, "average_gradient", param)
            average.copy_(rho * average + (1 - rho) * grad)
            denominator = velocity - average.square() + epsilon
        else:
            denominator = velocity + epsilon
        increment = (lr * grad) / denominator.sqrt()
        if group["momentum"] > 0:
            m = _slot(state, "momentum", param)
            m.copy_(group["momentum"] * m + increment)
            param.sub_(m)
        else:
            param.sub_(increment)


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
        "epsilon": _non_negative,
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

    def _update(
        self, param: torch.Tensor, grad: torch.Tensor, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        beta_1, beta_2 = group["beta_1"], group["beta_2"]
        real = _scalar_type(param)
        step = real(self._iterations + 1)
        beta_1_power, beta_2_power = real(beta_1) ** step, real(beta_2) ** step
        alpha = float(real(group["lr"]) * np.sqrt(real(1) - beta_2_power) / (real(1) - beta_1_power))
        m = _slot(state, "momentum", param)
        v = _slot(state, "velocity", param)
        m.add_((grad - m) * (1 - beta_1))
        v.add_((grad.square() - v) * (1 - beta_2))
        if group["amsgrad"]:
            v_hat = _slot(state, "velocity_hat", param)
            v_hat.copy_(torch.maximum(v_hat, v))
            v = v_hat
        param.sub_((m * alpha) / (v.sqrt() + group["epsilon"]))


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


# ----- resolution ----------------------------------------------------------------------------

_BY_NAME: dict[str, type[KerasOptimizer]] = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}
# Keras optimizers not implemented here, so their names get a precise message.
_KERAS_ONLY = (
    "adadelta",
    "adafactor",
    "adagrad",
    "adamax",
    "ftrl",
    "lamb",
    "lion",
    "lossscaleoptimizer",
    "muon",
    "nadam",
)


def _class_named(name: str) -> type[KerasOptimizer]:
    key = name.lower()
    if key in _BY_NAME:
        return _BY_NAME[key]
    known = ", ".join(repr(n) for n in _BY_NAME)
    if key in _KERAS_ONLY:
        raise ValueError(
            f"Keras's optimizer {name!r} is not implemented in statefulrnn yet. Known names: {known}; "
            "or pass any torch.optim.Optimizer instance."
        )
    raise ValueError(f"Unknown optimizer {name!r}. Known names: {known} (any case).")


def get(identifier: str | Mapping[str, Any] | torch.optim.Optimizer) -> torch.optim.Optimizer:
    """Resolve an optimizer the way Keras's ``keras.optimizers.get`` does.

    Args:
        identifier: a name (``'sgd'``, ``'rmsprop'``, ``'adam'``, ``'adamw'``, any case: a new
            unbuilt optimizer with Keras's defaults); Keras's serialized form
            ``{"class_name": "Adam", "config": {...}}`` (Keras 3's ``module`` and
            ``registered_name`` keys are accepted and ignored); or an optimizer instance, ours
            or any ``torch.optim.Optimizer``, returned as it is.

    Raises:
        ValueError: for an unknown name or a malformed dict.
        TypeError: for anything else.

    Example:
        >>> get("RMSprop").get_config()["rho"]
        0.9
        >>> get({"class_name": "SGD", "config": {"learning_rate": 0.5}}).learning_rate
        0.5
    """
    if isinstance(identifier, torch.optim.Optimizer):
        return identifier
    if isinstance(identifier, str):
        return _class_named(identifier)()
    if isinstance(identifier, Mapping):
        extra = sorted(set(identifier) - {"class_name", "config", "module", "registered_name"})
        if "class_name" not in identifier or extra:
            raise ValueError(
                "A serialized optimizer is a dict {'class_name': 'Adam', 'config': {...}}. "
                f"Received keys: {sorted(identifier)}"
            )
        class_name = identifier["class_name"]
        if not isinstance(class_name, str):
            raise TypeError(f"class_name must be a string. Received: {class_name!r}")
        return _class_named(class_name).from_config(identifier.get("config") or {})
    if isinstance(identifier, type) and issubclass(identifier, torch.optim.Optimizer):
        raise TypeError(
            f"Pass an optimizer instance or a name, not the class {identifier.__name__}: "
            f"e.g. {identifier.__name__}(learning_rate=...) or {identifier.__name__.lower()!r}."
        )
    raise TypeError(
        "An optimizer must be a name such as 'adam', a dict {'class_name': ..., 'config': ...} or an "
        f"optimizer instance. Received: {identifier!r} ({type(identifier).__name__})"
    )


def bind(
    identifier: str | Mapping[str, Any] | torch.optim.Optimizer, params: Iterable[Any]
) -> torch.optim.Optimizer:
    """`get` the optimizer, bound to ``params`` (what ``compile``/``fit`` call).

    An unbuilt optimizer of ours is built on ``params``. One that already holds parameters
    (ours, or any ``torch.optim.Optimizer``) is returned as it is, if it holds at least one of
    ``params`` (it may train a subset).

    Raises:
        ValueError: if it holds none of ``params`` (it was built for another model), or
            ``params`` is empty; and as `get` and `KerasOptimizer.build`.

    Example:
        >>> model = torch.nn.Linear(2, 2)
        >>> opt = bind("sgd", model.parameters())
        >>> opt.built, bind(opt, model.parameters()) is opt
        (True, True)
    """
    optimizer = get(identifier)
    params = list(params)
    if isinstance(optimizer, KerasOptimizer) and not optimizer.built:
        return optimizer.build(params)
    groups = params if params and isinstance(params[0], dict) else [{"params": params}]
    given = {id(_tensor_of(p)) for group in groups for p in _as_list(group.get("params", []))}
    held = [p for group in optimizer.param_groups for p in group["params"]]
    if not given:
        raise ValueError("bind: got an empty parameter list; the model has no parameters to train.")
    if not any(id(p) in given for p in held):
        raise ValueError(
            f"This {type(optimizer).__name__} already holds {len(held)} tensors, none of them among the "
            f"{len(given)} given (it was made for another model). Use a new optimizer, or a name such as "
            "'adam'."
        )
    return optimizer


def serialize(optimizer: KerasOptimizer) -> dict[str, Any]:
    """Keras's serialized form ``{"class_name": ..., "config": ...}``, which `get` reads back."""
    if not isinstance(optimizer, KerasOptimizer):
        raise TypeError(
            "serialize needs a statefulrnn optimizer (SGD, RMSprop, Adam, AdamW). "
            f"Received: {type(optimizer).__name__}"
        )
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}
