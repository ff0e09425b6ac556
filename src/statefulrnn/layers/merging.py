"""Merge layers, Keras's: ``Add``, ``Subtract``, ``Multiply``, ``Average``, ``Maximum``,
``Minimum``, ``Concatenate`` and ``Dot``, and their functional spellings (``add([a, b])``).

Each takes a list of tensors, real or symbolic (``Input(...)`` and the layers after it), and
returns one. The shape rules, the masks they pass on and the masks ``Multiply``, ``Maximum``
and ``Minimum`` use are Keras's (``keras/src/layers/merging/``, v3.15.1); under tf-keras's
rules (`statefulrnn.config.set_keras_rules`), the masks are tf-keras 2.21's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import torch

from .._checks import as_mask
from .._keras_rules import tf_keras_rules
from .base import Layer, Shape, format_shape

Masks = list[torch.Tensor | None]


def shapes_text(shapes: Sequence[Any]) -> str:
    """Several shapes for an error message: ``[(None, 4, 5), (None, 4, 6)]``."""
    return "[" + ", ".join(format_shape(s) for s in shapes) + "]"


def _describe(value: Any) -> str:
    """A value for an error message: an array by its type and shape, not its contents."""
    if hasattr(value, "shape"):
        return f"{type(value).__name__} of shape {format_shape(value.shape)}"
    return repr(value)


def broadcast_mask(mask: torch.Tensor, shape: Sequence[int]) -> torch.Tensor:
    """A per-step mask ``(N, T)`` spread over the features of an input of ``shape`` ``(N, T, F)``."""
    shape = tuple(shape)
    if tuple(mask.shape) != shape[: mask.ndim]:
        raise ValueError(
            f"A mask of shape {tuple(mask.shape)} does not fit an input of shape {shape}: the mask "
            f"must match the input's leading axes, such as (N, T) for (N, T, F)."
        )
    return mask.reshape(*mask.shape, *[1] * (len(shape) - mask.ndim)).expand(shape)


class Merge(Layer):
    """Base of the merge layers: a list of tensors in, one tensor out, elementwise.

    Inputs must have one shape, or shapes that broadcast (a size-1 axis; a lower-rank input
    gains axes after the batch axis, as in Keras). Subclasses define ``_merge_function``.

    Masks: the output mask is the logical OR of the input masks, or None when any input has
    none (Keras's rule). ``forward`` takes the input masks as ``mask=[m_0, m_1, ...]`` (entries
    may be None), as a functional model passes them.

    Raises:
        ValueError: inputs that are not a list (Keras's type for this mistake), the wrong
            number of inputs, shapes that do not merge, or masks that do not fit them.
    """

    supports_masking = True
    #: how many inputs the layer takes (None: any number from 1)
    expected_inputs: int | None = None

    def forward(self, inputs: Sequence[Any], mask: Any = None) -> torch.Tensor:
        xs = self._input_list(inputs)
        shapes = [tuple(x.shape) for x in xs]
        self.compute_output_shape(shapes)  # refuses incompatible shapes with a message
        # tf-keras's merge functions compute without the masks (see compute_mask)
        masks = [None] * len(xs) if tf_keras_rules() else self._input_masks(mask, xs)
        if not self.built:
            self.build([(None, *shape[1:]) for shape in shapes])
        return self._merge(xs, masks)

    def _merge(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        rank = max(x.ndim for x in xs)
        if any(x.ndim != rank for x in xs):
            # A lower-rank input gains axes after the batch axis: (N, F) meets (N, T, F) as
            # (N, 1, F). As in Keras, the reshaped inputs carry no masks.
            xs = [x.reshape(x.shape[0], *[1] * (rank - x.ndim), *x.shape[1:]) for x in xs]
            masks = [None] * len(xs)
        return self._merge_function(xs, masks)

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        raise NotImplementedError

    # ----- checks --------------------------------------------------------------------------

    def _input_list(self, inputs: Any) -> list[torch.Tensor]:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs, as {type(self).__name__}"
                f"()([a, b]). {self._describe()} received one input: {_describe(inputs)}"
            )
        return [self._as_input(x) for x in inputs]

    def _input_masks(self, mask: Any, xs: list[torch.Tensor]) -> Masks:
        masks = self._check_mask_list(xs, mask)
        if masks is None:
            return [None] * len(xs)
        return [None if m is None else as_mask(m).to(x.device) for m, x in zip(masks, xs)]

    def _check_shape_list(self, input_shape: Any) -> list[Shape]:
        """``input_shape`` as a list of shapes, of the number of inputs this layer takes."""
        if isinstance(input_shape, (list, tuple)) and len(input_shape) == 0:
            raise ValueError(
                f"A merge layer should be called on a list of at least 1 input. "
                f"{self._describe()} received an empty list."
            )
        if not isinstance(input_shape[0], (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs, as {type(self).__name__}"
                f"()([a, b]). {self._describe()} received one input of shape "
                f"{format_shape(input_shape)}"
            )
        shapes = [tuple(s) for s in input_shape]
        if self.expected_inputs is not None and len(shapes) != self.expected_inputs:
            raise ValueError(
                f"A `{type(self).__name__}` layer should be called on exactly "
                f"{self.expected_inputs} inputs. '{self.name}' received {len(shapes)}, of shapes "
                f"{shapes_text(shapes)}"
            )
        return shapes

    def _check_batch_sizes(self, shapes: list[Shape]) -> int | None:
        """The one batch size of the inputs (None when unknown)."""
        batch_sizes = {s[0] for s in shapes if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"{self._describe()} cannot merge tensors with different batch "
                f"sizes. Received: input shapes {shapes_text(shapes)}"
            )
        return batch_sizes.pop() if batch_sizes else None

    # ----- shapes and masks ----------------------------------------------------------------

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        """The broadcast shape of the inputs (Keras's rule; None where a size is unknown).

        Raises:
            ValueError: not a list of shapes, the wrong number of inputs, different batch
                sizes, or shapes that do not broadcast.
        """
        shapes = self._check_shape_list(input_shape)
        batch_size = self._check_batch_sizes(shapes)
        rank = max(len(s) for s in shapes) - 1
        output: list[int | None] = []
        for axis in range(-rank, 0):
            sizes = [s[axis] for s in shapes if len(s) - 1 >= -axis]
            known = {size for size in sizes if size is not None} - {1}
            if len(known) > 1:
                raise ValueError(
                    f"{self._describe()} needs inputs of one shape (or shapes "
                    f"that broadcast, with size 1 on an axis). Received: input shapes "
                    f"{shapes_text(shapes)}"
                )
            if None in sizes:
                output.append(None)
            else:
                output.append(known.pop() if known else 1)
        return (batch_size, *output)

    def compute_mask(self, inputs: Sequence[Any], mask: Sequence[Any] | None = None) -> torch.Tensor | None:
        """The logical OR of the input masks, or None when any input has none (Keras 3's rule);
        under tf-keras's rules (`statefulrnn.config.set_keras_rules`), the logical AND of the
        masks there are, None when there are none (tf-keras's ``_Merge.compute_mask``).

        Raises:
            ValueError: ``mask`` or ``inputs`` is not a list, or they differ in length.
        """
        masks = self._check_mask_list(inputs, mask)
        if tf_keras_rules():
            present = [as_mask(m) for m in masks or () if m is not None]
            return functools.reduce(torch.logical_and, present) if present else None
        if masks is None or any(m is None for m in masks):
            return None
        return functools.reduce(torch.logical_or, [as_mask(m) for m in masks])

    def _check_mask_list(self, inputs: Any, mask: Any) -> list[Any] | None:
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"`mask` should be a list, one mask (or None) per input. Received: {_describe(mask)}"
            )
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"`inputs` should be a list. Received: {_describe(inputs)}")
        if len(mask) != len(inputs):
            raise ValueError(
                f"The lists `inputs` and `mask` should have the same length. Received: "
                f"{len(inputs)} inputs and {len(mask)} masks"
            )
        return list(mask)


def _fold_skipping_masked(
    op: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], xs: list[torch.Tensor], masks: Masks
) -> torch.Tensor:
    """``op`` over the inputs, where a masked step takes the other inputs' value (Keras's
    rule for the operations without an identity element, ``maximum`` and ``minimum``)."""
    output, output_mask = xs[0], None if masks[0] is None else broadcast_mask(masks[0], xs[0].shape)
    for x, mask in zip(xs[1:], masks[1:]):
        mask = None if mask is None else broadcast_mask(mask, x.shape)
        if mask is not None:
            x = torch.where(mask, x, output)
        if output_mask is not None:
            output = torch.where(output_mask, output, x)
        output_mask = None if mask is None or output_mask is None else output_mask | mask
        output = op(output, x)
    return output


class Add(Merge):
    r"""The sum of the inputs, Keras's ``Add``.

    \[
    y = \sum_{i=0}^{K-1} x_i
    \]

    over the \(K \ge 1\) inputs, elementwise (after broadcasting; see `Merge`).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        a list of ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Add()([torch.ones(2, 3), torch.ones(2, 3)])
        tensor([[2., 2., 2.],
                [2., 2., 2.]])
    """

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return functools.reduce(torch.add, xs)


class Subtract(Merge):
    r"""The difference of two inputs, Keras's ``Subtract``: exactly two.

    \[
    y = x_0 - x_1
    \]

    elementwise (after broadcasting; see `Merge`).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        two ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Subtract()([torch.ones(1, 2), torch.full((1, 2), 3.0)])
        tensor([[-2., -2.]])
    """

    expected_inputs = 2

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return xs[0] - xs[1]


class Multiply(Merge):
    r"""The elementwise product of the inputs, Keras's ``Multiply``.

    \[
    y = \prod_{i=0}^{K-1} \tilde x_i, \qquad
    \tilde x_i = \begin{cases}
        x_i & \text{where } x_i \text{ is real} \\
        1 & \text{where its mask is False}
    \end{cases}
    \]

    Masked steps count as 1 in the product; when every input has a mask, the steps that all
    of them mask are 0 in the output (Keras's rule).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        a list of ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Multiply()([torch.full((1, 2), 2.0), torch.full((1, 2), 3.0)])
        tensor([[6., 6.]])
    """

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        all_masked = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(xs, masks):
            if mask is not None:
                mask = broadcast_mask(mask, x.shape)
                x = torch.where(mask, x, 1.0)
                output_mask = mask if output_mask is None else output_mask | mask
            output = x if output is None else output * x
        if all_masked:
            output = torch.where(output_mask, output, 0.0)
        return output


class Average(Merge):
    r"""The elementwise mean of the inputs, Keras's ``Average``.

    \[
    y = \frac{1}{K} \sum_{i=0}^{K-1} x_i
    \]

    over the \(K\) inputs; masks do not enter it (Keras's rule).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        a list of ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Average()([torch.zeros(1, 2), torch.full((1, 2), 3.0)])
        tensor([[1.5000, 1.5000]])
    """

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return functools.reduce(torch.add, xs) / len(xs)


class Maximum(Merge):
    r"""The elementwise maximum of the inputs, Keras's ``Maximum``.

    \[
    y = \max_{0 \le i < K} x_i
    \]

    taken over the inputs that are real at each step: a masked step of one input takes the
    other inputs' value (Keras's rule).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        a list of ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Maximum()([torch.tensor([[1.0, 5.0]]), torch.tensor([[3.0, 2.0]])])
        tensor([[3., 5.]])
    """

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return _fold_skipping_masked(torch.maximum, xs, masks)


class Minimum(Merge):
    r"""The elementwise minimum of the inputs, Keras's ``Minimum``.

    \[
    y = \min_{0 \le i < K} x_i
    \]

    taken over the inputs that are real at each step: a masked step of one input takes the
    other inputs' value (Keras's rule).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's merge layers take no others.

    Shapes:
        a list of ``(N, ...)`` tensors of one shape (or shapes that broadcast) -> ``(N, ...)``.

    Example:
        >>> Minimum()([torch.tensor([[1.0, 5.0]]), torch.tensor([[3.0, 2.0]])])
        tensor([[1., 2.]])
    """

    def _merge_function(self, xs: list[torch.Tensor], masks: Masks) -> torch.Tensor:
        return _fold_skipping_masked(torch.minimum, xs, masks)


def add(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Add(**kwargs)(inputs)``, Keras's functional ``add``, on real or symbolic tensors.

    Example:
        >>> from statefulrnn.layers import Input
        >>> add([Input(shape=(3,)), Input(shape=(3,))]).shape
        (None, 3)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Subtract(**kwargs)(inputs)``, Keras's functional ``subtract``.

    Example:
        >>> subtract([torch.ones(1, 2), torch.ones(1, 2)])
        tensor([[0., 0.]])
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Multiply(**kwargs)(inputs)``, Keras's functional ``multiply``.

    Example:
        >>> multiply([torch.full((1, 2), 2.0), torch.full((1, 2), 2.0)])
        tensor([[4., 4.]])
    """
    return Multiply(**kwargs)(inputs)


def average(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Average(**kwargs)(inputs)``, Keras's functional ``average``.

    Example:
        >>> average([torch.zeros(1, 2), torch.ones(1, 2)])
        tensor([[0.5000, 0.5000]])
    """
    return Average(**kwargs)(inputs)


def maximum(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Maximum(**kwargs)(inputs)``, Keras's functional ``maximum``.

    Example:
        >>> maximum([torch.zeros(1, 2), torch.ones(1, 2)])
        tensor([[1., 1.]])
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs: Sequence[Any], **kwargs: Any) -> Any:
    """``Minimum(**kwargs)(inputs)``, Keras's functional ``minimum``.

    Example:
        >>> minimum([torch.zeros(1, 2), torch.ones(1, 2)])
        tensor([[0., 0.]])
    """
    return Minimum(**kwargs)(inputs)
