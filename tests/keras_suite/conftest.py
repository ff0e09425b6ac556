"""Shared fixtures for the ported Keras tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
import torch

from statefulrnn import backend, use_compiled_kernels, use_fused_kernels


@contextlib.contextmanager
def _no_grad_compiled() -> Iterator[None]:
    with torch.no_grad(), use_compiled_kernels(True):
        yield


# The three ways a recurrent layer computes, each held to Keras's numbers: the per-step loop,
# PyTorch's fused kernel (a call with autograd on), and the compiled kernel (no gradient).
_PATHS = {
    "generic": lambda: use_fused_kernels(False),
    "fused": contextlib.nullcontext,
    "compiled": _no_grad_compiled,
}


@pytest.fixture(params=sorted(_PATHS))
def compute_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once on each compute path of the recurrent layers."""
    with _PATHS[request.param]():
        yield request.param


@pytest.fixture(params=["channels_last", "channels_first"])
def image_data_format(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each of Keras's image data formats set for the test (``backend.config.image_data_format()``
    in Keras's tests is whichever the run was configured with), the default restored after."""
    backend.set_image_data_format(request.param)
    try:
        yield request.param
    finally:
        backend.set_image_data_format("channels_last")
