"""Keras 3's ``keras.config`` names for what ``keras.backend`` held in Keras 2: `floatx`,
`set_floatx`, `epsilon`, `backend`, `image_data_format` (the same functions as
`statefulrnn.backend`'s).

Example:
    >>> floatx(), backend()
    ('float32', 'torch')
"""

from .backend import backend, epsilon, floatx, image_data_format, set_floatx

__all__ = ["backend", "epsilon", "floatx", "image_data_format", "set_floatx"]
