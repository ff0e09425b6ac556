"""Keras 3's neural-network ops (``keras.ops.relu``, ``ops.softmax``, ``ops.one_hot``,
``ops.moments``, the crossentropies, CTC's loss and decoders, ...) on PyTorch tensors.

The activations are those of `statefulrnn.activations` where Keras's are the same functions
(one formula for both); the options differ where Keras's ops differ from its activations:
``ops.gelu`` defaults to the tanh approximation, ``ops.leaky_relu`` to a slope of 0.2. The
crossentropies give one loss per element (binary) or per row (categorical), unreduced, as
Keras's ops do; the loss functions of `statefulrnn.losses` average them.

Example:
    >>> from statefulrnn import ops
    >>> ops.one_hot(torch.tensor([0, 2, 5]), 3)
    tensor([[1., 0., 0.],
            [0., 0., 1.],
            [0., 0., 0.]])
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F

from .. import activations, losses
from ..backend import epsilon as backend_epsilon
from ..ctc import ctc_decode, ctc_loss
from ..layers import _window
from ..layers.base import default_dtype
from ..layers.pooling import pool
from .core import convert_to_tensor, standardize_dtype
from .numpy import _dims, _floating, _tensor, named


def _on_tensor(function: Any, name: str, doc: str) -> Any:
    """Keras's ``ops.<name>``: ``function`` on ``x`` as a float tensor, with the options of
    ``function`` when it is one of `statefulrnn.activations` (PyTorch's take ``x`` alone)."""

    def op(x: Any, *args: Any, **kwargs: Any) -> torch.Tensor:
        return function(_floating(_tensor(x)), *args, **kwargs)

    named(op, name, f"Keras's ``ops.{name}``: {doc}.")
    own = getattr(function, "__module__", None) == activations.__name__
    # the signature a graph records by (its parameters' names are Keras's)
    op.__signature__ = inspect.signature(function) if own else inspect.Signature([_X])
    return op


_X = inspect.Parameter("x", inspect.Parameter.POSITIONAL_OR_KEYWORD)


relu = _on_tensor(torch.relu, "relu", "max(x, 0)")
relu6 = _on_tensor(F.relu6, "relu6", "min(max(x, 0), 6)")
sigmoid = _on_tensor(torch.sigmoid, "sigmoid", "1 / (1 + exp(-x))")
softplus = _on_tensor(F.softplus, "softplus", "log(1 + exp(x))")
softsign = _on_tensor(F.softsign, "softsign", "x / (1 + |x|)")
silu = _on_tensor(F.silu, "silu", "x sigmoid(x)")
swish = _on_tensor(F.silu, "swish", "x sigmoid(x) (silu)")
log_sigmoid = _on_tensor(F.logsigmoid, "log_sigmoid", "log(sigmoid(x))")
selu = _on_tensor(F.selu, "selu", "the scaled exponential linear unit")
hard_sigmoid = _on_tensor(activations.hard_sigmoid, "hard_sigmoid", "relu6(x + 3) / 6")
hard_silu = _on_tensor(activations.hard_silu, "hard_silu", "x hard_sigmoid(x)")
hard_swish = _on_tensor(activations.hard_silu, "hard_swish", "x hard_sigmoid(x) (hard_silu)")
hard_tanh = _on_tensor(F.hardtanh, "hard_tanh", "x clipped to [-1, 1]")
tanh_shrink = _on_tensor(F.tanhshrink, "tanh_shrink", "x - tanh(x)")
sparse_plus = _on_tensor(activations.sparse_plus, "sparse_plus", "0, (x + 1)^2 / 4 or x, by x")
sparse_sigmoid = _on_tensor(activations.sparse_sigmoid, "sparse_sigmoid", "0, (x + 1) / 2 or 1, by x")
squareplus = _on_tensor(activations.squareplus, "squareplus", "(x + sqrt(x^2 + b)) / 2")
elu = _on_tensor(activations.elu, "elu", "x, or alpha (exp(x) - 1) below 0")
celu = _on_tensor(activations.celu, "celu", "max(x, 0) + min(alpha (exp(x / alpha) - 1), 0)")
soft_shrink = _on_tensor(
    activations.soft_shrink, "soft_shrink", "x moved towards 0 by threshold, 0 within it"
)
hard_shrink = _on_tensor(activations.hard_shrink, "hard_shrink", "x, or 0 where |x| <= threshold")
threshold = _on_tensor(activations.threshold, "threshold", "x where x > threshold, else default_value")
glu = _on_tensor(activations.glu, "glu", "a sigmoid(b), the two halves of axis")


def leaky_relu(x: Any, negative_slope: float = 0.2) -> torch.Tensor:
    """``x``, or ``negative_slope * x`` below 0 (Keras's op defaults to 0.2)."""
    return F.leaky_relu(_floating(_tensor(x)), negative_slope)


def gelu(x: Any, approximate: bool = True) -> torch.Tensor:
    """The Gaussian error linear unit (the tanh approximation by default, as Keras's op)."""
    return activations.gelu(_floating(_tensor(x)), approximate)


def softmax(x: Any, axis: int | Sequence[int] | None = -1) -> torch.Tensor:
    """``exp(x)`` normalised to sum 1 over ``axis`` (every axis at once for None or a tuple)."""
    return _over_axes(torch.softmax, _floating(_tensor(x)), axis)


def log_softmax(x: Any, axis: int | Sequence[int] | None = -1) -> torch.Tensor:
    """``log(softmax(x))``, computed stably."""
    return _over_axes(torch.log_softmax, _floating(_tensor(x)), axis)


def _over_axes(function: Any, x: torch.Tensor, axis: int | Sequence[int] | None) -> torch.Tensor:
    if isinstance(axis, int):
        return function(x, dim=axis)
    axes = tuple(range(x.ndim)) if axis is None else tuple(a % x.ndim for a in axis)
    rest = [d for d in range(x.ndim) if d not in axes]
    moved = x.permute(*rest, *axes)
    out = function(moved.reshape(*moved.shape[: len(rest)], -1), dim=-1).reshape(moved.shape)
    return out.permute(*torch.argsort(torch.tensor([*rest, *axes])).tolist())


def sparsemax(x: Any, axis: int = -1) -> torch.Tensor:
    """The projection of ``axis`` onto the probability simplex (`activations.sparsemax`, which
    says where Keras 3.15's differs)."""
    x = _floating(_tensor(x))
    return activations.sparsemax(x.movedim(axis, -1)).movedim(-1, axis)


def one_hot(
    x: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False
) -> torch.Tensor:
    """Each integer of ``x`` as a vector of ``num_classes`` with a 1 at its class, on a new axis
    ``axis``; a class outside ``[0, num_classes)`` gives zeros, as in Keras.

    Shapes:
        ``x`` ``(...)`` -> ``(..., num_classes)`` (the new axis at ``axis``), floatx by default.
    """
    if sparse:
        raise ValueError("one_hot: sparse=True is not supported (dense tensors only).")
    x = _tensor(x)
    classes = torch.arange(num_classes, device=x.device)
    out = (x.to(torch.long)[..., None] == classes).to(standardize_dtype(dtype) or default_dtype[0])
    return out.movedim(-1, axis)


def multi_hot(
    inputs: Any, num_classes: int, axis: int = -1, dtype: Any = None, sparse: bool = False
) -> torch.Tensor:
    """Each row of integer classes (the last axis of a batch, or a 1-D input) as one vector of
    ``num_classes`` with a 1 at each of its classes.

    Shapes:
        ``(N, k)`` -> ``(N, num_classes)``; ``(k,)`` -> ``(num_classes,)``.
    """
    inputs = _tensor(inputs)
    encoded = one_hot(inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return encoded.amax(dim=1 if inputs.ndim > 1 else 0)


def moments(
    x: Any, axes: int | Sequence[int], keepdims: bool = False, synchronized: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """The mean and (population) variance of ``x`` over ``axes``. ``synchronized`` (across
    devices under a TensorFlow strategy) changes nothing in one process."""
    x = _floating(_tensor(x))
    dims = _dims(axes)
    mean = x.mean(dim=dims, keepdim=True)
    variance = (x - mean).square().mean(dim=dims, keepdim=keepdims)
    return (mean if keepdims else mean.squeeze(dims)), variance


def layer_normalization(
    x: Any, gamma: Any = None, beta: Any = None, axis: int | Sequence[int] = -1, epsilon: float | None = None,
    rms_scaling: bool = False,
) -> torch.Tensor:  # fmt: skip
    """Keras's ``layer_normalization``: ``x`` less its mean over ``axis``, over the root of its
    variance plus ``epsilon`` (the backend's 1e-7 by default), times ``gamma`` plus ``beta``
    (vectors along ``axis``), computed as Keras's TensorFlow road does (``x * inv - mean * inv``
    with ``inv = rsqrt(variance + epsilon) * gamma``). Keras 2's ``rms_scaling``: divided by
    that root only, times ``gamma``."""
    x = _floating(_tensor(x))
    dims = sorted(d % x.ndim for d in ([axis] if isinstance(axis, int) else axis))
    shape = [x.shape[d] if d in dims else 1 for d in range(x.ndim)]
    epsilon = backend_epsilon() if epsilon is None else epsilon

    def along(value: Any) -> torch.Tensor | None:
        return None if value is None else convert_to_tensor(value, x.dtype).reshape(shape)

    gamma, beta = along(gamma), along(beta)
    mean, variance = moments(x, dims, keepdims=True)
    inverse = torch.rsqrt(variance + epsilon)
    if rms_scaling:
        return x * inverse if gamma is None else x * inverse * gamma
    if gamma is not None:
        inverse = inverse * gamma
    shift = -mean * inverse
    return x * inverse + (shift if beta is None else shift + beta)


def rms_normalization(
    x: Any, scale: Any = None, axis: int | Sequence[int] = -1, epsilon: float | None = None
) -> torch.Tensor:
    """Keras's ``rms_normalization``: ``x`` over the root of its mean square over ``axis``
    (plus ``epsilon``, the backend's 1e-7 by default), times ``scale``."""
    x = _floating(_tensor(x))
    epsilon = backend_epsilon() if epsilon is None else epsilon
    out = x * torch.rsqrt(x.square().mean(dim=_dims(axis), keepdim=True) + epsilon)
    return out if scale is None else out * convert_to_tensor(scale, x.dtype)


def batch_normalization(
    x: Any, mean: Any, variance: Any, axis: int, offset: Any = None, scale: Any = None, epsilon: float = 1e-3
) -> torch.Tensor:
    """``(x - mean) / sqrt(variance + epsilon) * scale + offset``, the statistics (and
    ``offset``, ``scale``) being vectors along ``axis``."""
    x = _floating(_tensor(x))
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def along(value: Any) -> torch.Tensor:
        return convert_to_tensor(value, x.dtype).reshape(shape)

    out = (x - along(mean)) * torch.rsqrt(along(variance) + epsilon)
    if scale is not None:
        out = out * along(scale)
    return out if offset is None else out + along(offset)


def normalize(x: Any, axis: int = -1, order: int = 2, epsilon: float | None = None) -> torch.Tensor:
    """``x / max(norm(x), epsilon)`` along ``axis``, the ``order``-norm (``epsilon``: the
    backend's 1e-7 by default).

    Raises:
        ValueError: ``order`` not an int of at least 1.
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order!r}")
    x = _floating(_tensor(x))
    if x.ndim == 0:
        x = x[None]
    epsilon = backend_epsilon() if epsilon is None else epsilon
    if order == 2:  # Keras's form: x times a capped rsqrt of the sum of squares
        inverse = torch.rsqrt(x.square().sum(dim=axis, keepdim=True))
        return x * torch.clamp(inverse, max=1.0 / epsilon)
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> torch.Tensor:
    """``-(t log(p) + (1 - t) log(1 - p))`` elementwise (``p`` clipped to ``[1e-7, 1 - 1e-7]``),
    or from logits. Unreduced: ``losses.binary_crossentropy`` is its mean over the last axis."""
    return losses.binary_crossentropy_values(target, output, from_logits)


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> torch.Tensor:
    """``-sum(t log(p), axis)``, ``p`` normalised and clipped (or from logits): one loss per row."""
    return losses.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> torch.Tensor:
    """`categorical_crossentropy` with integer class targets: one loss per row."""
    return losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def dot_product_attention(
    query: Any, key: Any, value: Any, bias: Any = None, mask: Any = None, scale: float | None = None,
    is_causal: bool = False, flash_attention: bool | None = None, attn_logits_soft_cap: float | None = None,
) -> torch.Tensor:  # fmt: skip
    """Scaled dot-product attention over inputs ``(B, T, N, H)`` (Keras's layout: heads third),
    ``softmax(q k^T * scale + bias, masked) v``; ``scale`` defaults to ``1 / sqrt(H)``, ``mask``
    is bool (True: attend), ``is_causal`` lets each query see keys up to its own position.

    Raises:
        ValueError: ``attn_logits_soft_cap`` (not supported), or a flash attention request.
    """
    if attn_logits_soft_cap is not None or flash_attention:
        raise ValueError("dot_product_attention: flash attention and logit soft caps are not supported here.")
    q, k, v = (_floating(_tensor(t)) for t in (query, key, value))
    scale = q.shape[-1] ** -0.5 if scale is None else scale
    logits = torch.einsum("btnh,bsnh->bnts", q, k) * scale
    if bias is not None:
        logits = logits + _tensor(bias).to(logits.dtype)
    allowed = None if mask is None else _tensor(mask).to(torch.bool)
    if is_causal:
        causal = torch.ones(q.shape[1], k.shape[1], dtype=torch.bool, device=q.device).tril()
        allowed = causal if allowed is None else allowed & causal
    if allowed is not None:
        logits = logits.masked_fill(~allowed, torch.finfo(logits.dtype).min)
    return torch.einsum("bnts,bsnh->btnh", torch.softmax(logits, dim=-1), v)


# ----- convolutions and pooling, on Keras's layouts ----------------------------------------


def _spatial(inputs: Any, data_format: str | None) -> tuple[torch.Tensor, str, int]:
    """``inputs`` as torch's ``(N, C, *spatial)``, its Keras layout and its number of spatial axes."""
    x = _floating(_tensor(inputs))
    fmt = _window.data_format(data_format)
    if x.ndim not in (3, 4, 5):
        raise ValueError(
            f"Expected inputs with 1, 2 or 3 spatial axes, {_window.layout(fmt)} and up. "
            f"Received: shape {tuple(x.shape)}"
        )
    return _window.swap_layout(x, fmt), fmt, x.ndim - 2


def _pooled(
    mode: str, inputs: Any, pool_size: Any, strides: Any, padding: str, data_format: str | None
) -> torch.Tensor:
    x, fmt, rank = _spatial(inputs, data_format)
    size = _window.window_int("pool_size", pool_size, rank=rank)
    steps = size if strides is None else _window.window_int("strides", strides, rank=rank)
    out = pool(x, mode, size, steps, _window.padding_mode(padding, allow_causal=False))
    return _window.swap_layout(out, fmt, back=True)


def max_pool(
    inputs: Any, pool_size: int | Sequence[int], strides: int | Sequence[int] | None = None,
    padding: str = "valid", data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """The largest value of each window of ``pool_size`` every ``strides`` places (``pool_size``
    by default), over the 1, 2 or 3 spatial axes of ``inputs``, as Keras's pooling layers.

    Shapes:
        ``(N, *spatial, C)`` (channels_last, Keras's default) -> ``(N, *spatial', C)``.

    Example:
        >>> max_pool(torch.tensor([[[1.0], [3.0], [2.0], [0.0]]]), 2).tolist()
        [[[3.0], [2.0]]]
    """
    return _pooled("max", inputs, pool_size, strides, padding, data_format)


def average_pool(
    inputs: Any, pool_size: int | Sequence[int], strides: int | Sequence[int] | None = None,
    padding: str = "valid", data_format: str | None = None,
) -> torch.Tensor:  # fmt: skip
    """The mean of each window of `max_pool`'s (with ``"same"`` padding, of its real places)."""
    return _pooled("avg", inputs, pool_size, strides, padding, data_format)


def _convolved(
    inputs: Any, weight: torch.Tensor, strides: Any, padding: str, data_format: str | None,
    dilation_rate: Any, groups: int,
) -> torch.Tensor:  # fmt: skip
    """``inputs`` in Keras's layout convolved by torch's ``weight (filters, C / groups, *k)``."""
    x, fmt, rank = _spatial(inputs, data_format)
    steps = _window.window_int("strides", strides, rank=rank)
    dilation = _window.window_int("dilation_rate", dilation_rate, rank=rank)
    mode = _window.padding_mode(padding, allow_causal=False)
    out = _window.convolve(x, weight.to(x.dtype), None, steps, mode, dilation, groups)
    return _window.swap_layout(out, fmt, back=True)


def _channels(inputs: Any, data_format: str | None) -> int:
    x = _tensor(inputs)
    return x.shape[-1] if _window.data_format(data_format) == "channels_last" else x.shape[1]


def conv(
    inputs: Any, kernel: Any, strides: int | Sequence[int] = 1, padding: str = "valid",
    data_format: str | None = None, dilation_rate: int | Sequence[int] = 1,
) -> torch.Tensor:  # fmt: skip
    """The convolution (a cross-correlation, as Keras's ``Conv`` layers compute it) of
    ``inputs`` by ``kernel`` ``(*k, C / groups, filters)`` (Keras's layout; groups of input
    channels when the kernel takes fewer than ``C``), with TensorFlow's ``"same"`` padding.

    Shapes:
        ``(N, *spatial, C)`` -> ``(N, *spatial', filters)`` (channels_last).

    Example:
        >>> conv(torch.ones(1, 5, 1), torch.ones(3, 1, 1), padding="same")[0, :, 0].tolist()
        [2.0, 3.0, 3.0, 3.0, 2.0]
    """
    kernel = _tensor(kernel)
    groups = _channels(inputs, data_format) // kernel.shape[-2]
    return _convolved(
        inputs,
        _window.torch_kernel(kernel),
        strides,
        padding,
        data_format,
        dilation_rate,
        groups,
    )


def depthwise_conv(
    inputs: Any, kernel: Any, strides: int | Sequence[int] = 1, padding: str = "valid",
    data_format: str | None = None, dilation_rate: int | Sequence[int] = 1,
) -> torch.Tensor:  # fmt: skip
    """Each input channel convolved by its own ``M`` filters, ``kernel`` ``(*k, C, M)``
    (Keras's ``DepthwiseConv`` layout), no sum across channels: ``C M`` output channels."""
    kernel = _tensor(kernel)
    rank = kernel.ndim - 2
    channels, multiplier = kernel.shape[-2:]
    weight = kernel.permute(rank, rank + 1, *range(rank)).reshape(
        channels * multiplier, 1, *kernel.shape[:rank]
    )
    return _convolved(inputs, weight, strides, padding, data_format, dilation_rate, channels)


def separable_conv(
    inputs: Any, depthwise_kernel: Any, pointwise_kernel: Any, strides: int | Sequence[int] = 1,
    padding: str = "valid", data_format: str | None = None, dilation_rate: int | Sequence[int] = 1,
) -> torch.Tensor:  # fmt: skip
    """`depthwise_conv` by ``depthwise_kernel`` ``(*k, C, M)``, then a 1x1 `conv` by
    ``pointwise_kernel`` ``(1, ..., 1, C M, filters)``."""
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def depth_to_space(x: Any, block_size: int, data_format: str = "channels_last") -> torch.Tensor:
    """Each pixel's channels spread over a ``block_size x block_size`` block of pixels, as
    TensorFlow orders them (channel ``(i b + j) C' + c`` to place ``(i, j)`` of channel ``c``).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H b, W b, C / b^2)`` (channels_last).

    Example:
        >>> depth_to_space(torch.arange(4.0).reshape(1, 1, 1, 4), 2)[0, :, :, 0].tolist()
        [[0.0, 1.0], [2.0, 3.0]]
    """
    x, fmt = _tensor(x), _window.data_format(data_format)
    x = x if fmt == "channels_last" else x.permute(0, 2, 3, 1)
    n, h, w, c = x.shape
    b = block_size
    out = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5).reshape(n, h * b, w * b, -1)
    return out if fmt == "channels_last" else out.permute(0, 3, 1, 2)


def space_to_depth(x: Any, block_size: int, data_format: str = "channels_last") -> torch.Tensor:
    """Each ``block_size x block_size`` block of pixels as one pixel of their channels, the
    inverse of `depth_to_space`.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H / b, W / b, C b^2)`` (channels_last).
    """
    x, fmt = _tensor(x), _window.data_format(data_format)
    x = x if fmt == "channels_last" else x.permute(0, 2, 3, 1)
    n, h, w, c = x.shape
    b = block_size
    out = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5).reshape(n, h // b, w // b, -1)
    return out if fmt == "channels_last" else out.permute(0, 3, 1, 2)


def psnr(x1: Any, x2: Any, max_val: float) -> torch.Tensor:
    """The peak signal-to-noise ratio of ``x2`` against ``x1`` in decibels,
    ``20 log10(max_val) - 10 log10(mean((x1 - x2) ** 2))`` over every value, as Keras's.

    Raises:
        ValueError: inputs of different shapes.
    """
    x1, x2 = _tensor(x1), _tensor(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"Input shapes {tuple(x1.shape)} and {tuple(x2.shape)} must match for PSNR calculation."
        )
    peak = torch.as_tensor(max_val, dtype=x1.dtype, device=x1.device)
    return 20 * torch.log10(peak) - 10 * torch.log10(torch.mean((x1 - x2) ** 2))


def polar(abs_: Any, angle: Any) -> torch.Tensor:
    """The complex numbers of magnitudes ``abs_`` and angles ``angle`` (radians):
    ``abs_ * (cos(angle) + i sin(angle))``."""
    magnitude, angle = _tensor(abs_), _tensor(angle)
    real_dtype = torch.promote_types(magnitude.dtype, angle.dtype)
    if not real_dtype.is_floating_point:
        real_dtype = default_dtype[0]
    return torch.polar(magnitude.to(real_dtype), angle.to(real_dtype))


__all__ = [
    "average_pool",
    "batch_normalization",
    "binary_crossentropy",
    "categorical_crossentropy",
    "celu",
    "conv",
    "ctc_decode",
    "ctc_loss",
    "depth_to_space",
    "depthwise_conv",
    "dot_product_attention",
    "elu",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "layer_normalization",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "max_pool",
    "moments",
    "multi_hot",
    "normalize",
    "one_hot",
    "polar",
    "psnr",
    "relu",
    "relu6",
    "rms_normalization",
    "selu",
    "separable_conv",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "space_to_depth",
    "sparse_categorical_crossentropy",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh_shrink",
    "threshold",
]  # fmt: skip
