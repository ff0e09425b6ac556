"""`Discretization`: Keras's bucketing of numbers into bins, by boundaries given or learnt by
``adapt`` from quantiles, with Keras's own summary of the data (so the same data gives the same
boundaries)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from .base import Layer
from .category_encoding import encode_categorical
from .index_lookup import declare_adapted_rank, ready_made_batches

_MODES = ("int", "one_hot", "multi_hot", "count")


class Discretization(Layer):
    r"""Numbers to bin indices, Keras's ``Discretization``: with boundaries
    \(b_1 < \dots < b_k\),

    \[
    i(x) = \#\{j : b_j \le x\} \in \{0, \dots, k\}
    \]

    (bins closed on the left), then encoded as ``output_mode`` says over \(k + 1\) columns
    (see `CategoryEncoding`). Boundaries are given, or learnt by `adapt` as ``num_bins - 1``
    quantiles of the data, estimated as Keras estimates them (a summary of about
    ``1 / epsilon`` weighted points per batch, merged across batches).

    Args:
        bin_boundaries: the sorted boundaries \(b_j\) (default None: learn them).
        num_bins: the number of bins `adapt` makes (only without ``bin_boundaries``).
        epsilon: the quantiles' error tolerance, 0.01 by default.
        output_mode: ``"int"`` (default: int32 indices), ``"one_hot"``, ``"multi_hot"`` or
            ``"count"``.
        sparse: Keras's TensorFlow-only sparse output; only False.

    Shapes:
        any ``S`` -> int32 ``S``; encodings as `CategoryEncoding`'s.

    Raises:
        ValueError: both or neither of ``bin_boundaries`` and ``num_bins``; a call before
            boundaries exist; `adapt` of a layer given boundaries.

    Example:
        >>> Discretization(bin_boundaries=[0.0, 1.0, 2.0])(torch.tensor([[-1.5, 1.0, 3.0, 0.5]]))
        tensor([[0, 2, 3, 1]], dtype=torch.int32)
    """

    supports_masking = False

    def __init__(
        self, bin_boundaries: Sequence[float] | None = None, num_bins: int | None = None,
        epsilon: float = 0.01, output_mode: str = "int", sparse: bool = False, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        if sparse:
            raise ValueError(
                "Discretization(sparse=True) gives TensorFlow's sparse tensors, which only Keras's "
                "TensorFlow backend has; leave sparse=False."
            )
        if output_mode not in _MODES:
            raise ValueError(
                f"Invalid value for argument output_mode of Discretization: expected one of {list(_MODES)}. "
                f"Received: output_mode={output_mode!r}"
            )
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. "
                f"Received: `num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = None if bin_boundaries is None else [float(b) for b in bin_boundaries]
        self.num_bins, self.epsilon, self.output_mode, self.sparse = num_bins, epsilon, output_mode, sparse
        self.summary = None if self.bin_boundaries else np.array([[], []], dtype="float32")
        self.built = True

    def adapt(self, data: Any, batch_size: int | None = None, steps: int | None = None) -> None:
        """Learn ``num_bins - 1`` boundaries from ``data``: an array, or an iterable of batches
        (at most ``steps``), whose summaries are merged as Keras merges them. ``batch_size`` is
        accepted and unused, as in Keras 3.

        Raises:
            ValueError: the layer was given ``bin_boundaries``.
        """
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, "
                "use `num_bins` instead."
            )
        declare_adapted_rank(self, data)
        summary = np.array([[], []], dtype="float32")
        batches = itertools.islice(data, steps) if ready_made_batches(data) else [data]
        for batch in batches:
            values = batch.detach().cpu().numpy() if isinstance(batch, torch.Tensor) else np.array(batch)
            summary = _merge(_summarize(values.astype("float32"), self.epsilon), summary, self.epsilon)
        self.summary = summary
        self.bin_boundaries = _compress(summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def forward(self, inputs: Any) -> torch.Tensor:
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at construction time or call "
                "`adapt(dataset)` before you can start using the `Discretization` layer."
            )
        x = inputs if isinstance(inputs, torch.Tensor) else torch.as_tensor(np.asarray(inputs))
        if not x.is_floating_point():
            x = x.to(torch.float32 if x.dtype != torch.int64 else torch.float64)
        # bins closed on the left, as TensorFlow's Bucketize (its boundaries in float32)
        boundaries = torch.tensor(self.bin_boundaries, dtype=torch.float32).to(x.dtype)
        indices = torch.bucketize(x, boundaries.to(x.device), right=True).to(torch.int32)
        if self.output_mode == "int":
            return indices
        return encode_categorical(
            indices, self.output_mode, len(self.bin_boundaries) + 1, dtype=self.torch_dtype
        )

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            return (*shape[:-1], depth) if len(shape) > 1 and shape[-1] == 1 else (*shape, depth)
        return (shape[0], *shape[2:], depth) if len(shape) >= 2 else (depth,)

    def get_config(self) -> dict[str, Any]:
        """Keras's: the boundaries the layer has, learnt ones included, beside ``num_bins``."""
        config = super().get_config()
        config["bin_boundaries"] = self.bin_boundaries
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Discretization:
        """A layer of the config's boundaries (learnt ones too: Keras's ``from_config``)."""
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            config = dict(config)
            boundaries = config.pop("bin_boundaries")
            layer = super().from_config(config)
            layer.bin_boundaries = list(boundaries)
            return layer
        return super().from_config(config)


# Keras's quantile summaries (keras.src.layers.preprocessing.discretization), in numpy as there.


def _summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """About ``1 / epsilon`` of the sorted values, evenly spaced, each weighing the values it
    stands for: ``(2, n)``, values then weights."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(np.size(values) / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1) :: int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _merge(new: np.ndarray, old: np.ndarray, epsilon: float) -> np.ndarray:
    merged = np.concatenate((new, old), axis=1)
    return _compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


def _compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """The summary at the quantiles ``epsilon, 2 epsilon, ...`` (interpolated), when it holds
    more points than that."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    bins = np.interp(percents, fractions, summary[0])
    cumulative = np.interp(percents, fractions, cumulative)
    weights = cumulative - np.concatenate((np.array([0]), cumulative[:-1]))
    return np.stack((bins, weights)).astype("float32")
