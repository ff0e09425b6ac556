"""A subclassed model's outputs are what its ``call`` returns: compile, fit and evaluate find
how many at the first batch, as Keras does, and log several by their losses' names as Keras 3
does where those are distinct, else as ``output_1``, ``output_2``, ... as tf-keras does
(Hands-On ML 2's WideAndDeepModel; the corpus's handson_ml2_ch10_keras_intro holds tf-keras's
numbers for it; Deep Learning with Python 3's CustomerTicketModel, Keras 3's names)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import config


class WideAndDeep(keras.Model):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = keras.layers.Dense(4, activation="relu")
        self.main_output = keras.layers.Dense(1)
        self.aux_output = keras.layers.Dense(1)

    def call(self, inputs: list) -> tuple:
        wide, deep = inputs
        hidden = self.hidden(deep)
        return self.main_output(keras.layers.concatenate([wide, hidden])), self.aux_output(hidden)


def functional_twin(model: WideAndDeep) -> keras.Model:
    """The same computation as a functional model, with the subclassed model's layers."""
    wide, deep = keras.Input(shape=(2,)), keras.Input(shape=(3,))
    hidden = model.hidden(deep)
    main = model.main_output(keras.layers.concatenate([wide, hidden]))
    return keras.Model([wide, deep], [main, model.aux_output(hidden)])


RNG = np.random.RandomState(0)
WIDE, DEEP, Y, Y_AUX = RNG.rand(16, 2), RNG.rand(16, 3), RNG.rand(16, 1), RNG.rand(16, 1)


def built() -> WideAndDeep:
    model = WideAndDeep()
    model([WIDE[:1], DEEP[:1]])
    return model


@pytest.mark.parametrize(
    ("compiled", "keys"),
    [
        # found by loss_weights at compile; both losses "mse", so tf-keras's names
        ({"loss": "mse", "loss_weights": [0.9, 0.1]}, ["output_1_loss", "output_2_loss"]),
        # by the loss list: Keras 3 logs each by its loss's name
        ({"loss": ["mse", "mae"]}, ["mse_loss", "mae_loss"]),
        ({"loss": "mse"}, ["output_1_loss", "output_2_loss"]),  # by the first targets
    ],
)
def test_two_outputs_train_as_the_functional_model_of_the_same_layers(compiled: dict, keys: list) -> None:
    model = built()
    twin = functional_twin(built())
    twin.set_weights(model.get_weights())
    for each in (model, twin):
        each.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), **compiled)
    history = model.fit((WIDE, DEEP), (Y, Y_AUX), batch_size=8, epochs=2, verbose=0, shuffle=False).history
    expected = twin.fit([WIDE, DEEP], [Y, Y_AUX], batch_size=8, epochs=2, verbose=0, shuffle=False).history
    assert sorted(history) == sorted(["loss", *keys])
    np.testing.assert_allclose(history["loss"], expected["loss"], rtol=1e-6)
    twin_losses = [expected[f"{name}_loss"] for name in twin.output_names]
    np.testing.assert_allclose([history[key] for key in keys], twin_losses, rtol=1e-6)
    evaluated = model.evaluate((WIDE, DEEP), (Y, Y_AUX), verbose=0)
    np.testing.assert_allclose(evaluated, twin.evaluate([WIDE, DEEP], [Y, Y_AUX], verbose=0), rtol=1e-6)
    main, aux = model.predict((WIDE, DEEP), verbose=0)
    assert main.shape == aux.shape == (16, 1)


def batches() -> Iterator[tuple]:
    for start in (0, 8):
        rows = slice(start, start + 8)
        yield (WIDE[rows], DEEP[rows]), (Y[rows], Y_AUX[rows])


def test_batches_from_a_generator_name_the_outputs_at_the_first_one() -> None:
    # the epoch's trackers are made before the first batch shows two outputs
    config.set_keras_rules("tf_keras")  # tf-keras gives a flat metrics list to every output
    try:
        model = built()
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
        history = model.fit(batches(), steps_per_epoch=2, epochs=1, verbose=0).history
    finally:
        config.set_keras_rules("keras3")
    assert sorted(history) == ["loss", "output_1_loss", "output_1_mae", "output_2_loss", "output_2_mae"]
    assert all(np.isfinite(values).all() for values in history.values())


def test_one_output_stays_one_and_a_mismatch_names_both_counts() -> None:
    class One(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.head = keras.layers.Dense(1)

        def call(self, inputs):
            return self.head(inputs)

    model = One()
    model.compile(optimizer="sgd", loss="mse")
    assert list(model.fit(DEEP, Y, verbose=0).history) == ["loss"]
    two = built()
    two.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"compile set up 1 output\(s\).*returned 2"):
        two.fit((WIDE, DEEP), Y, verbose=0)


def test_keras_3_logs_unnamed_outputs_by_their_losses_and_metrics_own_names() -> None:
    # Keras 3.15.1 (torch backend) on the same lines: Deep Learning with Python 3, chapter 7
    model = built()
    model.compile(
        optimizer="adam",
        loss=["mean_squared_error", "mean_absolute_error"],
        metrics=[["mean_absolute_percentage_error"], ["mse"]],
    )
    history = model.fit((WIDE, DEEP), (Y, Y_AUX), epochs=1, verbose=0).history
    assert sorted(history) == [
        "loss", "mean_absolute_error_loss", "mean_absolute_percentage_error", "mean_squared_error_loss", "mse"
    ]  # fmt: skip
    config.set_keras_rules("tf_keras")
    try:
        model.compile(optimizer="adam", loss=["mean_squared_error", "mean_absolute_error"])
        history = model.fit((WIDE, DEEP), (Y, Y_AUX), epochs=1, verbose=0).history
    finally:
        config.set_keras_rules("keras3")
    assert sorted(history) == ["loss", "output_1_loss", "output_2_loss"]
