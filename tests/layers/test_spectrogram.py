"""Keras 3's ``STFTSpectrogram`` and ``MelSpectrogram`` against Keras on TensorFlow
(tests/fixtures/audio, made by ``tools/keras_fixtures/audio.py``): every mode, window, scaling,
padding and layout; the kernels as Keras initialises them; the mel filters, decibels and their
options; Keras files both ways; why and how chunked calls and stream pools refuse them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from statefulrnn.models.step_flags import check_honoured, mixes_steps
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_error_of_saved, needs_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("audio")


@pytest.mark.filterwarnings("ignore:`fft_length` is recommended")
@pytest.mark.parametrize("index", range(len(SCRIPT.STFT_CASES)))
def test_stft_spectrogram_equals_keras(index: int) -> None:
    arguments = SCRIPT.STFT_CASES[index]
    layer = layers.STFTSpectrogram(**arguments)
    x = SCRIPT.stft_input(STORED["stft_x"], arguments)
    got = layer(x).detach().numpy()
    expected = STORED[f"stft_{index}"]
    assert layer.compute_output_shape((None, *x.shape[1:])) == (None, *expected.shape[1:])
    # float32 sums of frame_length products: 1e-5 of the largest value
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5 * max(1.0, np.abs(expected).max()))
    # the kernels Keras initialises, in Keras's order (real, imag; one of them for those modes)
    kernels = [STORED[key] for key in sorted(STORED.files) if key.startswith(f"stft_{index}_kernel_")]
    for weight, kernel in zip(layer.get_weights(), kernels, strict=True):
        np.testing.assert_allclose(weight, kernel, rtol=0, atol=1e-7)


@pytest.mark.parametrize("index", range(len(SCRIPT.MEL_CASES)))
def test_mel_spectrogram_equals_keras(index: int) -> None:
    signal, arguments = SCRIPT.mel_input(STORED["mel_x"], SCRIPT.MEL_CASES[index])
    layer = layers.MelSpectrogram(**arguments)
    got = layer(signal).numpy()
    expected = STORED[f"mel_{index}"]
    assert got.shape == expected.shape == layer.compute_output_shape(signal.shape)
    # float32 FFTs (pocketfft's, TensorFlow's) differ in the last bits: 1e-5 of the largest value
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5 * np.abs(expected).max())
    assert layers.MelSpectrogram.from_config(layer.get_config()).get_config() == layer.get_config()


def test_configs_are_keras_s_and_round_trip() -> None:
    layer = layers.STFTSpectrogram(
        mode="psd", frame_length=12, window=[0.5] * 12, data_format="channels_first"
    )
    config = layer.get_config()
    kept = {key: config[key] for key in ("mode", "frame_step", "fft_length", "window", "data_format")}
    assert kept == {
        "mode": "psd", "frame_step": None, "fft_length": None, "window": [0.5] * 12,
        "data_format": "channels_first",
    }  # fmt: skip
    assert layers.STFTSpectrogram.from_config(config).get_config() == config
    mel = layers.MelSpectrogram(fft_length=256, sampling_rate=8000).get_config()
    assert (mel["sequence_length"], mel["max_freq"]) == (256, 4000)  # resolved, as Keras writes them


def test_keras_files_load_here_and_ours_keep_them(tmp_path: Path) -> None:
    for name, key in (("stft_model", "model"), ("mel_model", "mel_model")):
        model = statefulrnn.saving.load_model(FIXTURE / f"{name}.keras")
        predicted = STORED[f"{key}_predicted"]
        scale = max(1.0, np.abs(predicted).max())
        np.testing.assert_allclose(
            model.predict(STORED[f"{key}_x"], verbose=0), predicted, rtol=0, atol=1e-5 * scale
        )
        assert_predicts_and_keeps(
            model, STORED[f"{key}_x"], model.predict(STORED[f"{key}_x"], verbose=0), tmp_path
        )


@needs_keras
@pytest.mark.parametrize("which", [0, 1], ids=["stft", "mel"])
def test_keras_loads_our_files_of_them(which: int, tmp_path: Path) -> None:
    # Keras's STFTSpectrogram makes its kernels with scipy: the README's Keras venv installs it.
    model = SCRIPT.build_models(statefulrnn)[which]
    x = np.random.default_rng(3).normal(size=(2, *model.input_shape[1:])).astype(np.float32)
    assert keras_error_of_saved(model, x, tmp_path) < 1e-4


def test_the_kernels_train() -> None:
    layer = layers.STFTSpectrogram(mode="magnitude", frame_length=8, frame_step=4)
    layer(torch.randn(2, 32, 1)).sum().backward()
    assert all(weight.grad is not None and weight.grad.abs().sum() > 0 for weight in layer.trainable_weights)


def test_symbolic_shapes() -> None:
    inputs = statefulrnn.Input((None, 2))
    assert layers.STFTSpectrogram(frame_length=16, frame_step=4)(inputs).shape == (None, None, 2 * 9)
    fixed = statefulrnn.Input((100, 2))
    expanded = layers.STFTSpectrogram(frame_length=16, frame_step=4, padding="same", expand_dims=True)
    assert expanded(fixed).shape == (None, 25, 9, 2)
    # the frames the call gives (Keras 3.15's compute_output_shape says 26 for 99 samples)
    mel = layers.MelSpectrogram(fft_length=64, sequence_stride=4, num_mel_bins=5)
    assert mel(statefulrnn.Input((99,))).shape == (None, 5, 25) and mel(torch.randn(1, 99)).shape == (
        1,
        5,
        25,
    )


def test_a_chunked_call_differs_so_chunked_calls_and_stream_pools_refuse_them() -> None:
    stft = layers.STFTSpectrogram(mode="real", frame_length=8, frame_step=4, padding="same")
    signal = torch.randn(1, 32, 1)
    whole = stft(signal)
    chunks = torch.cat([stft(signal[:, :16]), stft(signal[:, 16:])], dim=1)
    assert chunks.shape == whole.shape and not torch.allclose(chunks, whole)  # frames across the cut
    mel = layers.MelSpectrogram(fft_length=16, sequence_stride=4, num_mel_bins=4, name="mel")
    assert mixes_steps(stft) and mixes_steps(mel)
    with pytest.raises(
        ValueError, match=r"Layer 'mel' \(MelSpectrogram\) cannot honour resets=: a new sequence"
    ):
        check_honoured(mel, "resets", torch.tensor([[False, False, True]]))
    model = statefulrnn.Sequential(
        [
            statefulrnn.Input(batch_shape=(1, None, 1)),
            layers.STFTSpectrogram(mode="log", frame_length=8, frame_step=4, name="spectrum"),
            layers.GRU(3, stateful=True),
        ]
    )
    with pytest.raises(ValueError, match=r"Layer 'spectrum' \(STFTSpectrogram\) mixes time steps"):
        statefulrnn.streaming.StreamPool(model)


def test_bad_arguments_and_inputs_are_refused_in_keras_s_words() -> None:
    with pytest.raises(ValueError, match="Output mode is invalid, it must be one of log, magnitude"):
        layers.STFTSpectrogram(mode="power")
    with pytest.raises(ValueError, match="Received frame_step=300, frame_length=256"):
        layers.STFTSpectrogram(frame_step=300)
    with pytest.raises(ValueError, match="Received fft_length=128, frame_length=256"):
        layers.STFTSpectrogram(fft_length=128)
    with pytest.warns(UserWarning, match="recommended to be a power of two. Received fft_length=300"):
        layers.STFTSpectrogram(fft_length=300)
    with pytest.raises(ValueError, match="Scaling is invalid"):
        layers.STFTSpectrogram(scaling="l2")
    with pytest.raises(
        ValueError, match=r"Padding is invalid, it should be 'valid', 'same'\. Received: padding=causal"
    ):
        layers.STFTSpectrogram(padding="causal")
    with pytest.raises(ValueError, match="scipy's other windows: pass their values"):
        layers.STFTSpectrogram(window="kaiser")
    layer = layers.STFTSpectrogram(frame_length=8, window=[1.0] * 7)
    with pytest.raises(
        ValueError, match=r"shape of `window` must be equal to \[8\]. Received: window shape \[7\]"
    ):
        layer(torch.ones(1, 16, 1))
    layer = layers.STFTSpectrogram(frame_length=8, name="spectrum")
    with pytest.raises(
        TypeError, match=r"Expected `float16`, `float32` or `float64`\. Received: input type=torch\.int64"
    ):
        layer(torch.ones(1, 16, 1, dtype=torch.long))
    with pytest.raises(
        ValueError,
        match=r"'spectrum' with padding='valid' needs at least frame_length=8 samples. Received: 5",
    ):
        layer(torch.ones(1, 5, 1))
    with pytest.raises(ValueError, match=r"expects inputs of rank 3, \(N, T, C\). Received: shape \(1, 16\)"):
        layer(torch.ones(1, 16))
    with pytest.raises(ValueError, match="Received: `sequence_length`=300, `fft_length`=256"):
        layers.MelSpectrogram(fft_length=256, sequence_length=300)
    with pytest.raises(ValueError, match="needs a number top_db"):
        layers.MelSpectrogram(top_db=None)
    assert layers.MelSpectrogram(top_db=None, power_to_db=False).top_db is None
    with pytest.raises(ValueError, match=r'one of `"hann"`, `"hamming"`. Received: window=\'blackman\''):
        layers.MelSpectrogram(window="blackman")
