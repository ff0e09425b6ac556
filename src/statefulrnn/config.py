"""Keras 3's ``keras.config``: what ``keras.backend`` held in Keras 2 (`floatx`, `set_floatx`,
`epsilon`, `set_epsilon`, `backend`, `image_data_format`, `set_image_data_format`: the same
functions as `statefulrnn.backend`'s), the interactive logging switch
(`enable_interactive_logging`, `disable_interactive_logging`, `is_interactive_logging_enabled`:
progress bars and callbacks' messages to standard output or to Python's ``logging``),
`enable_unsafe_deserialization`, Keras 3's `dtype_policy` and `set_dtype_policy`
(`statefulrnn.mixed_precision`'s), and statefulrnn's own `set_keras_rules` / `keras_rules`:
Keras 3's rules (the default) or tf-keras's where the two compute differently
(`statefulrnn._keras_rules`).

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
from .backend import (
    backend,
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from .mixed_precision import dtype_policy, set_dtype_policy

__all__ = [
    "backend",
    "disable_interactive_logging",
    "dtype_policy",
    "enable_interactive_logging",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_interactive_logging_enabled",
    "keras_rules",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_keras_rules",
]


def enable_unsafe_deserialization() -> None:
    """Keras 3's switch that lets ``load_model`` run a file's code (a ``Lambda`` layer's
    stored bytecode). statefulrnn's loaders never run code from a file, so this changes
    nothing: a file's ``Lambda`` gets the loading program's own function of the same code, or
    is refused with an error that says so, either way (as with ``load_model(...,
    safe_mode=False)``; see `statefulrnn.layers.lambda_code`)."""
