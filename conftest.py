"""Names every doctest may use without importing them."""

import os
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
