"""Record Keras 3's ``GroupQueryAttention``: outputs (and scores) for each case, and the small
Transformer encoder of `multi_head_attention.py` with grouped-query attention, trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/grouped_query_attention.py
Writes tests/fixtures/grouped_query_attention/ ``layers.npz``, ``encoder.npz`` and
``encoder.keras``, laid out as `multi_head_attention.py`'s (whose recording code this reuses).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from multi_head_attention import encoder_fixture, layers_fixture

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "grouped_query_attention"


def _heads(query: int, shared: int, size: int = 3, **more: object) -> dict[str, object]:
    return {"head_dim": size, "num_query_heads": query, "num_key_value_heads": shared, **more}


# shapes: query (N, T, F_q), value (N, S, F_v), and key (N, S, F_k) where given
CASES = {
    "grouped": {"arguments": _heads(4, 2), "call": {}, "query": [2, 5, 4]},
    "multi_query_cross_with_key": {"arguments": _heads(3, 1, 2), "call": {}, "query": [2, 4, 6],
                                   "value": [2, 5, 6], "key": [2, 5, 2]},
    "as_many_heads": {"arguments": _heads(2, 2), "call": {}, "query": [2, 4, 3], "value": [2, 6, 3]},
    "scores_masked": {"arguments": _heads(4, 2, 4), "call": {"return_attention_scores": True},
                      "query": [2, 4, 3], "value": [2, 6, 3], "attention_mask": True},
    "fused_masked": {"arguments": _heads(4, 2, 4), "call": {}, "query": [2, 4, 3], "value": [2, 6, 3],
                     "attention_mask": True},
    "causal": {"arguments": _heads(4, 2), "call": {"use_causal_mask": True}, "query": [2, 5, 4]},
    "causal_scores": {"arguments": _heads(2, 1),
                      "call": {"use_causal_mask": True, "return_attention_scores": True}, "query": [2, 5, 4]},
    "value_and_key_masks": {"arguments": _heads(4, 2), "call": {}, "query": [2, 4, 3], "value": [2, 5, 3],
                            "key": [2, 5, 3], "value_mask": True, "key_mask": True},
    "gate_no_bias": {"arguments": _heads(4, 2, use_bias=False, use_gate=True), "call": {},
                     "query": [2, 5, 4]},
    "sliding_window": {"arguments": _heads(4, 2, sliding_window=2), "query": [2, 6, 4],
                       "call": {"use_causal_mask": True, "return_attention_scores": True}},
    "sliding_window_fused": {"arguments": _heads(6, 3, sliding_window=3), "call": {"use_causal_mask": True},
                             "query": [2, 6, 4]},
}  # fmt: skip


def encoder_attention(keras: object) -> object:
    """The encoder's attention: four query heads sharing two key/value heads of 4."""
    return keras.layers.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    layers_fixture(keras, rng, CASES, OUT, kind="GroupQueryAttention")
    encoder_fixture(keras, rng, OUT, lambda: encoder_attention(keras))
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
