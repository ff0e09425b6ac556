"""Keras's regularising noise layers: `GaussianNoise`, `GaussianDropout`, `SpatialDropout1D`,
`SpatialDropout2D`, `SpatialDropout3D` and `AlphaDropout`.

Each acts only in training (``fit``, ``training=True``, or after ``train()``; see `Layer`) and is
the identity in inference, as in Keras; a mask passes through. An integer ``seed`` makes the
draws reproducible (`statefulrnn.layers._seeds`); Keras's own random stream is not reproduced,
so training draws differ from Keras's as they do between two Keras backends.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import torch

from . import _window
from ._seeds import check_seed, draw_as_keras_3, seeded_generator
from .base import Layer, to_tensor
from .core import Dropout


class _Noise(Layer):
    """What the Gaussian layers share: the input as a tensor, the mode, the seeded draw."""

    supports_masking = True

    def __init__(self, seed: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed = check_seed(seed)
        self._generator: torch.Generator | None = None

    def forward(self, inputs: Any, training: bool | None = None) -> torch.Tensor:
        x = to_tensor(inputs, dtype=self.torch_dtype, device=None, what=f"{self._describe()}")
        if not self.built:  # not at every call: a layer's __setattr__ renews the tree mark
            self.built = True
        training = self.training if training is None else training
        return self._noisy(x) if training else x

    def _normal(self, x: torch.Tensor) -> torch.Tensor:
        """Standard normal draws of ``x``'s shape, dtype and device."""
        generator = seeded_generator(self, x.device)
        return torch.randn(x.shape, generator=generator, dtype=x.dtype, device=x.device)

    def _noisy(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


def _fraction(name: str, value: float, high_included: bool) -> float:
    if not (0.0 <= value <= 1.0 if high_included else 0.0 <= value < 1.0):
        bound = "1]" if high_included else "1)"
        raise ValueError(f"{name} must be in [0, {bound}. Received: {name}={value}")
    return float(value)


class GaussianNoise(_Noise):
    r"""Add zero-mean Gaussian noise in training, Keras's ``GaussianNoise``:
    \(y = x + \epsilon\), \(\epsilon \sim \mathcal{N}(0, \sigma^2)\) per entry.

    Args:
        stddev: \(\sigma\), in ``[0, 1]`` (Keras's bounds).
        seed: see the module docstring.

    Shapes:
        any ``(N, ...)`` -> the same.

    Example:
        >>> layer = GaussianNoise(0.1, seed=0)
        >>> x = torch.zeros(2, 3)
        >>> bool(layer(x).eq(x).all()), bool(layer(x, training=True).ne(x).all())
        (True, True)
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed, **kwargs)
        self.stddev = _fraction("stddev", stddev, high_included=True)
        if self.stddev > 0:  # Keras 3 makes a SeedGenerator then
            draw_as_keras_3(self.seed)

    def _noisy(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.stddev * self._normal(x) if self.stddev > 0 else x


class GaussianDropout(_Noise):
    r"""Multiply by Gaussian noise of mean 1 in training, Keras's ``GaussianDropout``:
    \(y = x \odot m\), \(m \sim \mathcal{N}(1, p / (1 - p))\) per entry.

    Args:
        rate: \(p\), in ``[0, 1)`` (Keras takes 1 and then divides by zero at the first call).
        seed: see the module docstring.

    Shapes:
        any ``(N, ...)`` -> the same.

    Example:
        >>> y = GaussianDropout(0.5, seed=0)(torch.ones(10_000), training=True)
        >>> round(float(y.mean()), 1), round(float(y.std()), 1)  # mean 1, variance 0.5 / 0.5
        (1.0, 1.0)
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(seed, **kwargs)
        self.rate = _fraction("rate", rate, high_included=False)
        if self.rate > 0:  # Keras 3 makes a SeedGenerator then
            draw_as_keras_3(self.seed)

    def _noisy(self, x: torch.Tensor) -> torch.Tensor:
        if self.rate == 0:
            return x
        return x * (1.0 + math.sqrt(self.rate / (1.0 - self.rate)) * self._normal(x))


class _SpatialDropout(Dropout):
    """`Dropout` of whole channels, Keras's ``BaseSpatialDropout``: one draw per sample and
    channel, the same at every place of the ``rank`` spatial axes (the public classes set
    ``rank``)."""

    rank: ClassVar[int]

    def __init__(self, rate: float, data_format: str | None, seed: int | None, **kwargs: Any) -> None:
        self.data_format = _window.data_format(data_format)
        ones = (1,) * self.rank
        first = self.data_format == "channels_first"
        noise_shape = (None, None, *ones) if first else (None, *ones, None)
        super().__init__(rate, noise_shape=noise_shape, seed=seed, **kwargs)

    def forward(self, inputs: Any, training: bool | None = None) -> torch.Tensor:
        x = to_tensor(inputs, dtype=self.torch_dtype, device=None, what=self._describe())
        _window.check_rank(self, x, self.rank)
        return super().forward(x, training=training)


class SpatialDropout1D(_SpatialDropout):
    r"""`Dropout` of whole features of a sequence in training, Keras's ``SpatialDropout1D``: one
    draw per sample and feature, the same at every step (``noise_shape=(N, 1, F)``), for
    features that are correlated from step to step (a convolution's channels):
    \(y_{n,t,f} = m_{n,f} x_{n,t,f} / (1 - p)\), \(m_{n,f} \sim \mathrm{Bernoulli}(1 - p)\).

    Args:
        rate: the fraction of features dropped, in ``[0, 1)``.
        seed: see `Dropout`.

    Shapes:
        ``(N, T, F)`` -> the same.

    Raises:
        ValueError: an input of another rank.

    Example:
        >>> y = SpatialDropout1D(0.5, seed=1)(torch.ones(2, 4, 3), training=True)
        >>> bool((y == y[:, :1]).all())  # each feature kept or dropped at every step
        True
    """

    rank = 1

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(rate, data_format="channels_last", seed=seed, **kwargs)


class SpatialDropout2D(_SpatialDropout):
    r"""`Dropout` of whole feature maps of an image in training, Keras's ``SpatialDropout2D``:
    one draw per sample and channel, the same at every pixel (``noise_shape=(N, 1, 1, C)``,
    ``(N, C, 1, 1)`` for channels_first):
    \(y_{n,i,j,c} = m_{n,c} x_{n,i,j,c} / (1 - p)\), \(m_{n,c} \sim \mathrm{Bernoulli}(1 - p)\).

    Args:
        rate: the fraction of channels dropped, in ``[0, 1)``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        seed: see `Dropout`.

    Shapes:
        ``(N, H, W, C)`` (``(N, C, H, W)`` for channels_first) -> the same.

    Raises:
        ValueError: an input of another rank.

    Example:
        >>> y = SpatialDropout2D(0.5, seed=1)(torch.ones(2, 3, 4, 5), training=True)
        >>> bool((y == y[:, :1, :1]).all())  # each channel kept or dropped at every pixel
        True
    """

    rank = 2

    def __init__(
        self, rate: float, data_format: str | None = None, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(rate, data_format, seed, **kwargs)


class SpatialDropout3D(_SpatialDropout):
    r"""`Dropout` of whole feature volumes in training, Keras's ``SpatialDropout3D``: one draw
    per sample and channel, the same at every voxel (``noise_shape=(N, 1, 1, 1, C)``,
    ``(N, C, 1, 1, 1)`` for channels_first), `SpatialDropout2D` with a third spatial axis:
    \(y_{n,d,i,j,c} = m_{n,c} x_{n,d,i,j,c} / (1 - p)\), \(m_{n,c} \sim \mathrm{Bernoulli}(1 - p)\).

    Args:
        rate: the fraction of channels dropped, in ``[0, 1)``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        seed: see `Dropout`.

    Shapes:
        ``(N, D, H, W, C)`` (``(N, C, D, H, W)`` for channels_first) -> the same.

    Raises:
        ValueError: an input of another rank.

    Example:
        >>> y = SpatialDropout3D(0.5, data_format="channels_first", seed=1)
        >>> y = y(torch.ones(2, 3, 2, 2, 2), training=True)
        >>> bool((y == y[..., :1, :1, :1]).all())  # each channel kept or dropped everywhere
        True
    """

    rank = 3

    def __init__(
        self, rate: float, data_format: str | None = None, seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(rate, data_format, seed, **kwargs)


# SELU's constants (Klambauer et al., 2017), as Keras writes them: alpha and scale.
_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


class AlphaDropout(Dropout):
    r"""Dropout that keeps a SELU network's mean and variance, Keras's ``AlphaDropout``: in
    training each entry is kept with probability \(1 - p\) or set to SELU's negative
    saturation \(\alpha' = -\lambda\alpha\), then the whole is moved back to mean 0 and
    variance 1 (for inputs of mean 0 and variance 1):

    \[
    y = a\,\big(m \odot x + \alpha' (1 - m)\big) + b, \qquad
    a = \big((1 - p)(1 + p\,\alpha'^2)\big)^{-1/2}, \quad b = -a\,\alpha' p
    \]

    with \(m \sim \mathrm{Bernoulli}(1 - p)\) per entry (or per entry of ``noise_shape``).

    Args:
        rate: \(p\), in ``[0, 1)`` (Keras takes 1, which makes \(a\) infinite).
        noise_shape: as `Dropout`'s.
        seed: as `Dropout`'s.

    Shapes:
        any ``(N, ...)`` -> the same.

    Example:
        >>> x = torch.randn(100_000, generator=torch.Generator().manual_seed(0))
        >>> y = AlphaDropout(0.2, seed=0)(x, training=True)
        >>> abs(float(y.mean())) < 0.02, round(float(y.std()), 1)  # still mean 0, variance 1
        (True, 1.0)
    """

    def _dropped(self, x: torch.Tensor) -> torch.Tensor:
        keep = self._kept(x, seeded_generator(self, x.device))
        saturation, p = -_SELU_ALPHA * _SELU_SCALE, self.rate
        a = ((1 - p) * (1 + p * saturation**2)) ** -0.5
        return a * (x * keep + saturation * (1 - keep)) - a * saturation * p
