"""Keras 2's ``keras.layers.wrappers``: `TimeDistributed`, `Bidirectional` and their base
`Wrapper` (statefulrnn's own classes), for
``from keras.layers.wrappers import TimeDistributed, Bidirectional, Wrapper``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.wrappers import Bidirectional
    >>> Bidirectional is layers.Bidirectional
    True
"""

from .bidirectional import Bidirectional
from .time_distributed import TimeDistributed
from .wrapper import Wrapper

__all__ = ["Bidirectional", "TimeDistributed", "Wrapper"]
