"""Where the progress bars and callbacks' messages go: Keras 3's interactive logging switch
(``keras.config`` / ``keras.utils``: `enable_interactive_logging`, ...) and ``print_msg``.

With interactive logging on (the default) they are written to standard output, as Keras writes
them; `disable_interactive_logging` sends each message to Python's ``logging`` instead (the
``"statefulrnn"`` logger, at INFO), where Keras sends it to ``absl.logging``: a job's log then
holds them without the progress bar's redraws.

Example:
    >>> import io, logging
    >>> disable_interactive_logging()
    >>> is_interactive_logging_enabled()
    False
    >>> print_msg("Epoch 1/3")  # to the "statefulrnn" logger, not to stdout
    >>> enable_interactive_logging()
    >>> print_msg("Epoch 1/3")
    Epoch 1/3
"""

from __future__ import annotations

import logging
import sys

__all__ = [
    "disable_interactive_logging",
    "enable_interactive_logging",
    "is_interactive_logging_enabled",
    "print_msg",
]

_LOGGER = logging.getLogger("statefulrnn")
_interactive = [True]  # a list: set by the two switches, read at each message


def enable_interactive_logging() -> None:
    """Write progress bars and callbacks' messages to standard output (the default)."""
    _interactive[0] = True


def disable_interactive_logging() -> None:
    """Send progress bars and callbacks' messages to the ``"statefulrnn"`` logger instead."""
    _interactive[0] = False


def is_interactive_logging_enabled() -> bool:
    """Whether messages go to standard output (see `enable_interactive_logging`)."""
    return _interactive[0]


def print_msg(message: str, line_break: bool = True) -> None:
    """``message`` to standard output (with a line break unless told not to) or, with
    interactive logging off, to the ``"statefulrnn"`` logger at INFO."""
    if _interactive[0]:
        sys.stdout.write(f"{message}\n" if line_break else str(message))
        sys.stdout.flush()
    else:
        _LOGGER.info(message)
