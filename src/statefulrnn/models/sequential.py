"""`Sequential`: a plain stack of layers, each feeding the next."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from .. import saving
from .._checks import as_mask
from .._keras_rules import tf_keras_rules
from .._text import is_text
from .._tree_mark import LayerModules
from ..graph import SymbolicTensor
from ..io import config as configs
from ..layers.base import Layer
from ..layers.core import Input, InputLayer
from ..layers.embedding import Embedding
from ..layers.shape_trace import symbolic_output_shape
from .base import BaseModel, call_masked, call_plain, state_journal
from .functional import adjust_input_rank
from .keras2_methods import ClassPredictions

# The constructor arguments by which a layer declares its input shape.
_DECLARED_INPUT = ("input_shape", "batch_input_shape", "batch_size", "input_dim", "input_length")


class Sequential(ClassPredictions, BaseModel):
    """A stack of layers, Keras's ``Sequential`` (a list, or ``.add()`` one at a time).

    The model is built as soon as its input shape is known: from the first layer's
    ``input_shape``/``batch_input_shape``, from an ``Input(...)`` added first, or at the first
    call. Layers must have one output each (use the functional `Model` for ``return_state``).

    Once its input shape is declared, the model also has Keras 3's graph: ``model.input``,
    ``model.output`` and each layer's ``input``/``output`` are symbolic tensors, so that
    ``Model(model.input, model.layers[-2].output)`` makes a feature extractor sharing the
    layers (and their weights). Running the model does not go through the graph.

    Shapes:
        whatever the stack maps: e.g. ``(N, T, F)`` -> ``(N, u)`` for ``[GRU(u)]``.

    Example:
        >>> from statefulrnn.layers import GRU
        >>> model = Sequential([GRU(5, input_shape=(None, 1), name="rnn")])
        >>> model.count_params()
        120
        >>> model(np.zeros((2, 9, 1))).shape
        torch.Size([2, 5])
        >>> model.output.shape
        (None, 5)
    """

    # Whether an integer Input comes first (set by `add`): a call then passes through it, which
    # cuts fractions off as Keras's cast to the Input's dtype does (see `InputLayer`).
    _integer_input = False

    def __init__(self, layers: Sequence[Any] | None = None, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        self._layers = LayerModules()
        self._input_shape: tuple[int | None, ...] | None = None
        self._any_length = False  # built for ids of any length, as tf-keras: _build_for_any_length
        # The shape of the first call that built a model declaring none (see first_call_shape).
        self._first_call_shape: tuple[int, ...] | None = None
        self._first_call_dtype: str | None = None  # "string" for text (see input_dtype)
        # Keras 3's graph of a built Sequential: the input, then each layer's symbolic output.
        self._symbolic: list[SymbolicTensor] = []
        for layer in layers or []:
            self.add(layer)

    @property
    def declared_input_shape(self) -> tuple[int | None, ...] | None:
        """The input shape with the batch size first, as declared (by the first layer or an
        ``Input``) or found at the first call; None before either."""
        return self._input_shape

    @property
    def first_call_shape(self) -> tuple[int, ...] | None:
        """The whole shape (batch size included) of the inputs of the call that built a model
        declaring no input shape, which Keras 3 takes as the model's input shape there (its
        ``InputLayer``'s ``batch_shape`` and ``build_input_shape`` in a ``.keras`` file); None
        when a shape was declared or before that call.

        Example:
            >>> from statefulrnn.layers import Dense
            >>> model = Sequential([Dense(2, name="d")])
            >>> _ = model(np.zeros((10, 3)))
            >>> model.first_call_shape, model.declared_input_shape
            ((10, 3), None)
        """
        return self._first_call_shape

    @property
    def saved_input_shape(self) -> tuple[int | None, ...] | None:
        """The input shape a Keras file records: the declared one, else the first call's (Keras
        3's), else ``(None, None)`` for a model that starts with an `Embedding` given no input
        shape and was built for ids of any length as it was made, under tf-keras's rules
        (tf-keras's ``(None,)`` declared input, which Keras 3 reads too); None for a model not
        built.

        Example:
            >>> from statefulrnn import config
            >>> from statefulrnn.layers import Dense, Embedding
            >>> Sequential([Embedding(10, 3), Dense(2)]).saved_input_shape is None  # Keras 3's rules
            True
            >>> config.set_keras_rules("tf_keras")
            >>> Sequential([Embedding(10, 3), Dense(2)]).saved_input_shape
            (None, None)
            >>> config.set_keras_rules("keras3")
        """
        shape = self._input_shape or self._first_call_shape
        return (None, None) if shape is None and self._any_length else shape

    @property
    def input_dtype(self) -> str | None:
        """The dtype of the model's input where it is not the layers' float one: an ``Input``'s
        (``"string"``, ``"bool"``), or ``"string"`` when the call that built a model declaring
        no input got text (see `statefulrnn._text`); None otherwise. A Keras file names it.

        Example:
            >>> from statefulrnn.layers import TextVectorization
            >>> model = Sequential([TextVectorization(vocabulary=["a", "b"])])
            >>> _ = model(np.array(["a b", "b"], dtype=object))
            >>> model.input_dtype
            'string'
        """
        if self._symbolic:
            declared = self._symbolic[0].dtype
            return declared if declared in ("string", "bool") else None
        return self._first_call_dtype

    @property
    def layers(self) -> list[nn.Module]:
        """The layers in order (an ``Input`` is not listed, as in Keras)."""
        return list(self._layers)

    def add(self, layer: Any) -> None:
        """Append ``layer`` (or, first, an ``Input(...)`` or an `InputLayer` fixing the input
        shape, not listed among the layers, as in Keras).

        Raises:
            TypeError: not a layer.
            ValueError: a layer with several outputs, or an input after the first layer.
        """
        if isinstance(layer, InputLayer):
            layer = layer.output
        if isinstance(layer, SymbolicTensor) and isinstance(layer.node.layer, InputLayer):
            if self._layers:
                raise ValueError("An Input(...) can only be the first entry of a Sequential model.")
            self._input_shape = layer.shape
            self._symbolic = [layer]
            self._integer_input = layer.node.layer.integers
            return
        if not isinstance(layer, nn.Module):
            raise TypeError(f"Sequential.add takes a layer (an nn.Module). Received: {type(layer).__name__}")
        if getattr(layer, "return_state", False) or getattr(layer, "merge_mode", "concat") is None:
            raise ValueError(
                f"Layer '{getattr(layer, 'name', '?')}' returns several tensors, but every layer "
                f"of a Sequential model must return one. Use the functional Model(inputs, outputs)."
            )
        if not self._layers and self._input_shape is None:
            declared = getattr(layer, "batch_input_shape", None)
            built = layer.input_shape if getattr(layer, "built", False) else None
            # A layer a program built by hand for a shape without the batch axis (keras.io's
            # saving guide: build(input_shape=(8,), ...)) tells no input shape: the model is
            # built at its first call, as Keras 3 builds it.
            if built is not None and len(built) < 2:
                built = None
            self._input_shape = declared or built
        elif getattr(layer, "batch_input_shape", None) is not None:
            _forget_declared_input(layer)
        self._layers.append(layer)
        if self._input_shape is not None:
            self._build_layers(self._input_shape)
        elif (
            isinstance(self._layers[0], Embedding)
            and (self._any_length or not self.built)
            and tf_keras_rules()
        ):
            self._build_for_any_length()

    def _build_for_any_length(self) -> None:
        """Under tf-keras's rules, build a model that starts with an `Embedding` given no input
        shape for ``(None, None)`` ids, as tf-keras does as it is made (its Embedding declares
        ``input_shape=(None,)`` by default), so that a Keras 2 program's ``summary()``,
        ``get_weights()`` or ``load_weights()`` before ``fit`` finds it built; Keras 3 leaves
        the model unbuilt until its first call, with no weights (a Keras 3 program's
        ``set_weights([])`` or ``build`` after ``compile`` expects that). Where a layer cannot be built for
        unknown lengths (a ``Dense`` after a ``Flatten``: tf-keras raises there), the model is
        left unbuilt until its first call, as Keras 3 leaves it; the layers built so far stay
        built. The model declares no input shape either way (its config is Keras 3's)."""
        try:
            self._build_layers((None, None))
            self._any_length = True
        except Exception:
            # Whatever a layer raises for unknown lengths (a program's own may raise anything):
            # the first call builds for the shape it gets, and raises there what is really wrong.
            self._symbolic, self.built, self._any_length = [], False, False

    def pop(self, rebuild: bool = True) -> nn.Module:
        """Remove the last layer and return it, as Keras's ``Sequential.pop`` (the model's output
        shape is then the new last layer's; ``rebuild`` is Keras's and changes nothing here).

        Raises:
            TypeError: the model has no layers (Keras's message).
        """
        if not self._layers:
            raise TypeError("There are no layers in the model.")
        layer = self._layers[-1]
        del self._layers[-1]
        del self._symbolic[len(self._layers) + 1 :]  # the removed layer's output, if it had one
        if self._input_shape is not None:
            self._build_layers(self._input_shape)
        return layer

    def _build_layers(self, input_shape: tuple[int | None, ...]) -> None:
        shape = input_shape
        for layer in self._layers:
            if hasattr(layer, "build"):
                layer.build(shape)
                # not layer.output_shape: a layer built before (an Embedding given weights=)
                # keeps the shape it was built for; a program's own is called, as in tf-keras
                shape = symbolic_output_shape(layer, shape)
        self.input_shape, self.output_shape, self.built = input_shape, shape, True
        self._extend_graph(input_shape)

    def _extend_graph(self, input_shape: tuple[int | None, ...]) -> None:
        """Call each layer not yet in the model's graph on the symbolic output of the one before
        (as Keras 3 builds a Sequential); a layer added later extends it."""
        if not self._symbolic:
            self._symbolic = [Input(batch_shape=input_shape)]
        while len(self._symbolic) <= len(self._layers):
            layer = self._layers[len(self._symbolic) - 1]
            if not isinstance(layer, Layer):  # a plain torch module: no graph past it
                return
            self._symbolic.append(layer(self._symbolic[-1]))

    @property
    def input(self) -> SymbolicTensor:
        """Keras's ``model.input``: the symbolic input of the model's graph.

        Raises:
            AttributeError: the input shape is not declared (nor an ``Input`` added first).
        """
        return self._graph_tensors("input")[0]

    @property
    def output(self) -> SymbolicTensor:
        """Keras's ``model.output``: the last layer's symbolic output in the model's graph.

        Raises:
            AttributeError: the input shape is not declared, or a plain torch module is among
                the layers.
        """
        return self._graph_tensors("output")[-1]

    @property
    def inputs(self) -> list[SymbolicTensor]:
        """``[model.input]``, Keras's ``model.inputs``."""
        return [self.input]

    @property
    def outputs(self) -> list[SymbolicTensor]:
        """``[model.output]``, Keras's ``model.outputs``."""
        return [self.output]

    def _graph_tensors(self, what: str) -> list[SymbolicTensor]:
        if not self._layers or len(self._symbolic) != len(self._layers) + 1:
            raise AttributeError(
                f"Sequential model '{self.name}' has no defined {what} yet: its graph is made once "
                f"its input shape is known. Give the first layer input_shape=... or start the model "
                f"with Input(shape=...)."
            )
        return self._symbolic

    def build(self, input_shape: Any = None) -> None:
        """Build every layer for inputs of ``input_shape`` (batch first); without it, for the
        shape the model already knows (the first layer's ``input_shape=``), as tf-keras's
        ``model.build()``.

        Raises:
            ValueError: no ``input_shape``, and none declared (Keras's message).
        """
        if input_shape is None:
            if self._any_length:
                return  # built for ids of any length already, as tf-keras's model.build()
            if self._input_shape is None:
                raise ValueError("You must provide an `input_shape` argument.")
            input_shape = self._input_shape
        elif self._any_length:  # the program's own shape, as Keras 3 builds for it
            self._symbolic, self.built, self._any_length = [], False, False
        super().build(input_shape)

    def _build(self, input_shape: Any) -> None:
        self._input_shape = input_shape
        self._build_layers(input_shape)

    def get_config(self) -> dict[str, Any]:
        """Name, layers and declared input shape, JSON-ready, laid out as Keras 3's
        ``Sequential.get_config``: ``layers`` starts with an ``InputLayer`` entry holding the
        ``batch_shape`` (when the input shape is declared), each layer entry (as
        `statefulrnn.io.config` writes it) has Keras's ``build_config`` ``{"input_shape": ...}``,
        and ``build_input_shape`` is the model's. ``Sequential.from_config`` rebuilds the model,
        also from a config a program edited where Keras programs edit it (a stateful model
        rebuilt for batch 1 by rewriting ``batch_shape`` and each ``build_config``).

        Example:
            >>> from statefulrnn.layers import GRU, Input
            >>> model = Sequential([Input(batch_shape=(4, 8, 1)), GRU(3, stateful=True, name="g")])
            >>> config = model.get_config()
            >>> config["layers"][0]["config"]["batch_shape"], config["layers"][1]["build_config"]
            ([4, 8, 1], {'input_shape': [4, 8, 1]})
            >>> config["layers"][0]["config"]["batch_shape"] = [1, 1, 1]
            >>> config["layers"][1]["build_config"]["input_shape"] = [1, 1, 1]
            >>> Sequential.from_config(config).get_layer("g").states[0].shape
            torch.Size([1, 3])
        """
        return _sequential_config(self)

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Sequential:
        """A new model (new weights) from `get_config`'s dict.

        ``custom_objects`` hands over the program's own layer classes by name (Keras's; also
        found in an open `statefulrnn.saving.custom_object_scope` and the registry).

        Raises:
            ValueError: an unknown layer class or a malformed config (named).
        """
        with saving.custom_object_scope(custom_objects):
            return _sequential_from(config)

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = input_shape
        for layer in self._layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def forward(
        self, inputs: Any, training: bool | None = None, mask: Any = None, resets: Any = None
    ) -> torch.Tensor:
        """Run the stack; ``mask`` and ``resets`` (bool ``(N, T)``, see `RNN`) go to every layer
        that takes them. A mask the layers make (`Embedding` with ``mask_zero``, `Masking`)
        passes from layer to layer as in Keras (see `call_masked`), joined with ``mask`` by AND;
        `output_mask` gives the outputs' mask afterwards."""
        # The ModuleList's own dict, read directly: through Module.__getattr__ it costs ~1.5 us a call.
        layers = self._modules["_layers"]._modules.values()
        if not layers:
            raise ValueError(f"Sequential '{self.name}' has no layers yet; add some with .add(layer).")
        # The model's mask= starts the mask that the layers pass on (Keras's model(x, mask=m)),
        # and also goes to every layer that takes one, as before.
        x, x_mask = inputs, None if mask is None else as_mask(mask)
        if self._integer_input:  # whole numbers, as Keras's cast to the Input's dtype makes them
            x = self._symbolic[0].node.layer(x)
        if self._input_shape is not None:  # (N, 20) into input_shape=(20, 1), as Keras's graph
            x = adjust_input_rank(x, self._input_shape)
        plain = training is None and mask is None and resets is None
        with state_journal(next(iter(layers)) if len(layers) == 1 else None):
            for layer in layers:
                if plain and x_mask is None:  # see call_plain: ~4 us less a layer than call_masked
                    x, x_mask = call_plain(layer, x)
                else:
                    x, x_mask = call_masked(
                        layer, (x,), {}, x_mask, training=training, mask=mask, resets=resets
                    )
        self.__dict__["_output_mask"] = x_mask  # not through nn.Module.__setattr__: ~2 us a call
        if not self.built:
            self.input_shape, self.output_shape, self.built = None, None, True
            if self._input_shape is None and getattr(inputs, "shape", None) is not None:
                self._first_call_shape = tuple(inputs.shape)
                if isinstance(inputs, np.ndarray) and is_text(inputs):
                    self._first_call_dtype = "string"
        return x


def _forget_declared_input(layer: Layer) -> None:
    """Keras ignores ``input_shape``/``batch_input_shape`` on a layer that is not first in a
    Sequential (Keras 3 and tf-keras alike, without a word); ours built its weights for that
    shape when it was made, so it is made again, unbuilt, to be built for what it receives."""
    if not layer.built or layer.input_shape != layer.batch_input_shape:
        layer.batch_input_shape = None  # built by a call since: its weights are in use, keep them
        return
    args, kwargs = layer._constructor_call
    own = inspect.signature(type(layer)).parameters  # Embedding's input_dim is its vocabulary size
    kwargs = {key: value for key, value in kwargs.items() if key not in _DECLARED_INPUT or key in own}
    for record in ("_constructor_call", "_init_calls"):  # recorded afresh by the new __init__
        layer.__dict__.pop(record, None)
    type(layer).__init__(layer, *args, **{**kwargs, "name": layer.name})


# Keras 3 names the InputLayer of a Sequential's config so; nothing reads the name back.
_INPUT_ENTRY_NAME = "input_layer"


def _sequential_config(model: Any) -> dict[str, Any]:
    """``Sequential.get_config``: its name, layers and declared input shape, as Keras 3 lays
    them out (an ``InputLayer`` entry first, the model's ``build_input_shape``)."""
    # An Input(...) added first leaves no trace on the layers: keep the shape it declared. A
    # model built by a call on text declares its input as the call found it (any batch): its
    # first layer (a TextVectorization) has no weights to build it again from.
    shape = model.declared_input_shape
    if shape is None and model.input_dtype == "string":
        shape = (None, *model.first_call_shape[1:])
    declared = configs.encode(shape, model.name, "input_shape")
    entries = [configs.serialize_layer(layer) for layer in model.layers]
    config: dict[str, Any] = {"name": model.name, "layers": entries}
    if declared is not None:
        input_config = {"batch_shape": declared, "name": _INPUT_ENTRY_NAME}
        if model.input_dtype is not None:
            input_config["dtype"] = model.input_dtype
        config["layers"] = [{"class_name": "InputLayer", "config": input_config}, *entries]
        config["build_input_shape"] = list(declared)
    return config


def _sequential_from(config: dict[str, Any]) -> Any:
    """``Sequential.from_config``: the model `_sequential_config` describes, or one written
    before that layout (a top-level ``input_shape`` and no ``InputLayer`` entry)."""
    configs.refuse_extra(config, {"name", "input_shape", "build_input_shape", "layers"}, "Sequential")
    model = Sequential(name=config.get("name"))
    entries = list(config.get("layers", []))
    if entries and isinstance(entries[0], dict) and entries[0].get("class_name") == "InputLayer":
        entry = entries.pop(0)
        dtype = entry["config"].get("dtype") if isinstance(entry.get("config"), dict) else None
        kept = dtype if dtype in ("string", "bool") else None  # text and booleans: the Input's own
        model.add(Input(batch_shape=_input_entry_shape(entry), dtype=kept))
    else:
        # Keras 3 too rebuilds a Sequential with no InputLayer entry for its build_input_shape.
        shape = config.get("build_input_shape", config.get("input_shape"))
        if shape is not None:
            model.add(Input(batch_shape=configs.as_shape(shape)))
    for entry in entries:
        model.add(configs.deserialize_layer(entry))
    return model


def _input_entry_shape(entry: dict[str, Any]) -> tuple[int | None, ...]:
    """The batch shape an ``InputLayer`` entry declares: Keras 3's ``batch_shape``, or the
    ``batch_input_shape`` a Keras 2 program may write there.

    Raises:
        ValueError: the entry declares neither.
    """
    config = entry.get("config")
    shape = None
    if isinstance(config, dict):
        shape = config.get("batch_shape", config.get("batch_input_shape"))
    if shape is None:
        raise ValueError(f"Sequential: the InputLayer entry declares no batch_shape. Received: {config!r}")
    return configs.as_shape(shape)
