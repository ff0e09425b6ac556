"""A built `Sequential` has Keras 3's graph: ``model.input``/``output`` and each layer's."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Input, Model, Sequential


def _x() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(3, 5, 2)).astype("float32")


@pytest.mark.parametrize("declared", ["input_shape", "Input"])
def test_feature_extractor_equals_the_layers_run_by_hand(declared: str) -> None:
    first = [Input(shape=(None, 2))] if declared == "Input" else []
    gru = GRU(4, input_shape=(None, 2)) if declared == "input_shape" else GRU(4)
    model = Sequential([*first, gru, Dense(3, activation="relu"), Dense(1)])
    extractor = Model(model.input, model.layers[-2].output)

    x = _x()
    by_hand = model.layers[1](model.layers[0](x))
    torch.testing.assert_close(extractor(x), by_hand, rtol=0, atol=0)
    # The extractor shares the layers: the weights are the model's own.
    assert extractor.layers[1] is model.layers[0]
    torch.testing.assert_close(model(x), model.layers[2](by_hand), rtol=0, atol=0)


def test_graph_tensors_and_shapes() -> None:
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    assert model.input.shape == (None, 3) and model.output.shape == (None, 2)
    assert model.inputs == [model.input] and model.outputs == [model.output]
    assert model.layers[0].input is model.input and model.layers[1].output is model.output
    assert model.layers[1].input is model.layers[0].output


def test_a_layer_added_later_extends_the_graph() -> None:
    model = Sequential([Input(shape=(3,)), Dense(4)])
    before = model.output
    model.add(Dense(2))
    assert model.layers[1].input is before and model.output.shape == (None, 2)
    assert len(model.layers[0].__dict__["_inbound_nodes"]) == 1  # the first layer was not called again


def test_no_graph_before_the_input_shape_is_known() -> None:
    model = Sequential([Dense(2)])
    assert not hasattr(model, "input") and not hasattr(model, "output")
    with pytest.raises(AttributeError, match=r"Sequential model '.*' has no defined output yet"):
        model._graph_tensors("output")


def test_a_copy_at_another_batch_size_has_its_own_graph() -> None:
    model = Sequential([GRU(4, stateful=True, batch_input_shape=(8, None, 2)), Dense(1)])
    single = model.with_batch_size(1)
    assert (single.input.shape, single.output.shape) == ((1, None, 2), (1, 1))
    assert (model.input.shape, model.output.shape) == ((8, None, 2), (8, 1))
    extractor = Model(single.input, single.layers[0].output)
    x = _x()[:1]
    features = extractor(x)
    single.reset_states()  # the extractor ran the stateful GRU: start it again
    torch.testing.assert_close(features, single.layers[0](x), rtol=0, atol=0)


def test_inputs_one_axis_short_of_a_last_size_1_gain_it_as_in_keras() -> None:
    # Keras's graph (tf-keras's and Keras 3's) fits (N, 20) windows to input_shape=(20, 1) and
    # (N, 3, 1) to Input((3,)); a plain rank mismatch still reaches the layer's own error.
    sequential = Sequential([GRU(2, input_shape=(20, 1))])
    windows = torch.randn(4, 20)
    torch.testing.assert_close(sequential(windows), sequential(windows[..., None]))
    inputs = Input((3,))
    functional = Model(inputs, Dense(2)(inputs))
    torch.testing.assert_close(functional(torch.ones(4, 3, 1)), functional(torch.ones(4, 3)))
    with pytest.raises(ValueError, match="expects inputs of rank 3"):
        Sequential([GRU(2, input_shape=(20, 2))])(torch.randn(4, 20))
