"""`EinsumDense`: Keras's dense layer of any einsum equation (a projection of each step's
features into heads, a product over several axes), on ``torch.einsum``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import torch

from .. import activations, initializers
from .base import Layer, format_shape, set_weight_options


class EinsumDense(Layer):
    r"""Keras's ``EinsumDense``: \(y = \phi(\text{einsum}(\text{equation}, x, W) + b)\), the
    kernel \(W\)'s shape read from the equation, the input's shape and ``output_shape``; the bias
    \(b\) over the output axes named in ``bias_axes``.

    Args:
        equation: ``"ab,bc->ac"``, with ``...`` for axes passed through, before
            (``"...b,bc->...c"``) or after (``"ab...,bc->ac..."``) the named ones.
        output_shape: the output's shape without the batch axis (None for an axis of the input's
            size); an int for one axis.
        activation: \(\phi\) (default None: linear).
        bias_axes: the output axes the bias spans (default None: no bias).
        kernel_initializer, bias_initializer: initializers (defaults ``"glorot_uniform"``,
            ``"zeros"``; a variance-scaling initializer counts its fans over the kernel's input
            and output axes, as Keras's does).
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties (default None).
        kernel_constraint, bias_constraint: projections after each update (default None).
        lora_rank, lora_alpha, gptq_unpacked_column_size, quantization_config: Keras's
            low-rank adaptation and quantization, not provided here: must stay None.

    Shapes:
        ``(N, ...)`` -> ``(N, *output_shape)`` as the equation maps them. Weights: kernel (from
        the equation), bias (the ``bias_axes``' sizes, 1 elsewhere from the first of them).

    Raises:
        ValueError: an equation not of Keras's three forms, axes that do not match, or a bias
            axis not in the output.

    Example:
        >>> heads = EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="de")
        >>> heads(torch.zeros(2, 5, 16)).shape, [w.shape for w in heads.get_weights()]
        (torch.Size([2, 5, 4, 8]), [(16, 4, 8), (4, 8)])
    """

    def __init__(
        self,
        equation: str,
        output_shape: int | Sequence[int | None],
        activation: str | activations.Activation | None = None,
        bias_axes: str | None = None,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        gptq_unpacked_column_size: int | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        unprovided = {
            "lora_rank": lora_rank,
            "lora_alpha": lora_alpha,
            "gptq_unpacked_column_size": gptq_unpacked_column_size,
            "quantization_config": quantization_config,
        }
        for name, value in unprovided.items():
            if value is not None:
                raise ValueError(
                    f"EinsumDense({name}=...) asks for Keras's low-rank adaptation or quantization, which "
                    f"statefulrnn does not provide. Received: {name}={value!r}"
                )
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_options(
            self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        _analyze(equation, bias_axes, None, self.partial_output_shape)  # refuses a bad equation now

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        kernel_shape, bias_shape, _, input_axes, output_axes = _analyze(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        initializer = self.kernel_initializer
        if isinstance(initializer, initializers.VarianceScaling) and (
            initializer.input_axes is None or initializer.output_axes is None
        ):  # Keras's fans over the kernel's own input and output axes
            config = {**initializer.get_config(), "input_axes": input_axes, "output_axes": output_axes}
            initializer = type(initializer).from_config(config)
        self.add_weight("kernel", tuple(kernel_shape), initializer=initializer)
        if bias_shape is not None:
            self.add_weight("bias", tuple(bias_shape), initializer=self.bias_initializer)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        y = torch.einsum(self.equation, x, self.kernel)
        if self.bias_axes is not None:
            y = y + self.bias
        return activations.fast(self.activation)(y)

    def per_step(self) -> bool:
        """Whether each step of a sequence ``(N, T, ...)`` comes out of that input step alone: the
        equation passes the time axis (the input's second) through, untouched by the kernel
        (a stream pool serves only such a layer)."""
        inputs, kernel, output = re.split(",|->", self.equation.replace("...", "0"))
        if inputs.startswith("0"):  # the leading axes, time among them, pass through
            return output.startswith("0")
        return len(inputs) > 1 and inputs[1] not in kernel and len(output) > 1 and output[1] == inputs[1]

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(
            _analyze(self.equation, self.bias_axes, tuple(input_shape), self.partial_output_shape)[2]
        )


_FORMS = (  # Keras's three forms: no ellipsis, one on the left, one on the right
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), False),
    (re.compile(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$"), True),
    (re.compile(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$"), False),
)


def _analyze(
    equation: str, bias_axes: str | None, input_shape: tuple[int | None, ...] | None, output_shape: tuple
) -> tuple[list, list | None, list, list[int], list[int]]:
    """Keras's ``_analyze_einsum_string``: the kernel's shape, the bias's, the full output
    shape, and the kernel's input and output axes. With no ``input_shape``, only the equation's
    form and the bias axes are checked.

    Raises:
        ValueError: as Keras's.
    """
    replaced = equation.replace("...", "0")
    for pattern, elided_on_the_left in _FORMS:
        match = pattern.match(replaced)
        if match:
            left_elided = elided_on_the_left
            break
    else:
        raise ValueError(
            f"Invalid einsum equation '{equation}'. Equations must be in the form "
            "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
        )
    input_spec, weight_spec, output_spec = match.groups()
    for char in bias_axes or "":
        if char not in output_spec:
            raise ValueError(
                f"Bias dimension '{char}' was requested, but is not part of the output spec '{output_spec}'"
            )
    if input_shape is None:
        return [], None, [], [], []
    elided = len(input_shape) - len(input_spec)
    full = [input_shape[0], *output_shape]
    if elided > 0 and left_elided:
        for i in range(1, elided):
            full.insert(1, input_shape[i])
    elif elided > 0:
        full.extend(input_shape[len(input_shape) - elided :])
    if left_elided:
        input_at = {dim: i + elided - len(input_shape) for i, dim in enumerate(input_spec)}
        output_at = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_at = {dim: i for i, dim in enumerate(input_spec)}
        output_at = {dim: i for i, dim in enumerate(output_spec)}
    for dim in input_spec:
        size = input_shape[input_at[dim]]
        if dim in output_at and full[output_at[dim]] is not None and full[output_at[dim]] != size:
            raise ValueError(
                f"Input shape and output shape do not match at shared dimension '{dim}'. Input shape is "
                f"{size}, and output shape is {full[output_at[dim]]}."
            )
        if dim in output_at and full[output_at[dim]] is None:  # an axis passed through: its size
            full[output_at[dim]] = size
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has no corresponding dim "
                f"in the input spec '{input_spec}' or weight spec '{weight_spec}'"
            )
    kernel, input_axes, output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_at:
            kernel.append(full[output_at[dim]])
            output_axes.append(i)
        elif dim in input_at:
            kernel.append(input_shape[input_at[dim]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either the input spec '{input_spec}' or "
                f"the output spec '{output_spec}'. For this layer, the weight must be fully specified."
            )
    if None in kernel:
        raise ValueError(
            f"EinsumDense '{equation}' needs the size of every kernel axis: input shape "
            f"{format_shape(input_shape)}, output shape {format_shape(tuple(full))} leave {kernel} unknown."
        )
    bias = None
    if bias_axes is not None:
        sizes = {char: full[i + (elided if left_elided else 0)] for i, char in enumerate(output_spec)}
        first = min(output_spec.find(char) for char in bias_axes)
        bias = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias.extend([1] * max(elided, 0))
    return kernel, bias, full, input_axes, output_axes
