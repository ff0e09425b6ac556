"""Every private PyTorch API statefulrnn relies on, in one place, each with a fallback.

PyTorch may rename or drop a private name in any release. Each is looked up here once, at
import, and never raises: a missing one turns off (or slows down) the one feature that needs
it, with a message naming what is missing, and ``import statefulrnn`` always works.

Each, what it is used for, and the fallback when it is gone:

- ``torch._VF.gru``/``lstm``/``rnn_tanh``/``rnn_relu``: the fused kernels (`layers.fused`),
  looked up once (each lookup costs a microsecond); else the same ops in ``torch``, else the
  per-step loop (the same numbers, slower).
- ``torch._C._are_functorch_transforms_active``: keeping the numba kernels away from ``vmap``
  and ``grad``; else those kernels are never chosen, and ``use_compiled_kernels(True)`` raises.
- ``Tensor._version``: noticing in-place weight changes (`layers.compiled` caches packed
  weights); else the weights are packed again on every call.
- ``Module._parameters``: a layer's own parameters without the cost of ``named_parameters``;
  else ``named_parameters``.
- ``Optimizer.__setstate__`` as a constructor: an optimizer made before its parameters are
  known; else ``Optimizer.__init__`` on a placeholder parameter, then emptied.
- ``torch._foreach_*``: optimizer steps over all parameters at once (`foreach`); else a loop.
- ``torch.compiler.is_compiling`` (public, but only from PyTorch 2.3): keeping ``torch.compile``
  graphs whole, as the code it guards (the state journal) is not traced; else that code breaks
  the graph (``fullgraph=True`` raises).
- ``torch.utils._python_dispatch.TorchDispatchMode`` and an operator's ``_schema``: counting
  what a model file's model allocates as it is built for real, where a layer's ``build()`` reads
  weight values and the meta device cannot stand in (`io._cost.within_budget`); else such a
  file is refused, as before.

Example:
    >>> from statefulrnn import _compat
    >>> _compat.missing()  # names of private APIs this PyTorch lacks
    []
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import torch
from torch import nn

_missing: list[str] = []


def missing() -> list[str]:
    """The private PyTorch APIs that this PyTorch lacks (a fallback is in use for each)."""
    return list(_missing)


def _note_missing(name: str, consequence: str) -> None:
    _missing.append(name)
    warnings.warn(
        f"statefulrnn: this PyTorch ({torch.__version__}) has no {name}; {consequence}.",
        RuntimeWarning,
        stacklevel=3,
    )


# ----- fused recurrent kernels -----------------------------------------------------------------


def _rnn_kernels() -> tuple[Callable | None, Callable | None, Callable | None, Callable | None]:
    """``(rnn_tanh, rnn_relu, gru, lstm)``, PyTorch's fused kernels, looked up once: each
    ``torch._VF.<name>`` lookup costs about a microsecond, too much for every call."""
    names = ("rnn_tanh", "rnn_relu", "gru", "lstm")
    for namespace in (getattr(torch, "_VF", None), torch):
        kernels = tuple(getattr(namespace, name, None) for name in names)
        if all(callable(kernel) for kernel in kernels):
            if namespace is torch:
                _missing.append("torch._VF")  # torch.gru and co. are the same ops: no warning
            return kernels
    _note_missing("torch._VF.gru/lstm/rnn_tanh/rnn_relu", "recurrent layers run the per-step loop (slower)")
    return None, None, None, None


RNN_TANH, RNN_RELU, GRU, LSTM = _rnn_kernels()


# ----- tracing and transforms ------------------------------------------------------------------


def _functorch_check() -> Callable[[], bool] | None:
    check = getattr(getattr(torch, "_C", None), "_are_functorch_transforms_active", None)
    if callable(check):
        return check
    _note_missing(
        "torch._C._are_functorch_transforms_active",
        "the numba kernels are never used (they could not be kept away from vmap and grad)",
    )
    return None


functorch_transforms_active = _functorch_check()
"""``() -> bool``: whether a functorch transform (``vmap``, ``grad``) is active; None if this
PyTorch cannot tell."""


def _compiling_check() -> Callable[[], bool]:
    check = getattr(getattr(torch, "compiler", None), "is_compiling", None)
    if callable(check):
        return check
    _note_missing(
        "torch.compiler.is_compiling",
        "torch.compile breaks its graph at each stateful layer (fullgraph fails)",
    )
    return lambda: False


is_compiling = _compiling_check()
"""``() -> bool``: whether ``torch.compile`` is tracing the caller (the public spelling since
PyTorch 2.3). Dynamo reads it as True, so code behind it is never traced."""


# ----- tensors and modules ---------------------------------------------------------------------


def _version_reader() -> Callable[[torch.Tensor], object]:
    if isinstance(getattr(torch.zeros(1), "_version", None), int):
        return operator.attrgetter("_version")
    _note_missing("Tensor._version", "the numba kernels repack their weights on every call (slower)")
    return lambda tensor: object()  # never equal: every check sees a change


tensor_version = _version_reader()
"""``(tensor) -> token``: changes whenever ``tensor`` is changed in place (its version counter)."""


def _own_parameters_reader() -> Callable[[nn.Module], Mapping[str, nn.Parameter]]:
    if isinstance(getattr(nn.Module(), "_parameters", None), dict):
        # Module.parameters() costs microseconds, too much for every call.
        return operator.attrgetter("_parameters")
    _note_missing("Module._parameters", "a layer call reads its parameters more slowly")
    return lambda module: dict(module.named_parameters(recurse=False))


own_parameters = _own_parameters_reader()
"""``(module) -> {name: parameter}``: the module's own parameters, not its children's (read
only; a value may be None, as in ``Module._parameters``)."""


# ----- optimizers ------------------------------------------------------------------------------


def _loop(op: str) -> Callable[..., Any]:
    """``torch._foreach_<op>`` as a loop of ``tensor.<op>(...)`` (a list argument is taken
    element by element); an in-place op that tensors lack (``maximum_``) writes the result of
    the out-of-place one into them."""

    def run(tensors: list[torch.Tensor], *args: Any, **kwargs: Any) -> list[torch.Tensor] | None:
        results = []
        for index, tensor in enumerate(tensors):
            own = [arg[index] if isinstance(arg, (list, tuple)) else arg for arg in args]
            if hasattr(tensor, op):
                results.append(getattr(tensor, op)(*own, **kwargs))
            else:
                results.append(tensor.copy_(getattr(tensor, op.rstrip("_"))(*own, **kwargs)))
        return None if op.endswith("_") else results

    return run


class _Foreach:
    """``foreach.add_(tensors, ...)`` is ``torch._foreach_add_`` (one multi-tensor kernel for
    all parameters), or a loop of ``tensor.add_(...)`` where this PyTorch lacks it."""

    def __getattr__(self, op: str) -> Callable[..., Any]:
        if op.startswith("_"):  # __wrapped__, __test__, ... asked by inspect and doctest: no op
            raise AttributeError(op)
        kernel = getattr(torch, f"_foreach_{op}", None)
        if kernel is None:
            _note_missing(f"torch._foreach_{op}", "optimizers update one parameter at a time (slower)")
            kernel = _loop(op)
        setattr(self, op, kernel)  # found once: later lookups are plain attribute reads
        return kernel


foreach = _Foreach()


def init_unbound_optimizer(optimizer: torch.optim.Optimizer, defaults: dict[str, Any]) -> None:
    """Initialise ``optimizer`` as ``torch.optim.Optimizer.__init__`` would, but with no parameter
    groups yet (``__init__`` refuses an empty parameter list); ``add_param_group`` adds them.

    It is set up the way torch restores a pickled optimizer (``__setstate__`` creates the hooks
    and patches ``step``); should that protocol change, by ``__init__`` on a placeholder
    parameter that is then removed.
    """
    from collections import defaultdict

    try:
        torch.optim.Optimizer.__setstate__(
            optimizer, {"defaults": defaults, "state": defaultdict(dict), "param_groups": []}
        )
        if optimizer.param_groups == [] and optimizer.defaults is defaults:
            return
    except Exception:  # any change of a private protocol: fall back on the public one
        pass
    placeholder = torch.zeros(0, requires_grad=True)
    torch.optim.Optimizer.__init__(optimizer, [placeholder], defaults)
    optimizer.param_groups.clear()
    optimizer.state.clear()


def _dispatch_mode_class() -> type | None:
    try:
        from torch.utils._python_dispatch import TorchDispatchMode

        torch.ops.aten.empty.memory_format._schema.returns[0].alias_info  # noqa: B018 (it exists)
    except (ImportError, AttributeError):
        _note_missing(
            "torch.utils._python_dispatch.TorchDispatchMode",
            "a model file whose layers' build() reads weight values cannot be loaded",
        )
        return None
    return TorchDispatchMode


dispatch_mode_class = _dispatch_mode_class()
"""torch's ``TorchDispatchMode`` (subclassed to see every operator a block runs), or None."""


__all__ = [
    "GRU",
    "LSTM",
    "RNN_RELU",
    "RNN_TANH",
    "dispatch_mode_class",
    "foreach",
    "functorch_transforms_active",
    "init_unbound_optimizer",
    "is_compiling",
    "missing",
    "own_parameters",
    "tensor_version",
]
