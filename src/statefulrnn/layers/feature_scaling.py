"""Keras's feature-scaling layers: `Normalization` (means and variances given, or learnt from
data by ``adapt``) and `Rescaling` (a fixed scale and offset). Both act on each entry alone and
pass a mask on, as Keras's."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import torch

from .._epsilon import epsilon
from .._keras_rules import tf_keras_rules
from .activation import ElementwiseLayer
from .base import format_shape


class Normalization(ElementwiseLayer):
    r"""Keras's ``Normalization``: \(y = (x - \mu) / \max(\sqrt{\sigma^2}, 10^{-7})\) (with
    ``invert``, \(y = \mu + x \max(\sqrt{\sigma^2}, 10^{-7})\)), one \(\mu, \sigma^2\) per
    position of the ``axis`` kept (the features by default), given or learnt by `adapt`.

    Args:
        axis: the axis (or axes) kept: each of its positions has its own mean and variance;
            None for one mean and variance over everything.
        mean, variance: the statistics, a number or an array broadcast to the kept axes (both or
            neither); without them, `adapt` learns them and they are the layer's weights
            (``mean``, ``variance`` and Keras's ``count``, not trainable).
        invert: undo the normalization (``mean + x * std``).

    Shapes:
        ``(N, ...)`` -> the same.

    Raises:
        ValueError: only one of mean and variance; a kept axis of unknown size; data for
            `adapt` whose kept axes differ from the layer's.

    Example:
        >>> layer = Normalization()
        >>> layer.adapt(np.array([[0.0, 10.0], [2.0, 30.0]]))
        >>> layer(torch.tensor([[1.0, 20.0]]))
        tensor([[0., 0.]])
    """

    def __init__(
        self, axis: int | Iterable[int] | None = -1, mean: Any = None, variance: Any = None,
        invert: bool = False, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.axis: tuple[int, ...] = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                f"When setting values directly, both `mean` and `variance` must be set. Received: "
                f"mean={mean} and variance={variance}"
            )
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError(
                f"When setting values directly, `mean` and `variance` must have the same shape. Received: "
                f"mean shape {np.shape(mean)} and variance shape {np.shape(variance)}"
            )
        if mean is not None and np.ndim(mean) > len(self.axis):
            raise ValueError(
                f"The rank of `mean` must be less than or equal to the number of axes ({len(self.axis)}). "
                f"Received: mean shape {np.shape(mean)} for axis {self.axis}"
            )
        self.input_mean, self.input_variance, self.invert = mean, variance, bool(invert)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        ndim = len(input_shape)
        if any(not -ndim <= axis < ndim for axis in self.axis):
            raise ValueError(
                f"All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim={ndim}, "
                f"while axis={self.axis}"
            )
        self._kept = tuple(sorted(axis % ndim for axis in self.axis))
        if any(input_shape[axis] is None for axis in self._kept):
            raise ValueError(
                f"Normalization '{self.name}': every kept axis must have a known size. Received axis="
                f"{self.axis}, input shape {format_shape(input_shape)}"
            )
        self._reduced = tuple(axis for axis in range(ndim) if axis not in self._kept)
        self._broadcast = [input_shape[axis] if axis in self._kept else 1 for axis in range(ndim)]
        self._build_shape = tuple(input_shape)
        if self.input_mean is None:
            shape = tuple(input_shape[axis] for axis in self._kept)
            self.add_weight("mean", shape, initializer="zeros", trainable=False)
            self.add_weight("variance", shape, initializer="ones", trainable=False)
            # Keras's; adapt leaves it at 0 (Keras 3) or sets it to the values counted (tf-keras)
            self.add_weight("count", (), initializer="zeros", trainable=False)
        else:
            kept_sizes = [input_shape[axis] for axis in self._kept]
            self._given = [
                self._placed(value, kept_sizes) for value in (self.input_mean, self.input_variance)
            ]

    def _placed(self, value: Any, kept_sizes: list[int]) -> torch.Tensor:
        """A given statistic broadcast to the kept axes and shaped to broadcast with the input."""
        array = np.broadcast_to(np.asarray(value, dtype=np.float64), kept_sizes)
        return torch.tensor(array, dtype=self.torch_dtype).reshape(self._broadcast)

    def adapt(self, data: Any) -> None:
        """Learn the means and variances (biased) of ``data``: an array, a tensor, or an iterable
        of batches (a `PyDataset`, a list of arrays, ``(x, y)`` batches: their ``x``), over every
        axis but the kept ones, as Keras's ``adapt`` (batches are combined exactly).

        Raises:
            ValueError: statistics given at construction; batches whose kept axes differ.
        """
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization '{self.name}' was given its mean and variance: nothing to adapt."
            )
        batches = _batches(data)
        first = next(batches)
        if not self.built:
            self.build((None, *first.shape[1:]))
        kept_shape = [self._build_shape[axis] for axis in self._kept]
        mean = variance = None
        total = 0
        for batch in itertools.chain([first], batches):
            if [batch.shape[axis] for axis in self._kept] != kept_shape:
                raise ValueError(
                    f"The layer was built with input_shape={format_shape(self._build_shape)}, but adapt() "
                    f"is being called with data with an incompatible shape, data.shape={tuple(batch.shape)}"
                )
            # axis=None keeps no axis: every value counts, whatever the data's rank (tf-keras adapts
            # Normalization(input_shape=[1], axis=None) to a 1-d array: the TF regression tutorial)
            reduced = self._reduced if self._kept else tuple(range(batch.ndim))
            batch_mean, batch_variance = batch.mean(axis=reduced), batch.var(axis=reduced)
            count = int(np.prod([batch.shape[axis] for axis in reduced])) if reduced else 1
            total += count
            if mean is None:
                mean, variance = batch_mean, batch_variance
                continue
            weight = count / total  # Keras's running combination: exact means and variances
            new_mean = mean * (1 - weight) + batch_mean * weight
            variance = (variance + (mean - new_mean) ** 2) * (1 - weight) + (
                batch_variance + (batch_mean - new_mean) ** 2
            ) * weight
            mean = new_mean
        with torch.no_grad():
            self.mean.copy_(torch.as_tensor(mean).reshape(kept_shape))
            self.variance.copy_(torch.as_tensor(variance).reshape(kept_shape))
            if tf_keras_rules():
                self.count.fill_(total)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._built_input(inputs)
        if self.input_mean is None:
            mean, variance = self.mean.reshape(self._broadcast), self.variance.reshape(self._broadcast)
        else:
            mean, variance = (value.to(x.device) for value in self._given)
        scale = torch.clamp(torch.sqrt(variance), min=epsilon())
        return mean + x * scale if self.invert else (x - mean) / scale


class Rescaling(ElementwiseLayer):
    r"""Keras's ``Rescaling``: \(y = x \cdot \mathrm{scale} + \mathrm{offset}\).

    Args:
        scale, offset: numbers (or arrays broadcast against the input's last axes).

    Shapes:
        ``(N, ...)`` -> the same.

    Example:
        >>> Rescaling(1 / 255, offset=-0.5)(torch.tensor([[0.0, 255.0]]))
        tensor([[-0.5000,  0.5000]])
    """

    def __init__(self, scale: Any, offset: Any = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._built_input(inputs)
        as_tensor = lambda value: torch.as_tensor(value, dtype=x.dtype, device=x.device)  # noqa: E731
        return x * as_tensor(self.scale) + as_tensor(self.offset)


def _batches(data: Any) -> Iterator[np.ndarray]:
    """``data`` as batches of float64 arrays, read as Keras's ``adapt`` reads it: an array or a
    tensor is one batch; any other iterable gives batches, each an array or an ``(x, ...)``
    tuple (a `PyDataset`'s items, ``(x, y)`` pairs).

    Raises:
        TypeError: neither; ValueError: an iterable without batches.
    """
    if isinstance(data, (np.ndarray, torch.Tensor)):
        items: Iterable[Any] = [data]
    elif isinstance(data, Iterable):
        items = data
    else:
        raise TypeError(
            f"adapt takes an array, a tensor or an iterable of batches. Received: {type(data).__name__}"
        )
    found = False
    for item in items:
        x = item[0] if isinstance(item, tuple) else item
        found = True
        yield (x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)).astype(np.float64)
    if not found:
        raise ValueError("adapt() received an empty iterable (no batches): pass at least one batch.")
