"""Keras's ``keras.mixed_precision`` for the policies statefulrnn computes in: ``"float32"``,
``"float64"`` (and the ``"float16"``/``"bfloat16"`` that `config.set_floatx` takes), each a
`DTypePolicy` whose compute and variable dtypes are that one dtype.

A global policy is the dtype of layers made afterwards without a dtype of their own, as in Keras
3 (``floatx()`` keeps its own value, as there; a policy set to ``None`` is refused, as there).
The mixed policies, ``"mixed_float16"`` and ``"mixed_bfloat16"`` (computing in 16 bits with
float32 variables and a loss scale), are refused with an error that says so: statefulrnn's
layers and compiled kernels compute in the dtype of their weights. A program that sets one only
where a GPU is found (``if gpus: mixed_precision.set_global_policy("mixed_float16")``) runs as
it is; ``LossScaleOptimizer`` is not here.

Example:
    >>> policy = Policy("float64")
    >>> policy.compute_dtype, policy.variable_dtype, global_policy()
    ('float64', 'float64', <DTypePolicy "float32">)
"""

from __future__ import annotations

from typing import Any

import torch

from .backend import floatx
from .layers import base

__all__ = ["DTypePolicy", "Policy", "dtype_policy", "global_policy", "set_dtype_policy", "set_global_policy"]

_NAMES = ("float16", "bfloat16", "float32", "float64")
_MIXED = ("mixed_float16", "mixed_bfloat16")
# The global policy's name; None: floatx's, Keras's default (`backend.set_floatx` reads it).
GLOBAL: list[str | None] = [None]


class DTypePolicy:
    """A dtype policy of one dtype: ``name``, ``compute_dtype`` and ``variable_dtype`` the same.

    Raises:
        ValueError: a mixed policy (see the module notes) or a name Keras does not have.
    """

    def __init__(self, name: str | None = None) -> None:
        self._name = _checked(floatx() if name is None else name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return self._name

    @property
    def variable_dtype(self) -> str:
        return self._name

    def get_config(self) -> dict[str, Any]:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> DTypePolicy:
        return cls(**config)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self._name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'


Policy = DTypePolicy  # Keras 2's name


def set_global_policy(policy: str | DTypePolicy) -> None:
    """Make layers created from now on, without a dtype of their own, compute in ``policy``.

    Raises:
        ValueError: a mixed policy, an unknown name, or not a name nor a `DTypePolicy`.
    """
    if isinstance(policy, DTypePolicy):
        name = policy.name
    elif isinstance(policy, str):
        name = _checked(policy)
    else:
        raise ValueError(
            "Invalid `policy` argument. Expected the string name of a policy (such as 'float32') or "
            f"a `DTypePolicy` instance. Received: policy={policy!r} (of type {type(policy)})"
        )
    GLOBAL[0] = name
    base.default_dtype[0] = getattr(torch, name)


def global_policy() -> DTypePolicy:
    """The global policy: the one set, else that of ``floatx()``."""
    return DTypePolicy(GLOBAL[0] or floatx())


set_dtype_policy, dtype_policy = set_global_policy, global_policy  # Keras 3's other names


def _checked(name: str) -> str:
    if name in _MIXED:
        raise ValueError(
            f"statefulrnn computes in the dtype of each layer's weights: the mixed precision policy "
            f"{name!r} (16-bit compute with float32 variables) is not supported. Use 'float32' (or "
            f"'float64')."
        )
    if name not in _NAMES:
        raise ValueError(
            f"Cannot convert {name!r} to a dtype policy. Expected one of {list(_NAMES + _MIXED)}."
        )
    return name
