"""Keras's symbolic calls of a program's own layer or model, made here by calling it.

Keras runs ``call()`` on symbolic tensors where statefulrnn has only shapes, for three ends:

- `traced_output_shape`: Keras 3 infers the output shape of a layer that does not give
  ``compute_output_shape`` by tracing its ``call``, so a program's own layer rarely writes one,
  and the next layer of a Sequential or functional model is built for the shape found;
- `build_by_call`: tf-keras calls a layer added to a Sequential or called on an ``Input`` on
  a symbolic tensor, which builds the sublayers its ``build()`` left to ``call()`` (a Dense made
  in ``build``), even when the layer gives its output shape;
- `symbolic_output_shape`: tf-keras's symbolic call gives the shape the call computes, never
  the one the layer's own ``compute_output_shape`` declares (which a Keras 2 program's layer
  could get wrong unnoticed, as attention_keras's ``AttentionLayer`` does), so the shape found
  by the call wins where one is found;
- `output_shape_by_call`: tf-keras's ``Model.build(input_shape)`` of a subclassed model calls
  it on placeholders, which builds every sublayer (Keras 3's only marks the model built).

Here the layer is called on zeros of the input's shape (without autograd), twice for a shape,
with different sizes standing for each unknown (``None``) size: a size of the output that
follows them is unknown too. Keras's symbolic call changes nothing (its ``StatelessScope``), and
neither do these (`_untouched`): everything in the layer infers (no dropout, no statistics
updated) whatever its mode, then the states the calls commit are put back, and so are the
values of the weights and buffers the layer had (a counter's ``assign_add``, moving
statistics), its seed generators' and metrics' variables, the training modes and the losses of
the last call; weights that sublayers create on the way stay, as Keras's trace creates them.

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

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import torch

from ..graph import map_structure
from ..metric_base import Metric
from ..regularizers import ADDED_LOSSES
from ..seed_generator import SeedGenerator, made_global_seed_generator
from ..state import restore_on_error
from .base import MODE_SET, SHAPE_ONLY, Layer, forward_parameters, hands_first_mask, once_per_shape

__all__ = ["build_by_call", "output_shape_by_call", "symbolic_output_shape", "traced_output_shape"]

# The sizes an unknown size takes in the two calls: products of small factors, so that a
# reshape into pairs or triples works, and different, so that sizes that follow them show.
_STAND_INS = (6, 12)
# Tried where those fail: a layer may take no more than a few steps (keras.io's
# PositionalEmbedding indexes a table of sequence_length positions, 10 in a reduced run).
_SHORT_STAND_INS = (2, 3)


class _UndoError(Exception):
    """Raised at the end of a traced call so that `restore_on_error` puts the states back."""


def traced_output_shape(layer: Any, input_shape: Any) -> Any:
    """``layer``'s output shape for ``input_shape`` (one shape, or a list of shapes for several
    inputs), from calling it; a list of shapes for several outputs. None when the calls fail
    (on floating zeros, then on integer ones): the caller keeps its own guess, and the layer's
    first real call raises what is wrong.

    Not called either (None) when the batch size is unknown and a stateful layer is inside:
    a stateful layer keeps the batch size of its first call, which must be a real one."""
    if _stateful_of_unknown_batch(layer, input_shape):
        return None
    for sizes in (_STAND_INS, _SHORT_STAND_INS):
        try:
            return _traced(layer, input_shape, sizes)
        except Exception:  # any failure means no shape; the real call reports it
            continue
    return None


def symbolic_output_shape(
    layer: Any, input_shape: Any, call: tuple[tuple[Any, ...], dict[str, Any]] | None = None
) -> Any:
    """The output shape of ``layer`` (built) called on a symbolic input of ``input_shape``.

    A program's own layer that declares its ``compute_output_shape`` is called too (once per
    input shape, `traced_output_shape`), and the shape the call gives wins, as tf-keras's
    symbolic call uses the call's shape and never the declared one; Keras 3 uses the declared
    one, which a layer written for it declares right, so the two agree there. The declared
    shape stands where the calls fail or a stateful layer's batch size is unknown; statefulrnn's
    own layers and those that declare nothing (already traced) are not called here, but a
    program's subclass of one that overrides ``call`` is (`_declared_for_its_call`).

    A program's ``compute_output_shape`` that raises goes unnoticed on tf-keras, which never
    asks it: the call's shape is taken, and where calls on zeros of the input shapes fail,
    ``call`` (the symbolic ``(args, kwargs)``) is run as its graph computes it
    (`graph_traced_output_shape`); the declaration's error is raised where that fails too. So
    is ``call`` for a layer of several inputs that declares nothing, where `Layer`'s own trace
    found nothing (a dict of inputs, which a list of zeros of their shapes does not stand for),
    and first for a call with symbolic tensors as further positional arguments (an attention
    layer's or model's ``call(query, values)`` returning ``(context, weights)``), which no trace
    of the first input's shape stands for.

    Example:
        >>> import statefulrnn as keras
        >>> class Context(keras.layers.Layer):
        ...     __module__ = "__main__"  # a program's own (this doctest runs in statefulrnn's module)
        ...     def call(self, inputs):
        ...         encoder, decoder = inputs
        ...         return decoder[..., :1] * encoder.sum(1, keepdim=True)
        ...     def compute_output_shape(self, input_shape):
        ...         return input_shape[1]  # wrong, unnoticed on tf-keras
        >>> layer = Context()
        >>> layer.build([(None, 10, 15), (None, 7, 25)])
        >>> symbolic_output_shape(layer, [(None, 10, 15), (None, 7, 25)])
        (None, 7, 15)
    """
    if call is not None and tensors_beyond_the_first(call[0]):
        # attention(query, values): zeros of the first input's shape cannot stand for the call
        # (nor can a declaration made from that shape alone); the graph's call is run, as
        # Keras's symbolic call runs it with every argument
        found = graph_traced_output_shape(layer, *call)
        if found is not None:
            return found
    try:
        declared = layer.compute_output_shape(input_shape)
    except Exception as error:  # a program's layer whose declaration cannot run (see below)
        if type(layer).__module__.startswith("statefulrnn."):
            raise
        declared, broken = None, error
    else:
        broken = None
        if _declared_for_its_call(layer):
            if call is not None and isinstance(input_shape, list) and declared == input_shape:
                # Layer's own trace found nothing for a layer of several inputs (called on a
                # dict of them, which a list of zeros does not stand for): the graph's call
                found = graph_traced_output_shape(layer, *call)
                return declared if found is None else found
            return declared
    build_by_call(layer, input_shape)  # first, so that the sublayers of a frozen layer are frozen
    found = once_per_shape(layer, input_shape, traced_output_shape, cache="_called_shapes")
    if found is None and broken is not None and call is not None:
        found = graph_traced_output_shape(layer, *call)
    if found is None and broken is not None:
        raise broken
    return declared if found is None else found


def tensors_beyond_the_first(args: tuple[Any, ...]) -> bool:
    """Whether a symbolic call's positional ``args`` hold symbolic tensors after the first
    (``layer(query, values)``)."""
    from ..graph import SymbolicTensor, flatten  # the graph imports the layers

    return any(isinstance(t, SymbolicTensor) for value in args[1:] for t in flatten(value))


def graph_traced_output_shape(layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The output shape of ``layer`` called on ``args``/``kwargs`` (which hold symbolic tensors)
    as the graph that made them computes them: the graph is run from its `Input`s on zeros,
    twice, each unknown size of an `Input` standing in as in `traced_output_shape`, and then
    the layer; nothing is left changed (`_untouched`). None when the calls fail.

    Keras's symbolic call keeps how the sizes of a layer's inputs relate, where calls on zeros
    of each input's shape cannot: fbadine/LSTNet's ``PostSkipTrans`` reshapes a GRU's output,
    whose rows are the batch's times ``skip``, by the batch size of the model's input; both
    are None in their shapes. Used for a program's layer whose ``compute_output_shape`` cannot
    run and whose call on zeros of its input shapes fails (`symbolic_output_shape`).
    """
    # (No stateful layer of unknown batch size is reached: statefulrnn refuses one in a graph.)
    try:
        shapes = [_graph_called_shape(layer, args, kwargs, size) for size in _STAND_INS]
    except Exception:  # any failure means no shape; the real call reports it
        return None
    merged = shapes[0]
    for shape in shapes[1:]:
        merged = _merged(merged, shape)
    return merged


def _graph_called_shape(
    layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any], size: int, mask: Any = None
) -> Any:
    """One call of `graph_traced_output_shape`: unknown `Input` sizes stand at ``size``; the
    layer gets a stand-in mask of shape ``mask`` (see `build_by_call`)."""
    from ..graph import SymbolicTensor, flatten_sorted  # the graph imports the layers

    values: dict[int, torch.Tensor] = {}
    layers: list[Any] = []

    def value(tensor: Any) -> Any:
        if not isinstance(tensor, SymbolicTensor):
            return tensor
        if id(tensor) not in values:
            node = tensor.node
            if node is None or not node.inputs:  # an Input: zeros, token ids as integers
                dtype = torch.int64 if tensor.dtype.startswith(("int", "uint")) else torch.float32
                values[id(tensor)] = torch.zeros(
                    [size if d is None else d for d in tensor.shape], dtype=dtype
                )
            else:
                outputs = _quiet_call(
                    node.layer, map_structure(value, node.args), map_structure(value, node.kwargs)
                )
                for symbolic, made in zip(node.outputs, flatten_sorted(outputs), strict=False):
                    values[id(symbolic)] = made
        return values[id(tensor)]

    def _quiet_call(called: Any, call_args: tuple[Any, ...], call_kwargs: dict[str, Any]) -> Any:
        layers.append(called)
        called.__dict__[SHAPE_ONLY] = True
        return called(*call_args, **call_kwargs)

    found: list[Any] = []
    with contextlib.ExitStack() as stack:
        for module in _graph_layers(layer, args, kwargs):
            stack.enter_context(_untouched(module))
        try:
            with torch.no_grad(), restore_on_error():
                given = map_structure(value, kwargs)
                if mask is not None:
                    given["mask"] = _stand_in_mask(mask, size)
                outputs = _quiet_call(layer, map_structure(value, args), given)
                found.append(map_structure(lambda t: tuple(t.shape), _listed(outputs)))
                raise _UndoError
        except _UndoError:
            pass
        finally:
            for called in layers:
                called.__dict__.pop(SHAPE_ONLY, None)
    return found[0]


def _graph_layers(layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """``layer`` and the layers of the nodes that compute the symbolic tensors in ``args`` and
    ``kwargs``, each once."""
    from ..graph import SymbolicTensor, flatten  # the graph imports the layers

    found: dict[int, Any] = {id(layer): layer}
    pending = [t for t in flatten((args, kwargs)) if isinstance(t, SymbolicTensor)]
    seen: set[int] = set()
    while pending:
        tensor = pending.pop()
        node = tensor.node
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        found.setdefault(id(node.layer), node.layer)
        pending.extend(node.inputs)
    return list(found.values())


def _declared_for_its_call(layer: Any) -> bool:
    """Whether ``layer``'s ``compute_output_shape`` describes the call it makes: statefulrnn's
    declaration of statefulrnn's own computation, or `Layer`'s, which traces a program's layer
    itself. A program's subclass of a statefulrnn layer that overrides ``call`` and inherits the
    declaration (keras-bert's ``TokenEmbedding(Embedding)``, whose call returns the embedded
    ids and the table) gets a shape its call does not give; tf-keras's symbolic call gives the
    call's, so it is called (False)."""

    def owner(method: str) -> type:
        return next(c for c in type(layer).__mro__ if method in vars(c))

    declares = owner("compute_output_shape")
    if not declares.__module__.startswith("statefulrnn."):
        return False
    return declares is Layer or owner("forward").__module__.startswith("statefulrnn.")


def build_by_call(
    layer: Any, input_shape: Any, call: tuple[tuple[Any, ...], dict[str, Any]] | None = None
) -> None:
    """Build the sublayers of ``layer`` (a program's own, built) that its ``build()`` left to
    its ``call()``, by one call, as Keras's call on a symbolic tensor builds them; what fails
    is left to the first real call, as is a stateful layer when the batch size is unknown.
    A layer with nothing left unbuilt is not called (building stays as fast as it was); a
    frozen one (``trainable=False``) freezes the weights the call made too.

    With the symbolic ``call`` (``(args, kwargs)``), the call gets a stand-in of its first
    input's mask where Keras's would get the mask (keras.io's ``TransformerEncoder`` reads
    ``mask`` to make its attention mask), and where a call on zeros of the first input's shape
    fails (a layer of two tensors, ``layer(x, encoder_outputs)``), the call is made as the graph
    computes its inputs (`graph_traced_output_shape`)."""
    unbuilt = any(getattr(module, "built", True) is False for module in layer.modules())
    if not unbuilt or _stateful_of_unknown_batch(layer, input_shape):
        return
    mask = _mask_shape(layer, call)
    try:
        _traced(layer, input_shape, _STAND_INS[:1], mask)
    except Exception:
        if call is None:
            return  # the real call reports it
        try:
            _graph_called_shape(layer, *call, _STAND_INS[0], mask)
        except Exception:
            return
    if not layer.trainable:
        layer.trainable = False


def _mask_shape(layer: Any, call: tuple[tuple[Any, ...], dict[str, Any]] | None) -> Any:
    """The symbolic shape of the mask Keras's symbolic ``call`` of ``layer`` would hand its
    ``call(..., mask=)``: its first input's, where it has one, the layer takes ``mask`` that
    the call does not give, and the rules give it (`hands_first_mask`; None otherwise)."""
    from ..graph import SymbolicTensor  # the graph imports the layers

    if (
        call is None
        or "mask" in call[1]
        or "mask" not in forward_parameters(type(layer))
        or not hands_first_mask(*call)
    ):
        return None
    first = call[0][0]
    mask = getattr(first, "_keras_mask", None) if isinstance(first, SymbolicTensor) else None
    return None if mask is None else mask.shape


def _stand_in_mask(shape: Any, size: int, device: torch.device | None = None) -> torch.Tensor | None:
    """All steps real: a mask of ``shape`` (None: no mask) with its unknown sizes at ``size``."""
    if shape is None:
        return None
    return torch.ones([size if d is None else d for d in shape], dtype=torch.bool, device=device)


def output_shape_by_call(model: Any, input_shape: Any) -> Any:
    """The output shape of ``model`` (a subclassed `Model`) for ``input_shape``, from calling
    it, which builds every sublayer, as tf-keras's ``Model.build`` does. Where that cannot be
    done, a warning names the model, the shape and why, and the sublayers are left to the
    model's first real call, as Keras 3's ``build`` leaves them (None: no shape known): a call
    that fails on stand-in inputs, or a stateful layer inside with the batch size unknown
    (tf-keras refuses both)."""
    where = f"Model '{model.name}' was not built for input shape {input_shape}"
    if _stateful_of_unknown_batch(model, input_shape):
        why = "it holds a stateful layer, which takes the batch size of its first call"
        return _left_to_the_first_call(where, why)
    try:
        return _traced(model, input_shape, _STAND_INS)
    except Exception as error:
        return _left_to_the_first_call(
            where, f"its call() failed on inputs of that shape ({type(error).__name__}: {error})"
        )


def _left_to_the_first_call(where: str, why: str) -> None:
    warnings.warn(
        f"{where}: {why}. Its sublayers are built at its first call; give build a shape its call() "
        f"takes (the batch size too, for a stateful layer) to build them now.",
        stacklevel=4,
    )


def _stateful_of_unknown_batch(layer: Any, input_shape: Any) -> bool:
    """Whether the batch size is unknown and a stateful layer is inside, which would take the
    batch size of a stand-in call for its own."""
    first = input_shape[0] if isinstance(input_shape, list) else input_shape
    return bool(first) and first[0] is None and any(getattr(m, "stateful", False) for m in layer.modules())


def _traced(layer: Any, input_shape: Any, sizes: tuple[int, ...], mask: Any = None) -> Any:
    """The output shape of calls of ``layer`` with each of ``sizes`` standing for the unknown
    sizes, merged (None where they differ); the calls are made on floating zeros, then, if one
    fails, on integer ones (token ids); with a stand-in mask of shape ``mask`` (see
    `build_by_call`).

    Raises:
        Exception: what the call on floating zeros raised, when both kinds fail; ValueError
            when the calls' outputs differ in rank or count.
    """
    try:
        shapes = [_called_shape(layer, input_shape, size, layer.torch_dtype, mask) for size in sizes]
    except Exception as error:
        try:
            shapes = [_called_shape(layer, input_shape, size, torch.int64, mask) for size in sizes]
        except Exception:
            raise error from None
    merged = shapes[0]
    for shape in shapes[1:]:
        merged = _merged(merged, shape)
    return merged


def _called_shape(layer: Any, input_shape: Any, size: int, dtype: torch.dtype, mask: Any = None) -> Any:
    """The output shape of one call of ``layer`` on zeros, which leaves no trace (see
    `_untouched`) and makes no masks for its outputs (`base.SHAPE_ONLY`); raises what the call
    raised."""
    device = next(layer.parameters(), torch.empty(0)).device
    several = isinstance(input_shape, list)
    zeros = [
        torch.zeros([size if d is None else d for d in shape], dtype=dtype, device=device)
        for shape in (input_shape if several else [input_shape])
    ]
    found: list[Any] = []
    with _untouched(layer):
        layer.__dict__[SHAPE_ONLY] = True
        try:
            with torch.no_grad(), restore_on_error():
                given = {} if mask is None else {"mask": _stand_in_mask(mask, size, device)}
                outputs = layer(zeros if several else zeros[0], **given)
                found.append(map_structure(lambda t: tuple(t.shape), _listed(outputs)))
                raise _UndoError
        except _UndoError:
            pass
        finally:
            del layer.__dict__[SHAPE_ONLY]
    return found[0]


@contextlib.contextmanager
def _untouched(layer: Any) -> Iterator[None]:
    """A block in which ``layer`` and everything in it infers (as Keras's symbolic call), after
    which what it held is put back: the values of its weights, buffers (moving statistics),
    seed generators and metrics' variables, the training modes, and the losses of each
    sublayer's last call. Weights and sublayers made in the block stay, as Keras's trace makes
    them. (Carried states are put back by the journal of `_called_shape`.)"""
    modules = list(layer.modules())
    kept = [(tensor, tensor.detach().clone()) for tensor in _held_tensors(layer, modules)]
    modes = [(module, module.training, module.__dict__.pop(MODE_SET, None)) for module in modules]
    losses = [
        (module, {name: module.__dict__.pop(name) for name in _LAST_CALL if name in module.__dict__})
        for module in modules
    ]
    for module in modules:
        module.training = False
    try:
        yield
    finally:
        with torch.no_grad():
            for tensor, value in kept:
                if tensor.shape == value.shape:
                    tensor.copy_(value)
        for module, training, mode_set in modes:
            module.training = training
            if mode_set is not None:
                module.__dict__[MODE_SET] = mode_set
        for module, last in losses:
            for name in _LAST_CALL:
                module.__dict__.pop(name, None)
            module.__dict__.update(last)


# What a layer keeps of its last call: its activity penalty and what it gave add_loss.
_LAST_CALL = ("_activity_penalty", ADDED_LOSSES)


def _held_tensors(layer: Any, modules: list[Any]) -> Iterator[torch.Tensor]:
    """The tensors whose values a call may change: parameters, buffers, the state of each seed
    generator a module holds (and Keras's global one) and the variables of each metric."""
    yield from layer.parameters()
    yield from layer.buffers()
    held = [value for module in modules for value in module.__dict__.values()]
    generators = [value for value in held if isinstance(value, SeedGenerator)]
    generators.append(made_global_seed_generator())
    yield from (generator.state for generator in generators if generator is not None)
    for value in held:
        if isinstance(value, Metric):
            yield from value.variables


def _listed(outputs: Any) -> Any:
    """A tuple of outputs as a list: shapes are tuples, several outputs a list of them."""
    return [_listed(item) for item in outputs] if isinstance(outputs, (list, tuple)) else outputs


def _merged(first: Any, second: Any) -> Any:
    if isinstance(first, list):
        return [_merged(a, b) for a, b in zip(first, second, strict=True)]
    return tuple(a if a == b else None for a, b in zip(first, second, strict=True))
