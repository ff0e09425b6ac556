"""PyTorch's own BLAS for the compiled kernels' matrix products: MKL's ``sgemm_``, which the
x86-64 builds of PyTorch export from ``libtorch_cpu``, called from inside a kernel.

Why: a kernel step multiplies the batch's inputs and states by the weights. For one row that is
a matrix-vector product, which `compiled._affine`'s loops do as fast as any BLAS; from a few
rows on it is a matrix product, where the loops reach a quarter of MKL. Measured on the 2-core
Intel Xeon (AVX-512, one thread; GRU(64)'s two products of a step, inputs of 8 features,
thread CPU time): 1 row 3.1 us by the loops against 3.3 by MKL, 8 rows 5.8 against 2.7, 32
rows 27.1 against 9.4, 64 rows 75 against 19 (``torch.gru_cell``, the whole step on tensors,
70), 256 rows 241 against 60; GRU(256) at 64 rows 577 against 166.

How: `gemm_intrinsic` lowers a call to ``sgemm_`` by its name, resolved when the kernel's
machine code is linked into the process (`sgemm_library` is loaded for LLVM first), so numba's
on-disk cache holds no address and a new process links the cached code to its own copy of the
library. It is the BLAS every PyTorch matrix product of that build runs, on PyTorch's thread
setting. Where PyTorch exports no ``sgemm_`` (builds on another BLAS), or with
``STATEFULRNN_KERNEL_BLAS=0`` in the environment, the kernels keep their loops; either way
their results agree with PyTorch's to float32 rounding.

Example:
    >>> path = sgemm_library()
    >>> path is None or "torch" in path
    True
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Callable
from types import ModuleType

import torch

# The library names PyTorch's CPU library has on Linux, macOS and Windows.
_TORCH_CPU = ("libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll")


@functools.cache
def sgemm_library() -> str | None:
    """The path of PyTorch's CPU library where it exports MKL's ``sgemm_`` (and the kernels
    may use it: ``STATEFULRNN_KERNEL_BLAS`` is not ``0``), else None."""
    if os.environ.get("STATEFULRNN_KERNEL_BLAS", "1") == "0":
        return None
    folder = os.path.join(os.path.dirname(torch.__file__), "lib")
    for name in _TORCH_CPU:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            try:
                return path if hasattr(ctypes.CDLL(path), "sgemm_") else None
            except OSError:
                return None
    return None


def gemm_intrinsic(numba: ModuleType, ir: ModuleType) -> Callable | None:
    """``accumulate(inputs, weights, out)``: ``out += inputs @ weights`` for float32 matrices
    whose rows are contiguous (``inputs (N, K)``, a column slice of a wider array included;
    ``weights (K, G)``; ``out (N, G)``), one ``sgemm_`` call, for numba; None where
    `sgemm_library` finds none (then the kernels use their loops).

    Row-major ``out = inputs @ weights`` is column-major ``out^T = weights^T inputs^T``, so
    BLAS is asked for ``G x N = (G x K)(K x N)`` with no transposes and each array's row
    stride as its leading dimension.
    """
    path = sgemm_library()
    if path is None:
        return None
    import llvmlite.binding
    from numba.core import cgutils

    llvmlite.binding.load_library_permanently(path)
    i8, i32, f32 = ir.IntType(8), ir.IntType(32), ir.FloatType()
    # sgemm_(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), every argument by address
    char, size, number = i8.as_pointer(), i32.as_pointer(), f32.as_pointer()
    arguments = [char, char, size, size, size, number, number, size, number, size, number, number, size]
    signature = ir.FunctionType(ir.VoidType(), arguments)

    @numba.extending.intrinsic
    def accumulate(typingctx, inputs, weights, out):
        def codegen(context, builder, signature_, args):
            x, w, o = (
                cgutils.create_struct_proxy(kind)(context, builder, value=value)
                for kind, value in zip(signature_.args, args)
            )

            def slot(value, kind):  # BLAS takes every argument by address
                pointer = cgutils.alloca_once(builder, kind)
                builder.store(value, pointer)
                return pointer

            def size(array, axis):
                return slot(builder.trunc(builder.extract_value(array.shape, axis), i32), i32)

            def lead(array):  # the row stride, in elements
                stride = builder.extract_value(array.strides, 0)
                return slot(builder.trunc(builder.sdiv(stride, ir.Constant(stride.type, 4)), i32), i32)

            plain, one = slot(ir.Constant(i8, ord("N")), i8), slot(ir.Constant(f32, 1.0), f32)
            sgemm = cgutils.get_or_insert_function(builder.module, signature, "sgemm_")
            builder.call(
                sgemm,
                [plain, plain, size(o, 1), size(x, 0), size(x, 1), one, w.data, lead(w), x.data, lead(x),
                 one, o.data, lead(o)],
            )  # fmt: skip
            return context.get_dummy_value()

        return numba.types.void(inputs, weights, out), codegen

    return accumulate
