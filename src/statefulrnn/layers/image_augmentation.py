"""Keras's random image layers that change no pixel's place or change the image's size:
`RandomFlip`, `RandomCrop`, `RandomContrast`, `RandomBrightness`, and tf-keras's `RandomHeight`
and `RandomWidth` (the affine ones are in `statefulrnn.layers.image_transforms`).

Each augments in training and passes its input on in inference (`RandomCrop` aside: see it),
as Keras's. As in Keras, a layer called directly (``layer(x)``, or a model called directly)
trains, its call's ``training`` defaulting to True; ``predict`` and ``evaluate`` infer and ``fit``
trains; after ``eval()`` a call infers. An integer ``seed`` makes the draws repeatable
(`statefulrnn.layers._seeds`); Keras's own random stream is not reproduced, so the draws differ
from Keras's as they do between two Keras backends, while what each draw does is Keras's.
"""

from __future__ import annotations

from typing import Any

import torch

from .._keras_rules import tf_keras_rules
from ._image_resize import resize
from ._seeds import check_seed, seeded_generator
from .base import Shape
from .image_preprocessing import ImageLayer, _positive_int, resize_method, smart_resize


def factor_range(
    name: str, value: Any, low: float, high: float, negated_low: float | None = None
) -> tuple[float, float]:
    """Keras's ``factor`` forms: a pair ``(lower, upper)`` (sorted) or a number ``f`` for
    ``(-|f|, |f|)``, with ``-|f|`` raised to ``negated_low`` where given, each in
    ``[low, high]``.

    Raises:
        ValueError: anything else, in Keras's words.

    Example:
        >>> factor_range("factor", 0.2, -1, 1), factor_range("factor", [0.3, -0.1], -1, 1)
        ((-0.2, 0.2), (-0.1, 0.3))
    """
    message = (
        f"The `{name}` argument should be a number (or a list of two numbers) in the range "
        f"[{low}, {high}]. Received: {name}={value}"
    )
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
            raise ValueError(message)
        lower, upper = sorted(float(v) for v in value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not low <= value <= high:
            raise ValueError(message)
        lower, upper = -abs(float(value)), abs(float(value))
        if negated_low is not None:
            lower = max(lower, negated_low)
    else:
        raise ValueError(message)
    if lower < low or upper > high:
        raise ValueError(message)
    return lower, upper


class RandomImageLayer(ImageLayer):
    """What the random image layers share: ``training`` resolved as Keras's (see the module),
    the seeded draws, the call on one image or a batch."""

    _sets_training_default = False  # a direct call trains, as Keras's call(..., training=True)
    trains_when_called = True  # which predict's shortcut for layers that infer then reads

    def __init__(self, seed: int | None = None, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self.seed = check_seed(seed)
        self._generator: torch.Generator | None = None

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def forward(self, inputs: Any, training: bool | None = None) -> torch.Tensor:
        x, one = self._batch(inputs)
        training = self.training if training is None else bool(training)
        out = self._augmented(x) if training else self._inferred(x)
        return out[0] if one else out

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def _inferred(self, x: torch.Tensor) -> torch.Tensor:
        return x

    def _uniform(self, shape: tuple[int, ...], low: float, high: float, like: torch.Tensor) -> torch.Tensor:
        """Draws uniform in ``[low, high)`` of ``shape``, float32 on ``like``'s device."""
        generator = seeded_generator(self, like.device)
        draws = torch.rand(shape, generator=generator, device=like.device)
        return draws * (high - low) + low


class RandomFlip(RandomImageLayer):
    r"""Flip images at random in training, Keras's ``RandomFlip``: each image, with probability
    1/2, reversed left to right (\(y_{i,j} = x_{i, W - 1 - j}\)), top to bottom or both
    (``mode``). With
    ``"horizontal_and_vertical"`` Keras 3 draws once per image for both axes (so an image is
    turned half round or kept); under tf-keras's rules (`statefulrnn.config.set_keras_rules`)
    each axis has its own draw, as tf-keras's.

    Args:
        mode: ``"horizontal"``, ``"vertical"`` or ``"horizontal_and_vertical"`` (default).
        seed: see the module docstring.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: an unknown mode.

    Example:
        >>> layer = RandomFlip("horizontal", seed=0)
        >>> x = torch.tensor([[[1.0], [2.0]]])
        >>> sorted({tuple(layer(x)[0, :, 0].tolist()) for _ in range(20)})
        [(1.0, 2.0), (2.0, 1.0)]
    """

    _MODES = ("horizontal", "vertical", "horizontal_and_vertical")

    def __init__(
        self, mode: str = "horizontal_and_vertical", seed: int | None = None, data_format: str | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(seed, data_format, **kwargs)
        if mode not in self._MODES:
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument {mode}")
        self.mode = mode

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        rows, columns = self._spatial(4)
        axes = {"horizontal": [columns], "vertical": [rows]}.get(self.mode, [columns, rows])
        shared = self._uniform((len(x), 1, 1, 1), 0, 1, x) <= 0.5
        for axis in axes:
            flips = self._uniform((len(x), 1, 1, 1), 0, 1, x) <= 0.5 if tf_keras_rules() else shared
            x = torch.where(flips, x.flip(axis), x)
        return x


class RandomCrop(RandomImageLayer):
    r"""Crop a random ``(height, width)`` window in training, Keras's ``RandomCrop``:
    \(y_{i,j} = x_{t + i,\ l + j}\), one window for the whole batch, its top-left place
    \((t, l)\) drawn uniformly. An image not larger than the window
    along both axes gets the centred window of the output's aspect ratio instead (rows and
    columns taken from there on, as Keras's), resized bilinearly where it is not the output's
    size. In inference Keras 3 passes the images on uncropped; tf-keras, and statefulrnn
    under tf-keras's rules (`statefulrnn.config.set_keras_rules`), resize them as Keras's
    ``smart_resize`` (the centred window of the output's aspect ratio, resized bilinearly).

    Args:
        height, width: the window's size.
        seed: see the module docstring.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, height, width, C)`` in training; one image ``(H, W, C)`` ->
        ``(height, width, C)`` (channels second for ``"channels_first"``).

    Example:
        >>> x = torch.arange(16.0).reshape(1, 4, 4, 1)
        >>> y = RandomCrop(2, 2, seed=0)(x)
        >>> y.shape, bool(y[0, 1, 1, 0] - y[0, 0, 0, 0] == 5)  # a 2 x 2 window of x
        (torch.Size([1, 2, 2, 1]), True)
    """

    def __init__(
        self, height: int, width: int, seed: int | None = None, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(seed, data_format, **kwargs)
        self.height, self.width = _positive_int("height", height), _positive_int("width", width)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return self._sized(input_shape, self.height, self.width)

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        rows, columns = self._spatial(4)
        height, width = x.shape[rows], x.shape[columns]
        if height > self.height and width > self.width:
            top = int(self._uniform((), 0, height - self.height + 1, x))
            left = int(self._uniform((), 0, width - self.width + 1, x))
        else:  # Keras's centred window of the output's aspect ratio
            crop_height = max(min(height, width * self.height // self.width), 1)
            crop_width = max(min(width, height * self.width // self.height), 1)
            top, left = (height - crop_height) // 2, (width - crop_width) // 2
        x = x[(slice(None),) * rows + (slice(top, top + self.height), slice(left, left + self.width))]
        if (x.shape[rows], x.shape[columns]) != (self.height, self.width):
            x = resize(x, (self.height, self.width), "bilinear", self.data_format)
        return x

    def _inferred(self, x: torch.Tensor) -> torch.Tensor:
        return smart_resize(x, (self.height, self.width), self.data_format) if tf_keras_rules() else x


class RandomContrast(RandomImageLayer):
    r"""Scale each image's contrast by a random factor in training, Keras's ``RandomContrast``:
    \(y = \mathrm{clip}((x - \mu) c + \mu)\) with \(\mu\) the image's mean per channel and
    \(c\) drawn per image, uniform in \([1 - \text{lower}, 1 + \text{upper}]\), clipped to
    ``value_range``. A number ``factor`` f gives lower 0, upper f in Keras 3 (its
    ``_set_factor``), lower = upper = f in tf-keras (under tf-keras's rules here too).

    Args:
        factor: a number or a pair ``(lower, upper)``, in ``[0, 1]``.
        value_range: the images' range ``(low, high)`` (default ``(0, 255)``; tf-keras clips
            to that always).
        seed: see the module docstring.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: a factor out of range or of another form.

    Example:
        >>> x = torch.tensor([[[[50.0], [150.0]]]])
        >>> y = RandomContrast(0.5, seed=0)(x)
        >>> float(y.mean()), bool(y[0, 0, 1, 0] - y[0, 0, 0, 0] >= 100)  # mean kept, spread more
        (100.0, True)
    """

    def __init__(
        self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
        data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(seed, data_format, **kwargs)
        if tf_keras_rules() and isinstance(factor, (int, float)) and not isinstance(factor, bool):
            self.lower, self.upper = factor_range("factor", (factor, factor), 0, 1)  # [1 - f, 1 + f]
        else:
            self.lower, self.upper = factor_range("factor", factor, 0, 1, negated_low=0)
        self.factor = factor
        self.value_range = _value_range(value_range)

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        rows, columns = self._spatial(4)
        contrast = self._uniform((len(x), 1, 1, 1), 1 - self.lower, 1 + self.upper, x).to(x.dtype)
        mean = x.mean(dim=rows, keepdim=True).mean(dim=columns, keepdim=True)
        return ((x - mean) * contrast + mean).clamp(*self.value_range)


class RandomBrightness(RandomImageLayer):
    r"""Add a random brightness in training, Keras's ``RandomBrightness``: \(y = \mathrm{clip}(x
    + \delta)\), \(\delta = u\,(\text{high} - \text{low})\) with \(u\) drawn per image, uniform
    in ``factor``'s range, the sum clipped to ``value_range`` (low, high).

    Args:
        factor: a number f for ``[-f, f]`` or a pair ``(lower, upper)``, in ``[-1, 1]``.
        value_range: the images' range (default ``(0, 255)``), a pair, sorted.
        seed: see the module docstring.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: a factor or a value range out of range or of another form.

    Example:
        >>> RandomBrightness((0.1, 0.1), value_range=(0, 1))(torch.tensor([[[0.5], [0.95]]]))[..., 0]
        tensor([[0.6000, 1.0000]])
    """

    def __init__(
        self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
        data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(seed, data_format, **kwargs)
        self.lower, self.upper = factor_range("factor", factor, -1, 1)
        self.factor, self.value_range = factor, _value_range(value_range)

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        low, high = self.value_range
        delta = self._uniform((len(x), 1, 1, 1), self.lower, self.upper, x) * (high - low)
        return (x + delta.to(x.dtype)).clamp(low, high)


def _value_range(value: Any) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(
            f"The `value_range` argument should be a list of two numbers. Received: value_range={value}"
        )
    low, high = sorted(value)
    return low, high


class _RandomSide(RandomImageLayer):
    """tf-keras's `RandomHeight` and `RandomWidth`: one axis resized by a factor drawn per call."""

    _axis: int  # -3 for the height, -2 for the width (channels last, as tf-keras's)

    def __init__(
        self, factor: Any, interpolation: str = "bilinear", seed: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(seed, "channels_last", **kwargs)
        lower, upper = (factor[0], factor[1]) if isinstance(factor, (tuple, list)) else (-factor, factor)
        if upper < lower:
            raise ValueError(
                f"`factor` argument cannot have an upper bound lesser than the lower bound. "
                f"Received: factor={factor}"
            )
        if lower < -1.0 or upper < -1.0:
            raise ValueError(f"`factor` argument must have values larger than -1. Received: factor={factor}")
        self.factor, self.lower, self.upper = factor, float(lower), float(upper)
        self.interpolation = resize_method(interpolation)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = list(input_shape)
        shape[self._axis] = None
        return tuple(shape)

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        size = list(x.shape[1:3])
        scale = self._uniform((), 1 + self.lower, 1 + self.upper, x)  # float32, as tf-keras's
        size[self._axis + 3] = int(scale * size[self._axis + 3])
        return resize(x, (size[0], size[1]), self.interpolation, "channels_last")


class RandomHeight(_RandomSide):
    r"""Resize images to a random height in training, tf-keras's ``RandomHeight`` (Keras 3 has
    none): \(H' = \lfloor u H \rfloor\), u drawn per call, uniform in
    ``[1 + lower, 1 + upper]``, bilinearly by default; channels last.

    Args:
        factor: a number f for ``[-f, f]`` or a pair ``(lower, upper)``, each above -1.
        interpolation: as `Resizing`'s (default ``"bilinear"``).
        seed: see the module docstring.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W, C)`` in training; one image likewise.

    Raises:
        ValueError: a factor below -1 or with upper below lower; an unknown interpolation.

    Example:
        >>> RandomHeight((1.0, 1.0))(torch.zeros(1, 3, 4, 2)).shape
        torch.Size([1, 6, 4, 2])
    """

    _axis = -3


class RandomWidth(_RandomSide):
    r"""Resize images to a random width in training, tf-keras's ``RandomWidth`` (Keras 3 has
    none): \(W' = \lfloor u W \rfloor\), as `RandomHeight`, along the width.

    Args:
        factor, interpolation, seed: as `RandomHeight`'s.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H, W', C)`` in training; one image likewise.

    Example:
        >>> RandomWidth((-0.5, -0.5))(torch.zeros(1, 3, 4, 2)).shape
        torch.Size([1, 3, 2, 2])
    """

    _axis = -2
