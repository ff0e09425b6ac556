"""`CategoryEncoding`: Keras's one-hot, multi-hot and count encodings of integer categories, and
`encode_categorical`, which it and the vocabulary layers (`StringLookup`, ...) share."""

from __future__ import annotations

from typing import Any

import torch
from torch.nn import functional as F

from .base import Layer, to_tensor

MODES = ("one_hot", "multi_hot", "count")


def encode_categorical(
    indices: torch.Tensor, mode: str, depth: int, count_weights: torch.Tensor | None = None,
    dtype: torch.dtype = torch.float32,
) -> torch.Tensor:  # fmt: skip
    """Integer ``indices`` encoded over ``depth`` columns, as Keras's ``encode_categorical_inputs``
    shapes them: ``"one_hot"`` a row per index (a last axis of 1 replaced); ``"multi_hot"`` and
    ``"count"`` a row per sample, counting its last axis (a 1-D input is one sample; counts
    weighted by ``count_weights``, of ``indices``' shape, where given). A scalar is one index.
    Indices outside ``[0, depth)`` count nowhere (the vocabulary layers' mask tokens).

    Raises:
        ValueError: ``"multi_hot"`` or ``"count"`` of inputs of rank above 2 (Keras's limit).

    Example:
        >>> encode_categorical(torch.tensor([[0, 2, 2], [1, 1, 9]]), "count", 3)
        tensor([[1., 0., 2.],
                [0., 2., 0.]])
    """
    if indices.ndim == 0:
        indices = indices[None]
    if mode == "one_hot" and indices.ndim > 1 and indices.shape[-1] == 1:
        indices = indices[..., 0]
    if mode != "one_hot" and indices.ndim > 2:
        raise ValueError(
            "When output_mode is not `'int'`, maximum supported output rank is 2. Received output_mode "
            f"{mode} and input shape {tuple(indices.shape)}, which would result in output rank "
            f"{indices.ndim + 1}."
        )
    valid = (indices >= 0) & (indices < depth)
    encoded = F.one_hot(torch.where(valid, indices, 0).long(), depth).to(dtype) * valid[..., None].to(dtype)
    if mode == "one_hot":
        return encoded
    if count_weights is not None:
        encoded = encoded * count_weights.to(dtype)[..., None]
    counts = encoded.sum(dim=-2)
    return (counts > 0).to(dtype) if mode == "multi_hot" else counts


class CategoryEncoding(Layer):
    r"""Integer categories to one-hot, multi-hot or count vectors, Keras's ``CategoryEncoding``:
    for a sample's categories \(c_1 \dots c_L\) (its last axis) and column \(j\),

    \[
    \text{count}_j = \sum_{l} w_l\,[c_l = j], \qquad \text{multi\_hot}_j = [\text{count}_j > 0]
    \]

    (\(w_l = 1\) unless ``count_weights`` are given); ``"one_hot"`` encodes each category alone.

    Args:
        num_tokens: the number of categories; inputs lie in ``[0, num_tokens)``.
        output_mode: ``"multi_hot"`` (default; Keras 2's ``"binary"`` too), ``"count"`` or
            ``"one_hot"``.
        sparse: Keras's TensorFlow-only sparse output; only False.

    Shapes:
        ``(N, L)`` -> ``(N, num_tokens)`` (a 1-D input is one sample: ``(num_tokens,)``);
        ``"one_hot"``: ``(N,)`` or ``(N, 1)`` -> ``(N, num_tokens)``, ``(N, L)`` -> ``(N, L,
        num_tokens)``. Outputs are in the layer's dtype.

    Raises:
        ValueError: a category outside ``[0, num_tokens)`` (Keras 3 drops those above silently
            and fails inside TensorFlow on negative ones), or ``count_weights`` outside
            ``"count"``.

    Example:
        >>> CategoryEncoding(4, output_mode="count")(torch.tensor([[0, 1, 1], [3, 2, 0]]))
        tensor([[1., 2., 0., 0.],
                [1., 0., 1., 1.]])
    """

    supports_masking = False

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot", sparse: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        output_mode = "multi_hot" if output_mode == "binary" else output_mode
        if output_mode not in MODES:
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not known beforehand, "
                "use the IntegerLookup layer instead."
            )
        if isinstance(num_tokens, bool) or not isinstance(num_tokens, int) or num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError(
                "CategoryEncoding(sparse=True) gives TensorFlow's sparse tensors, which only Keras's "
                "TensorFlow backend has; leave sparse=False."
            )
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse
        self.built = True

    def forward(self, inputs: Any, count_weights: Any = None) -> torch.Tensor:
        indices = inputs if isinstance(inputs, torch.Tensor) else torch.as_tensor(inputs)
        if indices.is_floating_point():
            indices = indices.long()  # Keras casts them
        outside = (indices < 0) | (indices >= self.num_tokens)
        if bool(outside.any()):
            raise ValueError(
                f"CategoryEncoding '{self.name}' takes categories in [0, {self.num_tokens}). Received: "
                f"{indices[outside][:5].tolist()} among its inputs."
            )
        weights = None
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    "`count_weights` is not used when `output_mode` is not `'count'`. "
                    f"Received `count_weights={count_weights}`."
                )
            weights = to_tensor(
                count_weights, dtype=self.torch_dtype, device=indices.device, what="count_weights"
            )
        return encode_categorical(indices, self.output_mode, self.num_tokens, weights, self.torch_dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = tuple(input_shape)
        if not shape:
            return (1, self.num_tokens) if self.output_mode == "one_hot" else (self.num_tokens,)
        if self.output_mode == "one_hot" and (shape[-1] != 1 or len(shape) == 1):
            return (*shape, self.num_tokens)
        return (*shape[:-1], self.num_tokens)
