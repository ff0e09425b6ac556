"""Bidirectional: halves, merges, states, and the stateful warning's claim."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Bidirectional
from statefulrnn.layers import StatefulBidirectionalWarning


def test_merge_none_and_return_state_shapes() -> None:
    layer = Bidirectional(LSTM(3, return_sequences=True, return_state=True), merge_mode=None)
    y_f, y_b, h_f, c_f, h_b, c_b = layer(torch.randn(2, 4, 5))
    assert y_f.shape == y_b.shape == (2, 4, 3)
    assert all(s.shape == (2, 3) for s in (h_f, c_f, h_b, c_b))
    torch.testing.assert_close(y_f[:, -1], h_f)
    torch.testing.assert_close(y_b[:, 0], h_b)  # backward outputs come back in time order
    assert layer.output_shape == [
        (None, None, 3),
        (None, None, 3),
        (None, 3),
        (None, 3),
        (None, 3),
        (None, 3),
    ]


def test_weights_are_forward_then_backward() -> None:
    layer = Bidirectional(GRU(2, name="g"), input_shape=(None, 1))
    names = [name for name, _ in layer.named_weights()]
    assert names[0].endswith("forward_g/gru_cell/kernel") and names[3].endswith("backward_g/gru_cell/kernel")
    assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards


def test_half_names_do_not_double_their_prefix() -> None:
    # Keras's rule: "forward_" + name.removeprefix("forward_"), so a Keras config's
    # forward_lstm stays forward_lstm when the wrapper is rebuilt from it.
    layer = Bidirectional(LSTM(2, name="forward_lstm"))
    assert (layer.forward_layer.name, layer.backward_layer.name) == ("forward_lstm", "backward_forward_lstm")
    # A Keras config gives both halves, named by Keras.
    backward = LSTM(2, go_backwards=True, name="backward_lstm")
    layer = Bidirectional(LSTM(2, name="forward_lstm"), backward_layer=backward)
    assert (layer.forward_layer.name, layer.backward_layer.name) == ("forward_lstm", "backward_lstm")


def test_custom_backward_layer_is_checked() -> None:
    with pytest.raises(ValueError, match=r"backward_layer must have the same return_sequences as layer"):
        Bidirectional(GRU(2, return_sequences=True), backward_layer=GRU(2, go_backwards=True))
    with pytest.raises(ValueError, match=r"its go_backwards must differ"):
        Bidirectional(GRU(2), backward_layer=GRU(2))
    layer = Bidirectional(LSTM(2), backward_layer=GRU(3, go_backwards=True), input_shape=(None, 1))
    assert layer(torch.ones(1, 2, 1)).shape == (1, 5)


def test_stateful_bidirectional_warns_and_its_claim_holds() -> None:
    """The warning says chunked results differ from whole ones; show that they do."""
    with pytest.warns(
        StatefulBidirectionalWarning, match=r"backward half reads each chunk from the chunk's end"
    ):
        layer = Bidirectional(GRU(3, stateful=True), batch_input_shape=(1, None, 1))
    x = torch.randn(1, 6, 1)
    whole = layer(x)
    assert len(layer.states) == 2
    layer.reset_states()
    assert all(float(s.abs().sum()) == 0.0 for s in layer.states)
    layer(x[:, :3])
    second = layer(x[:, 3:])
    torch.testing.assert_close(second[:, :3], whole[:, :3])  # the forward half continues exactly
    assert not np.allclose(second[:, 3:].detach().numpy(), whole[:, 3:].detach().numpy(), atol=1e-3)


def test_plain_bidirectional_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Bidirectional(GRU(3))


def test_rnn_subclass_whose_call_orders_arguments_otherwise_gets_them_by_keyword():
    # keras-ordered-neurons's ONLSTM.call(inputs, mask, training, initial_state): by position
    # its mask would land in initial_state.
    from statefulrnn.layers import RNN, Bidirectional, GRUCell

    class Reordered(RNN):
        def call(self, inputs, mask=None, training=None, initial_state=None):
            return super().call(inputs, mask=mask, training=training, initial_state=initial_state)

    torch.manual_seed(0)
    plain = Bidirectional(RNN(GRUCell(3, name="plain_cell"), name="plain"), name="plain_bi")
    reordered = Bidirectional(Reordered(GRUCell(3, name="re_cell"), name="re"), name="re_bi")
    inputs = torch.randn(2, 4, 5)
    mask = torch.tensor([[True, True, True, False], [True, True, False, False]])
    expected = plain(inputs, mask=mask)
    reordered(inputs, mask=mask)
    reordered.set_weights(plain.get_weights())
    torch.testing.assert_close(reordered(inputs, mask=mask), expected)
