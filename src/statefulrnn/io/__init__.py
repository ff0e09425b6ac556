"""Reading and writing model files."""

from .keras_load import load_keras, load_keras_weights
from .torch_import import from_torch
from .weights import load_weights, save_weights

__all__ = ["from_torch", "load_keras", "load_keras_weights", "load_weights", "save_weights"]
