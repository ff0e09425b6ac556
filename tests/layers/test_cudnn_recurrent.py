"""Keras 2's `CuDNNLSTM` and `CuDNNGRU`: their numbers (tests/fixtures/cudnn_recurrent, made by
tools/keras_fixtures/cudnn_recurrent.py through tf-keras's LSTM and GRU on the mapped weights),
on every kernel, a tf-keras .h5 file holding them, and training: the two biases are two weights,
as a hand-written two-bias LSTM with Keras's Adam shows."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import Dense, Input, Sequential, optimizers, use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import LSTM, CuDNNGRU, CuDNNLSTM, Masking, fused
from statefulrnn.layers.cudnn_recurrent import CuDNNGRU as OldPathGRU

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cudnn_recurrent"

# Each kernel a CuDNN layer's call may run on, forced: the per-step loop, PyTorch's fused
# kernel, the compiled kernel and compiled gates (numba, where installed).
KERNELS = ["per-step", "pytorch", "compiled", "gates"]


def _switches(kernel: str, monkeypatch: pytest.MonkeyPatch):
    if kernel == "per-step":
        return use_fused_kernels(False)
    if kernel == "pytorch":
        return use_compiled_kernels(False)
    pytest.importorskip("numba")
    if kernel == "gates":  # the rule gives them large batches only: here every call
        monkeypatch.setattr(fused, "prefers_compiled", lambda *size: False)
        monkeypatch.setattr(fused, "prefers_compiled_gates", lambda *size: True)
        return contextlib.nullcontext()
    return use_compiled_kernels(True)


def _close(got: torch.Tensor, want: np.ndarray) -> None:
    np.testing.assert_allclose(got.detach().numpy(), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kernel", KERNELS)
def test_both_layers_compute_keras_s_formulas_on_every_kernel(kernel: str, monkeypatch) -> None:
    case = np.load(FIXTURES / "forward.npz")
    lstm = CuDNNLSTM(4, return_sequences=True, return_state=True)
    gru = CuDNNGRU(3, go_backwards=True, return_sequences=True)
    x = torch.from_numpy(case["x"])
    lstm.build(x.shape)
    lstm.set_weights([case[f"lstm_{i}"] for i in range(3)])
    gru.build((2, 6, 4))
    gru.set_weights([case[f"gru_{i}"] for i in range(3)])
    with _switches(kernel, monkeypatch), torch.no_grad():
        y, h, c = lstm(x)
        gru_y = gru(y)
    for got, key in ((y, "lstm_y"), (h, "lstm_h"), (c, "lstm_c"), (gru_y, "gru_y")):
        _close(got, case[key])
    # PyTorch's kernels compute them (the other kernels follow them), not only the per-step loop.
    assert fused.cell_function(lstm.cell) == (torch.lstm_cell, True)
    assert fused.cell_function(gru.cell) == (torch.gru_cell, False)


def test_weights_are_keras_2_s_layout_and_initial_values() -> None:
    lstm, gru = (
        CuDNNLSTM(2, input_shape=(None, 3)),
        CuDNNGRU(2, input_shape=(None, 3), bias_initializer="ones"),
    )
    assert [w.shape for w in lstm.get_weights()] == [(3, 8), (2, 8), (16,)]
    assert [w.shape for w in gru.get_weights()] == [(3, 6), (2, 6), (12,)]
    # unit_forget_bias: the recurrent forget-gate bias (5u:6u) starts at 1, all else at 0.
    np.testing.assert_array_equal(lstm.get_weights()[2], [0] * 10 + [1] * 2 + [0] * 4)
    np.testing.assert_array_equal(gru.get_weights()[2], np.ones(12))
    bias = np.arange(16, dtype=np.float32)
    lstm.set_weights([*lstm.get_weights()[:2], bias])
    np.testing.assert_array_equal(lstm.get_weights()[2], bias)
    torch.testing.assert_close(lstm.cell.bias_hh.detach(), torch.arange(8.0, 16.0))
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]


def test_a_tf_keras_h5_model_with_both_layers_loads_and_runs() -> None:
    case = np.load(FIXTURES / "forward.npz")
    model = statefulrnn.load_model(FIXTURES / "cudnn_model.h5")
    assert [type(layer) for layer in model.layers[-2:]] == [CuDNNLSTM, CuDNNGRU]
    for got, key in zip(model.get_weights(), ["lstm_0", "lstm_1", "lstm_2", "gru_0", "gru_1", "gru_2"]):
        np.testing.assert_array_equal(got, case[key])
    np.testing.assert_allclose(model.predict(case["x"], verbose=0), case["model_y"], rtol=1e-5, atol=1e-6)


def test_config_round_trip_and_keras_2_module_path() -> None:
    layer = CuDNNLSTM(
        3, unit_forget_bias=False, go_backwards=True, stateful=True, batch_input_shape=(2, None, 1)
    )
    config = layer.get_config()
    assert (config["units"], config["unit_forget_bias"], config["time_major"]) == (3, False, False)
    assert CuDNNLSTM.from_config(config).get_config() == config
    assert OldPathGRU is CuDNNGRU
    assert (layer.units, layer.unit_forget_bias) == (3, False)


def test_time_major_and_masks_are_refused() -> None:
    with pytest.raises(ValueError, match="batch-major"):
        CuDNNGRU(2, time_major=True)
    model = Sequential([Input(shape=(3, 2)), Masking(), CuDNNLSTM(2)])
    with pytest.raises(ValueError, match="Masking is not supported for CuDNN RNNs"):
        model.predict(np.zeros((1, 3, 2), np.float32), verbose=0)


def _keras_adam_step(params: list[torch.Tensor], slots: list, step: int, lr: float) -> None:
    """Keras's Adam (epsilon 1e-7 added to sqrt(v) before the bias correction)."""
    alpha = lr * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
    with torch.no_grad():
        for p, (m, v) in zip(params, slots):
            m.add_((p.grad - m) * 0.1)
            v.add_((p.grad * p.grad - v) * 0.001)
            p.sub_(m * alpha / (v.sqrt() + 1e-7))
            p.grad = None


def _reference_fit(weights: list[np.ndarray], x: np.ndarray, y: np.ndarray, epochs: int, lr: float):
    """A two-bias LSTM and a Dense written out in torch, trained full-batch with Keras's Adam."""
    kernel, recurrent_kernel, bias, dense_kernel, dense_bias = (
        torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in weights
    )
    params = [kernel, recurrent_kernel, bias, dense_kernel, dense_bias]
    slots = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    inputs, targets = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    units = recurrent_kernel.shape[0]
    for step in range(1, epochs + 1):
        h = c = inputs.new_zeros(len(inputs), units)
        for t in range(inputs.shape[1]):
            z = inputs[:, t] @ kernel + bias[: 4 * units] + h @ recurrent_kernel + bias[4 * units :]
            i, f, g, o = z.split(units, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        torch.mean((h @ dense_kernel + dense_bias - targets) ** 2).backward()
        _keras_adam_step(params, slots, step, lr)
    return [p.detach().numpy() for p in params]


def test_adam_moves_the_two_biases_apart_from_their_sum() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(8, 5, 2)).astype(np.float32)
    y = rng.normal(size=(8, 1)).astype(np.float32)
    weights = [
        rng.normal(scale=0.5, size=s).astype(np.float32) for s in [(2, 12), (3, 12), (24,), (3, 1), (1,)]
    ]

    def fit(recurrent: type, layer_weights: list[np.ndarray]) -> Sequential:
        model = Sequential([Input(shape=(5, 2)), recurrent(3), Dense(1)])
        model.set_weights([*layer_weights, *weights[3:]])
        model.compile(optimizer=optimizers.Adam(0.05), loss="mse")
        model.fit(x, y, batch_size=8, epochs=6, shuffle=False, verbose=0)
        return model

    cudnn = fit(CuDNNLSTM, weights[:3])
    summed = fit(LSTM, [*weights[:2], weights[2][:12] + weights[2][12:]])
    for got, want in zip(cudnn.get_weights(), _reference_fit(weights, x, y, epochs=6, lr=0.05)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    # The same function at the start, but Adam steps each bias by its own moments.
    assert np.abs(cudnn.get_weights()[0] - summed.get_weights()[0]).max() > 1e-3
