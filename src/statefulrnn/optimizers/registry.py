"""Resolving optimizers as Keras does: `get` (by name, config or instance), `bind` (to
parameters, what ``compile`` calls) and `serialize`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import torch

from .. import saving
from . import legacy, legacy_rmsprop
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .base import KerasOptimizer, _as_list, _tensor_of
from .ftrl import Ftrl
from .lamb import Lamb
from .lion import Lion
from .loss_scale import LossScaleOptimizer
from .nadam import Nadam
from .rmsprop import RMSprop
from .sgd import SGD

_BY_NAME: dict[str, type[KerasOptimizer]] = {
    "sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW, "adagrad": Adagrad, "adadelta": Adadelta,
    "adamax": Adamax, "nadam": Nadam, "ftrl": Ftrl, "lion": Lion, "adafactor": Adafactor, "lamb": Lamb,
    "lossscaleoptimizer": LossScaleOptimizer,
}  # fmt: skip
# Keras optimizers not implemented here, so their names get a precise message.
_KERAS_ONLY = ("muon",)


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
            ``registered_name`` keys are accepted; tf-keras's ``"module":
            "keras.optimizers.legacy"`` names a `legacy` class, as `serialize` writes one); or an
            optimizer instance, ours or any ``torch.optim.Optimizer``, returned as it is.

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
        if identifier.get("module") == LEGACY_MODULE and class_name in legacy.__all__:
            return getattr(legacy, class_name).from_config(identifier.get("config") or {})
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

    An unbuilt optimizer of ours is built on ``params``. One of ours built on other tensors
    takes on those of ``params`` it does not hold yet, as a new parameter group, as Keras 2's
    optimizers make slots for any variable they are handed: a GAN's one ``Adam`` compiled into
    its discriminator and into the combined model trains the generator too, one ``iterations``
    counting both models' updates (Keras 3's and tf-keras's new optimizers refuse such
    variables; Keras 2's programs were written for this). Any other ``torch.optim.Optimizer``
    is returned as it is if it holds at least one of ``params`` (it may train a subset).

    Raises:
        ValueError: a ``torch.optim`` optimizer that holds none of ``params`` (it was built for
            another model), or empty ``params``; and as `get` and `KerasOptimizer.build`.

    Example:
        >>> model = torch.nn.Linear(2, 2)
        >>> opt = bind("sgd", model.parameters())
        >>> opt.built, bind(opt, model.parameters()) is opt
        (True, True)
        >>> other = torch.nn.Linear(2, 1)
        >>> len(bind(opt, [*model.parameters(), *other.parameters()]).param_groups)
        2
    """
    optimizer = get(identifier)
    params = list(params)
    if isinstance(optimizer, KerasOptimizer) and not optimizer.built:
        return optimizer.build(params)
    groups = params if params and isinstance(params[0], dict) else [{"params": params}]
    given = {id(_tensor_of(p)) for group in groups for p in _as_list(group.get("params", []))}
    held = {id(p) for group in optimizer.param_groups for p in group["params"]}
    if not given:
        raise ValueError("bind: got an empty parameter list; the model has no parameters to train.")
    if isinstance(optimizer, KerasOptimizer):
        for group in groups:
            new = {id(t): t for t in map(_tensor_of, _as_list(group.get("params", []))) if id(t) not in held}
            if new:
                optimizer.add_param_group({**group, "params": list(new.values())})
                held.update(new)
        return optimizer
    if held.isdisjoint(given):
        raise ValueError(
            f"This {type(optimizer).__name__} already holds {len(held)} tensors, none of them among the "
            f"{len(given)} given (it was made for another model). Use a new optimizer, or a name such as "
            "'adam'."
        )
    return optimizer


def serialize(optimizer: KerasOptimizer) -> dict[str, Any]:
    """Keras's serialized form ``{"class_name": ..., "config": ...}``, which `get` reads back;
    with tf-keras's ``"module": "keras.optimizers.legacy"`` for `legacy.RMSprop`, whose rule is
    not the ``RMSprop`` of that name (the legacy classes with Keras 3's rules need none)."""
    if not isinstance(optimizer, KerasOptimizer):
        raise TypeError(
            "serialize needs a statefulrnn optimizer (SGD, RMSprop, Adam, AdamW). "
            f"Received: {type(optimizer).__name__}"
        )
    serialized = {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}
    if type(optimizer).__module__ == legacy_rmsprop.__name__:  # a rule of its own: named as tf-keras names it
        serialized["module"] = LEGACY_MODULE
    return serialized


# tf-keras's module of its legacy optimizers in a serialized one (``optimizers.serialize``).
LEGACY_MODULE = "keras.optimizers.legacy"


def deserialize(
    config: Mapping[str, Any] | str, custom_objects: Mapping[str, Any] | None = None
) -> torch.optim.Optimizer:
    """Keras's ``optimizers.deserialize``: `get` of ``config`` (a `serialize` dict, Keras 3's
    form with ``module`` and ``registered_name``, or a name), a program's own optimizer class
    found in ``custom_objects`` first.

    Example:
        >>> deserialize({"class_name": "Adam", "config": {"learning_rate": 0.01}}).learning_rate
        0.01
    """
    return saving.deserialize_setting(get, config, custom_objects)
