"""Names every doctest may use without importing them."""

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn.layers import GRU, LSTM, SimpleRNN


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict) -> None:
    doctest_namespace.update(
        np=np, torch=torch, statefulrnn=statefulrnn, GRU=GRU, LSTM=LSTM, SimpleRNN=SimpleRNN
    )
