"""Keras 3's global switches in ``keras.config`` beyond dtypes and logging: the two debugging
caps on ``fit`` (`set_max_epochs`, `set_max_steps_per_epoch`, or the environment variables
``KERAS_MAX_EPOCHS`` and ``KERAS_MAX_STEPS_PER_EPOCH`` read at import, as Keras reads them),
and the switches that change nothing here but are kept and answered as Keras answers them
(traceback filtering: statefulrnn filters no tracebacks; flash attention: attention is
computed the one way; NNX: a JAX library), and `set_backend`, which takes only ``"torch"``.

Example:
    >>> set_max_epochs(2); max_epochs()
    2
    >>> set_max_epochs(None)
"""

from __future__ import annotations

import os
import warnings

_state: dict[str, int | bool | None] = {
    "max_epochs": int(os.environ["KERAS_MAX_EPOCHS"]) if "KERAS_MAX_EPOCHS" in os.environ else None,
    "max_steps_per_epoch": (
        int(os.environ["KERAS_MAX_STEPS_PER_EPOCH"]) if "KERAS_MAX_STEPS_PER_EPOCH" in os.environ else None
    ),
    "traceback_filtering": True,
    "flash_attention": None,
}


def set_max_epochs(max_epochs: int | None) -> None:
    """Cap every ``fit``'s epochs at ``max_epochs`` (None: no cap), with Keras's warning when
    a fit asks for more: for a quick run of a program without editing it."""
    _state["max_epochs"] = max_epochs


def max_epochs() -> int | None:
    """The cap `set_max_epochs` set (or ``KERAS_MAX_EPOCHS``), None without one."""
    return _state["max_epochs"]  # type: ignore[return-value]


def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Cap the batches of every ``fit`` epoch at ``max_steps_per_epoch`` (None: no cap)."""
    _state["max_steps_per_epoch"] = max_steps_per_epoch


def max_steps_per_epoch() -> int | None:
    """The cap `set_max_steps_per_epoch` set (or ``KERAS_MAX_STEPS_PER_EPOCH``)."""
    return _state["max_steps_per_epoch"]  # type: ignore[return-value]


def capped(epochs: int, steps_per_epoch: int | None) -> tuple[int, int | None]:
    """``fit``'s ``epochs`` and ``steps_per_epoch`` under the caps, warning as Keras does."""
    most_epochs, most_steps = max_epochs(), max_steps_per_epoch()
    if most_epochs and most_epochs < epochs:
        warnings.warn(f"Limiting epochs to {most_epochs}", stacklevel=3)
        epochs = most_epochs
    if most_steps and (not steps_per_epoch or most_steps < steps_per_epoch):
        warnings.warn(f"Limiting steps_per_epoch to {most_steps}", stacklevel=3)
        steps_per_epoch = most_steps
    return epochs, steps_per_epoch


def enable_traceback_filtering() -> None:
    """Keras's switch; statefulrnn shows every traceback whole either way."""
    _state["traceback_filtering"] = True


def disable_traceback_filtering() -> None:
    """Keras's switch; statefulrnn shows every traceback whole either way."""
    _state["traceback_filtering"] = False


def is_traceback_filtering_enabled() -> bool:
    """What the switch was last set to (True at first, as Keras)."""
    return bool(_state["traceback_filtering"])


def enable_flash_attention() -> None:
    """Keras's switch for its fused attention kernels; attention here is computed one way."""
    _state["flash_attention"] = True


def disable_flash_attention() -> None:
    """Keras's switch for its fused attention kernels; attention here is computed one way."""
    _state["flash_attention"] = False


def is_flash_attention_enabled() -> bool | None:
    """What the switch was last set to (None, Keras's "automatic", at first)."""
    return _state["flash_attention"]  # type: ignore[return-value]


def is_nnx_enabled() -> bool:
    """False: Flax's NNX belongs to Keras's JAX backend."""
    return False


def set_backend(backend: str) -> None:
    """Keras's ``set_backend``: statefulrnn's one backend is ``"torch"``.

    Raises:
        ValueError: another backend.
    """
    if backend != "torch":
        raise ValueError(
            f"statefulrnn runs on PyTorch only: set_backend takes 'torch'. Received: backend={backend!r}"
        )
