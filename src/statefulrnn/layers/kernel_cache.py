"""Compiling every compiled (numba) kernel ahead of time, so that no later process waits for one.

A kernel compiles on its first call into numba's cache, and each later process loads it from
there in a few hundredths of a second (`numba_loader`). The first call after an install pays the
compile: 3-6 s a kernel on a 2-core VM, once per kernel a program uses. `compile_kernels` (the
``statefulrnn compile-kernels`` command) compiles them all at once, about half a minute there,
for a container image's build step or a deploy script; a program started afterwards has no
first call over a few tenths of a second (the README's "Cold start").

numba keys its cache by the CPU it compiled for: compile on the machine that runs the kernels,
or one with the same CPU. Elsewhere numba finds no entry and a kernel compiles again at its
first call, as without this step. The cache is ``__pycache__`` beside the kernels' modules where
that is writable, else numba's per-user cache directory, or ``NUMBA_CACHE_DIR``; an upgrade of
statefulrnn or numba empties it.

Example:
    >>> loads = compile_kernels()  # compiles what is not in numba's cache yet
    >>> [load.name for load in loads][:2]
    ['gru float32', 'lstm float32']
    >>> compile_kernels()[0].compiled  # a second time, each is read from the cache
    False
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from . import compiled, compiled_linear
from .numba_loader import imported_numba


@dataclass(frozen=True)
class KernelLoad:
    """One kernel made ready by `compile_kernels`.

    Attributes:
        name: the kernel and its dtype, such as ``"gru float32"``.
        seconds: how long compiling it, or reading it from numba's cache, took.
        compiled: True where this call compiled it, False where numba's cache held it (or
            this process had it already).
        cache_path: the directory of numba's cache that holds it.
    """

    name: str
    seconds: float
    compiled: bool
    cache_path: str


def compile_kernels(report: Callable[[KernelLoad], object] | None = None) -> list[KernelLoad]:
    """Compile each of statefulrnn's compiled kernels into numba's cache, unless it is there
    already (then it is only read); ``report`` is called with each as it is done.

    Returns:
        One `KernelLoad` per kernel, in the order they were done.

    Raises:
        RuntimeError: numba cannot be used here (not installed, failing to import, or its JIT
            disabled): statefulrnn then runs PyTorch's kernels and has nothing to compile. Or
            numba finds no writable directory for its cache, found at the first kernel: nothing
            would outlive this process (set ``NUMBA_CACHE_DIR``).
    """
    if imported_numba() is None:
        raise RuntimeError(
            "numba cannot be used here (not installed, failing to import, or its JIT disabled), "
            "so statefulrnn runs PyTorch's kernels and has no compiled kernel to compile. "
            "pip install 'statefulrnn[fast]' installs numba."
        )
    from numba.core.event import install_recorder

    loads = []
    for name, load in compiled.every_kernel() + compiled_linear.every_kernel():
        start = time.perf_counter()
        # numba's event for a compile (not sent for code read from its cache), and its warning
        # of a missing cache silenced: that is the error below.
        with install_recorder("numba:compile") as compiles, warnings.catch_warnings():
            warnings.filterwarnings("ignore", "statefulrnn's compiled kernel", RuntimeWarning)
            cache_path = load().stats.cache_path
        if cache_path is None:
            raise RuntimeError(
                f"numba finds no writable directory for its cache here, so the kernel {name} "
                f"would be compiled again by each process. Set NUMBA_CACHE_DIR to a writable "
                f"directory, for this command and for the programs that run the kernels."
            )
        done = KernelLoad(name, time.perf_counter() - start, bool(compiles.buffer), cache_path)
        loads.append(done)
        if report is not None:
            report(done)
    return loads


__all__ = ["KernelLoad", "compile_kernels"]
