"""Keras's ``keras.mixed_precision``: dtype policies, the global one, and `LossScaleOptimizer`.

A policy names the dtype a layer computes in and the dtype of its variables (weights). The
plain ones, ``"float16"``, ``"bfloat16"``, ``"float32"`` and ``"float64"``, are one dtype for
both. The mixed ones are Keras 3's: ``"mixed_float16"`` computes in float16 and
``"mixed_bfloat16"`` in bfloat16, both with float32 variables. A layer under a mixed policy
casts its floating inputs to the compute dtype, reads its weights in the compute dtype for its
call (gradients reach the float32 weights through the cast) and returns outputs in the compute
dtype; see `statefulrnn.layers.autocast`. ``compile`` under ``"mixed_float16"`` wraps the
optimizer in a `LossScaleOptimizer`, and losses and metrics compute in float32, as Keras's.

A global policy is the dtype policy of layers made afterwards without a dtype of their own, as
in Keras 3 (``floatx()`` keeps its own value, as there; a policy set to ``None`` is refused, as
there).

Example:
    >>> policy = Policy("mixed_float16")
    >>> policy.compute_dtype, policy.variable_dtype, global_policy()
    ('float16', 'float32', <DTypePolicy "float32">)
"""

from __future__ import annotations

from typing import Any

import torch

from .backend import floatx
from .layers import base
from .optimizers.loss_scale import LossScaleOptimizer

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]

_NAMES = ("float16", "bfloat16", "float32", "float64")
# A mixed policy's compute dtype by name; its variables are float32.
_MIXED = {name: str(dtype).removeprefix("torch.") for name, dtype in base.MIXED_POLICIES.items()}
# The global policy's name; None: floatx's, Keras's default (`backend.set_floatx` reads it).
GLOBAL: list[str | None] = [None]


class DTypePolicy:
    """A dtype policy: ``name``, ``compute_dtype`` (what a layer computes in) and
    ``variable_dtype`` (what its weights are), as Keras 3's ``DTypePolicy``.

    Raises:
        ValueError: a name Keras has no policy of.

    Example:
        >>> DTypePolicy("mixed_bfloat16").compute_dtype, DTypePolicy("float64").variable_dtype
        ('bfloat16', 'float64')
    """

    def __init__(self, name: str | None = None) -> None:
        self._name = _checked(floatx() if name is None else name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def compute_dtype(self) -> str:
        return _MIXED.get(self._name, self._name)

    @property
    def variable_dtype(self) -> str:
        return "float32" if self._name in _MIXED else self._name

    @property
    def quantization_mode(self) -> None:
        """Keras 3's: None, no quantization."""
        return None

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
    """Make layers created from now on, without a dtype of their own, take ``policy``.

    Raises:
        ValueError: an unknown name, or not a name nor a `DTypePolicy`.

    Example:
        >>> from statefulrnn.layers import Dense
        >>> set_global_policy("mixed_float16")
        >>> layer = Dense(2)
        >>> layer.compute_dtype, layer.dtype, layer(torch.ones(1, 3)).dtype
        ('float16', 'float32', torch.float16)
        >>> set_global_policy("float32")
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
    compute = base.MIXED_POLICIES.get(name)
    base.default_dtype[0] = torch.float32 if compute else getattr(torch, name)
    base.default_compute[0] = compute


def global_policy() -> DTypePolicy:
    """The global policy: the one set, else that of ``floatx()``."""
    return DTypePolicy(GLOBAL[0] or floatx())


set_dtype_policy, dtype_policy = set_global_policy, global_policy  # Keras 3's other names


def _checked(name: str) -> str:
    if name not in _NAMES and name not in _MIXED:
        raise ValueError(f"Cannot convert {name!r} to a dtype policy. Expected one of {[*_NAMES, *_MIXED]}.")
    return name
