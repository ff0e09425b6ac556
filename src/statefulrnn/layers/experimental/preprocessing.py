"""TensorFlow 2.x's ``keras.layers.experimental.preprocessing`` (tf-keras keeps it): the
preprocessing layers statefulrnn has, as its own classes (``from
tensorflow.keras.layers.experimental.preprocessing import Normalization``), the image layers
(``Resizing``, ``RandomFlip``, ...) included. tf-keras's ``HashedCrossing`` and the
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
from ..image_augmentation import RandomContrast, RandomCrop, RandomFlip, RandomHeight, RandomWidth
from ..image_preprocessing import CenterCrop, Resizing
from ..image_transforms import RandomRotation, RandomTranslation, RandomZoom
from ..index_lookup import IntegerLookup, StringLookup
from ..text_vectorization import TextVectorization

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "Normalization",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomHeight",
    "RandomRotation",
    "RandomTranslation",
    "RandomWidth",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "StringLookup",
    "TextVectorization",
]
