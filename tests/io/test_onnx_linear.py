"""`export_onnx` of the linear recurrences (`MinGRU`, `MinLSTM`, `LRU`): their sequential form, a
loop over a dynamic number of steps with the states as inputs and outputs (the LRU's complex
state as its real and imaginary parts), run by ONNX Runtime against the layers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import Dense, Sequential
from statefulrnn.io import export_onnx
from statefulrnn.layers import LRU, MinGRU, MinLSTM

from .test_onnx_export import ATOL, BATCH, FEATURES, SHAPE, _chunked, _randomize_biases, _stream

ort = pytest.importorskip("onnxruntime")

MODELS = {
    "min_gru": lambda: [MinGRU(5, return_sequences=True, stateful=True, batch_input_shape=SHAPE)],
    "min_lstm": lambda: [MinLSTM(5, return_sequences=True, stateful=True, batch_input_shape=SHAPE)],
    "lru": lambda: [
        LRU(5, state_size=6, r_min=0.5, return_sequences=True, stateful=True, batch_input_shape=SHAPE)
    ],
    "lru_min_gru_dense": lambda: [
        LRU(4, r_min=0.9, return_sequences=True, stateful=True, batch_input_shape=SHAPE),
        MinGRU(3, return_sequences=True, stateful=True),
        Dense(2),
    ],
}


def _states(model: torch.nn.Module) -> list[np.ndarray]:
    return [s.numpy() for states in model.get_states().values() for s in states]


@pytest.mark.parametrize("kind", list(MODELS))
def test_streamed_onnx_equals_chunked_layers(kind: str, tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = Sequential(MODELS[kind]())
    _randomize_biases(model)
    path = tmp_path / "model.onnx"
    names = export_onnx(model, path)
    count = len(_states(model))
    assert names["inputs"] == ["x", *[f"state_in_{i}" for i in range(count)]]

    x = np.random.default_rng(0).normal(size=(BATCH, 20, FEATURES)).astype(np.float32)
    got, final = _stream(path, x, [np.zeros_like(s) for s in _states(model)])
    np.testing.assert_allclose(got, _chunked(model, x), atol=ATOL, rtol=0)
    for a, b in zip(final, _states(model), strict=True):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)


def test_a_long_chunk_from_a_carried_state_matches_the_scan(tmp_path: Path) -> None:
    """150 steps (the layer runs its blocked scan) from a nonzero state: the graph's loop is not
    fixed to the example's length, and it starts from the state it is given."""
    torch.manual_seed(0)
    model = Sequential(MODELS["lru_min_gru_dense"]())
    path = tmp_path / "model.onnx"
    export_onnx(model, path)
    rng = np.random.default_rng(1)
    warm, x = (rng.normal(size=(BATCH, steps, FEATURES)).astype(np.float32) for steps in (7, 150))
    with torch.no_grad():
        model(torch.from_numpy(warm))
        start = _states(model)
        expected = model(torch.from_numpy(x)).numpy()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    output, *final = session.run(None, {"x": x, **{f"state_in_{i}": s for i, s in enumerate(start)}})
    np.testing.assert_allclose(output, expected, atol=ATOL, rtol=0)
    for a, b in zip(final, _states(model), strict=True):
        np.testing.assert_allclose(a, b, atol=ATOL, rtol=0)
