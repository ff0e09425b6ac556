"""tf-keras's ``AbstractRNNCell``: the base class of a program's own recurrent cell.

A cell subclassing it defines ``state_size`` (an int, or a list of ints for several states),
``build`` and ``call(inputs, states) -> (output, new_states)``, with ``output_size`` where its
output is not as wide as its first state; `RNN` drives it over time. What the base class adds
is ``get_initial_state``: Keras's zero states, which a subclass may override (both Kerases ask
the cell's own ``get_initial_state`` for the states a call starts from, and `RNN` does too).
"""

from __future__ import annotations

from typing import Any

from .base import Layer
from .cells import cell_zero_states


class AbstractRNNCell(Layer):
    """Base class for a program's recurrent cell (tf-keras's ``keras.layers.AbstractRNNCell``).

    Args:
        **kwargs: `Layer`'s arguments (``name``, ``dtype``, ``trainable``, ...).

    Shapes:
        one step: ``inputs (N, F)`` and ``states``, one ``(N, s)`` per size ``s`` of
        ``state_size``, to ``output (N, output_size)`` and the new states; `RNN` drives it over
        ``(N, T, F)``.

    Example:
        >>> import torch
        >>> from statefulrnn.layers import RNN
        >>> class MinimalRNNCell(AbstractRNNCell):
        ...     def __init__(self, units, **kwargs):
        ...         self.units = units
        ...         super().__init__(**kwargs)
        ...     @property
        ...     def state_size(self):
        ...         return self.units
        ...     def build(self, input_shape):
        ...         self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        ...         self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="rk")
        ...     def call(self, inputs, states):
        ...         output = inputs @ self.kernel + states[0] @ self.recurrent_kernel
        ...         return output, output
        >>> RNN(MinimalRNNCell(4))(torch.ones(2, 5, 3)).shape
        torch.Size([2, 4])
    """

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None, dtype: Any = None) -> Any:
        """Keras's zero states (see `cells.cell_zero_states`)."""
        return cell_zero_states(self, inputs, batch_size, dtype)
