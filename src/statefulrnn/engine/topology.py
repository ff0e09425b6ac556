"""Keras 2's ``keras.engine.topology``: `Layer`, `Node`, `InputSpec`, `Input` and `InputLayer`
(statefulrnn's own; Keras 2's ``Network`` and ``get_source_inputs`` have no counterpart), for
``from keras.engine.topology import Layer``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.engine.topology import Layer
    >>> Layer is layers.Layer
    True
"""

from ..graph import Node
from ..layers import Input, InputLayer, InputSpec, Layer

__all__ = ["Input", "InputLayer", "InputSpec", "Layer", "Node"]
