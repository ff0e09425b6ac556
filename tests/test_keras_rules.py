"""`statefulrnn.config.set_keras_rules`: where tf-keras and Keras 3 compute differently, the
layers follow the rules in force, each giving the numbers its Keras recorded
(tools/keras_fixtures/keras_rules.py; the merge layers' masks: tests/layers/test_program_layer_masks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import config
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "keras_rules"
SCRIPT = fixture_script("keras_rules")


@contextmanager
def rules(name: str) -> Iterator[None]:
    config.set_keras_rules(name)
    try:
        yield
    finally:
        config.set_keras_rules("keras3")


@pytest.mark.parametrize("case", sorted(SCRIPT.CASES))
@pytest.mark.parametrize("name", ["tf_keras", "keras3"])
def test_each_rules_give_their_keras_numbers(name: str, case: str) -> None:
    recorded = np.load(FIXTURES / f"{name}_{case}.npz")
    build, _ = SCRIPT.CASES[case]
    with rules(name):
        layer = build(keras)
    x = torch.from_numpy(recorded["x"])
    layer(x)
    layer.set_weights([recorded[f"w{i}"] for i in range(len(layer.get_weights()))])
    with torch.no_grad():
        np.testing.assert_allclose(layer(x).numpy(), recorded["y"], rtol=1e-5, atol=1e-6)


def test_a_layer_keeps_the_rules_it_was_made_under_through_its_config() -> None:
    with rules("tf_keras"):
        made = keras.layers.ConvLSTM2D(2, 2, name="rules_kept")
        given = keras.layers.ConvLSTM2D(2, 2, recurrent_activation="sigmoid", name="rules_given")
    assert made.get_config()["recurrent_activation"] == "hard_sigmoid_keras2"
    assert given.get_config()["recurrent_activation"] == "sigmoid"  # given, not the default
    twin = keras.layers.ConvLSTM2D.from_config(made.get_config())  # under Keras 3's rules
    assert twin.cell.recurrent_activation is keras.activations.hard_sigmoid_keras2
    assert (
        keras.layers.ConvLSTM2D(2, 2, name="rules_default").get_config()["recurrent_activation"] == "sigmoid"
    )


def test_only_the_two_rules_are_known() -> None:
    with pytest.raises(ValueError, match=r"set_keras_rules takes 'keras3' or 'tf_keras'. Received: 'keras2'"):
        config.set_keras_rules("keras2")
    assert config.keras_rules() == "keras3"


def test_tf_keras_numbers_repeated_output_names_and_logs_lr() -> None:
    # tf-keras 2.21 (its Functional._set_output_names and ReduceLROnPlateau): outputs of one
    # shared layer are dense, dense_1, dense_2, each logged under its name, and the rate as "lr"
    def trained(name: str) -> tuple[list[str], list[str]]:
        with rules(name):
            x = keras.layers.Input(shape=(3,))
            shared = keras.layers.Dense(2, activation="softmax", name="dense")
            model = keras.Model(x, [shared(x), shared(x), shared(x)])
            model.compile(optimizer="sgd", loss="categorical_crossentropy")
            y = np.eye(2)[[0, 1, 0, 1]]
            plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss")
            history = model.fit(np.ones((4, 3)), [y, y, y], epochs=1, verbose=0, callbacks=[plateau])
            return model.output_names, sorted(history.history)

    names, logged = trained("tf_keras")
    assert names == ["dense", "dense_1", "dense_2"]
    assert logged == ["dense_1_loss", "dense_2_loss", "dense_loss", "loss", "lr"]
    names, logged = trained("keras3")
    assert names == ["dense", "dense", "dense"]
    assert "learning_rate" in logged and "lr" not in logged


def test_tf_keras_takes_a_loss_dict_leaving_an_output_out_and_logs_the_loss_of_the_other() -> None:
    # tf-keras 2.21 on the same lines: {'loss': 0.328125, 'b_loss': 0.328125, 'a_mae': 0.5} (its
    # LossesContainer logs each output's loss in a model of several outputs); Keras 3 refuses
    # the dict (CompileLoss.build: "Expected keys ['a', 'b'] in loss dict")
    def fitted(name: str) -> dict[str, list[float]]:
        with rules(name):
            inputs = keras.layers.Input(shape=(2,))
            a = keras.layers.Dense(1, kernel_initializer="ones", name="a")(inputs)
            b = keras.layers.Dense(1, kernel_initializer="ones", name="b")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss={"b": "mse"}, optimizer=keras.optimizers.SGD(0.1), metrics={"a": "mae"})
            x, y = np.arange(8, dtype="float32").reshape(4, 2) / 8, np.ones((4, 1), "float32")
            return model.fit(x, {"a": y, "b": y}, batch_size=4, verbose=0).history

    history = fitted("tf_keras")
    assert list(history) == ["loss", "b_loss", "a_mae"]
    np.testing.assert_allclose([history[key][0] for key in history], [0.328125, 0.328125, 0.5], rtol=1e-6)
    with pytest.raises(ValueError, match="its keys must be the model's outputs"):
        fitted("keras3")


@pytest.mark.parametrize("case", ["initial_state_mask", "first_argument_mask"])
@pytest.mark.parametrize("name", ["tf_keras", "keras3"])
def test_a_layer_given_other_tensors_takes_its_first_argument_s_mask_under_tf_keras_rules(
    name: str, case: str
) -> None:
    # An RNN given initial_state by keyword, a program's layer given a second tensor by position.
    recorded = np.load(FIXTURES / f"{name}_{case}.npz")
    with rules(name):
        model = getattr(SCRIPT, f"{case}_model")(keras)
        model.set_weights([recorded[f"w{i}"] for i in range(len(model.get_weights()))])
        y = model.predict(getattr(SCRIPT, f"{case}_inputs")(), verbose=0)
    np.testing.assert_allclose(y, recorded["y"], rtol=1e-5, atol=1e-6)


def test_tf_keras_lists_an_input_layer_s_shapes_as_a_course_s_summary_compares_them() -> None:
    # tf-keras 2.21: [(None, 3, 4)] for the InputLayer, the tuple for a layer of one output, a
    # list for an LSTM returning its states; Keras 3 has no such attributes (ours: tuples).
    def summary(model: keras.Model) -> list[list[object]]:  # the courses' test_utils.summary
        return [[type(layer).__name__, layer.output_shape, layer.count_params()] for layer in model.layers]

    def model() -> keras.Model:
        inputs = keras.Input((3, 4))
        outputs, state, _ = keras.layers.LSTM(5, return_state=True)(inputs)
        return keras.Model(inputs, [keras.layers.Dense(2)(outputs), state])

    lstm = [(None, 5)] * 3
    with rules("tf_keras"):
        listed = model()
        assert summary(listed) == [
            ["InputLayer", [(None, 3, 4)], 0],
            ["LSTM", lstm, 200],
            ["Dense", (None, 2), 12],
        ]
        assert listed.layers[0].input_shape == [(None, 3, 4)]
        tf_keras_config = listed.get_config()
    assert listed.layers[0].output_shape == (None, 3, 4)  # the rules in force decide
    assert summary(model())[0] == ["InputLayer", (None, 3, 4), 0]
    assert listed.get_config() == tf_keras_config  # its files alike under either rules


def test_a_symbolic_tensor_s_shape_is_tensorflow_s_under_tf_keras_rules() -> None:
    # q-trader's agent reads model.layers[0].input.shape.as_list() (TensorFlow's TensorShape)
    with rules("tf_keras"):
        model = keras.Sequential([keras.layers.Dense(8, input_dim=5)])
        shape = model.layers[0].input.shape
        assert shape.as_list() == [None, 5] and repr(shape) == "TensorShape([None, 5])"
        assert shape == (None, 5) and str(shape) == "(None, 5)"
    shape = keras.Sequential([keras.layers.Dense(8, input_dim=5)]).layers[0].input.shape
    assert type(shape) is tuple and shape == (None, 5)  # Keras 3's KerasTensor.shape


def test_tf_keras_gives_an_rnn_given_initial_state_the_shapes_of_all_it_took() -> None:
    # tf-keras 2.21 makes the states part of the call's inputs: [(None, 1, 8), (None, 16),
    # (None, 16)] for Coursera's post-attention LSTM, called again and again with its states.
    def lstm_in_a_model() -> keras.layers.Layer:
        x, s0, c0 = keras.Input(shape=(1, 8)), keras.Input(shape=(16,)), keras.Input(shape=(16,))
        lstm = keras.layers.LSTM(16, return_state=True)
        s, _, c = lstm(x, initial_state=[s0, c0])
        s, _, c = lstm(x, initial_state=[s, c])
        return keras.Model([x, s0, c0], s).layers[-1]

    with rules("tf_keras"):
        lstm = lstm_in_a_model()
        assert lstm.input_shape == [(None, 1, 8), (None, 16), (None, 16)]
        assert lstm.get_build_config() == {"input_shape": (None, 1, 8)}  # its files alike
    assert lstm.input_shape == (None, 1, 8)


class _OwnStep(keras.Model):
    """A model with a torch-style own ``train_step``, which must get gradients under either
    rules (tf-keras's would hold a GradientTape there)."""

    def __init__(self) -> None:
        super().__init__()
        self.rnn = keras.layers.GRU(3)
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.rnn(x))

    def train_step(self, data):
        x, y = data[:2]  # train_on_batch gives (x, y, None), as Keras 3's
        self.zero_grad()
        loss = self.compute_loss(y=y, y_pred=self(x, training=True))
        loss.backward()
        with torch.no_grad():
            self.optimizer.apply([v.value.grad for v in self.trainable_weights], self.trainable_weights)
        return {"loss": loss}


def _trained(rules_name: str, model: keras.Model, seen: list[bool]) -> list[np.ndarray]:
    """``model`` fitted and stepped once on batch under ``rules_name`` from fixed weights; its
    weights after. ``seen`` gets whether the program's own calls (a callback's) took gradients."""
    torch.manual_seed(0)
    x, y = torch.rand(6, 4, 2), torch.rand(6, 1)
    model(x)
    weights = model.get_weights()
    model.set_weights([np.full(w.shape, 0.1 * i + 0.1, np.float32) for i, w in enumerate(weights)])
    model.compile(keras.optimizers.SGD(0.5), "mse")
    looks = keras.callbacks.LambdaCallback(on_epoch_end=lambda *_: seen.append(model(x).requires_grad))
    with rules(rules_name):
        model.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0, callbacks=[looks])
        model.train_on_batch(x, y)
        seen.append(model(x).requires_grad)
    return model.get_weights()


def _sequential() -> keras.Model:
    return keras.Sequential([keras.Input((4, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)])


@pytest.mark.parametrize("make", [_sequential, _OwnStep], ids=["built_in_step", "own_train_step"])
def test_tf_keras_takes_gradients_only_in_training_steps_as_its_tape_records_them(make) -> None:
    # tf-keras: a program's own call records no gradients (no GradientTape), so `.numpy()` and
    # np.argmax of a layer's or model's output give numbers; fit and train_on_batch (and a
    # model's own train_step) train alike under both rules.
    seen_tf: list[bool] = []
    seen_k3: list[bool] = []
    trained_tf = _trained("tf_keras", make(), seen_tf)
    trained_k3 = _trained("keras3", make(), seen_k3)
    assert seen_tf == [False, False, False] and seen_k3 == [True, True, True]
    for ours, theirs in zip(trained_tf, trained_k3):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    assert not np.allclose(trained_tf[0], 0.1)  # they trained
    with rules("tf_keras"):
        dense = keras.layers.Dense(2)
        assert dense(torch.ones(1, 3)).numpy().shape == (1, 2)


def test_tf_keras_takes_no_gradients_after_a_training_step_that_failed() -> None:
    model = _sequential()
    model.compile("sgd", "mse")
    x = torch.rand(2, 4, 2)
    with rules("tf_keras"):
        with pytest.raises(ValueError):
            model.fit(x, torch.rand(2, 5, 3), verbose=0)  # targets of another rank: refused
        assert not model(x).requires_grad
        with torch.enable_grad(), pytest.raises(ValueError):
            model.train_on_batch(x, torch.rand(2, 5, 3))
        assert not model(x).requires_grad


@pytest.mark.parametrize("name", ["tf_keras", "keras3"])
def test_binary_crossentropy_of_clipped_outputs_follows_each_keras(name: str) -> None:
    # tf-keras adds epsilon inside the logs (an output clipped to eps costs log 2 less): the loss
    # function's values and a compiled linear model's evaluate (DLwP 1st ed. 6.4's Dense(1)).
    recorded = np.load(FIXTURES / f"{name}_binary_crossentropy.npz")
    targets, outputs, x, y = SCRIPT.binary_crossentropy_inputs()
    with rules(name):
        values = keras.losses.binary_crossentropy(targets, outputs)
        model = SCRIPT.linear_output_model(keras)
        model.compile("sgd", "binary_crossentropy")
        evaluated = model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(values, recorded["values"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(evaluated, recorded["evaluated"], rtol=1e-5, atol=1e-6)


def test_a_subclassed_model_given_only_inputs_is_subclassed_under_tf_keras_rules() -> None:
    # The TF text generation tutorial's super().__init__(self): tf-keras ignores arguments that
    # do not make a functional model; Keras 3 refuses them.
    class Handed(keras.Model):
        def __init__(self):
            super().__init__(self)
            self.dense = keras.layers.Dense(2, kernel_initializer="ones")

        def call(self, inputs):
            return self.dense(inputs)

    with rules("tf_keras"):
        assert Handed()(torch.ones(1, 3)).tolist() == [[3.0, 3.0]]
    with pytest.raises(TypeError, match="Model takes inputs and outputs"):
        Handed()


@pytest.mark.parametrize("name", ["tf_keras", "keras3"])
def test_a_model_frozen_after_its_compile_trains_as_each_keras_trains_it(name: str) -> None:
    # Keras 2's GAN recipe (mnist_acgan): the discriminator is compiled, then frozen to build and
    # compile the combined model, then trained by its own train_on_batch. tf-keras 2.21 trains it
    # by its compile-time flags (losses 3.0485873 then 2.6716483 on this model), Keras 3.15 by
    # the flags as they are (3.0485873 twice); the flags come back after either way.
    with rules(name):
        inputs = keras.Input(shape=(3,))
        dense = keras.layers.Dense(1, activation="sigmoid", kernel_initializer="ones")
        discriminator = keras.Model(inputs, dense(inputs))
        discriminator.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="binary_crossentropy")
        discriminator.trainable = False
        noise = keras.Input(shape=(3,))
        combined = keras.Model(noise, discriminator(keras.layers.Dense(3)(noise)))
        combined.compile(optimizer="adam", loss="binary_crossentropy")
        x, y = np.ones((4, 3), np.float32), np.zeros((4, 1), np.float32)
        losses = [discriminator.train_on_batch(x, y) for _ in range(2)]
        assert not discriminator.trainable and not dense.kernel.requires_grad  # given back
        moved = dense.get_weights()[0].copy()
        combined.train_on_batch(x, y)  # compiled with the discriminator frozen: it stays
        np.testing.assert_array_equal(dense.get_weights()[0], moved)
    expected = [3.0485873, 2.6716483] if name == "tf_keras" else [3.0485873, 3.0485873]
    np.testing.assert_allclose(losses, expected, rtol=1e-6)


@pytest.mark.parametrize("name", ["tf_keras", "keras3"])
def test_a_stateful_layer_given_initial_state_goes_on_as_each_keras_does(name: str) -> None:
    # tf-keras 2.21 takes initial_state only while the carried state is all zeros, then goes on
    # from the carried one (a Keras 2 streaming demo feeds its state Inputs at every call);
    # Keras 3 restarts from it at every call.
    def layer() -> Any:
        return keras.layers.SimpleRNN(
            1, stateful=True, kernel_initializer="ones", recurrent_initializer="ones"
        )

    x, given = torch.full((2, 3, 1), 0.1), [torch.full((2, 1), 0.5)]
    with rules(name):
        streamed = layer()
        first = streamed(x, initial_state=given)
        second = streamed(x, initial_state=given)
        streamed.reset_states()
        torch.testing.assert_close(streamed(x, initial_state=given), first)  # zeros again: it is taken
        carried = layer()
        carried(x, initial_state=given)
        going_on = carried(x)  # no initial_state: the carried state
    torch.testing.assert_close(second, going_on if name == "tf_keras" else first)
    assert not torch.allclose(going_on, first)


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_a_second_compile_keeps_the_earlier_loss_and_metrics_only_under_keras_3(name: str) -> None:
    """Keras 3.15 keeps a compile's loss and metrics when a later compile gives none; tf-keras
    makes its loss and metric containers afresh (checked: tf-keras 2.21's fit then logs only
    ``loss``, and with no loss at all refuses to train)."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    x, y = np.ones((4, 3), np.float32), np.ones((4, 1), np.float32)
    with rules(name):
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        model.compile(optimizer="sgd", loss="mae")
        keys = sorted(model.fit(x, y, verbose=0).history)
        model.compile(optimizer="sgd")
        if name == "keras3":
            assert keys == ["loss", "mae"]
            model.fit(x, y, verbose=0)  # still the mean absolute error
        else:
            assert keys == ["loss"]
            with pytest.raises(ValueError, match="No loss to compute"):
                model.fit(x, y, verbose=0)


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_a_one_dimensional_target_reaches_a_program_s_loss_and_metric_as_each_keras_hands_it(
    name: str,
) -> None:
    """tf-keras's compile containers make a ``(N,)`` target ``(N, 1)`` for a 2-d output before a
    program's loss function or metric sees it (``match_dtype_and_rank``; the TF guide's
    ``basic_loss_function`` on integer labels and ``(N, 10)`` logits relies on it); Keras 3
    (checked on its torch backend) hands it as it is."""
    seen: list[tuple[int, ...]] = []

    def basic_loss_function(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
        seen.append(tuple(y_true.shape))
        return keras.ops.mean(keras.ops.abs(y_true - y_pred[:, :1]))

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, kernel_initializer="ones")])
    x = np.random.default_rng(0).random((8, 4), dtype=np.float32)
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1], np.float32)
    with rules(name):
        model.compile(optimizer="sgd", loss=basic_loss_function)
        loss = model.evaluate(x, y, batch_size=8, verbose=0)
    assert seen[-1] == ((8, 1) if name == "tf_keras" else (8,))
    first = x.sum(axis=1, keepdims=True)  # the output's first column, with the ones kernel
    expected = np.abs(y[:, None] - first).mean() if name == "tf_keras" else np.abs(y[None, :] - first).mean()
    np.testing.assert_allclose(loss, expected, rtol=1e-6)


ADAPTED_FIRST = {
    "TextVectorization": (
        lambda: keras.layers.TextVectorization(max_tokens=20),
        ["the film was good", "bad"],
    ),
    "StringLookup": (lambda: keras.layers.StringLookup(), ["a", "b", "a"]),
    "IntegerLookup": (lambda: keras.layers.IntegerLookup(), np.array([3, 5, 3])),
}


@pytest.mark.parametrize("name", sorted(ADAPTED_FIRST))
@pytest.mark.parametrize("rules_name", ["tf_keras", "keras3"])
def test_an_adapted_preprocessing_layer_builds_the_sequential_it_starts_under_tf_keras_rules(
    name: str, rules_name: str
) -> None:
    """tf-keras's ``_adapt_maybe_build`` declares the adapted data's rank as the layer's input
    shape, so ``Sequential([encoder, Embedding, ...])`` is built as it is made (the TensorFlow
    RNN text tutorial sets and reads its weights before fit: tf-keras lists (6,) vocabulary,
    (8, 4) embedding, ...); Keras 3 leaves it unbuilt until its first call."""
    make, data = ADAPTED_FIRST[name]
    with rules(rules_name):
        layer = make()
        layer.adapt(data)
        model = keras.Sequential([layer, keras.layers.Embedding(8, 4), keras.layers.Dense(1)])
        assert model.built == (rules_name == "tf_keras")
        if rules_name == "tf_keras":
            assert model.input_shape == (None,)
            assert [tuple(w.shape) for w in model.get_weights()] == [(8, 4), (4, 1), (1,)]
            predicted = model.predict(np.asarray(data[:1]), verbose=0)
            assert predicted.shape[0] == 1 and predicted.shape[-1] == 1


BATCH_NORM = fixture_script("batch_norm_variance")
BATCH_NORM_VALUES = np.load(FIXTURES.parent / "batch_norm_variance" / "values.npz")


@pytest.mark.parametrize(
    ("rules_name", "case"),
    [
        (rules_name, case)
        for rules_name in ("tf_keras", "keras3")
        for case in sorted(BATCH_NORM.CASES)
        if rules_name == "tf_keras" or case not in BATCH_NORM.TF_KERAS_ONLY
    ],
)
def test_batch_norm_moving_variance_follows_each_rules(rules_name: str, case: str) -> None:
    """tf-keras's fused batch norm (rank 4 and 5, features first or last) averages the
    Bessel-corrected batch variance into moving_variance; its other ranks and Keras 3 the biased
    one (`tools/keras_fixtures/batch_norm_variance.py`)."""
    torch.manual_seed(0)
    with rules(rules_name):
        got = BATCH_NORM.trained(keras, case)
    for key in ("moving_mean", "moving_variance", "y"):
        expected = BATCH_NORM_VALUES[f"{rules_name}_{case}_{key}"]
        np.testing.assert_allclose(got[key], expected, rtol=1e-5, atol=1e-6, err_msg=key)


# Each Keras's log key for a metric given by name (tf-keras 2.21 and Keras 3.15.1, printed by
# the same compile + fit): tf-keras makes a metric class's instance under its default name.
METRIC_KEYS = {
    "RootMeanSquaredError": ("RootMeanSquaredError", "root_mean_squared_error"),
    "AUC": ("AUC", "auc"),
    "MeanSquaredError": ("MeanSquaredError", "mean_squared_error"),
    "BinaryAccuracy": ("BinaryAccuracy", "binary_accuracy"),
    "LogCoshError": ("LogCoshError", "logcosh"),
    "CosineSimilarity": ("CosineSimilarity", "cosine_similarity"),
    "mae": ("mae", "mae"),
    "binary_accuracy": ("binary_accuracy", "binary_accuracy"),
    "acc": ("acc", "acc"),
}


@pytest.mark.parametrize("metric", sorted(METRIC_KEYS))
@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_a_metric_named_by_its_class_logs_as_each_keras_names_it(name: str, metric: str) -> None:
    x, y = np.random.default_rng(0).random((8, 3)), np.array([0, 1] * 4, dtype="float32")[:, None]
    keras.backend.clear_session()  # a metric's default name is numbered after another's, as in Keras
    with rules(name):
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="mse", optimizer="sgd", metrics=[metric])
        keys = [key for key in model.fit(x, y, epochs=1, verbose=0).history if key != "loss"]
    assert keys == [METRIC_KEYS[metric][name == "tf_keras"]]


# The expected values below are what tf-keras 2.21 and Keras 3.15.1 give for the same calls.


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_dense_of_a_float_number_of_units_follows_each_keras(name: str) -> None:
    with rules(name):
        if name == "keras3":
            with pytest.raises(ValueError, match="units must be a positive integer"):
                keras.layers.Dense(13.5)
        else:
            assert keras.layers.Dense(13.5).units == 13 and keras.layers.Dense(np.float64(2.0)).units == 2


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_concatenate_of_an_unmasked_and_a_masked_input_masks_as_each_keras(name: str) -> None:
    # wanasit/katakana's attention context (no mask) joined to its decoder (Embedding mask_zero)
    ids = np.array([[1, 2, 0, 0], [3, 1, 2, 0]])
    with rules(name):
        mask = keras.layers.Concatenate().compute_mask(
            [torch.ones(2, 4, 2), torch.ones(2, 4, 3)], [None, ids != 0]
        )
    expected = ids != 0 if name == "tf_keras" else np.ones((2, 4), bool)
    np.testing.assert_array_equal(mask.numpy(), expected)


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_time_distributed_batch_norm_trains_on_the_statistics_each_keras_takes(name: str) -> None:
    x = torch.zeros(2, 3, 4) + torch.arange(24.0).reshape(2, 3, 4) / 10
    x[:, 1] += 5  # frame 1 apart: per-frame and all-frame statistics differ
    with rules(name):
        layer = keras.layers.TimeDistributed(keras.layers.BatchNormalization(epsilon=1e-3))
        out = layer(x, training=True)
    rows = x.reshape(6, 4) if name == "tf_keras" else None
    if rows is not None:  # tf-keras: one batch of N * T rows
        expected = (rows - rows.mean(0)) / torch.sqrt(rows.var(0, unbiased=False) + 1e-3)
        expected = expected.reshape(2, 3, 4)
    else:  # Keras 3: each frame's batch of N rows
        expected = (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False) + 1e-3)
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_normalization_s_count_after_adapt_is_each_keras_s(name: str) -> None:
    data = np.random.default_rng(0).normal(size=(112, 8))
    with rules(name):
        layer = keras.layers.Normalization()
        layer.adapt(data)
    assert layer.get_weights()[2] == (112 if name == "tf_keras" else 0)


@pytest.mark.parametrize("name", ["keras3", "tf_keras"])
def test_model_metrics_lists_what_each_keras_lists(name: str) -> None:
    # tf-keras 2.21 lists compile's metric objects themselves (Hands-On ML 2 ch. 12 reads
    # model.metrics[-1].threshold); Keras 3.15 its CompileMetrics
    class Threshold(keras.metrics.Metric):
        def __init__(self, threshold: float = 1.0, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.threshold = threshold
            self.total = self.add_weight(name="total", initializer="zeros")

        def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
            self.total.assign_add(keras.backend.sum(keras.backend.abs(y_true - y_pred)))

        def result(self) -> Any:
            return self.total

    keras.backend.clear_session()
    with rules(name):
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
        model.compile(loss="mse", optimizer="sgd", metrics=["mae", Threshold(2.0)])
        model.fit(np.ones((4, 3)), np.zeros((4, 2)), verbose=0)
        names = [metric.name for metric in model.metrics]
        last = model.metrics[-1]
        model.reset_metrics()
        results = [float(metric.result()) for metric in model.metrics if metric.name != "compile_metrics"]
    if name == "tf_keras":
        assert names == ["loss", "mae", "threshold"] and last.threshold == 2.0
        # a tf-keras metric is a Layer: its .metrics (the TF time-series tutorial prints it) is []
        assert last.metrics == []
    else:
        assert names == ["loss", "compile_metrics"]
    assert results == [0.0] * len(results)
