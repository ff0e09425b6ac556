"""Replaying a recorded attention case (``tools/keras_fixtures/multi_head_attention.py``'s
``layers_fixture``, which `grouped_query_attention.py` reuses) on one of our layers."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from statefulrnn.layers import MultiHeadAttention


def replay_case(layer: MultiHeadAttention, arrays: Any, name: str, call: dict[str, Any]) -> None:
    """Build ``layer`` for case ``name`` of ``arrays`` (a ``layers.npz``), give it the recorded
    weights, call it as Keras was called (``call`` and the recorded masks) and compare the
    output (and scores) with Keras's."""
    query = torch.from_numpy(arrays[f"{name}_query"])
    value = torch.from_numpy(arrays[f"{name}_value"])
    key = torch.from_numpy(arrays[f"{name}_key"]) if f"{name}_key" in arrays.files else None
    call = dict(call)
    for which in ("attention_mask", "value_mask", "key_mask"):
        if f"{name}_{which}" in arrays.files:
            call[which] = torch.from_numpy(arrays[f"{name}_{which}"])
    layer.build(tuple(query.shape), tuple(value.shape), None if key is None else tuple(key.shape))
    count = sum(k.startswith(f"{name}_w") for k in arrays.files)
    layer.set_weights([arrays[f"{name}_w{i}"] for i in range(count)])
    result = layer(query, value, key, **call)
    output, scores = result if call.get("return_attention_scores") else (result, None)
    np.testing.assert_allclose(output.detach().numpy(), arrays[f"{name}_y"], atol=1e-5, rtol=0)
    if scores is not None:
        np.testing.assert_allclose(scores.detach().numpy(), arrays[f"{name}_scores"], atol=1e-6, rtol=0)
