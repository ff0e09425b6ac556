"""The output shape of a program's own layer, found as Keras finds it: by calling the layer.

Keras 3 infers the output shape of a layer that does not give ``compute_output_shape`` by
tracing its ``call`` on symbolic tensors, so a program's own layer rarely writes one, and the
next layer of a Sequential or functional model is built for the shape the trace found. Here the
layer is called on zeros of the input's shape (without autograd, inferring, as a direct call
does), twice, with different sizes standing for each unknown (``None``) size: a size of the
output that follows them is unknown too. States the calls commit are put back, and so are the
values the calls assign to weights the layer had before (a counter's ``assign_add``), as Keras's
trace assigns nothing (its ``StatelessScope``); weights that sublayers create on the way stay,
as Keras's trace creates them.

Example:
    >>> import statefulrnn as keras
    >>> class Project(keras.layers.Layer):
    ...     def __init__(self, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.dense = keras.layers.Dense(3)
    ...     def call(self, x):
    ...         return self.dense(x)
    >>> traced_output_shape(Project(), (None, 5, 4))
    (None, 5, 3)
"""

from __future__ import annotations

from typing import Any

import torch

from ..graph import map_structure
from ..state import restore_on_error

__all__ = ["traced_output_shape"]

# The sizes an unknown size takes in the two calls: products of small factors, so that a
# reshape into pairs or triples works, and different, so that sizes that follow them show.
_STAND_INS = (6, 12)


class _UndoError(Exception):
    """Raised at the end of a traced call so that `restore_on_error` puts the states back."""


def traced_output_shape(layer: Any, input_shape: Any) -> Any:
    """``layer``'s output shape for ``input_shape`` (one shape, or a list of shapes for several
    inputs), from calling it; a list of shapes for several outputs. None when the calls fail
    (on floating zeros, then on integer ones): the caller keeps its own guess, and the layer's
    first real call raises what is wrong.

    Not called either (None) when the batch size is unknown and a stateful layer is inside:
    a stateful layer keeps the batch size of its first call, which must be a real one."""
    first = input_shape[0] if isinstance(input_shape, list) else input_shape
    if first and first[0] is None and any(getattr(m, "stateful", False) for m in layer.modules()):
        return None
    for dtype in (layer.dtype, torch.int64):
        shapes = [_called_shape(layer, input_shape, size, dtype) for size in _STAND_INS]
        if None not in shapes:
            try:
                return _merged(*shapes)
            except ValueError:  # outputs of other ranks or counts: no one shape
                return None
    return None


def _called_shape(layer: Any, input_shape: Any, size: int, dtype: torch.dtype) -> Any:
    device = next(layer.parameters(), torch.empty(0)).device
    several = isinstance(input_shape, list)
    zeros = [
        torch.zeros([size if d is None else d for d in shape], dtype=dtype, device=device)
        for shape in (input_shape if several else [input_shape])
    ]
    found: list[Any] = []
    kept = [(tensor, tensor.detach().clone()) for tensor in (*layer.parameters(), *layer.buffers())]
    try:
        with torch.no_grad(), restore_on_error():
            outputs = layer(zeros if several else zeros[0])
            found.append(map_structure(lambda t: tuple(t.shape), _listed(outputs)))
            raise _UndoError
    except _UndoError:
        return found[0]
    except Exception:  # any failure means no shape; the real call reports it
        return None
    finally:
        with torch.no_grad():
            for tensor, value in kept:
                if tensor.shape == value.shape:
                    tensor.copy_(value)


def _listed(outputs: Any) -> Any:
    """A tuple of outputs as a list: shapes are tuples, several outputs a list of them."""
    return [_listed(item) for item in outputs] if isinstance(outputs, (list, tuple)) else outputs


def _merged(first: Any, second: Any) -> Any:
    if isinstance(first, list):
        return [_merged(a, b) for a, b in zip(first, second, strict=True)]
    return tuple(a if a == b else None for a, b in zip(first, second, strict=True))
