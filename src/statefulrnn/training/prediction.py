"""``predict`` and ``predict_on_batch``: a loop of model calls, each batch's outputs copied once.

Arrays given as ``x`` are converted once (not copied when they are already C-ordered and in the
model's dtype), cut into batches of rows, and each batch's outputs are copied into one array
per output, made at the first batch for all the rows: no list of per-batch outputs and no
concatenation, so a long series costs its result plus one batch's outputs.

A call costs its model calls and copies plus a few microseconds, which shows when each call is
one step of a stream. The model's modules are walked once (`ModuleWalk`: the model's dtype, its
stateful batch size and the switch to inference mode all read that one list), and the walk is
kept on the model for the next call while every module it listed holds the same children and
parameters (`ModuleWalk.of`: one comparison by identity, about a third of a walk's cost; for a
model made only of statefulrnn's own modules, one test of the tree mark that every change of
their slots renews, `statefulrnn._tree_mark`). One
float array in the model's dtype that torch can share (C-ordered, or a slice of such an array)
and makes one batch, with nothing to call back (no
callbacks, ``verbose=0``, no ``steps``), takes the thinnest road, written out in `predict`: the
array shared as a tensor, one model call, its outputs copied, as few Python frames as can be (on
a cheap one-step model each line of our own shows). Other data that makes one batch is converted
first, then called the same way, as `predict_on_batch` does; otherwise callbacks are set up, and
their per-batch hooks run only when a callback defines them.

Ready-made batches (a generator, a `SequenceBatcher`) do not say how many rows they hold, so
their outputs are kept per batch and joined at the end (or regrouped per sequence).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import torch

from .. import _tree_mark
from .. import callbacks as callbacks_module
from ..layers.base import LEARNING_PHASE, MODE_SET
from ..state import StateStore
from .data import (
    Batch,
    BatchSource,
    EpochSteps,
    InputsByKey,
    as_called,
    as_input_batch,
    as_tensor,
    check_same_rows,
    check_steps,
    first_leaf,
    fixed_batch_size,
    is_batch_iterable,
    like,
    map_leaves,
    per_sequence,
    placement,
    resolve_batch_size,
    split_rows,
    to_device,
    to_tensors,
)
from .outputs import input_names
from .trainer import ModuleMode, call_model, model_inputs, verbosity

# What predict returns: one array per output, as the model returns its outputs (one, a list, a
# dict by key).
Predicted = np.ndarray | list[np.ndarray] | dict[str, np.ndarray]

# What runs one batch: ``step(model, x, mask, resets)`` -> outputs (`call_model`, or a model's own
# predict_step through `custom_steps.predicted`).
Step = Callable[[torch.nn.Module, Any, Any, Any], Any]


def predict(
    model: torch.nn.Module, x: Any, batch_size: int | None = None, verbose: int | str = "auto",
    steps: float | None = None, callbacks: Sequence[Any] | None = None, step: Step | None = None,
) -> Predicted:  # fmt: skip
    """Run ``model`` over ``x`` in batches, in inference mode; numpy results, as Keras's.

    ``x`` is one array, a list of arrays (one per input) or a dict by input name, or ready-made
    batches (a generator or other iterable of ``x``, ``(x,)``, ``(x, y)`` or
    ``(x, y, sample_weight)``, as Keras reads them; each ``x`` one array, a list or a dict);
    ``steps`` stops after that many batches. Given a `SequenceBatcher` (or its chunks), it
    honours their resets and masks and returns one array of per-step outputs for each
    sequence, in the order the sequences were given. ``step(model, x, mask, resets)``, where
    given, runs each batch instead of the model's call (a model's own ``predict_step``:
    `custom_steps.predicted`).

    Returns:
        One array per output, as the model returns its outputs: one array, a list of them, or a
        dict of them by key for a model whose outputs are a dict (Keras's ``predict``).

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
    walk = model.__dict__.get(_KEPT_WALK)
    if walk is None or walk.mark is not _tree_mark.current[0] or walk.model is not model:
        walk = ModuleWalk.of(model)  # `of`'s first test, written out here: its frame costs ~3 us
    if (
        type(x) is np.ndarray and verbose == 0 and steps is None and not callbacks and step is None
        and x.ndim and x.flags.writeable  # torch.from_numpy warns on a read-only array
    ):  # fmt: skip
        # The thinnest road, written out here rather than called (a frame costs ~2 us of a
        # one-step call, where the CPU's caches hold the model's call, not ours): one array in
        # the dtype of a CPU model of one input, shared as a tensor, that makes one batch. What
        # torch.from_numpy takes as it is (C-ordered, or a slice of a longer array, x[:, t : t + k],
        # how a series is fed chunk by chunk) is shared, as a layer call takes it: a copy costs
        # ~10 us a chunk, and each check of our own on a cold cache ~0.5 us. Anything else (a
        # negative stride, another byte order, not numbers, another dtype) takes the general
        # road below, with its conversions and checks.
        first, inputs = walk.first_floating, getattr(model, "_inputs", None)
        try:
            tensor = torch.from_numpy(x)
        except (TypeError, ValueError):
            tensor = None
        if (
            tensor is not None and first is not None and tensor.dtype == first.dtype and first.is_cpu
            and not (inputs and len(inputs) > 1)
        ):  # fmt: skip
            rows = x.shape[0]
            fixed = walk.batch_size  # as fixed_batch_size() gives it, without that method's frame
            if fixed != _DISAGREEING and 0 < rows <= resolve_batch_size(fixed, batch_size, rows, "predict"):
                return _one_call(walk, tensor)
    level, steps = verbosity(verbose), check_steps(steps, "steps")
    if type(x) is not np.ndarray and is_batch_iterable(x):  # an array, the common case, is not
        source = BatchSource.of_batches(x, as_input_batch)
        return _predict_batches(walk, source, level, steps, callbacks, step or call_model)
    dtype, device = walk.placement()
    x = _model_tensors(model, x, "predict", dtype)
    several, rows = isinstance(x, list), len(first_leaf(x))
    batch_size = resolve_batch_size(walk.fixed_batch_size(), batch_size, rows, "predict")
    if steps is None and 0 < rows <= batch_size and level == 0 and not callbacks and step is None:
        return _one_call(walk, _on(device, x))  # one batch of several inputs, or a tensor, say
    if steps is None and rows:  # cut once, as views: a batch costs its call and its copy
        parts: Iterable[Any] = (
            (like(x, part) for part in zip(*(split_rows(t, batch_size) for t in x)))
            if several
            else split_rows(x, batch_size)
        )
        count: int | None = -(-rows // batch_size)
    else:  # at most steps batches (Keras's warning when the data has fewer), or none at all
        epoch_steps = EpochSteps(BatchSource.of_arrays(x, None, batch_size, None), False, steps)
        parts, count = (batch.x for batch in epoch_steps.epoch()), epoch_steps.steps_per_epoch
        rows = rows if steps is None else min(rows, steps * batch_size)
    if first_leaf(x).device != device:  # the data stays where it was given; each batch moves
        parts = (to_device(device, xb)[0] for xb in parts)
    gathered = Gathered(rows)
    _run(walk, parts, count, level, callbacks, lambda xb: (xb, None, None), gathered.add, step or call_model)
    return gathered.result()


def predict_on_batch(model: torch.nn.Module, x: Any, step: Step | None = None) -> Predicted:
    """Keras's ``predict_on_batch``: one model call in inference mode, its outputs as numpy
    arrays (copies, which later calls leave alone). A stateful model given a multiple of its
    batch size runs `predict`'s batches. ``step`` as `predict`'s.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(1, input_shape=(2,), kernel_initializer="ones")])
        >>> predict_on_batch(model, np.ones((1, 2)))
        array([[2.]], dtype=float32)
    """
    walk = ModuleWalk.of(model)
    dtype, device = walk.placement()
    tensors = _model_tensors(model, x, "predict_on_batch", dtype)
    fixed = walk.fixed_batch_size()
    if step is not None or (fixed is not None and len(first_leaf(tensors)) != fixed):
        return predict(model, tensors, batch_size=len(first_leaf(tensors)), verbose=0, step=step)
    return _one_call(walk, _on(device, tensors))


def _one_call(walk: ModuleWalk, x: Any) -> Predicted:
    """The model's outputs for ``x`` (tensors, by input, on the model's device), called once in
    inference mode, as numpy arrays of their own: the model may hand out a tensor it keeps (a
    state)."""
    # Gradients off by torch's own switch (what set_grad_enabled and no_grad call, without the
    # object each makes: ~1-3 us of a one-step call), and not at all under torch.no_grad() already.
    if type(x) is InputsByKey:  # a subclassed model's dict (not `as_called`: a frame less)
        x = as_called(x)
    grad = torch.is_grad_enabled()
    if grad:
        _set_grad_enabled(False)
    try:
        if (
            walk.infers_unset
            and not LEARNING_PHASE[0]  # (0 is what they do unset)
            and not any(map(operator.contains, walk.attributes, _MODE_SET_EVERYWHERE))
        ):
            # Each layer of the model is one of ours that no train() or eval() has set and that
            # a direct call makes infer (Keras's default, the image augmentation layers aside,
            # and no K.set_learning_phase), so switching every module to inference and back
            # (~5 us of a one-step call) would change nothing it reads.
            outputs = walk.model(x)
        else:
            with ModuleMode(walk, False):
                outputs = walk.model(x)
    finally:
        if grad:
            _set_grad_enabled(True)
    # force: from any device (one copy to the CPU), and a tensor that needs grad is detached
    # A plain tensor (one output) is told by its type alone: isinstance against the containers
    # costs ~70 ns more of a one-step call
    if type(outputs) is not torch.Tensor and isinstance(outputs, (list, tuple, dict)):
        if isinstance(outputs, dict):  # a model whose outputs are a dict: a dict of arrays, as Keras
            return {key: np.array(output.numpy(force=True)) for key, output in outputs.items()}
        return [np.array(output.numpy(force=True)) for output in outputs]
    return np.array(outputs.numpy(force=True))


def _on(device: torch.device, x: Any) -> Any:
    """``x`` (a tensor or a list of them) on ``device``, moved only if it is not there."""
    return x if first_leaf(x).device == device else to_device(device, x)[0]


class ModuleWalk:
    """The modules of ``model``, listed by one plain walk, in ``model.modules()``'s order, with
    what a ``predict`` call reads from them noted on the way: the first floating parameter (the
    model's dtype and device) and the stateful layers' batch sizes.

    `ModuleMode` reads the list, and `placement` and `fixed_batch_size` read the notes, so a
    ``predict`` call walks the model once rather than three times through torch's generators
    (each ~3x the cost of this walk: ~10 us of a one-step call). `of` keeps the walk on the
    model (in its ``__dict__``, as its compiled trainer is kept) and, at each call, checks it
    against what the listed modules' child and parameter slots hold, so a layer added, removed
    or replaced anywhere in the tree, or a parameter registered or replaced, makes a new walk;
    what is read live at each call is read live (modes, parameters' dtype and device, stateful
    batch sizes). A tree made only of statefulrnn's own modules (layers, their lists, state
    stores) is not compared while the tree mark is what it was at the last check: each of
    them renews it when its slots change (see `statefulrnn._tree_mark`). A module removed from
    the model stays referenced by the kept walk until the next call.

    Example:
        >>> from statefulrnn import Dense, Sequential
        >>> model = Sequential([Dense(2, input_shape=(3,), dtype="float64")])
        >>> walk = ModuleWalk(model)
        >>> walk.modules() == list(model.modules()), walk.placement(), walk.fixed_batch_size()
        (True, (torch.float64, device(type='cpu')), None)
    """

    __slots__ = (
        "attributes", "batch_size", "first_floating", "infers_unset", "listed", "mark", "marked", "model",
        "own_classes", "slots", "stores",
    )  # fmt: skip

    @classmethod
    def of(cls, model: torch.nn.Module) -> ModuleWalk:
        """The walk of ``model``'s last call, while every module it listed holds the same
        children and parameters (the same objects, in the same order), else a new walk, kept."""
        walk = model.__dict__.get(_KEPT_WALK)
        if walk is not None and walk.model is model:  # not a shallow copy's
            # The mark vouches for a tree of modules that renew it (see _tree_mark); else every
            # child and parameter slot of the listed modules holds what it held then (compared
            # by identity, all in C: no tensor's ==), and from the root down, the same slots
            # give the same walk.
            if walk.mark is _tree_mark.current[0]:
                return walk
            slots = _slots(walk.attributes)
            if len(slots) == len(walk.slots) and all(map(operator.is_, slots, walk.slots)):
                walk.mark = _tree_mark.current[0] if walk.marked else None
                walk.batch_size = _common_batch_size(walk.stores)  # a store's size is set in place
                return walk
        walk = model.__dict__[_KEPT_WALK] = cls(model)
        return walk

    def __init__(self, model: torch.nn.Module) -> None:
        self.model, self.listed, self.stores = model, [], []
        self.first_floating: torch.nn.Parameter | None = None
        # Depth first with a stack, checked when taken: modules()'s order, a shared module
        # listed where first reached, and one frame for the whole walk.
        seen: set[torch.nn.Module] = set()
        stack = [model]
        while stack:
            module = stack.pop()
            if module is None or module in seen:  # None: a child slot set to None
                continue
            seen.add(module)
            self.listed.append(module)
            attributes = module.__dict__  # torch's own dicts: no Module.__getattr__, no generators
            if self.first_floating is None:
                for parameter in attributes["_parameters"].values():
                    if parameter is not None and parameter.is_floating_point():
                        self.first_floating = parameter
                        break
            if isinstance(module, StateStore):
                self.stores.append(module)
            stack.extend(reversed(attributes["_modules"].values()))
        self.attributes = [module.__dict__ for module in self.listed]
        # Whether every module is an instance of statefulrnn's own classes (no subclass of a
        # program's, no torch module), whose calls follow Keras's training default (see
        # `_one_call`), or one of torch's containers that hold them and are never called.
        self.own_classes = all(
            type(module) in _CONTAINERS or type(module).__module__.startswith("statefulrnn.")
            for module in self.listed
        )
        # ... and each of those infers when called without training= (the image augmentation
        # layers train then, as Keras's, and a Pipeline, whose call defaults to training).
        self.infers_unset = self.own_classes and not any(
            getattr(module, "trains_when_called", False) or getattr(module, "_training_by_default", False)
            for module in self.listed
        )
        # Whether every module renews the tree mark when its slots change: then, while the mark
        # is the one noted here, the tree is as walked (statefulrnn's own classes only: a
        # program's subclass may write torch's dicts itself).
        self.marked = all(
            type(module).__module__.startswith("statefulrnn.") and getattr(module, "renews_tree_mark", False)
            for module in self.listed
        )
        self.mark = _tree_mark.current[0] if self.marked else None
        # The stateful batch size, kept as long as the walk is: a store's size is set through
        # its __setattr__, which renews the mark, and an unmarked walk is checked at every call.
        self.batch_size = _common_batch_size(self.stores)
        self.slots = _slots(self.attributes)  # kept alive with the walk: compared by identity

    def modules(self) -> list[torch.nn.Module]:
        return self.listed

    def parameters(self) -> Iterator[torch.nn.Parameter]:
        return (p for module in self.listed for p in module._parameters.values() if p is not None)

    def placement(self) -> tuple[torch.dtype, torch.device]:
        """`placement` of the model (its first floating parameter's, read as the walk passed)."""
        first = self.first_floating
        return (first.dtype, first.device) if first is not None else placement(self)

    def fixed_batch_size(self) -> int | None:
        """`fixed_batch_size` of the model (None when nothing in it is stateful)."""
        if self.batch_size == _DISAGREEING:
            return fixed_batch_size(self)  # which raises, naming the sizes
        return self.batch_size


def _common_batch_size(stores: list[StateStore]) -> int | None:
    """The batch size of every store in ``stores``: None for none, `_DISAGREEING` where they differ."""
    size = stores[0].batch_size if stores else None
    for store in stores:  # a loop, not a set: no comprehension's frame
        if store.batch_size != size:
            return _DISAGREEING
    return size


_DISAGREEING = -1  # stateful layers of different batch sizes: `fixed_batch_size` raises
_CONTAINERS = (torch.nn.ModuleList, torch.nn.ModuleDict)
_set_grad_enabled = torch._C._set_grad_enabled
_MODE_SET_EVERYWHERE = repeat(MODE_SET)  # paired with each module's attributes by map
_KEPT_WALK = "_statefulrnn_predict_walk"  # the model's attribute that keeps its walk between calls
_CHILDREN_AND_PARAMETERS = operator.itemgetter("_modules", "_parameters")


def _slots(attributes: list[dict[str, Any]]) -> list[Any]:
    """What every child and parameter slot holds, in order (None included), of the modules
    whose ``__dict__``s are ``attributes``: read by item, which costs less than by attribute."""
    return list(
        chain.from_iterable(map(dict.values, chain.from_iterable(map(_CHILDREN_AND_PARAMETERS, attributes))))
    )


class Gathered:
    """Batch outputs copied into one numpy array per output, of ``rows`` rows, made at the first
    batch (its shapes and dtypes, the model's: float64 stays float64); one array, a list or a
    dict of arrays, as the batches' outputs are.

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
        self.keys: list[str] | None = None  # a dict of outputs' keys

    def add(self, outputs: Any) -> None:
        if isinstance(outputs, dict):
            self.keys, outputs = list(outputs), list(outputs.values())
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

    def result(self) -> Predicted:
        if self.arrays is None:
            raise ValueError("predict got no data: x has no rows, or the batches given are empty.")
        arrays = self.arrays if self.filled == self.rows else [array[: self.filled] for array in self.arrays]
        if self.keys is not None:
            return dict(zip(self.keys, arrays))
        return arrays if self.several else arrays[0]


def _model_tensors(model: torch.nn.Module, x: Any, method: str, dtype: torch.dtype) -> Any:
    """``x`` as the model takes it (one tensor, or a list by input), in ``dtype``, rows checked."""
    what, names = f"{method}'s x", input_names(model)
    if len(names) < 2 and isinstance(x, (np.ndarray, torch.Tensor)):
        # one array for a model of one input: nothing to match
        return as_tensor(x, what, dtype, keep_text=True)
    tensors = map_leaves(lambda v: as_tensor(v, what, dtype, keep_text=True), model_inputs(x, names, what))
    if isinstance(tensors, list):  # one tensor has nothing to compare
        check_same_rows(tensors, None, method)
    return tensors


def _predict_batches(
    walk: ModuleWalk, source: BatchSource, level: int, steps: int | None, callbacks: Any, step: Step
) -> Predicted:
    """`predict` over ready-made batches: outputs kept per batch and joined at the end, or
    regrouped per sequence for a `SequenceBatcher`'s chunks."""
    names = input_names(walk.model)
    dtype, device = walk.placement()
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
    _run(
        walk, epoch_steps.epoch(), epoch_steps.steps_per_epoch, level, callbacks, inputs, outputs.append, step
    )
    if not outputs:
        raise ValueError("predict got no data: the batches given are empty.")
    if chunks[0].sequence_ids is not None:
        return per_sequence(outputs, chunks)
    if isinstance(outputs[0], (list, tuple)):
        return [torch.cat(parts).cpu().numpy() for parts in zip(*outputs)]
    if isinstance(outputs[0], dict):
        return {key: torch.cat([batch[key] for batch in outputs]).cpu().numpy() for key in outputs[0]}
    return torch.cat(outputs).cpu().numpy()


def _run(
    walk: ModuleWalk, batches: Iterable[Any], count: int | None, level: int, callbacks: Any,
    inputs: Callable[[Any], tuple[Any, Any, Any]], add: Callable[[Any], None], step: Step,
) -> None:  # fmt: skip
    """The loop: for each of the (``count``, if known) ``batches``, ``inputs(batch)`` gives the
    model's ``(x, mask, resets)``, ``step`` runs them (`call_model`) and ``add`` takes its
    outputs; the callbacks' hooks around (when there are callbacks or a progress bar), all in
    inference mode."""
    model, callback_list, hooks = walk.model, None, False
    if callbacks or level > 0:
        callback_list = callbacks_module.CallbackList(
            callbacks, model=model, add_progbar=level > 0, verbose=level, epochs=1, steps=count
        )
        hooks = callback_list.overrides("on_predict_batch_begin", "on_predict_batch_end")
        callback_list.on_predict_begin()
    with ModuleMode(walk, False), torch.set_grad_enabled(False):
        for index, batch in enumerate(batches):
            if hooks:
                callback_list.on_predict_batch_begin(index)
            xb, mask, resets = inputs(batch)
            outputs = step(model, xb, mask, resets)
            add(outputs)
            if hooks:
                callback_list.on_predict_batch_end(index, {"outputs": outputs})
    if callback_list is not None:
        callback_list.on_predict_end()
