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
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import numpy as np

from .._program_line import programs_line
from .._tf_only import TF_ONLY_HINTS

P = ParamSpec("P")
R = TypeVar("R")

# Keras 2's options for loading a generator's batches in parallel, which tf-keras's fit, evaluate
# and predict take, and their defaults there.
LOADING_DEFAULTS = {"max_queue_size": 10, "workers": 1, "use_multiprocessing": False}
_LOADING_METHODS = frozenset({"fit", "evaluate", "predict"})

# Arguments of Keras 1 and 2 (and Keras 3's internal ones) that Keras programs still pass.
_HINTS: dict[str, str] = {
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
            owner = f"{type(args[0]).__name__}.{method.__name__}()"
            kwargs = _keras2_keywords(method.__name__, owner, kwargs)  # type: ignore[assignment]
            if not accepted.issuperset(kwargs):
                _refuse(owner, kwargs, names)
        return method(*args, **kwargs)

    return checked


def _keras2_keywords(method: str, owner: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with Keras 2's keywords that still mean something made Keras 3's: ``compile``'s
    ``sample_weight_mode`` is checked and taken out, ``fit``'s ``nb_epoch`` is ``epochs`` (with
    Keras 2.3's warning), and the loading options of
    ``fit``/``evaluate``/``predict`` are checked and taken out, with a warning where they ask
    for parallel loading (batches are read in the calling thread, in order: the results are
    one worker's, which tf-keras's are with a `Sequence` too).

    Raises:
        TypeError: ``nb_epoch`` and ``epochs`` both, or a loading option of the wrong type.
        ValueError: a ``sample_weight_mode`` Keras 2 did not have.
    """
    kwargs = dict(kwargs)
    if method == "compile" and "sample_weight_mode" in kwargs:
        # Keras 2's declaration that fit's sample_weight is per step, (N, T): fit reads the
        # weights' shape itself, so "temporal" (or None) changes nothing; anything else is wrong.
        mode = kwargs.pop("sample_weight_mode")
        modes = list(mode.values()) if isinstance(mode, dict) else mode if isinstance(mode, list) else [mode]
        if any(value not in (None, "temporal") for value in modes):
            raise ValueError(
                f'{owner}: sample_weight_mode must be None or "temporal" (Keras 2), or a list or dict of '
                f"those per output. Received: sample_weight_mode={mode!r}"
            )
    if method == "fit" and "nb_epoch" in kwargs:
        if "epochs" in kwargs:
            raise TypeError(
                f"{owner} got both epochs= and nb_epoch= (Keras 1's name for it): give epochs= alone."
            )
        warnings.warn(
            "The `nb_epoch` argument in `fit` has been renamed `epochs`.",
            UserWarning,
            stacklevel=programs_line(),
        )
        kwargs["epochs"] = kwargs.pop("nb_epoch")
    if method in _LOADING_METHODS and not LOADING_DEFAULTS.keys().isdisjoint(kwargs):
        loading = {name: kwargs.pop(name) for name in LOADING_DEFAULTS if name in kwargs}
        for name, value in loading.items():
            expected = bool if name == "use_multiprocessing" else int
            if type(value) is not expected and not (expected is int and isinstance(value, np.integer)):
                raise TypeError(f"{owner}: {name} must be {expected.__name__}. Received: {name}={value!r}")
        if loading.get("workers", 1) > 1 or loading.get("use_multiprocessing"):
            warnings.warn(
                f"{owner}: statefulrnn reads batches in the training thread, in order, so "
                f"{', '.join(f'{k}={v!r}' for k, v in loading.items())} change nothing but speed here. "
                "To load batches in worker processes, pass a torch DataLoader(..., num_workers=n) of "
                "(x, y) batches as x.",
                UserWarning,
                stacklevel=programs_line(),
            )
    return kwargs


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
