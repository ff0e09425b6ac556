"""TensorFlow 2.x's ``keras.layers.experimental.preprocessing`` (tf-keras keeps it): the
preprocessing layers statefulrnn has, as its own classes (``from
tensorflow.keras.layers.experimental.preprocessing import Normalization``). tf-keras's image
layers there (``Resizing``, ``RandomFlip``, ...), ``HashedCrossing`` and the
``PreprocessingLayer`` base have no counterpart here.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.experimental.preprocessing import TextVectorization
    >>> TextVectorization is layers.TextVectorization
    True
"""

from ..category_encoding import CategoryEncoding
from ..discretization import Discretization
from ..feature_scaling import Normalization, Rescaling
from ..hashing import Hashing
from ..index_lookup import IntegerLookup, StringLookup
from ..text_vectorization import TextVectorization

__all__ = [
    "CategoryEncoding",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "Normalization",
    "Rescaling",
    "StringLookup",
    "TextVectorization",
]
