"""Layers and cells written the Keras way (``build`` + ``call``, ``add_weight(shape=...)``) run
unchanged, and an RNN passes ``training`` to a cell whose ``call`` takes it, as Keras's does."""

from __future__ import annotations

import numpy as np
import torch

from statefulrnn.layers import RNN, Dense, Layer
from statefulrnn.models import Sequential


class MinimalRNNCell(Layer):
    """Keras's guide's custom cell, with ``@`` for ``ops.matmul``."""

    def __init__(self, units: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer="uniform", name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer="uniform", name="recurrent_kernel"
        )
        self.built = True

    def call(self, inputs, states, training=None):
        self.seen_training = training
        output = inputs @ self.kernel + states[0] @ self.recurrent_kernel
        return output, [output]


class Scale(Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros", trainable=False)
        super().build(input_shape)

    def call(self, x):
        return x * self.w + self.b


def test_a_keras_style_cell_runs_stateful_and_chunked() -> None:
    layer = RNN(
        MinimalRNNCell(4, name="cell"), stateful=True, return_sequences=True, batch_input_shape=(2, None, 3)
    )
    x = torch.randn(2, 7, 3)
    with torch.no_grad():
        whole = layer(x)
        layer.reset_states()
        chunked = torch.cat([layer(x[:, :3]), layer(x[:, 3:])], dim=1)
    torch.testing.assert_close(chunked, whole)
    assert [name.split("/", 1)[1] for name, _ in layer.named_weights()] == [
        "cell/kernel",
        "cell/recurrent_kernel",
    ]


def test_rnn_passes_training_to_a_cell_that_takes_it() -> None:
    cell = MinimalRNNCell(2)
    layer = RNN(cell)
    x = torch.ones(1, 2, 3)
    layer(x, training=True)
    assert cell.seen_training is True
    layer(x)  # layers start in inference mode
    assert cell.seen_training is False


def test_a_keras_style_layer_builds_at_its_first_call_on_numpy() -> None:
    model = Sequential([Scale(input_shape=(5,), name="scale"), Dense(2)], name="model")
    assert model(np.ones((3, 5))).shape == (3, 2)
    assert [name for name, _ in model.named_weights()][:2] == [
        "model/scale/variable",
        "model/scale/variable_1",
    ]
    layer = model.layers[0]
    assert [w.requires_grad for w in (layer.w, layer.b)] == [True, False]
    standalone = Scale()
    out = standalone(np.full((2, 4), 2.0))
    assert standalone.built and torch.equal(out, torch.full((2, 4), 2.0))
