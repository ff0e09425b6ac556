"""Keras 3's Fourier transforms (``keras.ops.fft``, ``fft2``, ``ifft2``, ``rfft``, ``irfft``,
``stft``, ``istft``) on PyTorch tensors, with Keras on TensorFlow's conventions.

A complex tensor is a tuple ``(real, imag)`` of two float tensors of one shape, in and out, as
Keras passes it (its backends do not all have complex dtypes). The short-time transforms follow
``tf.signal``: frames of ``fft_length`` samples (the window of ``sequence_length`` zero-padded in
the middle of them), ``center=True`` pads the signal by reflection, and a named window is
TensorFlow's "periodic" one, which for an odd length is the symmetric window.

Example:
    >>> from statefulrnn import ops
    >>> real, imag = ops.rfft(torch.tensor([0.0, 1.0, 2.0, 3.0]))
    >>> real, imag
    (tensor([ 6., -2., -2.]), tensor([0., 2., 0.]))
    >>> ops.irfft((real, imag))
    tensor([0., 1., 2., 3.])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional as F

from .._signal_windows import window_values
from .numpy import _floating, _tensor

Complex = tuple[torch.Tensor, torch.Tensor]


def _complex(x: Any, name: str) -> torch.Tensor:
    """``x``, a ``(real, imag)`` pair, as one complex tensor."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"ops.{name} takes x as a tuple of two tensors, the real and imaginary parts. Received: "
            f"{type(x).__name__}{f' of {len(x)} items' if isinstance(x, (tuple, list)) else ''}"
        )
    real, imag = _tensor(x[0]), _tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            f"ops.{name}: the real and imaginary parts must have the same shape. Received: x[0].shape = "
            f"{tuple(real.shape)}, x[1].shape = {tuple(imag.shape)}"
        )
    dtypes = {real.dtype, imag.dtype}
    if not dtypes <= {torch.float32, torch.float64}:
        raise ValueError(
            f"ops.{name}: the real and imaginary parts must be float32 or float64. Received: "
            f"{real.dtype} and {imag.dtype}"
        )
    dtype = torch.float64 if torch.float64 in dtypes else torch.float32
    return torch.complex(real.to(dtype), imag.to(dtype))


def _parts(z: torch.Tensor) -> Complex:
    return z.real.contiguous(), z.imag.contiguous()


def fft(x: Any) -> Complex:
    """The discrete Fourier transform of the complex ``x = (real, imag)`` along its last axis.

    Shapes:
        ``(..., n)`` each -> ``(..., n)`` each.
    """
    return _parts(torch.fft.fft(_complex(x, "fft")))


def fft2(x: Any) -> Complex:
    """The 2-D discrete Fourier transform of ``x = (real, imag)`` over its last two axes."""
    return _parts(torch.fft.fft2(_complex(x, "fft2")))


def ifft2(x: Any) -> Complex:
    """The inverse of `fft2`: ``(1 / (h w))`` times the sum over the last two axes."""
    return _parts(torch.fft.ifft2(_complex(x, "ifft2")))


def rfft(x: Any, fft_length: int | None = None) -> Complex:
    """The Fourier transform of the real ``x`` along its last axis, cropped or zero-padded to
    ``fft_length`` values first (its own length for None): the ``fft_length // 2 + 1`` values
    from frequency 0 up, the others being their conjugates.

    Shapes:
        ``(..., n)`` -> ``(..., fft_length // 2 + 1)`` each.
    """
    return _parts(torch.fft.rfft(_floating(_tensor(x)), n=fft_length))


def irfft(x: Any, fft_length: int | None = None) -> torch.Tensor:
    """The real signal of ``fft_length`` values (``2 * (m - 1)`` for None) whose `rfft` is
    ``x = (real, imag)``: the first ``fft_length // 2 + 1`` values of ``x`` are read (zeros
    past its end), the imaginary parts at frequency 0 and at ``fft_length / 2`` ignored.

    Shapes:
        ``(..., m)`` each -> ``(..., fft_length)``.
    """
    return torch.fft.irfft(_complex(x, "irfft"), n=fft_length)


def _check_frames(name: str, sequence_length: int, sequence_stride: int, fft_length: int) -> None:
    if not isinstance(sequence_stride, int) or isinstance(sequence_stride, bool) or sequence_stride <= 0:
        raise ValueError(
            f"`sequence_stride` must be a positive integer. Received: sequence_stride={sequence_stride}"
        )
    if not 0 < sequence_length <= fft_length:
        raise ValueError(
            f"ops.{name}: `fft_length` must equal or larger than `sequence_length`, which must be "
            f"positive. Received: sequence_length={sequence_length}, fft_length={fft_length}"
        )


def _frame_window(
    name: str, window: Any, sequence_length: int, fft_length: int, dtype: torch.dtype
) -> torch.Tensor | None:
    """The window of a frame of ``fft_length`` samples: TensorFlow's periodic window (the
    symmetric one for an odd length) of ``sequence_length`` points, zero-padded in the middle."""
    if window is None:
        return None
    if isinstance(window, str) and window not in ("hann", "hamming"):
        raise ValueError(
            f'ops.{name}: if a string is passed to `window`, it must be one of `"hann"`, `"hamming"`. '
            f"Received: window={window!r}"
        )
    values = window_values(window, sequence_length, sequence_length % 2 == 0, dtype, f"ops.{name}")
    left = (fft_length - sequence_length) // 2
    return F.pad(values, (left, fft_length - sequence_length - left))


def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: str | Sequence[float] | torch.Tensor | None = "hann",
    center: bool = True,
) -> Complex:
    """The short-time Fourier transform of ``x`` along its last axis: the `rfft` of each frame
    of ``fft_length`` samples, one every ``sequence_stride``, times the window.

    Args:
        x: a float32 or float64 signal (last axis: time).
        sequence_length: the window's length, at most ``fft_length``.
        sequence_stride: the hop between frames.
        fft_length: the frame's length and the transform's.
        window: ``"hann"``, ``"hamming"``, ``sequence_length`` values, or None (no window).
        center: pad ``fft_length // 2`` samples by reflection on each side first, so that
            frame ``t`` is centred on sample ``t * sequence_stride``.

    Shapes:
        ``(..., T)`` -> ``(..., frames, fft_length // 2 + 1)`` each, ``frames =
        1 + (T + 2 (fft_length // 2) - fft_length) // sequence_stride`` with ``center`` (``1 + (T
        - fft_length) // sequence_stride`` without; 0 when T is shorter than a frame).

    Raises:
        TypeError: an ``x`` that is not float32 or float64.
        ValueError: a stride that is not a positive int, ``fft_length < sequence_length``, an
            unknown window, or (``center``) a signal of at most ``fft_length // 2`` samples.

    Example:
        >>> real, imag = stft(torch.arange(5.0), 3, 2, 3)  # Hann window of 3 points: [0, 1, 0]
        >>> real
        tensor([[ 0.,  0.],
                [ 2., -1.],
                [ 4., -2.]])
    """
    _check_frames("stft", sequence_length, sequence_stride, fft_length)
    signal = _tensor(x)
    if signal.dtype not in (torch.float32, torch.float64):
        raise TypeError(
            f"Invalid input type. Expected `float32` or `float64`. Received: input type={signal.dtype}"
        )
    frame_window = _frame_window("stft", window, sequence_length, fft_length, signal.dtype)
    if center:
        half, steps = fft_length // 2, signal.shape[-1]
        if half >= steps:
            raise ValueError(
                f"ops.stft with center=True pads {half} samples by reflection on each side, which needs "
                f"more than {half} samples. Received: {steps}"
            )
        # (..., T) -> (..., T + 2 half), reflect padding of the last axis of a 2-D view
        signal = F.pad(signal.reshape(-1, steps), (half, half), mode="reflect").reshape(
            *signal.shape[:-1], -1
        )
    if signal.shape[-1] < fft_length:  # not one whole frame: none, as tf.signal.frame gives
        empty = signal.new_zeros((*signal.shape[:-1], 0, fft_length // 2 + 1))
        return empty, empty.clone()
    frames = signal.unfold(-1, fft_length, sequence_stride)  # (..., frames, fft_length)
    if frame_window is not None:
        frames = frames * frame_window.to(frames.device)
    return _parts(torch.fft.rfft(frames, n=fft_length))


def _inverse_window(window: torch.Tensor, stride: int) -> torch.Tensor:
    """``tf.signal.inverse_stft_window_fn``: the window divided by the sum of the squared
    windows that overlap each of its samples, so that overlap-adding inverts `stft`."""
    length = window.shape[0]
    overlaps = -(-length // stride)
    squares = F.pad(window.square(), (0, overlaps * stride - length))
    denominator = squares.reshape(overlaps, stride).sum(0).repeat(overlaps)[:length]
    return window / denominator


def _torch_istft(
    spectrum: torch.Tensor, window: Any, frame_window: torch.Tensor, stride: int, length: int | None
) -> torch.Tensor:
    """`istft` of centred frames as long as the FFT, as Keras 3 on PyTorch computes it:
    ``torch.istft``, which divides by the squared windows that overlap each sample where
    TensorFlow's formula divides by their steady-state sum (so the first and last ``fft_length
    // 2`` samples come back exactly, where TensorFlow's are attenuated), with a named window
    periodic at any length, as ``torch.hann_window`` makes it."""
    fft_length = frame_window.shape[0]
    if isinstance(window, str):
        make = torch.hann_window if window == "hann" else torch.hamming_window
        frame_window = make(fft_length, periodic=True, dtype=frame_window.dtype)
    *batch, count, bins = spectrum.shape
    signal = torch.istft(
        spectrum.reshape(-1, count, bins).transpose(-2, -1),
        n_fft=fft_length,
        hop_length=stride,
        window=frame_window.to(spectrum.device),
        center=True,
        length=length,
    )
    return signal.reshape(*batch, signal.shape[-1])


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: str | Sequence[float] | torch.Tensor | None = "hann",
    center: bool = True,
) -> torch.Tensor:
    """The signal whose `stft` (with these arguments) is ``x = (real, imag)``: each frame's
    `irfft`, times the window over the sum of its overlapping squares, overlap-added; frames as
    long as the FFT, centred and windowed, as Keras 3 on PyTorch inverts them (`_torch_istft`:
    exact at the signal's ends too).

    Args:
        x: the real and imaginary parts, ``(..., frames, fft_length // 2 + 1)`` each.
        sequence_length, sequence_stride, fft_length, window, center: `stft`'s.
        length: the samples kept (from ``fft_length // 2`` with ``center``, else from 0); None
            keeps all but the ``center`` padding.

    Shapes:
        ``(..., frames, bins)`` each -> ``(..., samples)``.

    Example:
        >>> signal = torch.arange(8.0)
        >>> istft(stft(signal, 4, 2, 4), 4, 2, 4)
        tensor([0., 1., 2., 3., 4., 5., 6., 7.])
    """
    _check_frames("istft", sequence_length, sequence_stride, fft_length)
    spectrum = _complex(x, "istft")
    if spectrum.ndim < 2:
        raise ValueError(f"ops.istft takes x of rank 2 or more. Received: shape {tuple(spectrum.shape)}")
    frame_window = _frame_window("istft", window, sequence_length, fft_length, spectrum.real.dtype)
    if sequence_length == fft_length and center and frame_window is not None:
        return _torch_istft(spectrum, window, frame_window, sequence_stride, length)
    frames = torch.fft.irfft(spectrum, n=fft_length)  # (..., frames, fft_length)
    if frame_window is not None:
        frames = frames * _inverse_window(frame_window, sequence_stride).to(frames.device)
    count = frames.shape[-2]
    total = fft_length + sequence_stride * (count - 1)
    # overlap-add: (B, fft_length, frames) blocks of a 1 x total image, summed where they meet
    blocks = frames.reshape(-1, count, fft_length).transpose(1, 2)
    signal = F.fold(blocks, (1, total), (1, fft_length), stride=(1, sequence_stride))
    signal = signal.reshape(*frames.shape[:-2], total)
    start = fft_length // 2 if center else 0
    end = start + length if length is not None else -(fft_length // 2) if center else total
    return signal[..., start:end]


__all__ = ["fft", "fft2", "ifft2", "irfft", "istft", "rfft", "stft"]
