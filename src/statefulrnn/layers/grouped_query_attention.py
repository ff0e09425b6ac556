"""Keras 3's ``GroupQueryAttention`` (Ainslie et al., 2023): `MultiHeadAttention` whose keys and
values have fewer heads than its queries, each key/value head serving a run of query heads."""

from __future__ import annotations

from typing import Any

from .. import initializers
from .._checks import positive_int
from .attention import MultiHeadAttention
from .base import unique_name


class GroupQueryAttention(MultiHeadAttention):
    r"""Grouped-query attention, Keras 3's ``GroupQueryAttention``.

    \(H_q\) = ``num_query_heads`` query heads and \(H_{kv}\) = ``num_key_value_heads`` key and
    value heads, all of size \(d\) = ``head_dim``; query head \(h\) attends with key/value head
    \(\lfloor h H_{kv} / H_q \rfloor\) (Keras's ``repeat`` of each along the head axis):

    \[
    A_h = \mathrm{softmax}\!\left(\frac{(Q W^Q_h + b^Q_h)(K W^K_{g(h)} + b^K_{g(h)})^\top}{\sqrt{d}}
    + M\right), \qquad O_h = A_h \, (V W^V_{g(h)} + b^V_{g(h)})
    \]

    and the output is \(\sum_h O_h W^O_h + b^O\) ``(N, T, F_q)``. One key/value head is
    multi-query attention; \(H_{kv} = H_q\) is `MultiHeadAttention`. The masks, both of Keras's
    roads (a fully masked query row: zero weights when the scores are computed explicitly, with
    ``dropout`` or ``return_attention_scores``, else equal ones), ``use_gate`` and
    ``sliding_window`` are `MultiHeadAttention`'s.

    Args:
        head_dim: \(d\), each head's size for query, key and value.
        num_query_heads: \(H_q\).
        num_key_value_heads: \(H_{kv}\), which must divide \(H_q\).
        dropout: the rate of dropout on the attention weights, in training (default 0).
        use_bias: whether the projections add biases (default True).
        sliding_window: if given, each query step attends only to keys fewer than this many
            steps away (both sides; with ``use_causal_mask``, only earlier ones).
        flash_attention: Keras's switch for a fused kernel; the numbers are the same, so it only
            forbids what Keras forbids with it (dropout, returning the scores).
        kernel_initializer, bias_initializer: of every projection (default ``"glorot_uniform"``,
            ``"zeros"``).
        kernel_regularizer, bias_regularizer, activity_regularizer: as `Dense`'s, for every
            projection (the activity penalty on the output).
        kernel_constraint, bias_constraint: as `Dense`'s, for every projection.
        use_gate: whether a sigmoid gate from the query scales each head's output (default False).
        seed: an integer makes the dropout masks reproducible.
        **kwargs: `Layer`'s (``name``, ``dtype``, ...).

    Shapes:
        ``query (N, T, F_q)``, ``value (N, S, F_v)``, ``key (N, S, F_k)`` -> ``(N, T, F_q)``,
        and with ``return_attention_scores`` the weights ``(N, H_q, T, S)``; masks as
        `MultiHeadAttention`'s. Weights, Keras's order: query kernel ``(F_q, H_q, d)`` and bias
        ``(H_q, d)``, key kernel ``(F_k, H_kv, d)`` and bias ``(H_kv, d)``, (gate kernel ``(F_q,
        H_q, d)`` and bias,) value kernel ``(F_v, H_kv, d)`` and bias, output kernel ``(H_q, d,
        F_q)`` and bias ``(F_q,)``.

    Example:
        >>> import torch
        >>> layer = GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
        >>> x = torch.randn(3, 5, 8)
        >>> output, scores = layer(x, x, return_attention_scores=True)
        >>> output.shape, scores.shape
        (torch.Size([3, 5, 8]), torch.Size([3, 4, 5, 5]))
        >>> [tuple(w.shape) for w in layer.get_weights()[2:4]]  # the key's: two heads
        [(8, 2, 4), (2, 4)]
    """

    _group_prefix = "_"  # Keras's file keeps its projections under _query_dense, ...

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.head_dim = positive_int("head_dim", head_dim)
        self.num_query_heads = positive_int("num_query_heads", num_query_heads)
        self.num_key_value_heads = positive_int("num_key_value_heads", num_key_value_heads)
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"`num_query_heads` must be divisible by `num_key_value_heads`. Received: "
                f"num_query_heads={num_query_heads}, num_key_value_heads={num_key_value_heads}"
            )
        if kwargs.get("name") is None:  # Keras's class is GroupedQueryAttention: its default names
            kwargs["name"] = unique_name("grouped_query_attention")
        # MultiHeadAttention's arguments that this class lacks are given here, as their defaults,
        # so that the config holds this class's arguments alone, as Keras's does.
        super().__init__(
            num_query_heads, head_dim, value_dim=None, dropout=dropout, use_bias=use_bias,
            output_shape=None, attention_axes=None, sliding_window=sliding_window,
            flash_attention=flash_attention, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, use_gate=use_gate,
            seed=seed, **kwargs,
        )  # fmt: skip
        self._key_value_heads = self.num_key_value_heads
