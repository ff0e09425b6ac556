"""`Layer`: a `torch.nn.Module` with a Keras face.

A layer has a Keras name, is built lazily once its input shape is known (at construction when
``input_shape``/``batch_input_shape`` is given, otherwise at its first call), and lists its
weights in Keras order for ``get_weights``/``set_weights``. Everything else is plain PyTorch:
weights are ``nn.Parameter``s, ``.to(device)`` moves them, and the layer drops into any model.

A layer starts in training mode (``layer.training`` is True) as every ``nn.Module``, and
``train()``/``eval()`` work as in PyTorch; until one of them is called, a direct call infers, as
in Keras. See `Layer` for the rule and how Keras's ``fit``/``predict`` set the mode.
"""

from __future__ import annotations

import copy
import difflib
import functools
import inspect
import math
import re
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, NamedTuple

import numpy as np
import torch
from torch import nn

from .. import _tree_mark, constraints, graph, initializers, regularizers
from .._arrays import tensor_copy
from .._compat import is_compiling
from .._keras_rules import UNTAPED, tf_keras_rules
from .._program_line import programs_line
from . import _config, autocast
from .keras_parameter import KerasParameter, as_keras_variable
from .weight_view import WeightView

Shape = tuple[int | None, ...]

# Keyword spellings from torch.nn or from Keras features we express differently: each gets
# told what to write instead, rather than a bare "unexpected keyword".
_SPELLING_HINTS = {
    "hidden_size": "write units= (the Keras name for torch.nn's hidden_size)",
    "input_size": "the feature size is read from the input; give input_shape=(None, F) to "
    "build the layer at once",
    "batch_first": "statefulrnn is always batch-first: inputs are (batch, time, features)",
    "num_layers": "stack layers instead: Sequential([LSTM(u, return_sequences=True), LSTM(u)])",
    "bidirectional": "wrap the layer instead: Bidirectional(LSTM(u))",
    "time_major": "inputs are always (batch, time, features); transpose a time-major "
    "array with x.transpose(0, 1)",
    "batch_shape": "on a layer write batch_input_shape=(N, T, F), or start the model with "
    "Input(batch_shape=(N, T, F))",
    "shape": "on a layer write input_shape=(T, F), or start the model with Input(shape=(T, F))",
    "sparse": "statefulrnn takes dense tensors only",
    "ragged": "statefulrnn takes dense tensors; lay ragged sequences out with statefulrnn.data",
}
# Keras arguments whose default is what statefulrnn always does: taken at that value (Keras
# code writes them out), refused with the hint above at any other.
_KEPT_DEFAULTS = {"time_major": False, "sparse": False, "ragged": False}

_name_counts: dict[str, int] = {}

# Marks a layer whose mode train() or eval() has set (see Layer's notes on training mode).
MODE_SET = "_mode_set"
# tf-keras's global learning phase, 0 or 1, once K.set_learning_phase has set it (None before):
# what a call with no flag, inside no call given one and in no mode set by hand, runs with.
LEARNING_PHASE: list[int | None] = [None]

# What a layer caches in its __dict__ about its device and dtype (``device``, and the input
# checks of `recurrent.RNN`): forgotten when they change (``.to()``, build), never pickled.
CHECKED_INPUTS = "_checked_inputs"
# Caches forgotten when the device changes and left out of copies and pickles: the device and
# inputs checked, and the module walk predict and the loops keep on a model
# (`training.prediction.ModuleWalk`), which holds each module's __dict__ itself, so copying it
# would copy them past their __getstate__.
_CACHES = ("_device", CHECKED_INPUTS, "_statefulrnn_predict_walk")
# A program's layer's attributes that hold another layer's weight: {name: `_HeldWeight`}.
_WEIGHT_ALIASES = "_statefulrnn_weight_aliases"


class _HeldWeight:
    """Another layer's weight held under an attribute of a program's layer (`Layer.__setattr__`):
    read afresh at each use. A copy of the model (``deepcopy``, `with_batch_size`) holds the
    copy's weight; a pickle holds its value, as a weight's view pickles."""

    __slots__ = ("path", "weight")

    def __init__(self, weight: KerasWeight, path: str) -> None:
        self.weight, self.path = weight, path

    def __deepcopy__(self, memo: dict[int, Any]) -> _HeldWeight:
        return _HeldWeight(copy.deepcopy(self.weight, memo), self.path)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return self.weight.read().detach().clone().__reduce_ex__(protocol)


class KerasWeight(NamedTuple):
    """One weight as Keras sees it, whatever layout the parameters behind it use.

    ``to_keras(tensors)`` is the Keras-layout value of tensors laid out as ``parameters`` are:
    the parameters themselves (`read`), or what an optimizer keeps for each of them (its
    momentum, velocity...), which Keras's files hold in the weight's layout too;
    ``from_keras(value)`` is its inverse, one tensor per parameter.
    """

    name: str
    shape: tuple[int, ...]
    parameters: tuple[nn.Parameter, ...]
    to_keras: Callable[[Sequence[torch.Tensor]], torch.Tensor]
    from_keras: Callable[[torch.Tensor], tuple[torch.Tensor, ...]]

    @property
    def trainable(self) -> bool:
        return all(p.requires_grad for p in self.parameters)

    def read(self) -> torch.Tensor:
        """The Keras-layout value (differentiable; a view or a copy of the parameters)."""
        return self.to_keras(self.parameters)

    def checked(self, value: Any, what: str) -> torch.Tensor:
        """``value`` (an array or tensor) as a tensor for `write`, in the parameters' dtype and
        on their device.

        Raises:
            ValueError: ``value`` not of the weight's shape, named as ``what``.
        """
        like = self.parameters[0]
        tensor = to_tensor(value, dtype=like.dtype, device=like.device, what=what)
        if tuple(tensor.shape) != self.shape:
            raise ValueError(
                f"{what} expects shape {self.shape}, but received an array of shape {tuple(tensor.shape)}."
            )
        return tensor

    def write(self, value: torch.Tensor) -> None:
        """Set the parameters from a Keras-layout tensor (call it under ``torch.no_grad()``)."""
        for parameter, part in zip(self.parameters, self.from_keras(value), strict=True):
            parameter.copy_(part)


def keras_layout_weight(name: str, tensor: torch.Tensor) -> KerasWeight:
    """A parameter (or buffer) that is already in Keras's layout."""
    return KerasWeight(name, tuple(tensor.shape), (tensor,), _only, _one)


def _only(tensors: Sequence[torch.Tensor]) -> torch.Tensor:
    return tensors[0]


def _one(value: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return (value,)


def unique_name(prefix: str) -> str:
    """Keras-style automatic names: ``gru``, then ``gru_1``, ``gru_2``, ..."""
    count = _name_counts.get(prefix, 0)
    _name_counts[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"


def tracked(value: Any) -> Any:
    """``value`` as an attribute of a layer a program writes: a list or tuple of layers as an
    ``nn.ModuleList``, a dict of them (by name) as an ``nn.ModuleDict``, so that their weights
    train and save, as Keras tracks such containers (torch registers only modules); anything
    else as it is.

    Example:
        >>> type(tracked([nn.Linear(1, 1), nn.Linear(1, 1)])).__name__, tracked([1, 2])
        ('ModuleList', [1, 2])
    """
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, nn.Module) for v in value):
        return nn.ModuleList(value)
    if isinstance(value, dict) and value and all(isinstance(v, nn.Module) for v in value.values()):
        if all(isinstance(key, str) for key in value):
            return nn.ModuleDict(value)
    return value


class _HeldLayers:
    """What `LayerList` and `LayerDict` share: the layers among their items live in an
    ``nn.ModuleList`` registered on the owner as ``"<name>[]"`` (a name no attribute can have),
    kept equal to the container's layers, in its order, after every change; a container that is
    no longer the owner's attribute changes nothing."""

    def _set_owner(self, owner: nn.Module, name: str) -> None:
        self._owner, self._name = owner, name

    @staticmethod
    def slot(name: str) -> str:
        """The child name that holds the layers of the container attribute ``name``."""
        return f"{name}[]"

    def _items(self) -> Iterable[Any]:
        return iter(self)  # type: ignore[call-overload]

    def sync(self) -> None:
        """Make the owner's registered layers those of the container, in its order."""
        owner = self.__dict__.get("_owner")  # unset while pickle or deepcopy rebuild it
        if owner is None or owner.__dict__.get(self._name) is not self:
            return
        children = owner.__dict__.get("_modules")
        if children is None:  # an attribute set before the owner's Module.__init__
            return
        layers = [item for item in self._items() if isinstance(item, nn.Module)]
        _tree_mark.renew()  # the owner's and the holder's dicts are written directly
        holder = children.get(self.slot(self._name))
        if holder is None:
            if layers:
                children[self.slot(self._name)] = nn.ModuleList(layers)
            return
        # In place, so that the holder keeps its place among the owner's children: Keras
        # orders sublayers by when each was first tracked.
        holder._modules.clear()
        holder._modules.update((str(index), layer) for index, layer in enumerate(layers))


class LayerList(_HeldLayers, list):
    """A list that a program's own layer holds as an attribute, that Keras tracks: the layers
    put in it, then or later (``self.blocks = []`` in ``__init__``, ``self.blocks.append(
    Conv1D(...))`` in ``build``), are the owner's sublayers, in the order they came, so that
    they train, save and list their weights in Keras 3's order. Anything else in it (the
    tensors a ``call`` collects) stays a plain item.

    Example:
        >>> owner = nn.Module()
        >>> owner.blocks = LayerList([], owner, "blocks")
        >>> owner.blocks.append(nn.Linear(2, 3)); owner.blocks.append("not a layer")
        >>> [name for name, _ in owner.named_children()], len(list(owner.parameters()))
        (['blocks[]'], 2)
    """

    def __init__(self, items: Any, owner: nn.Module, name: str) -> None:
        super().__init__(items)
        self._set_owner(owner, name)


class LayerDict(_HeldLayers, dict):
    """A dict that a program's own layer holds as an attribute, tracked as Keras 3 tracks one
    (its ``TrackedDict``): the layers among its values, stored then or later
    (``self.embeddings = {}`` then ``self.embeddings[feature] = Embedding(...)``, keras.io's
    variable selection network), are the owner's sublayers, in the dict's order, with keys of
    any kind (an ``nn.ModuleDict`` takes only strings, and only modules).

    Example:
        >>> owner = nn.Module()
        >>> owner.embeddings = LayerDict({}, owner, "embeddings")
        >>> owner.embeddings["age"] = nn.Linear(2, 3); owner.embeddings[7] = nn.Linear(3, 1)
        >>> len(list(owner.parameters()))
        4
    """

    def __init__(self, items: Any, owner: nn.Module, name: str) -> None:
        super().__init__(items)
        self._set_owner(owner, name)

    def _items(self) -> Iterable[Any]:
        return self.values()


def _syncing(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def changed(self: _HeldLayers, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        self.sync()
        return result

    return changed


for _method in (
    "append extend insert remove pop clear sort reverse __setitem__ __delitem__ __iadd__ __imul__"
).split():
    setattr(LayerList, _method, _syncing(getattr(list, _method)))
for _method in "__setitem__ __delitem__ __ior__ update setdefault pop popitem clear".split():
    setattr(LayerDict, _method, _syncing(getattr(dict, _method)))


def _shape_taking(build: Callable[..., Any]) -> Callable[..., Any]:
    """A program's ``build`` as the base's `Layer.build` calls it, with the input's shape: one
    that takes no shape (``def build(self): self.built = True``, keras.io's variable selection
    network) is called without it, as Keras 3 matches ``build``'s parameters."""
    parameters = list(inspect.signature(build).parameters.values())[1:]
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind in positional or p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return build

    @functools.wraps(build)
    def without_shape(self: Layer, input_shape: Any, *args: Any, **kwargs: Any) -> Any:
        return build(self, *args, **kwargs)

    return without_shape


def snake_case(class_name: str) -> str:
    """A class name as Keras 3 makes default layer names from it (its ``to_snake_case``).

    Example:
        >>> [snake_case(n) for n in ("SimpleRNN", "GRUCell", "Conv1D", "GlobalAveragePooling1D")]
        ['simple_rnn', 'gru_cell', 'conv1d', 'global_average_pooling1d']
    """
    name = re.sub(r"\W+", "", class_name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def initial_value(initializer: Any, shape: Sequence[int], dtype: torch.dtype) -> torch.Tensor:
    """A new weight's value from ``initializer`` (anything `initializers.get` takes), as Keras's
    ``add_weight``: an initializer that resolves to None (``kernel_initializer=None``) means
    ``"glorot_uniform"``, Keras's default for float weights; a callable's array or list becomes
    a tensor of ``dtype``.

    Example:
        >>> initial_value(None, (2, 3), torch.float32).shape
        torch.Size([2, 3])
    """
    resolved = initializers.get(initializer)
    if resolved is None:
        resolved = initializers.get("glorot_uniform")
    value = resolved(tuple(shape), dtype)
    if not isinstance(value, torch.Tensor):
        # A program's callable may return an array, as Keras converts what it gets (ncps's
        # Wiring.erev_initializer returns np.copy of its int32 adjacency matrix).
        value = torch.as_tensor(np.asarray(value), dtype=dtype)
    return value


def set_weight_options(layer: Any, **options: Any) -> None:
    """Set each option ``<weight>_initializer``, ``<weight>_regularizer`` or
    ``<weight>_constraint`` on ``layer`` as Keras's ``get`` of its kind reads it (a name, an
    object, a config dict or None), under the option's own name."""
    getters = {
        "initializer": initializers.get, "regularizer": regularizers.get, "constraint": constraints.get,
    }  # fmt: skip
    for name, value in options.items():
        setattr(layer, name, getters[name.rpartition("_")[2]](value))


def format_shape(shape: Sequence[int | None] | None) -> str:
    """``(2, None, 1)`` as Keras prints it; a 1-tuple keeps its comma."""
    return "None" if shape is None else str(tuple(shape))


# The dtype of layers made without one: Keras's floatx, float32 unless `backend.set_floatx` says.
default_dtype: list[torch.dtype] = [torch.float32]
# The compute dtype of layers made without a dtype under a mixed global policy (float16 for
# "mixed_float16"), whose variables are default_dtype's float32; None without one.
default_compute: list[torch.dtype | None] = [None]
# Keras's dtype policies whose layers compute in 16 bits with float32 variables: their compute dtype.
MIXED_POLICIES = {"mixed_float16": torch.float16, "mixed_bfloat16": torch.bfloat16}
_POLICY_CLASSES = ("DTypePolicy", "FloatDTypePolicy", "Policy")


def resolve_dtype(dtype: str | torch.dtype | None) -> torch.dtype:
    """``"float32"`` or ``torch.float32`` -> ``torch.float32``; None -> the default (Keras's
    floatx: float32 unless set otherwise)."""
    if dtype is None:
        return default_dtype[0]
    if isinstance(dtype, torch.dtype):
        resolved = dtype
    elif isinstance(dtype, str) and isinstance(getattr(torch, dtype, None), torch.dtype):
        resolved = getattr(torch, dtype)
    else:
        raise TypeError(f"dtype must be a floating dtype such as 'float32'. Received: {dtype!r}")
    if not resolved.is_floating_point:
        raise TypeError(f"dtype must be a floating dtype such as 'float32'. Received: {dtype!r}")
    return resolved


def resolve_policy(dtype: Any) -> tuple[torch.dtype, torch.dtype | None]:
    """A layer's ``dtype=`` -> (its variable dtype, its compute dtype where a mixed policy makes
    that another, else None). Takes what `resolve_dtype` takes, a Keras policy name such as
    ``"mixed_float16"``, a `DTypePolicy`, or a policy's config dict (Keras 3's
    ``{"class_name": "DTypePolicy", "config": {"name": ...}}``, tf-keras's ``Policy``); None:
    the global policy's.

    Example:
        >>> resolve_policy("mixed_bfloat16"), resolve_policy("float64")
        ((torch.float32, torch.bfloat16), (torch.float64, None))
    """
    if dtype is None:
        return default_dtype[0], default_compute[0]
    if isinstance(dtype, dict) and dtype.get("class_name") in _POLICY_CLASSES:
        dtype = (dtype.get("config") or {}).get("name")
    elif type(dtype).__name__ == "DTypePolicy":  # statefulrnn.mixed_precision's (it imports this module)
        dtype = dtype.name
    if isinstance(dtype, str) and dtype in MIXED_POLICIES:
        return torch.float32, MIXED_POLICIES[dtype]
    return resolve_dtype(dtype), None


def _any_dtype(dtype: Any) -> torch.dtype:
    """A weight's dtype as Keras names it (``"float32"``, ``"int32"``, ``"bool"``, a torch or numpy
    dtype) -> the torch dtype.

    Raises:
        TypeError: not a dtype torch has.
    """
    if isinstance(dtype, torch.dtype):
        return dtype
    name = getattr(dtype, "name", dtype)  # a numpy dtype, or Keras's DTypePolicy
    resolved = getattr(torch, name, None) if isinstance(name, str) else None
    if not isinstance(resolved, torch.dtype):
        raise TypeError(
            f"add_weight's dtype must be a dtype such as 'float32' or 'int32'. Received: {dtype!r}"
        )
    return resolved


# add_weight keywords of Keras that change nothing here: mixed precision's autocast, and the
# aggregation and synchronization of distribution strategies (Keras 2's use_resource too).
_ADD_WEIGHT_NO_OPS = frozenset({"autocast", "aggregation", "synchronization", "use_resource"})
# add_weight's positional orders: tf-keras's (a name first) and Keras 3's (a shape first).
_TF_KERAS_WEIGHT_ORDER = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")
_KERAS_3_WEIGHT_ORDER = ("shape", "initializer", "dtype")


def positional_weight_arguments(args: tuple[Any, ...], given: dict[str, Any]) -> None:
    """Put ``add_weight``'s positional ``args`` into ``given`` (its keyword arguments, None or
    the default where not given), by the order of the Keras they come from: a name first,
    tf-keras's order (``add_weight("kernel", shape=...)``, Keras 2's way); else Keras 3's
    ``(shape, initializer, dtype)`` (Keras-MatMulLess's ``add_weight(input_shape[1:],
    initializer=...)``). Keras 3 refuses a name by position; its message is kept for the rest.

    Raises:
        TypeError: more positional arguments than the order has.
        ValueError: one given both ways.

    Example:
        >>> given = {"name": None, "shape": None, "initializer": None, "dtype": None}
        >>> positional_weight_arguments(((3, 2), "zeros"), given)
        >>> given["shape"], given["initializer"]
        ((3, 2), 'zeros')
    """
    order = _TF_KERAS_WEIGHT_ORDER if isinstance(args[0], str) else _KERAS_3_WEIGHT_ORDER
    if len(args) > len(order):
        raise TypeError(
            f"add_weight() takes at most {len(order)} positional arguments but {len(args)} were given."
        )
    defaults = {"trainable": True}
    for key, value in zip(order, args):
        if given.get(key, None) is not defaults.get(key):
            raise ValueError(f"`{key}` was passed both positionally and as a keyword argument.")
        given[key] = value


def to_tensor(x: Any, *, dtype: torch.dtype, device: torch.device | None, what: str) -> torch.Tensor:
    """Accept a tensor, numpy array or nested list; cast to ``dtype`` on ``device``.

    Keras casts inputs to the layer's dtype, so float64 and integer arrays are accepted.
    """
    if not isinstance(x, torch.Tensor):
        array = np.asarray(x)
        if array.dtype.kind not in "biuf":
            raise TypeError(
                f"{what} expects numbers (a numpy array or torch tensor). "
                f"Received: an array of dtype {array.dtype}"
            )
        x = tensor_copy(array)
    return x.to(device=device if device is not None else x.device, dtype=dtype)


def plain_dims(shape: Iterable[Any]) -> Shape:
    """``shape`` as a tuple of Python ints and None: numpy's integers (``np.max(lengths)``, sizes
    computed with numpy), which Keras takes in shapes, become ints.

    Example:
        >>> plain_dims((None, np.int64(5)))
        (None, 5)
    """
    return tuple(int(d) if isinstance(d, np.integer) else d for d in shape)


def _declared_batch_input_shape(
    input_shape: Sequence[int | None] | None,
    batch_input_shape: Sequence[int | None] | None,
    batch_size: int | None,
    input_dim: int | None,
    input_length: int | None,
    dim_of_steps: bool = False,
) -> Shape | None:
    """Merge Keras's ways of declaring a first layer's input into one batch shape.

    Keras 2's ``input_dim`` is the whole sample's size, ``(input_dim,)``, but on a recurrent
    layer (``dim_of_steps``), whose input is ``(input_length, input_dim)``.

    ``batch_input_shape`` wins over the others, as in Keras 2 (tf-keras reads no other where it
    is given; programs pass both, even disagreeing ones). Where the others declare another shape,
    a warning names both.
    """
    if input_shape is None and (input_dim is not None or (dim_of_steps and input_length is not None)):
        input_shape = (input_length, input_dim) if dim_of_steps or input_length is not None else (input_dim,)
    if batch_input_shape is not None:
        declared = plain_dims(batch_input_shape)
        others = {"input_shape": input_shape, "batch_size": batch_size}
        disagreeing = {
            name: value
            for name, value in others.items()
            if value is not None
            and (tuple(value) != declared[1:] if name == "input_shape" else value != declared[0])
        }
        if disagreeing:
            given = ", ".join(f"{name}={value!r}" for name, value in disagreeing.items())
            warnings.warn(
                f"batch_input_shape={declared} sets the input's shape, as in Keras 2, which ignores "
                f"the disagreeing {given}.",
                stacklevel=programs_line(),
            )
        return declared
    if input_shape is None:
        if batch_size is not None:
            raise ValueError(f"batch_size={batch_size} needs input_shape too, e.g. input_shape=(None, 1).")
        return None
    return plain_dims((batch_size, *tuple(input_shape)))


class Layer(_tree_mark.RenewsTreeMark, nn.Module):
    """Base of every statefulrnn layer: an ``nn.Module`` with Keras's naming, lazy build
    and weight order.

    Subclasses create weights in ``_build(input_shape)`` with ``add_weight`` and compute in
    ``forward``. Keyword arguments that no subclass accepts are refused with a suggestion.

    Args:
        name: the layer's Keras name; unique by default (``gru``, ``gru_1``, ...).
        input_shape: shape of one sample, e.g. ``(None, 1)``; builds the layer at once.
        batch_input_shape: the same with the batch size first, e.g. ``(2, None, 1)``; a
            stateful layer needs its batch size.
        batch_size: the batch size, together with ``input_shape``.
        input_dim, input_length: Keras 2 shorthand for ``input_shape=(input_dim,)``, and on
            a recurrent layer for ``input_shape=(input_length, input_dim)``.
        dtype: floating dtype of the weights (default float32).
        trainable: if False, the weights get ``requires_grad=False``.
        activity_regularizer: a penalty on the layer's outputs (see `regularizers`), added to
            the training loss divided by the batch size, as in Keras.

    Training mode: a layer starts in training mode (``layer.training`` is True), as every
    ``nn.Module``, and ``train()``/``eval()`` work as in PyTorch, on the layer or on any module
    holding it: once either has been called, a call without ``training=`` follows the mode.
    Until then such a call infers (dropout off, `BatchNormalization` on its moving statistics),
    as a direct call does in Keras (unless its ``call`` gives ``training`` a default other than
    None, as ``call(self, x, training=True)`` or Keras's `Pipeline`, which Keras then uses
    too), so Keras programs keep Keras's numbers and a layer inside
    a plain torch module (``nn.Sequential(GRU(...))``) runs as it does alone, in either case.
    Keras's loops set the mode themselves, whatever the model's: ``fit`` and ``train_on_batch``
    train (a program's own ``train_step`` trains what it calls with ``training=True``, and a
    layer it calls without a flag infers, as in Keras); ``predict``, ``evaluate``,
    ``test_on_batch`` and ``predict_on_batch`` infer; then every module has its own mode back.
    ``training=True`` or ``False`` in a call always wins, and reaches every layer called inside
    that call without a flag of its own (Keras's call context: a subclassed model's ``call``
    need not pass it on).
    Where we differ from PyTorch: a custom training loop calls ``model.train()`` first (as
    PyTorch's own examples do) to get dropout, since a new layer's direct call infers.

    Shapes:
        whatever the subclass computes; ``input_shape``/``batch_input_shape`` declare the
        input's, ``compute_output_shape(input_shape)`` gives the output's.

    A layer pickles, deep-copies and travels to a spawned process with everything it holds
    (weights, carried states, initializers, regularizers and constraints, which are named
    classes of this package), as long as what the user gave it pickles too (a lambda does not).

    Example:
        >>> from statefulrnn.layers import Dropout
        >>> layer, x = Dropout(0.5), torch.ones(1, 4)
        >>> layer.training, torch.equal(layer(x), x)  # a new layer's call infers, as in Keras
        (True, True)
        >>> torch.equal(layer.train()(x), x), torch.equal(layer.eval()(x), x)  # then PyTorch's
        (False, True)
    """

    # Keras 2's input_dim declares (input_length, input_dim) on a recurrent layer (`RNN`).
    _input_dim_of_steps = False
    # Whether the weights go sublayer by sublayer under tf-keras's rules too (its Models do).
    _LISTS_LAYER_BY_LAYER = False
    # Under a mixed dtype policy, the compute dtype (float16, bfloat16), which differs from the
    # float32 `torch_dtype` of the weights; None otherwise (see `autocast`).
    _mixed: torch.dtype | None = None
    # Whether a mixed call casts the layer's weights and its inputs to the compute dtype; the
    # layers Keras keeps in float32 inside (BatchNormalization, LayerNormalization) say no.
    _autocast_weights = True
    _autocast_inputs = True
    # False on models: their layers each cast for themselves.
    _autocast_call = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass written for Keras makes its weights in build() and computes in call():
        # they become _build() and forward(), so that it runs unchanged.
        if "call" in cls.__dict__ and "forward" not in cls.__dict__:
            cls.forward = _keras_style_forward(cls.__dict__["call"])
        elif "forward" in cls.__dict__ and cls.__module__.startswith("statefulrnn."):
            # Keras's layers have call(): programs read its signature (does it take
            # training=?) and a subclass's call() calls super().call(inputs).
            cls.call = cls.__dict__["forward"]
        if "build" in cls.__dict__ and "_build" not in cls.__dict__:
            cls._build = _shape_taking(cls.__dict__["build"])
            cls.build = Layer.build
        if "may_start_masks" not in cls.__dict__ and not cls.__module__.startswith("statefulrnn."):
            # a program's own layer that writes compute_mask may make a mask from nothing
            cls.may_start_masks = cls.may_start_masks or cls.compute_mask is not Layer.compute_mask
        _set_training_slot(cls)
        init = cls.__dict__.get("__init__")
        if init is None:
            return

        @functools.wraps(init)
        def recording_init(self: Layer, *args: Any, **kw: Any) -> None:
            outermost = "_constructor_call" not in self.__dict__
            if outermost:
                # Recorded so that a layer can be cloned (Bidirectional) and described
                # (get_config) without every subclass repeating its arguments.
                object.__setattr__(self, "_constructor_call", (args, dict(kw)))
                object.__setattr__(self, "_init_calls", [])
            # Each level's call too (this class's, then every super().__init__): get_config
            # tells from them the arguments a user gives from those a subclass fills in.
            self.__dict__["_init_calls"].append((cls, args, dict(kw)))
            init(self, *args, **kw)
            declared = self.batch_input_shape
            # Built now from a declared shape whose last axis is known; a shape without it
            # (Keras 2 programs write LSTM(n, input_shape=(None, None)) on layers after the
            # first, where Keras ignores it), or shapes of several inputs (a program's build()
            # passing on the tuple of shapes its layer was called on), leaves the build to the
            # first call, as in Keras.
            if (
                outermost
                and declared is not None
                and (not declared or declared[-1] is not None)
                and not any(isinstance(size, (tuple, list)) for size in declared)
            ):
                self.build(declared)

        cls.__init__ = recording_init

    def __init__(
        self,
        *,
        name: str | None = None,
        input_shape: Sequence[int | None] | None = None,
        batch_input_shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        input_dim: int | None = None,
        input_length: int | None = None,
        dtype: str | torch.dtype | None = None,
        trainable: bool = True,
        activity_regularizer: Any = None,
        **unknown: Any,
    ) -> None:
        if "_modules" not in self.__dict__:  # not already set up by an attribute given earlier
            super().__init__()
        if unknown:
            _refuse_unknown_arguments(type(self), unknown)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string. Received: {name!r}")
        self.name = name or unique_name(snake_case(type(self).__name__))
        self.torch_dtype, mixed = resolve_policy(dtype)  # `dtype` names it as Keras does
        if mixed is not None:  # a mixed policy: computes in `mixed` (see `autocast`)
            self._mixed = mixed
        self.trainable = trainable
        self.batch_input_shape = _declared_batch_input_shape(
            input_shape, batch_input_shape, batch_size, input_dim, input_length, self._input_dim_of_steps
        )
        self.built = False
        self.input_shape: Shape | None = None
        self.output_shape: Any = None
        self._weight_names: list[str] = []  # Keras's names of add_weight's weights, in order
        self._weight_attributes: list[str] = []  # the attribute each is registered under
        if _config.overrides(type(self), "compute_mask"):
            # Keras's Layer.__init__ (tf-keras's and Keras 3's): a layer whose class writes
            # compute_mask supports masking, whatever was set before super().__init__()
            # (keras-pos-embd's PositionEmbedding sets False there, then passes masks on).
            self.supports_masking = True

    # ----- building ---------------------------------------------------------------------

    def build(
        self, input_shape: Sequence[int | None] | Sequence[Sequence[int | None]], *args: Any, **kwargs: Any
    ) -> None:
        """Create the weights for inputs of ``input_shape`` (batch first); idempotent.

        A program's own ``build`` may take more arguments than the shape (keras.io's saving
        guide: ``build(self, input_shape, layer_init)``, called by hand); they are handed to it,
        as Keras hands them.
        """
        if self.built:
            return
        if "_building" in self.__dict__:
            # A Keras-style build() ending with super().build(input_shape): Keras's base
            # layer's does nothing, but a statefulrnn layer's (a subclass of RNN, LSTM, ...)
            # makes that layer's own weights, once.
            if self.__dict__["_building"] is True:
                self.__dict__["_building"] = "base built"
                _native_build(type(self))(self, _as_shape(input_shape))
            return
        shape = _as_shape(input_shape)
        self.__dict__["_building"] = True
        try:
            if self._mixed is None:
                self._build(shape, *args, **kwargs)
            else:  # float32 weights, even when built by a call in the compute dtype
                autocast.build_in_variable_dtype(self, lambda: self._build(shape, *args, **kwargs))
        finally:
            del self.__dict__["_building"]
        self._forget_device_caches()
        self.input_shape = shape
        self.built = True  # before the output shape: a program's own layer is called for it
        try:
            self.output_shape = declared_output_shape(self, shape)
        except BaseException:
            self.built = False
            raise
        if not self.trainable:
            # freeze the weights the build just made, sublayers' too (those the call for the
            # output shape built included)
            self.trainable = False
        if "_pending_weights" in self.__dict__:  # a load_weights before the build
            from ..io.weights import apply_pending_weights

            apply_pending_weights(self)

    @property
    def trainable(self) -> bool:
        """Whether the weights take gradients. Setting it sets every sublayer's flag too, and
        the gradients of every weight below, as Keras 3's setter (a frozen base model's
        ``BatchNormalization`` then infers, as in Keras's transfer learning); a weight made with
        ``add_weight(trainable=False)`` (a counter, an integer weight) stays frozen."""
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        value = bool(value)
        for module in self.modules():
            frozen = module.__dict__.get(_FROZEN_WEIGHTS, ())
            if isinstance(module, Layer):
                module._trainable = value
            for name, parameter in module._parameters.items():
                if parameter is not None and parameter.is_floating_point():
                    parameter.requires_grad_(value and name not in frozen)

    def _build(self, input_shape: Any) -> None:
        """Subclass hook: create weights with ``add_weight``. Default: no weights."""

    def add_weight(
        self,
        *args: Any,
        name: str | None = None,
        shape: Sequence[int] | int | None = None,
        initializer: str | initializers.Initializer | None = None,
        trainable: bool = True,
        dtype: str | torch.dtype | None = None,
        regularizer: Any = None,
        constraint: Any = None,
        **keras_options: Any,
    ) -> nn.Parameter:
        """Create, register and return a Parameter; Keras order is creation order.

        ``initializer`` is anything `initializers.get` takes; None means Keras's default for
        float weights, ``"glorot_uniform"`` (see `initial_value`). By keyword, as Keras's
        ``build`` methods mostly call it (``self.add_weight(shape=(F, U),
        initializer="random_normal")``), or by position in either Keras's order
        (`positional_weight_arguments`): a name first is tf-keras's ``(name, shape, dtype,
        initializer, regularizer, trainable, constraint)``, a shape first Keras 3's ``(shape,
        initializer, dtype)``. A weight without a name is called ``variable``, ``variable_1``...
        As Keras's: ``dtype`` (default the layer's; an integer or bool weight, a counter, is
        never trainable), ``regularizer`` (its penalty joins ``layer.losses`` and the training
        loss, as a ``kernel_regularizer=`` does) and ``constraint`` (applied after each
        optimizer step); Keras's ``autocast``, ``aggregation`` and ``synchronization`` (mixed
        precision and distribution strategies, which change nothing here) are accepted.

        A program's own layer gets a `KerasParameter`, with a Keras variable's ``assign``,
        ``assign_add`` and ``numpy()``, as Keras's ``add_weight`` returns a variable (a
        running total kept by ``self.total.assign_add(ops.sum(inputs, axis=0))``);
        statefulrnn's own layers keep plain Parameters, torch's fastest road (see
        `keras_parameter`), until a variable list or a program's read hands them out. A
        ``shape`` may be one int, as tf-keras takes it.

        Raises:
            TypeError: a keyword Keras's ``add_weight`` does not take, an unknown ``dtype``, or
                too many positional arguments.
            ValueError: an argument given both by position and by keyword.
        """
        if args:
            given = {"name": name, "shape": shape, "initializer": initializer, "dtype": dtype}
            given.update(regularizer=regularizer, trainable=trainable, constraint=constraint)
            positional_weight_arguments(args, given)
            name, shape, initializer, dtype = (
                given["name"],
                given["shape"],
                given["initializer"],
                given["dtype"],
            )
            regularizer, trainable, constraint = given["regularizer"], given["trainable"], given["constraint"]
        if shape is None:
            shape = ()
        unknown = set(keras_options) - _ADD_WEIGHT_NO_OPS
        if unknown:
            raise TypeError(
                f"add_weight() got unexpected keyword arguments {sorted(unknown)}; it takes name, shape, "
                f"initializer, trainable, dtype, regularizer, constraint (and Keras's "
                f"{', '.join(sorted(_ADD_WEIGHT_NO_OPS))}, which change nothing here)."
            )
        if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
            shape = (int(shape),)  # tf-keras's TensorShape(784) (Hands-On ML's DenseTranspose)
        if name is None:
            count = sum(n == "variable" or n.startswith("variable_") for n in self._weight_names)
            name = f"variable_{count}" if count else "variable"
        weight_dtype = self.torch_dtype if dtype is None else _any_dtype(dtype)
        if weight_dtype.is_floating_point:
            value = initial_value(initializer, shape, weight_dtype)
        else:  # Keras's integer or bool variables (counters, flags): made in float, then cast
            value = initial_value("zeros" if initializer is None else initializer, shape, torch.float64)
            value = value.to(weight_dtype)
        parameter = nn.Parameter(value, requires_grad=trainable and weight_dtype.is_floating_point)
        if not type(self).__module__.startswith("statefulrnn."):
            as_keras_variable(parameter)
        attribute = self._weight_attribute(name)
        self.register_parameter(attribute, parameter)
        # Keras lists a layer's own trainable weights before its others, each kind in the order
        # made (a program's add_weight(trainable=False) counter made first comes after)
        at = len(self._weight_attributes)
        if trainable:
            frozen = self.__dict__.get(_FROZEN_WEIGHTS, ())
            at = next((i for i, kept in enumerate(self._weight_attributes) if kept in frozen), at)
        else:  # Keras's non-trainable variable: the layer's trainable leaves it so
            self.__dict__.setdefault(_FROZEN_WEIGHTS, set()).add(attribute)
        self._weight_names.insert(at, name)
        self._weight_attributes.insert(at, attribute)
        for kind, setting in (
            ("regularizer", regularizers.get(regularizer)),
            ("constraint", constraints.get(constraint)),
        ):
            if setting is not None:
                regularizers.note_weight_setting(self, name, kind, setting)
        return parameter

    def _weight_attribute(self, name: str) -> str:
        """The attribute a new weight Keras calls ``name`` is registered under: ``name``
        itself where that is free, or where the layer holds None or a Parameter that is not
        one of its weights there; else ``name`` with a suffix.

        A Keras weight's name is no attribute, so Keras layers write ``self.gamma = None`` in
        ``__init__`` and ``self.gamma = self.add_weight(name="gamma")`` in ``build``
        (CyberZHG's LayerNormalization); the None stands for the weight it becomes. Another
        attribute of that name (``self.units``, a method) or a weight of that name already
        made (Keras lets two share one) keeps what is there: the weight goes under
        ``units_1``, ``units_2``... and keeps its Keras name. A ``.``, which torch refuses in
        an attribute, becomes ``_``.

        Example:
            >>> from statefulrnn.layers import Layer
            >>> class Scale(Layer):
            ...     def __init__(self):
            ...         super().__init__()
            ...         self.units, self.gamma = 3, None
            ...     def build(self, input_shape):
            ...         self.gamma = self.add_weight(name="gamma", shape=(self.units,), initializer="ones")
            ...         self.shift = self.add_weight(name="units", shape=(), initializer="zeros")
            ...     def call(self, x):
            ...         return x * self.gamma + self.shift
            >>> layer = Scale()
            >>> _ = layer(torch.ones(2, 3))
            >>> [weight.name for weight in layer.weights], layer._weight_attributes, layer.units
            (['gamma', 'units'], ['gamma', 'units_1'], 3)
        """
        attribute, count = name.replace(".", "_"), 0
        # A Parameter not among this build's weights is replaced, as torch does: a layer made
        # again by its __init__ (statefulrnn's Sequential does so) builds anew over its old one.
        while attribute in self._weight_attributes or (
            attribute not in self._parameters
            and hasattr(self, attribute)
            and self.__dict__.get(attribute, False) is not None
        ):
            count += 1
            attribute = f"{name.replace('.', '_')}_{count}"
        self.__dict__.pop(attribute, None)  # the None that stood for this weight
        return attribute

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Output shape for an input shape (batch first, ``None`` for unknown sizes).

        Default: the input's, for statefulrnn's layers (those it does not fit override this).
        A program's own built layer that does not say is called to find out, as Keras traces
        it (`shape_trace.traced_output_shape`; once per input shape), so the layer after it
        in a model is built for what it really gives; not while its first real call builds
        it (Keras does not trace then either).
        """
        if (
            not self.built
            or BUILDING_FOR_A_CALL in self.__dict__
            or type(self).__module__.startswith("statefulrnn.")
        ):
            return input_shape
        from .shape_trace import traced_output_shape  # it imports the states, which import layers

        def traced(layer: Layer, shape: Any) -> Any:
            found = traced_output_shape(layer, shape)
            return shape if found is None else found

        return once_per_shape(self, input_shape, traced)

    # ----- masks (Keras's protocol; the models pass them along, see models.base) --------

    # Whether the layer passes a mask on. A mask is a bool (N, T) tensor, True on real steps.
    supports_masking: bool = False
    # Whether a call may give its outputs a mask where its input had none (Embedding with
    # mask_zero, Masking; a program's layer that writes compute_mask): see __call__.
    may_start_masks: bool = False
    # The masks of the positional inputs a layer of several takes by name (MultiHeadAttention's
    # query_mask, value_mask, key_mask): a functional model passes them, a direct call reads
    # them off its tensors (`_take_argument_masks`).
    mask_arguments: tuple[str, ...] = ()
    # Keras's: every layer has it, True only for a recurrent layer that keeps its states between
    # calls (a program's wrapper forwarding a sequence layer's attributes reads it).
    stateful: bool = False

    def compute_mask(self, inputs: Any, mask: Any = None) -> torch.Tensor | None:
        """The mask of this layer's outputs, given its inputs and their incoming ``mask``.

        Default, as Keras: the incoming mask unchanged when ``supports_masking``, else None.
        A layer that makes a mask (`Embedding` with ``mask_zero``, `Masking`) or changes it
        (a recurrent layer without ``return_sequences``) overrides this; a layer with several
        outputs returns a list, one mask (or None) per output.
        """
        return mask if self.supports_masking else None

    def __getattr__(self, name: str) -> Any:
        # A weight read by a program's own code (`layer.kernel.assign(...)`, `layer.bias.numpy()`)
        # is handed out as a Keras variable, as the variable lists hand it (`as_keras_variable`);
        # statefulrnn's and torch's own reads keep the plain Parameter, which torch's calls take
        # on their fastest road (see statefulrnn.layers.keras_parameter).
        parameters = self.__dict__.get("_parameters")
        if parameters is not None and name in parameters:
            value = parameters[name]
            if type(value) is nn.Parameter and not is_compiling():
                frame = sys._getframe(1)
                if frame.f_code not in _OWN_CODE and _read_by_a_program(frame):
                    as_keras_variable(value)
            return value
        aliases = self.__dict__.get(_WEIGHT_ALIASES)
        if aliases is not None and name in aliases:
            held = aliases[name]
            return WeightView.of(held.weight, held.path)
        return nn.Module.__getattr__(self, name)

    def _own(self, name: str) -> Any:
        """The weight ``name`` as this layer's own call reads it: from torch's parameter dict,
        without `__getattr__`'s test of who reads (~0.5 us a read; the hot ones: a ``Dense``'s
        kernel and bias); the attribute where a program's subclass rebound it to a tensor."""
        weight = self.__dict__["_parameters"].get(name)
        return getattr(self, name) if weight is None else weight

    def __setattr__(self, name: str, value: Any) -> None:
        if "_modules" not in self.__dict__:
            # An attribute set before super().__init__(), as Keras allows and programs do
            # (tf-keras's Wrapper sets self.layer first): torch's module state comes first, so
            # that a sublayer given so is tracked, and Layer.__init__ keeps it.
            nn.Module.__init__(self)
        regularizers.note_setting(self, name, value)
        if type(self).__module__.startswith("statefulrnn."):  # ours: torch's own setattr
            super().__setattr__(name, value)
            return
        # A program's own layer or model, written the Keras way.
        # A weight's attribute rebound to a tensor made from it (IndRNN's build:
        # self.recurrent_kernel = K.clip(self.recurrent_kernel, ...)).
        aliases = self.__dict__.get(_WEIGHT_ALIASES)
        if aliases is not None:
            aliases.pop(name, None)
        rebound = isinstance(value, torch.Tensor) and not isinstance(value, nn.Parameter)
        if rebound and name in self._parameters:
            self._rebind_weight_attribute(name, value)
            return
        if isinstance(value, WeightView):
            # Another layer's weight kept under a name of this one (a layer that builds a Keras
            # cell and keeps ``self.kernel = cell.kernel``): in Keras the attribute is the
            # variable itself, so each read gives the weight as it is then, not as it was now.
            self.__dict__.setdefault(_WEIGHT_ALIASES, {})[name] = _HeldWeight(value._weight, value._path)
            self.__dict__.pop(name, None)
            return
        if type(value) in (list, tuple, dict):
            value = tracked(value)
            # empty, or not only layers (or a dict's keys not all names): layers may come later
            if type(value) is list:
                value = LayerList(value, self, name)
            elif type(value) is dict:
                value = LayerDict(value, self, name)
        super().__setattr__(name, value)
        if isinstance(value, KerasParameter) and value.name and not self._is_weight(value):
            # a keras.Variable set as an attribute: one of the layer's weights, as Keras tracks it
            self._weight_names.append(value.name)
            self._weight_attributes.append(name)
        if isinstance(value, _HeldLayers):
            value.sync()
        elif _HeldLayers.slot(name) in self._modules:
            del self._modules[_HeldLayers.slot(name)]  # the container it held is gone

    def _is_weight(self, value: torch.Tensor) -> bool:
        """Whether ``value`` is one of this layer's own weights already (under any attribute)."""
        parameters = self.__dict__["_parameters"]
        return any(parameters.get(attribute) is value for attribute in self._weight_attributes)

    def _rebind_weight_attribute(self, name: str, value: torch.Tensor) -> None:
        """Set attribute ``name``, which holds a weight, to the plain tensor ``value``, as
        tf-keras does: the attribute no longer counts as a reference to the weight, and a
        weight no other attribute holds stops being the layer's (out of ``weights``,
        ``get_weights`` and saved files). ``value`` is kept as a constant (detached), what
        TensorFlow 2's eager ``build()`` leaves: no gradient reaches the weight through it."""
        _tree_mark.renew()  # torch's parameter dict is written directly below
        parameters = self.__dict__["_parameters"]
        weight = parameters[name]
        registered = {key for key in self._weight_attributes if parameters.get(key) is weight}
        aliases = {key for key, held in parameters.items() if held is weight} - registered
        value = value.detach()
        if aliases - {name}:  # another attribute still holds the weight
            if name in aliases:
                del parameters[name]
            object.__setattr__(self, name, value)
            return
        for key in registered | aliases:
            del parameters[key]
        kept = [
            pair
            for pair in zip(self._weight_names, self._weight_attributes, strict=True)
            if pair[1] not in registered
        ]
        self._weight_names = [weight_name for weight_name, _ in kept]
        self._weight_attributes = [attribute for _, attribute in kept]
        object.__setattr__(self, name, value)

    def train(self, mode: bool = True) -> Layer:
        """PyTorch's ``train`` (``eval()`` is ``train(False)``); from then on a call without
        ``training=`` follows the mode, as in PyTorch, instead of inferring as in Keras."""
        self.__dict__[MODE_SET] = True
        return super().train(mode)

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        for name in _CACHES:  # a copy may live on another device, and makes its own walk
            state.pop(name, None)
        # The activity penalty of the last call carries that call's autograd graph, which
        # deepcopy refuses to copy; the copy keeps its value.
        penalty = state.get("_activity_penalty")
        if penalty is not None:
            state["_activity_penalty"] = penalty.detach()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)  # unpickling and deepcopy bypass __setattr__
        aliases = self.__dict__.get(_WEIGHT_ALIASES, {})
        for name in [name for name, held in aliases.items() if isinstance(held, torch.Tensor)]:
            self.__dict__[name] = aliases.pop(name)  # unpickled: the value `_HeldWeight` kept
        for name, value in state.items():
            regularizers.note_setting(self, name, value)

    # ----- the Keras face ---------------------------------------------------------------

    # The number of positional arguments before forward's ``training``, None when it takes none
    # (set for each subclass): a call that leaves it out is given Keras's inference default.
    # A model leaves that to each of its layers (_sets_training_default False), so that each
    # follows its own mode.
    _training_slot: int | None = None
    _sets_training_default = True
    # The defaults of forward's positional parameters before ``training`` (None if one has none).
    _defaults_before_training: tuple[Any, ...] | None = None
    # What a call without a flag, inside no other call, runs with (`_training_default`).
    _training_by_default: Any = False

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """What a class with neither ``call`` nor ``forward`` runs: a ``call`` set on the class
        after its class statement, adopted now (`adopt_late_call`), else an error."""
        if adopt_late_call(type(self)) is None:
            raise NotImplementedError(
                f"{type(self).__name__} defines no call(): a Layer subclass computes in call(self, inputs) "
                f"(or forward, as a torch module)."
            )
        return self.forward(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if UNTAPED[0] and torch.is_grad_enabled():  # tf-keras's rules: no tape, no gradients
            with torch.no_grad():
                return self(*args, **kwargs)
        first_by_name = None
        given = None  # the training flag this call was given, which the layers called inside inherit
        if kwargs:
            facts = call_facts(type(self))
            given = kwargs.get("training")
            if facts.drops_training and "training" in kwargs:  # to a Dense: Keras drops it
                kwargs = {key: value for key, value in kwargs.items() if key != "training"}
            if not args and (facts.first in kwargs or "inputs" in kwargs):  # layer(logits=x, ...)
                first_by_name = facts.first if facts.first in kwargs else "inputs"
                args = (kwargs.pop(first_by_name),)
        spec = self.__dict__.get("input_spec")
        if spec is not None:  # a custom layer's Keras-style declaration of what it takes
            from .input_spec import assert_input_compatibility

            assert_input_compatibility(spec, args[0] if args else None, self.name)
        one_tensor = not kwargs and len(args) == 1 and type(args[0]) is torch.Tensor  # the common call
        if not one_tensor and graph.has_symbolic(args, kwargs):
            return graph.call_symbolic(self, args, kwargs, first_by_name)
        # Keras's masks between calls (see _mask_from_input): looked at only once some call
        # has made a mask, or by a layer that makes them.
        masks = _A_MASK_WAS_MADE[0] or self.may_start_masks
        if masks:
            first = args[0] if args else None
            incoming = getattr(first, KERAS_MASK, None) if type(first) is torch.Tensor else _masks_of(first)
            if incoming is not None:
                self._take_mask(incoming, args, kwargs)
            if self.mask_arguments:
                self._take_argument_masks(args, kwargs)
        slot = self._training_slot
        if slot is not None and len(args) <= slot and "training" not in kwargs:
            # Keras: a call without a flag takes the one an outer call was given (its call
            # context); else a direct call runs with its signature's default where that is not
            # None, or infers, until train() or eval() (see above). By
            # position when the parameters before it can take their defaults, which costs less
            # than a keyword through torch's call chain.
            training = _CALL_CONTEXT.__dict__.get("training")
            if training is None:  # the mode train() or eval() set, tf-keras's phase, Keras's default
                if MODE_SET in self.__dict__:
                    training = self.training
                else:
                    phase = LEARNING_PHASE[0]
                    training = self._training_by_default if phase is None else bool(phase)
            if training is not None:
                defaults = self._defaults_before_training
                if len(args) == slot:
                    args = (*args, training)
                elif defaults is not None and args and not kwargs:
                    args = (*args, *defaults[len(args) :], training)
                else:
                    kwargs["training"] = training
        elif given is None and slot is not None and len(args) > slot:
            given = args[slot]
        # nn.Module.__call__ without its first frame, which only picks the compiled call (after
        # module.compile()) or _call_impl: ~1 us at each level of a model, a one-step predict's 2%.
        call = self._compiled_call_impl or self._call_impl
        if self._mixed is not None:  # a mixed policy (the one test a float32 layer's call pays)
            call = autocast.mixed_call(self, call)
        if given is None:
            outputs = call(*args, **kwargs)
        else:
            outputs = _called_in_context(call, bool(given), args, kwargs)
        if self.activity_regularizer is not None:
            regularizers.record_activity(self, outputs)
        if (
            masks
            and args
            and (incoming is not None or self.may_start_masks)
            and SHAPE_ONLY not in self.__dict__
        ):
            put_masks(outputs, self.compute_mask(args[0], kwargs.get("mask", incoming)))
        return outputs

    def _take_mask(self, incoming: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Put ``incoming``, Keras's mask of the tensor (or list of tensors) an earlier call made
        (an Embedding with mask_zero, a Masking), into ``kwargs`` as ``mask=`` when this layer
        takes one and that tensor is its only tensor argument, as Keras 3's ``Layer.__call__``
        hands it (an eager chain, a subclassed model's call(); an RNN given initial_state gets
        none there), or whatever else it is given by keyword under tf-keras's rules
        (`hands_first_mask`).
        Inside a model the model passes masks itself, by the same rule
        (``models.base.call_masked``)."""
        if (
            len(args) == 1  # a second positional argument may be the mask itself
            and "mask" not in kwargs
            and "mask" in forward_parameters(type(self))
            and hands_first_mask(args, kwargs)
        ):
            kwargs["mask"] = incoming

    def _take_argument_masks(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Put the Keras masks of the tensors given as this layer's ``mask_arguments`` inputs
        (a ``MultiHeadAttention``'s query, value and key, by position or keyword) into
        ``kwargs`` under those names, as Keras 3's ``Layer.__call__`` fills ``<argument>_mask``:
        the attention inside a program's Transformer layer then skips padded steps, as in Keras."""
        for index, name in enumerate(self.mask_arguments):
            if name in kwargs:
                continue
            given = args[index] if index < len(args) else kwargs.get(name.removesuffix("_mask"))
            mask = getattr(given, KERAS_MASK, None) if type(given) is torch.Tensor else None
            if mask is not None:
                kwargs[name] = mask

    @property
    def losses(self) -> list[torch.Tensor]:
        """Keras's ``layer.losses``: the regularization penalties of this layer and its
        sublayers (weights, and outputs of their last call), then what their last calls gave
        `add_loss`; see `statefulrnn.regularizers`."""
        return regularizers.losses(self)

    def add_loss(self, loss: Any) -> None:
        """Keras's ``add_loss``, called in ``call()``: ``loss`` (a scalar tensor, or a number)
        joins ``layer.losses`` and, in ``fit`` and ``train_on_batch``, the training loss, as
        is (Keras divides nothing either). Each call of the layer starts its list afresh.

        Example:
            >>> from statefulrnn.layers import Layer
            >>> class Penalised(Layer):
            ...     def call(self, x):
            ...         self.add_loss(x.abs().mean())
            ...         return x
            >>> layer = Penalised()
            >>> _ = layer(torch.tensor([[-2.0, 4.0]]))
            >>> [float(loss) for loss in layer.losses]
            [3.0]
        """
        regularizers.record_added_loss(self, torch.as_tensor(loss))

    def add_metric(self, value: Any, name: str | None = None, **kwargs: Any) -> None:
        """tf-keras's ``add_metric``, called in ``call()``: ``value`` (a tensor or a number)
        averaged over each epoch under ``name`` in ``fit``'s and ``evaluate``'s logs, by a
        `statefulrnn.metrics.Mean` the layer keeps for that name; the result of calling a
        metric (``self.add_metric(self.mean(x))``) logs that metric under its own name, not
        updated again. Keras 3 dropped it (a layer holds a metric and updates it instead, which
        statefulrnn logs too).

        Raises:
            TypeError: a keyword other than tf-keras's ``aggregation``.
            ValueError: no name for a value that no metric made (tf-keras's message).
            NotImplementedError: a symbolic tensor given to a layer's add_metric (a functional
                model's ``model.add_metric(x, name)`` takes one, as tf-keras's).

        Example:
            >>> from statefulrnn.layers import Layer
            >>> class Watched(Layer):
            ...     def call(self, x):
            ...         self.add_metric(x.sum(), name="total")
            ...         return x
            >>> layer = Watched()
            >>> _ = layer(torch.ones(2, 3)); _ = layer(torch.zeros(1, 3))
            >>> [(m.name, float(m.result())) for m in layer._added_metrics]
            [('total', 3.0)]
        """
        from ..graph import SymbolicTensor
        from ..metric_base import Mean

        if set(kwargs) - {"aggregation"}:
            raise TypeError(f"Unknown keyword arguments: {kwargs.keys()}. Expected `aggregation`.")
        made_by = getattr(value, "_metric_obj", None)
        if isinstance(value, SymbolicTensor):
            raise NotImplementedError(
                f"{self._describe()}.add_metric got a symbolic tensor ({name!r}): a functional model's "
                f"add_metric takes one (model.add_metric(x, name=...)), a layer's takes values in call()."
            )
        if name is None and made_by is None:
            raise ValueError(
                "Please provide a name for your metric like `self.add_metric(tf.reduce_sum(inputs), "
                "name='mean_activation')`"
            )
        added = self.__dict__.setdefault("_added_metrics", [])
        name = made_by.name if made_by is not None else name
        metric = next((metric for metric in added if metric.name == name), None)
        if metric is None:
            metric = made_by if made_by is not None else Mean(name=name)
            added.append(metric)
        if made_by is None:  # a metric's result updated its metric already
            metric.update_state(value)

    def keras_weights(self) -> list[KerasWeight]:
        """This layer's own weights (not its sublayers') in Keras's order and layout.

        Default: the parameters made by `add_weight`, as they are. A layer that stores its
        parameters in another layout (the recurrent cells) overrides this.
        """
        return [
            keras_layout_weight(name, getattr(self, attribute))
            for name, attribute in zip(self._weight_names, self._weight_attributes, strict=True)
        ]

    def named_weights(self, prefix: str = "") -> Iterator[tuple[str, KerasWeight]]:
        """``(path, weight)`` pairs in Keras's order: own weights, then sublayers'. A weight
        reached twice (a sublayer held in a list and as an attribute too) comes once, where it
        is first reached, as Keras tracks each variable once."""
        seen: set[tuple[int, ...]] = set()
        for path, weight in self._every_weight(prefix):
            key = tuple(map(id, weight.parameters))
            if key not in seen:
                seen.add(key)
                yield path, weight

    def _every_weight(self, prefix: str) -> Iterator[tuple[str, KerasWeight]]:
        path = f"{prefix}{self.name}/"
        own = [(path + weight.name, weight) for weight in self.keras_weights()]
        walked = chain(own, _sublayer_weights(self, path))
        if declares_weights(self) and _DECLARING not in self.__dict__:
            yield from _declared_weights(self, walked)
        elif tf_keras_rules() and not self._LISTS_LAYER_BY_LAYER:
            # tf-keras's Layer.weights is trainable_weights + non_trainable_weights, each
            # gathered over its sublayers: a frozen Embedding inside a TimeDistributed model, or
            # a BatchNormalization's moving statistics in a block layer, come after the
            # trainable weights of every sublayer (only a Model goes layer by layer)
            weights = list(walked)
            yield from (entry for entry in weights if entry[1].trainable)
            yield from (entry for entry in weights if not entry[1].trainable)
        elif tf_keras_rules() and own:
            # tf-keras's Model lists its layers' weights, layer by layer, then its own (made by
            # its add_weight), trainable first (a TPA-LSTM Model used as a layer)
            yield from _sublayer_weights(self, path)
            yield from (entry for entry in own if entry[1].trainable)
            yield from (entry for entry in own if not entry[1].trainable)
        else:
            yield from walked

    @property
    def weights(self) -> list[WeightView]:
        """All weights as Keras-layout tensors, in Keras order (views or copies of the
        parameters) with a Keras variable's ``numpy()``, ``assign``, ``name`` and ``path``: see
        `statefulrnn.layers.weight_view`."""
        return [WeightView.of(weight, path) for path, weight in self.named_weights()]

    # Variables for a custom training loop, Keras 3's names (every Keras layer has them).

    @property
    def variables(self) -> list[torch.Tensor]:
        """The tensors that hold this layer's weights, its sublayers' included: its Parameters
        (and buffers, such as a `BatchNormalization`'s moving statistics), each once, in the
        Keras order of the weights they hold.

        These are the storage itself, so a torch custom loop can differentiate and update
        them (``torch.autograd.grad(loss, model.trainable_variables)``). Where a layer keeps
        its weights in another layout (the recurrent cells store torch's gate order, and a
        bias may be two Parameters), they differ from the Keras-layout ``model.weights`` in
        shape and count; ``get_weights`` gives Keras's arrays.
        """
        seen: dict[int, tuple[torch.Tensor, str | None]] = {}
        for path, weight in self.named_weights():
            for tensor in weight.parameters:
                seen.setdefault(id(tensor), (tensor, path))
        # Then any Parameter that no layer lists among its weights; not one that a layer lists
        # but a program's layer holding it leaves out of its own lists (`_declared_weights`).
        # Looked for only when a Parameter is not among the weights (rarely: a custom loop asks
        # for trainable_weights at every step).
        unseen = [parameter for parameter in self.parameters() if id(parameter) not in seen]
        if unseen:
            layers = (module for module in self.modules() if isinstance(module, Layer))
            listed = {id(p) for layer in layers for kept in layer.keras_weights() for p in kept.parameters}
            for parameter in unseen:
                if id(parameter) not in listed:
                    seen[id(parameter)] = (parameter, None)
        return [as_keras_variable(tensor, path) for tensor, path in seen.values()]

    @property
    def trainable_variables(self) -> list[nn.Parameter]:
        """The Parameters that training changes (``requires_grad``), in the order of
        `variables`: what ``optimizer.apply_gradients(zip(grads, ...))`` takes."""
        return [v for v in self.variables if isinstance(v, nn.Parameter) and v.requires_grad]

    @property
    def non_trainable_variables(self) -> list[torch.Tensor]:
        """The other `variables`: frozen Parameters (``trainable=False``) and buffers."""
        return [v for v in self.variables if not (isinstance(v, nn.Parameter) and v.requires_grad)]

    @property
    def trainable_weights(self) -> list[nn.Parameter]:
        """Keras's other name for `trainable_variables`."""
        return self.trainable_variables

    @property
    def non_trainable_weights(self) -> list[torch.Tensor]:
        """Keras's other name for `non_trainable_variables`."""
        return self.non_trainable_variables

    # tf-keras's lists of a layer's own weights (its sublayers' not included), which a program's
    # override of trainable_weights starts from: ``self._trainable_weights[:] + ...``.

    @property
    def _trainable_weights(self) -> list[nn.Parameter]:
        return [p for weight in self.keras_weights() for p in weight.parameters if p.requires_grad]

    @_trainable_weights.setter
    def _trainable_weights(self, listed: Sequence[torch.Tensor]) -> None:
        """tf-keras's list set by a Keras 2 layer ported to TensorFlow 2 (``self._trainable_weights
        = [self.W, self.b, self.u]`` after ``K.variable``s, richliao's HAN attention): each must be
        one of the layer's own weights; they are listed in that order, as tf-keras lists them.

        Raises:
            ValueError: an entry that is not one of this layer's weights (named by position).
        """
        attributes = {id(self._parameters[a]): a for a in self._weight_attributes if a in self._parameters}
        unknown = [index for index, weight in enumerate(listed) if id(weight) not in attributes]
        if unknown:
            raise ValueError(
                f"{self._describe()}: _trainable_weights lists its own weights (made by add_weight, or a "
                f"K.variable / keras.Variable set as its attribute); entry {unknown[0]} is not one of them."
            )
        order = [attributes[id(weight)] for weight in listed]
        rest = [a for a in self._weight_attributes if a not in order]
        names = dict(zip(self._weight_attributes, self._weight_names, strict=True))
        self._weight_attributes = order + rest
        self._weight_names = [names[a] for a in self._weight_attributes]

    @property
    def _non_trainable_weights(self) -> list[torch.Tensor]:
        return [p for weight in self.keras_weights() for p in weight.parameters if not p.requires_grad]

    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights as numpy arrays, in Keras order and Keras shapes; ``[]`` for a
        layer or model that has none yet (not built, as Keras 3's ``Sequential([Dense(3)])``
        and any unbuilt Keras layer give), those made so far where ``__init__`` made some."""
        if not self.built and next(self.parameters(), None) is None and next(self.buffers(), None) is None:
            return []  # nothing made yet (a recurrent cell has not even its weights' attributes)
        return [w.detach().cpu().numpy().copy() for w in self.weights]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Set every weight from arrays in Keras order; all are checked before any is set.

        Raises:
            ValueError: wrong number of arrays, or an array of the wrong shape (named).
        """
        named = list(self.named_weights())
        # A model not called yet may hold built ones (keras.io's Distiller of a teacher and a
        # student): their weights are its weights, as in Keras.
        if not self.built and not named:
            if len(weights) == 0:
                return  # Keras's: no arrays for a layer with no weights yet
            self._require_built("set_weights")
        if len(weights) != len(named):
            expected = ", ".join(f"{path} {weight.shape}" for path, weight in named)
            raise ValueError(
                f"{self._describe()} expects {len(named)} weight arrays "
                f"({expected}), but received {len(weights)}."
            )
        values = [
            weight.checked(value, f"Weight {index} ({path})")
            for index, ((path, weight), value) in enumerate(zip(named, weights))
        ]
        with torch.no_grad():
            for (_, weight), value in zip(named, values):
                weight.write(value)

    def count_params(self) -> int:
        """Number of scalars in all weights, as Keras counts them."""
        self._require_built("count_params")
        return sum(math.prod(weight.shape) for _, weight in self.named_weights())

    def get_config(self) -> dict[str, Any]:
        """Every constructor argument, defaults included, JSON-ready, as Keras's ``get_config``.

        Holds ``name``, ``trainable``, ``dtype``, the declared ``batch_input_shape`` of a first
        layer, and each argument the class takes; initializers, regularizers, constraints and
        sublayers (an ``RNN``'s cell) as Keras's ``{"class_name", "config", ...}`` dicts (see
        `statefulrnn.layers._config`). ``type(layer).from_config(config)`` makes a twin.

        Example:
            >>> from statefulrnn.layers import GRU
            >>> config = GRU(4, stateful=True, name="g").get_config()
            >>> config["units"], config["stateful"], config["kernel_initializer"]["class_name"]
            (4, True, 'GlorotUniform')
            >>> GRU.from_config(config).get_config() == config
            True
        """
        return _config.get_config(self)

    def get_build_config(self) -> dict[str, Any] | None:
        """``{"input_shape": shape}`` of a built layer (None before), Keras 3's
        ``get_build_config``: what a ``.keras`` file stores to build the layer again before its
        weights load. A program's layer overrides it (with `build_from_config`) to keep more,
        such as an extra argument its ``build`` takes.

        Example:
            >>> from statefulrnn.layers import Dense
            >>> layer = Dense(2, name="d")
            >>> layer.build((None, 3))
            >>> layer.get_build_config()
            {'input_shape': (None, 3)}
        """
        return {"input_shape": self.__dict__.get("_built_input_shape")} if self.built else None

    def build_from_config(self, config: dict[str, Any] | None) -> None:
        """Build the layer from `get_build_config`'s dict (nothing for None), Keras 3's
        ``build_from_config``."""
        if config and "input_shape" in config:
            self.build(config["input_shape"])

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Layer:
        """A new layer from `get_config`'s dict (nested sublayers rebuilt too), Keras's
        ``from_config``. The weights are new: copy them with ``set_weights``.

        Raises:
            TypeError: not a dict, or an argument the class does not take.
        """
        return _config.from_config(cls, config)

    @property
    def input(self) -> Any:
        """The symbolic input of this layer's first call in a functional graph (a list when the
        call took several, an ``RNN``'s ``initial_state`` included), Keras's ``layer.input``.

        Raises:
            AttributeError: the layer was never called on symbolic tensors.
        """
        return graph.call_tensors(self, "input")

    @property
    def output(self) -> Any:
        """The symbolic output of this layer's first call in a functional graph (a list for
        several, such as ``return_state=True``'s), Keras's ``layer.output``.

        Raises:
            AttributeError: the layer was never called on symbolic tensors.
        """
        return graph.call_tensors(self, "output")

    # tf-keras's accessors of a layer called several times (a shared layer): its call number
    # ``node_index``'s tensors and their shapes (see `graph.call_tensors` for the errors).

    def get_input_at(self, node_index: int) -> Any:
        return graph.call_tensors(self, "input", node_index)

    def get_output_at(self, node_index: int) -> Any:
        return graph.call_tensors(self, "output", node_index)

    def get_input_shape_at(self, node_index: int) -> Any:
        return graph.map_structure(lambda tensor: tensor.shape, self.get_input_at(node_index))

    def get_output_shape_at(self, node_index: int) -> Any:
        return graph.map_structure(lambda tensor: tensor.shape, self.get_output_at(node_index))

    def clone(self, **overrides: Any) -> Layer:
        """A new, unbuilt layer with the same constructor arguments, some overridden.

        Sublayers given as arguments (the cell of an ``RNN``, each cell of ``RNN([cell, cell])``)
        are cloned too, so the copy shares no weights with the original.
        """

        def cloned(value: Any) -> Any:
            return value.clone() if isinstance(value, Layer) else value

        args, kwargs = graph.map_structure(cloned, self._constructor_call)
        kwargs.update(overrides)
        return type(self)(*args, **kwargs)

    def extra_repr(self) -> str:
        return f"name={self.name!r}"

    def _describe(self) -> str:
        """The layer as messages name it: its class and name."""
        return f"{type(self).__name__} '{self.name}'"

    def _require_built(self, what: str) -> None:
        if not self.built:
            raise ValueError(
                f"{self._describe()} has no weights yet, so {what} cannot run. "
                f"Build it first: give input_shape=... or batch_input_shape=..., or call it on "
                f"an input."
            )

    @property
    def input_shape(self) -> Shape | list[Shape] | None:
        """The shape the layer was built for (None before it is built). Under tf-keras's rules, a
        layer whose calls on symbolic tensors each took several (an RNN given ``initial_state``)
        gives their shapes, as tf-keras does: the unit tests of Coursera's notebooks compare them.
        """
        built = self.__dict__.get("_built_input_shape")
        nodes = self.__dict__.get("_inbound_nodes")
        if nodes and tf_keras_rules():
            shapes = {tuple(tensor.shape for tensor in node.inputs) for node in nodes}
            if len(shapes) == 1 and len(called := next(iter(shapes))) > 1:  # tf-keras: all calls agree
                return list(called)
        return built

    @input_shape.setter
    def input_shape(self, shape: Shape | None) -> None:
        self.__dict__["_built_input_shape"] = shape

    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights as Keras names it, ``"float32"``, so that a
        program's ``np.zeros(n, self.dtype)`` or ``ops.cast(x, self.dtype)`` works as in Keras;
        `torch_dtype` is the same as a ``torch.dtype`` (inside a call under a mixed policy, the
        compute dtype: see `autocast`). Under a policy of one dtype the layer computes in it
        too; under a mixed one, in `compute_dtype`.

        Example:
            >>> Layer(dtype="float64").dtype, Layer(dtype="float64").torch_dtype
            ('float64', torch.float64)
            >>> Layer(dtype="mixed_float16").dtype, Layer(dtype="mixed_float16").compute_dtype
            ('float32', 'float16')
        """
        if self._mixed is not None:  # the variables of a mixed policy: float32
            return "float32"
        return str(self.torch_dtype).removeprefix("torch.")

    @property
    def compute_dtype(self) -> str:
        """Keras 3's and tf-keras's: the dtype the layer computes in and returns outputs in."""
        mixed = self._mixed
        return self.dtype if mixed is None else str(mixed).removeprefix("torch.")

    @property
    def variable_dtype(self) -> str:
        """Keras 3's and tf-keras's name: `dtype`."""
        return self.dtype

    @property
    def dtype_policy(self) -> Any:
        """Keras 3's `DTypePolicy` of the layer: ``"mixed_float16"`` or ``"mixed_bfloat16"``
        under a mixed policy, else that of its `dtype`."""
        from ..mixed_precision import DTypePolicy  # it imports this module

        mixed = self._mixed
        return DTypePolicy(self.dtype if mixed is None else f"mixed_{self.compute_dtype}")

    @property
    def device(self) -> torch.device | None:
        """Device of the layer's weights or states (None when it has neither)."""
        device = self.__dict__.get("_device")
        if device is None:
            if not (self._parameters or self._buffers or self._modules):
                # Nothing to ask (Activation, Reshape, Add, ...), and no answer kept: weights
                # made later decide. Walking the empty generators cost several us a call.
                return None
            tensor = next(self.parameters(), None)
            if tensor is None:
                tensor = next(self.buffers(), None)
            device = None if tensor is None else tensor.device
            self.__dict__["_device"] = device
        return device

    def _apply(self, fn: Callable, recurse: bool = True) -> Layer:
        # .to(), .cuda(), .double(), ... may move or cast the weights: follow them.
        result = super()._apply(fn, recurse)
        self._forget_device_caches()
        own = next(self.parameters(), None)
        if own is not None and own.is_floating_point():
            self.torch_dtype = own.dtype
            if own.dtype != torch.float32 and "_mixed" in self.__dict__:
                del self.__dict__["_mixed"]  # .half(), .double(): one dtype from now on, as torch's
        return result

    def _forget_device_caches(self) -> None:
        for name in _CACHES:
            self.__dict__.pop(name, None)

    def _as_input(self, x: Any) -> torch.Tensor:
        """``x`` as a tensor of this layer's dtype on its device (numpy and lists accepted)."""
        device = self.device  # None: no weights, so the input's own device
        dtype = self.torch_dtype
        if isinstance(x, torch.Tensor) and x.dtype == dtype and (device is None or x.device == device):
            return x
        return to_tensor(x, dtype=dtype, device=device, what=f"{self._describe()}")


# Marks a program's own layer built by its first call on real inputs (see compute_output_shape).
BUILDING_FOR_A_CALL = "_building_for_a_call"


def build_for_a_call(layer: Layer, input_shape: Any) -> None:
    """``layer.build(input_shape)`` for a call about to be made, which builds what ``build()``
    leaves to the call: no call on stand-in inputs first for the output shape."""
    layer.__dict__[BUILDING_FOR_A_CALL] = True
    try:
        layer.build(input_shape)
    finally:
        del layer.__dict__[BUILDING_FOR_A_CALL]


# Marks a layer called on stand-in zeros for its output shape (`shape_trace`): its call leaves
# its outputs' masks unmade. The zeros carry none of the masks that Keras's symbolic call hands
# compute_mask (keras-bert's EmbeddingSimilarity takes ``mask[0]``), and a shape needs none.
SHAPE_ONLY = "_shape_only"


def once_per_shape(
    layer: Layer, input_shape: Any, trace: Callable[[Any, Any], Any], cache: str = "_traced_shapes"
) -> Any:
    """``trace(layer, input_shape)``, an output shape found by calling the layer, computed once
    per input shape and kept on the layer (in its ``cache`` dict: one per kind of trace)."""
    traced = layer.__dict__.setdefault(cache, {})
    key = repr(input_shape)
    if key not in traced:
        traced[key] = trace(layer, input_shape)
    return traced[key]


def declared_output_shape(layer: Layer, input_shape: Any) -> Any:
    """``layer.compute_output_shape(input_shape)``; where a program's own built layer's
    declaration raises, the shape its call gives instead (found by calling it,
    `shape_trace.traced_output_shape`, once per input shape), or None (unknown until its
    symbolic call, `shape_trace.symbolic_output_shape`, finds it from the graph) where that call
    fails. tf-keras's symbolic call never asks a layer for its ``compute_output_shape``, so a
    declaration that cannot run goes unnoticed there: fbadine/LSTNet's ``PostSkipTrans`` returns
    ``tf.TransformShape(shape)``, a name TensorFlow does not have. The declaration's error is
    raised as it is for statefulrnn's own layers. While a layer's first real call builds it, the
    shape is None: the call that follows gives its outputs (no trace then, as in
    `Layer.compute_output_shape`), as tf-keras's eager call never asks either.

    Example:
        >>> import statefulrnn as keras
        >>> class Halve(keras.layers.Layer):
        ...     __module__ = "__main__"  # a program's own (this doctest runs in statefulrnn's module)
        ...     def call(self, x):
        ...         return x[:, ::2]
        ...     def compute_output_shape(self, input_shape):
        ...         return keras.TransformShape(input_shape)  # no such name; tf-keras never asks
        >>> layer = Halve()
        >>> layer.build((None, 8, 3))
        >>> layer.output_shape
        (None, 4, 3)
    """
    try:
        return layer.compute_output_shape(input_shape)
    except Exception:
        if type(layer).__module__.startswith("statefulrnn."):
            raise
        if BUILDING_FOR_A_CALL in layer.__dict__:
            return None
        from .shape_trace import traced_output_shape  # it imports this module

        return once_per_shape(layer, input_shape, traced_output_shape)


def _native_build(cls: type) -> Callable[[Any, Any], None]:
    """The ``_build`` of the nearest statefulrnn class in ``cls``'s MRO (`Layer`'s makes
    nothing): what a program's subclass's ``super().build(input_shape)`` reaches."""
    for klass in cls.__mro__:
        if klass.__module__.startswith("statefulrnn.") and "_build" in klass.__dict__:
            return klass.__dict__["_build"]
    return Layer._build


def _keras_style_forward(call: Callable[..., Any]) -> Callable[..., Any]:
    """``forward`` for a layer written the Keras way: as Keras does before ``call``, turn arrays
    into tensors of the layer's dtype and build the layer for the first inputs' shape; and, as
    Keras's ``__call__``, drop ``training=`` or ``mask=`` for a ``call`` that takes neither (a
    model's ``call(self, inputs)`` called with ``training=True``)."""
    dropped = dropped_flags(inspect.signature(call).parameters)

    @functools.wraps(call)
    def forward(self: Layer, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs and dropped:
            kwargs = {key: value for key, value in kwargs.items() if key not in dropped}
        arrays = (torch.Tensor, np.ndarray)
        if isinstance(inputs, (list, tuple)) and all(isinstance(v, arrays) for v in inputs):
            inputs = [self._as_input(v) for v in inputs]
            shapes: Any = [tuple(v.shape) for v in inputs]
        elif isinstance(inputs, dict) and inputs and all(isinstance(v, arrays) for v in inputs.values()):
            inputs = {key: self._as_input(value) for key, value in inputs.items()}  # a call taking a dict
            shapes = {key: tuple(value.shape) for key, value in inputs.items()}
        else:
            inputs = self._as_input(inputs)
            shapes = tuple(inputs.shape)
        if not self.built:
            if "_pending_weights" in self.__dict__:
                self.build(shapes)  # traced first: the weights a load_weights left are set before the call
            else:
                build_for_a_call(self, shapes)  # the call is here: no trace of it first
        self.__dict__.pop(regularizers.ADDED_LOSSES, None)  # add_loss: this call's losses only
        return call(self, inputs, *args, **kwargs)

    return forward


# A plain dict rather than functools.cache, which torch.compile warns about on every call.
_FORWARD_PARAMETERS: dict[type, frozenset[str]] = {}


# The attribute that carries Keras's mask on a tensor a layer call returned (Keras's name).
KERAS_MASK = "_keras_mask"


def _masks_of(inputs: Any) -> list[Any] | None:
    """The Keras masks of a list of tensors (a merge layer's inputs), None when none has one."""
    if (
        type(inputs) not in (list, tuple)
        or not inputs
        or not all(type(item) is torch.Tensor for item in inputs)
    ):
        return None
    masks = [getattr(item, KERAS_MASK, None) for item in inputs]
    return masks if any(mask is not None for mask in masks) else None


def hands_first_mask(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether Keras hands a call's ``mask=`` its first argument's mask: tf-keras whatever else
    the call is given (``decoder(x, encoder_outputs)``, an RNN given ``initial_state``); Keras 3
    only where that argument is its one tensor (with several it fills only ``<argument>_mask``
    parameters). For eager calls, a model's calls and the build call alike.

    Example:
        >>> hands_first_mask((torch.zeros(1),), {"training": True})
        True
    """
    if tf_keras_rules():
        return True
    others = (args[1:], [value for key, value in kwargs.items() if key != "mask"])
    return not any(isinstance(leaf, _TENSORS) for leaf in graph.flatten(others))


_TENSORS = (torch.Tensor, np.ndarray, graph.SymbolicTensor)


def put_masks(outputs: Any, masks: Any) -> None:
    """Put each of ``masks`` (one, or a list by output: an RNN's with return_state) on its
    output tensor, what the next layer's call reads, as Keras's ``Layer.__call__`` does."""
    if type(outputs) is torch.Tensor:
        outputs, masks = [outputs], [masks]
    elif type(outputs) not in (list, tuple) or type(masks) not in (list, tuple):
        return
    for output, mask in zip(outputs, masks):
        if mask is not None and type(output) is torch.Tensor:
            setattr(output, KERAS_MASK, mask)
            _A_MASK_WAS_MADE[0] = True


# True once a layer call has put a mask on its output: until then (most programs never make
# one) no call looks for one on its input, a missing attribute's lookup being ~0.5 us of a small
# layer's call on the cold cache a kernel leaves.
_A_MASK_WAS_MADE = [False]


def forward_parameters(module_type: type) -> frozenset[str]:
    """The parameter names of ``module_type.forward`` (looked up once per class): which of a
    model's flags (``training``, ``mask``, ``resets``) a layer takes.

    Example:
        >>> sorted(forward_parameters(nn.Linear))
        ['input', 'self']
    """
    known = _FORWARD_PARAMETERS.get(module_type)
    if known is None:
        known = _FORWARD_PARAMETERS[module_type] = frozenset(
            inspect.signature(module_type.forward).parameters
        )
    return known


def _read_by_a_program(frame: Any) -> bool:
    """Whether ``frame`` runs a program's code, not statefulrnn's or torch's (whose code objects
    are noted in `_OWN_CODE`, so that their next reads ask nothing more)."""
    if frame.f_globals.get("__name__", "").startswith(("statefulrnn.", "torch.")):
        _OWN_CODE.add(frame.f_code)
        return False
    return True


_OWN_CODE: set[Any] = set()  # code objects of statefulrnn's and torch's functions that read weights


# A layer's attributes of the weights `add_weight` made with trainable=False (in its __dict__).
_FROZEN_WEIGHTS = "_frozen_weights"


class CallFacts(NamedTuple):
    """What Keras's ``__call__`` reads from a layer's ``call`` signature (`call_facts`)."""

    first: str | None  # the first parameter's name: a first argument given by keyword
    drops_training: bool  # takes neither ``training`` nor ``**kwargs``: Keras drops training=


# The training flag of the layer call under way in this thread, which the layers it calls
# without one of their own take (Keras's call context: ``model(x, training=True)`` trains the
# BatchNormalization inside a subclassed model whose call does not pass the flag on). Read
# through its ``__dict__``: a third of ``getattr``'s cost, once per layer call.
_CALL_CONTEXT = threading.local()


class TrainingFlag:
    """``with TrainingFlag(True):`` the layers called inside without a flag of their own take
    ``training=True``, as inside a call given it: the built-in training step's model call
    (Keras's ``self(x, training=True)``), whatever the model's ``call`` passes on.

    Example:
        >>> from statefulrnn.layers import Dropout
        >>> with TrainingFlag(True):
        ...     dropped = Dropout(0.5)(torch.ones(1000))
        >>> bool((dropped == 0).any()), bool((Dropout(0.5)(torch.ones(3)) == 1).all())
        (True, True)
    """

    __slots__ = ("_outer", "_training")

    def __init__(self, training: bool) -> None:
        self._training, self._outer = training, None

    def __enter__(self) -> None:
        context = _CALL_CONTEXT.__dict__
        self._outer = context.get("training")
        context["training"] = self._training

    def __exit__(self, *exc_info: object) -> None:
        _CALL_CONTEXT.__dict__["training"] = self._outer


def _called_in_context(call: Callable[..., Any], training: bool, args: tuple, kwargs: dict) -> Any:
    """``call(*args, **kwargs)`` with ``training`` as the call context's flag, the outer one
    back afterwards (tf-keras's rule; Keras 3 leaves the inner flag for the outer call's later
    layers, which only a layer given the opposite flag inside a call could tell). `TrainingFlag`
    as a function, for every layer call given a flag: entering the class costs ~1 us more a call
    (1.37 against 0.30 us, 2-core VM), once per layer of a model called with ``training=``."""
    context = _CALL_CONTEXT.__dict__
    outer = context.get("training")
    context["training"] = training
    try:
        return call(*args, **kwargs)
    finally:
        context["training"] = outer


def dropped_flags(parameters: Any) -> frozenset[str]:
    """Of ``training`` and ``mask``, those a ``call`` with these ``parameters`` (a signature's)
    does not take (none if it takes ``**kwargs``): what a program's layer is not handed."""
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return frozenset()
    return frozenset({"training", "mask"} - set(parameters))


def call_facts(module_type: type) -> CallFacts:
    """`CallFacts` of ``module_type.forward`` (its ``call``), looked up once per class.

    Example:
        >>> call_facts(nn.Linear)
        CallFacts(first='input', drops_training=True)
    """
    known = _CALL_FACTS.get(module_type)
    if known is None:
        parameters = inspect.signature(module_type.forward).parameters
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        names = [name for name, p in parameters.items() if p.kind in positional and name != "self"]
        first = names[0] if names else None
        known = _CALL_FACTS[module_type] = CallFacts(first, "training" in dropped_flags(parameters))
    return known


_CALL_FACTS: dict[type, CallFacts] = {}


def _set_training_slot(cls: type[Layer]) -> None:
    """Note where ``cls.forward`` takes ``training`` (see `Layer.__call__`)."""
    cls._training_slot = _training_slot(cls.forward) if cls._sets_training_default else None
    cls._defaults_before_training = _defaults_before(cls.forward, cls._training_slot)
    cls._training_by_default = _training_default(cls.forward) if cls._training_slot is not None else False


def _training_default(forward: Callable[..., Any]) -> Any:
    """What a call of ``forward`` with no ``training=`` and no outer call's flag runs with:
    Keras's rule, its signature's default where that is not None (``call(self, x,
    training=True)``, Keras's ``Pipeline``), else inference (False)."""
    default = inspect.signature(forward).parameters["training"].default
    return False if default is None or default is inspect.Parameter.empty else default


def adopt_late_call(cls: type) -> type | None:
    """Make a ``call`` set on a program's class after its class statement (the TF time-series
    tutorial's ``FeedBack.call = call``, after the model was made) the class's forward, as
    `Layer.__init_subclass__` makes one written in the class body (Keras looks ``call`` up at
    each call). Returns the class that holds it (the first in ``cls``'s MRO with a ``call`` of
    its own before any with a forward), or None where there is none.

    Example:
        >>> class Twice(Layer):
        ...     pass
        >>> Twice.call = lambda self, x: 2 * x
        >>> adopt_late_call(Twice) is Twice, Twice()(torch.ones(1)).item()
        (True, 2.0)
    """
    for owner in cls.__mro__:
        if "forward" in owner.__dict__:  # statefulrnn's classes (Layer's asks) and torch-style ones
            return None
        if "call" in owner.__dict__:
            owner.forward = _keras_style_forward(owner.__dict__["call"])
            for derived in cls.__mro__[: cls.__mro__.index(owner) + 1]:  # each noted the old one's slot
                _set_training_slot(derived)
                _FORWARD_PARAMETERS.pop(derived, None)
                _CALL_FACTS.pop(derived, None)
            return owner
    return None


def _training_slot(forward: Callable[..., Any]) -> int | None:
    """How many positional arguments (after ``self``) come before ``forward``'s ``training``
    parameter; a keyword-only one comes after all of them; None when it takes no ``training``."""
    parameters = list(inspect.signature(forward).parameters.values())[1:]
    for index, parameter in enumerate(parameters):
        if parameter.name == "training":
            if parameter.kind is parameter.KEYWORD_ONLY:
                return sys.maxsize
            return index if parameter.kind is parameter.POSITIONAL_OR_KEYWORD else None
    return None


def _defaults_before(forward: Callable[..., Any], slot: int | None) -> tuple[Any, ...] | None:
    """The defaults of ``forward``'s first ``slot`` positional parameters (after ``self``); None
    when one after the first (the input, always given) has none, or there is no slot."""
    if slot is None or slot == sys.maxsize:
        return None
    parameters = list(inspect.signature(forward).parameters.values())[1 : slot + 1]
    if any(parameter.default is parameter.empty for parameter in parameters[1:]):
        return None
    return tuple(parameter.default for parameter in parameters)


def declares_weights(layer: nn.Module) -> bool:
    """Whether ``layer``'s class lists its weights itself: a program's layer overriding
    ``trainable_weights`` or ``non_trainable_weights`` (see `_declared_weights`)."""
    cls = type(layer)
    return isinstance(layer, Layer) and (
        cls.trainable_weights is not Layer.trainable_weights
        or cls.non_trainable_weights is not Layer.non_trainable_weights
    )


def _declared_weights(
    layer: Layer, walked: Iterable[tuple[str, KerasWeight]]
) -> Iterator[tuple[str, KerasWeight]]:
    """The ``walked`` weights of a program's ``layer`` whose class lists its weights itself, by
    overriding ``trainable_weights`` or ``non_trainable_weights``: those two lists' weights, in
    their order, as tf-keras's ``layer.weights`` (their sum) gives them to ``get_weights``,
    ``set_weights``, ``.h5`` files and the optimizer.

    Why: a Keras 2 wrapper that copies one layer several times (keras-multi-head's ``MultiHead``)
    builds the given layer as a template and lists only the copies' weights; the template holds
    weights that Keras neither saves nor trains. Here the template's Parameters stay in the
    module (no gradient reaches them, so the optimizer leaves them as they are) but out of the
    Keras weights. A listed tensor that is none of the walked weights (a buffer or parameter no
    layer lists) stays out too, as it does from the walk.
    """
    walked = list(walked)
    by_parameter = {id(weight.parameters[0]): (path, weight) for path, weight in walked}
    # The override may ask ``super().trainable_weights``, which comes back here: this layer's
    # own walk answers it.
    layer.__dict__[_DECLARING] = True
    try:
        listed = [*layer.trainable_weights, *layer.non_trainable_weights]
    finally:
        del layer.__dict__[_DECLARING]
    seen: set[int] = set()
    for tensor in listed:
        first = tensor._weight.parameters[0] if isinstance(tensor, WeightView) else tensor
        if id(first) in by_parameter and id(first) not in seen:
            seen.add(id(first))
            yield by_parameter[id(first)]


_DECLARING = "_statefulrnn_declaring_weights"  # set while a layer's own weight lists are read


def _sublayer_weights(module: nn.Module, path: str) -> Iterator[tuple[str, KerasWeight]]:
    for child_name, child in module.named_children():
        if isinstance(child, Layer):
            yield from child._every_weight(path)
        elif isinstance(child, (nn.ModuleList, nn.ModuleDict, nn.Sequential)):
            yield from _sublayer_weights(child, path)
        else:  # a plain torch module inside a user-written cell or model
            for param_name, parameter in child.named_parameters():
                yield f"{path}{child_name}.{param_name}", keras_layout_weight(param_name, parameter)


def _as_shape(shape: Any) -> Any:
    if isinstance(shape, dict):  # a call taking a dict of inputs: their shapes by key, as Keras builds it
        return {key: plain_dims(value) for key, value in shape.items()}
    if shape and isinstance(shape[0], (list, tuple)):
        return [plain_dims(s) for s in shape]
    return plain_dims(shape)


def _refuse_unknown_arguments(cls: type, unknown: dict[str, Any]) -> None:
    """Raise TypeError for the first of ``unknown`` but Keras arguments given at the default we
    keep (`_KEPT_DEFAULTS`), with a hint or the closest known name."""
    unknown = {key: value for key, value in unknown.items() if _KEPT_DEFAULTS.get(key, ...) is not value}
    if not unknown:
        return
    known = set()
    for klass in cls.__mro__:
        if issubclass(klass, Layer):
            known.update(inspect.signature(klass.__init__).parameters)
    known -= {"self", "kwargs", "unknown"}
    name = next(iter(unknown))
    message = f"{cls.__name__} got an unknown argument {name}={unknown[name]!r}."
    if name in _SPELLING_HINTS:
        message += f" Hint: {_SPELLING_HINTS[name]}."
    else:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        if close:
            message += f" Did you mean {close[0]}=?"
    raise TypeError(message)
