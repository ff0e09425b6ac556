"""Keras 2's ``K.rnn`` (`backend` exports it): a step function run over the time axis, as
hand-written recurrent layers and attention decoders call it in ``call``::

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, self.kernel) + K.dot(states[0], self.recurrent_kernel))
        return h, [h]

    last_output, outputs, new_states = K.rnn(step, inputs, [initial_h], mask=mask)

The loop runs eagerly, one step at a time, so autograd follows it (TensorFlow built a
``while_loop``); on a functional model's symbolic tensors it records a `layers.Lambda` node
(`_backend_nodes`).

Example:
    >>> from statefulrnn import backend as K
    >>> def step(x, states):
    ...     return x + states[0], [x + states[0]]
    >>> last, outputs, states = K.rnn(step, torch.ones(1, 3, 2), [torch.zeros(1, 2)])
    >>> outputs[0, :, 0].tolist(), states[0].tolist()
    ([1.0, 2.0, 3.0], [[3.0, 3.0]])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

from . import ops
from ._backend_nodes import records_node
from .graph import flatten
from .ops.core import _rebuilt


@records_node()
def rnn(
    step_function: Callable[[Any, tuple[Any, ...]], tuple[Any, Sequence[Any]]],
    inputs: Any,
    initial_states: Sequence[Any],
    go_backwards: bool = False,
    mask: Any = None,
    constants: Sequence[Any] | None = None,
    unroll: bool = False,
    input_length: Any = None,
    time_major: bool = False,
    zero_output_for_mask: bool = False,
    return_all_outputs: bool = True,
) -> tuple[Any, Any, list[Any]]:
    """tf-keras's ``K.rnn``: ``step_function(input_t, states + constants)`` at each step,
    returning ``(output_t, new_states)``, the states carried to the next step.

    Args:
        step_function: ``(input_t, states) -> (output_t, new_states)``; ``states`` is a tuple,
            the carried states then ``constants``; ``new_states`` as many as the states.
        inputs: ``(N, T, ...)`` (``(T, N, ...)`` with ``time_major``), or a list or tuple of
            such tensors, sliced together (``input_t`` then has the same nesting).
        initial_states: the states at the first step, ``(N, ...)`` each.
        go_backwards: step from the last time step to the first; ``outputs`` come in that
            order too.
        mask: ``(N, T)`` (or ``(N, T, 1)``), true where a step is real: at a masked step the
            states stay as they were and the output repeats the previous one (zeros before
            the first, or always zeros with ``zero_output_for_mask``).
        constants: tensors given to every step after the states.
        unroll: tf-keras's unrolled loop: the same values, except that with ``go_backwards``
            and ``zero_output_for_mask`` it lines the mask up with the (reversed) outputs in
            its first-to-last order, as tf-keras does; ``input_length`` is then not read.
        input_length: an int (nothing to do), or lengths ``(N,)``: without ``mask``, steps
            at or past a sample's length are masked (going backwards, those before
            ``max(lengths) - length``), as tf-keras's loop does.
        time_major: ``inputs`` and ``outputs`` time first.
        zero_output_for_mask: zeros, not the previous output, at masked steps.
        return_all_outputs: False keeps only the last step's output in ``outputs``.

    Returns:
        ``(last_output, outputs, new_states)``: the last step's output ``(N, ...)``, every
        step's ``(N, T, ...)`` (``(N, 1, ...)`` without ``return_all_outputs``), the last
        states (a list).

    Raises:
        ValueError: inputs of rank below 3, or no time steps.
    """
    flat_inputs = [ops.convert_to_tensor(part) for part in flatten(inputs)]
    for part in flat_inputs:
        if part.ndim < 3:
            raise ValueError(
                f"rnn: inputs need rank 3 or more, (batch, time, ...); got shape {tuple(part.shape)}."
            )
    if not time_major:
        flat_inputs = [part.transpose(0, 1) for part in flat_inputs]
    steps = flat_inputs[0].shape[0]
    if steps == 0:
        raise ValueError("rnn: inputs have no time steps; a step function needs at least one.")
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    masks = _step_masks(mask, input_length, time_major, go_backwards, unroll, steps)
    extra = tuple(constants or ())
    states = tuple(initial_states)
    outputs: list[list[torch.Tensor]] = []
    structure = None
    for i, t in enumerate(order):
        step_input = _rebuilt(inputs, [part[t] for part in flat_inputs])
        output, new_states = step_function(step_input, states + extra)
        structure, flat_output = output, flatten(output)
        if masks is not None:
            keep = masks[i]
            previous = outputs[-1] if outputs else [torch.zeros_like(o) for o in flat_output]
            fallback = (
                [torch.zeros_like(o) for o in flat_output]
                if zero_output_for_mask and not unroll
                else previous
            )
            flat_output = [torch.where(_lined_up(keep, o), o, f) for o, f in zip(flat_output, fallback)]
            kept = [
                torch.where(_lined_up(keep, n), n, s) for n, s in zip(flatten(new_states), flatten(states))
            ]
            new_states = _rebuilt(tuple(new_states), kept)
        states = tuple(new_states)
        outputs = [*outputs, flat_output] if return_all_outputs else [flat_output]
    stacked = [torch.stack(parts) for parts in zip(*outputs)]  # (T, N, ...) each
    last = [part[-1] for part in stacked]
    if unroll and zero_output_for_mask and masks is not None:
        # tf-keras's unrolled loop zeroes masked outputs after the loop, the mask in its own order
        last = [torch.where(_lined_up(masks[-1], o), o, torch.zeros_like(o)) for o in last]
        if return_all_outputs:
            in_order = _time_major_mask(mask, time_major)
            stacked = [torch.where(_lined_up(in_order, o), o, torch.zeros_like(o)) for o in stacked]
    if not time_major:
        stacked = [part.transpose(0, 1) for part in stacked]
    return _rebuilt(structure, last), _rebuilt(structure, stacked), list(states)


def _step_masks(
    mask: Any, input_length: Any, time_major: bool, go_backwards: bool, unroll: bool, steps: int
) -> list[torch.Tensor] | None:
    """The mask of each step in the order the loop takes them, bool ``(N, ...)``, or None."""
    if mask is not None:
        in_order = _time_major_mask(mask, time_major)
        return list(in_order.flip(0) if go_backwards else in_order)
    if unroll or input_length is None or isinstance(input_length, int):
        return None  # tf-keras masks by lengths only in its loop, given a tensor of them
    lengths = ops.convert_to_tensor(input_length)
    if go_backwards:
        start = lengths.max() - 1 - lengths  # tf-keras's: a step counts from there on
        return [start < i for i in range(steps)]
    return [lengths > i for i in range(steps)]


def _time_major_mask(mask: Any, time_major: bool) -> torch.Tensor:
    """``mask`` as bool ``(T, N, ...)``."""
    mask = ops.cast(mask, "bool")
    return mask if time_major else mask.transpose(0, 1)


def _lined_up(mask: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``mask`` (whose axes are ``target``'s first ones) with trailing axes of size 1 up to
    ``target``'s rank, to broadcast against it (tf-keras tiles it so)."""
    return mask.reshape(*mask.shape, *[1] * (target.ndim - mask.ndim))
