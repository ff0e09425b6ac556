"""Keras 2's ``keras.layers.advanced_activations``: `LeakyReLU`, `PReLU`, `ELU`, `Softmax`,
`ReLU` and `ThresholdedReLU` (statefulrnn's own classes), for
``from keras.layers.advanced_activations import LeakyReLU``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.advanced_activations import LeakyReLU
    >>> LeakyReLU is layers.LeakyReLU
    True
"""

from .advanced_activation import ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax", "ThresholdedReLU"]
