"""Text as data. Torch has no string tensors, so strings a model takes (Keras's
``Input(dtype="string")`` in front of a `TextVectorization`, `StringLookup` or `Hashing`) travel
through ``fit``, ``predict`` and the model's call as numpy object arrays of Python strings, up
to the layer that turns them into numbers.

Example:
    >>> strings(["a", b"b"], "utf-8", "lookup")
    array(['a', 'b'], dtype=object)
    >>> is_text(np.array(["the cat", "sat"])), is_text(np.array([1.0]))
    (True, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch


def is_text(array: np.ndarray) -> bool:
    """Whether ``array`` holds strings: a numpy string dtype, or objects that are all ``str``
    or ``bytes`` (an empty object array is not text: nothing says what it would hold)."""
    kind = array.dtype.kind
    if kind in "US":
        return True
    return kind == "O" and array.size > 0 and all(isinstance(item, (str, bytes)) for item in array.flat)


def text_of_list(data: Any) -> np.ndarray | None:
    """``data`` as one object array of text when it is a list or tuple of strings (or of
    equal-length lists of them: Keras's ``predict([["foo bar"], ["baz"]])``), which can only be
    one input's texts, not one array per input; else None.

    Example:
        >>> text_of_list(["a cat", "a dog"]).shape, text_of_list([np.zeros(2)])
        ((2,), None)
    """
    if not isinstance(data, (list, tuple)) or not data:
        return None
    if not all(isinstance(item, (str, bytes, list, tuple)) for item in data):
        return None
    array = np.array(data, dtype=object)
    return array if array.ndim <= 2 and is_text(array) else None


def strings(data: Any, encoding: str, layer: str) -> np.ndarray:
    """``data`` (a string, bytes, or lists or arrays of them) as an object array of Python
    strings of its shape, bytes decoded by ``encoding``.

    Raises:
        TypeError: a tensor, or an item that is not text (named, with the layer ``layer``).
    """
    if isinstance(data, torch.Tensor):
        raise TypeError(f"Layer '{layer}' takes strings here; received a tensor of {data.dtype}.")
    array = np.asarray(data, dtype=object)
    return object_array([_text(item, encoding, layer) for item in array.ravel().tolist()]).reshape(
        array.shape
    )


def object_array(items: list[Any]) -> np.ndarray:
    """``items`` as a 1-D numpy array of Python objects (a list of strings stays strings: no
    fixed-width unicode dtype, no nested arrays made of equal-length lists)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _text(item: Any, encoding: str, layer: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, bytes):
        return item.decode(encoding)
    raise TypeError(f"Layer '{layer}' takes strings; received {item!r} ({type(item).__name__}).")
