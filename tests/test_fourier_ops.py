"""`statefulrnn.ops`' Fourier transforms (``fft``, ``fft2``, ``ifft2``, ``rfft``, ``irfft``,
``stft``, ``istft``) against Keras 3 on TensorFlow (tests/fixtures/audio, made by
``tools/keras_fixtures/audio.py``), replayed on tensors and on numpy arrays; their errors; and
the ops on a functional model's symbolic tensors, in a Keras file both ways."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import ops
from tests.fixture_scripts import fixture_script
from tests.keras_python import needs_keras, run_in_keras

FIXTURE = np.load(Path(__file__).resolve().parent / "fixtures" / "audio" / "values.npz")
CASES = json.loads(str(FIXTURE["cases"]))
INPUTS = {name[3:]: FIXTURE[name] for name in FIXTURE.files if name.startswith("in_")}
SCRIPT = fixture_script("audio")
TORCH_ISTFT = fixture_script("istft_torch")
# Keras 3's torch backend runs torch.istft for these: its numbers are the truth there (our
# backend() is "torch"), in tests/fixtures/istft_torch; TensorFlow's for every other case.
ON_TORCH = [item for item in CASES if TORCH_ISTFT.runs_torch_istft(item)]
ON_TENSORFLOW = [item for item in CASES if not TORCH_ISTFT.runs_torch_istft(item)]
TORCH_FIXTURE = np.load(Path(__file__).resolve().parent / "fixtures" / "istft_torch" / "values.npz")


@pytest.mark.parametrize("given", ["tensors", "arrays"])
@pytest.mark.parametrize("item", ON_TENSORFLOW, ids=[item["id"] for item in ON_TENSORFLOW])
def test_fourier_op_matches_keras(item: dict, given: str) -> None:
    arrays = (
        {name: torch.from_numpy(value) for name, value in INPUTS.items()} if given == "tensors" else INPUTS
    )
    result = SCRIPT.call(ops, item, arrays)
    parts = result if isinstance(result, tuple) else (result,)
    for k, part in enumerate(parts):
        expected = FIXTURE[f"out_{item['id']}_{k}"]
        assert part.dtype == torch.from_numpy(expected).dtype
        np.testing.assert_allclose(part.numpy(), expected, rtol=1e-5, atol=1e-5, err_msg=f"output {k}")


@pytest.mark.parametrize("item", ON_TORCH, ids=[item["id"] for item in ON_TORCH])
def test_istft_of_whole_centred_frames_matches_keras_on_torch(item: dict) -> None:
    got = SCRIPT.call(ops, item, INPUTS)
    np.testing.assert_allclose(got.numpy(), TORCH_FIXTURE[f"out_{item['id']}"], rtol=1e-5, atol=1e-5)
    assert len(ON_TORCH) == len(TORCH_FIXTURE.files) == 2


def test_istft_of_whole_centred_frames_is_exact_at_the_ends() -> None:
    """keras.io's vocal-track separation: stft then istft gives the signal back, its first and
    last samples too (TensorFlow's formula loses up to 0.42 of them there)."""
    signal = torch.randn(3, 240, generator=torch.Generator().manual_seed(1))
    back = ops.istft(ops.stft(signal, 64, 16, 64), 64, 16, 64, length=240)
    torch.testing.assert_close(back, signal, rtol=0, atol=2e-6)


def test_istft_inverts_stft_and_float64_stays_float64() -> None:
    signal = torch.randn(2, 50, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    for window in ("hann", "hamming"):
        spectrum = ops.stft(signal, 16, 4, 16, window=window)
        assert spectrum[0].dtype == torch.float64
        back = ops.istft(spectrum, 16, 4, 16, length=50, window=window)
        # exact where every overlapping frame is there (tf.signal's window sums assume them)
        torch.testing.assert_close(back[:, 4:-8], signal[:, 4:-8])
    assert ops.rfft(signal)[0].dtype == torch.float64  # as Keras's for a float64 tensor


def test_fourier_ops_refuse_what_keras_refuses() -> None:
    x = torch.ones(4)
    with pytest.raises(ValueError, match="tuple of two tensors, the real and imaginary parts"):
        ops.fft(x)
    with pytest.raises(
        ValueError, match=r"same shape. Received: x\[0\].shape = \(4,\), x\[1\].shape = \(3,\)"
    ):
        ops.fft((x, torch.ones(3)))
    with pytest.raises(ValueError, match=r"must be float32 or float64\. Received: torch\.int32"):
        ops.irfft((torch.ones(3, dtype=torch.int32), torch.ones(3, dtype=torch.int32)))
    with pytest.raises(
        TypeError, match=r"Expected `float32` or `float64`\. Received: input type=torch\.int32"
    ):
        ops.stft(torch.ones(20, dtype=torch.int32), 4, 2, 4)
    with pytest.raises(ValueError, match=r"positive integer\. Received: sequence_stride=0"):
        ops.stft(torch.ones(20), 4, 0, 4)
    with pytest.raises(ValueError, match="Received: sequence_length=8, fft_length=4"):
        ops.stft(torch.ones(20), 8, 2, 4)
    with pytest.raises(ValueError, match=r"`\"hamming\"`\. Received: window='blackman'"):
        ops.stft(torch.ones(20), 4, 2, 4, window="blackman")
    with pytest.raises(
        ValueError, match=r"shape of `window` must be equal to \[4\]. Received: window shape \[3\]"
    ):
        ops.istft((torch.ones(3, 3), torch.ones(3, 3)), 4, 2, 4, window=[1.0, 1.0, 1.0])
    with pytest.raises(
        ValueError, match="pads 8 samples by reflection on each side, which needs more than 8"
    ):
        ops.stft(torch.ones(8), 16, 4, 16)
    assert ops.stft(torch.ones(10), 16, 4, 16, center=False)[0].shape == (0, 9)  # no whole frame


def _spectral_model(api: object) -> object:
    inputs = api.Input((40,))
    real, imag = api.ops.stft(inputs, 16, 4, 16, window="hamming")
    return api.Model(inputs, api.ops.irfft((real, imag), 16))


def test_fourier_ops_on_symbolic_tensors_record_keras_s_operations(tmp_path: Path) -> None:
    model = _spectral_model(statefulrnn)
    x = torch.from_numpy(INPUTS["a"])
    expected = ops.irfft(ops.stft(x, 16, 4, 16, window="hamming"), 16)
    assert model.output.shape == (None, 11, 16)
    torch.testing.assert_close(model(x), expected)
    model.save(tmp_path / "model.keras")
    torch.testing.assert_close(statefulrnn.saving.load_model(tmp_path / "model.keras")(x), expected)


@needs_keras
def test_keras_loads_our_file_of_fourier_ops(tmp_path: Path) -> None:
    model = _spectral_model(statefulrnn)
    model.save(tmp_path / "model.keras")
    x = INPUTS["a"]
    np.save(tmp_path / "x.npy", x)
    script = (
        "import sys, numpy as np, keras\n"
        "model = keras.saving.load_model(sys.argv[1])\n"
        "np.save(sys.argv[2], np.asarray(model(np.load(sys.argv[3]))))\n"
    )
    run_in_keras(
        tmp_path, script, str(tmp_path / "model.keras"), str(tmp_path / "y.npy"), str(tmp_path / "x.npy")
    )
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), model(x).detach().numpy(), atol=1e-5)
