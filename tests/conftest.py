"""Shared test settings."""

from collections.abc import Iterator

import pytest
import torch

from statefulrnn.layers import kernel_rule


@pytest.fixture(autouse=True, scope="session")
def _one_thread() -> Iterator[None]:
    """Tiny tensors get one intra-op thread: on a busy 2-core runner, OpenMP fan-out made each
    kernel call (oneDNN's LSTM above all) 10-100x slower than the work itself."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture
def avx2_rule(monkeypatch: pytest.MonkeyPatch) -> kernel_rule.KernelRule:
    """The built-in AVX2 table in place of this machine's rule, for a test that names the kernel
    a size runs on by that table's limits (fitted on an AMD EPYC). On a machine whose PyTorch runs
    AVX-512 code the AVX-512 table runs otherwise, whose crossovers come earlier;
    `tests/layers/test_kernel_rule.py` checks both tables and the choice between them."""
    rule = kernel_rule.built_in("AVX2")
    monkeypatch.setattr(kernel_rule, "current", lambda: rule)
    return rule
