"""Reading and writing model files."""

from .weights import load_weights, save_weights

__all__ = ["load_weights", "save_weights"]
