"""Keras's layers that add, remove or repeat places along the spatial axes: `ZeroPadding1D`,
`Cropping1D` and `UpSampling1D` on a sequence's steps, their 2-D forms on images and 3-D forms
on volumes, one rank-generic implementation of each kind. They pass no mask on (as Keras):
their steps are not the input's. In a stream pool they are refused, since their output depends
on where chunks end (and on a model's own input, axis 1 is time for the 2-D and 3-D forms too).
"""

from __future__ import annotations

from numbers import Integral
from typing import Any, ClassVar

import torch
from torch.nn import functional as F

from . import _window
from .base import Layer, Shape, format_shape

Margins = tuple[tuple[int, int], ...]
_ORDINALS = ("1st", "2nd", "3rd")
# Keras 3's resize methods (TensorFlow's), and those computed here: "area" on whole upsampling
# factors averages one input place per output place, so it is "nearest" (TensorFlow's own "area"
# differs from that by its rounding, about 1e-7 relative).
_RESIZE_METHODS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
_INTERPOLATIONS = ("nearest", "bilinear", "area")


def _margins(name: str, value: Any, rank: int) -> Margins:
    """Keras's ``padding`` or ``cropping`` as one ``(before, after)`` pair per spatial axis, each
    >= 0: in 1-D an int (both ends) or a pair; in 2-D and 3-D an int (every end), ``rank`` ints
    (each axis's both ends) or ``rank`` pairs.

    Raises:
        ValueError: anything else, in Keras's words.

    Example:
        >>> _margins("padding", 1, 2), _margins("padding", (1, (2, 0)), 2)
        (((1, 1), (1, 1)), ((1, 1), (2, 0)))
    """
    if rank == 1:
        return (_window.window_int(name, value, allow_zero=True, rank=2),)
    if isinstance(value, Integral) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((int(value), int(value)),) * rank
    if not isinstance(value, (tuple, list)):
        raise ValueError(
            f"`{name}` should be either an int, a tuple of {rank} ints or a tuple of {rank} tuples "
            f"of 2 ints (before, after). Received: {name}={value}."
        )
    if len(value) != rank:
        raise ValueError(f"`{name}` should have {rank} elements. Received: {name}={value}.")
    pairs = (
        _window.window_int(f"{ordinal} entry of {name}", item, allow_zero=True, rank=2)
        for ordinal, item in zip(_ORDINALS, value)
    )
    return tuple((pair[0], pair[1]) for pair in pairs)


class _Steps(Layer):
    """What the three kinds share: a batch with ``rank`` spatial axes in, built on the first
    call, each spatial axis's size changed by `_size`; the public classes set ``rank``."""

    rank: ClassVar[int]  # the number of spatial axes
    supports_masking = False

    def __init__(self, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = _window.data_format(data_format)

    @property
    def _axes(self) -> tuple[int, ...]:
        return _window.spatial_axes(self.data_format, self.rank)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        shape = list(input_shape)
        for index, axis in enumerate(self._axes):
            if shape[axis] is not None:
                shape[axis] = self._size(shape[axis], index, input_shape)
        return tuple(shape)

    def _size(self, length: int, index: int, input_shape: Shape) -> int:
        """The output's size along spatial axis ``index`` for ``length`` input places."""
        raise NotImplementedError

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        self.compute_output_shape(tuple(x.shape))  # refuses what cannot be done
        if not self.built:
            self.build((None, *x.shape[1:]))
        return self._steps(x)

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class _ZeroPadding(_Steps):
    """Zeros before and after each spatial axis (Keras's ``ZeroPadding1D/2D/3D``)."""

    def __init__(self, padding: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self._pairs = _margins("padding", padding, self.rank)
        # Keras's attribute: a pair in 1-D, a pair per axis in 2-D and 3-D
        self.padding = self._pairs[0] if self.rank == 1 else self._pairs

    def _size(self, length: int, index: int, input_shape: Shape) -> int:
        return length + sum(self._pairs[index])

    def get_config(self) -> dict[str, Any]:
        """Keras's: ``padding`` as its pairs (``[[1, 1], [2, 2]]`` for ``padding=(1, 2)``, lists as
        in a JSON config)."""
        config = super().get_config()
        config["padding"] = list(self.padding) if self.rank == 1 else [list(pair) for pair in self.padding]
        return config

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        # F.pad lists the last axis first: the channels (not padded) when they are last
        pads = [0, 0] if self.data_format == "channels_last" else []
        for pair in reversed(self._pairs):
            pads.extend(pair)
        return F.pad(x, pads)


class _Cropping(_Steps):
    """Places dropped at both ends of each spatial axis (Keras's ``Cropping1D/2D/3D``)."""

    def __init__(self, cropping: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        self._pairs = _margins("cropping", cropping, self.rank)
        self.cropping = self._pairs[0] if self.rank == 1 else self._pairs

    def _size(self, length: int, index: int, input_shape: Shape) -> int:
        length -= sum(self._pairs[index])
        if length <= 0:  # Keras's words (Cropping1D's own, and the 2-D and 3-D layers')
            what = (
                "`cropping` parameter of `Cropping1D` layer must be smaller than the input length"
                if self.rank == 1
                else "Values in `cropping` argument should be smaller than the corresponding spatial "
                "dimension of the input"
            )
            raise ValueError(
                f"{what}. Received: input_shape={format_shape(input_shape)}, cropping={self.cropping}"
            )
        return length

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        index = [slice(None)] * x.ndim
        for axis, (before, after) in zip(self._axes, self._pairs):
            index[axis] = slice(before, x.shape[axis] - after)
        return x[tuple(index)]


class _UpSampling(_Steps):
    """Each place repeated ``size`` times along each spatial axis (Keras's
    ``UpSampling1D/2D/3D``), or bilinear resizing in 2-D."""

    interpolation = "nearest"  # UpSampling2D takes others

    def __init__(self, size: Any, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(data_format, **kwargs)
        if self.rank > 1:
            self.size: int | tuple[int, ...] = _window.window_int("size", size, rank=self.rank)
            self._factors = self.size
            return
        if isinstance(size, bool) or not isinstance(size, Integral):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = int(size)
        self._factors = (self.size,)

    def _size(self, length: int, index: int, input_shape: Shape) -> int:
        return length * self._factors[index]

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        return upsample(x, self._factors, self.data_format, self.interpolation)


def upsample(x: torch.Tensor, factors: tuple[int, ...], data_format: str, interpolation: str) -> torch.Tensor:
    """``x`` (a batch with ``len(factors)`` spatial axes in layout ``data_format``) enlarged
    ``factors`` times along them: each place repeated (``"nearest"``, and ``"area"``, the same
    on whole factors), or resized as TensorFlow's ``"bilinear"`` (2-D; see `UpSampling2D`).

    Example:
        >>> upsample(torch.tensor([[[1.0], [2.0]]]), (2,), "channels_last", "nearest").flatten().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """
    if interpolation == "bilinear":
        spatial = _window.swap_layout(x, data_format)
        sizes = [n * f for n, f in zip(spatial.shape[2:], factors)]
        resized = F.interpolate(spatial, size=sizes, mode="bilinear", align_corners=False)
        return _window.swap_layout(resized, data_format, back=True)
    for axis, factor in zip(_window.spatial_axes(data_format, len(factors)), factors):
        if factor > 1:
            x = x.repeat_interleave(factor, dim=axis)
    return x


class ZeroPadding1D(_ZeroPadding):
    r"""Zero steps before and after each sequence, Keras's ``ZeroPadding1D``: with
    ``padding`` \((a, b)\), \(y = (0_1, \dots, 0_a, x_1, \dots, x_T, 0_1, \dots, 0_b)\).

    Args:
        padding: steps added at both ends (an int) or ``(before, after)``.
        data_format: ``"channels_last"`` (default, ``(N, T, C)``) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, a + T + b, C)``.

    Example:
        >>> ZeroPadding1D((1, 2))(torch.ones(1, 2, 1)).flatten().tolist()
        [0.0, 1.0, 1.0, 0.0, 0.0]
    """

    rank = 1

    def __init__(
        self, padding: int | tuple[int, int] = 1, data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding2D(_ZeroPadding):
    r"""Rows and columns of zeros around each image, Keras's ``ZeroPadding2D``: with
    ``padding`` \(((t, b), (l, r))\), \(y_{n, i, j, c} = x_{n, i - t, j - l, c}\) where that is
    inside the input and 0 elsewhere.

    Args:
        padding: an int (the same at every edge), ``(rows, columns)`` (each at both ends of its
            axis) or ``((top, bottom), (left, right))``; default ``(1, 1)``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, H, W, C)``) or
            ``"channels_first"`` (``(N, C, H, W)``).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, t + H + b, l + W + r, C)``.

    Example:
        >>> ZeroPadding2D(((1, 0), (0, 1)))(torch.ones(1, 1, 2, 1))[0, ..., 0].tolist()
        [[0.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    """

    rank = 2

    def __init__(
        self,
        padding: int | tuple[int | tuple[int, int], int | tuple[int, int]] = (1, 1),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    r"""Zeros around each volume, Keras's ``ZeroPadding3D``: as `ZeroPadding2D` with a third
    spatial axis, \(((a_1, b_1), (a_2, b_2), (a_3, b_3))\) places before and after each.

    Args:
        padding: an int (the same at every face), 3 ints (each at both ends of its axis) or 3
            pairs ``(before, after)``; default ``((1, 1), (1, 1), (1, 1))``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, D, H, W, C)``) or
            ``"channels_first"`` (``(N, C, D, H, W)``).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, a_1 + D + b_1, a_2 + H + b_2, a_3 + W + b_3, C)``.

    Example:
        >>> ZeroPadding3D((0, 1, (2, 0)))(torch.ones(1, 2, 2, 2, 3)).shape
        torch.Size([1, 2, 4, 4, 3])
    """

    rank = 3

    def __init__(
        self,
        padding: int | tuple[int | tuple[int, int], ...] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(padding, data_format, **kwargs)


class Cropping1D(_Cropping):
    r"""Drop steps at both ends of each sequence, Keras's ``Cropping1D``: with ``cropping``
    \((a, b)\), \(y = (x_{a+1}, \dots, x_{T-b})\).

    Args:
        cropping: steps dropped at both ends (an int) or ``(before, after)``.

    Shapes:
        ``(N, T, C)`` -> ``(N, T - a - b, C)``.

    Raises:
        ValueError: ``a + b`` not smaller than the sequence's length.

    Example:
        >>> Cropping1D((1, 0))(torch.arange(3.0).reshape(1, 3, 1)).flatten().tolist()
        [1.0, 2.0]
    """

    rank = 1

    def __init__(self, cropping: int | tuple[int, int] = (1, 1), **kwargs: Any) -> None:
        super().__init__(cropping, None, **kwargs)  # channels last only, as Keras's


class Cropping2D(_Cropping):
    r"""Drop rows and columns at the edges of each image, Keras's ``Cropping2D``: with
    ``cropping`` \(((t, b), (l, r))\), \(y = x_{:,\, t : H - b,\, l : W - r,\, :}\).

    Args:
        cropping: an int (the same at every edge), ``(rows, columns)`` (each at both ends of
            its axis) or ``((top, bottom), (left, right))``; default ``((0, 0), (0, 0))``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, H, W, C)``) or
            ``"channels_first"`` (``(N, C, H, W)``).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H - t - b, W - l - r, C)``.

    Raises:
        ValueError: an axis cropped to nothing or less.

    Example:
        >>> Cropping2D(((1, 0), (0, 1)))(torch.arange(6.0).reshape(1, 2, 3, 1))[0, ..., 0].tolist()
        [[3.0, 4.0]]
    """

    rank = 2

    def __init__(
        self,
        cropping: int | tuple[int | tuple[int, int], int | tuple[int, int]] = ((0, 0), (0, 0)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    r"""Drop places at the faces of each volume, Keras's ``Cropping3D``: as `Cropping2D` with a
    third spatial axis, \((a_k, b_k)\) places dropped before and after axis \(k\).

    Args:
        cropping: an int (the same at every face), 3 ints (each at both ends of its axis) or 3
            pairs ``(before, after)``; default ``((1, 1), (1, 1), (1, 1))``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, D, H, W, C)``) or
            ``"channels_first"`` (``(N, C, D, H, W)``).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D - a_1 - b_1, H - a_2 - b_2, W - a_3 - b_3, C)``.

    Raises:
        ValueError: an axis cropped to nothing or less.

    Example:
        >>> Cropping3D()(torch.zeros(1, 3, 4, 5, 2)).shape
        torch.Size([1, 1, 2, 3, 2])
    """

    rank = 3

    def __init__(
        self,
        cropping: int | tuple[int | tuple[int, int], ...] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cropping, data_format, **kwargs)


class UpSampling1D(_UpSampling):
    r"""Repeat each step ``size`` times, Keras's ``UpSampling1D``:
    \(y = (x_1, \dots, x_1, x_2, \dots, x_2, \dots)\), each \(x_t\) ``size`` times.

    Args:
        size: the repetitions, a positive integer (default 2).

    Shapes:
        ``(N, T, C)`` -> ``(N, size T, C)``.

    Example:
        >>> UpSampling1D(2)(torch.tensor([[[1.0], [2.0]]])).flatten().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """

    rank = 1

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(size, None, **kwargs)  # channels last only, as Keras's


class UpSampling2D(_UpSampling):
    r"""Enlarge each image ``size`` times along rows and columns, Keras's ``UpSampling2D``.

    With ``size`` \((s_1, s_2)\), ``"nearest"`` repeats each pixel:
    \(y_{n,i,j,c} = x_{n, \lfloor i / s_1 \rfloor, \lfloor j / s_2 \rfloor, c}\) (``"area"``
    is the same on whole factors). ``"bilinear"`` is TensorFlow's resize (half-pixel centres,
    no antialiasing): output row \(i\) samples the input at \(u = (i + 1/2) / s_1 - 1/2\),
    clamped to \([0, H - 1]\), as
    \((1 - (u - \lfloor u \rfloor))\, x_{\lfloor u \rfloor} + (u - \lfloor u \rfloor)\,
    x_{\lfloor u \rfloor + 1}\), and likewise along the columns.

    Args:
        size: an int (both axes) or ``(rows, columns)``, positive; default ``(2, 2)``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, H, W, C)``) or
            ``"channels_first"`` (``(N, C, H, W)``).
        interpolation: ``"nearest"`` (default), ``"bilinear"`` or ``"area"``, any case. Keras's
            ``"bicubic"``, ``"lanczos3"`` and ``"lanczos5"`` are refused: TensorFlow's kernels
            for them are not torch's.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, s_1 H, s_2 W, C)``.

    Raises:
        ValueError: a size not positive; an interpolation not done here.

    Example:
        >>> UpSampling2D((1, 2))(torch.tensor([[[[1.0], [2.0]]]]))[0, ..., 0].tolist()
        [[1.0, 1.0, 2.0, 2.0]]
        >>> up = UpSampling2D((1, 2), interpolation="bilinear")
        >>> up(torch.tensor([[[[1.0], [2.0]]]]))[0, ..., 0].tolist()
        [[1.0, 1.25, 1.75, 2.0]]
    """

    rank = 2

    def __init__(
        self,
        size: int | tuple[int, int] = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ) -> None:
        super().__init__(size, data_format, **kwargs)
        method = interpolation.lower() if isinstance(interpolation, str) else interpolation
        if method not in _RESIZE_METHODS:
            raise ValueError(
                f"Invalid value for argument `interpolation`. Expected of one {_RESIZE_METHODS}. "
                f"Received: interpolation={interpolation}"
            )
        if method not in _INTERPOLATIONS:
            raise ValueError(
                f"UpSampling2D does not do interpolation={interpolation!r}: TensorFlow's {method} "
                f"kernel (which Keras runs) is not torch's. Use one of {_INTERPOLATIONS}."
            )
        self.interpolation = method


class UpSampling3D(_UpSampling):
    r"""Repeat each place of each volume ``size`` times along each axis, Keras's
    ``UpSampling3D``: with ``size`` \((s_1, s_2, s_3)\), \(y_{n,i,j,l,c} = x_{n, \lfloor i /
    s_1 \rfloor, \lfloor j / s_2 \rfloor, \lfloor l / s_3 \rfloor, c}\).

    Args:
        size: an int (every axis) or 3 ints, positive; default ``(2, 2, 2)``.
        data_format: ``"channels_last"`` (default, also for None: ``(N, D, H, W, C)``) or
            ``"channels_first"`` (``(N, C, D, H, W)``).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, s_1 D, s_2 H, s_3 W, C)``.

    Example:
        >>> UpSampling3D((1, 2, 3))(torch.zeros(1, 2, 2, 2, 4)).shape
        torch.Size([1, 2, 4, 6, 4])
    """

    rank = 3

    def __init__(
        self, size: int | tuple[int, int, int] = (2, 2, 2), data_format: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(size, data_format, **kwargs)
