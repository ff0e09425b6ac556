"""Keras 2's ``keras.layers.convolutional_recurrent``: `ConvLSTM2D` (statefulrnn's own class;
Keras 2's ``ConvRNN2D`` and ``ConvLSTM2DCell`` have no counterpart), for
``from keras.layers.convolutional_recurrent import ConvLSTM2D``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.convolutional_recurrent import ConvLSTM2D
    >>> ConvLSTM2D is layers.ConvLSTM2D
    True
"""

from .conv_lstm import ConvLSTM2D

__all__ = ["ConvLSTM2D"]
