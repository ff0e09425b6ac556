"""``predict`` and ``predict_on_batch``: a loop of model calls, each batch's outputs copied once.

Arrays given as ``x`` are converted once (not copied when they are already C-ordered and in the
model's dtype), cut into batches of rows, and each batch's outputs are copied into one array
per output, made at the first batch for all the rows: no list of per-batch outputs and no
concatenation, so a long series costs its result plus one batch's outputs.

A call costs its model calls and copies plus a few microseconds, which shows when each call is
one step of a stream. The model's modules are walked once per call (`ModuleWalk`: the model's
dtype, its stateful batch size and the switch to inference mode all read that one list). Data
that makes one batch, with nothing to call back (no callbacks, ``verbose=0``), is one model
call whose outputs are copied as they are, as `predict_on_batch` does; otherwise callbacks are
set up, and their per-batch hooks run only when a callback defines them.

Ready-made batches (a generator, a `SequenceBatcher`) do not say how many rows they hold, so
their outputs are kept per batch and joined at the end (or regrouped per sequence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
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
from .trainer import ModuleMode, call_model, model_inputs, verbosity


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
    walk = ModuleWalk(model)
    if is_batch_iterable(x):
        return _predict_batches(walk, BatchSource.of_batches(x, as_input_batch), level, steps, callbacks)
    dtype, device = placement(walk)
    x = _model_tensors(model, x, "predict", dtype)
    several, rows = isinstance(x, list), len(first_leaf(x))
    batch_size = resolve_batch_size(fixed_batch_size(walk), batch_size, rows, "predict")
    if steps is None and 0 < rows <= batch_size and level == 0 and not callbacks:
        return _one_call(walk, x, device)  # a chunk of a stream, say: one call, nothing to call back
    if steps is None and rows:  # cut once, as views: a batch costs its call and its copy
        parts: Iterable[Any] = (
            map(list, zip(*(t.split(batch_size) for t in x))) if several else x.split(batch_size)
        )
        count: int | None = -(-rows // batch_size)
    else:  # at most steps batches (Keras's warning when the data has fewer), or none at all
        epoch_steps = EpochSteps(BatchSource.of_arrays(x, None, batch_size, None), False, steps)
        parts, count = (batch.x for batch in epoch_steps.epoch()), epoch_steps.steps_per_epoch
        rows = rows if steps is None else min(rows, steps * batch_size)
    if first_leaf(x).device != device:  # the data stays where it was given; each batch moves
        parts = (to_device(device, xb)[0] for xb in parts)
    gathered = Gathered(rows)
    _run(walk, parts, count, level, callbacks, lambda xb: (xb, None, None), gathered.add)
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
    walk = ModuleWalk(model)
    dtype, device = placement(walk)
    tensors = _model_tensors(model, x, "predict_on_batch", dtype)
    fixed = fixed_batch_size(walk)
    if fixed is not None and len(first_leaf(tensors)) != fixed:
        return predict(model, tensors, verbose=0)
    return _one_call(walk, tensors, device)


def _one_call(walk: ModuleWalk, x: Any, device: torch.device) -> np.ndarray | list[np.ndarray]:
    """The model's outputs for ``x`` (tensors, by input), called once in inference mode, as
    numpy arrays of their own: the model may hand out a tensor it keeps (a state)."""
    # set_grad_enabled(False) is no_grad at half its cost (~1 us of a one-step call)
    with ModuleMode(walk, False), torch.set_grad_enabled(False):
        outputs = walk.model(to_device(device, x)[0] if first_leaf(x).device != device else x)
    # force: from any device (one copy to the CPU), and a tensor that needs grad is detached
    if isinstance(outputs, (list, tuple)):
        return [np.array(output.numpy(force=True)) for output in outputs]
    return np.array(outputs.numpy(force=True))


class ModuleWalk:
    """The modules of ``model``, listed by one plain walk, in ``model.modules()``'s order.

    `placement`, `fixed_batch_size` and `ModuleMode` read a model through its ``modules()``
    and ``parameters()``; given this walk instead, they read one list, so a ``predict`` call
    walks the model once rather than three times through torch's generators (~3x the cost of
    this walk each: ~10 us of a one-step call). Not kept between calls: a call sees the model
    as it is then (layers added, weights moved or cast), with nothing to invalidate.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(2, input_shape=(3,))])
        >>> ModuleWalk(model).modules() == list(model.modules())
        True
    """

    def __init__(self, model: torch.nn.Module) -> None:
        self.model = model
        seen: dict[torch.nn.Module, None] = {}  # insertion-ordered, and a shared module is listed once
        _walk(model, seen)
        self.listed = list(seen)

    def modules(self) -> list[torch.nn.Module]:
        return self.listed

    def parameters(self) -> Iterator[torch.nn.Parameter]:
        return (p for module in self.listed for p in module._parameters.values() if p is not None)


def _walk(module: torch.nn.Module, seen: dict[torch.nn.Module, None]) -> None:
    seen[module] = None
    for child in module._modules.values():
        if child is not None and child not in seen:
            _walk(child, seen)


class Gathered:
    """Batch outputs copied into one numpy array per output, of ``rows`` rows, made at the first
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
        self.arrays: list[np.ndarray] | None = None
        self.several = False

    def add(self, outputs: Any) -> None:
        several = isinstance(outputs, (list, tuple))
        # force: from any device (one copy to the CPU), and a tensor that needs grad is detached
        parts = [part.numpy(force=True) for part in outputs] if several else [outputs.numpy(force=True)]
        if self.arrays is None:
            self.several = several
            self.arrays = [np.empty((self.rows, *part.shape[1:]), part.dtype) for part in parts]
        stop = self.filled + parts[0].shape[0]
        for index, (array, part) in enumerate(zip(self.arrays, parts)):
            if part.shape[1:] != array.shape[1:] or stop > self.rows or part.shape[0] != parts[0].shape[0]:
                raise ValueError(
                    f"predict stacks the batches' outputs into one array per output, {self.rows} rows of "
                    f"shape {array.shape[1:]} for output {index} (from the first batch). Received: "
                    f"an output {index} of shape {part.shape} after {self.filled} rows"
                )
            array[self.filled : stop] = part
        self.filled = stop

    def result(self) -> np.ndarray | list[np.ndarray]:
        if self.arrays is None:
            raise ValueError("predict got no data: x has no rows, or the batches given are empty.")
        arrays = self.arrays if self.filled == self.rows else [array[: self.filled] for array in self.arrays]
        return arrays if self.several else arrays[0]


def _model_tensors(model: torch.nn.Module, x: Any, method: str, dtype: torch.dtype) -> Any:
    """``x`` as the model takes it (one tensor, or a list by input), in ``dtype``, rows checked."""
    what, names = f"{method}'s x", input_names(model)
    if len(names) < 2 and isinstance(x, (np.ndarray, torch.Tensor)):
        return as_tensor(x, what, dtype)  # one array for a model of one input: nothing to match
    tensors = map_leaves(lambda v: as_tensor(v, what, dtype), model_inputs(x, names, what))
    if isinstance(tensors, list):  # one tensor has nothing to compare
        check_same_rows(tensors, None, method)
    return tensors


def _predict_batches(
    walk: ModuleWalk, source: BatchSource, level: int, steps: int | None, callbacks: Any
) -> np.ndarray | list[np.ndarray]:
    """`predict` over ready-made batches: outputs kept per batch and joined at the end, or
    regrouped per sequence for a `SequenceBatcher`'s chunks."""
    names = input_names(walk.model)
    dtype, device = placement(walk)
    chunks: list[Batch] = []

    def inputs(batch: Batch) -> tuple[Any, Any, Any]:
        batch = batch._replace(x=model_inputs(batch.x, names, "predict's x"))
        chunks.append(batch)
        xb, _, mask, resets = to_tensors(batch, dtype)
        if first_leaf(xb).device != device:
            xb, mask, resets = to_device(device, xb, mask, resets)
        return xb, mask, resets

    outputs: list[Any] = []
    epoch_steps = EpochSteps(source, False, steps)
    _run(walk, epoch_steps.epoch(), epoch_steps.steps_per_epoch, level, callbacks, inputs, outputs.append)
    if not outputs:
        raise ValueError("predict got no data: the batches given are empty.")
    if chunks[0].sequence_ids is not None:
        return per_sequence(outputs, chunks)
    if isinstance(outputs[0], (list, tuple)):
        return [torch.cat(parts).cpu().numpy() for parts in zip(*outputs)]
    return torch.cat(outputs).cpu().numpy()


def _run(
    walk: ModuleWalk, batches: Iterable[Any], count: int | None, level: int, callbacks: Any,
    inputs: Callable[[Any], tuple[Any, Any, Any]], add: Callable[[Any], None],
) -> None:  # fmt: skip
    """The loop: for each of the (``count``, if known) ``batches``, ``inputs(batch)`` gives the
    model's ``(x, mask, resets)`` and ``add`` takes its outputs; the callbacks' hooks around
    (when there are callbacks or a progress bar), all in inference mode."""
    model, callback_list, hooks = walk.model, None, False
    if callbacks or level > 0:
        callback_list = callbacks_module.CallbackList(
            callbacks, model=model, add_progbar=level > 0, verbose=level, epochs=1, steps=count
        )
        hooks = callback_list.overrides("on_predict_batch_begin", "on_predict_batch_end")
        callback_list.on_predict_begin()
    with ModuleMode(walk, False), torch.set_grad_enabled(False):
        for step, batch in enumerate(batches):
            if hooks:
                callback_list.on_predict_batch_begin(step)
            xb, mask, resets = inputs(batch)
            outputs = call_model(model, xb, mask, resets)
            add(outputs)
            if hooks:
                callback_list.on_predict_batch_end(step, {"outputs": outputs})
    if callback_list is not None:
        callback_list.on_predict_end()
