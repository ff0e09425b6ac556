"""Arithmetic on a functional model's symbolic tensors: ``x + y``, ``2.0 * x``, ``x / 3``, ``x ** 2``,
``-x`` and ``abs(x)``, recorded in the graph as Keras 3 records its ``keras.ops`` calls.

Keras 3 programs write residual connections and scalings with Python's operators on the
tensors of a functional model (``res = x + inputs``). Each such operator on a `SymbolicTensor`
makes one `Operation` node: the model replays it on real tensors with PyTorch's broadcasting
(Keras's), its config and model files keep it, and a Keras 3 file that holds such an operation
(``{"module": "keras.src.ops.numpy", "class_name": "Add", ...}``) loads into one, as
`statefulrnn.ops.keras_classes` names every op. Operands are symbolic tensors and Python
numbers; an array or tensor constant is refused (it would be data in the graph, where a layer's
weight belongs).

Example:
    >>> from statefulrnn import Input, Model
    >>> from statefulrnn.layers import Dense
    >>> inputs = Input(shape=(3,))
    >>> outputs = 2.0 * Dense(3, kernel_initializer="identity")(inputs) + inputs
    >>> Model(inputs, outputs)(torch.ones(1, 3))
    tensor([[3., 3., 3.]], grad_fn=<AddBackward0>)
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from ..graph import SymbolicTensor, record
from .base import Layer, Shape, default_dtype, unique_name
from .lambda_layer import probe_tensor, probed_output_shape

# Each operation: its function (Python's operators: a number may come first) and operand count.
_FUNCTIONS: dict[str, tuple[Callable[..., Any], int | None]] = {
    "add": (operator.add, 2),
    "subtract": (operator.sub, 2),
    "multiply": (operator.mul, 2),
    "true_divide": (operator.truediv, 2),
    "power": (operator.pow, 2),
    "negative": (operator.neg, 1),
    "absolute": (operator.abs, 1),
}
KERAS_MODULE = "keras.src.ops.numpy"  # where Keras 3's files find GetItem
OPERATORS = frozenset(_FUNCTIONS)


class Operation(Layer):
    r"""One operation of a functional model's graph, what Keras 3 records for a ``keras.ops``
    call on its tensors: Python's operators (``"add"`` \(a + b\), ``"subtract"``,
    ``"multiply"``, ``"true_divide"``, ``"power"``, ``"negative"``, ``"absolute"``), or any
    function of `statefulrnn.ops` (``ops.mean(x, axis=1)`` is ``Operation("mean", {"axis":
    1})(x)``), with PyTorch's (NumPy's, Keras's) broadcasting.

    Made by the operators of `SymbolicTensor` (``x + y`` is ``Operation("add")(x, y)``) and by
    the ops functions given a symbolic tensor; a program rarely makes one itself.

    Args:
        operation: an operator's name above, or the name of a `statefulrnn.ops` function.
        arguments: the op's constant keyword arguments (numbers, strings, lists of them):
            ``function(*operands, **arguments)`` is what a call computes.
        **kwargs: `Layer`'s (``name``: by default the operation's, numbered as Keras numbers them).

    Shapes:
        an operator: operands of broadcastable shapes (or Python numbers) -> their broadcast
        shape; an ops function: what it makes of its operands (found by calling it on tensors
        without data, torch's meta device).

    Masks: none (Keras's operations drop a mask).

    Example:
        >>> Operation("subtract")(1.0, torch.tensor([1.0, 2.0]))
        tensor([ 0., -1.])
        >>> Operation("mean", {"axis": -1})(torch.tensor([[1.0, 2.0], [3.0, 5.0]]))
        tensor([1.5000, 4.0000])
    """

    def __init__(self, operation: str, arguments: dict[str, Any] | None = None, **kwargs: Any) -> None:
        function, arity = _function_of(operation)
        if arguments and arity is not None:
            raise TypeError(
                f"Operation '{operation}' (an operator) takes no arguments. Received: {arguments!r}"
            )
        # named as Keras names its operation: ``image.resize``'s ``resize`` (no dot in a module's name)
        kwargs.setdefault("name", unique_name(operation.rpartition(".")[2]))
        super().__init__(**kwargs)
        self.operation = operation
        self.arguments = dict(arguments or {})
        self._function, self._arity = function, arity

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_function")  # found again by name: a copy pickles the op's name, not its code
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._function = _function_of(self.operation)[0]

    def __call__(self, *operands: Any, **kwargs: Any) -> Any:
        kwargs.pop("training", None)  # no mode: the same in training and inference
        if kwargs or (self._arity is not None and len(operands) != self._arity):
            raise TypeError(
                f"Operation '{self.name}' ({self.operation}) takes {self._arity or 'its'} operand(s) and no "
                f"keyword arguments. Received: {len(operands)} operand(s), keywords {sorted(kwargs)}"
            )
        symbolic = tensor = False
        for operand in operands:  # one pass: a model replays this call on every chunk
            if isinstance(operand, SymbolicTensor):
                symbolic = True
            elif isinstance(operand, torch.Tensor):
                tensor = True
            elif self._arity is None:  # an ops function: lists of tensors, constants
                symbolic = symbolic or any(isinstance(item, SymbolicTensor) for item in _items(operand))
                tensor = True
            elif isinstance(operand, np.ndarray) and operand.dtype.kind in "biuf":
                # a numpy constant (a causal mask): a tensor of it, floats in floatx, as TensorFlow
                # converts one beside a Keras tensor (made as the graph is, not as it replays)
                operands = tuple(_as_constant(item) for item in operands)
                tensor = True
            elif not isinstance(operand, (int, float)) or isinstance(operand, bool):
                raise TypeError(
                    f"Operation '{self.name}' ({self.operation}) takes tensors, numeric arrays and "
                    f"Python numbers. Received: {type(operand).__name__}"
                )
        if symbolic:
            return self._record(operands)
        if not tensor:
            raise TypeError(f"Operation '{self.name}' ({self.operation}) needs a tensor among its operands.")
        return super().__call__(*operands)

    def keras_form(self, operands: Sequence[Any]) -> tuple[str, str, dict[str, Any], list[Any]]:
        """This op called on ``operands`` as Keras 3 writes it: the module and class of its
        operation, the class's constructor arguments and the call's.

        Raises:
            ValueError: an op that Keras has no class for, or one whose arguments its class
                would not keep.
        """
        from ..ops.keras_classes import KERAS_CLASSES  # operators too: ``add`` is ``Add``
        from ..ops.symbolic import signature_of

        if self.operation not in KERAS_CLASSES:
            raise ValueError(
                f"Operation '{self.name}': Keras 3 has no operation class for ops.{self.operation}."
            )
        module, keras_class, constructed, called = KERAS_CLASSES[self.operation]
        values = dict(zip(signature_of(self.operation).parameters, operands)) | self.arguments
        config = {key: values[key] for key in constructed if key in values}
        call = list(itertools.takewhile(lambda key: key in values, called))
        left = sorted(set(values) - set(config) - set(call))
        if left:
            raise ValueError(
                f"Operation '{self.name}': Keras 3's {keras_class} does not keep ops.{self.operation}'s "
                f"argument {left[0]}=."
            )
        return module, keras_class, config, [values[key] for key in call]

    @property
    def per_step(self) -> bool:
        """Whether each output value comes from the values at the same place alone (an operator
        or an elementwise op), so that each step's output comes from that step alone."""
        from ..ops.symbolic import ELEMENTWISE

        return self._arity is not None or self.operation in ELEMENTWISE

    def forward(self, *operands: Any) -> torch.Tensor:
        if not self.built:
            shapes = [(None, *o.shape[1:]) for o in operands if isinstance(o, torch.Tensor) and o.ndim]
            self.build(shapes[0] if len(shapes) == 1 else shapes)
        if self.__dict__.get("_constant_operand"):  # a constant made on the CPU, a model moved since
            devices = {o.device for o in operands if isinstance(o, torch.Tensor)}
            if len(devices) > 1:
                device = next(d for d in devices if d.type != "cpu")
                operands = tuple(o.to(device) if isinstance(o, torch.Tensor) else o for o in operands)
        return self._function(*operands, **self.arguments)

    def compute_output_shape(self, input_shape: Any) -> Shape | None:
        if self._arity is None:  # an ops function: the shape its symbolic call found, if any
            return self.__dict__.get("_probed_shape")
        shapes = input_shape if isinstance(input_shape, list) else [input_shape]
        return broadcast_shapes(shapes, self.name)

    def _record(self, operands: tuple[Any, ...]) -> SymbolicTensor:
        """The node of this call in the graph, its output of the shape the op gives."""
        shapes = [
            item.shape for operand in operands for item in _items(operand) if isinstance(item, SymbolicTensor)
        ]
        if self._arity is not None:
            if any(isinstance(operand, torch.Tensor) for operand in operands):
                # A tensor beside a symbolic one (x + K.constant(...), x + an eager layer's
                # output): a constant of the graph, as tf-keras's TFOpLambda captures it, no
                # gradient flowing back to what made it.
                operands = tuple(o.detach() if isinstance(o, torch.Tensor) else o for o in operands)
                shapes += [tuple(o.shape) for o in operands if isinstance(o, torch.Tensor)]
                self.__dict__["_constant_operand"] = True
            self.build(shapes[0] if len(shapes) == 1 else shapes)
            return record(self, operands, {}, self.compute_output_shape(shapes))
        made: list[Any] = []  # the probes' outputs: their dtype

        def run(size: int) -> Any:
            made.append(self._function(*_probes(operands, size), **self.arguments))
            return made[-1]

        try:
            shape = probed_output_shape(run)
        except Exception as error:  # any failure of the op on these shapes
            raise ValueError(
                f"ops.{self.operation} cannot take inputs of shapes {shapes} with {self.arguments}: "
                f"{type(error).__name__}: {error}"
            ) from None
        self.__dict__["_probed_shape"] = shape
        self.build(shapes[0] if len(shapes) == 1 else shapes)
        output = record(self, operands, {}, shape)
        # A bool result (a comparison, a logical op, a mask split or expanded) is labelled so;
        # any other dtype stays floatx, as before.
        outputs, probed = (output, made[-1]) if isinstance(output, list) else ([output], [made[-1]])
        for symbolic, value in zip(outputs, probed):
            if value.dtype == torch.bool:
                symbolic.dtype = "bool"
        return output


def _function_of(operation: str) -> tuple[Callable[..., Any], int | None]:
    """The function of ``operation`` and its operand count (None for an ops function)."""
    if operation in _FUNCTIONS:
        return _FUNCTIONS[operation]
    from ..ops.symbolic import function_of  # ops computes with the layers' dtype rules

    function = function_of(operation)
    if function is None:
        raise ValueError(
            f"Operation must be an operator ({', '.join(sorted(_FUNCTIONS))}) or a "
            f"statefulrnn.ops function of tensors. Received: operation={operation!r}"
        )
    return function, None


def _as_constant(value: Any) -> Any:
    """A numpy array as a tensor, floats in the default float dtype; anything else as it is."""
    if not isinstance(value, np.ndarray):
        return value
    tensor = torch.from_numpy(np.array(value))
    return tensor.to(default_dtype[0]) if tensor.is_floating_point() else tensor


def _items(operand: Any) -> Any:
    """The operand, or the items of a list or tuple of them (``ops.concatenate([x, y])``)."""
    return operand if isinstance(operand, (list, tuple)) else (operand,)


def _probes(operands: tuple[Any, ...], size: int) -> list[Any]:
    """The operands with each symbolic tensor as a data-less tensor of its shape (unknown axes
    of ``size``)."""

    def probe(value: Any) -> Any:
        if isinstance(value, SymbolicTensor):  # a mask probes as bools, the rest as floats
            return probe_tensor(value.shape, size, torch.bool if value.dtype == "bool" else default_dtype[0])
        if isinstance(value, (list, tuple)):
            return type(value)(probe(item) for item in value)
        if isinstance(value, torch.Tensor):  # a constant beside them: its shape, on their device
            return value.to("meta")
        return value

    return [probe(operand) for operand in operands]


class GetItem(Layer):
    r"""Indexing a functional model's tensor, ``x[:, -1]``, ``x[..., 0]``, ``x[:, 1:3]``,
    ``x[:, None]``, as Keras 3 records it (its ``GetItem`` operation): \(y = x[\text{index}]\)
    with NumPy's basic indexing (ints, slices, ``None`` and ``...``; no index arrays).

    Made by `SymbolicTensor`'s ``[]``; the index travels with the call, in Keras's encoding
    (`encode_index`), so model files and Keras files keep it.

    Args:
        **kwargs: `Layer`'s (``name``: by default ``get_item``, numbered as Keras numbers them).

    Shapes:
        ``x`` of any shape -> the indexed shape (an int drops its axis, a slice cuts it, None
        adds one of size 1).

    Masks: none.

    Example:
        >>> GetItem()(torch.arange(6.0).reshape(2, 3), encode_index((slice(None), -1)))
        tensor([2., 5.])
    """

    keras_class = "GetItem"  # as Keras 3's files name it

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("name", unique_name("get_item"))
        super().__init__(**kwargs)
        self.index: list[Any] | None = None  # the symbolic call's, encoded: see `per_step`
        # (index as given, index as Python reads it): a model's replay hands the same list every
        # chunk, decoded once
        self._decoded: tuple[Any, tuple[Any, ...]] | None = None

    def __call__(self, x: Any, index: Any, **kwargs: Any) -> Any:
        kwargs.pop("training", None)
        if kwargs:
            raise TypeError(
                f"GetItem '{self.name}' takes a tensor and an index. Received keywords {sorted(kwargs)}"
            )
        if isinstance(x, SymbolicTensor):
            key = self._key(index)
            self.index = encode_index(key)
            self.build(x.shape)
            shape = indexed_shape(x.shape, key, self.name)
            self.output_shape = shape
            return record(self, (x, self.index), {}, shape)
        return super().__call__(x, index)

    def forward(self, x: torch.Tensor, index: Any) -> torch.Tensor:
        if not self.built:
            self.build((None, *x.shape[1:]))
        return x[self._key(index)]

    def _key(self, index: Any) -> tuple[Any, ...]:
        decoded = self._decoded
        if decoded is None or decoded[0] is not index:
            decoded = self._decoded = (index, decode_index(index, self.name))
        return decoded[1]

    @property
    def per_step(self) -> bool:
        """Whether the index keeps the batch and time axes (axes 0 and 1) whole and in place,
        so that each step's output comes from that step alone (a stream pool may serve it)."""
        if self.index is None or self.input_shape is None:
            return False
        key = _expanded(decode_index(self.index, self.name), len(self.input_shape), self.name)
        return all(item == slice(None) for item in key[:2])


def encode_index(key: Any) -> list[Any]:
    """A basic NumPy index as Keras writes it in a model's config: a list of ints, None,
    ``{"class_name": "__slice__", "config": {"start", "stop", "step"}}`` and ``{"class_name":
    "__ellipsis__", "config": {}}``.

    Raises:
        TypeError: an index other than ints, slices of ints, None and ``...``.
    """
    items = key if isinstance(key, tuple) else (key,)
    encoded: list[Any] = []
    for item in items:
        if item is None or (isinstance(item, int) and not isinstance(item, bool)):
            encoded.append(item)
        elif item is Ellipsis:
            encoded.append({"class_name": "__ellipsis__", "config": {}})
        elif isinstance(item, slice) and all(
            part is None or (isinstance(part, int) and not isinstance(part, bool))
            for part in (item.start, item.stop, item.step)
        ):
            config = {"start": item.start, "stop": item.stop, "step": item.step}
            encoded.append({"class_name": "__slice__", "config": config})
        else:
            raise TypeError(
                f"A model's symbolic tensor takes basic indexes: ints, slices of ints, None and "
                f"'...'. Received: {item!r}"
            )
    return encoded


def decode_index(encoded: Any, name: str) -> tuple[Any, ...]:
    """`encode_index`'s list (or a Python index) as a Python index tuple.

    Raises:
        ValueError: a malformed encoding, naming the layer.
    """
    return _decoded(encoded if isinstance(encoded, list) else encode_index(encoded), name)


def _decoded(encoded: list[Any], name: str) -> tuple[Any, ...]:
    key = []
    for item in encoded:
        if isinstance(item, dict) and item.get("class_name") == "__slice__":
            config = item.get("config") or {}
            parts = [config.get(part) for part in ("start", "stop", "step")]
            if not all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts):
                raise ValueError(f"GetItem '{name}': a slice of ints or None. Received: {item!r:.80}")
            key.append(slice(*parts))
        elif isinstance(item, dict) and item.get("class_name") == "__ellipsis__":
            key.append(Ellipsis)
        elif item is None or (isinstance(item, int) and not isinstance(item, bool)):
            key.append(item)
        else:
            raise ValueError(
                f"GetItem '{name}': an index of ints, slices, None and '...'. Received: {item!r:.80}"
            )
    return tuple(key)


def _expanded(key: tuple[Any, ...], rank: int, name: str) -> list[Any]:
    """``key`` with its ``...`` (or the axes it leaves out) written as full slices."""
    consuming = sum(item is not None and item is not Ellipsis for item in key)
    if list(key).count(Ellipsis) > 1 or consuming > rank:
        raise ValueError(f"GetItem '{name}': index {key!r} does not fit a tensor of rank {rank}.")
    fill = [slice(None)] * (rank - consuming)
    if Ellipsis in key:
        at = key.index(Ellipsis)
        return [*key[:at], *fill, *key[at + 1 :]]
    return [*key, *fill]


def indexed_shape(shape: Shape, key: tuple[Any, ...], name: str) -> Shape:
    """The shape of ``x[key]`` for ``x`` of ``shape`` (None: unknown).

    Raises:
        ValueError: an int out of a known axis's range, or an index longer than the rank.
    """
    result: list[int | None] = []
    axis = 0
    for item in _expanded(key, len(shape), name):
        if item is None:
            result.append(1)
            continue
        size = shape[axis]
        axis += 1
        if isinstance(item, int):
            if size is not None and not -size <= item < size:
                raise ValueError(
                    f"GetItem '{name}': index {item} is out of range for an axis of size {size}."
                )
            continue
        result.append(len(range(*item.indices(size))) if size is not None else None)
    return tuple(result)


def broadcast_shapes(shapes: list[Shape], name: str) -> Shape:
    """The broadcast of ``shapes`` (None: unknown, as a batch axis), NumPy's rule.

    Raises:
        ValueError: two known sizes other than 1 differ on an axis, naming the layer.
    """
    rank = max(len(shape) for shape in shapes)
    result: list[int | None] = []
    for axis in range(-rank, 0):
        sizes = {shape[axis] for shape in shapes if len(shape) >= -axis} - {1}
        known = sizes - {None}
        if len(known) > 1:
            raise ValueError(
                f"Operation '{name}' cannot broadcast shapes {', '.join(map(str, shapes))}: sizes "
                f"{sorted(known)} on axis {axis}."
            )
        result.append(known.pop() if known else (None if None in sizes else 1))
    return tuple(result)


def operate(operation: str, *operands: Any) -> SymbolicTensor:
    """``Operation(operation)(*operands)``: what `SymbolicTensor`'s operators call."""
    return Operation(operation)(*operands)


__all__ = [
    "KERAS_MODULE", "OPERATORS", "GetItem", "Operation", "broadcast_shapes", "decode_index",
    "encode_index", "indexed_shape", "operate",
]  # fmt: skip
