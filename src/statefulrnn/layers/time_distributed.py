"""`TimeDistributed(layer)`: one layer applied to every time step, Keras's ``TimeDistributed``."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import torch
from torch import nn

from .._keras_rules import tf_keras_rules
from ..graph import SymbolicTensor
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
    step by step instead, as Keras 3 runs it, so that batch statistics are per step; under
    tf-keras's rules one of statefulrnn's own layers that is not stateful goes as one batch
    whatever its mode, as tf-keras reshapes every built-in layer (``_always_use_reshape``), so a
    `BatchNormalization`'s statistics are over all ``N * T`` rows.

    Args:
        layer: \(f\), the layer to apply (its input is one slice, ``(N, ...)``); any
            ``nn.Module``. Its weights are the weights of this layer.

    Shapes:
        ``(N, T, ...)`` -> ``(N, T, ...)``: ``(N, T, F)`` -> ``(N, T, U)`` for ``Dense(U)``.
        A mask ``(N, T[, ...])`` reaches ``layer`` as ``(N * T[, ...])`` when its forward
        takes ``mask``. The output mask is ``layer``'s, step by step (see `compute_mask`).

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

    @property
    def may_start_masks(self) -> bool:  # type: ignore[override]
        """Whether a call may give a mask where its input had none: when ``layer`` may
        (``TimeDistributed(Embedding(..., mask_zero=True))``, ``TimeDistributed(Masking())``)."""
        return bool(getattr(self.layer, "may_start_masks", False))

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
        if kwargs and (self.layer.training if training is None else training) and not self._always_reshaped():
            outputs = [
                self.layer(x[:, t], **kwargs, **({"mask": mask[:, t]} if takes_mask else {}))
                for t in range(steps)
            ]
            return torch.stack(outputs, dim=1)
        if takes_mask:
            kwargs["mask"] = mask.reshape(batch * steps, *mask.shape[2:])
        outputs = self.layer(x.reshape(batch * steps, *x.shape[2:]), **kwargs)  # (N * T, ...)
        return outputs.reshape(batch, steps, *outputs.shape[1:])

    def _always_reshaped(self) -> bool:
        """Whether the steps go through ``layer`` as one batch in training too: tf-keras's
        rule for its built-in layers that are not stateful."""
        layer = self.layer
        return (
            tf_keras_rules()
            and type(layer).__module__.startswith("statefulrnn.")
            and not getattr(layer, "stateful", False)
        )

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The output mask, by tf-keras's rule (Keras 2's ``TimeDistributed.compute_mask``):
        ``layer``'s own mask of the steps taken as one batch, ``(N * T, ...)``, given the
        incoming mask reshaped alike, and reshaped back to ``(N, T, ...)``; where ``layer``
        gives none, the incoming mask, reduced by ``any`` to ``(N, T)``.

        So ``TimeDistributed(Embedding(..., mask_zero=True))`` on ids ``(N, T, C)`` masks
        ``(N, T, C)``, and a ``TimeDistributed(LSTM(u))`` after it, which masks each word's
        characters, gives ``(N, T)``: the words with any character. Keras 3 disagrees: its
        ``TimeDistributed`` passes the incoming mask on unchanged and asks ``layer`` nothing,
        so the first gives no mask there (README, where Keras 2 and Keras 3 disagree).

        Shapes:
            ``inputs (N, T, ...)``, ``mask (N, T[, ...])`` or None -> ``(N, T[, ...])`` or None.

        Example:
            >>> from statefulrnn.layers import Embedding
            >>> layer = TimeDistributed(Embedding(5, 2, mask_zero=True))
            >>> layer.compute_mask(torch.tensor([[[1, 0], [0, 0]]]))
            tensor([[[ True, False],
                     [False, False]]])
        """
        if mask is None and not self.may_start_masks:
            return None  # nothing comes in and the layer starts nothing: Keras's inner mask is None
        if isinstance(inputs, SymbolicTensor) or isinstance(mask, SymbolicTensor):
            if not self.may_start_masks and len(mask.shape) == 2:
                # a layer that starts no mask, asked of (N * T,), gives it back or gives none:
                # (N, T) either way
                return mask
            raise TypeError("computed at run time")  # a node of the graph does (symbolic_masks)
        x = self._as_input(inputs)
        batch, steps = x.shape[:2]
        inner_mask = None
        if mask is not None:
            inner_mask = self._checked_mask(mask, x).reshape(batch * steps, *mask.shape[2:])
        inner = getattr(self.layer, "compute_mask", None)
        output_mask = None if inner is None else inner(x.reshape(batch * steps, *x.shape[2:]), inner_mask)
        if output_mask is None:
            if mask is None:
                return None
            reduced = torch.as_tensor(mask, device=x.device).bool()
            return reduced.reshape(batch, steps, -1).any(-1) if reduced.ndim > 2 else reduced
        return output_mask.reshape(batch, steps, *output_mask.shape[1:])

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
