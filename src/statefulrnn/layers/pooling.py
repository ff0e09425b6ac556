"""Keras's pooling layers, 1-D over time, 2-D over images, 3-D over volumes: ``MaxPooling1D/2D/3D``,
``AveragePooling1D/2D/3D``, ``GlobalAveragePooling1D/2D/3D`` and ``GlobalMaxPooling1D/2D/3D``,
one rank-generic implementation of each kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch
from torch.nn import functional as F

from . import _window
from .base import Layer


class _Pooling(Layer):
    """Windowed pooling over ``rank`` spatial axes (Keras's ``BasePooling``); subclasses say how
    a window becomes one value, the public classes set ``rank``."""

    rank: ClassVar[int]
    pool_mode: ClassVar[str]  # "max" or "avg", as `pool` takes it
    supports_masking = False  # as Keras 3: the output steps are not the input steps

    def __init__(
        self,
        pool_size: int | Sequence[int],
        strides: int | Sequence[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pool_size = _window.window_int("pool_size", pool_size, rank=self.rank)
        strides = pool_size if strides is None else strides
        self.strides = _window.window_int("strides", strides, rank=self.rank)
        self.padding = _window.padding_mode(padding, allow_causal=False)
        self.data_format = _window.data_format(data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        for axis, size, stride in zip(
            _window.spatial_axes(self.data_format, self.rank), self.pool_size, self.strides
        ):
            length = _window.output_length(input_shape[axis], size, stride, self.padding)
            if length is not None and length <= 0:
                raise ValueError(
                    f"{self._describe()} cannot pool windows of {size} "
                    f"steps over {input_shape[axis]} steps with padding='valid'. Received: input "
                    f"shape {tuple(input_shape)}"
                )
            shape[axis] = length
        return tuple(shape)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        self.compute_output_shape(tuple(x.shape))
        if not self.built:
            self.build((None, *x.shape[1:]))
        x = _window.swap_layout(x, self.data_format)  # (N, C, *spatial)
        pooled = pool(x, self.pool_mode, self.pool_size, self.strides, self.padding)
        return _window.swap_layout(pooled, self.data_format, back=True)


class _MaxPooling(_Pooling):
    """The largest value of each window (a padded place never wins)."""

    def __init__(
        self,
        pool_size: int | Sequence[int] = 2,
        strides: int | Sequence[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)

    pool_mode = "max"


class _AveragePooling(_Pooling):
    """The mean of the real (unpadded) inputs of each window, as TensorFlow computes it."""

    pool_mode = "avg"


def pool(
    x: torch.Tensor, pool_mode: str, pool_size: Sequence[int], strides: Sequence[int], padding: str
) -> torch.Tensor:
    """``x (N, C, *spatial)`` pooled over windows of ``pool_size`` every ``strides`` places:
    each window's largest value (``pool_mode="max"``; a padded place never wins) or the mean of
    its real (unpadded) places (``"avg"``), as TensorFlow computes them; ``padding`` is
    ``"valid"`` or ``"same"`` (TensorFlow's: the odd place at the end).

    Example:
        >>> pool(torch.tensor([[[1.0, 3.0, 2.0]]]), "avg", (2,), (2,), "same").tolist()
        [[[2.0, 2.0]]]
    """
    rank = x.ndim - 2
    pads = _window.spatial_pads(x.shape[2:], pool_size, strides, padding)
    if pool_mode == "max":
        maximum = (F.max_pool1d, F.max_pool2d, F.max_pool3d)[rank - 1]
        return maximum(F.pad(x, pads, value=-torch.inf), pool_size, strides)
    average = (F.avg_pool1d, F.avg_pool2d, F.avg_pool3d)[rank - 1]
    sums = average(F.pad(x, pads), pool_size, strides)
    if not any(pads):
        return sums
    # The share of each window that is real input, so padded places do not count.
    real = average(F.pad(torch.ones_like(x[:1, :1]), pads), pool_size, strides)
    return sums / real


class MaxPooling1D(_MaxPooling):
    r"""The largest value in each window of ``pool_size`` steps, Keras's ``MaxPooling1D``.

    With \(p\) the ``pool_size`` and \(s\) the ``strides``, for each channel \(c\):

    \[
    y_{n,t,c} = \max_{0 \le j < p} \tilde x_{n,\, t s + j,\, c}
    \]

    where \(\tilde x\) is the input with ``"same"``'s padding (TensorFlow's: the odd step on
    the right) of \(-\infty\), so that a padded step never wins.

    Args:
        pool_size: window length \(p\) (default 2).
        strides: step \(s\) between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default: only whole windows) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, T', C)`` (``(N, C, T)`` -> ``(N, C, T')`` for channels_first),
        \(T' = \lfloor (T - p) / s \rfloor + 1\) for ``"valid"``, \(T' = \lceil T / s \rceil\)
        for ``"same"``.

    Example:
        >>> MaxPooling1D()(torch.tensor([[[1.0], [3.0], [2.0], [0.0]]])).flatten()
        tensor([3., 2.])
    """

    rank = 1


class AveragePooling1D(_AveragePooling):
    r"""The mean of each window of ``pool_size`` steps, Keras's ``AveragePooling1D``.

    With \(p\) the ``pool_size``, \(s\) the ``strides`` and \(W_t\) the real input steps
    of window \(t\) (all \(p\) of them with ``"valid"``):

    \[
    y_{n,t,c} = \frac{1}{|W_t|} \sum_{\tau \in W_t} x_{n,\tau,c}
    \]

    so with ``padding="same"`` a window that hangs over an end averages only the real steps
    in it, as TensorFlow does (the padding, TensorFlow's, puts the odd step on the right).

    Args:
        pool_size: window length \(p\) (no default, as in Keras).
        strides: step \(s\) between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default: only whole windows) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, T, C)`` -> ``(N, T', C)`` (``(N, C, T)`` -> ``(N, C, T')`` for channels_first),
        \(T' = \lfloor (T - p) / s \rfloor + 1\) for ``"valid"``, \(T' = \lceil T / s \rceil\)
        for ``"same"``.

    Example:
        >>> AveragePooling1D(2, padding="same")(torch.tensor([[[1.0], [3.0], [5.0]]])).flatten()
        tensor([2., 5.])
    """

    rank = 1


class MaxPooling2D(_MaxPooling):
    r"""The largest value in each ``pool_size`` window of an image, Keras's ``MaxPooling2D``.

    \[
    y_{n,i,j,c} = \max_{0 \le a < p_1,\ 0 \le b < p_2} \tilde x_{n,\, i s_1 + a,\, j s_2 + b,\, c}
    \]

    with \(p\) the ``pool_size``, \(s\) the ``strides`` and \(\tilde x\) the input with
    ``"same"``'s padding (TensorFlow's: on each axis the odd place at the end) of
    \(-\infty\), so that a padded place never wins.

    Args:
        pool_size: window \((p_1, p_2)\), an int for both axes (default 2).
        strides: steps \((s_1, s_2)\) between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default: only whole windows) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', C)`` (``(N, C, H, W)`` -> ``(N, C, H', W')`` for
        channels_first), each size \(\lfloor (L - p) / s \rfloor + 1\) for ``"valid"``,
        \(\lceil L / s \rceil\) for ``"same"``.

    Example:
        >>> MaxPooling2D()(torch.arange(16.0).reshape(1, 4, 4, 1)).flatten().tolist()
        [5.0, 7.0, 13.0, 15.0]
    """

    rank = 2


class MaxPooling3D(_MaxPooling):
    r"""The largest value in each ``pool_size`` window of a volume, Keras's ``MaxPooling3D``:
    `MaxPooling2D` with a third spatial axis.

    Args:
        pool_size: window \((p_1, p_2, p_3)\), an int for every axis (default 2).
        strides: steps between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default) or ``"same"`` (padded places never win).
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D', H', W', C)`` (channels_first: ``(N, C, D, H, W)``
        -> ``(N, C, D', H', W')``), each size as `MaxPooling2D`'s.

    Example:
        >>> MaxPooling3D()(torch.arange(8.0).reshape(1, 2, 2, 2, 1)).flatten().tolist()
        [7.0]
    """

    rank = 3


class AveragePooling2D(_AveragePooling):
    r"""The mean of each ``pool_size`` window of an image, Keras's ``AveragePooling2D``.

    With \(W_{ij}\) the real (unpadded) input places of window \((i, j)\):

    \[
    y_{n,i,j,c} = \frac{1}{|W_{ij}|} \sum_{(a, b) \in W_{ij}} x_{n,a,b,c}
    \]

    so with ``padding="same"`` a window over an edge averages only the real places in it, as
    TensorFlow does (its padding puts the odd place at the end of each axis).

    Args:
        pool_size: window \((p_1, p_2)\), an int for both axes (no default, as in Keras).
        strides: steps between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, H, W, C)`` -> ``(N, H', W', C)`` (channels_first: ``(N, C, H, W)`` -> ``(N, C,
        H', W')``), each size as `MaxPooling2D`'s.

    Example:
        >>> x = torch.arange(9.0).reshape(1, 3, 3, 1)
        >>> AveragePooling2D(2, padding="same")(x).flatten().tolist()  # the edge windows: real places only
        [2.0, 3.5, 6.5, 8.0]
    """

    rank = 2


class AveragePooling3D(_AveragePooling):
    r"""The mean of each ``pool_size`` window of a volume, Keras's ``AveragePooling3D``:
    `AveragePooling2D` with a third spatial axis (``"same"`` windows average their real
    places only).

    Args:
        pool_size: window \((p_1, p_2, p_3)\), an int for every axis (no default, as in Keras).
        strides: steps between windows; None (default) means ``pool_size``.
        padding: ``"valid"`` (default) or ``"same"``.
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, D', H', W', C)`` (channels_first: ``(N, C, D, H, W)``
        -> ``(N, C, D', H', W')``), each size as `MaxPooling2D`'s.

    Example:
        >>> AveragePooling3D(2)(torch.arange(8.0).reshape(1, 2, 2, 2, 1)).flatten().tolist()
        [3.5]
    """

    rank = 3


class _GlobalPooling(Layer):
    """Pooling over all ``rank`` spatial axes at once; subclasses say how, the public classes
    set ``rank``."""

    rank: ClassVar[int]

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = _window.data_format(data_format)
        self.keepdims = bool(keepdims)

    @property
    def _axes(self) -> tuple[int, ...]:
        return _window.spatial_axes(self.data_format, self.rank)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        if self.keepdims:
            return tuple(1 if axis in self._axes else size for axis, size in enumerate(input_shape))
        return tuple(size for axis, size in enumerate(input_shape) if axis not in self._axes)

    def _checked(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank(self, x, self.rank)
        if not self.built:
            self.build((None, *x.shape[1:]))
        return x


class _GlobalAveragePooling(_GlobalPooling):
    """The mean over the spatial axes."""

    def forward(self, inputs: Any) -> torch.Tensor:
        return self._checked(inputs).mean(dim=self._axes, keepdim=self.keepdims)


class _GlobalMaxPooling(_GlobalPooling):
    """The maximum over the spatial axes."""

    def forward(self, inputs: Any) -> torch.Tensor:
        return self._checked(inputs).amax(dim=self._axes, keepdim=self.keepdims)


class GlobalAveragePooling1D(_GlobalAveragePooling):
    r"""The mean over time, Keras's ``GlobalAveragePooling1D``; with a mask, the mean of the
    real steps only.

    With \(m_{n,t}\) the mask (1 for every step without one):

    \[
    y_{n,c} = \frac{\sum_t m_{n,t} \, x_{n,t,c}}{\sum_t m_{n,t}}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the time axis, with length 1 (default False).

    Shapes:
        ``(N, T, C)`` -> ``(N, C)`` (``(N, 1, C)`` with keepdims); mask ``(N, T)``, True
        (or nonzero) for real steps. A row with no real step gives NaN, as in Keras. The
        mask stops here (Keras's ``compute_mask`` returns None).

    Example:
        >>> x = torch.tensor([[[1.0], [3.0], [8.0]]])
        >>> GlobalAveragePooling1D()(x, mask=torch.tensor([[True, True, False]]))
        tensor([[2.]])
    """

    rank = 1
    supports_masking = True

    def forward(self, inputs: Any, mask: Any = None) -> torch.Tensor:
        if mask is None:
            return super().forward(inputs)
        x = self._checked(inputs)
        (time_axis,) = self._axes
        steps = torch.as_tensor(mask, device=x.device)
        expected = (x.shape[0], x.shape[time_axis])
        if tuple(steps.shape) != expected:
            raise ValueError(
                f"GlobalAveragePooling1D '{self.name}' expects a mask of shape {expected} (batch, "
                f"time) for inputs of shape {tuple(x.shape)}. Received: mask of shape "
                f"{tuple(steps.shape)}"
            )
        real = steps.to(torch.bool).unsqueeze(3 - time_axis)  # broadcasts over channels
        dim, keep = time_axis, self.keepdims
        total = torch.where(real, x, 0.0).sum(dim=dim, keepdim=keep)
        return total / real.to(x.dtype).sum(dim=dim, keepdim=keep)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None


class GlobalMaxPooling1D(_GlobalMaxPooling):
    r"""The maximum over time, Keras's ``GlobalMaxPooling1D`` (no mask support, as Keras 3).

    \[
    y_{n,c} = \max_t x_{n,t,c}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the time axis, with length 1 (default False).

    Shapes:
        ``(N, T, C)`` -> ``(N, C)`` (``(N, 1, C)`` with keepdims).

    Example:
        >>> GlobalMaxPooling1D(keepdims=True)(torch.tensor([[[1.0], [3.0], [2.0]]]))
        tensor([[[3.]]])
    """

    rank = 1


class GlobalAveragePooling2D(_GlobalAveragePooling):
    r"""The mean over an image's height and width, Keras's ``GlobalAveragePooling2D``.

    \[
    y_{n,c} = \frac{1}{H W} \sum_{i,j} x_{n,i,j,c}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the spatial axes, with length 1 (default False).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, C)`` (``(N, 1, 1, C)`` with keepdims; channels_first:
        ``(N, C, H, W)`` -> ``(N, C)`` or ``(N, C, 1, 1)``).

    Example:
        >>> GlobalAveragePooling2D()(torch.arange(8.0).reshape(1, 2, 2, 2)).tolist()
        [[3.0, 4.0]]
    """

    rank = 2


class GlobalAveragePooling3D(_GlobalAveragePooling):
    r"""The mean over a volume's three spatial axes, Keras's ``GlobalAveragePooling3D``.

    \[
    y_{n,c} = \frac{1}{D H W} \sum_{i,j,l} x_{n,i,j,l,c}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the spatial axes, with length 1 (default False).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, C)`` (``(N, 1, 1, 1, C)`` with keepdims).

    Example:
        >>> GlobalAveragePooling3D(keepdims=True)(torch.ones(2, 3, 4, 5, 6)).shape
        torch.Size([2, 1, 1, 1, 6])
    """

    rank = 3


class GlobalMaxPooling2D(_GlobalMaxPooling):
    r"""The maximum over an image's height and width, Keras's ``GlobalMaxPooling2D``.

    \[
    y_{n,c} = \max_{i,j} x_{n,i,j,c}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the spatial axes, with length 1 (default False).

    Shapes:
        ``(N, H, W, C)`` -> ``(N, C)`` (``(N, 1, 1, C)`` with keepdims).

    Example:
        >>> GlobalMaxPooling2D()(torch.arange(8.0).reshape(1, 2, 2, 2)).tolist()
        [[6.0, 7.0]]
    """

    rank = 2


class GlobalMaxPooling3D(_GlobalMaxPooling):
    r"""The maximum over a volume's three spatial axes, Keras's ``GlobalMaxPooling3D``.

    \[
    y_{n,c} = \max_{i,j,l} x_{n,i,j,l,c}
    \]

    Args:
        data_format: ``"channels_last"`` (default, also for None) or ``"channels_first"``.
        keepdims: keep the spatial axes, with length 1 (default False).

    Shapes:
        ``(N, D, H, W, C)`` -> ``(N, C)`` (``(N, 1, 1, 1, C)`` with keepdims).

    Example:
        >>> GlobalMaxPooling3D(data_format="channels_first")(torch.ones(2, 3, 4, 5, 6)).shape
        torch.Size([2, 3])
    """

    rank = 3


# Keras's short spellings: the same classes.
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
)
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D
