"""Recurrent cells: the math of one time step.

A cell holds weights, never state: ``forward(inputs, states)`` maps ``inputs (N, F)`` and a
tuple of states ``(N, s)`` to ``(output (N, units), new_states)``. `RNN` drives a cell over
time and owns the state. Any ``nn.Module`` with a ``state_size`` (an int, or a tuple of ints
for several states) and that ``forward`` is a cell; the built-in ones add Keras's dropout.

The built-in cells store their weights in PyTorch's layout, so that PyTorch's fused kernels
take the parameters as they are, with no conversion on any call:
``weight_ih (k*u, F)``, ``weight_hh (k*u, u)``, gate order LSTM ``i f g o``, GRU ``r z n``.
They read and write Keras's layout through `keras_weights` (``get_weights``/``set_weights``):
``kernel (F, k*u)``, ``recurrent_kernel (u, k*u)``, ``bias (k*u,)`` (GRU with
``reset_after=True``: ``(2, 3u)``, input row then recurrent row), gate order LSTM ``i f c o``
(PyTorch's order), GRU ``z r h`` (PyTorch's ``r z n`` with the first two swapped). Keras's
LSTM and SimpleRNN have one bias where PyTorch's kernels add two; ours keep one. The cells of
Keras 2's CuDNN layers (`CuDNNGRUCell`, `CuDNNLSTMCell`) keep two, shown as one ``bias
(2*k*u,)``: the input bias, then the recurrent one.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, NamedTuple

import torch
from torch import nn
from torch.nn import functional as F

from .. import activations, initializers
from .._checks import positive_int
from .._joint_weights import join
from .._keras_rules import tf_keras_rules
from ._seeds import check_seed, draw_as_keras_3, seeded_generator
from .base import KerasWeight, Layer, initial_value, set_weight_options
from .weight_view import WeightView

States = tuple[torch.Tensor, ...]


def zero_states(
    state_size: int | Sequence[int], inputs: Any, batch_size: Any, dtype: Any, layer: Layer
) -> list[torch.Tensor]:
    """Zeros ``(N, s)`` for each ``s`` of ``state_size``: Keras's initial states for ``batch_size``
    rows, or as many as ``inputs`` (a tensor, an array or a list whose first item counts) has
    on its first axis; ``dtype`` (a Keras name or a torch dtype) or ``layer``'s, on the
    device of ``layer``'s weights.

    Example:
        >>> [s.shape for s in zero_states((3, 3), None, 2, None, LSTMCell(3))]
        [torch.Size([2, 3]), torch.Size([2, 3])]
    """
    from ..ops.core import standardize_dtype  # ops import the layers

    while isinstance(inputs, (list, tuple)):
        inputs = inputs[0]
    if batch_size is None:
        if inputs is None:
            raise ValueError("get_initial_state needs the batch size: give batch_size or the inputs")
        batch_size = inputs.shape[0]
    if dtype is None:
        dtype = getattr(inputs, "dtype", None)  # integer ids' states are the layer's floats
    dtype = None if dtype is None else standardize_dtype(dtype)
    if dtype is None or not dtype.is_floating_point:
        dtype = layer.torch_dtype
    device = next((w.device for w in layer.parameters()), None)
    sizes = (state_size,) if isinstance(state_size, int) else tuple(state_size)
    return [torch.zeros(int(batch_size), size, dtype=dtype, device=device) for size in sizes]


def cell_zero_states(cell: Layer, inputs: Any = None, batch_size: Any = None, dtype: Any = None) -> Any:
    """A cell's ``get_initial_state``: Keras's zero states for ``batch_size`` rows (or ``inputs``'
    first axis), in ``dtype`` (default the cell's), a list of ``(N, s)`` tensors, one per state of
    ``cell.state_size`` (LSTM: ``[h, c]``); under tf-keras's rules a cell of one state gives the
    tensor alone, as tf-keras's.

    Example:
        >>> [s.shape for s in cell_zero_states(LSTMCell(3), batch_size=2)]
        [torch.Size([2, 3]), torch.Size([2, 3])]
    """
    states = zero_states(cell.state_size, inputs, batch_size, dtype, cell)
    return states[0] if len(states) == 1 and tf_keras_rules() else states


class DropoutMasks(NamedTuple):
    """Per-sequence dropout masks (Keras reuses one mask at every step of a call).

    ``inputs (N, F)`` multiplies the step's input; ``recurrent (N, u)`` multiplies the
    previous output where it feeds the recurrent kernel. None means no dropout.
    """

    inputs: torch.Tensor | None
    recurrent: torch.Tensor | None


def returned_states(returned: Any) -> tuple[torch.Tensor, ...]:
    """The new states a cell's step returned, as the flat tuple the recurrent layers carry: a
    bare state (a one-state cell, as Keras allows) or states nested in lists, which Keras's RNN
    flattens (ncps's ``MixedMemoryRNN`` returns ``[memory, [hidden]]`` for a ``state_size`` of
    ``[size, size]``).

    Example:
        >>> h, c = torch.zeros(2, 3), torch.ones(2, 3)
        >>> [tuple(s.shape) for s in returned_states([h, [c]])]
        [(2, 3), (2, 3)]
    """
    if isinstance(returned, torch.Tensor):
        return (returned,)
    return tuple(leaf for state in returned for leaf in returned_states(state))


def _check_rate(name: str, rate: float) -> float:
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"{name} must be in [0, 1): the fraction of units to drop. Received: {name}={rate}")
    return float(rate)


def set_recurrent_options(
    cell: Layer, dropout: float, recurrent_dropout: float, seed: int | None, **weight_options: Any
) -> None:
    """What every recurrent cell keeps (`RecurrentCell`, the convolutional LSTM's): Keras's
    weight options (`set_weight_options`: ``kernel_initializer``, ... ``bias_constraint``), its
    dropout rates, checked to lie in [0, 1), and the seed of its masks, whose generator is
    made at the first draw."""
    set_weight_options(cell, **weight_options)
    cell.dropout = _check_rate("dropout", dropout)
    cell.recurrent_dropout = _check_rate("recurrent_dropout", recurrent_dropout)
    cell.seed = check_seed(seed)
    draw_as_keras_3(cell.seed)  # Keras 3's cell makes a SeedGenerator for its masks
    cell._generator = None


def dropout_mask(
    rate: float,
    shape: Sequence[int],
    dtype: torch.dtype,
    device: torch.device,
    generator: torch.Generator | None,
) -> torch.Tensor | None:
    """A dropout mask of ``shape``: each element 0 with probability ``rate``, else
    ``1 / (1 - rate)``; drawn from ``generator`` (a seeded cell's) or torch's global one; None
    for a rate of 0."""
    if rate == 0.0:
        return None
    ones = torch.ones(*shape, dtype=dtype, device=device)
    if generator is None:
        return F.dropout(ones, rate, training=True)
    return ones.bernoulli_(1.0 - rate, generator=generator) / (1.0 - rate)


# Where a cell keeps the tensors a program assigned to its kernel or recurrent_kernel
# (`RecurrentCell._assign_matrix`): the fused kernels, which read the parameters, step aside.
ASSIGNED_MATRICES = "_assigned_matrices"


def _swap_first_gates(w: torch.Tensor, units: int) -> torch.Tensor:
    """Swap the first two gate blocks of the last axis: GRU ``z r h`` <-> ``r z n``."""
    return torch.cat([w[..., units : 2 * units], w[..., :units], w[..., 2 * units :]], dim=-1)


class RecurrentCell(Layer):
    r"""Shared part of the built-in cells: ``gates`` gate blocks of ``units`` and dropout.

    It has no step of its own (`SimpleRNNCell`, `GRUCell` and `LSTMCell` add one); it makes
    the weights and, in training, the dropout masks. With \(p\) the ``dropout`` and \(q\) the
    ``recurrent_dropout``, each call draws once, for its whole sequence (as Keras does):

    \[
    m_x = \frac{\mathrm{Bernoulli}(1 - p)^{N \times F}}{1 - p}, \qquad
    m_h = \frac{\mathrm{Bernoulli}(1 - q)^{N \times u}}{1 - q}
    \]

    and every step of the call reads \(x_t \odot m_x\) for its input and \(h_{t-1} \odot m_h\)
    where the previous output meets the recurrent kernel (the state itself is not dropped).

    Args:
        units: size \(u\) of the output and of each state.
        activation: applied to the candidate state (default tanh).
        use_bias: whether the cell has a bias (default True).
        kernel_initializer, recurrent_initializer, bias_initializer: Keras initialisers
            (default ``"glorot_uniform"``, ``"orthogonal"``, ``"zeros"``), applied in Keras's
            layout (glorot over the whole ``(F, k*u)`` kernel, orthogonal over the whole
            ``(u, k*u)`` recurrent kernel), exactly as Keras draws them.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on those
            weights (see `statefulrnn.regularizers`), in Keras's layout, added to the training
            loss.
        kernel_constraint, recurrent_constraint, bias_constraint: projections of those weights
            after each optimizer update (see `statefulrnn.constraints`), in Keras's layout.
        dropout: fraction \(p\) of the inputs dropped during training (default 0.0).
        recurrent_dropout: fraction \(q\) of the recurrent inputs dropped during training
            (default 0.0).
        seed: makes the dropout masks reproducible: a cell with a seed draws them from its own
            generator (one per device), so two cells made with the same seed drop the same
            units call after call, whatever else uses torch's global generator. None: the
            global generator (``torch.manual_seed``).

    Shapes:
        ``forward(inputs (N, F), states)`` -> ``(output (N, u), new_states)``, each state
        ``(N, u)``; the weights, built on the first call: ``weight_ih (k*u, F)``,
        ``weight_hh (k*u, u)`` for ``k`` gate blocks (see the module's notes on layouts).

    Example:
        >>> cell = RecurrentCell(3, dropout=0.5, seed=0)
        >>> cell.build((None, 2))
        >>> cell.weight_ih.shape, cell.weight_hh.shape, cell.state_size
        (torch.Size([3, 2]), torch.Size([3, 3]), 3)
        >>> masks = cell.dropout_masks(batch_size=64, training=True)
        >>> masks.inputs.shape, sorted(set(masks.inputs.flatten().tolist())), masks.recurrent
        (torch.Size([64, 2]), [0.0, 2.0], None)
    """

    gates = 1
    swaps_gates = False  # whether Keras's gate order differs from PyTorch's (GRU)
    # Which state the step's output equals (h for the built-in cells), or None where a subclass
    # may output anything: a stream pool then knows each stream's last output from its state.
    output_state_index: int | None = None
    # How Keras shows two biases: stacked rows (GRU's (2, 3u)), or one vector, input bias first
    # (the CuDNN layers' (2*k*u,)).
    concatenates_biases = False

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        recurrent_initializer: str | initializers.Initializer = "orthogonal",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.units = positive_int("units", units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        set_recurrent_options(
            self, dropout, recurrent_dropout, seed, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip

    @property
    def state_size(self) -> int | tuple[int, ...]:
        return self.units

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None, dtype: Any = None) -> Any:
        """Keras's zero states (see `cell_zero_states`)."""
        return cell_zero_states(self, inputs, batch_size, dtype)

    # ----- weights: PyTorch layout inside, Keras layout outside ------------------------

    def _to_torch_gates(self, w: torch.Tensor) -> torch.Tensor:
        return _swap_first_gates(w, self.units) if self.swaps_gates else w

    _to_keras_gates = _to_torch_gates  # swapping two blocks is its own inverse

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        features = input_shape[-1]
        width = self.gates * self.units
        kernel = initial_value(self.kernel_initializer, (features, width), self.torch_dtype)
        recurrent_kernel = initial_value(self.recurrent_initializer, (self.units, width), self.torch_dtype)
        # clone(contiguous_format), not .contiguous(): a (G*u, 1) transpose counts as contiguous
        # but keeps strides (1, G*u), which DistributedDataParallel's gradient buckets warn about.
        self.weight_ih = nn.Parameter(
            self._to_torch_gates(kernel).t().clone(memory_format=torch.contiguous_format)
        )
        self.weight_hh = nn.Parameter(
            self._to_torch_gates(recurrent_kernel).t().clone(memory_format=torch.contiguous_format)
        )
        if self.use_bias:
            for name, value in zip(self._bias_names(), self._initial_biases()):
                self.register_parameter(name, nn.Parameter(self._to_torch_gates(value)))
            if len(self._bias_names()) > 1:  # Keras's one bias, as rows: clipped as one
                join([getattr(self, name) for name in self._bias_names()])
            if self._bias_names() == ("bias",):
                # PyTorch's fused kernels add a second, recurrent bias; Keras has none.
                zeros = torch.zeros(width, dtype=self.torch_dtype)
                self.register_buffer("recurrent_bias_zeros", zeros, persistent=False)

    def _bias_names(self) -> tuple[str, ...]:
        return ("bias",)

    def _initial_biases(self) -> list[torch.Tensor]:
        """Keras-layout initial biases, one per name in `_bias_names`."""
        return [initial_value(self.bias_initializer, (self.gates * self.units,), self.torch_dtype)]

    # Keras's cells have kernel and recurrent_kernel attributes; ours keep the PyTorch-layout
    # weight_ih and weight_hh, so these give Keras-layout views (properties: no other attribute
    # lookup pays for them, where a __getattr__ fallback cost each parameter read ~0.1 us).
    @property
    def kernel(self) -> WeightView:
        """The Keras-layout ``kernel`` (a `WeightView`: ``numpy()``, ``assign``...). Assigning
        a tensor to it computes the calls that follow with that tensor (see `_assign_matrix`)."""
        return self._keras_view("kernel")

    @kernel.setter
    def kernel(self, value: Any) -> None:
        self._assign_matrix("kernel", value)

    @property
    def recurrent_kernel(self) -> WeightView:
        """The Keras-layout ``recurrent_kernel`` (a `WeightView`); assignable as ``kernel``."""
        return self._keras_view("recurrent_kernel")

    @recurrent_kernel.setter
    def recurrent_kernel(self, value: Any) -> None:
        self._assign_matrix("recurrent_kernel", value)

    def _keras_view(self, name: str) -> WeightView:
        return WeightView.of(self._keras_weight(name), f"{self.name}/{name}")

    def _keras_weight(self, name: str) -> KerasWeight:
        if not self.__dict__.get("built"):  # AttributeError, so that hasattr() answers False
            raise AttributeError(f"{self._describe()} has no {name} until it is built.")
        return next(w for w in self.keras_weights() if w.name == name)

    def _assign_matrix(self, name: str, value: Any) -> None:
        """``cell.kernel = tensor``: Keras's cells compute from whatever their ``kernel`` and
        ``recurrent_kernel`` attributes hold, and quantisation-aware training swaps quantised
        tensors in around a loop of cell calls, then assigns the cell's own weights back. So
        the calls in between compute with ``value`` (Keras's layout, the weight's shape; its
        gradient flows to what it was made from), on the per-step road, and assigning the
        cell's own weight (a `WeightView` of it, as ``cell.kernel`` gave it) ends that. The
        weights themselves, and what ``weights`` lists, are not changed, as in Keras.

        Raises:
            ValueError: ``value`` of another shape than the weight's (nothing changes).
        """
        weight = self._keras_weight(name)
        assigned = dict(self.__dict__.get(ASSIGNED_MATRICES, {}))
        if isinstance(value, WeightView) and all(
            map(operator.is_, value._weight.parameters, weight.parameters)
        ):
            assigned.pop(name, None)
        else:
            tensor = torch.as_tensor(value, dtype=self.torch_dtype, device=weight.parameters[0].device)
            if tuple(tensor.shape) != weight.shape:
                raise ValueError(
                    f"{self._describe()}'s {name} has shape {weight.shape} (Keras's layout), "
                    f"but the value assigned has shape {tuple(tensor.shape)}."
                )
            assigned[name] = weight.from_keras(tensor)[0]
        if assigned:
            self.__dict__[ASSIGNED_MATRICES] = assigned
        else:
            self.__dict__.pop(ASSIGNED_MATRICES, None)

    def _matrices(self) -> tuple[torch.Tensor, torch.Tensor]:
        """``weight_ih`` and ``weight_hh`` as a step computes with them: the parameters, or the
        tensors a program assigned to ``kernel``/``recurrent_kernel`` (`_assign_matrix`)."""
        assigned = self.__dict__.get(ASSIGNED_MATRICES)
        if assigned is None:
            return self.weight_ih, self.weight_hh
        return assigned.get("kernel", self.weight_ih), assigned.get("recurrent_kernel", self.weight_hh)

    def keras_weights(self) -> list[KerasWeight]:
        if "weight_ih" not in self._parameters:  # unbuilt: no weights yet, as in Keras
            return []
        weights = [
            self._matrix_view("kernel", self.weight_ih),
            self._matrix_view("recurrent_kernel", self.weight_hh),
        ]
        if self.use_bias:
            biases = [getattr(self, name) for name in self._bias_names()]
            weights.append(self._bias_view(biases))
        return weights

    def _matrix_view(self, name: str, parameter: nn.Parameter) -> KerasWeight:
        def to_keras(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
            return self._to_keras_gates(tensors[0].t())

        def from_keras(value: torch.Tensor) -> tuple[torch.Tensor, ...]:
            return (self._to_torch_gates(value).t(),)

        shape = (parameter.shape[1], parameter.shape[0])
        return KerasWeight(name, shape, (parameter,), to_keras, from_keras)

    def _bias_view(self, biases: Sequence[nn.Parameter]) -> KerasWeight:
        """One Keras ``bias``: the single bias, or the rows of several stacked."""

        def to_keras(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
            rows = [self._to_keras_gates(b) for b in tensors]
            if len(rows) == 1:
                return rows[0]
            return torch.cat(rows) if self.concatenates_biases else torch.stack(rows)

        def from_keras(value: torch.Tensor) -> tuple[torch.Tensor, ...]:
            rows = [value] if len(biases) == 1 else list(value.reshape(len(biases), width))
            return tuple(self._to_torch_gates(row) for row in rows)

        width = biases[0].shape[0]
        if len(biases) == 1:
            shape: tuple[int, ...] = (width,)
        else:
            shape = (len(biases) * width,) if self.concatenates_biases else (len(biases), width)
        return KerasWeight("bias", shape, tuple(biases), to_keras, from_keras)

    # ----- one step --------------------------------------------------------------------

    def dropout_masks(self, batch_size: int, training: bool) -> DropoutMasks | None:
        """Draw this call's masks; None outside training or when both rates are 0."""
        if not training or (self.dropout == 0.0 and self.recurrent_dropout == 0.0):
            return None

        device = self.weight_ih.device
        generator = seeded_generator(self, device)
        return DropoutMasks(
            dropout_mask(
                self.dropout, (batch_size, self.weight_ih.shape[1]), self.torch_dtype, device, generator
            ),
            dropout_mask(
                self.recurrent_dropout, (batch_size, self.units), self.torch_dtype, device, generator
            ),
        )

    def _apply_masks(
        self, inputs: torch.Tensor, h: torch.Tensor, masks: DropoutMasks | None, training: bool | None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The input and the previous output as the kernels see them (after dropout). The first
        call of a cell called by hand (a program's own cell wrapping a ``SimpleRNNCell``) builds
        it for its input, as Keras's first call does; a cell stepped by hand with
        ``training=True`` (Keras's argument) draws masks for that step, where the layer gives
        none (the layer draws one pair per sequence and hands it to every step)."""
        if not self.built:
            self.build(tuple(inputs.shape))
        if masks is None and training:
            masks = self.dropout_masks(inputs.shape[0], True)
        if masks is not None and masks.inputs is not None:
            inputs = inputs * masks.inputs
        if masks is not None and masks.recurrent is not None:
            h = h * masks.recurrent
        return inputs, h


class SimpleRNNCell(RecurrentCell):
    r"""One step of a fully connected recurrence (the step of `SimpleRNN`):

    \[
    h' = \tanh(x W + b + h U)
    \]

    from the input \(x\) and the state \(h\), with \(\tanh\) the ``activation``, \(W\) the
    ``kernel`` ``(F, u)``, \(U\) the ``recurrent_kernel`` ``(u, u)`` and \(b\) the ``bias``.

    Args:
        units: size \(u\) of the output and of the state.
        activation: the activation above (default tanh).
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: see `RecurrentCell`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: see `RecurrentCell`.
        kernel_constraint, recurrent_constraint, bias_constraint: see `RecurrentCell`.
        dropout, recurrent_dropout, seed: see `RecurrentCell`.

    Shapes:
        ``forward(inputs (N, F), (h,))`` -> ``(h', (h',))``, \(h\) and \(h'\) ``(N, u)``.

    Example:
        >>> cell = SimpleRNNCell(3)
        >>> cell.build((2, 4))
        >>> out, (h,) = cell(torch.zeros(2, 4), (torch.zeros(2, 3),))
        >>> out.shape
        torch.Size([2, 3])
    """

    output_state_index = 0

    def forward(
        self,
        inputs: torch.Tensor,
        states: States,
        dropout_masks: DropoutMasks | None = None,
        training: bool | None = None,
    ):
        (h_prev,) = states
        x, h_rec = self._apply_masks(inputs, h_prev, dropout_masks, training)
        bias = self.bias if self.use_bias else None
        weight_ih, weight_hh = self._matrices()
        z = F.linear(x, weight_ih, bias) + F.linear(h_rec, weight_hh)
        h = activations.fast(self.activation)(z)
        return h, (h,)


class GRUCell(RecurrentCell):
    r"""One step of a gated recurrent unit, Keras's formulas (the step of `GRU`).

    From the input \(x\) and the state \(h\), with ``reset_after=True`` (default; PyTorch's
    formula):

    \[
    \begin{aligned}
    z &= \sigma(x W_z + b_z + h U_z + b'_z) \\
    r &= \sigma(x W_r + b_r + h U_r + b'_r) \\
    \tilde h &= \tanh(x W_h + b_h + r \odot (h U_h + b'_h)) \\
    h' &= z \odot h + (1 - z) \odot \tilde h
    \end{aligned}
    \]

    and with ``reset_after=False`` \(\tilde h = \tanh(x W_h + b_h + (r \odot h) U_h)\).
    \(\sigma\) is ``recurrent_activation``, \(\tanh\) is ``activation``; the weights are
    described in `GRU`.

    Args:
        units: size \(u\) of the output and of the state.
        activation: for the candidate \(\tilde h\) (default tanh).
        recurrent_activation: for the gates (default sigmoid).
        reset_after: where the reset gate applies (see above); True gives two biases
            (Keras: one ``(2, 3u)`` weight; here ``bias_ih`` and ``bias_hh``, as PyTorch).
        implementation: accepted for Keras compatibility (Keras's choice between fewer, larger
            matrix products and more, smaller ones); no effect, the numbers are the same.
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: by keyword (`RecurrentCell`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: by keyword (`RecurrentCell`).
        kernel_constraint, recurrent_constraint, bias_constraint: by keyword (`RecurrentCell`).
        dropout, recurrent_dropout, seed: by keyword (`RecurrentCell`).

    Shapes:
        ``forward(inputs (N, F), (h,))`` -> ``(h', (h',))``, \(h\) and \(h'\) ``(N, u)``.

    Example:
        >>> cell = GRUCell(3)
        >>> cell.build((2, 4))
        >>> out, (h,) = cell(torch.zeros(2, 4), (torch.zeros(2, 3),))
        >>> out.shape, cell.count_params()
        (torch.Size([2, 3]), 81)
    """

    gates = 3
    swaps_gates = True
    output_state_index = 0

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        *,
        reset_after: bool = True,
        implementation: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after
        self.implementation = implementation

    def _bias_names(self) -> tuple[str, ...]:
        return ("bias_ih", "bias_hh") if self.reset_after else ("bias",)

    def _initial_biases(self) -> list[torch.Tensor]:
        if not self.reset_after:
            return super()._initial_biases()
        return [
            row.clone() for row in initial_value(self.bias_initializer, (2, 3 * self.units), self.torch_dtype)
        ]

    def forward(
        self,
        inputs: torch.Tensor,
        states: States,
        dropout_masks: DropoutMasks | None = None,
        training: bool | None = None,
    ):
        (h_prev,) = states
        u = self.units
        x, h_rec = self._apply_masks(inputs, h_prev, dropout_masks, training)
        gate = activations.fast(self.recurrent_activation)
        weight_ih, weight_hh = self._matrices()
        if self.reset_after:
            biases = (self.bias_ih, self.bias_hh) if self.use_bias else (None, None)
            from_input = F.linear(x, weight_ih, biases[0])  # r z n
            from_state = F.linear(h_rec, weight_hh, biases[1])
            r = gate(from_input[:, :u] + from_state[:, :u])
            z = gate(from_input[:, u : 2 * u] + from_state[:, u : 2 * u])
            candidate_recurrent = r * from_state[:, 2 * u :]
        else:
            from_input = F.linear(x, weight_ih, self.bias if self.use_bias else None)
            gates = F.linear(h_rec, weight_hh[: 2 * u])
            r = gate(from_input[:, :u] + gates[:, :u])
            z = gate(from_input[:, u : 2 * u] + gates[:, u:])
            candidate_recurrent = F.linear(r * h_rec, weight_hh[2 * u :])
        candidate = activations.fast(self.activation)(from_input[:, 2 * u :] + candidate_recurrent)
        h = z * h_prev + (1 - z) * candidate
        return h, (h,)


class LSTMCell(RecurrentCell):
    r"""One step of a long short-term memory, Keras's formulas (the step of `LSTM`).

    From the input \(x\) and the states \(h, c\):

    \[
    \begin{aligned}
    i &= \sigma(x W_i + h U_i + b_i) \\
    f &= \sigma(x W_f + h U_f + b_f) \\
    \tilde c &= \tanh(x W_c + h U_c + b_c) \\
    o &= \sigma(x W_o + h U_o + b_o) \\
    c' &= f \odot c + i \odot \tilde c \\
    h' &= o \odot \tanh(c')
    \end{aligned}
    \]

    \(\sigma\) is ``recurrent_activation``, \(\tanh\) is ``activation``; gate order Keras's
    ``i f c o`` (PyTorch's ``i f g o``); the weights are described in `LSTM`.

    Args:
        units: size \(u\) of the output and of each state.
        activation: for \(\tilde c\) and \(\tanh(c')\) (default tanh).
        recurrent_activation: for the gates (default sigmoid).
        unit_forget_bias: if True (default), the forget-gate bias starts at 1 and the other
            gates' bias follows ``bias_initializer`` (Keras's rule).
        implementation: accepted for Keras compatibility; no effect.
        use_bias, kernel_initializer, recurrent_initializer, bias_initializer: by keyword (`RecurrentCell`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: by keyword (`RecurrentCell`).
        kernel_constraint, recurrent_constraint, bias_constraint: by keyword (`RecurrentCell`).
        dropout, recurrent_dropout, seed: by keyword (`RecurrentCell`).

    Shapes:
        ``forward(inputs (N, F), (h, c))`` -> ``(h', (h', c'))``, each state ``(N, u)``.

    Example:
        >>> cell = LSTMCell(3)
        >>> cell.build((2, 4))
        >>> out, (h, c) = cell(torch.zeros(2, 4), (torch.zeros(2, 3), torch.zeros(2, 3)))
        >>> out.shape, c.shape
        (torch.Size([2, 3]), torch.Size([2, 3]))
    """

    gates = 4
    output_state_index = 0

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = "tanh",
        recurrent_activation: str | activations.Activation | None = "sigmoid",
        *,
        unit_forget_bias: bool = True,
        implementation: int = 2,
        **kwargs: Any,
    ) -> None:
        super().__init__(units, activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.implementation = implementation

    @property
    def state_size(self) -> tuple[int, int]:
        return (self.units, self.units)

    def _initial_biases(self) -> list[torch.Tensor]:
        (bias,) = super()._initial_biases()
        if self.unit_forget_bias:
            bias[self.units : 2 * self.units] = 1.0
        return [bias]

    def forward(
        self,
        inputs: torch.Tensor,
        states: States,
        dropout_masks: DropoutMasks | None = None,
        training: bool | None = None,
    ):
        h_prev, c_prev = states
        u = self.units
        x, h_rec = self._apply_masks(inputs, h_prev, dropout_masks, training)
        bias = self.bias if self.use_bias else None
        weight_ih, weight_hh = self._matrices()
        z = F.linear(x, weight_ih, bias) + F.linear(h_rec, weight_hh)
        act, gate = activations.fast(self.activation), activations.fast(self.recurrent_activation)
        i = gate(z[:, :u])
        f = gate(z[:, u : 2 * u])
        c = f * c_prev + i * act(z[:, 2 * u : 3 * u])
        o = gate(z[:, 3 * u :])
        h = o * act(c)
        return h, (h, c)


class CuDNNGRUCell(GRUCell):
    r"""The step of Keras 2's ``CuDNNGRU``: `GRUCell` with ``reset_after=True`` (cuDNN's formula,
    the recurrent bias inside the reset gate's product), tanh and sigmoid, no dropout; Keras 2
    shows its two biases as one ``bias (6u,)``, input bias \(b\) then recurrent \(b'\), gate
    order ``z r h`` in each.

    Args:
        units: size \(u\) of the output and of the state.
        kernel_initializer, recurrent_initializer, bias_initializer: by keyword (`RecurrentCell`;
            the bias initializer draws the whole ``(6u,)``, as Keras 2's).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: by keyword (`RecurrentCell`).
        kernel_constraint, recurrent_constraint, bias_constraint: by keyword (`RecurrentCell`).

    Shapes:
        ``forward(inputs (N, F), (h,))`` -> ``(h', (h',))``, \(h\) and \(h'\) ``(N, u)``.

    Example:
        >>> cell = CuDNNGRUCell(3, bias_initializer="ones")
        >>> cell.build((2, 4))
        >>> [tuple(w.shape) for w in cell.get_weights()]
        [(4, 9), (3, 9), (18,)]
    """

    concatenates_biases = True

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(units, "tanh", "sigmoid", reset_after=True, **kwargs)

    def _initial_biases(self) -> list[torch.Tensor]:
        bias = initial_value(self.bias_initializer, (6 * self.units,), self.torch_dtype)
        return [row.clone() for row in bias.reshape(2, 3 * self.units)]


class CuDNNLSTMCell(LSTMCell):
    r"""The step of Keras 2's ``CuDNNLSTM``: `LSTMCell` (tanh, sigmoid, no dropout) with two
    biases, as cuDNN and PyTorch add them: \(x W + b + h U + b'\). Both train: an optimizer
    moves each by its own gradient and state (Adam's steps are not the step of their sum), so
    a model with one summed bias trains differently. Keras 2 shows them as one ``bias (8u,)``,
    input bias \(b\) then recurrent \(b'\), gate order ``i f c o`` in each.

    Args:
        units: size \(u\) of the output and of each state.
        unit_forget_bias: if True (default), the recurrent forget-gate bias \(b'_f\) starts at 1
            and the rest follows ``bias_initializer`` (Keras 2's rule: it draws ``(5u,)``, then
            ``(2u,)`` after the ones).
        kernel_initializer, recurrent_initializer, bias_initializer: by keyword (`RecurrentCell`).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: by keyword (`RecurrentCell`).
        kernel_constraint, recurrent_constraint, bias_constraint: by keyword (`RecurrentCell`).

    Shapes:
        ``forward(inputs (N, F), (h, c))`` -> ``(h', (h', c'))``, each state ``(N, u)``.

    Example:
        >>> cell = CuDNNLSTMCell(2)
        >>> cell.build((1, 3))
        >>> cell.get_weights()[2].tolist()
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    """

    concatenates_biases = True

    def __init__(self, units: int, *, unit_forget_bias: bool = True, **kwargs: Any) -> None:
        super().__init__(units, "tanh", "sigmoid", unit_forget_bias=unit_forget_bias, **kwargs)

    def _bias_names(self) -> tuple[str, ...]:
        return ("bias_ih", "bias_hh")

    def _initial_biases(self) -> list[torch.Tensor]:
        u = self.units
        if self.unit_forget_bias:
            parts = [
                initial_value(self.bias_initializer, (5 * u,), self.torch_dtype),
                torch.ones(u, dtype=self.torch_dtype),
                initial_value(self.bias_initializer, (2 * u,), self.torch_dtype),
            ]
            bias = torch.cat(parts)
        else:
            bias = initial_value(self.bias_initializer, (8 * u,), self.torch_dtype)
        return [bias[: 4 * u].clone(), bias[4 * u :].clone()]

    @property
    def bias(self) -> torch.Tensor:
        r"""The bias `LSTMCell`'s step adds, \(b + b'\) (the same gradient reaches both); the
        fused kernels take the two as they are."""
        return self.bias_ih + self.bias_hh
