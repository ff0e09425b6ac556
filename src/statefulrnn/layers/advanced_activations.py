"""Keras 2's ``keras.layers.advanced_activations``: `LeakyReLU`, `PReLU`, `ELU`, `Softmax` and
`ReLU` (statefulrnn's own classes; Keras 2's ``ThresholdedReLU`` has no counterpart), for
``from keras.layers.advanced_activations import LeakyReLU``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.advanced_activations import LeakyReLU
    >>> LeakyReLU is layers.LeakyReLU
    True
"""

from .advanced_activation import ELU, LeakyReLU, PReLU, ReLU, Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
