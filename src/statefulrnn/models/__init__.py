"""Models: `Sequential` stacks and functional `Model(inputs, outputs)` graphs."""

# keras.models.load_model's and save_model's place; the files are those model.save writes.
from typing import Any

from .._lazy import load_name
from ..io.checkpoint import load_model
from .base import BaseModel
from .cloning import clone_model
from .functional import Model
from .sequential import Sequential

# Loaded on first use: the Keras config reader it lives with imports this package.
_NAMES = {"model_from_json": "..io.keras_load", "save_model": "..saving"}
__all__ = ["BaseModel", "Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]


def __getattr__(name: str) -> Any:
    return load_name(globals(), _NAMES, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
