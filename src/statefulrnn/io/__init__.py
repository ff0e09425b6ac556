"""Reading and writing model files: statefulrnn's own (`save_model`, `save_weights`), Keras's
(`load_keras`, `save_keras`), ONNX (`export_onnx`) and torch modules (`from_torch`).

The names load on first use (PEP 562): a module that needs one reader (``from
statefulrnn.io.weights import save_weights``) does not import every other one with it, and the
models the readers build can import their writers without a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._lazy import load_name

_NAMES = {
    "export_onnx": ".onnx_export",
    "from_torch": ".torch_import",
    "load_keras": ".keras_load",
    "load_keras_weights": ".keras_load",
    "load_model": ".checkpoint",
    "load_weights": ".weights",
    "save_keras": ".keras_save",
    "save_keras_weights": ".keras_save",
    "save_model": ".checkpoint",
    "save_weights": ".weights",
}
__all__ = [
    "export_onnx",
    "from_torch",
    "load_keras",
    "load_keras_weights",
    "load_model",
    "load_weights",
    "save_keras",
    "save_keras_weights",
    "save_model",
    "save_weights",
]


def __getattr__(name: str) -> Any:
    return load_name(globals(), _NAMES, name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from .checkpoint import load_model, save_model
    from .keras_load import load_keras, load_keras_weights
    from .keras_save import save_keras, save_keras_weights
    from .onnx_export import export_onnx
    from .torch_import import from_torch
    from .weights import load_weights, save_weights
