"""The linear-recurrence cell kind: `linear_scan` gives the sequential recurrence's numbers and
gradients, and ``run_chunk`` gives `RNN`'s per-step numbers with resets and masks. Every test runs
twice: on the compiled loops where they apply (real CPU scans) and on PyTorch's blocked scan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch

from statefulrnn.layers import (
    RNN,
    LinearRecurrenceCell,
    LRUCell,
    MinGRUCell,
    MinLSTMCell,
    compiled_linear,
    linear_recurrence,
    use_compiled_kernels,
)
from statefulrnn.layers.linear_recurrence import (
    BLOCK,
    linear_scan,
    scripted,
    sequential_pair_scan,
    sequential_scan,
)

TOLERANCE = dict(rtol=1e-5, atol=1e-5)
# Lengths on each side of the sequential cut-off (2 * BLOCK) and of a block boundary.
LENGTHS = [1, 2, 2 * BLOCK, 2 * BLOCK + 1, 1000, 4096]
CELLS = {
    "min_gru": lambda: MinGRUCell(4),
    "min_lstm": lambda: MinLSTMCell(4),
    "lru": lambda: LRUCell(3, state_size=4),
}


@pytest.fixture(autouse=True, params=["compiled loops", "pytorch"])
def scan_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """The scan's two roads: automatic (the compiled loops for real CPU scans), or PyTorch's
    blocked scan throughout (``use_compiled_kernels(False)``)."""
    if request.param == "pytorch":
        with use_compiled_kernels(False):
            yield request.param
    else:
        yield request.param


def test_a_real_cpu_scan_takes_the_compiled_loops_and_others_pytorchs(scan_path: str) -> None:
    """So that the two runs of each test above test two roads."""
    a, b, h0 = random_recurrence(5)
    compiled = scan_path == "compiled loops"
    assert (compiled_linear.scan(a, b, h0) is not None) == compiled
    assert (compiled_linear.scan(*random_recurrence(5, torch.float64)) is not None) == compiled
    assert (compiled_linear.scan(*random_recurrence(5, torch.complex64)) is not None) == compiled
    assert compiled_linear.scan(*random_recurrence(5, torch.float16)) is None
    assert compiled_linear.scan(a.double(), b, h0) is None
    grads = compiled_linear.scan_backward(a, h0, sequential(a, b, h0), torch.ones_like(b))
    assert (grads is not None) == compiled


def sequential(a: torch.Tensor, b: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
    h, states = h0, []
    for t in range(a.shape[1]):
        h = a[:, t] * h + b[:, t]
        states.append(h)
    return torch.stack(states, dim=1)


def random_recurrence(
    steps: int, dtype: torch.dtype = torch.float32, batch: int = 3, width: int = 5
) -> tuple[torch.Tensor, ...]:
    generator = torch.Generator().manual_seed(0)
    shape = (batch, steps, width)
    a = torch.rand(shape, generator=generator, dtype=torch.float64)
    b = torch.randn(shape, generator=generator, dtype=torch.float64)
    h0 = torch.randn(batch, width, generator=generator, dtype=torch.float64)
    if dtype.is_complex:
        phase = 6.0 * torch.rand(shape, generator=generator, dtype=torch.float64)
        a = torch.polar(a, phase)
        b = torch.complex(b, torch.randn(shape, generator=generator, dtype=torch.float64))
        h0 = torch.complex(h0, torch.randn(batch, width, generator=generator, dtype=torch.float64))
    return a.to(dtype), b.to(dtype), h0.to(dtype)


@pytest.mark.parametrize("dtype", [torch.float32, torch.complex64])
@pytest.mark.parametrize("steps", LENGTHS)
def test_the_scan_equals_the_sequential_recurrence(steps: int, dtype: torch.dtype) -> None:
    a, b, h0 = random_recurrence(steps, dtype)
    torch.testing.assert_close(linear_scan(a, b, h0), sequential(a, b, h0), **TOLERANCE)


@pytest.mark.parametrize("steps", [1, 2 * BLOCK + 1, 300])
def test_the_scripted_sequential_forms_equal_the_scan(steps: int) -> None:
    """What an ONNX export traces: the real loop, and the complex one on real and imaginary parts."""
    a, b, h0 = random_recurrence(steps, torch.float32)
    torch.testing.assert_close(scripted(sequential_scan)(a, b, h0), linear_scan(a, b, h0), **TOLERANCE)
    a, b, h0 = random_recurrence(steps, torch.complex64)
    parts = scripted(sequential_pair_scan)(a.real, a.imag, b.real, b.imag, h0.real, h0.imag)
    torch.testing.assert_close(torch.complex(*parts), linear_scan(a, b, h0), **TOLERANCE)


@pytest.mark.parametrize("cuts", [[1], [7, 100], [BLOCK, 2 * BLOCK + 3, 500], list(range(50, 1000, 50))])
def test_chunked_equals_whole(cuts: list[int]) -> None:
    a, b, h0 = random_recurrence(1000)
    pieces, h = [], h0
    for start, end in zip([0, *cuts], [*cuts, 1000]):
        piece = linear_scan(a[:, start:end], b[:, start:end], h)
        pieces.append(piece)
        h = piece[:, -1]
    torch.testing.assert_close(torch.cat(pieces, dim=1), linear_scan(a, b, h0), **TOLERANCE)


@pytest.mark.parametrize("dtype", [torch.float64, torch.complex128])
def test_gradcheck_of_the_scan(dtype: torch.dtype, monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks of 3 steps: 40 steps take three levels of blocks, in a gradcheck of few elements.
    monkeypatch.setattr(linear_recurrence, "BLOCK", 3)
    a, b, h0 = (t.requires_grad_() for t in random_recurrence(40, dtype, batch=1, width=2))
    assert torch.autograd.gradcheck(linear_scan, (a, b, h0))
    assert torch.autograd.gradgradcheck(linear_scan, (a, b, h0))


@pytest.mark.parametrize("dtype", [torch.float32, torch.complex64])
@pytest.mark.parametrize("steps", [1, 2 * BLOCK + 1, 1000])
def test_the_scans_backward_equals_its_differentiable_form(steps: int, dtype: torch.dtype) -> None:
    # A plain backward writes into buffers; with create_graph it runs differentiable operations.
    a, b, h0 = (t.requires_grad_() for t in random_recurrence(steps, dtype))
    weights = torch.randn(b.shape, dtype=dtype)
    h = linear_scan(a, b, h0)
    plain = torch.autograd.grad(h, (a, b, h0), weights, retain_graph=True)
    differentiable = torch.autograd.grad(h, (a, b, h0), weights, create_graph=True)
    for mine, theirs in zip(plain, differentiable, strict=True):
        torch.testing.assert_close(mine, theirs.detach(), **TOLERANCE)


@pytest.mark.parametrize("steps", [5, 300])
def test_the_scans_gradients_are_the_sequential_forms(steps: int) -> None:
    inputs = random_recurrence(steps, torch.float64)
    scan = [t.clone().requires_grad_() for t in inputs]
    loop = [t.clone().requires_grad_() for t in inputs]
    weights = torch.randn(3, steps, 5, dtype=torch.float64)
    (linear_scan(*scan) * weights).sum().backward()
    (sequential(*loop) * weights).sum().backward()
    for mine, theirs in zip(scan, loop):
        torch.testing.assert_close(mine.grad, theirs.grad, rtol=1e-10, atol=1e-10)


def test_gates_near_0_and_1_over_a_hundred_thousand_steps() -> None:
    steps = 100_000
    generator = torch.Generator().manual_seed(1)
    extremes = torch.tensor([0.0, 1e-30, 1e-7, 1 - 1e-7, 1.0, 0.5])
    a = extremes[torch.randint(0, 6, (1, steps, 6), generator=generator)]
    a[0, :, 4] = 1.0  # one unit never forgets: its state sums 10**5 inputs
    b = torch.randn(1, steps, 6, generator=generator)
    h0 = torch.full((1, 6), 3.0)
    a.requires_grad_()
    h = linear_scan(a, b, h0)
    torch.testing.assert_close(h, sequential(a.detach(), b, h0), rtol=1e-5, atol=1e-3)
    h.sum().backward()
    assert torch.isfinite(h).all() and torch.isfinite(a.grad).all()


def test_a_min_gru_with_saturated_gates_stays_finite_over_a_hundred_thousand_steps() -> None:
    cell = MinGRUCell(4)
    x = 60.0 * torch.randn(1, 100_000, 3, generator=torch.Generator().manual_seed(2))
    outputs, (h,) = cell.run_chunk(x, (torch.zeros(1, 4),))
    outputs.sum().backward()
    assert torch.isfinite(outputs).all() and torch.isfinite(h).all()
    assert all(torch.isfinite(p.grad).all() for p in cell.parameters())


def flags(seed: int, steps: int, rate: float) -> torch.Tensor:
    return torch.rand(3, steps, generator=torch.Generator().manual_seed(seed)) < rate


@pytest.mark.parametrize("kind", sorted(CELLS))
@pytest.mark.parametrize("case", ["plain", "resets", "mask", "mask_and_resets"])
def test_run_chunk_equals_rnns_step_loop(kind: str, case: str) -> None:
    torch.manual_seed(0)
    layer = RNN(CELLS[kind](), return_sequences=True, return_state=True)
    steps = 150
    x = torch.randn(3, steps, 2)
    layer(x)  # builds
    states = [torch.randn(3, size) for size in layer.state_sizes]
    resets = flags(1, steps, 0.05) if "resets" in case else None
    mask = flags(2, steps, 0.7) if "mask" in case else None
    if mask is not None:
        mask[0, :10] = False  # a row that starts padded: zeros until its first real step
        mask[1, 40:] = False  # a row padded to the end: keeps its state
    expected, *expected_states = layer(x, initial_state=states, resets=resets, mask=mask)
    outputs, new_states = layer.cell.run_chunk(x, tuple(states), resets=resets, mask=mask)
    torch.testing.assert_close(outputs, expected, **TOLERANCE)
    for mine, theirs in zip(new_states, expected_states):
        torch.testing.assert_close(mine, theirs, **TOLERANCE)


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_per_row_resets_equal_running_each_sequence_alone(kind: str) -> None:
    torch.manual_seed(0)
    cell = CELLS[kind]()
    x = torch.randn(2, 90, 2)
    starts = {0: [0, 17, 60], 1: [0, 33]}
    resets = torch.zeros(2, 90, dtype=torch.bool)
    for row, row_starts in starts.items():
        resets[row, row_starts[1:]] = True
    zeros = tuple(torch.zeros(2, size) for size in (cell.state_size if kind == "lru" else (cell.state_size,)))
    outputs, _ = cell.run_chunk(x, zeros, resets=resets)
    for row, row_starts in starts.items():
        for start, end in zip(row_starts, [*row_starts[1:], 90]):
            alone, _ = cell.run_chunk(x[row : row + 1, start:end], tuple(z[:1] for z in zeros))
            torch.testing.assert_close(outputs[row : row + 1, start:end], alone, **TOLERANCE)


def test_a_user_recurrence_needs_only_its_coefficients() -> None:
    class Leaky(LinearRecurrenceCell):
        def coefficients(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return torch.sigmoid(x), 1 - torch.sigmoid(x)

    layer = RNN(Leaky(2), return_sequences=True, stateful=True, batch_input_shape=(1, None, 2))
    x = torch.randn(1, 6, 2)
    stepped = torch.cat([layer(x[:, :4]), layer(x[:, 4:])], dim=1)
    scanned, _ = layer.cell.run_chunk(x, (torch.zeros(1, 2),))
    torch.testing.assert_close(stepped, scanned, **TOLERANCE)


def test_the_base_cell_asks_for_its_coefficients() -> None:
    with pytest.raises(NotImplementedError, match=r"LinearRecurrenceCell must define coefficients"):
        LinearRecurrenceCell(2)(torch.zeros(1, 2), (torch.zeros(1, 2),))


@pytest.mark.parametrize("kind", sorted(CELLS))
def test_a_long_chunk_runs_in_pieces_with_the_numbers_and_gradients_of_one_scan(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch.manual_seed(0)
    layer = RNN(CELLS[kind]())
    cell = layer.cell
    cell.build((None, 2))
    x = torch.randn(3, 300, 2, requires_grad=True)
    states = tuple(torch.randn(3, size, requires_grad=True) for size in layer.state_sizes)
    resets = flags(3, 300, 0.02)
    weights = [x, *states, *cell.parameters()]

    def run() -> tuple[torch.Tensor, ...]:
        outputs, final = cell.run_chunk(x, states, resets=resets)
        loss = (outputs * torch.linspace(-1, 1, 300)[:, None]).sum() + sum(f.square().sum() for f in final)
        return outputs, *final, *torch.autograd.grad(loss, weights)

    expected = run()
    scans = []
    width = sum(layer.state_sizes)  # a complex state counts twice
    monkeypatch.setattr(linear_recurrence, "PIECE_ELEMENTS", 3 * 64 * width)  # 64 steps a piece
    monkeypatch.setattr(
        linear_recurrence, "linear_scan", lambda *a, real=linear_scan: scans.append(1) or real(*a)
    )
    for got, want in zip(run(), expected, strict=True):
        torch.testing.assert_close(got, want, **TOLERANCE)
    assert len(scans) == 5  # 300 steps: pieces of 64, 64, 64, 64 and 44
