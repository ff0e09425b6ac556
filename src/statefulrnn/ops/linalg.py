"""Keras 3's linear algebra ops (``keras.ops.linalg``, also found as ``keras.ops.svd``, ...) on
PyTorch tensors, as Keras on PyTorch computes them (``torch.linalg``), with Keras's checks: a
matrix op refuses an input of rank under 2 and, where it needs one, a matrix that is not square,
with Keras's ValueError; integer inputs are taken as floatx floats.

Decompositions are unique only up to signs (``svd``'s and ``qr``'s columns, ``eigh``'s vectors)
or phases (``eig``'s), which LAPACK's and TensorFlow's routines choose differently: compare what
they determine (``u @ diag(s) @ v``, ``q @ r``), not the factors.

Shapes (``...``: any batch axes):
    ``svd``: ``(..., M, N)`` -> ``u (..., M, M)``, ``s (..., K)``, ``v (..., N, N)`` with
    ``K = min(M, N)`` (``full_matrices=False``: ``(..., M, K)`` and ``(..., K, N)``), ``v``
    holding the right singular vectors as rows, so that ``u[..., :K] * s @ v[..., :K, :]`` is the
    input; ``eig``/``eigh``: ``(..., M, M)`` -> values ``(..., M)``, vectors as columns
    ``(..., M, M)``; ``lstsq``: ``a (M, N)``, ``b (M,)`` or ``(M, K)`` -> ``(N,)`` or ``(N, K)``.

Example:
    >>> from statefulrnn import ops
    >>> a = torch.tensor([[3.0, 1.0], [1.0, 2.0]])
    >>> ops.linalg.slogdet(a)
    (tensor(1.), tensor(1.6094))
    >>> u, s, v = ops.svd(a)
    >>> torch.allclose(u * s @ v, a)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

from .numpy import _dims, _floating, _tensor


def cholesky(x: Any, upper: bool = False) -> torch.Tensor:
    """The Cholesky factor of each symmetric positive-definite matrix (lower, unless ``upper``).

    Raises:
        ValueError: not a square matrix, or not positive-definite (Keras's message).
    """
    x = _square(x)
    try:
        return torch.linalg.cholesky(x, upper=upper)
    except RuntimeError as error:  # torch's LinAlgError
        raise ValueError(f"Cholesky decomposition failed: {error}") from None


def cholesky_inverse(x: Any, upper: bool = False) -> torch.Tensor:
    """The inverse of ``A`` from its Cholesky factor ``x`` (``A = x @ x^T``, or ``x^T @ x`` where
    ``upper``), as Keras's (and ``torch.cholesky_inverse``): ``x`` is the factor, not ``A``."""
    x = _square(x)
    try:
        return torch.cholesky_inverse(x, upper=upper)
    except RuntimeError as error:
        raise ValueError(f"Cholesky inverse failed: {error}") from None


def det(x: Any) -> torch.Tensor:
    """The determinant of each square matrix: ``(..., M, M)`` -> ``(...)``."""
    return torch.linalg.det(_square(x))


def slogdet(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """The sign and the log of the absolute value of each square matrix's determinant: the
    determinant is ``sign * exp(logabsdet)``, without overflow for large matrices."""
    sign, logabsdet = torch.linalg.slogdet(_square(x))
    return sign, logabsdet


def logdet(x: Any) -> torch.Tensor:
    """The log of each square matrix's determinant (NaN where it is negative; for a Hermitian
    positive-definite matrix, as Keras intends it)."""
    return torch.logdet(_square(x))


def inv(x: Any) -> torch.Tensor:
    """The inverse of each square matrix (last two axes)."""
    return torch.linalg.inv(_square(x))


def pinv(x: Any, rcond: float | None = None) -> torch.Tensor:
    """The Moore-Penrose pseudo-inverse of each matrix: ``(..., M, N)`` -> ``(..., N, M)``;
    singular values under ``rcond`` times the largest count as zero (NumPy's meaning; None:
    PyTorch's default, the dtype's epsilon times ``max(M, N)``)."""
    return torch.linalg.pinv(_matrices(x), rtol=rcond)


def matrix_rank(x: Any, tol: float | None = None) -> torch.Tensor:
    """The rank of each matrix, int32 ``(...)``: how many singular values exceed ``tol`` (an
    absolute threshold; None: PyTorch's default, relative to the largest)."""
    return torch.linalg.matrix_rank(_matrices(x), atol=tol).to(torch.int32)


def eig(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """The eigenvalues and eigenvectors (columns, unit length) of each square matrix, complex."""
    return tuple(torch.linalg.eig(_square(x)))  # type: ignore[return-value]


def eigh(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """The eigenvalues (ascending) and eigenvectors (columns) of each symmetric or Hermitian
    matrix, from its lower triangle."""
    return tuple(torch.linalg.eigh(_square(x)))  # type: ignore[return-value]


def lu_factor(x: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """The LU factorisation with partial pivoting (LAPACK's ``getrf``): the factors packed in one
    ``(..., M, N)`` tensor and the pivots ``(..., min(M, N))``, int32, counted from 0 (row ``i``
    was swapped with row ``pivots[i]``), as Keras gives them (SciPy's convention). A singular
    matrix factors too (a zero on U's diagonal), as in SciPy and JAX, where Keras on PyTorch
    raises."""
    lu, pivots, _ = torch.linalg.lu_factor_ex(_matrices(x))
    return lu, (pivots - 1).to(torch.int32)


def qr(x: Any, mode: str = "reduced") -> tuple[torch.Tensor, torch.Tensor]:
    """The QR factorisation ``x = q @ r`` of each matrix: ``mode="reduced"`` gives ``q (..., M,
    K)`` and ``r (..., K, N)``, ``"complete"`` ``q (..., M, M)`` and ``r (..., M, N)``.

    Raises:
        ValueError: another ``mode``.
    """
    if mode not in ("reduced", "complete"):
        raise ValueError(
            "`mode` argument value not supported. Expected one of {'reduced', 'complete'}. "
            f"Received: mode={mode}"
        )
    return tuple(torch.linalg.qr(_matrices(x), mode=mode))  # type: ignore[return-value]


def solve(a: Any, b: Any) -> torch.Tensor:
    """``x`` with ``a @ x = b``: ``a (..., M, M)``, ``b`` and ``x`` ``(..., M)`` or ``(..., M, N)``."""
    a, b = _system(a, b)
    return torch.linalg.solve(a, b)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> torch.Tensor:
    """``x`` with ``a @ x = b`` for a triangular ``a`` (its upper triangle is read, or its lower
    one where ``lower``); shapes as `solve`'s."""
    a, b = _system(a, b)
    if b.ndim == a.ndim - 1:  # one right-hand side: torch wants it as a column
        return torch.linalg.solve_triangular(a, b.unsqueeze(-1), upper=not lower).squeeze(-1)
    return torch.linalg.solve_triangular(a, b, upper=not lower)


def svd(
    x: Any, full_matrices: bool = True, compute_uv: bool = True
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | torch.Tensor:
    """The singular value decomposition of each matrix: ``(u, s, v)`` (see the module notes for
    shapes; ``v`` holds the right singular vectors as rows), or only ``s`` (descending) where not
    ``compute_uv``."""
    x = _matrices(x)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return tuple(torch.linalg.svd(x, full_matrices=full_matrices))  # type: ignore[return-value]


def lstsq(a: Any, b: Any, rcond: float | None = None) -> torch.Tensor:
    """The least-squares solution of ``a @ x = b`` (of least norm where there are several):
    ``a (M, N)``, ``b (M,)`` or ``(M, K)`` -> ``(N,)`` or ``(N, K)``. Singular values under
    ``rcond`` times the largest count as zero (NumPy's meaning, by SVD).

    Raises:
        ValueError: ``a`` not of rank 2, ``b`` not of rank 1 or 2, or their rows differ.
    """
    a, b = _floating(_tensor(a)), _floating(_tensor(b))
    if a.ndim != 2:
        raise ValueError(f"Expected a to have rank 2. Received: a.shape={tuple(a.shape)}")
    if b.ndim not in (1, 2):
        raise ValueError(f"Expected b to have rank 1 or 2. Received: b.shape={tuple(b.shape)}")
    if b.shape[0] != a.shape[0]:
        raise ValueError(
            "Expected b.shape[0] to be equal to a.shape[0]. "
            f"Received: a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    column = b.unsqueeze(-1) if b.ndim == 1 else b  # Keras on PyTorch refuses a vector here
    # The SVD driver where a cut-off is given, as Keras on PyTorch: CPU's default (gelsy, QR with
    # pivoting) reads rcond otherwise than NumPy does.
    if rcond is not None and a.device.type == "cpu":
        solution = torch.linalg.lstsq(a, column, rcond=rcond, driver="gelsd").solution
    elif rcond is not None:  # CUDA's only driver has no cut-off
        solution = torch.linalg.pinv(a, rtol=rcond) @ column
    else:
        solution = torch.linalg.lstsq(a, column).solution
    return solution.squeeze(-1) if b.ndim == 1 else solution


def norm(
    x: Any, ord: Any = None, axis: int | Sequence[int] | None = None, keepdims: bool = False
) -> torch.Tensor:
    """NumPy's ``linalg.norm``: a vector norm over one axis, a matrix norm over two (``"fro"``,
    ``"nuc"``, 1, 2, inf, ...), the 2-norm of all values for ``ord=None, axis=None``."""
    x = _floating(_tensor(x))
    return torch.linalg.norm(x, ord=ord, dim=_dims(axis), keepdim=keepdims)


def jvp(
    fun: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any], has_aux: bool = False
) -> tuple[Any, ...]:
    """The Jacobian-vector product of ``fun`` at ``primals`` along ``tangents`` (forward mode,
    ``torch.func.jvp``): ``(fun(*primals), jvp)``, with ``fun``'s auxiliary output third where
    ``has_aux`` (``fun`` then returns ``(output, aux)``)."""
    return torch.func.jvp(fun, tuple(map(_tensor, primals)), tuple(map(_tensor, tangents)), has_aux=has_aux)


def _matrices(x: Any) -> torch.Tensor:
    x = _floating(_tensor(x))
    if x.ndim < 2:
        raise ValueError(f"Expected input to have rank >= 2. Received input with shape {tuple(x.shape)}.")
    return x


def _square(x: Any) -> torch.Tensor:
    x = _matrices(x)
    if x.shape[-2] != x.shape[-1]:
        raise ValueError(f"Expected a square matrix. Received non-square input with shape {tuple(x.shape)}")
    return x


def _system(a: Any, b: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """``a`` square and ``b`` of a matching shape, checked as Keras's ``solve`` checks them."""
    a, b = _square(a), _floating(_tensor(b))
    if b.ndim < 1:
        raise ValueError(f"Expected input to have rank >= 1. Received scalar input {b}.")
    if (a.ndim == b.ndim and a.shape[-2] != b.shape[-2]) or (
        a.ndim == b.ndim + 1 and a.shape[-1] != b.shape[-1]
    ):
        raise ValueError(
            "Incompatible shapes between `a` and `b`. Received: "
            f"a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    return a, b


__all__ = [
    "cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "logdet", "lstsq", "lu_factor",
    "matrix_rank", "norm", "pinv", "qr", "slogdet", "solve", "solve_triangular", "svd",
]  # fmt: skip
