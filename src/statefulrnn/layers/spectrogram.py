"""Keras 3's ``STFTSpectrogram``: the short-time Fourier transform of each channel of a signal,
computed as Keras computes it, by a strided convolution with trainable cosine and sine kernels.

Keras builds the kernels from the window (scipy's, computed in float64) and the transform's
phases in float32 (`stft_kernel`), so a new layer's kernels equal Keras's; a Keras file carries
them as the layer's weights either way.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import torch

from .._epsilon import epsilon
from .._signal_windows import WINDOWS, window_values
from ..backend import standardize_data_format
from . import _window
from .base import Layer, Shape

MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def stft_kernel(
    side: str, window: Any, scaling: str | None, periodic: bool, frame_length: int, bins: int,
    dtype: torch.dtype,
) -> torch.Tensor:  # fmt: skip
    r"""Keras's ``STFTInitializer``: the convolution kernel ``(frame_length, 1, bins)`` whose
    output channel k is the ``side`` (``"real"``: \(\cos\), ``"imag"``: \(\sin\)) of
    \(e^{-2\pi i t k / (2 (bins - 1))}\) times the window at step t, over the window's L2 norm
    (``scaling="density"``) or L1 norm (``"spectrum"``); no window for None.

    Example:
        >>> stft_kernel("real", None, None, False, 2, 2, torch.float32)[:, 0]
        tensor([[ 1.,  1.],
                [ 1., -1.]])
    """
    # the phases as Keras computes them, in the layer's dtype: ((-2 t) f) pi
    frequencies = torch.arange(bins, dtype=dtype).reshape(1, 1, bins) / ((bins - 1) * 2)
    steps = torch.arange(frame_length, dtype=dtype).reshape(frame_length, 1, 1)
    phases = (-2 * steps) * frequencies * torch.tensor(math.pi, dtype=dtype)
    kernel = torch.cos(phases) if side == "real" else torch.sin(phases)
    if window is None:
        return kernel
    values = window_values(window, frame_length, periodic, dtype, "STFTSpectrogram").reshape(-1, 1, 1)
    norm = {"density": values.square().sum().sqrt(), "spectrum": values.abs().sum(), None: 1}[scaling]
    return kernel * values / norm


class STFTSpectrogram(Layer):
    r"""The spectrogram of each channel of a signal, Keras 3's ``STFTSpectrogram``: frames of
    ``frame_length`` samples one every ``frame_step``, each convolved with trainable kernels
    initialised to the windowed transform (`stft_kernel`), giving per frequency bin
    \(k < F = \mathrm{fft\_length} / 2 + 1\) the real part \(r_k\) and imaginary part \(i_k\):

    - ``"real"``, ``"imag"``: \(r_k\), \(i_k\); ``"stft"``: both, reals first;
      ``"angle"``: \(\mathrm{atan2}(i_k, r_k)\);
    - ``"magnitude"``: \(\sqrt{\max(r_k^2 + i_k^2, \epsilon)}\); ``"log"``: its log;
    - ``"psd"``: \(r_k^2 + i_k^2\), doubled for the bins between the first and the last.

    Args:
        mode: one of the above (default ``"log"``).
        frame_length: samples per frame.
        frame_step: samples between frames, at most ``frame_length`` (None: half of it).
        fft_length: frequency resolution, at least ``frame_length`` (None: the next power of 2);
            a value that is no power of 2 warns, as Keras's.
        window: ``"hann"``, ``"hamming"``, ``"blackman"``, ``"bartlett"``, ``frame_length``
            values, or None.
        periodic: the named window periodic (else symmetric), as scipy's ``get_window``.
        scaling: ``"density"``, ``"spectrum"`` or None (see `stft_kernel`).
        padding: ``"valid"`` (whole frames) or ``"same"`` (``ceil(T / frame_step)`` frames,
            zeros around, as TensorFlow pads).
        expand_dims: keep the channels on an axis of their own, for image models.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` (channels_first: ``(N, C, T)``) -> ``(N, T', C F)`` (``(N, C F, T')``),
        with expand_dims ``(N, T', F, C)`` (``(N, C, T', F)``); ``2 F`` for ``"stft"``. The bins
        of channel c are ``c F`` to ``(c + 1) F - 1``.

    Weights: ``real_kernel`` (but for ``"imag"``) and ``imag_kernel`` (but for ``"real"``),
    ``(frame_length, 1, F)`` each, in Keras's order.

    Streaming: each output frame reads ``frame_length`` samples, so the frames of a chunk
    differ from the whole signal's at the chunk's edges. A `StreamPool` refuses the layer, and
    so does a chunked call with resets or a mask: frame the signal whole, or put the layer in
    the data pipeline before the stateful model.

    Raises:
        ValueError: a bad mode, scaling, padding or window name, ``frame_step`` outside
            ``[1, frame_length]``, ``fft_length < frame_length``, a window array that is not
            ``frame_length`` long, an input that is not ``(N, T, C)`` or shorter than a frame
            (``"valid"``).
        TypeError: an input that is not floating point.

    Example:
        >>> layer = STFTSpectrogram(mode="magnitude", frame_length=8, frame_step=4, window=None,
        ...                         scaling=None)
        >>> spectrum = layer(torch.ones(1, 16, 1)).detach()  # a constant: at frequency 0, sqrt(eps) elsewhere
        >>> spectrum.shape, [round(float(value), 4) for value in spectrum[0, 0, :3]]
        (torch.Size([1, 3, 5]), [8.0, 0.0003, 0.0003])
    """

    def __init__(
        self, mode: str = "log", frame_length: int = 256, frame_step: int | None = None,
        fft_length: int | None = None, window: Any = "hann", periodic: bool = False,
        scaling: str | None = "density", padding: str = "valid", expand_dims: bool = False,
        data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        if frame_step is not None and not 1 <= frame_step <= frame_length:
            raise ValueError(
                f"`frame_step` should be a positive integer not greater than `frame_length`. Received "
                f"frame_step={frame_step}, frame_length={frame_length}"
            )
        if fft_length is not None and fft_length < frame_length:
            raise ValueError(
                f"`fft_length` should be not less than `frame_length`. Received fft_length={fft_length}, "
                f"frame_length={frame_length}"
            )
        if fft_length is not None and fft_length & -fft_length != fft_length:
            message = f"`fft_length` is recommended to be a power of two. Received fft_length={fft_length}"
            warnings.warn(message, stacklevel=2)
        if mode not in MODES:
            raise ValueError(
                f"Output mode is invalid, it must be one of {', '.join(MODES)}. Received: mode={mode}"
            )
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(
                f"Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received scaling={scaling}"
            )
        if padding not in ("valid", "same"):
            raise ValueError(f"Padding is invalid, it should be 'valid', 'same'. Received: padding={padding}")
        if isinstance(window, str) and window not in WINDOWS:
            raise ValueError(
                f"STFTSpectrogram: window must be one of {', '.join(map(repr, WINDOWS))}, an array of "
                f"{frame_length} values, or None (scipy's other windows: pass their values). "
                f"Received: window={window!r}"
            )
        super().__init__(**kwargs)
        self.mode, self.frame_length, self.frame_step, self.fft_length = (
            mode,
            frame_length,
            frame_step,
            fft_length,
        )
        self.window, self.periodic, self.scaling, self.padding = window, periodic, scaling, padding
        self.expand_dims = expand_dims
        self.data_format = standardize_data_format(data_format)
        self._frame_step = frame_step or frame_length // 2
        self._fft_length = fft_length or 2 ** math.ceil(math.log2(frame_length))
        self._bins = self._fft_length // 2 + 1

    def _build(self, input_shape: Shape) -> None:
        if len(input_shape) != 3:
            raise ValueError(
                f"STFTSpectrogram '{self.name}' expects inputs of rank 3, "
                f"{_window.layout(self.data_format)}. Received: shape {input_shape}"
            )
        shape = (self.frame_length, 1, self._bins)
        for side in ("real", "imag"):
            if self.mode != {"real": "imag", "imag": "real"}.get(side):
                kernel = stft_kernel(
                    side, self.window, self.scaling, self.periodic, self.frame_length, self._bins,
                    self.torch_dtype,
                )  # fmt: skip
                self.add_weight(f"{side}_kernel", shape, initializer=kernel)

    def forward(self, inputs: Any) -> torch.Tensor:
        if isinstance(inputs, torch.Tensor) and not inputs.is_floating_point():
            raise TypeError(
                f"Invalid input type. Expected `float16`, `float32` or `float64`. Received: input "
                f"type={inputs.dtype}"
            )
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        _window.check_rank(self, x)
        signals = _window.swap_layout(x, self.data_format)  # (N, C, T)
        batch, channels, steps = signals.shape
        if _window.output_length(steps, self.frame_length, self._frame_step, self.padding) < 1:
            raise ValueError(
                f"STFTSpectrogram '{self.name}' with padding='valid' needs at least frame_length="
                f"{self.frame_length} samples. Received: {steps}"
            )
        signals = signals.reshape(batch * channels, 1, steps)
        real = None if self.mode == "imag" else self._convolve(signals, self.real_kernel, batch)
        imag = None if self.mode == "real" else self._convolve(signals, self.imag_kernel, batch)
        return self._arranged(self._spectrum(real, imag))

    def _convolve(self, signals: torch.Tensor, kernel: torch.Tensor, batch: int) -> torch.Tensor:
        """(N C, 1, T) -> (N, C, F, T'): each channel's frames by the kernel."""
        out = _window.convolve(
            signals, _window.torch_kernel(kernel), None, (self._frame_step,), self.padding, (1,)
        )
        return out.reshape(batch, -1, *out.shape[1:])

    def _spectrum(self, real: torch.Tensor | None, imag: torch.Tensor | None) -> torch.Tensor:
        """The mode's values from the parts, (N, C, F, T') (``"stft"``: 2 F)."""
        if self.mode in ("real", "imag"):
            return real if imag is None else imag
        if self.mode == "angle":
            return torch.atan2(imag, real)
        if self.mode == "stft":
            return torch.cat([real, imag], dim=2)
        power = real.square() + imag.square()
        if self.mode == "psd":  # the bins between the first and last stand for their mirror too
            inner = torch.zeros_like(power)
            inner[:, :, 1:-1] = power[:, :, 1:-1]
            return power + inner
        magnitude = torch.sqrt(torch.clamp(power, min=epsilon()))
        return magnitude if self.mode == "magnitude" else torch.log(torch.clamp(magnitude, min=epsilon()))

    def _arranged(self, values: torch.Tensor) -> torch.Tensor:
        """(N, C, F, T') in the layout of `data_format` and `expand_dims`."""
        batch, channels, bins, frames = values.shape
        if self.expand_dims:
            return (
                values.permute(0, 3, 2, 1) if self.data_format == "channels_last" else values.transpose(2, 3)
            )
        flat = values.reshape(batch, channels * bins, frames)
        return flat.transpose(1, 2) if self.data_format == "channels_last" else flat

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        last = self.data_format == "channels_last"
        batch, steps, channels = input_shape if last else (input_shape[0], *input_shape[:0:-1])
        frames = _window.output_length(steps, self.frame_length, self._frame_step, self.padding)
        bins = self._bins * (2 if self.mode == "stft" else 1)
        if self.expand_dims:
            return (batch, frames, bins, channels) if last else (batch, channels, frames, bins)
        width = None if channels is None else channels * bins
        return (batch, frames, width) if last else (batch, width, frames)
