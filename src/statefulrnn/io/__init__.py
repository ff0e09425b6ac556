"""Reading and writing model files."""

from .checkpoint import load_model, save_model
from .keras_load import load_keras, load_keras_weights
from .keras_save import save_keras
from .onnx_export import export_onnx
from .torch_import import from_torch
from .weights import load_weights, save_weights

__all__ = [
    "export_onnx",
    "from_torch",
    "load_keras",
    "load_keras_weights",
    "load_model",
    "load_weights",
    "save_keras",
    "save_model",
    "save_weights",
]
