"""predict and evaluate run every module in inference mode and give each its own mode back."""

from __future__ import annotations

import numpy as np

from statefulrnn.layers import Dense, Dropout
from statefulrnn.models import Sequential


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
