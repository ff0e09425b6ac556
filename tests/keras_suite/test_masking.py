"""Port of ``keras/src/layers/core/masking_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs and expected arrays
unchanged, translated to our API (the model file is our safetensors file).

Changed: test_masking_basics checks what ``run_layer_test`` checks directly rather than with
`check_layer`, whose training step needs a trainable weight (Masking has none; Keras's only
fits). Keras's ``assert_built_after_instantiation`` is not ported: our layers without weights
are built at their first call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from statefulrnn import layers, load_model, models

from .layer_checks import assert_all_close


def test_masking_basics() -> None:
    layer = layers.Masking(mask_value=0.0)
    config = layer.get_config()
    assert layers.Masking.from_config(config).get_config() == config
    assert layer.supports_masking
    output = layer(torch.rand(2, 3, 2))
    assert tuple(output.shape) == (2, 3, 2)
    assert list(layer.parameters()) == [] and layer.losses == []


def test_masking_correctness() -> None:
    x = np.array(
        [
            [[0.0, 0.0], [1.0, 2.0], [0.0, 0.0]],
            [[2.0, 2.0], [0.0, 0.0], [2.0, 1.0]],
        ]
    )
    expected_mask = [[False, True, False], [True, False, True]]

    layer = layers.Masking(mask_value=0.0)
    assert_all_close(layer.compute_mask(x), expected_mask)

    seen = []

    class TestLayer(layers.Layer):
        supports_masking = True

        def forward(self, inputs: Any, mask: Any = None) -> Any:
            assert mask is not None
            assert_all_close(mask, expected_mask)
            seen.append(mask)
            return inputs

    model = models.Sequential(
        [
            layers.Masking(mask_value=0.0),
            TestLayer(),
        ]
    )
    model(x)
    assert seen  # the layer was called, with the mask


def test_masking_with_tensor(tmp_path: Path) -> None:
    model = models.Sequential(
        [
            layers.Masking(mask_value=0.0),
            layers.LSTM(1),
        ]
    )
    x = np.array(
        [
            [[1.0, 2.0], [0.0, 0.0], [0.0, 0.0]],
            [[2.0, 2.0], [2.0, 1.0], [0.0, 0.0]],
        ]
    )
    model(x)
    temp_filepath = tmp_path / "model.safetensors"
    model.save(temp_filepath)
    reload_model = load_model(temp_filepath)
    reload_model(x)
