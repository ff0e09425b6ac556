"""Keras 2's ``keras.layers.embeddings``: `Embedding` (statefulrnn's own class), for
``from keras.layers.embeddings import Embedding``.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.embeddings import Embedding
    >>> Embedding is layers.Embedding
    True
"""

from .embedding import Embedding

__all__ = ["Embedding"]
