"""Turning ``x``/``y`` arrays into the batches ``fit``, ``evaluate`` and ``predict`` step through.

Rows stay in order: for a stateful model, row i of batch k continues row i of batch k-1, so a
batch size must divide the rows exactly and shuffling is refused.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import torch

from .._arrays import tensor_copy
from .._checks import positive_int
from .._text import is_text
from ..data.py_dataset import PyDataset, epoch_batches
from ..state import StateStore


def as_tensor(
    data: Any, what: str, dtype: torch.dtype = torch.float32, keep_text: bool = False
) -> torch.Tensor | np.ndarray:
    """A numpy array, tensor or nested list as a tensor; floats and booleans become ``dtype``
    (the model's: see `placement`), integers stay integers (class labels, token ids). With
    ``keep_text`` (a model's inputs), strings stay a numpy array (see `statefulrnn._text`).

    A tensor, or a writable array already in ``dtype`` that `torch.from_numpy` can share (see
    `shareable`: a slice such as ``x[:, t : t + k]`` too), is used as it is, not copied (the loops
    only read their data: a long series is not held twice).

    Example:
        >>> array = np.zeros((2, 3), dtype=np.float32)
        >>> as_tensor(array, "x").data_ptr() == array.ctypes.data
        True
    """
    if isinstance(data, torch.Tensor):
        tensor = data
    else:
        array = np.asarray(data)
        if array.dtype.kind not in "biuf":
            if keep_text and is_text(array):
                return array
            raise TypeError(f"{what} must hold numbers. Received: an array of dtype {array.dtype}")
        tensor = torch.from_numpy(array) if shareable(array) else tensor_copy(array)
    if tensor.dtype == dtype or not (tensor.is_floating_point() or tensor.dtype == torch.bool):
        return tensor  # .to() to a tensor's own dtype still costs ~1.5 us: a sixth of a small predict
    return tensor.to(dtype)


def shareable(array: np.ndarray) -> bool:
    """Whether `torch.from_numpy` takes ``array`` as it is, sharing its memory: writable (it
    warns on a read-only array), in the machine's byte order (it refuses another: big-endian
    floats read from a file) and with strides that are non-negative multiples of the item size,
    as a C-ordered array or any slice of one has (a reversed view has a negative stride).

    Example:
        >>> x = np.zeros((4, 100, 3), dtype=np.float32)
        >>> shareable(x[:, 10:20]), shareable(x[:, ::-1]), shareable(np.broadcast_to(x, (2, 4, 100, 3)))
        (True, False, False)
    """
    flags = array.flags
    if not array.dtype.isnative:
        return False
    if flags.c_contiguous or not flags.writeable:
        return flags.writeable
    size = array.itemsize
    return all(stride >= 0 and stride % size == 0 for stride in array.strides)


def placement(model: torch.nn.Module) -> tuple[torch.dtype, torch.device]:
    """The floating dtype and the device ``model`` computes in, which its data is given in:
    those of its first floating parameter, or (not built yet) its layers' declared ``dtype``
    (else float32) on the CPU.

    Example:
        >>> from statefulrnn import Dense
        >>> placement(Dense(2, input_shape=(3,), dtype="float64"))
        (torch.float64, device(type='cpu'))
    """
    for parameter in model.parameters():
        if parameter.is_floating_point():
            return parameter.dtype, parameter.device
    for module in model.modules():
        declared = module.__dict__.get("torch_dtype")
        if isinstance(declared, torch.dtype) and declared.is_floating_point:
            return declared, torch.device("cpu")
    return torch.float32, torch.device("cpu")


def to_device(device: torch.device, *data: Any) -> tuple[Any, ...]:
    """Each of ``data`` (a tensor, a list of them, or None) on ``device``: a batch goes to the
    model's device one batch at a time, so that the whole data need not fit on it. Text (a
    numpy array of strings, see `statefulrnn._text`) stays where it is, for the layer that
    reads it.

    Example:
        >>> to_device(torch.device("cpu"), torch.zeros(2), [torch.ones(1), None], None)
        (tensor([0., 0.]), [tensor([1.]), None], None)
    """

    def moved(leaf: Any) -> Any:
        return leaf.to(device, non_blocking=True) if isinstance(leaf, torch.Tensor) else leaf

    return tuple(map_leaves(moved, item) for item in data)


def fixed_batch_size(model: torch.nn.Module) -> int | None:
    """The batch size a stateful model is built for (None when nothing in it is stateful)."""
    # A plain walk: named_state_stores also builds each layer's path, ~4x the cost per predict call.
    sizes = {module.batch_size for module in model.modules() if isinstance(module, StateStore)}
    if len(sizes) > 1:
        raise ValueError(f"The stateful layers of this model have different batch sizes {sorted(sizes)}.")
    return sizes.pop() if sizes else None


def resolve_batch_size(fixed: int | None, batch_size: int | None, rows: int, what: str) -> int:
    """Keras's ``batch_size`` (default 32), or the stateful model's own (``fixed``, from
    `fixed_batch_size`; None for a model that is not stateful), checked against ``rows``.

    Raises:
        ValueError: a batch size other than a stateful model's, or rows it does not divide.
    """
    if fixed is None:
        if batch_size is None:
            return 32
        if type(batch_size) is not int or batch_size < 1:  # numpy's integers too, as Keras takes them
            batch_size = positive_int("batch_size", batch_size)
        return batch_size
    if batch_size is not None and batch_size != fixed:
        raise ValueError(
            f"{what} got batch_size={batch_size}, but the model is stateful with batch size {fixed}: "
            f"row i of each batch continues row i of the batch before. Pass batch_size={fixed} or leave "
            f"it out."
        )
    if rows % fixed:
        raise ValueError(
            f"{what} got {rows} samples, which batches of {fixed} (the stateful model's batch size) do "
            f"not divide: {rows // fixed} full batches and {rows % fixed} rows left over. A short last "
            f"batch would have no state rows to continue; trim or pad the data to a multiple of {fixed}."
        )
    return fixed


class InputsByKey(list):
    """A dict of inputs for a model that takes the dict itself (a subclassed Model whose call
    reads ``inputs["left"]``): its arrays in the dict's order, carried through batching as any
    list of inputs is, with their ``keys``; `as_called` makes the dict again for the call, as
    Keras hands it over.

    Example:
        >>> as_called(InputsByKey([1, 2], ["left", "right"]))
        {'left': 1, 'right': 2}
    """

    def __init__(self, items: Iterable[Any], keys: Sequence[Any]) -> None:
        super().__init__(items)
        self.keys = list(keys)


def as_called(x: Any) -> Any:
    """``x`` as the model's call takes it: the dict again for `InputsByKey`, else as it is."""
    return dict(zip(x.keys, x)) if type(x) is InputsByKey else x


def like(data: list[Any], items: Iterable[Any]) -> list[Any]:
    """``items`` as a list of the kind ``data`` is (an `InputsByKey` keeps its keys)."""
    return InputsByKey(items, data.keys) if type(data) is InputsByKey else list(items)


def map_leaves(fn: Callable[[Any], Any], data: Any) -> Any:
    """``fn`` applied to ``data``, or to each entry of a list of arrays (one per input or
    output); None stays None."""
    if isinstance(data, list):
        return like(data, [None if item is None else fn(item) for item in data])
    return None if data is None else fn(data)


def split_rows(data: torch.Tensor | np.ndarray, size: int) -> Sequence[Any]:
    """``data`` cut into views of ``size`` rows (the last may hold fewer): a tensor's
    ``split``, or slices of a numpy array of text (see `statefulrnn._text`).

    Example:
        >>> [len(part) for part in split_rows(np.array(["a", "b", "c"], dtype=object), 2)]
        [2, 1]
    """
    if isinstance(data, torch.Tensor):
        return data.split(size)
    return [data[start : start + size] for start in range(0, len(data), size)]


def first_leaf(data: Any) -> Any:
    """The first array of ``data`` (one array, or a list of them): the one that gives the
    number of samples and steps."""
    return data[0] if isinstance(data, list) else data


def check_same_rows(x: Any, y: Any, what: str, sample_weight: Any = None) -> None:
    """Every array of ``x``, ``y`` and ``sample_weight`` (each one array or a list) has the same
    number of samples.

    Raises:
        ValueError: two that differ, named.
    """
    rows = []
    for name, data in (("x", x), ("y", y), ("sample_weight", sample_weight)):
        if isinstance(data, list):
            rows += [(f"{name}[{i}]", len(item)) for i, item in enumerate(data) if item is not None]
        elif data is not None:
            rows.append((name, len(data)))
    for name, count in rows[1:]:
        if count != rows[0][1]:
            raise ValueError(
                f"{what} got {rows[0][0]} with {rows[0][1]} samples and {name} with {count}; they must match."
            )


class Batch(NamedTuple):
    """One step's data: inputs, targets, and the per-step flags of a `SequenceBatcher` chunk."""

    x: Any
    y: Any
    mask: Any = None  # bool (N, T): False on padded steps
    resets: Any = None  # bool (N, T): True where a new sequence starts
    starts: bool = False  # the first chunk of whole sequences: reset every state first
    sequence_ids: Any = None  # int (N, T), -1 on padding: which sequence each step belongs to
    positions: Any = None  # int (N, T): the step's index within its sequence
    sample_weight: Any = None  # (N,) or (N, T) per output (a list), or one array for all
    # x, y and sample_weight are tensors already, by input and output as the model takes them
    # (cut from arrays fit checked once), so a training step takes them as they are.
    standard: bool = False


def batches(
    x: Any, y: Any, batch_size: int, chunk_length: int | None = None, sample_weight: Any = None
) -> Iterator[Batch]:
    """`standard` batches in order (``x``, ``y`` and ``sample_weight`` each one tensor or a list
    of them, by input and output as the model takes them).

    With ``chunk_length``, each batch of rows is further cut along time into chunks of that many
    steps (truncated BPTT over whole sequences); ``starts`` marks the first chunk of a batch of
    rows, where the sequences begin. Per-step sample weights ``(N, T)`` are cut along time too.

    Example:
        >>> x, y = torch.zeros(4, 5, 1), torch.ones(4, 5, 1)
        >>> [(tuple(b.x.shape), b.starts) for b in batches(x, [y], 2, chunk_length=3)]
        [((2, 3, 1), True), ((2, 2, 1), False), ((2, 3, 1), True), ((2, 2, 1), False)]
    """
    for start in range(0, len(first_leaf(x)), batch_size):
        rows = slice(start, start + batch_size)
        xs, ys, weights = take(x, rows), take(y, rows), take(sample_weight, rows)
        if chunk_length is None:
            yield Batch(xs, ys, sample_weight=weights, standard=True)
            continue
        count = -(-first_leaf(xs).shape[1] // chunk_length)
        pieces = zip(*(steps_cut(part, chunk_length, count) for part in (xs, ys, weights)))
        for index, (x_chunk, y_chunk, weight_chunk) in enumerate(pieces):
            yield Batch(x_chunk, y_chunk, None, None, index == 0, None, None, weight_chunk, True)


def steps_cut(data: Any, chunk_length: int, count: int) -> list[Any]:
    """``data`` (a tensor, a list of them, or None) cut into ``count`` chunks of ``chunk_length``
    steps along axis 1: ``data[:, t:t + chunk_length]``, as views. A tensor of one value per
    sample (per-sample weights ``(N,)``) is the same in every chunk.

    One ``split`` per tensor rather than an index per chunk: ~4 us less per chunk, a few
    percent of a small training step.

    Example:
        >>> chunks = steps_cut([torch.zeros(2, 5), None], 3, 2)
        >>> [[t if t is None else tuple(t.shape) for t in chunk] for chunk in chunks]
        [[(2, 3), None], [(2, 2), None]]
    """
    if isinstance(data, list):
        columns = [steps_cut(item, chunk_length, count) for item in data]
        return [like(data, chunk) for chunk in zip(*columns)] if columns else [[] for _ in range(count)]
    if data is None or data.ndim < 2:
        return [data] * count
    parts = data.split(chunk_length, dim=1)
    if len(parts) == count:
        return list(parts)
    # An input whose axis 1 is not time (one of several inputs): cut as the time axis is, as before.
    return [data[:, t : t + chunk_length] for t in range(0, count * chunk_length, chunk_length)]


def take(data: Any, index: Any) -> Any:
    """``data[index]`` for one tensor or each of a list of them."""
    return map_leaves(lambda tensor: tensor[index], data)


def as_batch(item: Any) -> Batch:
    """A ready-made batch: an ``(x, y)`` pair, an ``(x, y, sample_weight)`` triple (a list
    counts as a tuple, as a torch ``DataLoader`` yields them), ``(x,)`` or ``x`` alone (an array,
    tensor or dict by input name, as Keras's `unpack_x_y_sample_weight` reads it: for a model
    whose layers ``add_loss`` its loss, or with its own train_step), or a chunk with ``x, y,
    mask, resets`` fields."""
    if all(hasattr(item, field) for field in ("x", "y", "mask", "resets")):
        ids = getattr(item, "sequence_ids", None), getattr(item, "positions", None)
        return Batch(item.x, item.y, item.mask, item.resets, False, *ids)
    if isinstance(item, (tuple, list)) and len(item) in (1, 2, 3):
        x, y, sample_weight = unpack_x_y_sample_weight(item)
        return Batch(x, y, sample_weight=sample_weight)
    if isinstance(item, (torch.Tensor, np.ndarray, dict)):
        return Batch(item, None)
    raise ValueError(
        f"Each batch must be an (x, y) pair, an (x, y, sample_weight) triple, the inputs alone or a "
        f"SequenceBatcher chunk. Received: {type(item).__name__}"
    )


def unpack_x_y_sample_weight(data: Any) -> tuple[Any, Any, Any]:
    """Keras's ``keras.utils.unpack_x_y_sample_weight``: ``x``, ``(x,)``, ``(x, y)`` or ``(x, y,
    sample_weight)`` (a list counts as a tuple) as ``(x, y, sample_weight)``, None for what is
    absent.

    Raises:
        ValueError: a tuple of another length.

    Example:
        >>> unpack_x_y_sample_weight(("x", "y")), unpack_x_y_sample_weight("x")
        (('x', 'y', None), ('x', None, None))
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) not in (1, 2, 3):
        raise ValueError(
            f"Data is expected as x, (x,), (x, y) or (x, y, sample_weight), as in Keras. Received: a "
            f"{type(data).__name__} of {len(data)}"
        )
    return (*data, *[None] * (3 - len(data)))


def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """Keras's ``keras.utils.pack_x_y_sample_weight``, the inverse of `unpack_x_y_sample_weight`:
    ``x`` alone where there is no ``y`` (``(x,)`` for an ``x`` that is a tuple or list, which
    would otherwise read as ``(x, y)``), else ``(x, y)`` or ``(x, y, sample_weight)``.

    Example:
        >>> pack_x_y_sample_weight("x"), pack_x_y_sample_weight(["a", "b"]), pack_x_y_sample_weight("x", "y")
        ('x', (['a', 'b'],), ('x', 'y'))
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    return (x, y) if sample_weight is None else (x, y, sample_weight)


def as_input_batch(item: Any) -> Batch:
    """A ready-made batch for ``predict``, read as Keras reads it (`unpack_x_y_sample_weight`):
    ``x`` alone, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` (a list counts as a tuple);
    only ``x`` is kept. A `SequenceBatcher` chunk keeps its mask and resets.

    Raises:
        ValueError: a tuple of another length.

    Example:
        >>> [as_input_batch(item).x for item in ("x", ("x",), ("x", "y"), ["x", "y", "w"])]
        ['x', 'x', 'x', 'x']
    """
    if all(hasattr(item, field) for field in ("x", "y", "mask", "resets")):
        return as_batch(item)
    try:
        x, _, _ = unpack_x_y_sample_weight(item)
    except ValueError as error:
        raise ValueError(f"Each batch for predict: {error}") from None
    return Batch(x, None)


def count_steps(rows: int, batch_size: int, steps: int, chunk_length: int | None) -> int:
    batches_of_rows = -(-rows // batch_size)
    return batches_of_rows * (1 if chunk_length is None else -(-steps // chunk_length))


def is_batch_iterable(x: Any) -> bool:
    """Whether ``x`` gives ready-made batches (a batcher, a list of ``(x, y)`` pairs) rather than
    being arrays (one, a list or tuple of them for several inputs, a dict by input name)."""
    return (
        not isinstance(x, (torch.Tensor, np.ndarray, dict))
        and isinstance(x, Iterable)
        and not (isinstance(x, list) and x and not isinstance(x[0], tuple))
        and not (isinstance(x, tuple) and x and isinstance(x[0], (torch.Tensor, np.ndarray)))
    )


@dataclass
class BatchSource:
    """Where an epoch's batches come from: arrays cut in order, or batches given as they are."""

    epoch_batches: Callable[[bool], Iterator[Batch]]
    steps: int | None
    shuffles: bool = True  # fit shuffles it by default (arrays and a PyDataset; not other batches)

    def epoch(self, shuffle: bool) -> Iterator[Batch]:
        return self.epoch_batches(shuffle)

    @classmethod
    def of_arrays(
        cls, x: Any, y: Any, batch_size: int, chunk_length: int | None, sample_weight: Any = None
    ) -> BatchSource:
        """Batches cut in order from ``x``, ``y`` and ``sample_weight`` (each a tensor or a list
        of tensors, one per input or output)."""

        def epoch(shuffle: bool) -> Iterator[Batch]:
            if shuffle:
                order = torch.randperm(len(first_leaf(x)))
                shuffled = take(sample_weight, order)
                return batches(take(x, order), take(y, order), batch_size, chunk_length, shuffled)
            return batches(x, y, batch_size, chunk_length, sample_weight)

        head = first_leaf(x)
        steps = head.shape[1] if head.ndim > 1 else 1
        return cls(epoch, count_steps(len(head), batch_size, steps, chunk_length))

    @classmethod
    def of_batches(cls, given: Iterable[Any], read: Callable[[Any], Batch] = as_batch) -> BatchSource:
        """Batches in the given order, each item read by ``read`` (`as_batch`; `as_input_batch`
        for ``predict``). A list serves every epoch; a `SequenceBatcher` gives one epoch per
        iteration and keeps its own position and shuffle order. A `PyDataset` is read by index,
        as Keras reads it (`statefulrnn.data.py_dataset`): shuffled by fit, with its hooks."""
        if isinstance(given, PyDataset):
            return cls(lambda shuffle: epoch_batches(given, shuffle, read), given.num_batches)

        def epoch(shuffle: bool) -> Iterator[Batch]:
            if shuffle:
                raise ValueError(
                    "fit(shuffle=True) cannot shuffle batches given ready-made: shuffle them first, or "
                    "use SequenceBatcher(shuffle=True), which shuffles whole sequences."
                )
            return (read(item) for item in given)

        return cls(epoch, len(given) if hasattr(given, "__len__") else None, shuffles=False)


def check_steps(steps: Any, name: str) -> int | None:
    """``steps_per_epoch``, ``validation_steps``, ``steps`` as a number of batches: a positive
    integer, None, or a positive finite float rounded up, as tf-keras runs batches while its
    count is below the float (``len(data) / batch_size`` = 1.5 runs 2; Keras 3 refuses floats).

    Raises:
        ValueError: 0, a negative number, NaN, infinity, a bool, or anything not a number.

    Example:
        >>> check_steps(1.5, "steps_per_epoch"), check_steps(3, "steps"), check_steps(None, "steps")
        (2, 3, None)
    """
    if steps is None:
        return None
    number = isinstance(steps, numbers.Real) and not isinstance(steps, (bool, np.bool_))
    if not number or not math.isfinite(steps) or steps <= 0:
        raise ValueError(
            f"{name} must be a positive integer or None (a positive float is rounded up, as tf-keras "
            f"does). Received: {name}={steps!r}"
        )
    return math.ceil(steps)


class EpochSteps:
    """Epochs of at most ``steps`` batches from a `BatchSource`, with Keras's ``steps_per_epoch``
    rule: an epoch takes the next batches of the current pass over the data, so passes run on
    across epochs; when a pass runs out, the epoch ends there (with Keras's warning when that
    is before ``steps``) and the next epoch starts a new pass. Without ``steps``, an epoch is
    one pass.

    Example:
        >>> source = BatchSource.of_batches([(i, i) for i in range(4)])
        >>> epochs = EpochSteps(source, False, steps=2)
        >>> [[batch.x for batch in epochs.epoch()] for _ in range(3)]
        [[0, 1], [2, 3], [0, 1]]
    """

    def __init__(self, source: BatchSource, shuffle: bool, steps: float | None) -> None:
        self.source, self.shuffle, self.steps = source, shuffle, check_steps(steps, "steps")
        self._pass: Iterator[Batch] | None = None
        self._taken = 0

    @property
    def steps_per_epoch(self) -> int | None:
        """The batches an epoch takes (at most), for progress bars."""
        return self.steps or self.source.steps

    def epoch(self) -> Iterator[Batch]:
        if self.steps is None:
            yield from self.source.epoch(self.shuffle)
            return
        for step in range(self.steps):
            if self._pass is None:
                self._pass, self._taken = iter(self.source.epoch(self.shuffle)), 0
            batch = None if self._taken == self.source.steps else next(self._pass, None)
            if batch is None:
                self._pass = None
                warnings.warn(
                    f"The data ran out after {step} of the {self.steps} steps asked for this epoch: "
                    f"the epoch ends here and the next starts a new pass over the data (as Keras does).",
                    stacklevel=3,
                )
                return
            self._taken += 1
            yield batch
        if self._taken == self.source.steps:  # the pass ended with the epoch
            self._pass = None


def to_tensors(
    batch: Batch, dtype: torch.dtype = torch.float32
) -> tuple[Any, Any, torch.Tensor | None, torch.Tensor | None]:
    """A batch's ``x, y, mask, resets`` as tensors (``x`` and ``y`` one tensor or a list of
    them, floats as ``dtype``; the flags as bool, or None)."""

    def flags(value: Any) -> torch.Tensor | None:
        # Straight to bool: as_tensor would first turn booleans into floats (for targets).
        return (
            None
            if value is None
            else torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value).bool()
        )

    x = map_leaves(lambda value: as_tensor(value, "a batch's x", dtype, keep_text=True), batch.x)
    y = map_leaves(lambda value: as_tensor(value, "a batch's y", dtype), batch.y)
    return x, y, flags(batch.mask), flags(batch.resets)


def per_sequence(outputs: list[torch.Tensor], batches_seen: list[Batch]) -> list[np.ndarray]:
    """Per-step outputs ``(N, T, ...)`` of chunks, regrouped as one array per sequence.

    Raises:
        ValueError: when outputs are not per step (a model without return_sequences).
    """
    ids = torch.cat([b.sequence_ids.reshape(-1) for b in batches_seen])
    positions = torch.cat([b.positions.reshape(-1) for b in batches_seen])
    if outputs[0].ndim < 3:
        raise ValueError(
            "predict over a SequenceBatcher returns each sequence's per-step outputs, so the model must "
            f"output one value per step (return_sequences=True). Received: outputs of shape "
            f"{tuple(outputs[0].shape)}"
        )
    values = torch.cat([o.reshape(-1, *o.shape[2:]) for o in outputs]).cpu()  # ids are on the CPU
    real = ids >= 0
    ids, positions, values = ids[real], positions[real], values[real]
    order = torch.argsort(ids * (int(positions.max()) + 1) + positions)  # by sequence, then step
    ids, values = ids[order], values[order]
    counts = torch.bincount(ids).tolist()
    return [part.numpy() for part in torch.split(values, counts) if len(part)]


def check_chunking(x: Any, y: list[Any], chunk_length: int) -> None:
    if not isinstance(chunk_length, int) or chunk_length < 1:
        raise ValueError(f"chunk_length must be a positive number of steps. Received: {chunk_length!r}")
    head = first_leaf(x)
    for index, target in enumerate(y):
        if target is not None and (target.ndim < 3 or target.shape[1] != head.shape[1]):
            name = "y" if len(y) == 1 else f"y[{index}]"
            raise ValueError(
                f"fit(chunk_length=...) cuts x and y along time, so {name} needs one target per step: shape "
                f"({head.shape[0]}, {head.shape[1]}, ...) for x of shape {tuple(head.shape)}, from a model "
                f"with return_sequences=True. Received: {name} of shape {tuple(target.shape)}"
            )


def split_validation(
    x: Any, y: Any, sample_weight: Any, validation_split: float, validation_data: Any
) -> tuple[Any, Any, Any, Any]:
    """Keras's ``validation_split``: the last fraction of the rows (of every input, target and
    sample weight), taken before any shuffle."""
    if not validation_split:
        return x, y, sample_weight, validation_data
    if validation_data is not None:
        raise ValueError("Give validation_data or validation_split, not both.")
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in (0, 1). Received: {validation_split!r}")
    split_at = int(len(first_leaf(x)) * (1.0 - validation_split))
    parts = (x, y, sample_weight)
    train = [take(part, slice(None, split_at)) for part in parts]
    x_val, y_val, weight_val = (take(part, slice(split_at, None)) for part in parts)
    if isinstance(y_val, list) and all(item is None for item in y_val):
        # no targets (a model whose layers add its loss): None, not one None per output, which
        # validation_data would read as one output's array of targets
        y_val = None
    return (*train, (x_val, y_val, weight_val))


def check_validation_freq(validation_freq: Any) -> None:
    if isinstance(validation_freq, bool) or not (
        (isinstance(validation_freq, int) and validation_freq >= 1)
        or (isinstance(validation_freq, (list, tuple)) and all(isinstance(e, int) for e in validation_freq))
    ):
        raise ValueError(
            f"validation_freq must be a positive integer (validate every that many epochs) or a list of "
            f"epochs (counted from 1). Received: validation_freq={validation_freq!r}"
        )


def should_validate(epoch: int, validation_freq: int | Sequence[int]) -> bool:
    """Keras's rule, with epochs counted from 1."""
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq
