"""Reading and writing model files."""

from .torch_import import from_torch
from .weights import load_weights, save_weights

__all__ = ["from_torch", "load_weights", "save_weights"]
