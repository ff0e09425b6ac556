"""Keyword arguments that Keras programs give a model's ``compile``/``fit``/``evaluate``/... and
that these methods do not take: the error says what to write instead, where Python would say
only "got an unexpected keyword argument".

`keras_arguments` wraps such a method and leaves its signature alone: ``inspect.signature`` and
``help`` show its real parameters, and an unknown keyword costs nothing until one is given.

Example:
    >>> from statefulrnn import Dense, Sequential
    >>> model = Sequential([Dense(1, input_shape=(2,))])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> model.fit(np.zeros((4, 2)), np.zeros((4, 1)), epoch=2, verbose=0)
    Traceback (most recent call last):
    ...
    TypeError: Sequential.fit() got an unknown argument epoch=2. Did you mean epochs=?
"""

from __future__ import annotations

import difflib
import functools
import inspect
import reprlib
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from .._tf_only import TF_ONLY_HINTS

P = ParamSpec("P")
R = TypeVar("R")

_PARALLEL_LOADING = (
    "Keras 2's options for loading batches from a generator in parallel. Drop them: as in Keras "
    "3, they belong to a PyDataset's constructor (keras.utils.PyDataset / Sequence), which "
    "keeps them but reads batches in the training thread; to load batches in worker processes, "
    "pass a torch DataLoader(..., num_workers=n) of (x, y) batches as x"
)

# Arguments of Keras 1 and 2 (and Keras 3's internal ones) that Keras programs still pass.
_HINTS: dict[str, str] = {
    "workers": _PARALLEL_LOADING,
    "use_multiprocessing": _PARALLEL_LOADING,
    "max_queue_size": _PARALLEL_LOADING,
    "nb_epoch": "write epochs= (Keras 1's name)",
    "sample_weight_mode": "per-step weights need no mode: give fit an (N, T) sample_weight array",
    "target_tensors": "TensorFlow 1 graph targets have no counterpart: give the targets as fit's y",
    "experimental_run_tf_function": "a TensorFlow 2.0-2.1 option with no counterpart: drop it",
    "use_cached_eval_dataset": "an option Keras's fit gives its own evaluate calls: drop it",
    **TF_ONLY_HINTS,
}


def keras_arguments(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` (of a model), refusing a keyword it does not take with a hint: what a Keras
    argument becomes here, or the parameter a misspelling was meant to be.

    Raises:
        TypeError: from the wrapped method, for a keyword argument it does not take.
    """
    parameters = inspect.signature(method).parameters.values()
    names = tuple(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    accepted = frozenset(names)

    @functools.wraps(method)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs and not accepted.issuperset(kwargs):
            _refuse(f"{type(args[0]).__name__}.{method.__name__}()", kwargs, names)
        return method(*args, **kwargs)

    return checked


def _refuse(owner: str, kwargs: dict[str, Any], names: tuple[str, ...]) -> None:
    name = next(key for key in kwargs if key not in names)
    message = f"{owner} got an unknown argument {name}={reprlib.repr(kwargs[name])}."
    known = [other for other in names if other != "self"]
    close = difflib.get_close_matches(name, known, n=1)
    if name in _HINTS:
        message += f" Hint: {_HINTS[name]}."
    elif close:
        message += f" Did you mean {close[0]}=?"
    else:
        message += f" It takes: {', '.join(known)}."
    raise TypeError(message)
