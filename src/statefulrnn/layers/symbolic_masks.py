"""Keras's masks on a functional model's symbolic tensors: ``x._keras_mask`` between ``Input``
and ``Model``, as Keras 3's ``KerasTensor._keras_mask``.

At run time a model passes masks along itself (`models.base.call_masked`). Keras 3 also puts
each call's mask on its symbolic output, where a program prints it or hands it to a later
layer (``layers.LSTM(32)(x, mask=x._keras_mask)``). Here that mask is found when first read,
by Keras's rule: the mask given to the call as ``mask=``, else the mask of its first argument,
goes through the layer's ``compute_mask`` when the layer ``supports_masking`` or makes masks
(a model nested in the graph gives none, as Keras 3's symbolic call). ``compute_mask`` is
called on the symbolic tensors themselves, so that a mask written with `statefulrnn.ops` (an
`Embedding`'s ``ops.not_equal(inputs, 0)``, a program's own) is a node of the graph that the
model replays; one that only takes real tensors (written with torch) becomes a `ComputedMask`
node, which calls it at run time.

Example:
    >>> from statefulrnn import Input, Model
    >>> from statefulrnn.layers import Embedding, LSTM
    >>> inputs = Input(shape=(None,), dtype="int32")
    >>> x = Embedding(10, 4, mask_zero=True)(inputs)
    >>> mask = x._keras_mask
    >>> mask.shape, mask.dtype
    ((None, None), 'bool')
    >>> model = Model(inputs, LSTM(3)(x, mask=mask))
    >>> model(torch.tensor([[2, 5, 0]])).shape
    torch.Size([1, 3])
"""

from __future__ import annotations

from typing import Any

import torch

from ..graph import SymbolicTensor, flatten, flatten_sorted, map_structure, record
from .base import Layer, default_dtype, unique_name

__all__ = ["ComputedMask", "mask_of_output"]

# The sizes that stand for an unknown size in the two calls that find a mask's shape: a size of
# the mask that follows them is unknown too (even, so that a program's split in two works).
_STAND_INS = (6, 12)


def mask_of_output(tensor: SymbolicTensor) -> SymbolicTensor | None:
    """The Keras mask of ``tensor``, one of a recorded call's outputs (None when it has none);
    the masks of all the call's outputs are found together, once."""
    node = tensor.node
    if node is None or not node.inputs:  # an Input
        return None
    masks = node.__dict__.get("_output_masks")
    if masks is None:
        masks = node.__dict__["_output_masks"] = _output_masks(node.layer, node.args, node.kwargs)
    return masks[tensor.index] if tensor.index < len(masks) else None


def _output_masks(layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The masks of the call ``layer(*args, **kwargs)``'s outputs, flat as its node lists them."""
    from ..models.base import BaseModel  # the models import the layers

    if not args or isinstance(layer, BaseModel):
        return []  # Keras 3's symbolic call of a model puts no mask on its outputs
    if not (getattr(layer, "supports_masking", False) or getattr(layer, "may_start_masks", False)):
        return []
    first = args[0]
    given = kwargs.get("mask")
    previous = given if given is not None else map_structure(_known_mask, first)
    if all(mask is None for mask in flatten(previous)) and not layer.may_start_masks:
        return []  # nothing comes in, and the layer starts nothing (skips a compute_mask call)
    try:
        masks = flatten_sorted(layer.compute_mask(first, previous))
    except Exception:  # a compute_mask for real tensors only: the node below calls it at run time
        masks = None
    if masks is None or not all(mask is None or isinstance(mask, SymbolicTensor) for mask in masks):
        masks = ComputedMask(layer)(first, previous)
    return masks


def _known_mask(leaf: Any) -> SymbolicTensor | None:
    return getattr(leaf, "_keras_mask", None) if isinstance(leaf, SymbolicTensor) else None


class ComputedMask(Layer):
    """The masks ``layer.compute_mask(inputs, mask)`` gives at run time, as a node of a
    functional model's graph: a symbolic tensor's ``_keras_mask`` where ``layer``'s
    ``compute_mask`` takes real tensors only (see the module notes). Its outputs are the
    non-None masks, each of the shape and dtype a call on stand-in tensors finds; called on
    symbolic tensors, it returns them flat with None where ``compute_mask`` gives none.

    Args:
        layer: the layer whose masks these are (not a sublayer: its weights stay its own).
        **kwargs: `Layer`'s.

    Shapes:
        ``inputs`` and ``mask`` as ``layer``'s call takes them -> the masks it computes.

    Example:
        >>> from statefulrnn.layers import Masking
        >>> ComputedMask(Masking())(torch.tensor([[[0.0], [2.0]]]), None)
        [tensor([[False,  True]])]
    """

    # What it computes is a mask, not a tensor that has one: a model's replay asks for none.
    supports_masking = True

    def __init__(self, layer: Layer, **kwargs: Any) -> None:
        kwargs.setdefault("name", unique_name(f"{layer.name}_mask"))
        super().__init__(**kwargs)
        self.__dict__["_target"] = layer  # not registered as a sublayer (weights, layers)

    def __call__(self, inputs: Any, previous: Any) -> Any:
        if not any(isinstance(leaf, SymbolicTensor) for leaf in flatten((inputs, previous))):
            return super().__call__(inputs, previous)
        small, large = (_probe_masks(self._target, inputs, previous, size) for size in _STAND_INS)
        made = [index for index, mask in enumerate(small) if mask is not None]
        if not made:
            return small  # all None: no node
        shapes = [
            tuple(a if a == b else None for a, b in zip(small[index].shape, large[index].shape))
            for index in made
        ]
        outputs = record(self, (inputs, previous), {}, shapes)
        masks: list[Any] = [None] * len(small)
        for index, output in zip(made, outputs):
            output.dtype = str(small[index].dtype).removeprefix("torch.")
            masks[index] = output
        return masks

    def forward(self, inputs: Any, previous: Any) -> list[torch.Tensor]:
        # ``previous``, not ``mask``: a model's replay hands ``mask=`` to a layer whose forward names it
        masks = flatten_sorted(self._target.compute_mask(inputs, previous))
        return [mask for mask in masks if mask is not None]

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None


def _probe_masks(layer: Any, inputs: Any, mask: Any, size: int) -> list[Any]:
    """``layer``'s masks, flat, for zeros standing for ``inputs`` and all-True masks for
    ``mask`` (each unknown size ``size``): what shapes and dtypes they have, not their values."""

    def stand_in(leaf: Any) -> Any:
        if not isinstance(leaf, SymbolicTensor):
            return leaf
        sizes = [size if dim is None else dim for dim in leaf.shape]
        if leaf.dtype == "bool":
            return torch.ones(sizes, dtype=torch.bool)
        return torch.zeros(sizes, dtype=default_dtype[0])

    with torch.no_grad():
        return flatten_sorted(
            layer.compute_mask(map_structure(stand_in, inputs), map_structure(stand_in, mask))
        )
