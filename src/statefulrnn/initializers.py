"""Weight initialisers with Keras's names, arguments, fan rules and configs.

An initialiser is a callable ``init(shape, dtype=None) -> Tensor``: an `Initializer` instance
(``GlorotUniform(seed=1)``), or any function of that signature. Layers take one wherever they
take a name: ``kernel_initializer="he_normal"``, ``HeNormal()``, Keras's config dict
``{"class_name": "HeNormal", "config": {"seed": None}}`` and the class itself all work (see
`get`).

Fans follow Keras: for a 2-D shape ``(fan_in, fan_out)``, computed over the *whole* matrix, so
a GRU kernel ``(F, 3u)`` is one glorot draw with fan_out ``3u``, not three draws of ``u``.

Seeds: with ``seed=None`` (the default) draws come from torch's global generator, so
``torch.manual_seed`` makes them repeatable and each call draws anew, as ``torch.nn.init``
does. With an integer seed every call, and every copy made by ``from_config``, draws the same
values, as in Keras. Where we differ from Keras: Keras gives an unseeded initialiser a random
seed when it is made, so one unseeded instance returns the same values on each call; here
``torch.manual_seed`` governs it instead. Keras 3 takes that seed from Python's ``random``;
under Keras 3's rules an unseeded initialiser takes the same number from it when made (and
leaves it unused), so Python's ``random`` moves as on Keras 3 (`layers._seeds.draw_as_keras_3`).
Keras's ``SeedGenerator`` seeds have no counterpart: give an integer, or None and seed torch.

Example:
    >>> import torch
    >>> w = get("glorot_uniform")((4, 12), torch.float32)
    >>> bool(w.abs().max() <= (6 / (4 + 12)) ** 0.5)
    True
    >>> init = Orthogonal(gain=2.0, seed=3)
    >>> torch.equal(init((3, 3)), Orthogonal.from_config(init.get_config())((3, 3)))
    True
    >>> serialize(HeNormal(seed=7))["config"]
    {'seed': 7, 'input_axes': None, 'output_axes': None}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from . import saving
from .layers._seeds import draw_as_keras_3

Shape = Sequence[int]
InitializerLike = Callable[..., torch.Tensor]

# Keras draws "normal" variance-scaling weights from a normal truncated at two standard
# deviations and divides by this constant (the std of such a truncated unit normal) so that
# the result has the intended variance.
_TRUNCATION_STD = 0.87962566103423978


def _dtype(dtype: torch.dtype | str | None) -> torch.dtype:
    if dtype is None:
        return torch.get_default_dtype()
    if isinstance(dtype, torch.dtype):
        return dtype
    resolved = getattr(torch, dtype, None) if isinstance(dtype, str) else None
    if not isinstance(resolved, torch.dtype):
        raise TypeError(f"dtype must be a torch dtype or its name, such as 'float32'. Received: {dtype!r}")
    return resolved


def compute_fans(
    shape: Shape, input_axes: Sequence[int] | None = None, output_axes: Sequence[int] | None = None
) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight shape, Keras's rule.

    ``(F, U)`` gives ``(F, U)``; a convolution kernel ``(..., F, U)`` multiplies both by its
    receptive field; given both ``input_axes`` and ``output_axes``, the fans are the products
    of those axes' sizes.

    Example:
        >>> compute_fans((3, 4, 5)), compute_fans((512, 8, 64), input_axes=[0], output_axes=[1, 2])
        ((12, 15), (512, 512))
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


class Initializer:
    """Base of the initialisers: ``init(shape, dtype=None)`` returns a new tensor.

    A subclass implements ``__call__`` and, if it takes arguments, ``get_config`` returning
    them; ``from_config`` then rebuilds it, as in Keras.
    """

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(shape, dtype=None).")

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, JSON-ready."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Initializer:
        """A new initialiser from `get_config`'s dict."""
        return cls(**config)

    def clone(self) -> Initializer:
        return type(self).from_config(self.get_config())

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


# ----- constants --------------------------------------------------------------------------


class Constant(Initializer):
    """Every entry ``value`` (a number, or an array broadcast to the shape).

    Example:
        >>> Constant(6.0)((2, 2))
        tensor([[6., 6.],
                [6., 6.]])
    """

    def __init__(self, value: Any = 0.0) -> None:
        if isinstance(value, dict) and value.get("class_name") == "__numpy__":
            # Keras writes an array value as {"class_name": "__numpy__", "config": {...}}.
            value = np.asarray(value["config"]["value"], dtype=value["config"].get("dtype"))
        self.value = value

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        dtype = _dtype(dtype)
        value = torch.as_tensor(np.asarray(self.value), dtype=dtype)
        return value * torch.ones(tuple(shape), dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        return {"value": value.tolist() if isinstance(value, (np.ndarray, np.generic)) else value}


class Zeros(Constant):
    """All zeros."""

    def __init__(self) -> None:
        super().__init__(0.0)

    def get_config(self) -> dict[str, Any]:
        return {}


class Ones(Constant):
    """All ones."""

    def __init__(self) -> None:
        super().__init__(1.0)

    def get_config(self) -> dict[str, Any]:
        return {}


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only; rectangular ones allowed).

    Its config keeps ``gain``; Keras 3.15.1's ``Identity.get_config()`` returns ``{}``, losing it.
    """

    def __init__(self, gain: float = 1.0) -> None:
        self.gain = gain

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        if len(shape) != 2:
            raise ValueError(
                f"Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={tuple(shape)} of rank {len(shape)}."
            )
        return self.gain * torch.eye(*shape, dtype=_dtype(dtype))

    def get_config(self) -> dict[str, Any]:
        return {"gain": self.gain}


class _Fixed(Initializer):
    """The given array itself (what `get` makes of a tensor or numpy array)."""

    def __init__(self, value: Any) -> None:
        self.value = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        if tuple(shape) != tuple(self.value.shape):
            raise ValueError(
                f"Expected `shape` to be {tuple(self.value.shape)} for a tensor given as initializer. "
                f"Received: shape={tuple(shape)}"
            )
        return self.value.detach().clone().to(_dtype(dtype))

    def get_config(self) -> dict[str, Any]:
        return {"value": self.value.tolist()}


# ----- random -----------------------------------------------------------------------------


class RandomInitializer(Initializer):
    """Base of the random initialisers: ``seed`` None (torch's global generator) or an int."""

    def __init__(self, seed: int | None = None) -> None:
        if seed is not None and (not isinstance(seed, (int, np.integer)) or isinstance(seed, bool)):
            raise TypeError(
                f"seed must be an integer or None (then torch.manual_seed governs the draws). "
                f"Received: seed={seed!r}"
            )
        self.seed = None if seed is None else int(seed)
        draw_as_keras_3(seed)  # Keras 3's make_default_seed, for Python's random stream

    def _generator(self) -> torch.Generator | None:
        """A fresh generator for a seeded initialiser (same values every call), else None."""
        return None if self.seed is None else torch.Generator().manual_seed(self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed}


def _uniform(shape: Shape, dtype: torch.dtype, low: float, high: float, generator: Any) -> torch.Tensor:
    return torch.empty(tuple(shape), dtype=dtype).uniform_(low, high, generator=generator)


def _normal(shape: Shape, dtype: torch.dtype, mean: float, std: float, generator: Any) -> torch.Tensor:
    return torch.empty(tuple(shape), dtype=dtype).normal_(mean, std, generator=generator)


def _truncated(shape: Shape, dtype: torch.dtype, mean: float, std: float, generator: Any) -> torch.Tensor:
    """Normal draws cut at two standard deviations (redrawn beyond), as Keras's."""
    weights = torch.empty(tuple(shape), dtype=dtype)
    return torch.nn.init.trunc_normal_(
        weights, mean, std, mean - 2 * std, mean + 2 * std, generator=generator
    )


class RandomNormal(RandomInitializer):
    """Normal draws of ``mean`` and ``stddev``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None) -> None:
        super().__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        return _normal(shape, _dtype(dtype), self.mean, self.stddev, self._generator())

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomNormal):
    """Normal draws of ``mean`` and ``stddev``, redrawn beyond two ``stddev`` (no variance
    correction: the result's std is about ``0.88 * stddev``, as in Keras)."""

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        return _truncated(shape, _dtype(dtype), self.mean, self.stddev, self._generator())


class RandomUniform(RandomInitializer):
    """Uniform draws in ``[minval, maxval)``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None) -> None:
        super().__init__(seed)
        self.minval = minval
        self.maxval = maxval

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        return _uniform(shape, _dtype(dtype), self.minval, self.maxval, self._generator())

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(RandomInitializer):
    """Draws of variance ``scale / n``, ``n`` the fan of ``mode``, Keras's rule.

    Args:
        scale: positive factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"`` (see `compute_fans`).
        distribution: ``"truncated_normal"`` (``"normal"`` means the same; the std is corrected
            for the truncation), ``"untruncated_normal"`` or ``"uniform"`` (limit
            ``sqrt(3 * scale / n)``).
        seed: None or an int (see the module notes).
        input_axes, output_axes: axes whose sizes make the fans, instead of Keras's default rule.

    Raises:
        ValueError: ``scale`` not positive, or an unknown ``mode`` or ``distribution``.
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | None = None,
        input_axes: Sequence[int] | None = None,
        output_axes: Sequence[int] | None = None,
    ) -> None:
        if not scale > 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in _MODES:
            raise ValueError(f"Invalid `mode` argument: expected one of {_MODES}. Received: mode={mode!r}")
        distribution = str(distribution).lower()
        distribution = "truncated_normal" if distribution == "normal" else distribution
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument: expected one of {_DISTRIBUTIONS}. "
                f"Received: distribution={distribution!r}"
            )
        super().__init__(seed)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = None if input_axes is None else list(input_axes)
        self.output_axes = None if output_axes is None else list(output_axes)

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, fan)
        dtype, generator = _dtype(dtype), self._generator()
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return _uniform(shape, dtype, -limit, limit, generator)
        if self.distribution == "untruncated_normal":
            return _normal(shape, dtype, 0.0, math.sqrt(variance), generator)
        return _truncated(shape, dtype, 0.0, math.sqrt(variance) / _TRUNCATION_STD, generator)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _FixedVarianceScaling(VarianceScaling):
    """A `VarianceScaling` whose scale, mode and distribution the class fixes (Glorot, He,
    LeCun); its config holds only ``seed`` and the axes, as Keras's."""

    _settings: tuple[float, str, str]

    def __init__(
        self,
        seed: int | None = None,
        input_axes: Sequence[int] | None = None,
        output_axes: Sequence[int] | None = None,
    ) -> None:
        scale, mode, distribution = self._settings
        super().__init__(scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_FixedVarianceScaling):
    """Uniform in ``±sqrt(6 / (fan_in + fan_out))`` (Xavier uniform)."""

    _settings = (1.0, "fan_avg", "uniform")


class GlorotNormal(_FixedVarianceScaling):
    """Truncated normal of std ``sqrt(2 / (fan_in + fan_out))`` (Xavier normal)."""

    _settings = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_FixedVarianceScaling):
    """Uniform in ``±sqrt(6 / fan_in)``."""

    _settings = (2.0, "fan_in", "uniform")


class HeNormal(_FixedVarianceScaling):
    """Truncated normal of std ``sqrt(2 / fan_in)``."""

    _settings = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_FixedVarianceScaling):
    """Uniform in ``±sqrt(3 / fan_in)``."""

    _settings = (1.0, "fan_in", "uniform")


class LecunNormal(_FixedVarianceScaling):
    """Truncated normal of std ``sqrt(1 / fan_in)``."""

    _settings = (1.0, "fan_in", "truncated_normal")


class Orthogonal(RandomInitializer):
    """``gain`` times a random orthogonal matrix, Keras's construction.

    The shape is flattened to ``(prod(shape[:-1]), shape[-1])`` (as Keras; ``torch.nn.init``
    flattens to ``(shape[0], rest)`` instead, which differs for kernels of rank 3 and more);
    the QR factors of a normal draw give orthonormal columns, or rows when there are fewer
    rows than columns.

    Raises:
        ValueError: at the call, for a shape of rank below 2.
    """

    def __init__(self, gain: float = 1.0, seed: int | None = None) -> None:
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape: Shape, dtype: torch.dtype | str | None = None) -> torch.Tensor:
        if len(shape) < 2:
            raise ValueError(
                f"The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={tuple(shape)} of rank {len(shape)}."
            )
        rows, columns = math.prod(shape[:-1]), shape[-1]
        # QR in float32 at least: half precision has no QR on CPU.
        work = torch.promote_types(_dtype(dtype), torch.float32)
        a = _normal((max(rows, columns), min(rows, columns)), work, 0.0, 1.0, self._generator())
        q, r = torch.linalg.qr(a)
        q = q * torch.sign(torch.diagonal(r))  # makes the draw uniform over orthogonal matrices
        if rows < columns:
            q = q.t()
        return (self.gain * q.reshape(tuple(shape))).to(_dtype(dtype))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "gain": self.gain}


# Keras's lower-case names for the classes (tf-keras 2.21's and Keras 3's
# ``keras.initializers.glorot_uniform``; Keras 2.3 also had zero, one, normal and uniform), the
# very classes: ``glorot_uniform(seed=1)`` is ``GlorotUniform(seed=1)``.
constant = Constant
zeros = zero = Zeros
ones = one = Ones
identity = Identity
random_normal = normal = RandomNormal
truncated_normal = TruncatedNormal
random_uniform = uniform = RandomUniform
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
he_uniform = HeUniform
he_normal = HeNormal
lecun_uniform = LecunUniform
lecun_normal = LecunNormal
orthogonal = Orthogonal
IdentityInitializer = Identity  # Keras's other names of the classes
OrthogonalInitializer = Orthogonal


# ----- lookup and serialisation -----------------------------------------------------------

_CLASSES: tuple[type[Initializer], ...] = (
    Constant,
    Zeros,
    Ones,
    Identity,
    RandomNormal,
    TruncatedNormal,
    RandomUniform,
    VarianceScaling,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    Orthogonal,
)
# Keras's names: each class name, its snake_case, and the aliases Keras keeps.
_BY_NAME: dict[str, type[Initializer]] = {
    **{cls.__name__: cls for cls in _CLASSES},
    "constant": Constant,
    "zeros": Zeros,
    "ones": Ones,
    "identity": Identity,
    "random_normal": RandomNormal,
    "truncated_normal": TruncatedNormal,
    "random_uniform": RandomUniform,
    "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_uniform": HeUniform,
    "he_normal": HeNormal,
    "lecun_uniform": LecunUniform,
    "lecun_normal": LecunNormal,
    "orthogonal": Orthogonal,
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "normal": RandomNormal,
    "uniform": RandomUniform,
    "one": Ones,
    "zero": Zeros,
}


def _class_named(name: str) -> type[Initializer]:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"Unknown initializer {name!r}. Known names: {', '.join(sorted(_BY_NAME))}."
        ) from None


def get(identifier: Any) -> InitializerLike | None:
    """The initialiser ``identifier`` stands for, as Keras's ``initializers.get``.

    Args:
        identifier: a name (``"glorot_uniform"`` or ``"GlorotUniform"``), a config dict
            ``{"class_name": ..., "config": {...}}``, an `Initializer` class or instance, a
            tensor or numpy array (returned as it is, for exactly its shape), any callable
            ``(shape, dtype) -> Tensor``, or None (returns None).

    Raises:
        ValueError: an unknown name or class name, listing the known ones.
        TypeError: anything else.

    Example:
        >>> get("he_normal"), get({"class_name": "Constant", "config": {"value": 2.0}})
        (HeNormal(seed=None, input_axes=None, output_axes=None), Constant(value=2.0))
    """
    if identifier is None or isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, str):
        return _class_named(identifier)()
    if isinstance(identifier, dict):
        custom = saving.make_custom_object(identifier)  # the program's own first, as in Keras
        if custom is not None:
            return custom
        if not isinstance(identifier.get("class_name"), str):
            raise TypeError(
                f"An initializer config must be a dict with 'class_name' and 'config'. "
                f"Received: {identifier!r}"
            )
        return _class_named(identifier["class_name"]).from_config(dict(identifier.get("config") or {}))
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, (torch.Tensor, np.ndarray, np.generic)):
        return _Fixed(identifier)
    if callable(identifier):
        return identifier
    raise TypeError(
        f"An initializer must be a name such as 'glorot_uniform', an Initializer, a config dict or a "
        f"callable (shape, dtype) -> Tensor. Received: {identifier!r}"
    )


def serialize(initializer: Initializer | None) -> dict[str, Any] | None:
    """Keras's config dict of ``initializer``: ``{"module", "class_name", "config",
    "registered_name"}`` (what `get` and Keras's ``initializers.get`` read back; a program's
    own class by its name, as Keras); None for None (`saving.serialize_setting`).

    Raises:
        TypeError: an array given as the initializer, or an object with no config.

    Example:
        >>> serialize(Constant(2.0))["class_name"], serialize(Constant(2.0))["config"]
        ('Constant', {'value': 2.0})
    """
    if isinstance(initializer, _Fixed):
        raise TypeError(f"An array given as the initializer has no Keras config. Received: {initializer!r}")
    return saving.serialize_setting(initializer)


def deserialize(
    config: dict[str, Any] | str, custom_objects: dict[str, Any] | None = None
) -> InitializerLike | None:
    """Keras's ``initializers.deserialize``: the initialiser of a `serialize` (or Keras) config
    dict, or of a name, a program's class found in ``custom_objects`` first."""
    if not isinstance(config, (dict, str)):
        raise TypeError(f"deserialize takes a config dict or a name. Received: {config!r}")
    return saving.deserialize_setting(get, config, custom_objects)
