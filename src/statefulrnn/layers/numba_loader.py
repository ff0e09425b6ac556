"""Getting numba and our compiled kernels into a process cheaply: what a first compiled call
pays before it computes.

`compiled` and `compiled_linear` compile their kernels with numba's ``cache=True``; a fresh
process then imports numba (`imported_numba`) and reads each kernel's machine code from the
cache (`load_or_compile`), with two costs cut that numba itself would charge:

- numba's ``compile`` sets up its whole compiler before it looks in the cache; loading machine
  code needs only numba's runtime (`load_or_compile`).
- numba's import and a kernel's load leave ~40,000 objects alive for good, a quarter of what
  ``import torch`` leaves, which makes one full run of Python's cyclic garbage collector due,
  and a full run in a process holding torch costs 80-90 ms even with nothing to free (a
  quarter of the first call). Both run under `allocating_for_good`, which files what they
  allocate among the oldest objects without counting it as new (below).

``benchmarks/bench_coldstart.py`` times a first call in parts; ``tests/test_coldstart.py``
checks that a second process loads without setting up the compiler.

Example:
    >>> numba = imported_numba()
    >>> def twice(x):
    ...     return 2 * x
    >>> jitted = numba.njit(twice) if numba is not None else None
    >>> jitted is None or (load_or_compile(jitted, (numba.int64,)), jitted(21))[1] == 42
    True
"""

from __future__ import annotations

import functools
import importlib.util
import os
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

from .._gc import allocating_for_good


def _numba_installed() -> bool:
    try:
        return importlib.util.find_spec("numba") is not None
    except ValueError:  # sys.modules["numba"] = None blocks the import: as if absent
        return False


# NUMBA_DISABLE_JIT=1 (for debugging one's own numba code) leaves the kernels plain Python too.
# Read from the environment, as numba reads it, so that telling costs no import of numba.
AVAILABLE = _numba_installed() and os.environ.get("NUMBA_DISABLE_JIT", "0") in ("", "0")


@functools.cache
def imported_numba() -> ModuleType | None:
    """numba, imported once (see `allocating_for_good`); None where it is not installed,
    cannot be imported (then with a warning) or has its JIT disabled."""
    if not AVAILABLE:
        return None
    try:
        with allocating_for_good():
            import llvmlite.ir  # noqa: F401  (the kernels' intrinsics build LLVM IR)
            import numba
            import numba.extending
    except ImportError as error:  # installed but broken, e.g. by a NumPy newer than it supports
        warnings.warn(
            f"numba is installed but cannot be imported ({error}); statefulrnn runs PyTorch's kernels "
            f"where it would run its compiled ones.",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    return None if numba.config.DISABLE_JIT else numba  # DISABLE_JIT set in a .numba_config.yaml


def jit(numba: ModuleType, function: Callable, cache: bool = True) -> Any:
    """numba's dispatcher of ``function`` (uncompiled), as every kernel of ours is compiled:
    ``error_model="numpy"`` (a float division may not raise, Python's rule, so loops with one
    still vectorise) and of fastmath's flags only ``contract``: a product and a sum may fuse
    into one FMA instruction (one rounding where there were two; PyTorch's BLAS and oneDNN
    kernels fuse them too), while no sum is reordered and no NaN assumed away. The contraction
    took 10-25% off the compiled GRU kernel's time (batch 1 to 64, AVX-512 Xeon). With ``cache``,
    its machine code is cached on disk where numba finds a writable directory for it; where
    none is (a read-only install without a writable home or ``NUMBA_CACHE_DIR``, as on some
    serverless hosts) it is compiled anew in each process, with a RuntimeWarning saying so."""
    options = {"fastmath": {"contract"}, "error_model": "numpy"}
    if not cache:
        return numba.njit(**options)(function)
    try:
        return numba.njit(cache=True, **options)(function)
    except RuntimeError as error:  # numba's "no locator available" for the function's file
        warnings.warn(
            f"statefulrnn's compiled kernel {function.__name__} is compiled anew in each process "
            f"(seconds): numba cannot cache it ({error}). Set NUMBA_CACHE_DIR to a writable "
            f"directory.",
            RuntimeWarning,
            stacklevel=4,
        )
        return numba.njit(**options)(function)


def load_or_compile(compiled: Any, signature: tuple) -> None:
    """Gives numba's dispatcher ``compiled`` its machine code for ``signature``: from numba's
    cache when there, else compiled (and cached) by numba.

    numba's ``compile`` sets up its whole compiler before it looks in the cache: every typing
    and lowering registry, NumPy's BLAS among them, for which it imports SciPy's linalg (and
    NumPy's f2py behind it). That was 0.42 s of a 0.61 s first GRU predict with the cache warm.
    Machine code read from the cache needs only numba's runtime (NRT), set up here, as long as
    it has no object-mode block (numba's own pull request 9806 proposed the same); code
    compiled later in the process, ours or the user's, sets the compiler up as usual. The rest
    is what ``compile`` does on a cache hit, under its lock and counted in ``compiled.stats``,
    through numba's internals (as of 0.68; ``tests/test_coldstart.py`` checks the effect).
    With caching off there is no ``_load_overload``, and numba compiles (with the collector
    on: a compile's garbage is collected as it goes).
    """
    with allocating_for_good():
        if _loaded_from_cache(compiled, signature):
            return
    compiled.compile(signature)


def _loaded_from_cache(compiled: Any, signature: tuple) -> bool:
    from numba.core.compiler_lock import global_compiler_lock
    from numba.core.runtime import rtsys

    load = getattr(compiled._cache, "_load_overload", None)  # absent when caching is off
    with global_compiler_lock:
        if signature in compiled.overloads:
            return True
        if load is None:
            return False
        context = compiled.targetctx
        try:
            rtsys.initialize(context)
            loaded = load(signature, context)
            if loaded is None:
                return False
            context.insert_user_function(loaded.entry_point, loaded.fndesc, [loaded.library])
            compiled.add_overload(loaded)
            compiled._cache_hits[signature] += 1
        except AttributeError:  # a numba whose internals moved: its public road
            return False
        return True
