"""A float64 model gets its data in float64: fit, evaluate and predict keep the model's dtype
instead of rounding inputs and targets to float32 on the way in."""

from __future__ import annotations

import numpy as np
import torch

from statefulrnn import LSTM, Dense, Sequential, optimizers
from statefulrnn.training.data import placement

# Values float32 cannot hold: rounding them would change every output in the 8th digit.
RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 6, 3)) * (1 + 1e-12)
Y = RNG.normal(size=(2, 6, 1))


def _model() -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            LSTM(4, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3), dtype="float64"),
            Dense(1, dtype="float64"),
        ]
    )
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
    return model


def test_placement_is_the_parameters_or_the_declared_dtype() -> None:
    model = _model()
    assert placement(model) == (torch.float64, torch.device("cpu"))
    assert placement(Dense(2))[0] == torch.float32  # not built: its declared dtype
    assert placement(Dense(2, dtype="float64"))[0] == torch.float64


def test_predict_and_evaluate_compute_in_float64() -> None:
    model = _model()
    with torch.no_grad():
        expected = model(torch.from_numpy(X)).numpy()
    model.reset_states()
    predicted = model.predict(X, verbose=0)
    assert predicted.dtype == np.float64
    np.testing.assert_array_equal(predicted, expected)
    model.reset_states()
    loss = model.evaluate(X, Y, verbose=0)
    np.testing.assert_allclose(loss, np.mean((expected - Y) ** 2), rtol=1e-14)


def test_a_training_step_matches_a_float64_loop() -> None:
    model, reference = _model(), _model()
    model.train_on_batch(X, Y)
    # The same step by hand, all in float64.
    loss = torch.nn.functional.mse_loss(reference(torch.from_numpy(X)), torch.from_numpy(Y))
    loss.backward()
    with torch.no_grad():
        for parameter in reference.parameters():
            parameter -= 0.1 * parameter.grad
    for ours, theirs in zip(model.parameters(), reference.parameters()):
        assert ours.dtype == torch.float64
        torch.testing.assert_close(ours, theirs, rtol=1e-13, atol=1e-15)
