"""summary(): Keras's table, with the notebook's numbers."""

from __future__ import annotations

import re

import numpy as np

from statefulrnn import GRU, LSTM, Bidirectional, Dense, Input, Model, Sequential
from statefulrnn.layers import Concatenate, Embedding, Flatten, Layer
from tests.test_keras_rules import rules as keras_rules


def _summary(model) -> str:
    lines: list[str] = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def test_sequential_summary_matches_the_notebook() -> None:
    text = _summary(Sequential([GRU(5, input_shape=(None, 1), name="rnn")], name="sequential_12"))
    assert text.splitlines() == [
        'Model: "sequential_12"',
        "_" * 65,
        "Layer (type)                 Output Shape              Param #",
        "=" * 65,
        "rnn (GRU)                    (None, 5)                 120",
        "=" * 65,
        "Total params: 120",
        "Trainable params: 120",
        "Non-trainable params: 0",
        "_" * 65,
    ]


def test_summary_shows_fixed_batch_and_totals() -> None:
    model = Sequential(
        [LSTM(32, stateful=True, batch_input_shape=(32, 8, 16), name="lstm_9"), Dense(10, name="d")]
    )
    text = _summary(model)
    assert "lstm_9 (LSTM)                (32, 32)                  6,272" in text
    assert "d (Dense)                    (32, 10)                  330" in text
    assert "Total params: 6,602" in text


def test_functional_summary_lists_input_and_widens_columns() -> None:
    inputs = Input(batch_shape=(2, None, 1), name="input_43")
    model = Model(inputs, Bidirectional(LSTM(5), name="a_rather_long_bidirectional_name")(inputs))
    text = _summary(model)
    assert "input_43 (InputLayer)" in text and "(2, None, 1)" in text
    assert "a_rather_long_bidirectional_name (Bidirectional) (2, 10)" in text
    assert "Total params: 280" in text


def test_non_trainable_weights_are_counted_apart() -> None:
    model = Sequential([GRU(5, input_shape=(None, 1), trainable=False), Dense(1)])
    text = _summary(model)
    assert "Trainable params: 6" in text and "Non-trainable params: 120" in text


def test_a_model_not_built_yet_lists_its_layers_as_keras_3_does() -> None:
    # A Sequential given no input shape: Keras 3 lists each layer with "?" and "0 (unbuilt)"
    # (tf-keras refuses).
    model = Sequential([GRU(5, name="gru_later"), Dense(1, name="dense_later")])
    text = _summary(model)
    for name in ("gru_later", "dense_later"):
        assert re.search(rf"{name} \(\w+\) +\? +0 \(unbuilt\)", text), text
    assert "Total params: 0" in text
    model.build((None, 4, 3))
    assert "unbuilt" not in _summary(model) and "Total params: 156" in _summary(model)


def test_a_model_that_starts_with_an_embedding_is_built_for_any_length_as_tf_keras_builds_it() -> None:
    # keras.io's "Working with RNNs" guide prints this model's summary before any call. tf-keras
    # 2.21 (whose Embedding declares input_shape=(None,)) builds it as it is made: its weights'
    # shapes, 65,071 parameters, output shapes (None, None, 64) and (None, 1); Keras 3 leaves it
    # unbuilt, with no weights (keras.io's GRU4Rec retrieval example and a Keras 3 grid search
    # build it after compile). A Keras 2 program may read or load its weights before fit.
    def made() -> Sequential:
        return Sequential(
            [Embedding(1000, 64, name="words"), GRU(5, name="gru_words"), Dense(1, name="score")]
        )

    keras_3 = made()
    assert not keras_3.built and keras_3.get_weights() == [] and keras_3.weights == []
    keras_3.set_weights([])
    with keras_rules("tf_keras"):
        model = made()
    assert model.built and [w.shape for w in model.get_weights()] == [
        (1000, 64),
        (64, 15),
        (5, 15),
        (2, 15),
        (5, 1),
        (1,),
    ]
    text = _summary(model)
    assert re.search(r"words \(Embedding\) +\(None, None, 64\) +64,000", text), text
    config = model.get_config()  # declares no input shape: no InputLayer entry, as Keras 3's
    assert "Total params: 65,071" in text and config["layers"][0]["class_name"] == "Embedding"
    model.build((None, 3))  # the program's own shape, as Keras 3 builds for it
    assert model.declared_input_shape == (None, 3) and model.count_params() == 65071


def test_a_layer_that_needs_a_known_length_leaves_it_to_the_first_call_as_keras_3_does() -> None:
    # tf-keras raises here, as it is made ("The last dimension of the inputs to a Dense layer
    # should be defined"); Keras 3 builds at the first call, where the length is known.
    model = Sequential([Embedding(10, 4, name="ids"), Flatten(name="flat"), Dense(1, name="one")])
    assert not model.built
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 7), "int64"), np.zeros((4, 1)), verbose=0)
    assert model.built and model.count_params() == 40 + 29


class _LastStep(Layer):
    """A tf.keras-style layer whose compute_output_shape returns a list of sizes, as keras-tcn's
    TCN does."""

    def call(self, inputs):
        return inputs[:, -1, :]

    def compute_output_shape(self, input_shape):
        return [input_shape[0], input_shape[-1]]


def test_an_output_shape_given_as_a_list_of_sizes_prints_as_one_shape() -> None:
    # Keras 3 prints "last (_LastStep)  (None, 4)" for it (its KerasTensor's shape is a tuple).
    model = Sequential([Input((3, 4)), _LastStep(name="last"), Dense(2, name="d")])
    text = _summary(model)
    assert re.search(r"last \(_LastStep\) +\(None, 4\) +0", text), text
    assert re.search(r"d \(Dense\) +\(None, 2\) +10", text), text


def test_a_layer_built_by_hand_shows_the_shape_of_its_node_in_the_model() -> None:
    # keras.io's pretrained-embeddings example: Embedding(...).build((1,)), then called on
    # Input(shape=(None,)); Keras 3 and tf-keras show (None, None, 8)
    from statefulrnn.layers import Conv1D, GlobalMaxPooling1D

    embedding = Embedding(20, 8, trainable=False, name="hand_built")
    embedding.build((1,))
    inputs = Input(shape=(None,), dtype="int32")
    model = Model(inputs, GlobalMaxPooling1D()(Conv1D(4, 3)(embedding(inputs))))
    row = next(line for line in _summary(model).splitlines() if line.startswith("hand_built"))
    assert "(None, None, 8)" in row


def test_a_functional_model_that_branches_shows_what_each_layer_is_connected_to() -> None:
    # tf-keras 2.21's print_summary for this model: "Connected to" holds [] for the inputs,
    # ['a[0][0]'] for the Dense, ['dense[0][0]', 'b[0][0]'] for the Concatenate; a chain of
    # layers shows no such column; positions for four columns are taken either way (a
    # program's summary(positions=[.33, .55, .67, 1.]); tf-keras ignores the edges it does not use)
    a, b = Input((3,), name="a"), Input((2,), name="b")
    model = Model([a, b], Dense(1, name="out")(Concatenate(name="join")([Dense(2, name="dense")(a), b])))
    text = _summary(model)
    assert re.search(r"Param # +Connected to", text), text
    assert re.search(r"a \(InputLayer\) .* \[\]$", text, re.M), text
    assert "['a[0][0]']" in text and "['dense[0][0]', 'b[0][0]']" in text and "['join[0][0]']" in text
    x = Input((3,))
    chain = Model(x, Dense(1)(Dense(2)(x)))
    lines = []
    chain.summary(positions=[0.33, 0.55, 0.67, 1.0], print_fn=lines.append)
    assert "Connected to" not in "\n".join(lines) and "Param #" in "\n".join(lines)
