"""Compiled CPU steps (numba) for `MinGRUCell`, `MinLSTMCell` and `LRUCell`, for streamed steps
that need no gradient, and the compiled loops of `linear_recurrence`'s scan over a chunk, forward
and backward (`scan`, `scan_backward`), which training uses too.

A minGRU step is one matrix-vector product and two activations, but as PyTorch operations it
costs about seven operator calls (preactivations, slices, relu, clamp, sigmoid, add, lerp), each
a few microseconds on a batch of 1: more than a whole GRU step on `compiled`'s kernel (a minLSTM
step, about twelve; an LRU step, eight). These kernels do a step in one call, on weights the
cell keeps as numpy views. As `compiled`'s kernels, they compute in float32 with no fastmath but
FMA (the results differ from PyTorch's by rounding, a few 1e-7 on values of order 1), and nothing of
numba is imported with this module: numba is imported, and a kernel compiled into numba's cache
(``cache=True``) or loaded from it, on its first call. Without numba the cells take PyTorch's
operations.

A step's inputs may come as ``(N, F)`` (the cell protocol) or as a one-step chunk
``(N, 1, F)`` (`RNN`'s streamed step), and its output comes in the same form: the reshapes are
numpy's (0.2 us each), not PyTorch's ``select`` and ``unsqueeze`` (1.2-1.4 us each).

Example:
    >>> x, h = torch.randn(2, 3), torch.randn(2, 4)
    >>> kernel, bias = torch.randn(3, 8), torch.randn(8)
    >>> out, new_h = min_rnn_step(x, h, weight_arrays(kernel, bias))
    >>> k_z, k_h = (x @ kernel + bias).split(4, dim=-1)
    >>> expected = torch.lerp(h, torch.relu(k_h) + torch.sigmoid(k_h.clamp(max=0)), torch.sigmoid(k_z))
    >>> bool((new_h - expected).abs().max() < 1e-6), bool(torch.equal(out, new_h))
    (True, True)
    >>> min_rnn_step(x[:, None], h, weight_arrays(kernel, bias))[0].shape  # a one-step chunk
    torch.Size([2, 1, 4])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch

from .compiled import _array
from .fused import graph_capture, switch_settings
from .numba_loader import AVAILABLE, imported_numba, jit, load_or_compile

# Rows up to which a step runs on these kernels by default: one row's matrix-vector product after
# another, they take 0.3x PyTorch's time at 1-8 rows, 0.6x at 32 and about 1x at 128 (MinGRU(64)
# and LRU(64), F = 32, 1 thread, a loaded 2-core AMD EPYC); ``use_compiled_kernels(True)``: any.
MAX_ROWS = 64


def _min_rnn_step(x: np.ndarray, h: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """``h' = lerp(h, g(k_h), z)`` from the preactivations ``x kernel + bias``: ``x (N, F)``,
    ``h (N, u)``, and a minGRU's ``kernel (F, 2u)``, ``bias (2u,)`` (``[k_z k_h]``: ``z`` is
    ``sigmoid(k_z)``) or a minLSTM's ``(F, 3u)``, ``(3u,)`` (``[k_f k_i k_h]``: ``z`` is its
    normalised input gate ``sigmoid(softplus(-k_f) - softplus(-k_i))``, as `MinLSTMCell`)."""
    batch, features = x.shape
    units = h.shape[1]
    width = kernel.shape[1]
    lstm = width == 3 * units
    out = np.empty((batch, units), np.float32)
    pre = np.empty(width, np.float32)
    one, zero, threshold = np.float32(1.0), np.float32(0.0), np.float32(20.0)
    for n in range(batch):
        pre[:] = bias
        for f in range(features):  # a contiguous kernel row per feature: a loop LLVM vectorises
            value = x[n, f]
            for j in range(width):
                pre[j] += value * kernel[f, j]
        for j in range(units):
            gate = pre[j]
            if lstm:  # softplus(-k) as PyTorch's: -k itself above its threshold 20
                minus_f, minus_i = -pre[j], -pre[units + j]
                if minus_f <= threshold:
                    minus_f = np.float32(math.log1p(math.exp(minus_f)))
                if minus_i <= threshold:
                    minus_i = np.float32(math.log1p(math.exp(minus_i)))
                gate = minus_f - minus_i  # log i - log f
            z = one / (one + np.float32(math.exp(-gate)))
            k = pre[width - units + j]
            positive = max(k, zero)
            candidate = positive + one / (one + np.float32(math.exp(positive - k)))
            out[n, j] = h[n, j] + z * (candidate - h[n, j])
    return out


def _lru_step(
    x: np.ndarray, re: np.ndarray, im: np.ndarray, bd: np.ndarray, c: np.ndarray, lg: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`LRUCell`'s step in real arithmetic: ``x (N, F)``, ``re, im (N, S)``, ``bd (F, 2S + u)``
    (``[B D]``), ``c (2S, u)`` (``[C_re; -C_im]``), ``lg (3, S)`` (``l_re, l_im, gamma``) ->
    ``y (N, u)``, ``re', im' (N, S)``."""
    batch, features = x.shape
    size = re.shape[1]
    units = bd.shape[1] - 2 * size
    y = np.empty((batch, units), np.float32)
    new_re = np.empty((batch, size), np.float32)
    new_im = np.empty((batch, size), np.float32)
    projected = np.empty(2 * size + units, np.float32)  # x B, then x D
    for n in range(batch):
        projected[:] = 0.0
        for f in range(features):
            value = x[n, f]
            for j in range(2 * size + units):
                projected[j] += value * bd[f, j]
        for j in range(size):
            r, i, l_re, l_im, gamma = re[n, j], im[n, j], lg[0, j], lg[1, j], lg[2, j]
            new_re[n, j] = l_re * r - l_im * i + projected[j] * gamma
            new_im[n, j] = l_re * i + l_im * r + projected[size + j] * gamma
        y[n] = projected[2 * size :]
        for j in range(size):
            r, i = new_re[n, j], new_im[n, j]
            for k in range(units):
                y[n, k] += r * c[j, k] + i * c[size + j, k]
    return y, new_re, new_im


def _scan_forward(a: np.ndarray, b: np.ndarray, h0: np.ndarray, h: np.ndarray) -> None:
    """``h_t = a_t h_{t-1} + b_t`` over the steps of ``a, b (N, T, S)`` from ``h0 (N, S)``, written
    into ``h (N, T, S)``: one pass over memory, each step a loop over ``S`` that LLVM vectorises."""
    batch, steps, size = b.shape
    if steps == 0:
        return
    for n in range(batch):
        for s in range(size):
            h[n, 0, s] = a[n, 0, s] * h0[n, s] + b[n, 0, s]
        for t in range(1, steps):
            for s in range(size):
                h[n, t, s] = a[n, t, s] * h[n, t - 1, s] + b[n, t, s]


def _scan_backward(
    a: np.ndarray,
    h0: np.ndarray,
    h: np.ndarray,
    grad_h: np.ndarray,
    grad_a: np.ndarray,
    grad_b: np.ndarray,
    grad_h0: np.ndarray,
) -> None:
    r"""`_scan_forward`'s gradients from ``grad_h (N, T, S)``, written into ``grad_a``, ``grad_b``
    (``N, T, S``) and ``grad_h0 (N, S)``: the adjoint \(g_t = \partial L/\partial h_t + \bar a_{t+1}
    g_{t+1}\) is ``grad_b``, ``grad_a_t = g_t \bar h_{t-1}``, ``grad_h0 = \bar a_0 g_0`` (PyTorch's
    conjugate convention for complex gradients; the conjugates are no-ops on real numbers); one
    pass backwards."""
    batch, steps, size = grad_h.shape
    if steps == 0:
        grad_h0[:] = 0.0
        return
    g = np.empty(size, grad_h.dtype)
    for n in range(batch):
        g[:] = grad_h[n, steps - 1]
        for t in range(steps - 1, 0, -1):
            for s in range(size):
                grad_b[n, t, s] = g[s]
                grad_a[n, t, s] = g[s] * h[n, t - 1, s].conjugate()
                g[s] = grad_h[n, t - 1, s] + a[n, t, s].conjugate() * g[s]
        for s in range(size):
            grad_b[n, 0, s] = g[s]
            grad_a[n, 0, s] = g[s] * h0[n, s].conjugate()
            grad_h0[n, s] = a[n, 0, s].conjugate() * g[s]


@functools.cache
def _dispatcher(function: Callable) -> Callable:
    """numba's dispatcher of ``function`` (imports numba), caching its machine code on disk;
    ``function`` itself where numba cannot be imported (plain Python, as `compiled`'s then)."""
    numba = imported_numba()
    if numba is None:
        return function
    return jit(numba, function)


@functools.cache
def _kernel(function: Callable, dtype: str = "float32") -> Callable:
    """``function`` compiled (or loaded from numba's cache) for C-contiguous arrays of ``dtype``,
    laid out as `_LAYOUTS` says. Each dtype loads on its first use: a float32 model never loads
    the float64 code."""
    jitted = _dispatcher(function)
    numba = imported_numba()
    if numba is not None:
        kind = getattr(numba, dtype)
        arrays = {"v": kind[::1], "m": kind[:, ::1], "c": kind[:, :, ::1]}
        load_or_compile(jitted, tuple(arrays[letter] for letter in _LAYOUTS[function][0]))
    return jitted


def min_rnn_step(
    x: torch.Tensor, h: torch.Tensor, weights: tuple[np.ndarray, ...]
) -> tuple[torch.Tensor, torch.Tensor]:
    """One `MinGRUCell` or `MinLSTMCell` step on the compiled kernel (the kernel's width tells
    which: 2 or 3 blocks of ``u``).

    Args:
        x: the step's inputs, ``(N, F)`` or a one-step chunk ``(N, 1, F)``.
        h: the state before the step, ``(N, u)``.
        weights: the cell's ``kernel (F, ku)`` and ``bias (ku,)`` as `weight_arrays` gives them.

    Returns:
        ``(output, h')``: ``h' (N, u)``, a fresh tensor, and the output, the same numbers in
        ``x``'s form (``(N, u)`` or ``(N, 1, u)``, sharing ``h'``'s memory).
    """
    rows, chunk = _rows(x)
    new_h = _kernel(_min_rnn_step)(rows, _array(h), *weights)
    return _like_inputs(new_h, chunk), torch.from_numpy(new_h)


def lru_step(
    x: torch.Tensor, re: torch.Tensor, im: torch.Tensor, weights: tuple[np.ndarray, ...]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One `LRUCell` step on the compiled kernel: ``x`` as for `min_rnn_step`, ``re, im (N, S)``
    and ``weights`` (``[B D]``, ``[C_re; -C_im]``, the rows ``l_re, l_im, gamma`` as
    `weight_arrays` gives them) -> ``y`` (in ``x``'s form), ``re', im' (N, S)``, fresh tensors."""
    rows, chunk = _rows(x)
    y, new_re, new_im = _kernel(_lru_step)(rows, _array(re), _array(im), *weights)
    return _like_inputs(y, chunk), torch.from_numpy(new_re), torch.from_numpy(new_im)


# The dtypes whose scans run on the compiled loops, by numba's name for them.
_SCAN_DTYPES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.complex64: "complex64",
    torch.complex128: "complex128",
}


# Each kernel's arrays, a letter per argument (``v`` 1-D, ``m`` 2-D, ``c`` 3-D: a chunk), and
# the dtypes it runs in.
_LAYOUTS = {
    _min_rnn_step: ("mmmv", ("float32",)),
    _lru_step: ("mmmmmm", ("float32",)),
    _scan_forward: ("ccmc", tuple(_SCAN_DTYPES.values())),
    _scan_backward: ("cmccccm", tuple(_SCAN_DTYPES.values())),
}


def every_kernel() -> list[tuple[str, Callable[[], Callable]]]:
    """Each kernel's name (with its dtype) and what loads it (compiled into numba's cache, or
    read from it), for `kernel_cache.compile_kernels`."""
    return [
        (f"{function.__name__.lstrip('_')} {dtype}", functools.partial(_kernel, function, dtype))
        for function, (_, dtypes) in _LAYOUTS.items()
        for dtype in dtypes
    ]


def _scan_dtype(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor) -> str | None:
    """numba's name of the dtype a scan of ``a, b, h0`` runs in on the compiled loops, or None
    where it runs as PyTorch's operations: half precision or mixed dtypes, coefficients of
    another shape (broadcasting), another device, ``use_compiled_kernels(False)``, or a
    tracer, ``torch.compile`` or a functorch transform recording (the numpy detour is opaque
    to them)."""
    dtype = _SCAN_DTYPES.get(b.dtype)
    if dtype is None or not AVAILABLE or a.dtype is not b.dtype or h0.dtype is not b.dtype:
        return None
    if a.shape != b.shape or not (a.is_cpu and b.is_cpu and h0.is_cpu):
        return None
    if switch_settings()[1] is False or graph_capture():
        return None
    return dtype


def scan(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor) -> torch.Tensor | None:
    """``h_t = a_t h_{t-1} + b_t`` on the compiled loop, no autograd: ``a, b (N, T, S)``, ``h0
    (N, S)`` -> ``h (N, T, S)``, a fresh tensor; None where `_scan_dtype` says PyTorch's.

    On a CPU the plain loop over time, one pass over memory, beats any parallel form: the
    blocked scan runs ``2 x block + T / block`` tensor operations and reads the chunk three
    times (MinGRU(64), N = 32, T = 256: 0.15 ms against 1.2 ms). The numbers are the sequential
    recurrence's (the blocked scan's differ from them by a few roundings).

    Example:
        >>> a, b = torch.full((1, 4, 1), 0.5), torch.ones(1, 4, 1)
        >>> h = scan(a, b, torch.zeros(1, 1))
        >>> h is None or h.flatten().tolist() == [1.0, 1.5, 1.75, 1.875]
        True
    """
    dtype = _scan_dtype(a, b, h0)
    if dtype is None:
        return None
    h = torch.empty(b.shape, dtype=b.dtype)
    _kernel(_scan_forward, dtype)(_chunk_array(a), _chunk_array(b), _chunk_array(h0), h.numpy())
    return h


def scan_backward(
    a: torch.Tensor, h0: torch.Tensor, h: torch.Tensor, grad_h: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """The gradients of `scan` for ``a``, ``b`` and ``h0`` from ``grad_h (N, T, S)``, on the
    compiled loop (one pass backwards, no shifted copy of ``a``), fresh tensors; None where
    `_scan_dtype` says PyTorch's (``grad_h`` of the states' dtype too)."""
    if grad_h.dtype is not h.dtype or _scan_dtype(a, grad_h, h0) is None:
        return None
    grad_a, grad_b = torch.empty(h.shape, dtype=h.dtype), torch.empty(h.shape, dtype=h.dtype)
    grad_h0 = torch.empty(h0.shape, dtype=h.dtype)
    _kernel(_scan_backward, _SCAN_DTYPES[h.dtype])(
        *map(_chunk_array, (a, h0, h, grad_h)), grad_a.numpy(), grad_b.numpy(), grad_h0.numpy()
    )
    return grad_a, grad_b, grad_h0


def _chunk_array(tensor: torch.Tensor) -> np.ndarray:
    """`_array` of a tensor that may be a lazy conjugate (numpy has no such view)."""
    return _array(tensor.resolve_conj())


def _rows(x: torch.Tensor) -> tuple[np.ndarray, bool]:
    """``x (N, F)`` or ``(N, 1, F)`` as an ``(N, F)`` array, and whether it was a chunk."""
    array = _array(x)
    if array.ndim == 2:
        return array, False
    return array.reshape(array.shape[0], array.shape[2]), True


def _like_inputs(array: np.ndarray, chunk: bool) -> torch.Tensor:
    """An output ``(N, o)`` array as a tensor in the inputs' form: ``(N, 1, o)`` for a chunk."""
    return torch.from_numpy(array.reshape(array.shape[0], 1, array.shape[1]) if chunk else array)


def chosen(inputs: torch.Tensor) -> bool:
    """Whether a step of ``inputs`` (``(N, F)`` or ``(N, 1, F)``) runs on these kernels (where
    the cell has weight arrays): float32 CPU inputs, no gradient recorded and nothing tracing
    the call, up to `MAX_ROWS` rows unless `use_compiled_kernels` says otherwise (False: never,
    True: any number of rows).

    Example:
        >>> with torch.no_grad():
        ...     chosen(torch.zeros(1, 3)), chosen(torch.zeros(1, 3, dtype=torch.float64))
        (True, False)
    """
    forced = switch_settings()[1]
    return (
        forced is not False
        and not torch.is_grad_enabled()
        and not graph_capture()  # a tracer, torch.compile or functorch: the numpy detour is opaque
        and inputs.is_cpu  # 0.1 us, device.type 0.6 us
        and inputs.dtype is torch.float32
        and (forced or inputs.shape[0] <= MAX_ROWS)
    )


def weight_arrays(*weights: torch.Tensor) -> tuple[np.ndarray, ...] | None:
    """Zero-copy numpy views of float32 C-contiguous CPU ``weights`` (they follow changes in
    place), or None when numba is missing or a weight is of another kind: the step stays
    PyTorch's. A caller keeps them until a weight is replaced or moved (its data pointer)."""
    if not AVAILABLE or not all(
        w.dtype == torch.float32 and w.device.type == "cpu" and w.is_contiguous() for w in weights
    ):
        return None
    return tuple(w.detach().numpy() for w in weights)
