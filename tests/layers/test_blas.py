"""The compiled kernels' products on PyTorch's BLAS (layers/blas.py): found where PyTorch exports
it, the same numbers as the kernels' loops, and machine code cached apart from theirs."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn.layers import blas, compiled

# Each kernel on a chunk that goes to BLAS (8 rows and more, or 4 steps and more) and one that
# does not, from random states; printed as JSON by a process with BLAS on or off.
_OUTPUTS = textwrap.dedent(
    """
    import json, sys
    import numpy as np, torch
    from statefulrnn.layers import blas, compiled

    results = {"blas": blas.sgemm_library() is not None}
    rng = np.random.default_rng(0)
    cells = (("gru", torch.nn.GRU, 1), ("lstm", torch.nn.LSTM, 2), ("rnn_tanh", torch.nn.RNN, 1))
    for name, module, states in cells:
        torch.manual_seed(0)
        weights = compiled.pack_weights(list(module(7, 24, batch_first=True).parameters()))
        for batch, steps in ((16, 1), (2, 6), (3, 2)):
            x = rng.standard_normal((batch, steps, 7)).astype(np.float32)
            h = tuple(rng.standard_normal((batch, 24)).astype(np.float32) for _ in range(states))
            outputs, finals = compiled.call(getattr(compiled, name), x, h, weights)
            results[f"{name} {batch} {steps}"] = [outputs.tolist(), [f.tolist() for f in finals]]
    print(json.dumps(results))
    """
)


def _outputs(blas_setting: str) -> dict:
    package_root = Path(statefulrnn.__file__).parents[1]
    environment = {**os.environ, "PYTHONPATH": str(package_root), "STATEFULRNN_KERNEL_BLAS": blas_setting}
    result = subprocess.run(
        [sys.executable, "-c", _OUTPUTS], capture_output=True, text=True, timeout=600, env=environment
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="PyTorch's x86-64 Linux wheels link MKL and export sgemm_; other builds may not",
)
def test_pytorch_s_blas_is_found_and_the_kernels_use_it() -> None:
    assert blas.sgemm_library() is not None
    namespace = compiled._numba_namespace()
    assert namespace["_gemm_into"] is not namespace["_accumulate"]  # the intrinsic, not the loops
    gru = compiled.gru.load() if isinstance(compiled.gru, compiled._Kernel) else compiled.gru
    assert gru.py_func.__qualname__.endswith(compiled._VARIANT)  # cached apart from the loops' code


def test_blas_and_the_loops_give_the_same_numbers() -> None:
    on, off = _outputs("1"), _outputs("0")
    assert off.pop("blas") is False and on.pop("blas") is (blas.sgemm_library() is not None)
    assert on.keys() == off.keys()
    for key in on:
        for got, expected in zip(on[key], off[key]):
            np.testing.assert_allclose(np.array(got), np.array(expected), rtol=1e-5, atol=2e-6, err_msg=key)


def test_a_batch_on_blas_equals_pytorch() -> None:
    torch.manual_seed(1)
    reference = torch.nn.LSTM(5, 20, batch_first=True)
    weights = compiled.pack_weights(list(reference.parameters()))
    x, h0, c0 = torch.randn(32, 3, 5), torch.randn(32, 20), torch.randn(32, 20)
    outputs, (h, c) = compiled.call(compiled.lstm, x.numpy(), (h0.numpy(), c0.numpy()), weights)
    with torch.no_grad():
        expected, (h_expected, c_expected) = reference(x, (h0[None], c0[None]))
    np.testing.assert_allclose(outputs, expected.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h, h_expected[0].numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, c_expected[0].numpy(), rtol=1e-5, atol=1e-6)


def test_a_blas_that_does_not_multiply_right_is_not_used() -> None:
    """`sgemm_library` first multiplies a test pair through the symbol, as the kernels call it:
    a function that leaves the product unwritten (or an ABI that reads the sizes wrong) is
    turned down, and the kernels keep their loops."""
    import ctypes

    does_nothing = ctypes.CFUNCTYPE(None, *[ctypes.c_void_p] * 13)(lambda *arguments: None)
    assert not blas._multiplies_right(does_nothing)
    if blas.sgemm_library() is not None:
        assert blas._multiplies_right(ctypes.CDLL(blas.sgemm_library()).sgemm_)
