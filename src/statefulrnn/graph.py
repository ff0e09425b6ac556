"""Symbolic tensors: how ``Input`` and layer calls describe a functional model's graph.

Calling a layer on a `SymbolicTensor` builds the layer for that shape and records a `Node`
instead of computing anything. ``Model(inputs, outputs)`` then walks the nodes back from its
outputs and replays them on real tensors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._keras_rules import tf_keras_rules


def _operate(operation: str, *operands: Any) -> SymbolicTensor:
    from .layers.operations import operate  # the layers import this module

    return operate(operation, *operands)


def _operators(operation: str) -> tuple[Callable[..., SymbolicTensor], Callable[..., SymbolicTensor]]:
    """A binary operator's method and its reflected twin (``x - 1`` and ``1 - x``)."""
    return (
        lambda self, other: _operate(operation, self, other),
        lambda self, other: _operate(operation, other, self),
    )


# A symbolic tensor's mask before it is first asked for (None means "has none").
_NOT_YET: Any = object()


class StaticShape(tuple):  # type: ignore[type-arg]  # of int | None: tuple[int | None, ...]
    """A symbolic tensor's shape as TensorFlow's ``TensorShape`` gives it to tf-keras programs
    (``x.get_shape()``): a tuple (indexing, ``len``, iteration, ``int(shape[-1])``) that also
    has ``as_list()``, ``rank``/``ndims`` and compares equal to a list or tuple of the same
    sizes; a slice is one too.

    Example:
        >>> shape = StaticShape((None, 5, 16))
        >>> shape.as_list(), shape[1:], shape.rank, shape == (None, 5, 16)
        ([None, 5, 16], TensorShape([5, 16]), 3, True)
    """

    def as_list(self) -> list[int | None]:
        return list(self)

    @property
    def rank(self) -> int:
        return len(self)

    ndims = rank

    def is_fully_defined(self) -> bool:
        return all(size is not None for size in self)

    def num_elements(self) -> int | None:
        """The product of the sizes; None when one is unknown (TensorFlow's)."""
        if not self.is_fully_defined():
            return None
        count = 1
        for size in self:
            count *= size
        return count

    def __getitem__(self, key: Any) -> Any:
        item = tuple.__getitem__(self, key)
        return StaticShape(item) if isinstance(key, slice) else item

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, (list, tuple)) else NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"TensorShape({list(self)})"

    def __str__(self) -> str:
        return tuple.__repr__(tuple(self))


@dataclass(eq=False)
class SymbolicTensor:
    """A placeholder for a tensor of ``shape`` (batch first, None where unknown): a tuple, as
    Keras 3's ``KerasTensor.shape``; under tf-keras's rules a `StaticShape`, TensorFlow's
    ``TensorShape`` (``model.layers[0].input.shape.as_list()``, q-trader's agent).

    ``node`` is the call that produces it; ``index`` which of that call's outputs it is.
    ``dtype`` names its dtype as Keras's ``KerasTensor.dtype`` does: an `Input`'s own
    (``"int32"`` for token ids, though they travel as floats here), and ``"float32"`` (Keras's
    floatx) for what a layer computes, where Keras gives the layer's compute dtype, float32
    unless a mixed-precision policy is set (then ``"float16"`` or ``"bfloat16"``, as there).
    """

    shape: tuple[int | None, ...]
    node: Node | None = None
    index: int = 0
    dtype: str = "float32"
    # Keras's mask of this tensor, found on first reading (`_keras_mask`) or set by a program
    _mask: Any = field(default=_NOT_YET, init=False, repr=False)

    def __post_init__(self) -> None:
        if tf_keras_rules():  # tf-keras's symbolic tensors give TensorFlow's TensorShape
            self.shape = StaticShape(self.shape)

    def __repr__(self) -> str:
        producer = self.node.layer.name if self.node is not None else "?"
        kind = "" if self.dtype == "float32" else f" dtype={self.dtype}"
        return f"<SymbolicTensor shape={self.shape}{kind} from {producer!r}>"

    @property
    def _keras_mask(self) -> SymbolicTensor | None:
        """Keras's mask of this tensor, symbolic: the bool ``(batch, time)`` tensor that the
        model computes at run time for it, from the call that made it (an `Embedding` with
        ``mask_zero``, a `Masking`, a layer that passes its input's mask on, a program's own
        ``compute_mask``), as Keras 3's ``KerasTensor._keras_mask``. It is a tensor of the
        graph: print it, hand it to a later layer as ``mask=``, or compute on it with
        `statefulrnn.ops`. None on an `Input` (tf-keras's); found once, on first reading.

        Raises:
            AttributeError: the tensor has no mask (so ``hasattr`` is False, as in Keras).

        Example:
            >>> from statefulrnn import Input
            >>> from statefulrnn.layers import Dense, Embedding
            >>> x = Dense(3)(Embedding(10, 4, mask_zero=True)(Input(shape=(None,))))
            >>> x._keras_mask
            <SymbolicTensor shape=(None, None) dtype=bool from 'not_equal'>
        """
        mask = self._mask
        if mask is _NOT_YET:
            from .layers.symbolic_masks import mask_of_output  # the layers import this module

            mask = self._mask = mask_of_output(self)
        if mask is None and self.node is not None and self.node.inputs:
            raise AttributeError(f"{self!r} has no mask: no layer before it made one, or one dropped it.")
        return mask

    @_keras_mask.setter
    def _keras_mask(self, mask: SymbolicTensor | None) -> None:
        self._mask = mask

    def get_shape(self) -> StaticShape:
        """TensorFlow's ``get_shape()``: the shape as a `StaticShape` (a tuple with
        ``as_list()``, as TensorFlow's ``TensorShape``; None where unknown).

        Example:
            >>> from statefulrnn import Input
            >>> shape = Input(shape=(None, 16)).get_shape()
            >>> shape.as_list(), int(shape[-1]), shape == [None, None, 16]
            ([None, None, 16], 16, True)
        """
        return StaticShape(self.shape)

    # Python's arithmetic, as on Keras 3's tensors: each makes one `layers.Operation` node.
    # NumPy leaves its operators to ours (an array on the left would otherwise apply them per entry).
    __array_ufunc__ = None

    __add__, __radd__ = _operators("add")
    __sub__, __rsub__ = _operators("subtract")
    __mul__, __rmul__ = _operators("multiply")
    __truediv__, __rtruediv__ = _operators("true_divide")
    __floordiv__, __rfloordiv__ = _operators("floor_divide")
    __mod__, __rmod__ = _operators("mod")
    __pow__, __rpow__ = _operators("power")
    __matmul__, __rmatmul__ = _operators("matmul")

    # Comparisons give bool tensors (``source != 0``: a padding mask), as Keras 3's; ``==`` stays
    # identity, as there (a tensor is found in a list, a dict, by it).
    __lt__ = _operators("less")[0]
    __le__ = _operators("less_equal")[0]
    __gt__ = _operators("greater")[0]
    __ge__ = _operators("greater_equal")[0]
    __ne__ = _operators("not_equal")[0]

    # Logical operators on masks (``causal & padding``), as Keras 3's ``ops.logical_*``.
    __and__, __rand__ = _operators("logical_and")
    __or__, __ror__ = _operators("logical_or")
    __xor__, __rxor__ = _operators("logical_xor")

    def __invert__(self) -> SymbolicTensor:
        return _operate("logical_not", self)

    def __neg__(self) -> SymbolicTensor:
        return _operate("negative", self)

    def __abs__(self) -> SymbolicTensor:
        return _operate("absolute", self)

    def __round__(self, ndigits: int | None = None) -> SymbolicTensor:
        from .layers.operations import Operation  # the layers import this module

        return Operation("round", {"decimals": ndigits or 0})(self)

    def __getitem__(self, key: Any) -> SymbolicTensor:
        from .layers.operations import GetItem, encode_index  # the layers import this module

        return GetItem()(self, encode_index(key))


@dataclass(eq=False)
class Node:
    """One call of ``layer`` on ``args``/``kwargs`` (which may hold symbolic tensors).

    Each node is listed on its layer (``layer._inbound_nodes``, in call order, as Keras's), so
    that ``layer.input`` and ``layer.output`` give the tensors of the first call, and a
    layer can be called in several graphs (a trained model's layers rebuilt into inference
    models) with each graph keeping its own nodes.
    """

    layer: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    outputs: list[SymbolicTensor] = field(default_factory=list)
    # The name the call gave its first input by (``layer(target=x, source=y)``), which
    # `Layer.__call__` moved to ``args``; None when it came by position.
    first_by_name: str | None = None

    def __post_init__(self) -> None:
        self.layer.__dict__.setdefault("_inbound_nodes", []).append(self)

    @property
    def inputs(self) -> list[SymbolicTensor]:
        """The call's symbolic tensors in Keras's order, which orders ``model.layers`` and so
        ``get_weights``: positional ones first, then keyword ones by name (Keras flattens a
        call's arguments with its ``tree.flatten``, which sorts a dict's keys), a first input
        given by name among them under Keras 3's rules (tf-keras splits it out first)."""
        args, kwargs = self.args, self.kwargs
        if self.first_by_name is not None and args and not tf_keras_rules():
            args, kwargs = args[1:], {**kwargs, self.first_by_name: args[0]}
        return [t for t in flatten_sorted((args, kwargs)) if isinstance(t, SymbolicTensor)]


def is_keras_tensor(x: Any) -> bool:
    """Keras's ``keras.utils.is_keras_tensor``: whether ``x`` is a functional model's symbolic
    tensor."""
    return isinstance(x, SymbolicTensor)


def get_source_inputs(tensor: Any) -> list[SymbolicTensor]:
    """Keras's ``keras.utils.get_source_inputs``: the ``Input`` tensors ``tensor`` (a symbolic
    tensor, or a structure of them) is computed from, each once, in the order a walk back
    through the calls meets them.

    Example:
        >>> from statefulrnn import Input
        >>> from statefulrnn.layers import Concatenate, Dense
        >>> a, b = Input((3,)), Input((2,))
        >>> [t is a or t is b for t in get_source_inputs(Concatenate()([Dense(2)(a), b]))]
        [True, True]
    """
    found: dict[int, SymbolicTensor] = {}
    walked: set[int] = set()  # each call once: a graph of branches that meet stays linear

    def walk(leaves: list[Any]) -> None:
        for leaf in leaves:
            node = getattr(leaf, "node", None)
            if node is None or not node.inputs:  # an Input (or a tensor of no call)
                found.setdefault(id(leaf), leaf)
            elif id(node) not in walked:
                walked.add(id(node))
                walk(node.inputs)

    walk(flatten(tensor))
    return list(found.values())


def call_tensors(layer: Any, what: str, node_index: int = 0) -> Any:
    """The symbolic ``"input"`` or ``"output"`` tensors of ``layer``'s call number
    ``node_index`` (its first by default): one tensor, or a list of several (Keras's
    ``layer.input`` / ``layer.output``, and tf-keras's ``get_input_at`` / ``get_output_at``).

    Raises:
        AttributeError: ``layer`` was never called on symbolic tensors (Keras's type, so that
            ``hasattr(layer, "output")`` is False).
        ValueError: no call number ``node_index`` (tf-keras's message).
    """
    nodes = layer.__dict__.get("_inbound_nodes")
    if not nodes:
        raise AttributeError(
            f"The layer {layer.name} has never been called and thus has no defined {what}. Call it "
            f"on an Input(...) tensor, or on the output of a layer that was."
        )
    if not 0 <= node_index < len(nodes):
        raise ValueError(
            f"Asked to get {what} at node {node_index}, but the layer has only {len(nodes)} inbound nodes."
        )
    tensors = nodes[node_index].inputs if what == "input" else nodes[node_index].outputs
    return tensors[0] if len(tensors) == 1 else list(tensors)


def flatten(structure: Any) -> list[Any]:
    """Leaves of nested lists, tuples and dicts, in order."""
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for item in structure.values() for leaf in flatten(item)]
    return [structure]


def flatten_sorted(structure: Any) -> list[Any]:
    """Leaves of nested lists, tuples and dicts as Keras's ``tree.flatten`` lists them: lists
    and tuples in order, a dict by its keys sorted (a node's outputs, a model whose outputs are
    a dict, a call's keyword arguments).

    Example:
        >>> flatten_sorted({"side": 1, "price": [2, 3]})
        [2, 3, 1]
    """
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten_sorted(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten_sorted(structure[key])]
    return [structure]


# Keras 3's name for it (``keras.KerasTensor``): a program's build() tells a symbolic input
# from a shape by ``isinstance(input_shape[0], keras.KerasTensor)`` (ncps's LTCCell and CfCCell).
KerasTensor = SymbolicTensor


def map_structure(fn: Callable[[Any], Any], structure: Any) -> Any:
    """Apply ``fn`` to every leaf of nested lists, tuples and dicts, keeping the nesting."""
    if isinstance(structure, list):
        return [map_structure(fn, item) for item in structure]
    if isinstance(structure, tuple):
        return tuple(map_structure(fn, item) for item in structure)
    if isinstance(structure, dict):
        return {key: map_structure(fn, item) for key, item in structure.items()}
    return fn(structure)


def has_symbolic(args: Any, kwargs: Any) -> bool:
    """Whether any leaf of ``args``/``kwargs`` is symbolic (on every layer call, so cheap)."""
    if args and isinstance(args[0], SymbolicTensor):
        return True
    if not kwargs and all(not isinstance(a, (list, tuple, dict)) for a in args):
        return False  # plain tensors or arrays: nothing nested to look into
    if kwargs and all(
        not isinstance(v, (list, tuple, dict, SymbolicTensor)) for v in (*args, *kwargs.values())
    ):
        return False  # the same with flags such as training= or mask=
    return any(isinstance(leaf, SymbolicTensor) for leaf in flatten((args, kwargs)))


def call_symbolic(
    layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any], first_by_name: str | None = None
) -> Any:
    """Build ``layer`` for the symbolic input's shape and record the call as a `Node`. A
    program's own layer, or one holding a program's own (an ``RNN`` of a cell of its own), is
    built through its call too where ``build()`` left sublayers unbuilt
    (`shape_trace.build_by_call`), as Keras's symbolic call builds them, and the output shape
    its call gives wins over the one it declares (`shape_trace.symbolic_output_shape`).

    Returns a symbolic tensor per output shape, nested as ``compute_output_shape`` nests its
    lists of shapes (a stack of cells' states come per cell); ``node.outputs`` lists them
    flat, in order, as Keras's nodes do (so a config's tensor index counts them flat).
    ``first_by_name``: see `Node`.
    """
    if not args:
        raise TypeError(f"{type(layer).__name__} '{layer.name}' needs an input tensor.")
    inputs = args[0]
    if isinstance(inputs, SymbolicTensor):
        input_shape = inputs.shape
    else:
        input_shape = [t.shape for t in flatten(inputs)]
    if any(not type(module).__module__.startswith(("statefulrnn.", "torch.")) for module in layer.modules()):
        from .layers.base import build_for_a_call  # they import this module
        from .layers.shape_trace import build_by_call, symbolic_output_shape, tensors_beyond_the_first

        if tensors_beyond_the_first(args) and not layer.built:
            # call(query, values): a trace of the first input alone would fail (and warn); the
            # call below builds it, with every argument
            build_for_a_call(layer, input_shape)
        else:
            layer.build(input_shape)

        build_by_call(layer, input_shape, (args, kwargs))
        output_shape = symbolic_output_shape(layer, input_shape, (args, kwargs))
    else:
        layer.build(input_shape)
        output_shape = layer.compute_output_shape(input_shape)
    return record(layer, args, kwargs, output_shape, first_by_name)


def record(
    layer: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    output_shape: Any,
    first_by_name: str | None = None,
) -> Any:
    """A `Node` for the call ``layer(*args, **kwargs)`` of a built layer, with one symbolic
    output per shape of ``output_shape`` (a list or a dict holds several outputs, nested as it
    nests them; a tuple is one shape, and so is a list of sizes, ``[None, 6]``, as Keras 3
    reads a ``compute_output_shape`` that returns one); ``node.outputs`` lists them flat, in
    `flatten_sorted`'s order."""
    node = Node(layer, args, kwargs, first_by_name=first_by_name)
    # a mixed policy's layer computes in 16 bits: Keras's symbolic outputs say so
    dtype = "float32" if getattr(layer, "_mixed", None) is None else layer.compute_dtype

    def symbolic(shape: Any) -> Any:
        if isinstance(shape, list) and not is_shape_list(shape):
            return [symbolic(item) for item in shape]
        if isinstance(shape, dict):  # numbered by the keys sorted, returned in the dict's order
            made = {key: symbolic(shape[key]) for key in sorted(shape)}
            return {key: made[key] for key in shape}
        node.outputs.append(SymbolicTensor(tuple(shape), node, len(node.outputs), dtype))
        return node.outputs[-1]

    return symbolic(output_shape)


def is_shape_list(value: list[Any]) -> bool:
    """Whether a list that ``compute_output_shape`` returned is one shape (sizes, ``None`` for
    an unknown one) rather than a list of shapes: Keras 3's reading (`is_shape_tuple` in
    ``keras.src.tree``), which layers written for tf.keras rely on when they return
    ``[batch_size, nb_filters]``.

    >>> is_shape_list([None, 6]), is_shape_list([(None, 6), (None, 6)]), is_shape_list([])
    (True, False, False)
    """
    return bool(value) and all(size is None or isinstance(size, int) for size in value)


def nodes_between(inputs: Sequence[SymbolicTensor], outputs: Sequence[SymbolicTensor]) -> list[Node]:
    """The nodes that compute ``outputs`` from ``inputs``, each after the nodes it reads.

    Raises:
        ValueError: when an output depends on a symbolic tensor that is not among ``inputs``.
    """
    ordered: list[Node] = []
    seen: set[int] = set()
    given = {id(t) for t in inputs}

    def visit(tensor: SymbolicTensor) -> None:
        if id(tensor) in given:
            return
        node = tensor.node
        if node is None or not node.inputs:
            raise ValueError(
                f"The outputs depend on {tensor!r}, which is not among the model's inputs. "
                f"Pass every Input(...) the outputs are computed from as inputs=[...]."
            )
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.inputs:
            visit(parent)
        ordered.append(node)

    for tensor in outputs:
        visit(tensor)
    return ordered


def layers_by_depth(inputs: Sequence[SymbolicTensor], outputs: Sequence[SymbolicTensor]) -> list[Any]:
    """The layers of the graph from ``inputs`` to ``outputs`` in Keras 3's order (its
    ``map_graph``), which is ``model.layers``' and so ``get_weights``': deepest first, a layer's
    depth being the most calls between one of its calls and an output; layers of one depth in
    the order a depth-first walk back from the outputs first meets them. For a chain this is
    the order of the calls; where branches meet it is not (two Embedding/LSTM branches
    concatenated list both Embeddings, then both LSTMs). An Input that no output reads comes
    last, as Keras puts it.
    """
    post_order: list[Node] = []  # Keras's nodes_in_decreasing_depth
    first_seen: dict[int, int] = {}  # id(layer) -> index in the walk, as Keras's operation_indices
    finished: set[int] = set()

    def walk(tensor: SymbolicTensor) -> None:
        node = tensor.node
        if node is None or id(node) in finished:
            return
        first_seen.setdefault(id(node.layer), len(first_seen))
        for parent in node.inputs:
            walk(parent)
        finished.add(id(node))
        post_order.append(node)

    for tensor in outputs:
        walk(tensor)
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    layers: dict[int, Any] = {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        layers[id(node.layer)] = node.layer
        for parent in node.inputs:
            if parent.node is not None:
                node_depth[id(parent.node)] = max(depth + 1, node_depth.get(id(parent.node), 0))
    for tensor in inputs:  # an Input no output reads
        if tensor.node is not None and id(tensor.node.layer) not in layer_depth:
            layer_depth[id(tensor.node.layer)], first_seen[id(tensor.node.layer)] = 0, -1
            layers[id(tensor.node.layer)] = tensor.node.layer
    order = sorted(layers, key=lambda key: (-layer_depth[key], first_seen[key]))
    return [layers[key] for key in order]
