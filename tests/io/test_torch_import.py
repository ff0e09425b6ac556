"""`from_torch`: a plain nn.GRU/LSTM/RNN imported computes what the module computes."""

from __future__ import annotations

import contextlib
import itertools

import pytest
import torch
from torch import nn

from statefulrnn import GRU, LSTM, Bidirectional, SimpleRNN
from statefulrnn.io import from_torch
from statefulrnn.layers import use_fused_kernels
from statefulrnn.layers.bidirectional import StatefulBidirectionalWarning

ATOL = 1e-5
KINDS = {
    "gru": lambda f, u, **kw: nn.GRU(f, u, **kw),
    "lstm": lambda f, u, **kw: nn.LSTM(f, u, **kw),
    "rnn_tanh": lambda f, u, **kw: nn.RNN(f, u, nonlinearity="tanh", **kw),
    "rnn_relu": lambda f, u, **kw: nn.RNN(f, u, nonlinearity="relu", **kw),
}
LAYER_CLASSES = {"gru": GRU, "lstm": LSTM, "rnn_tanh": SimpleRNN, "rnn_relu": SimpleRNN}


def _module(kind: str, seed: int = 0, features: int = 3, units: int = 5, **kwargs) -> nn.RNNBase:
    torch.manual_seed(seed)
    module = KINDS[kind](features, units, **kwargs).eval()
    with torch.no_grad():  # non-zero biases, so that a dropped or misplaced bias shows
        for name, parameter in module.named_parameters():
            if name.startswith("bias"):
                parameter.uniform_(-0.5, 0.5)
    return module


def _torch_run(module: nn.RNNBase, x: torch.Tensor) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
    """The module on batch-first ``x``: (outputs (N, T, D*u), final states each (L*D, N, u))."""
    with torch.no_grad():
        output, final = module(x if module.batch_first else x.transpose(0, 1))
    output = output if module.batch_first else output.transpose(0, 1)
    return output, final if isinstance(final, tuple) else (final,)


CASES = list(
    itertools.product(
        KINDS,  # kind
        [1, 2, 3],  # num_layers
        [False, True],  # bidirectional
        [True, False],  # batch_first
        [True, False],  # bias
    )
)


@pytest.mark.parametrize(("kind", "layers", "bidirectional", "batch_first", "bias"), CASES)
def test_outputs_equal_torch(kind: str, layers: int, bidirectional: bool, batch_first: bool, bias: bool):
    module = _module(kind, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias)
    model = from_torch(module)
    assert len(model.layers) == layers
    for layer in model.layers:
        inner = layer.forward_layer if bidirectional else layer
        assert isinstance(layer, Bidirectional) == bidirectional
        assert isinstance(inner, LAYER_CLASSES[kind])
        assert inner.return_sequences and inner.cell.use_bias == bias
    x = torch.randn(4, 7, 3)
    expected, _ = _torch_run(module, x)
    with torch.no_grad():
        got = model(x)
    torch.testing.assert_close(got, expected, atol=ATOL, rtol=0)


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("kind", list(KINDS))
def test_both_compute_paths(kind: str, fused: bool):
    module = _module(kind, num_layers=2, bidirectional=True)
    model = from_torch(module)
    x = torch.randn(3, 9, 3)
    expected, _ = _torch_run(module, x)
    with torch.no_grad(), use_fused_kernels(fused):
        torch.testing.assert_close(model(x), expected, atol=ATOL, rtol=0)


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
def test_last_output_is_final_hidden_state(kind: str, bidirectional: bool):
    module = _module(kind, num_layers=2, bidirectional=bidirectional)
    model = from_torch(module, return_sequences=False)
    assert [layer.return_sequences for layer in model.layers] == [True, False]
    x = torch.randn(4, 6, 3)
    _, final = _torch_run(module, x)
    h_n = final[0]
    expected = torch.cat([h_n[-2], h_n[-1]], dim=-1) if bidirectional else h_n[-1]
    with torch.no_grad():
        torch.testing.assert_close(model(x), expected, atol=ATOL, rtol=0)


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
def test_final_states_equal_torch(kind: str, bidirectional: bool):
    module = _module(kind, num_layers=2, bidirectional=bidirectional)
    with pytest.warns(StatefulBidirectionalWarning) if bidirectional else contextlib.nullcontext():
        model = from_torch(module, stateful=True, batch_size=4)
    x = torch.randn(4, 6, 3)
    _, final = _torch_run(module, x)
    with torch.no_grad():
        model(x)
    halves = [
        half
        for layer in model.layers
        for half in ([layer.forward_layer, layer.backward_layer] if bidirectional else [layer])
    ]
    # torch orders h_n by layer, then direction: the same order as `halves`.
    for row, half in enumerate(halves):
        for ours, theirs in zip(half.states, final):
            torch.testing.assert_close(ours, theirs[row], atol=ATOL, rtol=0)


@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("kind", list(KINDS))
def test_stateful_import_in_chunks_equals_whole(kind: str, batch_first: bool):
    module = _module(kind, num_layers=3, batch_first=batch_first)
    model = from_torch(module, stateful=True, batch_size=2)
    x = torch.randn(2, 20, 3)
    expected, _ = _torch_run(module, x)
    with torch.no_grad():
        chunks = [model(x[:, start:stop]) for start, stop in [(0, 1), (1, 8), (8, 15), (15, 20)]]
    torch.testing.assert_close(torch.cat(chunks, dim=1), expected, atol=ATOL, rtol=0)


def test_dropout_module_in_eval_mode_is_exact():
    module = _module("lstm", num_layers=2, dropout=0.5)
    model = from_torch(module)
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        torch.testing.assert_close(model(x), _torch_run(module, x)[0], atol=ATOL, rtol=0)


def test_float64_module_gives_float64_model():
    module = _module("gru", num_layers=2).double()
    model = from_torch(module)
    x = torch.randn(2, 5, 3, dtype=torch.float64)
    with torch.no_grad():
        torch.testing.assert_close(model(x), _torch_run(module, x)[0], atol=1e-12, rtol=0)


def test_weights_are_copies_and_name_is_kept():
    module = _module("gru")
    model = from_torch(module, name="imported")
    assert model.name == "imported"
    with torch.no_grad():
        module.weight_ih_l0.zero_()
    assert model.layers[0].cell.weight_ih.abs().sum() > 0


def test_refuses_projections():
    module = nn.LSTM(3, 5, proj_size=2)
    with pytest.raises(ValueError, match="proj_size=2"):
        from_torch(module)


def test_refuses_dropout_in_training_mode():
    module = nn.GRU(3, 5, num_layers=2, dropout=0.2)  # a new module is in training mode
    with pytest.raises(ValueError, match=r"dropout=0.2.*module.eval\(\)"):
        from_torch(module)


def test_refuses_other_modules():
    with pytest.raises(TypeError, match="Linear"):
        from_torch(nn.Linear(3, 4))


def test_refuses_stateful_without_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        from_torch(_module("lstm"), stateful=True)
