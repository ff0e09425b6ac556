"""Keras's ``keras.datasets``: the datasets Keras programs load by name, from the same files
(Keras's, in Keras's cache: ``$KERAS_HOME`` or ``~/.keras``, then ``datasets``; fetched there
with `statefulrnn.utils.get_file` when missing) into the same arrays.

- `imdb` and `reuters`: texts as lists of word indexes (the inputs of an ``Embedding`` and an
  RNN), read without unpickling (`object_arrays`).
- `mnist` and `fashion_mnist`: 28 x 28 images (28 steps of 28 features for an RNN).
- `boston_housing` and `california_housing`: tabular regression.

Keras's cifar10 and cifar100 are absent: their files are Python pickles of whole batches, which
statefulrnn never unpickles.

Example:
    >>> from statefulrnn.datasets import reuters
    >>> len(reuters.get_label_names())
    46
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["boston_housing", "california_housing", "fashion_mnist", "imdb", "mnist", "reuters"]

_ABSENT = (
    ": Keras's CIFAR files are Python pickles of whole batches, and statefulrnn never unpickles a "
    "file (loading one could run any code). Load them with Keras or TensorFlow Datasets once and save "
    "plain arrays (np.savez) for statefulrnn."
)


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    reason = _ABSENT if name.startswith("cifar") else ""
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}{reason}")
