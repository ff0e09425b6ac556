"""`MinGRU`, `MinLSTM` and `LRU`: the papers' formulas, and everything `RNN` gives a layer
(stateful carry, reset_states, model files, pickling, training) through today's per-step path."""

from __future__ import annotations

import copy
import math
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from statefulrnn import Sequential, load_model
from statefulrnn.layers import (
    LRU,
    RNN,
    Dense,
    LRUCell,
    MinGRU,
    MinGRUCell,
    MinLSTM,
    MinLSTMCell,
    min_rnn,
    use_compiled_kernels,
    use_fused_kernels,
)

TOLERANCE = dict(rtol=1e-5, atol=1e-5)
LAYERS: dict[str, Callable[..., RNN]] = {
    "min_gru": lambda **kw: MinGRU(4, **kw),
    "min_lstm": lambda **kw: MinLSTM(4, **kw),
    "lru": lambda **kw: LRU(4, state_size=6, r_min=0.5, **kw),
    "rnn_of_min_gru_cell": lambda **kw: RNN(MinGRUCell(4), **kw),
}


def paper_g(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x >= 0, x + 0.5, torch.sigmoid(x))


def test_min_gru_step_is_the_papers() -> None:
    torch.manual_seed(0)
    cell = MinGRUCell(3)
    x, h = torch.randn(4, 2), torch.randn(4, 3)
    out, (new_h,) = cell(x, (h,))
    w_z, w_h = cell.kernel.split(3, dim=1)
    b_z, b_h = cell.bias.split(3)
    z = torch.sigmoid(x @ w_z + b_z)
    expected = (1 - z) * h + z * paper_g(x @ w_h + b_h)
    torch.testing.assert_close(new_h, expected, **TOLERANCE)
    assert out is new_h


def test_min_lstm_step_is_the_papers() -> None:
    torch.manual_seed(0)
    cell = MinLSTMCell(3, bias_initializer="random_normal")
    x, h = torch.randn(4, 2), torch.randn(4, 3)
    _, (new_h,) = cell(x, (h,))
    w_f, w_i, w_h = cell.kernel.split(3, dim=1)
    b_f, b_i, b_h = cell.bias.split(3)
    f, i = torch.sigmoid(x @ w_f + b_f), torch.sigmoid(x @ w_i + b_i)
    expected = f / (f + i) * h + i / (f + i) * paper_g(x @ w_h + b_h)
    torch.testing.assert_close(new_h, expected, **TOLERANCE)


def test_lru_step_is_the_papers() -> None:
    torch.manual_seed(0)
    cell = LRUCell(3, state_size=5, r_min=0.4, r_max=0.9, max_phase=math.pi)
    x = torch.randn(4, 2)
    re, im = torch.randn(4, 5), torch.randn(4, 5)
    y, (new_re, new_im) = cell(x, (re, im))
    lam = torch.exp(-torch.exp(cell.nu_log) + 1j * torch.exp(cell.theta_log))
    b = torch.complex(cell.B[:, :5], cell.B[:, 5:])
    c = torch.complex(cell.C[:5], cell.C[5:])
    h = lam * torch.complex(re, im) + torch.exp(cell.gamma_log) * (x.to(b.dtype) @ b)
    torch.testing.assert_close(torch.complex(new_re, new_im), h, **TOLERANCE)
    torch.testing.assert_close(y, (h @ c).real + x @ cell.D, **TOLERANCE)


def test_lru_starts_on_its_ring_with_the_papers_normalisation() -> None:
    torch.manual_seed(0)
    cell = LRUCell(2, state_size=500, r_min=0.4, r_max=0.9, max_phase=0.5)
    cell.build((None, 3))
    eigenvalues = cell.eigenvalues().detach()
    modulus, phase = eigenvalues.abs(), eigenvalues.angle()
    assert 0.4 <= float(modulus.min()) and float(modulus.max()) <= 0.9
    assert 0.0 <= float(phase.min()) and float(phase.max()) <= 0.5
    torch.testing.assert_close(torch.exp(cell.gamma_log.detach()), torch.sqrt(1 - modulus**2), **TOLERANCE)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_stateful_chunked_equals_whole_and_reset_equals_fresh(kind: str) -> None:
    torch.manual_seed(0)
    layer = LAYERS[kind](stateful=True, return_sequences=True, batch_input_shape=(2, None, 3))
    x = torch.randn(2, 30, 3)
    whole = layer(x)
    layer.reset_states()
    pieces = torch.cat([layer(x[:, :7]), layer(x[:, 7:8]), layer(x[:, 8:])], dim=1)
    torch.testing.assert_close(pieces, whole, **TOLERANCE)
    layer.reset_states()
    torch.testing.assert_close(layer(x), whole, **TOLERANCE)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_the_layer_equals_its_cells_scan(kind: str) -> None:
    torch.manual_seed(0)
    layer = LAYERS[kind](return_sequences=True, return_state=True)
    x = torch.randn(2, 100, 3)
    outputs, *states = layer(x)
    zeros = tuple(torch.zeros(2, size) for size in layer.state_sizes)
    scanned, scanned_states = layer.cell.run_chunk(x, zeros)
    torch.testing.assert_close(scanned, outputs, **TOLERANCE)
    for mine, theirs in zip(scanned_states, states):
        torch.testing.assert_close(mine, theirs, **TOLERANCE)


def _model(kind: str) -> Sequential:
    torch.manual_seed(0)
    return Sequential(
        [
            LAYERS[kind](stateful=True, return_sequences=True, batch_input_shape=(2, None, 3)),
            Dense(1),
        ]
    )


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_a_model_file_round_trips_with_its_states(kind: str, tmp_path: Path) -> None:
    model = _model(kind)
    x = torch.randn(2, 6, 3)
    model(x)
    model.save(tmp_path / "model.safetensors", include_states=True)
    twin = load_model(tmp_path / "model.safetensors")
    assert type(twin.layers[0].cell) is type(model.layers[0].cell)
    torch.testing.assert_close(twin(x), model(x), rtol=0, atol=0)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_a_pickled_model_carries_on_as_the_original(kind: str) -> None:
    model = _model(kind)
    x = torch.randn(2, 6, 3)
    model(x)
    twin = pickle.loads(pickle.dumps(model))
    torch.testing.assert_close(twin(x), model(x), rtol=0, atol=0)


@pytest.mark.parametrize("kind", ["min_gru", "lru"])
def test_fit_with_truncated_bptt_lowers_the_loss(kind: str) -> None:
    model = _model(kind)
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 40, 3)).astype("float32")
    y = np.cumsum(x[:, :, :1], axis=1) * 0.1
    history = model.fit(x, y, batch_size=2, epochs=15, chunk_length=10, verbose=0, shuffle=False)
    losses = history.history["loss"]
    assert np.isfinite(losses).all() and losses[-1] < losses[0]


def test_the_gates_of_the_min_cells_match_a_direct_division_where_it_is_safe() -> None:
    # minLSTM's f / (f + i) computed as sigmoid(softplus(-k_i) - softplus(-k_f)).
    k_f, k_i = torch.randn(1000, dtype=torch.float64), torch.randn(1000, dtype=torch.float64)
    f, i = torch.sigmoid(k_f), torch.sigmoid(k_i)
    d = F.softplus(-k_f) - F.softplus(-k_i)
    torch.testing.assert_close(torch.sigmoid(-d), f / (f + i))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (dict(r_min=0.9, r_max=0.5), r"0 <= r_min < r_max <= 1. Received: r_min=0.9, r_max=0.5"),
        (dict(r_max=1.5), r"Received: r_min=0.0, r_max=1.5"),
        (dict(max_phase=0.0), r"max_phase must be positive \(radians\). Received: max_phase=0.0"),
    ],
)
def test_lru_refuses_a_ring_outside_the_unit_disc(arguments: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LRU(4, **arguments)


def test_units_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"units must be a positive integer. Received: units=0"):
        MinGRU(0)
    with pytest.raises(ValueError, match=r"state_size must be a positive integer. Received: state_size=0"):
        LRU(3, state_size=0)


@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_a_layer_call_runs_the_scan_and_equals_the_per_step_loop(kind: str, monkeypatch) -> None:
    torch.manual_seed(2)
    layer = LAYERS[kind](return_sequences=True)
    x = torch.randn(3, 9, 2)
    mask = torch.rand(3, 9) > 0.2
    resets = torch.rand(3, 9) > 0.8
    with use_fused_kernels(False):  # the per-step loop
        expected = [layer(x), layer(x, mask=mask), layer(x, resets=resets)]
    scans = []
    run_chunk = type(layer.cell).run_chunk
    monkeypatch.setattr(
        type(layer.cell), "run_chunk", lambda cell, *a, **kw: scans.append(1) or run_chunk(cell, *a, **kw)
    )
    got = [layer(x), layer(x, mask=mask), layer(x, resets=resets)]
    assert scans, "the layer never ran its cell's scan"
    for g, e in zip(got, expected, strict=True):
        torch.testing.assert_close(g, e, **TOLERANCE)


# ----- a training chunk: a min cell's coefficients as one autograd node, with PyTorch's numbers -


def _autograd_nodes(output: torch.Tensor) -> set[str]:
    seen, names, todo = set(), set(), [output.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        names.add(type(node).__name__)
        todo.extend(next_node for next_node, _ in node.next_functions)
    return names


def _recorded_coefficients(cell: min_rnn._GatedLinearCell, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The coefficients as PyTorch's operations, each recorded by autograd."""
    return min_rnn._min_coefficients(cell._preactivations(x), cell.units)


@pytest.mark.parametrize("layer_class", [MinGRU, MinLSTM])
@pytest.mark.parametrize("steps", [5, 70, 1100])  # 70, 1100: blocks and a ragged tail
def test_a_min_chunks_gradients_equal_those_of_pytorchs_operations(
    steps: int, layer_class: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch.manual_seed(3)
    layer = layer_class(4, return_sequences=True)
    x = 3.0 * torch.randn(3, steps, 2)
    x[:, -2:] = 30.0  # large preactivations: softplus past its threshold (20) runs its linear branch
    x[:, :3] = 0.0  # preactivations of exactly 0 (zero bias): g's kink, where autograd's slope is 1/4
    h0 = torch.randn(3, 4, requires_grad=True)
    weights = torch.randn(steps, 4)

    def gradients() -> tuple[set[str], list[torch.Tensor]]:
        layer.zero_grad(set_to_none=True)
        h0.grad = None
        outputs = layer(x, initial_state=[h0])
        (outputs * weights).sum().backward()
        return _autograd_nodes(outputs), [layer.cell.kernel.grad, layer.cell.bias.grad, h0.grad]

    nodes, fused = gradients()
    assert "_MinCoefficientsBackward" in nodes
    monkeypatch.setattr(type(layer.cell), "coefficients", _recorded_coefficients)
    nodes, recorded = gradients()
    assert "_MinCoefficientsBackward" not in nodes
    for mine, theirs in zip(fused, recorded, strict=True):
        torch.testing.assert_close(mine, theirs, **TOLERANCE)


@pytest.mark.parametrize("cell_class", [MinGRUCell, MinLSTMCell])
def test_gradcheck_of_a_min_chunk_in_float64(cell_class: type) -> None:
    torch.manual_seed(4)
    cell = cell_class(2, dtype=torch.float64)
    cell.build((1, 3))
    x = torch.randn(2, 9, 3, dtype=torch.float64, requires_grad=True)  # no preactivation at g's kink
    h0 = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)

    def chunk(x: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
        return cell.run_chunk(x, (h0,))[0]

    assert "_MinCoefficientsBackward" in _autograd_nodes(chunk(x, h0))
    assert torch.autograd.gradcheck(chunk, (x, h0))
    assert torch.autograd.gradgradcheck(chunk, (x, h0))


# ----- the streamed step without autograd: its shortcuts give the step's numbers ---------------


def _grad_and_no_grad_steps(cell: torch.nn.Module, x: torch.Tensor, states: tuple) -> tuple:
    reference = cell(x, states)  # grad mode: PyTorch's operations, recorded
    with torch.no_grad():
        fast = cell(x, states)
    return reference, fast


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("cell_class", [MinGRUCell, MinLSTMCell])
@pytest.mark.parametrize("scale", [3.0, 30.0])  # 30: preactivations past softplus's threshold (20)
def test_a_min_cell_step_without_grad_equals_the_recorded_step(
    cell_class: type, scale: float, compiled: bool
) -> None:
    torch.manual_seed(0)
    cell = cell_class(64, bias_initializer="random_normal")
    x, h = torch.randn(3, 32) * scale, torch.randn(3, 64)
    with use_compiled_kernels(compiled):
        (expected, _), (got, _) = _grad_and_no_grad_steps(cell, x, (h,))
        assert expected.requires_grad and not got.requires_grad
        _assert_as_accurate(got, expected.detach(), cell, x, h)
        with torch.no_grad():  # the kernel reads the weights as they are now (changed in place)
            cell.kernel.mul_(-0.5)
            got = cell(x, (h,))[0]
        _assert_as_accurate(got, cell(x, (h,))[0].detach(), cell, x, h)


def _assert_as_accurate(got: torch.Tensor, recorded: torch.Tensor, cell: torch.nn.Module, x, h) -> None:
    """``got`` equals the recorded float32 step to float32's accuracy here: at preactivations of
    30 both lie some 1e-5 from the float64 step, and differ by as much from each other on some
    CPUs (PyTorch's exp and log differ by vector unit); the shortcut must be no less accurate,
    but for a few float32 steps at the outputs' size (on an AMD EPYC the compiled step is
    1.4e-5 off where PyTorch's is 7.1e-6, with outputs up to ~50, where a float32 step is 4e-6)."""
    with torch.no_grad():
        exact = copy.deepcopy(cell).double()(x.double(), (h.double(),))[0]
    error, recorded_error = (float((t.double() - exact).abs().max()) for t in (got, recorded))
    float32_steps = 4 * torch.finfo(torch.float32).eps * float(exact.abs().max())
    assert error <= 1.5 * recorded_error + float32_steps, (error, recorded_error, float32_steps)
    torch.testing.assert_close(got, recorded, rtol=1e-5, atol=2e-5)


KERNEL_OF = {"min_gru": "min_rnn_step", "min_lstm": "min_rnn_step", "lru": "lru_step"}


def _count_kernel_calls(kind: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from statefulrnn.layers import compiled_linear

    calls: list[int] = []
    real = getattr(compiled_linear, KERNEL_OF[kind])
    monkeypatch.setattr(compiled_linear, KERNEL_OF[kind], lambda *a: calls.append(1) or real(*a))
    return calls


@pytest.mark.parametrize("kind", sorted(KERNEL_OF))
def test_the_compiled_step_runs_without_grad_only(kind: str, monkeypatch) -> None:
    from statefulrnn.layers import compiled_linear

    calls = _count_kernel_calls(kind, monkeypatch)
    layer = LAYERS[kind](stateful=True, batch_input_shape=(1, None, 3))
    x = torch.randn(1, 1, 3)
    layer(x).sum().backward()  # grad mode: PyTorch's operations, never the kernel
    assert calls == [] and all(p.grad is not None for p in layer.parameters())
    with torch.no_grad():
        layer(x)
    assert calls == [1]
    with torch.no_grad(), use_compiled_kernels(False):
        layer(x)
    assert calls == [1]
    cell, rows = layer.cell, compiled_linear.MAX_ROWS + 1  # many rows: PyTorch's product is faster
    states = tuple(torch.zeros(rows, size) for size in np.atleast_1d(cell.state_size))
    with torch.no_grad():
        cell(torch.randn(rows, 3), states)
        assert calls == [1]
        with use_compiled_kernels(True):
            cell(torch.randn(rows, 3), states)
    assert calls == [1, 1]


@pytest.mark.parametrize("kind", sorted(KERNEL_OF))
def test_streamed_compiled_steps_carry_the_state_and_honour_resets(kind: str, monkeypatch) -> None:
    torch.manual_seed(0)
    layer = LAYERS[kind](stateful=True, return_sequences=True, batch_input_shape=(2, None, 3))
    x = torch.randn(2, 12, 3) * 2
    resets = torch.zeros(2, 12, dtype=torch.bool)
    resets[1, 5] = True  # row 1 starts a new sequence at step 5
    calls = _count_kernel_calls(kind, monkeypatch)
    with torch.no_grad():
        expected = layer(x, resets=resets)  # one chunk: the scan, on PyTorch's operations
        assert calls == []
        layer.reset_states()
        streamed = []
        for t in range(x.shape[1]):
            if t == 5:
                layer.reset_states(mask=[False, True])
            streamed.append(layer(x[:, t : t + 1]))
    assert calls == [1] * x.shape[1]
    torch.testing.assert_close(torch.cat(streamed, dim=1), expected, rtol=1e-6, atol=1e-6)
    final = layer.states
    layer.reset_states()
    with torch.no_grad(), use_compiled_kernels(False):  # the carried state is the one PyTorch's steps carry
        for t in range(x.shape[1]):
            if t == 5:
                layer.reset_states(mask=[False, True])
            layer(x[:, t : t + 1])
    for got, want in zip(final, layer.states, strict=True):
        torch.testing.assert_close(got, want, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("compiled", [True, False])
def test_an_lru_step_without_grad_equals_the_recorded_step_and_follows_its_weights(compiled: bool) -> None:
    torch.manual_seed(0)
    cell = LRUCell(5, state_size=7, r_min=0.5)
    x, states = torch.randn(3, 4), (torch.randn(3, 7), torch.randn(3, 7))
    with use_compiled_kernels(compiled):
        for change in (None, "in place", "replaced"):
            if change == "in place":
                with torch.no_grad():
                    cell.nu_log.add_(0.3)
                    cell.C.mul_(-2.0)
            elif change == "replaced":
                cell.gamma_log = torch.nn.Parameter(cell.gamma_log.detach() - 0.2)
            (y, (re, im)), (y_fast, (re_fast, im_fast)) = _grad_and_no_grad_steps(cell, x, states)
            for got, expected in ((y_fast, y), (re_fast, re), (im_fast, im)):
                torch.testing.assert_close(got, expected.detach(), rtol=0, atol=1e-6)
        copy = pickle.loads(pickle.dumps(cell))
        with torch.no_grad():
            copy.theta_log.add_(1.0)
            cell.theta_log.add_(1.0)
            torch.testing.assert_close(copy(x, states)[0], cell(x, states)[0], rtol=0, atol=0)
