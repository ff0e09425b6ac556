"""The compiled kernels (layers/compiled.py) against PyTorch's, and when fused.py chooses them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import GRU, LSTM, SimpleRNN, use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import RNN, compiled
from statefulrnn.layers.fused import compiled_kernel, fused_runner


def test_numba_is_installed_for_these_tests() -> None:
    """The `test` extra installs numba: without it every comparison below would be vacuous."""
    assert compiled.AVAILABLE, "numba is missing: pip install -e '.[test]' (or '.[fast]')"


TOLERANCE = dict(rtol=1e-6, atol=1e-6)
LAYERS = {
    "simple_tanh": lambda units, **kw: SimpleRNN(units, **kw),
    "simple_relu": lambda units, **kw: SimpleRNN(units, activation="relu", **kw),
    "gru": lambda units, **kw: GRU(units, **kw),
    "lstm": lambda units, **kw: LSTM(units, **kw),
}
# N, T, F, u: one step or a few rows on the loops; from 4 steps or 8 rows on BLAS (`compiled._by_blas`)
SHAPES = [
    (1, 1, 1, 1), (1, 1, 8, 64), (1, 9, 3, 4), (3, 7, 2, 5), (4, 5, 6, 33), (2, 3, 5, 9), (16, 2, 5, 40),
    (9, 1, 7, 12),
]  # fmt: skip


def make_layer(kind: str, units: int, features: int, batch: int, seed: int, **kwargs) -> RNN:
    """A stateful layer whose weights, biases included, are all random; scaled by fan-in, so
    the recurrence does not amplify rounding differences into larger ones step by step."""
    torch.manual_seed(seed)
    options = dict(stateful=True, return_sequences=True, batch_input_shape=(batch, None, features))
    layer = LAYERS[kind](units, **(options | kwargs))
    with torch.no_grad():
        for parameter in layer.parameters():
            parameter.normal_(0.0, 0.5 if parameter.ndim == 1 else parameter.shape[1] ** -0.5)
    return layer


def random(seed: int, *shape: int) -> torch.Tensor:
    return torch.from_numpy(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


@contextlib.contextmanager
def compiled_calls() -> Iterator[list[int]]:
    """Counts the calls of the compiled kernels within the block, seen by a profile hook."""
    calls: list[int] = []

    def hook(frame, event: str, arg) -> None:
        if event == "call" and frame.f_code is compiled.run.__code__:
            calls.append(1)

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


def on_both_kernels(layer: RNN, *chunks: torch.Tensor, **kwargs) -> dict[bool, list[torch.Tensor]]:
    """Each chunk's outputs and final states, from the same start (states, and the random
    generator for dropout), per kernel (compiled or PyTorch's)."""
    start = [s.clone() for s in layer.states]
    results = {}
    for use in (True, False):
        layer.reset_states(start)
        torch.manual_seed(0)
        with use_compiled_kernels(use), torch.no_grad(), compiled_calls() as calls:
            results[use] = [t for x in chunks for t in (layer(x, **kwargs), *layer.states)]
        assert bool(calls) == use
    return results


def assert_same(results: dict[bool, list[torch.Tensor]]) -> None:
    for got, expected in zip(results[True], results[False], strict=True):
        np.testing.assert_allclose(got.numpy(), expected.numpy(), **TOLERANCE)


@pytest.mark.parametrize("use_bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "N{}_T{}_F{}_u{}".format(*s))
@pytest.mark.parametrize("kind", LAYERS)
def test_compiled_equals_pytorch(kind: str, shape: tuple[int, int, int, int], use_bias: bool) -> None:
    """Outputs and final states, from random nonzero states."""
    batch, steps, features, units = shape
    layer = make_layer(kind, units, features, batch, seed=sum(shape), use_bias=use_bias)
    layer.reset_states([random(i, batch, units) for i in range(len(layer.states))])
    assert_same(on_both_kernels(layer, random(7, batch, steps, features)))


@pytest.mark.parametrize("kind", LAYERS)
def test_chunked_stateful_run(kind: str) -> None:
    layer = make_layer(kind, 6, 3, 2, seed=1)
    x = random(2, 2, 20, 3)
    results = on_both_kernels(layer, *x.split([1, 5, 3, 11], dim=1))
    assert_same(results)
    last_chunk = results[True][-1 - len(layer.states)]
    whole = make_layer(kind, 6, 3, 2, seed=1)
    with use_compiled_kernels(True), torch.no_grad():
        np.testing.assert_allclose(whole(x)[:, -11:].numpy(), last_chunk.numpy(), **TOLERANCE)


@pytest.mark.parametrize("kind", LAYERS)
def test_masks_and_resets(kind: str) -> None:
    """Each segment between resets and mask changes runs on the kernel (a time slice of a batch:
    not contiguous), and the rows come out as on PyTorch's kernel."""
    layer = make_layer(kind, 5, 2, 3, seed=3)
    mask = torch.ones(3, 9, dtype=torch.bool)
    mask[0, 6:] = False  # padding at the end of row 0
    resets = torch.zeros(3, 9, dtype=torch.bool)
    resets[1, 4] = resets[2, 2] = True
    assert_same(on_both_kernels(layer, random(4, 3, 9, 2), mask=mask, resets=resets))


def test_go_backwards_and_input_dropout() -> None:
    """Inputs that the driver reverses or masks (training without gradients) before the kernel."""
    layer = make_layer("gru", 4, 3, 2, seed=5, go_backwards=True, dropout=0.5).train()
    assert_same(on_both_kernels(layer, random(6, 2, 5, 3)))


@pytest.mark.parametrize("kind", LAYERS)
def test_not_used_when_gradients_are_needed(kind: str) -> None:
    """A training step gets the same gradients whether or not the compiled kernel is allowed."""
    x = random(8, 2, 6, 3)
    grads = {}
    for use in (True, False):
        layer = make_layer(kind, 4, 3, 2, seed=8).train()
        with use_compiled_kernels(use), compiled_calls() as calls:
            layer(x).square().sum().backward()
        assert calls == []
        grads[use] = [p.grad for p in layer.parameters()]
    for got, expected in zip(grads[True], grads[False], strict=True):
        torch.testing.assert_close(got, expected, rtol=0, atol=0)


def test_gradients_for_inputs_or_states_of_a_frozen_layer() -> None:
    """Frozen weights are not enough: an input or a state that requires grad needs PyTorch's."""
    layer = make_layer("lstm", 4, 3, 2, seed=9).requires_grad_(False)
    x = random(10, 2, 6, 3).requires_grad_()
    state = [random(11, 2, 4).requires_grad_(), random(12, 2, 4)]
    with use_compiled_kernels(True), compiled_calls() as calls:
        layer(x).sum().backward()
        layer(x.detach(), initial_state=state).sum().backward()
    assert calls == []
    assert x.grad is not None and state[0].grad is not None
    with use_compiled_kernels(True), compiled_calls() as calls:
        y = layer(x.detach())  # grad mode on, but nothing requires grad
    assert calls == [1] and y.grad_fn is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::torch.jit.TracerWarning")
def test_not_used_while_tracing() -> None:
    """torch.onnx.export traces under no_grad: the traced graph must hold PyTorch's kernel."""
    layer = make_layer("gru", 4, 3, 2, seed=13, stateful=False)
    with use_compiled_kernels(True), torch.no_grad(), compiled_calls() as calls:
        traced = torch.jit.trace(layer, random(14, 2, 5, 3), check_trace=False)
    assert calls == []
    x = random(15, 2, 7, 3)
    with torch.no_grad():
        np.testing.assert_allclose(traced(x).numpy(), layer(x).numpy(), **TOLERANCE)


@pytest.mark.parametrize(
    ("fused", "compiled_switch", "expected"),
    [(True, None, 1), (True, True, 1), (True, False, 0), (False, True, 0)],
    ids=["auto", "forced", "off", "generic_path"],
)
def test_switches_choose_the_kernel(fused: bool, compiled_switch: bool | None, expected: int) -> None:
    """Guard for the tests above: the switches change which code runs; use_fused_kernels(False)
    wins (the per-step loop), whatever use_compiled_kernels says."""
    layer = make_layer("gru", 64, 8, 1, seed=16)
    switch = contextlib.nullcontext() if compiled_switch is None else use_compiled_kernels(compiled_switch)
    with use_fused_kernels(fused), switch, torch.no_grad(), compiled_calls() as calls:
        layer(random(17, 1, 1, 8))
        assert (fused_runner(layer.cell, training=False) is None) == (not fused)
    assert len(calls) == expected


def test_large_batches_go_to_pytorch_unless_forced() -> None:
    layer = make_layer("lstm", 64, 8, 512, seed=18)
    x = random(19, 512, 40, 8)
    with torch.no_grad(), compiled_calls() as calls:
        layer(x)
        assert calls == []  # auto: 512 x 64 is past the measured crossovers (a long LSTM chunk)
        with use_compiled_kernels(True):
            layer(x)
        assert calls == [1]


def test_float64_runs_on_pytorch() -> None:
    """The kernels are float32: a float64 layer keeps PyTorch's kernel, even when forced."""
    layer = make_layer("gru", 4, 3, 2, seed=22, dtype="float64")
    with use_compiled_kernels(True), torch.no_grad(), compiled_calls() as calls:
        y = layer(random(23, 2, 5, 3).double())
    assert calls == [] and y.dtype == torch.float64


def test_kernels_refuse_mismatched_shapes() -> None:
    """The compiled loops do not check indices: the kernels check the shapes first (a feature
    size within the same padding, 1 to 4 here, is safe, but not checked)."""
    weights = compiled.pack_weights([torch.ones(4 * 3, 2), torch.ones(4 * 3, 3)])  # LSTM, F=2, u=3
    x, state = np.ones((2, 5, 2), np.float32), np.zeros((2, 3), np.float32)
    assert compiled.call(compiled.lstm, x, (state, state), weights)[0].shape == (2, 5, 3)
    outputs, final = np.empty((2, 5, 3), np.float32), np.empty((2, 3), np.float32)
    message = r"needs x \(N, T, F\), states \(N, u\), weights from pack_weights"
    for arguments in [
        (np.ones((2, 5, 6), np.float32), state, state, weights, outputs, final, final),  # another F
        (x, state, state[:1], weights, outputs, final, final),  # another batch size
        (x, state[:, :2], state[:, :2], weights, outputs, final, final),  # another u
        (x, state, state, weights, outputs[:, :4], final, final),  # outputs too short
        (x, state, state, weights, outputs, final, final[:1]),  # a final state too small
    ]:
        with pytest.raises(ValueError, match=message):
            compiled.lstm(*(np.ascontiguousarray(a) for a in arguments))
    with pytest.raises(ValueError, match=message):
        compiled.gru(x, state, weights, outputs, final)  # LSTM weights


@pytest.mark.parametrize("cell", sorted(LAYERS))
def test_kernels_step_a_state_in_place(cell: str) -> None:
    """A final state may be the initial state's array itself (a stream pool's slot): the same
    numbers as into fresh arrays."""
    layer = make_layer(cell, 4, 3, 2, seed=31)
    chosen = compiled_kernel(layer.cell, 2, 5)
    assert chosen is not None
    kernel, weights = chosen
    x = random(32, 2, 5, 3).numpy()
    states = tuple(random(33 + i, 2, 4).numpy() for i in range(2 if cell == "lstm" else 1))
    expected_outputs, expected = compiled.call(kernel, x, states, weights)
    in_place = tuple(state.copy() for state in states)
    outputs = np.empty_like(expected_outputs)
    kernel(x, *in_place, weights, outputs, *in_place)
    np.testing.assert_array_equal(outputs, expected_outputs)
    for state, final in zip(in_place, expected):
        np.testing.assert_array_equal(state, final)
    assert not np.array_equal(in_place[0], states[0])


def test_activations_match_torch() -> None:
    """exp, sigmoid and tanh in plain arithmetic: within 2e-7 of float64 (exp: relative), and
    the special values as torch has them (but sigmoid(-inf) = 6e-39: exp is clamped at e**87)."""
    ordinary = np.concatenate([np.linspace(-90, 90, 4001), np.linspace(-1, 1, 2001), [1e-30, -1e-30]])
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e4, -1e4])
    for name, reference in [("_exp", torch.exp), ("_sigmoid", torch.sigmoid), ("_tanh", torch.tanh)]:
        scalar = getattr(compiled, name)
        values = np.concatenate([ordinary, special]).astype(np.float32)
        got = np.array([scalar(v) for v in values], np.float32)
        exact = reference(torch.from_numpy(values).double()).numpy()
        if name == "_exp":  # relative, inside the clamp range [-87, 88]
            inside = np.abs(values) <= 87
            np.testing.assert_allclose(got[inside], exact[inside], rtol=2e-7, atol=0)
        else:
            np.testing.assert_allclose(got[: ordinary.size], exact[: ordinary.size], rtol=0, atol=2e-7)
            expected = reference(torch.from_numpy(special.astype(np.float32))).numpy()
            np.testing.assert_allclose(got[ordinary.size :], expected, rtol=0, atol=1e-38)
            assert np.signbit(got[ordinary.size + 4]) == (name == "_tanh")  # tanh(-0.0) = -0.0


def test_wide_vectors_mark_the_gate_loops_and_change_no_bits() -> None:
    """`compiled._wide_vectors` marks the function it is called in for 512-bit vectors (where
    llvmlite writes the attribute), and the gates come out the same bits as without the mark."""
    import llvmlite.ir
    import numba

    namespace = compiled._numba_namespace()
    assert compiled._writes_attribute(llvmlite.ir)  # this llvmlite: the kernels are marked

    @numba.extending.intrinsic
    def unmarked(typingctx):
        return numba.types.void(), lambda context, builder, signature, args: context.get_dummy_value()

    plain = dict(namespace, _wide_vectors=unmarked)
    for name in ("_exp", "_sigmoid", "_tanh"):
        plain[name] = compiled._jit(numba, getattr(compiled, name), plain, cache=False)
    wide = compiled._jit(numba, compiled._lstm_update, namespace, cache=False)
    narrow = compiled._jit(numba, compiled._lstm_update, plain, cache=False)
    rng = np.random.default_rng(0)
    gates = rng.standard_normal(4 * 67).astype(np.float32) * 4
    results = []
    for update in (wide, narrow):
        c, h, output = np.ones(67, np.float32), np.empty(67, np.float32), np.empty(67, np.float32)
        update(gates, c, h, output)
        results.append((c, h, output))
    for marked, unmarked_result in zip(*results):
        np.testing.assert_array_equal(marked, unmarked_result)
    signature = wide.signatures[0]
    assert compiled._PREFER_WIDE in wide.inspect_llvm(signature)
    assert compiled._PREFER_WIDE not in narrow.inspect_llvm(signature)


def test_wide_vectors_are_left_out_where_llvmlite_cannot_write_them() -> None:
    """An llvmlite whose attribute set refuses the string leaves the vector width to LLVM."""

    class FrozenAttributes:  # what a later llvmlite's attribute set might be: no set
        def __init__(self, module: object, kind: object, name: str) -> None:
            self.attributes = frozenset()

    fake_ir = type(
        "ir",
        (),
        {
            "Module": object,
            "Function": FrozenAttributes,
            "FunctionType": lambda *a: None,
            "VoidType": lambda: None,
        },
    )
    assert compiled._writes_attribute(fake_ir) is False


@pytest.mark.parametrize("change", ["set_weights", "optimizer", "replace", "data"])
def test_weight_cache_follows_every_change(change: str) -> None:
    layer = make_layer("lstm", 5, 3, 2, seed=20)
    cell, x = layer.cell, random(21, 2, 4, 3)
    with torch.no_grad(), use_compiled_kernels(True):
        before = layer(x).clone()
        if change == "set_weights":
            layer.set_weights([w * 0.5 for w in layer.get_weights()])
        elif change == "optimizer":
            cell.weight_hh.grad = torch.ones_like(cell.weight_hh)
            torch.optim.SGD(layer.parameters(), lr=0.1).step()
        elif change == "replace":
            cell.weight_ih = torch.nn.Parameter(cell.weight_ih * 0.5)
        else:
            cell.bias.data = cell.bias.data + 1.0
    layer.reset_states()
    results = on_both_kernels(layer, x)
    assert_same(results)
    assert not torch.allclose(results[True][0], before)


def test_numba_is_optional() -> None:
    """Without numba: PyTorch's kernels as before, the switch says what is missing, and the
    kernels (plain Python then) still compute the same numbers."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["numba"] = None  # as if not installed: importing it raises ImportError
        import numpy as np, torch
        from statefulrnn import GRU, use_compiled_kernels
        from statefulrnn.layers import compiled
        assert not compiled.AVAILABLE
        layer = GRU(3, return_sequences=True, return_state=True, bias_initializer="ones")
        x = torch.randn(2, 4, 2)
        with torch.no_grad():
            y, h = layer(x)
        weights = compiled.pack_weights([p.detach() for p in layer.cell.parameters()])
        outputs, (final,) = compiled.call(compiled.gru, x.numpy(), (np.zeros((2, 3), np.float32),), weights)
        np.testing.assert_allclose(outputs, y.numpy(), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(final, h.numpy(), rtol=1e-6, atol=1e-6)
        try:
            use_compiled_kernels(True)
        except ModuleNotFoundError as error:
            print(error)
        """
    )
    package_root = Path(statefulrnn.__file__).parents[1]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(package_root)},
    )
    assert result.returncode == 0, result.stderr
    assert "numba" not in result.stderr  # no warning about the missing extra
    assert result.stdout.startswith("use_compiled_kernels(True) needs numba, which is not installed")


def test_predict_and_a_stream_pool_run_on_the_compiled_kernel() -> None:
    from statefulrnn import Dense, Sequential
    from statefulrnn.streaming import StreamPool

    model = Sequential([make_layer("gru", 8, 3, 2, seed=30), Dense(1)])
    x = random(31, 4, 5, 3).numpy()
    with compiled_calls() as calls:
        predicted = model.predict(x, verbose=0)
    assert len(calls) == 2  # one per batch of 2
    pool = StreamPool(model)
    pool.open("a")
    chosen: list[object] = []  # what fused.compiled_kernel returned to the pool's numpy road

    def hook(frame, event: str, arg) -> None:
        if event == "return" and frame.f_code is compiled_kernel.__code__:
            chosen.append(arg)

    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        streamed = pool.push("a", x[0])
    finally:
        sys.setprofile(previous)
    assert len(chosen) == 1 and chosen[0] is not None
    np.testing.assert_allclose(streamed, predicted[0], **TOLERANCE)
    with use_compiled_kernels(False):  # the tensor road, on PyTorch's kernel: the same numbers
        pool.reset("a")
        np.testing.assert_allclose(pool.push("a", x[0]), predicted[0], **TOLERANCE)
