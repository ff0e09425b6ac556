"""Models on each available device (the CPU always; CUDA and MPS where present): data given on
the CPU follows the model's device one batch at a time, outputs come back to the CPU as numpy,
and states stay on the model's device."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Sequential, optimizers

DEVICES = ["cpu"]
if torch.cuda.is_available():
    DEVICES.append("cuda")
if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
    DEVICES.append("mps")

RNG = np.random.default_rng(0)
X = RNG.normal(size=(4, 6, 3)).astype(np.float32)
Y = RNG.normal(size=(4, 6, 1)).astype(np.float32)


def _model(device: str) -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [GRU(5, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3)), Dense(1)]
    ).to(device)
    model.compile(optimizer=optimizers.Adam(), loss="mse")
    return model


def _state_devices(model: Sequential) -> set[str]:
    return {tensor.device.type for tensors in model.get_states().values() for tensor in tensors}


@pytest.mark.parametrize("device", DEVICES)
def test_fit_evaluate_predict_on_the_models_device(device: str) -> None:
    model = _model(device)
    history = model.fit(X, Y, batch_size=2, chunk_length=3, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert _state_devices(model) == {device}
    model.reset_states()
    loss = model.evaluate(X, Y, batch_size=2, verbose=0)
    model.reset_states()
    predicted = model.predict(X, batch_size=2, verbose=0)
    assert isinstance(predicted, np.ndarray) and predicted.shape == (4, 6, 1)
    np.testing.assert_allclose(loss, np.mean((predicted - Y) ** 2), rtol=1e-5)
    assert {p.device.type for p in model.parameters()} == {device}


@pytest.mark.parametrize("device", DEVICES)
def test_a_copy_at_another_batch_size_stays_on_the_device(device: str) -> None:
    model = _model(device)
    model.predict(X[:2], batch_size=2, verbose=0)
    single = model.with_batch_size(1)
    assert _state_devices(single) == {device}
    assert single.predict(X[:1], verbose=0).shape == (1, 6, 1)


@pytest.mark.parametrize("device", DEVICES)
def test_a_cpu_model_and_the_same_on_the_device_agree(device: str) -> None:
    reference, placed = _model("cpu"), _model(device)
    np.testing.assert_allclose(
        placed.predict(X, batch_size=2, verbose=0), reference.predict(X, batch_size=2, verbose=0), atol=1e-5
    )
