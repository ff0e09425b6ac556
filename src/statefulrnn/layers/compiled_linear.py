"""Compiled CPU steps (numba) for `MinGRUCell` and `LRUCell`, for streamed steps that need no
gradient.

A minGRU step is one matrix-vector product and two activations, but as PyTorch operations it
costs about seven operator calls (preactivations, slices, relu, clamp, sigmoid, add, lerp), each
a few microseconds on a batch of 1: more than a whole GRU step on `compiled`'s kernel (an LRU
step, eight). These kernels do a step in one call, on weights the cell keeps as numpy views.
As `compiled`'s kernels, they compute in float32 without fastmath (the results differ from
PyTorch's by rounding, a few 1e-7 on values of order 1), and nothing of numba is imported with
this module: numba is imported, and a kernel compiled into numba's cache (``cache=True``) or
loaded from it, on its first call. Without numba the cells take PyTorch's operations.

Example:
    >>> x, h = torch.randn(2, 3), torch.randn(2, 4)
    >>> kernel, bias = torch.randn(3, 8), torch.randn(8)
    >>> out = min_gru_step(x, h, *weight_arrays(kernel, bias))
    >>> k_z, k_h = (x @ kernel + bias).split(4, dim=-1)
    >>> expected = torch.lerp(h, torch.relu(k_h) + torch.sigmoid(k_h.clamp(max=0)), torch.sigmoid(k_z))
    >>> bool((out - expected).abs().max() < 1e-6)
    True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch

from .compiled import AVAILABLE

# Rows up to which a step runs on these kernels by default: one row's matrix-vector product after
# another, they take 0.3x PyTorch's time at 1-8 rows, 0.6x at 32 and about 1x at 128 (MinGRU(64)
# and LRU(64), F = 32, 1 thread, a loaded 2-core AMD EPYC); ``use_compiled_kernels(True)``: any.
MAX_ROWS = 64


def _min_gru_step(x: np.ndarray, h: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """``h' = lerp(h, g(k_h), sigmoid(k_z))`` with ``[k_z k_h] = x kernel + bias``: ``x (N, F)``,
    ``h (N, u)``, ``kernel (F, 2u)``, ``bias (2u,)``."""
    batch, features = x.shape
    units = h.shape[1]
    out = np.empty((batch, units), np.float32)
    pre = np.empty(2 * units, np.float32)
    one, zero = np.float32(1.0), np.float32(0.0)
    for n in range(batch):
        pre[:] = bias
        for f in range(features):  # a contiguous kernel row per feature: a loop LLVM vectorises
            value = x[n, f]
            for j in range(2 * units):
                pre[j] += value * kernel[f, j]
        for j in range(units):
            z = one / (one + np.float32(math.exp(-pre[j])))
            k = pre[units + j]
            positive = max(k, zero)
            candidate = positive + one / (one + np.float32(math.exp(positive - k)))
            out[n, j] = h[n, j] + z * (candidate - h[n, j])
    return out


def _lru_step(
    x: np.ndarray, re: np.ndarray, im: np.ndarray, bd: np.ndarray, c: np.ndarray, lg: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`LRUCell`'s step in real arithmetic: ``x (N, F)``, ``re, im (N, S)``, ``bd (F, 2S + u)``
    (``[B D]``), ``c (2S, u)`` (``[C_re; -C_im]``), ``lg (3, S)`` (``l_re, l_im, gamma``) ->
    ``y (N, u)``, ``re', im' (N, S)``. Few arguments: numba's dispatch costs about 1 us each."""
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


def _jit(function: Callable, matrices: int, vectors: int) -> Callable:
    """``function`` compiled by numba (imports numba) for its one signature: ``matrices``
    float32 C-contiguous 2-D arrays, then ``vectors`` 1-D ones."""
    import numba

    jitted = numba.njit(cache=True, fastmath=False, error_model="numpy")(function)
    jitted.compile((numba.float32[:, ::1],) * matrices + (numba.float32[::1],) * vectors)
    return jitted


@functools.cache
def _compiled_step() -> Callable[..., np.ndarray]:
    """`_min_gru_step`, compiled once."""
    return _jit(_min_gru_step, matrices=3, vectors=1)


@functools.cache
def _compiled_lru_step() -> Callable[..., tuple[np.ndarray, ...]]:
    """`_lru_step`, compiled once."""
    return _jit(_lru_step, matrices=6, vectors=0)


def min_gru_step(x: torch.Tensor, h: torch.Tensor, kernel: np.ndarray, bias: np.ndarray) -> torch.Tensor:
    """One `MinGRUCell` step on the compiled kernel: float32 CPU tensors ``x (N, F)``, ``h (N, u)``
    that need no gradient, and the weights as `weight_arrays` gives them -> ``h' (N, u)``, a
    fresh tensor.

    Args:
        x: the step's inputs.
        h: the state before the step.
        kernel, bias: the cell's weights ``(F, 2u)``, ``(2u,)``, as numpy arrays.
    """
    return torch.from_numpy(_compiled_step()(_array(x), _array(h), kernel, bias))


def lru_step(
    x: torch.Tensor, re: torch.Tensor, im: torch.Tensor, weights: tuple[np.ndarray, ...]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One `LRUCell` step on the compiled kernel: float32 CPU tensors ``x (N, F)``, ``re, im
    (N, S)`` that need no gradient, and ``weights`` (``[B D]``, ``[C_re; -C_im]``, the rows
    ``l_re, l_im, gamma`` as `weight_arrays` gives them) -> ``y (N, u)``, ``re', im' (N, S)``,
    fresh tensors."""
    outputs = _compiled_lru_step()(_array(x), _array(re), _array(im), *weights)
    return tuple(map(torch.from_numpy, outputs))


def _array(tensor: torch.Tensor) -> np.ndarray:
    tensor = tensor.detach() if tensor.requires_grad else tensor
    return tensor.contiguous().numpy()


def chosen(inputs: torch.Tensor, forced: bool | None) -> bool:
    """Whether a step of ``inputs (N, F)`` runs on these kernels (where the cell has weight
    arrays), under the `use_compiled_kernels` setting ``forced`` (None: automatic, True: any
    batch size)."""
    return (
        forced is not False
        and inputs.dtype == torch.float32
        and inputs.device.type == "cpu"
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
