"""`KerasOptimizer`: the base class, with Keras's common options and step; subclasses give
the rule. The module docstring of `statefulrnn.optimizers` describes the semantics."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import numpy as np
import torch

from .._compat import foreach, init_unbound_optimizer
from .._keras_rules import tf_keras_rules
from . import schedules
from .clipping import _clip_by_global_norm, clip_each_by_norm
from .validation import (
    _ARGUMENT_HINTS,
    Validator,
    _boolean,
    _check_learning_rate,
    _checked_pairs,
    _is_number,
    _optional_count,
    _optional_non_negative,
    _optional_positive,
    _unit_closed,
)

if TYPE_CHECKING:
    from ..layers.base import KerasWeight

LearningRate = float | Callable[[int], float]
"""A learning rate: a number, or a schedule ``schedule(iterations) -> float``."""

_O = TypeVar("_O", bound="KerasOptimizer")

# Keras's names of the base class's own slots, kept in `state` as the rules' are.
_AVERAGE = "average"  # use_ema's moving average of a weight
_ACCUMULATED = "gradient_accumulator"  # gradient_accumulation_steps' running sum


def _option_property(name: str) -> property:
    """An optimizer's own option ``name`` as an attribute: read from its first parameter group
    (its settings, before it is built), and set, checked, in every group, as the learning rate."""

    def read(optimizer: KerasOptimizer) -> Any:
        return (optimizer.param_groups or [optimizer.defaults])[0][name]

    def write(optimizer: KerasOptimizer, value: Any) -> None:
        checked = optimizer._check_options(type(optimizer).__name__, {name: value})[name]
        optimizer.defaults[name] = checked
        for group in optimizer.param_groups:
            group[name] = checked

    return property(read, write, doc=f"The optimizer's ``{name}`` (Keras's attribute).")


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
    - ``use_ema`` (default False), ``ema_momentum`` (0.99), ``ema_overwrite_frequency``
      (None): after each step, a moving average of every trained weight, ``average =
      m * average + (1 - m) * w`` with ``m = ema_momentum`` (0 at the first step, so the
      average starts at the weights); every ``ema_overwrite_frequency`` steps the weights are
      set to their averages, and `fit` ends with them there (`finalize_variable_values`).
      The `SwapEMAWeights` callback evaluates on the averages.
    - ``gradient_accumulation_steps`` (None, or an int >= 2): the gradients of that many
      calls are summed and one update made from their mean on the last of them (clipping and
      weight decay then too); ``iterations`` counts updates, so step-counting rules (Adam's
      bias corrections) count updates, while a learning-rate schedule reads every call.
    - ``loss_scale_factor`` (None or a positive float): `fit` differentiates the loss times
      this factor (`scale_loss`) and the step divides the gradients by it.

    All of these follow Keras 3's ``BaseOptimizer``, and ``0`` for either count means None,
    as there.

    A subclass sets ``_OPTIONS`` (its own options, each with its check) and ``_update``.
    """

    _OPTIONS: ClassVar[dict[str, Validator]] = {}
    _OWN_ATTRIBUTES = (
        "name", "clipnorm", "clipvalue", "global_clipnorm", "_schedule", "_iterations", "use_ema",
        "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
        "ema_weights_swapped", "decay",
    )  # fmt: skip

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
        if _is_learning_rate(params):
            # Keras's first positional argument, Adam(1e-3): no parameters are a number or a schedule
            declared = inspect.signature(type(self).__init__).parameters.get("learning_rate")
            default = learning_rate if declared is None else declared.default  # a subclass may not name it
            if "lr" in kwargs or learning_rate != default:
                raise TypeError(
                    f"{owner}({params!r}, ...) got the learning rate twice: positionally and by name."
                )
            params, learning_rate = None, params
        if "lr" in kwargs:
            # Keras 2's name (tf.keras.optimizers.legacy takes it, with this warning; tf-keras >= 2.11's
            # new optimizers warn and drop it): the learning rate, as the program meant it.
            warnings.warn(
                "The `lr` argument is deprecated, use `learning_rate` instead.", UserWarning, stacklevel=3
            )
            learning_rate = kwargs.pop("lr")
        # Keras 2's legacy decay (Adam(lr=1e-3, decay=1e-6)), which tf.keras.optimizers.legacy keeps:
        # each update's rate is the rate over (1 + decay * updates made before it).
        decay = kwargs.pop("decay", 0.0)
        self.decay = _optional_non_negative(owner, "decay", 0.0 if decay is None else decay)
        self._refuse_unknown(kwargs)
        self.use_ema = _boolean(owner, "use_ema", use_ema)
        self.ema_momentum = _unit_closed(owner, "ema_momentum", ema_momentum)
        self.ema_overwrite_frequency = _optional_count(
            owner, "ema_overwrite_frequency", ema_overwrite_frequency, 1
        )
        self.loss_scale_factor = _optional_positive(owner, "loss_scale_factor", loss_scale_factor)
        self.ema_weights_swapped = False  # whether the model holds the averages (SwapEMAWeights)
        self.gradient_accumulation_steps = _optional_count(
            owner, "gradient_accumulation_steps", gradient_accumulation_steps, 2
        )
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{owner}: name must be a string or None. Received: name={name!r}")
        self.name: str = name if name is not None else owner.lower()
        self.clipnorm = _optional_positive(owner, "clipnorm", clipnorm)
        self.clipvalue = _optional_positive(owner, "clipvalue", clipvalue)
        self.global_clipnorm = _optional_positive(owner, "global_clipnorm", global_clipnorm)
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        if tf_keras_rules():  # tf-keras takes clipvalue beside a norm, which wins (`_clip`)
            clips.pop("clipvalue")
        if sum(value is not None for value in clips.values()) > 1:
            given = ", ".join(f"{key}={value!r}" for key, value in clips.items() if value is not None)
            names = ", ".join(clips).replace(", global", " and global")
            raise ValueError(f"{owner}: give at most one of {names}. Received: {given}")
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
        # starts with no parameter groups; build() then adds them as torch's __init__ would.
        init_unbound_optimizer(self, defaults)
        self.defaults.pop("differentiable", None)  # torch's flag for a pickled optimizer; not an option here
        if params is not None:
            self.build(params)

    # ----- checks --------------------------------------------------------------------------

    def _refuse_unknown(self, kwargs: dict[str, Any]) -> None:
        owner = type(self).__name__
        for key in kwargs:
            if key in _ARGUMENT_HINTS:
                raise TypeError(
                    f"{owner} got an unexpected keyword argument {key!r}: {_ARGUMENT_HINTS[key]}."
                )
        if kwargs:
            accepted = ["params", "learning_rate", *self._OPTIONS, "weight_decay", "clipnorm", "clipvalue"]
            accepted += ["global_clipnorm", "use_ema", "ema_momentum", "ema_overwrite_frequency"]
            accepted += ["loss_scale_factor", "gradient_accumulation_steps", "decay", "name"]
            raise TypeError(
                f"{owner} got unexpected keyword argument(s) {sorted(kwargs)}. "
                f"Accepted: {', '.join(accepted)}."
            )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Each of the class's own options answers as an attribute, as Keras's optimizers
        answer them (``optimizer.beta_1``; tf-keras's through its hyperparameters), and its
        constructor takes them by position after the learning rate, as Keras's do."""
        super().__init_subclass__(**kwargs)
        for name in cls._OPTIONS:
            if not hasattr(cls, name):
                setattr(cls, name, _option_property(name))
        if "__init__" in cls.__dict__:
            cls.__init__ = _keras_positional(cls.__init__)

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
        """How many updates this optimizer has made (Keras's ``optimizer.iterations``; with
        ``gradient_accumulation_steps``, the calls divided by that, rounded down)."""
        steps = self.gradient_accumulation_steps
        return self._iterations // steps if steps else self._iterations

    @property
    def learning_rate(self) -> float:
        """The learning rate the next step uses (the first group's, when groups differ): a
        float that also answers Keras 3's variable calls, ``assign(value)`` (setting the rate,
        as this property's setter does) and ``numpy()``; a schedule's current rate is a plain
        float, which Keras cannot assign either."""
        if self._schedule is not None:
            return self._scheduled_learning_rate(self._iterations)
        return RateVariable(float((self.param_groups or [self.defaults])[0]["lr"]), self)

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

    @property
    def lr(self) -> float:
        """Keras 2's name of `learning_rate` (``K.set_value(optimizer.lr, 0.01)``)."""
        return self.learning_rate

    @lr.setter
    def lr(self, value: LearningRate) -> None:
        self.learning_rate = value

    def _scheduled_learning_rate(self, step: int) -> float:
        assert self._schedule is not None
        schedule = self._schedule
        if type(schedule).__call__ is schedules.LearningRateSchedule.__call__:
            value = float(schedule._rate_at(step))  # ours, as its call reads it, without a tensor
        else:
            value = schedule(step)
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
        """Apply one update from the parameters' ``.grad`` (torch's way; Keras's is `apply`).

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
        work = [
            (p, group, p.grad) for group in self.param_groups for p in group["params"] if p.grad is not None
        ]
        if work:
            self._apply_updates(work)
        return loss

    def zero_grad(self, set_to_none: bool = True) -> None:
        """torch's ``zero_grad``: each parameter's ``.grad`` set to None (zeroed in place with
        ``set_to_none=False``). The default skips torch's profiler label and dynamo guard,
        ~10 us a step, a tenth of a small model's training step."""
        if not set_to_none:
            super().zero_grad(set_to_none=False)
            return
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = None

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, torch.Tensor]]) -> int:
        """Keras 3's ``apply_gradients(zip(grads, vars))``: one update from the given gradients.

        See `apply`. Returns ``iterations`` after the update (as Keras returns its counter).
        """
        pairs = list(grads_and_vars)
        grads, variables = [g for g, _ in pairs], [v for _, v in pairs]
        self.apply(grads, variables)
        return self._iterations

    @torch.no_grad()
    def apply(self, grads: Sequence[Any], trainable_variables: Sequence[torch.Tensor] | None = None) -> None:
        """Keras 3's ``apply(grads, trainable_variables)``: one update of ``trainable_variables``
        from ``grads`` (from ``torch.autograd.grad``, say), without touching their ``.grad``.

        As Keras: an unbuilt optimizer is built on ``trainable_variables``; without them, the
        gradients pair one to one with the parameters it was built on; a None gradient is
        skipped with a warning; the step counts once (``iterations += 1``). The variables are
        the model's Parameters themselves: ``model.trainable_variables``.

        Raises:
            ValueError: a variable this optimizer was not built on, gradients and variables of
                different counts or shapes, or no gradient at all.

        The module docstring of `statefulrnn.optimizers` shows a custom training loop.
        """
        owner = type(self).__name__
        grads = list(grads)
        if not grads:
            return  # as Keras: nothing to apply
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"{owner}.apply: when passing grads without variables, the optimizer must already be "
                    "built on a list of variables. Call optimizer.build(model.trainable_variables) first."
                )
            variables = [p for group in self.param_groups for p in group["params"]]
        else:
            variables = list(trainable_variables)
        groups = {id(p): group for group in self.param_groups for p in group["params"]}
        pairs = _checked_pairs(owner, grads, variables, groups if self.built else None)
        if not self.built:
            self.build(variables)
            groups = {id(p): group for group in self.param_groups for p in group["params"]}
        missing = [index for index, grad in enumerate(grads) if grad is None]
        if missing:
            warnings.warn(
                f"Gradients do not exist for variables {missing} (by position) when minimizing the loss.",
                stacklevel=2,
            )
        self._apply_updates([(p, groups[id(p)], grad) for grad, p in pairs])

    def _apply_updates(self, work: list[tuple[torch.Tensor, dict[str, Any], torch.Tensor]]) -> None:
        """One update: each ``(parameter, its group, its gradient)``; clipping, weight decay,
        the rule, ``iterations += 1`` (the step every entry point shares)."""
        for p, _, grad in work:
            if grad.is_sparse:
                raise TypeError(
                    f"{type(self).__name__} does not support sparse gradients (got one for a parameter of "
                    f"shape {tuple(p.shape)}); use dense gradients, e.g. torch.nn.Embedding(sparse=False)."
                )
        if self._schedule is not None:
            lr = self._scheduled_learning_rate(self._iterations)
            for group in self.param_groups:
                group["lr"] = lr
        grads = [grad for _, _, grad in work]
        if self.loss_scale_factor is not None:  # the loss was scaled: the gradients are unscaled
            grads = [grad / self.loss_scale_factor for grad in grads]
        steps = self.gradient_accumulation_steps
        if steps and (self._iterations + 1) % steps:  # not the update's call: only summed
            for (p, _, _), grad in zip(work, grads):
                accumulated = _slot(self.state[p], _ACCUMULATED, p)
                accumulated.copy_(grad + accumulated)
        else:
            if steps:  # the mean of this call's gradients and those summed before
                grads = [
                    (grad + _slot(self.state[p], _ACCUMULATED, p)) / steps
                    for (p, _, _), grad in zip(work, grads)
                ]
            self._apply_rule(work, self._clip(work, grads))
            if steps:
                for state in self.state.values():
                    if _ACCUMULATED in state:
                        state[_ACCUMULATED].zero_()
        if self.use_ema:
            self._update_averages()
        self._iterations += 1

    def _apply_rule(
        self, work: list[tuple[torch.Tensor, dict[str, Any], Any]], grads: list[torch.Tensor]
    ) -> None:
        """Weight decay and the rule, group by group, from ``grads`` (clipped) for ``work``'s
        parameters; with Keras 2's ``decay``, at each group's rate over ``1 + decay * t`` (``t``
        the updates made before this one), in float32 as tf.keras's legacy optimizers compute it,
        the group keeping its own rate (which ``K.set_value(optimizer.lr, ...)`` sets)."""
        decayed = (
            np.float32(1.0) + np.float32(self.decay) * np.float32(self.iterations) if self.decay else None
        )
        for group in self.param_groups:
            mine = [
                (p, grad if grad.dtype == p.dtype else grad.to(p.dtype))  # .to costs ~1 us even as a no-op
                for (p, owner, _), grad in zip(work, grads)
                if owner is group
            ]
            if not mine:
                continue
            params, group_grads = [p for p, _ in mine], [g for _, g in mine]
            if decayed is not None:
                group = {**group, "lr": float(np.float32(group["lr"]) / decayed)}
            if group["weight_decay"] is not None:  # w -= w * weight_decay * lr
                foreach.add_(params, params, alpha=-group["weight_decay"] * group["lr"])
            self._update(params, group_grads, [self.state[p] for p in params], group)

    def _trained(self) -> list[torch.Tensor]:
        return [p for group in self.param_groups for p in group["params"]]

    def _update_averages(self) -> None:
        """Keras's moving average of every trained weight (those without a gradient this step
        too), then the weights set to it every ``ema_overwrite_frequency`` updates."""
        first = self.iterations == 0
        for p in self._trained():
            real = _scalar_type(p)
            momentum = real(0.0) if first else real(self.ema_momentum)  # in the weight's dtype, as Keras
            average = _slot(self.state[p], _AVERAGE, p)
            average.copy_(average * float(momentum) + p * float(real(1.0) - momentum))
        frequency = self.ema_overwrite_frequency
        if frequency and (self.iterations + 1) % frequency == 0:
            for p in self._trained():
                p.copy_(self.state[p][_AVERAGE])

    def finalize_variable_values(self, var_list: Any = None) -> None:
        """Keras's end of `fit`: with ``use_ema``, every trained weight set to its moving
        average (once the optimizer has made one); else nothing. Where `SwapEMAWeights` left
        the averages in the model, they stay, and the averages take them too (at whatever
        epoch training stopped; Keras's own fix-up runs at the last planned epoch only).
        ``var_list`` (Keras's model weights) is accepted and not needed: the optimizer knows
        its weights."""
        if not self.use_ema:
            return
        with torch.no_grad():
            for p in self._trained():
                average = self.state.get(p, {}).get(_AVERAGE)
                if average is None:
                    continue
                if self.ema_weights_swapped:
                    average.copy_(p)
                else:
                    p.copy_(average)
        self.ema_weights_swapped = False

    def swap_ema_weights(self) -> None:
        """Exchange every trained weight with its moving average, exactly (`SwapEMAWeights`);
        ``ema_weights_swapped`` says which of the two the model holds.

        Raises:
            ValueError: the optimizer has no moving averages (``use_ema`` False, or no update
                made yet).
        """
        trained = self._trained()
        if not self.use_ema or any(_AVERAGE not in self.state.get(p, {}) for p in trained):
            reason = "use_ema=False" if not self.use_ema else "it has made no update yet"
            raise ValueError(
                f"{type(self).__name__} has no moving averages of the weights to swap in ({reason}): "
                "SwapEMAWeights needs an optimizer with use_ema=True that has trained the model."
            )
        with torch.no_grad():
            for p in trained:
                average = self.state[p][_AVERAGE]
                kept = p.detach().clone()
                p.copy_(average)
                average.copy_(kept)
        self.ema_weights_swapped = not self.ema_weights_swapped

    def scale_loss(self, loss: Any) -> Any:
        """Keras's ``scale_loss``: ``loss * loss_scale_factor`` (``loss`` itself without one),
        what `fit` differentiates; the step divides the gradients back."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def _clip(
        self, work: list[tuple[torch.Tensor, dict[str, Any], torch.Tensor]], grads: list[torch.Tensor]
    ) -> list[torch.Tensor]:
        """Keras's clipping of the gradients ``grads`` of ``work``'s parameters (tf.clip_by_norm
        of each Keras variable, tf.clip_by_global_norm, clip by value): one of them, in that
        order, as tf-keras's ``_clip_gradients`` (which alone lets a value clip come beside a
        norm clip, and then ignores it)."""
        if self.clipnorm is not None:
            return clip_each_by_norm([p for p, _, _ in work], grads, self.clipnorm)
        if self.global_clipnorm is not None:
            return _clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue is not None:
            return [g.clamp(-self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        """Update one group's ``params`` in place from their ``grads`` (clipped, in each
        parameter's dtype), ``states`` (Keras's slot variables) and ``group`` (its options,
        learning rate ``"lr"``). Multi-tensor ops (``_compat.foreach``: ``torch._foreach_*``)
        do all parameters at once, as ``torch.optim`` does: one Python call per operation, not
        per parameter."""
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

    # ----- Keras's variables: what its .keras files hold (io.keras_optimizer) ---------------

    def keras_variables(self, weights: Sequence[KerasWeight]) -> list[np.ndarray]:
        """This optimizer's state as Keras 3's ``optimizer.variables`` for a model whose
        trainable weights are ``weights`` (Keras's order): the step count (int64), the learning
        rate (float32; not when a schedule gives it), the slots of `_keras_layout` in Keras's
        layout, then `_keras_extras`. A slot not made yet is given as Keras starts it.

        Raises:
            ValueError: parameter groups whose options keep different slots.
        """
        arrays = [np.asarray(self._iterations, np.int64)]
        if self._schedule is None:
            arrays.append(np.asarray(self.learning_rate, np.float32))
        arrays += [self._keras_slot_array(weight, slot) for weight, slot in self._keras_slot_order(weights)]
        return arrays + self._keras_extras()

    def _keras_slot_array(self, weight: KerasWeight, slot: str) -> np.ndarray:
        """``weight``'s ``slot`` as Keras keeps it: the parameters' slots in the weight's layout."""
        tensors = [self._slot_or_start(p, slot) for p in weight.parameters]
        return weight.to_keras(tensors).detach().cpu().numpy().astype(np.float32)

    def _keras_slot_shape(self, weight: KerasWeight, slot: str) -> tuple[int, ...]:
        """The shape of `_keras_slot_array`: the weight's (Adafactor's factors differ)."""
        return tuple(weight.shape)

    def _keras_slot_parts(
        self, weight: KerasWeight, slot: str, array: np.ndarray
    ) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """`_keras_slot_array`'s inverse: ``(parameter, its slot's value)`` for each parameter."""
        parts = weight.from_keras(torch.as_tensor(np.asarray(array)))
        return [
            (parameter, part.to(device=parameter.device, dtype=parameter.dtype))
            for parameter, part in zip(weight.parameters, parts, strict=True)
        ]

    def _slot_or_start(self, parameter: torch.Tensor, slot: str) -> torch.Tensor:
        """``parameter``'s ``slot``, or what Keras starts it at where it was not made yet."""
        found = self.state.get(parameter, {}).get(slot)
        if found is not None:
            return found
        groups = [g for g in self.param_groups if any(p is parameter for p in g["params"])]
        start = (
            0.0
            if slot in (_AVERAGE, _ACCUMULATED)
            else self._keras_slot_start(slot, (groups or [self.defaults])[0])
        )
        return torch.full_like(parameter, start)

    def keras_variable_shapes(self, weights: Sequence[KerasWeight]) -> list[tuple[str, tuple[int, ...]]]:
        """``(what, shape)`` of each of `keras_variables`, without computing them."""
        shapes: list[tuple[str, tuple[int, ...]]] = [("iteration", ())]
        if self._schedule is None:
            shapes.append(("learning_rate", ()))
        order = self._keras_slot_order(weights)
        shapes += [(f"{slot} of {w.name}", self._keras_slot_shape(w, slot)) for w, slot in order]
        return shapes + [("extra", np.shape(value)) for value in self._keras_extras()]

    def keras_variables_setter(
        self, weights: Sequence[KerasWeight], arrays: Sequence[np.ndarray]
    ) -> Callable[[], None]:
        """Check `keras_variables`' list (from a Keras file) for these ``weights`` and return
        the function that sets this optimizer from it, which cannot fail: a loader checks
        everything before it changes anything. The caller checked the length and shapes.

        Raises:
            ValueError: a negative step count, or a learning rate `learning_rate` refuses.
        """
        owner = type(self).__name__
        iterations = int(arrays[0])
        if iterations < 0:
            raise ValueError(f"{owner}: the stored step count is {iterations}; expected one >= 0.")
        rate = None
        # Keras stores the rate in float32: one that rounds to it is kept at full precision.
        if self._schedule is None and np.float32(self.learning_rate) != np.float32(arrays[1]):
            rate = _check_learning_rate(owner, float(arrays[1]))
        at = 1 if self._schedule is not None else 2
        order = self._keras_slot_order(weights)
        slots: list[tuple[torch.Tensor, str, torch.Tensor]] = []
        for (weight, name), array in zip(order, arrays[at:]):
            for parameter, value in self._keras_slot_parts(weight, name, array):
                slots.append((parameter, name, value.clone(memory_format=torch.contiguous_format)))
        extras = arrays[at + len(order) :]

        def set_all() -> None:
            if rate is not None:
                self.learning_rate = rate
            self._iterations = iterations
            for parameter, name, value in slots:
                self.state[parameter][name] = value
            self._set_keras_extras(extras)

        return set_all

    def _keras_slot_order(self, weights: Sequence[KerasWeight]) -> list[tuple[KerasWeight, str]]:
        """``(weight, slot)`` in the order of Keras's ``variables``: the moving averages and the
        gradient sums (Keras's base class makes those first, where used), then the rule's (see
        `_keras_layout`)."""
        common = ((_AVERAGE,),) * self.use_ema + ((_ACCUMULATED,),) * bool(self.gradient_accumulation_steps)
        layout = (*common, *self._keras_layout())
        return [(weight, slot) for slots in layout for weight in weights for slot in slots]

    def _keras_layout(self) -> tuple[tuple[str, ...], ...]:
        """The slots Keras 3 keeps per trained variable, in the order of its ``variables``:
        the first tuple's for every variable in turn (Adam's ``("momentum", "velocity")``:
        m0 v0 m1 v1 ...), then the next tuple's. `state` uses the same slot names."""
        layouts = {self._keras_slots(group) for group in self.param_groups or [self.defaults]}
        if len(layouts) > 1:
            raise ValueError(
                f"{type(self).__name__}: its parameter groups keep different state (slots "
                f"{sorted(layouts)}), which one Keras optimizer cannot hold."
            )
        return layouts.pop()

    def _keras_slots(self, group: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
        return ()

    def _keras_slot_start(self, slot: str, group: Mapping[str, Any]) -> float:
        """The value Keras starts ``slot`` at (ours is made at a parameter's first update)."""
        return 0.0

    def _keras_extras(self) -> list[np.ndarray]:
        """Variables Keras keeps after the slots (Nadam's running product); none here."""
        return []

    def _set_keras_extras(self, values: Sequence[np.ndarray]) -> None:
        """Take `_keras_extras`' values, read from a Keras file."""

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, with Keras's keys (``learning_rate``: the current one, a
        schedule of `schedules` in Keras's serialized form, or a user's schedule function
        itself; the other options: the optimizer-wide defaults)."""
        rate: Any = self._schedule
        if rate is None:
            rate = self.learning_rate
        elif isinstance(rate, schedules.LearningRateSchedule):
            rate = schedules.serialize(rate)
        config: dict[str, Any] = {
            "name": self.name,
            "learning_rate": float(rate) if isinstance(rate, RateVariable) else rate,
            "weight_decay": self.defaults["weight_decay"],
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        if self.decay:  # Keras 2's, only where used: Keras 3 warns about any decay it is given
            config["decay"] = self.decay
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
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self) -> str:
        if self.built:
            return super().__repr__()
        options = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items() if key != "name")
        return f"{type(self).__name__}({options}) [not built: call .build(params)]"


class RateVariable(float):
    """An optimizer's learning rate as Keras 3 hands it out (a variable): a float, with
    ``assign`` setting the optimizer's rate and ``numpy`` giving it in float32. It reads
    the rate when made; `KerasOptimizer.learning_rate` makes a new one on each read.

    Example:
        >>> w = torch.nn.Parameter(torch.zeros(1))
        >>> from statefulrnn.optimizers import SGD
        >>> optimizer = SGD([w], learning_rate=0.1)
        >>> _ = optimizer.learning_rate.assign(0.05)
        >>> optimizer.learning_rate, optimizer.learning_rate.numpy().dtype
        (0.05, dtype('float32'))
    """

    __slots__ = ("_optimizer",)

    def __new__(cls, value: float, optimizer: Any) -> RateVariable:
        rate = super().__new__(cls, value)
        rate._optimizer = optimizer
        return rate

    def assign(self, value: Any) -> RateVariable:
        self._optimizer.learning_rate = float(np.asarray(value))
        return self._optimizer.learning_rate

    def numpy(self) -> np.float32:
        return np.float32(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return float, (float(self),)  # a copy or pickle is the number, not the optimizer


def _tensor_of(item: Any) -> Any:
    return item[1] if isinstance(item, tuple) and len(item) == 2 else item


def _as_list(params: Any) -> list[Any]:
    return [params] if isinstance(params, torch.Tensor) else list(params)


def _keras_positional(init: Callable[..., None]) -> Callable[..., None]:
    """``init`` also taking Keras's positional arguments: a learning rate first, then the
    class's own options in Keras 3's (and tf-keras's) order, ``Adam(0.0002, 0.5)`` for
    ``Adam(learning_rate=0.0002, beta_1=0.5)`` (Keras-GAN's GANs write it so). The options are
    the constructor's keyword-only arguments, declared in that order."""
    parameters = inspect.signature(init).parameters.values()
    order = [p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]

    @functools.wraps(init)
    def init_taking_keras_positions(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > 1 and _is_learning_rate(args[0]):
            owner = type(self).__name__
            if len(args) > len(order):
                raise TypeError(
                    f"{owner} takes at most {len(order)} positional arguments, Keras's "
                    f"({', '.join(order)}); got {len(args)}: give the others by name."
                )
            for name, value in zip(order, args):
                if name in kwargs:
                    raise TypeError(f"{owner} got {name} twice: by position and by name.")
                kwargs[name] = value
            args = ()
        init(self, *args, **kwargs)

    return init_taking_keras_positions


def _slot(state: dict[str, Any], key: str, param: torch.Tensor) -> torch.Tensor:
    """The slot variable ``key`` of ``param`` (Keras's optimizer variable), zeros at first."""
    buffer = state.get(key)
    if buffer is None:
        buffer = state[key] = torch.zeros_like(param, memory_format=torch.preserve_format)
    return buffer


def _scalar_type(param: torch.Tensor) -> type[np.floating]:
    """The numpy type in which Keras computes a step's scalars: the variable's dtype."""
    return np.float64 if param.dtype == torch.float64 else np.float32


def _is_learning_rate(value: Any) -> bool:
    """A number or a learning-rate schedule: Keras's first positional argument, never parameters."""
    return _is_number(value) or isinstance(value, schedules.LearningRateSchedule)
