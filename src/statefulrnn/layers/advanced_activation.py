"""Keras's activation layers with settings: `LeakyReLU`, `ReLU`, `ELU` and `Softmax`.

Each acts on every entry (`Softmax` on its ``axis``) and passes a mask on, as in Keras.
"""

from __future__ import annotations

from typing import Any

import torch
from torch.nn import functional as F

from .. import activations
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
        slope, threshold, cap = self.negative_slope, self.threshold, self.max_value
        if slope and cap is None and not threshold:
            return F.leaky_relu(x, slope)
        y = torch.where(x > threshold, x, 0.0) if threshold else torch.relu(x)
        if cap is not None:
            y = y.clamp(max=cap)
        return y - slope * torch.relu(threshold - x) if slope else y


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
            y = activations.softmax(x, axes[0])
        return y if mask is None else torch.where(mask, y, 0.0)

    def _broadcast_mask(self, mask: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        fits = mask.ndim <= x.ndim and all(m in (1, i) for m, i in zip(mask.shape[::-1], x.shape[::-1]))
        if not fits:
            raise ValueError(
                f"Softmax '{self.name}': the mask must broadcast to the inputs. Received: inputs shape "
                f"{tuple(x.shape)}, mask shape {tuple(mask.shape)}"
            )
        return mask if mask.dtype == torch.bool else mask > 0.5
