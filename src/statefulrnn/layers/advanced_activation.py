"""Keras's activation layers with settings: `LeakyReLU`, `ReLU`, `ELU`, `Softmax`, `PReLU`,
whose negative slopes are learnt, and tf-keras's `ThresholdedReLU`.

Each acts on every entry (`Softmax` on its ``axis``) and passes a mask on, as in Keras.
"""

from __future__ import annotations

from typing import Any

import torch
from torch.nn import functional as F

from .. import activations, constraints, initializers, regularizers
from .activation import ElementwiseLayer


class _ActivationLayer(ElementwiseLayer):
    """`_act` on the input."""

    def forward(self, inputs: Any) -> torch.Tensor:
        return self._act(self._built_input(inputs))

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


def _not_negative(layer: str, name: str, value: Any) -> float:
    if value is None or value < 0:
        raise ValueError(f"{name} of a {layer} layer cannot be None or negative. Received: {name}={value}")
    return float(value)


class LeakyReLU(_ActivationLayer):
    r"""``x`` where positive, else a small slope: Keras's ``LeakyReLU``.

    \[
    y = \begin{cases} x & x \ge 0 \\ a x & x < 0 \end{cases}
    \]

    Args:
        negative_slope: \(a\) (default 0.3, Keras's; PyTorch's ``LeakyReLU`` takes 0.01).
        alpha: Keras 2's name for ``negative_slope`` (tf-keras's ``LeakyReLU(alpha=0.3)``); it
            wins when given.

    Shapes:
        any shape -> the same.

    Example:
        >>> LeakyReLU(alpha=0.1)(torch.tensor([-2.0, 3.0]))
        tensor([-0.2000,  3.0000])
    """

    def __init__(self, negative_slope: float = 0.3, alpha: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        slope = negative_slope if alpha is None else alpha
        self.negative_slope = _not_negative("LeakyReLU", "negative_slope", slope)

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        return F.leaky_relu(x, self.negative_slope)


class ReLU(_ActivationLayer):
    r"""Keras's ``ReLU``: with the ``threshold`` \(\theta\), ``max_value`` \(M\) and
    ``negative_slope`` \(a\),

    \[
    y = \begin{cases} \min(x, M) & x > \theta \\ a (x - \theta) & x \le \theta \end{cases}
    \]

    which is \(\max(x, 0)\) with the defaults. (Keras computes \(x \le \theta\) as 0 and
    subtracts \(a \max(\theta - x, 0)\); this is that, step for step.)

    Args:
        max_value: \(M\), or None for no cap.
        negative_slope: \(a\) (default 0).
        threshold: \(\theta\) (default 0).

    Shapes:
        any shape -> the same.

    Example:
        >>> ReLU(max_value=2.0, negative_slope=0.5, threshold=1.0)(torch.tensor([-1.0, 0.5, 1.5, 4.0]))
        tensor([-1.0000, -0.2500,  1.5000,  2.0000])
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"max_value of a ReLU layer cannot be negative. Received: max_value={max_value}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = _not_negative("ReLU", "negative_slope", negative_slope)
        self.threshold = _not_negative("ReLU", "threshold", threshold)

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        return activations.fast_relu(x, self.negative_slope, self.max_value, self.threshold)


class ELU(_ActivationLayer):
    r"""Keras's ``ELU``: \(y = x\) for \(x > 0\), else \(\alpha (e^x - 1)\).

    Args:
        alpha: \(\alpha\) (default 1).

    Shapes:
        any shape -> the same.

    Example:
        >>> ELU(alpha=2.0)(torch.tensor([-1.0, 1.0]))
        tensor([-1.2642,  1.0000])
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        return F.elu(x, self.alpha)


class ThresholdedReLU(_ActivationLayer):
    r"""``x`` where above ``theta``, else 0: tf-keras's ``ThresholdedReLU`` (Keras 3 dropped it for
    `ReLU` with ``threshold``, which gives the same values).

    \[
    y = \begin{cases} x & x > \theta \\ 0 & x \le \theta \end{cases}
    \]

    computed as tf-keras does, \(x \cdot [x > \theta]\) with \(\theta\) in the input's
    dtype (so a NaN stays NaN, and a negative input gives \(-0\)).

    Args:
        theta: \(\theta \ge 0\) (default 1, tf-keras's).

    Shapes:
        any shape -> the same.

    Raises:
        ValueError: ``theta`` None or negative (tf-keras's messages).

    Example:
        >>> ThresholdedReLU(theta=1.0)(torch.tensor([-2.0, 1.0, 1.5]))
        tensor([-0.0000, 0.0000, 1.5000])
    """

    def __init__(self, theta: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if theta is None:
            raise ValueError(
                f"Theta of a Thresholded ReLU layer cannot be None, expecting a float. Received: {theta}"
            )
        if theta < 0:
            raise ValueError(f"The theta value of a Thresholded ReLU layer should be >=0. Received: {theta}")
        self.theta = float(theta)

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        return x * (x > torch.tensor(self.theta, dtype=x.dtype)).to(x.dtype)


class Softmax(ElementwiseLayer):
    r"""Keras's ``Softmax`` over ``axis``:
    \(y_j = e^{x_j} / \sum_k e^{x_k}\), with masked entries (a ``mask=`` that broadcasts to the
    input, False where left out) taking no share and giving 0, as in Keras.

    Args:
        axis: the axis (or axes) normalised over (default -1).

    Shapes:
        any shape -> the same; ``mask`` broadcastable to it, from the right.

    Raises:
        ValueError: a mask that does not broadcast to the input.

    Example:
        >>> Softmax()(torch.tensor([[1.0, 1.0, 5.0]]), mask=torch.tensor([[True, True, False]]))
        tensor([[0.5000, 0.5000, 0.0000]])
    """

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis

    def forward(self, inputs: Any, mask: Any = None) -> torch.Tensor:
        x = self._built_input(inputs)
        if mask is not None:
            mask = self._broadcast_mask(torch.as_tensor(mask, device=x.device), x)
            x = torch.where(mask, x, -1e9)  # Keras's large negative number for float32
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if len(axes) > 1:
            y = torch.exp(x - torch.logsumexp(x, dim=axes, keepdim=True))
        else:  # Keras's activation, which keeps the logits for a crossentropy loss
            y = activations.fast(activations.softmax)(x, axes[0])
        return y if mask is None else torch.where(mask, y, 0.0)

    def _broadcast_mask(self, mask: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        fits = mask.ndim <= x.ndim and all(m in (1, i) for m, i in zip(mask.shape[::-1], x.shape[::-1]))
        if not fits:
            raise ValueError(
                f"Softmax '{self.name}': the mask must broadcast to the inputs. Received: inputs shape "
                f"{tuple(x.shape)}, mask shape {tuple(mask.shape)}"
            )
        return mask if mask.dtype == torch.bool else mask > 0.5


class PReLU(ElementwiseLayer):
    r"""Keras's ``PReLU``: a leaky ReLU whose negative slopes \(\alpha\) are learnt,
    \(y = \max(x, 0) - \alpha \max(-x, 0)\), one slope per entry of a sample.

    Args:
        alpha_initializer: the slopes' start (default ``"zeros"``: a ReLU).
        alpha_regularizer, alpha_constraint: default None; see `statefulrnn.regularizers` and
            `statefulrnn.constraints`.
        shared_axes: the axes (1 for the first after the batch) along which one slope serves
            every entry; ``[1]`` on ``(N, T, F)`` sequences gives one slope per feature, the same
            at every step, so the layer takes sequences of any length, in chunks or whole.

    Shapes:
        ``(N, ...)`` -> the same. The weight ``alpha`` has the input's shape without the batch
        axis, with 1 on each shared axis; a later input must match it on the other axes.

    Raises:
        ValueError: an axis of unknown size that is not shared (a sequence of any length needs
            ``shared_axes=[1]``), a shared axis outside the input, or an input that does not match
            the slopes built (each axis of the slopes has the input's size there, or 1).

    Example:
        >>> layer = PReLU(alpha_initializer="ones", shared_axes=[1])
        >>> with torch.no_grad():
        ...     _ = layer(torch.zeros(1, 1, 2))
        ...     _ = layer.alpha.copy_(torch.tensor([[0.1, 0.5]]))
        ...     layer(torch.tensor([[[-2.0, -2.0], [3.0, -1.0]]]))
        tensor([[[-0.2000, -1.0000],
                 [ 3.0000, -0.5000]]])
    """

    def __init__(
        self,
        alpha_initializer: str | initializers.Initializer = "zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: int | list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes: list[int] | None = None
        else:
            axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]
            if not all(isinstance(a, int) and not isinstance(a, bool) and a >= 1 for a in axes):
                raise ValueError(
                    "PReLU: shared_axes must be axes after the batch axis (1, 2, ...). "
                    f"Received: shared_axes={shared_axes!r}"
                )
            self.shared_axes = axes

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if axis > len(shape):
                raise ValueError(
                    f"PReLU '{self.name}': shared axis {axis} is outside inputs of shape "
                    f"{tuple(input_shape)}."
                )
            shape[axis - 1] = 1
        if None in shape:
            raise ValueError(
                f"PReLU '{self.name}' learns one slope per entry of a sample, so every axis must have a "
                f"known size or be shared; received inputs of shape {tuple(input_shape)}. For sequences "
                "of any length, pass shared_axes=[1]."
            )
        self.add_weight("alpha", tuple(shape), initializer=self.alpha_initializer)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._built_input(inputs)
        alpha = self.alpha
        matches = x.ndim == alpha.ndim + 1 and all(
            a == 1 or a == size for a, size in zip(alpha.shape, x.shape[1:])
        )
        if not matches:  # a slope of size 1 serves any size there, as in Keras
            raise ValueError(
                f"PReLU '{self.name}' was built with slopes of shape {tuple(alpha.shape)} (shared_axes="
                f"{self.shared_axes}), which do not fit inputs of shape {tuple(x.shape)}."
            )
        return torch.relu(x) - alpha * torch.relu(-x)
