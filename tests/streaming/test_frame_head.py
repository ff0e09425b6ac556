"""`StreamPool.push` of one frame to a model with a head of `Dense` and `Activation` layers: the
head runs inside the one-frame kernel (`compiled.gru_frame_head`, ...; `streaming.head`), with
the general road's numbers; a change of the head's weights is seen; other heads run in Python
after the kernel, as before."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from statefulrnn import Dense, Sequential, use_compiled_kernels
from statefulrnn.layers import Activation, LayerNormalization, TimeDistributed, compiled
from statefulrnn.streaming import StreamPool
from statefulrnn.streaming.head import compiled_head, packable

from .helpers import FEATURES
from .test_frame_road import (
    KINDS,
    UNITS,
    FrameRoadCount,
    assert_changes_followed,
    lone_layer,
    packed_weights,
    pushed,
)

HEADS: dict[str, Callable[[], list]] = {
    "Dense(1)": lambda: [Dense(1)],
    "relu then sigmoid": lambda: [Dense(4, activation="relu"), Dense(2, activation="sigmoid")],
    "tanh, no bias": lambda: [Dense(3, activation="tanh", use_bias=False)],
    "TimeDistributed(Dense), softmax": lambda: [TimeDistributed(Dense(3)), Activation("softmax")],
    "an activation first": lambda: [Activation("relu"), Dense(2)],
}


def compiled_head_runs(pool: StreamPool) -> bool:
    """Whether the pool's one-frame road runs a head inside its kernel."""
    step = pool._runner.frame_step
    return bool(getattr(getattr(step, "__self__", None), "_head", ()))


def frames(count: int = 6) -> list[np.ndarray]:
    """(F,) frames and (1, F) chunks, interleaved: the outputs keep each one's shape."""
    rng = np.random.default_rng(7)
    return [
        rng.normal(size=(FEATURES,) if step % 2 else (1, FEATURES)).astype(np.float32)
        for step in range(count)
    ]


def assert_same(got: list[np.ndarray], expected: list[np.ndarray]) -> None:
    for mine, theirs in zip(got, expected, strict=True):
        assert mine.shape == theirs.shape and mine.dtype == np.float32
        np.testing.assert_allclose(mine, theirs, atol=2e-6, rtol=0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("head", "return_sequences"),
    [
        (head, return_sequences)
        for head in HEADS
        for return_sequences in (True, False)
        if return_sequences or not head.startswith("TimeDistributed")  # it needs steps
    ],
)
def test_a_head_runs_in_the_frame_kernel_with_the_general_roads_outputs(
    kind: str, return_sequences: bool, head: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    road = FrameRoadCount(monkeypatch)
    pool = StreamPool(Sequential([lone_layer(kind, return_sequences), *HEADS[head]()]))
    pool.open("s")
    assert compiled_head_runs(pool)
    chunk = frames()
    with use_compiled_kernels(False):
        expected = pushed(pool, chunk)
    got = pushed(pool, chunk)
    assert road.ran == len(chunk)
    assert_same(got, expected)
    # the state the kernel stepped in place is the general road's
    states = [state.clone() for state in next(iter(pool._slots.tensors.values()))]
    with use_compiled_kernels(False):
        pushed(pool, chunk)
    for state, theirs in zip(next(iter(pool._slots.tensors.values())), states):
        torch.testing.assert_close(state, theirs, rtol=0, atol=2e-6)


@pytest.mark.parametrize("kind", KINDS)
def test_a_frame_that_is_not_finite_is_refused_and_changes_nothing(kind: str) -> None:
    pool = StreamPool(Sequential([lone_layer(kind), Dense(2, activation="tanh")]))
    pool.open("s")
    pool.push("s", np.ones(FEATURES, np.float32))
    states = [state.clone() for state in next(iter(pool._slots.tensors.values()))]
    frame = np.ones(FEATURES, np.float32)
    frame[2] = np.nan
    with pytest.raises(ValueError, match="Stream 's': frames hold NaN or infinite values"):
        pool.push("s", frame)
    for state, kept in zip(next(iter(pool._slots.tensors.values())), states):
        torch.testing.assert_close(state, kept, rtol=0, atol=0)


def test_changes_of_the_heads_weights_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """In place (an optimizer step), by set_weights, by a replaced tensor (`.data =`)."""
    dense = Dense(3, activation="softmax")
    road = FrameRoadCount(monkeypatch)  # before the pool binds the step's method
    pool = StreamPool(Sequential([lone_layer("gru"), dense]))
    pool.open("s")
    chunk = frames(3)
    changes = [
        lambda: dense.kernel.mul_(2.0),
        lambda: dense.set_weights([w * 0.5 for w in dense.get_weights()]),  # softmax: not a shift
        lambda: setattr(dense.bias, "data", dense.bias.detach() + torch.arange(3.0)),
    ]
    assert_changes_followed(pool, chunk, pushed(pool, chunk), changes)
    assert road.ran == len(chunk) * (1 + len(changes))  # every push but those under PyTorch's kernels


@pytest.mark.parametrize(
    "head",
    [
        [Dense(2, activation="gelu")],  # an activation the kernel does not compute
        [Dense(2), LayerNormalization()],  # a layer it does not pack
        [Dense(2, activation=lambda x: x * 2.0)],  # a program's own function
    ],
    ids=["gelu", "LayerNormalization", "own function"],
)
def test_other_heads_run_after_the_kernel_with_the_same_numbers(head: list) -> None:
    pool = StreamPool(Sequential([lone_layer("lstm"), *head]))
    pool.open("s")
    assert not compiled_head_runs(pool)
    chunk = frames()
    with use_compiled_kernels(False):
        expected = pushed(pool, chunk)
    assert_same(pushed(pool, chunk), expected)


def test_packable_and_the_layout() -> None:
    first, second = Dense(4, activation="relu"), Dense(2, use_bias=False)
    first.build((None, UNITS))
    second.build((None, 4))
    layers = [first, TimeDistributed(second), Activation("sigmoid")]
    packed = packable(layers)
    assert packed == [first, second, layers[2]]
    layout, params = compiled_head(packed, UNITS)
    assert layout.tolist() == [
        [UNITS, 4, 0, 4 * UNITS, compiled.RELU],
        [4, 2, 4 * UNITS + 4, -1, compiled.LINEAR],
        [2, 2, -1, -1, compiled.SIGMOID],
    ]
    np.testing.assert_array_equal(params[: 4 * UNITS], first.kernel.detach().numpy().ravel())
    assert params.shape == (4 * UNITS + 4 + 4 * 2,)
    assert packable([Dense(2, activation="elu")]) is None
    assert packable([]) is None
    assert compiled_head([first.double()], UNITS) is None  # float64 weights: the head runs in Python


@pytest.mark.parametrize("kernel", ["gru", "lstm", "rnn_tanh", "rnn_relu"])
def test_the_head_kernel_checks_its_layout_before_it_writes(kernel: str) -> None:
    states = 2 if kernel == "lstm" else 1
    rng = np.random.default_rng(3)
    weights = packed_weights(kernel, seed=3)
    dense = Dense(2, activation="tanh")
    dense.build((None, UNITS))
    layout, params = compiled_head([dense], UNITS)
    headed = getattr(compiled, f"{kernel}_frame_head")
    plain = getattr(compiled, f"{kernel}_frame")
    frame = rng.normal(size=FEATURES).astype(np.float32)
    tables = tuple(rng.normal(size=(3, UNITS)).astype(np.float32) for _ in range(states))
    hidden, output = np.empty(UNITS, np.float32), np.empty(2, np.float32)
    stepped = tuple(t.copy() for t in tables)
    assert plain(frame, *stepped, 1, weights, hidden)
    assert headed(frame, *tables, 1, weights, layout, params, output)
    for mine, theirs in zip(tables, stepped):
        np.testing.assert_array_equal(mine, theirs)
    expected = np.tanh(hidden @ dense.kernel.detach().numpy() + dense.bias.detach().numpy())
    np.testing.assert_allclose(output, expected, atol=1e-6, rtol=0)
    kept = tuple(t.copy() for t in tables)
    broken = [layout.copy(), layout.copy(), layout.copy()]
    broken[0][0, 0] = UNITS + 1  # not chained from the units
    broken[1][0, 2] = params.size  # a kernel past the end of params
    broken[2][0, 4] = 9  # no such activation
    for bad in broken:
        with pytest.raises(ValueError, match="A head needs a layout"):
            headed(frame, *tables, 1, weights, bad, params, output)
    with pytest.raises(ValueError, match="A head needs a layout"):
        headed(frame, *tables, 1, weights, layout, params, np.empty(3, np.float32))  # the wrong width
    for mine, theirs in zip(tables, kept):
        np.testing.assert_array_equal(mine, theirs)
