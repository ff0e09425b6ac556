"""`InputSpec`: what a layer accepts (rank, dtype, sizes), checked at each call, as Keras checks
the ``input_spec`` a custom layer sets in its ``__init__`` or ``build``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import torch


def _dtype_name(dtype: Any) -> str:
    """``"float32"`` for ``torch.float32``, ``np.float32``, ``"float32"``..."""
    if isinstance(dtype, torch.dtype):
        return str(dtype).removeprefix("torch.")
    return str(getattr(dtype, "name", dtype))


class InputSpec:
    """Keras's ``InputSpec``: the rank (``ndim``, or ``min_ndim`` / ``max_ndim``), the size of
    given axes (``axes={-1: 8}``), the whole ``shape`` (None for any size; its length sets
    ``ndim``) and the ``dtype`` of one input. A layer that sets ``self.input_spec`` to one (or
    to a list, one per input) has its inputs checked at every call, before ``call`` runs.

    Args:
        dtype, shape, ndim, max_ndim, min_ndim, axes: as above (default None: anything).
        allow_last_axis_squeeze: a last axis of 1 on either side is ignored when comparing
            shapes, and then ``ndim`` is not checked (default False).
        name: the key of this input when inputs come as a dict.
        optional: None may be given for this input (default False).

    Raises:
        TypeError: ``axes`` whose keys are not integers.
        ValueError: an axis beyond the rank.

    Example:
        >>> from statefulrnn.layers import Layer
        >>> class Steps(Layer):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.input_spec = InputSpec(ndim=3, axes={-1: 2})
        ...     def call(self, x):
        ...         return x.sum(dim=1)
        >>> Steps()(torch.ones(4, 5, 2)).shape
        torch.Size([4, 2])
        >>> Steps()(torch.ones(4, 2))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        ValueError: Input 0 ... of layer 'steps_1' ...: expected ndim=3, found ndim=2. Full shape ...: (4, 2)
    """

    def __init__(
        self,
        dtype: Any = None,
        shape: Sequence[int | None] | None = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: Mapping[int, int | None] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ) -> None:
        self.dtype = None if dtype is None else _dtype_name(dtype)
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim, self.min_ndim, self.name, self.optional = max_ndim, min_ndim, name, optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        try:
            self.axes = {int(key): value for key, value in (axes or {}).items()}
        except (TypeError, ValueError):
            raise TypeError(
                f"Argument `axes` must be a dict with integer keys. Received: axes={axes}"
            ) from None
        highest = (self.ndim or self.max_ndim or 0) - 1
        if self.axes and (self.ndim is not None or self.max_ndim is not None) and max(self.axes) > highest:
            raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: {highest}")

    def __repr__(self) -> str:
        parts = {
            "dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim, "axes": self.axes,
        }  # fmt: skip
        return f"InputSpec({', '.join(f'{key}={value}' for key, value in parts.items() if value)})"

    def get_config(self) -> dict[str, Any]:
        return {
            "dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim, "axes": self.axes, "optional": self.optional,
        }  # fmt: skip

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> InputSpec:
        return cls(**config)


def assert_input_compatibility(input_spec: Any, inputs: Any, layer_name: str) -> None:
    """Keras's check of ``inputs`` (one tensor, a list, or a dict by the specs' names) against
    ``input_spec`` (one `InputSpec`, or a list of them, None entries unchecked).

    Raises:
        ValueError: a missing named input, another number of inputs, or an input of another
            rank, dtype or size than its spec says (Keras's messages).
    """
    specs = list(input_spec) if isinstance(input_spec, (list, tuple)) else [input_spec]
    if isinstance(inputs, Mapping):
        names = [getattr(spec, "name", None) for spec in specs]
        if all(names):
            missing = [name for name in names if name not in inputs]
            if missing:
                raise ValueError(
                    f'Missing data for input "{missing[0]}". You passed a data dictionary with keys '
                    f"{list(inputs)}. Expected the following keys: {names}"
                )
            inputs = [inputs[name] for name in names]
        else:
            inputs = list(inputs.values())
    tensors = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    if len(tensors) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(tensors)} '
            "input tensors."
        )
    for index, (x, spec) in enumerate(zip(tensors, specs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise ValueError(
                f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input for layer "
                f"'{layer_name}'."
            )
        _check_one(index, spec, tuple(x.shape), getattr(x, "dtype", None), layer_name)


def _check_one(index: int, spec: InputSpec, shape: tuple, dtype: Any, layer_name: str) -> None:
    where = f"Input {index} with name '{spec.name}' of layer '{layer_name}' is incompatible with the layer"
    ndim = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        raise ValueError(
            f"{where}: expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {shape}"
        )
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(f"{where}: expected max_ndim={spec.max_ndim}, found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise ValueError(
            f"{where}: expected min_ndim={spec.min_ndim}, found ndim={ndim}. Full shape received: {shape}"
        )
    if spec.dtype is not None and dtype is not None and _dtype_name(dtype) != spec.dtype:
        raise ValueError(f"{where}: expected dtype={spec.dtype}, found dtype={_dtype_name(dtype)}")
    for axis, value in spec.axes.items():
        if value is not None and -ndim <= axis < ndim and shape[axis] not in (value, None):
            raise ValueError(
                f"{where}: expected axis {axis} of input shape to have value {value}, but received input "
                f"with shape {shape}"
            )
    if spec.shape is not None:
        expected = spec.shape
        if spec.allow_last_axis_squeeze:
            shape = shape[:-1] if shape and shape[-1] == 1 else shape
            expected = expected[:-1] if expected and expected[-1] == 1 else expected
        for wanted, size in zip(expected, shape):
            if wanted is not None and size is not None and wanted != size:
                raise ValueError(f"{where}: expected shape={spec.shape}, found shape={shape}")
