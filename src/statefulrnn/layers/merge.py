"""Keras 2's ``keras.layers.merge``: the merge layers and their functions (statefulrnn's own),
for ``from keras.layers.merge import concatenate, Concatenate``. Keras 2's private ``_Merge``
base is not here: statefulrnn's `Merge` gives ``_merge_function`` the masks too, so a Keras 2
subclass of ``_Merge`` would not run on it.

Example:
    >>> from statefulrnn import layers
    >>> from statefulrnn.layers.merge import concatenate
    >>> concatenate is layers.concatenate
    True
"""

from .concatenate import Concatenate, concatenate
from .dot import Dot, dot
from .merging import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    maximum,
    minimum,
    multiply,
    subtract,
)

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]
