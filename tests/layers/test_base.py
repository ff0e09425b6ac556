"""What every `Layer` has, as every Keras layer: default names, variables, add_weight's default."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
import torch

from statefulrnn import layers
from statefulrnn.layers import LSTM, Dense, LayerNormalization
from statefulrnn.layers.base import snake_case


@pytest.mark.parametrize(
    ("layer", "name"),
    [
        (lambda: layers.Conv1D(2, 3), "conv1d"),
        (lambda: layers.MaxPooling1D(), "max_pooling1d"),
        (lambda: layers.GlobalAveragePooling1D(), "global_average_pooling1d"),
        (lambda: layers.SimpleRNN(2), "simple_rnn"),
        (lambda: layers.GRUCell(2), "gru_cell"),
        (lambda: layers.LSTM(2), "lstm"),
        (lambda: layers.StackedRNNCells([layers.GRUCell(2)]), "stacked_rnn_cells"),
        (lambda: layers.TimeDistributed(layers.Dense(2)), "time_distributed"),
        (lambda: layers.LayerNormalization(), "layer_normalization"),
    ],
)
def test_default_names_are_keras_names(layer, name: str) -> None:
    assert re.fullmatch(rf"{name}(_\d+)?", layer().name)


def test_snake_case_is_keras_to_snake_case() -> None:
    # keras/src/utils/naming.py: non-word characters go, a digit starts no new word.
    assert snake_case("My.Layer2D") == "my_layer2d"
    assert snake_case("HTTPResponseLayer") == "http_response_layer"


def test_every_layer_lists_its_variables() -> None:
    dense = layers.Dense(2, input_shape=(3,))
    assert dense.variables == [dense.kernel, dense.bias] == dense.trainable_weights
    assert dense.non_trainable_weights == []
    dense.trainable = False
    assert dense.trainable_variables == [] and dense.non_trainable_variables == [dense.kernel, dense.bias]

    norm = layers.BatchNormalization(input_shape=(3,))
    assert len(norm.trainable_weights) == 2 and len(norm.non_trainable_weights) == 2  # moving statistics

    gru = layers.GRU(2, input_shape=(None, 3))  # the cell's Parameters, in torch's layout
    assert gru.trainable_variables == list(gru.cell.parameters())
    assert layers.Dropout(0.5).variables == []


def test_a_none_initializer_means_glorot_uniform() -> None:
    # Keras's add_weight: initializer None -> "glorot_uniform" for a float weight.
    torch.manual_seed(0)
    layer = layers.LSTM(4, kernel_initializer=None, recurrent_initializer=None, input_shape=(None, 3))
    assert layer(torch.ones(2, 5, 3)).shape == (2, 4)
    limit = (6 / (3 + 16)) ** 0.5  # glorot_uniform of the (3, 16) kernel
    kernel, recurrent_kernel, _ = layer.get_weights()
    assert 0 < abs(kernel).max() <= limit and abs(recurrent_kernel).max() <= (6 / (4 + 16)) ** 0.5
    dense = layers.Dense(3, kernel_initializer=None, input_shape=(2,))
    assert 0 < dense.kernel.abs().max() <= (6 / 5) ** 0.5
    assert layers.LSTM.from_config(layer.get_config()).get_config() == layer.get_config()


def test_batch_input_shape_wins_over_input_shape_as_in_keras_2() -> None:
    # dafrie/lstm-load-forecasting passes both, the input_shape a wrong 3-tuple that tf-keras
    # never reads; agreeing ones pass silently
    with pytest.warns(UserWarning, match=r"the disagreeing input_shape=\(160, 1, 6\)"):
        layer = LSTM(4, input_shape=(160, 1, 6), batch_input_shape=(8, 1, 6), stateful=True)
    assert layer.batch_input_shape == (8, 1, 6)
    with pytest.warns(UserWarning, match=r"input_shape=\(3, 2\), batch_size=4"):
        dense = Dense(1, input_shape=(3, 2), batch_size=4, batch_input_shape=(2, 5))
    assert dense.batch_input_shape == (2, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Dense(1, input_shape=[5], batch_size=2, batch_input_shape=(2, 5)).batch_input_shape == (2, 5)
        assert Dense(1, input_dim=5, batch_input_shape=(None, 5)).batch_input_shape == (None, 5)
    with pytest.raises(ValueError, match=r"batch_size=3 needs input_shape too"):
        Dense(1, batch_size=3)


def test_input_dim_is_the_sample_s_size_but_a_recurrent_layer_s_feature_size() -> None:
    # tf-keras 2.21's _batch_input_shape for the same constructors
    assert Dense(3, input_dim=5).batch_input_shape == (None, 5)  # Brownlee's Dense(12, input_dim=8)
    assert LSTM(3, input_dim=5).batch_input_shape == (None, None, 5)
    assert layers.SimpleRNN(3, input_dim=2, input_length=4).batch_input_shape == (None, 4, 2)
    assert layers.GRU(2, input_length=7).batch_input_shape == (None, 7, None)
    model = layers.Dense(1)(layers.Dense(3, input_dim=5)(layers.Input(shape=(5,))))
    assert tuple(model.shape) == (None, 1)


def test_a_layer_given_the_shapes_of_several_inputs_builds_at_its_call() -> None:
    """A program's build() passing on the tuple of shapes its layer was called on as
    ``input_shape=`` (JanSchm's TransformerEncoder): Keras keeps it and builds at the call."""
    norm = LayerNormalization(input_shape=((None, 8, 7), (None, 8, 7)))
    assert not norm.built
    assert tuple(norm(np.ones((2, 8, 7), np.float32)).shape) == (2, 8, 7)
