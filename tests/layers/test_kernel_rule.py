"""The kernel rule (layers/fused.py: compiled or PyTorch's kernel) and the cached fused runners.

No timing here: the rule's table is fitted by benchmarks/bench_crossover.py; these tests pin
what the table says at a few points and that every road (layer call, stream pool) follows it.
"""

from __future__ import annotations

import copy
import functools
import gc
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator

import numpy as np
import pytest
import torch

from statefulrnn import GRU, GRUCell, LSTMCell, SimpleRNNCell, use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import compiled, fused, kernel_rule
from statefulrnn.layers.fused import compiled_kernel, flat_weights, fused_runner, prefers_compiled

from .test_compiled import compiled_calls, make_layer, random

F32 = torch.float32


@pytest.fixture
def threads() -> Iterator[None]:
    """Restores torch's thread count that a test sets."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


# (units, steps) of a one-row call that either table leaves to the compiled kernel: on the
# AVX-512 table an LSTM of 64 units in chunks of 100 is a close call (1.1x), which goes to PyTorch.
SMALL_CALLS = {
    "AVX2": [(32, 1), (32, 10), (64, 100), (128, 1)],
    "AVX512": [(32, 1), (32, 10), (32, 100), (128, 1)],
}


@pytest.mark.parametrize("capability", ["AVX2", "AVX512"])
@pytest.mark.parametrize("cell", [GRUCell, LSTMCell, SimpleRNNCell])
@pytest.mark.parametrize("threads", [1, 2])
def test_small_calls_go_to_the_compiled_kernel(
    cell: type, threads: int, capability: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernel_rule, "current", lambda: kernel_rule.built_in(capability))
    for units, steps in SMALL_CALLS[capability]:
        assert prefers_compiled(cell, F32, units, 1, steps, 32, threads), (units, steps)


@pytest.mark.parametrize("capability", ["AVX2", "AVX512"])
@pytest.mark.parametrize("cell", [GRUCell, LSTMCell, SimpleRNNCell])
@pytest.mark.parametrize("threads", [1, 2])
def test_large_batches_go_to_pytorch(
    cell: type, threads: int, capability: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kernel_rule, "current", lambda: kernel_rule.built_in(capability))
    if capability == "AVX512":
        # The tables of the compiled kernels on PyTorch's BLAS: they win large GRU and SimpleRNN
        # chunks too (PyTorch's GRU runs a graph of small operations per step), so these are the
        # grids' calls where PyTorch's kernel measured faster (PyTorch / compiled time).
        calls = {
            (GRUCell, 1): [(512, 256, 1), (64, 1024, 1)],  # 0.96, 0.89
            (LSTMCell, 1): [(256, 256, 100), (512, 32, 10), (128, 256, 100)],  # 0.94, 0.72, 1.02
            (SimpleRNNCell, 1): [(512, 256, 1), (128, 256, 1)],  # 1.03, 0.98
            (GRUCell, 2): [(512, 4, 1), (64, 1024, 1), (64, 2048, 1)],  # 0.62, 0.60, 0.60
            (LSTMCell, 2): [(32, 256, 100), (128, 256, 100), (512, 32, 10)],  # 0.39, 0.74, 0.73
            (SimpleRNNCell, 2): [(256, 256, 1), (128, 1024, 1), (64, 4096, 1)],  # 0.77, 0.60, 0.50
        }[cell, threads]
    else:
        calls = [(256, 256, 100), (128, 256, 1), (512, 32, 10), (512, 256, 1)]
        if cell is not SimpleRNNCell:  # whose measured crossover at 100 steps is later
            calls.append((128, 256, 100))
    for units, batch, steps in calls:
        assert not prefers_compiled(cell, F32, units, batch, steps, 32, threads), (units, batch, steps)


def test_the_built_in_table_follows_the_vector_instructions_pytorch_runs() -> None:
    """AVX-512's table where PyTorch's products run AVX-512 code, the AVX2 table anywhere else."""
    assert kernel_rule.capability() == torch.backends.cpu.get_cpu_capability()
    assert kernel_rule.built_in() is kernel_rule.built_in(kernel_rule.capability())
    assert kernel_rule.built_in("AVX512") is kernel_rule.BUILT_IN_RULES["AVX512"]
    for other in ("AVX2", "DEFAULT", "NO AVX", "SVE256", "VSX", "Z VECTOR"):
        assert kernel_rule.built_in(other) is kernel_rule.BUILT_IN_RULES["AVX2"]
    assert kernel_rule.BUILT_IN_RULES["AVX512"] != kernel_rule.BUILT_IN_RULES["AVX2"]
    assert "capability" in kernel_rule.machine()  # a calibration is kept per capability too


def test_a_process_whose_pytorch_runs_avx2_runs_the_avx2_table() -> None:
    """``ATEN_CPU_CAPABILITY`` holds PyTorch's kernels to AVX2 (on an AVX-512 machine, the case
    this checks; elsewhere it is the AVX2 table anyway): the process's rule follows."""
    script = "from statefulrnn.layers import kernel_rule; print(kernel_rule.current().source)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "ATEN_CPU_CAPABILITY": "avx2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["built", "in", "(AVX2)"]


def test_the_avx512_table_reads_the_xeon_grid() -> None:
    """Points of the 2-core Intel Xeon's one-thread grid (benchmarks/results/crossover-xeon-1thread.json,
    the compiled kernels' products on PyTorch's BLAS; PyTorch / compiled time in the comments),
    two where the AVX2 table, fitted before BLAS, picks the slower kernel."""
    xeon, epyc = kernel_rule.built_in("AVX512"), kernel_rule.built_in("AVX2")
    for size in [("GRU", 256, 256, 100), ("SimpleRNN", 512, 32, 10)]:  # 1.65 (gates 1.13), 1.34
        assert xeon.choice(*size, 32, 1) == "compiled" and epyc.choice(*size, 32, 1) != "compiled", size
    assert xeon.choice("GRU", 64, 1, 1, 32, 1) == "compiled"  # 9.68
    assert xeon.choice("GRU", 64, 64, 1, 32, 1) == "compiled"  # 1.59: a stream pool's round
    assert xeon.choice("GRU", 512, 32, 1, 32, 1) == "compiled gates"  # 1.34; compiled gates 1.41
    assert xeon.choice("LSTM", 256, 1, 100, 32, 1) == "pytorch"  # 0.78


@pytest.mark.usefixtures("avx2_rule")
def test_the_rule_reads_steps_units_and_threads() -> None:
    """Points of the quiet-machine grid (bench_crossover.py, 1 and 2 threads) where the faster
    kernel changes with the chunk length or the thread count at the same size (PyTorch / compiled
    time in the comments), which a size-only rule misses."""
    assert prefers_compiled(LSTMCell, F32, 128, 4, 10, 32, 1)  # 1.39
    assert not prefers_compiled(LSTMCell, F32, 128, 4, 100, 32, 1)  # 1.01: close, PyTorch's
    assert prefers_compiled(LSTMCell, F32, 32, 64, 10, 32, 1)  # 1.22
    assert not prefers_compiled(LSTMCell, F32, 32, 64, 10, 32, 2)  # 0.90
    assert prefers_compiled(LSTMCell, F32, 64, 4, 100, 32, 1)  # 1.23
    assert not prefers_compiled(LSTMCell, F32, 64, 4, 100, 32, 2)  # 0.87
    assert not prefers_compiled(GRUCell, F32, 512, 16, 1, 32, 1)  # 0.99
    assert not prefers_compiled(SimpleRNNCell, F32, 64, 256, 1, 32, 1)  # 0.85
    assert not prefers_compiled(SimpleRNNCell, F32, 64, 256, 1, 32, 8)  # 3+ threads: the 2-thread limits


def test_other_dtypes_go_to_pytorch() -> None:
    assert not prefers_compiled(GRUCell, torch.float64, 32, 1, 1, 32, 1)


@pytest.mark.usefixtures("avx2_rule")
def test_a_layer_call_follows_the_rule_and_the_thread_count(threads: None) -> None:
    layer = make_layer("lstm", 32, 32, 64, seed=1)
    x = random(2, 64, 10, 32)  # PyTorch / compiled time: 1.22 on 1 thread, 0.90 on 2
    with torch.no_grad(), compiled_calls() as calls:
        torch.set_num_threads(1)
        layer(x)
        assert calls == [1]
        torch.set_num_threads(2)
        layer(x)
        assert calls == [1]  # PyTorch's kernel, on two threads


def test_forced_switches_win() -> None:
    small, large = make_layer("gru", 32, 32, 1, seed=3), make_layer("gru", 128, 32, 256, seed=4)
    with torch.no_grad(), compiled_calls() as calls:
        with use_compiled_kernels(False):
            small(random(5, 1, 1, 32))
        assert calls == []
        with use_compiled_kernels(True):
            large(random(6, 256, 100, 32))
        assert calls == [1]


def test_the_stream_pool_question_follows_the_rule() -> None:
    """`compiled_kernel` (asked by the stream pool) reads the input size from the weights."""
    small, large = make_layer("gru", 32, 32, 1, seed=7).cell, make_layer("lstm", 128, 32, 1, seed=8).cell
    chosen = compiled_kernel(small, 1, 1)
    assert chosen is not None and chosen[0] is compiled.gru
    assert compiled_kernel(large, 256, 100) is None
    with use_compiled_kernels(True):
        assert compiled_kernel(large, 256, 100) is not None


def test_a_step_on_arrays_that_the_rule_leaves_to_pytorch_may_take_compiled_gates(threads: None) -> None:
    """On arrays (a pool's round) PyTorch's kernel pays for tensors and copies that compiled
    gates, stepping the rows in place, do not: one step of 128+ units from 64 rows that the
    rule leaves to PyTorch goes to gates there, while the same layer call on tensors keeps the
    rule's PyTorch kernel."""
    from statefulrnn.layers import compiled_gates

    torch.set_num_threads(1)
    lstm, narrow = make_layer("lstm", 512, 8, 1, seed=9).cell, make_layer("gru", 32, 8, 1, seed=9).cell
    assert fused.kernel_choice(LSTMCell, F32, 512, 256, 1, 8, 1) == "pytorch"  # either table
    chosen = compiled_kernel(lstm, 256, 1)
    assert chosen is not None and chosen[0] is compiled_gates.lstm
    if kernel_rule.current().choice("GRU", 32, 2048, 1, 8, 1) == "pytorch":  # the AVX-512 table's
        assert compiled_kernel(narrow, 2048, 1) is None  # 32 units: PyTorch's is faster there
    assert compiled_kernel(lstm, 256, 10) is None  # a chunk: the rule's answer
    torch.set_num_threads(2)
    assert compiled_kernel(lstm, 256, 1) is None  # measured on one thread only


# ----- the cached runners ----------------------------------------------------------------------


def test_a_runner_is_made_once_per_cell_and_setting() -> None:
    cell = make_layer("lstm", 4, 3, 2, seed=9).cell
    with torch.no_grad():
        runner = fused_runner(cell, training=False)
        assert fused_runner(cell, training=False) is runner
        assert fused_runner(cell, training=True) is not runner
        with use_compiled_kernels(False):
            assert fused_runner(cell, training=False) is not runner
    assert fused_runner(cell, training=False) is not runner  # grad mode: autograd may need it


def test_grad_mode_never_runs_the_compiled_kernel() -> None:
    """A runner obtained under no_grad is not handed out with grad mode on, even when forced."""
    layer = make_layer("gru", 4, 3, 1, seed=10)
    x = random(11, 1, 2, 3)
    with use_compiled_kernels(True), compiled_calls() as calls:
        with torch.no_grad():
            layer(x)
        assert calls == [1]
        y = layer(x)
        assert calls == [1] and y.grad_fn is not None


@pytest.mark.parametrize("kind", ["gru", "lstm", "simple_tanh"])
@pytest.mark.parametrize("change", ["replace", "data", "in_place", "to_float64"])
def test_a_kept_runner_follows_the_weights(kind: str, change: str) -> None:
    """A runner kept across calls (as a stream pool keeps one) computes with the weights the
    cell has when it is called: replaced, reassigned, changed in place, or converted."""
    layer = make_layer(kind, 5, 3, 2, seed=12)
    cell = layer.cell
    with torch.no_grad(), use_compiled_kernels(False):
        runner = fused_runner(cell, training=False)
        if change == "replace":
            cell.weight_hh = torch.nn.Parameter(cell.weight_hh * 0.5)
        elif change == "data":
            cell.weight_ih.data = cell.weight_ih.data * 2.0
        elif change == "in_place":
            cell.weight_hh.mul_(-1.0)
        else:
            layer.to(torch.float64)
        dtype = cell.weight_ih.dtype
        x, states = random(13, 2, 4, 3).to(dtype), tuple(s.to(dtype) for s in layer.states)
        outputs, _ = runner(x, states)
        expected, _ = fused_runner(copy.deepcopy(layer).cell, training=False)(x, states)
    np.testing.assert_allclose(outputs.numpy(), expected.numpy(), rtol=1e-6, atol=1e-6)


def test_flat_weights_follow_a_replaced_parameter() -> None:
    cell = make_layer("lstm", 3, 2, 1, seed=14).cell
    first = flat_weights(cell)
    assert flat_weights(cell) is first  # read once
    cell.weight_ih = torch.nn.Parameter(cell.weight_ih * 2.0)
    assert flat_weights(cell)[0] is cell.weight_ih


def test_cached_runners_do_not_keep_a_cell_alive() -> None:
    layer = GRU(4)
    layer.build((None, None, 3))
    with torch.no_grad():
        fused_runner(layer.cell, training=False)
    alive = weakref.ref(layer.cell)
    del layer
    gc.collect()
    assert alive() is None


def test_a_runner_reuses_the_kernel_form_of_the_states_it_returned() -> None:
    """A stateful call passes back the last call's final states: their ``(1, N, u)`` form (of
    which they are views, so an in-place reset shows in it) goes to the kernel again."""
    cell = make_layer("gru", 4, 3, 2, seed=15).cell
    given, returned = [], []

    def spy(inputs, hx, *rest):
        given.append(hx)
        returned.append(fused._GRU(inputs, hx, *rest))
        return returned[-1]

    with torch.no_grad():
        run = fused._pytorch_runner(spy, functools.partial(flat_weights, cell), training=False)
        x = random(16, 2, 3, 3)
        _, (h,) = run(x, (torch.zeros(2, 4),))
        run(x, (h,))
        assert given[1] is returned[0][1]  # no second unsqueeze
        h.zero_()  # as reset_states does
        outputs, _ = run(x, (h,))
        expected, _ = run(x, (torch.zeros(2, 4),))
        assert given[3] is not given[2]
    np.testing.assert_array_equal(outputs.numpy(), expected.numpy())


@pytest.mark.usefixtures("avx2_rule")
def test_the_compiled_choice_is_made_once_per_size_thread_count_and_switch(
    threads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`compiled_kernel` is asked every frame: the rule runs once for each size, thread count
    and switch setting, and the packed weights still follow in-place changes."""
    asked = []
    rule = fused.prefers_compiled
    monkeypatch.setattr(fused, "prefers_compiled", lambda *args: asked.append(args) or rule(*args))
    cell = make_layer("lstm", 32, 32, 64, seed=17).cell
    torch.set_num_threads(1)
    first = compiled_kernel(cell, 64, 10)
    assert first is not None and compiled_kernel(cell, 64, 10) is not None and len(asked) == 1
    torch.set_num_threads(2)
    assert compiled_kernel(cell, 64, 10) is None and compiled_kernel(cell, 64, 10) is None
    assert len(asked) == 2
    with use_compiled_kernels(True):
        assert compiled_kernel(cell, 64, 10) is not None
    with use_compiled_kernels(False):
        assert compiled_kernel(cell, 64, 10) is None
    torch.set_num_threads(1)
    with torch.no_grad():
        cell.weight_hh.mul_(2.0)
    packed = compiled_kernel(cell, 64, 10)[1]
    assert len(asked) == 2 and packed is not first[1]
    np.testing.assert_array_equal(packed, compiled.pack_weights(fused._flat_weights(cell)))


@pytest.mark.parametrize("kind", ["gru", "lstm", "simple_tanh", "simple_relu"])
@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("batch", [1, 64])
def test_a_one_step_call_equals_the_sequence_kernel(kind: str, use_bias: bool, batch: int) -> None:
    """One step runs on the cell function: the sequence kernel's numbers and gradients."""
    cell = make_layer(kind, 8, 3, batch, seed=18, use_bias=use_bias).cell
    kernel, weights = fused._kernel_for(cell), functools.partial(flat_weights, cell)
    x = random(19, batch, 1, 3).requires_grad_()
    states = tuple(random(20 + i, batch, 8).requires_grad_() for i in range(2 if kind == "lstm" else 1))
    results = []
    for step in (fused._CELL_FUNCTIONS[kernel], None):
        outputs, final = fused._pytorch_runner(kernel, weights, True, step)(x, states)
        inputs = (x, *states, *cell.parameters())
        grads = torch.autograd.grad((outputs.square().sum() + sum(f.sum() for f in final)), inputs)
        results.append([outputs, *final, *grads])
    for i, (ours, sequence) in enumerate(zip(*results)):
        # Gradients of the weights sum over the rows, in another order: float32 rounding.
        tolerance = 1e-6 if i <= len(states) else 1e-5
        np.testing.assert_allclose(
            ours.detach().numpy(), sequence.detach().numpy(), rtol=tolerance, atol=tolerance
        )


def test_one_step_layer_calls_run_on_the_cell_function(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    function = fused._CELL_FUNCTIONS[fused._GRU]
    monkeypatch.setitem(fused._CELL_FUNCTIONS, fused._GRU, lambda *args: calls.append(1) or function(*args))
    layer = make_layer("gru", 8, 3, 2, seed=21)
    expected = copy.deepcopy(layer)
    with use_compiled_kernels(False), torch.no_grad():
        outputs = layer(random(22, 2, 1, 3))
        assert calls == [1]
        layer(random(23, 2, 2, 3))  # two steps: the sequence kernel
        assert calls == [1]
        with use_fused_kernels(False):
            reference = expected(random(22, 2, 1, 3))
    np.testing.assert_allclose(outputs.numpy(), reference.numpy(), rtol=1e-6, atol=1e-6)
