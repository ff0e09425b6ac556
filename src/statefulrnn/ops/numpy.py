"""Keras 3's NumPy-like ops (``keras.ops.mean``, ``ops.concatenate``, ...) on PyTorch tensors.

Each takes tensors, numpy arrays or Python numbers (converted as `core.convert_to_tensor`
converts them) and returns a tensor, with Keras's conventions where they differ from PyTorch's:
``axis`` (an int, a tuple or None for all) where PyTorch says ``dim``, population variance
(``var``, ``std``), int32 indices (``argmax``, ``argsort``, ``nonzero``), sums of small ints and
bools as int32, means of ints as floats, and a Python number in a binary op taking the other
operand's dtype (``x + 1`` stays float16; an int tensor times 0.5 becomes floatx). Gradients
flow through every op that has one.

Example:
    >>> from statefulrnn import ops
    >>> x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
    >>> ops.mean(x, axis=-1), ops.argmax(x, axis=0), ops.var(x)
    (tensor([1.5000, 4.0000]), tensor([1, 1], dtype=torch.int32), tensor(2.1875))
"""

from __future__ import annotations

import builtins
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch

from ..graph import SymbolicTensor
from ..layers.base import default_dtype
from .core import convert_to_tensor, shape, standardize_dtype

Axis = int | Sequence[int] | None


def _tensor(x: Any) -> torch.Tensor:
    return x if isinstance(x, torch.Tensor) else convert_to_tensor(x)


def _operands(x1: Any, x2: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """Both operands as tensors; a Python number beside a tensor takes that tensor's dtype and
    device (floatx for a float beside integers), as Keras's weak types: ``x * 0.5`` stays
    float16, an int32 tensor times 0.5 becomes float32."""
    if type(x1) in _NUMBERS and isinstance(x2, torch.Tensor):
        return _scalar(x1, x2), x2
    if type(x2) in _NUMBERS and isinstance(x1, torch.Tensor):
        return x1, _scalar(x2, x1)
    return _tensor(x1), _tensor(x2)


_NUMBERS = (int, float, bool)


def _scalar(value: int | float | bool, partner: torch.Tensor) -> torch.Tensor:
    if isinstance(value, float) and not (partner.is_floating_point() or partner.is_complex()):
        dtype = default_dtype[0]
    elif type(value) is int and partner.dtype == torch.bool:
        dtype = torch.int32
    else:
        dtype = partner.dtype
    return torch.tensor(value, dtype=dtype, device=partner.device)


def _dims(axis: Axis) -> int | tuple[int, ...] | None:
    if axis is None or isinstance(axis, int):
        return axis
    return tuple(int(a) for a in axis)


def _floating(x: torch.Tensor) -> torch.Tensor:
    """``x`` as floats: itself when floating, else in floatx (Keras's means and roots of ints)."""
    return x if x.is_floating_point() or x.is_complex() else x.to(default_dtype[0])


def named(op: Callable[..., Any], name: str, doc: str) -> Callable[..., Any]:
    """``op`` (made by one of the factories here) named ``name`` with the docstring ``doc``."""
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


def _elementwise(
    name: str, function: Callable[..., torch.Tensor], doc: str, floats: bool = False
) -> Callable[..., torch.Tensor]:
    """One of Keras's elementwise ops of one operand: ``function`` on ``x`` as a tensor (as
    floats first when ``floats``)."""

    def op(x: Any) -> torch.Tensor:
        x = _tensor(x)
        return function(_floating(x) if floats else x)

    return named(op, name, f"Keras's ``ops.{name}``: {doc}, elementwise.")


def _binary(
    name: str, function: Callable[..., torch.Tensor], doc: str, numbers: bool = False, names: str = ""
) -> Callable[..., torch.Tensor]:
    """One of Keras's elementwise ops of two broadcast operands; with ``numbers``, ``function``
    takes a Python number on either side as it is (PyTorch's weak scalars are Keras's; a tensor
    made of it would cost more than the op). Its parameters are ``x1, x2``, or ``x, y`` for
    ``names="xy"`` (Keras's bitwise ops)."""

    def op(x1: Any, x2: Any) -> torch.Tensor:
        if numbers and (
            (type(x2) in _NUMBERS and type(x1) is torch.Tensor and x1.dtype != torch.bool)
            or (type(x1) in _NUMBERS and type(x2) is torch.Tensor and x2.dtype != torch.bool)
        ):
            return function(x1, x2)
        return function(*_operands(x1, x2))

    def op_xy(x: Any, y: Any) -> torch.Tensor:
        return op(x, y)

    return named(
        op_xy if names == "xy" else op,
        name,
        f"Keras's ``ops.{name}``: {doc}, elementwise, with NumPy's broadcasting.",
    )


# ----- elementwise -----------------------------------------------------------------------

abs = _elementwise("abs", torch.abs, "|x|")
absolute = _elementwise("absolute", torch.abs, "|x|")
negative = _elementwise("negative", torch.neg, "-x")
square = _elementwise("square", torch.square, "x squared")
sqrt = _elementwise("sqrt", torch.sqrt, "the square root", floats=True)
cbrt = _elementwise(
    "cbrt", lambda x: torch.sign(x) * torch.abs(x).pow(1.0 / 3.0), "the cube root", floats=True
)
reciprocal = _elementwise("reciprocal", torch.reciprocal, "1 / x", floats=True)
exp = _elementwise("exp", torch.exp, "e to the x", floats=True)
exp2 = _elementwise("exp2", torch.exp2, "2 to the x", floats=True)
expm1 = _elementwise("expm1", torch.expm1, "e to the x, minus 1", floats=True)
log = _elementwise("log", torch.log, "the natural logarithm", floats=True)
log1p = _elementwise("log1p", torch.log1p, "log(1 + x)", floats=True)
log2 = _elementwise("log2", torch.log2, "the base-2 logarithm", floats=True)
log10 = _elementwise("log10", torch.log10, "the base-10 logarithm", floats=True)
sin = _elementwise("sin", torch.sin, "the sine", floats=True)
cos = _elementwise("cos", torch.cos, "the cosine", floats=True)
tan = _elementwise("tan", torch.tan, "the tangent", floats=True)
arcsin = _elementwise("arcsin", torch.asin, "the inverse sine", floats=True)
arccos = _elementwise("arccos", torch.acos, "the inverse cosine", floats=True)
arctan = _elementwise("arctan", torch.atan, "the inverse tangent", floats=True)
sinh = _elementwise("sinh", torch.sinh, "the hyperbolic sine", floats=True)
cosh = _elementwise("cosh", torch.cosh, "the hyperbolic cosine", floats=True)
tanh = _elementwise("tanh", torch.tanh, "the hyperbolic tangent", floats=True)
arcsinh = _elementwise("arcsinh", torch.asinh, "the inverse hyperbolic sine", floats=True)
arccosh = _elementwise("arccosh", torch.acosh, "the inverse hyperbolic cosine", floats=True)
arctanh = _elementwise("arctanh", torch.atanh, "the inverse hyperbolic tangent", floats=True)
sign = _elementwise("sign", torch.sign, "-1, 0 or 1 by the sign of x")
floor = _elementwise("floor", torch.floor, "the largest integer at most x", floats=True)
ceil = _elementwise("ceil", torch.ceil, "the smallest integer at least x", floats=True)
trunc = _elementwise("trunc", torch.trunc, "x rounded towards zero")
isnan = _elementwise("isnan", torch.isnan, "whether x is NaN")
isinf = _elementwise("isinf", torch.isinf, "whether x is an infinity")
isfinite = _elementwise("isfinite", torch.isfinite, "whether x is finite")
logical_not = _elementwise("logical_not", torch.logical_not, "not x")

add = _binary("add", torch.add, "x1 + x2", numbers=True)
subtract = _binary("subtract", torch.subtract, "x1 - x2", numbers=True)
multiply = _binary("multiply", torch.multiply, "x1 * x2", numbers=True)
divide = _binary("divide", torch.true_divide, "x1 / x2 (ints give floats)", numbers=True)
true_divide = _binary("true_divide", torch.true_divide, "x1 / x2 (ints give floats)", numbers=True)
floor_divide = _binary("floor_divide", torch.floor_divide, "x1 // x2, rounded down", numbers=True)
mod = _binary("mod", torch.remainder, "x1 mod x2, with the sign of x2 (NumPy's)", numbers=True)
power = _binary("power", torch.pow, "x1 to the power x2", numbers=True)
maximum = _binary("maximum", torch.maximum, "the larger of x1 and x2")
minimum = _binary("minimum", torch.minimum, "the smaller of x1 and x2")
arctan2 = _binary("arctan2", lambda a, b: torch.atan2(_floating(a), _floating(b)), "the angle of (x2, x1)")
hypot = _binary("hypot", lambda a, b: torch.hypot(_floating(a), _floating(b)), "sqrt(x1^2 + x2^2)")
logaddexp = _binary("logaddexp", lambda a, b: torch.logaddexp(_floating(a), _floating(b)), "log(e^x1 + e^x2)")
equal = _binary("equal", torch.eq, "x1 == x2")
not_equal = _binary("not_equal", torch.ne, "x1 != x2")
greater = _binary("greater", torch.gt, "x1 > x2")
greater_equal = _binary("greater_equal", torch.ge, "x1 >= x2")
less = _binary("less", torch.lt, "x1 < x2")
less_equal = _binary("less_equal", torch.le, "x1 <= x2")
logical_and = _binary("logical_and", torch.logical_and, "x1 and x2")
logical_or = _binary("logical_or", torch.logical_or, "x1 or x2")
logical_xor = _binary("logical_xor", torch.logical_xor, "x1 xor x2")
fabs = _elementwise("fabs", torch.abs, "|x| as floats", floats=True)
signbit = _elementwise(
    "signbit",
    lambda x: torch.zeros_like(x) if x.dtype == torch.bool else torch.signbit(x),
    "whether the sign bit is set (-0.0's too)",
)
isposinf = _elementwise("isposinf", torch.isposinf, "whether x is +inf")
isneginf = _elementwise("isneginf", torch.isneginf, "whether x is -inf")
sinc = _elementwise("sinc", torch.sinc, "sin(pi x) / (pi x), and 1 at 0", floats=True)
i0 = _elementwise("i0", torch.special.i0, "the modified Bessel function of order 0", floats=True)
real = _elementwise("real", torch.real, "the real part")
imag = _elementwise(
    "imag", lambda x: torch.imag(x) if x.is_complex() else torch.zeros_like(x), "the imaginary part"
)
conj = _elementwise("conj", lambda x: torch.conj(x).resolve_conj(), "the complex conjugate")
conjugate = _elementwise("conjugate", lambda x: torch.conj(x).resolve_conj(), "the complex conjugate")
isreal = _elementwise("isreal", torch.isreal, "whether the imaginary part is 0")
angle = _elementwise("angle", torch.angle, "the argument (0, or pi below 0, for real x)", floats=True)
bitwise_invert = _elementwise("bitwise_invert", torch.bitwise_not, "~x, bit by bit")
bitwise_not = _elementwise("bitwise_not", torch.bitwise_not, "~x, bit by bit")


def _promoted(a: torch.Tensor, b: torch.Tensor, bools: torch.dtype | None = None) -> tuple[torch.Tensor, ...]:
    """``a`` and ``b`` in their common dtype (``bools`` for two bools, if given)."""
    a, b = _common([a, b])
    return (a.to(bools), b.to(bools)) if bools is not None and a.dtype == torch.bool else (a, b)


def _integral(a: torch.Tensor, b: torch.Tensor, name: str) -> tuple[torch.Tensor, ...]:
    a, b = _promoted(a, b)
    if a.is_floating_point() or a.is_complex():
        raise TypeError(f"Arguments to {name} must be integers. Received: {a.dtype}")
    return a, b


def _heaviside(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a, b = _promoted(a, b)
    if not a.is_floating_point():  # integers: floatx (float64 for int64), as Keras
        wanted = torch.float64 if a.dtype == torch.int64 else default_dtype[0]
        a, b = a.to(wanted), b.to(wanted)
    return torch.where(a < 0, torch.zeros_like(a), torch.where(a > 0, torch.ones_like(a), b))


def _nextafter(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Computed in float64 and cast back to the operands' float dtype, as Keras does (so a
    float32 step below float32's resolution rounds back to ``a``)."""
    dtype = _promoted(_floating(a), _floating(b))[0].dtype
    return torch.nextafter(a.double(), b.double()).to(dtype)


fmod = _binary(
    "fmod",
    lambda a, b: torch.fmod(*_promoted(a, b, bools=torch.int32)),
    "the remainder of x1 / x2 with the sign of x1 (C's fmod)",
)
fmax = _binary("fmax", torch.fmax, "the larger of x1 and x2, a NaN losing to a number")
fmin = _binary("fmin", torch.fmin, "the smaller of x1 and x2, a NaN losing to a number")
logaddexp2 = _binary(
    "logaddexp2", lambda a, b: torch.logaddexp2(*_promoted(_floating(a), _floating(b))), "log2(2^x1 + 2^x2)"
)
heaviside = _binary("heaviside", _heaviside, "0 below 0, 1 above 0, x2 at 0 (integers as floats)")
gcd = _binary("gcd", lambda a, b: torch.gcd(*_integral(a, b, "gcd")), "the greatest common divisor")
lcm = _binary("lcm", lambda a, b: torch.lcm(*_integral(a, b, "lcm")).abs(), "the least common multiple")
nextafter = _binary("nextafter", _nextafter, "the next float after x1 towards x2")
bitwise_and = _binary("bitwise_and", torch.bitwise_and, "x & y, bit by bit", names="xy")
bitwise_or = _binary("bitwise_or", torch.bitwise_or, "x | y, bit by bit", names="xy")
bitwise_xor = _binary("bitwise_xor", torch.bitwise_xor, "x ^ y, bit by bit", names="xy")
bitwise_left_shift = _binary(
    "bitwise_left_shift", torch.bitwise_left_shift, "x << y", numbers=True, names="xy"
)
left_shift = _binary("left_shift", torch.bitwise_left_shift, "x << y", numbers=True, names="xy")
bitwise_right_shift = _binary(
    "bitwise_right_shift", torch.bitwise_right_shift, "x >> y (arithmetic)", numbers=True, names="xy"
)
right_shift = _binary(
    "right_shift", torch.bitwise_right_shift, "x >> y (arithmetic)", numbers=True, names="xy"
)


def ldexp(x1: Any, x2: Any) -> torch.Tensor:
    """``x1 * 2 ** x2``, elementwise, with NumPy's broadcasting (``x2`` integers; ints as floats).

    Raises:
        TypeError: ``x2`` not of an integer dtype (a Python float too, as in Keras).

    Example:
        >>> ldexp(torch.tensor([1.0, -1.5, 0.0]), torch.tensor([3, -1, 5]))
        tensor([ 8.0000, -0.7500,  0.0000])
    """
    mantissa, exponent = _tensor(x1), _tensor(x2)
    if exponent.is_floating_point() or exponent.is_complex() or exponent.dtype == torch.bool:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2 dtype={exponent.dtype}")
    mantissa = _floating(mantissa)
    scaled = mantissa * torch.pow(torch.tensor(2.0, dtype=mantissa.dtype), exponent.to(mantissa.dtype))
    return torch.where(torch.isinf(mantissa) | (mantissa == 0), mantissa, scaled)


def divide_no_nan(x1: Any, x2: Any) -> torch.Tensor:
    """``x1 / x2``, and 0 where ``x2`` is 0."""
    a, b = _operands(x1, x2)
    quotient = torch.true_divide(a, torch.where(b == 0, torch.ones_like(b), b))
    return torch.where(b == 0, torch.zeros_like(quotient), quotient)


def round(x: Any, decimals: int = 0) -> torch.Tensor:
    """``x`` rounded to ``decimals`` decimals, halves to even (NumPy's)."""
    x = _tensor(x)
    return torch.round(x, decimals=decimals) if x.is_floating_point() else x


def clip(x: Any, x_min: Any, x_max: Any) -> torch.Tensor:
    """``x`` limited to ``[x_min, x_max]`` (bools are clipped as int32, as Keras does)."""
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    return torch.clamp(x, x_min, x_max)


def nan_to_num(
    x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> torch.Tensor:
    """``x`` with NaN replaced by ``nan`` and infinities by ``posinf``/``neginf`` (by default
    the dtype's largest and smallest finite values)."""
    return torch.nan_to_num(_tensor(x), nan=nan, posinf=posinf, neginf=neginf)


def where(condition: Any, x1: Any = None, x2: Any = None) -> torch.Tensor | tuple[torch.Tensor, ...]:
    """``x1`` where ``condition`` holds, else ``x2``; with neither, the indices where it holds
    (as `nonzero`).

    Raises:
        ValueError: one of ``x1`` and ``x2`` without the other.
    """
    condition = _tensor(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where takes both x1 and x2, or neither.")
    a, b = _operands(x1, x2)
    return torch.where(condition.to(torch.bool), a, b)


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> torch.Tensor:
    """Elementwise, the choice of the first condition that holds, else ``default`` (NumPy's)."""
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: {len(condlist)} conditions for {len(choicelist)} choices.")
    out = _tensor(default)
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        out = where(condition, choice, out)
    return out


# ----- reductions ------------------------------------------------------------------------


def _sum_dtype(x: torch.Tensor) -> torch.dtype:
    """Keras's dtype of a sum or product: small ints and bools add up as int32."""
    if x.dtype in (torch.bool, torch.int8, torch.int16, torch.uint8):
        return torch.int32
    return x.dtype


def sum(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The sum over ``axis`` (all axes for None)."""
    x = _tensor(x)
    return torch.sum(x, dim=_dims(axis), keepdim=keepdims, dtype=_sum_dtype(x))


def prod(x: Any, axis: Axis = None, keepdims: bool = False, dtype: Any = None) -> torch.Tensor:
    """The product over ``axis`` (all axes for None)."""
    x = _tensor(x)
    wanted = standardize_dtype(dtype) or _sum_dtype(x)
    if axis is None:
        out = torch.prod(x, dtype=wanted)
        return out.reshape((1,) * x.ndim) if keepdims else out
    for dim in sorted((d % x.ndim for d in _as_tuple(axis)), reverse=True):  # torch: one dim at a time
        x = torch.prod(x, dim=dim, keepdim=keepdims, dtype=wanted)
    return x


def mean(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The mean over ``axis`` (ints averaged as floats)."""
    return torch.mean(_floating(_tensor(x)), dim=_dims(axis), keepdim=keepdims)


def var(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The population variance (divided by the count, NumPy's default) over ``axis``."""
    return torch.var(_floating(_tensor(x)), dim=_dims(axis), correction=0, keepdim=keepdims)


def std(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The population standard deviation over ``axis``."""
    return torch.std(_floating(_tensor(x)), dim=_dims(axis), correction=0, keepdim=keepdims)


def _extreme(
    name: str, function: Callable[..., torch.Tensor], pick: Callable[..., torch.Tensor], doc: str
) -> Callable[..., torch.Tensor]:
    def op(x: Any, axis: Axis = None, keepdims: bool = False, initial: Any = None) -> torch.Tensor:
        x = _tensor(x)
        if x.numel() == 0 and initial is None:
            raise ValueError(f"{name} of an empty tensor needs initial=. Received: shape {tuple(x.shape)}")
        dims = () if axis is None else _dims(axis)
        out = function(x, dim=dims, keepdim=keepdims)
        return out if initial is None else pick(out, torch.as_tensor(initial, dtype=out.dtype))

    return named(op, name, doc)


max = _extreme(
    "max",
    torch.amax,
    torch.maximum,
    "The largest value over ``axis`` (all axes for None), at least ``initial``.",
)
min = _extreme(
    "min",
    torch.amin,
    torch.minimum,
    "The smallest value over ``axis`` (all axes for None), at most ``initial``.",
)
amax, amin = max, min


def all(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """Whether every value over ``axis`` (all axes for None) is true (non-zero)."""
    return torch.all(_tensor(x).to(torch.bool), dim=_dims(axis), keepdim=keepdims)


def any(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """Whether any value over ``axis`` (all axes for None) is true (non-zero)."""
    return torch.any(_tensor(x).to(torch.bool), dim=_dims(axis), keepdim=keepdims)


def _keep(out: torch.Tensor, x: torch.Tensor, keepdims: bool) -> torch.Tensor:
    """A reduction over all axes as a scalar, or with every axis kept at size 1."""
    return out.reshape((1,) * x.ndim) if keepdims else out


def count_nonzero(x: Any, axis: Axis = None) -> torch.Tensor:
    """How many values over ``axis`` are non-zero, as int32."""
    return torch.count_nonzero(_tensor(x), dim=_dims(axis)).to(torch.int32)


def _arg(function: Callable[..., torch.Tensor], name: str, doc: str) -> Callable[..., torch.Tensor]:
    def op(x: Any, axis: int | None = None, keepdims: bool = False) -> torch.Tensor:
        x = _tensor(x)
        if axis is None:
            out = function(x.reshape(-1), dim=0)
            return _keep(out, x, keepdims).to(torch.int32)
        return function(x, dim=axis, keepdim=keepdims).to(torch.int32)

    return named(op, name, doc)


argmax = _arg(
    torch.argmax,
    "argmax",
    "The index (int32) of the largest value along ``axis`` (of the flattened input for None);"
    " the first on a tie.",
)
argmin = _arg(
    torch.argmin,
    "argmin",
    "The index (int32) of the smallest value along ``axis`` (of the flattened input for None);"
    " the first on a tie.",
)


def cumsum(x: Any, axis: int | None = None, dtype: Any = None) -> torch.Tensor:
    """The running sum along ``axis`` (of the flattened input for None)."""
    x = _tensor(x)
    x = x.reshape(-1) if axis is None else x
    return torch.cumsum(x, dim=0 if axis is None else axis, dtype=standardize_dtype(dtype) or _sum_dtype(x))


def cumprod(x: Any, axis: int | None = None, dtype: Any = None) -> torch.Tensor:
    """The running product along ``axis`` (of the flattened input for None)."""
    x = _tensor(x)
    x = x.reshape(-1) if axis is None else x
    return torch.cumprod(x, dim=0 if axis is None else axis, dtype=standardize_dtype(dtype) or _sum_dtype(x))


def average(x: Any, axis: Axis = None, weights: Any = None) -> torch.Tensor:
    """The mean over ``axis``, weighted by ``weights`` (of ``x``'s shape, or 1-D along one axis)."""
    x = _floating(_tensor(x))
    if weights is None:
        return mean(x, axis)
    weights = _tensor(weights).to(x.dtype)
    if weights.ndim == 1 and x.ndim > 1:
        if not isinstance(axis, int):
            raise ValueError("average: 1-D weights need one axis (an int).")
        shape = [1] * x.ndim
        shape[axis] = -1
        weights = weights.reshape(shape)
    weights = weights.expand_as(x)
    return torch.sum(x * weights, dim=_dims(axis)) / torch.sum(weights, dim=_dims(axis))


def median(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The median over ``axis`` (the mean of the middle two for an even count, NumPy's)."""
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def quantile(
    x: Any, q: Any, axis: Axis = None, method: str = "linear", keepdims: bool = False
) -> torch.Tensor:
    """The ``q``-th quantiles (``q`` in [0, 1], a number or a 1-D list) over ``axis``;
    ``method`` one of ``"linear"``, ``"lower"``, ``"higher"``, ``"midpoint"``, ``"nearest"``."""
    return _quantile(torch.quantile, x, q, axis, method, keepdims)


def _quantile(
    function: Callable[..., torch.Tensor], x: Any, q: Any, axis: Axis, method: str, keepdims: bool
) -> torch.Tensor:
    """``torch.quantile`` or ``torch.nanquantile`` over ``axis`` (several axes flattened into one)."""
    x = _floating(_tensor(x))
    q = torch.as_tensor(q, dtype=x.dtype, device=x.device)
    if axis is None or isinstance(axis, int):
        return function(x, q, dim=axis, keepdim=keepdims, interpolation=method)
    dims = sorted(d % x.ndim for d in axis)  # several axes: moved last and flattened into one
    rest = [d for d in range(x.ndim) if d not in dims]
    flat = x.permute(*rest, *dims).reshape(*[x.shape[d] for d in rest], -1)
    out = function(flat, q, dim=-1, interpolation=method)
    if keepdims:
        for d in dims:
            out = out.unsqueeze(d + (1 if q.ndim else 0))
    return out


def percentile(
    x: Any, q: Any, axis: Axis = None, method: str = "linear", keepdims: bool = False
) -> torch.Tensor:
    """`quantile` with ``q`` in percent (``[0, 100]``, divided by 100 in floatx, as Keras does).

    Example:
        >>> percentile(torch.tensor([1.0, 2.0, 3.0, 4.0]), [25, 50])
        tensor([1.7500, 2.5000])
    """
    return quantile(x, _percent(q), axis, method, keepdims)


def _percent(q: Any) -> torch.Tensor:
    return convert_to_tensor(q, default_dtype[0]) / 100.0


# ----- NaN-ignoring reductions -----------------------------------------------------------


def nansum(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """`sum`, NaNs counted as 0."""
    x = _tensor(x)
    return torch.nansum(x, dim=_dims(axis), keepdim=keepdims, dtype=_sum_dtype(x))


def nanprod(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """`prod`, NaNs counted as 1."""
    return prod(_nan_as(_tensor(x), 1), axis=axis, keepdims=keepdims)


def _nan_as(x: torch.Tensor, value: float) -> torch.Tensor:
    """``x`` with its NaNs replaced by ``value`` (integers have none)."""
    if not x.is_floating_point():
        return x
    return torch.where(torch.isnan(x), torch.tensor(value, dtype=x.dtype, device=x.device), x)


def nanmean(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The mean over ``axis`` of the values that are not NaN (NaN where all are; integers
    averaged as float32, as Keras does whatever floatx is).

    Example:
        >>> nanmean(torch.tensor([[1.0, torch.nan, 3.0], [torch.nan, torch.nan, torch.nan]]), axis=1)
        tensor([2., nan])
    """
    x = _tensor(x)
    if not x.is_floating_point():
        return mean(x.to(torch.float32), axis, keepdims)
    return torch.nanmean(x, dim=_dims(axis), keepdim=keepdims)


def nanvar(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The population variance over ``axis`` of the values that are not NaN."""
    x = _floating(_tensor(x))
    valid = ~torch.isnan(x)
    centered = torch.where(valid, x - nanmean(x, axis, keepdims=True), torch.zeros_like(x))
    count = valid.sum(dim=_dims(axis), keepdim=keepdims, dtype=x.dtype)
    return centered.square().sum(dim=_dims(axis), keepdim=keepdims) / count


def nanstd(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The root of `nanvar`."""
    return torch.sqrt(nanvar(x, axis, keepdims))


def _ignoring_nan(
    name: str, reduce: Callable[..., torch.Tensor], fill: float, missing: float, doc: str
) -> Callable[..., torch.Tensor]:
    """Keras's ``ops.<name>``: ``reduce(x, axis, keepdims)`` (an op here) of ``x`` with its NaNs
    as ``fill``, and ``missing`` where every value is NaN."""

    def op(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
        x = _tensor(x)
        out = reduce(_nan_as(x, fill), axis, keepdims)
        if not x.is_floating_point():
            return out
        every = all(torch.isnan(x), axis, keepdims)
        return torch.where(every, torch.tensor(missing, dtype=out.dtype, device=out.device), out)

    return named(op, name, doc)


nanmax = _ignoring_nan(
    "nanmax", max, -math.inf, math.nan, "The largest value over ``axis`` ignoring NaNs (NaN where all are)."
)
nanmin = _ignoring_nan(
    "nanmin", min, math.inf, math.nan, "The smallest value over ``axis`` ignoring NaNs (NaN where all are)."
)
nanargmax = _ignoring_nan(
    "nanargmax", argmax, -math.inf, -1, "`argmax` ignoring NaNs (int32; -1 where all are NaN)."
)
nanargmin = _ignoring_nan(
    "nanargmin", argmin, math.inf, -1, "`argmin` ignoring NaNs (int32; -1 where all are NaN)."
)


def nancumsum(x: Any, axis: int | None = None, dtype: Any = None) -> torch.Tensor:
    """`cumsum` of ``x`` through `nan_to_num`, as Keras computes it: NaNs count as 0, and
    infinities as the dtype's largest finite values."""
    return cumsum(nan_to_num(x), axis=axis, dtype=dtype)


def nancumprod(x: Any, axis: int | None = None, dtype: Any = None) -> torch.Tensor:
    """`cumprod` of ``x`` through `nan_to_num` with NaNs as 1 (infinities as the dtype's
    largest finite values, as Keras computes it)."""
    return cumprod(nan_to_num(x, nan=1.0), axis=axis, dtype=dtype)


def nanmedian(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The median over ``axis`` of the values that are not NaN (NaN where all are)."""
    return nanquantile(x, 0.5, axis=axis, keepdims=keepdims)


def nanquantile(
    x: Any, q: Any, axis: Axis = None, method: str = "linear", keepdims: bool = False
) -> torch.Tensor:
    """`quantile` of the values that are not NaN (NaN where all are)."""
    return _quantile(torch.nanquantile, x, q, axis, method, keepdims)


def nanpercentile(
    x: Any, q: Any, axis: Axis = None, method: str = "linear", keepdims: bool = False
) -> torch.Tensor:
    """`percentile` of the values that are not NaN (NaN where all are)."""
    return nanquantile(x, _percent(q), axis, method, keepdims)


def ptp(x: Any, axis: Axis = None, keepdims: bool = False) -> torch.Tensor:
    """The range (largest less smallest value) over ``axis``."""
    x = _tensor(x)
    dims = () if axis is None else _dims(axis)
    return torch.amax(x, dim=dims, keepdim=keepdims) - torch.amin(x, dim=dims, keepdim=keepdims)


def _as_tuple(axis: int | Sequence[int]) -> tuple[int, ...]:
    return (axis,) if isinstance(axis, int) else tuple(axis)


# ----- shapes ----------------------------------------------------------------------------


def reshape(x: Any, newshape: int | Sequence[int]) -> torch.Tensor:
    """``x`` with shape ``newshape`` (one entry may be -1)."""
    return _tensor(x).reshape(_as_tuple(newshape))


def ravel(x: Any) -> torch.Tensor:
    """``x`` flattened to one axis."""
    return _tensor(x).reshape(-1)


def transpose(x: Any, axes: Sequence[int] | None = None) -> torch.Tensor:
    """``x`` with its axes in the order ``axes`` (reversed for None)."""
    x = _tensor(x)
    return x.permute(*(reversed(range(x.ndim)) if axes is None else axes))


def swapaxes(x: Any, axis1: int, axis2: int) -> torch.Tensor:
    """``x`` with two axes swapped."""
    return _tensor(x).transpose(axis1, axis2)


def moveaxis(x: Any, source: int | Sequence[int], destination: int | Sequence[int]) -> torch.Tensor:
    """``x`` with the axes ``source`` moved to ``destination``."""
    return torch.movedim(_tensor(x), _as_tuple(source), _as_tuple(destination))


def expand_dims(x: Any, axis: int | Sequence[int]) -> torch.Tensor:
    """``x`` with new axes of size 1 at ``axis`` (positions in the result)."""
    x = _tensor(x)
    axes = _as_tuple(axis)
    rank = x.ndim + len(axes)
    for position in sorted(a % rank for a in axes):
        x = x.unsqueeze(position)
    return x


def squeeze(x: Any, axis: int | Sequence[int] | None = None) -> torch.Tensor:
    """``x`` without its axes of size 1 (only those of ``axis`` if given).

    Raises:
        ValueError: an axis of ``axis`` whose size is not 1.
    """
    x = _tensor(x)
    if axis is None:
        return x.squeeze()
    axes = tuple(a % x.ndim for a in _as_tuple(axis))
    wide = [a for a in axes if x.shape[a] != 1]
    if wide:
        raise ValueError(
            f"squeeze: axis {wide[0]} of shape {tuple(x.shape)} has size {x.shape[wide[0]]}, not 1."
        )
    return x.squeeze(axes)


def broadcast_to(x: Any, shape: Sequence[int]) -> torch.Tensor:
    """``x`` broadcast to ``shape`` (a view: write to a copy)."""
    return _tensor(x).broadcast_to(tuple(shape))


def flip(x: Any, axis: Axis = None) -> torch.Tensor:
    """``x`` reversed along ``axis`` (every axis for None)."""
    x = _tensor(x)
    return x.flip(tuple(range(x.ndim)) if axis is None else _as_tuple(axis))


def fliplr(x: Any) -> torch.Tensor:
    """``x`` reversed along axis 1 (left to right)."""
    return _tensor(x).flip(1)


def flipud(x: Any) -> torch.Tensor:
    """``x`` reversed along axis 0 (up to down)."""
    return _tensor(x).flip(0)


def rot90(array: Any, k: int = 1, axes: Sequence[int] = (0, 1)) -> torch.Tensor:
    """``array`` rotated ``k`` quarter turns in the plane of ``axes``, from the first axis
    towards the second (NumPy's).

    Raises:
        ValueError: an input of fewer than 2 axes, or ``axes`` not two different axes.

    Example:
        >>> rot90(torch.tensor([[1, 2], [3, 4]]))
        tensor([[2, 4],
                [1, 3]])
    """
    x = _tensor(array)
    if x.ndim < 2:
        raise ValueError(f"Input array must have at least 2 dimensions. Received: array.ndim={x.ndim}")
    if len(axes) != 2 or axes[0] % x.ndim == axes[1] % x.ndim:
        raise ValueError(f"Invalid axes: {axes}. Axes must be a tuple of two different dimensions.")
    return torch.rot90(x, k, [int(a) for a in axes])


def roll(x: Any, shift: int | Sequence[int], axis: Axis = None) -> torch.Tensor:
    """``x`` rolled by ``shift`` along ``axis`` (flattened for None)."""
    x = _tensor(x)
    if axis is None:
        return torch.roll(x.reshape(-1), shift).reshape(x.shape)
    return torch.roll(x, _as_tuple(shift), _as_tuple(axis))


def tile(x: Any, repeats: int | Sequence[int]) -> torch.Tensor:
    """``x`` repeated ``repeats`` times along each axis (NumPy's ``tile``)."""
    return _tensor(x).tile(_as_tuple(repeats))


def repeat(x: Any, repeats: Any, axis: int | None = None) -> torch.Tensor:
    """Each element of ``x`` repeated ``repeats`` times (one count, or one per element) along
    ``axis`` (of the flattened input for None)."""
    x = _tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    counts = repeats if isinstance(repeats, int) else _tensor(repeats).to(device=x.device, dtype=torch.long)
    return torch.repeat_interleave(x, counts, dim=axis)


def concatenate(xs: Sequence[Any], axis: int | None = 0) -> torch.Tensor:
    """The tensors of ``xs`` joined along ``axis`` (flattened first for None)."""
    tensors = _common([_tensor(x) for x in xs])
    if axis is None:
        return torch.cat([t.reshape(-1) for t in tensors])
    return torch.cat(tensors, dim=axis)


def append(x1: Any, x2: Any, axis: int | None = None) -> torch.Tensor:
    """``x2`` joined after ``x1`` along ``axis`` (flattened for None)."""
    return concatenate([x1, x2], axis=axis)


def stack(x: Sequence[Any], axis: int = 0) -> torch.Tensor:
    """The tensors of ``x`` stacked along a new axis ``axis``.

    An empty list stacked along axis 0 is an empty float32 vector, shape ``(0,)``, as Keras on
    TensorFlow gives it (``ops.stack([])``, tf-keras's ``K.stack([])``: ``tf.stack`` turns the
    list itself into a tensor): code that builds a basis row by row with
    ``K.stack([... for i in range(p)])`` runs for ``p = 0`` too (N-BEATS's seasonality block
    with one harmonic). Along another axis it raises, as there.

    Example:
        >>> stack([torch.ones(2), torch.zeros(2)], axis=-1).tolist()
        [[1.0, 0.0], [1.0, 0.0]]
        >>> stack([]).shape, stack([]).dtype
        (torch.Size([0]), torch.float32)
    """
    if isinstance(x, (list, tuple)) and not x and axis == 0:
        return torch.zeros(0, dtype=torch.float32)
    return torch.stack(_common([_tensor(t) for t in x]), dim=axis)


def hstack(xs: Sequence[Any]) -> torch.Tensor:
    """The tensors joined along their second axis (their first, for 1-D ones)."""
    return torch.hstack(_common([_tensor(x) for x in xs]))


def vstack(xs: Sequence[Any]) -> torch.Tensor:
    """The tensors joined along their first axis (1-D ones as rows, as NumPy's and Keras's
    PyTorch backend: Keras 3.15 on TensorFlow joins 1-D ones end to end)."""
    return torch.vstack(_common([_tensor(x) for x in xs]))


def dstack(xs: Sequence[Any]) -> torch.Tensor:
    """The tensors joined along their third axis (1-D ones as ``(1, N, 1)``, 2-D ones as
    ``(M, N, 1)``)."""
    return torch.dstack(_common([_tensor(x) for x in xs]))


def _common(tensors: list[torch.Tensor]) -> list[torch.Tensor]:
    """The tensors in their promoted dtype (torch.cat promotes; stack and the rest do too)."""
    if not tensors:
        raise ValueError("Expected at least one tensor to join. Received: none.")
    dtype = tensors[0].dtype
    if builtins.all(t.dtype == dtype for t in tensors):  # `all` here is the op
        return tensors
    for tensor in tensors[1:]:
        dtype = torch.promote_types(dtype, tensor.dtype)
    return [t.to(dtype) for t in tensors]


def split(x: Any, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[torch.Tensor]:
    """``x`` cut along ``axis``: into that many equal parts (an int), or at those indices.

    Raises:
        ValueError: an int that does not divide the axis.
    """
    x = _tensor(x)
    length = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if indices_or_sections <= 0 or length % indices_or_sections:
            raise ValueError(
                f"split: {indices_or_sections} equal parts of axis {axis} (size {length}) do not exist."
            )
        return list(torch.split(x, length // indices_or_sections, dim=axis))
    points = [
        builtins.min(builtins.max(int(i) if i >= 0 else int(i) + length, 0), length)
        for i in indices_or_sections
    ]
    bounds = [0, *points, length]
    return [
        x.narrow(axis, start, builtins.max(stop - start, 0)) for start, stop in itertools.pairwise(bounds)
    ]


def array_split(x: Any, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[torch.Tensor]:
    """`split`, but an int need not divide the axis: the first parts are one longer."""
    x = _tensor(x)
    if isinstance(indices_or_sections, int):
        return list(torch.tensor_split(x, indices_or_sections, dim=axis))
    return split(x, indices_or_sections, axis)


def hsplit(x: Any, indices_or_sections: int | Sequence[int]) -> list[torch.Tensor]:
    """`split` along axis 1 (axis 0 for a 1-D input)."""
    x = _tensor(x)
    return split(x, indices_or_sections, axis=0 if x.ndim == 1 else 1)


def vsplit(x: Any, indices_or_sections: int | Sequence[int]) -> list[torch.Tensor]:
    """`split` along axis 0."""
    return split(x, indices_or_sections, axis=0)


def dsplit(x: Any, indices_or_sections: int | Sequence[int]) -> list[torch.Tensor]:
    """`split` along axis 2.

    Example:
        >>> [part.shape for part in dsplit(torch.zeros(2, 2, 4), [1])]
        [torch.Size([2, 2, 1]), torch.Size([2, 2, 3])]
    """
    return split(x, indices_or_sections, axis=2)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> torch.Tensor:
    """``x`` padded by ``pad_width`` (NumPy's: one ``(before, after)`` per axis, one pair for
    all, or one int) with ``constant_values`` (0 by default), or by ``"reflect"``,
    ``"symmetric"`` or ``"edge"`` values.

    Raises:
        ValueError: another mode, or ``constant_values`` with a mode other than ``"constant"``.
    """
    x = _tensor(x)
    widths = _pad_widths(pad_width, x.ndim)
    if mode != "constant" and constant_values is not None:
        raise ValueError(f"pad: constant_values only goes with mode='constant'. Received: mode={mode!r}")
    if mode == "constant":
        flat = [w for pair in reversed(widths) for w in pair]  # torch: from the last axis
        return torch.nn.functional.pad(x, flat, value=0 if constant_values is None else constant_values)
    if mode not in ("reflect", "symmetric", "edge"):
        raise ValueError(
            f"pad: mode must be 'constant', 'reflect', 'symmetric' or 'edge'. Received: {mode!r}"
        )
    for axis, (before, after) in enumerate(widths):  # one axis at a time, by indices
        if before == after == 0:
            continue
        length = x.shape[axis]
        positions = torch.arange(-before, length + after)
        index = _mirrored(positions, length, mode)
        x = x.index_select(axis, index.to(x.device))
    return x


def _pad_widths(pad_width: Any, rank: int) -> list[tuple[int, int]]:
    widths = _tensor(pad_width).to(torch.long).reshape(-1, 2) if not isinstance(pad_width, int) else None
    if widths is None:
        return [(pad_width, pad_width)] * rank
    if widths.shape[0] == 1:
        widths = widths.expand(rank, 2)
    if widths.shape[0] != rank or bool((widths < 0).any()):
        raise ValueError(
            f"pad: pad_width needs one (before, after) pair of non-negative ints per axis ({rank}). "
            f"Received: {pad_width!r}"
        )
    return [(int(a), int(b)) for a, b in widths.tolist()]


def _mirrored(positions: torch.Tensor, length: int, mode: str) -> torch.Tensor:
    """Where each position outside ``[0, length)`` reads from, by NumPy's pad ``mode``."""
    if mode == "edge":
        return positions.clamp(0, length - 1)
    period = 2 * length if mode == "symmetric" else builtins.max(2 * (length - 1), 1)
    wrapped = positions.remainder(period)
    if mode == "symmetric":
        return torch.where(wrapped < length, wrapped, period - 1 - wrapped)
    return torch.where(wrapped < length, wrapped, period - wrapped)


def ndim(x: Any) -> int:
    """The number of axes of ``x`` (a model's symbolic tensor's too)."""
    return len(shape(x))


def size(x: Any) -> int | None:
    """The number of elements of ``x`` (None for a symbolic tensor with an unknown axis)."""
    sizes = shape(x)
    return None if None in sizes else math.prod(sizes)


# ----- making tensors --------------------------------------------------------------------


def _dtype_or(dtype: Any, fallback: torch.dtype) -> torch.dtype:
    return standardize_dtype(dtype) or fallback


def zeros(shape: int | Sequence[int], dtype: Any = None) -> torch.Tensor:
    """Zeros of ``shape`` (floatx by default)."""
    return torch.zeros(_as_tuple(shape), dtype=_dtype_or(dtype, default_dtype[0]))


def ones(shape: int | Sequence[int], dtype: Any = None) -> torch.Tensor:
    """Ones of ``shape`` (floatx by default)."""
    return torch.ones(_as_tuple(shape), dtype=_dtype_or(dtype, default_dtype[0]))


def full(shape: int | Sequence[int], fill_value: Any, dtype: Any = None) -> torch.Tensor:
    """``fill_value`` in every entry of ``shape`` (floatx by default, as Keras's, even for an int)."""
    value = _tensor(fill_value)
    return value.to(_dtype_or(dtype, default_dtype[0])).expand(_as_tuple(shape)).clone()


def zeros_like(x: Any, dtype: Any = None) -> torch.Tensor:
    """Zeros of ``x``'s shape (and dtype, unless ``dtype`` is given)."""
    x = _tensor(x)
    return torch.zeros_like(x, dtype=_dtype_or(dtype, x.dtype))


def ones_like(x: Any, dtype: Any = None) -> torch.Tensor:
    """Ones of ``x``'s shape (and dtype, unless ``dtype`` is given)."""
    x = _tensor(x)
    return torch.ones_like(x, dtype=_dtype_or(dtype, x.dtype))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> torch.Tensor:
    """``fill_value`` in every entry of ``x``'s shape (in ``x``'s dtype unless ``dtype``)."""
    x = _tensor(x)
    return torch.full_like(x, fill_value, dtype=_dtype_or(dtype, x.dtype))


def array(x: Any, dtype: Any = None) -> torch.Tensor:
    """``x`` as a tensor (of ``dtype`` if given), as `core.convert_to_tensor` converts it."""
    return _tensor(x) if dtype is None else convert_to_tensor(x, dtype)


def copy(x: Any) -> torch.Tensor:
    """A tensor of ``x``'s values of its own (a new tensor, still on the autograd graph)."""
    x = _tensor(x)
    return x.clone()


def empty(shape: int | Sequence[int], dtype: Any = None) -> torch.Tensor:
    """A tensor of ``shape`` (floatx by default): zeros, as Keras on TensorFlow makes it, not
    memory left as it was."""
    return zeros(shape, dtype)


def empty_like(x: Any, dtype: Any = None) -> torch.Tensor:
    """A tensor of ``x``'s shape (and dtype, unless ``dtype``): zeros, as `empty`'s."""
    return zeros_like(x, dtype)


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> torch.Tensor:  # noqa: N803 - Keras's name
    """An ``N x M`` matrix with ones on diagonal ``k`` (floatx by default)."""
    out = torch.zeros((N, N if M is None else M), dtype=_dtype_or(dtype, default_dtype[0]))
    out.diagonal(k).fill_(1)  # the diagonal is a view: filled in place
    return out


def identity(n: int, dtype: Any = None) -> torch.Tensor:
    """The ``n x n`` identity matrix (floatx by default)."""
    return eye(n, dtype=dtype)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> torch.Tensor:  # noqa: N803 - Keras's name
    """An ``N x M`` matrix of ones at and below diagonal ``k`` (floatx by default)."""
    return torch.ones((N, N if M is None else M), dtype=_dtype_or(dtype, default_dtype[0])).tril(k)


def diagflat(x: Any, k: int = 0) -> torch.Tensor:
    """``x`` flattened, on diagonal ``k`` of a square matrix of zeros."""
    return torch.diag(_tensor(x).reshape(-1), k)


def vander(x: Any, N: int | None = None, increasing: bool = False) -> torch.Tensor:  # noqa: N803 - Keras's name
    """The Vandermonde matrix of the 1-D ``x``: columns of its powers ``N - 1`` down to 0
    (up from 0 with ``increasing``; ``N`` the length of ``x`` by default), in ``x``'s dtype.

    Example:
        >>> vander(torch.tensor([1, 2, 3]), 3)
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    x = _tensor(x)
    count = x.shape[0] if N is None else N
    powers = torch.arange(count, dtype=torch.float64, device=x.device)
    powers = powers if increasing else powers.flip(0)
    base = x.to(torch.float64) if not (x.is_floating_point() or x.is_complex()) else x
    return torch.pow(base[:, None], powers.to(base.dtype)).to(x.dtype)


def tril(x: Any, k: int = 0) -> torch.Tensor:
    """``x`` with the entries above diagonal ``k`` zeroed (of the last two axes)."""
    return _tensor(x).tril(k)


def triu(x: Any, k: int = 0) -> torch.Tensor:
    """``x`` with the entries below diagonal ``k`` zeroed (of the last two axes)."""
    return _tensor(x).triu(k)


def diag(x: Any, k: int = 0) -> torch.Tensor:
    """A 1-D ``x`` as a matrix with it on diagonal ``k``; a matrix's diagonal ``k``."""
    x = _tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag takes a 1-D or 2-D input. Received: shape {tuple(x.shape)}")
    return torch.diag(x, k)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> torch.Tensor:
    """The diagonal ``offset`` of the matrices on axes ``axis1`` and ``axis2``, as a last axis."""
    return torch.diagonal(_tensor(x), offset, axis1, axis2)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> torch.Tensor:
    """The sum of `diagonal`."""
    return sum(diagonal(x, offset, axis1, axis2), axis=-1)


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> torch.Tensor:
    """``start, start + step, ...`` up to ``stop`` (excluded); from 0 when only one bound is
    given. int32 when every bound is an int, else floatx, unless ``dtype``."""
    bounds = [b for b in (start, stop, step) if b is not None]
    integral = builtins.all(
        isinstance(b, int) or (isinstance(b, torch.Tensor) and not b.is_floating_point()) for b in bounds
    )
    wanted = _dtype_or(dtype, torch.int32 if integral else default_dtype[0])
    if stop is None:
        start, stop = 0, start
    out = torch.arange(
        _number(start), _number(stop), 1 if step is None else _number(step), dtype=torch.float64
    )
    return out.to(wanted)


def _number(value: Any) -> float:
    return value.item() if isinstance(value, torch.Tensor) else value


def linspace(
    start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False, dtype: Any = None,
    axis: int = 0,
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:  # fmt: skip
    """``num`` evenly spaced values from ``start`` to ``stop`` (included unless not
    ``endpoint``; arrays of bounds give one sequence each, along ``axis``); with
    ``retstep``, also the spacing."""
    begin = _floating(_tensor(start)).to(torch.float64)
    end = _floating(_tensor(stop)).to(torch.float64)
    divisions = (num - 1 if endpoint else num) or 1
    step = (end - begin) / divisions
    fractions = torch.arange(num, dtype=torch.float64).reshape(
        -1, *([1] * builtins.max(begin.ndim, end.ndim))
    )
    out = begin + fractions * step
    if endpoint and num > 1:
        out[-1] = end
    out = torch.movedim(out, 0, axis).to(_dtype_or(dtype, default_dtype[0]))
    return (out, step.to(out.dtype)) if retstep else out


def geomspace(
    start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None, axis: int = 0
) -> torch.Tensor:
    """``num`` values from ``start`` to ``stop`` (of one sign) evenly spaced on a log scale
    (``stop`` included unless not ``endpoint``), floatx by default.

    Example:
        >>> geomspace(1, 1000, 4)
        tensor([   1.,   10.,  100., 1000.])
    """
    wanted = _dtype_or(dtype, default_dtype[0])
    begin, end = _tensor(start).to(torch.float64), _tensor(stop).to(torch.float64)
    powers = logspace(
        torch.log10(begin.abs()), torch.log10(end.abs()), num, endpoint, dtype="float64", axis=axis
    )
    return (powers * torch.sign(begin).unsqueeze(axis)).to(wanted)


def _window(name: str, make: Callable[..., torch.Tensor], doc: str) -> Callable[..., torch.Tensor]:
    """One of NumPy's symmetric windows of ``x`` points (an int), floatx, from ``make``
    (torch's window of that length)."""

    def op(x: Any) -> torch.Tensor:
        return make(int(x), periodic=False, dtype=torch.float64).to(default_dtype[0])

    return named(op, name, f"The {doc} window of ``x`` points (NumPy's ``{name}``), floatx.")


bartlett = _window("bartlett", torch.bartlett_window, "triangular (Bartlett)")
blackman = _window("blackman", torch.blackman_window, "Blackman")
hamming = _window("hamming", torch.hamming_window, "Hamming")
hanning = _window("hanning", torch.hann_window, "Hann")


def kaiser(x: Any, beta: float) -> torch.Tensor:
    """The Kaiser window of ``x`` points with shape parameter ``beta`` (NumPy's), floatx.

    Example:
        >>> kaiser(3, 0.0)
        tensor([1., 1., 1.])
    """
    return torch.kaiser_window(int(x), periodic=False, beta=float(beta), dtype=torch.float64).to(
        default_dtype[0]
    )


def meshgrid(*x: Any, indexing: str = "xy") -> list[torch.Tensor]:
    """Coordinate grids of the 1-D tensors ``x`` (``"xy"``: NumPy's default, or ``"ij"``)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij'. Received: {indexing!r}")
    return list(torch.meshgrid(*[_tensor(v) for v in x], indexing=indexing))


# ----- products --------------------------------------------------------------------------


def matmul(x1: Any, x2: Any) -> torch.Tensor:
    """The matrix product (batched over leading axes, NumPy's ``matmul``)."""
    return torch.matmul(*_common(list(_operands(x1, x2))))


def dot(x1: Any, x2: Any) -> torch.Tensor:
    """NumPy's ``dot``: a product of numbers, the inner product of vectors, the matrix product,
    else the sum over the last axis of ``x1`` and the second-to-last of ``x2``."""
    a, b = _common(list(_operands(x1, x2)))
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim == 1:
        return torch.tensordot(a, b, dims=([-1], [0]))
    return torch.tensordot(a, b, dims=([-1], [-2]))


def tensordot(x1: Any, x2: Any, axes: int | Sequence[Any] = 2) -> torch.Tensor:
    """The sum of products over ``axes`` (the last ``axes`` of ``x1`` and the first of ``x2``,
    or two lists of axes)."""
    a, b = _common(list(_operands(x1, x2)))
    dims = axes if isinstance(axes, int) else ([*_as_tuple(axes[0])], [*_as_tuple(axes[1])])
    return torch.tensordot(a, b, dims=dims)


def einsum(subscripts: str, *operands: Any) -> torch.Tensor:
    """Einstein summation over ``operands``, as ``subscripts`` says (``"btf,fu->btu"``)."""
    tensors = _common([_tensor(o) for o in operands])
    return torch.einsum(subscripts, *tensors)


def kron(x1: Any, x2: Any) -> torch.Tensor:
    """The Kronecker product: each entry of ``x1`` times the whole of ``x2``, blocks laid out
    as ``x1``'s entries (the lower rank padded with leading axes of size 1).

    Shapes:
        ``(a, b)`` and ``(c, d)`` -> ``(a c, b d)``.
    """
    return torch.kron(*_common(list(_operands(x1, x2))))


def outer(x1: Any, x2: Any) -> torch.Tensor:
    """The outer product of the flattened inputs."""
    a, b = _operands(x1, x2)
    return torch.outer(a.reshape(-1), b.reshape(-1))


def inner(x1: Any, x2: Any) -> torch.Tensor:
    """The sum of products over the last axes (a product, for a number)."""
    a, b = _operands(x1, x2)
    return a * b if a.ndim == 0 or b.ndim == 0 else torch.inner(*_common([a, b]))


def vdot(x1: Any, x2: Any) -> torch.Tensor:
    """The inner product of the flattened inputs (conjugating the first)."""
    a, b = _common(list(_operands(x1, x2)))
    return torch.vdot(a.reshape(-1), b.reshape(-1))


def cross(
    x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None
) -> torch.Tensor:
    """The cross product of 3-vectors along the given axes (``axis`` sets all three)."""
    a, b = _common(list(_operands(x1, x2)))
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = torch.movedim(a, axisa, -1), torch.movedim(b, axisb, -1)
    a, b = torch.broadcast_tensors(a, b)
    return torch.movedim(torch.linalg.cross(a, b, dim=-1), -1, axisc)


# ----- sorting and indexing --------------------------------------------------------------


def sort(x: Any, axis: int = -1) -> torch.Tensor:
    """``x`` sorted along ``axis``."""
    return torch.sort(_tensor(x), dim=axis, stable=True).values


def argsort(x: Any, axis: int | None = -1) -> torch.Tensor:
    """The indices (int32) that sort ``x`` along ``axis`` (of the flattened input for None),
    equal values in their order."""
    x = _tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def nonzero(x: Any) -> tuple[torch.Tensor, ...]:
    """One int32 index tensor per axis of the entries of ``x`` that are non-zero."""
    return tuple(index.to(torch.int32) for index in torch.nonzero(_tensor(x), as_tuple=True))


def take(x: Any, indices: Any, axis: int | None = None) -> torch.Tensor:
    """The entries of ``x`` at ``indices`` along ``axis`` (of the flattened input for None);
    negative indices count from the end."""
    x = _tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    index = _tensor(indices).to(device=x.device, dtype=torch.long)
    length = x.shape[axis]
    index = torch.where(index < 0, index + length, index)
    out = x.index_select(axis, index.reshape(-1))
    return out.reshape(*x.shape[: axis % x.ndim], *index.shape, *x.shape[axis % x.ndim + 1 :])


def get_item(x: Any, key: Any) -> torch.Tensor:
    """``x[key]``: ints, slices, ``None``, ``...``, bool masks and integer index tensors (or
    arrays, converted), as NumPy indexes; a model's symbolic tensor indexes as it does with
    ``x[key]`` (a node of the graph).

    Example:
        >>> get_item(torch.arange(6).reshape(2, 3), (1, slice(0, 2))).tolist()
        [3, 4]
    """
    if type(x) is not SymbolicTensor:
        x = _tensor(x)
    return x[tuple(_index(k) for k in key) if isinstance(key, tuple) else _index(key)]


def _index(key: Any) -> Any:
    """One item of an index: integer tensors as torch indexes with them (int64), arrays and
    lists of numbers as tensors."""
    if isinstance(key, (int, slice, type(None), type(Ellipsis))):
        return key
    index = _tensor(key)
    return index if index.dtype == torch.bool else index.long()


def view(x: Any, dtype: Any = None) -> torch.Tensor:
    """``x``'s bytes read as ``dtype`` (``x``'s own by default): the last axis scaled by the
    ratio of the item sizes, as NumPy's ``ndarray.view``.

    Raises:
        ValueError: a last axis whose bytes do not make whole items of ``dtype``.

    Example:
        >>> view(torch.tensor([1.0]), "int32").tolist()
        [1065353216]
    """
    x = _tensor(x)
    target = standardize_dtype(dtype) or x.dtype
    old, new = x.element_size(), torch.empty((), dtype=target).element_size()
    if old != new and (x.ndim == 0 or x.shape[-1] * old % new):
        raise ValueError(
            f"Cannot view array of shape {tuple(x.shape)} and dtype {x.dtype} as dtype {target} because "
            f"the total number of bytes is not divisible by the new itemsize."
        )
    return x.contiguous().view(target)


def take_along_axis(x: Any, indices: Any, axis: int | None = None) -> torch.Tensor:
    """The entries of ``x`` at ``indices`` (of ``x``'s rank, broadcast) along ``axis``
    (flattened for None)."""
    x = _tensor(x)
    index = _tensor(indices).to(device=x.device, dtype=torch.long)
    if axis is None:
        x, axis = x.reshape(-1), 0
        index = index.reshape(-1)
    index = torch.where(index < 0, index + x.shape[axis], index)
    return torch.take_along_dim(x, index, dim=axis)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> torch.Tensor:
    """Where each of ``values`` would go in the 1-D ``sorted_sequence`` to keep it sorted (int32)."""
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right'. Received: {side!r}")
    sequence, values = _common(list(_operands(sorted_sequence, values)))
    return torch.searchsorted(sequence, values, side=side).to(torch.int32)


def diff(a: Any, n: int = 1, axis: int = -1) -> torch.Tensor:
    """The ``n``-th differences along ``axis``."""
    return torch.diff(_tensor(a), n=n, dim=axis)


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> torch.Tensor:
    """Whether each entry of ``x1`` is among the entries of ``x2`` (not, with ``invert``).

    Example:
        >>> isin(torch.tensor([[1, 2], [3, 4]]), [4, 1])
        tensor([[ True, False],
                [False,  True]])
    """
    a, b = _common([_tensor(x1), _tensor(x2)])
    return torch.isin(a, b, assume_unique=assume_unique, invert=invert)


def bincount(x: Any, weights: Any = None, minlength: int = 0, sparse: bool = False) -> torch.Tensor:
    """How often each value ``0, 1, ...`` occurs in the non-negative integers ``x`` (int32), or
    the sum of ``weights`` at its places; at least ``minlength`` counts. A 2-D ``x`` counts
    each row (its longest length for all). The length depends on the values: eager only.

    Raises:
        ValueError: ``sparse=True`` (dense tensors only here).

    Example:
        >>> bincount(torch.tensor([0, 1, 1, 3]), minlength=5)
        tensor([1, 2, 0, 1, 0], dtype=torch.int32)
    """
    if sparse:
        raise ValueError("bincount: sparse=True is not supported (dense tensors only).")
    x = _tensor(x)
    index = x.to(torch.long)
    length = builtins.max(int(index.max()) + 1 if index.numel() else 0, minlength)
    if weights is None:
        values, dtype = torch.ones_like(index, dtype=torch.int32), torch.int32
    else:
        values = _tensor(weights)
        dtype = torch.promote_types(x.dtype, values.dtype)
    rows = index.reshape(-1, index.shape[-1]) if index.ndim else index.reshape(1, 1)
    out = torch.zeros(rows.shape[0], length, dtype=dtype, device=x.device)
    out.scatter_add_(1, rows, values.to(dtype).reshape(rows.shape))
    return out.reshape(*index.shape[:-1], length) if index.ndim > 1 else out[0]


def digitize(x: Any, bins: Any) -> torch.Tensor:
    """The bin of each entry of ``x`` (int32): ``i`` such that ``bins[i - 1] <= x < bins[i]``
    for increasing ``bins`` (NumPy's default).

    Example:
        >>> digitize(torch.tensor([-1.0, 0.0, 0.7, 2.0]), [0.0, 1.0])
        tensor([0, 1, 1, 2], dtype=torch.int32)
    """
    x = _tensor(x)
    edges = torch.as_tensor([float(b) for b in bins], dtype=torch.float64, device=x.device)
    return torch.bucketize(x.to(torch.float64), edges, right=True).to(torch.int32)


def unravel_index(indices: Any, shape: Sequence[int]) -> tuple[torch.Tensor, ...]:
    """The coordinates in an array of ``shape`` of the flat ``indices`` (one tensor per axis,
    in their dtype; NumPy's, where Keras 3.15 on TensorFlow orders them otherwise for indices
    that are not 1-D).

    Example:
        >>> unravel_index(torch.tensor([5, 7]), (2, 4))
        (tensor([1, 1]), tensor([1, 3]))
    """
    indices = _tensor(indices)
    return tuple(c.to(indices.dtype) for c in torch.unravel_index(indices, tuple(int(n) for n in shape)))


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> torch.Tensor:
    """The integral of ``y`` along ``axis`` by the trapezoidal rule, at the points ``x`` (or
    ``dx`` apart); integers as floats.

    Example:
        >>> trapezoid(torch.tensor([1.0, 2.0, 3.0])), trapezoid([1, 2, 3], x=[0.0, 1.0, 3.0])
        (tensor(4.), tensor(6.5000))
    """
    y = _floating(_tensor(y))
    if x is None:
        return torch.trapezoid(y, dx=dx, dim=axis)
    return torch.trapezoid(y, convert_to_tensor(x, y.dtype), dim=axis)


def corrcoef(x: Any) -> torch.Tensor:
    """The Pearson correlations of the rows of ``x`` (variables in rows, observations in
    columns), clipped to ``[-1, 1]``."""
    x = _floating(_tensor(x))
    return torch.clamp(torch.corrcoef(x), -1.0, 1.0)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> torch.Tensor:
    """The cross-correlation of two 1-D tensors, ``sum_n x1[n + k] x2[n]`` (``mode``:
    ``"valid"``, ``"same"`` or ``"full"``, NumPy's); float32 (float64 for 64-bit inputs).

    Example:
        >>> correlate(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0]), mode="full")
        tensor([1., 2., 3., 0.])
    """
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"Invalid mode: '{mode}'. Mode must be one of: 'full', 'same', 'valid'.")
    a, b = _common(list(_operands(x1, x2)))
    if a.dtype not in (torch.bfloat16, torch.float16, torch.float64):
        a, b = (t.to(torch.float64 if a.dtype == torch.int64 else torch.float32) for t in (a, b))
    n, m = a.shape[0], b.shape[0]
    full = torch.nn.functional.conv1d(torch.nn.functional.pad(a, (m - 1, m - 1))[None, None], b[None, None])[
        0, 0
    ]
    if mode == "full":
        return full
    size = builtins.max(n, m) if mode == "same" else builtins.max(n, m) - builtins.min(n, m) + 1
    start = (full.shape[0] - size) // 2
    return full[start : start + size]


def isclose(
    x1: Any, x2: Any, rtol: float = 1e-5, atol: float = 1e-8, equal_nan: bool = False
) -> torch.Tensor:
    """Whether ``|x1 - x2| <= atol + rtol |x2|``, elementwise."""
    a, b = _common(list(_operands(x1, x2)))
    return torch.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1: Any, x2: Any, rtol: float = 1e-5, atol: float = 1e-8, equal_nan: bool = False) -> bool:
    """Whether `isclose` holds everywhere."""
    return bool(isclose(x1, x2, rtol, atol, equal_nan).all())


def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: float = 10,
    dtype: Any = None,
    axis: int = 0,
) -> torch.Tensor:
    """``base`` to the powers `linspace` gives."""
    exponents = linspace(start, stop, num, endpoint, dtype="float64", axis=axis)
    return torch.pow(base, exponents).to(_dtype_or(dtype, default_dtype[0]))


def deg2rad(x: Any) -> torch.Tensor:
    """Degrees as radians."""
    return _floating(_tensor(x)) * (math.pi / 180.0)


def rad2deg(x: Any) -> torch.Tensor:
    """Radians as degrees."""
    return _floating(_tensor(x)) * (180.0 / math.pi)


__all__ = [
    "abs",
    "absolute",
    "add",
    "all",
    "allclose",
    "amax",
    "amin",
    "angle",
    "any",
    "append",
    "arange",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "argmax",
    "argmin",
    "argsort",
    "array",
    "array_split",
    "average",
    "bartlett",
    "bincount",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "blackman",
    "broadcast_to",
    "cbrt",
    "ceil",
    "clip",
    "concatenate",
    "conj",
    "conjugate",
    "copy",
    "corrcoef",
    "correlate",
    "cos",
    "cosh",
    "count_nonzero",
    "cross",
    "cumprod",
    "cumsum",
    "deg2rad",
    "diag",
    "diagflat",
    "diagonal",
    "diff",
    "digitize",
    "divide",
    "divide_no_nan",
    "dot",
    "dsplit",
    "dstack",
    "einsum",
    "empty",
    "empty_like",
    "equal",
    "exp",
    "exp2",
    "expand_dims",
    "expm1",
    "eye",
    "fabs",
    "flip",
    "fliplr",
    "flipud",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "full",
    "full_like",
    "gcd",
    "geomspace",
    "get_item",
    "greater",
    "greater_equal",
    "hamming",
    "hanning",
    "heaviside",
    "hsplit",
    "hstack",
    "hypot",
    "i0",
    "identity",
    "imag",
    "inner",
    "isclose",
    "isfinite",
    "isin",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "kaiser",
    "kron",
    "lcm",
    "ldexp",
    "left_shift",
    "less",
    "less_equal",
    "linspace",
    "log",
    "log1p",
    "log2",
    "log10",
    "logaddexp",
    "logaddexp2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "logspace",
    "matmul",
    "max",
    "maximum",
    "mean",
    "median",
    "meshgrid",
    "min",
    "minimum",
    "mod",
    "moveaxis",
    "multiply",
    "nan_to_num",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "ndim",
    "negative",
    "nextafter",
    "nonzero",
    "not_equal",
    "ones",
    "ones_like",
    "outer",
    "pad",
    "percentile",
    "power",
    "prod",
    "ptp",
    "quantile",
    "rad2deg",
    "ravel",
    "real",
    "reciprocal",
    "repeat",
    "reshape",
    "right_shift",
    "roll",
    "rot90",
    "round",
    "searchsorted",
    "select",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "size",
    "sort",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "subtract",
    "sum",
    "swapaxes",
    "take",
    "take_along_axis",
    "tan",
    "tanh",
    "tensordot",
    "tile",
    "trace",
    "transpose",
    "trapezoid",
    "tri",
    "tril",
    "triu",
    "true_divide",
    "trunc",
    "unravel_index",
    "vander",
    "var",
    "vdot",
    "view",
    "vsplit",
    "vstack",
    "where",
    "zeros",
    "zeros_like",
]  # fmt: skip
