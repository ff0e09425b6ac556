"""What loading a file may cost: a model built on the meta device first, then held to a rule.

A loader builds the file's architecture on torch's meta device (`on_meta`: shapes, no memory),
compares the stored weights with it, and refuses one whose weights and states would take more
than a small multiple of the file's size (`check_cost`) before it builds anything for real.
Both statefulrnn's own model files and Keras files follow this rule. Where a program's layer
reads weight values as it builds (keras-multi-head's ``MultiHead`` copies its layer's weights
with ``get_weights()``), which the meta device does not have, the file's model is built for real
instead, every allocation counted against the same limit before it is made
(`within_budget`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import torch

from .._compat import dispatch_mode_class
from ..layers import base

# What a file may make the loader allocate: the weights it stores (no larger than the bytes they
# occupy, or compressed) plus states (not stored unless saved with them): a small multiple of
# its size, and room for a large batch.
SIZE_FACTOR, ALLOWANCE = 4, 64 * 2**20

Built = TypeVar("Built")


def on_meta(build: Callable[[], Built]) -> Built:
    """``build()`` on torch's meta device: its weights and states have their shapes but take no
    memory. The automatic layer names it takes are given back, so that the real build that
    follows names its layers as a single build would.

    Example:
        >>> from statefulrnn import Dense
        >>> on_meta(lambda: Dense(10**6, input_shape=(10**6,))).kernel.shape  # 4 TB, were it real
        torch.Size([1000000, 1000000])
    """
    counts = dict(base._name_counts)
    try:
        with torch.device("meta"):
            return build()
    finally:
        base._name_counts.clear()
        base._name_counts.update(counts)


def check_cost(skeleton: torch.nn.Module, size: int) -> None:
    """Refuse an architecture (built by `on_meta`) whose weights and states would take more
    memory than a file of ``size`` bytes may ask for: ``SIZE_FACTOR x size + ALLOWANCE``.

    Raises:
        ValueError: naming what it would take and what the file may ask for.
    """
    tensors = [*skeleton.parameters(), *skeleton.buffers()]
    needed = sum(tensor.numel() * tensor.element_size() for tensor in tensors)
    if needed > limit_for(size):
        raise ValueError(
            f"its architecture would take {needed / 2**20:.0f} MiB of weights and states, more than a "
            f"file of {size} bytes may ask for ({SIZE_FACTOR} x its size + {ALLOWANCE // 2**20} MiB): "
            f"a batch size or shape in its config is far larger than the weights it stores"
        )


def limit_for(size: int) -> int:
    """The bytes a file of ``size`` bytes may make a loader allocate: ``SIZE_FACTOR x size +
    ALLOWANCE``."""
    return SIZE_FACTOR * size + ALLOWANCE


def reads_values(error: RuntimeError) -> bool:
    """Whether ``error``, raised by a build under `on_meta`, is a layer's ``build()`` reading a
    weight's values, which the meta device does not have (then `within_budget` builds it)."""
    return "meta" in str(error)


def within_budget(build: Callable[[], Built], limit: int) -> Built:
    """``build()`` for real, where `on_meta` cannot stand in (a layer's ``build()`` reads weight
    values), with every tensor it allocates counted, before it is made, against ``limit`` bytes.

    Each torch operator whose outputs are new tensors (not views, not in place) is first run on
    the meta device for its outputs' sizes; one whose sizes depend on values (``nonzero``) is
    counted after it has run. Freed temporaries stay counted, so the count errs high.

    Raises:
        ValueError: an allocation would take the build past ``limit`` bytes (it is not made),
            or this PyTorch lacks the dispatch mode that counts (see `statefulrnn._compat`).

    Example:
        >>> from statefulrnn import Dense
        >>> within_budget(lambda: Dense(4, input_shape=(3,)), 1000).kernel.shape
        torch.Size([3, 4])
        >>> within_budget(lambda: Dense(10**4, input_shape=(10**4,)), 1000)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: building it for real would allocate more than 1000 bytes: a float32 tensor ...
    """
    if dispatch_mode_class is None:
        raise ValueError("this PyTorch cannot count what a build allocates (statefulrnn._compat.missing())")
    with _Budget(limit):
        return build()


class _Budget(dispatch_mode_class or object):  # type: ignore[misc]
    """The dispatch mode of `within_budget`: sees every operator a block runs."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.taken = limit, 0

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        if all(returned.alias_info is not None for returned in func._schema.returns):
            return func(*args, **kwargs)  # a view or an in-place change: nothing new
        try:
            sizes = _tensors(func(*_on_meta(args), **_meta_kwargs(func, kwargs)))
        except Exception:  # sizes that depend on values: counted once made
            outputs = func(*args, **kwargs)
            self._take(_tensors(outputs))
            return outputs
        self._take(sizes)
        return func(*args, **kwargs)

    def _take(self, tensors: list[torch.Tensor]) -> None:
        for tensor in tensors:
            size = tensor.numel() * tensor.element_size()
            if self.taken + size > self.limit:
                dtype = str(tensor.dtype).removeprefix("torch.")
                raise ValueError(
                    f"building it for real would allocate more than {self.limit} bytes: a "
                    f"{dtype} tensor of shape {tuple(tensor.shape)} ({size} bytes) after {self.taken}"
                )
            self.taken += size


def _on_meta(value: Any) -> Any:
    """``value`` (an operator's argument: a tensor, or a list, tuple or dict holding some) with
    each tensor's stand-in on the meta device (same shape, strides and dtype)."""
    if isinstance(value, torch.Tensor):
        return torch.empty_strided(value.shape, value.stride(), dtype=value.dtype, device="meta")
    if isinstance(value, (list, tuple)):
        return type(value)(map(_on_meta, value))
    if isinstance(value, dict):
        return {key: _on_meta(item) for key, item in value.items()}
    return value


def _meta_kwargs(func: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """An operator's keyword arguments with its tensors on the meta device, and the meta device
    as the ``device`` of one that takes a device (a factory: left out, it would be the CPU)."""
    moved = _on_meta(kwargs)
    if any(argument.name == "device" for argument in func._schema.arguments):
        moved["device"] = torch.device("meta")
    return moved


def _tensors(outputs: Any) -> list[torch.Tensor]:
    """The tensors an operator returned (one, or a list or tuple of them)."""
    if isinstance(outputs, torch.Tensor):
        return [outputs]
    if isinstance(outputs, (list, tuple)):
        return [tensor for item in outputs for tensor in _tensors(item)]
    return []
