"""TensorFlow's device listing (``tf.config.list_physical_devices``, the memory-growth switch), as
the GPU boilerplate at the top of many tf.keras programs calls it once ``import tensorflow as
tf`` became ``import statefulrnn as tf``: the devices are PyTorch's (the CPU, and each CUDA
device as a ``"GPU"``), named as TensorFlow names them.

Example:
    >>> list_physical_devices("CPU")
    [PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]
    >>> for gpu in experimental.list_physical_devices("GPU"):  # none on a CPU-only machine
    ...     experimental.set_memory_growth(gpu, True)
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

import torch


class PhysicalDevice(NamedTuple):
    """TensorFlow's ``tf.config.PhysicalDevice``: ``/physical_device:GPU:0`` and its type."""

    name: str
    device_type: str


class LogicalDevice(NamedTuple):
    """TensorFlow's ``tf.config.LogicalDevice``: ``/device:GPU:0`` and its type."""

    name: str
    device_type: str


def _devices(device_type: str | None) -> list[tuple[str, int]]:
    """``(type, index)`` of PyTorch's devices of ``device_type`` (None: all)."""
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    found = [("CPU", 0)] + [("GPU", index) for index in range(gpus)]
    return [(kind, index) for kind, index in found if device_type is None or kind == device_type]


def list_physical_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """The machine's devices as PyTorch sees them, of ``device_type`` (``"CPU"``, ``"GPU"``;
    None: all), as TensorFlow lists them (its types are upper case, and matched exactly)."""
    return [PhysicalDevice(f"/physical_device:{kind}:{index}", kind) for kind, index in _devices(device_type)]


def list_logical_devices(device_type: str | None = None) -> list[LogicalDevice]:
    """`list_physical_devices` under TensorFlow's logical names (``/device:GPU:0``): PyTorch
    does not split a device into logical ones, so there is one per physical device."""
    return [LogicalDevice(f"/device:{kind}:{index}", kind) for kind, index in _devices(device_type)]


def set_memory_growth(device: PhysicalDevice, enable: bool) -> None:
    """TensorFlow's switch from taking a GPU's whole memory at start to growing it as needed.

    PyTorch's caching allocator always grows as needed, so ``enable=True`` is what it does
    already.

    Raises:
        ValueError: a device that is not one of `list_physical_devices("GPU")` (TensorFlow
            refuses the CPU too), or ``enable=False``: PyTorch cannot take a GPU's memory ahead
            of use (``torch.cuda.set_per_process_memory_fraction`` caps it instead).
    """
    _check_gpu(device, "set_memory_growth")
    if not enable:
        raise ValueError(
            "PyTorch's allocator always grows a GPU's memory as needed: it cannot take it all "
            "ahead of use (torch.cuda.set_per_process_memory_fraction caps it instead)."
        )


def get_memory_growth(device: PhysicalDevice) -> bool:
    """True for each GPU: PyTorch grows its memory as needed (see `set_memory_growth`).

    Raises:
        ValueError: not one of `list_physical_devices("GPU")`.
    """
    _check_gpu(device, "get_memory_growth")
    return True


def _check_gpu(device: PhysicalDevice, what: str) -> None:
    if device not in list_physical_devices("GPU"):
        raise ValueError(f"{what} takes a GPU of list_physical_devices('GPU'). Received: {device!r}")


# ``tf.config.experimental``, where TensorFlow 2.0's programs found these.
experimental = SimpleNamespace(
    list_physical_devices=list_physical_devices,
    list_logical_devices=list_logical_devices,
    set_memory_growth=set_memory_growth,
    get_memory_growth=get_memory_growth,
)

__all__ = [
    "LogicalDevice",
    "PhysicalDevice",
    "experimental",
    "get_memory_growth",
    "list_logical_devices",
    "list_physical_devices",
    "set_memory_growth",
]
