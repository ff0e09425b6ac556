"""Keras 3's Fourier ops (``keras.ops.fft``, ``fft2``, ``ifft2``, ``rfft``, ``irfft``, ``stft``,
``istft``) and its audio layers ``STFTSpectrogram`` and ``MelSpectrogram`` on TensorFlow: what
they compute for each case below, and two ``.keras`` files holding the layers.

Run in the Keras venv, with scipy installed there (Keras's STFTSpectrogram makes its kernels with
it; the README's venv has it):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/audio.py
Writes tests/fixtures/audio/values.npz: ``in_<name>`` (the ops' inputs, `inputs`), a JSON
``cases`` (`OP_CASES`, numbered as ``ops.py`` numbers its cases) with ``out_<id>_<k>`` for each
output; ``stft_x`` and, for each of `STFT_CASES`, ``stft_<i>`` (STFTSpectrogram's output on
``stft_x``, channels first for the cases that say so) and ``stft_<i>_kernel_<k>`` (its kernels
as Keras initialises them); ``mel_x`` and for each of `MEL_CASES` ``mel_<i>`` (the output on
``mel_x``, or on its first row for ``"unbatched"``); ``model_x``, ``model_predicted`` and
``mel_model_x``, ``mel_model_predicted`` (the `build_models` models' predictions), with those
models in stft_model.keras and mel_model.keras.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from _recording import deterministic_weights
from ops import call, case, numbered

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "audio"


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    return {
        "re": normal(2, 3, 8), "im": normal(2, 3, 8), "re5": normal(4, 5), "im5": normal(4, 5),
        "a": normal(2, 40), "b": normal(3, 33), "a64": normal(2, 40).astype(np.float64),
        "sr": normal(2, 9, 9), "si": normal(2, 9, 9), "win": rng.uniform(0.2, 1.0, 12).astype(np.float32),
    }  # fmt: skip


OP_CASES = [
    case("fft", ["@re", "@im"]),
    case("fft2", ["@re", "@im"]),
    case("ifft2", ["@re", "@im"]),
    case("rfft", "@a"),
    case("rfft", "@b"),
    case("rfft", "@a", 16),
    case("rfft", "@b", 64),
    case("irfft", ["@re5", "@im5"]),
    case("irfft", ["@re5", "@im5"], 7),
    case("irfft", ["@re5", "@im5"], 12),
    case("irfft", ["@re5", "@im5"], 4),
    case("stft", "@a", 16, 4, 16),
    case("stft", "@a", 12, 5, 16, window="hamming"),
    case("stft", "@a", 7, 3, 16),
    case("stft", "@a", 16, 4, 16, window=None, center=False),
    case("stft", "@a", 12, 4, 16, window="@win"),
    case("stft", "@b", 10, 3, 10, center=False),
    case("stft", "@a64", 16, 4, 16),
    case("istft", ["@sr", "@si"], 16, 4, 16),
    case("istft", ["@sr", "@si"], 16, 4, 16, length=20),
    case("istft", ["@sr", "@si"], 12, 4, 16, window="hamming"),
    case("istft", ["@sr", "@si"], 7, 3, 16, center=False),
    case("istft", ["@sr", "@si"], 16, 5, 16, window=None),
    case("istft", ["@sr", "@si"], 12, 4, 16, window="@win", center=False, length=30),
]

_SPECTRUM = {"frame_length": 32, "frame_step": 8, "fft_length": 64}
# STFTSpectrogram's arguments; "channels_first" cases get stft_x transposed to (N, C, T).
STFT_CASES: list[dict[str, Any]] = [
    *({"mode": mode, **_SPECTRUM} for mode in ("log", "magnitude", "psd", "real", "imag", "angle", "stft")),
    {"mode": "magnitude", **_SPECTRUM, "window": "hamming", "periodic": True, "scaling": "spectrum"},
    {"mode": "log", **_SPECTRUM, "window": None, "scaling": None, "padding": "same"},
    {"mode": "psd", **_SPECTRUM, "padding": "same", "expand_dims": True},
    {"mode": "log", **_SPECTRUM, "data_format": "channels_first"},
    {"mode": "stft", **_SPECTRUM, "data_format": "channels_first", "expand_dims": True, "padding": "same"},
    {"mode": "real", **_SPECTRUM, "window": "blackman", "periodic": True},
    {"mode": "angle", **_SPECTRUM, "window": "bartlett", "scaling": "spectrum"},
    {"mode": "magnitude", "frame_length": 12, "frame_step": 5, "fft_length": 16,
     "window": np.linspace(0.5, 1.0, 12).round(3).tolist()},
    {"mode": "log", "frame_length": 31},
    {"mode": "imag", "frame_length": 20, "frame_step": 20, "fft_length": 48, "padding": "same"},
    {"mode": "log", "frame_length": 16, "frame_step": 3, "window": "hann", "periodic": True},
]  # fmt: skip

_MEL = {"fft_length": 256, "sequence_stride": 64, "sampling_rate": 8000, "num_mel_bins": 24}
# MelSpectrogram's arguments; "unbatched" cases run on mel_x's first row alone.
MEL_CASES: list[dict[str, Any]] = [
    _MEL,
    {**_MEL, "sequence_length": 200, "window": "hamming"},
    {**_MEL, "window": None, "power_to_db": False, "mag_exp": 1.0},
    {**_MEL, "min_freq": 100.0, "max_freq": 3000.0, "top_db": 40.0, "min_power": 1e-6, "ref_power": 2.0},
    {**_MEL, "ref_power": -0.5, "mag_exp": 1.5, "top_db": 30.0},
    {**_MEL, "unbatched": True},
    {"sampling_rate": 16000},
    {"fft_length": 255, "sequence_stride": 100, "sampling_rate": 22050, "num_mel_bins": 30},
    {**_MEL, "sequence_length": 100, "window": np.linspace(1.0, 0.5, 100).round(3).tolist()},
]  # fmt: skip


def build_models(api: Any) -> tuple[Any, Any]:
    """STFTSpectrogram -> Dense and MelSpectrogram -> Dense, from keras or statefulrnn."""
    stft = api.Sequential(
        [
            api.layers.Input((200, 2)),
            api.layers.STFTSpectrogram(
                mode="log", frame_length=32, frame_step=16, fft_length=32, padding="same"
            ),
            api.layers.Dense(3),
        ]
    )
    mel = api.Sequential(
        [
            api.layers.Input((1000,)),
            api.layers.MelSpectrogram(
                fft_length=128, sequence_stride=64, sampling_rate=8000, num_mel_bins=16
            ),
            api.layers.Dense(2),
        ]
    )
    return stft, mel


def stft_input(x: np.ndarray, arguments: dict[str, Any]) -> np.ndarray:
    return x.transpose(0, 2, 1) if arguments.get("data_format") == "channels_first" else x


def mel_input(x: np.ndarray, arguments: dict[str, Any]) -> tuple[np.ndarray, dict[str, Any]]:
    """The signal a MEL_CASES case runs on, and its layer arguments."""
    arguments = dict(arguments)
    return (x[0] if arguments.pop("unbatched", False) else x), arguments


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    arrays = inputs()
    saved: dict[str, Any] = {f"in_{name}": value for name, value in arrays.items()}
    cases = numbered([dict(item) for item in OP_CASES])
    for item in cases:
        result = call(keras.ops, item, arrays)
        for k, part in enumerate(result if isinstance(result, tuple) else [result]):
            saved[f"out_{item['id']}_{k}"] = np.asarray(part)
    saved["cases"] = json.dumps(cases)
    rng = np.random.default_rng(1)
    saved["stft_x"] = x = rng.normal(size=(2, 150, 2)).astype(np.float32)
    for i, arguments in enumerate(STFT_CASES):
        layer = keras.layers.STFTSpectrogram(**arguments)
        saved[f"stft_{i}"] = np.asarray(layer(stft_input(x, arguments)))
        saved.update({f"stft_{i}_kernel_{k}": np.asarray(w) for k, w in enumerate(layer.get_weights())})
    steps = np.arange(4000) / 8000
    tones = np.stack([np.sin(2 * np.pi * 440 * steps), 0.3 * np.sin(2 * np.pi * 1800 * steps**1.2)])
    saved["mel_x"] = mel_x = (tones + 0.05 * rng.normal(size=tones.shape)).astype(np.float32)
    for i, arguments in enumerate(MEL_CASES):
        signal, options = mel_input(mel_x, arguments)
        saved[f"mel_{i}"] = np.asarray(keras.layers.MelSpectrogram(**options)(signal))
    stft_model, mel_model = build_models(keras)
    for model, key, x_model in (
        (stft_model, "model", rng.normal(size=(3, 200, 2))),
        (mel_model, "mel_model", rng.normal(size=(3, 1000))),
    ):
        model.set_weights(model.get_weights()[:-2] + deterministic_weights(model)[-2:])  # the Dense's
        saved[f"{key}_x"] = x_model = x_model.astype(np.float32)
        saved[f"{key}_predicted"] = model.predict(x_model, verbose=0)
    OUT.mkdir(parents=True, exist_ok=True)
    stft_model.save(OUT / "stft_model.keras")
    mel_model.save(OUT / "mel_model.keras")
    np.savez_compressed(OUT / "values.npz", **saved)
    print(
        f"keras {keras.__version__}: {len(cases)} op cases, {len(STFT_CASES)} + {len(MEL_CASES)} layer cases"
    )


if __name__ == "__main__":
    main()
