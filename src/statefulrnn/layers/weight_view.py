"""A layer's weight as ``layer.weights`` hands it out: a Keras-layout tensor with a Keras
variable's methods (``numpy()``, ``assign``, ``assign_add``, ``assign_sub``, ``name``, ``path``,
``trainable``, ``value``), so that Keras programs that read or set weights one by one run as
they are.

The tensor is the weight in Keras's layout, read from the parameters behind it (the
parameter itself for a Dense kernel; for a recurrent cell, which keeps PyTorch's gate order, a
copy rearranged into Keras's): it computes, and differentiates into those parameters, as the
tensor it is, and an operation on it gives a plain tensor. ``numpy()`` and ``value`` read the
weight afresh; ``assign`` writes the parameters behind it through the weight's own conversion
(as `Layer.set_weights` does) and the view itself, so later reads of either agree. A view
pickles and deep-copies as a plain tensor of its value: it is a window on a layer, not a
variable of its own.

Example:
    >>> from statefulrnn import GRU, Sequential
    >>> model = Sequential([GRU(2, input_shape=(None, 3), name="gru")], name="model")
    >>> kernel = model.weights[0]
    >>> kernel.path, tuple(kernel.shape), kernel.trainable
    ('model/gru/gru_cell/kernel', (3, 6), True)
    >>> float(kernel.assign(np.ones((3, 6))).numpy().sum()), float(model.get_weights()[0].sum())
    (18.0, 18.0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from .keras_parameter import KerasParameter

if TYPE_CHECKING:
    from .base import KerasWeight


class WeightView(torch.Tensor):
    """One of ``layer.weights``: see the module notes. Made by `WeightView.of`."""

    # Operations on a view give plain tensors (and cost what they cost on one).
    __torch_function__ = torch._C._disabled_torch_function_impl

    _weight: KerasWeight
    _path: str

    @staticmethod
    def of(weight: KerasWeight, path: str) -> WeightView:
        """``weight`` (a layer's `KerasWeight`, at ``path``) read now, as a view."""
        view = weight.read().as_subclass(WeightView)
        view._weight, view._path = weight, path
        return view

    @property
    def name(self) -> str:  # type: ignore[override] - Keras's variable name, not torch's dimension names
        """The weight's name in its layer (``kernel``, ``recurrent_kernel``, ``bias``...)."""
        return self._weight.name

    @property
    def path(self) -> str:
        """Where the weight sits: the layers' names down to it, then its own."""
        return self._path

    @property
    def trainable(self) -> bool:
        return self._weight.trainable

    @property
    def value(self) -> torch.Tensor:
        """The weight's value now, as a plain tensor of its own (no gradient)."""
        return self._weight.read().detach().clone().as_subclass(torch.Tensor)

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The weight's value now, as a numpy array of its own (Keras's ``variable.numpy()``;
        ``force`` is accepted as torch's and changes nothing: the value is always a copy)."""
        return self.value.cpu().numpy()

    get_shape = KerasParameter.get_shape  # tf-keras's ``variable.get_shape()``

    def assign(self, value: Any) -> WeightView:
        """Set the weight to ``value`` (an array or a tensor of its shape, in Keras's layout).

        Raises:
            ValueError: ``value`` of another shape (nothing changes).
        """
        tensor = self._weight.checked(value, f"Weight {self._path}")
        with torch.no_grad():
            self._weight.write(tensor)
            self.as_subclass(torch.Tensor).detach().copy_(tensor)  # where the view is a copy
        return self

    def assign_add(self, delta: Any) -> WeightView:
        """Add ``delta`` to the weight (Keras's ``variable.assign_add``)."""
        return self.assign(self.value + torch.as_tensor(np.asarray(delta), dtype=self.dtype))

    def assign_sub(self, delta: Any) -> WeightView:
        """Subtract ``delta`` from the weight (Keras's ``variable.assign_sub``)."""
        return self.assign_add(-np.asarray(delta))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return self.value.__reduce_ex__(protocol)

    def __deepcopy__(self, memo: dict[int, Any]) -> torch.Tensor:
        memo[id(self)] = value = self.value
        return value

    def __repr__(self, *, tensor_contents: Any = None) -> str:
        """As Keras 3 prints a variable."""
        dtype = str(self.dtype).removeprefix("torch.")
        return f"<Variable path={self._path}, shape={tuple(self.shape)}, dtype={dtype}, value={self.numpy()}>"
