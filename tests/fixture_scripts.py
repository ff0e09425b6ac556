"""The scripts of ``tools/keras_fixtures`` as modules, for the tests that replay what they
recorded: a test builds its model with the script's own builder (``keras`` given as
statefulrnn) or replays its cases with the script's own ``call``, so the program Keras ran and
the one statefulrnn runs are one piece of code. The scripts import numpy alone at the top
(Keras inside their ``main``), so they import on the statefulrnn side."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[1] / "tools" / "keras_fixtures"


def fixture_script(name: str) -> ModuleType:
    """``tools/keras_fixtures/<name>.py``, imported (with its folder on the path, for the
    helpers the scripts share, as when a script runs as a file)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.append(str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(f"keras_fixture_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
