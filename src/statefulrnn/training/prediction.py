"""``predict`` and ``predict_on_batch``: a loop of model calls, each batch's outputs copied once.

Arrays given as ``x`` are converted once (not copied when they are already C-ordered and in the
model's dtype), cut into batches of rows, and each batch's outputs are copied into one array
per output, made at the first batch for all the rows: no list of per-batch outputs and no
concatenation, so a long series costs its result plus one batch's outputs, and a batch costs
the model call, the copy and a few microseconds. Callback hooks per batch run only when a
callback defines them (a progress bar with ``verbose=1`` does).

Ready-made batches (a generator, a `SequenceBatcher`) do not say how many rows they hold, so
their outputs are kept per batch and joined at the end (or regrouped per sequence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from .. import callbacks as callbacks_module
from .data import (
    Batch,
    BatchSource,
    EpochSteps,
    as_input_batch,
    as_tensor,
    check_same_rows,
    first_leaf,
    fixed_batch_size,
    is_batch_iterable,
    map_leaves,
    per_sequence,
    placement,
    resolve_batch_size,
    to_device,
    to_tensors,
)
from .outputs import input_names
from .trainer import call_model, model_inputs, module_mode, verbosity


def predict(
    model: torch.nn.Module, x: Any, batch_size: int | None = None, verbose: int | str = "auto",
    steps: int | None = None, callbacks: Sequence[Any] | None = None,
) -> np.ndarray | list[np.ndarray]:  # fmt: skip
    """Run ``model`` over ``x`` in batches, in inference mode; numpy results, as Keras's.

    ``x`` is one array, a list of arrays (one per input) or a dict by input name, or ready-made
    batches (a generator or other iterable of ``x``, ``(x,)``, ``(x, y)`` or
    ``(x, y, sample_weight)``, as Keras reads them; each ``x`` one array, a list or a dict);
    ``steps`` stops after that many batches. Given a `SequenceBatcher` (or its chunks), it
    honours their resets and masks and returns one array of per-step outputs for each
    sequence, in the order the sequences were given.

    Shapes:
        ``x`` ``(N, ...)`` -> each output ``(N, ...)``, in the model's dtype (``N`` cut to
        ``steps * batch_size`` rows with ``steps``).

    Raises:
        ValueError: no data, or batches whose outputs do not stack (see `Gathered`).

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(2, input_shape=(3,), kernel_initializer="ones")])
        >>> predict(model, np.ones((5, 3)), batch_size=2, verbose=0)
        array([[3., 3.],
               [3., 3.],
               [3., 3.],
               [3., 3.],
               [3., 3.]], dtype=float32)
    """
    level = verbosity(verbose)
    if is_batch_iterable(x):
        return _predict_batches(model, BatchSource.of_batches(x, as_input_batch), level, steps, callbacks)
    dtype, device = placement(model)
    x = _model_tensors(model, x, "predict", dtype)
    rows = len(first_leaf(x))
    batch_size = resolve_batch_size(fixed_batch_size(model), batch_size, rows, "predict")
    epoch_steps = EpochSteps(BatchSource.of_arrays(x, None, batch_size, None), False, steps)
    gathered = Gathered(rows if steps is None else min(rows, steps * batch_size))

    def inputs(batch: Batch) -> tuple[Any, Any, Any]:
        xb = batch.x  # cut from the tensors made above, by input
        if first_leaf(xb).device != device:  # the data stays where it was given; each batch moves
            xb = to_device(device, xb)[0]
        return xb, None, None

    _run(model, epoch_steps, level, callbacks, inputs, gathered.add)
    return gathered.result()


def predict_on_batch(model: torch.nn.Module, x: Any) -> np.ndarray | list[np.ndarray]:
    """Keras's ``predict_on_batch``: one model call in inference mode, its outputs as numpy
    arrays (copies, which later calls leave alone). A stateful model given a multiple of its
    batch size runs `predict`'s batches.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,), kernel_initializer="ones")])
        >>> predict_on_batch(model, np.ones((1, 2)))
        array([[2.]], dtype=float32)
    """
    dtype, device = placement(model)
    tensors = _model_tensors(model, x, "predict_on_batch", dtype)
    rows, fixed = first_leaf(tensors).shape[0], fixed_batch_size(model)
    if fixed is not None and rows != fixed:
        return predict(model, tensors, verbose=0)
    gathered = Gathered(rows)
    with module_mode(model, False), torch.no_grad():
        if first_leaf(tensors).device != device:
            tensors = to_device(device, tensors)[0]
        gathered.add(call_model(model, tensors, None, None))
    return gathered.result()


class Gathered:
    """Batch outputs copied into one CPU array per output, of ``rows`` rows, made at the first
    batch (its shapes and dtypes, the model's: float64 stays float64).

    Raises:
        ValueError: a batch whose outputs have another shape per row than the first's, or
            more rows than ``rows`` in all.

    Example:
        >>> gathered = Gathered(3)
        >>> gathered.add(torch.zeros(2, 4))
        >>> gathered.add(torch.ones(1, 4))
        >>> gathered.result().sum(axis=1)
        array([0., 0., 4.], dtype=float32)
    """

    def __init__(self, rows: int) -> None:
        self.rows, self.filled = rows, 0
        self.arrays: list[torch.Tensor] | None = None
        self.several = False

    def add(self, outputs: Any) -> None:
        parts = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        if self.arrays is None:
            self.several = isinstance(outputs, (list, tuple))
            self.arrays = [torch.empty((self.rows, *part.shape[1:]), dtype=part.dtype) for part in parts]
        stop = self.filled + parts[0].shape[0]
        for index, (array, part) in enumerate(zip(self.arrays, parts)):
            if part.shape[1:] != array.shape[1:] or stop > self.rows or part.shape[0] != parts[0].shape[0]:
                raise ValueError(
                    f"predict stacks the batches' outputs into one array per output, {self.rows} rows of "
                    f"shape {tuple(array.shape[1:])} for output {index} (from the first batch). Received: "
                    f"an output {index} of shape {tuple(part.shape)} after {self.filled} rows"
                )
            array[self.filled : stop].copy_(part)  # from the model's device, in one copy
        self.filled = stop

    def result(self) -> np.ndarray | list[np.ndarray]:
        if self.arrays is None:
            raise ValueError("predict got no data: x has no rows, or the batches given are empty.")
        arrays = [array[: self.filled].numpy() for array in self.arrays]
        return arrays if self.several else arrays[0]


def _model_tensors(model: torch.nn.Module, x: Any, method: str, dtype: torch.dtype) -> Any:
    """``x`` as the model takes it (one tensor, or a list by input), in ``dtype``, rows checked."""
    what = f"{method}'s x"
    tensors = map_leaves(lambda v: as_tensor(v, what, dtype), model_inputs(x, input_names(model), what))
    check_same_rows(tensors, None, method)
    return tensors


def _predict_batches(
    model: torch.nn.Module, source: BatchSource, level: int, steps: int | None, callbacks: Any
) -> np.ndarray | list[np.ndarray]:
    """`predict` over ready-made batches: outputs kept per batch and joined at the end, or
    regrouped per sequence for a `SequenceBatcher`'s chunks."""
    names = input_names(model)
    dtype, device = placement(model)
    chunks: list[Batch] = []

    def inputs(batch: Batch) -> tuple[Any, Any, Any]:
        batch = batch._replace(x=model_inputs(batch.x, names, "predict's x"))
        chunks.append(batch)
        xb, _, mask, resets = to_tensors(batch, dtype)
        if first_leaf(xb).device != device:
            xb, mask, resets = to_device(device, xb, mask, resets)
        return xb, mask, resets

    outputs: list[Any] = []
    _run(model, EpochSteps(source, False, steps), level, callbacks, inputs, outputs.append)
    if not outputs:
        raise ValueError("predict got no data: the batches given are empty.")
    if chunks[0].sequence_ids is not None:
        return per_sequence(outputs, chunks)
    if isinstance(outputs[0], (list, tuple)):
        return [torch.cat(parts).cpu().numpy() for parts in zip(*outputs)]
    return torch.cat(outputs).cpu().numpy()


def _run(
    model: torch.nn.Module, epoch_steps: EpochSteps, level: int, callbacks: Any,
    inputs: Callable[[Batch], tuple[Any, Any, Any]], add: Callable[[Any], None],
) -> None:  # fmt: skip
    """The loop: for each batch, ``inputs(batch)`` gives the model's ``(x, mask, resets)`` and
    ``add`` takes its outputs; the callbacks' hooks around, in inference mode."""
    callback_list = callbacks_module.CallbackList(
        callbacks, model=model, add_progbar=level > 0, verbose=level, epochs=1,
        steps=epoch_steps.steps_per_epoch,
    )  # fmt: skip
    hooks = callback_list.overrides("on_predict_batch_begin", "on_predict_batch_end")
    callback_list.on_predict_begin()
    with module_mode(model, False), torch.no_grad():
        for step, batch in enumerate(epoch_steps.epoch()):
            if hooks:
                callback_list.on_predict_batch_begin(step)
            xb, mask, resets = inputs(batch)
            outputs = call_model(model, xb, mask, resets)
            add(outputs)
            if hooks:
                callback_list.on_predict_batch_end(step, {"outputs": outputs})
    callback_list.on_predict_end()
