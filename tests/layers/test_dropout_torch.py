"""Seeded dropout layers draw Keras 3's torch-backend masks, call after call
(tools/keras_fixtures/dropout_torch.py recorded them on Keras 3.15.1)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import layers
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("dropout_torch")
RECORDED = np.load(Path(__file__).resolve().parents[1] / "fixtures" / "dropout_torch" / "layers.npz")
CASES = json.loads(str(RECORDED["spec"]))


def _layer(name: str) -> layers.Layer:
    cls, config, _ = CASES[name]
    if config.get("noise_shape") is not None:
        config = {**config, "noise_shape": tuple(config["noise_shape"])}
    return getattr(layers, cls)(**config)


def test_every_case_was_recorded() -> None:
    assert sorted(CASES) == sorted(SCRIPT.CASES)


@pytest.mark.parametrize("name", sorted(SCRIPT.CASES))
def test_masks_equal_keras_torch_call_after_call(name: str) -> None:
    layer, x = _layer(name), torch.from_numpy(RECORDED[f"{name}_x"])
    for call in range(SCRIPT.CALLS):
        np.testing.assert_array_equal(layer(x, training=True).numpy(), RECORDED[f"{name}_{call}"])


@pytest.mark.parametrize("twin", [copy.deepcopy, lambda layer: pickle.loads(pickle.dumps(layer))])
def test_a_copy_draws_on_from_where_the_layer_stands(twin) -> None:
    layer, x = _layer("dropout"), torch.from_numpy(RECORDED["dropout_x"])
    layer(x, training=True)
    copied = twin(layer)
    np.testing.assert_array_equal(copied(x, training=True).numpy(), RECORDED["dropout_1"])
    np.testing.assert_array_equal(layer(x, training=True).numpy(), RECORDED["dropout_1"])


def test_inference_and_unseeded_layers_leave_the_seeded_draws_alone() -> None:
    layer, x = _layer("dropout"), torch.from_numpy(RECORDED["dropout_x"])
    assert torch.equal(layer(x), x)  # inference draws nothing
    torch.manual_seed(0)
    layers.Dropout(0.5)(x, training=True)  # torch's global generator, not the seeded layer's
    np.testing.assert_array_equal(layer(x, training=True).numpy(), RECORDED["dropout_0"])


def test_a_seed_outside_int32_is_refused_when_made() -> None:
    with pytest.raises(ValueError, match="int32"):
        layers.Dropout(0.5, seed=2**40)
