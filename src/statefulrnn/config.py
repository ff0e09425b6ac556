"""Keras 3's ``keras.config``: what ``keras.backend`` held in Keras 2 (`floatx`, `set_floatx`,
`epsilon`, `set_epsilon`, `backend`, `image_data_format`, `set_image_data_format`: the same
functions as `statefulrnn.backend`'s), the interactive logging switch
(`enable_interactive_logging`, `disable_interactive_logging`, `is_interactive_logging_enabled`:
progress bars and callbacks' messages to standard output or to Python's ``logging``),
`enable_unsafe_deserialization`, Keras 3's `dtype_policy` and `set_dtype_policy`
(`statefulrnn.mixed_precision`'s), Keras 3's caps on ``fit`` and its other switches
(`statefulrnn._switches`), and statefulrnn's own `set_keras_rules` / `keras_rules`:
Keras 3's rules (the default) or tf-keras's where the two compute differently
(`statefulrnn._keras_rules`); and, for a tf.keras program whose ``import tensorflow as tf``
became ``import statefulrnn as tf``, TensorFlow's ``tf.config`` device listing and memory-growth
switch over PyTorch's devices (`statefulrnn.devices`).

Example:
    >>> floatx(), backend()
    ('float32', 'torch')
"""

from ._interactive import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from ._keras_rules import keras_rules, set_keras_rules
from ._switches import (
    disable_flash_attention,
    disable_traceback_filtering,
    enable_flash_attention,
    enable_traceback_filtering,
    is_flash_attention_enabled,
    is_nnx_enabled,
    is_traceback_filtering_enabled,
    max_epochs,
    max_steps_per_epoch,
    set_backend,
    set_max_epochs,
    set_max_steps_per_epoch,
)
from .backend import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from .devices import experimental, list_logical_devices, list_physical_devices
from .mixed_precision import dtype_policy, set_dtype_policy

__all__ = [
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "epsilon",
    "experimental",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_nnx_enabled",
    "is_traceback_filtering_enabled",
    "keras_rules",
    "list_logical_devices",
    "list_physical_devices",
    "max_epochs",
    "max_steps_per_epoch",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_keras_rules",
    "set_max_epochs",
    "set_max_steps_per_epoch",
]


def enable_unsafe_deserialization() -> None:
    """Keras 3's switch that lets ``load_model`` run a file's code (a ``Lambda`` layer's
    stored bytecode). statefulrnn's loaders never run code from a file, so this changes
    nothing: a file's ``Lambda`` gets the loading program's own function of the same code, or
    is refused with an error that says so, either way (as with ``load_model(...,
    safe_mode=False)``; see `statefulrnn.layers.lambda_code`)."""
