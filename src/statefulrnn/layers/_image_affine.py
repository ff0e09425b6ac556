r"""TensorFlow's ``ImageProjectiveTransformV3`` (Keras's ``ops.image.affine_transform`` on the
TensorFlow backend, which ``RandomRotation``, ``RandomZoom`` and ``RandomTranslation`` run):
each output pixel \((x, y)\) reads the input at

\[
x' = (a_0 x + a_1 y + a_2) / k, \quad y' = (b_0 x + b_1 y + b_2) / k, \quad k = c_0 x + c_1 y + 1
\]

for one transform \((a_0, a_1, a_2, b_0, b_1, b_2, c_0, c_1)\) per image, computed in float32
as TensorFlow does. A place outside the image is first mapped back into it by ``fill_mode``
(``"reflect"``: d c b a | a b c d | d c b a, ``"wrap"``: a b c d | a b c d, ``"nearest"``:
a a a a | a b c d, or ``"constant"``: left outside, where it reads ``fill_value``), then
read by ``"nearest"`` (the closest pixel, halves away from zero) or ``"bilinear"``
interpolation.

Example:
    >>> image = torch.arange(4.0).reshape(1, 1, 4, 1)  # one row: 0 1 2 3
    >>> shift = torch.tensor([[1.0, 0, -1, 0, 1, 0, 0, 0]])  # x' = x - 1: one place right
    >>> affine_transform(image, shift, "bilinear", "constant", 9.0, "channels_last")[0, 0, :, 0]
    tensor([9., 0., 1., 2.])
"""

from __future__ import annotations

import torch

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def affine_transform(
    x: torch.Tensor, transforms: torch.Tensor, interpolation: str, fill_mode: str, fill_value: float,
    data_format: str,
) -> torch.Tensor:  # fmt: skip
    """Images ``x`` each transformed by its row of ``transforms`` ``(N, 8)`` (see the module).

    Shapes:
        ``(N, H, W, C)`` -> the same (``(N, C, H, W)`` for ``"channels_first"``).
    """
    images = x if data_format == "channels_last" else x.movedim(1, -1)  # (N, H, W, C)
    n, height, width, channels = images.shape
    t = transforms.to(device=x.device, dtype=torch.float32).reshape(n, 8, 1, 1).unbind(1)
    ys = torch.arange(height, device=x.device, dtype=torch.float32).reshape(1, height, 1)
    xs = torch.arange(width, device=x.device, dtype=torch.float32).reshape(1, 1, width)
    k = t[6] * xs + t[7] * ys + 1
    source_x = _mapped((t[0] * xs + t[1] * ys + t[2]) / k, width, fill_mode)
    source_y = _mapped((t[3] * xs + t[4] * ys + t[5]) / k, height, fill_mode)
    flat = images.reshape(n, height * width, channels)
    fill = torch.tensor(fill_value, dtype=x.dtype, device=x.device)

    def read(row: torch.Tensor, column: torch.Tensor) -> torch.Tensor:
        """The pixels at integer places ``(N, H, W)``, ``fill_value`` outside the image."""
        inside = (row >= 0) & (row < height) & (column >= 0) & (column < width) & (k != 0)
        row, column = (
            torch.nan_to_num(place).clamp(0, size - 1) for place, size in ((row, height), (column, width))
        )
        index = (row * width + column).long()
        pixels = flat.gather(1, index.reshape(n, -1, 1).expand(-1, -1, channels)).reshape(images.shape)
        return torch.where(inside.unsqueeze(-1), pixels, fill)

    if interpolation == "nearest":
        out = read(_round_half_away(source_y), _round_half_away(source_x))
    else:
        y0, x0 = torch.floor(source_y), torch.floor(source_x)
        y1, x1 = y0 + 1, x0 + 1
        # TensorFlow's weights, (x1 - x) rather than 1 - (x - x0), for its roundings
        left, right = (x1 - source_x).unsqueeze(-1), (source_x - x0).unsqueeze(-1)
        top = left * read(y0, x0) + right * read(y0, x1)
        bottom = left * read(y1, x0) + right * read(y1, x1)
        out = (y1 - source_y).unsqueeze(-1) * top + (source_y - y0).unsqueeze(-1) * bottom
    return out if data_format == "channels_last" else out.movedim(-1, 1)


def _round_half_away(value: torch.Tensor) -> torch.Tensor:
    return torch.sign(value) * torch.floor(value.abs() + 0.5)


def _mapped(place: torch.Tensor, length: int, fill_mode: str) -> torch.Tensor:
    """Places along an axis of ``length`` mapped into ``[0, length - 1]`` by ``fill_mode``, as
    TensorFlow's ``MapCoordinate`` (``"constant"``: as they are)."""
    if fill_mode == "constant":
        return place
    if length <= 1:
        return torch.zeros_like(place)
    top = float(length - 1)
    if fill_mode == "reflect":
        double = float(2 * length)
        below = place + double * torch.trunc(-place / double)
        below = torch.where(below < -length, below + double, -below - 1)
        above = place - double * torch.trunc(place / double)
        above = torch.where(above >= length, double - above - 1, above)
        place = torch.where(place < 0, below, torch.where(place > top, above, place))
    elif fill_mode == "wrap":
        below = place + length * (torch.trunc(-place / top) + 1)
        above = place - length * torch.trunc(place / top)
        place = torch.where(place < 0, below, torch.where(place > top, above, place))
    return place.clamp(0.0, top)
