"""Keras 3's ``keras.src.activations``, what programs import from it: ``ALL_OBJECTS_DICT``,
the activations by name that `get` looks a name up in, and `get`, `serialize`, `deserialize`
(`statefulrnn.activations`' own). A program that writes a function there makes its name one
`get` finds, as in Keras 3 (ncps: ``ALL_OBJECTS_DICT["lecun_tanh"] = lecun_tanh``, then
``CfCCell(activation="lecun_tanh")``).

Example:
    >>> ALL_OBJECTS_DICT["relu"] is get("relu")
    True
"""

from ..activations import ALL_OBJECTS_DICT, deserialize, get, serialize

__all__ = ["ALL_OBJECTS_DICT", "deserialize", "get", "serialize"]
