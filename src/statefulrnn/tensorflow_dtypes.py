"""TensorFlow's dtype names (``tf.float32``, ``tf.int32``, ``tf.string``), as a program reaches
them once its ``import tensorflow as tf`` became ``import statefulrnn as tf``.

Keras takes dtypes by name, so each stands for its name: a `DType` is the string ``"float32"``
(what ``K.cast``, ``keras.ops``, ``Input``, ``add_weight`` and numpy take), and it compares
equal to every spelling of that dtype (``torch.float32``, ``np.float32``, ``np.dtype("float32")``,
``"float32"``), as TensorFlow's ``tf.float32 == np.float32`` holds, so a custom layer's
``if x.dtype != tf.float32: x = K.cast(x, tf.float32)`` reads a torch tensor's dtype as it
reads a TensorFlow tensor's. It imports neither torch nor numpy (the package's top-level names
load without them).

Example:
    >>> import torch
    >>> float32, int32 = DTYPES["float32"], DTYPES["int32"]
    >>> float32 == torch.float32, float32 == "float32", int32 != torch.float32
    (True, True, True)
    >>> float32.name, float32.is_floating, int32.is_integer, float32.max
    ('float32', True, True, 3.4028234663852886e+38)
"""

from __future__ import annotations

from typing import Any


class DType(str):
    """A dtype's name that compares equal to that dtype however it is spelt, with the
    attributes of TensorFlow's ``tf.DType`` that Keras programs read (``name``,
    ``as_numpy_dtype``, ``is_floating``, ``is_integer``, ``is_bool``, ``min``, ``max``, ``size``)."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return str(self)

    @property
    def as_numpy_dtype(self) -> type:
        import numpy as np

        return np.dtype(str(self)).type

    @property
    def is_floating(self) -> bool:
        return self.startswith(("float", "bfloat"))

    @property
    def is_integer(self) -> bool:
        return self.startswith(("int", "uint"))

    @property
    def is_bool(self) -> bool:
        return self == "bool"

    @property
    def size(self) -> int:
        """Bytes per element."""
        return self._numpy().itemsize

    @property
    def min(self) -> float | int:
        return self._limits()[0]

    @property
    def max(self) -> float | int:
        return self._limits()[1]

    def _numpy(self) -> Any:
        import numpy as np

        if self == "bfloat16":  # numpy has none: torch's answers for it
            raise TypeError("numpy has no bfloat16; ask torch.finfo(torch.bfloat16)")
        return np.dtype(str(self))

    def _limits(self) -> tuple[float, float] | tuple[int, int]:
        import numpy as np

        if self.is_integer:
            limits = np.iinfo(self._numpy())
            return limits.min, limits.max
        if self.is_floating:
            limits = np.finfo(self._numpy())
            return float(limits.min), float(limits.max)
        raise TypeError(f"tf.{self} has no min or max")

    def __eq__(self, other: object) -> bool:
        return str(self) == _name_of(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __repr__(self) -> str:
        return f"tf.{self}"


def _name_of(dtype: object) -> str | None:
    """``dtype``'s name in any spelling: a string, a numpy dtype (``.name``), a torch dtype
    (``torch.float32``) or a numpy scalar type (``np.float32.__name__``); None for others."""
    if isinstance(dtype, str):
        return str(dtype)
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    if type(dtype).__module__ == "torch" and type(dtype).__name__ == "dtype":
        return str(dtype).removeprefix("torch.")
    if isinstance(dtype, type) and dtype.__module__ == "numpy":
        return dtype.__name__
    return None


_NAMES = (
    "bool uint8 uint16 uint32 uint64 int8 int16 int32 int64 bfloat16 float16 float32 float64"
    " complex64 complex128 string"
).split()
# TensorFlow's other names of the same dtypes.
_ALIASES = {"half": "float16", "double": "float64"}
DTYPES: dict[str, DType] = {
    **{name: DType(name) for name in _NAMES},
    **{alias: DType(name) for alias, name in _ALIASES.items()},
}

__all__ = ["DTYPES", "DType"]
