"""A `Lambda`'s functions in its config, written as Keras writes them and read back without
running a file's code.

Keras writes a Lambda's ``function`` (and an ``output_shape`` or ``mask`` given as a function)
into the layer's config as Python itself. Keras 3 writes a ``lambda`` as its bytecode,
``{"class_name": "__lambda__", "config": {"code": base64 of marshal, "defaults": ...,
"closure": ...}}``, and a named function by its name; tf-keras writes every function as bytecode,
``[code, defaults, closure]`` beside ``"function_type": "lambda"`` (a name beside
``"function"``). Keras runs that bytecode when it loads the file (Keras 3 only with
``safe_mode=False``): statefulrnn never does, nor unmarshals it.

Instead the function of a config is found among the program's own. Every function given to a
`Lambda` in this process is noted (weakly: a function no layer holds is forgotten), and an
entry is the noted function whose own dump holds exactly the entry's code, defaults and closure:
the file's text is compared as text. A named entry is found by its name among the objects the
loading program hands over (``custom_objects``, `saving.custom_object_scope`, the registry), as
in Keras, then among the noted functions of that name. So a program that saves a model with
Lambda layers (a `ModelCheckpoint`) and loads the file again, in the same run, loads it, as
tf-keras does; a file from elsewhere loads once the program has made its Lambda layers (its
functions compile to the same code where they come from the same line of the same file, in the
same Python version), and is otherwise refused, naming the layer and the way to load it.

Example:
    >>> scale = 3.0
    >>> triple = lambda x: x * scale  # noqa: E731
    >>> note(triple)
    >>> entry = function_entry(triple)
    >>> entry["class_name"], resolved(entry, "layer 'f'", "function") is triple
    ('__lambda__', True)
"""

from __future__ import annotations

import codecs
import marshal
import os
import types
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

# The functions given to Lambda layers in this process, by id, the latest given last: what a
# config's code may name. Weakly held: a function no layer holds any more is forgotten.
_NOTED: dict[int, weakref.ref[types.FunctionType]] = {}
# The arguments of Lambda that may hold a function, and tf-keras's key beside each that says
# how it is written ("lambda": bytecode, "function": a name, "raw": a value).
FUNCTION_ARGUMENTS = {"function": "function_type", "output_shape": "output_shape_type", "mask": "mask_type"}
# tf-keras's keys beside them that name the function's Python module (never imported here).
_TF_KERAS_MODULE_KEYS = ("module", "output_shape_module", "mask_module")
_LAMBDA = "__lambda__"


def note(function: Any) -> None:
    """Note ``function`` (given to a Lambda) as one a config's code may name."""
    if isinstance(function, types.FunctionType):
        key = id(function)
        _NOTED.pop(key, None)
        _NOTED[key] = weakref.ref(function, lambda _, key=key: _NOTED.pop(key, None))


def _noted() -> list[types.FunctionType]:
    """The noted functions still alive, the latest given first."""
    alive = (reference() for reference in reversed(list(_NOTED.values())))
    return [function for function in alive if function is not None]


def function_entry(function: Callable[..., Any]) -> Any:
    """``function`` as Keras 3's ``Lambda.get_config`` writes it: a ``lambda`` as its bytecode
    entry, a named function (or a callable with ``get_config``) as `saving.serialize_keras_object`
    writes it; a callable with neither (a ``functools.partial``) as it is, which a model file
    then refuses, naming it."""
    from .. import saving

    if isinstance(function, types.FunctionType) and function.__name__ == "<lambda>":
        code, defaults, closure = _dump(function)
        return {"class_name": _LAMBDA, "config": {"code": code, "defaults": defaults, "closure": closure}}
    try:
        return saving.serialize_keras_object(function)
    except TypeError:
        return function


def resolved_config(config: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A Lambda's ``config`` (Keras 3's, tf-keras's or `Lambda.get_config`'s) with each function
    entry replaced by the program's function it names (`resolved`) and tf-keras's keys that
    say how each is written taken out.

    Raises:
        ValueError: an entry no function of the program's matches, named (see `resolved`).
    """
    config = dict(config)
    for key in _TF_KERAS_MODULE_KEYS:
        config.pop(key, None)
    for argument, type_key in FUNCTION_ARGUMENTS.items():
        written = config.pop(type_key, None)
        if argument in config:
            config[argument] = resolved(config[argument], where, argument, written)
    return config


def resolved(entry: Any, where: str, argument: str, written: str | None = None) -> Any:
    """The function ``entry`` (one of a Lambda config's function entries) names, or the value
    itself where it is no function (None, a shape, a function already).

    ``written`` is tf-keras's type key beside it (``"lambda"``, ``"function"``, ``"raw"``).

    Raises:
        ValueError: bytecode that no noted function dumps to, or a name nothing handed over or
            noted holds: the message names the layer and how to load it.
    """
    if entry is None or callable(entry) or written == "raw":
        return entry
    if isinstance(entry, Mapping) and entry.get("class_name") == _LAMBDA:
        inner = entry.get("config")
        if not isinstance(inner, Mapping) or not isinstance(inner.get("code"), str):
            raise ValueError(f"{where}: its {argument} entry holds no code string. Received: {entry!r}")
        return _by_code(inner["code"], inner.get("defaults"), inner.get("closure"), where, argument)
    if written == "lambda" and isinstance(entry, (list, tuple)) and len(entry) == 3:
        return _by_code(*entry, where, argument)
    if isinstance(entry, Mapping) and entry.get("class_name") == "function":
        return _by_name(entry, where, argument)
    if written == "function" and isinstance(entry, str):
        return _by_name(entry, where, argument)
    if argument == "output_shape" and isinstance(entry, (list, tuple)):
        return entry
    raise ValueError(f"{where}: its {argument} is no function or value Keras writes. Received: {entry!r}")


def _dump(function: types.FunctionType) -> tuple[str, Any, Any]:
    """Keras's ``func_dump``: the base64 of the function's marshalled code, its defaults and
    its closure's values."""
    raw = marshal.dumps(function.__code__)
    if os.name == "nt":  # as Keras writes it there
        raw = raw.replace(b"\\", b"/")
    code = codecs.encode(raw, "base64").decode("ascii")
    closure = tuple(cell.cell_contents for cell in function.__closure__) if function.__closure__ else None
    return code, function.__defaults__, closure


def _by_code(code: str, defaults: Any, closure: Any, where: str, argument: str) -> Callable[..., Any]:
    # Functions with the same dump do the same; the latest given is taken.
    for function in _noted():
        mine = _dump(function)
        if mine[0] == code and _same(defaults, mine[1]) and _same(closure, mine[2]):
            return function
    raise ValueError(
        f"{where}: its {argument} is Python bytecode (a lambda), which statefulrnn never runs from a "
        f"file, and no function of this program's Lambda layers has the same code, defaults and "
        f"closure. Make the model's Lambda layers in this program before loading (the file's lambda is "
        f"then the program's own), or build the model in code and load the file's weights into it "
        f"(load_weights)."
    )


def _by_name(entry: Any, where: str, argument: str) -> Callable[..., Any]:
    from .. import saving

    found = saving.named_custom_object(entry)
    if callable(found):
        return found
    name = entry.get("config") if isinstance(entry, Mapping) else entry
    base = name.rpartition(">")[2] if isinstance(name, str) else None
    noted = [function for function in _noted() if function.__name__ == base]
    if noted and all(_same(_dump(function), _dump(noted[0])) for function in noted[1:]):
        return noted[0]  # one function, or the same one made again (a model built twice): the latest
    why = "different functions of this program's Lambda layers have it" if noted else "none was handed over"
    raise ValueError(
        f"{where}: its {argument} is the function {name!r}, and {why}: pass it to the load "
        f"(custom_objects={{{base!r}: {base}}}) or register it with "
        f"@statefulrnn.saving.register_keras_serializable(). A file never imports code."
    )


def _same(written: Any, mine: Any) -> bool:
    """Whether ``written`` (a default or closure value as a config holds it: tuples as lists
    once through JSON) is ``mine``: the same object, or equal plain data."""
    if written is mine:
        return True
    if isinstance(mine, np.generic):
        mine = mine.item()
    if isinstance(mine, (list, tuple)):
        return (
            isinstance(written, (list, tuple))
            and len(written) == len(mine)
            and all(map(_same, written, mine))
        )
    if isinstance(mine, dict):
        return (
            isinstance(written, dict)
            and written.keys() == mine.keys()
            and all(_same(written[key], mine[key]) for key in mine)
        )
    plain = (type(None), bool, int, float, str)
    return type(mine) in plain and type(written) is type(mine) and written == mine
