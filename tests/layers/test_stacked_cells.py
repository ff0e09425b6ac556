"""`StackedRNNCells` and ``RNN([cell, cell, ...])``: Keras's numbers (the rnn_args fixtures),
the flat state layout (nested per cell where ``return_state`` returns states, as Keras),
chunking and per-row resets through the generic `RNN` driver."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import Model, layers, use_fused_kernels
from statefulrnn.layers import RNN, GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rnn_args"
WEIGHTS = ("kernel", "recurrent_kernel", "bias")
PATHS = {"fused": contextlib.nullcontext, "generic": lambda: use_fused_kernels(False)}


def _case(name: str) -> dict:
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def _stack_from_fixture(case: dict) -> RNN:
    layer = RNN(
        [GRUCell(3), LSTMCell(2)],
        return_sequences=True,
        return_state=True,
        stateful=True,
        batch_input_shape=tuple(case["spec"]["batch_shape"]),
    )
    layer.set_weights([case[f"w{i}"] for i in range(6)])
    return layer


@pytest.mark.parametrize("path", sorted(PATHS))
def test_stateful_stack_whole_and_chunked_match_keras(path: str) -> None:
    case = _case("stacked_stateful")
    layer = _stack_from_fixture(case)
    x = torch.from_numpy(case["x"])
    with PATHS[path](), torch.no_grad():
        # return_state=True: the output comes first; the states are compared as the layer
        # carries them (flat, in cell order), as Keras's fixture lists them.
        output = layer(x)[0]
        np.testing.assert_allclose(output.numpy(), case["y_full"], rtol=1e-5, atol=1e-6)
        for i, state in enumerate(layer.states):
            np.testing.assert_allclose(state.numpy(), case[f"s_full_{i}"], rtol=1e-5, atol=1e-6)
        layer.reset_states()
        outputs, start = [], 0
        for length in case["spec"]["chunks"]:
            outputs.append(layer(x[:, start : start + length])[0])
            start += length
    np.testing.assert_allclose(torch.cat(outputs, dim=1).numpy(), case["y_chunk"], rtol=1e-5, atol=1e-6)
    for i, state in enumerate(layer.states):
        np.testing.assert_allclose(state.numpy(), case[f"s_chunk_{i}"], rtol=1e-5, atol=1e-6)


def test_weights_in_keras_order_and_paths() -> None:
    layer = RNN([GRUCell(3, name="g"), LSTMCell(2, name="l")], name="rnn", batch_input_shape=(2, None, 4))
    paths = [re.sub(r"stacked_rnn_cells(_\d+)?", "stacked_rnn_cells", p) for p, _ in layer.named_weights()]
    assert paths == [f"rnn/stacked_rnn_cells/{cell}/{weight}" for cell in "gl" for weight in WEIGHTS]
    assert [w.shape for w in layer.get_weights()] == [(4, 9), (3, 9), (2, 9), (3, 8), (2, 8), (8,)]
    assert layer.count_params() == 4 * 9 + 3 * 9 + 18 + 3 * 8 + 2 * 8 + 8


def test_state_layout_is_flat_in_cell_order() -> None:
    stack = StackedRNNCells([LSTMCell(2), SimpleRNNCell(3), GRUCell(1)])
    assert stack.state_size == (2, 2, 3, 1)
    assert stack.cell_state_sizes == [(2, 2), 3, 1]
    assert stack.output_size == 1
    flat = [torch.full((1, s), float(i)) for i, s in enumerate(stack.state_size)]
    nested = stack.nest_states(flat)
    assert len(nested) == 3 and len(nested[0]) == 2 and isinstance(nested[1], torch.Tensor)
    assert stack.flatten_states(nested) == flat
    layer = RNN(stack, stateful=True, batch_input_shape=(2, None, 5))
    assert [tuple(s.shape) for s in layer.states] == [(2, 2), (2, 2), (2, 3), (2, 1)]


def test_one_step_is_the_cells_in_turn() -> None:
    first, second = LSTMCell(3), GRUCell(2, reset_after=False)
    stack = StackedRNNCells([first, second])
    stack.build((4, 5))
    x = torch.randn(4, 5)
    states = tuple(torch.randn(4, s) for s in stack.state_size)
    with torch.no_grad():
        output, new_states = stack(x, states)
        h, (h0, c0) = first(x, states[:2])
        expected, (h1,) = second(h, states[2:])
    torch.testing.assert_close(output, expected)
    torch.testing.assert_close(new_states, (h0, c0, h1))


def test_dropout_masks_go_to_their_own_cell() -> None:
    stack = StackedRNNCells(
        [GRUCell(3, dropout=0.5, seed=1), SimpleRNNCell(2), LSTMCell(2, recurrent_dropout=0.5)]
    )
    stack.build((4, 5))
    masks = stack.dropout_masks(4, training=True)
    assert masks[0].inputs.shape == (4, 5) and masks[1] is None and masks[2].recurrent.shape == (4, 2)
    assert stack.dropout_masks(4, training=False) is None
    x, states = torch.randn(4, 5), tuple(torch.zeros(4, s) for s in stack.state_size)
    with torch.no_grad():
        output, _ = stack(x, states, dropout_masks=masks)
        h, _ = stack.cells[0](x, states[:1], dropout_masks=masks[0])
        h, _ = stack.cells[1](h, states[1:2])
        expected, _ = stack.cells[2](h, states[2:], dropout_masks=masks[2])
    torch.testing.assert_close(output, expected)


@pytest.mark.parametrize("chunks", [[1, 1, 1, 1, 1, 1], [4, 2], [2, 3, 1]])
def test_chunked_equals_whole(chunks: list[int]) -> None:
    torch.manual_seed(0)
    layer = RNN(
        [SimpleRNNCell(3), LSTMCell(2)], stateful=True, return_sequences=True, batch_input_shape=(3, None, 2)
    )
    x = torch.randn(3, 6, 2)
    with torch.no_grad():
        whole, final = layer(x), layer.states
        layer.reset_states()
        parts = [layer(part) for part in torch.split(x, chunks, dim=1)]
    torch.testing.assert_close(torch.cat(parts, dim=1), whole)
    for a, b in zip(layer.states, final):
        torch.testing.assert_close(a, b)


def test_row_reset_equals_that_row_alone() -> None:
    torch.manual_seed(1)
    layer = RNN([GRUCell(2), LSTMCell(3)], stateful=True, batch_input_shape=(2, None, 2))
    x = torch.randn(2, 4, 2)
    with torch.no_grad():
        layer(x)
        layer.reset_states(mask=[True, False])
        after_reset = layer(x)
        fresh = RNN([GRUCell(2), LSTMCell(3)], stateful=True, batch_input_shape=(2, None, 2))
        fresh.set_weights(layer.get_weights())
        expected = fresh(x)
    torch.testing.assert_close(after_reset[0], expected[0])
    assert not torch.allclose(after_reset[1], expected[1])


def test_stack_trains() -> None:
    layer = RNN([GRUCell(3), LSTMCell(2)], batch_input_shape=(2, 3, 4))
    layer(torch.randn(2, 3, 4)).sum().backward()
    assert all(p.grad is not None for p in layer.parameters())


def test_refuses_what_is_not_a_stack_of_cells() -> None:
    with pytest.raises(
        TypeError, match=r"StackedRNNCells needs a non-empty list of cells. Received: cells=\[\]"
    ):
        StackedRNNCells([])
    with pytest.raises(TypeError, match=r"Received: cells\[1\] = Dense with state_size=None"):
        RNN([GRUCell(2), layers.Dense(2)])


def test_dropout_reaches_stacked_cells_in_training() -> None:
    layer = RNN([GRUCell(3, dropout=0.9, seed=0), LSTMCell(2)], batch_input_shape=(4, 5, 2))
    x = torch.ones(4, 5, 2)
    with torch.no_grad():
        inference = layer(x)
        layer.train()
        training = layer(x)
    assert not torch.allclose(inference, training)


def test_bidirectional_stack_has_its_own_cells() -> None:
    layer = layers.Bidirectional(RNN([GRUCell(2), LSTMCell(3)]))
    layer(torch.ones(2, 3, 4))
    assert layer.forward_layer.cell.cells[0] is not layer.backward_layer.cell.cells[0]


def test_return_state_nests_per_cell_as_keras() -> None:
    # Keras returns a stack's states per cell: a one-state cell's bare, a two-state cell's a list.
    layer = RNN([GRUCell(3), LSTMCell(2)], return_state=True, stateful=True, batch_input_shape=(2, None, 4))
    output, gru_state, lstm_states = layer(torch.randn(2, 5, 4))
    assert output.shape == (2, 2) and isinstance(gru_state, torch.Tensor) and len(lstm_states) == 2
    carried = layer.states  # flat: h0, h1, c1
    for returned, kept in zip([gru_state, *lstm_states], carried, strict=True):
        torch.testing.assert_close(returned.detach(), kept, rtol=0, atol=0)
    assert layer.compute_output_shape((2, None, 4)) == [(2, 2), (2, 3), [(2, 2), (2, 2)]]


def test_nested_states_in_a_functional_graph() -> None:
    inputs = layers.Input(shape=(5, 4))
    output, gru_state, (h, c) = RNN([GRUCell(3), LSTMCell(2)], return_state=True)(inputs)
    assert (gru_state.shape, h.shape, c.shape) == ((None, 3), (None, 2), (None, 2))
    model = Model(inputs, [output, gru_state, h, c])
    x = torch.randn(3, 5, 4)
    with torch.no_grad():
        replayed = model(x)
        direct = model.layers[1](x)
        twin = type(model).from_config(model.get_config())
        twin.set_weights(model.get_weights())
        rebuilt = twin(x)
    for got, expected in zip(replayed, [direct[0], direct[1], *direct[2]]):
        torch.testing.assert_close(got, expected, rtol=0, atol=0)
    for got, expected in zip(rebuilt, replayed):
        torch.testing.assert_close(got, expected, rtol=0, atol=0)
    assert model.layers[1].output == [output, gru_state, h, c]  # flat, as Keras's layer.output


@pytest.mark.parametrize("cell_class", [SimpleRNNCell, GRUCell, LSTMCell])
def test_a_cell_called_by_hand_builds_itself_as_keras(cell_class: type) -> None:
    """A program's own cell wraps a built-in one and calls it in its step (Hands-On ML's
    LNSimpleRNNCell): the first call builds it for its input, as Keras's does."""
    torch.manual_seed(0)
    cell, built = cell_class(3), cell_class(3)
    built.build((2, 5))
    states = [torch.zeros(2, 3)] * (2 if cell_class is LSTMCell else 1)
    x = torch.randn(2, 5)
    output, _ = cell(x, states)
    assert [w.shape for w in cell.get_weights()] == [w.shape for w in built.get_weights()]
    built.set_weights(cell.get_weights())
    torch.testing.assert_close(output, built(x, states)[0], rtol=0, atol=0)


@pytest.mark.parametrize("cell_type", [SimpleRNNCell, GRUCell, LSTMCell])
def test_cells_stepped_by_hand_take_keras_training_argument(cell_type) -> None:
    # The TF time-series tutorial's FeedBack model: `self.lstm_cell(x, states=state, training=training)`.
    torch.manual_seed(0)
    x = torch.ones(64, 4)
    states = tuple(torch.zeros(64, 3) for _ in range(2 if cell_type is LSTMCell else 1))
    plain = cell_type(3)
    expected = plain(x, states)[0]
    for training in (None, False, True):  # no dropout: the argument changes nothing
        assert torch.equal(plain(x, states=states, training=training)[0], expected)
    dropped = cell_type(3, dropout=0.5, seed=1)
    inferred = dropped(x, states, training=False)[0]
    assert torch.equal(dropped(x, states)[0], inferred)
    assert not torch.equal(dropped(x, states, training=True)[0], inferred)  # this step's masks drawn
    stack = StackedRNNCells([dropped])
    assert torch.equal(stack(x, states, training=False)[0], inferred)
    assert not torch.equal(stack(x, states, training=True)[0], inferred)
