"""RNN driver behaviour beyond the Keras fixtures: cells, states, building, torch integration."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn import GRU, LSTM, RNN, GRUCell, LSTMCell, SimpleRNN, ops, use_fused_kernels
from statefulrnn.layers import Embedding


class MinimalCell(nn.Module):
    """A user-written cell: only ``state_size`` and ``forward``."""

    state_size = 3

    def __init__(self, features: int) -> None:
        super().__init__()
        self.linear = nn.Linear(features + 3, 3)

    def forward(self, inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
        h = torch.tanh(self.linear(torch.cat([inputs, states[0]], dim=-1)))
        return h, (h,)


def test_user_cell_gets_state_chunking_and_reset() -> None:
    torch.manual_seed(0)
    layer = RNN(MinimalCell(2), stateful=True, return_sequences=True, batch_input_shape=(2, None, 2))
    x = torch.randn(2, 7, 2)
    whole = layer(x)
    final = layer.states[0].clone()
    layer.reset_states()
    chunks = torch.cat([layer(x[:, :3]), layer(x[:, 3:4]), layer(x[:, 4:])], dim=1)
    torch.testing.assert_close(chunks, whole)
    torch.testing.assert_close(layer.states[0], final)
    assert [name for name, _ in layer.named_weights()] == [
        f"{layer.name}/cell.linear.weight",
        f"{layer.name}/cell.linear.bias",
    ]


def test_cell_without_state_size_is_refused() -> None:
    with pytest.raises(TypeError, match=r"A cell must be an nn.Module with a state_size attribute"):
        RNN(nn.Linear(2, 2))
    with pytest.raises(TypeError, match=r"RNN needs a cell that is an nn.Module"):
        RNN("gru")


def test_cell_returning_wrong_state_shape_is_named() -> None:
    class Liar(MinimalCell):
        def forward(self, inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
            h, _ = super().forward(inputs, states)
            return h, (h[:, :2],)

    layer = RNN(Liar(1))
    with pytest.raises(
        ValueError,
        match=r"declares state_size 3 \(states of row shapes \[\(3,\)\]\) "
        r"but returned new states of shapes \[\(1, 2\)\]",
    ):
        layer(torch.zeros(1, 2, 1))


def test_initial_state_and_return_state() -> None:
    torch.manual_seed(0)
    layer = LSTM(4, return_sequences=True, return_state=True)
    x = torch.randn(3, 5, 2)
    y, h, c = layer(x)
    assert y.shape == (3, 5, 4) and h.shape == c.shape == (3, 4)
    torch.testing.assert_close(y[:, -1], h)
    y2, *_ = layer(x[:, 2:], initial_state=[*layer(x[:, :2])[1:]])
    torch.testing.assert_close(y2, y[:, 2:])
    with pytest.raises(
        ValueError, match=r"initial_state\[1\] must have shape \(3, 4\), but received \(3, 5\)"
    ):
        layer(x, initial_state=[h, torch.zeros(3, 5)])


def test_stateful_layer_takes_its_batch_size_from_the_first_call() -> None:
    layer = GRU(3, stateful=True)
    assert layer.states == [None]
    layer(torch.ones(4, 2, 1))
    assert layer.states[0].shape == (4, 3)
    with pytest.raises(ValueError, match=r"stateful with batch size 4, but received a batch of 2"):
        layer(torch.ones(2, 2, 1))


def test_reset_states_values_and_mask() -> None:
    layer = LSTM(2, stateful=True, batch_input_shape=(3, None, 1))
    layer(torch.ones(3, 4, 1))
    before = [s.clone() for s in layer.states]
    layer.reset_states(mask=[1])
    assert torch.equal(layer.states[0][1], torch.zeros(2))
    torch.testing.assert_close(layer.states[0][[0, 2]], before[0][[0, 2]])
    values = [np.full((3, 2), 7.0), np.full((3, 2), 8.0)]
    layer.reset_states(values, mask=np.array([True, False, False]))
    assert layer.states[1][0].tolist() == [8.0, 8.0]
    torch.testing.assert_close(layer.states[1][2], before[1][2])
    with pytest.raises(ValueError, match=r"is not stateful, so it keeps no state to reset"):
        LSTM(2).reset_states()


def test_state_is_carried_without_graph_and_outside_state_dict() -> None:
    layer = GRU(3, stateful=True, batch_input_shape=(2, None, 1))
    layer.train()
    layer(torch.ones(2, 3, 1)).sum().backward()
    assert layer.states[0].grad_fn is None and not layer.states[0].requires_grad
    # Parameters in PyTorch's layout (what the fused kernels take); Keras's through get_weights.
    assert set(layer.state_dict()) == {"cell.weight_ih", "cell.weight_hh", "cell.bias_ih", "cell.bias_hh"}
    assert [p.shape for p in layer.parameters()] == [(9, 1), (9, 3), (9,), (9,)]
    assert [w.shape for w in layer.get_weights()] == [(1, 9), (3, 9), (2, 9)]


def test_float64_layers_and_inputs() -> None:
    layer = GRU(3, stateful=True, batch_input_shape=(2, None, 1), dtype="float64")
    y = layer(np.ones((2, 3, 1)))
    assert y.dtype == torch.float64 and layer.states[0].dtype == torch.float64


def test_to_dtype_moves_weights_and_states() -> None:
    layer = GRU(3, stateful=True, batch_input_shape=(2, None, 1))
    layer.to(torch.float64)
    assert layer.states[0].dtype == torch.float64 and layer.cell.weight_ih.dtype == torch.float64


def test_dropout_only_in_training_mode() -> None:
    torch.manual_seed(0)
    layer = GRU(4, dropout=0.5, recurrent_dropout=0.5)
    x = torch.ones(2, 5, 3)
    assert layer.training  # nn.Module's default; a new layer's plain call still infers, as in Keras
    torch.testing.assert_close(layer(x), layer(x))
    layer.train()
    assert not torch.equal(layer(x), layer(x))
    assert not torch.equal(layer(x, training=False), layer(x))


@pytest.mark.parametrize("fused", [True, False])
def test_go_backwards_reads_the_sequence_reversed(fused: bool) -> None:
    torch.manual_seed(0)
    forward = SimpleRNN(3, return_sequences=True)
    x = torch.randn(2, 6, 2)
    forward(x)
    backward = SimpleRNN(3, return_sequences=True, go_backwards=True)
    backward(x)
    backward.set_weights(forward.get_weights())
    with use_fused_kernels(fused):
        torch.testing.assert_close(backward(x), forward(x.flip(1)))


def test_clone_and_config() -> None:
    layer = GRU(4, reset_after=False, stateful=True, batch_input_shape=(2, None, 3), name="g")
    config = layer.get_config()  # every argument, defaults included, as Keras's
    given = {
        "units": 4,
        "reset_after": False,
        "stateful": True,
        "batch_input_shape": [2, None, 3],
        "name": "g",
    }
    assert {key: config[key] for key in given} == given
    assert config["return_sequences"] is False and config["activation"] == "tanh"
    assert GRU.from_config(config).get_config() == config
    copy = layer.clone(name="g2")
    assert copy.name == "g2" and copy.cell.reset_after is False and copy.built
    assert copy.cell.weight_ih is not layer.cell.weight_ih
    generic = RNN(LSTMCell(2), name="r")
    assert isinstance(generic.clone().cell, LSTMCell) and generic.clone().cell is not generic.cell


def test_output_shapes() -> None:
    layer = LSTM(4, return_sequences=True, return_state=True, stateful=True)
    layer.build((2, None, 3))
    assert layer.output_shape == [(2, None, 4), (2, 4), (2, 4)]
    assert GRUCell(3).state_size == 3 and LSTMCell(3).state_size == (3, 3)


@pytest.mark.parametrize(
    "declare",
    [
        {"batch_input_shape": (2, None, 3)},
        {"input_shape": (None, 3), "batch_size": 2},
        {"input_dim": 3, "batch_size": 2},
    ],
    ids=["batch_input_shape", "input_shape+batch_size", "input_dim"],
)
def test_keras_ways_to_declare_a_first_layer_shape(declare: dict) -> None:
    layer = GRU(4, stateful=True, **declare)
    assert layer.built and layer.batch_input_shape == (2, None, 3)
    assert layer.states[0].shape == (2, 4)


def test_one_state_cell_may_return_its_state_bare() -> None:
    class BareCell(MinimalCell):
        def forward(self, inputs: torch.Tensor, states: tuple[torch.Tensor, ...]):
            h, _ = super().forward(inputs, states)
            return h, h

    torch.manual_seed(0)
    bare = RNN(BareCell(2), stateful=True, batch_input_shape=(2, None, 2))
    tupled = RNN(MinimalCell(2), stateful=True, batch_input_shape=(2, None, 2))
    tupled.set_weights(bare.get_weights())
    x = torch.randn(2, 5, 2)
    torch.testing.assert_close(bare(x), tupled(x))
    assert bare.states[0].shape == (2, 3)


def test_empty_reset_mask_resets_nothing() -> None:
    layer = GRU(3, stateful=True, batch_input_shape=(2, None, 1))
    layer(torch.ones(2, 2, 1))
    before = layer.states[0].clone()
    layer.reset_states(mask=[])
    torch.testing.assert_close(layer.states[0], before)


def test_reversed_numpy_views_are_accepted() -> None:
    x = np.random.default_rng(0).random((2, 1, 3)).astype(np.float32)
    layer = SimpleRNN(4)
    torch.testing.assert_close(layer(x[:, ::-1]), layer(x))


def test_big_endian_arrays_are_read_as_their_numbers() -> None:
    # as numpy reads floats and ids from a file or a network written on another machine
    x = np.random.default_rng(0).random((2, 3, 3)).astype(np.float32)
    layer = SimpleRNN(4)
    torch.testing.assert_close(layer(x.astype(">f4")), layer(x))
    torch.testing.assert_close(ops.convert_to_tensor(x.astype(">f8")), torch.from_numpy(x.astype(np.float64)))
    table = Embedding(5, 2)
    ids = np.array([[1, 4]])
    torch.testing.assert_close(table(ids.astype(">i8")), table(ids))


def test_double_after_build_casts_inputs_to_follow() -> None:
    layer = LSTM(2, stateful=True, batch_input_shape=(1, None, 1))
    layer.double()
    assert layer(np.ones((1, 3, 1))).dtype == torch.float64
    assert layer.states[0].dtype == torch.float64


def test_built_in_layers_show_their_cells_settings_as_keras_does() -> None:
    """Keras programs read ``encoder.units`` to size a decoder: the cell's settings, read-only."""
    gru, lstm, simple = GRU(3, dropout=0.2, reset_after=False), LSTM(5, unit_forget_bias=False), SimpleRNN(2)
    assert (gru.units, gru.dropout, gru.reset_after) == (3, 0.2, False)
    assert gru.recurrent_activation is gru.cell.recurrent_activation
    assert (lstm.units, lstm.unit_forget_bias, lstm.use_bias) == (5, False, True)
    assert simple.units == 2 and simple.activation is simple.cell.activation
    with pytest.raises(AttributeError):
        gru.units = 4


def test_get_initial_state_gives_keras_s_zero_states_for_a_batch_size_or_inputs() -> None:
    # tf-keras's get_initial_state(inputs) (the TF text generation tutorial hands them to the
    # GRU as initial_state), Keras 3's get_initial_state(batch_size); the cells' keyword form.
    from statefulrnn import config

    x = torch.ones(3, 5, 4, dtype=torch.float64)
    gru = GRU(2, return_sequences=True, return_state=True)
    (state,) = gru.get_initial_state(x)
    assert state.shape == (3, 2) and state.dtype == torch.float64 and not state.any()
    assert [s.shape for s in LSTM(2).get_initial_state(np.int64(4))] == [(4, 2), (4, 2)]
    outputs, _ = gru(x.float(), initial_state=[s.float() for s in gru.get_initial_state(3)])
    torch.testing.assert_close(outputs, gru(x.float())[0])
    assert [s.shape for s in LSTMCell(2).get_initial_state(batch_size=3)] == [(3, 2), (3, 2)]
    assert [s.shape for s in GRUCell(2).get_initial_state(batch_size=3)] == [(3, 2)]  # Keras 3: a list
    config.set_keras_rules("tf_keras")
    try:
        assert GRUCell(2).get_initial_state(batch_size=3, dtype="float32").shape == (3, 2)  # tf-keras: alone
    finally:
        config.set_keras_rules("keras3")
    with pytest.raises(ValueError, match="needs the batch size"):
        GRUCell(2).get_initial_state()
