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
    """The path of PyTorch's CPU library where it exports an ``sgemm_`` that multiplies a test
    pair of matrices right (and the kernels may use it: ``STATEFULRNN_KERNEL_BLAS`` is not
    ``0``), else None."""
    if os.environ.get("STATEFULRNN_KERNEL_BLAS", "1") == "0":
        return None
    folder = os.path.join(os.path.dirname(torch.__file__), "lib")
    for name in _TORCH_CPU:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            try:
                sgemm = getattr(ctypes.CDLL(path), "sgemm_", None)
            except OSError:
                return None
            return path if sgemm is not None and _multiplies_right(sgemm) else None
    return None


def _multiplies_right(sgemm: Callable) -> bool:
    """Whether ``sgemm`` computes ``[[1, 2, 3], [4, 5, 6]] @ [[1, 0], [0, 1], [1, 1]]`` as BLAS
    should, called as `gemm_intrinsic` calls it: each size in 8 bytes (zero above its low 4),
    which the 32-bit integers of MKL's LP64 interface and the 64-bit ones of ILP64 both read
    right on a little-endian machine."""
    a = (ctypes.c_float * 6)(1, 2, 3, 4, 5, 6)  # row-major 2 x 3
    b = (ctypes.c_float * 6)(1, 0, 0, 1, 1, 1)  # row-major 3 x 2
    out = (ctypes.c_float * 4)()
    sizes = {name: ctypes.c_int64(value) for name, value in (("m", 2), ("n", 2), ("k", 3), ("ldb", 2))}
    plain, one, zero = ctypes.c_char(b"N"), ctypes.c_float(1.0), ctypes.c_float(0.0)
    by = ctypes.byref
    # Column-major out^T (2 x 2) = b^T (2 x 3) a^T (3 x 2), as the kernels ask for a row-major out.
    sgemm(by(plain), by(plain), by(sizes["n"]), by(sizes["m"]), by(sizes["k"]), by(one), b, by(sizes["ldb"]),
          a, by(sizes["k"]), by(zero), out, by(sizes["ldb"]))  # fmt: skip
    return list(out) == [4.0, 5.0, 10.0, 11.0]


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
    i8, i64, f32 = ir.IntType(8), ir.IntType(64), ir.FloatType()
    # sgemm_(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), every argument by
    # address; each size in 8 bytes, which LP64 (32-bit) and ILP64 (64-bit) BLAS both read right
    char, size, number = i8.as_pointer(), i64.as_pointer(), f32.as_pointer()
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

            def wide(value):  # numba's sizes are intp: 64 bits on a 64-bit machine
                return value if value.type.width == 64 else builder.sext(value, i64)

            def size(array, axis):
                return slot(wide(builder.extract_value(array.shape, axis)), i64)

            def lead(array):  # the row stride, in elements
                stride = builder.extract_value(array.strides, 0)
                return slot(wide(builder.sdiv(stride, ir.Constant(stride.type, 4))), i64)

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
