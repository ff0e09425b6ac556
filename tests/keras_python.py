"""The real-Keras interpreter that round-trip tests run files through.

Set ``STATEFULRNN_KERAS_PYTHON`` to the Python of a Keras venv (README, "Reference numbers");
the tests that need it skip, saying so, only when the variable is unset. Set to a path that does
not run, they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VARIABLE = "STATEFULRNN_KERAS_PYTHON"
KERAS_PYTHON = Path(os.environ[VARIABLE]) if os.environ.get(VARIABLE) else None

needs_keras = pytest.mark.skipif(
    KERAS_PYTHON is None, reason=f"{VARIABLE} is unset: no real-Keras interpreter to check against"
)
