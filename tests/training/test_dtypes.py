"""A float64 model gets its data in float64: fit, evaluate and predict keep the model's dtype
instead of rounding inputs and targets to float32 on the way in."""

from __future__ import annotations

import numpy as np
import torch

from statefulrnn import LSTM, Dense, Sequential, optimizers
from statefulrnn.models import load_model
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


def test_files_keep_float64_weights_and_optimizer_state(tmp_path) -> None:
    model = _model()
    model.compile(optimizer=optimizers.Adam(), loss="mse")
    model.train_on_batch(X, Y)
    weights_before = model.get_weights()
    model.save(tmp_path / "model.safetensors", include_states=True, include_optimizer=True)
    model.save_weights(tmp_path / "model.weights.safetensors")
    loaded = load_model(tmp_path / "model.safetensors")
    other = _model()
    other.load_weights(tmp_path / "model.weights.safetensors")
    for expected, from_model_file, from_weights_file in zip(
        weights_before, loaded.get_weights(), other.get_weights()
    ):
        assert from_model_file.dtype == from_weights_file.dtype == np.float64
        np.testing.assert_array_equal(from_model_file, expected)
        np.testing.assert_array_equal(from_weights_file, expected)
    # Training on from the file goes exactly as training on in memory (optimizer state kept).
    assert loaded.train_on_batch(X, Y) == model.train_on_batch(X, Y)
    for ours, theirs in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
