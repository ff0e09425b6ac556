"""Compiled CPU kernels (numba) for the built-in cells, for calls that need no gradient.

PyTorch's CPU recurrent kernels run many small operators per time step: one batch-1 step of
``torch.nn.GRU(16, 64)`` costs about 24 us, of which the arithmetic (an 80 x 192 matrix-vector
product and 192 activations) is under 1 us. These kernels run a whole chunk in one compiled
loop: 2.5 us for that step called on numpy arrays, 0.7-0.9 us a step within a chunk of 100.
`fused` picks them where they measure faster (small batches, no autograd);
``benchmarks/bench_step.py`` compares them with PyTorch and ONNX Runtime.

Each computes the formula of PyTorch's kernel of the same name (``torch._VF.gru``, ``lstm``,
``rnn_tanh``, ``rnn_relu``) in float32, as PyTorch does, with no fastmath but the fusing of a
product and a sum into one FMA instruction (`numba_loader.jit`): the results differ from
PyTorch's by rounding (up to a few 1e-7 on gates of order 1).

Choices, each measured on a 2-core AMD EPYC (AVX-512), GRU(64), batch 1, time per step
within a chunk of 100 unless said otherwise:

- weights transposed (`pack_weights`): each input feature and state unit then scales a
  contiguous weight row added into the gates, a loop LLVM vectorises without reordering any
  sum; dot products on PyTorch's layout need fastmath's reordering to vectorise: 2x slower;
- four weight rows per pass over the gates (`_accumulate`): 1.1 -> 0.75 us;
- from 8 rows or 4 steps on, the products on PyTorch's own BLAS (MKL's ``sgemm_``, `blas`),
  where those loops reach a quarter of it (measured on the 2-core Intel Xeon, AVX-512: GRU(64)
  at 64 rows, one step, 141 -> 59 us; GRU(128) at 32 rows in chunks of 10, 1364 -> 691 us;
  within a chunk of 100 at one row, 3.0 -> 1.4 us a step); fewer rows on a short call stay
  on the loops, faster there (`_by_blas`);
- exp, sigmoid and tanh in plain arithmetic (Cephes's single-precision algorithms, within 2
  ulp), not library calls, which keep the gate loop from vectorising: 2.3 -> 1.1 us (LSTM(64):
  3.5 -> 1.2 us);
- float32 sums: float64 took 25-40% longer, for nothing the 1e-6 agreement needs;
- the input projection inside the loop: 0.5 us a step at F=64 and too little to measure at
  F=16, where one PyTorch matmul for the chunk beforehand costs 2.5 us a call;
- outputs and final states written into arrays the caller makes (`call`), the kernels return
  nothing: numba wraps each array a function returns for Python at about 1.5 us, more than a
  GRU(64) step's arithmetic (one-step call 3.97 -> 3.52 us with the arrays made by `call`, 2.78
  with arrays kept by the caller).

Nothing of numba is imported with this module: importing it takes about an eighth of ``import
torch`` (``benchmarks/bench_coldstart.py``), so it waits until a kernel is about to run
(`cached_weights`, which `fused` asks once it has chosen a kernel, or a kernel's first call).
The first call of a kernel compiles that kernel alone, for float32 C-contiguous arrays, into
numba's cache (``cache=True``: ``__pycache__`` beside this file, else numba's user cache
directory, or ``NUMBA_CACHE_DIR``; 4-5 s on the 2-core VM of ``benchmarks/bench_coldstart.py``);
a new process loads it from there without setting up numba's compiler (`numba_loader`):
0.06-0.07 s, after numba's import (0.16-0.18 s).
Editing this file recompiles them. Without numba (the ``fast`` extra) the kernels are plain
Python, correct but slow, and `fused` never picks them.

Example:
    >>> reference = torch.nn.GRU(3, 4, batch_first=True)
    >>> weights = pack_weights(list(reference.parameters()))  # w_ih, w_hh, b_ih, b_hh
    >>> x, h0 = torch.randn(2, 5, 3), torch.randn(2, 4)
    >>> outputs, (h,) = call(gru, x.numpy(), (h0.numpy(),), weights)
    >>> outputs.shape, h.shape
    ((2, 5, 4), (2, 4))
    >>> expected, _ = reference(x, h0[None])
    >>> bool(np.abs(outputs - expected.detach().numpy()).max() < 1e-6)
    True
"""

from __future__ import annotations

import functools
import math
import threading
import types
import weakref
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np
import torch

from .. import _compat
from .._fingerprint import watch
from . import blas
from .numba_loader import AVAILABLE as AVAILABLE
from .numba_loader import imported_numba, jit, load_or_compile

# Names of this module's functions that the kernels call (see `_numba_namespace`).
_CALLEES: list[str] = []


def _compiled(function: Callable) -> Callable:
    """Marks ``function`` as called by the kernels: numba compiles it inside each kernel."""
    _CALLEES.append(function.__name__)
    return function


def _jit(
    numba: ModuleType, function: Callable, namespace: dict[str, Any], cache: bool, variant: str = ""
) -> Callable:
    """numba's dispatcher of ``function`` reading its globals from ``namespace`` (uncompiled).
    A ``variant`` joins its qualified name, which keys numba's cache: machine code that calls
    PyTorch's BLAS and machine code that does not are cached apart."""
    function = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    function.__qualname__ += variant
    return jit(numba, function, cache)


# The variant of the kernels that call PyTorch's BLAS (see `_jit`).
_VARIANT = "__blas"


@functools.cache
def _numba_namespace() -> dict[str, Any] | None:
    """This module's globals as the kernels see them under numba: the callees are numba's
    dispatchers (this module's own stay plain Python). Imports numba, once; None without it or
    with its JIT disabled (then the kernels stay plain Python)."""
    numba = imported_numba()
    if numba is None:
        return None
    import llvmlite.ir

    namespace = dict(
        globals(),
        _float_from_bits=_intrinsic_float_from_bits(numba, llvmlite.ir),
        _wide_vectors=_intrinsic_wide_vectors(numba, llvmlite.ir),
    )
    # Uncached: a kernel's cache entry holds its callees' code, so only a kernel compiled in
    # this process compiles them (numba would hash and index each on its own).
    for name in _CALLEES:
        namespace[name] = _jit(numba, namespace[name], namespace, cache=False)
    gemm = blas.gemm_intrinsic(numba, llvmlite.ir)
    namespace["_gemm_into"] = namespace["_accumulate"] if gemm is None else gemm
    return namespace


class _Kernel:
    """One kernel: compiled by numba on the first call (or loaded from numba's cache), for
    float32 C-contiguous arrays, after which numba's dispatcher replaces this wrapper wherever
    the module holds it (its name, `KERNELS`); the plain function without numba."""

    def __init__(self, function: Callable, states: int, kind: str) -> None:
        functools.update_wrapper(self, function)
        self.function, self.states, self.kind = function, states, kind
        self._loaded: Callable | None = None

    def __call__(self, *args: np.ndarray) -> tuple[np.ndarray, ...]:
        loaded = self._loaded
        return (self.load() if loaded is None else loaded)(*args)

    def load(self) -> Callable:
        """The kernel, compiled or loaded from the cache now if it was not yet."""
        with _load_lock:
            if self._loaded is None:
                self._loaded = _load(self.function, self.states, self.kind)
                globals()[self.__name__] = self._loaded
                for table in (KERNELS, FRAME_KERNELS, HEADED_FRAME_KERNELS):
                    for kernel, ours in table.items():
                        if ours is self:
                            table[kernel] = self._loaded
        return self._loaded


# Held while a kernel loads: threads' first calls import numba and compile each kernel once.
_load_lock = threading.Lock()


def _load(function: Callable, states: int, kind: str) -> Callable:
    namespace = _numba_namespace()
    if namespace is None:
        return function
    import numba

    on_blas = namespace["_gemm_into"] is not namespace["_accumulate"]
    compiled = _jit(numba, function, namespace, cache=True, variant=_VARIANT if on_blas else "")
    sequence, rows, vector = numba.float32[:, :, ::1], numba.float32[:, ::1], numba.float32[::1]
    # The one signature it is called with (by `call`, a step of `compiled_gates`, or a stream
    # pool's one frame): loaded (or compiled) now, and found by every call.
    if kind == "gates":
        signature = (sequence, numba.int64, *[rows] * (states + 1), sequence)
    elif kind == "frame":
        signature = (vector, *[rows] * states, numba.int64, rows, vector)
    elif kind == "frame_head":
        signature = (vector, *[rows] * states, numba.int64, rows, numba.int64[:, ::1], vector, vector)
    else:
        signature = (sequence, *[rows] * (states + 1), sequence, *[rows] * states)
    load_or_compile(compiled, signature)
    return compiled


def _kernel(states: int, kind: str = "chunk") -> Callable[[Callable], _Kernel]:
    """Makes a kernel of ``states`` state arrays (1, or 2 for LSTM) a `_Kernel` of one ``kind``:
    ``"chunk"`` (`gru`, `lstm`, ...), ``"gates"``, the gates of one step (`gru_gates`,
    `lstm_gates`), ``"frame"``, one frame of a stream's slot (`gru_frame`, ...), or
    ``"frame_head"``, one frame and the model's head after it (`gru_frame_head`, ...)."""
    return lambda function: _Kernel(function, states, kind)


def _float_from_bits(bits: np.int32) -> np.float32:
    """The float32 whose IEEE-754 bits are the int32 ``bits``."""
    return np.int32(bits).view(np.float32)


def _intrinsic_float_from_bits(numba: ModuleType, ir: ModuleType) -> Callable:
    """`_float_from_bits` for numba: one bitcast instruction."""

    @numba.extending.intrinsic
    def float_from_bits(typingctx, bits):
        def codegen(context, builder, signature, args):
            return builder.bitcast(args[0], ir.FloatType())

        return numba.types.float32(numba.types.int32), codegen

    return float_from_bits


def _wide_vectors() -> None:
    """Nothing in plain Python. Under numba, lets LLVM vectorise the calling function's loops with
    512-bit vectors where the CPU has them (`_intrinsic_wide_vectors`)."""


def _intrinsic_wide_vectors(numba: ModuleType, ir: ModuleType) -> Callable:
    """`_wide_vectors` for numba: marks the function being compiled ``"prefer-vector-width"="512"``.

    LLVM vectorises with 256-bit vectors on x86 CPUs with AVX-512 unless a function asks for
    more (the clock of early AVX-512 cores fell under 512-bit code). The gate loops are
    arithmetic on registers, which 512-bit vectors do in fewer instructions: in one process, an
    LSTM's gates at 256 rows of 64 units took 0.74x as long (75 against 101 us), whole kernels
    0.90-0.98x (GRU(64) at 64 rows, one step: 0.90-0.94), with the same bits. On a CPU without
    AVX-512 the attribute changes nothing (no wider registers to use). Where this llvmlite does
    not write the attribute as given (`_writes_attribute`), nothing is marked."""
    marks = _writes_attribute(ir)

    @numba.extending.intrinsic
    def wide_vectors(typingctx):
        def codegen(context, builder, signature, args):
            if marks:
                set.add(builder.function.attributes, _PREFER_WIDE)
            return context.get_dummy_value()

        return numba.types.void(), codegen

    return wide_vectors


_PREFER_WIDE = '"prefer-vector-width"="512"'


def _writes_attribute(ir: ModuleType) -> bool:
    """Whether llvmlite writes `_PREFER_WIDE` into a function's IR as it is given: its attribute
    set takes only attributes without a value through ``add``, so the string goes in by the
    set's own ``add``, which a later llvmlite might not allow (checked on a declaration, without
    numba's compiler)."""
    module = ir.Module()
    function = ir.Function(module, ir.FunctionType(ir.VoidType(), []), "probe")
    try:
        set.add(function.attributes, _PREFER_WIDE)
        return f'@"probe"() {_PREFER_WIDE}' in str(module)
    except Exception:  # any failure means: leave the vector width to LLVM
        return False


_f32 = np.float32
_EXP_HI, _EXP_LO = _f32(88.0), _f32(-87.0)  # beyond, exp leaves the normal float32 range
_LOG2E, _LN2_HI, _LN2_LO = _f32(1.44269504088896341), _f32(0.693359375), _f32(-2.12194440e-4)
_EXP_POLY = (_f32(1.9875691500e-4), _f32(1.3981999507e-3), _f32(8.3334519073e-3),
             _f32(4.1665795894e-2), _f32(1.6666665459e-1), _f32(5.0000001201e-1))  # fmt: skip
_TANH_POLY = (_f32(-5.70498872745e-3), _f32(2.06390887954e-2), _f32(-5.37397155531e-2),
              _f32(1.33314422036e-1), _f32(-3.33332819422e-1))  # fmt: skip
_ZERO, _HALF, _ONE, _TWO = _f32(0.0), _f32(0.5), _f32(1.0), _f32(2.0)  # Python floats are float64


@_compiled
def _exp(v: np.float32) -> np.float32:
    """``e**v``; clamped to ``[e**-87, e**88]`` (a sigmoid or tanh cannot tell); NaN stays NaN."""
    v = _EXP_HI if v > _EXP_HI else (_EXP_LO if v < _EXP_LO else v)
    k = np.floor(v * _LOG2E + _HALF)  # e**v = 2**k * e**r, |r| <= ln(2) / 2
    r = v - k * _LN2_HI - k * _LN2_LO  # ln 2 in two parts: k * _LN2_HI is exact
    p0, p1, p2, p3, p4, p5 = _EXP_POLY
    y = (((((p0 * r + p1) * r + p2) * r + p3) * r + p4) * r + p5) * r * r + r + _ONE
    k = k if k == k else _ZERO  # NaN has no exponent to take (r carries it)
    return y * _float_from_bits((np.int32(k) + np.int32(127)) << np.int32(23))  # times 2**k


@_compiled
def _sigmoid(v: np.float32) -> np.float32:
    return _ONE / (_ONE + _exp(-v))


@_compiled
def _tanh(v: np.float32) -> np.float32:
    a = abs(v)
    large = _ONE - _TWO / (_exp(a + a) + _ONE)  # cancels too much below 0.625: a series there
    q0, q1, q2, q3, q4 = _TANH_POLY
    z = a * a
    small = ((((q0 * z + q1) * z + q2) * z + q3) * z + q4) * z * a + a
    t = small if a < _f32(0.625) else large
    return math.copysign(t, v)


# ----- the kernels: numpy float32 arrays in, written into the arrays `call` makes -------------

_GROUP = 4  # weight rows added per pass over the gates (see `_affine`)


@_compiled
def _padded(size: int) -> int:
    return -(-size // _GROUP) * _GROUP


@_compiled
def _affine(
    inputs: np.ndarray, weights: np.ndarray, bias: np.ndarray, out: np.ndarray, by_blas: bool
) -> None:
    """``out = bias + inputs @ weights``: ``inputs (N, K)``, K a multiple of 4, ``weights (K, G)``;
    with ``by_blas`` (`_by_blas`), by PyTorch's BLAS where it has one (`blas`), else by `_accumulate`."""
    for n in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[n, j] = bias[j]
    if by_blas and out.shape[1] and inputs.shape[1]:
        _gemm_into(inputs, weights, out)
    else:
        _accumulate(inputs, weights, out)


@_compiled
def _by_blas(batch: int, steps: int) -> bool:
    """Whether a call's products go to BLAS (`blas`): from `_GEMM_ROWS` rows, or `_GEMM_STEPS`
    steps. Below both the loops are faster: BLAS's code, cold after the Python between two
    calls, costs 1-5 us more per short call of a few rows (GRU(64), one step, one row: 5.8 us
    against 4.3; within a chunk of 100 steps, 1.4 us a step against 3.0)."""
    return batch >= _GEMM_ROWS or steps >= _GEMM_STEPS


@_compiled
def _accumulate(inputs: np.ndarray, weights: np.ndarray, out: np.ndarray) -> None:
    """``out += inputs @ weights``, four weight rows per pass: the gates are loaded and stored a
    quarter as often as one row per pass would (GRU(64), batch 1: 0.75 against 1.1 us a step),
    and each weight row is read once per pass for the whole batch."""
    _wide_vectors()
    for k in range(0, inputs.shape[1], _GROUP):
        w0, w1, w2, w3 = weights[k], weights[k + 1], weights[k + 2], weights[k + 3]
        for n in range(out.shape[0]):
            s0, s1, s2, s3 = inputs[n, k], inputs[n, k + 1], inputs[n, k + 2], inputs[n, k + 3]
            acc = out[n]
            for j in range(acc.shape[0]):
                acc[j] += (s0 * w0[j] + s1 * w1[j]) + (s2 * w2[j] + s3 * w3[j])


# From how many batch rows, or steps in a call, products go to BLAS (`_by_blas`).
_GEMM_ROWS, _GEMM_STEPS = 8, 4
# What runs a product that `_by_blas` sends to BLAS: PyTorch's in numba's namespace where `blas`
# finds it (`_numba_namespace`), the loops otherwise and in plain Python.
_gemm_into = _accumulate


@_compiled
def _check_shapes(
    x: np.ndarray, states: tuple, weights: np.ndarray, gates: int, outputs: np.ndarray, finals: tuple
) -> None:
    # The loops do not check their indices: a mismatch would read and write out of bounds.
    batch, steps, units = x.shape[0], x.shape[1], states[0].shape[1]
    matching = weights.shape == (_padded(x.shape[2]) + _padded(units) + 2, gates * units)
    matching &= outputs.shape == (batch, steps, units)
    for state in states:
        matching &= state.shape == (batch, units)
    for state in finals:
        matching &= state.shape == (batch, units)
    if not matching:
        raise ValueError(
            "A compiled kernel needs x (N, T, F), states (N, u), weights from pack_weights: "
            "(F + u + 2, gates * u) with F and u rounded up to a multiple of 4, outputs (N, T, u) "
            "and final states (N, u)."
        )


@_compiled
def _staged(x: np.ndarray, h0: np.ndarray) -> np.ndarray:
    """``xh (N, F' + u')``: zeros, with ``h0`` at columns ``F'``.. (``F', u'``: F, u rounded up to
    a multiple of 4). Each step copies its input to the first F columns; the state lives on in
    place, so ``xh`` is the multiplicand of the whole ``[W_ih; W_hh]`` (zero rows padding both)."""
    batch, features, units = x.shape[0], _padded(x.shape[2]), h0.shape[1]
    xh = np.zeros((batch, features + _padded(units)), np.float32)
    for n in range(batch):
        for j in range(units):
            xh[n, features + j] = h0[n, j]
    return xh


@_compiled
def _copy(source: np.ndarray, target: np.ndarray) -> None:
    """``target[:] = source`` for ``(N, u)`` arrays, as loops: numba's slice assignment, with
    its broadcasting, took as long to compile as the rest of a kernel."""
    for n in range(target.shape[0]):
        for j in range(target.shape[1]):
            target[n, j] = source[n, j]


@_compiled
def _stage_input(x: np.ndarray, t: int, xh: np.ndarray) -> None:
    for n in range(x.shape[0]):
        for f in range(x.shape[2]):
            xh[n, f] = x[n, t, f]


@_compiled
def _gru_update(gi: np.ndarray, gh: np.ndarray, h: np.ndarray, output: np.ndarray) -> None:
    """One batch row: gates ``r z n`` from ``gi`` (input) and ``gh`` (state), each ``(3u,)``."""
    _wide_vectors()
    units = h.shape[0]
    for j in range(units):
        r = _sigmoid(gi[j] + gh[j])
        z = _sigmoid(gi[units + j] + gh[units + j])
        candidate = _tanh(gi[2 * units + j] + r * gh[2 * units + j])
        h[j] = (h[j] - candidate) * z + candidate  # PyTorch's spelling of z h + (1 - z) n
        output[j] = h[j]


@_kernel(states=1)
def gru(x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray) -> None:
    """``torch._VF.gru``: ``x (N, T, F)``, ``h0 (N, u)`` -> ``outputs (N, T, u)``, ``h (N, u)``,
    written into the arrays given (``h`` may be ``h0``: the state stepped in place).

    ``r, z = sigmoid(gi + gh)``, ``n = tanh(gi_n + r * gh_n)``, ``h = z * h + (1 - z) * n``,
    with ``gi = x W_ih^T + b_ih`` and ``gh = h W_hh^T + b_hh``.
    """
    _gru(x, h0, weights, outputs, h)


@_compiled
def _gru(x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray) -> None:
    _check_shapes(x, (h0,), weights, 3, outputs, (h,))
    batch, steps, _ = x.shape
    units = h0.shape[1]
    at = _padded(x.shape[2])  # where the state starts in xh, and its rows in weights
    xh = _staged(x, h0)
    gi = np.empty((batch, 3 * units), np.float32)
    gh = np.empty((batch, 3 * units), np.float32)
    by_blas = _by_blas(batch, steps)
    for t in range(steps):
        _stage_input(x, t, xh)
        _affine(xh[:, :at], weights[:at], weights[-2], gi, by_blas)
        _affine(xh[:, at:], weights[at:-2], weights[-1], gh, by_blas)
        for n in range(batch):  # row views are contiguous: the update loop vectorises
            _gru_update(gi[n], gh[n], xh[n, at : at + units], outputs[n, t])
    _copy(xh[:, at : at + units], h)


@_compiled
def _lstm_update(gates: np.ndarray, c: np.ndarray, h: np.ndarray, output: np.ndarray) -> None:
    """One batch row: ``gates (4u,)`` in the order ``i f g o``."""
    _wide_vectors()
    units = h.shape[0]
    for j in range(units):
        i = _sigmoid(gates[j])
        f = _sigmoid(gates[units + j])
        o = _sigmoid(gates[3 * units + j])
        c[j] = f * c[j] + i * _tanh(gates[2 * units + j])
        h[j] = o * _tanh(c[j])
        output[j] = h[j]


@_kernel(states=2)
def lstm(
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    weights: np.ndarray,
    outputs: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
) -> None:
    """``torch._VF.lstm``: ``x (N, T, F)``, ``h0, c0 (N, u)`` -> ``outputs (N, T, u)``, ``h``, ``c``,
    written into the arrays given (``h``, ``c`` may be ``h0``, ``c0``).

    ``i, f, g, o`` from ``x W_ih^T + b_ih + h W_hh^T + b_hh``;
    ``c = sigmoid(f) * c + sigmoid(i) * tanh(g)``, ``h = sigmoid(o) * tanh(c)``.
    """
    _lstm(x, h0, c0, weights, outputs, h, c)


@_compiled
def _lstm(
    x: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    weights: np.ndarray,
    outputs: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
) -> None:
    _check_shapes(x, (h0, c0), weights, 4, outputs, (h, c))
    batch, steps, _ = x.shape
    units = h0.shape[1]
    at = _padded(x.shape[2])
    xh = _staged(x, h0)
    _copy(c0, c)
    gates = np.empty((batch, 4 * units), np.float32)
    bias = weights[-2] + weights[-1]
    by_blas = _by_blas(batch, steps)
    for t in range(steps):
        _stage_input(x, t, xh)
        _affine(xh, weights[:-2], bias, gates, by_blas)
        for n in range(batch):
            _lstm_update(gates[n], c[n], xh[n, at : at + units], outputs[n, t])
    _copy(xh[:, at : at + units], h)


@_compiled
def _simple_rnn(
    x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray, relu: bool
) -> None:
    _wide_vectors()
    _check_shapes(x, (h0,), weights, 1, outputs, (h,))
    batch, steps, _ = x.shape
    units = h0.shape[1]
    at = _padded(x.shape[2])
    xh = _staged(x, h0)
    pre = np.empty((batch, units), np.float32)  # before the activation
    bias = weights[-2] + weights[-1]
    by_blas = _by_blas(batch, steps)
    for t in range(steps):
        _stage_input(x, t, xh)
        _affine(xh, weights[:-2], bias, pre, by_blas)
        for n in range(batch):
            state, output, v = xh[n, at : at + units], outputs[n, t], pre[n]
            for j in range(units):
                # v < 0 is False for NaN, which stays NaN as in torch.relu
                state[j] = (_ZERO if v[j] < _ZERO else v[j]) if relu else _tanh(v[j])
                output[j] = state[j]
    _copy(xh[:, at : at + units], h)


@_kernel(states=1)
def rnn_tanh(x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray) -> None:
    """``torch._VF.rnn_tanh``: ``h = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``; arrays as `gru`."""
    _simple_rnn(x, h0, weights, outputs, h, False)


@_kernel(states=1)
def rnn_relu(x: np.ndarray, h0: np.ndarray, weights: np.ndarray, outputs: np.ndarray, h: np.ndarray) -> None:
    """``torch._VF.rnn_relu``: ``h = relu(x W_ih^T + b_ih + h W_hh^T + b_hh)``; arrays as `gru`."""
    _simple_rnn(x, h0, weights, outputs, h, True)


@_kernel(states=1, kind="gates")
def gru_gates(gi: np.ndarray, t: int, gh: np.ndarray, h: np.ndarray, outputs: np.ndarray) -> None:
    """Step ``t`` of `gru` from its products, for `compiled_gates`: ``gi (N, T, 3u)`` (``x W_ih^T +
    b_ih`` of the chunk), ``gh (N, 3u)`` (``h W_hh^T + b_hh``) -> ``h (N, u)`` in place and
    ``outputs[:, t]``."""
    for n in range(h.shape[0]):
        _gru_update(gi[n, t], gh[n], h[n], outputs[n, t])


@_kernel(states=2, kind="gates")
def lstm_gates(
    gx: np.ndarray, t: int, gates: np.ndarray, c: np.ndarray, h: np.ndarray, outputs: np.ndarray
) -> None:
    """Step ``t`` of `lstm` from its products, for `compiled_gates`: ``gx (N, T, 4u)`` (``x W_ih^T
    + b_ih + b_hh`` of the chunk), ``gates (N, 4u)`` (``h W_hh^T``, overwritten) -> ``c, h (N, u)``
    in place and ``outputs[:, t]``."""
    _wide_vectors()
    for n in range(h.shape[0]):
        row, inputs = gates[n], gx[n, t]
        for j in range(row.shape[0]):
            row[j] += inputs[j]
        _lstm_update(row, c[n], h[n], outputs[n, t])


# ----- one frame of a stream pool's slot: the chunk kernels, behind a check of the frame ------


@_compiled
def _finite(frame: np.ndarray) -> bool:
    for value in frame:
        if not value - value == _ZERO:  # NaN for NaN and for either infinity
            return False
    return True


@_compiled
def _gru_frame(
    frame: np.ndarray, states: np.ndarray, slot: int, weights: np.ndarray, output: np.ndarray
) -> bool:
    if not _finite(frame):
        return False
    h = states[slot : slot + 1]
    _gru(frame.reshape((1, 1, frame.shape[0])), h, weights, output.reshape((1, 1, output.shape[0])), h)
    return True


@_kernel(states=1, kind="frame")
def gru_frame(
    frame: np.ndarray, states: np.ndarray, slot: int, weights: np.ndarray, output: np.ndarray
) -> bool:
    """One frame ``(F,)`` of the stream in row ``slot`` of ``states (S, u)``: `gru` on it, the
    state stepped in place and the output written into ``output (u,)``, if every value of the
    frame is finite; returns whether it ran (nothing is written otherwise).

    A stream pool's `push` of one frame: checking the frame, the view of its slot and the
    arrays of a chunk cost more in Python than the step's arithmetic."""
    return _gru_frame(frame, states, slot, weights, output)


@_compiled
def _lstm_frame(
    frame: np.ndarray,
    h_states: np.ndarray,
    c_states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    output: np.ndarray,
) -> bool:
    if not _finite(frame):
        return False
    h, c = h_states[slot : slot + 1], c_states[slot : slot + 1]
    _lstm(frame.reshape((1, 1, frame.shape[0])), h, c, weights, output.reshape((1, 1, output.shape[0])), h, c)
    return True


@_kernel(states=2, kind="frame")
def lstm_frame(
    frame: np.ndarray,
    h_states: np.ndarray,
    c_states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    output: np.ndarray,
) -> bool:
    """`gru_frame` for `lstm`: ``h_states, c_states (S, u)``."""
    return _lstm_frame(frame, h_states, c_states, slot, weights, output)


@_compiled
def _simple_rnn_frame(
    frame: np.ndarray, states: np.ndarray, slot: int, weights: np.ndarray, output: np.ndarray, relu: bool
) -> bool:
    if not _finite(frame):
        return False
    h = states[slot : slot + 1]
    _simple_rnn(
        frame.reshape((1, 1, frame.shape[0])), h, weights, output.reshape((1, 1, output.shape[0])), h, relu
    )
    return True


@_kernel(states=1, kind="frame")
def rnn_tanh_frame(
    frame: np.ndarray, states: np.ndarray, slot: int, weights: np.ndarray, output: np.ndarray
) -> bool:
    """`gru_frame` for `rnn_tanh`."""
    return _simple_rnn_frame(frame, states, slot, weights, output, False)


@_kernel(states=1, kind="frame")
def rnn_relu_frame(
    frame: np.ndarray, states: np.ndarray, slot: int, weights: np.ndarray, output: np.ndarray
) -> bool:
    """`gru_frame` for `rnn_relu`."""
    return _simple_rnn_frame(frame, states, slot, weights, output, True)


# ----- one frame, then the stateless layers after the recurrent one (a model's head) ----------

# A head layer's activation, as `_activate` knows it (`streaming.head` maps Keras's functions).
LINEAR, RELU, SIGMOID, TANH, SOFTMAX = 0, 1, 2, 3, 4


@_compiled
def _activate(y: np.ndarray, activation: int) -> None:
    """``y (n,)`` in place through one of the activations above (`_sigmoid`, `_tanh`: within 2
    ulp of PyTorch's; softmax from the largest value, as PyTorch's)."""
    if activation == RELU:
        for j in range(y.shape[0]):
            y[j] = _ZERO if y[j] < _ZERO else y[j]  # NaN stays NaN, as in torch.relu
    elif activation == SIGMOID:
        for j in range(y.shape[0]):
            y[j] = _sigmoid(y[j])
    elif activation == TANH:
        for j in range(y.shape[0]):
            y[j] = _tanh(y[j])
    elif activation == SOFTMAX:
        largest = y[0]
        for j in range(1, y.shape[0]):
            largest = y[j] if y[j] > largest else largest
        total = _ZERO
        for j in range(y.shape[0]):
            y[j] = _exp(y[j] - largest)
            total += y[j]
        for j in range(y.shape[0]):
            y[j] /= total


@_compiled
def _check_head(layout: np.ndarray, params: np.ndarray, units: int, width: int) -> None:
    # The loops do not check their indices: a layout that does not fit would read out of bounds.
    fits = layout.shape[0] > 0 and layout.shape[1] == 5
    inputs = units
    for i in range(layout.shape[0] if fits else 0):
        fan_in, fan_out, kernel_at, bias_at, activation = layout[i]
        fits &= fan_in == inputs and fan_out > 0 and LINEAR <= activation <= SOFTMAX
        fits &= kernel_at + fan_in * fan_out <= params.shape[0] if kernel_at >= 0 else fan_in == fan_out
        fits &= bias_at + fan_out <= params.shape[0] and kernel_at >= 0 if bias_at >= 0 else True
        inputs = fan_out
    if not (fits and inputs == width):
        raise ValueError(
            "A head needs a layout (L, 5) of rows (inputs, outputs, kernel offset or -1, bias "
            "offset or -1, activation), chained from the recurrent layer's units to the output's "
            "width, with offsets inside params."
        )


@_compiled
def _head(x: np.ndarray, layout: np.ndarray, params: np.ndarray, output: np.ndarray) -> None:
    """The head's layers on the recurrent layer's output row ``x (u,)``, the last one's output
    written into ``output``. Each row of ``layout`` is a layer: its inputs and outputs, where its
    kernel ``(inputs, outputs)`` starts in ``params`` (-1: an activation alone), where its bias
    starts (-1: none) and its activation. ``y = b + x W`` adds one kernel row per input, as
    `_accumulate` does: the rows are contiguous, so the loop vectorises over the outputs."""
    last = layout.shape[0] - 1
    for i in range(layout.shape[0]):
        fan_in, fan_out, kernel_at, bias_at, activation = layout[i]
        y = output if i == last else np.empty(fan_out, np.float32)
        if kernel_at < 0:
            for j in range(fan_out):
                y[j] = x[j]
        else:
            for j in range(fan_out):
                y[j] = params[bias_at + j] if bias_at >= 0 else _ZERO
            for k in range(fan_in):
                s, row = x[k], params[kernel_at + k * fan_out : kernel_at + (k + 1) * fan_out]
                for j in range(fan_out):
                    y[j] += s * row[j]
        _activate(y, activation)
        x = y


@_compiled
def _head_input(states: np.ndarray, layout: np.ndarray, params: np.ndarray, output: np.ndarray) -> np.ndarray:
    """The array the recurrent layer's output row goes into, once the head's layout is checked
    against it and ``output`` (before any state is stepped)."""
    hidden = np.empty(states.shape[1], np.float32)
    _check_head(layout, params, hidden.shape[0], output.shape[0])
    return hidden


@_compiled
def _then_head(
    ran: bool, hidden: np.ndarray, layout: np.ndarray, params: np.ndarray, output: np.ndarray
) -> bool:
    if ran:
        _head(hidden, layout, params, output)
    return ran


@_kernel(states=1, kind="frame_head")
def gru_frame_head(
    frame: np.ndarray,
    states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    layout: np.ndarray,
    params: np.ndarray,
    output: np.ndarray,
) -> bool:
    """`gru_frame`, then the head after the recurrent layer (`_head`; ``layout``, ``params``
    from `streaming.head`) on its output row, the last layer's written into ``output``. One call,
    so the state is stepped only where the whole frame runs (the head's layout is checked first,
    and its arithmetic cannot fail): a model with a head pushes a frame nearly as fast as one
    without."""
    hidden = _head_input(states, layout, params, output)
    return _then_head(_gru_frame(frame, states, slot, weights, hidden), hidden, layout, params, output)


@_kernel(states=2, kind="frame_head")
def lstm_frame_head(
    frame: np.ndarray,
    h_states: np.ndarray,
    c_states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    layout: np.ndarray,
    params: np.ndarray,
    output: np.ndarray,
) -> bool:
    """`gru_frame_head` for `lstm`."""
    hidden = _head_input(h_states, layout, params, output)
    ran = _lstm_frame(frame, h_states, c_states, slot, weights, hidden)
    return _then_head(ran, hidden, layout, params, output)


@_kernel(states=1, kind="frame_head")
def rnn_tanh_frame_head(
    frame: np.ndarray,
    states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    layout: np.ndarray,
    params: np.ndarray,
    output: np.ndarray,
) -> bool:
    """`gru_frame_head` for `rnn_tanh`."""
    hidden = _head_input(states, layout, params, output)
    ran = _simple_rnn_frame(frame, states, slot, weights, hidden, False)
    return _then_head(ran, hidden, layout, params, output)


@_kernel(states=1, kind="frame_head")
def rnn_relu_frame_head(
    frame: np.ndarray,
    states: np.ndarray,
    slot: int,
    weights: np.ndarray,
    layout: np.ndarray,
    params: np.ndarray,
    output: np.ndarray,
) -> bool:
    """`gru_frame_head` for `rnn_relu`."""
    hidden = _head_input(states, layout, params, output)
    ran = _simple_rnn_frame(frame, states, slot, weights, hidden, True)
    return _then_head(ran, hidden, layout, params, output)


# ----- from torch tensors ---------------------------------------------------------------------

# PyTorch's kernels (None where this PyTorch lacks them), each with the compiled kernel computing
# it (same arguments but the weights) and that kernel's one-frame forms, without and with a head
# (see `frame_kernel`).
_OURS = (
    (_compat.GRU, gru, gru_frame, gru_frame_head),
    (_compat.LSTM, lstm, lstm_frame, lstm_frame_head),
    (_compat.RNN_TANH, rnn_tanh, rnn_tanh_frame, rnn_tanh_frame_head),
    (_compat.RNN_RELU, rnn_relu, rnn_relu_frame, rnn_relu_frame_head),
)
# Each a `_Kernel` until its first call, numba's dispatcher after.
KERNELS = {kernel: chunk for kernel, chunk, _, _ in _OURS if kernel is not None}
FRAME_KERNELS = {kernel: frame for kernel, _, frame, _ in _OURS if kernel is not None}
HEADED_FRAME_KERNELS = {kernel: headed for kernel, _, _, headed in _OURS if kernel is not None}
# The `_Kernel`s themselves, whose `load` stays callable after numba's dispatchers replace them.
_KERNELS = (
    gru,
    lstm,
    rnn_tanh,
    rnn_relu,
    gru_gates,
    lstm_gates,
    gru_frame,
    lstm_frame,
    rnn_tanh_frame,
    rnn_relu_frame,
    gru_frame_head,
    lstm_frame_head,
    rnn_tanh_frame_head,
    rnn_relu_frame_head,
)


def frame_kernel(kernel: Callable, headed: bool = False) -> Callable | None:
    """The one-frame kernel (`gru_frame`, ..., or with ``headed`` `gru_frame_head`, ...) of
    ``kernel``, one of `KERNELS`' values (or the wrapper it replaced), loaded: numba's
    dispatcher, which a caller may keep and call directly (it is about to run); None for any
    other kernel (compiled gates)."""
    for pytorch_kernel, ours in KERNELS.items():
        if ours is kernel or getattr(kernel, "_loaded", None) is ours:
            frame = (HEADED_FRAME_KERNELS if headed else FRAME_KERNELS)[pytorch_kernel]
            return frame.load() if isinstance(frame, _Kernel) else frame
    return None


def every_kernel() -> list[tuple[str, Callable[[], Callable]]]:
    """Each kernel's name and what loads it (compiled into numba's cache, or read from it), for
    `kernel_cache.compile_kernels`."""
    return [(f"{kernel.__name__} float32", kernel.load) for kernel in _KERNELS]


# cell -> (its fingerprint reader, the fingerprint, packed weights, views of the parameters); dies
# with the cell and is not copied or pickled with it.
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pack_weights(weights: Sequence[torch.Tensor]) -> np.ndarray:
    """``[weight_ih (G, F), weight_hh (G, u)]`` plus optionally ``bias_ih, bias_hh (G,)`` (PyTorch's
    flat weights) -> the kernels' float32 ``(F' + u' + 2, G)``: ``W_ih^T`` and ``W_hh^T``, each
    padded with zero rows to a multiple of 4 (F', u'), then the two bias rows (zeros if absent)."""
    w_ih, w_hh, *biases = (w.detach().numpy() for w in weights)
    width, features, units = w_ih.shape[0], w_ih.shape[1], w_hh.shape[1]
    packed = np.zeros((_padded(features) + _padded(units) + 2, width), np.float32)
    packed[:features] = w_ih.T
    packed[_padded(features) : _padded(features) + units] = w_hh.T
    for row, bias in zip(packed[-2:], biases):
        row[:] = bias
    return packed


def unpacked(weights: np.ndarray, features: int, units: int) -> tuple[np.ndarray, ...]:
    """`pack_weights`' array -> views ``W_ih^T (F, G)``, ``W_hh^T (u, G)``, ``b_ih (G,)``, ``b_hh
    (G,)``, each C-contiguous (rows of the packed array)."""
    at = _padded(features)
    return weights[:features], weights[at : at + units], weights[-2], weights[-1]


def cached_weights(
    cell: torch.nn.Module, flat_weights: Callable[[], Sequence[torch.Tensor]]
) -> np.ndarray | None:
    """`pack_weights` of ``flat_weights()``, cached for ``cell`` until one of its parameters changes
    (in place, by ``.data =`` or replaced: `statefulrnn._fingerprint`); None when they are not
    float32 CPU tensors, or when numba cannot be used (`fused` then runs PyTorch's kernel): the
    first call imports numba, as a compiled kernel is about to run. The cache holds views of the
    parameters it was built from, so no pointer is reused while it lives."""
    cached = _cache.get(cell)
    if cached is not None and cached[0]() == cached[1]:
        return cached[2]
    read, fingerprint, kept = watch(cell)
    tensors = flat_weights()
    usable = all(t.dtype is torch.float32 and t.device.type == "cpu" for t in tensors)
    usable = usable and _numba_namespace() is not None
    packed = pack_weights(tensors) if usable else None
    _cache[cell] = (read, fingerprint, packed, kept)
    return packed


def call(
    kernel: Callable,
    x: np.ndarray,
    states: Sequence[np.ndarray],
    weights: np.ndarray,
    into: Sequence[np.ndarray] | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """``kernel`` (one of `KERNELS`' values) on float32 C-contiguous arrays: ``x (N, T, F)`` and
    ``states`` (each ``(N, u)``, read only) -> ``outputs (N, T, u)`` and the final states, fresh
    arrays, or ``into`` where given (``states`` themselves step them in place: the kernels read
    a state before they write it, and check every shape before writing anything); ``weights``
    from `pack_weights`.

    The arrays are made here and filled by the kernel: a numba function returning arrays it made
    pays about 1.5 us to wrap each for Python, more than a GRU(64) step's arithmetic.
    """
    batch, units = x.shape[0], states[0].shape[1]
    outputs = np.empty((batch, x.shape[1], units), _FLOAT32)
    if into is not None:
        finals = tuple(into)
    elif len(states) == 1:  # a tuple built directly: half the time of one from a list
        finals = (np.empty((batch, units), _FLOAT32),)
    else:
        finals = tuple([np.empty((batch, units), _FLOAT32) for _ in states])
    kernel(x, *states, weights, outputs, *finals)
    return outputs, finals


_FLOAT32 = np.dtype(np.float32)  # np.empty takes a dtype faster than the scalar type


def run(
    kernel: Callable, weights: np.ndarray, inputs: torch.Tensor, states: tuple[torch.Tensor, ...]
) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
    """`call` on tensors: ``inputs (N, T, F)`` and ``states`` (each ``(N, u)``) -> ``outputs (N, T,
    u)``, final states.

    The tensors must be float32 on the CPU and need no gradient. They are read through
    zero-copy numpy views; the results are tensors on the fresh arrays the kernel filled.
    """
    outputs, final = call(kernel, _array(inputs), tuple(map(_array, states)), weights)
    return torch.from_numpy(outputs), tuple(map(torch.from_numpy, final))


def _array(tensor: torch.Tensor) -> np.ndarray:
    # Only a tensor that requires grad needs detach() (0.3 us) before numpy(); the kernels are
    # compiled for C-contiguous arrays (a time slice of a batch is not: it is copied, by numpy,
    # which copies a one-step slice of 32 rows in half the time of torch's contiguous()).
    tensor = tensor.detach() if tensor.requires_grad else tensor
    return np.ascontiguousarray(tensor.numpy())
