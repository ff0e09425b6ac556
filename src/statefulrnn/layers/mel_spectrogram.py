"""Keras 3's ``MelSpectrogram``: audio signals as mel-scale spectrograms (in decibels by
default), computed as Keras on TensorFlow computes them, the filter bank in float32 included."""

from __future__ import annotations

from typing import Any

import torch

from .. import ops  # its stft at call time: ops import the layers
from .base import Layer, Shape

# The mel scale, HTK's: mel(f) = 1127 ln(1 + f / 700).
_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies: torch.Tensor) -> torch.Tensor:
    return _MEL_HIGH_FREQUENCY_Q * torch.log(1.0 + frequencies / _MEL_BREAK_FREQUENCY_HERTZ)


def _linspace(start: torch.Tensor, stop: torch.Tensor, num: int) -> torch.Tensor:
    """TensorFlow's ``linspace``: ``start + i * step``, the last value ``stop`` itself (torch's
    counts its second half back from ``stop``, which differs in the last bits)."""
    values = start + (stop - start) / (num - 1) * torch.arange(num, dtype=start.dtype)
    values[-1] = stop
    return values


def mel_filter_bank(
    num_mel_bins: int, num_spectrogram_bins: int, sampling_rate: float, lower_edge_hertz: float,
    upper_edge_hertz: float,
) -> torch.Tensor:  # fmt: skip
    """Keras's ``linear_to_mel_weight_matrix`` (TensorFlow's): ``(num_spectrogram_bins,
    num_mel_bins)`` triangles of peak 1, evenly spaced on the mel scale between the edges,
    applied to the bins of frequencies 0 to ``sampling_rate / 2`` (the first bin, frequency 0,
    to none); computed in float32, as Keras computes it whatever the layer's dtype.

    Example:
        >>> mel_filter_bank(2, 5, 8000, 0.0, 4000.0).shape
        torch.Size([5, 2])
    """
    f32 = torch.float32
    nyquist = torch.tensor(sampling_rate, dtype=f32) / 2.0
    frequencies = _linspace(torch.tensor(0.0, dtype=f32), nyquist, num_spectrogram_bins)[1:]
    bins_mel = _hertz_to_mel(frequencies)[:, None]  # (bins - 1, 1)
    edges = _linspace(
        _hertz_to_mel(torch.tensor(lower_edge_hertz, dtype=f32)),
        _hertz_to_mel(torch.tensor(upper_edge_hertz, dtype=f32)),
        num_mel_bins + 2,
    )
    # each band's (lower, centre, upper) edges, as rows (1, num_mel_bins)
    lower, center, upper = edges[:-2][None], edges[1:-1][None], edges[2:][None]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = torch.clamp(torch.minimum(rising, falling), min=0.0)
    return torch.cat([weights.new_zeros(1, num_mel_bins), weights])


class MelSpectrogram(Layer):
    r"""Mel spectrograms of audio signals, Keras 3's ``MelSpectrogram``: the `ops.stft` of the
    signal (centred, reflect-padded), its magnitudes to the power ``mag_exp``, summed by
    ``num_mel_bins`` triangular filters on the mel scale (`mel_filter_bank`), then (with
    ``power_to_db``) in decibels:
    \(10 \log_{10} \max(S, p_{min}) - 10 \log_{10} \max(|p_{ref}|, p_{min})\), at least its
    largest value minus ``top_db``.

    The largest value is over the whole call, every signal of the batch included, as Keras's:
    a signal's decibels depend on the loudest signal it is batched with.

    Args:
        fft_length: samples per frame and the transform's length.
        sequence_stride: samples between frames.
        sequence_length: the window's length, at most ``fft_length`` (None: ``fft_length``).
        window: ``"hann"``, ``"hamming"``, ``sequence_length`` values, or None (TensorFlow's
            periodic windows; see `ops.stft`).
        sampling_rate: the signal's samples per second.
        num_mel_bins: the filters.
        min_freq, max_freq: the lowest and highest frequency the filters span, in hertz (None:
            ``int(sampling_rate / 2)``).
        power_to_db: convert to decibels.
        top_db: the decibels kept below the largest value (needed with ``power_to_db``).
        mag_exp: the exponent of the magnitudes (1: magnitude, 2: power).
        min_power, ref_power: \(p_{min}\), \(p_{ref}\) above.

    Shapes:
        ``(N, T)`` (or ``(T,)``, any leading axes) -> ``(N, num_mel_bins, frames)``, ``frames =
        1 + (T + 2 (fft_length // 2) - fft_length) // sequence_stride``. Keras 3.15's
        ``compute_output_shape`` says ``(T + sequence_stride + 1) // sequence_stride``, which is
        one frame more than its call gives when ``T + 1`` is a multiple of the stride; the
        symbolic shape here is the call's.

    Streaming: frames span ``fft_length`` samples and the decibels are relative to the whole
    call's largest value, so a chunk's values are not the whole signal's. A `StreamPool`
    refuses the layer, and so does a chunked call with resets or a mask; compute the features
    of the whole signal (in the data pipeline) before the stateful model.

    Raises:
        ValueError: ``fft_length < sequence_length``, a window that is not ``"hann"``,
            ``"hamming"``, None or ``sequence_length`` values, ``top_db=None`` with
            ``power_to_db``, or a signal of at most ``fft_length // 2`` samples.

    Example:
        >>> layer = MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=10,
        ...                        sampling_rate=8000)
        >>> tone = torch.sin(torch.arange(800.0) * 2 * torch.pi * 1000 / 8000)
        >>> features = layer(tone[None])
        >>> features.shape, int(features[0, :, 10].argmax())  # 1 kHz: the filter around it
        (torch.Size([1, 10, 26]), 4)
    """

    def __init__(
        self, fft_length: int = 2048, sequence_stride: int = 512, sequence_length: int | None = None,
        window: Any = "hann", sampling_rate: int = 16000, num_mel_bins: int = 128,
        min_freq: float = 20.0, max_freq: float | None = None, power_to_db: bool = True,
        top_db: float | None = 80.0, mag_exp: float = 2.0, min_power: float = 1e-10,
        ref_power: float = 1.0, **kwargs: Any,
    ) -> None:  # fmt: skip
        length = sequence_length or fft_length
        if fft_length < length:
            raise ValueError(
                f"`fft_length` must be greater than or equal to `sequence_length`. Received: "
                f"`sequence_length`={length}, `fft_length`={fft_length}."
            )
        if isinstance(window, str) and window not in ("hann", "hamming"):
            raise ValueError(
                f'MelSpectrogram: if a string is passed to `window`, it must be one of `"hann"`, '
                f'`"hamming"`. Received: window={window!r}'
            )
        if power_to_db and top_db is None:
            raise ValueError(
                "MelSpectrogram with power_to_db=True needs a number top_db (the decibels kept below "
                "the largest value); Keras's call fails on None."
            )
        super().__init__(**kwargs)
        self.fft_length, self.sequence_stride, self.sequence_length = fft_length, sequence_stride, length
        self.window, self.sampling_rate, self.num_mel_bins = window, sampling_rate, num_mel_bins
        self.min_freq, self.max_freq = min_freq, max_freq or int(sampling_rate / 2)
        self.power_to_db, self.top_db, self.mag_exp = power_to_db, top_db, mag_exp
        self.min_power, self.ref_power = min_power, ref_power

    def get_config(self) -> dict[str, Any]:
        # the lengths and frequency resolved, as Keras writes them
        return {
            **super().get_config(), "sequence_length": self.sequence_length, "max_freq": self.max_freq,
        }  # fmt: skip

    def forward(self, inputs: Any) -> torch.Tensor:
        # Keras computes in float32 (float64 for a float64 layer) and casts back
        signal = self._as_input(inputs)
        if not self.built:
            self.build((None, *signal.shape[1:]) if signal.ndim > 1 else tuple(signal.shape))
        dtype = signal.dtype if signal.dtype == torch.float64 else torch.float32
        real, imag = ops.stft(
            signal.to(dtype), self.sequence_length, self.sequence_stride, self.fft_length, self.window
        )
        power = torch.sqrt(real.square() + imag.square()) ** self.mag_exp  # (..., frames, bins)
        bank = mel_filter_bank(
            self.num_mel_bins, power.shape[-1], self.sampling_rate, self.min_freq, self.max_freq
        )
        mel = power @ bank.to(device=power.device, dtype=dtype)  # (..., frames, mel)
        if self.power_to_db:
            mel = self._decibels(mel)
        return mel.transpose(-1, -2).to(self.torch_dtype)

    def _decibels(self, power: torch.Tensor) -> torch.Tensor:
        ten = torch.tensor(10.0, dtype=power.dtype)
        decibels = 10.0 * (torch.log(torch.clamp(power, min=self.min_power)) / torch.log(ten))
        # the reference's, in floatx as Keras converts the number
        reference = torch.clamp(torch.tensor(self.ref_power, dtype=torch.float32).abs(), min=self.min_power)
        decibels = decibels - 10.0 * (torch.log(reference) / torch.log(torch.tensor(10.0)))
        return torch.maximum(decibels, decibels.max() - self.top_db)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        *leading, steps = input_shape
        padded = None if steps is None else steps + 2 * (self.fft_length // 2)
        frames = None if padded is None else 1 + (padded - self.fft_length) // self.sequence_stride
        return (*leading, self.num_mel_bins, frames)
