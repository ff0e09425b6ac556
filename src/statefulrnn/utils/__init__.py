"""Keras's data utilities: `to_categorical`, `normalize`, `pad_sequences`, `set_random_seed`,
`get_file` (from `statefulrnn.data.download`), `is_keras_tensor` and `get_source_inputs` (from
`statefulrnn.graph`), `standardize_dtype` (from `statefulrnn.backend`),
`timeseries_dataset_from_array` (from `statefulrnn.data.windows`), `PyDataset` (Keras 2's
name: `Sequence`; from `statefulrnn.data.py_dataset`), `clear_session` (Keras 3's place
for `statefulrnn.backend.clear_session`), `plot_model` (`statefulrnn.models.plot`, with
matplotlib) and Keras 2's place for `statefulrnn.saving`'s registration functions.

The same names, arguments, rules and errors as ``keras.utils`` (Keras 3.15), so that a Keras
program's data preparation runs unchanged. They work on numpy arrays (as Keras's do);
`to_categorical` and `normalize` also take a torch tensor and then return one.

Example:
    >>> pad_sequences([[1], [2, 3]])
    array([[0, 1],
           [2, 3]], dtype=int32)
    >>> to_categorical([0, 2])
    array([[1., 0., 0.],
           [0., 0., 1.]])
"""

from __future__ import annotations

import random
from collections import abc
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from .._interactive import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from .._lazy import load_submodule
from ..backend import clear_session, standardize_dtype
from ..data.download import get_file
from ..data.images import array_to_img, img_to_array, load_img, save_img
from ..data.py_dataset import PyDataset
from ..data.windows import timeseries_dataset_from_array
from ..graph import get_source_inputs, is_keras_tensor
from ..models.plot import plot_model
from ..saving import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from ..training.data import pack_x_y_sample_weight, unpack_x_y_sample_weight
from ..training.progress import Progbar

Sequence = PyDataset  # Keras 3 keeps Keras 2's name for the same class


def to_categorical(x: Any, num_classes: int | None = None, dtype: Any = None) -> np.ndarray | torch.Tensor:
    """One-hot encode integer class values (Keras's ``keras.utils.to_categorical``).

    A trailing axis of size 1 is dropped first (labels ``(N, 1)`` give ``(N, num_classes)``),
    as Keras does. As in Keras's numpy path, a negative class in an array counts from the end
    (``-1`` is the last class); a tensor's classes must be in ``[0, C)``. Where Keras's
    numpy path fails with numpy's IndexError for a class ``>= C``, this raises ValueError.

    Args:
        x: integer class values, any shape: a list, numpy array or torch tensor.
        num_classes: the number of classes C; None (or 0): ``max(x) + 1``.
        dtype: the result's dtype (Keras 2's and tf-keras's argument, whose default there is
            float32); None: Keras 3's float64 for an array, float32 for a tensor.

    Shapes:
        x ``(d0, ..., dk)`` (or ``(d0, ..., dk, 1)``) -> ``(d0, ..., dk, C)``.

    Returns:
        A float64 numpy array (as Keras), or a float32 tensor when ``x`` is a tensor.

    Raises:
        ValueError: a class value out of range (above).

    Example:
        >>> to_categorical(np.array([[1], [0]]), num_classes=3)
        array([[0., 1., 0.],
               [1., 0., 0.]])
    """
    if isinstance(x, torch.Tensor):
        if x.ndim > 1 and x.shape[-1] == 1:
            x = x.reshape(x.shape[:-1])
        x = x.long()
        classes = int(num_classes) if num_classes else int(x.max()) + 1
        if x.numel():
            _check_classes(int(x.min()), int(x.max()), classes, negative=False)
        return F.one_hot(x, classes).to(
            torch.float32 if dtype is None else getattr(torch, np.dtype(dtype).name)
        )
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:  # (..., 1) -> (...)
        shape = shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1
    if x.size:
        _check_classes(int(x.min()), int(x.max()), num_classes)
    categorical = np.zeros((x.shape[0], num_classes), dtype=np.float64 if dtype is None else np.dtype(dtype))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape((*shape, num_classes))


def _check_classes(low: int, high: int, num_classes: int, negative: bool = True) -> None:
    if high < num_classes and low >= (-num_classes if negative else 0):
        return
    allowed = "[-num_classes, num_classes) for an array" if negative else "[0, num_classes) for a tensor"
    raise ValueError(
        f"to_categorical: class values must lie in {allowed}. "
        f"Received: num_classes={num_classes} and values from {low} to {high}"
    )


def pad_sequences(
    sequences: abc.Sequence[Any],
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> np.ndarray:
    """Pad (and cut) sequences to one length (Keras's ``keras.utils.pad_sequences``).

    Each sequence shorter than ``maxlen`` is filled with ``value`` before it
    (``padding="pre"``) or after it (``"post"``); each longer one loses its first
    (``truncating="pre"``) or last (``"post"``) items. The items may themselves be vectors
    (all of one shape, taken from the first non-empty sequence). An empty sequence becomes
    all ``value``. An embedding with ``mask_zero=True`` then masks the padding.

    Args:
        sequences: a list of sequences (lists or arrays).
        maxlen: the length T of the result; None: the longest sequence's.
        dtype: the result's numpy dtype (``object`` or ``"<U..."`` for strings).
        padding: ``"pre"`` or ``"post"``.
        truncating: ``"pre"`` or ``"post"``.
        value: the padding value (a string needs a string ``dtype`` or ``object``).

    Shapes:
        N sequences of items of shape S -> ``(N, T, *S)``.

    Raises:
        ValueError: as Keras: ``sequences`` or an entry not iterable, a string ``value`` with
            a non-string ``dtype``, an item shape unlike the first's, an unknown ``padding``
            or ``truncating``.

    Example:
        >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post")
        array([[1, 2],
               [4, 0]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(f"`sequences` must be iterable. Received: {type(sequences).__name__}")
    lengths = []
    sample_shape: tuple[int, ...] = ()
    first = True
    for x in sequences:  # the item shape comes from the first non-empty sequence
        try:
            lengths.append(len(x))
            if first and len(x):
                sample_shape = np.asarray(x).shape[1:]
                first = False
        except TypeError as error:
            raise ValueError(f"`sequences` must be a list of iterables. Found non-iterable: {x}") from error
    if maxlen is None:
        maxlen = int(np.max(lengths))
    is_dtype_str = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_dtype_str:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    result = np.full((len(sequences), maxlen, *sample_shape), value, dtype=dtype)
    for index, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        if truncating == "pre":
            kept = sequence[-maxlen:]
        elif truncating == "post":
            kept = sequence[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood. Expected "pre" or "post".')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {index} is different from "
                f"expected shape {sample_shape}"
            )
        if padding == "post":
            result[index, : len(kept)] = kept
        elif padding == "pre":
            result[index, -len(kept) :] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood. Expected "pre" or "post".')
    return result


def set_random_seed(seed: int) -> None:
    """Seed Python's ``random``, numpy's global generator and torch, and start Keras's global
    `random.SeedGenerator` again (Keras's ``keras.utils.set_random_seed`` on its torch
    backend), so a program's weight initialisation, dropout, shuffling and unseeded
    `statefulrnn.random` draws repeat from run to run.

    The numbers drawn are torch's, not TensorFlow's: the same seed gives other initial
    weights than Keras on TensorFlow (copy weights with ``set_weights`` to compare).

    Raises:
        ValueError: ``seed`` is not an int (Keras's error type for this).

    Example:
        >>> set_random_seed(7)
        >>> a = torch.rand(2)
        >>> set_random_seed(7)
        >>> bool((torch.rand(2) == a).all())
        True
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(
            f"Expected `seed` argument to be an integer. Received: seed={seed!r} (of type {type(seed)})"
        )
    from ..seed_generator import reset_global_seed_generator

    reset_global_seed_generator()  # made again at its next use, from Python's random seeded here
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def normalize(x: Any, axis: int = -1, order: float = 2) -> np.ndarray | torch.Tensor:
    """``x`` divided by its ``order``-norm along ``axis`` (Keras's ``keras.utils.normalize``); a
    zero norm divides by 1, leaving its zeros.

    Better than Keras 3.15: ``axis=0`` divides along axis 0 (Keras's array road broadcasts its
    norms along the last axis there, a wrong result or an error).

    Shapes:
        any -> the same (a float array: floats keep their dtype, anything else becomes float64).

    Example:
        >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
        array([[0.6, 0.8],
               [0. , 0. ]])
    """
    if isinstance(x, torch.Tensor):
        norms = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
        return x / torch.where(norms == 0, torch.ones((), dtype=norms.dtype), norms)
    array = np.asarray(x)
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    norms = np.linalg.norm(array, order, axis, keepdims=True)
    norms[norms == 0] = 1
    return array / norms


__all__ = [
    "CustomObjectScope",
    "Progbar",
    "PyDataset",
    "Sequence",
    "array_to_img",
    "clear_session",
    "custom_object_scope",
    "deserialize_keras_object",
    "disable_interactive_logging",
    "enable_interactive_logging",
    "get_custom_objects",
    "get_file",
    "get_registered_name",
    "get_registered_object",
    "get_source_inputs",
    "img_to_array",
    "is_interactive_logging_enabled",
    "is_keras_tensor",
    "load_img",
    "normalize",
    "pack_x_y_sample_weight",
    "pad_sequences",
    "plot_model",
    "register_keras_serializable",
    "save_img",
    "serialize_keras_object",
    "set_random_seed",
    "standardize_dtype",
    "timeseries_dataset_from_array",
    "to_categorical",
    "unpack_x_y_sample_weight",
]


def __getattr__(name: str) -> Any:
    return load_submodule(globals(), name)  # Keras 2's keras.utils.np_utils and the like, as attributes
