"""Activation functions by their Keras names, and as Keras's functions
(``activations.relu(x, negative_slope=0.1)``, ``activations.swish``, ...).

A program gets Keras's functions (`get`), whose result it may change in place as TensorFlow's
immutable tensors allow (those whose result autograd keeps hand out a copy while gradients
flow); a layer holds the same function and computes with its `fast` twin.

Example:
    >>> import torch
    >>> get("relu")(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import torch
from torch.nn import functional as F

from . import saving
from ._keras_rules import tf_keras_rules
from .graph import SymbolicTensor

Activation = Callable[[torch.Tensor], torch.Tensor]


def _records(op: str, name: str | None = None) -> Callable[[Activation], Activation]:
    """Keras's activation function, which on a functional model's symbolic tensor records the
    op ``ops.<op>`` (every argument given, defaults included), as Keras 3's do:
    ``keras.activations.relu(layers.Add()(skips))`` in a functional model. On a tensor it
    computes, one type check later; anything else (a numpy array, a list, a number) is made a
    tensor first, as Keras's ``ops`` do (``keras.activations.swish(np_array)``). (The layers
    hold torch's own functions, see `get`.)"""

    def decorate(function: Activation) -> Activation:
        ours = function.__module__ == __name__  # else torch's own: its arguments are not Keras's
        signature = inspect.signature(function) if ours else None

        @functools.wraps(function)
        def activation(x: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(x, torch.Tensor):
                return function(x, *args, **kwargs)
            if type(x) is not SymbolicTensor:
                return function(_tensor(x), *args, **kwargs)
            from . import ops  # ops imports this module

            if signature is None:
                return getattr(ops, op)(x, *args, **kwargs)
            arguments = signature.bind(x, *args, **kwargs)
            arguments.apply_defaults()
            return getattr(ops, op)(**arguments.arguments)

        if not ours:  # named as this module's attribute, so that pickle finds it where it is
            activation.__module__, activation.__qualname__ = __name__, name or op
            activation.__name__ = name or op
            activation.__doc__ = f"Keras's ``{name or op}``: torch's ``{function.__name__}``."
        return activation

    return decorate


def _tensor(x: Any) -> Any:
    """``x`` itself where it is a tensor (a functional model's symbolic one too), else a tensor
    made of it (a numpy array, a list, a number) as Keras's ``ops`` make one."""
    if isinstance(x, torch.Tensor) or type(x) is SymbolicTensor:
        return x
    from . import ops  # ops imports this module

    return ops.convert_to_tensor(x)


def fast_relu(
    x: torch.Tensor, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0
) -> torch.Tensor:
    """Keras's ``relu``: ``x`` above ``threshold`` (capped at ``max_value``), else
    ``negative_slope * (x - threshold)``; with the defaults, ``max(x, 0)``. `relu` as a layer
    computes it (the `ReLU` layer, with its options): its result not copied (see `get`).

    Example:
        >>> fast_relu(torch.tensor([-2.0, 0.5, 3.0]), negative_slope=0.1, max_value=2.0)
        tensor([-0.2000,  0.5000,  2.0000])
    """
    x = _tensor(x)
    if type(x) is SymbolicTensor:
        return _symbolic_relu(x, negative_slope, max_value, threshold)
    if not negative_slope and max_value is None and not threshold:
        return torch.relu(x)
    if negative_slope and max_value is None and not threshold:
        return F.leaky_relu(x, negative_slope)
    y = torch.where(x > threshold, x, 0.0) if threshold else torch.relu(x)
    if max_value is not None:  # Keras clips to [0, max_value]: a negative threshold's range too
        y = y.clamp(min=0.0, max=max_value)
    return y - negative_slope * torch.relu(threshold - x) if negative_slope else y


def _symbolic_relu(
    x: SymbolicTensor, negative_slope: float, max_value: float | None, threshold: float
) -> Any:
    """`relu` on a functional model's tensor: ``ops.relu`` with the defaults, else Keras's
    ``ReLU`` layer, which computes it with the options."""
    from . import ops
    from .layers import ReLU

    if not negative_slope and max_value is None and not threshold:
        return ops.relu(x)
    return ReLU(negative_slope=negative_slope, max_value=max_value, threshold=threshold)(x)


@_records("elu")
def elu(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Keras's ``elu``: ``x`` where positive, else ``alpha * (exp(x) - 1)``."""
    return F.elu(x, alpha)


@_records("gelu")
def gelu(x: torch.Tensor, approximate: bool = False) -> torch.Tensor:
    """Keras's ``gelu``: ``x * Phi(x)``, exact (``erf``) or, with ``approximate``, the tanh form."""
    return F.gelu(x, approximate="tanh" if approximate else "none")


@_records("celu")
def celu(x: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Keras's ``celu``: ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``."""
    return F.celu(x, alpha)


@_records("soft_shrink")
def soft_shrink(x: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Keras's ``soft_shrink``: ``x - threshold``, ``x + threshold`` or 0 within it."""
    return F.softshrink(x, threshold)


@_records("hard_shrink")
def hard_shrink(x: torch.Tensor, threshold: float = 0.5) -> torch.Tensor:
    """Keras's ``hard_shrink``: ``x`` where ``|x| > threshold``, else 0."""
    return F.hardshrink(x, threshold)


@_records("threshold")
def threshold(x: torch.Tensor, threshold: float, default_value: float) -> torch.Tensor:
    """Keras's ``threshold``: ``x`` where ``x > threshold``, else ``default_value`` (a function
    of arguments: not an activation by name)."""
    return torch.where(x > threshold, x, default_value)


# Keras's activations without options: torch's own functions, under Keras's names (`get` gives
# the layers the torch function itself).
_tanh = _records("tanh")(torch.tanh)
selu = _records("selu")(F.selu)
softplus = _records("softplus")(F.softplus)
softsign = _records("softsign")(F.softsign)
silu = swish = _records("silu")(F.silu)
_exponential = _records("exp", "exponential")(torch.exp)
relu6 = _records("relu6")(F.relu6)
hard_tanh = _records("hard_tanh")(F.hardtanh)
tanh_shrink = _records("tanh_shrink")(F.tanhshrink)
log_sigmoid = _records("log_sigmoid")(F.logsigmoid)


def _linear(x: torch.Tensor) -> torch.Tensor:
    """The identity, Keras's ``"linear"`` (and ``activation=None``)."""
    return x


@_records("sigmoid")
def _sigmoid(x: torch.Tensor) -> torch.Tensor:
    """``1 / (1 + exp(-x))``, Keras's ``"sigmoid"``.

    The result remembers its logits (``_keras_logits``), as Keras's does, so that binary
    crossentropy works from the logits the way Keras on TensorFlow does (a saturated output
    with logit 20 costs 20, not the ``-log(1e-7)`` of its clipped probability). A recurrent
    cell's gates (``recurrent_activation="sigmoid"``) get ``torch.sigmoid`` itself (see `get`).

    Example:
        >>> y = _sigmoid(torch.tensor([20.0]))
        >>> y, y._keras_logits
        (tensor([1.]), tensor([20.]))
    """
    probabilities = torch.sigmoid(x)
    probabilities._keras_logits = x
    return probabilities


@_records("softmax")
def _softmax(x: torch.Tensor, axis: int = -1) -> torch.Tensor:
    """Softmax over ``axis`` (the last by default), as Keras's ``"softmax"``.

    The result remembers its logits (``_keras_logits``), as Keras's does, so that a
    crossentropy loss can work from the logits the way Keras on TensorFlow does.
    """
    probabilities = torch.softmax(x, dim=axis)
    probabilities._keras_logits = x
    return probabilities


@_records("hard_sigmoid")
def hard_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """``relu6(x + 3) / 6``, Keras 3's ``"hard_sigmoid"`` (see `hard_sigmoid_keras2` for Keras 2's)."""
    return F.relu6(x + 3.0) / 6.0


def hard_sigmoid_keras2(x: torch.Tensor) -> torch.Tensor:
    """``clip(0.2 x + 0.5, 0, 1)``: ``"hard_sigmoid"`` as tf-keras and Keras 2 define it (Keras 3
    changed the slope to 1/6), the default ``recurrent_activation`` of LSTM and GRU until Keras
    2.3. A Keras 2 HDF5 file's ``"hard_sigmoid"`` loads as this; pass it by name
    (``"hard_sigmoid_keras2"``) where a Keras 2 program's ``"hard_sigmoid"`` is meant."""
    return torch.clamp(_tensor(x) * 0.2 + 0.5, 0.0, 1.0)


@_records("hard_silu")
def hard_silu(x: torch.Tensor) -> torch.Tensor:
    """``x * hard_sigmoid(x)``, Keras's ``"hard_silu"`` (``"hard_swish"``)."""
    return x * hard_sigmoid(x)


hard_swish = hard_silu  # Keras's other name of the function (keras.activations.hard_swish)


@_records("leaky_relu")
def leaky_relu(x: torch.Tensor, negative_slope: float = 0.2) -> torch.Tensor:
    """``x`` where positive, else ``negative_slope * x``: Keras's ``"leaky_relu"`` (its default
    slope 0.2, not PyTorch's 0.01)."""
    return F.leaky_relu(x, negative_slope)


def mish(x: torch.Tensor) -> torch.Tensor:
    """``x * tanh(softplus(x))``, Keras's ``"mish"`` (on a functional model's tensor too: its
    two ops and the product are recorded)."""
    x = _tensor(x)
    return x * _tanh(softplus(x))


@_records("log_softmax")
def _log_softmax(x: torch.Tensor, axis: int = -1) -> torch.Tensor:
    """Log of the softmax over ``axis`` (the last by default), Keras's ``"log_softmax"``."""
    return torch.log_softmax(x, dim=axis)


@_records("glu")
def glu(x: torch.Tensor, axis: int = -1) -> torch.Tensor:
    """``a * sigmoid(b)`` for the two halves ``a, b`` of ``axis`` (the last by default), Keras's ``"glu"``."""
    return F.glu(x, dim=axis)


@_records("sparse_plus")
def sparse_plus(x: torch.Tensor) -> torch.Tensor:
    """0 up to -1, ``(x + 1)^2 / 4`` up to 1, then ``x``: Keras's ``"sparse_plus"``."""
    return torch.where(x <= -1, 0.0, torch.where(x < 1, 0.25 * (x + 1) ** 2, x))


@_records("sparse_sigmoid")
def sparse_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """0 up to -1, ``(x + 1) / 2`` up to 1, then 1: Keras's ``"sparse_sigmoid"``."""
    return torch.where(x <= -1, 0.0, torch.where(x >= 1, 1.0, 0.5 * (x + 1)))


@_records("squareplus")
def squareplus(x: torch.Tensor, b: float = 4.0) -> torch.Tensor:
    """``(x + sqrt(x^2 + b)) / 2``, Keras's ``"squareplus"`` (default ``b=4``)."""
    return (x + torch.sqrt(x * x + b)) / 2


@_records("sparsemax")
def sparsemax(x: torch.Tensor) -> torch.Tensor:
    """The Euclidean projection of the last axis onto the probability simplex (Martins and
    Astudillo, 2016): ``max(x - tau, 0)``, with ``tau`` making each row sum to 1.

    Keras 3.15's ``"sparsemax"`` computes ``tau`` from the sum of the running sums over the
    support instead of the sum of the support (``[1, 0.9, 0]`` gives ``[0.05, 0, 0]``, which does
    not sum to 1, where the projection is ``[0.55, 0.45, 0]``); this is the projection.

    Example:
        >>> sparsemax(torch.tensor([1.0, 0.9, 0.0]))
        tensor([0.5500, 0.4500, 0.0000])
    """
    ordered = torch.sort(x, dim=-1, descending=True).values
    running = ordered.cumsum(dim=-1)
    rank = torch.arange(1, x.shape[-1] + 1, dtype=x.dtype, device=x.device)
    support = ordered - (running - 1) / rank > 0  # the k largest values stay in
    k = support.sum(dim=-1, keepdim=True)
    tau = (running.gather(-1, k - 1) - 1) / k
    return torch.clamp(x - tau, min=0.0)


# What a layer computes for each name (`fast`): torch's own functions where Keras's compute the
# same numbers, which the fused kernels know.
_BY_NAME: dict[str, Activation] = {
    "linear": _linear,
    "tanh": torch.tanh,
    "sigmoid": _sigmoid,
    "relu": torch.relu,
    "softmax": _softmax,
    "elu": F.elu,
    "selu": F.selu,
    "gelu": F.gelu,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "swish": F.silu,
    "silu": F.silu,
    "exponential": torch.exp,
    "hard_sigmoid": hard_sigmoid,
    "hard_sigmoid_keras2": hard_sigmoid_keras2,
    "hard_silu": hard_silu,
    "hard_swish": hard_silu,
    "leaky_relu": leaky_relu,
    "relu6": F.relu6,
    "mish": mish,
    "log_softmax": _log_softmax,
    "celu": F.celu,
    "glu": glu,
    "hard_shrink": F.hardshrink,
    "soft_shrink": F.softshrink,
    "hard_tanh": F.hardtanh,
    "tanh_shrink": F.tanhshrink,
    "log_sigmoid": F.logsigmoid,
    "sparse_plus": sparse_plus,
    "sparse_sigmoid": sparse_sigmoid,
    "squareplus": squareplus,
    "sparsemax": sparsemax,
}


def own_result(function: Callable[..., Any], name: str, module: str = __name__) -> Callable[..., Any]:
    """``function`` as a program calls it, named ``module.name`` (where pickle finds it): while
    gradients flow, its result is a copy of the tensor autograd keeps to differentiate it (see
    `get`); a symbolic or gradient-free result is returned as it is.

    Example:
        >>> halved = own_result(torch.sigmoid, "halved")
        >>> x = torch.zeros(2, requires_grad=True)
        >>> y = halved(x)
        >>> y -= 1.0  # changes the copy, not the tensor autograd keeps: backward still works
        >>> y.sum().backward(); x.grad
        tensor([0.2500, 0.2500])
    """

    @functools.wraps(function)
    def activation(x: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(x, *args, **kwargs)
        if type(result) is not torch.Tensor or not result.requires_grad:
            return result
        copy = result.clone()
        logits = getattr(result, "_keras_logits", None)
        if logits is not None:  # what sigmoid and softmax hand the crossentropy losses
            copy._keras_logits = logits
        return copy

    activation.__module__, activation.__name__, activation.__qualname__ = module, name, name
    return activation


# Keras's functions whose result autograd keeps (or, for linear, is the input itself), as a
# program calls them; a layer holding one computes with its `fast` twin.
linear = own_result(_linear, "linear")
sigmoid = own_result(_sigmoid, "sigmoid")
softmax = own_result(_softmax, "softmax")
log_softmax = own_result(_log_softmax, "log_softmax")
tanh = own_result(_tanh, "tanh")
exponential = own_result(_exponential, "exponential")
relu = own_result(fast_relu, "relu")
# What `get` gives for each name: this module's function of that name where it has one.
_PUBLIC: dict[str, Activation] = {
    name: globals()[name] if callable(globals().get(name)) else function
    for name, function in _BY_NAME.items()
}
# Keras 3's name for it (``keras.src.activations.ALL_OBJECTS_DICT``, `statefulrnn.src`): a
# function a program writes there under a name is what `get` gives for that name, as in Keras.
ALL_OBJECTS_DICT = _PUBLIC
# Keras's functions that take options, with the torch function their defaults compute, and
# Keras's names for torch's functions, with the function (which the fused kernels know).
_TORCH_NAMED = (
    _tanh, selu, softplus, softsign, silu, _exponential, relu6, hard_tanh, tanh_shrink, log_sigmoid
)  # fmt: skip
_FAST: dict[Activation, Activation] = {
    **{_PUBLIC[name]: function for name, function in _BY_NAME.items()},
    relu: torch.relu, elu: F.elu, gelu: F.gelu, celu: F.celu,
    soft_shrink: F.softshrink, hard_shrink: F.hardshrink,
    **{alias: alias.__wrapped__ for alias in _TORCH_NAMED},
}  # fmt: skip
# The names Keras 3 knows (all of the above but our own name for Keras 2's hard_sigmoid): what a
# Keras 3 file may carry.
KERAS3_NAMES = frozenset(_BY_NAME) - {"hard_sigmoid_keras2"}


def fast(activation: Activation) -> Activation:
    """What a layer holding ``activation`` computes with: the function itself, or for Keras's
    own functions their twin computing the same numbers without copying the result (torch's
    own function where one does, which the fused kernels know). The layers call
    ``fast(self.activation)``, so that ``layer.activation`` stays Keras's function
    (``Dense(3, activation="softmax").activation is keras.activations.softmax``, as in Keras).

    Example:
        >>> fast(get("tanh")) is torch.tanh, fast(abs) is abs
        (True, True)
    """
    return _FAST.get(activation, activation)


def get(identifier: str | dict[str, Any] | Activation | None) -> Activation:
    """Return Keras's activation function named ``identifier`` (``linear`` for None), the
    callable ``identifier`` itself, or the function Keras 3's ``{"class_name": "function",
    "config": "package>name", ...}`` names (a built-in, or the program's own registered one:
    `statefulrnn.saving`), as Keras's.

    The functions whose result autograd keeps to differentiate them (``sigmoid``,
    ``softmax``, ``log_softmax``, ``tanh``, ``exponential``, ``relu``; and ``linear``, whose
    result is its input) return a copy of it while gradients flow: a program changes its
    result in place (``e = self.activation(e); e -= 10000.0 * mask``, where TensorFlow's
    immutable tensors make ``-=`` bind a new tensor), and torch would change the very tensor
    autograd kept, so that ``backward`` failed. A layer computes with `fast`'s twin instead.

    Raises:
        ValueError: for an unknown name, listing the known ones.
        TypeError: for anything that is neither a string, a callable nor None.

    Example:
        >>> get("softmax") is softmax, get(abs) is abs
        (True, True)
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, dict):
        return get(saving.deserialize_keras_object(identifier))
    if not isinstance(identifier, str):
        raise TypeError(f"activation must be a name such as 'tanh' or a callable. Received: {identifier!r}")
    if identifier == "hard_sigmoid" and tf_keras_rules():
        identifier = "hard_sigmoid_keras2"  # tf-keras's hard_sigmoid (statefulrnn.config.set_keras_rules)
    try:
        return _PUBLIC[identifier]
    except KeyError:
        raise ValueError(
            f"Unknown activation {identifier!r}. Known names: {', '.join(sorted(_BY_NAME))}; "
            f"or pass any callable tensor -> tensor."
        ) from None


def serialize(activation: Activation) -> str | dict[str, Any]:
    """Keras's ``activations.serialize``: a built-in activation's name, a program's function as
    Keras 3's ``{"class_name": "function", "config": name, ...}``, which `deserialize` (given
    the function in ``custom_objects`` or registered) reads back.

    Raises:
        TypeError: not a callable (None included, as in Keras).

    Example:
        >>> serialize(get(None)), serialize(torch.sigmoid)
        ('linear', 'sigmoid')
    """
    if not callable(activation):
        raise TypeError(f"activations.serialize takes an activation function. Received: {activation!r}")
    name = name_of(activation)
    return name if name is not None else saving.serialize_keras_object(activation)


def deserialize(config: str | dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Activation:
    """Keras's ``activations.deserialize``: the function a `serialize` result names, looked for
    in ``custom_objects``, an open `custom_object_scope` and the registry first, then among the
    built-ins (`get`).

    Example:
        >>> deserialize("relu") is relu
        True
    """
    found = saving.named_custom_object(config, custom_objects)
    return found if found is not None else get(config)


def name_of(activation: Activation) -> str | None:
    """The Keras name of a built-in activation (``torch.sigmoid`` too), or None for a user
    callable."""
    if activation is torch.sigmoid:  # the same numbers, without the logits
        return "sigmoid"
    activation = fast(activation)
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    return None
