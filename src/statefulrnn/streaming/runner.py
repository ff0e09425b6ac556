"""Run a model on a batch of streams' chunks, from and to states held outside the model.

The pool keeps every stream's state in its slot table and hands the runner the rows of the
streams it steps. Two roads, chosen once per model:

- **The layer road** (`ModelRunner.run` when ``direct``): a `Sequential` of stateful recurrent
  layers and stateless layers (Dense, Dropout, ...) on the CPU. Each recurrent layer is stepped
  by `_RecurrentStep` on numpy views of the slot table's rows, with the kernel a layer call of
  that size would run: the compiled kernel, or PyTorch's products with compiled gates
  (`compiled_gates`, many streams), where `fused.compiled_kernel` picks them (the same rule
  as a layer call; its answer kept until the size, the switches, torch's thread count or the
  weights change, since asking costs about a compiled GRU(64) step), else the layer's own chunk
  runner (``RNN._chunk_runner``: PyTorch's fused kernel or the per-step loop), except that one
  step of a built-in cell runs on PyTorch's cell function (``torch.gru_cell``, ``lstm_cell``,
  ``rnn_tanh_cell``, ``rnn_relu_cell``, with `fused.flat_weights`): the same formula on the same
  weights (equal to the layer call's ``torch._VF`` kernel to rounding), without the fixed cost
  that ``torch._VF.gru`` spends setting up a sequence (GRU(64): a one-step call of 64 rows takes
  0.75 of ``_VF.gru``'s time, 256 rows 0.85; equal from 1024). The layer's chunk runner takes
  the same cell function for one step, but would ask for the compiled kernel again first, which
  the pool has just done. It skips the module calls, input checks and state commits of a model
  call (the pool has checked the frames): on a small batch those cost more than the arithmetic,
  so this road is what lets a pool of many streams come close to the same cell run batched on
  one state tensor. A model of one recurrent layer whose call runs on a compiled kernel (or on
  compiled gates, for one step) steps the slot table's rows in place when they are consecutive
  (views): the kernel writes the new states where the old ones were, with no arrays made for
  them and no write-back (`ModelRunner.run`'s ``in_place``). One float32 frame of one stream
  of such a model is one call of the layer's one-frame kernel (`frame_step`: the frame's check,
  the slot's view and the step in one compiled call, under twice the compiled kernel's own
  call on GRU(64), where the same step through `run` took three). With stateless layers after
  the recurrent one (a head), a head of `Dense` and `Activation` layers runs inside that call
  (`head`: the head kernels `compiled.gru_frame_head`, ...; a GRU(64) + Dense(1) push took
  2.9x the push without a head when the head ran in Python, 1.1-1.2x now); any other head runs
  in Python after the kernel, which then steps a copy of the slot's rows, written back once
  the head has run.
  It works on numpy arrays because the compiled kernels take arrays, and PyTorch's kernels take
  zero-copy tensors of them: one form serves both kernels, with no conversion on the compiled
  kernel's side.
- **The model road** (otherwise: nested models, layers with states of their own, models on
  an accelerator): the gathered rows are loaded into the stores of a private copy of the model
  (sharing its parameters, so weights loaded or trained later are used) at whatever batch size
  the call has, and the copy is called as a user would call it.

Both roads run the kernels a layer call runs, so they agree with the served model to rounding,
with one exception, made on purpose: a chunk that opens on steps a `Masking` layer masks outputs
the stream's last real output there, read from its state, as the whole sequence does, where the
served model called chunk by chunk outputs zeros as Keras does (the copy's recurrent layers are
set to ``continues_masked_outputs``). The layer road follows the mask as a model call passes it
on (each layer's ``supports_masking`` and ``compute_mask``). `check_streamable` refuses what no
road could serve exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from .. import activations
from .._fingerprint import fingerprint_reader, watch
from ..graph import flatten
from ..layers import compiled_gates
from ..layers.base import Layer
from ..layers.bidirectional import Bidirectional
from ..layers.compiled import call, frame_kernel
from ..layers.core import Dense, Dropout
from ..layers.fused import cell_function, compiled_kernel, flat_weights, switch_settings
from ..layers.masking import Masking, makes_masks
from ..layers.recurrent import RNN
from ..layers.time_distributed import TimeDistributed
from ..models import BaseModel, Model, Sequential
from ..models.step_flags import mixes_steps
from ..state import named_state_stores
from .head import compiled_head, packable

# Arrays or tensors, one per state, ``(k, size)``, for each stateful layer in call order.
RowStates = list[tuple[Any, ...]]


class ModelRunner:
    """Steps ``model`` for any number of streams at once.

    Args:
        model: a statefulrnn model (or one layer) with one input ``(N, T, F)`` whose recurrent layers
            are stateful and read forwards: the only models whose chunk-by-chunk outputs equal
            their whole-sequence outputs.

    Attributes:
        direct: whether `run` takes the layer road, on numpy arrays (see the module docstring);
            else the model road, on tensors.

    Raises:
        ValueError: a recurrent layer that is not stateful, runs backwards, or is bidirectional;
            no stateful layer at all; an unbuilt model or one with several inputs.
    """

    def __init__(self, model: nn.Module) -> None:
        check_streamable(model)
        self.frame_size = _frame_size(model)
        if not isinstance(model, BaseModel):  # a bare layer: a model of one layer
            model = Sequential([model])
        self.model = model.with_batch_size(1).eval()
        for module in self.model.modules():  # the copy's, so the served model keeps Keras's masking
            if isinstance(module, RNN):
                module.continues_masked_outputs = True
        self.stores = dict(named_state_stores(self.model))
        first = next(iter(self.stores.values())).values[0]
        self.dtype, self.device = first.dtype, first.device
        self.state_sizes = {path: store.sizes for path, store in self.stores.items()}
        # The dtype frames are handed over in: the model's where numpy has it, else float32.
        self.frame_dtype = np.dtype(np.float64 if self.dtype == torch.float64 else np.float32)
        on_arrays = self.device.type == "cpu" and self.dtype in (torch.float32, torch.float64)
        self._plan = _layer_plan(self.model, self.stores) if on_arrays else None
        self.direct = self._plan is not None
        # Whether a layer may make a mask: frames come without one, and a model call asks a layer
        # for a mask only where one came or where it may start one (`Layer.may_start_masks`:
        # `Masking`, an `Embedding` with ``mask_zero``, a `TimeDistributed` of one); only then
        # does the layer road follow masks.
        self._masking = self._plan is not None and any(
            getattr(layer, "may_start_masks", False) for _, layer, _ in self._plan
        )
        # A model of one recurrent layer, which may step the slot table's rows in place (`run`).
        alone = self._plan is not None and len(self._plan) == 1 and self._plan[0][2]
        self._alone = self._plan[0][0] if alone else None
        # One float32 frame of a model whose recurrent layer comes first and alone, with no
        # masks, then only stateless layers (a head), runs on its one-frame kernel: `frame_step`.
        headed = (
            self._plan is not None
            and self._plan[0][2]
            and not self._masking
            and not any(recurrent for _, _, recurrent in self._plan[1:])
        )
        self.frame_step: Callable[[np.ndarray, tuple[np.ndarray, ...], int, bool], Any] | None = None
        if headed and self.frame_dtype == np.float32:
            # A head of Dense and Activation layers runs inside the one-frame kernel (`head`);
            # any other, in Python after it.
            head = packable([layer for _, layer, _ in self._plan[1:]])
            if alone:
                self.frame_step = self._alone.frame
            elif head is not None:
                self.frame_step = _RecurrentStep(self._plan[0][1], head).frame
            else:
                self.frame_step = self._frame_with_head
                widths = next(iter(self.state_sizes.values()))
                self._scratch = tuple(np.zeros((1, width), np.float32) for width in widths)

    def run(
        self, frames: np.ndarray, mask: np.ndarray | None, states: RowStates, in_place: bool = False
    ) -> tuple[Any, RowStates | None]:
        """One model call on ``frames (k, T, F)``, starting from ``states``: for each stateful
        layer in call order, one ``(k, size)`` row per state (numpy arrays on the layer road,
        tensors on the model road; read, never written unless ``in_place``).

        ``mask (k, T)`` marks real steps (False: padding after a short chunk ends; the row's
        state stays as it was). Returns the model's outputs as numpy (a list for several) and
        the new states, in the form they came.

        ``in_place`` says that ``states`` are writable views of the slot table: a model of one
        recurrent layer that runs the call on the compiled kernel then steps them in place and
        returns None for the states (nothing to write back; on one GRU(64) frame the copy and
        the arrays it saves are a fifth of a push). The kernel checks every shape before it
        writes, and nothing runs after it that could fail, so a failed call still leaves the
        states as they were.
        """
        if in_place and mask is None and self._alone is not None:
            outputs = self._alone.in_place(frames, states[0])
            if outputs is not None:
                return outputs, None
        if self._plan is not None:
            return self._run_layers(frames, mask, states)
        rows = frames.shape[0]
        for store, values in zip(self.stores.values(), states):
            store.batch_size = rows  # the stores take any batch; this copy is private
            store.write(values)
        with torch.no_grad():
            x = torch.from_numpy(frames).to(dtype=self.dtype, device=self.device)
            outputs = self.model(x, mask=None if mask is None else torch.from_numpy(mask).to(self.device))
        return to_numpy(outputs), [store.values for store in self.stores.values()]

    def _frame_with_head(
        self, frame: np.ndarray, tables: tuple[np.ndarray, ...], slot: int, single: bool
    ) -> Any:
        """`frame_step` where layers follow the recurrent one: what `StreamPool.push` returns
        for one frame ``(F,)``, or None where the one-frame kernel does not run (nothing
        changed). The layer steps a copy of the slot's rows, written back once the head has
        run, as `run` writes states back only after a whole call."""
        scratch = self._scratch
        for row, table in zip(scratch, tables):
            row[0] = table[slot]
        x = self._plan[0][0].frame(frame, scratch, 0, False)
        if x is None:
            return None
        x = x[None]  # as a call on a batch of one gives it
        for step, _, _ in self._plan[1:]:
            x = step(x)
        for row, table in zip(scratch, tables):
            table[slot] = row[0]
        return frame_outputs(x, single)

    def _run_layers(self, x: np.ndarray, mask: np.ndarray | None, states: RowStates) -> tuple[Any, RowStates]:
        new_states = []
        if not self._masking:
            for step, _, recurrent in self._plan:
                if recurrent:
                    x, final = step(x, states[len(new_states)], mask)
                    new_states.append(final)
                else:
                    x = step(x)
            return x, new_states
        made = None  # the mask the layers made so far, passed on as a model call does (`call_masked`)
        for step, layer, recurrent in self._plan:
            if recurrent:
                y, final = step(x, states[len(new_states)], _joined(mask, made))
                new_states.append(final)
            elif isinstance(step, _MaskingStep):
                x, made = step(x)
                continue
            else:
                y = step(x)
            made = _mask_after(layer, x, made)
            x = y
        return x, new_states


class _RecurrentStep:
    """One stateful recurrent layer of the layer road, on numpy arrays: the kernel choice and
    the step code of a layer call (see the module docstring)."""

    def __init__(self, layer: RNN, head: Sequence[Layer] = ()) -> None:
        self.layer, self.cell, self.return_sequences = layer, layer.cell, layer.return_sequences
        # The stateless layers after it that `frame` runs in its kernel (`head.packable`'s).
        self._head = tuple(head)
        function = cell_function(self.cell)
        self._cell_function, self._lstm = function if function is not None else (None, False)
        # The layer's chunk runner, made once per kernel setting (making one costs ~6 us).
        self._run: Callable | None = None
        self._made_under: tuple[bool, bool | None] | None = None
        # `compiled_kernel`'s answer (key, kernel, packed weights or None, the weights'
        # fingerprint reader, the fingerprint and the parameters it was taken from), see `_compiled`.
        self._chosen: tuple[tuple, Callable | None, np.ndarray | None, Callable, tuple, list] | None = None
        self._asked: tuple | None = None
        # `frame`'s own answer: (switch settings and torch's thread count, fingerprint reader,
        # fingerprint, one-frame kernel or None, its weight arguments, the output's width, the
        # parameters); (None,) until asked.
        self._frame_road: tuple = (None,)

    def __call__(
        self, x: np.ndarray, states: tuple[np.ndarray, ...], mask: np.ndarray | None
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """``x (k, T, F)`` -> the layer's output ``(k, T, u)`` (or ``(k, u)``) and new states."""
        batch, steps = x.shape[:2]
        kernel, weights = self._compiled(batch, steps) if mask is None else (None, None)
        if kernel is not None:
            outputs, final = call(kernel, x, states, weights)
            return self._output(outputs), final
        if steps == 1 and mask is None and self._cell_function is not None and switch_settings()[0]:
            return self._one_step_arrays(x, states)
        with torch.no_grad():
            xs, hx = torch.from_numpy(x), tuple(map(torch.from_numpy, states))
            run = self._chunk_runner()
            if mask is None:
                outputs, last, final = run(xs, hx)
            else:
                outputs, last, final = self.layer.run_flagged(run, xs, hx, torch.from_numpy(mask), None)
        output = outputs if self.return_sequences else last.contiguous()
        return output.numpy(), tuple(state.numpy() for state in final)

    def _one_step_arrays(
        self, x: np.ndarray, states: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """One step ``x (k, 1, F)`` on PyTorch's cell function, arrays in and out. A stream pool's
        round of many streams on PyTorch's kernel: each tensor operation here (an index, a
        view, a grad-mode block) costs 1-4 us after the cell's products, so the frame is taken
        as a ``(k, F)`` array view and the output's ``(k, 1, u)`` view made in numpy."""
        frame, weights = torch.from_numpy(x.reshape(x.shape[0], -1)), flat_weights(self.cell)
        grad = torch.is_grad_enabled()
        if grad:  # set rather than entered as a block: a third of no_grad's frames
            torch.set_grad_enabled(False)
        try:
            if self._lstm:  # the LSTM's cell function takes and returns (h, c)
                final = tuple(self._cell_function(frame, tuple(map(torch.from_numpy, states)), *weights))
            else:
                final = (self._cell_function(frame, torch.from_numpy(states[0]), *weights),)
        finally:
            if grad:
                torch.set_grad_enabled(True)
        arrays = tuple([state.numpy() for state in final])
        last = arrays[0]  # the new h is the step's output
        return (last[:, None] if self.return_sequences else last), arrays

    def in_place(self, x: np.ndarray, states: tuple[np.ndarray, ...]) -> np.ndarray | None:
        """The layer's output for ``x (k, T, F)`` with ``states`` stepped in place, where the
        compiled kernel runs a call of this size; else None, nothing changed."""
        kernel, weights = self._compiled(*x.shape[:2])
        # Compiled gates step a chunk in a Python loop, which an interrupt could leave halfway.
        if kernel is None or (x.shape[1] > 1 and kernel in _STEPPED_IN_PYTHON):
            return None
        return self._output(call(kernel, x, states, weights, into=states)[0])

    def frame(
        self, frame: np.ndarray, tables: tuple[np.ndarray, ...], slot: int, single: bool
    ) -> np.ndarray | None:
        """What `StreamPool.push` returns for one frame ``(F,)`` (float32, C-contiguous) of the
        stream in row ``slot`` of ``tables`` (the slot table's arrays of its states, ``(S, u)``
        each): the layer's output row ``(u,)`` (with a head, the head's ``(o,)``), or ``(1, u)``
        where the layer returns sequences and the frame came as ``(1, F)`` (not ``single``); its
        states are stepped in place. None where the compiled kernel does not run a one-step
        call, a value of the frame is not finite or a head's weight is not float32: nothing
        changed then.

        One call of the one-frame kernel (`compiled.gru_frame`, ..., with a head
        `compiled.gru_frame_head`, ...), which checks the frame and steps the slot's rows
        itself: the lean road of `StreamPool.push`, whose Python around the kernel was twice
        the kernel's time on GRU(64). Its choice (with the head's packed weights) is kept apart from
        `_compiled`'s (which a pool's batched calls change) and checked by one comparison of
        the settings and one of the weights' fingerprint."""
        road = self._frame_road
        if road[0] != (switch_settings(), torch.get_num_threads()) or road[1]() != road[2]:
            road = self._frame_road = self._new_frame_road()
        kernel = road[3]
        if kernel is None:
            return None
        output = np.empty(road[5], _FLOAT32)
        if not kernel(frame, *tables, slot, *road[4], output):
            return None
        return output if single or not self.return_sequences else output[None]

    def _new_frame_road(self) -> tuple:
        head = self._head
        read, fingerprint, kept = watch(self.cell, *head)  # before the weights are packed
        answer = compiled_kernel(self.cell, 1, 1)
        one = None if answer is None else frame_kernel(answer[0], headed=bool(head))
        arguments, width = (), 0
        if one is not None and not head:
            arguments, width = (answer[1],), self.cell.units
        elif one is not None:
            packed = compiled_head(head, self.cell.units)
            if packed is None:
                one = None
            else:
                arguments, width = (answer[1], *packed), int(packed[0][-1, 1])
        return (switch_settings(), torch.get_num_threads()), read, fingerprint, one, arguments, width, kept

    def _output(self, outputs: np.ndarray) -> np.ndarray:
        if self.return_sequences:
            return outputs
        # The next layer's compiled kernel needs C-contiguous input: the last step is copied.
        return np.ascontiguousarray(outputs[:, -1])

    def _compiled(self, batch: int, steps: int) -> tuple[Callable, np.ndarray] | tuple[None, None]:
        """`compiled_kernel`'s answer for a call of this size, asked again only when the size,
        the kernel switches, torch's thread count or the weights changed since: asking costs
        nearly a compiled GRU(64) step. The weights are checked by their fingerprint
        (`statefulrnn._fingerprint`: it sees optimizer steps, ``set_weights``,
        ``load_state_dict`` and ``.data`` assigned), taken before asking, with the parameters it
        was taken from kept beside it so that no pointer in it is reused."""
        key = (batch, steps, switch_settings(), torch.get_num_threads())
        chosen = self._chosen
        if chosen is not None and chosen[0] == key:
            if chosen[2] is None or chosen[3]() == chosen[4]:
                return chosen[1], chosen[2]
        read, fingerprint, kept = watch(self.cell)
        answer = compiled_kernel(self.cell, batch, steps)
        kernel, weights = (None, None) if answer is None else answer
        # Kept from the second answer for a key on: a kernel's first call replaces it where
        # `compiled_kernel` finds it by numba's dispatcher, which is then called directly. No
        # kernel (PyTorch's runs) is kept from the first.
        self._chosen = (
            (key, kernel, weights, read, fingerprint, kept) if self._asked == key or kernel is None else None
        )
        self._asked = key
        return kernel, weights

    def _chunk_runner(self) -> Callable:
        if self._made_under != switch_settings():
            self._run = self.layer._chunk_runner(False, None)
            self._made_under = switch_settings()
        return self._run


_STEPPED_IN_PYTHON = frozenset(compiled_gates.KERNELS.values())
_FLOAT32 = np.dtype(np.float32)  # np.empty takes a dtype faster than the scalar type
_IDENTITY = activations.fast(activations.linear)


def _layer_plan(model: nn.Module, stores: dict[str, Any]) -> list[tuple[Callable, Layer, bool]] | None:
    """The layer road's steps for a `Sequential` it can run, each with its layer and whether it
    is recurrent (a `_RecurrentStep` for each stateful recurrent layer, in the order of
    ``stores``; a function of the array for a stateless one), else None.

    It can run recurrent layers that own their state store and layers that hold no state; Dropout
    is left out (inference). Anything else (nested models, user modules with states) takes the
    model road.
    """
    if not isinstance(model, Sequential):
        return None
    order = {id(store): index for index, store in enumerate(stores.values())}
    plan: list[tuple[Callable, Layer, bool]] = []
    recurrent = 0
    for layer in model.layers:
        if isinstance(layer, Dropout):
            continue
        store = getattr(layer, "state_store", None) if isinstance(layer, RNN) else None
        if store is not None and order.get(id(store)) == recurrent and not layer.return_state:
            plan.append((_RecurrentStep(layer), layer, True))
            recurrent += 1
        elif isinstance(layer, Dense):
            plan.append((_DenseStep(layer), layer, False))
        elif isinstance(layer, TimeDistributed) and isinstance(layer.layer, Dense):
            # Dense acts on the last axis: the same numbers, without a layer call per chunk
            plan.append((_DenseStep(layer.layer), layer, False))
        elif type(layer) is Masking:
            plan.append((_MaskingStep(layer), layer, False))
        elif isinstance(layer, Layer) and not any(True for _ in named_state_stores(layer)):
            plan.append((functools.partial(_stateless, layer), layer, False))
        else:
            return None
    return plan


# compute_mask methods that pass the incoming mask on, or drop it, without reading it or the
# inputs: a numpy mask goes through them as it is (a torch round trip costs ~5 us a layer).
_PASSES_MASKS = frozenset({Layer.compute_mask, RNN.compute_mask})


def _mask_after(layer: Layer, x: np.ndarray, made: np.ndarray | None) -> np.ndarray | None:
    """The mask of ``layer``'s outputs for its input ``x`` and the mask ``made`` it came with."""
    if type(layer).compute_mask in _PASSES_MASKS:
        return layer.compute_mask(x, made)
    given = None if made is None else torch.from_numpy(made)
    result = layer.compute_mask(torch.from_numpy(x), given)
    return None if result is None else result.numpy()


class _MaskingStep:
    """`Masking` on an array: the frames with masked steps zeroed and the mask, or the frames
    as they came and None where no step is masked (the common case: the recurrent layers then
    take their unmasked road, compiled kernels included)."""

    def __init__(self, layer: Masking) -> None:
        self.layer = layer

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        real = self.layer.real_steps(x)
        if real.all():
            return x, None
        return np.where(real[..., None], x, np.zeros((), x.dtype)), real


def _joined(padding: np.ndarray | None, made: np.ndarray | None) -> np.ndarray | None:
    """The steps a recurrent layer runs: not padding, and not masked by the layers before it;
    None when that is every step (the chunk then takes the unmasked road, compiled kernels
    included)."""
    if made is None or made.all():
        return padding
    return made if padding is None else padding & made


def _stateless(layer: Layer, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return layer.forward(torch.from_numpy(x)).numpy()


class _DenseStep:
    """``Dense`` on an array: the matrix product in numpy, the activation (if any) by the layer's
    own function on a zero-copy tensor, so both roads share one definition of each. The weights
    are read as numpy views once and again only when one changes (`statefulrnn._fingerprint`):
    reading them afresh took six times the matrix product of a one-frame push. numpy multiplies
    a 3-D array row by row (a small product per stream), so many streams' chunks go through as
    one 2-D product (one matrix-matrix multiply)."""

    def __init__(self, layer: Dense) -> None:
        self.layer = layer
        # (fingerprint reader, fingerprint, kernel, bias or None): the views keep the tensors,
        # so no pointer is reused
        self._arrays: tuple[Callable, tuple, np.ndarray, np.ndarray | None] | None = None

    def __call__(self, x: np.ndarray) -> np.ndarray:
        arrays = self._arrays
        if arrays is None or arrays[0]() != arrays[1]:
            arrays = self._arrays = self._read()
        if x.ndim == 3 and len(x) > 1:  # (k, T, u) as one (k T, u) product: 2.4-3.2x faster at 1024 rows
            y = (x.reshape(-1, x.shape[2]) @ arrays[2]).reshape(*x.shape[:2], -1)
        else:
            y = x @ arrays[2]
        if arrays[3] is not None:
            y += arrays[3]
        activation = activations.fast(self.layer.activation)
        if activation is not _IDENTITY:
            y = activation(torch.from_numpy(y)).numpy()
        return y

    def _read(self) -> tuple[Callable, tuple, np.ndarray, np.ndarray | None]:
        layer, read = self.layer, fingerprint_reader(self.layer)
        fingerprint = read()
        bias = layer.bias.detach().numpy() if layer.use_bias else None
        return read, fingerprint, layer.kernel.detach().numpy(), bias


def frame_outputs(outputs: Any, single: bool) -> Any:
    """What `push` returns for one frame from the outputs of a batch of one: `row_outputs`,
    sooner for one array of per-step outputs."""
    if type(outputs) is np.ndarray and outputs.ndim >= 3 and outputs.shape[1] == 1:
        return outputs[0, 0] if single else outputs[0]
    return row_outputs(outputs, 0, 1, 1, single)


def row_outputs(outputs: Any, row: int, length: int, steps: int, single: bool) -> Any:
    """Row ``row`` of the batch outputs, cut to the chunk's own ``length`` steps."""
    if isinstance(outputs, list):
        return [row_outputs(item, row, length, steps, single) for item in outputs]
    mine = outputs[row]
    if mine.ndim >= 2 and mine.shape[0] == steps:  # per-step outputs
        mine = mine[0] if single else mine[:length]
    return mine


def check_streamable(model: nn.Module) -> None:
    """Refuse models whose chunked outputs would differ from their whole-sequence outputs.

    Raises:
        ValueError: naming the first offending layer and what to change.
    """
    for module in model.modules():
        name = getattr(module, "name", type(module).__name__)
        if isinstance(module, Bidirectional):
            raise ValueError(
                f"Layer '{name}' is Bidirectional: its output at each step depends on steps that "
                f"have not arrived yet, so it cannot serve a live stream."
            )
        if isinstance(module, RNN):
            if module.go_backwards:
                raise ValueError(
                    f"Layer '{name}' reads its input backwards (go_backwards=True), so it cannot "
                    f"serve a live stream."
                )
            if not module.stateful:
                raise ValueError(
                    f"Layer '{name}' is not stateful: it would start every chunk from a zero state. "
                    f"Build the model with stateful=True recurrent layers (weights can be copied "
                    f"with set_weights)."
                )
    if not any(True for _ in named_state_stores(model)):
        raise ValueError("A StreamPool needs a model with at least one built stateful recurrent layer.")
    _time_axis_after(model, True)
    _check_masked_outputs(model)


def _time_axis_after(module: nn.Module, has_time_axis: bool) -> bool:
    """Whether ``module``'s output keeps the stream's time axis, given whether its input has it
    (a recurrent layer without ``return_sequences`` drops it); a layer that mixes steps on it is
    refused, since its outputs would depend on where the stream's chunks begin and end.

    Raises:
        ValueError: naming the layer (Conv1D wider than a step, pooling, Flatten, ...).
    """
    if isinstance(module, Sequential):
        for layer in module.layers:
            has_time_axis = _time_axis_after(layer, has_time_axis)
        return has_time_axis
    if isinstance(module, Model):
        carries = {id(tensor): has_time_axis for tensor in module.inputs}
        for node in module.nodes:
            came = any(carries.get(id(leaf), False) for leaf in flatten([node.args, node.kwargs]))
            went = _time_axis_after(node.layer, came)
            carries.update((id(tensor), went) for tensor in node.outputs)
        return any(carries[id(tensor)] for tensor in module.outputs)
    if isinstance(module, RNN):
        return has_time_axis and module.return_sequences
    if has_time_axis and mixes_steps(module, unknown=False):  # a layer of unknown kind is trusted
        name = getattr(module, "name", type(module).__name__)
        raise ValueError(
            f"Layer '{name}' ({type(module).__name__}) mixes time steps: its output at a step reads "
            f"other steps of its input, so a stream's outputs would depend on how its frames are "
            f"cut into chunks, and a StreamPool gives each stream its whole-sequence outputs. A "
            f"served model's layers act on each step alone (Dense, Activation, TimeDistributed, "
            f"Conv1D with kernel_size=1, ...) until a recurrent layer without return_sequences "
            f"ends the time axis; any layer may follow that."
        )
    return has_time_axis


def _check_masked_outputs(model: nn.Module) -> None:
    """Refuse a mask (from `Masking`) before a recurrent layer whose output the pool could not
    continue: at masked steps a whole sequence repeats its last output, which a stream that
    starts a chunk on masked steps reads from its state (`RNN.output_before`).

    Raises:
        ValueError: naming the layer and the one that makes the mask.
    """
    maker = next(filter(makes_masks, model.modules()), None)
    if maker is None:
        return
    for module in model.modules():
        if isinstance(module, RNN) and not module.zero_output_for_mask and module.output_state_index is None:
            raise ValueError(
                f"Layer '{module.name}' may get a mask from '{maker.name}' ({type(maker).__name__}), "
                f"and its cell's output is none of its states (the cell names no "
                f"output_state_index), so a chunk starting on masked steps could not repeat the "
                f"stream's last output as its whole sequence does. Give the cell an "
                f"output_state_index, or set zero_output_for_mask=True on the layer."
            )


def _frame_size(model: nn.Module) -> int:
    shape = getattr(model, "input_shape", None)
    if isinstance(shape, list) or shape is None or len(shape) != 3 or not isinstance(shape[-1], int):
        raise ValueError(
            f"A StreamPool needs a built model with one input of shape (batch, time, features). "
            f"Received a model with input shape {shape!r}."
        )
    return shape[-1]


def to_numpy(outputs: Any) -> Any:
    """Model outputs as numpy arrays (a list stays a list)."""
    if isinstance(outputs, (list, tuple)):
        return [to_numpy(item) for item in outputs]
    return outputs.detach().cpu().numpy()


__all__ = ["ModelRunner", "RowStates", "check_streamable", "to_numpy"]
