"""1-D pooling over time, Keras's ``MaxPooling1D``, ``AveragePooling1D``,
``GlobalAveragePooling1D`` and ``GlobalMaxPooling1D``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional as F

from . import _window
from .base import Layer


class _Pooling1D(Layer):
    """Windowed pooling over time; subclasses say how a window becomes one value."""

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
        self.pool_size = _window.window_int("pool_size", pool_size)
        self.strides = _window.window_int("strides", pool_size if strides is None else strides)
        self.padding = _window.padding_mode(padding, allow_causal=False)
        self.data_format = _window.data_format(data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        time_axis = _window.time_axis(self.data_format)
        steps = _window.output_length(
            input_shape[time_axis], self.pool_size[0], self.strides[0], self.padding
        )
        if steps is not None and steps <= 0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' cannot pool windows of {self.pool_size[0]} "
                f"steps over {input_shape[time_axis]} steps with padding='valid'. Received: input "
                f"shape {tuple(input_shape)}"
            )
        shape = list(input_shape)
        shape[time_axis] = steps
        return tuple(shape)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank3(self, x)
        self.compute_output_shape(tuple(x.shape))
        if not self.built:
            self.build((None, *x.shape[1:]))
        x = _window.swap_layout(x, self.data_format)  # (N, C, T)
        left, right = _window.pads(x.shape[2], self.pool_size[0], self.strides[0], self.padding)
        return _window.swap_layout(self._pool(x, left, right), self.data_format)

    def _pool(self, x: torch.Tensor, left: int, right: int) -> torch.Tensor:
        raise NotImplementedError


class MaxPooling1D(_Pooling1D):
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

    def __init__(
        self,
        pool_size: int | Sequence[int] = 2,
        strides: int | Sequence[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)

    def _pool(self, x: torch.Tensor, left: int, right: int) -> torch.Tensor:
        x = F.pad(x, (left, right), value=-torch.inf)
        return F.max_pool1d(x, self.pool_size[0], self.strides[0])


class AveragePooling1D(_Pooling1D):
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

    def __init__(
        self,
        pool_size: int | Sequence[int],
        strides: int | Sequence[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(pool_size, strides, padding, data_format, **kwargs)

    def _pool(self, x: torch.Tensor, left: int, right: int) -> torch.Tensor:
        size, stride = self.pool_size[0], self.strides[0]
        sums = F.avg_pool1d(F.pad(x, (left, right)), size, stride)
        if not (left or right):
            return sums
        # The share of each window that is real input, so padded steps do not count.
        real = F.avg_pool1d(F.pad(torch.ones_like(x[:1, :1]), (left, right)), size, stride)
        return sums / real


class _GlobalPooling1D(Layer):
    """Pooling over the whole time axis; subclasses say how."""

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data_format = _window.data_format(data_format)
        self.keepdims = bool(keepdims)

    @property
    def _time_axis(self) -> int:
        return _window.time_axis(self.data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        if self.keepdims:
            shape[self._time_axis] = 1
        else:
            del shape[self._time_axis]
        return tuple(shape)

    def _checked(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        _window.check_rank3(self, x)
        if not self.built:
            self.build((None, *x.shape[1:]))
        return x


class GlobalAveragePooling1D(_GlobalPooling1D):
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

    supports_masking = True

    def forward(self, inputs: Any, mask: Any = None) -> torch.Tensor:
        x = self._checked(inputs)
        if mask is None:
            return x.mean(dim=self._time_axis, keepdim=self.keepdims)
        steps = torch.as_tensor(mask, device=x.device)
        expected = (x.shape[0], x.shape[self._time_axis])
        if tuple(steps.shape) != expected:
            raise ValueError(
                f"GlobalAveragePooling1D '{self.name}' expects a mask of shape {expected} (batch, "
                f"time) for inputs of shape {tuple(x.shape)}. Received: mask of shape "
                f"{tuple(steps.shape)}"
            )
        real = steps.to(torch.bool).unsqueeze(3 - self._time_axis)  # broadcasts over channels
        dim, keep = self._time_axis, self.keepdims
        total = torch.where(real, x, 0.0).sum(dim=dim, keepdim=keep)
        return total / real.to(x.dtype).sum(dim=dim, keepdim=keep)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None


class GlobalMaxPooling1D(_GlobalPooling1D):
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

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._checked(inputs)
        return x.amax(dim=self._time_axis, keepdim=self.keepdims)


# Keras's short spellings: the same classes.
AvgPool1D, MaxPool1D = AveragePooling1D, MaxPooling1D
GlobalAvgPool1D, GlobalMaxPool1D = GlobalAveragePooling1D, GlobalMaxPooling1D
