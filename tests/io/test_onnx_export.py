"""`export_onnx`: ONNX Runtime stepping the exported graph chunk by chunk matches statefulrnn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Bidirectional, Dense, Input, Model, Sequential, SimpleRNN
from statefulrnn.io import export_onnx

ort = pytest.importorskip("onnxruntime")

ATOL = 1e-5
BATCH, FEATURES = 3, 4
SHAPE = (BATCH, None, FEATURES)
CHUNKS = [(0, 1), (1, 6), (6, 13), (13, 20)]


def _randomize_biases(model: torch.nn.Module) -> None:
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "bias" in name:
                parameter.uniform_(-0.5, 0.5)


def _stream(path: Path, x: np.ndarray, states: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Run ``x`` through the ONNX graph in CHUNKS, feeding state_out back as state_in."""
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    outputs = []
    for start, stop in CHUNKS:
        feed = {"x": x[:, start:stop], **{f"state_in_{i}": s for i, s in enumerate(states)}}
        output, *states = session.run(None, feed)
        outputs.append(output)
    return np.concatenate(outputs, axis=1), states


def _chunked(model: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return torch.cat([model(torch.from_numpy(x[:, a:b])) for a, b in CHUNKS], dim=1).numpy()


MODELS = {
    "gru": lambda: [GRU(5, return_sequences=True, stateful=True, batch_input_shape=SHAPE)],
    "lstm": lambda: [LSTM(5, return_sequences=True, stateful=True, batch_input_shape=SHAPE)],
    "simple_rnn_relu": lambda: [
        SimpleRNN(5, activation="relu", return_sequences=True, stateful=True, batch_input_shape=SHAPE)
    ],
    "lstm_gru_dense": lambda: [
        LSTM(6, return_sequences=True, stateful=True, batch_input_shape=SHAPE),
        GRU(5, return_sequences=True, stateful=True),
        Dense(2),
    ],
    "no_bias": lambda: [
        GRU(5, use_bias=False, return_sequences=True, stateful=True, batch_input_shape=SHAPE),
        LSTM(4, use_bias=False, return_sequences=True, stateful=True),
    ],
}


@pytest.mark.parametrize("kind", list(MODELS))
def test_streamed_onnx_equals_chunked_statefulrnn(kind: str, tmp_path: Path):
    torch.manual_seed(0)
    model = Sequential(MODELS[kind]())
    _randomize_biases(model)
    path = tmp_path / "model.onnx"
    names = export_onnx(model, path)
    sizes = [tuple(s.shape) for states in model.get_states().values() for s in states]
    assert names["inputs"] == ["x", *[f"state_in_{i}" for i in range(len(sizes))]]
    assert names["outputs"] == ["output_0", *[f"state_out_{i}" for i in range(len(sizes))]]

    x = np.random.default_rng(0).normal(size=(BATCH, 20, FEATURES)).astype(np.float32)
    zeros = [np.zeros(size, np.float32) for size in sizes]
    got, final = _stream(path, x, zeros)
    expected = _chunked(model, x)
    np.testing.assert_allclose(got, expected, atol=ATOL, rtol=0)
    ours = [s.numpy() for states in model.get_states().values() for s in states]
    for a, b in zip(final, ours):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)


def test_export_leaves_the_models_states_alone(tmp_path: Path):
    model = Sequential([LSTM(3, stateful=True, batch_input_shape=(2, None, 2))])
    with torch.no_grad():
        model(torch.randn(2, 4, 2))
    before = model.get_states()
    export_onnx(model, tmp_path / "m.onnx")
    for key, values in model.get_states().items():
        for a, b in zip(values, before[key]):
            torch.testing.assert_close(a, b, atol=0, rtol=0)


def test_batch_axis_is_dynamic_and_start_state_is_honoured(tmp_path: Path):
    torch.manual_seed(1)
    model = Sequential([GRU(4, stateful=True, batch_input_shape=(2, None, 3))])
    path = tmp_path / "gru.onnx"
    export_onnx(model, path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(1).normal(size=(5, 7, 3)).astype(np.float32)
    h0 = np.random.default_rng(2).normal(size=(5, 4)).astype(np.float32)
    output, h = session.run(None, {"x": x, "state_in_0": h0})
    other = Sequential([GRU(4, input_shape=(None, 3))])  # batch 5, explicit start state
    other.set_weights(model.get_weights())
    with torch.no_grad():
        expected = other.layers[0](torch.from_numpy(x), initial_state=[torch.from_numpy(h0)])
    np.testing.assert_allclose(output, expected.numpy(), atol=ATOL, rtol=0)
    np.testing.assert_allclose(h, expected.numpy(), atol=ATOL, rtol=0)  # last output == final h


def test_functional_model_with_last_output(tmp_path: Path):
    torch.manual_seed(2)
    inputs = Input(batch_shape=(BATCH, None, FEATURES))
    hidden = LSTM(5, return_sequences=True, stateful=True)(inputs)
    outputs = Dense(1)(GRU(3, stateful=True)(hidden))
    model = Model(inputs, outputs)
    path = tmp_path / "functional.onnx"
    export_onnx(model, path)
    x = np.random.default_rng(3).normal(size=(BATCH, 20, FEATURES)).astype(np.float32)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    states = [np.zeros((BATCH, 5), np.float32)] * 2 + [np.zeros((BATCH, 3), np.float32)]
    for start, stop in CHUNKS:
        feed = {"x": x[:, start:stop], **{f"state_in_{i}": s for i, s in enumerate(states)}}
        got, *states = session.run(None, feed)
        with torch.no_grad():
            expected = model(torch.from_numpy(x[:, start:stop])).numpy()
        np.testing.assert_allclose(got, expected, atol=ATOL, rtol=0)


def test_bidirectional(tmp_path: Path):
    torch.manual_seed(3)
    model = Sequential([Bidirectional(GRU(4, return_sequences=True), input_shape=(None, FEATURES)), Dense(2)])
    _randomize_biases(model)
    path = tmp_path / "bidirectional.onnx"
    assert export_onnx(model, path) == {"inputs": ["x"], "outputs": ["output_0"]}
    x = np.random.default_rng(4).normal(size=(2, 9, FEATURES)).astype(np.float32)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"x": x})
    with torch.no_grad():
        np.testing.assert_allclose(got, model(torch.from_numpy(x)).numpy(), atol=ATOL, rtol=0)


@pytest.mark.parametrize(
    "layer",
    [
        lambda: GRU(3, reset_after=False, stateful=True, batch_input_shape=(2, None, 2)),
        lambda: LSTM(3, activation="relu", stateful=True, batch_input_shape=(2, None, 2)),
    ],
)
def test_refuses_layers_without_a_fused_kernel(layer, tmp_path: Path):
    with pytest.raises(ValueError, match="fixed number of time steps"):
        export_onnx(Sequential([layer()]), tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


def test_refuses_a_mask_and_the_model_without_it_fed_only_real_steps_gives_the_masked_outputs(
    tmp_path: Path,
):
    """A traced Masking would keep its example's mask (the graph was 0.17 off on padded input),
    so the export is refused; what the message advises gives the masked model's numbers."""
    from statefulrnn.layers import Masking

    torch.manual_seed(4)
    masked = Sequential(
        [
            Input(batch_shape=(1, None, FEATURES)),
            Masking(0.0, name="pad"),
            GRU(5, stateful=True, return_sequences=True),
        ]
    )
    with pytest.raises(ValueError, match=r"Layer 'pad' \(Masking\) makes a mask, and ONNX's recurrent ops"):
        export_onnx(masked, tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()
    plain = Sequential([Input(batch_shape=(1, None, FEATURES)), GRU(5, stateful=True, return_sequences=True)])
    plain.set_weights(masked.get_weights())
    export_onnx(plain, tmp_path / "plain.onnx")
    session = ort.InferenceSession(str(tmp_path / "plain.onnx"))
    x = np.random.default_rng(4).normal(size=(1, 9, FEATURES)).astype(np.float32)
    x[0, [3, 4, 7]] = 0.0
    h, outputs = np.zeros((1, 5), np.float32), []
    for step in range(9):
        if x[0, step].any():  # a real step runs; a padded one repeats the last output
            y, h = session.run(None, {"x": x[:, step : step + 1], "state_in_0": h})
        outputs.append(y[0, -1])
    with torch.no_grad():
        np.testing.assert_allclose(np.stack(outputs), masked(torch.from_numpy(x))[0].numpy(), atol=ATOL)


def test_refuses_an_unbuilt_model(tmp_path: Path):
    with pytest.raises(ValueError, match="built model"):
        export_onnx(Sequential([GRU(3)]), tmp_path / "m.onnx")
