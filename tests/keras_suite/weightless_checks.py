"""`check_weightless_layer`: what Keras's ``run_layer_test`` checks, for the layers without
weights (merge, reshaping and activation layers), which may take a list of inputs.

``check_layer`` (layer_checks.py) calls a layer on one tensor; these layers take lists and
have no weights, so Keras's training step becomes a backward pass that must reach every input.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from statefulrnn.layers import Input

from .layer_checks import assert_all_close


def check_weightless_layer(
    layer_cls: type,
    init_kwargs: dict[str, Any],
    *,
    input_shape: Any = None,
    input_data: Any = None,
    expected_output_shape: tuple[int | None, ...] | None = None,
    expected_output: Any = None,
    supports_masking: bool,
) -> None:
    """Build ``layer_cls(**init_kwargs)`` and check, as ``run_layer_test``: the config round
    trip, ``supports_masking``, a symbolic call's output shape, an eager call's output (shape
    or values), no weights, and a backward pass. A list of input shapes (or of arrays) makes a
    list of inputs."""
    several = isinstance(input_shape, list) or isinstance(input_data, list)
    if input_data is None:
        shapes = input_shape if several else [input_shape]
        rng = np.random.default_rng(0)
        arrays = [rng.uniform(size=shape).astype("float32") for shape in shapes]
    else:
        arrays = [np.asarray(a) for a in (input_data if several else [input_data])]

    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    assert layer_cls.from_config(config).get_config() == config
    assert layer.supports_masking == supports_masking

    symbolic = [Input(batch_shape=a.shape) for a in arrays]
    symbolic_output = layer_cls(**init_kwargs)(symbolic if several else symbolic[0])
    if expected_output_shape is not None:
        assert symbolic_output.shape == tuple(expected_output_shape)

    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    output = layer(tensors if several else tensors[0])
    assert layer.built
    if expected_output_shape is not None:
        assert tuple(output.shape) == tuple(expected_output_shape)
    if expected_output is not None:
        assert_all_close(output, expected_output)
    assert not list(layer.parameters())  # Keras: no trainable, no non-trainable weights
    output.sum().backward()
    assert all(t.grad is not None for t in tensors)
