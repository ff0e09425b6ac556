"""TensorFlow 2.x's ``keras.layers.experimental`` (tf-keras keeps it): `EinsumDense` and the
`preprocessing` layers before they moved to ``keras.layers``, as statefulrnn's own classes, for
``from tensorflow.keras.layers.experimental import preprocessing``. tf-keras's other
experimental layers (``RandomFourierFeatures``, ``SyncBatchNormalization``, the dynamic
embeddings) have no counterpart here.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.experimental import EinsumDense, preprocessing
    >>> EinsumDense is layers.EinsumDense, preprocessing.Normalization is layers.Normalization
    (True, True)
"""

from typing import Any

from ..._lazy import load_submodule
from ..einsum_dense import EinsumDense

__all__ = ["EinsumDense", "preprocessing"]


def __getattr__(name: str) -> Any:
    return load_submodule(globals(), name)  # preprocessing, as an attribute
