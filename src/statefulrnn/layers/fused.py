"""Fused recurrent kernels for the built-in cells: PyTorch's, and compiled ones for inference.

`RNN` asks `fused_runner(cell, training)` for a kernel; None means the generic per-step path.
A configuration qualifies when PyTorch's kernel computes exactly the cell's formula:

- `SimpleRNNCell` with tanh or relu (``rnn_tanh`` / ``rnn_relu``);
- `GRUCell` with tanh, sigmoid and ``reset_after=True`` (PyTorch's GRU *is* that formula);
- `LSTMCell` with tanh and sigmoid;

and, while training, no recurrent dropout (input dropout is applied to the whole chunk first).
The cells keep their parameters in PyTorch's layout, so the kernel takes them as they are.

A qualifying call runs on the compiled kernel of `compiled` (numba, the ``fast`` extra) rather
than PyTorch's when all of these hold, and on PyTorch's otherwise:

- autograd cannot need it: grad mode is off (``torch.no_grad()``, ``inference_mode``, as in
  ``predict``), or no tensor of the call (inputs, states, parameters) requires grad. The
  compiled kernel records no graph, so a call that a gradient could flow through never uses it;
- no tracer, compiler or functorch transform is watching (``torch.onnx.export`` traces): they
  cannot see through numpy;
- the tensors are float32 on the CPU and numba is installed;
- the call is small enough for the compiled kernel to be the faster (`_compiled_is_faster`).

``use_fused_kernels(False)`` forces the generic path, e.g. to test both paths against the
same fixtures; ``use_compiled_kernels(True)`` runs every call that the compiled kernel may
compute on it, whatever its size, and ``use_compiled_kernels(False)`` none. Both apply to the
calling thread only, and to ``torch.compile``d calls made in it (dynamo guards on them):

    >>> with use_fused_kernels(False):
    ...     pass  # every RNN call of this thread in here runs the per-step loop
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import torch

from .. import _compat, activations
from .._compat import own_parameters
from .cells import GRUCell, LSTMCell, RecurrentCell, SimpleRNNCell

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
    any batch size), or none (False). A call that needs gradients never runs on them.

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
    does for every call (making one costs ~6 us)."""
    return _switches.settings


def fused_runner(cell: object, training: bool) -> FusedRunner | None:
    """A kernel computing ``cell`` over a whole chunk, or None when none matches exactly.

    Its inputs and states must have the cell's dtype and device, as `RNN` gives them.
    """
    fused, forced = _switches.settings
    if not fused or not isinstance(cell, RecurrentCell):
        return None
    if training and cell.recurrent_dropout > 0:
        return None
    kernel = _kernel_for(cell)
    if kernel is None:
        return None
    pytorch = _pytorch_runner(kernel, cell, training)
    module = _compiled() if _may_compile(cell, forced) else None
    if module is None:
        return pytorch

    def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        # Grad mode on: _may_compile found no parameter requiring grad; inputs, states now.
        needs_grad = torch.is_grad_enabled() and (
            inputs.requires_grad or any(s.requires_grad for s in states)
        )
        chosen = None if needs_grad else _compiled_choice(module, kernel, cell, *inputs.shape[:2], forced)
        if chosen is not None:
            return module.run(*chosen, inputs, states)
        return pytorch(inputs, states)

    return run


def compiled_kernel(cell: object, batch: int, steps: int) -> tuple[Callable, Any] | None:
    """For a call of ``cell`` on numpy arrays of ``batch`` rows and ``steps`` steps: the compiled
    kernel and packed weights the rules above choose (numpy in, numpy out, see `compiled`), or
    None where they choose PyTorch's kernel or the per-step loop. On arrays no gradient or tracer
    can be involved, so only the switches, the configuration and the size decide. A stream pool
    calls it to step its states without tensors in between."""
    fused, forced = _switches.settings
    if not fused or forced is False or not isinstance(cell, RecurrentCell):
        return None
    kernel = _kernel_for(cell)
    module = _compiled() if kernel is not None else None
    return None if module is None else _compiled_choice(module, kernel, cell, batch, steps, forced)


def _compiled_choice(
    module: ModuleType, kernel: Callable, cell: RecurrentCell, batch: int, steps: int, forced: bool | None
) -> tuple[Callable, Any] | None:
    """The compiled kernel for ``kernel`` and its weights, when ``forced`` (`use_compiled_kernels`)
    or measured faster for this size, and the weights are float32 on the CPU."""
    if not (forced or _compiled_is_faster(kernel, batch, steps, cell.units)):
        return None
    weights = module.cached_weights(cell, lambda: _flat_weights(cell))
    return None if weights is None else (module.KERNELS[kernel], weights)


def _pytorch_runner(kernel: Callable, cell: RecurrentCell, training: bool) -> FusedRunner:
    def run(inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        hx = tuple(s.unsqueeze(0) for s in states)  # (1, N, u): one layer, one direction
        # oneDNN's kernels keep the forward's workspace for backward only when told they train;
        # told otherwise, backward recomputes it, which doubles a training step's kernel time.
        train = training and torch.is_grad_enabled()
        # The signature shared by _VF.lstm/gru/rnn_*.
        outputs, *final = kernel(
            inputs,
            hx if len(hx) > 1 else hx[0],
            _flat_weights(cell),
            cell.use_bias,  # has_biases
            1,  # num_layers
            0.0,  # dropout between layers
            train,
            False,  # bidirectional
            True,  # batch_first
        )
        return outputs, tuple(s.squeeze(0) for s in final)

    return run


def _may_compile(cell: RecurrentCell, forced: bool | None) -> bool:
    """Whether a call of ``cell`` may run on the compiled kernel at all (see the module's rules),
    ``forced`` being the `use_compiled_kernels` setting."""
    if forced is False or _graph_capture():
        return False
    return not (torch.is_grad_enabled() and any(p.requires_grad for p in own_parameters(cell).values()))


def _graph_capture() -> bool:
    """Whether a tracer (``torch.onnx.export``), ``torch.compile`` or a functorch transform
    (``vmap``, ``grad``) is recording: the compiled kernel's numpy detour is opaque to them."""
    return _is_compiling() or _is_tracing() or _functorch_active()


@functools.cache
def _compiled() -> ModuleType | None:
    """The `compiled` module if numba is installed. Imported on first use: numba takes 0.15 s."""
    from . import compiled

    return compiled if compiled.AVAILABLE else None


# Where the compiled kernels stop being the faster (benchmarks/bench_step.py --crossover; 2-core
# AMD EPYC, 1 and 2 threads, F=16): GRU and SimpleRNN up to batch x units of about 8192 (beyond,
# PyTorch's GEMMs win by up to 1.5x); LSTM, whose oneDNN kernel pays a large setup per call and
# then runs each step fast, up to about 4096 for one step, 1024 for 10 and 128 for 100: batch x
# units x (steps + 2) up to 12288. Below these, the compiled kernels take 0.05-0.9 of the time.
_SIZE_LIMIT, _LSTM_LIMIT = 8192, 12288


def _compiled_is_faster(kernel: Callable, batch: int, steps: int, units: int) -> bool:
    if kernel is _LSTM:
        return batch * units * (steps + 2) <= _LSTM_LIMIT
    return batch * units <= _SIZE_LIMIT


def _kernel_for(cell: RecurrentCell) -> Callable | None:
    act = cell.activation
    gate = getattr(cell, "recurrent_activation", None)
    if type(cell) is SimpleRNNCell and act in (torch.tanh, torch.relu):
        return _RNN_TANH if act is torch.tanh else _RNN_RELU
    gate_is_sigmoid = gate is torch.sigmoid or gate is activations.sigmoid  # the latter keeps its logits
    if type(cell) is LSTMCell and act is torch.tanh and gate_is_sigmoid:
        return _LSTM
    if type(cell) is GRUCell and act is torch.tanh and gate_is_sigmoid and cell.reset_after:
        return _GRU
    return None


def _flat_weights(cell: RecurrentCell) -> list[torch.Tensor]:
    weights = [cell.weight_ih, cell.weight_hh]
    if not cell.use_bias:
        return weights
    if isinstance(cell, GRUCell):
        return [*weights, cell.bias_ih, cell.bias_hh]
    return [*weights, cell.bias, cell.recurrent_bias_zeros]
