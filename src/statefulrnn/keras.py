"""statefulrnn under Keras's name, for programs written against TensorFlow's ``tf.keras``:
with ``import statefulrnn as tf``, ``tf.keras.layers.LSTM``, ``tf.keras.Sequential`` and
``tf.keras.optimizers.Adam`` are statefulrnn's (``tf.losses``, ``tf.metrics`` and
``tf.optimizers`` are already its modules). Every name reads the package's own.

Its submodules are the package's too, the same module objects: ``from statefulrnn.keras.layers
import LSTM`` (a program's ``from tensorflow.keras.layers import LSTM``) imports
``statefulrnn.layers``, not a second copy of it (whose classes would not be the first's).

Example:
    >>> import statefulrnn as tf
    >>> tf.keras.layers.LSTM is tf.layers.LSTM, tf.keras.Sequential is tf.Sequential
    (True, True)
    >>> from statefulrnn.keras.layers import LSTM
    >>> LSTM is tf.layers.LSTM
    True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

# A package with no folder of its own: its submodules are found by _SameModules alone.
__path__: list[str] = []


def __getattr__(name: str) -> Any:
    return getattr(importlib.import_module("statefulrnn"), name)


def __dir__() -> list[str]:
    return dir(importlib.import_module("statefulrnn"))


class _SameModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``statefulrnn.keras.X`` as the module ``statefulrnn.X``, already imported or
    imported then: the import system files it under both names."""

    prefix = f"{__name__}."

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(self.prefix):
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        # The module under its own name: the import system keeps its attributes (its __name__
        # and __spec__ stay statefulrnn.X's) and files it under spec.name too.
        return importlib.import_module("statefulrnn." + spec.name.removeprefix(self.prefix))

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module ran when it was imported under its own name."""


if not any(isinstance(finder, _SameModules) for finder in sys.meta_path):
    sys.meta_path.insert(0, _SameModules())
