"""What loading a file may cost: a model built on the meta device first, then held to a rule.

A loader builds the file's architecture on torch's meta device (`on_meta`: shapes, no memory),
compares the stored weights with it, and refuses one whose weights and states would take more
than a small multiple of the file's size (`check_cost`) before it builds anything for real.
Both statefulrnn's own model files and Keras files follow this rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import torch

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
    if needed > SIZE_FACTOR * size + ALLOWANCE:
        raise ValueError(
            f"its architecture would take {needed / 2**20:.0f} MiB of weights and states, more than a "
            f"file of {size} bytes may ask for ({SIZE_FACTOR} x its size + {ALLOWANCE // 2**20} MiB): "
            f"a batch size or shape in its config is far larger than the weights it stores"
        )
