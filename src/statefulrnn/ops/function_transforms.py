"""Keras 3's ops that take a function and return another: ``custom_gradient`` (a function
with the gradient its author writes) and ``vectorize`` (a function of scalars or of core
axes, mapped over the leading axes of its arguments, as NumPy's ``np.vectorize``).

Example:
    >>> from statefulrnn import ops
    >>> @ops.custom_gradient
    ... def clipped_identity(x):
    ...     def grad(upstream):
    ...         return ops.clip(upstream, -1.0, 1.0)
    ...     return x, grad
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> (5 * clipped_identity(x)).sum().backward()
    >>> x.grad
    tensor([1.])
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import torch

from .core import convert_to_tensor


def custom_gradient(f: Callable[..., tuple[Any, Callable[..., Any]]]) -> Callable[..., Any]:
    """``f``, whose gradient is the one it returns: ``f(*args)`` returns ``(output, grad_fn)``,
    and the decorated function returns ``output`` with ``grad_fn`` as its backward pass.

    ``grad_fn`` is called as each of Keras's backends calls it: as TensorFlow and JAX do,
    ``grad_fn(upstream)`` (``grad_fn(*upstreams)`` for several outputs), or, when it takes
    ``*args`` and an ``upstream`` keyword (the form Keras's docs give for every backend, and
    Keras's PyTorch backend's), ``grad_fn(*inputs, upstream=upstream)``. It returns one
    gradient per tensor argument of ``f`` (a tensor, or a tuple or list of them).

    ``f``'s arguments are tensors (or arrays, converted) and constants (numbers, strings,
    which get no gradient); ``output`` a tensor or a tuple or list of them. Gradients of the
    gradient (second derivatives) are not taken through ``grad_fn``.

    Example:
        >>> @custom_gradient
        ... def log1pexp(x):
        ...     e = torch.exp(x)
        ...     def grad(*args, upstream=None):
        ...         return upstream * (1.0 - 1.0 / (1 + e))
        ...     return torch.log(1 + e), grad
        >>> x = torch.tensor([100.0], requires_grad=True)
        >>> log1pexp(x).backward()
        >>> x.grad
        tensor([1.])
    """

    @functools.wraps(f)
    def with_custom_gradient(*args: Any) -> Any:
        args = tuple(convert_to_tensor(a) if _is_array(a) else a for a in args)
        outputs = _CustomGradient.apply(f, *args)
        return outputs

    return with_custom_gradient


def _is_array(value: Any) -> bool:
    return hasattr(value, "__array__") and not isinstance(value, torch.Tensor)


def _torch_style(grad_fn: Callable[..., Any]) -> bool:
    """Whether ``grad_fn`` takes the inputs positionally and ``upstream`` by keyword (Keras's
    PyTorch backend's call) rather than the upstream gradients alone (TensorFlow's, JAX's)."""
    try:
        parameters = inspect.signature(grad_fn).parameters.values()
    except (TypeError, ValueError):  # a builtin: called as TensorFlow calls it
        return False
    kinds = {p.kind for p in parameters}
    takes_upstream = any(p.name == "upstream" and p.kind is not p.POSITIONAL_ONLY for p in parameters)
    return inspect.Parameter.VAR_POSITIONAL in kinds and takes_upstream


class _CustomGradient(torch.autograd.Function):
    """``f``'s outputs forward; ``f``'s ``grad_fn`` backward."""

    @staticmethod
    def forward(ctx: Any, f: Callable[..., Any], *args: Any) -> Any:
        returned = f(*args)
        if not (isinstance(returned, (tuple, list)) and len(returned) == 2 and callable(returned[1])):
            raise TypeError(
                f"A function decorated with custom_gradient returns (output, grad_fn); "
                f"{getattr(f, '__name__', f)} returned a {type(returned).__name__}."
            )
        output, ctx.grad_fn = returned
        ctx.tensor_at = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor)]
        ctx.count = len(args)
        ctx.save_for_backward(*(args[i] for i in ctx.tensor_at))
        if isinstance(output, list):
            output = tuple(output)
        # an output that is an input unchanged must be a new tensor for autograd to track it
        return tuple(o.view_as(o) for o in output) if isinstance(output, tuple) else output.view_as(output)

    @staticmethod
    def backward(ctx: Any, *upstream: torch.Tensor) -> tuple[Any, ...]:
        grad_fn = ctx.grad_fn
        if _torch_style(grad_fn):
            grads = grad_fn(*ctx.saved_tensors, upstream=upstream[0] if len(upstream) == 1 else upstream)
        else:
            grads = grad_fn(*upstream)
        grads = list(grads) if isinstance(grads, (tuple, list)) else [grads]
        if len(grads) != len(ctx.tensor_at):
            raise ValueError(
                f"custom_gradient's grad_fn returned {len(grads)} gradient(s) for "
                f"{len(ctx.tensor_at)} tensor argument(s)."
            )
        by_position: list[Any] = [None] * ctx.count
        for index, grad in zip(ctx.tensor_at, grads):
            by_position[index] = None if grad is None else convert_to_tensor(grad)
        return (None, *by_position)


_CORE_DIMS = re.compile(r"\(([\w\s,]*)\)")


def _parse_signature(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """A generalised ufunc signature, ``"(m,n),(n)->(m)"``, as each input's and output's core
    axis names."""
    sides = signature.replace(" ", "").split("->")
    if len(sides) != 2 or not all(re.fullmatch(r"(\([\w,]*\))(,\([\w,]*\))*", side) for side in sides):
        raise ValueError(f"Not a valid gufunc signature: {signature!r} (e.g. '(m,n),(n)->(m)').")
    inputs, outputs = ([tuple(n for n in g.split(",") if n) for g in _CORE_DIMS.findall(s)] for s in sides)
    return inputs, outputs


def vectorize(
    pyfunc: Callable[..., Any], *, excluded: Iterable[int | str] | None = None, signature: str | None = None
) -> Callable[..., Any]:
    """``pyfunc`` mapped over the leading axes of its arguments, as NumPy's ``np.vectorize``
    (Keras 3's ``ops.vectorize``): without ``signature`` it takes scalars, one call per element
    of the arguments broadcast together; with one (``"(n),(n)->()"``) each argument's last axes
    are its core axes, passed whole, and the loop runs over the rest, broadcast.

    Arguments listed in ``excluded`` (positions or keyword names) are passed as they are, not
    mapped (Keras 3.15 drops ``excluded``; here it works as NumPy's). Keyword arguments are
    passed as they are. The calls run one by one, as NumPy's do: a convenience for functions
    that cannot be written on whole tensors, not a way to make them fast.

    Raises:
        ValueError: a malformed ``signature``, arguments with fewer axes than their core axes,
            core axes of one name with different lengths, or leading axes that do not broadcast.

    Example:
        >>> dot = vectorize(lambda a, b: (a * b).sum(), signature="(n),(n)->()")
        >>> dot(torch.ones(4, 3), torch.arange(3.0))
        tensor([3., 3., 3., 3.])
    """
    excluded = set(excluded or ())
    cores = None if signature is None else _parse_signature(signature)

    @functools.wraps(pyfunc)
    def vectorized(*args: Any, **kwargs: Any) -> Any:
        mapped_at = [i for i in range(len(args)) if i not in excluded]
        tensors = [convert_to_tensor(args[i]) for i in mapped_at]
        core_dims = [()] * len(tensors) if cores is None else cores[0]
        if len(core_dims) != len(tensors):
            raise ValueError(
                f"vectorize's signature {signature!r} takes {len(core_dims)} mapped argument(s); "
                f"{len(tensors)} came."
            )
        loop = _loop_shape(tensors, core_dims)
        flat = []  # each argument broadcast to the loop's shape, its loop axes as one
        for t, dims in zip(tensors, core_dims):
            core_shape = t.shape[t.ndim - len(dims) :]
            flat.append(t.expand(*loop, *core_shape).reshape(math.prod(loop), *core_shape))
        results = []
        for k in range(math.prod(loop)):
            call_args = list(args)
            for i, t in zip(mapped_at, flat):
                call_args[i] = t[k]
            results.append(pyfunc(*call_args, **kwargs))
        if not results:
            raise ValueError("vectorize cannot find the outputs' shape from arguments with no elements.")
        return _stacked(results, loop)

    return vectorized


def _loop_shape(tensors: Sequence[torch.Tensor], core_dims: Sequence[tuple[str, ...]]) -> tuple[int, ...]:
    """The broadcast shape of the arguments' leading (non-core) axes, each core axis name
    checked to have one length."""
    lengths: dict[str, int] = {}
    leading = []
    for t, dims in zip(tensors, core_dims):
        if t.ndim < len(dims):
            raise ValueError(f"vectorize: an argument of shape {tuple(t.shape)} lacks its core axes {dims}.")
        for name, size in zip(dims, t.shape[t.ndim - len(dims) :]):
            if lengths.setdefault(name, size) != size:
                raise ValueError(f"vectorize: core axis {name!r} has lengths {lengths[name]} and {size}.")
        leading.append(tuple(t.shape[: t.ndim - len(dims)]))
    try:
        return tuple(torch.broadcast_shapes(*leading))
    except RuntimeError:
        raise ValueError(f"vectorize: the arguments' leading shapes {leading} do not broadcast.") from None


def _stacked(results: list[Any], loop: tuple[int, ...]) -> Any:
    """Each call's outputs stacked and shaped ``(*loop, *output)``: one tensor, or a tuple."""
    if isinstance(results[0], tuple):
        return tuple(_stacked([r[i] for r in results], loop) for i in range(len(results[0])))
    stacked = torch.stack([convert_to_tensor(r) for r in results])
    return stacked.reshape(*loop, *stacked.shape[1:])


__all__ = ["custom_gradient", "vectorize"]
