"""Ops on a functional model's symbolic tensors: ``ops.mean(inputs, axis=1)`` between ``Input``
and ``Model`` records one `layers.Operation` node, as Keras 3 records one operation.

`recording` wraps each op of `RECORDED` (those of tensors; not the control flow, the
conversions, nor the functions that make tensors from nothing): given real tensors it calls the
op (one scan of the arguments more), given a symbolic tensor anywhere among them (a list of
them too, as ``ops.concatenate([x, y])``) it makes the node. The node's operands are the
op's positional parameters up to the last that holds a symbolic tensor (Python numbers before
it stay operands, as ``ops.add(1.0, x)``); the parameters after it are its constant
``arguments`` (numbers, strings, None and lists of them), which model files keep. An op whose
output shape depends on the data (``nonzero``) or whose operands are variadic (``einsum``)
is refused on symbolic tensors, with the way to write it.

Example:
    >>> from statefulrnn import Input, Model, ops
    >>> inputs = Input((4, 3))
    >>> mean = ops.mean(inputs, axis=1)
    >>> mean.shape, type(mean.node.layer).__name__, mean.node.layer.arguments
    ((None, 3), 'Operation', {'axis': 1})
    >>> Model(inputs, mean)(torch.ones(2, 4, 3)).shape
    torch.Size([2, 3])
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from itertools import chain
from typing import Any

from ..graph import SymbolicTensor
from . import core, counting, einops, image, linalg, math, nn, numpy, spatial

# Not ops of tensors a graph could record: conversions, dtypes, control flow, the makers of
# tensors from shapes, and results that are not tensors or whose shape depends on the data.
# ``image.extract_patches_3d`` records as the extract_patches it calls, as Keras records both as
# one ExtractPatches.
_NOT_RECORDED = frozenset(
    "convert_to_tensor convert_to_numpy is_tensor shape dtype standardize_dtype cond switch while_loop "
    "fori_loop scan map zeros ones full eye identity tri arange linspace logspace allclose ndim size "
    "nonzero empty geomspace bartlett blackman hamming hanning kaiser bincount jvp unique get_item "
    "custom_gradient vectorize image.extract_patches_3d".split()
)
_MODULES = (core, linalg, numpy, nn, math, counting, einops, spatial)
# ``ops.image``'s functions by their path under ops (``"image.resize"``), as Keras's namespace
# holds them apart from the rest
_FUNCTIONS = {name: getattr(module, name) for module in _MODULES for name in module.__all__} | {
    f"image.{name}": getattr(image, name) for name in image.__all__
}
RECORDED = frozenset(_FUNCTIONS) - _NOT_RECORDED

# The ops whose every output value comes from the operands' values at the same place: a stream
# pool may serve them step by step (`layers.Operation.per_step`).
ELEMENTWISE = frozenset(
    "abs absolute negative square sqrt cbrt reciprocal exp exp2 expm1 log log1p log2 log10 sin cos tan "
    "arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh sign floor ceil trunc isnan isinf "
    "isfinite logical_not add subtract multiply divide true_divide floor_divide mod power maximum "
    "minimum arctan2 hypot logaddexp equal not_equal greater greater_equal less less_equal "
    "logical_and logical_or logical_xor divide_no_nan round clip nan_to_num where cast stop_gradient "
    "deg2rad rad2deg isclose erf erfc erfinv rsqrt relu relu6 sigmoid softplus softsign silu swish "
    "log_sigmoid selu hard_sigmoid hard_silu hard_swish hard_tanh tanh_shrink sparse_plus "
    "sparse_sigmoid squareplus elu celu soft_shrink hard_shrink threshold leaky_relu gelu fabs signbit "
    "isposinf isneginf sinc i0 real imag conj conjugate isreal angle bitwise_invert bitwise_not fmod fmax "
    "fmin logaddexp2 heaviside gcd lcm nextafter ldexp bitwise_and bitwise_or bitwise_xor "
    "bitwise_left_shift left_shift bitwise_right_shift right_shift".split()
)


def recording(function: Callable[..., Any], operation: str | None = None) -> Callable[..., Any]:
    """``function``, recording a `layers.Operation` node of ``operation`` (by default the
    function's name) when given a symbolic tensor."""
    signature = inspect.signature(function)
    operation = operation or function.__name__

    @functools.wraps(function)
    def op(*args: Any, **kwargs: Any) -> Any:
        for value in chain(args, kwargs.values()):
            if _holds_symbolic(value):
                return _record(operation, signature, args, kwargs)
        return function(*args, **kwargs)

    return op


def _holds_symbolic(value: Any) -> bool:
    if type(value) is SymbolicTensor:
        return True
    return type(value) in (list, tuple) and any(type(item) is SymbolicTensor for item in value)


def _record(name: str, signature: inspect.Signature, args: tuple, kwargs: dict) -> Any:
    if any(parameter.kind is parameter.VAR_POSITIONAL for parameter in signature.parameters.values()):
        raise TypeError(
            f"ops.{name} takes a variable number of operands, which a model's graph does not record: "
            f"wrap it in a layer, e.g. layers.Lambda(lambda ts: ops.{name}(..., *ts))."
        )
    values = dict(signature.bind(*args, **kwargs).arguments)
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.VAR_KEYWORD:  # ops.rearrange(x, pattern, h1=2): h1 by name
            values.update(values.pop(parameter.name, {}))
    return record_call(name, values)


def record_call(operation: str, values: dict[str, Any], name: str | None = None) -> Any:
    """The `layers.Operation` node of ``ops.<operation>`` called with ``values`` by parameter
    name (some of them symbolic tensors), named ``name`` (by default the op's, numbered).

    Raises:
        TypeError: a value that is neither a symbolic tensor nor a constant (an array), or a
            parameter the op does not take.
    """
    from ..layers.operations import OPERATORS, Operation  # the layers import ops' dtype rules

    parameters = list(signature_of(operation).parameters.values())
    names = [parameter.name for parameter in parameters if parameter.kind is not parameter.VAR_KEYWORD]
    takes_keywords = len(names) < len(parameters)  # any name, as ops.rearrange's axis lengths
    unknown = [] if takes_keywords else sorted(set(values) - set(names))
    if unknown:
        raise TypeError(f"ops.{operation} takes no argument {unknown[0]!r} (it takes {', '.join(names)}).")
    # An operator's operands are all its parameters (ops.add(x, 1.0) is x + 1.0), else those up
    # to the last that holds a symbolic tensor.
    symbolic_at = [names.index(key) for key, value in values.items() if _holds_symbolic(value)]
    last = len(names) - 1 if operation in OPERATORS else max(symbolic_at)
    operands = [values.get(key, parameters[i].default) for i, key in enumerate(names[: last + 1])]
    arguments = {key: value for key, value in values.items() if key not in names[: last + 1]}
    for key, value in [*zip(names, operands), *arguments.items()]:
        if not (_holds_symbolic(value) or _is_constant(value)):
            raise TypeError(
                f"ops.{operation} on a model's symbolic tensors takes symbolic tensors, numbers, strings "
                f"and lists of them; {key}= is a {type(value).__name__}. A constant array belongs in a "
                f"layer's weights (or wrap the computation in layers.Lambda)."
            )
    options = {} if name is None else {"name": name}
    return Operation(operation, {key: _plain(value) for key, value in arguments.items()}, **options)(
        *operands
    )


def function_of(operation: str) -> Callable[..., Any] | None:
    """``ops.<operation>`` itself (not its recording wrapper) if a graph may record it, else None."""
    return _FUNCTIONS.get(operation) if operation in RECORDED else None


def signature_of(operation: str) -> inspect.Signature:
    """The signature of ``ops.<operation>``."""
    return inspect.signature(_FUNCTIONS[operation])


def _is_constant(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    return isinstance(value, (list, tuple)) and all(_is_constant(item) for item in value)


def _plain(value: Any) -> Any:
    """A constant as a model's config keeps it (tuples as lists, as JSON reads them back)."""
    return [_plain(item) for item in value] if isinstance(value, (list, tuple)) else value


__all__ = ["ELEMENTWISE", "RECORDED", "function_of", "record_call", "recording", "signature_of"]
