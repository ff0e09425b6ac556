"""Keras 2's model methods that Keras 3 dropped, as Keras 2 programs call them.

`GeneratorMethods` (every model): ``fit_generator``, ``evaluate_generator`` and
``predict_generator`` with tf-keras 2.21's arguments and defaults and its warning, forwarding to
``fit``, ``evaluate`` and ``predict`` as tf-keras does; ``to_yaml``, refused with tf-keras's
error. `ClassPredictions` (`Sequential`): Keras 2.3's ``predict_proba`` and
``predict_classes``.

Keras 2's loading options (``workers``, ``use_multiprocessing``, ``max_queue_size``) go on to
``fit``/``evaluate``/``predict`` where not at tf-keras's defaults, which take them as tf-keras's
do, warning that batches load in the calling thread (see `arguments`). ``shuffle`` goes on for a `PyDataset`
(whose batches ``fit`` shuffles, as tf-keras shuffles a ``Sequence``'s) and is passed over for
any other generator, as tf-keras passes it over.

Example:
    >>> import warnings
    >>> from statefulrnn import Dense, Sequential
    >>> model = Sequential([Dense(2, activation="softmax", input_shape=(3,))])
    >>> model.compile(optimizer="sgd", loss="categorical_crossentropy")
    >>> batches = [(np.ones((4, 3)), np.eye(2)[[0, 1, 0, 1]])] * 2
    >>> with warnings.catch_warnings(record=True):
    ...     history = model.fit_generator(iter(batches), steps_per_epoch=2, verbose=0)
    >>> len(history.history["loss"])
    1
    >>> model.predict_classes(np.ones((2, 3))).shape
    (2,)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._program_line import programs_line
from .arguments import LOADING_DEFAULTS, keras_arguments


def _deprecated(method: str, instead: str) -> None:
    """tf-keras 2.21's warning (a UserWarning), pointing at the program's line."""
    warnings.warn(
        f"`Model.{method}` is deprecated and will be removed in a future version. "
        f"Please use `Model.{instead}`, which supports generators.",
        stacklevel=programs_line(),
    )


def _loading_options(**given: Any) -> dict[str, Any]:
    """The loading options not at tf-keras's defaults, passed on (see `arguments`)."""
    return {name: value for name, value in given.items() if value != LOADING_DEFAULTS[name]}


class GeneratorMethods:
    """Keras 2's ``*_generator`` methods and ``to_yaml`` (see the module notes)."""

    @keras_arguments
    def fit_generator(
        self,
        generator: Any,
        steps_per_epoch: float | None = None,
        epochs: int = 1,
        verbose: int | str = 1,
        callbacks: Sequence[Any] | None = None,
        validation_data: Any = None,
        validation_steps: float | None = None,
        validation_freq: int | Sequence[int] = 1,
        class_weight: dict[int, float] | None = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        shuffle: bool = True,
        initial_epoch: int = 0,
    ) -> Any:
        """``fit(generator, ...)``, with tf-keras 2.21's deprecation warning; returns the
        ``History``."""
        from ..data.py_dataset import PyDataset

        _deprecated("fit_generator", "fit")
        loading = _loading_options(
            max_queue_size=max_queue_size, workers=workers, use_multiprocessing=use_multiprocessing
        )
        return self.fit(  # type: ignore[attr-defined]
            generator, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
            callbacks=callbacks, validation_data=validation_data, validation_steps=validation_steps,
            validation_freq=validation_freq, class_weight=class_weight,
            shuffle=shuffle if isinstance(generator, PyDataset) else None,
            initial_epoch=initial_epoch, **loading,
        )  # fmt: skip

    @keras_arguments
    def evaluate_generator(
        self,
        generator: Any,
        steps: float | None = None,
        callbacks: Sequence[Any] | None = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        verbose: int | str = 0,
    ) -> Any:
        """``evaluate(generator, ...)``, with tf-keras 2.21's deprecation warning."""
        _deprecated("evaluate_generator", "evaluate")
        loading = _loading_options(
            max_queue_size=max_queue_size, workers=workers, use_multiprocessing=use_multiprocessing
        )
        return self.evaluate(generator, steps=steps, verbose=verbose, callbacks=callbacks, **loading)  # type: ignore[attr-defined]

    @keras_arguments
    def predict_generator(
        self,
        generator: Any,
        steps: float | None = None,
        callbacks: Sequence[Any] | None = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        verbose: int | str = 0,
    ) -> Any:
        """``predict(generator, ...)``, with tf-keras 2.21's deprecation warning."""
        _deprecated("predict_generator", "predict")
        loading = _loading_options(
            max_queue_size=max_queue_size, workers=workers, use_multiprocessing=use_multiprocessing
        )
        return self.predict(generator, steps=steps, verbose=verbose, callbacks=callbacks, **loading)  # type: ignore[attr-defined]

    def to_yaml(self, **kwargs: Any) -> str:
        """Refused, as in tf-keras 2.21 (and Keras 3, which has no such method): loading YAML
        could run code. Use `to_json`.

        Raises:
            RuntimeError: always (tf-keras's message).
        """
        raise RuntimeError(
            "Method `model.to_yaml()` has been removed due to security risk of arbitrary code "
            "execution. Please use `model.to_json()` instead."
        )


class ClassPredictions:
    """Keras 2.3 ``Sequential``'s ``predict_proba`` and ``predict_classes`` (removed in tf-keras
    2.6 and Keras 3)."""

    def predict_proba(self, x: Any, batch_size: int = 32, verbose: int | str = 0) -> np.ndarray:
        """``predict(x)``, warning (as Keras 2.3) when a value lies outside ``[0, 1]``.

        Shapes:
            as `predict`: ``(N, ...)`` -> ``(N, C)`` for a model with ``C`` outputs per row.
        """
        preds = self.predict(x, batch_size=batch_size, verbose=verbose)  # type: ignore[attr-defined]
        if preds.min() < 0.0 or preds.max() > 1.0:
            warnings.warn(
                "Network returning invalid probability values. The last layer might not normalize "
                "predictions into probabilities (like softmax or sigmoid would).",
                stacklevel=2,
            )
        return preds

    def predict_classes(self, x: Any, batch_size: int = 32, verbose: int | str = 0) -> np.ndarray:
        """The class of each row, as Keras 2.3 computes it: the argmax of the last axis of
        `predict`'s output, or for a single output ``(p > 0.5)`` as int32 (keeping that axis).

        Shapes:
            ``(N, ..., C)`` probabilities -> ``(N, ...)`` classes (int64); ``(N, 1)`` -> ``(N, 1)``.
        """
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)  # type: ignore[attr-defined]
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")
