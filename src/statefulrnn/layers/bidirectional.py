"""`Bidirectional`: one RNN reads the sequence forwards, a second backwards; outputs merged."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import numpy as np
import torch
from torch import nn

from .._checks import as_mask
from ..state import StateVariable, reset_states, restore_on_error
from .base import Layer, forward_parameters
from .recurrent import RNN
from .wrapper import Wrapper

_MERGES = {
    "concat": lambda f, b: torch.cat([f, b], dim=-1),
    "sum": lambda f, b: f + b,
    "mul": lambda f, b: f * b,
    "ave": lambda f, b: (f + b) / 2,
}


class StatefulBidirectionalWarning(UserWarning):
    """A stateful Bidirectional cannot give chunked results equal to whole-sequence results."""


class Bidirectional(Wrapper):
    r"""Bidirectional wrapper for RNNs, Keras's ``Bidirectional``.

    One copy of ``layer`` reads the sequence \(x_1, \dots, x_T\) forwards, a second reads it
    from its end; with \(\overrightarrow{h}_t\) the forward half's output after reading
    \(x_1, \dots, x_t\) and \(\overleftarrow{h}_t\) the backward half's after reading
    \(x_T, \dots, x_t\), the output at step \(t\) is

    \[
    y_t = \operatorname{merge}\big(\overrightarrow{h}_t, \overleftarrow{h}_t\big), \qquad
    \operatorname{merge}(a, b) = \begin{cases}
        [\, a \,\|\, b \,] & \texttt{"concat"} \\
        a + b & \texttt{"sum"} \\
        a \odot b & \texttt{"mul"} \\
        (a + b) / 2 & \texttt{"ave"}
    \end{cases}
    \]

    and ``merge_mode=None`` returns the pair ``[forward_output, backward_output]`` unmerged.
    With ``return_sequences`` the backward half's outputs come back in time order (step
    \(t\) lines up with step \(t\)), as in Keras; without it the two last outputs,
    \(\overrightarrow{h}_T\) and \(\overleftarrow{h}_1\), are merged.

    The wrapped ``layer`` is a template: ``forward_layer`` is a copy named ``forward_<name>``
    and ``backward_layer`` a copy with ``go_backwards`` flipped named ``backward_<name>``
    (or the given ``backward_layer``); as in Keras, a name that already starts with that
    prefix keeps it once. Weights are the forward layer's, then the backward's.

    Args:
        layer: an `RNN` (``GRU``, ``LSTM``, ...), or, as in Keras, any layer written like one:
            one with ``go_backwards``, ``return_sequences``, ``return_state`` and ``stateful``
            attributes (the RNN's meanings) and a config (``get_config``/``from_config``) that
            takes ``go_backwards`` (keras-tcn's ``TCN``, a program's own layer). Its
            ``return_sequences``, ``return_state`` and ``stateful`` are the wrapper's. Such a
            layer's halves are made from its config, the backward one with ``go_backwards``
            flipped, as tf-keras makes them (Keras 3 sets it True, so refuses a layer that
            already reads backwards); each is called with ``initial_state``, ``training`` and
            ``mask`` where its ``call`` takes them, as tf-keras calls it.
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"``, or None to return
            ``[forward_output, backward_output]``.
        backward_layer: optional layer for the backward direction (default None: a copy of
            ``layer``); it must match ``layer`` in ``return_sequences``, ``return_state`` and
            ``stateful`` and read the other way. Keras's ``weights`` argument is not taken.

    Raises:
        TypeError: ``layer`` (or ``backward_layer``) lacks one of those attributes (a
            ``Dense``: Keras fails too, on the ``go_backwards`` its config does not take).
        ValueError: an unknown ``merge_mode``, or a ``backward_layer`` that does not match.

    Shapes:
        ``(N, T, F)`` -> ``(N, T, 2u)`` with ``return_sequences`` and ``"concat"``, ``(N, T, u)``
        with the other merges, ``(N, 2u)`` / ``(N, u)`` without ``return_sequences``. With
        ``return_state``: ``[output, *forward_states, *backward_states]`` (``[y, h_f, c_f, h_b,
        c_b]`` for an `LSTM`), the order `states` and ``initial_state`` use too.

    Masks:
        A mask (``mask=``, or one an `Embedding` with ``mask_zero`` or `Masking` makes) goes
        to both halves; the backward half reads it reversed, with its input. As in Keras,
        with ``return_sequences`` both halves output zeros at masked steps
        (``zero_output_for_mask`` is set on them).

    Resets:
        ``resets=`` (a `SequenceBatcher`'s, handed on by a model) is honoured at a chunk's
        first step and refused after it, where the backward half cannot honour it (see
        `forward`).

    Note:
        A stateful Bidirectional is built (Keras allows it, the notebook makes one) but warns:
        its backward half reads each chunk from the chunk's end, so it cannot continue a
        sequence across chunks, and chunked results differ from whole-sequence results.

    Example:
        >>> from statefulrnn.layers import Layer
        >>> layer = Bidirectional(LSTM(5), input_shape=(None, 1))
        >>> layer.count_params()
        280
        >>> both = Bidirectional(LSTM(5, return_sequences=True, return_state=True), merge_mode="sum")
        >>> y, h_f, c_f, h_b, c_b = both(torch.zeros(2, 4, 1))
        >>> y.shape, h_b.shape
        (torch.Size([2, 4, 5]), torch.Size([2, 5]))

        A layer of one's own that reads the sequence either way, the running sum of its steps:

        >>> class RunningSum(Layer):
        ...     def __init__(self, go_backwards=False, return_sequences=True, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.go_backwards, self.return_sequences = go_backwards, return_sequences
        ...         self.return_state = self.stateful = False
        ...     def call(self, x):
        ...         y = (x.flip(1) if self.go_backwards else x).cumsum(1)
        ...         return y if self.return_sequences else y[:, -1]
        >>> sums = Bidirectional(RunningSum())
        >>> sums.backward_layer.go_backwards
        True
        >>> sums(torch.tensor([[[1.0], [2.0], [3.0]]]))[0]  # [sum up to t, sum from t]
        tensor([[1., 6.],
                [3., 5.],
                [6., 3.]])
    """

    _holds_layer = False  # the template of the two halves, which hold the weights

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ) -> None:
        _check_sequence_layer(layer, "layer")
        if merge_mode is not None and merge_mode not in _MERGES:
            raise ValueError(f"merge_mode must be one of {sorted(_MERGES)} or None. Received: {merge_mode!r}")
        super().__init__(layer, **kwargs)
        # Keras's names, prefix not doubled: a half read from a Keras config (``forward_lstm``)
        # keeps its name rather than becoming ``forward_forward_lstm``.
        self.forward_layer = _copy(layer, f"forward_{layer.name.removeprefix('forward_')}")
        if backward_layer is None:
            name = f"backward_{layer.name.removeprefix('backward_')}"
            backward_layer = _copy(layer, name, go_backwards=not layer.go_backwards)
        else:
            _check_sequence_layer(backward_layer, "backward_layer")
            _check_backward_layer(layer, backward_layer)
        self.backward_layer = backward_layer
        # How each half is called: an RNN with all of its arguments, by position (the fast
        # path); another layer, or a program's RNN subclass whose call orders them otherwise
        # (keras-ordered-neurons's ONLSTM.call(inputs, mask, training, initial_state)), with
        # those its call takes, by keyword, as tf-keras calls it.
        self._takes = [
            None if _takes_rnn_order(half) else forward_parameters(type(half))
            for half in (self.forward_layer, self.backward_layer)
        ]
        # As Keras: returning sequences, both halves output zeros at masked steps, so that a
        # padded step shows zeros rather than each half's last real output.
        for half in (self.forward_layer, self.backward_layer):
            if getattr(half, "zero_output_for_mask", None) is not None:
                half.zero_output_for_mask = half.return_sequences
        self.merge_mode = merge_mode
        if layer.stateful:
            warnings.warn(
                f"Bidirectional '{self.name}' wraps a stateful layer. Its forward half continues "
                f"from one call to the next, but its backward half reads each chunk from the "
                f"chunk's end and cannot continue the sequence, so results on consecutive "
                f"chunks differ from results on the whole sequence.",
                StatefulBidirectionalWarning,
                stacklevel=3,
            )

    # The mask goes to both halves; the backward half reverses it with its input.
    supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """Keras's rule: the mask for returned sequences (one per output without merging),
        None otherwise, and None for each state."""
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        outputs = 1 if self.merge_mode is not None else 2
        output_masks = [mask if self.return_sequences else None] * outputs
        if self.return_state:
            states = _state_count(self.forward_layer) + _state_count(self.backward_layer)
            return [*output_masks, *[None] * states]
        return output_masks[0] if outputs == 1 else output_masks

    @property
    def return_sequences(self) -> bool:
        return self.forward_layer.return_sequences

    @property
    def return_state(self) -> bool:
        return self.forward_layer.return_state

    @property
    def states(self) -> list[StateVariable | None]:
        """The forward half's states, then the backward half's (`StateVariable`s; none for a
        half without ``states``)."""
        return [*getattr(self.forward_layer, "states", ()), *getattr(self.backward_layer, "states", ())]

    def reset_states(self, mask: Any = None) -> None:
        """Zero both halves' states (only the batch rows in ``mask``, if given)."""
        reset_states(self, mask)

    def reset_state(self, mask: Any = None) -> None:
        """Keras 3 spelling of `reset_states`."""
        self.reset_states(mask)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        self.forward_layer.build(input_shape)
        self.backward_layer.build(input_shape)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> Any:
        def merge_shapes(forward: tuple, backward: tuple) -> tuple:
            if self.merge_mode == "concat":
                return (*forward[:-1], forward[-1] + backward[-1])
            return forward

        return self._assemble(
            self.forward_layer.compute_output_shape(input_shape),
            self.backward_layer.compute_output_shape(input_shape),
            merge_shapes,
        )

    def _assemble(self, forward: Any, backward: Any, merge: Any) -> Any:
        """Merge the two halves' results (tensors or shapes) into the layer's result."""
        f_out, f_states = (forward[0], forward[1:]) if self.return_state else (forward, [])
        b_out, b_states = (backward[0], backward[1:]) if self.return_state else (backward, [])
        outputs = [f_out, b_out] if self.merge_mode is None else [merge(f_out, b_out)]
        if len(outputs) == 1 and not self.return_state:
            return outputs[0]
        return [*outputs, *f_states, *b_states]

    def forward(
        self,
        inputs: Any,
        initial_state: Any = None,
        training: bool | None = None,
        mask: Any = None,
        resets: Any = None,
    ) -> torch.Tensor | list[torch.Tensor]:
        """Run both halves over the chunk ``inputs (N, T, F)`` and merge their outputs.

        Args:
            initial_state: the forward half's states, then the backward half's.
            training: dropout on or off (default: ``self.training``).
            mask: bool ``(N, T)``, False for padded steps; both halves skip them (see Masks).
            resets: bool ``(N, T)``, True where a new sequence starts in that row, honoured
                at step 0 only: both halves start that row afresh (the forward half from zero
                or ``initial_state``, as `RNN` does; a stateful backward half forgets what it
                carried from the chunk before). A sequence starting later in a chunk is
                refused: the backward half would read the next sequence into it, since it needs
                a sequence's future, which a later step or chunk holds. One sequence per row
                from step 0 (a `SequenceBatcher` whose ``batch_size`` covers the sequences and
                ``chunk_length`` the longest) is exact.

        Raises:
            ValueError: a reset after step 0, or flags of the wrong shape (from the halves).
        """
        # A program's sequence layer may take several tensors (cond_rnn's (inputs, conditions)):
        # the halves get them whole, as Keras hands them; the first gives the shape.
        several = isinstance(inputs, (list, tuple)) and inputs and all(hasattr(t, "shape") for t in inputs)
        first = inputs[0] if several else inputs
        shape = tuple(np.shape(first))
        # A wrong rank is left for the halves to report (an RNN takes 3, another layer 3 or more).
        if not self.built and (len(shape) == 3 or (len(shape) > 3 and self._takes[0] is not None)):
            self.build((shape[0] if self.forward_layer.stateful else None, None, *shape[2:]))
        forward_initial = backward_initial = None
        if initial_state is not None:
            # an RNN's own number of states; another layer's, half of them, as Keras splits
            fwd = self.forward_layer
            half = len(fwd.state_sizes) if isinstance(fwd, RNN) else len(initial_state) // 2
            if len(initial_state) != 2 * half:
                raise ValueError(
                    f"Bidirectional '{self.name}' takes {2 * half} initial states (forward "
                    f"then backward), but received {len(initial_state)}."
                )
            forward_initial, backward_initial = initial_state[:half], initial_state[half:]
        with restore_on_error():  # the backward half may refuse after the forward committed
            resets = self._check_resets(resets)
            forward = self._call_half(0, inputs, forward_initial, training, mask, resets)
            backward = self._call_half(1, inputs, backward_initial, training, mask, resets)

        def merge_outputs(f_out: torch.Tensor, b_out: torch.Tensor) -> torch.Tensor:
            return _MERGES[self.merge_mode](f_out, b_out)

        if self.return_sequences:  # the backward half's outputs back into time order
            backward = [backward[0].flip(1), *backward[1:]] if self.return_state else backward.flip(1)
        return self._assemble(forward, backward, merge_outputs)

    def _call_half(
        self, index: int, inputs: Any, initial_state: Any, training: Any, mask: Any, resets: Any
    ) -> Any:
        """Half ``index`` (0 forward, 1 backward) run on ``inputs``, a stateful half that is
        not handed ``resets`` started afresh in the rows that start a sequence at step 0."""
        half, takes = (self.forward_layer, self.backward_layer)[index], self._takes[index]
        hands_resets = index == 0 and takes is None  # the forward RNN honours them itself
        if half.stateful and not hands_resets and initial_state is None and _starts_any(resets):
            reset_states(half, resets[:, 0])
        if takes is None:  # an RNN: every argument, by position
            return half(inputs, initial_state, training, mask, *([resets] if hands_resets else []))
        kwargs: dict[str, Any] = {"training": training} if "training" in takes else {}
        if "mask" in takes:
            kwargs["mask"] = mask
        if "initial_state" in takes:
            kwargs["initial_state"] = initial_state
        elif initial_state is not None:
            raise TypeError(
                f"Bidirectional '{self.name}' was given initial_state, but the call of its layer "
                f"{type(half).__name__} '{half.name}' takes no initial_state."
            )
        return half(inputs, **kwargs)

    def _check_resets(self, resets: Any) -> Any:
        """``resets`` as a bool tensor, after refusing one after step 0 (of any other rank than
        ``(N, T)``, they are left for the forward half to refuse)."""
        if resets is None:
            return None
        resets = as_mask(resets)
        later = resets[:, 1:] if resets.ndim == 2 else resets.new_zeros(0)
        if bool(later.any()):
            row, step = (int(i) for i in torch.nonzero(later)[0])
            raise ValueError(
                f"Bidirectional '{self.name}' cannot honour resets= after a chunk's first step: a new "
                f"sequence starts at step {step + 1} of row {row}, and the backward half, which reads "
                f"each sequence from its end, would carry the steps after it into the sequence before. "
                f"Give it one sequence per row, starting at step 0 (a SequenceBatcher with a "
                f"batch_size of at least the number of sequences and a chunk_length of at least the "
                f"longest), or use a forward-only RNN."
            )
        return resets


def _takes_rnn_order(layer: nn.Module) -> bool:
    """Whether ``layer`` is an `RNN` whose call takes `RNN`'s arguments in `RNN`'s order."""
    if not isinstance(layer, RNN):
        return False
    order = [name for name in inspect.signature(RNN.forward).parameters]
    return [name for name in inspect.signature(type(layer).forward).parameters][: len(order)] == order


def _starts_any(resets: torch.Tensor | None) -> bool:
    return resets is not None and bool(resets[:, :1].any())


def _state_count(half: nn.Module) -> int:
    """How many states ``half`` returns after its output with ``return_state``."""
    if isinstance(half, RNN):
        return len(half.state_sizes)
    return len(half.output_shape) - 1  # [output, *states], as its last build found


# What Bidirectional reads of the layers it wraps, as Keras 3 reads them.
_SEQUENCE_ATTRIBUTES = ("go_backwards", "return_sequences", "return_state", "stateful")


def _check_sequence_layer(layer: Any, argument: str) -> None:
    if not isinstance(layer, nn.Module):
        raise ValueError(
            f"Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance. "
            f"Received: {argument}={layer!r}"
        )
    missing = [name for name in _SEQUENCE_ATTRIBUTES if not hasattr(layer, name)]
    if missing:
        raise TypeError(
            f"Bidirectional wraps a sequence layer that reads either way: an RNN (LSTM, GRU, ...) or "
            f"a layer with the attributes {', '.join(_SEQUENCE_ATTRIBUTES)} and a config that takes "
            f"go_backwards. Received: {argument}={type(layer).__name__}, which has no "
            f"{', '.join(missing)}"
        )


def _copy(layer: Layer, name: str, **overrides: Any) -> Layer:
    """A new, unbuilt copy of ``layer`` named ``name``, with ``overrides`` to its arguments."""
    if isinstance(layer, RNN):
        # statefulrnn's RNNs: made again from their constructor arguments, so that what a config
        # leaves out (a cell of the program's own, given as an object) carries over.
        return layer.clone(name=name, **overrides)
    # Another layer, from its config, as Keras makes the halves (a program's get_config decides
    # what a copy holds).
    return type(layer).from_config({**layer.get_config(), "name": name, **overrides})


def _check_backward_layer(layer: Layer, backward_layer: Layer) -> None:
    for attribute in ("return_sequences", "return_state", "stateful"):
        if getattr(layer, attribute) != getattr(backward_layer, attribute):
            raise ValueError(
                f"backward_layer must have the same {attribute} as layer. Received: "
                f"layer.{attribute}={getattr(layer, attribute)}, "
                f"backward_layer.{attribute}={getattr(backward_layer, attribute)}"
            )
    if layer.go_backwards == backward_layer.go_backwards:
        raise ValueError(
            f"backward_layer must read the other way: its go_backwards must differ from "
            f"layer's. Received: go_backwards={layer.go_backwards} for both."
        )
