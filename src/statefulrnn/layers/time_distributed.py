"""`TimeDistributed(layer)`: one layer applied to every time step, Keras's ``TimeDistributed``."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import torch
from torch import nn

from .base import format_shape
from .wrapper import Wrapper


class TimeDistributed(Wrapper):
    r"""Apply ``layer`` to each time slice ``inputs[:, t]``, with the same weights at every
    step, Keras's ``TimeDistributed``.

    With \(f\) the wrapped ``layer``:

    \[
    y_{:, t} = f(x_{:, t}), \qquad t = 1, \dots, T
    \]

    The slices of all steps go through ``layer`` together as one batch of ``N * T`` rows,
    which is what Keras's step-by-step loop computes for every layer whose output for a row
    depends on that row alone (`Dense`, `Conv1D`, pooling, `Flatten`, ...). A layer in
    training mode whose forward takes ``training`` (`BatchNormalization`, `Dropout`) is run
    step by step instead, as Keras runs it, so that batch statistics are per step.

    Args:
        layer: \(f\), the layer to apply (its input is one slice, ``(N, ...)``); any
            ``nn.Module``. Its weights are the weights of this layer.

    Shapes:
        ``(N, T, ...)`` -> ``(N, T, ...)``: ``(N, T, F)`` -> ``(N, T, U)`` for ``Dense(U)``.
        A mask ``(N, T[, ...])`` passes on unchanged; ``layer`` receives each step's part of
        it when its forward takes ``mask``.

    Raises:
        ValueError: inputs of rank below 3, or a mask whose batch or time size differs from
            the inputs'.

    Example:
        >>> from statefulrnn.layers import Dense
        >>> layer = TimeDistributed(Dense(2))
        >>> layer(torch.zeros(4, 5, 3)).shape
        torch.Size([4, 5, 2])
        >>> [tuple(w.shape) for w in layer.weights]
        [(3, 2), (2,)]
    """

    supports_masking = True

    def __init__(self, layer: nn.Module, **kwargs: Any) -> None:
        if not isinstance(layer, nn.Module):
            raise TypeError(
                f"TimeDistributed wraps a layer (an nn.Module such as Dense(4)). Received: {layer!r}"
            )
        super().__init__(layer, **kwargs)
        self._inner_takes = frozenset(inspect.signature(type(layer).forward).parameters)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        self._check_rank(input_shape)
        self._build_wrapped((input_shape[0], *input_shape[2:]))  # one step's shape

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        self._check_rank(input_shape)
        inner = self.layer.compute_output_shape((input_shape[0], *input_shape[2:]))
        return (inner[0], input_shape[1], *inner[1:])

    def forward(self, inputs: Any, training: bool | None = None, mask: Any = None) -> torch.Tensor:
        x = self._as_input(inputs)
        self._check_rank(tuple(x.shape))
        if not self.built:
            self.build((None, *x.shape[1:]))
        mask = None if mask is None else self._checked_mask(mask, x)
        kwargs = {"training": training} if "training" in self._inner_takes else {}
        takes_mask = mask is not None and "mask" in self._inner_takes
        batch, steps = x.shape[:2]
        if kwargs and (self.layer.training if training is None else training):
            outputs = [
                self.layer(x[:, t], **kwargs, **({"mask": mask[:, t]} if takes_mask else {}))
                for t in range(steps)
            ]
            return torch.stack(outputs, dim=1)
        if takes_mask:
            kwargs["mask"] = mask.reshape(batch * steps, *mask.shape[2:])
        outputs = self.layer(x.reshape(batch * steps, *x.shape[2:]), **kwargs)  # (N * T, ...)
        return outputs.reshape(batch, steps, *outputs.shape[1:])

    def _check_rank(self, shape: tuple[int | None, ...]) -> None:
        if len(shape) < 3:
            raise ValueError(
                f"TimeDistributed '{self.name}' expects inputs of rank 3 or more, (batch, time, "
                f"...). Received: input shape {format_shape(shape)}"
            )

    def _checked_mask(self, mask: Any, x: torch.Tensor) -> torch.Tensor:
        mask = mask if isinstance(mask, torch.Tensor) else torch.from_numpy(np.asarray(mask))
        if mask.ndim < 2 or tuple(mask.shape[:2]) != tuple(x.shape[:2]):
            raise ValueError(
                f"The `mask` passed to the `TimeDistributed` layer has a shape "
                f"{tuple(mask.shape)} that is incompatible with the input shape "
                f"{tuple(x.shape)}: its first two axes must be (batch, time) = {tuple(x.shape[:2])}."
            )
        return mask.to(x.device)
