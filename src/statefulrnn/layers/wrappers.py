"""Keras 2's ``keras.layers.wrappers``: `TimeDistributed` and `Bidirectional` (statefulrnn's own
classes; Keras 2's ``Wrapper`` base has no counterpart), for
``from keras.layers.wrappers import TimeDistributed, Bidirectional``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.wrappers import Bidirectional
    >>> Bidirectional is layers.Bidirectional
    True
"""

from .bidirectional import Bidirectional
from .time_distributed import TimeDistributed

__all__ = ["Bidirectional", "TimeDistributed"]
