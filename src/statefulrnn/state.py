"""Per-sample recurrent state: one row per batch slot, kept between calls.

A `StateStore` belongs to one stateful layer. Its tensors are buffers, so ``.to(device)``
moves them, but non-persistent ones: ``state_dict()`` holds weights only, and a checkpoint
saves states on purpose. Every change goes through `StateStore.commit`, which stores detached
tensors: gradients flow within a call, never across calls (truncated BPTT), and new tensors
replace old ones rather than being written in place, so a graph that saved the old state for
backward stays valid.

The functions at the bottom read, write and reset all the states of a model at once, keyed by
the layer path (``"bidirectional/forward_lstm"``).

Example:
    >>> store = StateStore("gru", batch_size=2, sizes=(5,))
    >>> store.values[0].shape
    torch.Size([2, 5])
    >>> store.reset(mask=[1])  # zero row 1 only
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from ._compat import is_compiling
from ._tree_mark import RenewsTreeMark


def row_shape(size: int | Sequence[int]) -> tuple[int, ...]:
    """One batch row's shape of a state: ``(size,)`` for a width, the tuple itself for a shape
    (a convolutional LSTM's ``(H, W, filters)``)."""
    return (size,) if isinstance(size, int) else tuple(size)


def by_row(flags: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Per-row ``flags (N,)`` (or per-step ``(N, t)``) shaped to broadcast over ``like``,
    whatever its rank: ``(N, u)`` states and outputs, ``(N, H, W, f)`` convolutional ones."""
    return flags.view(*flags.shape, *[1] * (like.ndim - flags.ndim))


class StateStore(RenewsTreeMark, nn.Module):
    """The carried state of one stateful layer: tensors ``(batch_size, *row shape)`` per state.

    Args:
        owner: the owning layer's description for messages, e.g. ``"GRU 'stateful_rnn'"``.
        batch_size: number of batch slots N.
        sizes: width of each state (LSTM: ``(u, u)`` for ``(h, c)``), or its row shape, a
            tuple (ConvLSTM2D: ``((H, W, f), (H, W, f))``).
    """

    def __init__(
        self,
        owner: str,
        batch_size: int,
        sizes: Sequence[int],
        dtype: torch.dtype = torch.float32,
        device: torch.device | None = None,
    ) -> None:
        super().__init__()
        self.owner = owner
        self.batch_size = batch_size
        self.sizes = tuple(sizes)
        self._names = tuple(f"state_{index}" for index in range(len(self.sizes)))
        for name, size in zip(self._names, self.sizes):
            zeros = torch.zeros(batch_size, *row_shape(size), dtype=dtype, device=device)
            self.register_buffer(name, zeros, persistent=False)

    @property
    def values(self) -> tuple[torch.Tensor, ...]:
        """The current states, each ``(batch_size, size)``."""
        return tuple([self._buffers[name] for name in self._names])  # a list: 0.15 us less than a generator

    def commit(self, new_values: Sequence[torch.Tensor]) -> None:
        """Replace the states with detached ``new_values`` (already checked).

        Inside a `restore_on_error` block, the replaced values are recorded so that a failure
        later in the block can put them back.
        """
        buffers = self._buffers
        if not is_compiling():  # see restore_on_error on compile
            journal = _journal_get()
            if journal is not None:
                journal.append((self, tuple([buffers[name] for name in self._names])))
        for name, value in zip(self._names, new_values):
            # detach() makes a new tensor (a microsecond each): only where there is a graph to cut.
            buffers[name] = value.detach() if value.requires_grad else value

    def write(self, values: Sequence[torch.Tensor]) -> None:
        """Store ``values`` as they are (detached, checked); no journal."""
        for name, value in zip(self._names, values):
            self._buffers[name] = value  # as register_buffer would, minus its checks

    def check_values(self, values: Any) -> tuple[torch.Tensor, ...]:
        """Turn ``values`` (one array, or one per state) into tensors of the right shapes.

        Raises:
            ValueError: wrong number of values or a wrong shape, naming what was expected.
        """
        return self.check_row_values(values, self.batch_size)

    def check_row_values(self, values: Any, rows: int) -> tuple[torch.Tensor, ...]:
        """As `check_values`, for values of ``rows`` rows (a subset of the batch)."""
        shapes = [(rows, *row_shape(size)) for size in self.sizes]
        if isinstance(values, (torch.Tensor, np.ndarray)) and len(self.sizes) == 1:
            values = [values]
        if not isinstance(values, (list, tuple)) or len(values) != len(self.sizes):
            count = len(values) if isinstance(values, (list, tuple)) else "a non-list"
            raise ValueError(
                f"{self.owner} has {len(self.sizes)} state(s) of shapes {shapes}, but "
                f"received {count} value(s). Pass a list with one array per state."
            )
        like = self.values[0]
        tensors = []
        for index, (value, shape) in enumerate(zip(values, shapes)):
            tensor = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)
            if tuple(tensor.shape) != shape:
                raise ValueError(
                    f"{self.owner} state {index} has shape {shape}, but received a value of "
                    f"shape {tuple(tensor.shape)}."
                )
            tensors.append(tensor.to(dtype=like.dtype, device=like.device))
        return tuple(tensors)

    def check_rows(self, mask: Any) -> torch.Tensor:
        """A boolean ``(batch_size,)`` row selection from a boolean mask or row indices.

        Raises:
            ValueError: a boolean mask of the wrong length, or an index out of range.
            TypeError: neither booleans nor integers.
        """
        array = np.asarray(mask.cpu() if isinstance(mask, torch.Tensor) else mask)
        n = self.batch_size
        if array.dtype == bool:
            if array.shape != (n,):
                raise ValueError(
                    f"{self.owner} has {n} batch rows, so a boolean reset mask must have shape "
                    f"({n},). Received: shape {array.shape}"
                )
            rows = array
        elif (array.dtype.kind in "iu" or array.size == 0) and array.ndim <= 1:  # [] = no rows
            indices = array.reshape(-1).astype(np.int64)
            if indices.size and (indices.min() < -n or indices.max() >= n):
                raise ValueError(
                    f"{self.owner} has batch rows 0..{n - 1}, but the reset mask names rows "
                    f"{indices.tolist()}."
                )
            rows = np.zeros(n, dtype=bool)
            rows[indices] = True
        else:
            raise TypeError(
                f"A reset mask is a boolean array of shape ({n},) or a list of row indices. "
                f"Received: an array of dtype {array.dtype} and shape {array.shape}"
            )
        return torch.from_numpy(rows).to(self.values[0].device)

    def reset(self, values: Any = None, mask: Any = None) -> None:
        """Zero the states, or set them to ``values``; only the rows in ``mask`` if given.

        Everything is checked before anything changes.
        """
        new = (
            self.check_values(values)
            if values is not None
            else tuple(torch.zeros_like(v) for v in self.values)
        )
        if mask is not None:
            rows = self.check_rows(mask)
            new = tuple(torch.where(by_row(rows, old), n, old) for n, old in zip(new, self.values))
        self.commit(new)

    def resize(self, batch_size: int) -> None:
        """Hold ``batch_size`` rows from now on, all zero (for a copy of a model at another
        batch size; the old rows are not kept)."""
        like = self.values[0]
        self.batch_size = batch_size
        self.write(tuple(like.new_zeros(batch_size, *row_shape(size)) for size in self.sizes))

    def row_indices(self, rows: Any) -> torch.Tensor:
        """The indices of ``rows`` (a boolean ``(N,)`` mask or indices), in the order given."""
        if (
            isinstance(rows, (list, tuple, np.ndarray, torch.Tensor))
            and np.asarray(rows.cpu() if isinstance(rows, torch.Tensor) else rows).dtype != bool
        ):
            self.check_rows(rows)  # range and type checks
            indices = np.asarray(rows.cpu() if isinstance(rows, torch.Tensor) else rows).reshape(-1)
            return torch.from_numpy(indices.astype(np.int64) % self.batch_size)
        return self.check_rows(rows).nonzero().flatten().cpu()

    def variables(self) -> list[StateVariable]:
        """The current states as Keras variables (see `StateVariable`)."""
        return [StateVariable.of(self, index) for index in range(len(self.sizes))]

    def assign(self, index: int, value: Any) -> torch.Tensor:
        """Replace state ``index`` with ``value`` (checked, in the state's dtype and device; a
        new tensor, so tensors handed out before keep their values); returns it.

        Raises:
            ValueError: ``value`` has another shape than the state; nothing changes then.
        """
        values = list(self.values)
        values[index] = self.check_values([*values[:index], value, *values[index + 1 :]])[index]
        self.commit(values)
        return values[index]

    def extra_repr(self) -> str:
        return f"batch_size={self.batch_size}, sizes={self.sizes}"


class StateVariable(torch.Tensor):
    """One state of a stateful layer as Keras hands it out, a variable (``layer.states[i]``):
    the state's tensor as it is now, with Keras's ``assign``, ``assign_add``, ``assign_sub``
    and ``value``, which programs use to set a layer's state (Keras 3's
    ``layer.states[0].assign(h)``, Keras 2's ``K.set_value(layer.states[0], h)``).

    ``assign`` replaces the layer's state with a new tensor, as `StateStore.commit` does every
    call, rather than writing into the one it holds: that tensor may also be what an earlier
    call returned (``return_state=True``), which Keras's assign leaves as it was. The variable
    then holds the new state, as a fresh ``layer.states[i]`` does; a later call of the layer
    steps the layer's state, not the variable (read ``layer.states`` again, or ``value``, for
    it). Computing with it gives plain tensors, and a copy or a pickle of it is a plain tensor.

    Example:
        >>> from statefulrnn import GRU
        >>> layer = GRU(2, stateful=True, batch_input_shape=(1, None, 3))
        >>> layer.states[0].assign([[0.5, -0.5]])
        >>> layer.states[0]
        tensor([[ 0.5000, -0.5000]])
    """

    __torch_function__ = torch._C._disabled_torch_function_impl  # computing gives plain tensors

    _store: StateStore
    _index: int

    @classmethod
    def of(cls, store: StateStore, index: int) -> StateVariable:
        variable = store.values[index].as_subclass(cls)
        variable._store, variable._index = store, index
        return variable

    @property
    def value(self) -> torch.Tensor:
        """The layer's state now (a plain tensor)."""
        return self._store.values[self._index]

    def assign(self, value: Any) -> None:
        """Set the layer's state to ``value`` (shape ``(N, *state)``).

        Raises:
            ValueError: another shape (the state stays as it was).
        """
        self.data = self._store.assign(self._index, value)

    def assign_add(self, value: Any) -> None:
        self.assign(self.value + _like(value, self))

    def assign_sub(self, value: Any) -> None:
        self.assign(self.value - _like(value, self))

    def __repr__(self, *, tensor_contents: Any = None) -> str:
        return repr(self.as_subclass(torch.Tensor))  # printed as the tensor it is, as before

    def __reduce_ex__(self, protocol: Any) -> Any:
        return self.as_subclass(torch.Tensor).__reduce_ex__(protocol)

    def __deepcopy__(self, memo: dict[int, Any]) -> torch.Tensor:
        return self.as_subclass(torch.Tensor).clone()


def _like(value: Any, like: torch.Tensor) -> torch.Tensor:
    """``value`` (a tensor, array, list or number) as a tensor in ``like``'s dtype and device."""
    tensor = (
        value if isinstance(value, torch.Tensor) else torch.as_tensor(np.asarray(value, dtype=np.float64))
    )
    return tensor.to(dtype=like.dtype, device=like.device)


# The commits made inside the innermost `restore_on_error` block of this thread (or task):
# (store, the values it held before). None outside any block.
_journal: contextvars.ContextVar[list[tuple[StateStore, tuple[torch.Tensor, ...]]] | None] = (
    contextvars.ContextVar("statefulrnn_state_journal", default=None)
)
# Looked up once: they run on every call. torch.compile cannot trace a ContextVar, so they are
# never called while it traces (see `restore_on_error` on what a compiled call promises).
_journal_get, _journal_set, _journal_reset = _journal.get, _journal.set, _journal.reset


class restore_on_error:  # noqa: N801 - used as a context manager, named like one
    """Run a block; if it raises, put back every state that a commit inside it changed.

    A model call can fail in its third layer after its first has committed a new state; this
    makes such a call leave no trace. Commits record what they replace while a block is open,
    so the guard costs nothing per layer and needs no walk over the model: commits replace
    state tensors rather than writing into them, so the old tensors are intact. Blocks nest;
    each thread has its own. (A class rather than a generator: it is entered on every call.)

    Under ``torch.compile`` the journal is not kept (dynamo cannot trace it, and need not):
    the layers' checks run while dynamo traces, so a refused call never reaches the graph, and
    the state writes of a compiled region reach the layers only once its graph has run, so a
    compiled call that fails leaves the states as they were, as an eager one does. What a
    compiled region wrote is not recorded for an enclosing eager block, though: wrap the whole
    step in the compiled function, or call the model eagerly, where a later failure must undo it.

    Example:
        >>> store = StateStore("gru", batch_size=1, sizes=(2,))
        >>> try:
        ...     with restore_on_error():
        ...         store.commit([torch.ones(1, 2)])
        ...         raise RuntimeError("a later layer failed")
        ... except RuntimeError:
        ...     pass
        >>> store.values[0]
        tensor([[0., 0.]])
    """

    __slots__ = ("entries", "token")

    def __enter__(self) -> None:
        self.entries: list[tuple[StateStore, tuple[torch.Tensor, ...]]] = []
        self.token = None if is_compiling() else _journal_set(self.entries)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        if self.token is None:  # entered while torch.compile traced: no journal
            return
        _journal_reset(self.token)
        if kind is not None:
            for store, values in reversed(self.entries):
                store.write(values)
            return
        outer = _journal_get()
        if outer is not None:  # an enclosing block may still have to undo these
            outer.extend(self.entries)


def named_state_stores(module: nn.Module) -> Iterator[tuple[str, StateStore]]:
    """``(layer path, store)`` for every stateful layer inside ``module``, in call order.

    A path joins layer names (``"bidirectional/forward_lstm"``); plain containers such as
    ``nn.ModuleList`` add nothing, and plain modules add their attribute name.
    """

    def walk(parent: nn.Module, prefix: str) -> Iterator[tuple[str, StateStore]]:
        for attribute, child in parent.named_children():
            if isinstance(child, StateStore):
                yield prefix.rstrip("/"), child
                continue
            if isinstance(child, (nn.ModuleList, nn.ModuleDict, nn.Sequential)):
                segment = ""
            else:
                name = getattr(child, "name", None)
                segment = (name if isinstance(name, str) else attribute) + "/"
            yield from walk(child, prefix + segment)

    seen: set[str] = set()
    for path, store in walk(module, ""):
        if path in seen:
            raise ValueError(
                f"Two stateful layers are both named {path!r}; give them distinct name=... so "
                f"their states can be told apart."
            )
        seen.add(path)
        yield path, store


def get_states(module: nn.Module, rows: Any = None) -> dict[str, list[torch.Tensor]]:
    """Copies of all states inside ``module``: ``{layer path: [state tensors]}``.

    With ``rows`` (indices or a boolean mask), only those batch rows, in that order: a row's
    state can then be moved to another slot, or to a model with another batch size, with
    `set_states`.
    """
    snapshot = {}
    for path, store in named_state_stores(module):
        picked = store.values if rows is None else tuple(v[store.row_indices(rows)] for v in store.values)
        snapshot[path] = [v.clone() for v in picked]
    return snapshot


def set_states(module: nn.Module, states: Mapping[str, Any], rows: Any = None) -> None:
    """Set the states of the layers named in ``states`` (as `get_states` returns them).

    With ``rows``, the values hold one row per selected row (in that order) and only those rows
    change. All names and shapes are checked first; on any error nothing changes.

    Raises:
        KeyError: a name that is no stateful layer of ``module``.
        ValueError: a wrong count or shape of values.
    """
    stores = dict(named_state_stores(module))
    unknown = [name for name in states if name not in stores]
    if unknown:
        raise KeyError(f"No stateful layer named {unknown[0]!r}. Stateful layers: {sorted(stores)}")
    updates = {}
    for name, values in states.items():
        store = stores[name]
        if rows is None:
            updates[name] = store.check_values(values)
            continue
        indices = store.row_indices(rows)
        given = store.check_row_values(values, len(indices))
        merged = []
        for current, value in zip(store.values, given):
            current = current.clone()
            current[indices] = value
            merged.append(current)
        updates[name] = tuple(merged)
    for name, values in updates.items():
        stores[name].commit(values)


def reset_states(module: nn.Module, mask: Any = None) -> None:
    """Zero all states inside ``module``, or only the batch rows that ``mask`` selects.

    The mask is checked against every layer before any state changes.
    """
    stores = [store for _, store in named_state_stores(module)]
    if mask is not None:
        rows = [store.check_rows(mask) for store in stores]
        for store, selected in zip(stores, rows):
            store.reset(mask=selected)
    else:
        for store in stores:
            store.reset()


__all__ = [
    "StateStore",
    "StateVariable",
    "get_states",
    "named_state_stores",
    "reset_states",
    "restore_on_error",
    "set_states",
]
