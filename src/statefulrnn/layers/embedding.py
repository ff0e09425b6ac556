"""`Embedding`: integer indices (word or symbol ids) to dense vectors, Keras's ``Embedding``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from .. import constraints, initializers, ops, regularizers
from .._arrays import tensor_copy
from .._checks import positive_int
from ..graph import SymbolicTensor
from .base import Layer


class Embedding(Layer):
    r"""Look up row \(i\) of an ``(input_dim, output_dim)`` table for each index \(i\),
    Keras's ``Embedding``.

    With \(E\) the ``embeddings`` table and ``mask_zero``:

    \[
    y_{n,t,:} = E_{x_{n,t},\, :}, \qquad m_{n,t} = (x_{n,t} \ne 0)
    \]

    the same as a one-hot \(x\) times \(E\), without making the one-hot.

    Args:
        input_dim: size of the vocabulary: indices run from 0 to ``input_dim - 1``.
        output_dim: size of each vector.
        embeddings_initializer: initializer of \(E\) (default Keras's ``"uniform"``: uniform
            in [-0.05, 0.05]).
        embeddings_regularizer, embeddings_constraint: as in Keras (default None; see
            `statefulrnn.regularizers`, `statefulrnn.constraints`).
        mask_zero: index 0 is padding (default False): the layer makes the mask \(m\), False
            where the index is 0, that the layers after it receive (a recurrent layer skips
            those steps) and that weights the training loss, as in Keras. Index 0 then cannot
            be a word of its own.
        weights: the initial table, an ``(input_dim, output_dim)`` array (or a list holding
            one), as in Keras (default None: drawn by ``embeddings_initializer``).
        input_length: Keras 2's length of the input sequences (default None): as the first
            layer of a model, it declares the input shape ``(input_length,)``, as
            ``input_shape`` would.

    Shapes:
        indices ``(N, T)`` (any shape) -> vectors ``(N, T, output_dim)``; mask ``(N, T)``
        with ``mask_zero``. Floating inputs are truncated to integers, as Keras casts them.
        Weights: embeddings ``(input_dim, output_dim)``.

    Raises:
        ValueError: an index below 0 or at least ``input_dim`` (Keras on a CPU refuses them
            too; on a GPU it returns zeros without a word).

    Example:
        >>> layer = Embedding(10, 3, mask_zero=True)
        >>> x = torch.tensor([[4, 2, 0]])
        >>> layer(x).shape
        torch.Size([1, 3, 3])
        >>> torch.equal(layer(x)[0, 1], layer.embeddings[2])
        True
        >>> layer.compute_mask(x)
        tensor([[ True,  True, False]])
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        input_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        input_dim = positive_int("input_dim", input_dim)
        output_dim = positive_int("output_dim", output_dim)
        if input_length is not None and "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)  # Keras 2's meaning
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.may_start_masks = self.mask_zero  # see Layer.__call__
        if weights is not None:
            self.build((None, None))
            self.set_weights(weights if isinstance(weights, (list, tuple)) else [weights])

    def _build(self, input_shape: Any) -> None:
        self.add_weight(
            "embeddings", (self.input_dim, self.output_dim), initializer=self.embeddings_initializer
        )

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        return (*input_shape, self.output_dim)

    def compute_mask(self, inputs: Any, mask: Any = None) -> torch.Tensor | None:
        """``inputs != 0`` with ``mask_zero``, else None (the incoming mask is not kept)."""
        if not self.mask_zero:
            return None
        if isinstance(inputs, SymbolicTensor):  # Keras 3's own op: a node of the graph
            return ops.not_equal(inputs, 0)
        return self._indices(inputs) != 0

    def forward(self, inputs: Any) -> torch.Tensor:
        indices = self._indices(inputs)
        if not self.built:
            self.build(tuple(indices.shape))
        # A meta tensor (the shapes-only model that load_model builds from a file's config
        # first, calling a program's subclass to find its outputs) has no ids to check.
        if indices.numel() and not indices.is_meta:
            low, high = int(indices.min()), int(indices.max())
            if low < 0 or high >= self.input_dim:
                raise ValueError(
                    f"Embedding '{self.name}' looks up indices from 0 to input_dim - 1 = "
                    f"{self.input_dim - 1}. Received: an index of {low if low < 0 else high}"
                )
        return F.embedding(indices, self._own("embeddings"))

    def _indices(self, inputs: Any) -> torch.Tensor:
        """``inputs`` as an int64 tensor on the table's device (floats truncated, as Keras)."""
        if not isinstance(inputs, torch.Tensor):
            array = np.asarray(inputs)
            if array.dtype.kind not in "biuf":
                raise TypeError(
                    f"Embedding '{self.name}' expects integer indices (a numpy array or torch "
                    f"tensor). Received: an array of dtype {array.dtype}"
                )
            inputs = tensor_copy(array)
        elif inputs.is_complex():
            raise TypeError(
                f"Embedding '{self.name}' expects integer indices. Received: dtype {inputs.dtype}"
            )
        return inputs.to(device=self.device or inputs.device, dtype=torch.int64)
