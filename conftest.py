"""Names every doctest may use without importing them, and settings for every test run here."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn.layers import GRU, LSTM, SimpleRNN

# With a non-editable install (pip install ".[test]"), the tests import statefulrnn from
# site-packages, and the doctests of src/statefulrnn are then read from those installed modules
# (built from these files): pytest need not refuse them as an "import file mismatch".
os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")
# The tests and examples check the built-in kernel rule: a calibration saved on this machine
# (`statefulrnn calibrate-kernels`) must not change which kernel they run. Set before any kernel
# choice is made, and inherited by the subprocesses tests start.
os.environ["STATEFULRNN_CACHE_DIR"] = _cache = tempfile.mkdtemp(prefix="statefulrnn-tests-cache-")
atexit.register(shutil.rmtree, _cache, True)


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict) -> None:
    doctest_namespace.update(
        np=np,
        torch=torch,
        statefulrnn=statefulrnn,
        GRU=GRU,
        LSTM=LSTM,
        SimpleRNN=SimpleRNN,
        REPOSITORY=Path(__file__).resolve().parent,
    )
