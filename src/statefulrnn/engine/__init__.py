"""Keras 2's ``keras.engine``: `Layer`, `InputSpec`, `Input`, `InputLayer` and `Model`, the
classes of `statefulrnn.layers` and `statefulrnn.models`, for the custom layers written as
``from keras.engine import Layer`` (Keras 2's ``get_source_inputs`` has no counterpart).

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.engine import Layer
    >>> Layer is layers.Layer
    True
"""

from typing import Any

from .._lazy import load_submodule
from ..layers import Input, InputLayer, InputSpec, Layer
from ..models import Model

__all__ = ["Input", "InputLayer", "InputSpec", "Layer", "Model"]


def __getattr__(name: str) -> Any:
    return load_submodule(globals(), name)  # Keras 2's keras.engine.topology and the like, as attributes
