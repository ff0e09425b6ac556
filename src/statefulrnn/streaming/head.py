"""A served model's head packed for the one-frame kernels: `compiled_head`.

Most served models end in stateless layers after their recurrent one (``GRU(64)`` then
``Dense(1)``: a forecaster's or a classifier's head). A stream pool's `push` of one frame runs
the recurrent layer on its one-frame kernel (`layers.compiled.gru_frame`, ...); run in Python
after it, a ``Dense(1)`` head took longer than the kernel (the product, the bias, the weights'
fingerprint, a copy of the slot's rows kept for a head that fails, the output's reshaping: a
push of GRU(64) + Dense(1) cost 3.1 of the kernel's calls against 1.6 without the head). Packed
here, the head runs inside the same compiled call (`layers.compiled.gru_frame_head`, ...), whose
arithmetic cannot fail once its layout is checked, so the state is stepped in place with nothing
to copy back.

Packed: `Dense` (and `TimeDistributed(Dense)`, the same numbers on one frame) and `Activation`,
with Keras's linear, relu, sigmoid, tanh or softmax, on float32 CPU weights. Any other head
(another layer or activation, a subclass with its own ``forward``) runs its layers after the
kernel in Python, as before.

Example:
    >>> from statefulrnn import Dense
    >>> from statefulrnn.layers import Activation
    >>> dense = Dense(2)
    >>> dense.build((None, 3))
    >>> layout, params = compiled_head([dense, Activation("softmax")], units=3)
    >>> layout.tolist()  # inputs, outputs, kernel at, bias at, activation
    [[3, 2, 0, 6, 0], [2, 2, -1, -1, 4]]
    >>> params.shape  # the (3, 2) kernel, then the bias
    (8,)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from .. import activations
from ..layers import compiled
from ..layers.activation import Activation
from ..layers.base import Layer
from ..layers.core import Dense
from ..layers.time_distributed import TimeDistributed

# Keras's activation functions that the head kernel computes, and its code for each.
_CODES = {
    activations.linear: compiled.LINEAR,
    activations.relu: compiled.RELU,
    activations.sigmoid: compiled.SIGMOID,
    activations.tanh: compiled.TANH,
    activations.softmax: compiled.SOFTMAX,
}


def packable(layers: Sequence[Layer]) -> list[Layer] | None:
    """The layers `compiled_head` packs for ``layers`` (the stateless ones after the recurrent
    layer, in order; a `TimeDistributed(Dense)` as its `Dense`), or None where one of them is not
    packed (then the head runs in Python)."""
    packed = []
    for layer in layers:
        if type(layer) is TimeDistributed and type(layer.layer) is Dense:
            layer = layer.layer
        if type(layer) not in (Dense, Activation) or layer.activation not in _CODES:
            return None
        packed.append(layer)
    return packed or None


def compiled_head(layers: Sequence[Layer], units: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The head kernel's ``layout (L, 5)`` (int64: each layer's inputs, outputs, the offset of its
    kernel in ``params`` or -1, of its bias or -1, its activation's code) and ``params`` (float32:
    each `Dense` kernel ``(inputs, outputs)`` row by row, then its bias) for layers `packable`
    returned, after a recurrent layer of ``units``; None where a weight is not float32 on the
    CPU."""
    rows, parts, at, width = [], [], 0, units
    for layer in layers:
        code = _CODES[layer.activation]
        if type(layer) is Activation:
            rows.append((width, width, -1, -1, code))
            continue
        weights = [layer.kernel, layer.bias] if layer.use_bias else [layer.kernel]
        if any(weight.dtype != torch.float32 or weight.device.type != "cpu" for weight in weights):
            return None
        fan_in, width = layer.kernel.shape
        rows.append((fan_in, width, at, at + fan_in * width if layer.use_bias else -1, code))
        parts += [weight.detach().numpy().reshape(-1) for weight in weights]
        at += sum(weight.numel() for weight in weights)
    params = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return np.array(rows, np.int64), params
