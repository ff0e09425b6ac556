"""Sequential and functional models: graphs, lookup, weights, states of nested layers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Dropout, Input, Model, Sequential
from statefulrnn.layers import Concatenate, Layer


def test_sequential_add_input_and_numpy_in_torch_out() -> None:
    model = Sequential()
    model.add(Input(batch_shape=(2, None, 3)))
    model.add(GRU(4, stateful=True, return_sequences=True))
    model.add(Dropout(0.3))
    model.add(Dense(2))
    assert model.built and model.output_shape == (2, None, 2)
    y = model(np.zeros((2, 5, 3)))
    assert isinstance(y, torch.Tensor) and y.shape == (2, 5, 2)
    with pytest.raises(ValueError, match=r"An Input\(...\) can only be the first entry"):
        model.add(Input(shape=(None, 3)))


def test_sequential_refuses_several_outputs() -> None:
    with pytest.raises(ValueError, match=r"returns several tensors.*Use the functional Model"):
        Sequential([LSTM(3, return_state=True, input_shape=(None, 1))])


def test_sequential_builds_at_first_call_without_shapes() -> None:
    model = Sequential([GRU(3, stateful=True), Dense(1)])
    model(np.zeros((4, 2, 5)))
    assert model.layers[0].states[0].shape == (4, 3)
    assert model.count_params() == GRU(3, input_shape=(None, 5)).count_params() + 4


def test_a_declared_shape_without_features_waits_for_the_first_call() -> None:
    # Keras 2 programs build stacks from configs, passing input_shape=(None, None) to every
    # LSTM: Keras ignores it after the first layer, and builds any layer at its first call.
    torch.manual_seed(0)
    lstm = LSTM(4, input_shape=(None, None), return_sequences=True)
    assert not lstm.built
    model = Sequential(
        [LSTM(3, input_shape=(5, 2), return_sequences=True), lstm, LSTM(2, input_shape=(None, None))]
    )
    assert model(torch.zeros(1, 5, 2)).shape == (1, 2)
    assert [tuple(w.shape) for w in lstm.get_weights()] == [(3, 16), (4, 16), (16,)]


def test_functional_encoder_decoder_with_initial_state() -> None:
    torch.manual_seed(0)
    encoder_inputs = Input(shape=(None, 3))
    _, h, c = LSTM(4, return_state=True, name="encoder")(encoder_inputs)
    decoder_inputs = Input(shape=(None, 2))
    decoded = LSTM(4, return_sequences=True, name="decoder")(decoder_inputs, initial_state=[h, c])
    model = Model([encoder_inputs, decoder_inputs], Dense(1, name="head")(decoded))
    assert [layer.name for layer in model.layers][2:] == ["encoder", "decoder", "head"]
    x_enc, x_dec = torch.randn(2, 5, 3), torch.randn(2, 4, 2)
    y = model([x_enc, x_dec])
    _, h_ref, c_ref = model.get_layer("encoder")(x_enc)
    expected = model.get_layer("head")(model.get_layer("decoder")(x_dec, initial_state=[h_ref, c_ref]))
    torch.testing.assert_close(y, expected)
    torch.testing.assert_close(model(x_enc, x_dec), y)


def test_functional_several_outputs() -> None:
    inputs = Input(shape=(None, 2))
    outputs = LSTM(3, return_sequences=True, return_state=True)(inputs)
    model = Model(inputs, outputs)
    y, h, c = model(np.ones((2, 4, 2)))
    assert y.shape == (2, 4, 3) and h.shape == c.shape == (2, 3)
    assert model.output_shape == [(None, None, 3), (None, 3), (None, 3)]


def test_functional_refuses_disconnected_outputs() -> None:
    a, b = Input(shape=(None, 1)), Input(shape=(None, 1))
    with pytest.raises(ValueError, match=r"not among the model's inputs"):
        Model(a, GRU(2)(b))


def test_get_layer_by_name_and_index() -> None:
    model = Sequential([GRU(2, input_shape=(None, 1), name="rnn"), Dense(1, name="out")])
    assert model.get_layer("out") is model.layers[1] is model.get_layer(index=1)
    with pytest.raises(ValueError, match=r"has no layer named 'nope'\. Its layers: \['rnn', 'out'\]"):
        model.get_layer("nope")


def test_nested_models_share_weights_and_states() -> None:
    inner = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g")], name="inner")
    outer = Sequential([inner, Dense(1, name="d")], name="outer")
    assert outer.count_params() == inner.count_params() + 4
    assert list(outer.parameters())[:4] == list(inner.parameters())
    outer(np.ones((2, 3, 1)))
    assert list(outer.get_states()) == ["inner/g"]
    outer.reset_states(mask=[0])
    assert float(inner.get_layer("g").states[0][0].abs().sum()) == 0.0
    assert float(inner.get_layer("g").states[0][1].abs().sum()) > 0.0


def test_model_states_snapshot_and_restore() -> None:
    model = Sequential(
        [
            LSTM(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 1), name="a"),
            GRU(2, stateful=True, name="b"),
        ]
    )
    model(np.ones((2, 4, 1)))
    snapshot = model.get_states()
    first = model(np.ones((2, 3, 1)))
    model.set_states(snapshot)
    torch.testing.assert_close(model(np.ones((2, 3, 1))), first)
    snapshot["a"][0] += 1  # a copy: editing it leaves the model alone
    assert not torch.equal(model.get_states()["a"][0], snapshot["a"][0])


def test_weights_round_trip_in_keras_order() -> None:
    source = Sequential([GRU(3, return_sequences=True, input_shape=(None, 2)), LSTM(2), Dense(1)])
    target = Sequential([GRU(3, return_sequences=True, input_shape=(None, 2)), LSTM(2), Dense(1)])
    assert [w.shape for w in source.get_weights()] == [
        (2, 9), (3, 9), (2, 9), (3, 8), (2, 8), (8,), (2, 1), (1,),
    ]  # fmt: skip
    target.set_weights(source.get_weights())
    x = np.random.default_rng(0).normal(size=(2, 5, 2))
    torch.testing.assert_close(target(x), source(x))


def test_model_in_a_plain_torch_module_trains() -> None:
    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.rnn = GRU(4, stateful=True, batch_input_shape=(2, None, 1), name="rnn")
            self.head = torch.nn.Linear(4, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.head(self.rnn(x))

    net = Net().train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(3):
        optimizer.zero_grad()
        loss = net(torch.ones(2, 5, 1)).pow(2).mean()
        loss.backward()
        optimizer.step()
    assert net.rnn.cell.weight_ih.grad is not None
    from statefulrnn.state import get_states

    assert list(get_states(net)) == ["rnn"]


def test_inputs_given_as_a_dict_by_name_take_dicts_and_lists_in_key_order() -> None:
    torch.manual_seed(0)
    b, a = Input(shape=(2,), name="b"), Input(shape=(3,), name="a")
    model = Model({"b": b, "a": a}, Dense(1)(Concatenate()([a, b])))
    assert [t.node.layer.name for t in model.inputs] == ["a", "b"]  # as Keras flattens a dict
    x = {"a": np.ones((4, 3), np.float32), "b": np.full((4, 2), 2.0, np.float32)}
    by_dict = model.predict(x, verbose=0)
    np.testing.assert_array_equal(by_dict, model.predict([x["a"], x["b"]], verbose=0))
    np.testing.assert_array_equal(by_dict, model(x).detach().numpy())
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros((4, 1)), verbose=0)
    with pytest.raises(ValueError, match="Received key 'c' mapping to an Input named 'b'"):
        Model({"c": b}, Dense(1)(b))


def test_a_model_of_one_input_reads_a_list_of_one_array_as_that_array() -> None:
    # Keras 2 programs call model([x]); Keras 3 reads it as x, with a warning, and so do we.
    inputs = Input((2,))
    model = Model(inputs, Dense(1, kernel_initializer="ones")(inputs))
    x = np.ones((3, 2), np.float32)
    for packed in ([x], (torch.from_numpy(x),)):
        with pytest.warns(UserWarning, match="takes one input"):
            assert torch.equal(model(packed), model(x))
    assert model([[1.0, 2.0]]).shape == (1, 1)  # a list of numbers stays data


def test_a_model_or_layer_without_weights_yet_gives_none_as_keras() -> None:
    """Keras 3.15 gives ``[]`` for an unbuilt ``Sequential`` (with layers or without), and Keras 3
    and tf-keras for an unbuilt layer (checked in the Keras venv; tf-keras's own unbuilt
    ``Sequential`` raises instead); weights made in ``__init__`` come before any build."""

    class Scale(Layer):
        def __init__(self) -> None:
            super().__init__()
            self.scale = self.add_weight(name="scale", shape=(2,), initializer="ones")

        def call(self, x: torch.Tensor) -> torch.Tensor:
            return x * self.scale

    assert Sequential([Dense(3), LSTM(2)]).get_weights() == []
    Sequential([Dense(3)]).set_weights([])  # Keras 3 takes its own [] back
    with pytest.raises(ValueError, match="has no weights yet, so set_weights cannot run"):
        Sequential([Dense(3)]).set_weights([np.ones((2, 3))])
    assert Sequential().get_weights() == [] and LSTM(3).get_weights() == [] and Dense(3).get_weights() == []
    assert [w.tolist() for w in Scale().get_weights()] == [[1.0, 1.0]]
    model = Sequential([Dense(3)])
    model.build((None, 2))
    assert [w.shape for w in model.get_weights()] == [(2, 3), (3,)]


def test_every_model_is_a_keras_model() -> None:
    """``isinstance(Sequential(...), keras.Model)`` and ``issubclass(keras.Sequential,
    keras.Model)`` hold, as in Keras (where Sequential derives from Model): programs check them
    before they accept a model. A program's own Model subclass is checked as any class."""
    import statefulrnn as keras
    from statefulrnn.layers import Dense, Input

    sequential = keras.Sequential([Dense(1, input_shape=(3,))])
    inputs = Input(shape=(3,))
    functional = keras.Model(inputs, Dense(1)(inputs))

    class Own(keras.Model):
        def call(self, x):
            return x

    own = Own()
    assert isinstance(sequential, keras.Model) and isinstance(sequential, keras.models.Model)
    assert issubclass(keras.Sequential, keras.Model) and issubclass(Own, keras.Model)
    assert isinstance(functional, keras.Model) and isinstance(own, keras.Model)
    assert not isinstance(sequential, Own) and not issubclass(keras.Sequential, Own)
    assert not isinstance(Dense(1), keras.Model) and not isinstance(torch.nn.Linear(1, 1), keras.Model)
    assert isinstance(own, Own) and not isinstance(functional, Own)
