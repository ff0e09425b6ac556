r"""Keras's random affine image layers: `RandomRotation`, `RandomZoom` and `RandomTranslation`.
In training each image moves by a transform drawn for it, read back through
`statefulrnn.layers._image_affine` (TensorFlow's ``ImageProjectiveTransformV3``: the same
pixels for the same transform, ``fill_mode`` and ``interpolation``); in inference the images pass
on. Training, inference and seeds as in `statefulrnn.layers.image_augmentation`.

Each output pixel \((x, y)\) reads the input at \(A (x, y, 1)^\top\) for the drawn
\(A = [[a_0, a_1, a_2], [b_0, b_1, b_2]]\):

- rotation by \(\theta\) about the centre \((c_x, c_y) = ((W - 1) / 2, (H - 1) / 2)\):
  \(a_0 = b_1 = \cos\theta\), \(a_1 = -b_0 = -\sin\theta\), the offsets keeping the centre;
- zoom by \(z_w, z_h\): \(a_0 = z_w\), \(b_1 = z_h\), \(a_2 = c_x (1 - z_w)\),
  \(b_2 = c_y (1 - z_h)\) (a factor above 1 reads a wider window: the image shrinks);
- translation by \((t_x, t_y)\): \(a_2 = -t_x\), \(b_2 = -t_y\).
"""

from __future__ import annotations

import math
from typing import Any

import torch

from ._image_affine import FILL_MODES, INTERPOLATIONS, affine_transform
from .image_augmentation import RandomImageLayer, factor_range


class _RandomAffine(RandomImageLayer):
    """The affine layers' options and their call: `_transforms` draws the ``(N, 8)`` transforms."""

    def __init__(
        self, fill_mode: str, interpolation: str, seed: int | None, fill_value: float,
        data_format: str | None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(seed, data_format, **kwargs)
        if fill_mode not in FILL_MODES:
            raise ValueError(f"Unknown `fill_mode` {fill_mode}. Expected of one {FILL_MODES}.")
        if interpolation not in INTERPOLATIONS:
            raise ValueError(f"Unknown `interpolation` {interpolation}. Expected of one {INTERPOLATIONS}.")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def _augmented(self, x: torch.Tensor) -> torch.Tensor:
        rows, columns = self._spatial(4)
        transforms = self._transforms(x, x.shape[rows], x.shape[columns])
        return affine_transform(
            x, transforms, self.interpolation, self.fill_mode, float(self.fill_value), self.data_format
        )

    def _transforms(self, x: torch.Tensor, height: int, width: int) -> torch.Tensor:
        raise NotImplementedError


def _affine(a0: torch.Tensor, a1: Any, a2: Any, b0: Any, b1: Any, b2: Any) -> torch.Tensor:
    """``(N, 8)`` transforms from their six affine entries (each ``(N,)`` or a number)."""
    entries = [
        torch.as_tensor(value, dtype=torch.float32, device=a0.device).expand(len(a0))
        for value in (a0, a1, a2, b0, b1, b2)
    ]
    zeros = torch.zeros(len(a0), 2, device=a0.device)
    return torch.cat([torch.stack(entries, dim=1), zeros], dim=1)


class RandomRotation(_RandomAffine):
    r"""Rotate each image by a random angle in training, Keras's ``RandomRotation``: output
    pixel \(p\) reads the input at \(R_\theta (p - c) + c\), \(c\) the centre, \(\theta\)
    uniform in ``factor``'s range times 360 degrees.

    Args:
        factor: a number f for ``[-f, f]`` or a pair ``(lower, upper)``, fractions of a full
            turn, in ``[-1, 1]``.
        fill_mode: ``"reflect"`` (default), ``"wrap"``, ``"constant"`` or ``"nearest"``: what
            is read outside the image (see `statefulrnn.layers._image_affine`).
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        seed: see `statefulrnn.layers.image_augmentation`.
        fill_value: the value read outside the image for ``fill_mode="constant"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: a factor out of range or of another form; an unknown fill mode or
            interpolation.

    Example:
        >>> x = torch.tensor([[[1.0], [2.0]], [[3.0], [4.0]]])
        >>> RandomRotation((0.25, 0.25))(x)[..., 0].round()  # a quarter turn
        tensor([[2., 4.],
                [1., 3.]])
    """

    def __init__(
        self, factor: Any, fill_mode: str = "reflect", interpolation: str = "bilinear",
        seed: int | None = None, fill_value: float = 0.0, data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.lower, self.upper = factor_range("factor", factor, -1, 1)
        self.factor = factor

    def _transforms(self, x: torch.Tensor, height: int, width: int) -> torch.Tensor:
        degrees = self._uniform((len(x),), self.lower * 360.0, self.upper * 360.0, x)
        angle = degrees * torch.tensor(math.pi / 180.0)
        cos, sin = torch.cos(angle), torch.sin(angle)
        cx, cy = 0.5 * (width - 1), 0.5 * (height - 1)
        return _affine(cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos)


class RandomZoom(_RandomAffine):
    r"""Zoom each image by a random factor in training, Keras's ``RandomZoom``: the height read
    from a window \(1 + u\) times its own, u uniform in ``height_factor``'s range (negative:
    zoom in), likewise the width (the height's draw where ``width_factor`` is None), about the
    centre.

    Args:
        height_factor: a number f for ``[-f, f]`` or a pair ``(lower, upper)``, in
            ``(-1, 1]``.
        width_factor: the same for the width, or None to keep the aspect ratio.
        fill_mode, interpolation, seed, fill_value, data_format: as `RandomRotation`'s.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: a factor out of range or of another form; an unknown fill mode or
            interpolation.

    Example:
        >>> x = torch.arange(5.0).reshape(1, 5, 1)
        >>> RandomZoom(0, (-0.6, -0.6))(x)[..., 0]  # a window 0.4 as wide: the middle, magnified
        tensor([[1.2000, 1.6000, 2.0000, 2.4000, 2.8000]])
    """

    def __init__(
        self, height_factor: Any, width_factor: Any = None, fill_mode: str = "reflect",
        interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
        data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_lower, self.height_upper = _zoom_range("height_factor", height_factor)
        if width_factor is not None:
            self.width_lower, self.width_upper = _zoom_range("width_factor", width_factor)
        self.height_factor, self.width_factor = height_factor, width_factor

    def _transforms(self, x: torch.Tensor, height: int, width: int) -> torch.Tensor:
        zoom_h = self._uniform((len(x),), 1 + self.height_lower, 1 + self.height_upper, x)
        zoom_w = zoom_h
        if self.width_factor is not None:
            zoom_w = self._uniform((len(x),), 1 + self.width_lower, 1 + self.width_upper, x)
        x_offset = (width - 1.0) / 2.0 * (1.0 - zoom_w)
        y_offset = (height - 1.0) / 2.0 * (1.0 - zoom_h)
        return _affine(zoom_w, 0.0, x_offset, 0.0, zoom_h, y_offset)


def _zoom_range(name: str, value: Any) -> tuple[float, float]:
    """Keras 3's zoom factor: `factor_range` in ``(-1, 1]`` (-1 would read a window of size 0)."""
    lower, upper = factor_range(name, value, -1, 1)
    if lower <= -1:
        raise ValueError(
            f"The `{name}` argument should be a number (or a list of two numbers) in the range "
            f"(-1.0, 1.0]. Received: {name}={value}"
        )
    return lower, upper


class RandomTranslation(_RandomAffine):
    r"""Shift each image by a random offset in training, Keras's ``RandomTranslation``:
    \(y_{i,j} = x_{i - uH,\ j - vW}\) (interpolated), down by u times its height, u uniform
    in ``height_factor``'s range, and right by v times its width, v from ``width_factor``'s.

    Args:
        height_factor, width_factor: each a number f for ``[-f, f]`` or a pair
            ``(lower, upper)``, in ``[-1, 1]``.
        fill_mode, interpolation, seed, fill_value, data_format: as `RandomRotation`'s.

    Shapes:
        ``(N, H, W, C)`` or ``(H, W, C)`` -> the same.

    Raises:
        ValueError: a factor out of range or of another form; an unknown fill mode or
            interpolation.

    Example:
        >>> x = torch.arange(4.0).reshape(1, 4, 1)
        >>> RandomTranslation(0, (0.25, 0.25), fill_mode="constant")(x)[..., 0]  # one place right
        tensor([[0., 0., 1., 2.]])
    """

    def __init__(
        self, height_factor: Any, width_factor: Any, fill_mode: str = "reflect",
        interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
        data_format: str | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_lower, self.height_upper = factor_range("height_factor", height_factor, -1, 1)
        self.width_lower, self.width_upper = factor_range("width_factor", width_factor, -1, 1)
        self.height_factor, self.width_factor = height_factor, width_factor

    def _transforms(self, x: torch.Tensor, height: int, width: int) -> torch.Tensor:
        down = self._uniform((len(x),), self.height_lower, self.height_upper, x) * height
        right = self._uniform((len(x),), self.width_lower, self.width_upper, x) * width
        return _affine(torch.ones_like(down), 0.0, -right, 0.0, 1.0, -down)
