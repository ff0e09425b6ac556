"""`KerasParameter`: the torch Parameter our layers keep their weights in, with a Keras 3
variable's face (``value``, ``numpy()``, ``assign``, ``assign_add``, ``assign_sub``), so that
code written for Keras's torch backend runs as it is: ``[v.value.grad for v in
model.trainable_weights]`` in a custom ``train_step``, ``layer.kernel.numpy()``,
``layer.bias.assign(...)``.

It is a Parameter in every other way: torch's optimizers, ``torch.compile``, ``state_dict``
(plain tensors), ``deepcopy`` and pickling (which keep the class) see nothing new. A layer of
the recurrent family keeps PyTorch's gate order in its Parameters; its Keras-layout weights are
`statefulrnn.layers.weight_view.WeightView` s (``layer.cell.kernel``, ``model.weights``).

Example:
    >>> from statefulrnn.layers import Dense
    >>> layer = Dense(2, input_shape=(3,), kernel_initializer="ones")
    >>> layer.build((None, 3))
    >>> layer.kernel.value is layer.kernel, layer.kernel.numpy().sum()
    (True, np.float32(6.0))
    >>> float(layer.bias.assign([1.0, 2.0]).sum())
    3.0
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn


class KerasParameter(nn.Parameter):
    """A layer's Parameter with Keras's variable methods; see the module notes."""

    @property
    def value(self) -> KerasParameter:
        """The Parameter itself, as Keras's torch backend's ``variable.value`` (so ``.grad``
        reads its gradient)."""
        return self

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The weight's value now, a numpy array of its own (Keras's ``variable.numpy()``;
        ``force`` is accepted as torch's and changes nothing: the value is always a copy)."""
        return self.detach().cpu().numpy().copy()

    def assign(self, value: Any) -> KerasParameter:
        """Set the weight to ``value`` (an array or a tensor of its shape), in place.

        Raises:
            ValueError: ``value`` of another shape (nothing changes).
        """
        tensor = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)
        if tuple(tensor.shape) != tuple(self.shape):
            raise ValueError(
                f"assign needs a value of the weight's shape {tuple(self.shape)}. Received: shape "
                f"{tuple(tensor.shape)}"
            )
        with torch.no_grad():
            self.copy_(tensor)
        return self

    def assign_add(self, delta: Any) -> KerasParameter:
        """Add ``delta`` to the weight, in place (Keras's ``variable.assign_add``)."""
        return self.assign(self.detach() + torch.as_tensor(np.asarray(delta), dtype=self.dtype))

    def assign_sub(self, delta: Any) -> KerasParameter:
        """Subtract ``delta`` from the weight, in place (Keras's ``variable.assign_sub``)."""
        return self.assign(self.detach() - torch.as_tensor(np.asarray(delta), dtype=self.dtype))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # nn.Parameter's own reduce rebuilds a plain Parameter: keep the class through pickling.
        return _rebuild, (self.data, self.requires_grad)


def _rebuild(data: torch.Tensor, requires_grad: bool) -> KerasParameter:
    return KerasParameter(data, requires_grad)


__all__ = ["KerasParameter"]
