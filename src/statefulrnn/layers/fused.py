"""Fused recurrent kernels for the built-in cells: PyTorch's, and compiled ones for inference.

`RNN` asks `fused_runner(cell, training)` for a kernel; None means the generic per-step path.
A configuration qualifies when PyTorch's kernel computes exactly the cell's formula:

- `SimpleRNNCell` with tanh or relu (``rnn_tanh`` / ``rnn_relu``);
- `GRUCell` with tanh, sigmoid and ``reset_after=True`` (PyTorch's GRU *is* that formula);
- `LSTMCell` with tanh and sigmoid;
- the cells of Keras 2's CuDNN layers (`CuDNNGRUCell`, `CuDNNLSTMCell`: tanh, sigmoid, two biases);

and, while training, no recurrent dropout (input dropout is applied to the whole chunk first).
The cells keep their parameters in PyTorch's layout, so the kernel takes them as they are.
A call of one step runs on the kernel's cell function (``torch.gru_cell`` and the like: the same
numbers and gradients, faster up to a few hundred rows), except under ``torch.compile``.
A GRU call that autograd may need runs, on the CPU at small batch x units, on `gru_training`'s
hand-written backward rather than PyTorch's per-step graph (the same numbers, faster training).

A qualifying call runs on the compiled kernel of `compiled` (numba, the ``fast`` extra) rather
than PyTorch's when all of these hold, and on PyTorch's otherwise:

- autograd cannot need it: grad mode is off (``torch.no_grad()``, ``inference_mode``, as in
  ``predict``), or no tensor of the call (inputs, states, parameters) requires grad. The
  compiled kernel records no graph, so a call that a gradient could flow through never uses it;
- no tracer, compiler or functorch transform is watching (``torch.onnx.export`` traces): they
  cannot see through numpy;
- the tensors are float32 on the CPU and numba is installed;
- `prefers_compiled` says the compiled kernel is clearly the faster for this call: by cell,
  units, batch, steps, input features and the number of threads PyTorch would use (the
  compiled kernel runs on one). This one rule (`kernel_rule`: built in for the vector
  instructions PyTorch runs here, AVX2 or AVX-512, or calibrated on this machine by
  ``statefulrnn calibrate-kernels``) decides for layer calls, ``predict`` and the stream pool
  (`compiled_kernel`) alike.

Where the first three hold but the call is too large for the compiled kernel's own products,
a GRU chunk, one GRU or LSTM step of many rows, or a short LSTM chunk of few units runs on
`compiled_gates` instead, where `prefers_compiled_gates` says it is clearly the faster: PyTorch's products
(BLAS, on torch's threads) with the gates of each step in one compiled pass, in place of
PyTorch's dozen elementwise operators (GRU(64), one step of 1024 rows: 0.40x ``torch.gru_cell``'s
time). So there are three kernels for a qualifying call, each where it measures the fastest:
the compiled kernel for small batches, compiled gates for large ones, PyTorch's beyond (and
wherever a gradient, a tracer or another dtype or device is involved).

``use_fused_kernels(False)`` forces the generic path, e.g. to test both paths against the
same fixtures; ``use_compiled_kernels(True)`` runs every call that the compiled kernel may
compute on it, whatever its size, and ``use_compiled_kernels(False)`` none (compiled gates
included: PyTorch's kernels only). Both apply to the
calling thread only, and to ``torch.compile``d calls made in it (dynamo guards on them):

    >>> with use_fused_kernels(False):
    ...     pass  # every RNN call of this thread in here runs the per-step loop
"""

from __future__ import annotations

import contextlib
import functools
import operator
import threading
import weakref
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import torch

from .. import _compat, activations
from .._compat import own_parameters
from . import gru_training, kernel_rule
from .cells import (
    ASSIGNED_MATRICES,
    CuDNNGRUCell,
    CuDNNLSTMCell,
    GRUCell,
    LSTMCell,
    RecurrentCell,
    SimpleRNNCell,
)

# (inputs (N, T, F), states tuple of (N, u)) -> (outputs (N, T, u), new states)
FusedRunner = Callable[
    [torch.Tensor, tuple[torch.Tensor, ...]], tuple[torch.Tensor, tuple[torch.Tensor, ...]]
]


# PyTorch's kernels (None where this PyTorch lacks them), looked up once by _compat.
_RNN_TANH, _RNN_RELU, _GRU, _LSTM = _compat.RNN_TANH, _compat.RNN_RELU, _compat.GRU, _compat.LSTM
# Without it, a transform cannot be ruled out: the numba kernels are then never chosen.
_functorch_active = _compat.functorch_transforms_active or (lambda: True)
# Looked up once: these run on every call.
_is_tracing, _is_compiling = torch.jit.is_tracing, _compat.is_compiling


class _Switches(threading.local):
    """Set by `use_fused_kernels` and `use_compiled_kernels` for a block, in the calling thread
    only (a serving thread that turns them off affects no other). Thread-local rather than a
    ContextVar: ``torch.compile`` reads a thread-local's attributes as constants and guards on
    them (a compiled call made under other settings recompiles once), where a ContextVar would
    break the graph. Threads start with the defaults. One tuple, read once per call: a
    thread-local read costs three times a plain one."""

    # (fused, compiled); compiled None: where it measures faster; True/False: forced.
    settings: tuple[bool, bool | None] = (True, None)


_switches = _Switches()


@contextlib.contextmanager
def _switched(index: int, value: bool) -> Iterator[None]:
    previous = _switches.settings
    _switches.settings = (value, previous[1]) if index == 0 else (previous[0], value)
    try:
        yield
    finally:
        _switches.settings = previous


def use_fused_kernels(enabled: bool) -> contextlib.AbstractContextManager[None]:
    """Within the block, use (True) or never use (False) the fused kernels, PyTorch's or
    compiled; in the calling thread only."""
    return _switched(0, enabled)


def use_compiled_kernels(enabled: bool) -> contextlib.AbstractContextManager[None]:
    """Within the block, run every call that the compiled kernels may compute on them (True:
    any batch size), or none (False). A call that needs gradients never runs on the built-in
    cells' kernels; the linear recurrences' scan (`linear_scan`) has compiled loops for both
    directions, forward and backward, and runs on them in training too (False: PyTorch's
    blocked scan).

    Raises:
        ModuleNotFoundError: ``enabled=True`` without numba installed.

    Example:
        >>> layer = GRU(4, return_sequences=True)
        >>> with use_compiled_kernels(False), torch.no_grad():
        ...     layer(torch.zeros(2, 5, 3)).shape  # on PyTorch's kernel
        torch.Size([2, 5, 4])
    """
    if enabled and _compiled() is None:
        raise ModuleNotFoundError(
            "use_compiled_kernels(True) needs numba, which is not installed. Install it with "
            "pip install 'statefulrnn[fast]'."
        )
    if enabled and _compat.functorch_transforms_active is None:
        raise RuntimeError(
            f"use_compiled_kernels(True) needs torch._C._are_functorch_transforms_active, which this "
            f"PyTorch ({torch.__version__}) lacks: without it a vmap or grad transform could not be "
            f"kept away from the numba kernels. Leave the kernels on automatic (the default)."
        )
    return _switched(1, enabled)


def switch_settings() -> tuple[bool, bool | None]:
    """The current `use_fused_kernels` / `use_compiled_kernels` settings: a runner obtained
    from `fused_runner` under the same settings (and grad mode) may be reused, as a stream pool
    does for every call."""
    return _switches.settings


def fused_runner(cell: object, training: bool) -> FusedRunner | None:
    """A kernel computing ``cell`` over a whole chunk, or None when none matches exactly.

    Its inputs and states must have the cell's dtype and device, as `RNN` gives them. The
    runner reads the cell's parameters when called, so one kept (as a stream pool keeps one)
    follows weights replaced or moved after; it is made once per cell and setting (switches,
    ``training``, whether autograd may need the call) and then handed out again: a call of
    this function costs about a microsecond. A cell's configuration (activations,
    ``use_bias``, ``reset_after``) is taken as fixed after construction, as in Keras.
    """
    fused, forced = _switches.settings
    if not fused or not _fusable(cell) or (training and cell.recurrent_dropout > 0):
        return None
    if graph_capture():
        # Not cached: dynamo (fullgraph) traces this, and a tracer must see the weights read.
        kernel = _kernel_for(cell)
        weights = functools.partial(_flat_weights, cell)
        return None if kernel is None else _pytorch_runner(kernel, weights, training)
    params = own_parameters(cell)
    # The compiled kernel records no graph: never where autograd may need a parameter's gradient.
    may_compile = forced is not False and not (
        torch.is_grad_enabled() and any(p.requires_grad for p in params.values())
    )
    cached = _runners_of(cell)
    key = (training, may_compile, forced)
    runner = cached.runners.get(key, _UNMADE)
    if runner is _UNMADE:
        runner = cached.runners[key] = cached.make(training, may_compile, forced)
    return runner


_UNMADE = object()


def _fusable(cell: object) -> bool:
    """Whether a fused kernel may compute ``cell``: a built-in cell that computes from its
    parameters, not from tensors a program assigned to its kernels (`cells.ASSIGNED_MATRICES`)."""
    return isinstance(cell, RecurrentCell) and ASSIGNED_MATRICES not in cell.__dict__


class _CellRunners:
    """One cell's fused runners, by (``training``, may compile, `use_compiled_kernels` setting),
    and its flat weights in the order of PyTorch's kernels, re-read when one of its parameters is
    replaced or moved (``.to()``). It holds the cell weakly: `_cell_runners` is keyed by it."""

    def __init__(self, cell: RecurrentCell) -> None:
        self.cell = weakref.ref(cell)
        self.kernel = _kernel_for(cell)
        self.params = own_parameters(cell)  # the module's own dict: a replaced parameter shows in it
        self.runners: dict[tuple[bool, bool, bool | None], FusedRunner | None] = {}
        self.seen: tuple[torch.Tensor, ...] = ()  # the parameters `flat` was read from
        self.pointer = 0
        self.flat: list[torch.Tensor] = []
        # Which kernels run (`_kernels_for`), by `_compiled_choice`'s key: the rule runs once a size.
        self.choices: dict[tuple, dict[Callable, Callable] | None] = {}

    def weights(self) -> list[torch.Tensor]:
        """The flat weights, read again if a parameter was replaced, ``.data`` reassigned or the
        cell moved (``.to()`` moves every parameter's data, and replaces the zero bias buffer)."""
        seen, params = self.seen, self.params.values()
        if not (seen and len(params) == len(seen) and all(map(operator.is_, params, seen))) or (
            seen[0].data_ptr() != self.pointer
        ):
            self.flat = _flat_weights(self.cell())
            self.seen = seen = tuple(params)
            self.pointer = seen[0].data_ptr()
        return self.flat

    def make(self, training: bool, may_compile: bool, forced: bool | None) -> FusedRunner | None:
        if self.kernel is None:
            return None
        if self.params:  # built: read now, while the caller holds the cell (a runner may outlive it)
            self.weights()
        # A GRU that autograd may need trains faster at small sizes on gru_training's backward.
        kernel = gru_training.gru if self.kernel is _GRU else self.kernel
        pytorch = _pytorch_runner(kernel, self.weights, training, _CELL_FUNCTIONS.get(self.kernel))
        module = _compiled() if may_compile else None
        if module is None:
            return pytorch
        cell = self.cell

        def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
            # Grad mode on: no parameter requires grad (else may_compile is False); inputs, states now.
            needs_grad = torch.is_grad_enabled() and (
                inputs.requires_grad or any(s.requires_grad for s in states)
            )
            target = cell()
            if not needs_grad and target is not None:
                chosen = _compiled_choice(module, target, inputs.shape, inputs.dtype, forced, False)
                if chosen is not None:
                    return module.run(*chosen, inputs, states)
            return pytorch(inputs, states)

        return run


_cell_runners: weakref.WeakKeyDictionary[RecurrentCell, _CellRunners] = weakref.WeakKeyDictionary()


def _runners_of(cell: RecurrentCell) -> _CellRunners:
    cached = _cell_runners.get(cell)
    if cached is None:
        cached = _cell_runners[cell] = _CellRunners(cell)
    return cached


# PyTorch's one-step function for each of its sequence kernels: the same formula and weights.
_CELL_FUNCTIONS = {
    kernel: function
    for kernel, function in (
        (_GRU, torch.gru_cell),
        (_LSTM, torch.lstm_cell),
        (_RNN_TANH, torch.rnn_tanh_cell),
        (_RNN_RELU, torch.rnn_relu_cell),
    )
    if kernel is not None
}


def cell_function(cell: object) -> tuple[Callable, bool] | None:
    """PyTorch's one-step function for ``cell`` (``torch.gru_cell``, ``lstm_cell``,
    ``rnn_tanh_cell``, ``rnn_relu_cell``) and whether it is the LSTM's (which takes and returns
    ``(h, c)``), where a fused kernel computes the cell exactly; else None. It takes
    `flat_weights` after the input and states. At one step it runs faster than the sequence
    kernel at 64 rows and more (a stream pool's step)."""
    kernel = _kernel_for(cell) if _fusable(cell) else None
    function = _CELL_FUNCTIONS.get(kernel) if kernel is not None else None
    return None if function is None else (function, kernel is _LSTM)


def flat_weights(cell: RecurrentCell) -> list[torch.Tensor]:
    """``cell``'s parameters in the order of PyTorch's kernels and cell functions (``w_ih, w_hh,
    b_ih, b_hh``), read once and again only when one is replaced or moved: for a caller of
    ``torch.gru_cell`` and the like on every step (reading them afresh costs ~3 us). Not for code
    that ``torch.compile`` traces."""
    return _runners_of(cell).weights()


def compiled_kernel(cell: object, batch: int, steps: int) -> tuple[Callable, Any] | None:
    """For a call of ``cell`` on numpy arrays of ``batch`` rows and ``steps`` steps: the compiled
    kernel and packed weights the rules above choose (numpy in, numpy out, see `compiled`), or
    None where they choose PyTorch's kernel or the per-step loop. On arrays no gradient or tracer
    can be involved, so only the switches, the configuration and the size decide. A stream pool
    calls it every frame to step its states without tensors in between: the rule's answer is
    cached per cell, size, thread count and setting. Where the rule leaves a step to PyTorch's
    kernel, arrays may still go to compiled gates (`gates_on_arrays`)."""
    fused, forced = _switches.settings
    if not fused or forced is False or not _fusable(cell):
        return None
    module = _compiled()
    if module is None:
        return None
    weight_ih = own_parameters(cell)["weight_ih"]  # (gates * units, features)
    return _compiled_choice(module, cell, (batch, steps, weight_ih.shape[1]), weight_ih.dtype, forced, True)


# More sizes than this in one cell's choice cache (calls of ever new lengths) start it afresh.
_MAX_CHOICES = 256


def _compiled_choice(
    module: ModuleType,
    cell: RecurrentCell,
    shape: tuple[int, int, int],
    dtype: torch.dtype,
    forced: bool | None,
    arrays: bool,
) -> tuple[Callable, Any] | None:
    """The compiled kernel for ``cell`` and its packed weights, when ``forced``
    (`use_compiled_kernels`) or `prefers_compiled` for inputs of ``shape (batch, steps,
    features)`` and ``dtype``; else `compiled_gates`' kernel where `prefers_compiled_gates`;
    None where neither, or the weights are not float32 on the CPU (``arrays``: the call is on
    numpy arrays, see `gates_on_arrays`). The rule's answer is cached per cell by shape, dtype,
    thread count, setting and road (a stream pool asks every frame); the
    packed weights are checked for changes on every call (`compiled.cached_weights`)."""
    cached = _runners_of(cell)
    threads = torch.get_num_threads()
    key = (*shape, dtype, threads, forced, arrays)
    chosen = cached.choices.get(key, _UNMADE)
    if chosen is _UNMADE:
        if len(cached.choices) >= _MAX_CHOICES:
            cached.choices.clear()
        chosen = cached.choices[key] = _kernels_for(
            cached.kernel, cell, shape, dtype, threads, forced, arrays
        )
    if chosen is None:
        return None
    weights = module.cached_weights(cell, cached.weights)
    # Looked up each time: a kernel's numba dispatcher replaces its wrapper there once loaded.
    return None if weights is None else (chosen[cached.kernel], weights)


def _kernels_for(
    kernel: Callable | None,
    cell: RecurrentCell,
    shape: tuple[int, int, int],
    dtype: torch.dtype,
    threads: int,
    forced: bool | None,
    arrays: bool,
) -> dict[Callable, Callable] | None:
    """The kernels (`compiled.KERNELS` or `compiled_gates.KERNELS`, by PyTorch's kernel) that
    run ``cell``'s calls of ``shape (batch, steps, features)`` (on numpy ``arrays``, or tensors),
    or None for PyTorch's."""
    if kernel is None:
        return None
    size = (cell.units, *shape, threads)
    cell_type = _RULE_TYPES.get(type(cell), type(cell))
    choice = "compiled" if forced else kernel_choice(cell_type, dtype, *size)
    if choice == "pytorch" and arrays and gates_on_arrays(cell_type, dtype, *size):
        choice = "compiled gates"
    if choice == "compiled":
        return _compiled().KERNELS
    if choice == "compiled gates":
        from . import compiled_gates

        return compiled_gates.KERNELS
    return None


def kernel_choice(
    cell_type: type, dtype: torch.dtype, units: int, batch: int, steps: int, features: int, threads: int
) -> str:
    """The kernel the automatic rule runs a call on (arguments as `prefers_compiled`), where no
    gradient, tracer or switch rules out the compiled ones: ``"compiled"`` (`prefers_compiled`),
    ``"compiled gates"`` (`prefers_compiled_gates`) or ``"pytorch"``.

    Example:
        >>> sizes = ((64, 1, 1), (128, 1024, 1), (512, 256, 100))  # (units, batch, steps)
        >>> [kernel_choice(LSTMCell, torch.float32, u, batch, steps, 32, 1) for u, batch, steps in sizes]
        ['compiled', 'compiled gates', 'pytorch']
    """
    size = (cell_type, dtype, units, batch, steps, features, threads)
    if prefers_compiled(*size):
        return "compiled"
    return "compiled gates" if prefers_compiled_gates(*size) else "pytorch"


def _pytorch_runner(
    kernel: Callable,
    weights: Callable[[], list[torch.Tensor]],
    training: bool,
    step: Callable | None = None,
) -> FusedRunner:
    """PyTorch's ``kernel`` on the flat weights that ``weights()`` gives at call time; a call of
    one step on ``step``, the kernel's cell function, if given: the same numbers and gradients,
    1.2-1.6x faster at up to 256 rows (equal from 1024). Not under ``torch.compile``, which
    traces the sequence kernel.

    A stateful layer passes back the final states of its last call: their ``(1, N, u)`` form,
    of which they are views, is then reused rather than made again (kept only for states no
    gradient flows through, so that no autograd graph outlives its call)."""
    last: list = [None]  # [(the last call's final states, their (1, N, u) form)], swapped whole

    def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        if step is not None and inputs.shape[1] == 1:
            if len(states) == 2:  # the LSTM's cell function takes and returns (h, c)
                final = tuple(step(inputs[:, 0], states, *weights()))
            else:
                final = (step(inputs[:, 0], states[0], *weights()),)
            return final[0].unsqueeze(1), final
        kept = last[0]  # read once: another thread's call may replace it meanwhile
        if kept is not None and len(states) == len(kept[0]) and all(map(operator.is_, states, kept[0])):
            hx = kept[1]
        else:  # (1, N, u): one layer, one direction
            hx = states[0].unsqueeze(0) if len(states) == 1 else tuple(s.unsqueeze(0) for s in states)
        # oneDNN's kernels keep the forward's workspace for backward only when told they train;
        # told otherwise, backward recomputes it, which doubles a training step's kernel time.
        train = training and torch.is_grad_enabled()
        flat = weights()
        # The signature shared by _VF.lstm/gru/rnn_*.
        outputs, *final = kernel(
            inputs,
            hx,
            flat,
            len(flat) > 2,  # has_biases
            1,  # num_layers
            0.0,  # dropout between layers
            train,
            False,  # bidirectional
            True,  # batch_first
        )
        squeezed = tuple([s.squeeze(0) for s in final])
        last[0] = (
            None if final[0].requires_grad else (squeezed, final[0] if len(final) == 1 else tuple(final))
        )
        return outputs, squeezed

    return run


def graph_capture() -> bool:
    """Whether a tracer (``torch.onnx.export``), ``torch.compile`` or a functorch transform
    (``vmap``, ``grad``) is recording: the compiled kernel's numpy detour is opaque to them."""
    return _is_compiling() or _is_tracing() or _functorch_active()


@functools.cache
def _compiled() -> ModuleType | None:
    """The `compiled` module if numba is installed (importing it imports no numba: each kernel
    compiles, or loads from numba's cache, on its first call)."""
    from . import compiled

    return compiled if compiled.AVAILABLE else None


# The cells' names in `kernel_rule`'s tables (and `calibration`'s cells by name).
RULE_NAMES = {GRUCell: "GRU", LSTMCell: "LSTM", SimpleRNNCell: "SimpleRNN"}
# The CuDNN layers' cells compute their built-in cell's formula (with a second bias), so they run
# its kernels, which the same rule chooses.
_RULE_TYPES = {CuDNNGRUCell: GRUCell, CuDNNLSTMCell: LSTMCell}


def prefers_compiled(
    cell_type: type, dtype: torch.dtype, units: int, batch: int, steps: int, features: int, threads: int
) -> bool:
    """Whether the compiled kernel is clearly the faster for a call of a ``cell_type`` cell on
    inputs ``(batch, steps, features)`` of ``dtype`` with torch on ``threads`` threads, by this
    process's `kernel_rule.current` rule (built in, or calibrated on this machine); False for
    dtypes other than float32, which it does not compute.

    Example:
        >>> prefers_compiled(GRUCell, torch.float32, 64, 1, 1, 32, 1)  # a streamed frame
        True
        >>> prefers_compiled(LSTMCell, torch.float32, 512, 256, 100, 32, 1)
        False
    """
    if dtype is not torch.float32 or cell_type not in RULE_NAMES:
        return False
    return kernel_rule.current().prefers_compiled(
        RULE_NAMES[cell_type], units, batch, steps, features, threads
    )


def prefers_compiled_gates(
    cell_type: type, dtype: torch.dtype, units: int, batch: int, steps: int, features: int, threads: int
) -> bool:
    """Whether `compiled_gates` is clearly the faster for a call (arguments as `prefers_compiled`)
    that `prefers_compiled` leaves to PyTorch's kernel, by the same rule.

    Example:
        >>> prefers_compiled_gates(LSTMCell, torch.float32, 128, 1024, 1, 32, 1)  # a pool's round
        True
        >>> prefers_compiled_gates(LSTMCell, torch.float32, 128, 256, 100, 32, 1)
        False
    """
    if dtype is not torch.float32 or cell_type not in RULE_NAMES:
        return False
    return kernel_rule.current().prefers_gates(RULE_NAMES[cell_type], units, batch, steps, threads)


def gates_on_arrays(
    cell_type: type, dtype: torch.dtype, units: int, batch: int, steps: int, features: int, threads: int
) -> bool:
    """Whether one step on numpy arrays (a stream pool's round) that the rule leaves to PyTorch's
    kernel runs faster on compiled gates (arguments as `prefers_compiled`).

    The rule weighs kernels on tensors, with PyTorch's kernel preferred in a close call. On
    arrays PyTorch's kernel also pays for tensors made from them and outputs and states copied
    back, while compiled gates step the slot table's rows in place: in a pool on one thread
    (2-core Xeon, AVX-512, 2026-12-05; push_many of k streams, one frame each, 25 interleaved
    rounds), the round on gates took 0.79-1.0x its time on PyTorch's kernel for GRU and LSTM of
    128-512 units from 64 rows (mostly 0.85-0.9), and 0.93 for GRU(64) at 1024 rows; at 64-256
    rows of 64 units the two were within 4% (PyTorch's ahead), and at 32 units PyTorch's was
    faster, so those stay on it.

    Example:
        >>> gates_on_arrays(LSTMCell, torch.float32, 256, 64, 1, 8, 1)
        True
        >>> gates_on_arrays(GRUCell, torch.float32, 32, 1024, 1, 8, 1)
        False
    """
    if dtype is not torch.float32 or cell_type not in (GRUCell, LSTMCell) or steps != 1 or threads > 1:
        return False
    return (units >= 128 and batch >= 64) or (units >= 64 and batch >= 1024)


def _kernel_for(cell: RecurrentCell) -> Callable | None:
    act = activations.fast(cell.activation)
    gate = activations.fast(getattr(cell, "recurrent_activation", None))
    kind = _RULE_TYPES.get(type(cell), type(cell))
    if kind is SimpleRNNCell and act in (torch.tanh, torch.relu):
        return _RNN_TANH if act is torch.tanh else _RNN_RELU
    # the latter keeps its logits
    gate_is_sigmoid = gate is torch.sigmoid or gate is activations.fast(activations.sigmoid)
    if kind is LSTMCell and act is torch.tanh and gate_is_sigmoid:
        return _LSTM
    if kind is GRUCell and act is torch.tanh and gate_is_sigmoid and cell.reset_after:
        return _GRU
    return None


def _flat_weights(cell: RecurrentCell) -> list[torch.Tensor]:
    weights = [cell.weight_ih, cell.weight_hh]
    if not cell.use_bias:
        return weights
    biases = [getattr(cell, name) for name in cell._bias_names()]
    if len(biases) == 2:  # a GRU's (reset_after) or a CuDNN cell's input and recurrent biases
        return [*weights, *biases]
    return [*weights, *biases, cell.recurrent_bias_zeros]
