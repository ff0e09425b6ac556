"""Models written the Keras 3 way, by subclassing `Model`: layers made in ``__init__``, the
computation in ``call(self, inputs, training=None)``.

``class Forecaster(Model)`` with ``super().__init__(**kwargs)``, layers set as attributes and a
``call`` runs as Keras runs it: ``compile``, ``fit``, ``evaluate``, ``predict``, the state API
(``reset_states``, stateful layers anywhere in it), ``summary`` once built, ``save_weights`` and
``load_weights``. A call that fails leaves every state as it was (the call runs in a state
journal, as a functional model's does). ``mask=`` and ``resets=`` reach ``call`` when it takes
them (a ragged `SequenceBatcher`'s chunks need them; a ``call`` without them is refused such
chunks, naming the argument). The graph is Python code, so the config of such a model is its
constructor's arguments (`keras_config`, Keras 3's automatic ``get_config``, or the class's own
``get_config``), and a file names the class: ``save`` (``.keras`` or statefulrnn's own file) and
``load_model`` with the class in ``custom_objects`` (or registered) give the model back, its
weights, optimizer and compile arguments with it. ``model.build(input_shape)`` calls the model on stand-in
inputs of that shape (None sizes included), as tf-keras's does, so that every sublayer is
built and ``get_weights`` lists the weights in Keras's order; the call changes no state (see
`shape_trace`), and where it fails a warning names the model and the shape, and the sublayers
are built at the first real call, as Keras 3's ``build`` leaves them.

Example:
    >>> from statefulrnn import Model, layers
    >>> class Forecaster(Model):
    ...     def __init__(self, **kwargs):
    ...         super().__init__(**kwargs)
    ...         self.rnn = layers.GRU(4, return_sequences=True)
    ...         self.head = layers.Dense(1)
    ...     def call(self, inputs):
    ...         return self.head(self.rnn(inputs)[:, -1])
    >>> model = Forecaster()
    >>> model(torch.ones(2, 5, 3)).shape, [type(layer).__name__ for layer in model.layers]
    (torch.Size([2, 1]), ['GRU', 'Dense'])
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from torch import nn

from ..layers._config import overrides
from ..layers.base import BUILDING_FOR_A_CALL, once_per_shape
from ..layers.shape_trace import output_shape_by_call
from ..state import restore_on_error


def journaled(forward: Callable[..., Any]) -> Callable[..., Any]:
    """A subclass's ``forward`` (its ``call``) run in a state journal: a call that fails leaves
    every stateful layer's state as it was."""

    @functools.wraps(forward)
    def run(self: nn.Module, *args: Any, **kwargs: Any) -> Any:
        with restore_on_error():
            return forward(self, *args, **kwargs)

    return run


def output_shape(model: nn.Module, input_shape: Any) -> Any:
    """A subclassed model's ``compute_output_shape``: found by calling it on stand-in inputs of
    ``input_shape``, which builds every sublayer, as tf-keras's ``model.build(input_shape)``
    does (Keras 3's only marks the model built); once per shape (`shape_trace`). None before
    the model is built, and while its first real call builds it (that call builds the rest);
    None too, with a warning, where the call fails on stand-in inputs or a stateful layer
    needs the batch size (see `shape_trace.output_shape_by_call`)."""
    if not model.built or BUILDING_FOR_A_CALL in model.__dict__:
        return None
    return once_per_shape(model, input_shape, output_shape_by_call)


def child_layers(model: nn.Module) -> list[nn.Module]:
    """The layers a subclassed model holds as attributes (each of a list or dict of them), in
    the order they were set: Keras's ``model.layers``."""
    found: list[nn.Module] = []
    for module in model.children():
        if isinstance(module, nn.ModuleList):
            found.extend(module)
        elif isinstance(module, nn.ModuleDict):
            found.extend(module.values())
        else:
            found.append(module)
    return found


def keras_config(model: nn.Module, what: str = "get_config") -> dict[str, Any]:
    """A subclassed model's ``get_config``, by Keras 3's rule for a class without its own: its
    name, the arguments its constructor was called with (by name, defaults filled in, ``**kwargs``
    spread out), ``trainable`` and ``dtype``, so that ``cls(**config)`` makes its twin. A class
    with a ``get_config`` of its own that asks ``super().get_config()`` gets the first and the
    last two, to add its arguments to. ``what`` names the call in the error.

    Better than Keras 3.15, which records the constructor's defaults in place of the values given
    (a ``WideAndDeepModel(8)`` comes back with 30 units and its weights fail to load); tf-keras
    records the values given, as here.

    Raises:
        NotImplementedError: an argument that is not text, a number, a bool or None (nested in
            lists and dicts), or positional values caught by ``*args``: no config holds it (the
            message names the class and says what to write).

    Example:
        >>> from statefulrnn import Model, layers
        >>> class Forecaster(Model):
        ...     def __init__(self, units=4, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.head = layers.Dense(units)
        ...     def call(self, inputs):
        ...         return self.head(inputs)
        >>> Forecaster(2, name="f").get_config()
        {'name': 'f', 'units': 2, 'trainable': True, 'dtype': 'float32'}
    """
    config: dict[str, Any] = {"name": model.name}
    if not overrides(type(model), "get_config"):
        arguments, refusal = _constructor_arguments(model)
        if refusal:
            raise no_config(model, what, refusal)
        config.update(arguments)
        init = inspect.signature(type(model).__init__).parameters
        takes_kwargs = "kwargs" in init and init["kwargs"].kind is inspect.Parameter.VAR_KEYWORD
        if "name" not in init and not takes_kwargs:  # cls(**config) could not take it back
            del config["name"]
    config.update(trainable=bool(model.trainable), dtype=model.dtype)
    return config


def _constructor_arguments(model: nn.Module) -> tuple[dict[str, Any], str | None]:
    """The arguments of the outermost constructor call of ``model`` by name (Keras 3's
    ``Operation.__new__``), and why no config can hold them, or None."""
    from .functional import Model  # which imports this module

    calls = model.__dict__.get("_init_calls") or [(Model, (), {})]
    cls, args, kwargs = calls[0]
    if cls is Model:  # no __init__ of the program's: Keras's Model(*args, **kwargs)
        if args:
            return {}, f"positional arguments {args!r} given to a constructor taking only keywords"
        arguments = dict(kwargs)
    else:
        signature = inspect.signature(cls.__dict__["__init__"])
        parameters = list(signature.parameters.values())[1:]
        if any(parameter.kind is inspect.Parameter.POSITIONAL_ONLY for parameter in parameters):
            return {}, "a constructor with positional-only parameters"
        bound = signature.bind(None, *args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        del arguments[next(iter(signature.parameters))]  # self
        for parameter in parameters:
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                arguments.update(arguments.pop(parameter.name))
            elif parameter.kind is inspect.Parameter.VAR_POSITIONAL and arguments.pop(parameter.name):
                return {}, f"values caught by *{parameter.name}"
    arguments.pop("name", None)  # the model's own name stands first
    for key, value in arguments.items():
        if not _plain(value):
            return {}, f"the argument {key}={_short(value)}, which is not text, a number, a bool or None"
    return arguments, None


def _plain(value: Any) -> bool:
    """Keras 3's test for an automatic config: only text, numbers, bools and None, in lists,
    tuples and dicts."""
    if isinstance(value, (list, tuple)):
        return all(map(_plain, value))
    if isinstance(value, dict):
        return all(map(_plain, value.values()))
    return value is None or isinstance(value, (str, int, float, bool))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def from_config(cls: type, config: dict[str, Any]) -> nn.Module:
    """A subclassed model from its config, as Keras 3's ``Model.from_config`` makes one whose
    config is not a graph: ``cls(**config)``.

    Raises:
        TypeError: the class does not take the config's arguments (what to override is said).
    """
    try:
        return cls(**config)
    except TypeError as error:
        raise TypeError(
            f"Unable to revive model {cls.__name__} from config: the config must hold every argument "
            f"of its constructor (what get_config() returns by default); a get_config() of its own "
            f"needs a from_config(cls, config) classmethod where cls(**config) cannot take it. "
            f"Received config={config}. Error: {error}"
        ) from None


def no_config(model: nn.Module, what: str, why: str) -> NotImplementedError:
    """The error of ``what`` (``save``, ``get_config``, ...) on a subclassed model that no
    config describes, because ``why``."""
    cls = type(model).__name__
    return NotImplementedError(
        f"{what}: model '{model.name}' is a subclass of Model ({cls}) made with {why}, so no config "
        f"describes it. Give {cls} a get_config() returning its constructor's arguments as text, "
        f"numbers and lists (and a from_config(cls, config) classmethod where cls(**config) cannot "
        f"rebuild it), or save its weights (model.save_weights(path)) and rebuild it in code, then "
        f"load_weights."
    )


__all__ = ["child_layers", "from_config", "journaled", "keras_config", "no_config", "output_shape"]
