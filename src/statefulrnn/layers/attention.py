"""Keras 3's attention layers: `Attention` (Luong's dot or concat scores), `AdditiveAttention`
(Bahdanau's) and `MultiHeadAttention` (scaled dot products of learnt projections, per head)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import torch

from .. import initializers
from .._checks import positive_int
from .._keras_rules import tf_keras_rules
from ..graph import SymbolicTensor, has_symbolic, record
from ._seeds import check_seed, seeded_generator
from .base import KerasWeight, Layer, Shape, format_shape, set_weight_options

# Keras's masked logits: its Softmax layer's (the explicit road) and TensorFlow's
# dot_product_attention's (the fused road), which differ where a whole row is masked.
_SOFTMAX_MASKED = -1e9
_FUSED_MASKED = -0.7 * 3.38953e38


def _tf_keras_masked(dtype: torch.dtype) -> float:
    """What tf-keras's Softmax adds to a masked logit (``_large_compatible_negative``): -1e9,
    or float16's lowest number, which -1e9 would overflow."""
    return torch.finfo(torch.float16).min if dtype == torch.float16 else _SOFTMAX_MASKED


# Where a Keras file keeps each projection's weights: its sublayer attribute's name.
_KERAS_GROUPS = {
    "query": "query_dense",
    "key": "key_dense",
    "gate": "gate_dense",
    "value": "value_dense",
    "attention_output": "output_dense",
}


class MultiHeadAttention(Layer):
    r"""Multi-head attention (Vaswani et al., 2017), Keras 3's ``MultiHeadAttention``.

    For a query sequence \(Q\) ``(N, T, F_q)`` attending to a value sequence \(V\) ``(N, S,
    F_v)`` through keys \(K\) ``(N, S, F_k)`` (the value when no key is given), each head
    \(h\) of \(H\) projects them (\(d_k\) = ``key_dim``, \(d_v\) = ``value_dim``):

    \[
    A_h = \mathrm{softmax}\!\left(\frac{(Q W^Q_h + b^Q_h)(K W^K_h + b^K_h)^\top}{\sqrt{d_k}}
    + M\right), \qquad O_h = A_h \, (V W^V_h + b^V_h)
    \]

    and the output is \(\sum_h O_h W^O_h + b^O\), ``(N, T, F_q)`` (or ``output_shape``).
    \(M\) is \(-10^9\) where the mask forbids attending (Keras's ``attention_mask``, the
    query, value and key masks, ``use_causal_mask``, ``sliding_window``), else 0. A query row
    with every key masked gets zero weights when the layer computes its scores explicitly
    (``dropout`` > 0 or ``return_attention_scores``) and equal weights otherwise, as Keras on
    TensorFlow does on its two roads. With ``use_gate``, \(O_h\) is multiplied by
    \(\sigma(Q W^G_h + b^G_h)\) before the output projection.

    Args:
        num_heads: \(H\).
        key_dim: \(d_k\), each head's size for query and key.
        value_dim: \(d_v\) (default: ``key_dim``).
        dropout: the rate of dropout on the attention weights, in training (default 0).
        use_bias: whether the projections add biases (default True).
        output_shape: the output's last axis (an int or a 1-tuple; default: the query's \(F_q\)).
        attention_axes: the axes attended over; None (default) or the time axis (``1`` or
            ``-2``): the only axis of ``(N, T, F)`` inputs.
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
        ``query (N, T, F_q)``, ``value (N, S, F_v)``, ``key (N, S, F_k)`` -> ``(N, T, F_q)``
        (or ``(N, T, output_shape)``), and with ``return_attention_scores`` the weights
        ``(N, H, T, S)``. Masks: ``attention_mask`` ``(N, T, S)`` or ``(T, S)``, ``query_mask``
        ``(N, T)``, ``value_mask`` and ``key_mask`` ``(N, S)``, True where attending is allowed.
        Weights, Keras's order: query kernel ``(F_q, H, d_k)`` and bias ``(H, d_k)``, key kernel
        ``(F_k, H, d_k)`` and bias, (gate kernel ``(F_q, H, d_v)`` and bias,) value kernel
        ``(F_v, H, d_v)`` and bias ``(H, d_v)``, output kernel ``(H, d_v, F_out)`` and bias
        ``(F_out,)``.

    In a functional model the Keras masks of the query, value and key (from ``Embedding(...,
    mask_zero=True)`` or ``Masking``) are passed as ``query_mask``, ``value_mask`` and
    ``key_mask``, as Keras passes them; the output keeps the query's.

    Example:
        >>> layer = MultiHeadAttention(num_heads=2, key_dim=4)
        >>> x = torch.randn(3, 5, 8)
        >>> output, scores = layer(x, x, return_attention_scores=True)
        >>> output.shape, scores.shape
        (torch.Size([3, 5, 8]), torch.Size([3, 2, 5, 5]))
        >>> bool(torch.allclose(scores.sum(-1), torch.ones(3, 2, 5)))
        True
    """

    supports_masking = True  # the output carries the query's mask, as in Keras
    mask_arguments = ("query_mask", "value_mask", "key_mask")  # see Layer.mask_arguments
    _group_prefix = ""  # before each projection's group in a Keras file (see keras_groups)

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | Sequence[int] | None = None,
        attention_axes: int | Sequence[int] | None = None,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.num_heads = positive_int("num_heads", num_heads)
        self.key_dim = positive_int("key_dim", key_dim)
        self.value_dim = self.key_dim if value_dim is None else positive_int("value_dim", value_dim)
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1). Received: dropout={dropout!r}")
        self.dropout = float(dropout)
        self.use_bias = bool(use_bias)
        self.projected_size = _projected_size(output_shape)
        axes = (attention_axes,) if isinstance(attention_axes, int) else attention_axes
        if axes is not None and tuple(axes) not in ((1,), (-2,)):
            raise ValueError(
                f"MultiHeadAttention attends over the time axis of (N, T, F) inputs: attention_axes "
                f"must be None, 1 or -2. Received: attention_axes={attention_axes!r}"
            )
        if sliding_window is not None:
            positive_int("sliding_window", sliding_window)
        self.sliding_window = sliding_window
        self.flash_attention = bool(flash_attention)
        if self.flash_attention and self.dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled. Please set dropout to "
                "0.0 to use flash attention."
            )
        set_weight_options(
            self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        self.use_gate = bool(use_gate)
        self.seed = check_seed(seed)
        self._generator: torch.Generator | None = None
        self._projections: list[str] = []  # Keras's sublayer names, in its weight order
        # Heads of the key and value projections; each serves num_heads / this query heads
        # (`GroupQueryAttention`).
        self._key_value_heads = self.num_heads

    # ----- building -------------------------------------------------------------------------

    def build(
        self, query_shape: Shape, value_shape: Shape | None = None, key_shape: Shape | None = None
    ) -> None:
        """Create the projections for inputs of these shapes (Keras's ``build``); a value shape
        of None means self-attention. The list of the three shapes that `input_shape` holds
        (and a model file stores) builds it too."""
        if value_shape is None and query_shape and isinstance(query_shape[0], (list, tuple)):
            query_shape, value_shape, key_shape = query_shape
        value_shape = query_shape if value_shape is None else value_shape
        super().build([query_shape, value_shape, value_shape if key_shape is None else key_shape])

    def _build(self, shapes: list[Shape]) -> None:
        shapes = [tuple(shape) for shape in shapes]
        if len(shapes) != 3 or any(len(s) != 3 or not isinstance(s[-1], int) for s in shapes):
            raise ValueError(
                f"{self._describe()} takes query, value and key of shape (N, T, F) with a known F. "
                f"Received: {', '.join(map(format_shape, shapes))}"
            )
        (query, value, key), heads, shared = shapes, self.num_heads, self._key_value_heads
        if value[1] is not None and key[1] is not None and value[1] != key[1]:
            raise ValueError(
                f"{self._describe()}: value and key must have the same number of steps. "
                f"Received: value {format_shape(value)}, key {format_shape(key)}"
            )
        self._projection("query", (query[-1], heads, self.key_dim), (heads, self.key_dim))
        self._projection("key", (key[-1], shared, self.key_dim), (shared, self.key_dim))
        if self.use_gate:
            self._projection("gate", (query[-1], heads, self.value_dim), (heads, self.value_dim))
        self._projection("value", (value[-1], shared, self.value_dim), (shared, self.value_dim))
        size = self.projected_size or query[-1]
        self._projection("attention_output", (heads, self.value_dim, size), (size,))

    def _projection(self, name: str, kernel: tuple[int, ...], bias: tuple[int, ...]) -> None:
        # Keras gives each projection its own copy of the initializers (from their configs), so
        # that they draw anew; a copy without a seed takes one from Python's random as Keras's does
        self.add_weight(f"{name}_kernel", kernel, initializer=_copied_initializer(self.kernel_initializer))
        bias_initializer = _copied_initializer(self.bias_initializer)
        if self.use_bias:
            self.add_weight(f"{name}_bias", bias, initializer=bias_initializer)
        self._projections.append(name)

    def keras_groups(self) -> list[tuple[str, str, list[KerasWeight]]]:
        """Each projection as a Keras file keeps it: ``(group, sublayer name, its weights)``,
        the group being the Keras attribute's name (``query_dense``, ..., ``output_dense``;
        Keras's GroupQueryAttention keeps them under ``_query_dense``, ...)."""
        weights = self.keras_weights()
        per = 2 if self.use_bias else 1
        return [
            (self._group_prefix + _KERAS_GROUPS[name], name, weights[index * per : (index + 1) * per])
            for index, name in enumerate(self._projections)
        ]

    def keras_weights(self) -> list[KerasWeight]:
        """Keras's names: ``query/kernel``, ``query/bias``, ... (its projections are sublayers)."""
        weights = super().keras_weights()
        return [weight._replace(name=weight.name.replace("_kernel", "/kernel").replace("_bias", "/bias"))
                for weight in weights]  # fmt: skip

    def compute_output_shape(self, input_shape: Any) -> Shape:
        query = tuple(input_shape[0] if isinstance(input_shape, list) else input_shape)
        return (*query[:-1], self.projected_size or query[-1])

    # ----- calling --------------------------------------------------------------------------

    def __call__(self, query: Any, value: Any = None, key: Any = None, **kwargs: Any) -> Any:
        if value is None:
            raise TypeError(f"{self._describe()} needs a value: layer(query, value[, key]).")
        if not self.built:
            self.build(_shape_of(query), _shape_of(value), None if key is None else _shape_of(key))
        if not has_symbolic((query, value, key), kwargs):
            return super().__call__(query, value, key, **kwargs)
        output = self.compute_output_shape(query.shape)
        if kwargs.get("return_attention_scores"):
            steps = value.shape[1]
            output = [output, (query.shape[0], self.num_heads, query.shape[1], steps)]
        return record(self, (query, value) if key is None else (query, value, key), kwargs, output)

    def forward(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        query, value = self._as_input(query), self._as_input(value)
        key = value if key is None else self._as_input(key)
        if self.flash_attention and return_attention_scores:
            raise ValueError(
                "Returning attention scores is not supported when flash attention is enabled. "
                "Please disable flash attention to access attention scores."
            )
        masks = (query_mask, value_mask, key_mask, attention_mask)
        mask = self._attention_mask(query, value, *masks, use_causal_mask)
        q = self._project("query", query)  # (N, T, H, d_k)
        k = self._project("key", key)  # (N, S, H, d_k)
        v = self._project("value", value)  # (N, S, H, d_v)
        if self._key_value_heads != self.num_heads:  # each key/value head serves a run of heads
            shared = self.num_heads // self._key_value_heads
            k, v = k.repeat_interleave(shared, dim=2), v.repeat_interleave(shared, dim=2)
        scale = 1.0 / math.sqrt(float(self.key_dim))
        training = self.training if training is None else training
        explicit = self.dropout > 0.0 or return_attention_scores
        if tf_keras_rules():  # tf-keras's Softmax layer: the query scaled first, masked logits
            # shifted by a large negative number, which lets gradients reach a fully masked row's
            # logits (a padded query's, whose row is uniform), and no scores zeroed
            logits = torch.einsum("bshd,bthd->bhts", k, q * scale)
            if mask is not None:
                logits = logits + torch.where(mask, 0.0, _tf_keras_masked(logits.dtype))
            scores = torch.softmax(logits, dim=-1)
        elif explicit:  # Keras's own softmax: the query scaled first; a fully masked row gets zeros
            logits = torch.einsum("bshd,bthd->bhts", k, q * scale)
            if mask is not None:
                logits = torch.where(mask, logits, torch.tensor(_SOFTMAX_MASKED, dtype=logits.dtype))
            scores = torch.softmax(logits, dim=-1)
            if mask is not None:
                scores = torch.where(mask, scores, torch.zeros((), dtype=scores.dtype))
        else:  # Keras's dot_product_attention: the product scaled; a fully masked row is uniform
            logits = torch.einsum("bthd,bshd->bhts", q, k) * scale
            if mask is not None:
                logits = torch.where(mask, logits, torch.tensor(_FUSED_MASKED, dtype=logits.dtype))
            scores = torch.softmax(logits, dim=-1)
        weights = _dropped(self, scores) if training and self.dropout > 0.0 else scores
        heads = torch.einsum("bhts,bshd->bthd", weights, v)
        if self.use_gate:
            heads = heads * torch.sigmoid(self._project("gate", query))
        output = torch.einsum("bthd,hdo->bto", heads, self.attention_output_kernel)
        if self.use_bias:
            output = output + self.attention_output_bias
        return (output, scores) if return_attention_scores else output

    def _project(self, name: str, x: torch.Tensor) -> torch.Tensor:
        projected = torch.einsum("btf,fhd->bthd", x, getattr(self, f"{name}_kernel"))
        return projected + getattr(self, f"{name}_bias") if self.use_bias else projected

    def _attention_mask(
        self,
        query: torch.Tensor,
        value: torch.Tensor,
        query_mask: Any,
        value_mask: Any,
        key_mask: Any,
        attention_mask: Any,
        causal: bool,
    ) -> torch.Tensor | None:
        """Keras's ``_compute_attention_mask``: every mask given, joined by AND, as ``(N or 1,
        1, T, S)`` (the head axis added), or None when nothing is masked."""
        steps, sources = query.shape[1], value.shape[1]
        parts = []
        if query_mask is not None:
            parts.append(_as_bool(query_mask, query.device)[:, :, None])
        for given in (value_mask, key_mask):
            if given is not None:
                parts.append(_as_bool(given, query.device)[:, None, :])
        rows = torch.arange(steps, device=query.device)[:, None]
        columns = torch.arange(sources, device=query.device)[None, :]
        if causal:
            parts.append((rows >= columns)[None])
        if self.sliding_window is not None:
            parts.append(((rows - columns).abs() < self.sliding_window)[None])
        if attention_mask is not None:
            given = _as_bool(attention_mask, query.device)
            parts.append(given[None] if given.ndim == 2 else given)  # (T, S): for every sample
        if not parts:
            return None
        joined = parts[0]
        for part in parts[1:]:
            joined = joined & part
        if joined.ndim != 3 or joined.shape[1] not in (1, steps) or joined.shape[2] not in (1, sources):
            raise ValueError(
                f"{self._describe()}: the attention mask must broadcast to (N, {steps}, {sources}). "
                f"Received: a mask of shape {tuple(joined.shape)}"
            )
        return joined[:, None]


class Attention(Layer):
    r"""Dot-product attention (Luong), Keras 3's ``Attention``: each query step takes the
    weighted mean of the value steps, weighted by a softmax of its scores against the keys.

    With query \(q\) ``(N, T_q, d)``, value \(v\) ``(N, T_v, d_v)`` and key \(k\) ``(N, T_v,
    d)`` (the value when not given):

    \[
    s_{ij} = \gamma\, q_i \cdot k_j \ \ (\text{"dot"}), \qquad
    s_{ij} = c \sum_{f} \tanh\!\big(\gamma (q_{if} + k_{jf})\big) \ \ (\text{"concat"}),
    \qquad y_i = \sum_j \mathrm{softmax}_j(s_{ij} - 10^9 [\text{j masked}])\, v_j
    \]

    where \(\gamma\) is a learnt scale (``use_scale``; else 1) and \(c\) a learnt weight of the
    concat scores. A query step masked out gets a zero output.

    Args:
        use_scale: whether to learn \(\gamma\) (a scalar, starting at 1; default False).
        score_mode: ``"dot"`` (default) or ``"concat"``.
        dropout: the rate of dropout on the attention weights, in training (default 0).
        seed: an integer makes the dropout masks reproducible.
        **kwargs: `Layer`'s (``name``, ``dtype``, ...), and tf-keras's deprecated ``causal``:
            ``use_causal_mask=True`` at every call (it warns so; Keras 3 has no such argument).

    Shapes:
        ``[query (N, T_q, d), value (N, T_v, d_v)]`` or ``[query, value, key (N, T_v, d)]`` ->
        ``(N, T_q, d_v)``, and with ``return_attention_scores`` the weights ``(N, T_q, T_v)``.
        ``mask=[query_mask (N, T_q), value_mask (N, T_v)]`` (either None), as a functional
        model passes its inputs' masks; ``use_causal_mask`` lets step i see steps up to i. The
        output keeps the query's mask. Weights: ``scale ()`` with ``use_scale``, then
        ``concat_score_weight ()`` for ``"concat"``.

    Example:
        >>> query, value = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
        >>> output, scores = Attention()([query, value], return_attention_scores=True)
        >>> output.shape, scores.shape
        (torch.Size([2, 3, 4]), torch.Size([2, 3, 5]))
    """

    supports_masking = True  # the output keeps the query's mask

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        causal = kwargs.pop("causal", False)  # tf-keras's deprecated argument, Keras 3 has none
        super().__init__(**kwargs)
        if causal:  # tf-keras's warning
            warnings.warn(
                "`causal` argument is deprecated. Please use `use_causal_mask` in call() method to "
                "specify causal masking.",
                UserWarning,
                stacklevel=2,
            )
        self.causal = bool(causal)
        if score_mode not in ("dot", "concat"):
            raise ValueError(f"score_mode must be 'dot' or 'concat'. Received: score_mode={score_mode!r}")
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1). Received: dropout={dropout!r}")
        self.use_scale, self.score_mode = bool(use_scale), score_mode
        self.dropout, self.seed = float(dropout), check_seed(seed)
        self._generator: torch.Generator | None = None

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        if self.causal:  # only then: Keras 3 knows no such argument
            config["causal"] = True
        return config

    def _build(self, shapes: Any) -> None:
        shapes = self._shapes(shapes)
        if self.use_scale:
            self.add_weight("scale", self._scale_shape(shapes), initializer=self._scale_initializer)
        if self.score_mode == "concat":
            self.add_weight("concat_score_weight", (), initializer="ones")

    _scale_initializer = "ones"

    def _scale_shape(self, shapes: list[Shape]) -> tuple[int, ...]:
        return ()

    def _shapes(self, shapes: Any) -> list[Shape]:
        """The query's, value's and key's shapes, checked."""
        if not isinstance(shapes, list) or not shapes or not isinstance(shapes[0], (list, tuple)):
            shapes = [shapes]
        if not 2 <= len(shapes) <= 3:
            raise ValueError(
                f"{self._describe()} is called on a list [query, value] or [query, value, "
                f"key]. Received: {len(shapes)} input(s) of shape(s) {', '.join(map(format_shape, shapes))}"
            )
        shapes = [tuple(shape) for shape in shapes]
        return shapes if len(shapes) == 3 else [*shapes, shapes[1]]

    def compute_output_shape(self, input_shape: Any) -> Shape:
        query, value, _ = self._shapes(input_shape)
        return (*query[:-1], value[-1])

    def compute_mask(self, inputs: Any, mask: Any = None) -> torch.Tensor | None:
        return None if not mask else mask[0]

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if not (kwargs.get("return_attention_scores") and has_symbolic((inputs,), {})):
            return super().__call__(inputs, *args, **kwargs)
        shapes = [tensor.shape for tensor in inputs]
        self.build(shapes)
        query, _, key = self._shapes(shapes)
        scores = (*query[:-1], key[1])
        return record(self, (inputs, *args), kwargs, [self.compute_output_shape(shapes), scores])

    def forward(
        self,
        inputs: Sequence[Any],
        mask: Sequence[Any] | None = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{self._describe()} is called on a list [query, value] or [query, "
                f"value, key]. Received: {type(inputs).__name__}"
            )
        tensors = [self._as_input(x) for x in inputs]
        self._shapes([tuple(x.shape) for x in tensors])  # two or three inputs
        if not self.built:
            self.build([(None, *x.shape[1:]) for x in tensors])
        query, value, key = tensors[0], tensors[1], tensors[-1]  # the key is the value when not given
        query_mask, value_mask = (*mask, None, None)[:2] if mask else (None, None)
        scores = self._scores(query, key)
        allowed = None if value_mask is None else _as_bool(value_mask, scores.device)[:, None, :]
        if use_causal_mask or self.causal:
            steps, sources = scores.shape[-2:]
            causal = torch.ones(steps, sources, dtype=torch.bool, device=scores.device).tril()[None]
            allowed = causal if allowed is None else allowed & causal
        if allowed is not None:
            scores = torch.where(allowed, scores, scores - 1e9)
        weights = torch.softmax(scores, dim=-1)
        training = self.training if training is None else training
        if training and self.dropout > 0.0:
            weights = _dropped(self, weights)
        output = weights @ value
        if query_mask is not None:
            kept = _as_bool(query_mask, output.device)[..., None]
            output = torch.where(kept, output, torch.zeros((), dtype=output.dtype))
        return (output, weights) if return_attention_scores else output

    def _scores(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
        """``(N, T_q, T_v)``."""
        if self.score_mode == "dot":
            scores = query @ key.transpose(-2, -1)
            return scores * self.scale if self.use_scale else scores
        summed = query[:, :, None] + key[:, None]
        if self.use_scale:
            summed = self.scale * summed
        return self.concat_score_weight * torch.tanh(summed).sum(-1)


class AdditiveAttention(Attention):
    r"""Additive attention (Bahdanau), Keras 3's ``AdditiveAttention``: `Attention` with the
    scores

    \[
    s_{ij} = \sum_f \gamma_f \tanh(q_{if} + k_{jf})
    \]

    with \(\gamma\) a learnt vector (``use_scale``, Glorot-uniform at first; else 1).

    Args:
        use_scale: whether to learn \(\gamma\) ``(d,)`` (default True).
        dropout: the rate of dropout on the attention weights, in training (default 0).
        **kwargs: `Attention`'s ``seed`` and `Layer`'s (``name``, ``dtype``, ...).

    Shapes:
        as `Attention`'s; query and key of the same size \(d\). Weights: ``scale (d,)`` with
        ``use_scale``.

    Example:
        >>> query, value = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
        >>> AdditiveAttention()([query, value]).shape
        torch.Size([2, 3, 4])
    """

    _scale_initializer = "glorot_uniform"

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def _scale_shape(self, shapes: list[Shape]) -> tuple[int, ...]:
        query, _, key = shapes
        if query[-1] != key[-1]:
            raise ValueError(
                f"AdditiveAttention '{self.name}': query and key must have the same last size. "
                f"Received: query {format_shape(query)}, key {format_shape(key)}"
            )
        return (query[-1],)

    def _scores(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
        if query.shape[-1] != key.shape[-1]:
            self._scale_shape([tuple(query.shape), None, tuple(key.shape)])  # raises, naming them
        tanh = torch.tanh(query[:, :, None] + key[:, None])
        return (tanh * self.scale if self.use_scale else tanh).sum(-1)


def _copied_initializer(initializer: Any) -> Any:
    """A fresh copy of an initializer object, from its config (Keras's sublayers' own copies);
    a function or a name as it is."""
    if isinstance(initializer, initializers.Initializer):
        return type(initializer).from_config(initializer.get_config())
    return initializer


def _dropped(layer: Attention | MultiHeadAttention, weights: torch.Tensor) -> torch.Tensor:
    """Attention ``weights`` with dropout at the layer's rate (its own generator when seeded)."""
    generator = seeded_generator(layer, weights.device)
    keep = torch.empty_like(weights).bernoulli_(1.0 - layer.dropout, generator=generator)
    return weights * keep / (1.0 - layer.dropout)


def _projected_size(output_shape: Any) -> int | None:
    if output_shape is None:
        return None
    sizes = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
    if len(sizes) != 1 or not isinstance(sizes[0], int) or sizes[0] <= 0:
        raise ValueError(
            f"MultiHeadAttention's output_shape must be one positive size (an int or a 1-tuple) for "
            f"(N, T, F) inputs. Received: output_shape={output_shape!r}"
        )
    return sizes[0]


def _shape_of(x: Any) -> Shape:
    if isinstance(x, SymbolicTensor):
        return x.shape
    return (None, *x.shape[1:])


def _as_bool(mask: Any, device: torch.device) -> torch.Tensor:
    tensor = torch.as_tensor(mask, device=device)
    return tensor if tensor.dtype == torch.bool else tensor > 0.5


__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]
