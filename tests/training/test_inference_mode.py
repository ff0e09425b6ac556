"""predict and evaluate run every module in inference mode and give each its own mode back.

A model made only of statefulrnn's own layers, none put in a mode, is called as it is (each layer
infers by Keras's default); anything else (a program's layer or model class, a torch module, a
layer given a mode by train() or eval()) is switched: each test here fails where it is not."""

from __future__ import annotations

import numpy as np
import torch

from statefulrnn.layers import Dense, Dropout, Layer
from statefulrnn.layers.base import MODE_SET
from statefulrnn.models import Model, Sequential


def _model() -> Sequential:
    model = Sequential([Dense(4, input_shape=(3,)), Dropout(0.9), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_a_sublayer_left_in_training_mode_predicts_without_dropout_and_keeps_its_mode() -> None:
    model = _model()
    model.eval()
    model.layers[1].train()  # the model itself is in inference mode, one sublayer is not
    x = np.ones((5, 3), dtype="float32")
    first, second = model.predict(x, verbose=0), model.predict(x, verbose=0)
    np.testing.assert_array_equal(first, second)  # no dropout masks drawn
    assert [layer.training for layer in model.layers] == [False, True, False]
    assert model.training is False


def test_evaluate_inside_training_mode_restores_it() -> None:
    model = _model()
    model.train()
    model.evaluate(np.ones((4, 3)), np.zeros((4, 1)), verbose=0)
    assert all(module.training for module in model.modules())


class _ReadsItsMode(Layer):
    """A program's layer that reads ``self.training`` itself (PyTorch's way), taking no
    ``training`` argument: only the switch to inference mode tells it."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + 1.0 if self.training else x


class _PassesNone(Model):
    """A program's model that hands its ``training=None`` on to a Dropout by name, as Keras
    programs write it: the Dropout then reads its own mode."""

    def __init__(self) -> None:
        super().__init__()
        self.drop, self.head = Dropout(0.9), Dense(2, kernel_initializer="ones")

    def call(self, inputs, training=None):
        return self.head(self.drop(inputs, training=training))


def test_a_model_of_our_own_layers_predicts_without_dropout_and_keeps_every_mode() -> None:
    model = _model()  # never put in a mode: each layer follows Keras's inference default
    x = np.ones((5, 3), dtype="float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict(x, verbose=0))
    assert all(module.training for module in model.modules())
    assert not any(MODE_SET in module.__dict__ for module in model.modules())


def test_a_program_s_layer_that_reads_its_own_mode_is_switched_to_inference() -> None:
    model = Sequential([Dense(2, input_shape=(3,), kernel_initializer="ones"), _ReadsItsMode()])
    x = np.ones((4, 3), dtype="float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), np.full((4, 2), 3.0, np.float32))
    assert model.layers[1].training  # put back


def test_a_dropout_given_training_none_by_a_program_s_model_is_switched_to_inference() -> None:
    torch.manual_seed(0)
    model = _PassesNone()
    x = np.ones((16, 3), dtype="float32")  # one batch: predict's one-call road
    np.testing.assert_array_equal(model.predict(x, verbose=0), np.full((16, 2), 3.0, np.float32))
    assert model.drop.training
