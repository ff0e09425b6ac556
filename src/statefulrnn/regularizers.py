"""Penalties on weights and activities, Keras's ``keras.regularizers``.

A regularizer is a callable ``reg(x) -> scalar tensor``: `L1` (``l1 * sum(|x|)``), `L2`
(``l2 * sum(x**2)``), `L1L2` (both), `OrthogonalRegularizer`, or any function of one tensor.
Layers take them as ``kernel_regularizer=``, ``recurrent_regularizer=`` and ``bias_regularizer=``
(a penalty on that weight, always in Keras's layout, whatever layout the parameters use) and
``activity_regularizer=`` (a penalty on the layer's output, divided by its batch size, as
Keras 3 does). ``fit``, ``evaluate`` and ``train_on_batch`` add `penalty` to the loss, so the
loss they report includes it, as Keras's does.

Example:
    >>> L2(2.0)(torch.ones(5, 5))
    tensor(50.)
    >>> get("l1")
    L1(l1=0.01)
"""

from __future__ import annotations

import functools
import inspect
import math
import operator
import weakref
from collections.abc import Callable, Sequence
from numbers import Real
from typing import Any, NamedTuple

import numpy as np
import torch
from torch import nn

from . import saving
from ._epsilon import epsilon
from ._keras_rules import tf_keras_rules
from .backend import floatx

__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "add_penalties",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "losses",
    "orthogonal_regularizer",
    "penalty",
    "serialize",
    "weight_settings",
]


def _check_factor(name: str, value: Any) -> float:
    """Keras's ``validate_float_arg``: a finite, non-negative number, as a float."""
    if isinstance(value, bool) or not isinstance(value, Real):
        # Keras raises ValueError here; a wrong type is a TypeError everywhere in statefulrnn.
        raise TypeError(
            f"Invalid value for argument {name}: expected a non-negative float. Received: {name}={value!r}"
        )
    if math.isinf(value) or math.isnan(value) or value < 0:
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. Received: {name}={value!r}"
        )
    return float(value)


class Regularizer:
    """Base class: ``reg(x)`` returns a scalar penalty; the base's is 0.

    A subclass overrides ``__call__`` and ``get_config`` (its constructor arguments, so that
    ``cls.from_config(reg.get_config())`` makes an equal regularizer).
    """

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch.zeros((), dtype=x.dtype, device=x.device)

    def get_config(self) -> dict[str, Any]:
        raise NotImplementedError(f"{type(self).__name__} does not implement get_config().")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Regularizer:
        return cls(**config)

    def __repr__(self) -> str:
        try:
            # the values as given (the config may hold the float32 Keras keeps: L1(l1=0.3))
            config = self.get_config()
            arguments = ", ".join(f"{key}={getattr(self, key, value)!r}" for key, value in config.items())
        except NotImplementedError:
            arguments = ""
        return f"{type(self).__name__}({arguments})"


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x**2)``; a factor of 0 (the default) leaves its term out.

    Args:
        l1: factor of the absolute values (None counts as 0, as in Keras).
        l2: factor of the squares (None counts as 0).

    Raises:
        ValueError: a negative, infinite or NaN factor. TypeError: a factor that is not a number.

    Example:
        >>> L1L2(l1=0.5, l2=0.25)(torch.tensor([1.0, -2.0]))
        tensor(2.7500)
    """

    def __init__(self, l1: float | None = 0.0, l2: float | None = 0.0) -> None:
        self.l1 = _check_factor("l1", 0.0 if l1 is None else l1)
        self.l2 = _check_factor("l2", 0.0 if l2 is None else l2)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        penalty = torch.zeros((), dtype=x.dtype, device=x.device)
        if self.l1 != 0.0:
            penalty = penalty + self.l1 * x.abs().sum()
        if self.l2 != 0.0:
            penalty = penalty + self.l2 * x.square().sum()
        return penalty

    def get_config(self) -> dict[str, Any]:
        return {"l1": _config_factor(self.l1), "l2": _config_factor(self.l2)}


def _config_factor(value: float, always: bool = False) -> float:
    """A factor as Keras's ``get_config`` gives it back: the float32 it keeps it as, where it
    keeps one (Keras 3's ``L1`` and ``OrthogonalRegularizer``, ``always``; every tf-keras
    regularizer, under `statefulrnn.config.set_keras_rules` ``"tf_keras"``), else as given
    (``L1(0.005)``: 0.004999999888241291; Keras 3's ``L2(0.01)``: 0.01;
    `tools/keras_fixtures/regularizer_configs.py`). The penalty is the same either way: it is
    computed in float32."""
    return float(np.float32(value)) if always or tf_keras_rules() else value


class L1(Regularizer):
    """``l1 * sum(|x|)``.

    Example:
        >>> L1(0.1)(torch.tensor([1.0, -2.0]))
        tensor(0.3000)
    """

    def __init__(self, l1: float | None = 0.01) -> None:
        self.l1 = _check_factor("l1", 0.01 if l1 is None else l1)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.l1 * x.abs().sum()

    def get_config(self) -> dict[str, Any]:
        return {"l1": _config_factor(self.l1, always=True)}


class L2(Regularizer):
    """``l2 * sum(x**2)``.

    Example:
        >>> L2(0.1)(torch.tensor([1.0, -2.0]))
        tensor(0.5000)
    """

    def __init__(self, l2: float | None = 0.01) -> None:
        self.l2 = _check_factor("l2", 0.01 if l2 is None else l2)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.l2 * x.square().sum()

    def get_config(self) -> dict[str, Any]:
        return {"l2": _config_factor(self.l2)}


class OrthogonalRegularizer(Regularizer):
    """Penalise non-orthogonal rows (``mode="rows"``) or columns of a 2-D weight: ``factor``
    times half the mean absolute dot product between distinct L2-normalised rows (columns).

    Args:
        factor: the penalty's scale.
        mode: ``"rows"`` or ``"columns"``.

    Raises:
        ValueError: an unknown ``mode``; when called, an input that is not 2-D.

    Example:
        >>> OrthogonalRegularizer(0.1)(torch.eye(3))
        tensor(0.)
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        self.factor = _check_factor("factor", factor)
        if mode not in ("rows", "columns"):
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        self.mode = mode

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2:
            raise ValueError(
                f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape={tuple(x.shape)}"
            )
        vectors = x if self.mode == "rows" else x.t()
        # Keras's normalize: x * min(rsqrt(sum(x**2)), 1 / epsilon).
        inverse_norms = torch.clamp(vectors.square().sum(dim=1, keepdim=True).rsqrt(), max=1.0 / epsilon())
        unit = vectors * inverse_norms
        size = unit.shape[0]
        off_diagonal = (unit @ unit.t()) * (1.0 - torch.eye(size, dtype=x.dtype, device=x.device))
        pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * off_diagonal.abs().sum() / pairs

    def get_config(self) -> dict[str, Any]:
        return {"factor": _config_factor(self.factor, always=True), "mode": self.mode}


# Keras 3's lowercase aliases (classes, as in Keras 3, not tf-keras's functions).
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer

_BY_NAME: dict[str, Callable[[], Any]] = {
    **{cls.__name__: cls for cls in (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)},
    "regularizer": Regularizer,
    "l1": L1,
    "l2": L2,
    "l1l2": L1L2,  # Keras 3's snake case of L1L2: both factors 0
    "orthogonal_regularizer": OrthogonalRegularizer,
    # tf-keras's string, documented by Keras 3 too (which then refuses it): both factors 0.01.
    "l1_l2": lambda: L1L2(l1=0.01, l2=0.01),
}


def resolve(identifier: Any, table: dict[str, Callable[[], Any]], kind: str) -> Any:
    """Keras's ``get`` for regularizers and constraints alike: None, a name in ``table``, a
    ``{"class_name", "config"}`` dict (Keras's serialized form; the program's own class of that
    name first), a class (instantiated with its defaults), or any callable (used as it is)."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier not in table:
            names = ", ".join(sorted(name for name in table if name[0].islower()))
            raise ValueError(f"Could not interpret {kind} identifier: {identifier!r}. Known names: {names}")
        return table[identifier]()
    if isinstance(identifier, dict):
        custom = saving.make_custom_object(identifier)  # the program's own first, as in Keras
        if custom is not None:
            return custom
        name, config = identifier.get("class_name"), identifier.get("config") or {}
        if name not in table or not inspect.isclass(table[name]) or not isinstance(config, dict):
            raise ValueError(
                f"Could not interpret {kind} identifier: {identifier!r}. A dict must be "
                f"{{'class_name': ..., 'config': {{...}}}} naming one of statefulrnn's {kind}s."
            )
        return table[name].from_config(config)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise TypeError(
        f"A {kind} must be a name such as {next(iter(table))!r}, a {kind} object or a function of one "
        f"tensor. Received: {identifier!r}"
    )


def get(identifier: Any) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """The regularizer an argument names: None, ``"l1"``, ``"l2"``, ``"l1l2"``, ``"l1_l2"``,
    ``"orthogonal_regularizer"`` (or a class name), Keras's ``{"class_name", "config"}`` dict,
    a `Regularizer`, or any function of one tensor.

    The strings give Keras's defaults: ``L1(0.01)``, ``L2(0.01)``, ``L1L2(0, 0)`` for ``"l1l2"``
    (Keras 3), and ``L1L2(0.01, 0.01)`` for ``"l1_l2"`` (tf-keras; Keras 3 refuses that string).

    Raises:
        ValueError: an unknown name. TypeError: something that is neither of the above.

    Example:
        >>> get({"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.5}})
        L1L2(l1=0.0, l2=0.5)
    """
    return resolve(identifier, _BY_NAME, "regularizer")


def serialize(regularizer: Regularizer | None) -> dict[str, Any] | None:
    """Keras's ``regularizers.serialize``: ``{"module", "class_name", "config",
    "registered_name"}`` (a program's own class by its name), which `get` and `deserialize`
    read back; None for None (`saving.serialize_setting`).

    Example:
        >>> serialize(L2(0.5))
        {'module': 'keras.regularizers', 'class_name': 'L2', 'config': {'l2': 0.5}, 'registered_name': None}
    """
    return saving.serialize_setting(regularizer)


def deserialize(
    config: dict[str, Any] | str, custom_objects: dict[str, Any] | None = None
) -> Callable[[torch.Tensor], torch.Tensor] | None:
    """Keras's ``regularizers.deserialize``: `get` of ``config``, a program's class found in
    ``custom_objects`` first.

    Example:
        >>> deserialize({"class_name": "L1", "config": {"l1": 0.5}})
        L1(l1=0.5)
    """
    return saving.deserialize_setting(get, config, custom_objects)


# ----- a model's penalties ------------------------------------------------------------------


def weight_attribute(weight_name: str, kind: str, options: dict[str, str] | None = None) -> str:
    """The layer attribute holding the ``kind`` (``"regularizer"``, ``"constraint"``) of a
    Keras weight: ``kernel_regularizer``, ``bias_constraint``, ... and, as Keras names them,
    ``recurrent_regularizer`` for the ``recurrent_kernel`` (``depthwise_`` for the
    ``depthwise_kernel``, ...); a weight of a projection inside the layer (``query/kernel`` of
    `MultiHeadAttention`) by its own name. ``options`` (a layer class's ``weight_options``)
    names the others: ``{"kernel": "depthwise"}`` for `DepthwiseConv1D`.

    Example:
        >>> weight_attribute("gru/recurrent_kernel", "regularizer"), weight_attribute("bias", "constraint")
        ('recurrent_regularizer', 'bias_constraint')
    """
    weight_name = weight_name.rsplit("/", 1)[-1]
    prefix = (options or {}).get(weight_name, weight_name.removesuffix("_kernel"))
    return f"{prefix}_{kind}"


@functools.cache
def _settings_of(cls: type) -> tuple[str, ...]:
    """The constructor arguments of ``cls`` (its own and its parents') that may hold a weight's
    regularizer or constraint (``kernel_regularizer``, ``bias_constraint``, ...), looked up once
    per class, so that a training step with none pays a dictionary lookup per layer."""
    names = set()
    for klass in cls.__mro__:
        if "__init__" in vars(klass):
            names.update(
                name
                for name in inspect.signature(klass.__init__).parameters
                if name.endswith(("_regularizer", "_constraint"))
            )
    names.discard("activity_regularizer")
    return tuple(sorted(names))


# The layers that were given a regularizer or a constraint (weight or activity), as long as they
# live. While there is none, a training step skips the walk over its model's modules: most
# models have no setting, and the walk was a tenth of a small model's training step.
_HOLDERS: weakref.WeakSet[nn.Module] = weakref.WeakSet()
_SETTING_SUFFIXES = ("_regularizer", "_constraint")


def note_setting(layer: nn.Module, name: str, value: Any) -> None:
    """Remember ``layer`` as one `weight_settings` must visit, when ``value`` is a setting
    (an attribute ``*_regularizer`` or ``*_constraint`` that is not None); `Layer` calls it on
    every attribute it is given."""
    if value is not None and name.endswith(_SETTING_SUFFIXES):
        _HOLDERS.add(layer)


def note_weight_setting(layer: nn.Module, weight: str, kind: str, setting: Any) -> None:
    """Keep ``setting``, the ``kind`` (``"regularizer"``, ``"constraint"``) that ``add_weight``
    was given for ``layer``'s weight ``weight``, where `weight_settings` finds it."""
    layer.__dict__.setdefault(WEIGHT_SETTINGS, {})[weight, kind] = setting
    _HOLDERS.add(layer)


WEIGHT_SETTINGS = "_add_weight_settings"  # a layer's {(weight name, kind): setting} from add_weight


class WeightSettings(NamedTuple):
    """What a model's layers ask of a training step, found in one walk over its modules: the
    ``(KerasWeight, regularizer)`` and ``(KerasWeight, constraint)`` pairs of their trainable
    weights, and the activity penalties and `Layer.add_loss` values of their last call."""

    regularized: Sequence[tuple[Any, Callable[[torch.Tensor], torch.Tensor]]]
    activities: Sequence[torch.Tensor]
    constrained: Sequence[tuple[Any, Callable[[torch.Tensor], torch.Tensor]]]

    def losses(self) -> list[torch.Tensor]:
        """Keras's ``model.losses``: each regularized weight's penalty, then the activities'."""
        penalties = [regularizer(weight.read()) for weight, regularizer in self.regularized]
        return penalties + list(self.activities)

    def add_penalties(self, loss: torch.Tensor | None) -> torch.Tensor | None:
        """``loss`` plus the sum of `losses` (``loss`` itself when there is none), as Keras's
        ``compute_loss`` adds ``model.losses``; a None ``loss`` (compile was given none) is
        the sum alone, or None without any. Each of `losses` counts by its `aggregated` sum:
        an ``add_loss`` of one value per sample (a CTC endpoint layer's ``(batch, 1)``) adds
        their sum."""
        found = self.losses()
        if not found:
            return loss
        penalty = functools.reduce(operator.add, map(aggregated, found))
        return penalty if loss is None else loss + penalty

    def reported(self, loss: torch.Tensor) -> float:
        """The value ``fit`` and ``evaluate`` log for a batch whose loss is ``loss`` (from
        `add_penalties`): the loss itself, as Keras 3 reports what it trains on. Under tf-keras's
        rules (`statefulrnn.config.set_keras_rules`), an ``add_loss`` of one value per sample
        counts there by its mean: tf-keras trains on the sum (the gradient of its non-scalar
        total loss) but its loss tracker averages the entries (keras.io's tf-keras OCR examples
        report a CTC loss about the batch size smaller than Keras 3's). Only the activities are
        looked at: a weight's penalty is a scalar, and computing it again costs a pass over it."""
        value = loss.item()
        if tf_keras_rules():
            for found in self.activities:
                if found.numel() > 1:
                    total = float(aggregated(found))
                    value -= total - total / found.numel()
        return value

    def apply_constraints(self) -> None:
        """Project each constrained weight in place (in Keras's layout)."""
        if not self.constrained:
            return
        with torch.no_grad():
            for weight, constraint in self.constrained:
                weight.write(constraint(weight.read()))


_NO_SETTINGS = WeightSettings((), (), ())


def aggregated(loss: torch.Tensor) -> torch.Tensor:
    """One of ``model.losses`` as Keras 3's ``Trainer._aggregate_additional_loss`` adds it to
    the training loss: its sum (a scalar penalty stays itself; an ``add_loss`` of a ``(batch,
    1)`` tensor adds all its entries, not their mean), in the default float type when it is not
    a float (an integer ``add_loss``).

    Shapes:
        ``loss`` of any shape -> ``()``.

    Example:
        >>> aggregated(torch.tensor([[1.5], [2.0]]))
        tensor(3.5000)
        >>> aggregated(torch.tensor(3)).dtype
        torch.float32
    """
    if not loss.is_floating_point():
        loss = loss.to(getattr(torch, floatx()))
    return loss.sum()


def weight_settings(model: nn.Module) -> WeightSettings:
    """``model``'s `WeightSettings`: the regularizers and constraints its built layers keep in
    their ``kernel_regularizer=``, ``bias_constraint=``, ... attributes (trainable weights only).

    One plain loop, run on every training step (penalties depend on the current weights, and a
    layer may be built or given a setting at any time): a model with no setting pays a module
    walk and a dictionary lookup per layer.

    Example:
        >>> from statefulrnn import Dense
        >>> layer = Dense(2, kernel_initializer="ones", kernel_regularizer=L1(0.5), input_shape=(3,))
        >>> settings = weight_settings(layer)
        >>> settings.losses(), settings.constrained
        ([tensor(3., grad_fn=<MulBackward0>)], [])
    """
    if not _HOLDERS:
        return _NO_SETTINGS
    regularized: list[tuple[Any, Callable[[torch.Tensor], torch.Tensor]]] = []
    activities: list[torch.Tensor] = []
    constrained: list[tuple[Any, Callable[[torch.Tensor], torch.Tensor]]] = []
    for module in model.modules():
        attributes = module.__dict__
        activity = attributes.get("_activity_penalty")
        if activity is not None:
            activities.append(activity)
        activities.extend(attributes.get(ADDED_LOSSES, ()))
        names = _settings_of(type(module))
        chosen = {name: attributes[name] for name in names if attributes.get(name) is not None}
        added = attributes.get(WEIGHT_SETTINGS)  # add_weight's regularizer= and constraint=
        if not (chosen or added) or not getattr(module, "built", False):
            continue
        options = getattr(module, "weight_options", None)
        for weight in module.keras_weights():
            if not weight.trainable:
                continue
            for kind, found in (("regularizer", regularized), ("constraint", constrained)):
                setting = chosen.get(weight_attribute(weight.name, kind, options))
                if setting is None and added:
                    setting = added.get((weight.name, kind))
                if setting is not None:
                    found.append((weight, setting))
    return WeightSettings(regularized, activities, constrained)


def record_activity(layer: nn.Module, outputs: Any) -> None:
    """Keep ``layer.activity_regularizer``'s penalty of ``outputs`` (each output tensor's,
    divided by its batch size, as Keras 3) until the layer's next call replaces it."""
    regularizer = layer.activity_regularizer
    tensors = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    total = None
    for tensor in tensors:
        if isinstance(tensor, torch.Tensor):
            value = regularizer(tensor)
            value = value / tensor.shape[0] if tensor.ndim > 0 else value
            total = value if total is None else total + value
    layer.__dict__["_activity_penalty"] = total


ADDED_LOSSES = "_added_losses"  # a layer's `Layer.add_loss` values of its last call


def record_added_loss(layer: nn.Module, loss: torch.Tensor) -> None:
    """Keep ``loss`` among ``layer``'s `Layer.add_loss` values until its next call."""
    _HOLDERS.add(layer)  # a walk must visit it (`weight_settings`)
    layer.__dict__.setdefault(ADDED_LOSSES, []).append(loss)


def losses(model: nn.Module) -> list[torch.Tensor]:
    """Keras's ``model.losses``: every weight regularizer's penalty on its (trainable) weight,
    then the activity penalties that ``model``'s layers recorded in their last call.

    Example:
        >>> from statefulrnn import Dense
        >>> layer = Dense(5, kernel_initializer="ones", kernel_regularizer=L1(0.01),
        ...               activity_regularizer=L2(0.01), input_shape=(5,))
        >>> _ = layer(torch.ones(5, 5) * 2.0)
        >>> [round(loss.item(), 4) for loss in losses(layer)]  # Keras's documented 0.25 and 5.0
        [0.25, 5.0]
    """
    return weight_settings(model).losses()


def penalty(model: nn.Module) -> torch.Tensor | None:
    """The sum of ``model``'s `losses` (each `aggregated`), None when it has none.

    Example:
        >>> from statefulrnn import Dense
        >>> layer = Dense(2, kernel_initializer="ones", kernel_regularizer=L1(0.5), input_shape=(3,))
        >>> penalty(layer)
        tensor(3., grad_fn=<SumBackward0>)
    """
    return weight_settings(model).add_penalties(None)


def add_penalties(loss: torch.Tensor | None, model: nn.Module) -> torch.Tensor | None:
    """``loss`` plus ``model``'s `penalty` (``loss`` itself when the model has none), as
    Keras's ``compute_loss`` adds ``model.losses``."""
    return weight_settings(model).add_penalties(loss)
