"""Keras 2's ``keras.utils.np_utils``: `to_categorical` and `normalize`, the very functions of
`statefulrnn.utils`, so that ``from keras.utils.np_utils import to_categorical`` and
``from keras.utils import np_utils; np_utils.to_categorical(y)`` run unchanged.

Example:
    >>> from statefulrnn.utils import np_utils
    >>> np_utils.to_categorical([1, 0])
    array([[0., 1.],
           [1., 0.]])
"""

from . import normalize, to_categorical

__all__ = ["normalize", "to_categorical"]
