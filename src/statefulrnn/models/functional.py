"""The functional `Model(inputs, outputs)`: any graph of layer calls."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from .. import saving
from .._checks import as_mask
from .._keras_rules import tf_keras_rules
from .._tree_mark import LayerModules
from ..graph import (
    Node,
    SymbolicTensor,
    flatten,
    flatten_sorted,
    layers_by_depth,
    map_structure,
    nodes_between,
)
from ..io import config as configs
from ..layers._config import overrides
from ..layers.base import adopt_late_call, put_masks, snake_case, unique_name
from ..layers.core import Input, InputLayer
from ..metric_base import Mean
from ..regularizers import ADDED_LOSSES, record_added_loss
from ..training.outputs import by_name, input_names
from . import subclassed
from .base import BaseModel, call_masked, call_plain, runs_bare, state_journal


class _ModelType(type):
    """The type of `Model`: every model is a `Model` (``isinstance(Sequential(...),
    keras.Model)``, ``issubclass(keras.Sequential, keras.Model)``), as in Keras, where
    ``Sequential`` derives from ``Model``; programs check it before they accept a model. Here
    the two share `BaseModel` instead (a `Sequential` is no graph of symbolic tensors). A class
    derived from `Model` (a program's subclassed model) is checked as any class is."""

    def __instancecheck__(cls, instance: Any) -> bool:
        if cls.__dict__.get("_EVERY_MODEL"):
            return isinstance(instance, BaseModel)
        return super().__instancecheck__(instance)

    def __subclasscheck__(cls, subclass: type) -> bool:
        if cls.__dict__.get("_EVERY_MODEL"):
            return issubclass(subclass, BaseModel)
        return super().__subclasscheck__(subclass)


class Model(BaseModel, metaclass=_ModelType):
    """A model from symbolic ``inputs`` to ``outputs``, Keras's functional ``Model``.

    Build the graph by calling layers on ``Input(...)`` tensors; several inputs or outputs
    (such as ``return_state=True``'s) are lists, or dicts by name. Calling the model replays the
    graph.

    Outputs given as a dict (Keras 3's ``Model(inputs, {"price": ..., "side": ...})``) come back
    from a call and from ``predict`` as a dict with the same keys, in the same order; ``compile``'s
    ``loss``, ``loss_weights`` and ``metrics``, ``fit``'s ``y`` and ``sample_weight``, and the log
    names (``price_loss``, ``side_accuracy``) go by those keys, and a list of them by the keys
    sorted. ``outputs``, ``output_shape`` and ``output_names`` (the layers' names) list the
    outputs in the order of the sorted keys too, as Keras flattens a dict.

    Args:
        inputs: an ``Input(...)`` tensor, a list of them, or a dict by each one's name.
        outputs: a symbolic tensor computed from them, a list of such, or a dict of such by
            name (str keys; a dict's values are tensors, not lists or dicts).

    Raises:
        TypeError: an input that is not an ``Input(...)`` tensor, an output that is not a
            symbolic tensor, or a dict of outputs with a key that is not a str.
        NotImplementedError: outputs nested deeper than one list or dict (Keras 3 takes any
            nesting).

    Example:
        >>> from statefulrnn.layers import GRU, Input
        >>> inputs = Input(batch_shape=(2, None, 1))
        >>> model = Model(inputs, GRU(5, stateful=True, name="stateful_rnn")(inputs))
        >>> [layer.name for layer in model.layers][1:]
        ['stateful_rnn']
        >>> model.layers[1].states[0].shape
        torch.Size([2, 5])
    """

    _EVERY_MODEL = True  # `_ModelType`: isinstance(x, Model) of every model, this class's own only

    def __init__(
        self, inputs: Any = None, outputs: Any = None, name: str | None = None, **kwargs: Any
    ) -> None:
        if outputs is None and type(self) is not Model and (inputs is None or tf_keras_rules()):
            # A subclass with a call() of its own (see `subclassed`): its layers come as attributes.
            # One without (keras.io's GAN: models as attributes, its own train_step) is never called.
            # tf-keras ignores what else a subclass hands on without outputs (the TF text
            # generation tutorial's super().__init__(self)); Keras 3 refuses it, below.
            super().__init__(name=name or unique_name(snake_case(type(self).__name__)), **kwargs)
            self.__dict__["_subclassed"] = True
            return
        if inputs is None or outputs is None:
            raise TypeError(
                "Model takes inputs and outputs (Model(inputs, outputs), a functional model), or is "
                "subclassed with a call() of its own (class MyModel(Model): ... def call(self, inputs))."
            )
        super().__init__(name=name or _functional_name(), **kwargs)
        if isinstance(inputs, Mapping):  # Keras 3's Model({"a": a, ...}, ...): a list, by name
            inputs = _named_inputs(inputs)
        self._single_input = isinstance(inputs, SymbolicTensor)
        # outputs=[x] is one output too: Keras's calls and predict give it alone, not in a list of
        # one (tensorflow/tpu's Shakespeare sampler indexes predict's array); `output` keeps the
        # list, as Keras 3's does.
        listed = type(outputs) in (list, tuple) and len(outputs) == 1
        self._output_listed = listed and isinstance(outputs[0], SymbolicTensor)
        if self._output_listed:
            outputs = outputs[0]
        self._single_output = isinstance(outputs, SymbolicTensor)
        # A dict of outputs: its keys in its own order (how a call returns them), and where each
        # one's value is in the list of outputs, which follows the sorted keys (as Keras
        # flattens a dict); None for one output or a list.
        self._output_keys = _output_keys(outputs)
        self._inputs = [inputs] if self._single_input else list(inputs)
        if self._output_keys is not None:
            flat_keys = sorted(self._output_keys)
            self._output_places = [flat_keys.index(key) for key in self._output_keys]
            outputs = [outputs[key] for key in flat_keys]
        self._outputs = [outputs] if self._single_output else list(outputs)
        for tensor in self._inputs:
            if not isinstance(tensor, SymbolicTensor):
                raise TypeError(
                    f"Model inputs must be Input(...) or layers' output tensors. Received: {tensor!r}"
                )
        if not all(map(_is_input, self._inputs)):
            self._inputs, self._outputs = _from_intermediate(self._inputs, self._outputs)
        for tensor in self._outputs:
            if not isinstance(tensor, SymbolicTensor):
                raise TypeError(
                    f"Model outputs must be results of calling layers on Input(...) tensors. "
                    f"Received: {type(tensor).__name__}"
                )
        self._nodes = nodes_between(self._inputs, self._outputs)
        self._layers = LayerModules(layers_by_depth(self._inputs, self._outputs))
        shapes = [t.shape for t in self._inputs]
        self.input_shape = shapes[0] if self._single_input else shapes
        out_shapes = [t.shape for t in self._outputs]
        # Keras's: a list of shapes, one shape for one output (a dict of one key's too)
        one = self._single_output or (self.output_keys is not None and len(out_shapes) == 1)
        self.output_shape = out_shapes[0] if one else out_shapes
        self.built = True

    def add_loss(self, loss: Any) -> None:
        """Keras's ``add_loss``; on a functional model, also tf-keras's ``model.add_loss`` of a
        loss computed from the model's symbolic tensors (Keras 2's variational autoencoder:
        ``vae.add_loss(K.mean(reconstruction_loss + kl_loss))``), which joins the graph: every
        call computes it from that call's tensors and adds it (`losses`, the training loss).
        (Keras 3 refuses a symbolic loss; it is not written into the model's config.)

        Raises:
            ValueError: a symbolic loss that depends on tensors outside this model's graph.
        """
        symbolic = [leaf for leaf in flatten(loss) if isinstance(leaf, SymbolicTensor)]
        if not symbolic or self.__dict__.get("_subclassed"):
            super().add_loss(loss)
            return
        self._join_graph(losses=symbolic)

    def add_metric(self, value: Any, name: str | None = None, **kwargs: Any) -> None:
        """Keras's ``add_metric`` (see `Layer.add_metric`); on a functional model, also
        tf-keras's ``model.add_metric`` of a value computed from the model's symbolic tensors
        (the TF guide to training and evaluation: ``model.add_metric(K.std(x), name=...,
        aggregation="mean")``), which joins the graph as `add_loss`'s does: every call computes
        it and the epoch's logs show its mean under ``name``.

        Raises:
            ValueError: no ``name``; a value that depends on tensors outside this model's graph.
        """
        if not isinstance(value, SymbolicTensor) or self.__dict__.get("_subclassed"):
            super().add_metric(value, name, **kwargs)
            return
        if set(kwargs) - {"aggregation"}:
            raise TypeError(f"Unknown keyword arguments: {kwargs.keys()}. Expected `aggregation`.")
        if name is None:
            raise ValueError(f"model.add_metric of {value!r} needs a name: add_metric(value, name='...')")
        self._join_graph(metrics=[(value, name)])
        added = self.__dict__.setdefault("_added_metrics", [])
        if all(metric.name != name for metric in added):  # made now, so fit's first epoch logs it
            added.append(Mean(name=name))

    def _join_graph(
        self, losses: Sequence[SymbolicTensor] = (), metrics: Sequence[tuple[SymbolicTensor, str]] = ()
    ) -> None:
        """Add ``losses`` and ``metrics`` (value, name) to those the graph computes at every call:
        run the nodes the outputs need and those all of them need, in order."""
        losses = [*self.__dict__.get("_graph_losses", ()), *losses]
        metrics = [*self.__dict__.get("_graph_metrics", ()), *metrics]
        extra = [*losses, *(tensor for tensor, _ in metrics)]
        self._run_nodes = nodes_between(self._inputs, [*self._outputs, *extra])  # may raise
        self._graph_losses, self._graph_metrics = losses, metrics

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)  # Layer's: a call() becomes forward
        if "call" in cls.__dict__:
            cls.forward = subclassed.journaled(cls.forward)

    @property
    def layers(self) -> list[nn.Module]:
        """Every layer, Input layers included, in Keras's order (`graph.layers_by_depth`:
        deepest first; for a chain, the order of the calls); a subclass: the layers it holds,
        in the order it set them."""
        if self.__dict__.get("_subclassed"):
            return subclassed.child_layers(self)
        return list(self._layers)

    @property
    def inputs(self) -> list[SymbolicTensor]:
        return list(self._inputs)

    @property
    def outputs(self) -> list[SymbolicTensor]:
        return list(self._outputs)

    @property
    def nodes(self) -> list[Any]:
        """The graph's layer calls (`graph.Node`: layer, arguments, outputs), in the order
        ``forward`` runs them: what a file writer walks to describe the graph."""
        return list(self._nodes)

    @property
    def single_input(self) -> bool:
        """Whether the model was made with one input tensor (not a list), so that it takes and
        `input` gives one tensor."""
        return self._single_input

    @property
    def single_output(self) -> bool:
        """Whether the model was made with one output tensor (not a list), so that it returns one."""
        return self._single_output

    @property
    def input(self) -> SymbolicTensor | list[SymbolicTensor]:
        """The inputs as the constructor got them: one tensor, or the list (Keras's
        ``model.input``; ``model.input[1]`` is the second ``Input`` of ``Model([a, b], ...)``)."""
        return self._inputs[0] if self._single_input else list(self._inputs)

    @property
    def output_keys(self) -> list[str] | None:
        """The keys of a dict of outputs, in the dict's order (None for one output or a list):
        the names ``compile``, ``fit``'s ``y`` and the logs use for the outputs."""
        keys = self.__dict__.get("_output_keys")  # none on a subclass's model or an old pickle
        return None if keys is None else list(keys)

    @property
    def output(self) -> SymbolicTensor | list[SymbolicTensor] | dict[str, SymbolicTensor]:
        """The outputs as the constructor got them: one tensor, the list, or the dict."""
        if self._single_output:
            return [self._outputs[0]] if self.__dict__.get("_output_listed") else self._outputs[0]
        return list(self._outputs) if self.output_keys is None else self._by_key(self._outputs)

    def _by_key(self, flat: list[Any]) -> dict[str, Any]:
        """Values listed as `outputs` is (by the sorted keys) as a dict in the keys' own order."""
        return {key: flat[place] for key, place in zip(self._output_keys, self._output_places)}

    def get_config(self) -> dict[str, Any]:
        """The graph as JSON-ready data: layers (their `get_config`), inputs, calls and
        outputs (see `statefulrnn.io.config`); ``Model.from_config`` rebuilds it.

        A subclass whose call() is code has its constructor's arguments as its config
        (`subclassed.keras_config`), which ``from_config`` hands back to the class.

        Raises:
            NotImplementedError: a subclass made with an argument no config can hold (see there).
        """
        if self.__dict__.get("_subclassed"):
            return subclassed.keras_config(self)
        return _functional_config(self)

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Model:
        """A new model (new weights) from `get_config`'s dict, its calls replayed.

        ``custom_objects`` hands over the program's own layer classes by name (Keras's; also
        found in an open `statefulrnn.saving.custom_object_scope` and the registry).

        A subclass of the program's own whose config is not a graph, or whose constructor is
        not ``Model``'s, is made as Keras 3 makes it: ``cls(**config)`` (`subclassed.from_config`).

        Raises:
            ValueError: an unknown layer class or a malformed config (named).
            TypeError: a subclass that does not take its config's arguments.
        """
        graph_keys = ("name", "layers", "input_layers", "output_layers")
        as_graph = not isinstance(config, dict) or all(key in config for key in graph_keys)
        by_class = cls is not Model and (not as_graph or overrides(cls, "__init__"))
        with saving.custom_object_scope(custom_objects):
            return subclassed.from_config(cls, config) if by_class else _functional_from(config)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """`output_shape`; for a dict of outputs, a dict of shapes by key (what a call on
        symbolic tensors returns, as Keras's); a subclass's, from calling it (`subclassed.output_shape`)."""
        if self.__dict__.get("_subclassed"):
            return subclassed.output_shape(self, input_shape)
        if self.__dict__.get("_output_keys") is None:
            return self.output_shape
        return self._by_key([tensor.shape for tensor in self._outputs])

    def forward(
        self, *inputs: Any, training: bool | None = None, mask: Any = None, resets: Any = None
    ) -> torch.Tensor | list[torch.Tensor] | dict[str, torch.Tensor]:
        """Replay the graph, returning its outputs as the constructor got them (one tensor, a
        list, or a dict by key); ``mask`` and ``resets`` (bool ``(N, T)``, see `RNN`) go to every
        layer that takes them. A mask the layers make (`Embedding` with ``mask_zero``,
        `Masking`) follows each tensor through the graph as in Keras (see `call_masked`),
        joined with ``mask`` by AND; `output_mask` gives the outputs' masks afterwards.

        Raises:
            NotImplementedError: a subclass without a ``call`` of its own (nothing to compute).
        """
        if self.__dict__.get("_subclassed"):
            owner = adopt_late_call(type(self))  # a call set on the class after its statement
            if owner is None:
                raise NotImplementedError(
                    f"{type(self).__name__} defines no call(): a subclassed Model computes in call(self, "
                    f"inputs) (its train_step may call its sublayers and models instead, as keras.io's GAN "
                    f"does)."
                )
            owner.forward = subclassed.journaled(owner.forward)  # as __init_subclass__ makes it
            flags = {"training": training, "mask": mask, "resets": resets}
            given = {name: value for name, value in flags.items() if value is not None}
            return self.forward(*inputs, **given)
        if len(inputs) == 1 and not self._single_input and isinstance(inputs[0], (list, tuple)):
            inputs = tuple(inputs[0])
        elif len(inputs) == 1 and type(inputs[0]) in (list, tuple) and _one_array(inputs[0]):
            # [x] for a model of one input (Keras 2's habit, or a predict_step given (x,)): x, with
            # Keras's warning, where a list of numbers stays data
            warnings.warn(
                f"Model '{self.name}' takes one input; it got a {type(inputs[0]).__name__} of one array, "
                f"read as that array (Keras: the structure of `inputs` doesn't match the expected one).",
                UserWarning,
                stacklevel=2,
            )
            inputs = (inputs[0][0],)
        elif len(inputs) == 1 and isinstance(inputs[0], Mapping):  # by each Input's name, as fit's x
            inputs = tuple(by_name(inputs[0], input_names(self), f"Model '{self.name}''s inputs"))
        if len(inputs) != len(self._inputs):
            raise ValueError(
                f"Model '{self.name}' takes {len(self._inputs)} input(s), but received {len(inputs)}."
            )
        values: dict[int, Any] = {}
        masks: dict[int, Any] = {}  # Keras's mask of each symbolic tensor, None where it has none

        def resolve(leaf: Any) -> Any:
            return values[id(leaf)] if isinstance(leaf, SymbolicTensor) else leaf

        def mask_of(leaf: Any) -> Any:
            return masks.get(id(leaf)) if isinstance(leaf, SymbolicTensor) else None

        # A model with one input: its mask= starts the mask the layers pass on, as in Keras; a
        # model called in another's graph on several tensors gets their masks, one per input.
        if isinstance(mask, (list, tuple)) and len(mask) == len(inputs):
            input_masks = [None if given is None else as_mask(given) for given in mask]
            mask = None
        else:
            input_masks = [None if mask is None or len(inputs) != 1 else as_mask(mask)] * len(inputs)
        plain = training is None and mask is None and resets is None
        graph_losses = self.__dict__.get("_graph_losses")
        nodes = self._nodes if "_run_nodes" not in self.__dict__ else self._run_nodes
        with state_journal(nodes[0].layer if len(nodes) == 1 else None):
            for tensor, value, input_mask in zip(self._inputs, inputs, input_masks):
                values[id(tensor)] = _through_input(tensor.node.layer, adjust_input_rank(value, tensor.shape))
                masks[id(tensor)] = input_mask
            for node in nodes:
                args = node.args
                alone = plain and len(args) == 1 and type(args[0]) is SymbolicTensor and not node.kwargs
                if alone and masks.get(id(args[0])) is None:  # one tensor, no mask nor flag: call_plain
                    result, result_mask = call_plain(node.layer, values[id(args[0])])
                else:
                    kwargs = map_structure(resolve, node.kwargs)
                    # A layer of several tensors may read each one's Keras mask by name
                    # (MultiHeadAttention's query_mask, value_mask, key_mask), as Keras hands them.
                    for name, arg in zip(getattr(node.layer, "mask_arguments", ()), args):
                        given = mask_of(arg)
                        if given is not None and name not in kwargs:
                            kwargs[name] = given
                    if not type(node.layer).__module__.startswith("statefulrnn."):
                        # A program's layer: its tensors carry their masks into its call, where
                        # its own layers read them, as Keras's tensors do (keras.io's
                        # TransformerEncoder hands its inputs to a MultiHeadAttention).
                        for arg in flatten((args, node.kwargs)):
                            given = mask_of(arg)
                            if given is not None and type(value := resolve(arg)) is torch.Tensor:
                                put_masks(value, given)
                    result, result_mask = call_masked(
                        node.layer, map_structure(resolve, args), kwargs,
                        map_structure(mask_of, args[0]), training=training, mask=mask, resets=resets,
                    )  # fmt: skip
                made = node.outputs
                if len(made) == 1 and type(result) is torch.Tensor and result_mask is None:
                    values[id(made[0])], masks[id(made[0])] = result, None  # what flattening gives
                    continue
                # node.outputs is flat, so the results are flattened (a stack of cells nests its
                # states per cell); as Keras, the masks too, each given to the output at its place
                results, result_masks = flatten_sorted(result), flatten_sorted(result_mask)
                for index, (symbolic, value) in enumerate(zip(made, results)):
                    values[id(symbolic)] = value
                    masks[id(symbolic)] = result_masks[index] if index < len(result_masks) else None
        if graph_losses:  # this call's values of the losses model.add_loss was given
            self.__dict__.pop(ADDED_LOSSES, None)
            for loss in graph_losses:
                record_added_loss(self, values[id(loss)])
        for tensor, name in self.__dict__.get("_graph_metrics", ()):  # model.add_metric's
            super().add_metric(values[id(tensor)], name=name)
        outputs = [values[id(t)] for t in self._outputs]
        # By output as `outputs` lists them (a list for a dict of outputs: what training reads)
        output_masks = [masks[id(t)] for t in self._outputs]
        self.__dict__["_output_mask"] = output_masks[0] if self._single_output else output_masks
        if self._single_output:
            return outputs[0]
        return outputs if self.__dict__.get("_output_keys") is None else self._by_key(outputs)


def adjust_input_rank(value: Any, shape: tuple[int | None, ...]) -> Any:
    """``value`` fitted to an input of ``shape`` (batch first) as Keras 3's and tf-keras's
    functional models fit it: one axis short and the input's last size 1 gains that axis
    (windows ``(N, 20)`` into ``input_shape=(20, 1)``), one axis over of size 1 loses it;
    anything else comes back as it is (the layer names what it expected).

    Example:
        >>> adjust_input_rank(torch.ones(4, 20), (None, 20, 1)).shape
        torch.Size([4, 20, 1])
    """
    rank = getattr(value, "ndim", None)
    if rank is None or rank == len(shape):
        return value
    if rank == len(shape) - 1 and shape[-1] == 1:
        return value[..., None]
    if rank == len(shape) + 1 and value.shape[-1] == 1:
        return value[..., 0]
    return value


def _is_input(tensor: SymbolicTensor) -> bool:
    return tensor.node is not None and isinstance(tensor.node.layer, InputLayer)


def _from_intermediate(
    inputs: list[SymbolicTensor], outputs: list[SymbolicTensor]
) -> tuple[list[SymbolicTensor], list[SymbolicTensor]]:
    """A model from a layer's output on (a decoder cut from an autoencoder:
    ``Model(model.get_layer("code").output, model.output)``), as both Kerases make it (Keras 3's
    ``clone_graph_nodes``): each input that is not an ``Input(...)``'s tensor is replaced by a new
    Input of its shape and dtype, and the calls between the inputs and ``outputs`` are recorded
    again from there, on the same layers. Returns the new inputs and outputs.

    Raises:
        ValueError: an output depends on a tensor that is not among ``inputs``.
    """
    made: dict[int, SymbolicTensor] = {}
    for tensor in inputs:
        made[id(tensor)] = (
            tensor if _is_input(tensor) else Input(batch_shape=tensor.shape, dtype=tensor.dtype)
        )

    def swap(leaf: Any) -> Any:
        return made.get(id(leaf), leaf) if isinstance(leaf, SymbolicTensor) else leaf

    for node in nodes_between(inputs, outputs):
        args, kwargs = map_structure(swap, node.args), map_structure(swap, node.kwargs)
        again = Node(node.layer, args, kwargs, first_by_name=node.first_by_name)
        for old in node.outputs:
            again.outputs.append(SymbolicTensor(old.shape, again, old.index, dtype=old.dtype))
            made[id(old)] = again.outputs[-1]
    return [made[id(tensor)] for tensor in inputs], [made.get(id(tensor), tensor) for tensor in outputs]


def _through_input(layer: InputLayer, value: Any) -> Any:
    """``layer(value)``: the value as a tensor of the Input's dtype (booleans for a bool Input,
    whose data `fit` and `predict` hand over as floats, as every input's; whole numbers for an
    integer one). A tensor that is one already
    comes back as it is, so then the call is skipped where it would run nothing else (~5 us of a
    one-step call)."""
    if (
        type(value) is torch.Tensor
        and type(layer) is InputLayer
        and value.dtype == layer.torch_dtype
        and not (layer.booleans or layer.strings or layer.integers)
        and runs_bare(layer)
    ):
        return value
    return layer(value)


def _one_array(items: list[Any] | tuple[Any, ...]) -> bool:
    """Whether ``items`` is one array or tensor in a list or tuple (not a list of numbers)."""
    return len(items) == 1 and isinstance(items[0], (torch.Tensor, np.ndarray))


def _functional_name() -> str:
    return unique_name("functional")


# How a functional config refers to a symbolic tensor: the model's i-th input, or output j of
# call i.
_INPUT = "__input__"
_NODE = "__node__"


def _functional_config(model: Any) -> dict[str, Any]:
    """``Model.get_config``: its name, layers, inputs, calls and outputs (see the module notes)."""
    layers = model.layers
    index_of = {id(layer): i for i, layer in enumerate(layers)}
    inputs = {id(tensor): i for i, tensor in enumerate(model.inputs)}
    nodes = {id(node): i for i, node in enumerate(model.nodes)}

    def reference(leaf: Any) -> Any:
        if not isinstance(leaf, SymbolicTensor):
            return leaf
        if id(leaf) in inputs:
            return {_INPUT: inputs[id(leaf)]}
        return {_NODE: [nodes[id(leaf.node)], leaf.index]}

    calls = []
    for node in model.nodes:
        label = node.layer.name
        calls.append(
            {
                "layer": index_of[id(node.layer)],
                "args": configs.encode(map_structure(reference, list(node.args)), label, "its inputs"),
                "kwargs": configs.encode(map_structure(reference, node.kwargs), label, "its call arguments"),
            }
        )
    config = {
        "name": model.name,
        "layers": [configs.serialize_layer(layer) for layer in layers],
        "inputs": [index_of[id(tensor.node.layer)] for tensor in model.inputs],
        "nodes": calls,
        "outputs": [reference(tensor) for tensor in model.outputs],
        "single_input": model.single_input,
        "single_output": model.single_output and not model.__dict__.get("_output_listed"),
    }
    if model.output_keys is not None:  # a dict of outputs: "outputs" in its order, and its keys
        config["outputs"] = [reference(tensor) for tensor in model.output.values()]
        config["output_keys"] = model.output_keys
    return config


def _functional_from(config: dict[str, Any]) -> Any:
    """``Model.from_config``: the model `functional_config` describes, its calls replayed."""
    known = {"name", "layers", "inputs", "nodes", "outputs", "single_input", "single_output", "output_keys"}
    configs.refuse_extra(config, known, "Model")
    layers: list[Any] = []
    tensors: dict[int, SymbolicTensor] = {}  # input layers' tensors, by layer index
    for index, entry in enumerate(config["layers"]):
        if isinstance(entry, dict) and entry.get("class_name") == "InputLayer":
            # An Input's layer cannot be called: it is made together with its tensor.
            # Layer's other arguments (trainable, activity_regularizer) mean nothing for an input.
            given = entry.get("config", {})
            arguments = {
                key: configs.decode(given[key]) for key in ("batch_shape", "name", "dtype") if key in given
            }
            tensors[index] = Input(**{**arguments, "batch_shape": configs.as_shape(arguments["batch_shape"])})
            layers.append(tensors[index].node.layer)
        else:
            layers.append(configs.deserialize_layer(entry))
    inputs = [tensors[index] for index in config["inputs"]]
    results: list[list[SymbolicTensor]] = []

    def resolve(leaf: Any) -> Any:
        if isinstance(leaf, dict) and set(leaf) == {_INPUT}:
            return inputs[leaf[_INPUT]]
        if isinstance(leaf, dict) and set(leaf) == {_NODE}:
            node, output = leaf[_NODE]
            return results[node][output]
        return leaf

    def restore(structure: Any) -> Any:
        # map_structure would walk into the reference dicts themselves: stop at them.
        if isinstance(structure, dict) and (set(structure) in ({_INPUT}, {_NODE})):
            return resolve(structure)
        if isinstance(structure, list):
            return [restore(item) for item in structure]
        if isinstance(structure, dict):
            return {key: restore(item) for key, item in structure.items()}
        return structure

    for call in config["nodes"]:
        layer = layers[call["layer"]]
        if isinstance(layer, InputLayer):
            raise ValueError(f"a call of the input layer '{layer.name}'")
        result = layer(*restore(call["args"]), **restore(call["kwargs"]))
        results.append(flatten_sorted(result))  # as node.outputs: a nested result (a stack's states) flat
    outputs: Any = [restore(reference) for reference in config["outputs"]]
    if config.get("output_keys") is not None:
        outputs = dict(zip(config["output_keys"], outputs, strict=True))
    return Model(
        inputs[0] if config.get("single_input") else inputs,
        outputs[0] if config.get("single_output") else outputs,
        name=config.get("name"),
    )


def _output_keys(outputs: Any) -> list[str] | None:
    """The keys of a dict of outputs, in its order (None for a tensor or a list), checked.

    Raises:
        TypeError: a key that is not a str.
        NotImplementedError: a list or dict inside the outputs' list or dict.
    """
    values = outputs.values() if isinstance(outputs, Mapping) else outputs
    if isinstance(values, (list, tuple)) or isinstance(outputs, Mapping):
        for value in values:
            if isinstance(value, (list, tuple, Mapping)):
                raise NotImplementedError(
                    f"Model outputs may be one tensor, a list of tensors or a dict of tensors by name; "
                    f"a list or dict inside them (which Keras 3 takes) is not supported. Received: an "
                    f"output {type(value).__name__} inside the outputs {type(outputs).__name__}: give a "
                    f"flat dict instead, e.g. {{'a_0': ..., 'a_1': ..., 'b': ...}}"
                )
    if not isinstance(outputs, Mapping):
        return None
    for key in outputs:
        if not isinstance(key, str):
            raise TypeError(
                f"A dict of model outputs is keyed by name, as compile and fit's y refer to them: its "
                f"keys must be str. Received: key {key!r} of type {type(key).__name__}"
            )
    return list(outputs)


def _named_inputs(inputs: Mapping[str, Any]) -> list[Any]:
    """A dict of ``Input`` tensors as the model's list of inputs, in the order of their keys (as
    Keras flattens a dict), each key checked to be its ``Input``'s name, by which calls and
    ``fit`` find each array.

    Raises:
        ValueError: a key that is not its tensor's name (Keras 3 warns, with this advice, and
            then matches data by key; here keys and names are one, so it is refused).
    """
    for key, tensor in inputs.items():
        name = getattr(getattr(getattr(tensor, "node", None), "layer", None), "name", None)
        if name is not None and key != name:
            raise ValueError(
                f"When providing `inputs` as a dict, all keys in the dict must match the names of the "
                f"corresponding tensors. Received key '{key}' mapping to an Input named '{name}'. Change "
                f"the tensor name to '{key}' (via `Input(..., name='{key}')`)."
            )
    return [inputs[key] for key in sorted(inputs)]
