"""`RNN` drives a cell over time and owns the carried state; `SimpleRNN`, `GRU`, `LSTM`.

The time loop, ``go_backwards``, ``return_sequences``/``return_state``, dropout masks and the
stateful carry live here once, for every cell. Built-in cells in configurations that PyTorch's
fused kernels compute exactly run on those kernels (see `fused`); anything else, including any
user-written cell, runs the per-step loop below. Both give the same numbers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from .._compat import is_compiling
from .._keras_rules import tf_keras_rules
from .._lazy import TensorFlowNameError, load_name
from ..state import StateStore, StateVariable, by_row
from ._config import layer_classes, serialize
from .abstract_cell import AbstractRNNCell
from .base import CHECKED_INPUTS, Layer, format_shape, forward_parameters, to_tensor
from .cells import DropoutMasks, RecurrentCell, returned_states, zero_states
from .fused import fused_runner, switch_settings
from .segments import ChunkRunner, as_step_flags, in_pieces, run_in_segments
from .stacked_cells import StackedRNNCells

States = tuple[torch.Tensor, ...]

# A call runs its kernel on pieces of at most this many batch x steps x gate-width elements (the
# gates' pre-activations of a piece; gate width: 4 units for LSTM, 3 for GRU, 1 for SimpleRNN),
# each piece starting from the states the last one ended with: the same numbers and gradients
# as one kernel call. oneDNN refuses a call of about 2**31 such elements ("could not create a
# primitive": LSTM(64), batch 1, from 8.3 million steps); 2**26 (LSTM(64), batch 1: pieces of
# 262144 steps) stays far below while a piece's extra kernel call is lost in its work. Calls
# under the bound pay nothing: the piece size is decided once per input shape.
MAX_PIECE_ELEMENTS = 2**26

_CHECKED_KEYS = 64  # distinct keys kept; a stream of varying chunk lengths starts over
_UNSEEN = object()


def _state_sizes(cell: Any) -> tuple[int, ...]:
    size = getattr(cell, "state_size", None)
    sizes = (size,) if isinstance(size, int) else tuple(size) if size is not None else ()
    if not sizes or not all(isinstance(s, int) and s > 0 for s in sizes):
        raise TypeError(
            f"A cell must be an nn.Module with a state_size attribute (a positive int, or a "
            f"tuple of them for several states) and forward(inputs, states) -> (output, "
            f"new_states). Received: {type(cell).__name__} with state_size={size!r}"
        )
    return sizes


class RNN(Layer):
    r"""Run ``cell`` over the time axis; with ``stateful=True``, carry its state between calls.

    This is also the base of `SimpleRNN`, `GRU` and `LSTM`. A cell is any ``nn.Module`` with
    ``state_size`` and ``forward(inputs (N, F), states) -> (output (N, o), new_states)``; it
    gets everything here (stateful carry, chunking, resets) without further code.

    For each step \(t = 1 \dots T\) (from the end with ``go_backwards``), with \(f\) the cell:

    \[ (o_t, s_t) = f(x_t, s_{t-1}) \]

    where \(s_0\) is zeros, ``initial_state``, or with ``stateful=True`` the state the last
    call ended with. The output is \(o_T\), or \(o_1 \dots o_T\) with ``return_sequences``.
    At a masked step \(s_t = s_{t-1}\) and \(o_t = o_{t-1}\) (zeros with
    ``zero_output_for_mask``), where \(o_0\) is zeros, as in Keras, even when a stateful
    layer continues a sequence (a `StreamPool`, whose streams must give their whole-sequence
    outputs, continues with the last output: ``continues_masked_outputs``); at a reset step
    \(s_{t-1}\) is replaced by zeros.

    Args:
        cell: the step; see `cells`.
        return_sequences: return every step's output ``(N, T, o)`` rather than the last ``(N, o)``.
        return_state: also return the final states: ``[output, *states]``; for a stack of
            cells (``RNN([cell, cell])``) nested per cell, as Keras: ``[output, [h0, c0], h1]``.
        go_backwards: read the sequence from its end; outputs come in that (reversed) order,
            as in Keras.
        stateful: keep the final state of batch row i as the initial state of row i in the
            next call. The batch size must be known (``batch_input_shape`` or the first call).
        unroll: accepted for Keras compatibility; has no effect.
        zero_output_for_mask: masked steps output zeros rather than repeating the last real
            output (Keras's argument; `Bidirectional` sets it when returning sequences).

    Shapes:
        inputs ``(N, T, F)`` -> outputs ``(N, T, o)`` if return_sequences else ``(N, o)``.

    State:
        ``states`` lists one ``(N, s)`` tensor per ``state_size`` entry (LSTM: ``[h, c]``),
        ``[None, ...]`` when not stateful, as in Keras; ``state_shapes`` holds each one's
        shape per row, ``(s,)``, or a convolutional LSTM's ``(*spatial, filters)``.

    Attributes:
        continues_masked_outputs: False (Keras's masking): masked steps before a call's first
            real step output zeros. True: they repeat the output the carried state holds (the
            cell's ``output_state_index`` names that state; a cell without one outputs zeros),
            which is what those steps output when the whole sequence comes in one call. Not a
            Keras argument; a `StreamPool` sets it on its private copy of the model.

    Raises:
        ValueError: an input of the wrong rank, feature size or (stateful) batch size; the
            state is left as it was.

    Example:
        >>> from statefulrnn.layers import LSTMCell
        >>> layer = RNN(LSTMCell(4), stateful=True, batch_input_shape=(2, None, 3))
        >>> layer(torch.zeros(2, 5, 3)).shape
        torch.Size([2, 4])
        >>> [tuple(s.shape) for s in layer.states]
        [(2, 4), (2, 4)]
    """

    continues_masked_outputs = False
    _input_dim_of_steps = True

    def __init__(
        self,
        cell: nn.Module,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ) -> None:
        if isinstance(cell, (list, tuple)):  # Keras's RNN([cell, cell, ...])
            cell = StackedRNNCells(cell)
        super().__init__(**kwargs)
        if not isinstance(cell, nn.Module):
            raise TypeError(
                f"RNN needs a cell that is an nn.Module (such as GRUCell(4)). Received: {type(cell).__name__}"
            )
        self.state_sizes = _state_sizes(cell)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.zero_output_for_mask = zero_output_for_mask
        self.state_store: StateStore | None = None
        # Whether the cell has a get_initial_state of its own, which a call without
        # initial_state asks (looked up now: reading self.cell costs ~1 us a call)
        self._asks_cell = _asks(cell)
        self.input_features: int | None = None
        # Each state's shape per batch row: (size,) for a width (a convolutional LSTM's are
        # (H, W, filters), known once built).
        self.state_shapes: tuple[tuple[int, ...], ...] = tuple((size,) for size in self.state_sizes)

    # ----- building ---------------------------------------------------------------------

    @property
    def output_size(self) -> int:
        return getattr(self.cell, "output_size", self.state_sizes[0])

    def get_initial_state(self, inputs_or_batch_size: Any) -> list[torch.Tensor]:
        """Keras's zero states, one ``(N, s)`` tensor per state (LSTM: ``[h, c]``), for a batch
        of that size (Keras 3's ``get_initial_state(batch_size)``) or of those inputs (tf-keras's
        ``get_initial_state(inputs)``, ``(N, T, F)``), in the inputs' float dtype or the layer's;
        or what a program's cell's own ``get_initial_state`` gives, which a call without
        ``initial_state`` and a stateful layer's first state start from too, as in both Kerases.

        Example:
            >>> from statefulrnn.layers import LSTM
            >>> [s.shape for s in LSTM(3).get_initial_state(torch.ones(2, 5, 4))]
            [torch.Size([2, 3]), torch.Size([2, 3])]
        """
        given = inputs_or_batch_size
        counted = isinstance(given, (int, np.integer)) or (torch.is_tensor(given) and given.ndim == 0)
        if counted:
            own = self._own_initial_states(int(given), self.torch_dtype)
        else:
            own = self._own_initial_states(len(given), getattr(given, "dtype", self.torch_dtype))
        if own is not None:
            return list(own)
        return zero_states(
            self.state_sizes, None if counted else given, given if counted else None, None, self
        )

    def _own_initial_states(self, batch: int, dtype: Any) -> tuple[torch.Tensor, ...] | None:
        """The states a program's cell's own ``get_initial_state`` gives for ``batch`` rows, as
        both Kerases ask it (tf-keras: ``inputs=None, batch_size, dtype``; Keras 3:
        ``batch_size``), flattened; None for a cell without one of its own (zeros), or whose
        own is written with TensorFlow's functions (Hands-On Machine Learning's
        ``LNSimpleRNNCell``: ``tf.zeros``), which statefulrnn does not run: a warning says so."""
        if not self._asks_cell or "_initial_states_in_tensorflow" in self.__dict__:
            return None
        try:
            if tf_keras_rules():
                name = str(dtype).removeprefix("torch.") if isinstance(dtype, torch.dtype) else dtype
                given = self.cell.get_initial_state(inputs=None, batch_size=batch, dtype=name)
            else:
                given = self.cell.get_initial_state(batch_size=batch)
        except TensorFlowNameError as error:
            self.__dict__["_initial_states_in_tensorflow"] = True  # asked once, said once
            warnings.warn(
                f"{type(self.cell).__name__}.get_initial_state could not run ({error}): {self._describe()} "
                f"starts from zeros, Keras's default. Write it with keras.ops to have its states used.",
                stacklevel=4,
            )
            return None
        return returned_states(given)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        if len(input_shape) != 3 or not isinstance(input_shape[-1], int):
            raise ValueError(
                f"{self._describe()} expects inputs of shape (batch, time, features) with a "
                f"known number of features. Received: input shape {format_shape(input_shape)}"
            )
        batch, _, features = input_shape
        if isinstance(self.cell, Layer):
            self.cell.build((batch, features))
        self.input_features = features
        sizes: Sequence[Any] = self.state_sizes
        try:
            own = self._own_initial_states(1, self.torch_dtype)
        except Exception:  # a program's own method: a call without initial_state raises it
            own = None
        if own is not None and len(own) == len(sizes):
            # A program's cell's own initial states give its states' shapes, which Keras takes
            # as they come: Keras-MatMulLess's LRU cell keeps (N, 2, s) for state_size s.
            shapes = tuple(tuple(state.shape[1:]) for state in own)
            if shapes != self.state_shapes:
                self.state_shapes = sizes = shapes
        self._keep_states(input_shape, sizes)

    def _keep_states(self, input_shape: tuple[int | None, ...], sizes: Sequence[Any]) -> None:
        """With ``stateful=True``, make the store of the carried states (``sizes``: see
        `StateStore`) for the batch size of ``input_shape``, which must be known."""
        if not self.stateful:
            return
        batch = input_shape[0]
        if batch is None:
            rest = format_shape(input_shape[1:]).strip("()").rstrip(",")
            raise ValueError(
                f"{self._describe()} is stateful, so it needs a fixed batch size: it keeps "
                f"one state row per batch slot. Received: input shape "
                f"{format_shape(input_shape)} with no batch size. Give "
                f"batch_input_shape=(N, {rest}) on the first layer or "
                f"Input(batch_shape=(N, {rest}))."
            )
        device = next(iter(self.cell.parameters()), torch.empty(0)).device
        store = StateStore(self._describe(), batch, sizes, self.torch_dtype, device)
        own = self._own_initial_states(batch, self.torch_dtype)
        if own is not None:  # both Kerases start a stateful layer there (reset_states: zeros)
            store.write(store.check_values(list(own)))
        self.state_store = store

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> Any:
        batch, steps = input_shape[0], input_shape[1]
        if self.state_store is not None:
            batch = self.state_store.batch_size
        output = (batch, steps, self.output_size) if self.return_sequences else (batch, self.output_size)
        if self.return_state:
            return [output, *self._returned_states([(batch, size) for size in self.state_sizes])]
        return output

    def get_config(self) -> dict[str, Any]:
        """Keras's config (see `Layer.get_config`), which always holds ``cell``: a program's own
        subclass of RNN that makes its cell in ``__init__`` (keras-ordered-neurons's ``ONLSTM``)
        gets it too, and its ``get_config`` may ``del base_config['cell']`` as Keras 2 code does.
        `SimpleRNN`, `GRU`, `LSTM` and subclasses of theirs have none, as in Keras.

        Example:
            >>> from statefulrnn.layers import LSTM, GRUCell
            >>> class MyGRU(RNN):
            ...     def __init__(self, units, **kwargs):
            ...         super().__init__(GRUCell(units, name="my_gru_cell"), **kwargs)
            >>> MyGRU(3, name="my_gru").get_config()["cell"]["config"]["name"]
            'my_gru_cell'
            >>> "cell" in LSTM(3, name="lstm_config").get_config()
            False
        """
        config = super().get_config()
        # The first of statefulrnn's public classes above this one: RNN itself for RNN and a
        # program's subclass of it, whose config Keras's RNN.get_config writes with the cell.
        own = next(cls for cls in type(self).__mro__ if layer_classes().get(cls.__name__) is cls)
        if own is RNN and "cell" not in config:
            config["cell"] = serialize(self.cell)
        return config

    # A mask marks time steps: it passes on with the sequence, and the states have none.
    supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """``mask`` for ``return_sequences`` outputs, else None; None for each state."""
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, *[None] * len(self._returned_states(self.state_sizes))]
        return output_mask

    # ----- state ------------------------------------------------------------------------

    @property
    def states(self) -> list[StateVariable | None]:
        """The carried states, each ``(N, s)``, as Keras variables (`StateVariable`: tensors
        with ``assign``); ``[None, ...]`` when not stateful."""
        if self.state_store is None:
            return [None] * len(self.state_sizes)
        return self.state_store.variables()

    def reset_states(self, states: Any = None, mask: Any = None) -> None:
        """Zero the carried states, or set them to ``states`` (one array per state).

        Args:
            states: None for zeros, else one ``(N, s)`` array per state (a single array for a
                one-state cell).
            mask: only reset these batch rows: a boolean ``(N,)`` array or a list of indices.

        Raises:
            ValueError: the layer is not stateful or not built, or a value or mask is the
                wrong shape; nothing changes then.
        """
        if not self.stateful:
            raise ValueError(
                f"{self._describe()} is not stateful, so it keeps no state to reset. "
                f"Create it with stateful=True."
            )
        if self.state_store is None:
            raise ValueError(
                f"{self._describe()} is not built yet, so it has no state to reset. Give it "
                f"batch_input_shape=... or call it once."
            )
        self.state_store.reset(states, mask)

    def reset_state(self, states: Any = None, mask: Any = None) -> None:
        """Keras 3 spelling of `reset_states`."""
        self.reset_states(states, mask)

    # ----- computing --------------------------------------------------------------------

    def forward(
        self,
        inputs: Any,
        initial_state: Any = None,
        training: bool | None = None,
        mask: Any = None,
        resets: Any = None,
        constants: Any = None,
    ) -> torch.Tensor | list[torch.Tensor]:
        """Run the chunk ``inputs (N, T, F)``.

        Args:
            initial_state: states to start from instead of the carried (or zero) ones.
            training: dropout on or off (default: ``self.training``).
            mask: bool ``(N, T)``, False for padded steps: the row's state stays as it was and
                its output repeats its last real output, or is zero with
                ``zero_output_for_mask`` (Keras's masking). Models pass the mask that an
                `Embedding` with ``mask_zero`` or a `Masking` layer makes.
            resets: bool ``(N, T)``, True where a new sequence starts in that row: its state is
                zeroed before that step, as if the sequence ran alone.
            constants: Keras's argument; only ``None`` (no constants) is accepted, so that a
                Keras ``RNN`` subclass whose ``call`` forwards ``constants=None`` to
                ``super().call`` runs. Constants given to every step are refused.

        Raises:
            ValueError: ``constants`` other than ``None``.
        """
        if constants is not None:
            raise ValueError(
                "RNN(constants=...) is not supported: statefulrnn's RNN does not pass constants "
                "to its cell. Close over them in the cell, or run the loop with "
                "keras.backend.rnn(step_function, inputs, initial_states, constants=...)."
            )
        x, piece = self._checked_input(inputs)
        if mask is not None or resets is not None:
            mask, resets = self._step_flags(x, mask, resets)
        states = self._initial_states(x, initial_state)
        if training is None:
            training = self.training
        if self._custom_inner_loop:
            outputs, last, final = self._programs_inner_loop(x, states, mask, resets, training)
        else:
            outputs, last, final = self._loop(x, piece, states, mask, resets, training)

        store = self._modules.get("state_store")
        if store is not None:
            store.commit(final)
        output = outputs if self.return_sequences else last
        return [output, *self._returned_states(final)] if self.return_state else output

    def _loop(
        self, x: torch.Tensor, piece: int | None, states: States, mask: Any, resets: Any, training: bool
    ) -> tuple[torch.Tensor | None, torch.Tensor, States]:
        """The outputs (or None), the last output and the final states of the chunk ``x`` from
        ``states``, the flags checked (`forward`), on the runner `_chunk_runner` picks."""
        cell = self._modules["cell"]  # a dict read: Module.__getattr__ costs a microsecond
        masks = None
        if training and hasattr(cell, "dropout_masks"):  # outside training it gives None (`cells`)
            masks = cell.dropout_masks(x.shape[0], training)
        if self.go_backwards:
            x = x.flip(1)
            mask = None if mask is None else mask.flip(1)
        run = self._chunk_runner(training, masks)
        if piece is not None:
            run = in_pieces(run, piece, self.return_sequences)
        if mask is None and resets is None:
            return run(x, states)
        return self.run_flagged(run, x, states, mask, resets)

    # Whether a program's subclass overrides `inner_loop` (set for each subclass).
    _custom_inner_loop = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._custom_inner_loop = cls.inner_loop is not RNN.inner_loop

    def inner_loop(
        self, sequences: Any, initial_state: Any, mask: Any = None, training: bool = False
    ) -> tuple[torch.Tensor, torch.Tensor | None, list[torch.Tensor]]:
        """Keras 3's loop over the steps: ``(last_output, outputs, new_states)`` for
        ``sequences (N, T, F)`` from ``initial_state`` (a list of states, or one) with ``mask``
        (bool ``(N, T)``, or None), as a call computes them (``outputs`` None unless
        ``return_sequences``). A program's subclass may override it (a scan of its own, or
        Keras-MatMulLess's RNN, which unnests its states and calls ``super().inner_loop``):
        a call then runs the override, as Keras's ``RNN.call`` does, and a stateful layer
        carries the states it returns.

        Example:
            >>> from statefulrnn.layers import GRU
            >>> layer = GRU(2, return_sequences=True)
            >>> x = torch.ones(3, 4, 5)
            >>> last, outputs, states = layer.inner_loop(x, layer.get_initial_state(3), None)
            >>> torch.equal(outputs, layer(x)), torch.equal(last, outputs[:, -1]), states[0].shape
            (True, True, torch.Size([3, 2]))
        """
        x = sequences if torch.is_tensor(sequences) else self._checked_input(sequences)[0]
        if not self.built:
            self.build(tuple(x.shape))
        given = initial_state if isinstance(initial_state, (list, tuple)) else [initial_state]
        states = self._checked_states(returned_states(given), x, "initial_state")
        if mask is not None:
            mask = self._step_flags(x, mask, None)[0]
        outputs, last, final = self._loop(x, None, states, mask, None, training)
        return last, outputs, list(final)

    def _programs_inner_loop(
        self, x: torch.Tensor, states: States, mask: Any, resets: Any, training: bool
    ) -> tuple[torch.Tensor | None, torch.Tensor, States]:
        """A call's loop run by a program's override of `inner_loop`, called as Keras calls it."""
        if resets is not None:
            raise ValueError(
                f"{self._describe()} overrides inner_loop, Keras's loop, which takes no resets: "
                f"pass resets= to a layer that keeps statefulrnn's loop."
            )
        last, outputs, final = self.inner_loop(
            sequences=x, initial_state=list(states), mask=mask, training=training
        )
        return outputs, last, returned_states(final)

    def run_flagged(
        self, run: ChunkRunner, x: torch.Tensor, states: States, mask: Any, resets: Any
    ) -> tuple[torch.Tensor | None, torch.Tensor, States]:
        """``run`` (a chunk runner, see `segments`) over ``x (N, T, F)`` from ``states``,
        honouring ``mask`` and ``resets`` (bool ``(N, T)`` tensors or None) as `forward` says:
        the outputs (or None), the last output and the final states."""
        before = self.output_before(states) if mask is not None and self.continues_masked_outputs else None
        outputs, last, final = run_in_segments(run, x, states, mask, resets, self.return_sequences, before)
        if mask is not None and self.zero_output_for_mask:
            outputs = None if outputs is None else torch.where(by_row(mask, outputs), outputs, 0.0)
            # the last step read (first, if go_backwards)
            last = torch.where(by_row(mask[:, -1], last), last, 0.0)
        return outputs, last, final

    @property
    def output_state_index(self) -> int | None:
        """Which of the states the output equals after every step (the cell's
        ``output_state_index``), or None where the cell does not say."""
        return getattr(self._modules["cell"], "output_state_index", None)

    def output_before(self, states: Sequence[Any]) -> Any:
        """The output the sequence reached with ``states``, or None where the cell does not say
        which state it is (`output_state_index`)."""
        index = self.output_state_index
        return None if index is None else states[index]

    def _returned_states(self, states: list[Any]) -> list[Any]:
        """The states as ``return_state`` gives them (tensors, or their shapes): flat, but a
        stack's nested per cell as Keras returns them (``[h0, c0], h1`` for
        ``[LSTMCell, GRUCell]``: a list for a cell of several states)."""
        if isinstance(self.cell, StackedRNNCells):
            return self.cell.nest_states(states)
        return list(states)

    def _chunk_runner(self, training: bool, masks: DropoutMasks | None) -> ChunkRunner:
        """The fused kernel when one computes this cell exactly; a linear recurrence's parallel
        scan (a cell with ``run_chunk``, see `linear_recurrence`) for chunks of several steps;
        else the per-step loop. ``use_fused_kernels(False)`` forces the per-step loop."""
        cell = self._modules["cell"]
        if masks is None and hasattr(cell, "run_chunk") and switch_settings()[0]:
            return self._scan_runner(cell)
        kernel = fused_runner(cell, training)
        if kernel is None:
            return lambda x, states: self._step_loop(x, states, masks, training)

        def run(x: torch.Tensor, states: States) -> tuple[torch.Tensor | None, torch.Tensor, States]:
            if masks is not None and masks.inputs is not None:
                x = x * masks.inputs[:, None, :]  # the same mask at every step, as in Keras
            outputs, final = kernel(x, states)
            return outputs, outputs.select(1, -1), final  # select: cheaper than [:, -1]

        return run

    @staticmethod
    def _scan_runner(cell: Any) -> ChunkRunner:
        def run(x: torch.Tensor, states: States) -> tuple[torch.Tensor | None, torch.Tensor, States]:
            outputs, final = cell.run_chunk(x, states)  # a one-step chunk takes the plain step
            return outputs, outputs.select(1, -1), tuple(final)

        return run

    def _checked_input(self, inputs: Any) -> tuple[torch.Tensor, int | None]:
        """``inputs`` as a checked tensor of this layer's dtype (the layer built on the first
        call), and the steps per piece for a call too long to run whole (see
        `MAX_PIECE_ELEMENTS`), else None.

        The checks read only the input's shape, dtype and device and the layer's settings, so a
        tensor whose (shape, dtype, device, stateful batch size) passed once passes again: the
        key is cached with its answer, and only a new one is checked. The cache is dropped when
        the layer moves or changes dtype (``.to()``), and is not pickled or copied.

        Raises:
            ValueError: wrong rank, feature size, no steps, or batch size of a stateful layer.
        """
        cacheable = type(inputs) is torch.Tensor and not is_compiling()  # dynamo traces the checks
        if cacheable:
            key = self._input_key(inputs)
            checked = self.__dict__.get(CHECKED_INPUTS)
            piece = _UNSEEN if checked is None else checked.get(key, _UNSEEN)
            if piece is not _UNSEEN:
                return inputs, piece
        x = self._as_input(inputs)
        self._check_rank(x)
        if not self.built:
            self.build((x.shape[0] if self.stateful else None, None, *x.shape[2:]))
        self._check_input(x)
        piece = self._piece_steps(x)
        if cacheable and x is inputs:
            checked = self.__dict__.setdefault(CHECKED_INPUTS, {})
            if len(checked) >= _CHECKED_KEYS:  # many chunk lengths: start over rather than grow
                checked.clear()
            checked[self._input_key(x)] = piece  # the key again: the first call built the store
        return x, piece

    def _input_key(self, x: torch.Tensor) -> tuple[Any, ...]:
        store = self._modules.get("state_store")
        return (x.shape, x.dtype, x.device, None if store is None else store.batch_size)

    def _piece_steps(self, x: torch.Tensor) -> int | None:
        """Steps per piece when ``x`` is longer than `MAX_PIECE_ELEMENTS` allows, else None."""
        cell = self._modules["cell"]
        width = max(sum(self.state_sizes), getattr(cell, "gates", 0) * getattr(cell, "units", 0))
        piece = max(1, MAX_PIECE_ELEMENTS // (x.shape[0] * width))
        return piece if x.shape[1] > piece else None

    def _step_flags(self, x: torch.Tensor, mask: Any, resets: Any) -> tuple[Any, Any]:
        """``mask`` and ``resets`` checked (see `as_step_flags`); None where they ask nothing."""
        owner = self._describe()
        mask = as_step_flags(mask, x, "mask", owner, neutral=True)
        resets = as_step_flags(resets, x, "resets", owner, neutral=False)
        if resets is not None and self.go_backwards:
            raise ValueError(
                f"{owner} reads its chunks backwards, so a step where a sequence starts has "
                f"no meaning for it; resets= needs go_backwards=False."
            )
        return mask, resets

    def _step_loop(
        self, x: torch.Tensor, states: States, masks: DropoutMasks | None, training: bool
    ) -> tuple[torch.Tensor | None, torch.Tensor, States]:
        """The generic path: one cell call per step. Returns (outputs or None, last, states)."""
        cell = self._modules["cell"]
        extra: dict[str, Any] = {} if masks is None else {"dropout_masks": masks}
        if "training" in forward_parameters(type(cell)):  # a Keras-style cell: call(..., training=None)
            extra["training"] = training
        per_step = []
        for t in range(x.shape[1]):
            output, new_states = cell(x[:, t], states, **extra)
            states = returned_states(new_states)
            if t == 0:
                self._check_cell_states(states)
            if self.return_sequences:
                per_step.append(output)
        outputs = torch.stack(per_step, dim=1) if self.return_sequences else None
        return outputs, output, states

    def _check_rank(self, x: torch.Tensor) -> None:
        if x.ndim != 3:
            raise ValueError(
                f"{self._describe()} expects inputs of rank 3 (batch, time, features), but "
                f"received shape {tuple(x.shape)} (rank {x.ndim})."
            )

    def _check_step_shape(self, x: torch.Tensor) -> None:
        """Refuse steps of another shape than the layer was built for."""
        if x.shape[2] != self.input_features:
            raise ValueError(
                f"{self._describe()} was built for {self.input_features} input features, but "
                f"received inputs of shape {tuple(x.shape)} with {x.shape[2]}."
            )

    def _check_input(self, x: torch.Tensor) -> None:
        self._check_step_shape(x)
        batch, steps = x.shape[0], x.shape[1]
        if steps == 0:
            raise ValueError(
                f"{self._describe()} needs at least one time step. Received: inputs of shape {tuple(x.shape)}"
            )
        store = self._modules.get("state_store")
        if store is not None and batch != store.batch_size:
            raise ValueError(
                f"{self._describe()} is stateful with batch size {store.batch_size}, but "
                f"received a batch of {batch}. Stateful layers keep one state row per batch "
                f"slot, so every call must bring exactly {store.batch_size} rows: pad a short "
                f"batch, or build another model with batch_input_shape=({batch}, ...) and copy "
                f"the weights with set_weights."
            )

    def _initial_states(self, x: torch.Tensor, initial_state: Any) -> States:
        batch = x.shape[0]
        if initial_state is None:
            store = self._modules.get("state_store")
            if store is not None:
                return store.values
            own = self._own_initial_states(batch, x.dtype) if self._asks_cell else None
            if own is None:
                return tuple([x.new_zeros(batch, *shape) for shape in self.state_shapes])
            return self._checked_states(own, x, "the cell's get_initial_state")
        given = initial_state if isinstance(initial_state, (list, tuple)) else [initial_state]
        if isinstance(self.cell, StackedRNNCells):  # Keras nests a stack's states per cell
            given = self.cell.flatten_states(given)
        states = self._checked_states(given, x, "initial_state")
        store = self._modules.get("state_store")
        if store is not None and tf_keras_rules() and any(bool(s.any()) for s in store.values):
            # tf-keras: a stateful layer takes initial_state only while its carried state is all
            # zeros (its first call, or after reset_states()), then goes on from the carried one
            return store.values
        return states

    def _checked_states(self, given: Sequence[Any], x: torch.Tensor, source: str) -> States:
        """``given`` states as tensors of ``x``'s dtype and device, each checked to be ``(N, s)``."""
        if len(given) != len(self.state_sizes):
            raise ValueError(
                f"{self._describe()} has {len(self.state_sizes)} state(s), but {source} holds {len(given)}."
            )
        states = []
        for index, (value, shape) in enumerate(zip(given, self.state_shapes)):
            tensor = to_tensor(value, dtype=x.dtype, device=x.device, what=f"{self._describe()} {source}")
            if tuple(tensor.shape) != (x.shape[0], *shape):
                raise ValueError(
                    f"{self._describe()} {source}[{index}] must have shape "
                    f"{(x.shape[0], *shape)}, but received {tuple(tensor.shape)}."
                )
            states.append(tensor)
        return tuple(states)

    def _check_cell_states(self, states: States) -> None:
        shapes = tuple(tuple(s.shape[1:]) for s in states)
        if shapes != self.state_shapes:
            raise ValueError(
                f"The cell of {self._describe()} declares state_size {self.cell.state_size!r} "
                f"(states of row shapes {list(self.state_shapes)}) but returned new states of shapes "
                f"{[tuple(s.shape) for s in states]}."
            )

    def extra_repr(self) -> str:
        flags = [
            f for f in ("return_sequences", "return_state", "go_backwards", "stateful") if getattr(self, f)
        ]
        return ", ".join([f"name={self.name!r}", *[f"{f}=True" for f in flags]])


# The cells' zero states: a cell whose get_initial_state is one of these has none of its own.
_ZERO_STATES = frozenset({RecurrentCell.get_initial_state, AbstractRNNCell.get_initial_state})


def _asks(cell: Any) -> bool:
    """Whether ``cell`` has a ``get_initial_state`` of its own (not Keras's zeros)."""
    asked = getattr(type(cell), "get_initial_state", None)
    return asked is not None and asked not in _ZERO_STATES


# Keras 2's `keras.layers.recurrent` held the built-in RNNs and their cells (`from
# keras.layers.recurrent import LSTM`); they load from `statefulrnn.layers` on first use, as
# their modules import this one.
_KERAS2_NAMES = dict.fromkeys(
    "GRU GRUCell InputSpec LSTM LSTMCell SimpleRNN SimpleRNNCell".split(), "statefulrnn.layers"
)


def __getattr__(name: str) -> Any:
    return load_name(globals(), _KERAS2_NAMES, name)
