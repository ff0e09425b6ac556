"""Keras's learning-rate schedules (``keras.optimizers.schedules``): ``schedule(step) -> rate``.

Give one as an optimizer's ``learning_rate``; the optimizer calls it with its ``iterations``
(0 for the first update) before each step, as Keras does. Each computes in float32, as Keras
does for a float ``initial_learning_rate``, so the rates are Keras's to the last bit but for
one float32 rounding here and there (tested against Keras 3.15.1 over thousands of steps).

Called, a schedule returns a float32 tensor, as Keras's do: of the step's shape, so that a
program can plot it over many steps at once (``schedule(np.arange(1000))``) or read one rate
with ``float(...)`` or ``.numpy()``.

Example:
    >>> from statefulrnn.optimizers import SGD
    >>> schedule = ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5)
    >>> schedule(200), schedule(np.array([0, 100])).tolist()
    (tensor(0.0250), [0.10000000149011612, 0.05000000074505806])
    >>> SGD(learning_rate=schedule).learning_rate
    0.10000000149011612
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

_F = np.float32


def _positive(name: str, value: Any) -> None:
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


class LearningRateSchedule:
    """The base: a callable of the step with Keras's ``get_config`` / ``from_config``."""

    def __call__(self, step: Any) -> torch.Tensor:
        """The rate at ``step`` (a number, or an array or tensor of steps: a rate for each)."""
        steps = np.asarray(step, dtype=np.float64)
        rates = [self._rate_at(value) for value in steps.reshape(-1).tolist()]
        return torch.tensor(np.array(rates, np.float32).reshape(steps.shape))

    def _rate_at(self, step: float) -> np.float32:
        """The rate at one step (`_rate` on it in float32, as Keras computes)."""
        return self._rate(_F(step))

    def _rate(self, step: np.float32) -> np.float32:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        """The arguments the schedule was made with.

        Raises:
            NotImplementedError: a program's own schedule that does not override it (Keras's).
        """
        config = self.__dict__.get("_config")
        if config is None:
            raise NotImplementedError(
                f"Learning rate schedule '{type(self).__name__}' must override `get_config()` in order "
                f"to be serializable."
            )
        return dict(config)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
        return cls(**config)

    def __repr__(self) -> str:
        # A program's own schedule (keras.io's transformer CustomSchedule) may keep no config.
        config = self.__dict__.get("_config")
        if config is None:
            return f"<{type(self).__name__}>"
        arguments = ", ".join(f"{key}={value!r}" for key, value in config.items())
        return f"{type(self).__name__}({arguments})"


class _RateDecay(LearningRateSchedule):
    r"""What `ExponentialDecay` and `InverseTimeDecay` share: their arguments and the decayed
    fraction of steps \(p = s / S\) (\(\lfloor s / S \rfloor\) with ``staircase``)."""

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        decay_rate: float,
        staircase: bool = False,
        name: str | None = None,
    ) -> None:
        _positive("decay_steps", decay_steps)
        self._config = dict(
            initial_learning_rate=initial_learning_rate, decay_steps=decay_steps, decay_rate=decay_rate,
            staircase=staircase, name=name or type(self).__name__,
        )  # fmt: skip
        self.initial, self.steps, self.rate = _F(initial_learning_rate), _F(decay_steps), _F(decay_rate)
        self.staircase = staircase

    def _fraction(self, step: np.float32) -> np.float32:
        p = step / self.steps
        return np.floor(p) if self.staircase else p


class ExponentialDecay(_RateDecay):
    r"""\(r_0 \cdot d^{p}\) at step \(s\), with \(p = s / S\) (\(\lfloor s / S \rfloor\) with ``staircase``).

    Args:
        initial_learning_rate: \(r_0\).
        decay_steps: \(S\), positive.
        decay_rate: \(d\).
        staircase: decay at whole multiples of ``decay_steps`` only.
        name: Keras's name for the schedule (default: the class's).
    """

    def _rate(self, step: np.float32) -> np.float32:
        return self.initial * np.power(self.rate, self._fraction(step))


class InverseTimeDecay(_RateDecay):
    r"""\(r_0 / (1 + d \cdot p)\) at step \(s\), with \(p = s / S\) (\(\lfloor s / S \rfloor\) with
    ``staircase``).

    Args:
        initial_learning_rate: \(r_0\).
        decay_steps: \(S\), positive.
        decay_rate: \(d\).
        staircase: decay at whole multiples of ``decay_steps`` only.
        name: Keras's name for the schedule (default: the class's).
    """

    def _rate(self, step: np.float32) -> np.float32:
        return self.initial / (_F(1) + self.rate * self._fraction(step))


class PiecewiseConstantDecay(LearningRateSchedule):
    r"""``values[0]`` up to and including ``boundaries[0]``, ``values[i]`` on
    \((b_{i-1}, b_i]\), ``values[-1]`` after the last boundary.

    Args:
        boundaries: increasing steps.
        values: one more than ``boundaries``.
        name: Keras's name for the schedule.
    """

    def __init__(
        self, boundaries: Sequence[float], values: Sequence[float], name: str = "PiecewiseConstant"
    ) -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                f"The length of boundaries should be 1 less than the length of values. Received: "
                f"boundaries={list(boundaries)} of length {len(boundaries)}, and values={list(values)} "
                f"of length {len(values)}."
            )
        self._config = dict(boundaries=list(boundaries), values=list(values), name=name)
        self.boundaries, self.values = list(boundaries), [_F(value) for value in values]

    def _rate_at(self, step: float) -> np.float32:  # the step as it came, as Keras compares it
        index = next(
            (i for i, boundary in enumerate(self.boundaries) if step <= boundary), len(self.boundaries)
        )
        return self.values[index]


class PolynomialDecay(LearningRateSchedule):
    r"""\((r_0 - r_e)(1 - s / S)^p + r_e\) at step \(s\), held at \(r_e\) from step \(S\) on,
    or with ``cycle`` restarted over \(S \lceil s / S \rceil\) steps.

    Args:
        initial_learning_rate: \(r_0\).
        decay_steps: \(S\), positive.
        end_learning_rate: \(r_e\).
        power: \(p\).
        cycle: restart the decay each ``decay_steps``, as Keras does.
        name: Keras's name for the schedule.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ) -> None:
        _positive("decay_steps", decay_steps)
        self._config = dict(
            initial_learning_rate=initial_learning_rate, decay_steps=decay_steps,
            end_learning_rate=end_learning_rate, power=power, cycle=cycle, name=name,
        )  # fmt: skip
        self.initial, self.steps, self.end = _F(initial_learning_rate), _F(decay_steps), _F(end_learning_rate)
        self.power, self.cycle = _F(power), cycle

    def _rate(self, step: np.float32) -> np.float32:
        steps = self.steps
        if self.cycle:
            steps = steps * (_F(1) if step == 0 else np.ceil(step / self.steps))
        else:
            step = min(step, steps)
        return (self.initial - self.end) * np.power(_F(1) - step / steps, self.power) + self.end


class CosineDecay(LearningRateSchedule):
    r"""Half a cosine from \(r\) down to \(\alpha r\) over ``decay_steps`` steps, after an
    optional linear warmup from ``initial_learning_rate`` to ``warmup_target`` (then \(r\)) over
    ``warmup_steps`` steps; held at the end.

    Args:
        initial_learning_rate: where the warmup starts, or the decay without one.
        decay_steps: the decay's steps, positive.
        alpha: the end, as a fraction of where the decay starts.
        name: Keras's name for the schedule.
        warmup_target: where the warmup ends and the decay starts; None: no warmup.
        warmup_steps: the warmup's steps.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: float | None = None,
        warmup_steps: float = 0,
    ) -> None:
        _positive("decay_steps", decay_steps)
        self._config = dict(
            initial_learning_rate=initial_learning_rate, decay_steps=decay_steps, alpha=alpha, name=name,
            warmup_target=warmup_target, warmup_steps=warmup_steps,
        )  # fmt: skip
        self.initial, self.steps, self.alpha = _F(initial_learning_rate), _F(decay_steps), _F(alpha)
        self.target = None if warmup_target is None else _F(warmup_target)
        self.warmup = _F(warmup_steps)

    def _decayed(self, step: np.float32, start: np.float32) -> np.float32:
        cosine = _F(0.5) * (_F(1) + np.cos(_F(math.pi) * (step / self.steps)))
        return start * ((_F(1) - self.alpha) * cosine + self.alpha)

    def _rate(self, step: np.float32) -> np.float32:
        if self.target is None:
            return self._decayed(min(step, self.steps), self.initial)
        step = min(step, self.steps + self.warmup)
        if step < self.warmup:
            return (self.target - self.initial) * (step / self.warmup) + self.initial
        return self._decayed(step - self.warmup, self.target)


class CosineDecayRestarts(LearningRateSchedule):
    r"""`CosineDecay` restarted: the \(i\)-th period lasts ``first_decay_steps`` \(\cdot
    t_{mul}^i\) steps and starts from ``initial_learning_rate`` \(\cdot m_{mul}^i\) (SGDR).

    Args:
        initial_learning_rate: the first period's start.
        first_decay_steps: the first period's steps, positive.
        t_mul: each period's length over the one before.
        m_mul: each period's start over the one before.
        alpha: each period's end, as a fraction of its start.
        name: Keras's name for the schedule.
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: float,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ) -> None:
        _positive("first_decay_steps", first_decay_steps)
        self._config = dict(
            initial_learning_rate=initial_learning_rate, first_decay_steps=first_decay_steps, t_mul=t_mul,
            m_mul=m_mul, alpha=alpha, name=name,
        )  # fmt: skip
        self.initial, self.steps = _F(initial_learning_rate), _F(first_decay_steps)
        self.t_mul, self.m_mul, self.alpha = _F(t_mul), _F(m_mul), _F(alpha)

    def _rate(self, step: np.float32) -> np.float32:
        fraction = step / self.steps
        if self.t_mul == 1:
            restart = np.floor(fraction)
            fraction = fraction - restart
        else:
            restart = np.floor(np.log(_F(1) - fraction * (_F(1) - self.t_mul)) / np.log(self.t_mul))
            done = (_F(1) - np.power(self.t_mul, restart)) / (_F(1) - self.t_mul)
            fraction = (fraction - done) / np.power(self.t_mul, restart)
        cosine = _F(0.5) * np.power(self.m_mul, restart) * (_F(1) + np.cos(_F(math.pi) * fraction))
        return self.initial * ((_F(1) - self.alpha) * cosine + self.alpha)


def _schedule_classes(base: type) -> list[type]:
    return [cls for sub in base.__subclasses__() for cls in (sub, *_schedule_classes(sub))]


def serialize(schedule: LearningRateSchedule) -> dict[str, Any]:
    """Keras 3's serialized form of ``schedule`` (what its optimizers' configs and files hold),
    which `deserialize` reads back.

    Example:
        >>> serialize(ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5))["class_name"]
        'ExponentialDecay'
    """
    return {
        "module": "keras.optimizers.schedules",
        "class_name": type(schedule).__name__,
        "config": schedule.get_config(),
        "registered_name": None,
    }


def deserialize(config: Any) -> LearningRateSchedule:
    """The schedule of Keras's serialized form ``{"class_name": ..., "config": {...}}`` (Keras 3's
    ``module`` and ``registered_name`` keys are ignored).

    Raises:
        ValueError: not that form, or a class that is no schedule of this module.
    """
    classes = {
        cls.__name__: cls
        for cls in _schedule_classes(LearningRateSchedule)
        if not cls.__name__.startswith("_")
    }
    if not isinstance(config, dict) or not isinstance(config.get("config"), dict):
        raise ValueError(
            f"A serialized learning-rate schedule is {{'class_name': ..., 'config': {{...}}}}. "
            f"Received: {config!r}"
        )
    name = config.get("class_name")
    if name not in classes:
        raise ValueError(f"Unknown learning-rate schedule {name!r}. Known: {', '.join(sorted(classes))}")
    return classes[name].from_config(config["config"])


__all__ = [
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseTimeDecay",
    "LearningRateSchedule",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "deserialize",
    "serialize",
]
