"""Where a warning should point: the program's own line, past statefulrnn's frames."""

from __future__ import annotations

import os
import sys

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def programs_line() -> int:
    """The ``stacklevel`` at which a warning raised by this function's caller names the
    program's line: the first frame outside statefulrnn (``fit_generator`` calls ``fit``; a
    layer's ``__init__`` runs through its subclasses' and the base's)."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        level, frame = level + 1, frame.f_back
    return level
